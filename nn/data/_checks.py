"""Argument handling shared by the data modules: seeds and arrays of rows, and the random draws
of datasets and loaders (every shuffle and split draws through randperm and random_seed here)."""
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
    """A random permutation of 0 .. n-1 (int64 array) from ``generator`` (None: the library's)."""
    return _generator(generator).permutation(n)


def random_seed(generator=None):
    """A random non-negative int64 drawn from ``generator`` (None: the library's), as PyTorch's
    ``torch.empty((), dtype=torch.int64).random_(generator=...)``."""
    return int(_generator(generator).integers(2 ** 63))


def seeded_generator(seed):
    """A new generator seeded with ``seed``."""
    return np.random.default_rng(seed)


def _generator(generator):
    rng = autograd.random.generator() if generator is None else generator
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"generator must be None or a random generator, got {type(generator).__name__}")
    return rng


def as_rows(name, value):
    """``value`` as a numpy array with one row per example (a Tensor gives its data, not a copy)."""
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (one row per example), "
                         f"got a scalar {array!r}")
    return array
