"""Dropout: random zeroing of activations while training."""
import numbers

from autograd import random

from ._checks import as_tensor

__all__ = ["dropout"]


def dropout(input, p=0.5, training=True):
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The expected value is unchanged, so nothing needs rescaling at evaluation time, where
    (``training=False``) the input is returned as it is. The mask is PyTorch's: a Bernoulli(1-p)
    draw from the library's generator (``autograd.manual_seed``), divided by 1-p in input's dtype.
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"dropout: p must be a probability in [0, 1), got {p!r}")
    input = as_tensor(input)
    if not training or p == 0:
        return input
    keep = random.sampling.bernoulli(input.shape, 1 - p, input.dtype)
    return input * (keep / input.dtype.type(1 - p))
