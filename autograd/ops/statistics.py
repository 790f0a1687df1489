"""Order statistics and counts: median, nanmedian, mode, kthvalue, quantile, nanquantile,
aminmax, count_nonzero, histc.

Medians and modes pick elements: their indices come from a stable sort (NaN last) and the
values are gathered there, so the gradient goes to the element picked. The median of all of
x shares its gradient among the elements equal to it, as PyTorch does. Quantiles are read
from the sorted values and interpolated, so their gradient flows through the sort.
"""

import numbers

import numpy as np

from ..tensor import Tensor, tensor
from .checks import ArgumentError, array_of, dim_index, dims_index
from .elementwise import where
from .indexing import gather
from .reduction import _Extreme, amax, amin
from .shape import transpose
from .sorting import return_types, sort


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _nans(x):
    return np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, dtype=bool)


def _lower_median(ignore_nan):
    """The reduction of Median / NanMedian: the lower median of all of x, as shape (1, ...)."""

    def reduce(x, axis, keepdims):
        values = np.sort(x, axis=None)  # NaN last
        count = values.size - int(_nans(values).sum())
        if not ignore_nan and count < values.size or count == 0:
            median = np.nan
        else:
            median = values[(count - 1) // 2]
        return np.full((1,) * x.ndim, median, dtype=x.dtype)

    return staticmethod(reduce)


class Median(_Extreme):
    """y = the lower median of all of x (NaN if x holds one);  dx = dy shared among the
    elements equal to y"""

    reduce = _lower_median(ignore_nan=False)


class NanMedian(_Extreme):
    """y = the lower median of x's non-NaN elements;  dx = dy shared among those equal to y"""

    reduce = _lower_median(ignore_nan=True)


def _median_along(x, dim, keepdim, op, ignore_nan, result):
    """(values, indices) of the lower median along dim: the element of rank (n - 1) // 2 in
    a stable sort, as PyTorch picks it among ties; the first NaN if the slice has one
    (median), or the median of the non-NaN elements (nanmedian)."""
    x = _tensor(x)
    dim = dim_index(dim, x.ndim, op)
    if x.ndim == 0:
        return result(x, Tensor._make(np.zeros((), dtype=np.int64)))
    if x.shape[dim] == 0:
        raise ValueError(f"{op}: dim {dim} of shape {tuple(x.shape)} has no elements")
    data, n = x._data, x.shape[dim]
    order = np.argsort(data, axis=dim, kind="stable")
    nan_count = _nans(data).sum(axis=dim, keepdims=True)
    if ignore_nan:
        rank = np.maximum(n - nan_count - 1, 0) // 2
    else:
        rank = np.where(nan_count > 0, n - nan_count, (n - 1) // 2)
    index = np.take_along_axis(order, rank, axis=dim).astype(np.int64)
    values = gather(x, dim, index)
    if not keepdim:
        index = index.squeeze(dim)
        values = values.reshape(index.shape)
    return result(values, Tensor._make(index))


def median(input, dim=None, keepdim=False):
    """The lower median (of two middle values the smaller, as PyTorch): of all of x, or
    ``(values, indices)`` along dim. NaN wins: a slice holding one gives NaN."""
    if dim is None:
        return Median.apply(_tensor(input))
    return _median_along(input, dim, keepdim, "median", False, return_types.median)


def nanmedian(input, dim=None, keepdim=False):
    """median ignoring NaNs (NaN only where a slice holds nothing else)."""
    if dim is None:
        return NanMedian.apply(_tensor(input))
    return _median_along(input, dim, keepdim, "nanmedian", True, return_types.nanmedian)


def mode(input, dim=-1, keepdim=False):
    """``(values, indices)``: the most frequent value along dim (the smallest of equally
    frequent ones) and the index of its last occurrence, as PyTorch."""
    x = _tensor(input)
    dim = dim_index(dim, x.ndim, "mode")
    if x.ndim == 0:
        return return_types.mode(x, Tensor._make(np.zeros((), dtype=np.int64)))
    if x.shape[dim] == 0:
        raise ValueError(f"mode: dim {dim} of shape {tuple(x.shape)} has no elements")
    rows = np.moveaxis(x._data, dim, -1)
    index = np.empty(rows.shape[:-1], dtype=np.int64)
    for position in np.ndindex(index.shape):
        row = rows[position]
        values, counts = np.unique(row, return_counts=True)
        value = values[np.argmax(counts)]
        index[position] = np.flatnonzero((row == value) | (np.isnan(row) & np.isnan(value)))[-1]
    index = np.expand_dims(index, dim)
    values = gather(x, dim, index)
    if not keepdim:
        index = index.squeeze(dim)
        values = values.reshape(index.shape)
    return return_types.mode(values, Tensor._make(index))


def _greater(a, b):
    """a > b with NaN above every number (PyTorch's order for selecting)."""
    return a > b or (a != a and b == b)


def _select(row, k):
    """The position in ``row`` of the element of rank k (from 0) as PyTorch's kthvalue finds
    it, so ties resolve to the same index: quickselect (Sedgewick's partition, the pivot the
    median of the first, middle and last) on a copy, carrying the positions along."""
    values, where = list(row), list(range(len(row)))

    def swap(i, j):
        values[i], values[j] = values[j], values[i]
        where[i], where[j] = where[j], where[i]

    low, high = 0, len(values) - 1
    while high > low + 1:
        swap((low + high) >> 1, low + 1)  # order first, middle, last; the median goes to low
        for a, b in ((low + 1, high), (low, high), (low + 1, low)):
            if _greater(values[a], values[b]):
                swap(a, b)
        i, j, pivot = low + 1, high, values[low]
        while True:
            i += 1
            while _greater(pivot, values[i]):
                i += 1
            j -= 1
            while _greater(values[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)
        if j <= k:
            low = i
        if j >= k:
            high = j - 1
    if high == low + 1 and _greater(values[low], values[high]):
        swap(low, high)
    return where[k]


def kthvalue(input, k, dim=-1, keepdim=False):
    """``(values, indices)``: the k-th smallest element along dim (k from 1; NaN is the
    largest) and its index; among equal values the one PyTorch's selection finds. The
    gradient goes to the element picked."""
    x = _tensor(input)
    dim = dim_index(dim, x.ndim, "kthvalue")
    size = x.shape[dim] if x.ndim else 1
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise TypeError(f"kthvalue(): k must be an int, got {k!r:.60}")
    if x.ndim and x.shape[dim] == 0:
        raise IndexError(f"kthvalue(): expected reduction dim {dim} to have non-zero size")
    if not 1 <= k <= size:
        raise ArgumentError(
            f"kthvalue(): selected number k = {k} out of range for dimension {dim} of size {size}"
        )
    if x.ndim == 0:
        return return_types.kthvalue(x, Tensor._make(np.zeros((), dtype=np.int64)))
    rows = np.moveaxis(x._data, dim, -1)
    kth = np.sort(rows, axis=-1)[..., k - 1 : k]  # NaN last
    equal = (rows == kth) | (_nans(rows) & _nans(kth))
    index = np.asarray(np.argmax(equal, axis=-1), dtype=np.int64)  # the one of that value, unless tied
    tied = equal.sum(axis=-1) > 1
    for position in np.ndindex(index.shape):
        if tied[position]:
            index[position] = _select(rows[position].tolist(), k - 1)
    index = np.expand_dims(index, dim)
    values = gather(x, dim, index)
    if not keepdim:
        index = index.squeeze(dim)
        values = values.reshape(index.shape)
    return return_types.kthvalue(values, Tensor._make(index))


INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _checked_q(x, q, interpolation, op):
    """q as an array of x's dtype (0-d or 1-D, in [0, 1]), after checking x and interpolation."""
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: input must be a floating-point Tensor, got dtype {x.dtype}")
    if interpolation not in INTERPOLATIONS:
        raise ValueError(
            f"{op}: interpolation must be one of {', '.join(INTERPOLATIONS)}, got {interpolation!r}"
        )
    if x.numel() == 0:
        raise ValueError(f"{op}: input of shape {tuple(x.shape)} is empty")
    qs = array_of(q).astype(x.dtype)
    if qs.ndim > 1:
        raise ValueError(f"{op}: q must be a number or a 1-D Tensor, got shape {tuple(qs.shape)}")
    if not ((qs >= 0) & (qs <= 1)).all():
        raise ValueError(f"{op}: q values must be in the range [0, 1], got {qs.tolist()}")
    return qs


def _quantile(x, q, dim, keepdim, interpolation, op, ignore_nan):
    """Sorted along dim, each q at rank q (n - 1) (n: the non-NaN count for nanquantile),
    between the two nearest ranks as ``interpolation`` says (linear: lerp by the fraction)."""
    x = _tensor(x)
    qs = _checked_q(x, q, interpolation, op)
    if dim is None:
        moved, dims = x.reshape(-1), tuple(range(x.ndim))
    else:
        d = dim_index(dim, x.ndim, op)
        order = [e for e in range(x.ndim) if e != d] + [d]
        moved, dims = transpose(x, tuple(order)) if x.ndim else x.reshape(1), (d,)
    values = sort(moved, -1).values  # NaN last
    n = values.shape[-1]
    nan_count = _nans(values._data).sum(axis=-1, keepdims=True)
    # ranks = q (n - 1), a Tensor of q (PyTorch differentiates quantiles in q too). A slice
    # with a NaN (quantile) reads its last value, NaN; an all-NaN one (nanquantile) its first
    if ignore_nan:
        scale, undefined, fallback = n - nan_count - 1, nan_count == n, 0
    else:
        scale, undefined, fallback = np.full(nan_count.shape, n - 1), nan_count > 0, n - 1
    q = q.astype(x.dtype) if isinstance(q, Tensor) else Tensor._make(qs)
    ranks = where(undefined, fallback, q.reshape(-1) * scale.astype(x.dtype))
    rank_values = ranks._data
    below, above = np.floor(rank_values).astype(np.int64), np.ceil(rank_values).astype(np.int64)
    if interpolation == "lower":
        out = gather(values, -1, below)
    elif interpolation == "higher":
        out = gather(values, -1, above)
    elif interpolation == "nearest":
        out = gather(values, -1, np.round(rank_values).astype(np.int64))  # halves to even, as PyTorch
    else:
        weight = 0.5 if interpolation == "midpoint" else ranks - below.astype(x.dtype)
        low, high = gather(values, -1, below), gather(values, -1, above)
        out = low + weight * (high - low)
    out = transpose(out, (out.ndim - 1,) + tuple(range(out.ndim - 1)))  # q first
    if keepdim:
        kept = tuple(1 if e in dims else s for e, s in enumerate(x.shape))
        out = out.reshape((out.shape[0],) + kept)
    return out[0] if qs.ndim == 0 else out


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """The q-th quantiles along dim (of all of x if None); a 1-D q adds a first dimension.
    A slice holding NaN gives NaN."""
    return _quantile(input, q, dim, keepdim, interpolation, "quantile", ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    """quantile of the non-NaN values (NaN where a slice holds nothing else)."""
    return _quantile(input, q, dim, keepdim, interpolation, "nanquantile", ignore_nan=True)


def aminmax(input, *, dim=None, keepdim=False):
    """``(min, max)`` over dim (all of x if None), as amin and amax (ties share the gradient)."""
    x = _tensor(input)
    dims = tuple(range(x.ndim)) if dim is None else dim
    return return_types.aminmax(amin(x, dims, keepdim), amax(x, dims, keepdim))


def count_nonzero(input, dim=None):
    """The number of non-zero elements (int64) over dim (an int or a tuple; all if None)."""
    x = _tensor(input)
    dims = None if dim is None else dims_index(dim, x.ndim, "count_nonzero")
    return Tensor._make(np.asarray(np.count_nonzero(x._data, axis=dims), dtype=np.int64))


def histc(input, bins=100, min=0, max=0):
    """Counts of x's values in ``bins`` equal bins over [min, max] (the data's range if
    min == max), in x's dtype; values outside (and NaN) are not counted, max goes to the last
    bin. No gradient."""
    x = _tensor(input)
    if x.dtype.kind != "f":
        raise TypeError(f"histc: input must be a floating-point Tensor, got dtype {x.dtype}")
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or bins <= 0:
        raise ValueError(f"histc: bins must be a positive int, got {bins!r}")
    if min > max:
        raise ValueError(f"histc: max must be larger than min, got min={min}, max={max}")
    data = x._data.reshape(-1)
    finite = data[~np.isnan(data)]
    low, high = float(min), float(max)
    if low == high and finite.size:
        low, high = float(finite.min()), float(finite.max())
    if low == high:
        low, high = low - 1, high + 1
    inside = finite[(finite >= low) & (finite <= high)]
    position = ((inside - low) * bins / (high - low)).astype(np.int64)
    counts = np.bincount(np.minimum(position, bins - 1), minlength=bins)
    return Tensor._make(counts.astype(x.dtype))
