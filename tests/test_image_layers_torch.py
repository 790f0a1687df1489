"""Group, instance and local response normalisation, the padding layers, pixel shuffling,
bicubic interpolation, the 1-d transposed convolution and nn.init.orthogonal_ against PyTorch
(float64, 1e-10): values, gradients, second derivatives (``compare`` of test_conv_torch), layers
with PyTorch's weights, running statistics, reprs and seeded initial weights. Optional: skipped
when torch is not installed."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
from test_conv_torch import TOLERANCE, compare  # noqa: E402  (after the skip)

pytestmark = pytest.mark.usefixtures("both_unfoldings")  # every convolution by rows and by columns

TF = torch.nn.functional


@pytest.mark.parametrize(
    "shape, groups, affine",
    [((2, 6, 5, 4), 3, True), ((1, 4, 7), 1, True), ((3, 4, 3, 3), 4, False), ((2, 6), 2, True)],
)
def test_group_norm(rng, shape, groups, affine):
    if affine:
        shapes = [shape, (shape[1],), (shape[1],)]
        compare(
            lambda x, w, b: F.group_norm(x, groups, w, b, eps=1e-3),
            lambda x, w, b: TF.group_norm(x, groups, w, b, eps=1e-3),
            shapes,
            rng,
        )
    else:
        compare(lambda x: F.group_norm(x, groups), lambda x: TF.group_norm(x, groups), [shape], rng)


@pytest.mark.parametrize("shape", [(2, 3, 5, 4), (1, 2, 7), (3, 2, 3, 2)])
def test_instance_norm(rng, shape):
    shapes = [shape, (shape[1],), (shape[1],)]
    compare(
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b),
        lambda x, w, b: TF.instance_norm(x, weight=w, bias=b),
        shapes,
        rng,
    )
    compare(F.instance_norm, TF.instance_norm, [shape], rng, eps=0.1)


@pytest.mark.parametrize(
    "shape, options",
    [
        ((2, 7, 4, 3), dict(size=3)),
        ((2, 5, 6), dict(size=2, alpha=0.1, beta=0.5, k=2.0)),
        ((1, 4, 3, 3), dict(size=5, alpha=1.0)),  # a window wider than the channels
        ((2, 6, 2, 2, 2), dict(size=4, alpha=0.3)),
    ],
)
def test_local_response_norm(rng, shape, options):
    compare(F.local_response_norm, TF.local_response_norm, [shape], rng, **options)


@pytest.mark.parametrize(
    "shape, factor",
    [((2, 8, 3, 4), 2), ((1, 9, 2, 2), 3), ((2, 3, 4, 2, 3), 2), ((4, 1, 1), 1)],
)
def test_pixel_shuffle_and_unshuffle(rng, shape, factor):
    compare(F.pixel_shuffle, TF.pixel_shuffle, [shape], rng, upscale_factor=factor)
    *lead, c, h, w = shape
    compare(
        F.pixel_unshuffle,
        TF.pixel_unshuffle,
        [(*lead, c, h * factor, w * factor)],
        rng,
        downscale_factor=factor,
    )


@pytest.mark.parametrize(
    "shape, options",
    [
        ((2, 3, 5, 6), dict(scale_factor=2, mode="bicubic")),
        ((2, 2, 5, 6), dict(size=(3, 9), mode="bicubic")),
        ((1, 2, 4, 7), dict(size=(9, 4), mode="bicubic", align_corners=True)),
        ((1, 2, 6, 5), dict(scale_factor=(1.7, 0.6), mode="bicubic")),
        ((1, 1, 3, 3), dict(scale_factor=3, mode="bicubic", align_corners=False)),
        ((1, 1, 1, 4), dict(size=(3, 1), mode="bicubic", align_corners=True)),
    ],
)
def test_bicubic_interpolation(rng, shape, options):
    compare(F.interpolate, TF.interpolate, [shape], rng, **options)


@pytest.mark.parametrize(
    "shapes, options",
    [
        ([(2, 4, 5), (4, 3, 3), (6,)], dict(stride=2, padding=1, output_padding=1, groups=2)),
        ([(1, 2, 4), (2, 3, 2)], dict(dilation=3)),
        ([(2, 3), (2, 2, 4), (2,)], dict(stride=3, padding=2)),  # unbatched
    ],
)
def test_conv_transpose1d(rng, shapes, options):
    compare(F.conv_transpose1d, TF.conv_transpose1d, shapes, rng, **options)


PAD_LAYERS = [
    ("ZeroPad1d", (2,), (2, 3, 5)),
    ("ZeroPad2d", ((1, 0, 2, 3),), (2, 3, 4, 5)),
    ("ConstantPad1d", ((1, -2), 3.5), (3, 6)),
    ("ConstantPad2d", (2, -1.0), (1, 2, 4, 5)),
    ("ReflectionPad1d", ((3, 1),), (2, 3, 5)),
    ("ReflectionPad2d", (2,), (2, 3, 4, 5)),
    ("ReflectionPad2d", ((1, 0, 3, 2),), (3, 4, 5)),
    ("ReplicationPad1d", (4,), (2, 2, 3)),
    ("ReplicationPad2d", ((1, 3, 0, 2),), (2, 2, 3, 4)),
    ("CircularPad1d", ((3, 2),), (1, 2, 4)),
    ("CircularPad2d", (1,), (2, 2, 3, 4)),
]


@pytest.mark.parametrize("name, args, shape", PAD_LAYERS)
def test_padding_layers(rng, name, args, shape):
    ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(ours) == repr(theirs)
    compare(ours, theirs, [shape], rng)


def _same_layer(rng, ours, theirs, shape, steps=1):
    """Our layer loaded with PyTorch's state, run on the same inputs: outputs, input and
    parameter gradients and the state afterwards agree."""
    assert repr(ours) == repr(theirs)
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})
    for _ in range(steps):
        x = rng.standard_normal(shape) * 2 + 1
        mine, tensor = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, expected = ours(mine), theirs(tensor)
        np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
        v = rng.standard_normal(out.shape)
        (out * Tensor(v)).sum().backward()
        (expected * torch.tensor(v)).sum().backward()
        np.testing.assert_allclose(np.asarray(mine.grad), tensor.grad.numpy(), **TOLERANCE)
    mine = dict(ours.named_parameters())
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(np.asarray(mine[name].grad), p.grad.numpy(), **TOLERANCE)
    state = ours.state_dict()
    assert sorted(state) == sorted(theirs.state_dict())
    for name, value in theirs.state_dict().items():
        np.testing.assert_allclose(np.asarray(state[name]), value.numpy(), **TOLERANCE)


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda m: m.GroupNorm(3, 6), (2, 6, 4, 3)),
        (lambda m: m.GroupNorm(2, 4, eps=1e-3, affine=False), (3, 4, 5)),
        (lambda m: m.GroupNorm(1, 4, bias=False), (2, 4, 3, 3)),
        (lambda m: m.InstanceNorm2d(3), (2, 3, 4, 5)),
        (lambda m: m.InstanceNorm2d(3, affine=True), (3, 4, 5)),  # unbatched
        (lambda m: m.InstanceNorm1d(4, affine=True, track_running_stats=True), (2, 4, 6)),
        (lambda m: m.InstanceNorm2d(2, track_running_stats=True, momentum=None), (3, 2, 3, 3)),
        (lambda m: m.InstanceNorm1d(3, momentum=0.3, track_running_stats=True), (3, 5)),  # unbatched
        (lambda m: m.LocalResponseNorm(3, alpha=0.2), (2, 5, 3, 3)),
    ],
)
def test_normalisation_layers(rng, make, shape):
    ours, theirs = make(nn), make(torch.nn).double()
    _same_layer(rng, ours, theirs, shape, steps=2)
    ours.eval(), theirs.eval()
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(ours(Tensor(x))._data, theirs(torch.tensor(x)).detach().numpy(), **TOLERANCE)


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda m: m.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2), (2, 4, 5)),
        (lambda m: m.ConvTranspose1d(2, 3, 4, dilation=2, bias=False), (2, 3)),
        (lambda m: m.PixelShuffle(2), (2, 8, 3, 3)),
        (lambda m: m.PixelUnshuffle(2), (2, 2, 4, 6)),
        (lambda m: m.UpsamplingNearest2d(scale_factor=2), (1, 2, 3, 3)),
        (lambda m: m.UpsamplingBilinear2d(size=(5, 4)), (1, 2, 3, 3)),
        (lambda m: m.Upsample(scale_factor=1.5, mode="bicubic"), (1, 2, 3, 4)),
    ],
)
def test_layers_with_pytorchs_weights(rng, make, shape):
    _same_layer(rng, make(nn), make(torch.nn).double(), shape)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_seeded_init_is_pytorchs(dtype):
    """The same seed gives PyTorch's initial weights: ConvTranspose1d's default init and
    orthogonal_ (tall, wide and square weights) with a gain."""
    before = autograd.get_default_dtype(), torch.get_default_dtype()
    autograd.set_default_dtype(getattr(autograd, dtype))
    torch.set_default_dtype(getattr(torch, dtype))
    try:
        autograd.manual_seed(7), torch.manual_seed(7)
        ours, theirs = nn.ConvTranspose1d(4, 6, 3, groups=2), torch.nn.ConvTranspose1d(4, 6, 3, groups=2)
        for name, p in theirs.named_parameters():
            np.testing.assert_array_equal(dict(ours.named_parameters())[name]._data, p.detach().numpy())
        tolerance = TOLERANCE if dtype == "float64" else dict(rtol=1e-5, atol=1e-6)
        for shape in [(64, 1, 5, 5), (4, 32, 3, 3), (5, 5), (7, 2)]:
            w, t = autograd.empty(*shape), torch.empty(*shape)
            nn.init.orthogonal_(w, nn.init.calculate_gain("relu"))
            torch.nn.init.orthogonal_(t, torch.nn.init.calculate_gain("relu"))
            assert w.dtype == getattr(autograd, dtype)
            np.testing.assert_allclose(w._data, t.numpy(), **tolerance)
    finally:
        autograd.set_default_dtype(before[0])
        torch.set_default_dtype(before[1])


@pytest.mark.parametrize(
    "call",
    [
        lambda F, x: F.pad(x, (1, 2, 2, 1), mode="reflect"),
        lambda F, x: F.pad(x, (2, 1, 1, 2), mode="circular"),
        lambda F, x: F.pad(x, (3, 0, 0, 3), mode="replicate"),
        lambda F, x: F.interpolate(x, scale_factor=2),
        lambda F, x: F.interpolate(x, scale_factor=1.5, mode="bilinear"),
        lambda F, x: F.interpolate(x, size=(5, 7), mode="bicubic"),
    ],
)
def test_nan_and_inf_reach_only_the_outputs_that_read_them(call):
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    x[0, 0, 1, 1], x[0, 0, 2, 3] = np.nan, np.inf
    with np.errstate(invalid="ignore"):  # inf times a weight of 0 makes the NaN PyTorch makes
        ours = call(F, Tensor(x))._data
    theirs = call(TF, torch.tensor(x)).numpy()
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_array_equal(np.isinf(ours), np.isinf(theirs))
    finite = np.isfinite(theirs)
    np.testing.assert_allclose(ours[finite], theirs[finite], **TOLERANCE)


@pytest.mark.parametrize(
    "make, shape, output_size",
    [
        (lambda m: m.ConvTranspose2d(3, 2, 3, stride=2, padding=1), (2, 3, 4, 4), (8, 7)),
        (lambda m: m.ConvTranspose2d(3, 2, 3, stride=3), (2, 3, 2, 3), (2, 2, 7, 11)),  # the whole shape
        (lambda m: m.ConvTranspose1d(3, 2, 4, stride=2), (3, 5), (13,)),  # unbatched
    ],
)
def test_transposed_convolution_output_size(rng, make, shape, output_size):
    ours, theirs = make(nn), make(torch.nn).double()
    ours.load_state_dict({k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()})
    x = rng.standard_normal(shape)
    out = ours(Tensor(x), output_size=output_size)
    expected = theirs(torch.tensor(x), output_size=output_size)
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
