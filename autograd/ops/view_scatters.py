"""Embedding a Tensor into a view of a copy: select_scatter, slice_scatter, diagonal_scatter.

``select_scatter(x, src, dim, i)`` is x with ``x.select(dim, i)`` replaced by src; likewise for
a slice along dim and for a diagonal. Each is one ``SetItem`` at the view's positions, so the
gradient of src is the gradient read at them, and x's is the gradient with zeros there:

    y = x;  y[view] = src;     dx = dy with 0 at view,  dsrc = dy[view]

src must have exactly the view's shape (no broadcasting, as in PyTorch); it is cast to x's dtype.
"""

import numbers

from ..tensor import Tensor, tensor
from .checks import ArgumentError, dim_index
from .layout import _diagonal_positions, _offset
from .shape import SetItem, transpose


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _embed(op, x, src, index, view_shape):
    """x with src written at ``index``, src checked to have the view's shape."""
    if not isinstance(src, Tensor):
        raise TypeError(f"{op}(): argument 'src' must be a Tensor, not {type(src).__name__}")
    if tuple(src.shape) != tuple(view_shape):
        raise ArgumentError(
            f"{op}(): expected src to have a size equal to the slice of self. src size = "
            f"{list(src.shape)}, slice size = {list(view_shape)}"
        )
    return SetItem.apply(x, src.astype(x.dtype), index=index)


def _int(value, op, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{op}(): {name} must be an int, got {value!r:.60}")
    return int(value)


def select_scatter(input, src, dim, index):
    """input with the slice at ``index`` along dim (``input.select(dim, index)``) replaced by src."""
    x = _tensor(input)
    if x.ndim == 0:
        raise IndexError("select_scatter(): cannot select from a 0-d Tensor")
    dim = dim_index(dim, x.ndim, "select_scatter")
    index, size = _int(index, "select_scatter", "index"), x.shape[dim]
    if not -size <= index < size:
        raise IndexError(
            f"select_scatter(): index {index} out of range for tensor of size {list(x.shape)} at dimension {dim}"
        )
    view = x.shape[:dim] + x.shape[dim + 1 :]
    return _embed("select_scatter", x, src, (slice(None),) * dim + (index % size,), view)


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """input with ``input[..., start:end:step, ...]`` (along dim) replaced by src; start and
    end are clamped to the dimension as Python's slices are, step must be positive."""
    x = _tensor(input)
    dim = dim_index(dim, x.ndim, "slice_scatter")
    start = None if start is None else _int(start, "slice_scatter", "start")
    end = None if end is None else _int(end, "slice_scatter", "end")
    step = _int(step, "slice_scatter", "step")
    if step <= 0:
        raise ArgumentError(f"slice_scatter(): slice step must be positive, got {step}")
    if x.ndim == 0:
        raise IndexError("slice_scatter(): cannot slice a 0-d Tensor")
    part = slice(start, end, step)
    view = x.shape[:dim] + (len(range(*part.indices(x.shape[dim]))),) + x.shape[dim + 1 :]
    return _embed("slice_scatter", x, src, (slice(None),) * dim + (part,), view)


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """input with its diagonal ``offset`` in dims dim1, dim2 (``input.diagonal(offset, dim1,
    dim2)``, the diagonal as the last dimension) replaced by src."""
    x = _tensor(input)
    offset = _offset(offset, "diagonal_scatter")
    dim1, dim2 = dim_index(dim1, x.ndim, "diagonal_scatter"), dim_index(dim2, x.ndim, "diagonal_scatter")
    if dim1 == dim2:
        raise ArgumentError(f"diagonal_scatter(): diagonal dimensions cannot be identical {dim1}, {dim2}")
    others = [d for d in range(x.ndim) if d not in (dim1, dim2)]
    order = (*others, dim1, dim2)
    rows, cols = _diagonal_positions(x.shape[dim1], x.shape[dim2], offset)
    view = tuple(x.shape[d] for d in others) + (len(rows),)
    moved = _embed("diagonal_scatter", transpose(x, order), src, (Ellipsis, rows, cols), view)
    return transpose(moved, tuple(order.index(d) for d in range(x.ndim)))
