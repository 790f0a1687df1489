"""Argument handling shared by the data modules: seeds and arrays of rows, and the random draws
of datasets and loaders (every shuffle and split draws through randperm and random_seed here)."""

import numpy as np

import autograd.random
from autograd import Tensor


def generator_for(seed):
    """A new ``autograd.random.Generator`` seeded with an int ``seed``; None for None (then the
    library's default generator is used)."""
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be None or a non-negative integer, got {seed!r}")
    return autograd.random.Generator().manual_seed(int(seed))


def randperm(n, generator=None):
    """A random permutation of 0 .. n-1 (int64 array), PyTorch's ``randperm(n, generator=...)``
    (None: the library's default generator)."""
    return autograd.random.randperm(n, generator=generator).numpy()


def random_seed(generator=None):
    """A random int64 drawn as PyTorch's ``torch.empty((), dtype=torch.int64).random_(generator=...)``."""
    return autograd.random.random_(autograd.zeros((), dtype=np.int64), generator=generator).item()


def seeded_generator(seed):
    """A new generator seeded with ``seed``."""
    return autograd.random.Generator().manual_seed(seed)


def as_rows(name, value):
    """``value`` as a numpy array with one row per example (a Tensor gives its data, not a copy)."""
    array = value._data if isinstance(value, Tensor) else np.asarray(value)
    if array.ndim == 0:
        raise ValueError(
            f"{name} must have at least one dimension (one row per example), got a scalar {array!r}"
        )
    return array
