"""Histograms with bin edges: histogram (of all values) and histogramdd (of points whose
coordinates lie along the last dimension). Counts, no gradient (as in PyTorch).

A value v falls in bin i when edges[i] <= v < edges[i + 1]; the last bin also holds the last
edge; values outside the edges (and NaN) are not counted. ``bins`` is a count of equal bins
between the range's ends (the data's smallest and largest values if no range is given,
widened by 0.5 on each side if they are equal) or a Tensor of edges. ``density`` divides the
counts by their sum and by each bin's width (its volume for histogramdd), so they integrate to 1.
"""

import numbers
from fractions import Fraction

import numpy as np

from ..tensor import Tensor
from .checks import ArgumentError, DtypeError
from .sorting import return_types


def _fused(x, k, z, dtype):
    """x * k + z rounded once to dtype (a fused multiply-add, as PyTorch's compiled loop)."""
    exact = Fraction(float(x)) * k + Fraction(float(z))
    near = np.asarray(float(exact), dtype)  # float32: rounded twice, so look at its neighbours
    candidates = (near, np.nextafter(near, np.inf, dtype=dtype), np.nextafter(near, -np.inf, dtype=dtype))
    best = min(abs(Fraction(float(c)) - exact) for c in candidates)
    nearest = [c for c in candidates if abs(Fraction(float(c)) - exact) == best]
    bits = np.uint32 if dtype.itemsize == 4 else np.uint64
    return min(nearest, key=lambda c: int(np.asarray(c, dtype).view(bits)) & 1)  # a tie: the even one


def _equal_edges(low, high, count, dtype):
    """``count + 1`` edges from low to high in dtype, exactly as PyTorch's linspace places them:
    the first half stepped up from low, the second half stepped down from high."""
    low, high = np.asarray(low, dtype), np.asarray(high, dtype)
    step, steps = (high - low) / np.asarray(count, dtype), count + 1
    return np.array(
        [
            _fused(step, k, low, dtype) if k < steps // 2 else _fused(-step, count - k, high, dtype)
            for k in range(steps)
        ],
        dtype=dtype,
    )


def _edges_of(points, bins, span, dtype):
    """One array of edges per coordinate (a column of points)."""
    dims = points.shape[1]
    if isinstance(bins, (numbers.Integral, Tensor)) and not isinstance(bins, bool):
        bins = [bins] * dims
    bins = list(bins)
    if len(bins) != dims:
        raise ArgumentError(
            f"histogramdd(): the number of bins ({len(bins)}) must be equal to the innermost dimension of the input ({dims})"
        )
    if span is not None:
        span = [float(v) for v in span]
        if len(span) != 2 * dims:
            raise ArgumentError(
                f"histogramdd(): for a {dims}-dimensional histogram range should have {2 * dims} elements, got {len(span)}"
            )
    edges = []
    for d, b in enumerate(bins):
        if isinstance(b, Tensor):
            if b.dtype != dtype:
                raise DtypeError(
                    f"histogram(): input ({dtype}) and bins for dimension {d} ({b.dtype}) must have the same dtype"
                )
            if b.ndim != 1:
                raise ArgumentError(
                    f"histogram(): the bins Tensor must be 1-D, got shape {list(b.shape)} for dimension {d}"
                )
            if b.numel() < 2:
                raise ArgumentError(
                    f"histogram(): bins must be > 0, but got {b.numel() - 1} for dimension {d}"
                )
            edges.append(b._data.copy())
            continue
        if isinstance(b, bool) or not isinstance(b, numbers.Integral):
            raise TypeError(f"histogram(): bins must be an int or a Tensor of edges, got {b!r:.60}")
        if b <= 0:
            raise ArgumentError(f"histogram(): bins must be > 0, but got {b} for dimension {d}")
        column = points[:, d]
        if span is not None:
            low, high = span[2 * d], span[2 * d + 1]
        elif column.size:
            low, high = float(column.min()), float(column.max())
        else:
            low, high = 0.0, 1.0
        if low > high:
            raise ArgumentError(
                f"histogram(): min should not exceed max, but got min {low} max {high} for dimension {d}"
            )
        if not (np.isfinite(low) and np.isfinite(high)):
            raise ArgumentError(f"histogram(): dimension {d}'s range [{low}, {high}] is not finite")
        if low == high:
            low, high = low - 0.5, high + 0.5
        edges.append(_equal_edges(low, high, int(b), dtype))
    return edges


def _histogramdd(points, bins, span, weight, density):
    """(counts, edges) of the (n, d) array of points."""
    dtype = points.dtype
    edges = _edges_of(points, bins, span, dtype)
    inside = np.ones(len(points), dtype=bool)
    flat = np.zeros(len(points), dtype=np.int64)
    for column, e in zip(points.T, edges):
        inside &= (column >= e[0]) & (column <= e[-1])
        position = np.clip(np.searchsorted(e, column, side="right") - 1, 0, len(e) - 2)
        flat = flat * (len(e) - 1) + position
    shape = tuple(len(e) - 1 for e in edges)
    counts = np.bincount(
        flat[inside], weights=None if weight is None else weight[inside], minlength=int(np.prod(shape))
    )
    hist = counts.astype(dtype).reshape(shape)
    if density:
        with np.errstate(invalid="ignore", divide="ignore"):
            hist = hist / hist.sum()
            for d, e in enumerate(edges):
                hist = hist / np.diff(e).reshape([-1 if k == d else 1 for k in range(len(edges))])
    return hist.astype(dtype), edges


def _checked(op, input, weight, points_along_last):
    """input's values as (points, weights): an (n, d) array of points, their coordinates along
    input's last dimension (histogramdd) or each value a point (histogram)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    if input.dtype.kind != "f":
        raise DtypeError(f"{op}(): input must be a floating-point Tensor, got dtype {input.dtype}")
    data = input._data
    points = data.reshape(-1, data.shape[-1]) if points_along_last else data.reshape(-1, 1)
    if weight is None:
        return points, None
    if not isinstance(weight, Tensor):
        raise TypeError(f"{op}(): weight must be a Tensor, not {type(weight).__name__}")
    if weight.dtype != input.dtype:
        raise DtypeError(
            f"{op}(): input ({input.dtype}) and weight ({weight.dtype}) must have the same dtype"
        )
    expected = data.shape[:-1] if points_along_last else data.shape
    if tuple(weight.shape) != tuple(expected):
        raise ArgumentError(
            f"{op}(): weight must have the shape {list(expected)} of the points, got {list(weight.shape)}"
        )
    return points, weight._data.reshape(-1)


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """``(hist, bin_edges)`` of all of input's values, in input's dtype (see above)."""
    points, weights = _checked("histogram", input, weight, False)
    if isinstance(bins, Tensor) or (isinstance(bins, numbers.Integral) and not isinstance(bins, bool)):
        bins = [bins]
    else:
        raise TypeError(f"histogram(): bins must be an int or a 1-D Tensor of edges, got {bins!r:.60}")
    hist, edges = _histogramdd(points, bins, range, weights, density)
    return return_types.histogram(Tensor._make(hist), Tensor._make(edges[0]))


def histogramdd(input, bins=10, *, range=None, weight=None, density=False):
    """``(hist, bin_edges)`` of the points along input's last dimension (size d): hist has one
    dimension per coordinate, bin_edges is a tuple of d Tensors. bins is an int, a list of d
    ints or a list of d Tensors of edges; range a flat list (low_0, high_0, low_1, ...)."""
    if isinstance(input, Tensor) and input.ndim < 2:
        raise ArgumentError(
            f"histogramdd(): input must have at least 2 dimensions, got shape {list(input.shape)}"
        )
    points, weights = _checked("histogramdd", input, weight, True)
    hist, edges = _histogramdd(points, bins, range, weights, density)
    return return_types.histogramdd(Tensor._make(hist), tuple(Tensor._make(e) for e in edges))
