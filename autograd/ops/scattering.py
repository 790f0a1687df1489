"""Writing into a copy of a Tensor: index_fill, index_copy and masked_scatter (written with
``where`` and item assignment, whose derivatives they inherit), and scatter_reduce.

``scatter_reduce(x, dim, index, src, reduce)`` combines each ``src[i][j][k]`` into the place
``index[i][j][k]`` along dim (as scatter_add does for "sum"), with or without x's own value
there (``include_self``). "sum" and "mean" are scatter_add's sums (mean divides by the
count); "prod", "amax" and "amin" are one op, ``ScatterReduce``, whose derivatives are
PyTorch's: a maximum or minimum gives its gradient to every value equal to it, shared
equally; a product gives each factor the product of the others (computed without dividing
by a zero factor; as in PyTorch, not twice where two zeros of src meet at one place).
"""

import numbers

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .checks import array_of, check_bounds, dim_index, index_array
from .elementwise import select, where
from .indexing import ScatterAdd, _along, _checked_index, _scatter_source
from .shape import BroadcastTo, GetItem, Reshape, SetItem, index_add


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _positions(op, x, dim, index, negative=True):
    """dim normalised, and index as a checked 1-D int array (``negative``: negatives count
    from the end, as index_fill takes them; index_copy refuses them, as PyTorch)."""
    dim = dim_index(dim, x.ndim, op)
    index = index_array(index, op)
    if index.ndim > 1:
        raise ValueError(f"{op}: index must be 1-D (or 0-d), got shape {tuple(index.shape)}")
    size = x.shape[dim] if x.ndim else 1
    index = index.reshape(-1).astype(np.int64)
    if negative:
        index = np.where(index < 0, index + size, index)
    check_bounds(index, size, op)
    return dim, index


def index_fill(input, dim, index, value):
    """input with ``value`` (a number or a 0-d Tensor) in the slices at ``index`` along dim."""
    x = _tensor(input)
    dim, index = _positions("index_fill", x, dim, index)
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise ValueError(
                f"index_fill: value must be a number or a 0-d Tensor, got shape {tuple(value.shape)}"
            )
        value = value if value.dtype == x.dtype else value.astype(x.dtype)
    elif isinstance(value, numbers.Real):
        try:
            value = np.asarray(value, dtype=x.dtype)
        except (OverflowError, ValueError):
            raise ValueError(f"index_fill: value {value!r} does not fit dtype {x.dtype}") from None
    else:
        raise TypeError(f"index_fill: value must be a number or a 0-d Tensor, got {value!r:.60}")
    filled = np.zeros(x.shape[dim] if x.ndim else 1, dtype=bool)
    filled[index] = True
    filled = filled.reshape([-1 if d == dim else 1 for d in range(x.ndim)])
    return where(filled, value, x)


def index_copy(input, dim, index, source):
    """input with the slices at ``index`` along dim replaced by source's, in order (source
    has input's shape but len(index) along dim); the gradient of a replaced slice goes to source."""
    x, source = _tensor(input), _tensor(source)
    dim, index = _positions("index_copy", x, dim, index, negative=False)
    if source.dtype != x.dtype:
        raise TypeError(
            f"index_copy: source has dtype {source.dtype} but input has {x.dtype}; they must be the same"
        )
    expected = x.shape[:dim] + (len(index),) + x.shape[dim + 1 :] if x.ndim else ()
    if tuple(source.shape) != tuple(expected) and not (x.ndim == 0 and source.numel() == len(index) == 1):
        raise ValueError(
            f"index_copy: source must have shape {tuple(expected)} (input's {tuple(x.shape)} with "
            f"{len(index)} along dim {dim}), got {tuple(source.shape)}"
        )
    if x.ndim == 0:
        return SetItem.apply(x, Reshape.apply(source, shape=()), index=())
    return SetItem.apply(x, source, index=(slice(None),) * dim + (index,))


def masked_scatter(input, mask, source):
    """input with the places where ``mask`` is True (the two broadcast) filled, in row-major
    order, with source's first elements; source needs at least as many as mask has Trues."""
    x, source, mask = _tensor(input), _tensor(source), array_of(mask)
    if mask.dtype != bool:
        raise TypeError(f"masked_scatter: mask must be a bool Tensor, got dtype {mask.dtype}")
    if source.dtype != x.dtype:
        raise TypeError(
            f"masked_scatter: source has dtype {source.dtype} but input has {x.dtype}; they must be the same"
        )
    try:
        shape = np.broadcast_shapes(mask.shape, x.shape)
    except ValueError:
        raise ValueError(
            f"masked_scatter: mask of shape {tuple(mask.shape)} and input of shape {tuple(x.shape)} "
            "cannot be broadcast together"
        ) from None
    mask = np.broadcast_to(mask, shape)
    count = int(mask.sum())
    if count > source.numel():
        raise ValueError(
            f"masked_scatter: mask has {count} True places but source (shape {tuple(source.shape)}) "
            f"has only {source.numel()} elements"
        )
    if x.shape != shape:
        x = BroadcastTo.apply(x, shape=shape)
    return SetItem.apply(
        x, GetItem.apply(Reshape.apply(source, shape=(-1,)), index=slice(0, count)), index=mask
    )


# ---- scatter_reduce ------------------------------------------------------------------------

REDUCTIONS = ("sum", "prod", "mean", "amax", "amin")
_UFUNCS = {"prod": np.multiply, "amax": np.maximum, "amin": np.minimum}


def _identity(reduce, dtype):
    """The value that leaves a reduction as it is: 1 for prod, the lowest for amax, ..."""
    if reduce == "prod":
        return 1
    if dtype.kind == "b":
        return reduce == "amin"
    low, high = (-np.inf, np.inf) if dtype.kind == "f" else (np.iinfo(dtype).min, np.iinfo(dtype).max)
    return low if reduce == "amax" else high


class ScatterReduce(Function):
    """y = x with each src value multiplied into (prod) or compared with (amax, amin) its place
    at index;  amax/amin: d/dx, d/dsrc = dy shared among the values equal to y;
    prod: d/dx = dy * (product of src there), d/dsrc_i = dy * (product of the others)"""

    @staticmethod
    def forward(ctx, x, src, index, reduce, include_self):
        out = x.copy()
        if not include_self:
            out[index] = _identity(reduce, x.dtype)
        _UFUNCS[reduce].at(out, index, src)
        ctx.index, ctx.reduce, ctx.include_self = index, reduce, include_self
        ctx.scattered = np.zeros(x.shape, dtype=bool)
        ctx.scattered[index] = True
        if reduce == "prod":
            ctx.save_for_backward(x, src, out)
        else:  # who holds the extreme: the values equal to it, x's too (PyTorch counts x's
            # even with include_self=False, and then drops its share)
            ctx.from_x = out == x
            ctx.from_src = src == out[index]
            count = ctx.from_x.astype(x.dtype)
            np.add.at(count, index, ctx.from_src)
            ctx.count = np.maximum(count, 1)  # a nan extreme: nobody equals it, no gradient
            if not include_self:
                ctx.from_x &= ~ctx.scattered
        return out

    @staticmethod
    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad
        if ctx.reduce != "prod":
            share = grad / ctx.count
            return (share * ctx.from_x if need_x else None), (
                share[ctx.index] * ctx.from_src if need_src else None
            )
        x, src, out = ctx.saved_tensors
        index, include_self = ctx.index, ctx.include_self
        grad_x = grad_src = None
        if need_x:  # the product of src at each place (1 where nothing came)
            product = ScatterReduce.apply(
                np.ones(x.shape, x.dtype), src, index=index, reduce="prod", include_self=True
            )
            grad_x = grad * (product if include_self else select(ctx.scattered, 0, product))
        if need_src:  # out / src_i where src_i != 0; at a lone zero, the product of the rest
            zero = np.asarray(src) == 0
            zeros_there = np.zeros(x.shape, dtype=np.int64)
            np.add.at(zeros_there, index, zero)
            if ctx.differentiable and (zeros_there > 1).any():
                raise RuntimeError(
                    "scatter_reduce: second derivatives of reduce='prod' are not supported where "
                    "two or more zeros of src meet at one place (as in PyTorch)"
                )
            lone = zero & (zeros_there[index] == 1)
            rest = ScatterReduce.apply(
                x, select(lone, 1, src), index=index, reduce="prod", include_self=include_self
            )
            grad_src = select(lone, (grad * rest)[index], (grad * out)[index] / select(zero, 1, src))
        return grad_x, grad_src


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of input where each ``src[i][j][k]`` is reduced into the place ``index[i][j][k]``
    along dim ("sum", "prod", "mean", "amax", "amin"), together with input's own value there
    if ``include_self``; places no index names keep input's value."""
    x = _tensor(input)
    if reduce not in REDUCTIONS:
        raise ValueError(f"scatter_reduce: reduce must be one of {', '.join(REDUCTIONS)}, got {reduce!r:.60}")
    if reduce == "mean" and x.dtype == bool:
        raise TypeError("scatter_reduce: reduce='mean' needs numbers, not a bool Tensor (as in PyTorch)")
    if not isinstance(include_self, (bool, np.bool_)):
        raise TypeError(f"scatter_reduce: include_self must be a bool, got {include_self!r:.60}")
    dim, index = _checked_index("scatter_reduce", x.shape, dim, index, np.shape(src))
    src = _scatter_source("scatter_reduce", x, src, index)
    at = _along(index, dim)
    if reduce in _UFUNCS:
        return ScatterReduce.apply(x, src, index=at, reduce=reduce, include_self=bool(include_self))
    start = x if include_self else SetItem.apply(x, np.zeros((), x.dtype), index=at)
    total = ScatterAdd.apply(start, src, index=at)
    if reduce == "sum":
        return total
    count = index_add(np.ones(index.shape, dtype=np.int64), at, x.shape) + (1 if include_self else 0)
    count = np.maximum(count, 1)  # places nothing reached keep input's value
    return total / count.astype(x.dtype) if x.dtype.kind == "f" else Tensor._make(total._data // count)
