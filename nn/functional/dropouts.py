"""Dropout: random zeroing of activations (dropout) or of whole channels (dropout2d) while training."""

import numbers

import numpy as np

from autograd import random

from ._checks import as_tensor
from ._layout import dense_order

__all__ = ["dropout", "dropout2d"]


def dropout(input, p=0.5, training=True, inplace=False):
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The expected value is unchanged, so nothing needs rescaling at evaluation time, where
    (``training=False``) the input is returned as it is. The mask is PyTorch's: a Bernoulli(1-p)
    draw from the library's generator (``autograd.manual_seed``), divided by 1-p in input's dtype,
    drawn in the order of input's memory as PyTorch draws it (a transposed input, such as
    ``MultiheadAttention``'s output with ``batch_first``, gets its draws column by column).
    """
    _check_probability(p, "dropout")
    input = as_tensor(input)
    if not training or p == 0:
        return input
    dropped = _drop(input, input.shape, p)
    return input.copy_(dropped) if inplace else dropped


def _memory_order(array):
    """The axes of ``array`` from the slowest-varying in memory to the fastest, if its elements
    fill a block of memory without gaps or repeats (a transposed or permuted array); else the
    axes in order (PyTorch fills a mask like its input in the first case, in row order else).

    The exception: an (N, C, H, W) array laid out channels-last, as chainrule's conv2d returns
    its result (see ``nn.functional.convolution``) where PyTorch's is in row order, is drawn in
    row order too. (So a Tensor that you permute to that layout yourself gets other draws than
    PyTorch's, which follow its memory.)"""
    order = None if array.flags.c_contiguous else dense_order(array)
    return list(range(array.ndim)) if order in (None, [0, 2, 3, 1]) else order


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, H, W) (or (N, C, L)) inputs: zero each whole channel of each
    sample with probability p, scale the rest by 1/(1-p); neighbouring pixels of a feature map
    are correlated, so dropping single pixels would barely regularise."""
    _check_probability(p, "dropout2d")
    input = as_tensor(input)
    if input.ndim not in (3, 4):
        raise ValueError(
            f"dropout2d: expected an input of shape (N, C, H, W) or (N, C, L), got shape {tuple(input.shape)}"
        )
    if not training or p == 0:
        return input
    dropped = _drop(input, input.shape[:2] + (1,) * (input.ndim - 2), p)
    return input.copy_(dropped) if inplace else dropped


def _check_probability(p, owner):
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"{owner}: p must be a probability in [0, 1), got {p!r}")


def _drop(input, mask_shape, p):
    """input times a mask of ``mask_shape`` (broadcast): 0 with probability p, else 1/(1-p).
    A mask of input's own shape is drawn in the order of input's memory (``_memory_order``)."""
    order = _memory_order(input._data) if mask_shape == input.shape else range(len(mask_shape))
    keep = random.sampling.bernoulli(tuple(mask_shape[axis] for axis in order), 1 - p, input.dtype)
    keep = keep.transpose(np.argsort(order))
    return input * (keep / input.dtype.type(1 - p))
