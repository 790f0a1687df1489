"""Trigonometric and hyperbolic functions beyond sin and cos (those are in elementwise)."""

import numpy as np

from ..function import Function


class Tan(Function):
    """y = tan x;  dy/dx = 1 + y^2"""

    @staticmethod
    def forward(ctx, x):
        out = np.tan(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 + out * out)


class Asin(Function):
    """y = asin x;  dy/dx = 1 / sqrt(1 - x^2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore"):  # outside [-1, 1]: nan, as in PyTorch
            return np.arcsin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / np.sqrt(1 - x * x)


class Acos(Function):
    """y = acos x;  dy/dx = -1 / sqrt(1 - x^2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore"):
            return np.arccos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad / np.sqrt(1 - x * x)


class Atan(Function):
    """y = atan x;  dy/dx = 1 / (1 + x^2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.arctan(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (1 + x * x)


class Sinh(Function):
    """y = sinh x;  dy/dx = cosh x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(over="ignore"):
            return np.sinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * np.cosh(x)


class Cosh(Function):
    """y = cosh x;  dy/dx = sinh x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(over="ignore"):
            return np.cosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * np.sinh(x)


def deg2rad(x):
    """x pi / 180 (integers and bools give the default float dtype)."""
    return x * (np.pi / 180)


def rad2deg(x):
    """x 180 / pi."""
    return x * (180 / np.pi)
