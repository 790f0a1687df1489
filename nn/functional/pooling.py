"""Pooling: max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d, adaptive_max_pool1d/2d (and the
``*_with_indices`` forms, which always return the indices too).

Max pooling picks one element of each window, y = x[i*] with i* the window's argmax (the first
one on ties; NaN wins, the last NaN if several, as in PyTorch). Its derivative sends each dy back
to that element, adding up where overlapping windows picked the same one; that scatter is linear,
and its own derivative is the pick again, so max pooling is differentiable twice. The argmax is
found with one pass per kernel offset (kh * kw passes over the output, each keeping the running
maximum and where it was), not by copying every window out. i* indexes x's memory, whatever
its layout (a convolution's result is channels-last, see ``convolution``), and the scattered
gradient has x's layout: the convolution's backward then reads it without a transpose.

Average pooling is linear: the sum of each window over a divisor (the window's size, or the
number of its elements inside the input). Its derivative spreads dy / divisor back over the
window, and the derivative of that spread is the window sum again.

Windows of the 2-d functions come from the (N, C, Ho, Wo, kh, kw) view of convolution's
``_windows``; the 1-d functions are the 2-d ones with a height of 1.
"""

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd import Function, Tensor, tensor

from ._checks import as_tensor, check_ints, check_spatial_input
from ._layout import dense_order
from .convolution import Geometry, _fold, _windows

__all__ = [
    "max_pool1d",
    "max_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool2d",
    "max_pool1d_with_indices",
    "max_pool2d_with_indices",
    "adaptive_avg_pool1d",
    "adaptive_max_pool1d",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d_with_indices",
]


# ---- max pooling -------------------------------------------------------------------------


class MaxPool2d(Function):
    """y = x[i*] (i* each window's argmax, an index into x's memory);  dx = dy added at i*

    ``steps``: the element strides of the layout ``index`` points into (x's own memory, or row
    order); ``overlapping``: whether two windows may share an element (then two dy can land on
    one x).
    """

    name = "max_pool2d"

    @staticmethod
    def forward(ctx, x, index, steps, overlapping):
        ctx.index, ctx.shape, ctx.steps, ctx.overlapping = index, x.shape, steps, overlapping
        return _memory(x, steps)[index]

    @staticmethod
    def backward(ctx, grad):
        return scatter_add(grad, ctx.index, ctx.shape, ctx.steps, ctx.overlapping)


class AdaptiveMaxPool2d(MaxPool2d):
    """y = x[i*] over windows that tile the input;  dx = dy added at i*"""

    name = "adaptive_max_pool2d"


class MaxPool2dBackward(Function):
    """z = zeros of x's shape with y added at i*;  dy = dz[i*]"""

    name = "max_pool2d_backward"

    @staticmethod
    def forward(ctx, y, index, shape, steps, overlapping):
        ctx.index, ctx.steps, ctx.overlapping = index, steps, overlapping
        return _scatter_add(y, index, shape, steps, overlapping)

    @staticmethod
    def backward(ctx, grad):
        return pick(grad, ctx.index, ctx.steps, ctx.overlapping)


def _steps(x):
    """x's element strides if its elements fill one block of memory in some order of the axes
    (a row-order array, or a channels-last one as convolutions return), else None."""
    if dense_order(x) is None:
        return None
    return tuple(stride // x.itemsize for stride in x.strides)


def _row_steps(shape):
    return tuple(np.cumprod((1,) + tuple(shape[:0:-1]))[::-1].tolist())


def _laid_out(array, shape, steps):
    """``array``'s memory (flat) seen as ``shape`` with element strides ``steps``."""
    return as_strided(array, shape, tuple(step * array.itemsize for step in steps))


def _memory(x, steps):
    """The flat memory of x laid out with ``steps`` (a copy into that layout if x's differs)."""
    if _steps(x) != steps:
        block = np.empty(x.size, dtype=x.dtype)
        _laid_out(block, x.shape, steps)[...] = x
        return block
    return as_strided(x, (x.size,), (x.itemsize,))


def _scatter_add(y, index, shape, steps, overlapping):
    """Zeros of ``shape`` laid out with ``steps``, with each y added at its index: an assignment
    when no index repeats (windows that do not overlap), else a sum of the repeated ones
    (bincount, in float64)."""
    if overlapping:
        total = np.bincount(index.reshape(-1), weights=y.reshape(-1), minlength=math.prod(shape))
        block = total.astype(y.dtype, copy=False)
    else:
        block = np.zeros(math.prod(shape), dtype=y.dtype)
        block[index.reshape(-1)] = y.reshape(-1)
    return _laid_out(block, shape, steps)


def scatter_add(y, index, shape, steps, overlapping):
    """MaxPool2dBackward on arrays, or on Tensors (recorded)."""
    if isinstance(y, Tensor):
        return MaxPool2dBackward.apply(y, index=index, shape=shape, steps=steps, overlapping=overlapping)
    return _scatter_add(y, index, shape, steps, overlapping)


def pick(x, index, steps, overlapping):
    """x's elements at ``index`` of the layout ``steps``: MaxPool2d on arrays, or on Tensors (recorded)."""
    if isinstance(x, Tensor):
        return MaxPool2d.apply(x, index=index, steps=steps, overlapping=overlapping)
    return _memory(x, steps)[index]


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _max_offsets(x, kernel, stride, pads, dilation):
    """Which kernel offset k = i * kw + j holds each window's maximum, (N, C, Ho, Wo).

    One pass per kernel offset over the (N, C, Ho, Wo) view of the windows' k-th elements keeps
    the running maximum and the offset it came from (a later element wins only if larger); windows
    holding a NaN then point at their last NaN.
    """
    if any(p for pair in pads for p in pair):
        x = np.pad(x, ((0, 0), (0, 0)) + pads, constant_values=_lowest(x.dtype))
    view = _windows(x, kernel, Geometry(stride, ((0, 0), (0, 0)), dilation, 1))
    kh, kw = kernel
    best = view[..., 0, 0].copy()
    offset = np.zeros(best.shape, dtype=np.min_scalar_type(kh * kw - 1))  # uint8 up to 16 x 16
    for k in range(1, kh * kw):
        element = view[..., k // kw, k % kw]
        better = element > best
        np.maximum(best, element, out=best)  # a NaN stays: nothing is larger
        np.maximum(offset, better * offset.dtype.type(k), out=offset)  # k is the largest offset yet
    if x.dtype.kind == "f" and np.isnan(best).any():
        for k in range(kh * kw):
            np.copyto(offset, k, where=np.isnan(view[..., k // kw, k % kw]))
    return offset


def _max_index(offset, steps, kernel, stride, pads, dilation):
    """The index of each window's maximum (its ``offset``) in a layout of element strides
    ``steps`` = (N, C, H, W) steps; (0, 0, W, 1) gives the index in each H * W plane."""
    n, c, ho, wo = offset.shape
    kh, kw = kernel
    rows, cols = np.divmod(np.arange(kh * kw), kw)
    shift = rows * (dilation[0] * steps[2]) + cols * (
        dilation[1] * steps[3]
    )  # each offset's, from the corner
    corner = (np.arange(n) * steps[0]).reshape(n, 1, 1, 1) + (np.arange(c) * steps[1]).reshape(c, 1, 1)
    corner = corner + ((np.arange(ho) * stride[0] - pads[0][0]) * steps[2]).reshape(ho, 1)
    corner = corner + (np.arange(wo) * stride[1] - pads[1][0]) * steps[3]  # each window's top left in x
    return corner + shift[offset]


def _overlapping(kernel, stride, dilation):
    """Whether two windows may share an element (their extent is larger than the stride)."""
    return any(d * (k - 1) + 1 > s for k, s, d in zip(kernel, stride, dilation))


def _pool_sizes(owner, size, kernel, stride, padding, dilation, ceil_mode):
    """Each output size (PyTorch's formula), and the padding after the input that the last
    window needs in ceil mode; errors for a padding over half the kernel or no window."""
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(f"{owner}: padding {padding} must be at most half the kernel_size {kernel}")
    outputs, pads = [], []
    for n, k, s, p, d in zip(size, kernel, stride, padding, dilation):
        span = n + 2 * p - d * (k - 1) - 1
        out = (span + (s - 1 if ceil_mode else 0)) // s + 1
        if ceil_mode and (out - 1) * s >= n + p:  # the last window would start in the padding
            out -= 1
        if out < 1:
            raise ValueError(
                f"{owner}: the kernel_size {kernel} (dilation {dilation}) is larger than "
                f"the padded input {tuple(m + 2 * q for m, q in zip(size, padding))}"
            )
        outputs.append(out)
        pads.append((p, max(p, (out - 1) * s + d * (k - 1) + 1 - n - p)))
    return tuple(outputs), tuple(pads)


def _pool_arguments(owner, dims, kernel_size, stride, padding, dilation=1):
    """kernel, stride (default: the kernel's), padding and dilation as 2-d tuples."""
    kernel = check_ints(kernel_size, dims, "kernel_size", owner, 1)
    if stride is None or isinstance(stride, (tuple, list)) and not stride:
        stride = kernel
    stride = check_ints(stride, dims, "stride", owner, 1)
    return (
        _lift(kernel, 1, dims),
        _lift(stride, 1, dims),
        _lift(check_ints(padding, dims, "padding", owner, 0), 0, dims),
        _lift(check_ints(dilation, dims, "dilation", owner, 1), 1, dims),
    )


def _lift(values, one, dims):
    """1-d arguments as the 2-d ones of a height of 1."""
    return values if dims == 2 else (one,) + values


def _as_2d(x, dims):
    return x if dims == 2 else x.reshape(x.shape[:2] + (1,) + x.shape[2:])


def _from_2d(out, dims, unbatched):
    if dims == 1:
        out = out.reshape(out.shape[:2] + out.shape[3:])
    return out.reshape(out.shape[1:]) if unbatched else out


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, dims, owner):
    x, unbatched = check_spatial_input(input, dims, owner)
    x = _as_2d(x, dims)
    kernel, stride, padding, dilation = _pool_arguments(owner, dims, kernel_size, stride, padding, dilation)
    _, pads = _pool_sizes(owner, x.shape[2:], kernel, stride, padding, dilation, ceil_mode)
    offset = _max_offsets(x._data, kernel, stride, pads, dilation)
    steps = _steps(x._data) or _row_steps(x.shape)  # x's own layout if it is one block of memory
    index = _max_index(offset, steps, kernel, stride, pads, dilation)
    overlapping = _overlapping(kernel, stride, dilation)
    out = _from_2d(MaxPool2d.apply(x, index=index, steps=steps, overlapping=overlapping), dims, unbatched)
    if not return_indices:
        return out
    plane = _max_index(offset, (0, 0, x.shape[3], 1), kernel, stride, pads, dilation)
    return out, _from_2d(tensor(plane), dims, unbatched)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each kernel_size window of (N, C, H, W) (or (C, H, W)): (N, C, Ho, Wo),

        Ho = (H + 2 padding - dilation (kh - 1) - 1) // stride + 1   (rounded up with ceil_mode)

    ``stride`` defaults to ``kernel_size``; padding (at most half the kernel) is -inf.
    ``return_indices``: also each maximum's index in its H * W plane (int64).
    """
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2, "max_pool2d"
    )


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The maximum of each kernel_size window of (N, C, L) (or (C, L)): max_pool2d of height 1."""
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1, "max_pool1d"
    )


def max_pool2d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """max_pool2d's values and indices, whatever ``return_indices`` says (PyTorch's signature)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)


def max_pool1d_with_indices(
    input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False
):
    """max_pool1d's values and indices, whatever ``return_indices`` says (PyTorch's signature)."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices=True)


# ---- average pooling ---------------------------------------------------------------------


class AvgPool2d(Function):
    """y = (sum of each window of x) / divisor;  dx = dy / divisor spread over each window"""

    name = "avg_pool2d"

    @staticmethod
    def forward(ctx, x, kernel, geometry, divisor):
        ctx.kernel, ctx.geometry, ctx.divisor, ctx.size = kernel, geometry, divisor, x.shape[2:]
        return _window_sum(x, kernel, geometry) / divisor

    @staticmethod
    def backward(ctx, grad):
        return spread(grad, ctx.kernel, ctx.geometry, ctx.divisor, ctx.size)


class AvgPool2dBackward(Function):
    """z = y / divisor spread over each window;  dy = (sum of each window of dz) / divisor"""

    name = "avg_pool2d_backward"

    @staticmethod
    def forward(ctx, y, kernel, geometry, divisor, size):
        ctx.kernel, ctx.geometry, ctx.divisor = kernel, geometry, divisor
        return _spread(y, kernel, geometry, divisor, size)

    @staticmethod
    def backward(ctx, grad):
        return (
            AvgPool2d.apply(grad, kernel=ctx.kernel, geometry=ctx.geometry, divisor=ctx.divisor)
            if isinstance(grad, Tensor)
            else _window_sum(grad, ctx.kernel, ctx.geometry) / ctx.divisor
        )


def _window_sum(x, kernel, geometry):
    return _windows(x, kernel, geometry).sum(axis=(4, 5))


def _spread(y, kernel, geometry, divisor, size):
    """Each y / divisor added to every element of its window: col2im of a broadcast (no copy)."""
    share = y / divisor
    n, c, ho, wo = share.shape
    cols = np.broadcast_to(share[:, :, None, None], (n, c) + kernel + (ho, wo))
    return _fold(cols, size, geometry)


def spread(y, kernel, geometry, divisor, size):
    """AvgPool2dBackward on arrays, or on Tensors (recorded)."""
    if isinstance(y, Tensor):
        return AvgPool2dBackward.apply(y, kernel=kernel, geometry=geometry, divisor=divisor, size=size)
    return _spread(y, kernel, geometry, divisor, size)


def _divisor(size, kernel, stride, padding, pads, count_include_pad, divisor_override, dtype):
    """What each window's sum is divided by: an override, the kernel's size, or (per window) the
    number of its elements in the input (and in the padding, with count_include_pad)."""
    if divisor_override is not None:
        return divisor_override
    counted = np.ones((1, 1) + tuple(size), dtype=dtype)
    inner = tuple((p, b - p) for p, (_, b) in zip(padding, pads))  # the ceil_mode extra
    if count_include_pad:
        counted = np.pad(counted, ((0, 0), (0, 0)) + tuple((p, p) for p in padding), constant_values=1)
        geometry = Geometry(stride, tuple((0, extra) for _, extra in inner), (1, 1), 1)
    else:
        geometry = Geometry(stride, pads, (1, 1), 1)
    divisor = _window_sum(counted, kernel, geometry)[0, 0]
    return divisor[0, 0] if (divisor == divisor[0, 0]).all() else divisor


def _avg_pool(
    input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, dims, owner
):
    x, unbatched = check_spatial_input(input, dims, owner)
    x = _as_2d(x, dims)
    kernel, stride, padding, _ = _pool_arguments(owner, dims, kernel_size, stride, padding)
    if divisor_override is not None and (
        isinstance(divisor_override, bool)
        or not isinstance(divisor_override, (int, np.integer))
        or divisor_override == 0
    ):
        raise ValueError(
            f"{owner}: divisor_override must be a non-zero int or None, got {divisor_override!r}"
        )
    _, pads = _pool_sizes(owner, x.shape[2:], kernel, stride, padding, (1, 1), ceil_mode)
    divisor = _divisor(
        x.shape[2:], kernel, stride, padding, pads, count_include_pad, divisor_override, x.dtype
    )
    geometry = Geometry(stride, pads, (1, 1), 1)
    out = AvgPool2d.apply(x, kernel=kernel, geometry=geometry, divisor=divisor)
    return _from_2d(out, dims, unbatched)


def avg_pool2d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    """The mean of each kernel_size window of (N, C, H, W) (or (C, H, W)): (N, C, Ho, Wo), sizes as
    in max_pool2d. Zero padding; ``count_include_pad=False`` divides by the elements inside the
    input only; ``divisor_override`` divides every sum by that number."""
    return _avg_pool(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2, "avg_pool2d"
    )


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """The mean of each kernel_size window of (N, C, L) (or (C, L)): avg_pool2d of height 1."""
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1, "avg_pool1d")


# ---- adaptive pooling --------------------------------------------------------------------


def _adaptive_bounds(size, out):
    """Window i covers [floor(i size / out), ceil((i + 1) size / out)), as in PyTorch."""
    i = np.arange(out)
    return i * size // out, -(-(i + 1) * size // out)


def _output_size(output_size, x, owner):
    sizes = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    sizes = tuple(n if s is None else s for s, n in zip(sizes, x.shape[2:])) if len(sizes) == 2 else sizes
    return check_ints(sizes, 2, "output_size", owner, 1)


def adaptive_avg_pool2d(input, output_size):
    """Average over output_size (Ho, Wo) windows that tile (N, C, H, W) (or (C, H, W)); window i
    covers rows floor(i H / Ho) to ceil((i + 1) H / Ho). Linear, so computed as A_h x A_w^T with
    averaging matrices: differentiable twice through matmul. ``None`` keeps a size."""
    owner = "adaptive_avg_pool2d"
    x, unbatched = check_spatial_input(input, 2, owner)
    out = x
    for axis, (n, m) in enumerate(zip(x.shape[2:], _output_size(output_size, x, owner))):
        start, stop = _adaptive_bounds(n, m)
        inside = (np.arange(n) >= start[:, None]) & (np.arange(n) < stop[:, None])  # (m, n)
        average = (inside / (stop - start)[:, None]).astype(x.dtype if x.dtype.kind == "f" else np.float64)
        out = average @ out if axis == 0 else out @ average.T
    return out.reshape(out.shape[1:]) if unbatched else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """The maximum over output_size windows that tile (N, C, H, W) (windows as in adaptive_avg_pool2d);
    ``return_indices``: also each maximum's index in its H * W plane."""
    owner = "adaptive_max_pool2d"
    x, unbatched = check_spatial_input(input, 2, owner)
    (h, w), (ho, wo) = x.shape[2:], _output_size(output_size, x, owner)
    rows, cols = (_window_members(n, m) for n, m in ((h, ho), (w, wo)))  # (Ho, kh), (Wo, kw)
    values = x._data[:, :, rows[:, :, None, None], cols[None, None]]  # (N, C, Ho, kh, Wo, kw)
    n, c, _, kh, _, kw = values.shape
    best = values.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, ho, wo, kh * kw).argmax(axis=-1)
    plane = rows[np.arange(ho)[:, None], best // kw] * w + cols[np.arange(wo), best % kw]
    index = np.arange(n * c).reshape(n, c, 1, 1) * (h * w) + plane
    out = AdaptiveMaxPool2d.apply(
        x, index=index, steps=_row_steps(x.shape), overlapping=bool(h % ho or w % wo)
    )
    if unbatched:
        out, plane = out.reshape(out.shape[1:]), plane[0]
    return (out, tensor(plane)) if return_indices else out


def _window_members(size, out):
    """(out, longest window) indices of each window's elements; shorter windows repeat their last
    element, which changes neither the maximum nor which index is first."""
    start, stop = _adaptive_bounds(size, out)
    members = start[:, None] + np.arange((stop - start).max())
    return np.minimum(members, stop[:, None] - 1)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool2d's values and indices, whatever ``return_indices`` says."""
    return adaptive_max_pool2d(input, output_size, return_indices=True)


def _as_height_one(input, output_size, owner):
    """A 1-d input (N, C, L) or (C, L) as (N, C, 1, L) (or (C, 1, L)), and (1, Lo)."""
    x = as_tensor(input)
    check_spatial_input(x, 1, owner)  # (N, C, L) or (C, L)
    (size,) = check_ints(output_size, 1, "output_size", owner, 1)
    return x.reshape(x.shape[:-1] + (1, x.shape[-1])), (1, size)


def adaptive_avg_pool1d(input, output_size):
    """Average over ``output_size`` windows that tile (N, C, L) (or (C, L)); window i covers
    floor(i L / Lo) to ceil((i + 1) L / Lo): adaptive_avg_pool2d of height 1."""
    x, size = _as_height_one(input, output_size, "adaptive_avg_pool1d")
    out = adaptive_avg_pool2d(x, size)
    return out.reshape(out.shape[:-2] + out.shape[-1:])


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """The maximum over ``output_size`` windows that tile (N, C, L) (or (C, L));
    ``return_indices``: also each maximum's index in L."""
    x, size = _as_height_one(input, output_size, "adaptive_max_pool1d")
    out, index = adaptive_max_pool2d(x, size, return_indices=True)
    out, index = (t.reshape(t.shape[:-2] + t.shape[-1:]) for t in (out, index))
    return (out, index) if return_indices else out


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool1d's values and indices, whatever ``return_indices`` says."""
    return adaptive_max_pool1d(input, output_size, return_indices=True)
