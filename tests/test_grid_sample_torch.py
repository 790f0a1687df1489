"""affine_grid and grid_sample against PyTorch (float64, 1e-10): values, gradients in input, grid
and theta, and second derivatives, for every mode, padding mode and align_corners, in 2-d and
3-d; the identity map's grid bit for bit (its points land on the pixels, where the derivative in
the grid jumps); NaN and infinite points. Optional: skipped when torch is not installed."""

import itertools

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
TF = torch.nn.functional
TOLERANCE = dict(rtol=1e-10, atol=1e-10)
MODES = list(
    itertools.product(["bilinear", "nearest", "bicubic"], ["zeros", "border", "reflection"], [False, True])
)


def _numpy(t):
    return t._data if isinstance(t, Tensor) else t.detach().numpy()


def _run(library, functional, arrays, f, v, u):
    wrap = Tensor if library is autograd else torch.tensor
    inputs = [wrap(a, requires_grad=True) for a in arrays]
    out = f(functional, *inputs)
    grads = library.grad((out * wrap(v)).sum(), inputs, create_graph=True)
    pairs = [(g, w) for g, w in zip(grads, u) if g.requires_grad]
    second = (
        library.grad(sum((g * wrap(w)).sum() for g, w in pairs), inputs, allow_unused=True) if pairs else []
    )
    second = [np.zeros(a.shape) if s is None else _numpy(s) for a, s in itertools.zip_longest(arrays, second)]
    return [_numpy(out)] + [_numpy(g) for g in grads] + second


def compare(f, arrays, rng):
    """Values, gradients and a Hessian-vector product of f(inputs) . v against torch."""
    expected = f(TF, *[torch.tensor(a) for a in arrays])
    v = rng.standard_normal(tuple(expected.shape))
    u = [rng.standard_normal(a.shape) for a in arrays]
    ours, theirs = _run(autograd, F, arrays, f, v, u), _run(torch.autograd, TF, arrays, f, v, u)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOLERANCE)


@pytest.mark.parametrize("mode, padding_mode, align_corners", MODES)
def test_grid_sample(rng, mode, padding_mode, align_corners):
    def f(functional, x, grid):
        return functional.grid_sample(
            x, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners
        )

    compare(f, [rng.standard_normal((2, 3, 4, 5)), rng.uniform(-1.4, 1.4, (2, 3, 6, 2))], rng)


@pytest.mark.parametrize("mode, padding_mode, align_corners", MODES)
def test_spatial_transformer(rng, mode, padding_mode, align_corners):
    """theta -> affine_grid -> grid_sample, the output larger than the input."""

    def f(functional, x, theta):
        grid = functional.affine_grid(theta, (2, 3, 6, 7), align_corners=align_corners)
        return functional.grid_sample(
            x, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners
        )

    compare(f, [rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((2, 2, 3)) * 0.8], rng)


@pytest.mark.parametrize("mode, padding_mode, align_corners", [m for m in MODES if m[0] != "bicubic"])
def test_grid_sample_3d(rng, mode, padding_mode, align_corners):
    def f(functional, x, theta):
        grid = functional.affine_grid(theta, (2, 2, 3, 4, 2), align_corners=align_corners) * 1.3
        return functional.grid_sample(
            x, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners
        )

    compare(f, [rng.standard_normal((2, 2, 3, 2, 4)), rng.standard_normal((2, 3, 4))], rng)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("align_corners", [False, True])
def test_the_identity_grid_is_pytorchs_to_the_last_bit(dtype, align_corners):
    for h, w in [(1, 1), (2, 7), (13, 28), (5, 100)]:
        theta = np.tile(np.array([[1, 0, 0], [0, 1, 0]], dtype), (2, 1, 1))
        ours = F.affine_grid(theta, (2, 1, h, w), align_corners=align_corners)._data
        theirs = TF.affine_grid(torch.tensor(theta), (2, 1, h, w), align_corners=align_corners).numpy()
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("align_corners", [False, True])
def test_the_grid_derivative_at_the_identity_map(rng, align_corners):
    """Every point on a pixel: the derivative takes the same side of each jump as PyTorch's."""
    x, v = rng.standard_normal((2, 1, 28, 28)), rng.standard_normal((2, 1, 28, 28))
    theta = np.tile(np.array([[1.0, 0, 0], [0, 1, 0]]), (2, 1, 1))
    mine = Tensor(theta, requires_grad=True)
    out = F.grid_sample(
        x, F.affine_grid(mine, x.shape, align_corners=align_corners), align_corners=align_corners
    )
    (out * Tensor(v)).sum().backward()
    theirs = torch.tensor(theta, requires_grad=True)
    grid = TF.affine_grid(theirs, x.shape, align_corners=align_corners)
    expected = TF.grid_sample(torch.tensor(x), grid, align_corners=align_corners)
    (expected * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(mine.grad._data, theirs.grad.numpy(), **TOLERANCE)


@pytest.mark.parametrize("mode, padding_mode, align_corners", MODES)
def test_nan_and_infinite_points(mode, padding_mode, align_corners):
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    grid = np.array([[[[p, 0.1] for p in [np.nan, np.inf, -np.inf, 0.3]]]])
    options = dict(mode=mode, padding_mode=padding_mode, align_corners=align_corners)
    ours = F.grid_sample(x, grid, **options)._data
    theirs = TF.grid_sample(torch.tensor(x), torch.tensor(grid), **options).numpy()
    np.testing.assert_allclose(ours, theirs, **TOLERANCE)
