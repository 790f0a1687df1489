"""Piecewise-constant functions: sign and rounding. Their derivative is 0 wherever it
exists, and PyTorch's gradient is 0 everywhere (also at the jumps), so is ours.

Integers stay integers (numpy's floor of an int array would be float64).
"""

import numpy as np

from ..function import Function


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
