"""Convolutions, pooling, resampling and their layers against PyTorch (float64, 1e-10): values,
gradients, second derivatives, layer reprs, and PyTorch's examples/mnist network trained a few
steps from the same weights. Optional: skipped when torch is not installed."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim
from autograd import Tensor

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.usefixtures("both_unfoldings")  # every convolution by rows and by columns
TF = torch.nn.functional
TOLERANCE = dict(rtol=1e-10, atol=1e-10)


def compare(ours, theirs, shapes, rng, **options):
    """Values, gradients and a Hessian-vector product of f(inputs) . v against torch."""
    arrays = [rng.standard_normal(shape) for shape in shapes]
    mine = [Tensor(a, requires_grad=True) for a in arrays]
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = ours(*mine, **options), theirs(*tensors, **options)
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
    v = rng.standard_normal(expected.shape)
    grads = autograd.grad((out * Tensor(v)).sum(), mine, create_graph=True)
    expected_grads = torch.autograd.grad((expected * torch.tensor(v)).sum(), tensors, create_graph=True)
    u = [rng.standard_normal(a.shape) for a in arrays]
    for g, e in zip(grads, expected_grads):
        np.testing.assert_allclose(g._data, e.detach().numpy(), **TOLERANCE)
    ours_second = _second(autograd, grads, u, mine)
    theirs_second = _second(torch.autograd, expected_grads, u, tensors)
    for s, e in zip(ours_second, theirs_second):  # zeros where a gradient does not depend on x
        np.testing.assert_allclose(s, e, **TOLERANCE)


def _second(library, grads, u, inputs):
    """d/d inputs of sum_i (grad_i . u_i), as arrays (zeros where unused or nothing to differentiate)."""
    zeros = [np.zeros(np.shape(w)) for w in u]
    pairs = [(g, w) for g, w in zip(grads, u) if g.requires_grad]
    if not pairs:
        return zeros
    wrap = Tensor if library is autograd else torch.tensor
    total = sum((g * wrap(w)).sum() for g, w in pairs)
    found = library.grad(total, inputs, allow_unused=True)
    return [
        z if f is None else np.asarray(f._data if isinstance(f, Tensor) else f.detach().numpy())
        for z, f in zip(zeros, found)
    ]


@pytest.mark.parametrize(
    "shapes, options",
    [
        ([(2, 4, 7, 6), (6, 2, 3, 2), (6,)], dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)),
        ([(1, 3, 5, 5), (4, 3, 3, 3)], dict(padding="same", dilation=2)),
        ([(2, 3, 6, 5), (4, 3, 2, 3), (4,)], dict(padding="same")),
        ([(3, 8, 8), (5, 3, 3, 3), (5,)], dict(stride=3, padding="valid")),
        ([(1, 6, 5, 5), (6, 1, 3, 3)], dict(groups=6, padding=1)),
        ([(2, 4, 6, 7), (6, 2, 2, 3), (6,)], dict(padding=(2, 1), dilation=(1, 2), groups=2)),
    ],
)
def test_conv2d(rng, shapes, options):
    compare(F.conv2d, TF.conv2d, shapes, rng, **options)


@pytest.mark.parametrize(
    "shapes, options",
    [
        ([(2, 3, 9), (4, 3, 3), (4,)], dict(stride=2, padding=1)),
        ([(2, 4, 10), (2, 2, 4)], dict(dilation=2, groups=2, padding="same")),
    ],
)
def test_conv1d(rng, shapes, options):
    compare(F.conv1d, TF.conv1d, shapes, rng, **options)


@pytest.mark.parametrize(
    "shapes, options",
    [
        ([(2, 4, 3, 4), (4, 3, 3, 2), (6,)], dict(stride=2, padding=1, output_padding=1, groups=2)),
        ([(1, 2, 3, 3), (2, 3, 2, 2)], dict(stride=(1, 2), dilation=2)),
        ([(2, 5, 4), (2, 3, 3, 3), (3,)], dict(stride=3, padding=(0, 1), output_padding=(2, 0))),
        ([(2, 4, 5, 4), (4, 2, 3, 2), (4,)], dict(padding=(1, 0), dilation=(2, 1), groups=2)),
    ],
)
def test_conv_transpose2d(rng, shapes, options):
    compare(F.conv_transpose2d, TF.conv_transpose2d, shapes, rng, **options)


def test_unfold_and_fold(rng):
    compare(
        F.unfold, TF.unfold, [(2, 3, 5, 6)], rng, kernel_size=(2, 3), stride=2, padding=1, dilation=(2, 1)
    )
    compare(F.fold, TF.fold, [(2, 12, 18)], rng, output_size=(4, 5), kernel_size=2, padding=(0, 1))


POOLS = [
    ("max_pool2d", (2, 3, 7, 6), dict(kernel_size=3, stride=2, padding=1)),
    (
        "max_pool2d",
        (2, 3, 7, 6),
        dict(kernel_size=(3, 2), stride=(2, 1), padding=1, dilation=(2, 1), ceil_mode=True),
    ),
    ("max_pool2d", (3, 8, 8), dict(kernel_size=2)),
    ("max_pool1d", (2, 3, 9), dict(kernel_size=3, stride=2, ceil_mode=True)),
    ("avg_pool2d", (2, 3, 7, 6), dict(kernel_size=3, stride=2, padding=1)),
    (
        "avg_pool2d",
        (2, 3, 7, 6),
        dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    ),
    ("avg_pool2d", (2, 3, 7, 6), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    ("avg_pool2d", (2, 3, 7, 6), dict(kernel_size=2, divisor_override=3)),
    (
        "avg_pool1d",
        (2, 3, 9),
        dict(kernel_size=4, stride=3, padding=2, ceil_mode=True, count_include_pad=False),
    ),
    ("adaptive_avg_pool2d", (2, 3, 7, 6), dict(output_size=(3, 4))),
    ("adaptive_avg_pool2d", (2, 3, 7, 6), dict(output_size=1)),
    ("adaptive_max_pool2d", (2, 3, 7, 6), dict(output_size=(3, 4))),
    ("adaptive_max_pool2d", (3, 7, 6), dict(output_size=(5, None))),
]


@pytest.mark.parametrize("name, shape, options", POOLS)
def test_pooling(rng, name, shape, options):
    compare(getattr(F, name), getattr(TF, name), [shape], rng, **options)


@pytest.mark.parametrize(
    "name, shape, options", [p for p in POOLS if p[0] in ("max_pool2d", "adaptive_max_pool2d")]
)
def test_max_pooling_of_channels_last_memory(rng, name, shape, options):
    """A convolution's channels-last result pools, and differentiates twice, as a row-order one:
    the input here is an (N, H, W, C) leaf seen as (N, C, H, W) on both sides, and also a
    convolution's result (values compared with PyTorch's, return_indices too)."""
    ours_pool, theirs_pool = getattr(F, name), getattr(TF, name)
    dims = tuple(range(len(shape)))
    nhwc = (*dims[:-3], dims[-2], dims[-1], dims[-3])  # C last
    to_nchw = tuple(np.argsort(nhwc))
    compare(
        lambda a, **o: ours_pool(a.permute(*to_nchw), **o),
        lambda a, **o: theirs_pool(a.permute(*to_nchw), **o),
        [tuple(shape[i] for i in nhwc)],
        rng,
        **options,
    )
    x, w = rng.standard_normal((2, 16) + shape[-2:]), rng.standard_normal((16, 16, 3, 3))
    ours = ours_pool(F.conv2d(Tensor(x), Tensor(w), padding=1), **options, return_indices=True)
    theirs = theirs_pool(
        TF.conv2d(torch.tensor(x), torch.tensor(w), padding=1), **options, return_indices=True
    )
    np.testing.assert_allclose(ours[0]._data, theirs[0].numpy(), **TOLERANCE)
    np.testing.assert_array_equal(ours[1]._data, theirs[1].numpy())


@pytest.mark.parametrize(
    "name, options",
    [
        ("max_pool2d", dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
        ("max_pool1d", dict(kernel_size=2, stride=1)),
        ("adaptive_max_pool2d", dict(output_size=(3, 2))),
    ],
)
def test_pooling_indices(rng, name, options):
    x = rng.standard_normal((2, 3, 7, 5) if name != "max_pool1d" else (2, 3, 7))
    x[0, 0, ..., 0] = x[0, 0, ..., 1]  # ties: the first one wins in both
    _, index = getattr(F, name)(Tensor(x), **options, return_indices=True)
    _, expected = getattr(TF, name)(torch.tensor(x), **options, return_indices=True)
    np.testing.assert_array_equal(index._data, expected.numpy())


@pytest.mark.parametrize("options", [dict(kernel_size=2), dict(kernel_size=3, stride=1, padding=1)])
def test_max_pool_nan_and_ties_pick_what_torch_picks(options):
    x = np.array(
        [[[[np.nan, 1.0, 2.0, 2.0], [np.nan, 0.0, 2.0, 1.0], [3.0, np.nan, 4.0, 4.0], [1.0, 5.0, 4.0, 4.0]]]]
    )
    y, index = F.max_pool2d(Tensor(x), **options, return_indices=True)
    expected, expected_index = TF.max_pool2d(torch.tensor(x), **options, return_indices=True)
    np.testing.assert_array_equal(y._data, expected.numpy())  # NaN where torch has NaN
    np.testing.assert_array_equal(index._data, expected_index.numpy())  # the last NaN, the first of ties


@pytest.mark.parametrize(
    "shape, options",
    [
        ((2, 3, 5, 6), dict(scale_factor=2)),
        ((2, 3, 6, 10), dict(size=(10, 6))),
        ((2, 3, 6, 10), dict(scale_factor=(1.7, 0.6))),
        ((2, 3, 6, 10), dict(size=(10, 6), mode="nearest-exact")),
        ((2, 3, 5, 6), dict(scale_factor=2, mode="bilinear")),
        ((2, 3, 5, 6), dict(size=(7, 4), mode="bilinear", align_corners=True)),
        ((2, 3, 5, 6), dict(scale_factor=1.3, mode="bilinear")),
        ((2, 3, 5, 6), dict(scale_factor=1.3, mode="bilinear", recompute_scale_factor=True)),
        ((2, 3, 7), dict(scale_factor=2.5, mode="linear")),
        ((1, 2, 6), dict(size=10)),
    ],
)
def test_interpolate(rng, shape, options):
    compare(F.interpolate, TF.interpolate, [shape], rng, **options)


@pytest.mark.parametrize(
    "shape, pad, options",
    [
        ((2, 3, 5, 6), (1, 2, 0, 3), {}),
        ((2, 3, 5, 6), (1, -2, -1, 3), dict(value=1.5)),
        ((2, 3, 5, 6), (1, 2, 3, 0), dict(mode="reflect")),
        ((2, 3, 5), (4, 2), dict(mode="reflect")),
        ((2, 3, 5, 6), (1, 2, 3, 0), dict(mode="replicate")),
        ((2, 3, 5), (4, 2), dict(mode="replicate")),
        ((2, 3, 5, 6), (1, 2, 3, 0), dict(mode="circular")),
        ((2, 3, 5), (4, 2), dict(mode="circular")),
    ],
)
def test_pad(rng, shape, pad, options):
    compare(lambda x, **o: F.pad(x, pad, **o), lambda x, **o: TF.pad(x, pad, **o), [shape], rng, **options)


def test_layer_reprs_are_pytorchs():
    for ours, theirs in [
        (
            nn.Conv2d(1, 2, 3, padding="same", padding_mode="reflect", bias=False, dilation=2),
            torch.nn.Conv2d(1, 2, 3, padding="same", padding_mode="reflect", bias=False, dilation=2),
        ),
        (nn.Conv1d(4, 2, 3, stride=2, groups=2), torch.nn.Conv1d(4, 2, 3, stride=2, groups=2)),
        (
            nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1, padding=1),
            torch.nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1, padding=1),
        ),
        (nn.MaxPool2d(2), torch.nn.MaxPool2d(2)),
        (
            nn.MaxPool2d((2, 3), stride=1, padding=1, ceil_mode=True),
            torch.nn.MaxPool2d((2, 3), stride=1, padding=1, ceil_mode=True),
        ),
        (nn.MaxPool1d(3), torch.nn.MaxPool1d(3)),
        (nn.AvgPool2d(2), torch.nn.AvgPool2d(2)),
        (nn.AvgPool2d(3, 2, 1), torch.nn.AvgPool2d(3, 2, 1)),
        (nn.AvgPool1d(3), torch.nn.AvgPool1d(3)),
        (nn.AdaptiveAvgPool2d((1, None)), torch.nn.AdaptiveAvgPool2d((1, None))),
        (nn.AdaptiveMaxPool2d(3), torch.nn.AdaptiveMaxPool2d(3)),
        (nn.Upsample(scale_factor=2), torch.nn.Upsample(scale_factor=2)),
        (nn.Upsample(size=(3, 4), mode="bilinear"), torch.nn.Upsample(size=(3, 4), mode="bilinear")),
        (nn.Flatten(), torch.nn.Flatten()),
        (nn.Unflatten(1, (2, 5)), torch.nn.Unflatten(1, (2, 5))),
    ]:
        assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.Conv2d(3, 4, 3, stride=2, padding=1, padding_mode="circular"),
        lambda m: m.Conv2d(3, 6, (2, 3), groups=3, padding="same", padding_mode="replicate"),
        lambda m: m.Conv1d(3, 4, 3, padding=2, padding_mode="reflect"),
        lambda m: m.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1),
    ],
)
def test_conv_layers_with_the_same_weights(rng, make):
    ours, theirs = make(nn), make(torch.nn).double()
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})
    x = rng.standard_normal((2, 3, 7, 6) if "1d" not in type(ours).__name__ else (2, 3, 7))
    mine, tensor = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(mine), theirs(tensor)
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(np.asarray(mine.grad), tensor.grad.numpy(), **TOLERANCE)
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(
            np.asarray(dict(ours.named_parameters())[name].grad), p.grad.numpy(), **TOLERANCE
        )


def test_batchnorm2d_training_and_eval(rng):
    ours, theirs = nn.BatchNorm2d(3), torch.nn.BatchNorm2d(3).double()
    for _ in range(2):
        x = rng.standard_normal((4, 3, 5, 6)) * 2 + 1
        mine, tensor = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(mine), theirs(tensor)
        np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
        (out * out).sum().backward()
        (expected * expected).sum().backward()
        np.testing.assert_allclose(np.asarray(mine.grad), tensor.grad.numpy(), **TOLERANCE)
    np.testing.assert_allclose(ours.running_mean._data, theirs.running_mean.numpy(), **TOLERANCE)
    np.testing.assert_allclose(ours.running_var._data, theirs.running_var.numpy(), **TOLERANCE)
    ours.eval(), theirs.eval()
    x = rng.standard_normal((2, 3, 4, 4))
    np.testing.assert_allclose(ours(Tensor(x))._data, theirs(torch.tensor(x)).detach().numpy(), **TOLERANCE)


class MnistNet:
    """PyTorch's examples/mnist/main.py network, written once for either library."""

    def __init__(self, nn_module, F_module, flatten):
        self.F, self.flatten = F_module, flatten

        class Net(nn_module.Module):
            def __init__(net):
                super().__init__()
                net.conv1 = nn_module.Conv2d(1, 32, 3, 1)
                net.conv2 = nn_module.Conv2d(32, 64, 3, 1)
                net.dropout1 = nn_module.Dropout(0.25)
                net.dropout2 = nn_module.Dropout(0.5)
                net.fc1 = nn_module.Linear(9216, 128)
                net.fc2 = nn_module.Linear(128, 10)

            def forward(net, x):
                x = self.F.relu(net.conv1(x))
                x = self.F.relu(net.conv2(x))
                x = self.F.max_pool2d(x, 2)
                x = net.dropout1(x)
                x = self.flatten(x, 1)
                x = self.F.relu(net.fc1(x))
                x = net.dropout2(x)
                return self.F.log_softmax(net.fc2(x), dim=1)

        self.model = Net()


def test_pytorch_mnist_example_network_trains_like_pytorch(rng):
    """Same initial weights, same synthetic batches: Adadelta(lr=1.0) and StepLR(gamma=0.7) steps
    give the same losses and weights (dropout off: the masks come from different generators)."""
    torch.manual_seed(0)
    theirs = MnistNet(torch.nn, TF, torch.flatten).model.double()
    ours = MnistNet(nn, F, lambda x, start: x.flatten(start)).model
    assert repr(ours) == repr(theirs)
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})
    optimizer = optim.Adadelta(ours.parameters(), lr=1.0)
    their_optimizer = torch.optim.Adadelta(theirs.parameters(), lr=1.0)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.7)
    their_scheduler = torch.optim.lr_scheduler.StepLR(their_optimizer, step_size=1, gamma=0.7)
    ours.eval(), theirs.eval()
    for _ in range(3):
        x, y = rng.standard_normal((4, 1, 28, 28)), rng.integers(0, 10, 4)
        optimizer.zero_grad()
        their_optimizer.zero_grad()
        loss = F.nll_loss(ours(Tensor(x)), y)
        their_loss = TF.nll_loss(theirs(torch.tensor(x)), torch.tensor(y))
        loss.backward()
        their_loss.backward()
        optimizer.step()
        their_optimizer.step()
        scheduler.step()
        their_scheduler.step()
        assert abs(loss.item() - their_loss.item()) < 1e-10
    mine = dict(ours.named_parameters())
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(mine[name]._data, p.detach().numpy(), **TOLERANCE)
