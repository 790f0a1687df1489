"""Convolutions: conv1d, conv2d, conv_transpose1d, conv_transpose2d, and unfold / fold (im2col and its adjoint).

The 2-d convolution (a cross-correlation, as in every deep-learning library) of x (N, C, H, W)
with a weight w (O, C/groups, kh, kw), in each group of channels:

    y[n, o, p, q] = b[o] + sum_{c, i, j} w[o, c, i, j] x_pad[n, c, p*sh + i*dh, q*sw + j*dw]

It is computed as one matrix product. im2row copies every window of x into a row of a matrix
of N*Ho*Wo rows and kh*kw*C columns (the windows of all samples one under the other); the
weight, seen as an (O, kh*kw*C) matrix, multiplies it in one GEMM per group (one large product
that BLAS can spread over its threads, rather than N small ones). The rows are read from x in
channels-last order (N, H, W, C), where a window's numbers for one kernel offset lie side by
side; the product's result is channels-last too, (N*Ho*Wo, O), and the output is that memory
seen as (N, O, Ho, Wo), no copy: the next layer's elementwise ops keep that layout, and the
next convolution reads it in the order it needs. (Measured on this project's benchmark
machine, products of this shape, many rows by a few columns, run 15-35 % faster than the
transposed ones of an im2col.)
That matrix, N*Ho*Wo*kh*kw*C numbers (kh*kw times the input for a stride of 1: 5 MB for
LeNet-5's first layer on a batch of 64 float32 28 x 28 images), is the only large temporary.
Conv2d keeps it for backward (it is dw's other factor; a hand-written im2col does the same), so
it lives until backward has run or the graph is dropped; without a graph (no_grad, eval) it is
freed at once. Backward makes one more array of about its size: for a stride of 1 the rows of
dy (dx is a convolution of dy, see ``_conv_transpose``), otherwise the columns of dx, which
col2im adds back into dx, one kernel offset at a time.

A convolution is linear in x and in w, so its derivatives are convolutions too:

    dx = conv_transpose(dy, w)    the adjoint in x: each dy[p, q] spread back over its window
    dw = correlate(x, dy)         the adjoint in w: the windows of x times dy, summed

The three Functions ``Conv2d``, ``ConvTranspose2d`` and ``Conv2dWeight`` (the correlation)
differentiate into one another, so convolutions are differentiable any number of times.
conv1d (conv_transpose1d) is conv2d (conv_transpose2d) with a height of 1.
"""

from collections import namedtuple

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd import Function, Tensor

from ._checks import as_tensor, check_ints, check_spatial_input

__all__ = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "unfold", "fold"]

Geometry = namedtuple("Geometry", "stride padding dilation groups")
Geometry.__doc__ = """How the windows of a 2-d convolution sit: (sh, sw), ((top, bottom), (left, right)),
(dh, dw), groups."""


# ---- the array kernels -------------------------------------------------------------------


def _windows(x, kernel, geometry):
    """The read-only view (N, C, Ho, Wo, kh, kw) of every window of x, zero-padded (no copy
    but the padding)."""
    (top, bottom), (left, right) = geometry.padding
    if top or bottom or left or right:
        x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    (kh, kw), (sh, sw), (dh, dw) = kernel, geometry.stride, geometry.dilation
    n, c, h, w = x.shape
    ho, wo = (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1
    s_n, s_c, s_h, s_w = x.strides
    return as_strided(
        x, (n, c, ho, wo, kh, kw), (s_n, s_c, s_h * sh, s_w * sw, s_h * dh, s_w * dw), writeable=False
    )


def _unfold(x, kernel, geometry):
    """im2col as F.unfold lays it out: the windows of x as columns, (N, C, kh, kw, Ho * Wo), a copy."""
    view = _windows(x, kernel, geometry)
    n, c, ho, wo, kh, kw = view.shape
    return np.ascontiguousarray(view.transpose(0, 1, 4, 5, 2, 3)).reshape(n, c, kh, kw, ho * wo)


# Convolutions with at least this many input channels per group unfold channels-last (rows);
# fewer, channels-first (columns). Measured with benchmarks/conv.py: VGG's 32 and 64 channels
# run ~20 % faster by rows, LeNet-5's 1 and 6 two times slower (a row then copies runs of 1
# to 6 numbers, and a product with 6 columns is slow).
CHANNELS_LAST_FROM = 16


def _by_rows(channels):
    """Whether a convolution with ``channels`` input channels per group unfolds into rows."""
    return channels >= CHANNELS_LAST_FROM


# -- channels-first: columns (g, C/g * kh * kw, N * Ho * Wo)


def _columns(x, kernel, geometry):
    """im2col as the convolution's product reads it: the windows of every sample side by side,
    (groups, C/groups * kh * kw, N * Ho * Wo), a copy. Returns it and (Ho, Wo)."""
    view = _windows(x, kernel, geometry)
    n, c, ho, wo, kh, kw = view.shape
    cols = np.ascontiguousarray(view.transpose(1, 4, 5, 0, 2, 3))  # (C, kh, kw, N, Ho, Wo)
    return cols.reshape(geometry.groups, -1, n * ho * wo), (ho, wo)


def _batch_first(y, n):
    """A product's (g, O/g, N * L) result as an (N, O, L) array (a copy: every sample contiguous)."""
    return np.ascontiguousarray(y.reshape(-1, n, y.shape[-1] // n).swapaxes(0, 1))


def _grad_columns(grad, groups):
    """(N, O, ...) as the (g, O/g, N * L) factor of a product (a copy)."""
    n, o = grad.shape[:2]
    return np.ascontiguousarray(grad.reshape(n, o, -1).swapaxes(0, 1)).reshape(groups, o // groups, -1)


# -- channels-last: rows (g, N * Ho * Wo, kh * kw * C/g)


def _channels_last(x, pads):
    """x (N, C, H, W) as (N, H + top + bottom, W + left + right, C): zero-padded (a negative
    pad crops) and transposed in one copy, so that each pixel's channels lie side by side."""
    (top, bottom), (left, right) = pads
    n, c, h, w = x.shape
    out = np.zeros((n, h + top + bottom, w + left + right, c), dtype=x.dtype)
    out[:, max(top, 0) : out.shape[1] - max(bottom, 0), max(left, 0) : out.shape[2] - max(right, 0)] = x[
        :, :, max(-top, 0) : h - max(-bottom, 0), max(-left, 0) : w - max(-right, 0)
    ].transpose(0, 2, 3, 1)
    return out


def _rows(x, kernel, geometry):
    """im2row: each window of x a row, its numbers in (kh, kw, C/g) order, one matrix per
    group, (g, N * Ho * Wo, kh * kw * C/g), a copy. Returns it and (Ho, Wo)."""
    x = _channels_last(x, geometry.padding)
    (kh, kw), (sh, sw), (dh, dw), g = kernel, geometry.stride, geometry.dilation, geometry.groups
    n, h, w, c = x.shape
    ho, wo = (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1
    s_n, s_h, s_w, s_c = x.strides
    view = as_strided(
        x,
        (g, n, ho, wo, kh, kw, c // g),
        (s_c * (c // g), s_n, s_h * sh, s_w * sw, s_h * dh, s_w * dw, s_c),
        writeable=False,
    )
    return np.ascontiguousarray(view).reshape(g, n * ho * wo, -1), (ho, wo)


def _weight_rows(weight, groups):
    """w (O, C/g, kh, kw) as the product's (g, O/g, kh * kw * C/g) factor, in _rows' order."""
    o, cg, kh, kw = weight.shape
    return (
        weight.reshape(groups, o // groups, cg, kh, kw)
        .transpose(0, 1, 3, 4, 2)
        .reshape(groups, o // groups, -1)
    )


def _channels_first(y, n, size):
    """A product's (g, N * Ho * Wo, O/g) result as (N, O, Ho, Wo): for one group a view that
    keeps y's channels-last memory (no copy; numpy's elementwise ops keep that layout, and the
    next convolution's _channels_last reads it fast), else a copy. A result of height 1 (a
    1-d convolution's) is copied to row order too: dropout would draw other masks on it than
    on PyTorch's (see nn.functional.dropouts._memory_order)."""
    g, _, og = y.shape
    out = y.reshape(g, n, -1, og).transpose(1, 0, 3, 2)
    return (out if g == 1 and size[0] > 1 else np.ascontiguousarray(out)).reshape(n, g * og, *size)


def _grad_rows(grad, groups):
    """(N, O, Ho, Wo) as the (g, N * Ho * Wo, O/g) factor of a product, a copy."""
    n, o = grad.shape[:2]
    split = grad.reshape(n, groups, o // groups, -1).transpose(1, 0, 3, 2)
    return np.ascontiguousarray(split).reshape(groups, -1, o // groups)


# -- col2im


def _fold(cols, size, geometry):
    """col2im, the adjoint of im2col: add each column (N, C, kh, kw, Ho, Wo) back where its
    window lies in an (N, C, *size) input; one strided slice per kernel offset."""
    n, c, kh, kw, ho, wo = cols.shape
    (top, bottom), (left, right) = geometry.padding
    (sh, sw), (dh, dw) = geometry.stride, geometry.dilation
    out = np.zeros((n, c, size[0] + top + bottom, size[1] + left + right), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh : i * dh + sh * (ho - 1) + 1 : sh, j * dw : j * dw + sw * (wo - 1) + 1 : sw] += (
                cols[:, :, i, j]
            )
    return out[:, :, top : top + size[0], left : left + size[1]]


def _fold_rows(cols, size, geometry):
    """col2im for a stride of 1, of columns (N, C, kh, kw, Ho, Wp) whose rows are as wide as the
    padded input (Wp; zeros past Wo). In the flattened padded image a window moved by the kernel
    offset (i, j) moves by i dh Wp + j dw, so each offset's block is added as one contiguous run
    (the zero columns land on the next row's start, adding nothing)."""
    n, c, kh, kw, ho, wp = cols.shape
    (top, bottom), (left, _) = geometry.padding
    dh, dw = geometry.dilation
    hp = size[0] + top + bottom
    out = np.zeros((n, c, hp * wp + (kw - 1) * dw), dtype=cols.dtype)  # the last run's overhang
    for i in range(kh):
        for j in range(kw):
            start = i * dh * wp + j * dw
            out[:, :, start : start + ho * wp] += cols[:, :, i, j].reshape(n, c, ho * wp)
    out = out[:, :, : hp * wp].reshape(n, c, hp, wp)
    return out[:, :, top : top + size[0], left : left + size[1]]


# -- the three products


def _conv(x, weight, bias, geometry):
    """y = w x_unfolded (+ b): one matrix product per group, all samples at once. Returns y and
    x unfolded (rows or columns, see CHANNELS_LAST_FROM)."""
    n, g = x.shape[0], geometry.groups
    if _by_rows(x.shape[1] // g):
        unfolded, size = _rows(x, weight.shape[2:], geometry)  # (g, N*Ho*Wo, kh*kw*C/g)
        out = _channels_first(unfolded @ _weight_rows(weight, g).swapaxes(1, 2), n, size)
    else:
        unfolded, size = _columns(x, weight.shape[2:], geometry)  # (g, C/g*kh*kw, N*Ho*Wo)
        out = _batch_first(weight.reshape(g, -1, unfolded.shape[1]) @ unfolded, n).reshape(n, -1, *size)
    return (out if bias is None else _add_bias(out, bias)), unfolded


def _conv_transpose(grad, weight, size, geometry):
    """z, the adjoint of the convolution in x, an (N, C, *size) array. With a stride of 1, when
    grad unfolds into rows no larger than x's columns, it is a convolution of grad itself: the
    kernel flipped, in and out channels swapped, padding d (k - 1) - p on each side. Otherwise
    the columns w^T grad of every window, added back where each window lies (col2im); with a
    stride of 1, grad is first widened with zeros to the padded input's width (see _fold_rows)."""
    n, o, ho, wo = grad.shape
    g, cg, (kh, kw), (dh, dw) = geometry.groups, weight.shape[1], weight.shape[2:], geometry.dilation
    (top, bottom), (left, right) = geometry.padding
    stride_1 = geometry.stride == (1, 1)
    if stride_1 and _by_rows(o // g) and o * size[0] * size[1] <= g * cg * ho * (size[1] + left + right):
        flipped = weight[:, :, ::-1, ::-1].reshape(g, o // g, cg, kh, kw).swapaxes(1, 2)
        pads = ((dh * (kh - 1) - top, dh * (kh - 1) - bottom), (dw * (kw - 1) - left, dw * (kw - 1) - right))
        geometry = Geometry((1, 1), pads, geometry.dilation, g)
        return _conv(grad, flipped.reshape(g * cg, o // g, kh, kw), None, geometry)[0]
    if stride_1:
        wide = np.zeros((n, o, ho, size[1] + left + right), dtype=grad.dtype)
        wide[..., :wo] = grad
        grad = wide
    cols = weight.reshape(g, o // g, -1).swapaxes(1, 2) @ _grad_columns(grad, g)  # (g, C/g*kh*kw, N*Ho*W')
    cols = cols.reshape(g * cg, kh, kw, n, ho, grad.shape[3])
    return (_fold_rows if stride_1 else _fold)(cols.transpose(3, 0, 1, 2, 4, 5), size, geometry)


def _correlate(x, grad, kernel, geometry, unfolded=None):
    """v = grad x_unfolded^T: the adjoint of the convolution in w, one product per group over
    all samples (``unfolded``: x's rows or columns, if already made)."""
    g, cg = geometry.groups, x.shape[1] // geometry.groups
    if _by_rows(cg):
        rows = _rows(x, kernel, geometry)[0] if unfolded is None else unfolded  # (g, N*Ho*Wo, kh*kw*C/g)
        v = _grad_rows(grad, g).swapaxes(1, 2) @ rows  # (g, O/g, kh*kw*C/g)
        return v.reshape(-1, *kernel, cg).transpose(0, 3, 1, 2)
    cols = _columns(x, kernel, geometry)[0] if unfolded is None else unfolded  # (g, C/g*kh*kw, N*L)
    v = cols @ _grad_columns(grad, g).swapaxes(1, 2)  # (g, C/g*kh*kw, O/g): the faster orientation
    return v.swapaxes(1, 2).reshape(-1, cg, *kernel)


def _add_bias(out, bias):
    bias = bias.reshape(-1, 1, 1)
    if bias.dtype == out.dtype:
        out += bias
        return out
    return out + bias


# ---- the Functions, and their calls on arrays or Tensors ---------------------------------


class Conv2d(Function):
    """y = conv(x, w) + b;  dx = conv_transpose(dy, w),  dw = correlate(x, dy),  db = dy summed over N, H, W"""

    name = "conv2d"

    @staticmethod
    def forward(ctx, x, weight, bias, geometry):
        ctx.geometry, ctx.size = geometry, x.shape[2:]
        out, cols = _conv(x, weight, bias, geometry)
        ctx.save_for_backward(x, weight, cols)  # x unfolded is dw's other factor: kept, not redone
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight, cols = ctx.saved_tensors
        need_x, need_weight, need_bias = ctx.needs_input_grad
        grad_weight = None
        if need_weight:
            grad_weight = (
                correlate(x, grad, weight.shape[2:], ctx.geometry)
                if ctx.differentiable
                else _correlate(x, grad, weight.shape[2:], ctx.geometry, cols)
            )
        return (
            conv_transpose(grad, weight, None, ctx.size, ctx.geometry) if need_x else None,
            grad_weight,
            grad.sum(axis=(0, 2, 3)) if need_bias else None,
        )


class ConvTranspose2d(Function):
    """z = conv_transpose(y, w) + b;  dy = conv(dz, w),  dw = correlate(dz, y),  db = dz summed over N, H, W"""

    name = "conv_transpose2d"

    @staticmethod
    def forward(ctx, y, weight, bias, size, geometry):
        ctx.geometry = geometry
        ctx.save_for_backward(y, weight)
        out = _conv_transpose(y, weight, size, geometry)
        return out if bias is None else _add_bias(out, bias)

    @staticmethod
    def backward(ctx, grad):
        y, weight = ctx.saved_tensors
        need_y, need_weight, need_bias = ctx.needs_input_grad
        return (
            conv(grad, weight, None, ctx.geometry) if need_y else None,
            correlate(grad, y, weight.shape[2:], ctx.geometry) if need_weight else None,
            grad.sum(axis=(0, 2, 3)) if need_bias else None,
        )


class Conv2dWeight(Function):
    """v = correlate(x, y) (conv's dw for dy = y);  dx = conv_transpose(y, dv),  dy = conv(x, dv)"""

    name = "conv2d_weight"

    @staticmethod
    def forward(ctx, x, y, kernel, geometry):
        ctx.geometry, ctx.size = geometry, x.shape[2:]
        ctx.save_for_backward(x, y)
        return _correlate(x, y, kernel, geometry)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad
        return (
            conv_transpose(y, grad, None, ctx.size, ctx.geometry) if need_x else None,
            conv(x, grad, None, ctx.geometry) if need_y else None,
        )


def _any_tensor(*values):
    return any(isinstance(v, Tensor) for v in values)


def conv(x, weight, bias, geometry):
    """Conv2d on arrays, or on Tensors (recorded): for use inside backward."""
    if _any_tensor(x, weight, bias):
        return Conv2d.apply(x, weight, bias, geometry=geometry)
    return _conv(x, weight, bias, geometry)[0]


def conv_transpose(y, weight, bias, size, geometry):
    """ConvTranspose2d on arrays, or on Tensors (recorded)."""
    if _any_tensor(y, weight, bias):
        return ConvTranspose2d.apply(y, weight, bias, size=tuple(size), geometry=geometry)
    out = _conv_transpose(y, weight, size, geometry)
    return out if bias is None else _add_bias(out, bias)


def correlate(x, y, kernel, geometry):
    """Conv2dWeight on arrays, or on Tensors (recorded)."""
    if _any_tensor(x, y):
        return Conv2dWeight.apply(x, y, kernel=tuple(kernel), geometry=geometry)
    return _correlate(x, y, kernel, geometry)


# ---- arguments ---------------------------------------------------------------------------


def _padding(padding, kernel, stride, dilation, owner):
    """Padding as ((before, after), ...) per spatial dimension, from an int, a tuple,
    "valid" (none) or "same" (the output as large as the input; stride 1 only; an odd total
    puts the extra row or column after, as PyTorch does)."""
    if isinstance(padding, str):
        if padding == "valid":
            return tuple((0, 0) for _ in kernel)
        if padding != "same":
            raise ValueError(f"{owner}: padding must be an int, a tuple, 'valid' or 'same', got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(
                f"{owner}: padding='same' is not supported for strided convolutions (stride={stride})"
            )
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return tuple((t // 2, t - t // 2) for t in totals)
    return tuple((p, p) for p in check_ints(padding, len(kernel), "padding", owner, 0))


def _geometry(owner, input_shape, weight_shape, stride, padding, dilation, groups):
    """Check a convolution's arguments (1 or 2 spatial dimensions) against the input and
    weight shapes; return them as a 2-d Geometry."""
    input_shape, weight_shape = tuple(input_shape), tuple(weight_shape)  # messages show tuples
    dims = len(input_shape) - 2
    if len(weight_shape) != dims + 2:
        raise ValueError(
            f"{owner}: weight must have {dims + 2} dimensions (out_channels, "
            f"in_channels / groups, {', '.join('kernel ' + d for d in 'dhw'[-dims:])}), "
            f"got shape {weight_shape}"
        )
    (groups,) = check_ints(groups, 1, "groups", owner, 1)
    channels, out_channels, kernel = input_shape[1], weight_shape[0], weight_shape[2:]
    if out_channels % groups:
        raise ValueError(
            f"{owner}: groups={groups} must divide the out_channels ({out_channels}, "
            f"weight of shape {weight_shape})"
        )
    if channels != weight_shape[1] * groups:
        raise ValueError(
            f"{owner}: expected input with {weight_shape[1] * groups} channels "
            f"(weight of shape {weight_shape}, groups={groups}), got {channels} channels "
            f"(input of shape {input_shape})"
        )
    stride = check_ints(stride, dims, "stride", owner, 1)
    dilation = check_ints(dilation, dims, "dilation", owner, 1)
    pads = _padding(padding, kernel, stride, dilation, owner)
    _check_fits(owner, input_shape[2:], kernel, pads, dilation)
    return _as_2d(Geometry(stride, pads, dilation, groups))


def _check_fits(owner, size, kernel, pads, dilation):
    padded = tuple(n + a + b for n, (a, b) in zip(size, pads))
    extent = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
    if any(e > p for e, p in zip(extent, padded)) or 0 in kernel:
        raise ValueError(
            f"{owner}: the kernel {' x '.join(map(str, kernel))} (dilated: "
            f"{' x '.join(map(str, extent))}) is larger than the padded input "
            f"{' x '.join(map(str, padded))}"
        )


def _as_2d(geometry):
    """A 1-d geometry as the 2-d one of a height of 1 (2-d and 3-d ones as they are)."""
    if len(geometry.stride) != 1:
        return geometry
    return Geometry(
        (1,) + geometry.stride, ((0, 0),) + geometry.padding, (1,) + geometry.dilation, geometry.groups
    )


def _bias(bias, out_channels, owner):
    if bias is None:
        return None
    bias = as_tensor(bias, "bias")
    if bias.shape != (out_channels,):
        raise ValueError(
            f"{owner}: bias must have shape ({out_channels},), one per output channel, got shape {tuple(bias.shape)}"
        )
    return bias


def _check_dtypes(owner, x, weight, bias):
    """PyTorch's rule: input, weight and bias of one floating dtype (no silent promotion)."""
    given = [("input", x), ("weight", weight)] + ([("bias", bias)] if bias is not None else [])
    if x.dtype.kind != "f" or any(t.dtype != x.dtype for _, t in given):
        listed = ", ".join(f"{name} {t.dtype}" for name, t in given)
        raise TypeError(f"{owner}: input, weight and bias must have the same floating dtype, got {listed}")


# ---- the functions -----------------------------------------------------------------------


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution of (N, C, H, W) (or (C, H, W)) with weight (O, C/groups, kh, kw): (N, O, Ho, Wo),

        Ho = (H + pad_top + pad_bottom - dilation (kh - 1) - 1) // stride + 1   (and Wo alike)

    ``padding``: an int, a pair, "valid" (0) or "same" (Ho = H; stride 1). Zero padding.
    Memory: the unfolded input, N * C * kh * kw * Ho * Wo numbers, kept for backward while the
    graph lives (see the module's docstring).
    """
    return _convolve(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution of (N, C, L) (or (C, L)) with weight (O, C/groups, k): (N, O, Lo),
    Lo = (L + 2 padding - dilation (k - 1) - 1) // stride + 1; conv2d with a height of 1."""
    return _convolve(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def _convolve(input, weight, bias, stride, padding, dilation, groups, dims, owner):
    """conv1d / conv2d (owner: the name in errors, a layer's when a layer calls)."""
    x, unbatched = check_spatial_input(input, dims, owner)
    weight = as_tensor(weight, "weight")
    geometry = _geometry(owner, x.shape, weight.shape, stride, padding, dilation, groups)
    bias = _bias(bias, weight.shape[0], owner)
    _check_dtypes(owner, x, weight, bias)
    if dims == 1:  # a height of 1
        x = x.reshape(x.shape[:2] + (1,) + x.shape[2:])
        weight = weight.reshape(weight.shape[:2] + (1,) + weight.shape[2:])
    out = Conv2d.apply(x, weight, bias, geometry=geometry)
    if dims == 1:
        out = out.reshape(out.shape[:2] + out.shape[3:])
    return out.reshape(out.shape[1:]) if unbatched else out


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed convolution (the adjoint of conv2d in its input) of (N, C_in, H, W) with
    weight (C_in, C_out/groups, kh, kw): (N, C_out, Ho, Wo),

        Ho = (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1   (and Wo alike)

    ``output_padding`` (< stride) adds rows and columns at the end: several sizes of the
    convolution's input give the same H.
    """
    return _transpose_convolve(
        input, weight, bias, stride, padding, output_padding, groups, dilation, 2, "conv_transpose2d"
    )


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 1-d convolution of (N, C_in, L) (or (C_in, L)) with weight
    (C_in, C_out/groups, k): (N, C_out, Lo), Lo = (L - 1) stride - 2 padding + dilation (k - 1)
    + output_padding + 1; conv_transpose2d with a height of 1."""
    return _transpose_convolve(
        input, weight, bias, stride, padding, output_padding, groups, dilation, 1, "conv_transpose1d"
    )


def _transpose_convolve(input, weight, bias, stride, padding, output_padding, groups, dilation, dims, owner):
    """conv_transpose1d / conv_transpose2d (owner: the name in errors)."""
    x, unbatched = check_spatial_input(input, dims, owner)
    weight = as_tensor(weight, "weight")
    if weight.ndim != dims + 2:
        raise ValueError(
            f"{owner}: weight must have {dims + 2} dimensions (in_channels, out_channels / groups, "
            f"{', '.join('kernel ' + d for d in 'hw'[-dims:])}), got shape {tuple(weight.shape)}"
        )
    (groups,) = check_ints(groups, 1, "groups", owner, 1)
    if weight.shape[0] != x.shape[1] or x.shape[1] % groups:
        raise ValueError(
            f"{owner}: expected input with {weight.shape[0]} channels (weight of shape "
            f"{tuple(weight.shape)}), divisible by groups={groups}; got {x.shape[1]} channels "
            f"(input of shape {tuple(x.shape)})"
        )
    stride = check_ints(stride, dims, "stride", owner, 1)
    dilation = check_ints(dilation, dims, "dilation", owner, 1)
    pads = tuple((p, p) for p in check_ints(padding, dims, "padding", owner, 0))
    extra = check_ints(output_padding, dims, "output_padding", owner, 0)
    if any(e >= s for e, s in zip(extra, stride)):
        raise ValueError(f"{owner}: output_padding {extra} must be smaller than the stride {stride}")
    size = tuple(
        (n - 1) * s - 2 * p + d * (k - 1) + e + 1
        for n, s, (p, _), d, k, e in zip(x.shape[2:], stride, pads, dilation, weight.shape[2:], extra)
    )
    if min(size) <= 0:
        raise ValueError(
            f"{owner}: the output size {size} for input of shape {tuple(x.shape)} is not positive "
            f"(padding {padding} is too large)"
        )
    geometry = _as_2d(Geometry(stride, pads, dilation, groups))
    bias = _bias(bias, weight.shape[1] * groups, owner)
    _check_dtypes(owner, x, weight, bias)
    if dims == 1:  # a height of 1
        x = x.reshape(x.shape[:2] + (1,) + x.shape[2:])
        weight = weight.reshape(weight.shape[:2] + (1,) + weight.shape[2:])
        size = (1,) + size
    out = ConvTranspose2d.apply(x, weight, bias, size=size, geometry=geometry)
    if dims == 1:
        out = out.reshape(out.shape[:2] + out.shape[3:])
    return out.reshape(out.shape[1:]) if unbatched else out


class Unfold(Function):
    """cols = im2col(x), (N, C*kh*kw, L);  dx = fold(dcols) (col2im)"""

    name = "unfold"

    @staticmethod
    def forward(ctx, x, kernel, geometry):
        ctx.size, ctx.kernel, ctx.geometry = x.shape[2:], kernel, geometry
        cols = _unfold(x, kernel, geometry)
        return cols.reshape(x.shape[0], -1, cols.shape[-1])

    @staticmethod
    def backward(ctx, grad):
        return _fold_any(grad, ctx.size, ctx.kernel, ctx.geometry)


class Fold(Function):
    """x = col2im(cols), (N, C, H, W), overlapping windows summed;  dcols = unfold(dx)"""

    name = "fold"

    @staticmethod
    def forward(ctx, cols, size, kernel, geometry):
        ctx.kernel, ctx.geometry = kernel, geometry
        return _fold_columns(cols, size, kernel, geometry)

    @staticmethod
    def backward(ctx, grad):
        return _unfold_any(grad, ctx.kernel, ctx.geometry)


def _window_count(size, kernel, geometry):
    """(Ho, Wo): how many windows fit in an input of spatial size ``size``."""
    return _windows(np.empty((1, 1) + tuple(size), dtype=np.int8), kernel, geometry).shape[2:4]


def _fold_columns(cols, size, kernel, geometry):
    """col2im of unfold's (N, C*kh*kw, L) columns."""
    ho, wo = _window_count(size, kernel, geometry)
    return _fold(cols.reshape(cols.shape[0], -1, *kernel, ho, wo), size, geometry)


def _unfold_any(x, kernel, geometry):
    if isinstance(x, Tensor):
        return Unfold.apply(x, kernel=kernel, geometry=geometry)
    cols = _unfold(x, kernel, geometry)
    return cols.reshape(x.shape[0], -1, cols.shape[-1])


def _fold_any(cols, size, kernel, geometry):
    if isinstance(cols, Tensor):
        return Fold.apply(cols, size=tuple(size), kernel=kernel, geometry=geometry)
    return _fold_columns(cols, tuple(size), kernel, geometry)


def _window_arguments(owner, kernel_size, dilation, padding, stride):
    kernel = check_ints(kernel_size, 2, "kernel_size", owner, 1)
    geometry = Geometry(
        check_ints(stride, 2, "stride", owner, 1),
        tuple((p, p) for p in check_ints(padding, 2, "padding", owner, 0)),
        check_ints(dilation, 2, "dilation", owner, 1),
        1,
    )
    return kernel, geometry


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: every kernel_size window of an (N, C, H, W) input as a column, (N, C*kh*kw, L),
    L = Ho * Wo windows (the sizes of conv2d's output). A copy of L*kh*kw numbers per channel.
    An unbatched (C, H, W) input gives (C*kh*kw, L)."""
    owner = "unfold"
    x = as_tensor(input)
    if x.ndim not in (3, 4):
        raise ValueError(
            f"{owner}: expected an input of shape (N, C, H, W) or (C, H, W), got shape {tuple(x.shape)}"
        )
    kernel, geometry = _window_arguments(owner, kernel_size, dilation, padding, stride)
    _check_fits(owner, x.shape[-2:], kernel, geometry.padding, geometry.dilation)
    if x.ndim == 3:
        return Unfold.apply(x.reshape((1,) + x.shape), kernel=kernel, geometry=geometry)[0]
    return Unfold.apply(x, kernel=kernel, geometry=geometry)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im, the adjoint of unfold: columns (N, C*kh*kw, L) added back into an
    (N, C, *output_size) image, overlapping windows summed (unbatched (C*kh*kw, L): (C, *output_size))."""
    owner = "fold"
    cols = as_tensor(input)
    size = check_ints(output_size, 2, "output_size", owner, 1)
    kernel, geometry = _window_arguments(owner, kernel_size, dilation, padding, stride)
    _check_fits(owner, size, kernel, geometry.padding, geometry.dilation)
    windows = _window_count(size, kernel, geometry)
    if cols.ndim == 2:
        return fold(cols.reshape((1,) + cols.shape), size, kernel, dilation, padding, stride)[0]
    if cols.ndim != 3 or cols.shape[1] % (kernel[0] * kernel[1]) or cols.shape[2] != windows[0] * windows[1]:
        raise ValueError(
            f"{owner}: expected input of shape (N, C * {kernel[0]} * {kernel[1]}, "
            f"{windows[0] * windows[1]}) for output_size {size} and kernel_size {kernel}, "
            f"got shape {tuple(cols.shape)}"
        )
    return Fold.apply(cols, size=size, kernel=kernel, geometry=geometry)
