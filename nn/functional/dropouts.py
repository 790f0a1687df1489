"""Dropout: random zeroing of activations (dropout) or of whole channels (dropout1d/2d/3d) while
training; alpha_dropout and feature_alpha_dropout, which keep a SELU network's mean and variance."""

import numbers
import warnings

import numpy as np

from autograd import random

from ._checks import as_tensor
from ._layout import dense_order

__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]

ALPHA = 1.7580993408473766  # -SELU's negative saturation value, -scale * alpha


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
    """Channel dropout for (N, C, H, W) inputs: zero each whole channel of each sample with
    probability p, scale the rest by 1/(1-p); neighbouring pixels of a feature map are correlated,
    so dropping single pixels would barely regularise.

    As in PyTorch, a 3-D input is taken as (N, C, L) (with a warning: PyTorch will read it as an
    unbatched (C, H, W) some day), and inputs of other ranks get feature dropout with a deprecation
    warning -- a 2-D (N, C) input, as pytorch/examples' mnist_rnn passes, is dropped element-wise."""
    _check_probability(p, "dropout2d")
    input = as_tensor(input)
    if input.ndim not in (3, 4):
        warnings.warn(
            _RANK_WARNING.format(owner="dropout2d", ndim=input.ndim, ranks="3-D or 4-D"), stacklevel=2
        )
    elif input.ndim == 3:
        warnings.warn(
            "dropout2d: received a 3-D input, taken as (N, C, L) (channel-wise 1-D dropout); PyTorch will "
            "read it as an unbatched (C, H, W) in a future release. Use dropout1d for (N, C, L) inputs.",
            stacklevel=2,
        )
    return _feature_dropout(input, p, training, inplace, "dropout2d")


def _check_probability(p, owner):
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{owner}: p must be a probability in [0, 1], got {p!r}")


def _keep(input, mask_shape, p):
    """A mask of ``mask_shape``: 1 with probability 1-p, else 0, in input's dtype. A mask of
    input's own shape is drawn in the order of input's memory (``_memory_order``)."""
    order = _memory_order(input._data) if mask_shape == input.shape else range(len(mask_shape))
    keep = random.sampling.bernoulli(tuple(mask_shape[axis] for axis in order), 1 - p, input.dtype)
    return keep.transpose(np.argsort(order))


def _drop(input, mask_shape, p):
    """input times a mask of ``mask_shape`` (broadcast): 0 with probability p, else 1/(1-p);
    p = 1 zeroes everything and draws nothing, as PyTorch does."""
    if p == 1:
        return input * input.dtype.type(0)
    return input * (_keep(input, mask_shape, p) / input.dtype.type(1 - p))


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, L) (or unbatched (C, L)) inputs: zero each whole channel with
    probability p, scale the rest by 1/(1-p)."""
    _check_probability(p, "dropout1d")
    input = as_tensor(input)
    if input.ndim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: expected a 2-D or 3-D input ((C, L) or (N, C, L)), got shape {tuple(input.shape)}"
        )
    if not training or p == 0:
        return input
    batched = input if input.ndim == 3 else input.reshape((1,) + input.shape)
    dropped = _drop(batched, batched.shape[:2] + (1,), p).reshape(input.shape)
    return input.copy_(dropped) if inplace else dropped


def _feature_dropout(input, p, training, inplace, owner):
    """Zero each (sample, channel) slice ``input[n, c]`` of an (N, C, ...) input with probability p,
    scale the rest by 1/(1-p): one Bernoulli(1-p) draw per slice, (N, C) in row order. A 2-D
    input's "slices" are its elements (PyTorch's feature dropout, which the channel dropouts share)."""
    if not training or p == 0:
        return input
    if input.ndim < 2:
        raise RuntimeError(
            f"{owner}: feature dropout requires at least 2 dimensions in the input, got shape {tuple(input.shape)}"
        )
    dropped = _drop(input, input.shape[:2] + (1,) * (input.ndim - 2), p)
    return input.copy_(dropped) if inplace else dropped


def _unbatched(input, p, training, inplace, owner):
    """Channel dropout of an input without its batch axis: it is treated as one sample."""
    if not training or p == 0:
        return input
    dropped = _feature_dropout(input.unsqueeze(0), p, training, False, owner).squeeze(0)
    return input.copy_(dropped) if inplace else dropped


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Channel dropout for (N, C, D, H, W) or unbatched (C, D, H, W) inputs: zero each whole
    channel with probability p, scale the rest by 1/(1-p). Other ranks are treated as unbatched
    with a warning, as PyTorch does."""
    _check_probability(p, "dropout3d")
    input = as_tensor(input)
    if input.ndim not in (4, 5):
        warnings.warn(
            _RANK_WARNING.format(owner="dropout3d", ndim=input.ndim, ranks="4-D or 5-D"), stacklevel=2
        )
    if input.ndim != 5:
        return _unbatched(input, p, training, inplace, "dropout3d")
    return _feature_dropout(input, p, training, inplace, "dropout3d")


_RANK_WARNING = (
    "{owner}: received a {ndim}-D input, which is deprecated (PyTorch will raise an error in a future "
    "release); channel dropout expects {ranks} inputs. Use dropout for element-wise dropout."
)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout (for SELU networks): each element is set, with probability p, to SELU's
    saturation value -alpha' = -1.7581, and then all are moved by an affine map that keeps
    the mean 0 and variance 1 of a standardised input:

        y = a (x m + (-alpha')(1 - m)) + b,   a = ((1 - p)(1 + p alpha'^2))^(-1/2),  b = a alpha' p

    (m the Bernoulli(1-p) keep mask, drawn as PyTorch draws it); the identity when not training."""
    return _alpha_drop(input, p, training, inplace, "alpha_dropout", feature=False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels of (N, C, ...) inputs (one mask entry per sample and
    channel; see ``alpha_dropout``)."""
    return _alpha_drop(input, p, training, inplace, "feature_alpha_dropout", feature=True)


def _alpha_drop(input, p, training, inplace, owner, feature):
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
        raise ValueError(f"{owner}: dropout probability has to be between 0 and 1, got {p!r}")
    input = as_tensor(input)
    if feature and input.ndim < 2:
        raise RuntimeError(
            f"{owner}: expected an input of at least 2 dimensions (N, C, ...), got shape {tuple(input.shape)}"
        )
    if not training or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        result = input * input.dtype.type(0)
    else:
        shape = input.shape[:2] + (1,) * (input.ndim - 2) if feature else input.shape
        keep, number = _keep(input, shape, p), input.dtype.type
        a = 1.0 / np.sqrt((ALPHA * ALPHA * p + 1) * (1 - p))
        shift = (keep - number(1)) * number(ALPHA * a) + number(ALPHA * a * p)
        result = input * (keep * number(a)) + shift
    return input.copy_(result) if inplace else result
