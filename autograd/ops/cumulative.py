"""Running sums and products along a dimension, and the product reduction; the running
max and min (``cummax``, ``cummin``: values gathered at running indices) and ``logcumsumexp``.

The derivative of a product with respect to one factor is the product of the
others. Dividing the product by that factor fails where it is 0, so ``prod``
counts the zeros: with none, prod / x_i; with one, the product of the
non-zeros at the zero and 0 elsewhere; with more, 0 everywhere. ``cumprod``
does the same along the running products. Under create_graph the products of
the others are built with ops that have derivatives themselves (an n x n grid
per slice), so second derivatives are exact at zeros too.
"""

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .checks import dim_index
from .elementwise import select
from .shape import broadcast_to, transpose
from .sorting import return_types


def _reversed(dim):
    """The index tuple that reverses the order along ``dim``."""
    return (slice(None),) * dim + (slice(None, None, -1),)


class Cumsum(Function):
    """y_i = x_1 + ... + x_i along dim;  dx_i = dy_i + ... + dy_n  (a reversed cumsum)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim_index(dim, x.ndim, "cumsum")
        return np.cumsum(x, axis=ctx.dim) if x.ndim else x.copy()

    @staticmethod
    def backward(ctx, grad):
        if np.ndim(grad) == 0:
            return grad
        flipped = _reversed(ctx.dim)
        return cumsum(grad[flipped], ctx.dim)[flipped]


def cumsum(x, dim):
    """The running sum along dim of an array (numpy) or a Tensor (differentiable)."""
    return Cumsum.apply(x, dim=dim) if isinstance(x, Tensor) else np.cumsum(x, axis=dim)


def _others_array(x, axis):
    """prod_{j != i} x_j along axis for each i, by counting zeros (see the module doc)."""
    zero = x == 0
    count = np.sum(zero, axis=axis, keepdims=True)
    safe = np.where(zero, 1, x)
    rest = np.prod(safe, axis=axis, keepdims=True)  # the product of the non-zeros
    return np.where(count == 0, rest / safe, np.where(zero & (count == 1), rest, 0))


def _moved_last(x, axis):
    """x with ``axis`` moved to the end, and the permutation that moves it back."""
    order = [d for d in range(x.ndim) if d != axis] + [axis]
    return transpose(x, tuple(order)), tuple(np.argsort(order))


def _grid(moved):
    """grid[..., k, j] = x_j, except x_k replaced by 1 (for an array or a Tensor)."""
    n = moved.shape[-1]
    repeated = broadcast_to(moved.reshape(moved.shape[:-1] + (1, n)), moved.shape[:-1] + (n, n))
    return select(np.eye(n, dtype=bool), 1, repeated)


def _others_tensor(x, axis):
    """prod_{j != i} x_j as a differentiable Tensor: row i of the grid multiplied out."""
    moved, back = _moved_last(x, axis)
    return transpose(Prod.apply(_grid(moved), dim=-1), back)


class Prod(Function):
    """y = prod of x along dim (all of x if dim is None);  dx_i = dy prod_{j != i} x_j"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        ctx.shape, ctx.keepdim = x.shape, keepdim
        ctx.dim = None if dim is None else dim_index(dim, x.ndim, "prod")
        ctx.save_for_backward(x)
        if dim is None or x.ndim == 0:
            return np.prod(x)
        return np.prod(x, axis=ctx.dim, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        others = _others_tensor if isinstance(x, Tensor) else _others_array
        if ctx.dim is None or x.ndim == 0:
            return grad * others(x.reshape(-1), 0).reshape(ctx.shape)
        if not ctx.keepdim:
            grad = grad.reshape(tuple(1 if d == ctx.dim else n for d, n in enumerate(ctx.shape)))
        return grad * others(x, ctx.dim)


def prod(x, dim=None, keepdim=False):
    """The product of x's elements along dim (or of all of them)."""
    return Prod.apply(x, dim=dim, keepdim=keepdim)


class Cumprod(Function):
    """y_i = x_1 ... x_i along dim;  dx_k = sum_{i >= k} dy_i prod_{j <= i, j != k} x_j"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim_index(dim, x.ndim, "cumprod")
        ctx.save_for_backward(x)
        return np.cumprod(x, axis=ctx.dim) if x.ndim else x.copy()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if x.ndim == 0:
            return grad
        if not isinstance(x, Tensor):
            return _cumprod_grad_array(x, grad, ctx.dim)
        # The running products of grid row k are prod_{j <= i, j != k} x_j; they count
        # where i >= k (the upper triangle). O(n^2) per slice: only under create_graph.
        moved, back = _moved_last(x, ctx.dim)
        grad, _ = _moved_last(grad, ctx.dim)
        n = moved.shape[-1]
        terms = cumprod(_grid(moved), -1) * np.triu(np.ones((n, n), dtype=bool))
        return transpose((terms * grad.reshape(grad.shape[:-1] + (1, n))).sum(axis=-1), back)


def _reversed_cumsum(x, axis):
    flipped = _reversed(axis)
    return np.cumsum(x[flipped], axis=axis)[flipped]


def _cumprod_grad_array(x, grad, axis):
    """Cumprod's gradient in O(n): before the first zero of a slice it is
    sum_{i >= k} dy_i y_i / x_k; at the first zero, the same sum with that zero taken as 1
    (y' below); after it, 0 (every product there holds the zero)."""
    zeros_so_far = np.cumsum(x == 0, axis=axis)
    before, first_zero = zeros_so_far == 0, (x == 0) & (zeros_so_far == 1)
    out = np.cumprod(x, axis=axis)
    out_one = np.cumprod(np.where(first_zero, 1, x), axis=axis)  # y'
    with np.errstate(divide="ignore", invalid="ignore"):
        at_nonzero = _reversed_cumsum(grad * out, axis) / np.where(before, x, 1)
    return np.where(before, at_nonzero, np.where(first_zero, _reversed_cumsum(grad * out_one, axis), 0))


def cumprod(x, dim):
    """The running product along dim of an array (numpy) or a Tensor (differentiable)."""
    return Cumprod.apply(x, dim=dim) if isinstance(x, Tensor) else np.cumprod(x, axis=dim)


def _running_extreme(x, dim, op, result, better):
    """(values, indices) of the running max or min along dim: an element equal to the best
    so far, or a NaN, takes over (PyTorch's ties go to the latest)."""
    x = x if isinstance(x, Tensor) else Tensor._from_data(x)
    dim = dim_index(dim, x.ndim, op)
    if x.ndim == 0:
        return result(x, Tensor._make(np.zeros((), dtype=np.int64)))
    data = np.moveaxis(x._data, dim, 0)
    nan = np.isnan if data.dtype.kind == "f" else (lambda a: np.zeros(np.shape(a), dtype=bool))
    index = np.zeros(data.shape, dtype=np.int64)
    best, at = (data[0], index[0]) if len(data) else (None, None)
    for i, row in enumerate(data):
        with np.errstate(invalid="ignore"):
            takes = nan(row) | (~nan(best) & better(row, best))
        best, at = np.where(takes, row, best), np.where(takes, i, at)
        index[i] = at
    index = np.moveaxis(index, 0, dim)
    return result(x.gather(dim, Tensor._make(index)), Tensor._make(index))


def cummax(x, dim):
    """(values, indices): the largest element so far along dim and where it is."""
    return _running_extreme(x, dim, "cummax", return_types.cummax, np.greater_equal)


def cummin(x, dim):
    """(values, indices): the smallest element so far along dim and where it is."""
    return _running_extreme(x, dim, "cummin", return_types.cummin, np.less_equal)


class LogCumSumExp(Function):
    """y_i = log(e^x_1 + ... + e^x_i) along dim;  dx_k = sum_{i >= k} dy_i e^(x_k - y_i)"""

    @staticmethod
    def forward(ctx, x, dim):
        if x.dtype.kind != "f":
            raise TypeError(f"logcumsumexp: needs a floating-point Tensor, got dtype {x.dtype}")
        ctx.dim = dim_index(dim, x.ndim, "logcumsumexp")
        out = np.logaddexp.accumulate(x, axis=ctx.dim) if x.ndim else x.copy()
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        if x.ndim == 0:
            return grad
        # grid[..., k, i] = x_k - y_i where i >= k (else -inf, so e^ of it is 0): O(n^2)
        x, back = _moved_last(x, ctx.dim)
        out, _ = _moved_last(out, ctx.dim)
        grad, _ = _moved_last(grad, ctx.dim)
        n = x.shape[-1]
        later = np.triu(np.ones((n, n), dtype=bool))
        grid = select(later, x.reshape(x.shape + (1,)) - out.reshape(out.shape[:-1] + (1, n)), -np.inf)
        return transpose((np.exp(grid) * grad.reshape(grad.shape[:-1] + (1, n))).sum(axis=-1), back)


def logcumsumexp(x, dim):
    """log(cumsum(exp(x))) along dim, without overflow."""
    return LogCumSumExp.apply(x if isinstance(x, Tensor) else Tensor._from_data(x), dim=dim)
