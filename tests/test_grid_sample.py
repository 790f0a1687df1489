"""affine_grid and grid_sample (the spatial transformer's grid generator and sampler): first and
second derivatives in the input, the grid and theta (float64 finite differences), what they
compute (the identity map reproduces the image; the padding modes), NaN and infinite grid points
without numpy warnings, and the errors."""

import itertools
import warnings

import numpy as np
import pytest

import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

MODES = list(
    itertools.product(["bilinear", "nearest", "bicubic"], ["zeros", "border", "reflection"], [False, True])
)


def leaf(array):
    return Tensor(array, requires_grad=True)


def random_grid(rng, *shape):
    """Points in [-1.4, 1.4]: some outside the image, none (almost surely) on a pixel."""
    return rng.uniform(-1.4, 1.4, size=shape)


@pytest.mark.parametrize("mode, padding_mode, align_corners", MODES)
def test_grid_sample_gradients_twice_in_input_and_grid(rng, mode, padding_mode, align_corners):
    x, grid = leaf(rng.standard_normal((2, 2, 3, 4))), leaf(random_grid(rng, 2, 3, 2, 2))

    def sample(x, grid):
        return F.grid_sample(x, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners)

    assert gradcheck(sample, (x, grid))
    assert gradgradcheck(sample, (x, grid))


@pytest.mark.parametrize(
    "mode, padding_mode", list(itertools.product(["bilinear", "nearest"], ["zeros", "border", "reflection"]))
)
def test_grid_sample_3d_gradients_twice(rng, mode, padding_mode):
    x, grid = leaf(rng.standard_normal((1, 2, 3, 2, 4))), leaf(random_grid(rng, 1, 2, 2, 1, 3))

    def sample(x, grid):
        return F.grid_sample(x, grid, mode=mode, padding_mode=padding_mode, align_corners=False)

    assert gradcheck(sample, (x, grid))
    assert gradgradcheck(sample, (x, grid))


@pytest.mark.parametrize("size", [(2, 3, 4, 5), (1, 2, 3, 2, 4)])
@pytest.mark.parametrize("align_corners", [False, True])
def test_affine_grid_gradients_twice(rng, size, align_corners):
    dims = len(size) - 2
    theta = leaf(rng.standard_normal((size[0], dims, dims + 1)))
    assert gradcheck(lambda t: F.affine_grid(t, size, align_corners=align_corners), (theta,))
    assert gradgradcheck(lambda t: F.affine_grid(t, size, align_corners=align_corners), (theta,))


def test_spatial_transformer_gradients_twice_through_theta(rng):
    """affine_grid then grid_sample, as the spatial transformer uses them."""
    x, theta = leaf(rng.standard_normal((2, 1, 4, 5))), leaf(rng.standard_normal((2, 2, 3)) * 0.6)

    def transform(x, theta):
        return F.grid_sample(x, F.affine_grid(theta, (2, 1, 3, 3), align_corners=False), align_corners=False)

    assert gradcheck(transform, (x, theta))
    assert gradgradcheck(transform, (x, theta))


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_the_identity_map_reproduces_the_image(rng, mode, align_corners):
    x = rng.standard_normal((2, 3, 5, 6))
    theta = np.tile(np.array([[1.0, 0, 0], [0, 1, 0]]), (2, 1, 1))
    grid = F.affine_grid(theta, x.shape, align_corners=align_corners)
    out = F.grid_sample(x, grid, mode=mode, align_corners=align_corners)
    np.testing.assert_allclose(out._data, x, atol=1e-12)


def test_affine_grid_spans_the_pixel_centres_or_edges():
    theta = np.array([[[1.0, 0, 0], [0, 1, 0]]])
    corners = F.affine_grid(theta, (1, 1, 2, 3), align_corners=True)._data
    np.testing.assert_array_equal(corners[0, 0, :, 0], [-1, 0, 1])
    np.testing.assert_array_equal(corners[0, :, 0, 1], [-1, 1])
    centres = F.affine_grid(theta, (1, 1, 2, 3), align_corners=False)._data
    np.testing.assert_allclose(centres[0, 0, :, 0], [-2 / 3, 0, 2 / 3])


def test_padding_modes_outside_the_image():
    """A 1x1x1x3 ramp read at x = -3 .. 3 (align_corners=True: pixels at -1, 0, 1)."""
    ramp = np.array([[[[10.0, 20.0, 30.0]]]])
    xs = np.array([-3.0, -1.5, -1.0, 0.5, 1.0, 1.5, 3.0])
    grid = np.stack([xs, np.zeros_like(xs)], -1)[None, None]

    def at(**options):
        return F.grid_sample(ramp, grid, align_corners=True, **options)._data.ravel()

    np.testing.assert_allclose(at(padding_mode="zeros"), [0, 5, 10, 25, 30, 15, 0])
    np.testing.assert_allclose(at(padding_mode="border"), [10, 10, 10, 25, 30, 30, 30])
    # mirrored at the edge pixels (pixel units 0, 1, 2): -1.5 -> 0.5 px (15), 1.5 -> 1.5 px (25),
    # -3 -> -2 px -> 2 px (30), 3 -> 4 px -> 0 px (10)
    np.testing.assert_allclose(at(padding_mode="reflection"), [30, 15, 10, 25, 30, 25, 10])
    # nearest rounds half to even: 0.5 is 1.5 px, read at pixel 2
    np.testing.assert_allclose(at(mode="nearest", padding_mode="border"), [10, 10, 10, 30, 30, 30, 30])


@pytest.mark.parametrize("mode, padding_mode, align_corners", MODES)
def test_nan_and_infinite_points_raise_no_numpy_warning(mode, padding_mode, align_corners):
    x = leaf(np.arange(12.0).reshape(1, 1, 3, 4))
    points = [np.nan, np.inf, -np.inf, 1e300, 0.3]
    grid = leaf(np.array([[[[p, 0.1] for p in points]]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = F.grid_sample(x, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners)
        out.sum().backward()
    assert np.isfinite(out._data[..., -1]).all()  # the finite point is not disturbed
    if mode != "bicubic" or padding_mode == "zeros":  # (bicubic folds a NaN point's taps into the
        assert np.isfinite(x.grad._data).all()  # image, with NaN weights: NaN there, as in PyTorch)


def test_a_grid_may_be_backpropagated_through_twice(rng):
    """As PyTorch's affine_grid: it saves nothing a backward frees."""
    theta = leaf(rng.standard_normal((1, 2, 3)))
    grid = F.affine_grid(theta, (1, 1, 3, 3), align_corners=False)
    x = rng.standard_normal((1, 1, 4, 4))
    F.grid_sample(x, grid, align_corners=False).sum().backward()
    first = theta.grad._data.copy()
    F.grid_sample(x, grid, align_corners=False).sum().backward()
    np.testing.assert_allclose(theta.grad._data, 2 * first)


ERRORS = [
    (
        lambda: F.grid_sample(np.zeros((1, 1, 3, 3)), np.zeros((1, 2, 2, 2)), mode="area"),
        ValueError,
        ["mode", "'area'"],
    ),
    (
        lambda: F.grid_sample(np.zeros((1, 1, 3, 3)), np.zeros((1, 2, 2, 2)), padding_mode="circular"),
        ValueError,
        ["padding_mode", "'circular'"],
    ),
    (
        lambda: F.grid_sample(np.zeros((1, 3, 3)), np.zeros((1, 2, 2)), align_corners=False),
        ValueError,
        ["(1, 3, 3)"],
    ),
    (
        lambda: F.grid_sample(np.zeros((1, 1, 3, 3)), np.zeros((1, 2, 2, 3)), align_corners=False),
        ValueError,
        ["grid of shape (1, 2, 2, 3)", "(1, 1, 3, 3)"],
    ),
    (
        lambda: F.grid_sample(np.zeros((2, 1, 3, 3)), np.zeros((1, 2, 2, 2)), align_corners=False),
        ValueError,
        ["grid of shape (1, 2, 2, 2)", "(2, 1, 3, 3)"],
    ),
    (
        lambda: F.grid_sample(
            np.zeros((1, 1, 3, 3)), np.zeros((1, 2, 2, 2), np.float32), align_corners=False
        ),
        TypeError,
        ["float64", "float32"],
    ),
    (
        lambda: F.grid_sample(np.zeros((1, 1, 3, 3, 3)), np.zeros((1, 1, 1, 1, 3)), mode="bicubic"),
        ValueError,
        ["bicubic", "4-d"],
    ),
    (
        lambda: F.grid_sample(np.zeros((1, 1, 0, 3)), np.zeros((1, 1, 1, 2))),
        ValueError,
        ["non-empty", "(1, 1, 0, 3)"],
    ),
    (lambda: F.grid_sample(np.zeros((1, 1, 3, 3)), np.zeros((1, 2, 2, 2))), None, []),
    (lambda: F.affine_grid(np.zeros((1, 2, 3)), (1, 1, 2)), ValueError, ["size", "(N, C, H, W)"]),
    (lambda: F.affine_grid(np.zeros((2, 2, 3)), (1, 1, 4, 4)), ValueError, ["(1, 2, 3)", "(2, 2, 3)"]),
    (lambda: F.affine_grid(np.zeros((1, 2, 3)), (1, 1, 4, 4, 4)), ValueError, ["(1, 3, 4)", "(1, 2, 3)"]),
    (lambda: F.affine_grid(np.zeros((1, 2, 3), np.int64), (1, 1, 4, 4)), TypeError, ["theta", "int64"]),
    (lambda: F.affine_grid(np.zeros((1, 2, 3)), (1, 1, 4, 4)), None, []),
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
