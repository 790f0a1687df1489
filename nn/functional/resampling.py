"""Resampling: interpolate (nearest, nearest-exact, linear, bilinear, bicubic), pad (constant,
reflect, replicate, circular), pixel_shuffle / pixel_unshuffle and channel_shuffle.

Interpolation and the padding modes act on one spatial axis at a time, and each output element
along it is read from a few input elements: one (nearest, the padding modes), two with weights
1 - t and t (linear) or four with cubic weights (bicubic),

    y[..., i, ...] = sum_k w[i, k] x[..., s[i, k], ...]

That read is one Function, ``Read``; its derivative, ``AddBack``, adds each slice of dy, weighted,
back into the slices of x it was read from, and each is the other's derivative, so all of it is
differentiable twice. A NaN or inf in x only reaches the outputs that read it, as in PyTorch.
Constant padding is one Function of its own; pixel_shuffle and pixel_unshuffle are a reshape and
a permutation.
"""

import math
import numbers
import warnings

import numpy as np

from autograd import Function, Tensor
from autograd.ops import index_add

from ._checks import as_tensor, check_ints

__all__ = [
    "interpolate",
    "pad",
    "pixel_shuffle",
    "pixel_unshuffle",
    "channel_shuffle",
    "native_channel_shuffle",
]


class Read(Function):
    """y[..., i, ...] = sum_k w[i, k] x[..., s[i, k], ...] along ``axis`` (without weights:
    x[..., s[i], ...]);  dx = AddBack(dy): each slice of dy, weighted, added back into the slices
    of x it was read from"""

    name = "read"

    @staticmethod
    def forward(ctx, x, sources, weights, axis):
        ctx.sources, ctx.weights, ctx.axis, ctx.size = sources, weights, axis, x.shape[axis]
        return _read(x, sources, weights, axis)

    @staticmethod
    def backward(ctx, grad):
        return add_back(grad, ctx.sources, ctx.weights, ctx.axis, ctx.size)


class AddBack(Function):
    """y = zeros with ``size`` slices along ``axis``, w[i, k] x[..., i, ...] added into
    y[..., s[i, k], ...] (Read's adjoint);  dx = Read(dy)"""

    name = "add_back"

    @staticmethod
    def forward(ctx, x, sources, weights, axis, size):
        ctx.sources, ctx.weights, ctx.axis = sources, weights, axis
        return _add_back(x, sources, weights, axis, size)

    @staticmethod
    def backward(ctx, grad):
        return read(grad, ctx.sources, ctx.weights, ctx.axis)


def _read(x, sources, weights, axis):
    if weights is None:
        return np.take(x, sources, axis=axis)
    shape = (-1,) + (1,) * (x.ndim - 1 - axis % x.ndim)  # the weights broadcast along axis
    out = 0
    for s, w in zip(sources.T, weights.T):
        out = out + np.take(x, s, axis=axis) * w.reshape(shape)
    return out


def _add_back(x, sources, weights, axis, size):
    """One bincount: with the axis moved last, x's row r, element i, tap k goes to cell
    r * size + s[i, k] of the (rows, size) result, weighted by w[i, k]."""
    last = np.moveaxis(x, axis, -1)
    rows = last.reshape(-1, last.shape[-1])
    taps = sources.reshape(len(sources), -1)  # (m, k); k = 1 without weights
    values = rows[:, :, None] if weights is None else rows[:, :, None] * weights
    cells = np.arange(rows.shape[0])[:, None, None] * size + taps
    out = np.bincount(cells.ravel(), values.ravel(), minlength=rows.shape[0] * size)
    return np.moveaxis(out.reshape(last.shape[:-1] + (size,)).astype(x.dtype, copy=False), -1, axis)


def read(x, sources, weights, axis):
    """Read on an array or a Tensor (AddBack's backward, also under create_graph)."""
    if isinstance(x, Tensor):
        return Read.apply(x, sources=sources, weights=weights, axis=axis)
    return _read(x, sources, weights, axis)


def add_back(x, sources, weights, axis, size):
    """AddBack on an array or a Tensor (Read's backward)."""
    if isinstance(x, Tensor):
        return AddBack.apply(x, sources=sources, weights=weights, axis=axis, size=size)
    return _add_back(x, sources, weights, axis, size)


def _weight_dtype(x):
    """The weights' dtype: x's if floating (float32 stays float32), else float64."""
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


# ---- interpolate -------------------------------------------------------------------------

_LINEAR = {"linear": 1, "bilinear": 2, "bicubic": 2}  # modes with align_corners -> spatial axes


def _nearest_sources(n, out, scale, exact):
    """PyTorch's nearest index: floor(i * scale) (``exact``: floor((i + 0.5) scale)), scale = n / out
    or 1 / scale_factor, computed in float32 as PyTorch does."""
    if out == n:
        return np.arange(out)
    scale = np.float32(scale)
    position = (np.arange(out, dtype=np.float32) + np.float32(0.5 if exact else 0)) * scale
    return np.minimum(np.floor(position).astype(np.int64), n - 1)


def _linear_taps(n, out, scale, align_corners, dtype):
    """Output i reads the two input elements around its source position, with weights 1 - t, t."""
    if align_corners:
        position = np.arange(out, dtype=dtype) * dtype.type((n - 1) / (out - 1) if out > 1 else 0)
    else:
        position = np.maximum(
            (np.arange(out, dtype=dtype) + dtype.type(0.5)) * dtype.type(scale) - dtype.type(0.5), 0
        )
    low = np.minimum(np.floor(position).astype(np.int64), n - 1)
    t = position - low.astype(dtype)
    return np.stack([low, np.minimum(low + 1, n - 1)], 1), np.stack([1 - t, t], 1)


_A = -0.75  # the cubic convolution's parameter (Keys; PyTorch's and OpenCV's choice)


def _cubic_weights(t):
    """The weights of x[i-1], x[i], x[i+1], x[i+2] at the position i + t (0 <= t < 1):
    W(1 + t), W(t), W(1 - t), W(2 - t), with W(d) = (A+2)|d|^3 - (A+3)|d|^2 + 1 for |d| <= 1,
    A|d|^3 - 5A|d|^2 + 8A|d| - 4A for 1 < |d| < 2."""

    def near(d):
        return ((_A + 2) * d - (_A + 3)) * d * d + 1

    def far(d):
        return ((_A * d - 5 * _A) * d + 8 * _A) * d - 4 * _A

    return far(t + 1), near(t), near(1 - t), far(2 - t)


def _cubic_taps(n, out, scale, align_corners, dtype):
    """Output i reads the four input elements around its source position (not clamped) with
    the cubic weights, each index clamped to 0 .. n - 1 (the edge repeated)."""
    if align_corners:
        position = np.arange(out, dtype=dtype) * dtype.type((n - 1) / (out - 1) if out > 1 else 0)
    else:
        position = (np.arange(out, dtype=dtype) + dtype.type(0.5)) * dtype.type(scale) - dtype.type(0.5)
    low = np.floor(position).astype(np.int64)
    sources = np.clip(low[:, None] + np.arange(-1, 3), 0, n - 1)
    return sources, np.stack(_cubic_weights(position - low.astype(dtype)), 1)


def _interpolation_sizes(x, size, scale_factor, owner):
    """The output sizes, and each axis's scale for the source positions (input / output, or
    1 / scale_factor when one is given)."""
    dims = x.ndim - 2
    if (size is None) == (scale_factor is None):
        raise ValueError(
            f"{owner}: give exactly one of size and scale_factor, got size={size!r}, "
            f"scale_factor={scale_factor!r}"
        )
    if size is not None:
        sizes = check_ints(size, dims, "size", owner, 1)
        return sizes, [n / m for n, m in zip(x.shape[2:], sizes)]
    factors = scale_factor if isinstance(scale_factor, (tuple, list)) else (scale_factor,) * dims
    if len(factors) != dims or not all(
        isinstance(f, numbers.Real) and not isinstance(f, bool) and math.isfinite(f) and f > 0
        for f in factors
    ):
        raise ValueError(
            f"{owner}: scale_factor must be a positive number or a tuple of {dims}, got {scale_factor!r}"
        )
    sizes = tuple(math.floor(n * float(f)) for n, f in zip(x.shape[2:], factors))
    if min(sizes) < 1:
        raise ValueError(
            f"{owner}: scale_factor {scale_factor!r} gives an empty output {sizes} "
            f"for input of shape {tuple(x.shape)}"
        )
    return sizes, [1 / float(f) for f in factors]


def interpolate(
    input,
    size=None,
    scale_factor=None,
    mode="nearest",
    align_corners=None,
    recompute_scale_factor=None,
    antialias=False,
):
    """Resize the spatial axes of (N, C, L) or (N, C, H, W) to ``size`` (or to floor(size *
    scale_factor)): "nearest" (y[i] = x[floor(i scale)]), "nearest-exact" (x[floor((i + 1/2) scale)]),
    "linear" (3-d) / "bilinear" (4-d) / "bicubic" (4-d; may overshoot the input's range), from
    the source position (i + 1/2) scale - 1/2 (``align_corners=True``: i (n - 1) / (out - 1),
    the corner pixels' centres line up)."""
    owner = "interpolate"
    x = as_tensor(input)
    if x.ndim not in (3, 4):
        raise ValueError(
            f"{owner}: expected an input of shape (N, C, L) or (N, C, H, W), got shape {tuple(x.shape)}"
        )
    if mode not in ("nearest", "nearest-exact") and _LINEAR.get(mode) != x.ndim - 2:
        modes = ["nearest", "nearest-exact"] + [m for m, dims in _LINEAR.items() if dims == x.ndim - 2]
        raise ValueError(
            f"{owner}: mode {mode!r} is not available for an input with {x.ndim - 2} spatial "
            f"dimensions; use one of {', '.join(map(repr, modes))}"
        )
    if align_corners is not None and mode not in _LINEAR:
        raise ValueError(
            f"{owner}: align_corners can only be set with the modes {', '.join(_LINEAR)}, not {mode!r}"
        )
    if antialias:
        raise ValueError(f"{owner}: antialias=True is not supported")
    sizes, scales = _interpolation_sizes(x, size, scale_factor, owner)
    if recompute_scale_factor:
        scales = [n / m for n, m in zip(x.shape[2:], sizes)]
    dtype = _weight_dtype(x)
    out = x
    for axis, n, m, scale in zip(range(-len(sizes), 0), x.shape[2:], sizes, scales):
        if mode == "bicubic":
            out = read(out, *_cubic_taps(n, m, scale, bool(align_corners), dtype), axis)
        elif mode in _LINEAR:
            out = read(out, *_linear_taps(n, m, scale, bool(align_corners), dtype), axis)
        else:
            out = read(out, _nearest_sources(n, m, scale, mode == "nearest-exact"), None, axis)
    return out


# ---- pad ---------------------------------------------------------------------------------


class ConstantPad(Function):
    """y = x inside a border of ``value`` (a negative pad crops);  dx = the part of dy where x went"""

    name = "constant_pad"

    @staticmethod
    def forward(ctx, x, pads, value):
        shape = tuple(n + a + b for n, (a, b) in zip(x.shape, pads))
        ctx.source = tuple(slice(max(-a, 0), n - max(-b, 0)) for n, (a, b) in zip(x.shape, pads))
        ctx.target = tuple(slice(max(a, 0), m - max(b, 0)) for m, (a, b) in zip(shape, pads))
        ctx.shape = x.shape
        out = np.full(shape, value, dtype=x.dtype)
        out[ctx.target] = x[ctx.source]
        return out

    @staticmethod
    def backward(ctx, grad):
        return index_add(grad[ctx.target], ctx.source, ctx.shape)


def _pad_sources(n, before, after, mode):
    """Which input element each padded position copies: -before .. n + after - 1 folded back in."""
    positions = np.arange(-before, n + after)
    if mode == "reflect":
        positions = np.abs(positions)
        return np.where(positions > n - 1, 2 * (n - 1) - positions, positions)
    if mode == "replicate":
        return np.clip(positions, 0, n - 1)
    return positions % n  # circular


def pad(input, pad, mode="constant", value=None):
    """Pad the last len(pad) // 2 axes: ``pad`` = (left, right) for the last axis, then (top, bottom)
    for the one before, ... Modes: "constant" (``value``, default 0; negative pads crop),
    "reflect" (mirror without repeating the edge: pads < the size), "replicate" (repeat the edge),
    "circular" (wrap around: pads <= the size)."""
    owner = "pad"
    x = as_tensor(input)
    if (
        not isinstance(pad, (tuple, list))
        or len(pad) % 2
        or len(pad) // 2 > x.ndim
        or not all(isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in pad)
    ):
        raise ValueError(
            f"{owner}: pad must be a tuple of an even number of ints, at most 2 per "
            f"dimension of the input (shape {tuple(x.shape)}), got {pad!r}"
        )
    pairs = [(int(pad[i]), int(pad[i + 1])) for i in range(0, len(pad), 2)]  # last axis first
    if mode == "constant":
        pads = ((0, 0),) * (x.ndim - len(pairs)) + tuple(reversed(pairs))
        if any(n + a + b < 0 for n, (a, b) in zip(x.shape, pads)):
            raise ValueError(
                f"{owner}: pad {pad!r} crops more than the input of shape {tuple(x.shape)} holds"
            )
        return ConstantPad.apply(x, pads=pads, value=0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise ValueError(
            f"{owner}: mode must be 'constant', 'reflect', 'replicate' or 'circular', got {mode!r}"
        )
    if value is not None:
        raise ValueError(
            f"{owner}: value is only used by mode='constant', got value={value!r} with mode={mode!r}"
        )
    if not 1 <= len(pairs) <= 3 or x.ndim not in (len(pairs) + 1, len(pairs) + 2):
        raise ValueError(
            f"{owner}: mode {mode!r} pads 1 to 3 trailing dimensions of an input with one or two "
            f"more (batch, channels); got pad {pad!r} for shape {tuple(x.shape)}"
        )
    out = x
    for axis, (before, after) in zip(range(-1, -len(pairs) - 1, -1), pairs):
        n = x.shape[axis]
        limit = n - 1 if mode == "reflect" else n if mode == "circular" else math.inf
        if min(before, after) < 0 or max(before, after) > limit:
            raise ValueError(
                f"{owner}: mode {mode!r} needs pads from 0 to {limit} for a dimension of size "
                f"{n}, got ({before}, {after}) (input of shape {tuple(x.shape)})"
            )
        out = read(out, _pad_sources(n, before, after, mode), None, axis)
    return out


# ---- pixel_shuffle -----------------------------------------------------------------------


def _check_factor(owner, name, factor, x):
    if isinstance(factor, bool) or not isinstance(factor, (int, np.integer)) or factor < 1:
        raise ValueError(f"{owner}: {name} must be a positive int, got {factor!r}")
    if x.ndim < 3:
        raise ValueError(
            f"{owner}: expected an input of shape (*, C, H, W) (at least 3 dimensions), got shape "
            f"{tuple(x.shape)}"
        )
    return int(factor)


def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r), r = upscale_factor: y[c, h r + i, w r + j] =
    x[c r^2 + i r + j, h, w] (sub-pixel convolution's upsampling)."""
    owner = "pixel_shuffle"
    x = as_tensor(input)
    r = _check_factor(owner, "upscale_factor", upscale_factor, x)
    *lead, channels, h, w = x.shape
    if channels % (r * r):
        raise ValueError(
            f"{owner}: the channels ({channels}, input of shape {tuple(x.shape)}) must be "
            f"divisible by upscale_factor ** 2 = {r * r}"
        )
    k = len(lead)
    blocks = x.reshape(*lead, channels // (r * r), r, r, h, w)
    order = tuple(range(k)) + tuple(k + i for i in (0, 3, 1, 4, 2))  # (C, H, i, W, j)
    return blocks.permute(*order).reshape(*lead, channels // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """The inverse of pixel_shuffle: (*, C, H r, W r) -> (*, C r^2, H, W)."""
    owner = "pixel_unshuffle"
    x = as_tensor(input)
    r = _check_factor(owner, "downscale_factor", downscale_factor, x)
    *lead, channels, h, w = x.shape
    if h % r or w % r:
        raise ValueError(
            f"{owner}: the height and width ({h}, {w}; input of shape {tuple(x.shape)}) must be "
            f"divisible by downscale_factor = {r}"
        )
    k = len(lead)
    blocks = x.reshape(*lead, channels, h // r, r, w // r, r)
    order = tuple(range(k)) + tuple(k + i for i in (0, 2, 4, 1, 3))  # (C, i, j, H, W)
    return blocks.permute(*order).reshape(*lead, channels * r * r, h // r, w // r)


def _deprecated(name):
    warnings.warn(
        f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.",
        UserWarning,
        stacklevel=3,
    )


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode, align_corners)`` (with PyTorch's warning)."""
    _deprecated("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode="nearest")`` (with PyTorch's warning)."""
    _deprecated("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: ``interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)``
    (with PyTorch's warning)."""
    _deprecated("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def channel_shuffle(input, groups):
    """(N, C, *) with C = g k channels in g groups: y[:, i g + j] = x[:, j k + i] (the channels
    of each group dealt out in turn, ShuffleNet's mixing of grouped convolutions)."""
    x = as_tensor(input)
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)):
        raise TypeError(f"channel_shuffle: groups must be an int, got {groups!r}")
    if groups <= 0:
        raise RuntimeError(f"channel_shuffle: the number of groups must be positive, got {groups}")
    if x.ndim <= 2:
        raise RuntimeError(
            f"channel_shuffle: expected an input with more than 2 dimensions (N, C, *), got shape {list(x.shape)}"
        )
    n, channels, *rest = x.shape
    if channels % groups:
        raise RuntimeError(
            f"channel_shuffle: the number of channels must be divisible by groups, got {channels} "
            f"channels and {groups} groups"
        )
    grouped = x.reshape(n, int(groups), channels // groups, *rest)
    return grouped.transpose(1, 2).reshape(x.shape)


native_channel_shuffle = channel_shuffle  # PyTorch's name for the same kernel
