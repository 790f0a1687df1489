"""Indexing along a dimension: gather, scatter, index_select, repeat_interleave, masked_fill,
one_hot; and masked_select and take, which read x at a mask or at flat indices.

``gather(x, dim, index)`` reads ``x`` at ``index`` along ``dim`` and at each
entry's own position along every other dimension:

    out[i][j][k] = x[index[i][j][k]][j][k]     (dim = 0)

That is ordinary integer-array indexing with a full index tuple, so gather is
``GetItem`` (its derivative adds the gradient back at the index, repeated
indices adding up). ``scatter`` is the converse: it writes ``src`` into a copy
of ``x`` at those places, and its derivative reads the gradient there.
"""

import numbers

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .checks import ArgumentError, DtypeError, array_of, check_bounds, dim_index, index_array
from .elementwise import select, where
from .shape import BroadcastTo, GetItem


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _along(index, dim):
    """The full index tuple of gather/scatter: ``index`` at ``dim``, and at every other
    dimension d the position along d (an arange shaped to broadcast)."""
    return tuple(
        index if d == dim else np.arange(n).reshape([-1 if e == d else 1 for e in range(index.ndim)])
        for d, n in enumerate(index.shape)
    )


def _checked_index(op, x_shape, dim, index, src_shape=None):
    """dim normalised and the index checked against x (and src) as PyTorch requires."""
    if len(x_shape) == 0:
        raise ValueError(f"{op}: needs a Tensor with at least one dimension")
    dim = dim_index(dim, len(x_shape), op)
    index = index_array(index, op)
    if index.ndim != len(x_shape):
        raise ValueError(
            f"{op}: index has {index.ndim} dimension(s) but the Tensor has "
            f"{len(x_shape)}; they must be the same"
        )
    for d, (n, limit) in enumerate(zip(index.shape, x_shape)):
        if d != dim and n > limit:
            raise ValueError(
                f"{op}: index of shape {tuple(index.shape)} is larger than the Tensor of "
                f"shape {x_shape} in dimension {d} (dim is {dim})"
            )
    if src_shape is not None and (
        len(src_shape) != index.ndim or any(n > s for n, s in zip(index.shape, src_shape))
    ):
        raise ValueError(
            f"{op}: index of shape {tuple(index.shape)} is larger than src of shape "
            f"{src_shape} (each index size must be <= src's)"
        )
    check_bounds(index, x_shape[dim], op)
    return dim, index


def gather(x, dim, index):
    """out[..., i, ...] = x[..., index[..., i, ...], ...] along ``dim`` (PyTorch's gather);
    out has index's shape. The gradient is added back at the gathered places."""
    x = _tensor(x)
    dim, index = _checked_index("gather", x.shape, dim, index)
    return GetItem.apply(x, index=_along(index, dim))


def take_along_dim(x, indices, dim=None):
    """gather with broadcasting (PyTorch's take_along_dim): outside ``dim`` x and indices
    broadcast together; dim=None reads x flattened."""
    x, indices = _tensor(x), index_array(indices, "take_along_dim", "indices")
    if dim is None:
        return gather(x.reshape(-1), 0, indices.reshape(-1))
    dim = dim_index(dim, x.ndim, "take_along_dim")
    if indices.ndim != x.ndim:
        raise ValueError(
            f"take_along_dim: indices has {indices.ndim} dimension(s) but the "
            f"Tensor has {x.ndim}; they must be the same"
        )

    def outside(shape):  # the shape with dim set to 1
        return shape[:dim] + (1,) + shape[dim + 1 :]

    def inside(shape, size):  # a broadcast shape with dim set to size
        return shape[:dim] + (size,) + shape[dim + 1 :]

    try:
        common = np.broadcast_shapes(outside(x.shape), outside(indices.shape))
    except ValueError:
        raise ValueError(
            f"take_along_dim: shapes {tuple(x.shape)} and {tuple(indices.shape)} cannot be "
            f"broadcast together outside dim {dim}"
        ) from None
    if x.shape != inside(common, x.shape[dim]):
        x = BroadcastTo.apply(x, shape=inside(common, x.shape[dim]))
    return gather(x, dim, np.broadcast_to(indices, inside(common, indices.shape[dim])))


def index_select(x, dim, index):
    """The slices of x at the positions ``index`` (1-D) along ``dim``; repeats allowed."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, "index_select")
    index = index_array(index, "index_select")
    if index.ndim > 1:
        raise ValueError(f"index_select: index must be 1-D (or 0-d), got shape {tuple(index.shape)}")
    if x.ndim == 0:
        raise ValueError("index_select: needs a Tensor with at least one dimension")
    check_bounds(index, x.shape[dim], "index_select")
    return GetItem.apply(x, index=(slice(None),) * dim + (index.reshape(-1),))


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each slice along dim (each element of x flattened, if dim is None) repeated ``repeats``
    times: an int, or a 1-D integer Tensor of one count per slice (or a single count). It is
    index_select at the repeated positions, so the copies' gradients add up at their source.
    With the counts alone, ``repeat_interleave(counts)`` is ``arange(len(counts))`` repeated so."""
    if repeats is None:
        counts = _repeat_counts(input, None)
        return Tensor._make(np.repeat(np.arange(len(counts), dtype=np.int64), counts))
    x = _tensor(input)
    if dim is None:
        x, dim = x.reshape(-1), 0
    dim = dim_index(dim, x.ndim, "repeat_interleave")
    if x.ndim == 0:
        x = x.reshape(1)
    counts = _repeat_counts(repeats, x.shape[dim], dim)
    total = int(counts.sum())
    if output_size is not None and output_size != total:
        raise ArgumentError(f"repeat_interleave: output_size is {output_size}, but the repeats make {total}")
    return GetItem.apply(x, index=(slice(None),) * dim + (np.repeat(np.arange(x.shape[dim]), counts),))


def _repeat_counts(repeats, size, dim=0):
    """The count of each of ``size`` slices (any number for size None), checked."""
    if isinstance(repeats, Tensor):
        if repeats.dtype.kind not in "iu":
            raise DtypeError(f"repeat_interleave: repeats must hold integers, got dtype {repeats.dtype}")
        if repeats.ndim > 1 or (size is None and repeats.ndim != 1):
            raise ArgumentError(
                f"repeat_interleave: repeats must be a 0-d or 1-d Tensor (1-d alone), got shape {tuple(repeats.shape)}"
            )
        counts = repeats._data.reshape(-1).astype(np.int64)
    elif isinstance(repeats, numbers.Integral) and not isinstance(repeats, bool):
        counts = np.array([repeats], dtype=np.int64)
    else:
        raise TypeError(
            f"repeat_interleave: repeats must be an int or an integer Tensor, got {repeats!r:.60}"
        )
    if (counts < 0).any():
        raise ArgumentError(f"repeat_interleave: repeats must be non-negative, got {counts[counts < 0][0]}")
    if size is not None and len(counts) == 1:
        return np.full(size, counts[0])
    if size is not None and len(counts) != size:
        raise ArgumentError(
            f"repeat_interleave: repeats must have the same size as input along dim, but got "
            f"repeats.size(0) = {len(counts)} and input.size({dim}) = {size}"
        )
    return counts


def masked_fill(x, mask, value):
    """x with ``value`` where the bool ``mask`` is True (the two broadcast). A 0-d
    Tensor value gets the gradient of the places it fills."""
    x, mask = _tensor(x), array_of(mask)
    if mask.dtype != bool:
        raise TypeError(f"masked_fill: mask must be a bool Tensor, got dtype {mask.dtype}")
    if isinstance(value, Tensor) and value.ndim != 0:
        raise ValueError(
            f"masked_fill: value must be a number or a 0-d Tensor, got shape {tuple(value.shape)}"
        )
    try:
        np.broadcast_shapes(mask.shape, x.shape)
    except ValueError:
        raise ValueError(
            f"masked_fill: mask of shape {tuple(mask.shape)} and the Tensor's shape "
            f"{tuple(x.shape)} cannot be broadcast together"
        ) from None
    return where(mask, value, x)


class Scatter(Function):
    """y = x with src written at the index places;  dx = dy there zeroed, dsrc = dy there"""

    @staticmethod
    def forward(ctx, x, src, index):
        ctx.index = index
        ctx.kept = np.ones(x.shape, dtype=bool)
        ctx.kept[index] = False
        out = x.copy()
        out[index] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad
        return (select(ctx.kept, grad, 0) if need_x else None, grad[ctx.index] if need_src else None)


class ScatterAdd(Function):
    """y = x with src added at the index places (repeats add up);  dx = dy, dsrc = dy there"""

    @staticmethod
    def forward(ctx, x, src, index):
        ctx.index = index
        out = x.copy()
        np.add.at(out, index, src)
        return out

    @staticmethod
    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad
        return (grad if need_x else None), (grad[ctx.index] if need_src else None)


def _scatter_source(op, x, src, index):
    """src cut to index's shape (PyTorch uses only that corner of a larger src)."""
    if not isinstance(src, Tensor):
        src = Tensor._make(np.asarray(src))
    if src.dtype != x.dtype:
        raise TypeError(
            f"{op}: src has dtype {src.dtype} but the Tensor has {x.dtype}; they must be the same"
        )
    if src.shape != index.shape:
        src = GetItem.apply(src, index=tuple(slice(0, n) for n in index.shape))
    return src


def scatter(x, dim, index, src=None, value=None):
    """A copy of x with ``src[i, j, ...]`` (or the number ``value``) written at
    ``index[i, j, ...]`` along dim (PyTorch's out-of-place scatter). Where index repeats a
    place, which write wins is unspecified, as in PyTorch."""
    x = _tensor(x)
    if (src is None) == (value is None):
        raise TypeError("scatter: give exactly one of src (a Tensor) and value (a number)")
    if src is not None and not isinstance(src, (Tensor, np.ndarray)):
        src, value = None, src  # scatter(x, dim, index, 2.0): PyTorch's value form
    if src is None:
        if not isinstance(value, numbers.Real):
            raise TypeError(f"scatter: value must be a real number (a Tensor goes as src), got {value!r}")
        dim, index = _checked_index("scatter", x.shape, dim, index)
        try:
            value = np.asarray(value, dtype=x.dtype)
        except OverflowError:
            raise ValueError(f"scatter: value {value} does not fit dtype {x.dtype}") from None
        return Scatter.apply(x, value, index=_along(index, dim))
    dim, index = _checked_index("scatter", x.shape, dim, index, np.shape(src))
    return Scatter.apply(x, _scatter_source("scatter", x, src, index), index=_along(index, dim))


def scatter_add(x, dim, index, src):
    """A copy of x with ``src[i, j, ...]`` added at ``index[i, j, ...]`` along dim."""
    x = _tensor(x)
    dim, index = _checked_index("scatter_add", x.shape, dim, index, np.shape(src))
    return ScatterAdd.apply(x, _scatter_source("scatter_add", x, src, index), index=_along(index, dim))


def one_hot(labels, num_classes=-1):
    """int64 Tensor of shape labels.shape + (num_classes,) with a 1 at each label
    (PyTorch's nn.functional.one_hot; num_classes=-1 means max(labels) + 1)."""
    labels = index_array(labels, "one_hot", "labels")
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)):
        raise TypeError(f"one_hot: num_classes must be an int, got {num_classes!r}")
    if num_classes == -1:
        if labels.size == 0:
            raise ValueError("one_hot: cannot infer num_classes from empty labels; pass it")
        num_classes = int(labels.max()) + 1
    elif num_classes < 0:
        raise ValueError(f"one_hot: num_classes must be -1 or at least 0, got {num_classes}")
    check_bounds(labels, num_classes, "one_hot", "label")
    return Tensor._make((labels[..., None] == np.arange(num_classes)).astype(np.int64))


def masked_select(x, mask):
    """The elements of x where the bool ``mask`` is True (the two broadcast), as a 1-D Tensor
    in row-major order; the gradient goes back to those places."""
    x, mask = _tensor(x), array_of(mask)
    if mask.dtype != bool:
        raise TypeError(f"masked_select: mask must be a bool Tensor, got dtype {mask.dtype}")
    try:
        shape = np.broadcast_shapes(mask.shape, x.shape)
    except ValueError:
        raise ValueError(
            f"masked_select: mask of shape {tuple(mask.shape)} and input of shape "
            f"{tuple(x.shape)} cannot be broadcast together"
        ) from None
    if x.shape != shape:
        x = BroadcastTo.apply(x, shape=shape)
    return GetItem.apply(x, index=np.broadcast_to(mask, shape))


def take(x, index):
    """x read as 1-D at ``index`` (negative counts from the end); the result has index's shape."""
    x = _tensor(x)
    index = index_array(index, "take").astype(np.int64)
    size = x.numel()
    check_bounds(np.where(index < 0, index + size, index), size, "take")
    return GetItem.apply(x.reshape(-1), index=np.where(index < 0, index + size, index))
