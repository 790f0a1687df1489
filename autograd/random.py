"""The library's one random number generator.

Everything random in chainrule (initialisers, dropout, shuffling, toy
datasets) draws from ``generator()``, so ``manual_seed(n)`` makes a whole
program repeatable.
"""
import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed):
    """Re-seed the library's generator (like ``torch.manual_seed``)."""
    global _generator
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"manual_seed: seed must be a non-negative integer, got {seed!r}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def generator():
    """The current ``numpy.random.Generator``; call it each time (manual_seed replaces it)."""
    return _generator
