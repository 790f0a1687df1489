"""Argument handling shared by the data modules: seeds, permutations and arrays of rows."""
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


def randperm(n, generator=None):
    """A random permutation of 0 .. n-1 (int64 array) from ``generator`` (a numpy Generator; None:
    the library's). Every shuffle in nn.data draws through here."""
    rng = autograd.random.generator() if generator is None else generator
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"generator must be None or a random generator, got {type(generator).__name__}")
    return rng.permutation(n)


def as_rows(name, value):
    """``value`` as a numpy array with one row per example (a Tensor gives its data, not a copy)."""
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (one row per example), "
                         f"got a scalar {array!r}")
    return array
