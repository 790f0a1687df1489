"""Sampling at arbitrary points: affine_grid and grid_sample (the spatial transformer's grid
generator and sampler).

``affine_grid(theta, size)`` maps every output pixel's normalised position (x, y, 1), with x and y
in [-1, 1] across the width and height, through the 2x3 matrix theta (3x4 in 3-d): a matrix
product of a constant grid with theta (``AffineGrid``).

``grid_sample(input, grid)`` reads input at the points of ``grid`` (N, H_out, W_out, 2), whose
last axis holds (x, y) in [-1, 1]. Each point is first mapped to pixel units (``unnormalize``)
and, for "border" and "reflection" padding, folded back into the image (``Fold``, one
Function: y = the folded coordinate, dy/dx = +1, -1 or 0). Then

    bilinear   y = sum over the 4 (8 in 3-d) neighbours k of  w_k(t) x[k],
               w = products of (1 - t) and t, t = coordinate - floor(coordinate)
    bicubic    the same over 4x4 neighbours with the cubic convolution weights (A = -0.75)
    nearest    y = x[round half to even (coordinate)]

where a neighbour outside the image reads 0 ("zeros"; also "border" and "reflection" for the
bicubic taps, which are folded one by one). All of it is gathers (``Tensor[...]``), ``where`` and
arithmetic on Tensors, so the derivatives, in input and in grid, are autograd's and can be
differentiated again. Nearest sampling is piecewise constant in the grid: its derivative in the
grid is 0 (``Constant``), as in PyTorch.
"""

import numbers

import numpy as np

from autograd import Function
from autograd.ops import where
from autograd.random.floats import fma32, fma64

from ._checks import as_tensor
from .resampling import _cubic_weights

__all__ = ["affine_grid", "grid_sample"]

_MODES = ("bilinear", "nearest", "bicubic")
_PADDING = ("zeros", "border", "reflection")


# ---- affine_grid -------------------------------------------------------------------------


def _linspace_from_neg_one(steps, align_corners, dtype):
    """PyTorch's base coordinates: linspace(-1, 1, steps), times (steps - 1) / steps unless
    ``align_corners`` (the pixel centres rather than the corners); 0 for one step.

    linspace as PyTorch's CPU kernel computes it, to the last bit: the first half counted up
    from -1, the second down from 1, each value one fused multiply-add (a coordinate landing
    exactly on a pixel, as with the identity map, must land there on both sides: bilinear's
    derivative in the grid jumps at whole pixels)."""
    if steps <= 1:
        return np.zeros(steps, dtype)
    fma = fma32 if dtype == np.float32 else fma64
    i = np.arange(steps)
    step = dtype.type(2) / dtype.type(steps - 1)
    up = fma(np.full(steps, step, dtype), i.astype(dtype), np.full(steps, -1, dtype))
    down = fma(np.full(steps, -step, dtype), (steps - 1 - i).astype(dtype), np.full(steps, 1, dtype))
    line = np.where(i < steps // 2, up, down).astype(dtype)
    return line if align_corners else line * dtype.type(steps - 1) / dtype.type(steps)


def affine_grid(theta, size, align_corners=None):
    """The sampling grid of a batch of affine maps: for size (N, C, H, W) and theta (N, 2, 3),
    grid[n, i, j] = theta[n] @ (x_j, y_i, 1) of shape (N, H, W, 2); for size (N, C, D, H, W) and
    theta (N, 3, 4), grid[n, k, i, j] = theta[n] @ (x_j, y_i, z_k, 1) of shape (N, D, H, W, 3).
    x runs over [-1, 1] across the width (the corner pixels' centres with ``align_corners=True``,
    else their outer edges; None means False)."""
    owner = "affine_grid"
    theta = as_tensor(theta, "theta")
    if theta.dtype.kind != "f":
        raise TypeError(f"{owner}: expected theta to have a floating dtype, got {theta.dtype}")
    if (
        not isinstance(size, (tuple, list))
        or len(size) not in (4, 5)
        or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 0 for s in size)
    ):
        raise ValueError(
            f"{owner}: size must be (N, C, H, W) or (N, C, D, H, W) of non-negative ints, got {size!r}"
        )
    dims = len(size) - 2
    n = int(size[0])
    if tuple(theta.shape) != (n, dims, dims + 1):
        raise ValueError(
            f"{owner}: expected a batch of {dims}-d affine matrices of shape ({n}, {dims}, {dims + 1}) "
            f"for size {tuple(size)}, got theta of shape {tuple(theta.shape)}"
        )
    spatial = [int(s) for s in size[2:]]  # (H, W) or (D, H, W)
    lines = [_linspace_from_neg_one(s, bool(align_corners), theta.dtype) for s in spatial]
    # (x, y[, z], 1) at every output position; x varies along the last axis (the width)
    axes = np.meshgrid(*lines, indexing="ij")[::-1]
    base = np.stack([*axes, np.ones(spatial, theta.dtype)], -1).reshape(-1, dims + 1)
    return AffineGrid.apply(theta, base=base).reshape(n, *spatial, dims)


class AffineGrid(Function):
    """y[n] = base @ theta[n]^T (base: the constant (x, y[, z], 1) rows);  dtheta[n] = dy[n]^T @ base

    One op, as PyTorch's, that keeps only the constant base: being linear in theta, it saves
    nothing a backward frees, so a grid may be backpropagated through more than once. The
    product is summed term by term, x t0 + y t1 (+ z t2) + t_last, rounded as PyTorch's is: a
    point meant to land on a pixel lands on the same side of it."""

    name = "affine_grid"

    @staticmethod
    def forward(ctx, theta, base):
        ctx.base = base
        out = base[None, :, None, 0] * theta[:, None, :, 0]
        for k in range(1, base.shape[1]):
            out = out + base[None, :, None, k] * theta[:, None, :, k]
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.swapaxes(-1, -2) @ ctx.base


# ---- grid_sample -------------------------------------------------------------------------


class Fold(Function):
    """y = the coordinate x clipped into [0, size - 1] ("border") or reflected into the image
    first ("reflection");  dx = dy * slope, slope = +1 or -1 inside, 0 at and beyond the edges
    (PyTorch's convention: the edges count as outside)"""

    name = "fold"

    @staticmethod
    def forward(ctx, x, size, padding_mode, align_corners):
        y, ctx.slope = _fold(x, size, padding_mode, align_corners)
        return y

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope


def _fold(x, size, padding_mode, align_corners):
    """Fold's value and slope on arrays. NaN (and a reflected infinity) become 0, as in PyTorch."""
    slope = np.ones_like(x)
    if padding_mode == "reflection":
        twice_low, twice_high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
        x, flip = _reflect(x, twice_low, twice_high)
        slope = slope * flip
    slope = np.where((x > 0) & (x < size - 1), slope, 0)
    return np.fmin(np.fmax(x, 0), size - 1).astype(x.dtype, copy=False), slope


def _reflect(x, twice_low, twice_high):
    """PyTorch's reflect_coordinates: x mirrored at low and high (given doubled) until it lies
    between them; also the sign of dy/dx (+1 or -1)."""
    if twice_low == twice_high:
        return np.zeros_like(x), np.zeros_like(x)
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    distance = np.abs(x - low)
    with np.errstate(invalid="ignore"):  # an infinite coordinate gives NaN, then 0
        extra = np.fmod(distance, span)
        flips = np.floor(distance / span)
        even = np.fmod(flips, 2) == 0
    sign = np.where(x >= low, 1.0, -1.0) * np.where(even, 1.0, -1.0)
    return np.where(even, extra + low, span - extra + low).astype(x.dtype), sign.astype(x.dtype)


class Constant(Function):
    """y = 1 (of x's shape);  dx = 0: the weight of nearest sampling, constant in the grid"""

    name = "constant"

    @staticmethod
    def forward(ctx, x):
        return np.ones_like(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0


class Unnormalize(Function):
    """y = (x + 1) s - 1/2 with s = size / 2, or (x + 1) s with s = (size - 1) / 2 for
    ``align_corners``: [-1, 1] in pixel units;  dx = dy * s

    PyTorch's 2-d sampler rounds (x + 1) s - 1/2 once (a fused multiply-add), and a point that
    lands exactly on a pixel must land there on both sides, as the derivative in the grid
    jumps at whole pixels; so this is one op, computed the same way."""

    name = "unnormalize"

    @staticmethod
    def forward(ctx, x, size, align_corners):
        fma = fma32 if x.dtype == np.float32 else fma64
        one = x.dtype.type(1)
        if align_corners:
            ctx.scale = x.dtype.type((size - 1) / 2)
            return (x + one) * ctx.scale
        ctx.scale = x.dtype.type(size / 2)
        finite = np.isfinite(x)
        if finite.all():
            return fma(x + one, ctx.scale, x.dtype.type(-0.5)).astype(x.dtype, copy=False)
        plain = (x + one) * ctx.scale - x.dtype.type(0.5)  # infinities stay infinite, NaN NaN
        with np.errstate(invalid="ignore"):
            fused = fma(np.where(finite, x, 0) + one, ctx.scale, x.dtype.type(-0.5))
        return np.where(finite, fused, plain).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale


def _unnormalize(coordinate, size, align_corners, dims):
    """[-1, 1] -> pixel units: -1 and 1 are the corner pixels' centres (``align_corners``) or
    their outer edges; in 3-d as PyTorch's 3-d sampler computes it."""
    if dims == 2:
        return Unnormalize.apply(coordinate, size=size, align_corners=align_corners)
    if align_corners:
        return (coordinate + 1) / 2 * (size - 1)
    return ((coordinate + 1) * size - 1) / 2


def _finite(coordinate):
    """The coordinate with infinities made NaN: the arithmetic after stays quiet (no inf - inf,
    no inf * 0), and a point at infinity samples NaN, as in PyTorch."""
    finite = np.isfinite(coordinate._data)
    return coordinate if finite.all() else where(finite, coordinate, np.nan)


def _taps(position, size):
    """Integer pixel indices (numpy) of the float positions, and which of them lie in the
    image; positions far outside (or NaN) are kept far outside before the cast to int."""
    with np.errstate(invalid="ignore"):
        safe = np.where(np.isnan(position), -2, np.clip(position, -2, size + 1))
    index = safe.astype(np.int64)
    inside = (index >= 0) & (index < size)
    return np.clip(index, 0, max(size - 1, 0)), inside


class _Reader:
    """Reads x (N, C, *spatial) at integer indices, one array of shape (N, *out) per spatial axis,
    0 where any index lies outside: a gather, differentiable in x."""

    def __init__(self, x):
        self.x, self.dims = x, x.ndim - 2
        self.batch = np.arange(x.shape[0]).reshape((-1,) + (1,) * self.dims)

    def __call__(self, indices, inside):
        values = self.x[(self.batch, slice(None), *indices)]  # (N, *out, C)
        values = values.permute(0, self.dims + 1, *range(1, self.dims + 1))  # (N, C, *out)
        return where(inside[:, None], values, 0)


def _bicubic(read, coordinates, sizes, padding_mode, align_corners):
    """Sum over the 4x4 taps around each point of cubic(tx) cubic(ty) x[tap]; each tap's
    position is folded by the padding mode on its own (a constant: only the weights depend on
    the grid)."""
    taps, weights = [], []
    for c, size in zip(coordinates, sizes):
        low = np.floor(c._data)
        t = c - low
        weights.append(_cubic_weights(t))
        positions = [low + k for k in (-1, 0, 1, 2)]
        if padding_mode != "zeros":
            positions = [_fold(p, size, padding_mode, align_corners)[0] for p in positions]
        taps.append([_taps(p, size) for p in positions])
    out = 0
    for i in range(4):  # along the first spatial axis (height)
        for j in range(4):  # along the second (width)
            (iy, in_y), (ix, in_x) = taps[0][i], taps[1][j]
            out = out + (weights[0][i] * weights[1][j]).unsqueeze(1) * read((iy, ix), in_y & in_x)
    return out


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample input (N, C, H, W) at the points of grid (N, H_out, W_out, 2) -> (N, C, H_out, W_out);
    in 3-d input (N, C, D, H, W) and grid (N, D_out, H_out, W_out, 3). grid[..., 0] is x (across
    the width), grid[..., 1] y, grid[..., 2] z, each in [-1, 1] (the corner pixels' centres with
    ``align_corners=True``, else their outer edges; None means False). ``mode``: "bilinear"
    (trilinear in 3-d), "nearest" or "bicubic" (4-d only); ``padding_mode`` for points outside:
    "zeros", "border" (the edge value) or "reflection" (mirrored at the edges)."""
    owner = "grid_sample"
    x, grid = as_tensor(input), as_tensor(grid, "grid")
    if mode not in _MODES:
        raise ValueError(f"{owner}: mode must be one of {', '.join(map(repr, _MODES))}, got {mode!r}")
    if padding_mode not in _PADDING:
        raise ValueError(
            f"{owner}: padding_mode must be one of {', '.join(map(repr, _PADDING))}, got {padding_mode!r}"
        )
    if x.ndim not in (4, 5):
        raise ValueError(
            f"{owner}: expected an input of shape (N, C, H, W) or (N, C, D, H, W), got shape {tuple(x.shape)}"
        )
    dims = x.ndim - 2
    if grid.ndim != x.ndim or grid.shape[0] != x.shape[0] or grid.shape[-1] != dims:
        raise ValueError(
            f"{owner}: expected a grid of shape ({x.shape[0]}, {', '.join('*' * dims)}, {dims}) for "
            f"an input of shape {tuple(x.shape)}, got grid of shape {tuple(grid.shape)}"
        )
    if x.dtype.kind != "f" or grid.dtype != x.dtype:
        raise TypeError(
            f"{owner}: expected input and grid of the same floating dtype, got {x.dtype} and {grid.dtype}"
        )
    if 0 in x.shape[2:]:
        raise ValueError(
            f"{owner}: expected an input with non-empty spatial dimensions, got shape {tuple(x.shape)}"
        )
    if mode == "bicubic" and dims != 2:
        raise ValueError(
            f"{owner}: mode 'bicubic' needs a 4-d input (N, C, H, W), got shape {tuple(x.shape)}"
        )
    align_corners = bool(align_corners)
    sizes = x.shape[2:]  # (H, W) or (D, H, W); the grid lists them backwards: (x, y, z)
    coordinates = [
        _unnormalize(grid[..., dims - 1 - axis], size, align_corners, dims) for axis, size in enumerate(sizes)
    ]
    read = _Reader(x)
    if mode == "bicubic":
        return _bicubic(read, list(map(_finite, coordinates)), sizes, padding_mode, align_corners)
    if padding_mode != "zeros":
        coordinates = [
            Fold.apply(c, size=size, padding_mode=padding_mode, align_corners=align_corners)
            for c, size in zip(coordinates, sizes)
        ]
    coordinates = list(map(_finite, coordinates))
    if mode == "nearest":
        taps = [_taps(np.rint(c._data), size) for c, size in zip(coordinates, sizes)]
        inside = np.logical_and.reduce([i for _, i in taps])
        return Constant.apply(coordinates[0]).unsqueeze(1) * read([i for i, _ in taps], inside)
    lows = [np.floor(c._data) for c in coordinates]
    fractions = [c - low for c, low in zip(coordinates, lows)]
    out = 0
    for corner in np.ndindex(*(2,) * dims):  # each neighbour: 0 (below) or 1 (above) per axis
        weight, indices, inside = 1, [], True
        for low, t, size, up in zip(lows, fractions, sizes, corner):
            weight = weight * (t if up else 1 - t)
            index, within = _taps(low + up, size)
            indices.append(index)
            inside = inside & within
        out = out + weight.unsqueeze(1) * read(indices, inside)
    return out
