"""The gamma family: lgamma, digamma, polygamma and mvlgamma, on numpy alone.

Each derivative is the next function of the family:
d lgamma = digamma,  d digamma = polygamma(1),  d polygamma(n) = polygamma(n + 1),
so every backward is one more call of an op here, and differentiable again.

The numbers (float64; float32 and float16 are computed in float64 and rounded):
- ``_lgamma``: the Taylor series of lgamma around 2 on [1.5, 2.5] (its coefficients are
  zeta(k) - 1, computed with ``_zeta`` below), moved to (0, 10) by the recurrence
  Gamma(x + 1) = x Gamma(x), Stirling's series from 10 on, and the reflection
  Gamma(x) Gamma(1 - x) = pi / sin(pi x) below 0. About 1e-15 relative, except near the
  zeros of lgamma below -2 (-2.457..., -2.747..., ...), where the reflection leaves ~1e-16
  absolute error.
- ``_digamma``: recurrence up to x >= 10, then the asymptotic series (as Cephes and
  PyTorch), reflection below 0. ~1e-15 relative, ~1e-16 absolute near its zero 1.4616...
- ``_polygamma(n, x)`` for n >= 1: (-1)^(n+1) n! zeta(n + 1, x), the Hurwitz zeta function
  summed directly until x + N >= 12 + n, then its Euler-Maclaurin tail; for x < 0 the
  reflection formula, with the n-th derivative of cot as a polynomial in cot.

Poles (x = 0, -1, -2, ...) give what PyTorch gives: lgamma +inf, digamma -inf at +0, +inf at
-0, nan at the negative integers; polygamma(n) +inf for odd n, -inf for even n.
"""

import math
from fractions import Fraction

import numpy as np

from ..function import Function
from ..tensor import Tensor

# B_2, B_4, ..., B_30: the Bernoulli numbers of Stirling's and Euler-Maclaurin's series.
BERNOULLI = [Fraction(*b) for b in (
    (1, 6), (-1, 30), (1, 42), (-1, 30), (5, 66), (-691, 2730), (7, 6), (-3617, 510),
    (43867, 798), (-174611, 330), (854513, 138), (-236364091, 2730), (8553103, 6),
    (-23749461029, 870), (8615841276005, 14322),
)]  # fmt: skip


def _floats(x):
    """x as float64 (the kernels' working precision)."""
    return np.asarray(x, dtype=np.float64)


def _result_dtype(x):
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def _sinpi_cotpi(x):
    """sin(pi x) and cot(pi x), exact at the integers: pi (x - round(x)) loses nothing."""
    r = x - np.round(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sin(np.pi * r), 1 / np.tan(np.pi * r)


# ---- Hurwitz zeta: zeta(s, q) = sum over k >= 0 of (q + k)^-s, for integer s >= 2, q > 0 ----


def _zeta(s, q):
    """zeta(s, q) for q > 0: the terms up to a = q + N >= 12 + s, then Euler-Maclaurin:
    a^(1-s)/(s-1) + a^-s/2 + sum_j B_2j/(2j)! s(s+1)...(s+2j-2) a^(-s-2j+1)."""
    q = _floats(q)
    total = np.zeros_like(q)
    a = q.copy()
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        while True:
            low = a < 12 + s
            if not low.any():
                break
            total += np.where(low, a ** (-s), 0.0)
            a = np.where(low, a + 1, a)
        total += a ** (1 - s) / (s - 1) + 0.5 * a ** (-s)
        rising, term = float(s), a ** (-s - 1)  # s(s+1)...(s+2j-2), a^(-s-2j+1)
        for j, b in enumerate(BERNOULLI, start=1):
            total += float(b / math.factorial(2 * j)) * rising * term
            rising *= (s + 2 * j - 1) * (s + 2 * j)
            term = term / (a * a)
    return total


# lgamma(2 + t) = (1 - euler_gamma) t + sum over k >= 2 of (-1)^k (zeta(k) - 1) t^k / k, |t| <= 1/2
EULER_GAMMA = 0.57721566490153286061
_LGAMMA2 = [1 - EULER_GAMMA] + [(-1) ** k * float(_zeta(k, 2.0)) / k for k in range(2, 33)]


def _lgamma_near_2(t):
    """lgamma(2 + t) for |t| <= 1/2, from its Taylor series (Horner's scheme)."""
    total = np.zeros_like(t)
    for c in reversed(_LGAMMA2):
        total = (total + c) * t
    return total


def _stirling(x):
    """lgamma(x) for x >= 10: (x - 1/2) log x - x + log(2 pi)/2 + sum B_2k / (2k(2k-1) x^(2k-1))."""
    z = 1 / x
    z2 = z * z
    series = np.zeros_like(x)
    for k, b in reversed(list(enumerate(BERNOULLI[:10], start=1))):
        series = series * z2 + float(b / (2 * k * (2 * k - 1)))
    with np.errstate(over="ignore", invalid="ignore"):
        return (x - 0.5) * np.log(x) - x + 0.5 * math.log(2 * math.pi) + series * z


def _lgamma_positive(x):
    """lgamma(x) for x > 0 (x may be inf)."""
    out = np.empty_like(x)
    big = x >= 10
    out[big] = _stirling(x[big])
    small = x[~big]
    low = small < 0.5  # lgamma(x) = lgamma(x + 2) - log x - log(1 + x)
    mid = (small >= 0.5) & (small < 1.5)  # lgamma(x) = lgamma(x + 1) - log x
    high = small >= 1.5  # lgamma(x) = lgamma(x - m) + log((x - 1) ... (x - m))
    part = np.empty_like(small)
    part[low] = _lgamma_near_2(small[low]) - np.log(small[low]) - np.log1p(small[low])
    part[mid] = _lgamma_near_2(small[mid] - 1) - np.log1p(small[mid] - 1)
    u = small[high]
    steps = np.floor(u - 1.5)
    product = np.ones_like(u)
    for j in range(1, 9):
        product = np.where(steps >= j, product * (u - j), product)
    part[high] = _lgamma_near_2(u - steps - 2) + np.log(product)
    out[~big] = part
    out[x == np.inf] = np.inf
    return out


def _lgamma(x):
    """log |Gamma(x)|; +inf at 0, -1, -2, ... and at -inf (PyTorch's values)."""
    x = _floats(x)
    out = np.full_like(x, np.nan)
    positive = x > 0
    out[positive] = _lgamma_positive(x[positive])
    negative = x <= 0
    xn = x[negative]
    sin, _ = _sinpi_cotpi(np.where(np.isinf(xn), 0.0, xn))
    with np.errstate(divide="ignore"):
        reflected = np.log(np.pi / np.abs(sin)) - _lgamma_positive(1 - np.where(np.isinf(xn), 0.0, xn))
    out[negative] = np.where((xn == np.round(xn)) | np.isinf(xn), np.inf, reflected)
    return out


def _digamma_positive(x):
    """psi(x) for x > 0: psi(x) = psi(x + m) - 1/x - ... - 1/(x + m - 1) up to x + m >= 10, then
    log x - 1/(2x) - sum B_2k / (2k x^2k)."""
    shift = np.zeros_like(x)
    with np.errstate(divide="ignore", over="ignore"):
        for _ in range(10):
            low = x < 10
            shift -= np.where(low, 1 / x, 0.0)
            x = np.where(low, x + 1, x)
        z2 = 1 / (x * x)
    series = np.zeros_like(x)
    for k, b in reversed(list(enumerate(BERNOULLI[:9], start=1))):
        series = series * z2 + float(b / (2 * k))
    return shift + np.log(x) - 0.5 / x - series * z2


def _digamma(x):
    """psi(x) = d lgamma / dx; -inf at +0, +inf at -0, nan at -1, -2, ... and -inf."""
    x = _floats(x)
    out = np.full_like(x, np.nan)
    positive = x > 0
    out[positive] = _digamma_positive(x[positive])
    negative = (x < 0) & (x != np.round(x)) & np.isfinite(x)
    xn = x[negative]
    _, cot = _sinpi_cotpi(xn)
    out[negative] = _digamma_positive(1 - xn) - np.pi * cot  # psi(1 - x) - psi(x) = pi cot(pi x)
    zero = x == 0
    out[zero] = np.where(np.signbit(x[zero]), np.inf, -np.inf)
    return out


def _cot_derivative(n):
    """The integer coefficients of P_n, where d^n/dx^n cot(pi x) = pi^n P_n(cot(pi x)):
    P_0(c) = c, P_(k+1)(c) = -(1 + c^2) P_k'(c). Lowest power first."""
    p = [0, 1]
    for _ in range(n):
        dp = [i * p[i] for i in range(1, len(p))] + [0, 0]
        p = [-(dp[i] + (dp[i - 2] if i >= 2 else 0)) for i in range(len(dp))]
    return p


def _polygamma(n, x):
    """psi^(n)(x), n >= 1: (-1)^(n+1) n! zeta(n + 1, x) for x > 0; for x < 0 the reflection
    psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot(pi x)); 0 at +inf, nan at -inf."""
    if n == 0:
        return _digamma(x)
    x = _floats(x)
    out = np.full_like(x, np.nan)
    sign_factorial = (
        (-1.0) ** (n + 1) * float(math.factorial(n)) if n <= 170 else (-1.0) ** (n + 1) * math.inf
    )
    positive = (x > 0) & np.isfinite(x)
    with np.errstate(over="ignore", invalid="ignore"):
        out[positive] = sign_factorial * _zeta(n + 1, x[positive])
        negative = (x < 0) & (x != np.round(x)) & np.isfinite(x)
        xn = x[negative]
        _, cot = _sinpi_cotpi(xn)
        poly = np.zeros_like(cot)
        for c in reversed(_cot_derivative(n)):
            poly = poly * cot + float(c)
        reflected = (-1.0) ** n * sign_factorial * _zeta(n + 1, 1 - xn)
        out[negative] = reflected - math.pi ** (n + 1) * poly
    out[x == np.inf] = 0.0
    out[(x <= 0) & (x == np.round(x)) & np.isfinite(x)] = np.inf if n % 2 else -np.inf
    return out


# ---- the ops --------------------------------------------------------------------------------


def digamma(x):
    """psi(x) of an array (numpy) or a Tensor (differentiable): for use inside backward."""
    return Digamma.apply(x) if isinstance(x, Tensor) else _digamma(x).astype(_result_dtype(np.asarray(x)))


def polygamma(n, x):
    """psi^(n)(x) of an array (numpy) or a Tensor (differentiable)."""
    if isinstance(x, Tensor):
        return Polygamma.apply(x, n=n)
    return _polygamma(n, x).astype(_result_dtype(np.asarray(x)))


class Lgamma(Function):
    """y = log |Gamma(x)|;  dy/dx = digamma(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _lgamma(x).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * digamma(x)


class Digamma(Function):
    """y = psi(x) = d lgamma(x) / dx;  dy/dx = polygamma(1, x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _digamma(x).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * polygamma(1, x)


class Polygamma(Function):
    """y = psi^(n)(x), the n-th derivative of digamma;  dy/dx = polygamma(n + 1, x)"""

    @staticmethod
    def forward(ctx, x, n):
        ctx.n = _order(n)
        ctx.save_for_backward(x)
        return _polygamma(ctx.n, x).astype(_result_dtype(x))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * polygamma(ctx.n + 1, x)


def _order(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"polygamma(): argument 'n' must be an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"polygamma(n, x) does not support negative n, got n={n}")
    if n > 170:
        raise ValueError(
            f"polygamma: n={n} is beyond what float64 holds here (170! is the largest factorial)"
        )
    return int(n)


def mvlgamma(input, p):
    """The multivariate log-gamma function of dimension p:
    sum over i < p of lgamma(x - i/2), plus p (p - 1)/4 log(pi) (PyTorch's mvlgamma)."""
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
        raise TypeError(f"mvlgamma(): argument 'p' must be an int, not {type(p).__name__}")
    if not 1 <= p <= 2**31:
        raise ValueError(f"mvlgamma: p has to be greater than or equal to 1 (and at most 2**31), got p={p}")
    if not isinstance(input, Tensor):
        raise TypeError(f"mvlgamma(): argument 'input' must be a Tensor, not {type(input).__name__}")
    x = input if input.dtype.kind == "f" else input.astype(np.float64)
    halves = Tensor._make(-np.arange(int(p), dtype=x.dtype) / 2)
    return Lgamma.apply(x.unsqueeze(-1) + halves).sum(-1) + p * (p - 1) / 4 * math.log(math.pi)
