"""Predicates and tests: bool Tensors (or Python bools), never a gradient.

isnan, isinf, isfinite, isclose give a bool Tensor of x's shape; all and any
reduce (over dims, or all of x); allclose and equal answer with one bool;
nonzero lists the positions of the non-zero elements.
"""

import math
import sys

import numpy as np

from ..tensor import Tensor
from .checks import array_of, dims_index


def _bools(values):
    return Tensor._make(np.asarray(values, dtype=bool))


def isnan(x):
    """True where x is NaN."""
    return _bools(np.isnan(array_of(x)))


def isinf(x):
    """True where x is +inf or -inf."""
    return _bools(np.isinf(array_of(x)))


def isfinite(x):
    """True where x is neither inf nor NaN."""
    return _bools(np.isfinite(array_of(x)))


def _tolerances(rtol, atol, op):
    for name, value in (("rtol", rtol), ("atol", atol)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 <= value < math.inf
            or value > sys.float_info.max
        ):  # an int too large to be a float
            raise ValueError(f"{op}: {name} must be a finite number >= 0, got {value!r}")


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where |a - b| <= atol + rtol |b| (equal infinities are close; NaN only with
    equal_nan)."""
    _tolerances(rtol, atol, "isclose")
    a, b = array_of(a), array_of(b)
    for name, value in (("input", a), ("other", b)):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"isclose: {name} must hold real numbers, got dtype {value.dtype}")
    try:
        return _bools(np.isclose(a, b, rtol=float(rtol), atol=float(atol), equal_nan=equal_nan))
    except ValueError:
        raise ValueError(
            f"isclose: shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be broadcast together"
        ) from None


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True if isclose holds everywhere (a Python bool)."""
    return bool(isclose(a, b, rtol, atol, equal_nan)._data.all())


def equal(a, b):
    """True if a and b have the same shape and the same values (a Python bool; NaN is
    not equal to itself)."""
    a, b = array_of(a), array_of(b)
    return a.shape == b.shape and bool(np.all(a == b))


def _reduce(np_reduce, x, dim, keepdim, op):
    x = array_of(x)
    dims = None if dim is None else dims_index(dim, x.ndim, op)
    if x.ndim == 0:
        return _bools(np_reduce(x))
    return _bools(np_reduce(x, axis=dims, keepdims=keepdim))


def all(x, dim=None, keepdim=False):
    """True if every element (along dim) is non-zero."""
    return _reduce(np.all, x, dim, keepdim, "all")


def any(x, dim=None, keepdim=False):
    """True if some element (along dim) is non-zero."""
    return _reduce(np.any, x, dim, keepdim, "any")


def nonzero(x, as_tuple=False):
    """The positions of the non-zero elements: an int64 (count, ndim) Tensor, or with
    as_tuple one int64 1-D Tensor per dimension (what ``where(condition)`` gives)."""
    x = array_of(x)
    if x.ndim == 0 and not as_tuple:  # PyTorch: shape (1, 0) or (0, 0)
        return Tensor._make(np.zeros((int(x != 0), 0), dtype=np.int64))
    positions = np.nonzero(np.atleast_1d(x))
    if as_tuple:
        return tuple(Tensor._make(p.astype(np.int64)) for p in positions)
    return Tensor._make(np.stack(positions, axis=1).astype(np.int64))


def _tensor_pair(input, other, op):
    """PyTorch's logical functions take two Tensors (no Python numbers)."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"{op}(): argument '{name}' must be a Tensor, not {type(x).__name__}")
    try:
        return np.broadcast_arrays(input._data, other._data)
    except ValueError:
        raise ValueError(
            f"{op}: shapes {tuple(input.shape)} and {tuple(other.shape)} cannot be broadcast together"
        ) from None


def logical_and(input, other):
    """True where both are non-zero (any dtypes; no gradient)."""
    return _bools(np.logical_and(*_tensor_pair(input, other, "logical_and")))


def logical_or(input, other):
    """True where either is non-zero."""
    return _bools(np.logical_or(*_tensor_pair(input, other, "logical_or")))


def logical_xor(input, other):
    """True where exactly one is non-zero."""
    return _bools(np.logical_xor(*_tensor_pair(input, other, "logical_xor")))


def logical_not(input):
    """True where input is zero."""
    return _bools(np.logical_not(array_of(input)))


def signbit(input):
    """True where the sign bit is set: x < 0, and -0.0 (never for bool and unsigned)."""
    x = array_of(input)
    return _bools(
        np.signbit(x) if x.dtype.kind == "f" else x < 0 if x.dtype.kind == "i" else np.zeros(x.shape)
    )


def isposinf(input):
    """True where input is +inf."""
    return _bools(np.isposinf(array_of(input)))


def isneginf(input):
    """True where input is -inf."""
    return _bools(np.isneginf(array_of(input)))


def isreal(input):
    """True everywhere: chainrule's Tensors hold real numbers only."""
    return _bools(np.ones(array_of(input).shape))
