"""Writing into a copy of a Tensor at integer positions: index_add, index_reduce (whole slices
along a dim), index_put (at a tuple of index Tensors, as ``x[i, j] = v``) and put (at flat
positions).

Each is composed of the ops whose derivatives it needs: adding at positions is ``ScatterAdd``
(the gradient of the added values is read back at those positions, so a repeated index gets it
once per time it is named), writing is ``SetItem``, and reducing is ``scatter_reduce``:

    index_add(x, dim, i, s)[..., i[k], ...] += alpha * s[..., k, ...]
    index_put(x, (i, j), v)[i[k], j[k]] = v[k]              (+= with accumulate)
    put(x, i, s).ravel()[i[k]] = s.ravel()[k]               (+= with accumulate)
"""

import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import ArgumentError, DtypeError, IndexRangeError, check_bounds, dim_index
from .indexing import ScatterAdd
from .scattering import scatter_reduce
from .shape import BroadcastTo, Reshape, SetItem


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _same_dtype(op, x, source, name="source"):
    if not isinstance(source, Tensor):
        raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not {type(source).__name__}")
    if source.dtype != x.dtype:
        raise DtypeError(f"{op}(): self ({x.dtype}) and {name} ({source.dtype}) must have the same dtype")


def _slices(op, x, dim, index, source):
    """dim normalised and index as a checked 1-D int64 array, for index_add / index_reduce:
    source is x's shape with len(index) along dim; every index in [0, x.shape[dim])."""
    dim = dim_index(dim, x.ndim, op)
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}(): argument 'index' must be a Tensor, not {type(index).__name__}")
    if index.dtype not in (np.int32, np.int64):
        raise DtypeError(f"{op}(): index must be int32 or int64, got {index.dtype}")
    if index.ndim > 1:
        raise IndexError(f"{op}(): index must be a vector (0-d or 1-d), got shape {tuple(index.shape)}")
    _same_dtype(op, x, source)
    index = index._data.reshape(-1).astype(np.int64)
    count = source.shape[dim] if source.ndim > dim else 1
    if count != len(index):
        raise ArgumentError(
            f"{op}(): the number of indices ({len(index)}) must equal source.size({dim}) ({count})"
        )
    if source.ndim != x.ndim or any(
        s != n for d, (s, n) in enumerate(zip(source.shape, x.shape)) if d != dim
    ):
        raise ArgumentError(
            f"{op}(): source must have self's shape {list(x.shape)} except along dim {dim}, "
            f"got source of shape {list(source.shape)}"
        )
    check_bounds(index, x.shape[dim] if x.ndim else 1, op, error=IndexRangeError)
    return dim, index


def index_add(input, dim, index, source, *, alpha=1):
    """input with ``alpha * source[..., k, ...]`` added to the slice ``index[k]`` along dim
    (repeated indices add up)."""
    x = _tensor(input)
    dim, index = _slices("index_add", x, dim, index, source)
    if isinstance(alpha, bool) or not isinstance(alpha, (numbers.Real, Tensor)):
        raise TypeError(f"index_add(): alpha must be a number, got {alpha!r:.60}")
    if x.dtype.kind != "f":
        alpha = int(alpha)  # PyTorch truncates a float alpha for integers
    if alpha != 1:
        source = source * alpha
    if x.ndim == 0:
        return x + source
    return ScatterAdd.apply(x, source, index=(slice(None),) * dim + (index,))


INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """input with each slice ``source[..., k, ...]`` reduced into the slice ``index[k]`` along
    dim ("prod", "mean", "amax", "amin"), with input's own slice if ``include_self``: the
    scatter_reduce of source at index spread over the other dims (its gradients too)."""
    x = _tensor(input)
    if reduce not in INDEX_REDUCTIONS:
        raise ArgumentError(
            f"index_reduce(): reduce must be one of {', '.join(INDEX_REDUCTIONS)}, got {reduce!r:.60}"
        )
    dim, index = _slices("index_reduce", x, dim, index, source)
    if x.ndim == 0:
        x, source = x.reshape(1), source.reshape(1)
        return scatter_reduce(x, 0, index, source, reduce, include_self=include_self).reshape(())
    spread = np.broadcast_to(index.reshape([-1 if d == dim else 1 for d in range(x.ndim)]), source.shape)
    return scatter_reduce(x, dim, spread, source, reduce, include_self=include_self)


def _index_tuple(op, x, indices):
    """PyTorch's indices of index_put as one numpy index, and the shape ``x[index]`` has: bool
    masks become the positions they mark, integer Tensors count negatives from the end; all
    checked."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"{op}(): indices must be a tuple of Tensors, not {type(indices).__name__}")
    arrays, d = [], 0
    for n, i in enumerate(indices):
        if not isinstance(i, Tensor):
            raise TypeError(f"{op}(): indices[{n}] must be a Tensor, not {type(i).__name__}")
        data = i._data
        if data.dtype.kind not in "biu":
            raise IndexError(
                f"{op}(): tensors used as indices must be long, int, byte or bool, not {i.dtype}"
            )
        if data.dtype == np.uint8:
            raise DtypeError(f"{op}(): a mask must be a bool Tensor, not uint8 (as in PyTorch)")
        if data.dtype.kind == "b":
            shape = tuple(x.shape[d : d + data.ndim])
            if data.shape != shape:
                raise IndexError(
                    f"{op}(): the shape of the mask {list(data.shape)} at index {n} does not match "
                    f"the shape of the indexed tensor {list(x.shape)} at index {d}"
                )
            arrays.extend(np.nonzero(data))
            d += data.ndim
            continue
        if d >= x.ndim:
            raise IndexError(f"{op}(): too many indices for a Tensor of dimension {x.ndim}")
        size = x.shape[d]
        bad = (data < -size) | (data >= size)
        if bad.any():
            raise IndexError(
                f"{op}(): index {data[bad].flat[0]} is out of bounds for dimension {d} with size {size}"
            )
        arrays.append(np.where(data < 0, data + size, data).astype(np.int64))
        d += 1
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(str(list(a.shape)) for a in arrays)
        raise IndexError(
            f"{op}(): indexing tensors could not be broadcast together with shapes {shapes}"
        ) from None
    return tuple(arrays), shape + tuple(x.shape[len(arrays) :])


def index_put(input, indices, values, accumulate=False):
    """``x[indices] = values`` on a copy of input (``+=`` with ``accumulate``, where repeated
    positions add up); values broadcast to the shape of ``x[indices]``."""
    x = _tensor(input)
    index, target = _index_tuple("index_put", x, indices)
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put(): argument 'values' must be a Tensor, not {type(values).__name__}")
    if values.dtype != x.dtype:
        raise DtypeError(
            f"index_put(): the values and the destination must have the same dtype, got {x.dtype} "
            f"for the destination and {values.dtype} for the values"
        )
    try:
        fits = np.broadcast_shapes(values.shape, target) == target
    except ValueError:
        fits = False
    if not fits:
        raise ArgumentError(
            f"index_put(): shape mismatch: value tensor of shape {list(values.shape)} cannot be "
            f"broadcast to indexing result of shape {list(target)}"
        )
    if tuple(values.shape) != target:
        values = BroadcastTo.apply(values, shape=target)
    if accumulate:
        return ScatterAdd.apply(x, values, index=index)
    return SetItem.apply(x, values, index=index)


def put(input, index, source, accumulate=False):
    """input with ``source``'s elements written (added, with ``accumulate``) at the flat
    positions ``index`` (negatives count from the end), as if input were 1-D."""
    x = _tensor(input)
    if not isinstance(index, Tensor):
        raise TypeError(f"put(): argument 'index' must be a Tensor, not {type(index).__name__}")
    if index.dtype != np.int64:
        raise DtypeError(f"put(): index must be an int64 (long) Tensor, got {index.dtype}")
    _same_dtype("put", x, source)
    if index.numel() != source.numel():
        raise IndexError(
            f"put(): source and index must have the same number of elements, got "
            f"source.numel() = {source.numel()} and index.numel() = {index.numel()}"
        )
    size, flat = x.numel(), index._data.reshape(-1)
    bad = (flat < -size) | (flat >= size)
    if bad.any():
        raise IndexError(f"put(): index {flat[bad][0]} is out of range for a Tensor of {size} elements")
    at = (np.where(flat < 0, flat + size, flat),)
    write = ScatterAdd if accumulate else SetItem
    out = write.apply(Reshape.apply(x, shape=(-1,)), Reshape.apply(source, shape=(-1,)), index=at)
    return Reshape.apply(out, shape=tuple(x.shape))
