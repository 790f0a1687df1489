"""Elementwise functions of one Tensor from ``torch.special`` and its neighbours: sinc, logit,
entr, exp2, frac. (The gamma, error-function and Bessel families have files of their own.)"""

import math
import numbers

import numpy as np

from ..function import Function
from .elementwise import select
from .gamma import _result_dtype


class Sinc(Function):
    """y = sin(pi x) / (pi x), 1 at 0;  dy/dx = (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at 0
    (PyTorch's formula and value there; like PyTorch's, it cancels for |x| below ~1e-2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(invalid="ignore", over="ignore"):  # sin(inf) = nan, as in PyTorch
            ctx.zero = x * x * math.pi == 0
            product = math.pi * np.where(x == 0, 1.0, x)
            return np.where(x == 0, 1.0, np.sin(product) / product).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        safe = select(ctx.zero, 1.0, x)  # no 0/0 where the derivative is taken as 0
        pi_x = safe * math.pi
        return select(ctx.zero, 0.0, grad * (pi_x * np.cos(pi_x) - np.sin(pi_x)) / (pi_x * safe))


class Logit(Function):
    """y = log(z / (1 - z)), z = x clamped to [eps, 1 - eps] if eps is given;
    dy/dx = 1 / (x (1 - x)), 0 outside [eps, 1 - eps] (nan outside [0, 1] without eps)"""

    @staticmethod
    def forward(ctx, x, eps=None):
        if eps is not None and (isinstance(eps, bool) or not isinstance(eps, numbers.Real)):
            raise TypeError(f"logit(): argument 'eps' must be a float or None, not {type(eps).__name__}")
        if eps is None or eps < 0:  # a negative eps means none, as in PyTorch
            ctx.outside, ctx.fill = (x < 0) | (x > 1), np.nan
            z = x
        else:
            ctx.outside, ctx.fill = (x < eps) | (x > 1 - eps), 0.0
            z = np.clip(x, eps, 1 - eps)
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(z / (1 - z)).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return select(ctx.outside, ctx.fill, grad / (x * (1 - x)))


class Entr(Function):
    """y = -x log x (0 at 0, -inf below 0);  dy/dx = -(1 + log x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = np.where(x > 0, -x * np.log(np.where(x > 0, x, 1)), np.where(x == 0, 0.0, -np.inf))
        return np.where(np.isnan(x), np.nan, out).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * -(1 + np.log(x))


class Exp2(Function):
    """y = 2^x;  dy/dx = y ln 2"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):
            out = np.exp2(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * math.log(2)


class Frac(Function):
    """y = x - trunc(x), the fraction with x's sign;  dy/dx = 1"""

    @staticmethod
    def forward(ctx, x):
        if x.dtype.kind != "f":
            raise TypeError(f"frac: input must be a floating-point Tensor, got dtype {x.dtype}")
        with np.errstate(invalid="ignore"):  # frac(inf) = nan, as in PyTorch
            return x - np.trunc(x)

    @staticmethod
    def backward(ctx, grad):
        return grad
