"""Group, instance and local response normalisation, the padding layers, pixel shuffling,
bicubic interpolation and the 1-d transposed convolution: first and second derivatives (float64
finite differences, odd sizes, batches of 1), what they compute, layer behaviour, and the errors."""

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


@pytest.mark.parametrize("shape, groups", [((2, 6, 3, 2), 3), ((1, 4, 5), 1), ((1, 3, 3, 3), 3), ((3, 4), 2)])
def test_group_norm_gradients_twice(rng, shape, groups):
    c = shape[1]
    check_twice(lambda x, w, b: F.group_norm(x, groups, w, b), leaf(rng, *shape), leaf(rng, c), leaf(rng, c))


@pytest.mark.parametrize("shape", [(2, 3, 3, 2), (1, 2, 5), (1, 1, 3, 3)])
def test_instance_norm_gradients_twice(rng, shape):
    c = shape[1]
    check_twice(
        lambda x, w, b: F.instance_norm(x, weight=w, bias=b), leaf(rng, *shape), leaf(rng, c), leaf(rng, c)
    )
    mean, var = rng.standard_normal(c), rng.random(c) + 0.5
    check_twice(lambda x: F.instance_norm(x, mean, var, use_input_stats=False), leaf(rng, *shape))


@pytest.mark.parametrize(
    "shape, options",
    [
        ((2, 5, 3, 2), dict(size=3)),
        ((1, 4, 5), dict(size=2, alpha=0.5, beta=0.6, k=1.5)),
        ((1, 3, 2), dict(size=6)),
    ],
)
def test_local_response_norm_gradients_twice(rng, shape, options):
    check_twice(lambda x: F.local_response_norm(x, **options), leaf(rng, *shape))


def test_pixel_shuffle_gradients_twice(rng):
    check_twice(lambda x: F.pixel_shuffle(x, 2), leaf(rng, 1, 8, 3, 1))
    check_twice(lambda x: F.pixel_unshuffle(x, 3), leaf(rng, 2, 1, 3, 6))


@pytest.mark.parametrize(
    "options",
    [
        dict(scale_factor=2, mode="bicubic"),
        dict(size=(5, 2), mode="bicubic"),
        dict(size=(4, 7), mode="bicubic", align_corners=True),
    ],
)
def test_bicubic_gradients_twice(rng, options):
    check_twice(lambda x: F.interpolate(x, **options), leaf(rng, 1, 2, 3, 4))


@pytest.mark.parametrize(
    "x_shape, w_shape, options",
    [
        ((2, 2, 5), (2, 3, 3), {}),
        ((1, 4, 3), (4, 1, 2), dict(stride=2, padding=1, output_padding=1, groups=2, dilation=2)),
        ((2, 5), (2, 2, 3), dict(stride=3)),  # unbatched
    ],
)
def test_conv_transpose1d_gradients_twice(rng, x_shape, w_shape, options):
    b = leaf(rng, w_shape[1] * options.get("groups", 1))
    check_twice(
        lambda x, w, b: F.conv_transpose1d(x, w, b, **options), leaf(rng, *x_shape), leaf(rng, *w_shape), b
    )


# ---- what they compute ---------------------------------------------------------------------


def test_group_norm_is_layer_norm_with_one_group_and_instance_norm_with_one_channel_each(rng):
    x = rng.standard_normal((2, 4, 3, 5))
    np.testing.assert_allclose(F.group_norm(x, 1)._data, F.layer_norm(x, (4, 3, 5))._data, atol=1e-12)
    np.testing.assert_allclose(F.group_norm(x, 4)._data, F.instance_norm(Tensor(x))._data, atol=1e-12)
    per_sample = (x - x.mean(axis=(2, 3), keepdims=True)) / np.sqrt(x.var(axis=(2, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(F.instance_norm(Tensor(x))._data, per_sample, atol=1e-12)


def test_local_response_norm_sums_the_squares_of_neighbouring_channels(rng):
    x = rng.standard_normal((1, 5, 2))
    size, alpha, beta, k = 3, 0.4, 0.7, 1.5
    squares = np.pad(x**2, ((0, 0), (1, 1), (0, 0)))
    window = sum(squares[:, i : i + 5] for i in range(size))
    expected = x / (k + alpha / size * window) ** beta
    np.testing.assert_allclose(F.local_response_norm(x, size, alpha, beta, k)._data, expected, atol=1e-12)


def test_pixel_unshuffle_undoes_pixel_shuffle(rng):
    x = rng.standard_normal((2, 12, 3, 2))
    y = F.pixel_shuffle(x, 2)
    assert y.shape == (2, 3, 6, 4)
    assert (
        y._data[1, 2, 3, 1] == x[1, 2 * 4 + 1 * 2 + 1, 1, 0]
    )  # y[c, h r + i, w r + j] = x[c r^2 + i r + j, h, w]
    np.testing.assert_array_equal(F.pixel_unshuffle(y, 2)._data, x)


def test_bicubic_keeps_a_linear_ramp_inside_and_the_size_when_unchanged(rng):
    ramp = np.tile(np.arange(8.0), (1, 1, 3, 1))
    y = F.interpolate(ramp, size=(3, 15), mode="bicubic", align_corners=True)._data
    inside = slice(2, -2)  # cubic convolution reproduces lines where no tap is clamped to the edge
    np.testing.assert_allclose(y[0, 0, 0, inside], (np.arange(15) / 2)[inside], atol=1e-12)
    x = rng.standard_normal((1, 2, 4, 5))
    np.testing.assert_allclose(F.interpolate(x, size=(4, 5), mode="bicubic")._data, x, atol=1e-15)


def test_conv_transpose1d_is_conv_transpose2d_with_a_height_of_one(rng):
    x, w, b = rng.standard_normal((2, 4, 5)), rng.standard_normal((4, 3, 3)), rng.standard_normal(6)
    flat = F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1, groups=2)
    tall = F.conv_transpose2d(
        x[:, :, None], w[:, :, None], b, stride=(1, 2), padding=(0, 1), output_padding=(0, 1), groups=2
    )
    np.testing.assert_allclose(flat._data, tall._data[:, :, 0], atol=1e-12)


def test_instance_norm_running_statistics(rng):
    layer = nn.InstanceNorm2d(2, track_running_stats=True, momentum=0.5)
    x = rng.standard_normal((3, 2, 4, 4)) * 3 + 2
    layer(Tensor(x))
    mean = x.mean(axis=(2, 3)).mean(axis=0)
    var = x.var(axis=(2, 3), ddof=1).mean(axis=0)
    np.testing.assert_allclose(layer.running_mean._data, 0.5 * mean, atol=1e-12)
    np.testing.assert_allclose(layer.running_var._data, 0.5 + 0.5 * var, atol=1e-12)
    assert layer.num_batches_tracked.item() == 0  # as PyTorch: not counted
    layer.eval()
    expected = (x - layer.running_mean._data[:, None, None]) / np.sqrt(
        layer.running_var._data[:, None, None] + 1e-5
    )
    np.testing.assert_allclose(layer(Tensor(x))._data, expected, atol=1e-12)
    plain = nn.InstanceNorm2d(2)  # no running statistics: eval computes as training
    plain.eval()
    np.testing.assert_allclose(plain(Tensor(x))._data, F.instance_norm(Tensor(x))._data)
    assert dict(plain.named_parameters()) == {} and plain.state_dict() == {}


def test_normalisation_layers_parameters(rng):
    layer = nn.GroupNorm(2, 4)
    assert [name for name, _ in layer.named_parameters()] == ["weight", "bias"]
    np.testing.assert_array_equal(layer.weight._data, np.ones(4))
    np.testing.assert_array_equal(layer.bias._data, np.zeros(4))
    assert nn.GroupNorm(2, 4, affine=False).weight is None
    assert sorted(nn.InstanceNorm1d(3, affine=True, track_running_stats=True).state_dict()) == [
        "bias",
        "num_batches_tracked",
        "running_mean",
        "running_var",
        "weight",
    ]


def test_float32_stays_float32(rng):
    x = Tensor(rng.standard_normal((1, 4, 4, 4)).astype(np.float32))
    for out in [
        F.group_norm(x, 2),
        F.instance_norm(x),
        F.local_response_norm(x, 3),
        F.pixel_shuffle(x, 2),
        F.interpolate(x, scale_factor=2, mode="bicubic"),
        nn.ReflectionPad2d(1)(x),
    ]:
        assert out.dtype == np.float32


def test_padding_layers_pad_as_pad(rng):
    x = rng.standard_normal((1, 2, 4, 5))
    for layer, mode in [
        (nn.ReflectionPad2d((1, 2, 3, 0)), "reflect"),
        (nn.ReplicationPad2d((1, 2, 3, 0)), "replicate"),
        (nn.CircularPad2d((1, 2, 3, 0)), "circular"),
        (nn.ZeroPad2d((1, 2, 3, 0)), "constant"),
    ]:
        np.testing.assert_array_equal(layer(x)._data, F.pad(x, (1, 2, 3, 0), mode=mode)._data)
    np.testing.assert_array_equal(nn.ConstantPad1d(2, 7.0)(x[0, 0])._data[:, :2], 7.0)
    np.testing.assert_array_equal(nn.ReflectionPad1d(2)(x[0])._data[:, :, 0], x[0, :, :, 2])


def test_a_small_fully_convolutional_network_learns(rng):
    """ReflectionPad2d + Conv2d + InstanceNorm2d(affine) + GroupNorm + PixelShuffle fit a fixed
    target: the loss falls."""
    import optim

    autograd.manual_seed(0)
    model = nn.Sequential(
        nn.ReflectionPad2d(1),
        nn.Conv2d(1, 8, 3),
        nn.InstanceNorm2d(8, affine=True),
        nn.ReLU(),
        nn.Conv2d(8, 4, 3, padding=1, padding_mode="replicate"),
        nn.GroupNorm(2, 4),
        nn.PixelShuffle(2),
    )
    x, target = Tensor(rng.standard_normal((2, 1, 5, 5))), Tensor(rng.standard_normal((2, 1, 10, 10)))
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


# ---- errors --------------------------------------------------------------------------------

ERRORS = [  # (call, error, words in the message); error None: a valid neighbour of a failing call
    (lambda: F.group_norm(np.zeros((2, 6, 3)), 4), ValueError, ["num_groups=4", "6", "(2, 6, 3)"]),
    (lambda: F.group_norm(np.zeros((2, 6, 3)), 3), None, []),
    (lambda: F.group_norm(np.zeros(6), 3), ValueError, ["(N, C, ...)", "(6,)"]),
    (lambda: F.group_norm(np.zeros((2, 6)), 0), ValueError, ["num_groups", "positive"]),
    (lambda: F.group_norm(np.zeros((1, 3)), 3), ValueError, ["more than 1 value", "(1, 3)"]),
    (
        lambda: F.group_norm(np.zeros((2, 4)), 2, np.ones(3)),
        ValueError,
        ["group_norm", "weight", "(4,)", "(3,)"],
    ),
    (lambda: nn.GroupNorm(4, 6), ValueError, ["num_channels (6)", "num_groups (4)"]),
    (
        lambda: nn.GroupNorm(2, 6)(np.zeros((2, 4, 3))),
        ValueError,
        ["GroupNorm(2, 6", "(N, 6, ...)", "(2, 4, 3)"],
    ),
    (lambda: F.instance_norm(np.zeros((2, 3))), ValueError, ["instance_norm", "(N, C, ...)", "(2, 3)"]),
    (
        lambda: F.instance_norm(np.zeros((2, 3, 1, 1))),
        ValueError,
        ["more than 1 spatial element", "(2, 3, 1, 1)"],
    ),
    (
        lambda: F.instance_norm(np.zeros((2, 3, 4)), use_input_stats=False),
        ValueError,
        ["running_mean", "(3,)", "None"],
    ),
    (
        lambda: F.instance_norm(np.zeros((2, 3, 4)), np.zeros(2), np.ones(2)),
        ValueError,
        ["running_mean", "(3,)", "(2,)"],
    ),
    (lambda: nn.InstanceNorm2d(3)(np.zeros((2, 3, 4))), None, []),  # unbatched (C, H, W)
    (lambda: nn.InstanceNorm2d(3)(np.zeros((3, 4))), ValueError, ["InstanceNorm2d", "3-d", "4-d", "(3, 4)"]),
    (
        lambda: nn.InstanceNorm1d(3, affine=True)(np.zeros((2, 4, 5))),
        ValueError,
        ["InstanceNorm1d(num_features=3)", "3 channels", "(2, 4, 5)"],
    ),
    (lambda: nn.InstanceNorm1d(3)(np.zeros((2, 4, 5))), None, []),  # affine=False: any channel count
    (lambda: F.local_response_norm(np.zeros((2, 3)), 2), ValueError, ["local_response_norm", "(2, 3)"]),
    (lambda: F.local_response_norm(np.zeros((2, 3, 4)), 0), ValueError, ["size", "positive"]),
    (lambda: F.local_response_norm(np.zeros((2, 3, 4)), 2, beta="a"), TypeError, ["beta"]),
    (lambda: F.pixel_shuffle(np.zeros((1, 6, 2, 2)), 2), ValueError, ["channels (6", "(1, 6, 2, 2)", "4"]),
    (lambda: F.pixel_shuffle(np.zeros((4, 2)), 2), ValueError, ["at least 3 dimensions", "(4, 2)"]),
    (lambda: F.pixel_shuffle(np.zeros((1, 4, 2, 2)), 0), ValueError, ["upscale_factor", "positive"]),
    (lambda: F.pixel_unshuffle(np.zeros((1, 1, 4, 5)), 2), ValueError, ["(4, 5", "(1, 1, 4, 5)", "= 2"]),
    (lambda: F.interpolate(np.zeros((1, 1, 4)), scale_factor=2, mode="bicubic"), ValueError, ["'linear'"]),
    (
        lambda: F.interpolate(np.zeros((1, 1, 4, 4)), scale_factor=2, mode="bicubic", align_corners=True),
        None,
        [],
    ),
    (lambda: F.interpolate(np.zeros((1, 1, 4, 4)), scale_factor=2, mode="area"), ValueError, ["'bicubic'"]),
    (
        lambda: nn.ReflectionPad2d(4)(np.zeros((1, 1, 4, 5))),
        ValueError,
        ["reflect", "0 to 3", "size 4", "(1, 1, 4, 5)"],
    ),
    (lambda: nn.ReflectionPad2d(3)(np.zeros((1, 1, 4, 5))), None, []),
    (
        lambda: nn.ReflectionPad1d(2)(np.zeros((1, 1, 3, 4))),
        ValueError,
        ["trailing dimensions", "(1, 1, 3, 4)"],
    ),
    (lambda: nn.CircularPad1d(5)(np.zeros((1, 4))), ValueError, ["circular", "0 to 4"]),
    (lambda: nn.ReflectionPad2d((1, 2)), TypeError, ["ReflectionPad2d", "padding", "4 ints"]),
    (lambda: nn.ZeroPad1d(1.5), TypeError, ["ZeroPad1d", "padding"]),
    (
        lambda: F.conv_transpose1d(np.zeros((1, 3, 4)), np.zeros((2, 2, 3))),
        ValueError,
        ["conv_transpose1d", "2 channels", "got 3", "(1, 3, 4)"],
    ),
    (
        lambda: F.conv_transpose1d(np.zeros((1, 2, 4)), np.zeros((2, 2, 3, 3))),
        ValueError,
        ["conv_transpose1d", "3 dimensions", "(2, 2, 3, 3)"],
    ),
    (lambda: F.conv_transpose1d(np.zeros((1, 2, 4, 4)), np.zeros((2, 2, 3))), ValueError, ["(N, C, L)"]),
    (
        lambda: nn.ConvTranspose1d(3, 4, 3)(np.zeros((1, 2, 5))),
        ValueError,
        ["ConvTranspose1d(3, 4", "3 channels"],
    ),
    (lambda: nn.ConvTranspose1d(3, 4, 3, groups=2), ValueError, ["groups=2", "in_channels (3)"]),
    (
        lambda: nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)(np.zeros((1, 3, 4, 4)), output_size=(9, 9)),
        ValueError,
        ["output_size (9, 9)", "from (7, 7) to (8, 8)", "(1, 3, 4, 4)"],
    ),
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


def test_integer_images_keep_their_dtype_when_only_read_and_interpolate_in_float64():
    x = autograd.tensor([[[[0, 1], [2, 3]]]])
    assert F.interpolate(x, scale_factor=2).dtype == np.int64
    assert F.pad(x, (1, 1, 1, 1), mode="reflect").dtype == np.int64
    y = F.interpolate(x, scale_factor=2, mode="bilinear")
    np.testing.assert_allclose(y._data, F.interpolate(x.double(), scale_factor=2, mode="bilinear")._data)
    assert y.dtype == np.float64 and y._data[0, 0, 0, 1] == 0.25
