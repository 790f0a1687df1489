"""Functions of the bits and divisors of integers: bitwise and/or/xor/not, shifts, gcd, lcm.

No gradient (their inputs are integers or bools). Operands broadcast; either may be a
Python int (or bool), which takes the other's dtype, wrapping as PyTorch's do; Tensors of two
dtypes promote by PyTorch's rules (``autograd.typeinfo``). Shifts by as many bits as the
type has, or more, give 0 (left) or the sign (right), as in PyTorch.
"""

import numbers

import numpy as np

from .. import typeinfo
from ..tensor import Tensor


def _operands(input, other, op, kinds):
    """Both operands as arrays of their common dtype, which must be of ``kinds``."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, (Tensor, numbers.Integral)):
            raise TypeError(f"{op}(): argument '{name}' must be a Tensor or an int, not {type(x).__name__}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"{op}(): one of 'input' and 'other' must be a Tensor")
    dtype = typeinfo.result_type(input, other)
    if dtype.kind not in kinds:
        need = "integer" if kinds == "iu" else "bool or integer"
        raise TypeError(f"{op}: needs {need} Tensors, got dtype {dtype}")
    arrays = [_array(x, dtype, op) for x in (input, other)]
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise ValueError(
            f"{op}: shapes {tuple(arrays[0].shape)} and {tuple(arrays[1].shape)} cannot be broadcast together"
        ) from None
    return arrays


def _array(x, dtype, op):
    if isinstance(x, Tensor):
        return x._data.astype(dtype, copy=False)
    try:
        return np.asarray(np.int64(x)).astype(dtype)  # a Python int wraps into the dtype
    except OverflowError:
        raise ValueError(f"{op}: the number {x} is beyond int64") from None


def _result(values):
    return Tensor._make(np.asarray(values))


def bitwise_and(input, other):
    """The bits set in both (logical and for bools)."""
    return _result(np.bitwise_and(*_operands(input, other, "bitwise_and", "biu")))


def bitwise_or(input, other):
    """The bits set in either."""
    return _result(np.bitwise_or(*_operands(input, other, "bitwise_or", "biu")))


def bitwise_xor(input, other):
    """The bits set in exactly one."""
    return _result(np.bitwise_xor(*_operands(input, other, "bitwise_xor", "biu")))


def bitwise_not(input):
    """Every bit flipped (logical not for bools): ~x = -x - 1 for signed integers."""
    if not isinstance(input, Tensor):
        raise TypeError(f"bitwise_not(): argument 'input' must be a Tensor, not {type(input).__name__}")
    if input.dtype.kind not in "biu":
        raise TypeError(f"bitwise_not: needs a bool or integer Tensor, got dtype {input.dtype}")
    return _result(np.invert(input._data))


def bitwise_left_shift(input, other):
    """input * 2^other, wrapping in the dtype (0 for shifts of the type's width or more)."""
    return _result(np.left_shift(*_operands(input, other, "bitwise_left_shift", "iu")))


def bitwise_right_shift(input, other):
    """input // 2^other (arithmetic: the sign fills in for signed integers)."""
    return _result(np.right_shift(*_operands(input, other, "bitwise_right_shift", "iu")))


def gcd(input, other):
    """The greatest common divisor of |input| and |other| (gcd(0, 0) = 0)."""
    return _result(np.gcd(*_operands(input, other, "gcd", "iu")))


def lcm(input, other):
    """The least common multiple of |input| and |other| (0 if either is 0)."""
    return _result(np.lcm(*_operands(input, other, "lcm", "iu")))
