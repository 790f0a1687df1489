"""Piecewise-constant functions: sign and rounding. Their derivative is 0 wherever it
exists, and PyTorch's gradient is 0 everywhere (also at the jumps), so is ours.

Integers stay integers (numpy's floor of an int array would be float64).
"""

import numpy as np

from .. import typeinfo
from ..function import Function
from ..tensor import Tensor


class _Steps(Function):
    """Shared by the rounding functions: y = f(x) piecewise constant;  dy/dx = 0"""

    rule = None

    @classmethod
    def forward(cls, ctx, x):
        ctx.shape = x.shape
        return cls.rule(x) if x.dtype.kind == "f" else x.copy()

    @staticmethod
    def backward(ctx, grad):
        return np.zeros(ctx.shape, dtype=grad.dtype)


class Sign(_Steps):
    """y = -1, 0 or 1 as x < 0, x = 0, x > 0 (and 0 for NaN, as PyTorch);  dy/dx = 0"""

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x.shape
        if x.dtype.kind == "b":  # a bool's sign is itself
            return x.copy()
        return np.sign(x) if x.dtype.kind != "f" else np.where(np.isnan(x), 0, np.sign(x))


class Floor(_Steps):
    """y = the largest integer <= x;  dy/dx = 0"""

    rule = staticmethod(np.floor)


class Ceil(_Steps):
    """y = the smallest integer >= x;  dy/dx = 0"""

    rule = staticmethod(np.ceil)


class Trunc(_Steps):
    """y = x with its fraction dropped (towards 0);  dy/dx = 0"""

    rule = staticmethod(np.trunc)


class Round(_Steps):
    """y = x rounded to ``decimals`` places, halves to even (as PyTorch);  dy/dx = 0"""

    @staticmethod
    def forward(ctx, x, decimals=0):
        if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
            raise TypeError(f"round: decimals must be an int, got {decimals!r}")
        ctx.shape = x.shape
        with np.errstate(over="ignore", invalid="ignore"):  # decimals beyond the float range
            return np.round(x, decimals)


class RoundedDiv(Function):
    """y = a / b rounded down (``rounding_mode="floor"``, Python's //) or towards 0 ("trunc");
    da = db = 0, as PyTorch's (integers divide exactly, without going through floats)"""

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        ctx.shapes = a.shape, b.shape
        if a.dtype.kind in "biu":
            if np.any(b == 0):
                raise RuntimeError("ZeroDivisionError: integer division by zero (in div with rounding_mode)")
            quotient = np.floor_divide(a, b)
            if rounding_mode == "trunc":  # floor is one below trunc where the exact quotient is negative
                quotient += ((a - quotient * b) != 0) & ((a < 0) != (b < 0))
            return quotient
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # x/0 = inf, 0/0 = nan
            return np.floor_divide(a, b) if rounding_mode == "floor" else np.trunc(a / b)

    @staticmethod
    def backward(ctx, grad):
        return tuple(np.zeros(shape, dtype=grad.dtype) for shape in ctx.shapes)


def divide(input, other, rounding_mode=None):
    """input / other: true division (None), or rounded down ("floor") or towards 0 ("trunc"),
    in the operands' common dtype (PyTorch's promotion; integers stay integers when rounded)."""
    if rounding_mode is None:
        return input / other
    if rounding_mode not in ("floor", "trunc"):
        raise ValueError(f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}")
    dtype = typeinfo.result_type(input, other)
    input = input if isinstance(input, Tensor) else other._lift(input)
    other = input._lift(other)
    if dtype.kind == "b":
        raise TypeError("div: bool Tensors cannot be divided with a rounding_mode (use integers)")
    return RoundedDiv.apply(input.astype(dtype), other.astype(dtype), rounding_mode=rounding_mode)
