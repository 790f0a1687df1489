"""Dropout: random zeroing of activations while training."""
import numbers

from autograd import random

from ._checks import as_tensor

__all__ = ["dropout"]


def dropout(input, p=0.5, training=True):
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The expected value is unchanged, so nothing needs rescaling at evaluation time, where
    (``training=False``) the input is returned as it is. The mask comes from the library's
    generator (``autograd.manual_seed`` makes it repeatable).
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"dropout: p must be a probability in [0, 1), got {p!r}")
    input = as_tensor(input)
    if not training or p == 0:
        return input
    keep = random.generator().random(input.shape) >= p
    return input * (keep / (1 - p)).astype(input.dtype)
