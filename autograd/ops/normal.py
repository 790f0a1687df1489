"""The error function's family and the normal distribution's: erfc, erfinv, ndtr, ndtri,
log_ndtr (erf itself is in ``elementwise``), on numpy, with erf and erfc of ``error_function``.

The inverses start from Winitzki's closed-form guess (relative error below 2e-3). For
|x| <= 1/2, erfinv solves erf(y) = x by three Halley steps (cubically convergent). Beyond,
where erf(y) is close to 1, it solves erfc(y) = 1 - x instead (1 - x is exact there), by
Newton's method on log erfc(y), so erfinv keeps its precision up to x = 1 - 1e-16 and ndtri
down to p = 5e-324.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor
from .error_function import erf, erfc
from .gamma import _floats, _result_dtype

TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)
SQRT_HALF = math.sqrt(0.5)


def _erfc_array(x):
    return erfc(_floats(x))


def _guess(log_1_minus_x2):
    """Winitzki's approximation of |erfinv(x)| from log(1 - x^2) (a = 0.147)."""
    a = 0.147
    t = 2 / (math.pi * a) + log_1_minus_x2 / 2
    return np.sqrt(np.sqrt(t * t - log_1_minus_x2 / a) - t)


def _erfinv_central(x):
    """erfinv(x) for |x| <= 1/2: three Halley steps for f(y) = erf(y) - x = 0 (cubically
    convergent): with f' = 2/sqrt(pi) e^(-y^2) and f'' = -2y f', the step is f / (f' + y f)."""
    y = np.copysign(_guess(np.log1p(-x * x)), x)
    for _ in range(3):
        f = erf(y) - x
        y = y - f / (TWO_OVER_SQRT_PI * np.exp(-y * y) + y * f)
    return y


def _erfcinv_tail(c):
    """erfcinv(c) = the y >= 0 with erfc(y) = c, for 0 <= c <= 1/2 (+inf at c = 0): Newton's
    method on log erfc(y) = log c, with log erfc(y) = log 2 + log Phi(-y sqrt 2), which stays
    exact where erfc(y) itself would underflow (c down to 5e-324)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        log_c = np.log(c)
        y = np.where(c > 0, _guess(log_c + np.log(2 - c)), 1.0)  # log(1 - x^2) with x = 1 - c
        for _ in range(4):
            log_erfc = math.log(2) + _log_ndtr(-math.sqrt(2) * y)
            slope = -TWO_OVER_SQRT_PI * np.exp(-y * y - log_erfc)  # d log erfc(y) / dy
            y = y - (log_erfc - log_c) / slope
    return np.where(c > 0, y, np.inf)


def _erfinv(x):
    """erfinv(x): +-inf at +-1, nan outside [-1, 1]."""
    x = _floats(x)
    out = np.full_like(x, np.nan)
    central = np.abs(x) <= 0.5
    out[central] = _erfinv_central(x[central])
    tail = (np.abs(x) > 0.5) & (np.abs(x) <= 1)
    out[tail] = np.sign(x[tail]) * _erfcinv_tail(1 - np.abs(x[tail]))  # 1 - |x| is exact
    return out


def _erfcinv(c):
    """erfcinv(c) for 0 <= c <= 2 (the y with erfc(y) = c): erfinv(1 - c) near c = 1, where
    1 - c is exact; the tails from erfc itself (2 - c is exact above 1.5)."""
    c = _floats(c)
    out = np.full_like(c, np.nan)
    central = (c >= 0.5) & (c <= 1.5)
    out[central] = _erfinv_central(1 - c[central])
    low = (c >= 0) & (c < 0.5)
    out[low] = _erfcinv_tail(c[low])
    high = (c > 1.5) & (c <= 2)
    out[high] = -_erfcinv_tail(2 - c[high])
    return out


def _ndtr(x):
    """Phi(x) = erfc(-x / sqrt 2) / 2."""
    return 0.5 * _erfc_array(-_floats(x) * SQRT_HALF)


def _log_ndtr(x):
    """log Phi(x): log1p(-erfc(x/sqrt 2)/2) above -1, log(erfc(-x/sqrt 2)/2) down to -37, and
    below, the asymptotic -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4 - ...)."""
    x = _floats(x)
    out = np.empty_like(x)
    upper = ~(x < -1)  # nan goes here too
    out[upper] = np.log1p(-0.5 * _erfc_array(x[upper] * SQRT_HALF))
    middle = (x < -1) & (x >= -37)
    out[middle] = np.log(0.5 * _erfc_array(-x[middle] * SQRT_HALF))
    far = x < -37
    xf = x[far]
    with np.errstate(over="ignore", invalid="ignore"):
        z = 1 / (xf * xf)
        series, term = np.zeros_like(xf), np.ones_like(xf)
        for k in range(1, 12):  # (-1)^k (2k-1)!! / x^2k
            term = -term * (2 * k - 1) * z
            series += term
        out[far] = -0.5 * xf * xf - np.log(-xf) - 0.5 * math.log(2 * math.pi) + np.log1p(series)
    return out


def _ndtri(p):
    """Phi^-1(p) = -sqrt 2 erfcinv(2p): -inf at 0, +inf at 1, nan outside [0, 1]."""
    return -math.sqrt(2) * _erfcinv(2 * _floats(p)) + 0.0  # + 0.0: ndtri(1/2) = +0, not -0


# ---- the ops --------------------------------------------------------------------------------


class Erfc(Function):
    """y = erfc(x) = 1 - erf(x), exact in the upper tail;  dy/dx = -2/sqrt(pi) e^(-x^2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _erfc_array(x).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * -TWO_OVER_SQRT_PI * np.exp(-x * x)


class Erfinv(Function):
    """y = erfinv(x), the y with erf(y) = x;  dy/dx = sqrt(pi)/2 e^(y^2)"""

    @staticmethod
    def forward(ctx, x):
        out = _erfinv(x).astype(_result_dtype(x))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 / TWO_OVER_SQRT_PI) * np.exp(out * out)


class Ndtr(Function):
    """y = Phi(x), the standard normal CDF;  dy/dx = e^(-x^2/2) / sqrt(2 pi)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _ndtr(x).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * np.exp(-0.5 * x * x) * (1 / math.sqrt(2 * math.pi))


class Ndtri(Function):
    """y = Phi^-1(p), the standard normal quantile;  dy/dp = sqrt(2 pi) e^(y^2/2)"""

    @staticmethod
    def forward(ctx, p):
        out = _ndtri(p).astype(_result_dtype(p))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * math.sqrt(2 * math.pi) * np.exp(0.5 * out * out)


class LogNdtr(Function):
    """y = log Phi(x);  dy/dx = e^(-x^2/2 - y) / sqrt(2 pi)  (PyTorch's formula: the exponent
    cancels far in the lower tail, to ~1e-13 at x = -40 and less below)"""

    @staticmethod
    def forward(ctx, x):
        out = _log_ndtr(x).astype(_result_dtype(x))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        return grad * np.exp(-0.5 * x * x - out) * (1 / math.sqrt(2 * math.pi))


def erfinv(x):
    """erfinv of an array (numpy) or a Tensor (differentiable)."""
    return Erfinv.apply(x) if isinstance(x, Tensor) else _erfinv(x)
