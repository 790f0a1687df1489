"""Argument handling shared by the data modules: seeds and arrays of rows."""
import numpy as np

import autograd.random
from autograd import Tensor


def rng_for(seed):
    """A fresh ``numpy.random.default_rng(seed)`` for an int ``seed``; the library's generator for None."""
    if seed is None:
        return autograd.random.generator()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}")
    return np.random.default_rng(int(seed))


def as_rows(name, value):
    """``value`` as a numpy array with one row per example (a Tensor gives its data, not a copy)."""
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (one row per example), "
                         f"got a scalar {array!r}")
    return array
