"""Convolutions, pooling, resampling and their layers: first and second derivatives (float64
finite differences), the adjoint identities behind them, layer behaviour, and the errors."""

import math

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

pytestmark = pytest.mark.usefixtures("both_unfoldings")  # every convolution by rows and by columns


def leaf(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


def check_twice(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


# ---- derivatives -------------------------------------------------------------------------

CONV2D_CASES = [  # (input shape, weight shape, options)
    ((2, 2, 5, 5), (3, 2, 3, 3), {}),
    ((1, 2, 6, 5), (2, 2, 3, 2), dict(stride=2, padding=1)),
    ((2, 4, 5, 7), (4, 2, 2, 3), dict(stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2)),
    ((1, 3, 5, 6), (3, 1, 3, 3), dict(groups=3, padding="same")),
    ((1, 2, 6, 6), (2, 2, 2, 2), dict(padding="same", dilation=(1, 2))),  # odd totals: extra after
    ((2, 2, 4, 5), (3, 2, 3, 3), dict(padding="valid", stride=(1, 2))),
    ((1, 1, 3, 3), (2, 1, 3, 3), {}),  # kernel = input
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("x_shape, w_shape, options", CONV2D_CASES)
def test_conv2d_gradients_twice(rng, x_shape, w_shape, options, bias):
    x, w = leaf(rng, *x_shape), leaf(rng, *w_shape)
    if bias:
        check_twice(lambda x, w, b: F.conv2d(x, w, b, **options), x, w, leaf(rng, w_shape[0]))
    else:
        check_twice(lambda x, w: F.conv2d(x, w, **options), x, w)


@pytest.mark.parametrize(
    "options", [{}, dict(stride=2, padding=1), dict(dilation=2, groups=2), dict(padding="same", dilation=2)]
)
def test_conv1d_gradients_twice(rng, options):
    x, w, b = leaf(rng, 2, 4, 9), leaf(rng, 2, 4 // options.get("groups", 1), 3), leaf(rng, 2)
    check_twice(lambda x, w, b: F.conv1d(x, w, b, **options), x, w, b)


@pytest.mark.parametrize(
    "x_shape, w_shape, options",
    [
        ((2, 2, 3, 4), (2, 3, 3, 3), {}),
        ((1, 2, 3, 3), (2, 2, 3, 2), dict(stride=2, padding=1, output_padding=1)),
        ((2, 4, 2, 3), (4, 1, 2, 2), dict(stride=(1, 2), dilation=2, groups=2)),
    ],
)
def test_conv_transpose2d_gradients_twice(rng, x_shape, w_shape, options):
    x, w, b = leaf(rng, *x_shape), leaf(rng, *w_shape), leaf(rng, w_shape[1] * options.get("groups", 1))
    check_twice(lambda x, w, b: F.conv_transpose2d(x, w, b, **options), x, w, b)


def test_unfold_and_fold_gradients_twice(rng):
    x = leaf(rng, 2, 2, 5, 4)
    check_twice(lambda x: F.unfold(x, (2, 3), dilation=(2, 1), padding=1, stride=(1, 2)), x)
    cols = leaf(rng, 1, 2 * 2 * 2, 18)
    check_twice(lambda c: F.fold(c, (4, 5), 2, padding=(0, 1)), cols)


def test_conv_on_a_single_unbatched_sample(rng):
    x, w = leaf(rng, 2, 5, 4), leaf(rng, 3, 2, 2, 2)
    out = F.conv2d(x, w)
    assert out.shape == (3, 4, 3)
    np.testing.assert_allclose(out._data, F.conv2d(x.reshape(1, 2, 5, 4), w)._data[0])
    check_twice(lambda x, w: F.conv2d(x, w), x, w)


POOL_CASES = [
    (F.max_pool2d, (2, 2, 5, 6), dict(kernel_size=2)),
    (F.max_pool2d, (1, 2, 7, 6), dict(kernel_size=3, stride=2, padding=1)),
    (F.max_pool2d, (1, 1, 7, 7), dict(kernel_size=(3, 2), stride=(2, 1), dilation=(2, 1), ceil_mode=True)),
    (F.max_pool1d, (2, 2, 9), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)),
    (F.avg_pool2d, (2, 2, 5, 6), dict(kernel_size=2)),
    (
        F.avg_pool2d,
        (1, 2, 7, 6),
        dict(kernel_size=3, stride=2, padding=1, count_include_pad=False, ceil_mode=True),
    ),
    (F.avg_pool2d, (1, 2, 5, 5), dict(kernel_size=3, stride=1, divisor_override=2)),
    (F.avg_pool1d, (2, 2, 9), dict(kernel_size=4, stride=3, padding=2, ceil_mode=True)),
    (F.adaptive_avg_pool2d, (2, 2, 7, 5), dict(output_size=(3, 2))),
    (F.adaptive_avg_pool2d, (1, 2, 4, 4), dict(output_size=1)),
    (F.adaptive_max_pool2d, (2, 2, 7, 5), dict(output_size=(3, 2))),
    (F.adaptive_max_pool2d, (2, 6, 5), dict(output_size=(4, None))),
]


@pytest.mark.parametrize("pool, shape, options", POOL_CASES)
def test_pool_gradients_twice(rng, pool, shape, options):
    x = Tensor(rng.permutation(math.prod(shape)).reshape(shape) / 7.0, requires_grad=True)  # no ties
    check_twice(lambda x: pool(x, **options), x)


@pytest.mark.parametrize(
    "options",
    [
        dict(scale_factor=2),
        dict(size=(7, 3)),
        dict(size=(5, 4), mode="nearest-exact"),
        dict(scale_factor=(1.5, 0.75), mode="bilinear"),
        dict(size=(4, 6), mode="bilinear", align_corners=True),
    ],
)
def test_interpolate_gradients_twice(rng, options):
    check_twice(lambda x: F.interpolate(x, **options), leaf(rng, 2, 2, 3, 4))


def test_linear_interpolation_of_a_sequence_gradients_twice(rng):
    check_twice(lambda x: F.interpolate(x, scale_factor=2.5, mode="linear"), leaf(rng, 1, 2, 4))


@pytest.mark.parametrize(
    "mode, pads, shape",
    [
        ("constant", (1, 2, 0, 1), (1, 2, 4, 5)),
        ("constant", (-1, 2, 1, -1), (1, 2, 4, 5)),
        ("reflect", (2, 1, 1, 3), (1, 2, 4, 5)),
        ("replicate", (3, 0, 2, 2), (1, 2, 4, 5)),
        ("circular", (1, 4, 0, 2), (2, 4, 5)),
        ("reflect", (3, 2), (1, 2, 5)),
        ("constant", (1, 1), (5,)),
    ],
)
def test_pad_gradients_twice(rng, mode, pads, shape):
    check_twice(lambda x: F.pad(x, pads, mode=mode), leaf(rng, *shape))


# ---- what the derivatives are --------------------------------------------------------------


def test_the_gradient_of_a_convolution_is_a_transposed_convolution_and_a_correlation(rng):
    """dL/dx = conv_transpose2d(dy, w) and dL/dw[o, c] = the correlation of x[:, c] with dy[:, o]."""
    x, w = leaf(rng, 2, 3, 7, 6), leaf(rng, 4, 3, 3, 2)
    dy = rng.standard_normal((2, 4, 4, 7))
    F.conv2d(x, w, stride=(2, 1), padding=1).backward(dy)
    expected_dx = F.conv_transpose2d(
        Tensor(dy), Tensor(w._data), stride=(2, 1), padding=1, output_padding=(0, 0)
    )
    np.testing.assert_allclose(np.asarray(x.grad), expected_dx._data, rtol=1e-12, atol=1e-12)
    x_padded = np.pad(x._data, ((0, 0), (0, 0), (1, 1), (1, 1)))
    expected_dw = np.zeros(w.shape)
    for i in range(3):
        for j in range(2):
            window = x_padded[:, :, i : i + 2 * 4 : 2, j : j + 7]  # (N, C, Ho, Wo) at offset (i, j)
            expected_dw[:, :, i, j] = np.einsum("nopq,ncpq->oc", dy, window)
    np.testing.assert_allclose(np.asarray(w.grad), expected_dw, rtol=1e-12, atol=1e-12)


def test_fold_is_the_adjoint_of_unfold(rng):
    x = rng.standard_normal((2, 3, 6, 5))
    cols = F.unfold(Tensor(x), 3, padding=1, stride=2)
    c = rng.standard_normal(cols.shape)
    back = F.fold(Tensor(c), (6, 5), 3, padding=1, stride=2)
    assert math.isclose(float((cols._data * c).sum()), float((x * back._data).sum()), rel_tol=1e-12)


def test_conv2d_is_a_sum_over_windows(rng):
    """The definition, y[n,o,p,q] = b[o] + sum w[o,c,i,j] x[n,c,p s + i d, q s + j d], by loops."""
    x, w, b = rng.standard_normal((2, 2, 7, 6)), rng.standard_normal((3, 2, 2, 3)), rng.standard_normal(3)
    out = F.conv2d(Tensor(x), Tensor(w), Tensor(b), stride=2, dilation=(2, 1))._data
    expected = np.zeros(out.shape)
    for p in range(out.shape[2]):
        for q in range(out.shape[3]):
            window = x[:, :, 2 * p : 2 * p + 3 : 2, 2 * q : 2 * q + 3]
            expected[:, :, p, q] = np.einsum("ncij,ocij->no", window, w) + b
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


def test_max_pool_sends_each_gradient_to_the_first_maximum_and_adds_overlaps():
    x = Tensor(np.array([[[[1.0, 3.0, 3.0], [0.0, 2.0, 1.0]]]]), requires_grad=True)
    y = F.max_pool2d(x, (2, 2), stride=1)  # windows overlap on the middle column
    np.testing.assert_array_equal(y._data, [[[[3.0, 3.0]]]])
    y.backward(np.array([[[[1.0, 10.0]]]]))
    np.testing.assert_array_equal(np.asarray(x.grad), [[[[0.0, 11.0, 0.0], [0.0, 0.0, 0.0]]]])


def test_max_pool_propagates_nan_and_returns_plane_indices():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x[0, 0, 1, 0] = np.nan
    y, index = F.max_pool2d(Tensor(x), 2, return_indices=True)
    assert np.isnan(y._data[0, 0, 0, 0]) and y._data[0, 0, 1, 1] == 15
    np.testing.assert_array_equal(index._data, [[[[4, 7], [13, 15]]]])
    assert index.dtype == np.int64


def test_avg_pool_divisors():
    x = Tensor(np.ones((1, 1, 3, 3)))
    np.testing.assert_allclose(F.avg_pool2d(x, 2, padding=1)._data, [[[[0.25, 0.5], [0.5, 1.0]]]])
    np.testing.assert_allclose(
        F.avg_pool2d(x, 2, padding=1, count_include_pad=False)._data, np.ones((1, 1, 2, 2))
    )


def test_float32_stays_float32(rng):
    x = Tensor(rng.standard_normal((2, 3, 8, 8)).astype(np.float32), requires_grad=True)
    model = nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.AvgPool2d(2),
        nn.Upsample(scale_factor=2, mode="bilinear"),
        nn.ConvTranspose2d(4, 2, 2, stride=2),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
    ).float()
    out = model(x)
    assert out.dtype == np.float32 and out.shape == (2, 2)
    out.sum().backward()
    assert x.grad.dtype == np.float32
    assert all(p.grad.dtype == np.float32 for p in model.parameters())


def test_no_graph_without_grad(rng):
    conv = nn.Conv2d(2, 3, 3)
    with autograd.no_grad():
        out = conv(rng.standard_normal((1, 2, 5, 5)))
    assert out.grad_fn is None and not out.requires_grad


# ---- layers ------------------------------------------------------------------------------


def test_conv_layers_parameter_shapes_and_default_init_bounds(rng):
    for layer, weight_shape, bias_shape, fan_in in [
        (nn.Conv2d(4, 6, (3, 2), groups=2), (6, 2, 3, 2), (6,), 12),
        (nn.Conv1d(3, 5, 4), (5, 3, 4), (5,), 12),
        (nn.ConvTranspose2d(4, 6, 3, groups=2), (4, 3, 3, 3), (6,), 27),
    ]:
        assert layer.weight.shape == weight_shape and layer.bias.shape == bias_shape
        bound = 1 / math.sqrt(fan_in)
        assert np.abs(layer.weight._data).max() <= bound and np.abs(layer.bias._data).max() <= bound
        assert np.abs(layer.weight._data).max() > 0.5 * bound  # uniform, not tiny
    assert nn.Conv2d(2, 3, 3, bias=False).bias is None
    assert [name for name, _ in nn.Conv2d(2, 3, 3).named_parameters()] == ["weight", "bias"]


def test_conv_layer_output_shapes(rng):
    x = rng.standard_normal((2, 3, 9, 8))
    assert nn.Conv2d(3, 5, 3, stride=2, padding=1)(x).shape == (2, 5, 5, 4)
    assert nn.Conv2d(3, 5, (3, 1), padding="same")(x).shape == (2, 5, 9, 8)
    assert nn.Conv2d(3, 5, 3, padding=1, padding_mode="reflect")(x).shape == (2, 5, 9, 8)
    assert nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)(x).shape == (2, 2, 18, 16)
    assert nn.Conv1d(3, 4, 3, dilation=2)(x[:, :, 0]).shape == (2, 4, 4)
    assert nn.Conv2d(3, 5, 3)(x[0]).shape == (5, 7, 6)


def test_padding_modes_pad_first_then_convolve(rng):
    x = Tensor(rng.standard_normal((1, 2, 5, 6)))
    for mode in ("reflect", "replicate", "circular"):
        conv = nn.Conv2d(2, 3, 3, padding=(1, 2), padding_mode=mode)
        expected = F.conv2d(F.pad(x, (2, 2, 1, 1), mode=mode), conv.weight, conv.bias)
        np.testing.assert_allclose(conv(x)._data, expected._data)


def test_batchnorm2d_normalises_each_channel_over_batch_and_space(rng):
    x = rng.standard_normal((4, 3, 5, 6)) * 3 + 2
    bn = nn.BatchNorm2d(3)
    out = bn(Tensor(x))._data
    mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    np.testing.assert_allclose(
        out, (x - mean[:, None, None]) / np.sqrt(var[:, None, None] + 1e-5), rtol=1e-10
    )
    np.testing.assert_allclose(bn.running_mean._data, 0.1 * mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var._data, 0.9 + 0.1 * x.var(axis=(0, 2, 3), ddof=1), rtol=1e-12)
    bn.eval()
    expected = (x - bn.running_mean._data[:, None, None]) / np.sqrt(
        bn.running_var._data[:, None, None] + 1e-5
    )
    np.testing.assert_allclose(bn(Tensor(x))._data, expected, rtol=1e-12)


def test_batchnorm2d_gradients_twice(rng):
    bn = nn.BatchNorm2d(2).double()
    check_twice(
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        leaf(rng, 3, 2, 2, 2),
        bn.weight,
        bn.bias,
    )


def test_dropout2d_zeroes_whole_channels(rng):
    autograd.manual_seed(0)
    x = Tensor(np.ones((8, 16, 3, 3)))
    out = nn.Dropout2d(0.5)(x)._data
    per_channel = out.reshape(8, 16, 9)
    assert set(np.unique(per_channel)) == {0.0, 2.0}
    assert (per_channel.min(axis=2) == per_channel.max(axis=2)).all()  # all or nothing per channel
    assert 0.25 < (per_channel[:, :, 0] == 0).mean() < 0.75
    layer = nn.Dropout2d(0.5).eval()
    assert layer(x) is x


@pytest.mark.parametrize("name", ["dropout1d", "dropout2d", "dropout3d"])
def test_channel_dropouts_gradients_twice(rng, name):
    """Each dropout is the input times a constant mask; reseeding before every call keeps the mask."""
    shape = {"dropout1d": (3, 4, 5), "dropout2d": (2, 3, 4, 2), "dropout3d": (2, 3, 2, 2, 2)}[name]

    def drop(x):
        autograd.manual_seed(0)
        return getattr(F, name)(x, 0.4)

    check_twice(drop, leaf(rng, *shape))


def test_dropout2d_of_a_2d_input_warns_and_drops_elements():
    """PyTorch's dropout2d gives a 2-D (N, C) input feature dropout, i.e. element-wise, with a warning."""
    x = Tensor(np.ones((16, 50)))
    autograd.manual_seed(0)
    with pytest.warns(UserWarning, match="dropout2d: received a 2-D input"):
        out = F.dropout2d(x, 0.5)._data
    assert (out.min(axis=1) == 0).all() and (out.max(axis=1) == 2).all()  # each row mixes both
    with pytest.warns(UserWarning, match="3-D input, taken as \\(N, C, L\\)"):
        F.dropout2d(Tensor(np.ones((2, 3, 4))), 0.5)


@pytest.mark.filterwarnings("ignore:dropout")
def test_dropout_p_one_zeroes_everything():
    x = Tensor(np.ones((2, 3, 4)), requires_grad=True)
    for layer in (nn.Dropout(1.0), nn.Dropout1d(1.0), nn.Dropout2d(1.0), nn.Dropout3d(1.0)):
        assert not layer(x)._data.any()
    assert layer.eval()(x) is x


def test_flatten_and_unflatten(rng):
    x = Tensor(rng.standard_normal((2, 3, 4, 5)), requires_grad=True)
    flat = nn.Flatten()(x)
    assert flat.shape == (2, 60)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    back = nn.Unflatten(1, (3, 4, 5))(flat)
    np.testing.assert_array_equal(back._data, x._data)
    assert nn.Unflatten(-1, (2, -1))(flat).shape == (2, 2, 30)
    back.sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), np.ones(x.shape))


def test_upsample_and_adaptive_pool_layers(rng):
    x = rng.standard_normal((1, 2, 3, 4))
    assert nn.Upsample(scale_factor=2)(x).shape == (1, 2, 6, 8)
    assert nn.Upsample(size=(5, 5), mode="bilinear")(x).shape == (1, 2, 5, 5)
    np.testing.assert_allclose(nn.AdaptiveAvgPool2d(1)(x)._data[..., 0, 0], x.mean(axis=(2, 3)), rtol=1e-12)
    np.testing.assert_allclose(nn.AdaptiveMaxPool2d((1, 1))(x)._data[..., 0, 0], x.max(axis=(2, 3)))


def test_a_small_convnet_learns(rng):
    """LeNet-like on two classes of 8x8 images (a bright top half or a bright bottom half)."""
    autograd.manual_seed(0)
    labels = rng.integers(0, 2, 64)
    images = rng.standard_normal((64, 1, 8, 8)) * 0.5
    images[labels == 0, :, :4] += 1
    images[labels == 1, :, 4:] += 1
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(8, 2),
    )
    import optim

    optimizer = optim.Adam(model.parameters(), lr=0.02)
    for _ in range(60):
        loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    accuracy = (model(images)._data.argmax(axis=1) == labels).mean()
    assert accuracy > 0.95


# ---- errors ------------------------------------------------------------------------------

ERRORS = [  # (call, error, words the message must contain)
    (
        lambda: F.conv2d(np.zeros((2, 3, 4, 4)), np.zeros((4, 2, 3, 3))),
        ValueError,
        ["conv2d: expected input with 2 channels", "got 3 channels", "(2, 3, 4, 4)"],
    ),
    (
        lambda: F.conv2d(np.zeros((3, 5, 5)), np.zeros((4, 2, 3, 3))),
        ValueError,
        ["expected input with 2 channels"],
    ),
    (
        lambda: F.conv2d(np.zeros((2, 2, 5, 5, 1)), np.zeros((4, 2, 3, 3))),
        ValueError,
        ["(N, C, H, W)", "5 dimensions"],
    ),
    (lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3))), ValueError, ["weight", "4 dimensions"]),
    (
        lambda: F.conv2d(np.zeros((1, 2, 2, 5)), np.zeros((4, 2, 3, 3))),
        ValueError,
        ["larger than the padded input", "2 x 5"],
    ),
    (lambda: F.conv2d(np.zeros((1, 2, 2, 5)), np.zeros((4, 2, 3, 3)), padding=1), None, []),
    (
        lambda: F.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((3, 2, 3, 3)), groups=2),
        ValueError,
        ["groups=2", "out_channels"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), stride=0),
        ValueError,
        ["stride", "positive"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), stride=(1, -1)),
        ValueError,
        ["stride"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), padding=-1),
        ValueError,
        ["padding", "at least 0"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), padding="full"),
        ValueError,
        ["'valid' or 'same'"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), padding="same", stride=2),
        ValueError,
        ["strided"],
    ),
    (lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), dilation=0), ValueError, ["dilation"]),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), stride=1.5),
        TypeError,
        ["stride", "int"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 2, 3, 3)), np.zeros(3)),
        ValueError,
        ["bias", "(4,)"],
    ),
    (lambda: F.conv1d(np.zeros((1, 2, 2)), np.zeros((4, 2, 3))), ValueError, ["conv1d", "larger"]),
    (
        lambda: F.conv_transpose2d(np.zeros((1, 3, 4, 4)), np.zeros((2, 2, 3, 3))),
        ValueError,
        ["2 channels", "got 3"],
    ),
    (
        lambda: F.conv_transpose2d(
            np.zeros((1, 2, 4, 4)), np.zeros((2, 2, 3, 3)), stride=2, output_padding=2
        ),
        ValueError,
        ["output_padding", "smaller than the stride"],
    ),
    (
        lambda: F.conv_transpose2d(np.zeros((1, 2, 1, 1)), np.zeros((2, 2, 1, 1)), padding=1),
        ValueError,
        ["not positive"],
    ),
    (
        lambda: nn.Conv2d(3, 8, 3)(np.zeros((1, 4, 8, 8))),
        ValueError,
        ["Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1))", "expected input with 3 channels, got 4"],
    ),
    (lambda: nn.Conv1d(3, 8, 3)(np.zeros((1, 3, 8, 8))), ValueError, ["Conv1d(3, 8", "(N, C, L)"]),
    (
        lambda: nn.Conv2d(3, 8, 5)(np.zeros((1, 3, 4, 4))),
        ValueError,
        ["Conv2d(3, 8, kernel_size=(5, 5)", "larger"],
    ),
    (
        lambda: nn.ConvTranspose2d(3, 8, 3)(np.zeros((1, 2, 4, 4))),
        ValueError,
        ["ConvTranspose2d(3, 8", "3 channels"],
    ),
    (
        lambda: F.conv2d(np.zeros((1, 3, 4, 4), np.float32), np.zeros((2, 3, 3, 3))),
        TypeError,
        ["conv2d", "input float32, weight float64"],
    ),
    (lambda: F.conv2d(np.zeros((1, 3, 4, 4)), np.zeros((2, 3, 3, 3))), None, []),
    (
        lambda: F.conv1d(np.zeros((1, 3, 4)), np.zeros((2, 3, 3)), np.zeros(2, np.float32)),
        TypeError,
        ["conv1d", "bias float32"],
    ),
    (
        lambda: F.conv_transpose2d(np.zeros((1, 3, 4, 4), np.int64), np.zeros((3, 2, 3, 3), np.int64)),
        TypeError,
        ["floating dtype", "input int64"],
    ),
    (lambda: nn.Conv2d(3, 8, 3, groups=2), ValueError, ["groups=2", "in_channels (3)"]),
    (lambda: nn.Conv2d(3, 8, 0), ValueError, ["kernel_size", "positive"]),
    (lambda: nn.Conv2d(3, 8, 3, padding_mode="mirror"), ValueError, ["padding_mode"]),
    (lambda: nn.ConvTranspose2d(3, 8, 3, padding_mode="reflect"), ValueError, ["padding_mode", "'zeros'"]),
    (lambda: F.max_pool2d(np.zeros((1, 1, 4, 4)), 2, padding=2), ValueError, ["padding", "half"]),
    (lambda: F.max_pool2d(np.zeros((1, 1, 2, 2)), 3), ValueError, ["kernel_size (3, 3)", "larger"]),
    (lambda: F.max_pool2d(np.zeros((4, 4)), 2), ValueError, ["(N, C, H, W) or (C, H, W)"]),
    (lambda: F.max_pool2d(np.zeros((1, 1, 4, 4)), 2, stride=0), ValueError, ["stride"]),
    (lambda: nn.MaxPool2d(3)(np.zeros((1, 1, 2, 2))), ValueError, ["MaxPool2d(kernel_size=3"]),
    (lambda: F.avg_pool2d(np.zeros((1, 1, 4, 4)), 2, divisor_override=0), ValueError, ["divisor_override"]),
    (lambda: F.adaptive_avg_pool2d(np.zeros((1, 1, 4, 4)), 0), ValueError, ["output_size"]),
    (lambda: F.interpolate(np.zeros((1, 1, 4, 4)), size=3, scale_factor=2), ValueError, ["exactly one"]),
    (
        lambda: F.interpolate(np.zeros((1, 1, 4, 4)), scale_factor=2, mode="linear"),
        ValueError,
        ["'bilinear'"],
    ),
    (
        lambda: F.interpolate(np.zeros((1, 1, 4, 4)), scale_factor=2, align_corners=True),
        ValueError,
        ["align_corners"],
    ),
    (lambda: F.interpolate(np.zeros((1, 1, 4, 4)), scale_factor=-1.0), ValueError, ["scale_factor"]),
    (lambda: F.pad(np.zeros((1, 1, 4, 4)), (1, 2, 3)), ValueError, ["even number"]),
    (lambda: F.pad(np.zeros((1, 1, 4)), (4, 0), mode="reflect"), ValueError, ["0 to 3", "size 4"]),
    (lambda: F.pad(np.zeros((1, 1, 4, 4)), (1, 0), mode="reflect"), ValueError, ["trailing dimensions"]),
    (lambda: F.pad(np.zeros((1, 1, 4, 4)), (1, 1), mode="wrap"), ValueError, ["mode"]),
    (lambda: F.pad(np.zeros((1, 1, 4, 4)), (-3, -2)), ValueError, ["crops more"]),
    (lambda: F.unfold(np.zeros((1, 4)), 2), ValueError, ["(N, C, H, W)"]),
    (lambda: F.fold(np.zeros((1, 4, 5)), (3, 3), 2), ValueError, ["(N, C * 2 * 2, 4)"]),
    (lambda: F.dropout2d(np.zeros(3), 0.5), RuntimeError, ["dropout2d", "at least 2 dimensions", "(3,)"]),
    (lambda: F.dropout1d(np.zeros((2, 3, 4, 5)), 0.5), RuntimeError, ["dropout1d", "(2, 3, 4, 5)"]),
    (lambda: F.dropout3d(np.zeros(()), 0.5), RuntimeError, ["dropout3d", "at least 2 dimensions"]),
    (lambda: F.dropout1d(np.zeros((2, 3)), 1.5), ValueError, ["dropout1d", "[0, 1]", "1.5"]),
    (lambda: nn.Dropout2d(1.5), ValueError, ["Dropout2d", "p"]),
    (
        lambda: nn.BatchNorm2d(3)(np.zeros((2, 3, 4))),
        ValueError,
        ["BatchNorm2d(num_features=3)", "(N, 3, H, W)"],
    ),
    (lambda: nn.Unflatten(1, (3, 3))(np.zeros((2, 10))), ValueError, ["cannot split", "size 10"]),
]


@pytest.mark.parametrize("call, error, words", ERRORS)
def test_errors_name_the_argument_and_the_shapes(call, error, words):
    if error is None:  # the same call made valid: the check is not too strict
        call()
        return
    with pytest.raises(error) as raised:
        call()
    for word in words:
        assert word in str(raised.value)
