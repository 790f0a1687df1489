"""bincount: how often each non-negative integer occurs (or the sum of its weights); no gradient."""

import numbers

import numpy as np

from ..tensor import Tensor


def bincount(input, weights=None, minlength=0):
    """out[n] = the number of entries of ``input`` equal to n (with ``weights``, the sum of their
    weights), for n up to max(input) or ``minlength`` - 1. Counts are int64; sums of float32
    weights float32, of any other weights float64 (PyTorch's rule)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"bincount: input must be a Tensor, got {type(input).__name__}")
    x = input._data
    if x.ndim != 1 or x.dtype.kind not in "iu" or (x.size and x.min() < 0):
        raise ValueError(
            f"bincount: input must be a 1-d Tensor of non-negative integers, got shape "
            f"{tuple(x.shape)} and dtype {x.dtype}"
            + (" with negative entries" if x.dtype.kind in "iu" else "")
        )
    if isinstance(minlength, bool) or not isinstance(minlength, numbers.Integral):
        raise TypeError(f"bincount: minlength must be an int, got {minlength!r}")
    if not 0 <= minlength < 2**63:
        raise ValueError(f"bincount: minlength must be >= 0 (and an int64), got {minlength}")
    if weights is None:
        return Tensor._make(np.bincount(x, minlength=int(minlength)).astype(np.int64))
    w = weights._data if isinstance(weights, Tensor) else np.asarray(weights)
    if w.shape != x.shape:
        raise ValueError(
            f"bincount: weights must be 1-d with the length of input {tuple(x.shape)}, got shape {tuple(w.shape)}"
        )
    dtype = np.float32 if w.dtype == np.float32 else np.float64
    return Tensor._make(np.bincount(x, weights=w.astype(np.float64), minlength=int(minlength)).astype(dtype))
