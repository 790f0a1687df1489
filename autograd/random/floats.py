"""Floating point as PyTorch's CPU kernels compute it, to the last bit, in numpy.

A plain numpy port of PyTorch's samplers differs from PyTorch in the last bit of
some values, for three reasons; this module removes each of them.

1. Fused multiply-adds. PyTorch's kernels are compiled with FMA contraction, so
   ``x * (to - from) + from`` is rounded once, not twice. numpy has no fma:
   ``fma64`` and ``fma32`` compute RN(a*b + c) exactly.
2. The C library. PyTorch calls the system libm's ``log``, ``log1p``, ``cos`` and
   ``sin``; numpy's own SIMD ``log`` and ``log1p`` differ from libm in the last bit
   of about 0.3 % and 8 % of values. ``libm(np.log, x)`` gives libm's values.
3. float32 normals come from AVX code (Cephes polynomials in single precision,
   Julien Pommier's avx_mathfun), not from libm: ``avx_log`` and ``avx_sincos``
   repeat its operations, including the multiply-adds the compiler fuses.
"""

import math

import numpy as np

f32 = np.float32


# ---- exact float64 arithmetic -------------------------------------------------------


def _two_sum(a, b):
    """s, e with s = RN(a + b) and s + e = a + b exactly (Knuth)."""
    s = a + b
    t = s - a
    return s, (a - (s - t)) + (b - t)


def _split(a):
    """a = high + low, each with at most 26 significant bits (Veltkamp). Beyond 2**995,
    where (2**27 + 1) a would overflow, a is split scaled down by 2**28 (exact)."""
    big = np.abs(a) > 2.0**995
    scaled = np.where(big, a * 2.0**-28, a)
    c = 134217729.0 * scaled  # 2**27 + 1
    high = c - (c - scaled)
    high = np.where(big, high * 2.0**28, high)
    return high, a - high


def _two_product(a, b):
    """p, e with p = RN(a * b) and p + e = a * b exactly (Dekker)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _round_to_odd(s, error):
    """s + error rounded to odd (s = RN(s + error)): s when exact or when its last bit is 1,
    else its neighbour towards the error, whose last bit is 1."""
    s = np.asarray(s, dtype=np.float64)
    inexact_even = (error != 0) & ((s.view(np.int64) & 1) == 0)
    return np.where(inexact_even, np.nextafter(s, np.copysign(np.inf, error)), s)


def fma64(a, b, c):
    """RN(a*b + c) in float64 with a single rounding.

    Boldo & Melquiond's emulation (IEEE Trans. Computers, 2008): a*b = uh + ul and
    c + uh = th + tl exactly; then RN(th + RO(tl + ul)), RO rounding to odd.
    """
    a, b, c = (np.asarray(v, dtype=np.float64) for v in (a, b, c))
    with np.errstate(invalid="ignore"):  # inf - inf in the error terms of an overflowing a*b
        uh, ul = _two_product(a, b)
        th, tl = _two_sum(c, uh)
        fused = th + _round_to_odd(*_two_sum(tl, ul))
    return np.where(np.isfinite(uh), fused, uh + c)  # a*b overflowed: so does a*b + c


def fma32(a, b, c):
    """RN(a*b + c) in float32 with a single rounding.

    The product of two float32 is exact in float64, so s = RN64(a*b + c) is one rounding
    away; RN32(s) is then right unless s lies exactly halfway between two float32 (or
    among float32's subnormals). There, s + error rounded to odd in float64 (53 >= 2 * 24
    + 2 bits) rounds to the correct float32.
    """
    product = np.multiply(a, b, dtype=np.float64)
    s = product + c
    result = s.astype(f32)
    bits = s.view(np.uint64)
    doubtful = ((bits & 0x1FFFFFFF) == 0x10000000) | ((bits & 0x7FFFFFFFFFFFFFFF) < 0x3810000000000000)
    if doubtful.any():
        product, c = product[doubtful], np.broadcast_to(c, s.shape)[doubtful].astype(np.float64)
        result[doubtful] = _round_to_odd(*_two_sum(product, c)).astype(f32)
    return result


# ---- libm's log, log1p, cos, sin ----------------------------------------------------

_MATH = {np.log: math.log, np.log1p: math.log1p, np.cos: math.cos, np.sin: math.sin}
_PROBES = {
    np.log: np.linspace(1e-3, 1, 4001),
    np.log1p: np.linspace(-0.999, 0, 4001),  # see libm()
    np.cos: np.linspace(0, 7, 4001),
    np.sin: np.linspace(0, 7, 4001),
}
_numpy_calls_libm = {}


def libm(ufunc, x):
    """``ufunc(x)`` (np.log, np.log1p, np.cos or np.sin) with the C library's values, float64.

    numpy uses its own SIMD code for contiguous arrays; for a reversed view it falls back
    to a loop calling the C library -- the library PyTorch calls. That numpy detail is
    checked once per function against Python's ``math`` (which calls the C library too);
    if it ever fails, every value goes through ``math`` (exact, slower).
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    if ufunc not in _numpy_calls_libm:
        probe = _PROBES[ufunc]
        _numpy_calls_libm[ufunc] = np.array_equal(
            ufunc(probe[::-1])[::-1], [_MATH[ufunc](v) for v in probe.tolist()]
        )
    if _numpy_calls_libm[ufunc]:
        return ufunc(x.ravel()[::-1])[::-1].reshape(x.shape)
    return np.fromiter(map(_MATH[ufunc], x.ravel().tolist()), np.float64, x.size).reshape(x.shape)


# ---- avx_mathfun's log and sincos, float32 -------------------------------------------
# Each line is one AVX instruction of PyTorch's normal kernel; fma32 marks where GCC fuses
# a multiplication into the addition that follows (a product used only by that addition).

_LOG_P = [
    f32(v)
    for v in (
        7.0376836292e-2,
        -1.1514610310e-1,
        1.1676998740e-1,
        -1.2420140846e-1,
        1.4249322787e-1,
        -1.6668057665e-1,
        2.0000714765e-1,
        -2.4999993993e-1,
        3.3333331174e-1,
    )
]
_LOG_Q1, _LOG_Q2 = f32(-2.12194440e-4), f32(0.693359375)
_SQRT_HALF, _HALF, _ONE = f32(0.707106781186547524), f32(0.5), f32(1.0)
_FOUR_OVER_PI = f32(1.27323954473516)
_DP = [f32(-0.78515625), f32(-2.4187564849853515625e-4), f32(-3.77489497744594108e-8)]
_COS_P = [f32(2.443315711809948e-005), f32(-1.388731625493765e-003), f32(4.166664568298827e-002)]
_SIN_P = [f32(-1.9515295891e-4), f32(8.3321608736e-3), f32(-1.6666654611e-1)]


def avx_log(x):
    """log(x) for float32 x > 0 (normal numbers), as avx_mathfun's log256_ps computes it.

    x = m * 2^e with m in [sqrt(1/2), sqrt(2)); log x = e log 2 + log m, log m from a
    degree-9 polynomial in m - 1; log 2 is split in two parts (q2 exact, q1 small).
    """
    bits = x.view(np.uint32)
    e = ((bits >> 23).astype(np.int32) - 126).astype(f32)  # exponent + 1
    x = ((bits & 0x807FFFFF) | 0x3F000000).view(f32)  # mantissa in [0.5, 1)
    small = x < _SQRT_HALF
    e = e - small.astype(f32)
    x = (x - _ONE) + np.where(small, x, f32(0))  # m - 1, m in [sqrt(1/2), sqrt(2))
    z = x * x
    y = np.full_like(x, _LOG_P[0])
    for p in _LOG_P[1:]:
        y = fma32(y, x, p)
    y = fma32(y * x, z, e * _LOG_Q1)
    y = y - z * _HALF
    return (x + y) + e * _LOG_Q2


def avx_sincos(x):
    """(sin x, cos x) for float32 x >= 0, as avx_mathfun's sincos256_ps computes them.

    j = the multiple of pi/4 nearest x, rounded up to even; r = x - j pi/4 in three steps
    (pi/4 split in three parts); Cephes' sine and cosine polynomials in r, chosen and
    signed by j's octant.
    """
    j = (x * _FOUR_OVER_PI).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(f32)
    for dp in _DP:
        x = fma32(y, dp, x)
    z = x * x
    cos = fma32(fma32(np.full_like(x, _COS_P[0]), z, _COS_P[1]), z, _COS_P[2])
    cos = fma32(cos * z, z, -(z * _HALF)) + _ONE
    sin = fma32(np.full_like(x, _SIN_P[0]), z, _SIN_P[1])
    sin = fma32(fma32(sin, z, _SIN_P[2]) * z, x, x)
    swap = (j & 2) != 0
    sin, cos = np.where(swap, cos, sin), np.where(swap, sin, cos)
    sin = np.where((j & 4) != 0, -sin, sin)
    cos = np.where(((j - 2) & 4) == 0, -cos, cos)
    return sin, cos
