"""The modified Bessel functions of the first kind I0 and I1, and their exponentially scaled
forms i0e(x) = e^-|x| I0(x) and i1e(x) = e^-|x| I1(x), on numpy alone.

For |x| <= 30 the power series I_nu(x) = sum over k of (x/2)^(2k+nu) / (k! (k+nu)!), whose
terms are all positive (no cancellation: a few ulp); beyond, the asymptotic expansion
I_nu(x) ~ e^x / sqrt(2 pi x) sum over k of (-1)^k prod_(j<=k) (4 nu^2 - (2j-1)^2) / (k! (8x)^k),
whose smallest term at |x| = 30 is below 1e-17. The scaled forms skip the e^x, so they
never overflow; I0 and I1 overflow to inf past |x| = 713.98 (e^x is taken as e^(x/2)^2).

Derivatives: d i0 = i1,  d i0e = i1e - sign(x) i0e,  d i1 = i0 - i1/x,  d i1e = i0e -
i1e (sign(x) + 1/x), the last two taken as 1/2 for |x| <= eps, as PyTorch does.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .elementwise import select
from .gamma import _floats, _result_dtype

SERIES_LIMIT = 30.0


def _series(nu, x):
    """sum over k of (x/2)^(2k) / (k! (k+nu)!) for |x| <= 30 (64 terms reach 1e-17)."""
    q = x * x / 4
    term = np.full_like(x, 1.0 / math.factorial(nu))
    total = term.copy()
    for k in range(1, 64):
        term = term * q / (k * (k + nu))
        total += term
    return total


def _asymptotic(nu, x):
    """sum over k < 20 of (-1)^k prod_(j<=k) (4 nu^2 - (2j-1)^2) / (k! (8x)^k), for x > 30."""
    mu = 4 * nu * nu
    term = np.ones_like(x)
    total = term.copy()
    for k in range(1, 20):
        term = -term * (mu - (2 * k - 1) ** 2) / (k * 8 * x)
        total += term
    return total


def _bessel(nu, x, scaled):
    """I_nu(x) (or e^-|x| I_nu(x) if scaled), nu in {0, 1}; I1 is odd, I0 even."""
    x = _floats(x)
    a = np.abs(x)
    out = np.full_like(x, np.nan)
    near = a <= SERIES_LIMIT
    an = a[near]
    value = _series(nu, an) * (an / 2) ** nu
    out[near] = value * np.exp(-an) if scaled else value
    far = (a > SERIES_LIMIT) & np.isfinite(a)
    af = a[far]
    with np.errstate(over="ignore"):
        value = _asymptotic(nu, af) / np.sqrt(2 * math.pi * af)
        out[far] = value if scaled else np.exp(af / 2) * (np.exp(af / 2) * value)
    out[np.isinf(a)] = 0.0 if scaled else np.inf
    return np.where(x < 0, -out, out) if nu == 1 else out  # I1(-0) = +0, as PyTorch


def i0(x):
    """I0 of an array (numpy) or a Tensor (differentiable): for use inside backward."""
    return I0.apply(x) if isinstance(x, Tensor) else _bessel(0, x, False).astype(_result_dtype(np.asarray(x)))


def i1(x):
    return I1.apply(x) if isinstance(x, Tensor) else _bessel(1, x, False).astype(_result_dtype(np.asarray(x)))


def i0e(x):
    return I0e.apply(x) if isinstance(x, Tensor) else _bessel(0, x, True).astype(_result_dtype(np.asarray(x)))


def i1e(x):
    return I1e.apply(x) if isinstance(x, Tensor) else _bessel(1, x, True).astype(_result_dtype(np.asarray(x)))


def _tiny(x):
    """Where |x| <= eps, and x with those places moved to eps (PyTorch's guard against 0/0)."""
    eps = float(np.finfo(np.asarray(x).dtype).eps)
    tiny = np.abs(np.asarray(x)) <= eps
    return tiny, select(tiny, eps, x)


class I0(Function):
    """y = I0(x);  dy/dx = I1(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _bessel(0, x, False).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * i1(x)


class I0e(Function):
    """y = e^-|x| I0(x);  dy/dx = i1e(x) - sign(x) y"""

    @staticmethod
    def forward(ctx, x):
        out = _bessel(0, x, True).astype(_result_dtype(x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        return grad * (i1e(x) - np.sign(x) * out)


class I1(Function):
    """y = I1(x);  dy/dx = I0(x) - y/x  (1/2 where |x| <= eps)"""

    @staticmethod
    def forward(ctx, x):
        out = _bessel(1, x, False).astype(_result_dtype(x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        tiny, safe = _tiny(x)
        return grad * select(tiny, 0.5, i0(safe) - out / safe)


class I1e(Function):
    """y = e^-|x| I1(x);  dy/dx = i0e(x) - y (sign(x) + 1/x)  (1/2 where |x| <= eps)"""

    @staticmethod
    def forward(ctx, x):
        out = _bessel(1, x, True).astype(_result_dtype(x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        tiny, safe = _tiny(x)
        return grad * select(tiny, 0.5, i0e(safe) - out * (np.sign(safe) + 1 / safe))
