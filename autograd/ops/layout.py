"""Rearranging elements, PyTorch's way: repeat, expand, flip, roll, split, chunk, narrow,
unflatten, the triangles (tril, triu) and diagonals, tensor_split, diff and rot90.

Each is written with ops that already have derivatives (reshape, broadcast_to,
slicing, concatenate, where), so none needs a derivative of its own.
"""

import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import dim_index, dims_index
from .elementwise import where
from .shape import BroadcastTo, Clone, Concatenate, GetItem, Reshape, index_add, transpose


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _sizes(sizes, op):
    """``f(2, 3)`` or ``f((2, 3))``: a tuple of ints."""
    sizes = tuple(sizes[0]) if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)) else sizes
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral):
            raise TypeError(f"{op}: sizes must be ints, got {sizes!r}")
    return tuple(int(s) for s in sizes)


def _slice(ndim, dim, part):
    """The index tuple that takes ``part`` (a slice) along ``dim`` and everything elsewhere."""
    return (slice(None),) * dim + (part,) + (slice(None),) * (ndim - dim - 1)


def repeat(x, *sizes):
    """x tiled ``sizes[d]`` times along each dimension d (PyTorch's repeat, numpy's tile);
    extra leading sizes add dimensions."""
    x, sizes = _tensor(x), _sizes(sizes, "repeat")
    if len(sizes) < x.ndim:
        raise ValueError(
            f"repeat: {len(sizes)} size(s) {sizes} for a Tensor with {x.ndim} "
            "dimensions; give at least one per dimension"
        )
    if any(s < 0 for s in sizes):
        raise ValueError(f"repeat: sizes must be >= 0, got {sizes}")
    shape = (1,) * (len(sizes) - x.ndim) + x.shape
    # (n0, n1) -> (1, n0, 1, n1) -> broadcast (r0, n0, r1, n1) -> (r0 n0, r1 n1)
    pairs = tuple(v for n in shape for v in (1, n))
    tiled = tuple(v for r, n in zip(sizes, shape) for v in (r, n))
    out = BroadcastTo.apply(Reshape.apply(x, shape=pairs), shape=tiled)
    out = Reshape.apply(out, shape=tuple(r * n for r, n in zip(sizes, shape)))
    # PyTorch's repeat copies; the reshape stays a read-only view of the broadcast when only
    # leading dimensions repeat, so copy then (an in-place op on the result must work)
    return out if out._data.flags.writeable else Clone.apply(out)


def expand(x, *sizes):
    """x broadcast to ``sizes`` (PyTorch's expand): -1 keeps a dimension, only size-1
    dimensions grow, and extra leading sizes add dimensions."""
    x, sizes = _tensor(x), _sizes(sizes, "expand")
    lead = len(sizes) - x.ndim
    if lead < 0:
        raise ValueError(
            f"expand: {len(sizes)} size(s) {sizes} for a Tensor with {x.ndim} "
            "dimensions; give at least one per dimension"
        )
    shape = []
    for d, size in enumerate(sizes):
        old = x.shape[d - lead] if d >= lead else None
        if size == -1:
            if old is None:
                raise ValueError(
                    f"expand: -1 is not allowed for the new leading dimension {d} in sizes {sizes}"
                )
            size = old
        elif size < 0 or (old is not None and old != 1 and old != size):
            raise ValueError(
                f"expand: size {size} at dimension {d} does not fit the Tensor of "
                f"shape {tuple(x.shape)} (only size-1 dimensions can be expanded)"
            )
        shape.append(size)
    return BroadcastTo.apply(x, shape=tuple(shape))


def flip(x, dims):
    """x with the order of its elements reversed along ``dims`` (an int or several)."""
    x = _tensor(x)
    dims = dims_index(dims, x.ndim, "flip")
    if x.ndim == 0:
        return GetItem.apply(x, index=())
    return GetItem.apply(
        x, index=tuple(slice(None, None, -1) if d in dims else slice(None) for d in range(x.ndim))
    )


def roll(x, shifts, dims=None):
    """x shifted cyclically by ``shifts`` places along ``dims`` (elements leaving one end
    come back at the other); without dims, x is rolled flattened and reshaped back."""
    x = _tensor(x)
    if dims is None:
        if not isinstance(shifts, numbers.Integral):
            raise ValueError(f"roll: without dims, shifts must be one int, got {shifts!r}")
        return roll(x.reshape(-1), shifts, 0).reshape(x.shape)
    shifts = tuple(shifts) if isinstance(shifts, (tuple, list)) else (shifts,)
    dims = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    if len(shifts) != len(dims):
        raise ValueError(
            f"roll: {len(shifts)} shift(s) {shifts} for {len(dims)} dim(s) {dims}; give one shift per dim"
        )
    for shift, dim in zip(shifts, dims):
        if isinstance(shift, bool) or not isinstance(shift, numbers.Integral):
            raise TypeError(f"roll: shifts must be ints, got {shift!r}")
        dim = dim_index(dim, x.ndim, "roll")
        n = x.shape[dim] if x.ndim else 1
        cut = n - shift % n if n else 0
        if 0 < cut < n:  # the last `shift` elements move to the front
            x = Concatenate.apply(
                GetItem.apply(x, index=_slice(x.ndim, dim, slice(cut, None))),
                GetItem.apply(x, index=_slice(x.ndim, dim, slice(None, cut))),
                axis=dim,
            )
    return x


def split(x, split_size_or_sections, dim=0):
    """x cut along ``dim`` into pieces of ``split_size`` (the last may be smaller), or of
    the listed sizes (which must add up to the dimension's size); a tuple of Tensors."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, "split")
    n = x.shape[dim]
    sections = split_size_or_sections
    if isinstance(sections, (tuple, list)):
        sizes = _sizes(tuple(sections), "split")
        if any(s < 0 for s in sizes) or sum(sizes) != n:
            raise ValueError(
                f"split: sizes {list(sizes)} must be >= 0 and add up to {n}, the "
                f"size of dim {dim} of shape {tuple(x.shape)}"
            )
    else:
        (size,) = _sizes((sections,), "split")
        if size <= 0 and not (size == 0 and n == 0):
            raise ValueError(f"split: split_size must be positive, got {size}")
        if n == 0:
            sizes = [0]
        else:
            sizes = [size] * (n // size) + ([n % size] if n % size else [])
    bounds = np.cumsum([0, *sizes])
    return tuple(
        GetItem.apply(x, index=_slice(x.ndim, dim, slice(int(a), int(b))))
        for a, b in zip(bounds[:-1], bounds[1:])
    )


def chunk(x, chunks, dim=0):
    """x cut along ``dim`` into ``chunks`` pieces of equal size ceil(n / chunks) (the last
    smaller; fewer pieces when they run out, as in PyTorch)."""
    x = _tensor(x)
    if isinstance(chunks, bool) or not isinstance(chunks, numbers.Integral) or chunks <= 0:
        raise ValueError(f"chunk: chunks must be a positive int, got {chunks!r}")
    n = x.shape[dim_index(dim, x.ndim, "chunk")]
    if n == 0:
        return split(x, [0] * chunks, dim)
    return split(x, -(-n // chunks), dim)


def narrow(x, dim, start, length):
    """x[start : start + length] along ``dim`` (a negative start counts from the end)."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, "narrow")
    n = x.shape[dim]
    for name, value in (("start", start), ("length", length)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"narrow: {name} must be an int, got {value!r}")
    start = start + n if -n <= start < 0 else start
    if not 0 <= start <= n or length < 0 or start + length > n:
        raise ValueError(
            f"narrow: start {start} and length {length} do not fit in dim {dim} of size {n} "
            f"(shape {tuple(x.shape)})"
        )
    return GetItem.apply(x, index=_slice(x.ndim, dim, slice(int(start), int(start + length))))


def unfold(x, dimension, size, step):
    """PyTorch's Tensor.unfold: the windows of ``size`` elements, ``step`` apart, along
    ``dimension``; that dimension becomes the number of windows, (n - size) // step + 1, and a
    new last dimension holds each window. A read of x at the windows' indices, so its gradient
    adds each window back where it came from (overlapping windows add up)."""
    x = _tensor(x)
    for name, value in (("size", size), ("step", step)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"unfold: {name} must be an int, got {value!r}")
    if x.ndim == 0:  # a 0-d Tensor unfolds as one element, into (size,)
        dim_index(dimension, 1, "unfold")
        return unfold(x.reshape(1), 0, size, step).reshape(int(size))
    dim = dim_index(dimension, x.ndim, "unfold")
    n = x.shape[dim]
    if step <= 0:
        raise ValueError(f"unfold: step is {step} but must be > 0")
    if not 0 <= size <= n:
        raise ValueError(
            f"unfold: size must be from 0 to the size of dimension {dim} ({n}, shape {tuple(x.shape)}), got {size}"
        )
    count = (n - size) // step + 1
    index = (np.arange(count)[:, None] * step + np.arange(size)).reshape(-1)
    windows = GetItem.apply(x, index=_slice(x.ndim, dim, index))
    windows = windows.reshape(x.shape[:dim] + (count, size) + x.shape[dim + 1 :])
    order = tuple(range(dim + 1)) + tuple(range(dim + 2, x.ndim + 1)) + (dim + 1,)
    return windows.permute(*order)


def unbind(x, dim=0):
    """x's slices along ``dim``, that dimension removed: a tuple of x.shape[dim] Tensors."""
    x = _tensor(x)
    if x.ndim == 0:
        raise ValueError("unbind: a 0-d Tensor has no dimension to unbind")
    dim = dim_index(dim, x.ndim, "unbind")
    return tuple(x[(slice(None),) * dim + (i,)] for i in range(x.shape[dim]))


def unflatten(x, dim, sizes):
    """Dimension ``dim`` of x split into several of ``sizes`` (one of them may be -1)."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, "unflatten")
    sizes = _sizes(tuple(sizes), "unflatten")
    n, known = x.shape[dim], int(np.prod([s for s in sizes if s != -1]))
    if sizes.count(-1) > 1 or any(s < -1 for s in sizes):
        fits = False
    elif -1 in sizes:
        fits = known != 0 and n % known == 0
    else:
        fits = known == n
    if not fits:
        raise ValueError(
            f"unflatten: sizes {sizes} do not multiply to {x.shape[dim]}, the size "
            f"of dim {dim} of shape {tuple(x.shape)} (one size may be -1)"
        )
    return Reshape.apply(x, shape=x.shape[:dim] + sizes + x.shape[dim + 1 :])


def _triangle(x, diagonal, op, lower):
    x = _tensor(x)
    if x.ndim < 2:
        raise ValueError(f"{op}: needs a matrix (or a batch of matrices), got shape {tuple(x.shape)}")
    _offset(diagonal, op)
    rows, cols = x.shape[-2:]
    k = min(max(diagonal if lower else diagonal - 1, -rows - 1), cols)  # beyond: all or nothing
    below = np.tri(rows, cols, k, dtype=bool)
    return where(below if lower else ~below, x, np.zeros((), x.dtype))  # zeros of x's dtype (bool stays bool)


def tril(x, diagonal=0):
    """The lower triangle of the last two dims: x[i, j] where j - i <= diagonal, else 0."""
    return _triangle(x, diagonal, "tril", lower=True)


def triu(x, diagonal=0):
    """The upper triangle of the last two dims: x[i, j] where j - i >= diagonal, else 0."""
    return _triangle(x, diagonal, "triu", lower=False)


def _offset(offset, op):
    if isinstance(offset, bool) or not isinstance(offset, numbers.Integral):
        raise TypeError(f"{op}: the diagonal offset must be an int, got {offset!r}")
    return int(offset)


def _diagonal_positions(rows, cols, offset):
    """Row and column numbers of the diagonal ``offset`` of a rows x cols matrix."""
    length = max(0, min(rows, cols - offset) if offset >= 0 else min(rows + offset, cols))
    if length == 0:
        return np.arange(0), np.arange(0)
    start_row, start_col = max(0, -offset), max(0, offset)
    return np.arange(length) + start_row, np.arange(length) + start_col


def diagonal(x, offset=0, dim1=0, dim2=1):
    """The diagonal ``offset`` of the matrices in dims dim1, dim2, as a last dimension
    (PyTorch's diagonal: out[..., k] = x[..., k, k + offset] with dim1, dim2 removed)."""
    return _diagonal(_tensor(x), offset, dim1, dim2)


def _diagonal(x, offset, dim1, dim2):
    if x.ndim < 2:
        raise ValueError(f"diagonal: needs at least 2 dimensions, got shape {tuple(x.shape)}")
    offset, (dim1, dim2) = _offset(offset, "diagonal"), dims_index((dim1, dim2), x.ndim, "diagonal")
    others = [d for d in range(x.ndim) if d not in (dim1, dim2)]
    rows, cols = _diagonal_positions(x.shape[dim1], x.shape[dim2], offset)
    return GetItem.apply(transpose(x, (*others, dim1, dim2)), index=(Ellipsis, rows, cols))


def diag(x, diagonal=0):
    """1-D x: the square matrix with x on its diagonal ``diagonal``; 2-D x: that diagonal."""
    x = _tensor(x)
    if x.ndim == 2:
        return _diagonal(x, diagonal, 0, 1)
    if x.ndim != 1:
        raise ValueError(f"diag: needs a 1-D or 2-D Tensor, got shape {tuple(x.shape)}")
    size = x.shape[0] + abs(_offset(diagonal, "diag"))
    if size >= 2**31:
        raise ValueError(f"diag: the offset {diagonal} makes a matrix too large ({size} x {size})")
    return index_add(x, _diagonal_positions(size, size, diagonal), (size, size))


def tensor_split(x, indices_or_sections, dim=0):
    """x cut along ``dim`` into ``sections`` nearly equal pieces (the first n % sections one
    longer), or at the listed ``indices`` (slices [0:i0], [i0:i1], ..., [ik:]; PyTorch's)."""
    x = _tensor(x)
    if x.ndim == 0:
        raise ValueError("tensor_split: needs a Tensor with at least one dimension")
    dim = dim_index(dim, x.ndim, "tensor_split")
    split_at = indices_or_sections
    if isinstance(split_at, Tensor):
        if split_at.dtype.kind not in "iu" or split_at.ndim > 1:
            raise TypeError(
                f"tensor_split: a Tensor indices_or_sections must be a 0-d or 1-D int64 Tensor, got "
                f"shape {tuple(split_at.shape)} and dtype {split_at.dtype}"
            )
        split_at = split_at.item() if split_at.ndim == 0 else split_at.tolist()
    n = x.shape[dim]
    if isinstance(split_at, (tuple, list)):
        bounds = [0, *_sizes(tuple(split_at), "tensor_split"), n]
    else:
        (sections,) = _sizes((split_at,), "tensor_split")
        if sections <= 0:
            raise ValueError(f"tensor_split: sections must be a positive int, got {sections}")
        size, extra = divmod(n, sections)
        bounds = [0, *np.cumsum([size + 1] * extra + [size] * (sections - extra)).tolist()]
    return tuple(
        GetItem.apply(x, index=_slice(x.ndim, dim, slice(a, b))) for a, b in zip(bounds[:-1], bounds[1:])
    )


def diff(x, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along dim, out[i] = x[i + 1] - x[i] applied n times, after
    ``prepend`` and ``append`` are joined to x along dim (bool Tensors: x[i + 1] != x[i])."""
    x = _tensor(x)
    if x.ndim == 0:
        raise ValueError("diff: needs a Tensor with at least one dimension")
    dim = dim_index(dim, x.ndim, "diff")
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise ValueError(f"diff: n must be a non-negative int, got {n!r}")
    parts = [p if isinstance(p, Tensor) else x._lift(p) for p in (prepend, x, append) if p is not None]
    for p in parts:
        if p.ndim != x.ndim or any(a != b for d, (a, b) in enumerate(zip(p.shape, x.shape)) if d != dim):
            raise ValueError(
                f"diff: prepend/append of shape {tuple(p.shape)} must match input's shape "
                f"{tuple(x.shape)} except along dim {dim}"
            )
    if len(parts) > 1:
        x = Concatenate.apply(*parts, axis=dim)
    for _ in range(n):
        later = GetItem.apply(x, index=_slice(x.ndim, dim, slice(1, None)))
        earlier = GetItem.apply(x, index=_slice(x.ndim, dim, slice(None, -1)))
        x = later != earlier if x.dtype == bool else later - earlier
    return x


def rot90(x, k=1, dims=(0, 1)):
    """x rotated by k quarter turns in the plane of ``dims``, from the first towards the
    second (PyTorch's rot90): one turn is a flip of dims[1] and a transpose."""
    x = _tensor(x)
    dims = tuple(dims)
    if len(dims) != 2 or x.ndim < 2:
        raise ValueError(
            f"rot90: needs two dims of a Tensor with at least 2 dimensions, got dims {dims} "
            f"for shape {tuple(x.shape)}"
        )
    first, second = dims_index(dims, x.ndim, "rot90")
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"rot90: k must be an int, got {k!r}")
    swap = list(range(x.ndim))
    swap[first], swap[second] = second, first
    turns = int(k) % 4
    if turns == 1:
        return transpose(flip(x, second), tuple(swap))
    if turns == 2:
        return flip(x, (first, second))
    if turns == 3:
        return transpose(flip(x, first), tuple(swap))
    return GetItem.apply(x, index=Ellipsis)
