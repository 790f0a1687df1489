"""Ways to make Tensors: filled, random (from the library's seeded generator), ranges."""
import numpy as np

from . import random
from .tensor import Tensor, _python_number, as_dtype


def _shape(shape):
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape


def _dtype(dtype):
    return np.dtype(np.float64) if dtype is None else as_dtype(dtype)


def zeros(*shape, dtype=None, requires_grad=False):
    return Tensor(np.zeros(_shape(shape), dtype=_dtype(dtype)), requires_grad=requires_grad)


def ones(*shape, dtype=None, requires_grad=False):
    return Tensor(np.ones(_shape(shape), dtype=_dtype(dtype)), requires_grad=requires_grad)


def full(shape, fill_value, dtype=None, requires_grad=False):
    fill_value = _python_number(fill_value, _dtype(dtype)) if not isinstance(fill_value, np.generic) else fill_value
    return Tensor(np.full(shape, fill_value, dtype=_dtype(dtype)), requires_grad=requires_grad)


def zeros_like(t, requires_grad=False):
    return Tensor(np.zeros_like(np.asarray(t)), requires_grad=requires_grad)


def ones_like(t, requires_grad=False):
    return Tensor(np.ones_like(np.asarray(t)), requires_grad=requires_grad)


def randn(*shape, dtype=None, requires_grad=False):
    """Standard normal samples from the library's generator."""
    data = random.generator().standard_normal(_shape(shape))
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)


def rand(*shape, dtype=None, requires_grad=False):
    """Uniform [0, 1) samples from the library's generator."""
    data = random.generator().random(_shape(shape))
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)


def arange(*args, dtype=None, requires_grad=False):
    return Tensor(np.arange(*args, dtype=_dtype(dtype)), requires_grad=requires_grad)
