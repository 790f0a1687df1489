"""Helpers shared by the distributions: parameters as Tensors of one shape, and the two
spellings of a probability (``probs`` and ``logits``)."""

import numbers

import numpy as np

from .. import dtypes
from ..functions import broadcast_tensors
from ..random import sampling
from ..tensor import Tensor


def broadcast_all(*values):
    """Tensors and numbers as Tensors broadcast to one shape; numbers take the dtype of the
    Tensors among them (the default float dtype if there are none), as PyTorch."""
    like = next((v for v in values if isinstance(v, Tensor)), None)
    dtype = like.dtype if like is not None else np.dtype(dtypes.get_default_dtype())
    tensors = []
    for v in values:
        if isinstance(v, Tensor):
            tensors.append(v)
        elif isinstance(v, numbers.Number):
            tensors.append(Tensor._make(np.asarray(v, dtype=dtype)))
        else:
            raise ValueError(
                f"Input arguments must all be instances of numbers.Number or Tensor, got {type(v).__name__}"
            )
    return broadcast_tensors(*tensors)


def clamp_probs(probs):
    """probs clamped to [eps, 1 - eps] (the dtype's eps), so their logs are finite."""
    eps = float(np.finfo(probs.dtype).eps)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """log p (categories) or log p - log(1 - p) (binary), from clamped probs."""
    clamped = clamp_probs(probs)
    return clamped.log() - (-clamped).log1p() if is_binary else clamped.log()


def logits_to_probs(logits, is_binary=False):
    """sigmoid(logits) (binary) or softmax(logits) over the last dimension."""
    return logits.sigmoid() if is_binary else logits.softmax(-1)


def sum_rightmost(value, dim):
    """value summed over its ``dim`` rightmost dimensions."""
    return value.reshape(value.shape[: value.ndim - dim] + (-1,)).sum(-1) if dim > 0 else value


def standard_normal(shape, dtype):
    """N(0, 1) samples of ``shape``, the numbers PyTorch's ``empty(shape).normal_()`` draws."""
    return Tensor._make(sampling.normal(tuple(shape), 0.0, 1.0, dtype))
