"""Distinct values, membership and sorted positions: unique, unique_consecutive, isin,
searchsorted, bucketize. Their results are values picked or integer positions: no gradient (as in PyTorch).
"""

import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import DtypeError, array_of, dim_index


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _results(output, inverse, counts, return_inverse, return_counts):
    """PyTorch's return: the output alone, or a tuple with the inverse and/or counts."""
    found = [Tensor._make(output)]
    if return_inverse:
        found.append(Tensor._make(inverse.astype(np.int64)))
    if return_counts:
        found.append(Tensor._make(counts.astype(np.int64)))
    return found[0] if len(found) == 1 else tuple(found)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values of x in ascending order (of all of x flattened, or the distinct
    slices along dim), optionally with ``inverse`` (where each element went; x's shape, or
    x.shape[dim] with dim) and ``counts``. NaNs are distinct from each other, as in PyTorch.
    The output is sorted also for sorted=False (PyTorch's CPU gives that too)."""
    x = _tensor(input)
    if dim is None:
        data = x._data.reshape(-1)
        output, inverse, counts = np.unique(data, return_inverse=True, return_counts=True, equal_nan=False)
        return _results(output, inverse.reshape(x.shape), counts, return_inverse, return_counts)
    dim = dim_index(dim, x.ndim, "unique")
    if x.ndim == 0:
        raise ValueError("unique: a 0-d Tensor has no dim to take unique slices along")
    output, inverse, counts = np.unique(x._data, return_inverse=True, return_counts=True, axis=dim)
    return _results(output, inverse.reshape(-1), counts, return_inverse, return_counts)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """x with each run of equal consecutive values (or slices along dim) kept once, with the
    optional ``inverse`` (the run each element belongs to) and ``counts`` (run lengths)."""
    x = _tensor(input)
    if dim is None:
        rows = x._data.reshape(-1, 1)
    else:
        if x.ndim == 0:
            raise ValueError("unique_consecutive: a 0-d Tensor has no dim")
        dim = dim_index(dim, x.ndim, "unique_consecutive")
        rows = np.moveaxis(x._data, dim, 0).reshape(x.shape[dim], -1)
    starts = np.ones(len(rows), dtype=bool)
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    inverse = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), len(rows)))
    if dim is None:
        return _results(
            x._data.reshape(-1)[starts], inverse.reshape(x.shape), counts, return_inverse, return_counts
        )
    output = np.compress(starts, x._data, axis=dim)
    return _results(output, inverse, counts, return_inverse, return_counts)


def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """A bool Tensor of elements' shape: True where the element equals one of test_elements
    (False with ``invert``). Either may be a number; NaN is in nothing."""
    if not (isinstance(elements, Tensor) or isinstance(test_elements, Tensor)):
        raise TypeError("isin(): elements or test_elements must be a Tensor (the other may be a number)")
    given = [array_of(v) for v in (elements, test_elements)]
    for value in given:
        if value.dtype.kind not in "iuf":
            raise DtypeError(f"isin(): unsupported input type {value.dtype} (numbers only)")
    return Tensor._make(np.asarray(np.isin(given[0], given[1], invert=bool(invert))))


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value, the index where it would go in ``sorted_sequence`` to keep it sorted:
    the first such place (side "left") or the last (right=True or side "right"). A 1-D
    sequence serves every value; an N-D one holds one sequence per row of ``input``'s
    leading dimensions. ``sorter`` gives the order that sorts an unsorted sequence."""
    sequence = array_of(sorted_sequence)
    if side is not None and side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    if side == "left" and right:
        raise ValueError("searchsorted: side='left' and right=True contradict each other")
    side = side or ("right" if right else "left")
    scalar = isinstance(input, numbers.Number)
    values = np.asarray(input) if scalar else array_of(input)
    if sorter is not None:
        order = array_of(sorter)
        if order.shape != sequence.shape or order.dtype.kind not in "iu":
            raise ValueError(
                f"searchsorted: sorter must be integer indices of the sequence's shape "
                f"{tuple(sequence.shape)}, got shape {tuple(order.shape)} and dtype {order.dtype}"
            )
        sequence = np.take_along_axis(sequence, order, axis=-1)
    if sequence.ndim == 0:
        raise ValueError("searchsorted: sorted_sequence must have at least one dimension")
    dtype = np.int32 if out_int32 else np.int64
    if sequence.ndim == 1:
        return Tensor._make(np.asarray(np.searchsorted(sequence, values, side=side), dtype=dtype))
    if scalar or values.shape[:-1] != sequence.shape[:-1]:
        raise ValueError(
            f"searchsorted: an N-D sorted_sequence of shape {tuple(sequence.shape)} needs input with the "
            f"same leading dimensions, got shape {tuple(values.shape)}"
        )
    rows, columns = sequence.reshape(-1, sequence.shape[-1]), values.reshape(-1, values.shape[-1])
    out = np.stack([np.searchsorted(s, v, side=side) for s, v in zip(rows, columns)])
    return Tensor._make(out.reshape(values.shape).astype(dtype))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each value among the 1-D sorted ``boundaries``: i with
    boundaries[i-1] < x <= boundaries[i] (right=False) or boundaries[i-1] <= x < boundaries[i]."""
    if array_of(boundaries).ndim != 1:
        raise ValueError(f"bucketize: boundaries must be 1-D, got shape {tuple(array_of(boundaries).shape)}")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)
