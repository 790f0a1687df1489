"""Reductions: sum, mean, max, min, logsumexp, var, norms, and the softmax family.

A reduction's backward spreads the (smaller) gradient back over the input:
``_expand`` puts back the reduced axes and broadcasts.
"""

import math
import numbers

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .checks import dims_index
from .elementwise import Abs, select
from .rounding import Sign
from .shape import broadcast_to


def _normalize_axis(axis, ndim, name):
    """axis (None, int or tuple) -> a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    normalized = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)) or not -ndim <= a < ndim:
            raise ValueError(f"{name}: axis {axis!r} is out of range for a Tensor with {ndim} dimension(s)")
        normalized.append(int(a) % ndim)
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"{name}: axis {axis!r} repeats an axis")
    return tuple(sorted(normalized))


def _expand(grad, input_shape, axes, keepdims):
    """Broadcast a reduced gradient back to the input's shape."""
    if not keepdims:
        grad = grad.reshape(tuple(1 if i in axes else n for i, n in enumerate(input_shape)))
    return broadcast_to(grad, input_shape)


class Sum(Function):
    """y = sum of x over axes;  dx = dy copied along the summed axes"""

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        ctx.shape, ctx.keepdims = x.shape, keepdims
        ctx.axes = _normalize_axis(axis, x.ndim, "sum")
        return np.sum(x, axis=ctx.axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return _expand(grad, ctx.shape, ctx.axes, ctx.keepdims)


class Mean(Function):
    """y = mean of x over axes (n elements each);  dx = dy / n copied along the axes"""

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        ctx.shape, ctx.keepdims = x.shape, keepdims
        ctx.axes = _normalize_axis(axis, x.ndim, "mean")
        ctx.count = int(np.prod([x.shape[a] for a in ctx.axes]))
        if ctx.count == 0:
            raise ValueError(f"mean: the axes {axis!r} of shape {tuple(x.shape)} hold no elements")
        return np.mean(x, axis=ctx.axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return _expand(grad, ctx.shape, ctx.axes, ctx.keepdims) / ctx.count


class _Extreme(Function):
    """Shared by Max and Min: the gradient goes to the extreme element(s), split among ties."""

    reduce = None

    @classmethod
    def forward(cls, ctx, x, axis=None, keepdims=False):
        axes = _normalize_axis(axis, x.ndim, cls.name)
        if x.size == 0:
            raise ValueError(f"{cls.name}: a Tensor of shape {tuple(x.shape)} has no elements")
        with np.errstate(invalid="ignore"):  # the max of a nan is nan
            out = cls.reduce(x, axis=axes, keepdims=True)
        hits = (x == out) | (np.isnan(x) & np.isnan(out))  # a nan maximum is the nan's
        ctx.share = hits / np.sum(hits, axis=axes, keepdims=True).astype(x.dtype)
        ctx.shape, ctx.axes, ctx.keepdims = x.shape, axes, keepdims
        return out if keepdims else np.squeeze(out, axis=axes)

    @staticmethod
    def backward(ctx, grad):
        return _expand(grad, ctx.shape, ctx.axes, ctx.keepdims) * ctx.share


class Max(_Extreme):
    """y = max of x over axes;  dx = dy at the maximum (shared equally among ties)"""

    reduce = staticmethod(np.max)


class Min(_Extreme):
    """y = min of x over axes;  dx = dy at the minimum (shared equally among ties)"""

    reduce = staticmethod(np.min)


def _shifted(x, axes):
    """(x - max, log sum exp(x - max), max) over axes (kept): no exp overflows. Spreads wider
    than the float range give -inf for the smallest; infinite maxima are not subtracted."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        shift = np.max(x, axis=axes, keepdims=True)
        shift = np.where(np.isfinite(shift), shift, 0)
        shifted = x - shift
        return shifted, np.log(np.sum(np.exp(shifted), axis=axes, keepdims=True)), shift


def _undefined_where_infinite(out, log_sum):
    """NaN across every slice that holds +inf (its log sum is inf): softmax has no value
    there (inf / inf), and PyTorch gives NaN for the whole slice, not just the inf entry."""
    infinite = np.isposinf(log_sum)
    return np.where(infinite, np.nan, out) if infinite.any() else out


class LogSumExp(Function):
    """y = log sum exp(x) over axes;  dx = dy * exp(x - y)  (the softmax of x)"""

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        ctx.axes = _normalize_axis(axis, x.ndim, "logsumexp")
        if x.size == 0:
            raise ValueError(f"logsumexp: a Tensor of shape {tuple(x.shape)} has no elements")
        ctx.shape, ctx.keepdims = x.shape, keepdims
        _, log_sum, shift = _shifted(x, ctx.axes)
        with np.errstate(invalid="ignore"):
            out = log_sum + shift
        out = out if keepdims else np.squeeze(out, axis=ctx.axes)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        out = _expand(out, ctx.shape, ctx.axes, ctx.keepdims)
        return _expand(grad, ctx.shape, ctx.axes, ctx.keepdims) * np.exp(x - out)


class Softmax(Function):
    """y = exp(x) / sum exp(x) along axis;  dx = y * (dy - sum(dy * y))"""

    @staticmethod
    def forward(ctx, x, axis=-1):
        ctx.axis = _normalize_axis(axis, x.ndim, "softmax")
        shifted, log_sum, _ = _shifted(x, ctx.axis)
        with np.errstate(invalid="ignore"):  # inf - inf: nan, as in PyTorch
            out = _undefined_where_infinite(np.exp(shifted - log_sum), log_sum)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - (grad * out).sum(axis=ctx.axis, keepdims=True))


class LogSoftmax(Function):
    """y = x - logsumexp(x) along axis;  dx = dy - exp(y) * sum(dy)"""

    @staticmethod
    def forward(ctx, x, axis=-1):
        ctx.axis = _normalize_axis(axis, x.ndim, "log_softmax")
        shifted, log_sum, _ = _shifted(x, ctx.axis)
        with np.errstate(invalid="ignore"):
            out = _undefined_where_infinite(shifted - log_sum, log_sum)  # exact where x = max
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * grad.sum(axis=ctx.axis, keepdims=True)


def var(x, axis=None, keepdims=False, ddof=0):
    """Variance: mean squared deviation, divided by (n - ddof) instead of n."""
    axes = _normalize_axis(axis, x.ndim, "var")
    count = int(np.prod([x.shape[a] for a in axes]))
    if count - ddof <= 0:
        raise ValueError(
            f"var: {count} element(s) along axis {axis!r} with ddof={ddof} leave no degrees of freedom"
        )
    deviation = x - x.mean(axis=axes, keepdims=True)
    return (deviation * deviation).sum(axis=axes, keepdims=keepdims) / (count - ddof)


def softmax(x, axis=-1):
    """softmax along axis of an array (numpy) or a Tensor (differentiable), for use in backward."""
    if isinstance(x, Tensor):
        return Softmax.apply(x, axis=axis)
    shifted, log_sum, _ = _shifted(x, _normalize_axis(axis, x.ndim, "softmax"))
    return np.exp(shifted - log_sum)


def _dims(dim, ndim, op):
    """PyTorch's dim for a reduction (None or () for all dims, an int or a tuple) as a tuple."""
    empty = isinstance(dim, (tuple, list)) and len(dim) == 0
    return None if dim is None or empty else dims_index(dim, ndim, op)


def amax(x, dim=None, keepdim=False):
    """The maximum over dims; the gradient is shared equally among ties (as PyTorch)."""
    return Max.apply(x, axis=_dims(dim, x.ndim, "amax"), keepdims=keepdim)


def amin(x, dim=None, keepdim=False):
    """The minimum over dims; the gradient is shared equally among ties (as PyTorch)."""
    return Min.apply(x, axis=_dims(dim, x.ndim, "amin"), keepdims=keepdim)


class Norm(Function):
    """y = sqrt(sum x^2) over axes;  dx = dy x / y  (0 where y = 0, as PyTorch)"""

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        ctx.shape, ctx.keepdims = x.shape, keepdims
        ctx.axes = _normalize_axis(axis, x.ndim, "norm")
        out = np.sqrt(np.sum(x * x, axis=ctx.axes, keepdims=keepdims))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        out = _expand(out, ctx.shape, ctx.axes, ctx.keepdims)
        safe = select(np.asarray(out) == 0, 1, out)  # x is 0 wherever its norm is
        return _expand(grad, ctx.shape, ctx.axes, ctx.keepdims) * x / safe


class PNorm(Function):
    """y = (sum |x|^p)^(1/p) over axes;  dx = dy sgn(x) |x|^(p-1) / y^(p-1), with |x|^(p-1) taken
    as 0 where x = 0 and dx 0 where y = 0 (as PyTorch: no NaN at zeros for p < 1 or a zero norm)"""

    @staticmethod
    def forward(ctx, x, p, axis=None, keepdims=False):
        ctx.shape, ctx.keepdims, ctx.p = x.shape, keepdims, p
        ctx.axes = _normalize_axis(axis, x.ndim, "vector_norm")
        with np.errstate(divide="ignore", over="ignore"):
            out = np.sum(np.abs(x) ** p, axis=ctx.axes, keepdims=keepdims) ** (1 / p)
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        out = _expand(out, ctx.shape, ctx.axes, ctx.keepdims)
        zero_x, zero_out = np.asarray(x) == 0, np.asarray(out) == 0
        safe_x, safe_out = select(zero_x, 1, x), select(zero_out, 1, out)
        powered = select(zero_x, 0, Sign.apply(safe_x) * Abs.apply(safe_x) ** (ctx.p - 1))
        dx = _expand(grad, ctx.shape, ctx.axes, ctx.keepdims) * powered / safe_out ** (ctx.p - 1)
        return select(zero_out, 0, dx), None


class NonzeroCount(Function):
    """y = the count of non-zero x (NaN counts) over axes;  no gradient (None, as PyTorch's)"""

    @staticmethod
    def forward(ctx, x, axis=None, keepdims=False):
        axes = _normalize_axis(axis, x.ndim, "vector_norm")
        return np.sum((x != 0).astype(x.dtype), axis=axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return None


def vector_norm(x, ord=2, dim=None, keepdim=False):
    """(sum |x|^ord)^(1/ord) over dims (all of x if None), PyTorch's linalg.vector_norm:
    ord inf / -inf is the largest / smallest |x|, ord 0 counts the non-zeros."""
    if isinstance(ord, bool) or not isinstance(ord, numbers.Real):
        raise TypeError(f"vector_norm: ord must be a number (or inf), got {ord!r}")
    if x.dtype.kind != "f":
        raise TypeError(f"vector_norm: needs a floating-point Tensor, got dtype {x.dtype}")
    dims = _dims(dim, x.ndim, "vector_norm")
    if ord == 2:
        return Norm.apply(x, axis=dims, keepdims=keepdim)
    if ord == 0:  # the count of non-zeros (NaN counts), without a gradient (as PyTorch)
        return NonzeroCount.apply(x, axis=dims, keepdims=keepdim)
    size = Abs.apply(x)
    if ord == math.inf:
        return Max.apply(size, axis=dims, keepdims=keepdim)
    if ord == -math.inf:
        return Min.apply(size, axis=dims, keepdims=keepdim)
    if ord == 1:
        return Sum.apply(size, axis=dims, keepdims=keepdim)
    try:
        ord = float(ord)
    except OverflowError:
        raise ValueError(f"vector_norm: ord {ord} is beyond the float range (use math.inf)") from None
    return PNorm.apply(x, ord, axis=dims, keepdims=keepdim)


def norm(x, p="fro", dim=None, keepdim=False):
    """PyTorch's torch.norm: p a number is vector_norm over dim (all of x if None);
    "fro" is the square root of the sum of squares (over at most 2 dims), "nuc" the sum of
    the singular values (linalg.matrix_norm)."""
    if p == "fro":
        if isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise ValueError(f"norm: 'fro' takes at most 2 dims, got dim={dim!r}")
        return vector_norm(x, 2, dim, keepdim)
    if p == "nuc":  # a matrix norm, over dim (all of x's dims if None: x must be 2-D)
        from .matrices import matrix_norm

        return matrix_norm(x, "nuc", tuple(range(x.ndim)) if dim is None else dim, keepdim)
    if isinstance(p, str):
        raise ValueError(f"norm: p must be a number, inf, 'fro' or 'nuc', got {p!r}")
    return vector_norm(x, p, dim, keepdim)
