"""Samplers that loop until they accept, as PyTorch's CPU kernels do: gamma (Marsaglia and
Tsang), Dirichlet, Poisson (Hoermann's PTRS, or products of uniforms below rate 10) and
binomial (Hoermann's BTRS, or inversion by geometric waiting times).

Each element is drawn in turn (row-major), in float64 with the C library's functions
(Python's ``math``), from 53-bit uniforms and ATen's scalar normals (Box-Muller in float64,
the spare one kept in the generator), so the numbers are PyTorch's after the same seed.
"""

import math

import numpy as np

from .generator import as_generator
from .sampling import _scalar_normal, _unit

_F32 = {v: float(np.float32(v)) for v in (0.0331, 1 / 3)}  # float literals (0.0331f) in C


def _uniform(g):
    return float(_unit(g, 1, np.dtype(np.float64))[0])


def _gamma_one(alpha, g, rnd=float):
    """One Gamma(alpha, 1) sample; ``rnd`` rounds to the dtype of alpha, in which the kernel
    computes alpha + 1 and alpha - 1/3 (the rest is float64)."""
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        scale *= math.pow(1 - _uniform(g), rnd(1.0 / alpha))
        alpha = rnd(alpha + 1.0)
    d = rnd(alpha - _F32[1 / 3])
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        y = 0.0
        while y <= 0:
            x = _scalar_normal(g, 0.0, 1.0)
            y = 1.0 + c * x
        v = y * y * y
        u = 1 - _uniform(g)
        xx = x * x
        if u < 1.0 - _F32[0.0331] * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _float32(x):
    """x rounded to float32 (an exact float32 quotient: 53 >= 2 * 24 + 2 bits)."""
    return float(np.float32(x))


def _gammas(alpha, g):
    """Gamma(alpha, 1) samples for the values of an array, in float64, one after another."""
    rnd = _float32 if alpha.dtype == np.float32 else float
    return np.array([_gamma_one(a, g, rnd) for a in alpha.ravel().tolist()], dtype=np.float64)


def standard_gamma(alpha, generator=None):
    """Gamma(alpha, 1) samples of alpha's shape and dtype (PyTorch's ``_standard_gamma``),
    at least the dtype's smallest normal number."""
    alpha = np.asarray(alpha)
    samples = _gammas(alpha, as_generator(generator)).astype(alpha.dtype)
    return np.maximum(samples, np.finfo(alpha.dtype).tiny).reshape(alpha.shape)


def dirichlet(alpha, generator=None):
    """Dirichlet(alpha) samples over alpha's last dimension (PyTorch's ``_sample_dirichlet``):
    float64 gammas (at least float64's smallest normal) over their sum, clamped to
    [smallest normal, the float below 1] of alpha's dtype."""
    alpha = np.asarray(alpha)
    gammas = np.maximum(_gammas(alpha.astype(np.float64), as_generator(generator)), np.finfo(np.float64).tiny)
    gammas = gammas.reshape(alpha.shape)
    x = (gammas / gammas.sum(-1, keepdims=True)).astype(alpha.dtype)
    one = alpha.dtype.type(1)
    return np.clip(x, np.finfo(alpha.dtype).tiny, np.nextafter(one, alpha.dtype.type(0)))


def _poisson_one(lam, g):
    if lam >= 10:  # transformed rejection (Hoermann 1993)
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = _uniform(g) - 0.5
            v = _uniform(g)
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if math.log(v) + math.log(invalpha) - math.log(
                a / (us * us) + b
            ) <= -lam + k * loglam - math.lgamma(k + 1.0):
                return k
    if lam == 0:
        return 0
    enlam, x, prod = math.exp(-lam), 0, 1.0
    while True:
        prod *= _uniform(g)
        if prod <= enlam:
            return x
        x += 1


def poisson(rate, generator=None):
    """Poisson(rate) counts of rate's shape and dtype (PyTorch's ``torch.poisson``)."""
    rate = np.asarray(rate)
    if not (rate >= 0).all():
        raise RuntimeError("poisson: invalid Poisson rate, expected rate to be non-negative")
    g = as_generator(generator)
    counts = [_poisson_one(r, g) for r in rate.ravel().tolist()]
    return np.array(counts, dtype=np.float64).astype(rate.dtype).reshape(rate.shape)


_TAIL = [
    0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
    0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
    0.00925546218271273, 0.00833056343336287,
]  # fmt: skip


def _stirling_tail(k):
    """log k! - (k + 1/2) log(k + 1) + (k + 1) - log sqrt(2 pi): a table to 9, then its series."""
    if k <= 9:
        return _TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _btrs(n, p, g):
    """Binomial(n, p) for n p >= 10, p <= 1/2: Hoermann's transformed rejection."""
    stddev = math.sqrt(n * p * (1 - p))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    r = p / (1 - p)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor((n + 1) * p)
    while True:
        u = _uniform(g) - 0.5
        v = _uniform(g)
        us = 0.5 - abs(u)
        k = float(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * math.log((m + 1) / (r * (n - m + 1)))
            + (n + 1) * math.log((n - m + 1) / (n - k + 1))
            + (k + 0.5) * math.log(r * (n - k + 1) / (k + 1))
            + _stirling_tail(m)
            + _stirling_tail(n - m)
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if v <= bound:
            return k


def _inversion(n, p, g):
    """Binomial(n, p) for n p < 10: how many geometric waiting times fit in n trials."""
    total, count, logq = 0.0, 0.0, math.log1p(-p)
    while True:
        total += math.ceil(math.log(_uniform(g)) / logq)
        if total > n:
            return count
        count += 1


def _binomial_one(n, p, g):
    if n <= 0 or p <= 0:
        return 0.0
    if p >= 1:
        return n
    if p <= 0.5:
        return _btrs(n, p, g) if n * p >= 10 else _inversion(n, p, g)
    q = 1.0 - p
    return n - (_btrs(n, q, g) if n * q >= 10 else _inversion(n, q, g))


def binomial(count, prob, generator=None):
    """Binomial(count, prob) samples (PyTorch's ``torch.binomial``), broadcast together, in
    prob's dtype."""
    count, prob = np.broadcast_arrays(np.asarray(count), np.asarray(prob))
    g = as_generator(generator)
    values = [_binomial_one(n, p, g) for n, p in zip(count.ravel().tolist(), prob.ravel().tolist())]
    return np.array(values, dtype=np.float64).astype(prob.dtype).reshape(prob.shape)
