"""``fma(a, b, c)``: a * b + c rounded once, as PyTorch's ``x.add_(y, alpha=a)`` computes it.

PyTorch's CPU kernels compute ``x + alpha * y`` with a fused multiply-add: the exact value
rounded once. numpy has no fma, and ``x + alpha * y`` rounds twice, so the result can differ
in the last bit. That is harmless for most rules, but L-BFGS amplifies such differences
(on Rosenbrock's function a last-bit difference grows to 1e-4 within a few steps), so
``LBFGS`` uses this exact emulation where PyTorch's algorithm uses ``add_(alpha=)``.

The emulation (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
algorithms using rounding to odd", IEEE Trans. Computers 2008) splits the work into
error-free steps, each exact:

    a * b = uh + ul           two_product (Dekker: each factor split into two halves)
    c + uh = th + tl          two_sum (Knuth)
    v = tl + ul rounded to odd  (if inexact, the neighbour whose last mantissa bit is 1)
    fma = th + v rounded to nearest

Rounding to odd first keeps the information a second rounding needs, so the final result is
the correctly rounded a * b + c, barring overflow (|a|, |b| beyond ~1e300) and underflow.
"""

import numpy as np

__all__ = ["fma"]

_SPLIT = 2.0**27 + 1  # Veltkamp's constant for 53-bit mantissas


def _split(a):
    """a = high + low exactly, each with at most 26 significant bits."""
    c = _SPLIT * a
    high = c - (c - a)
    return high, a - high


def two_product(a, b):
    """(p, e) with p = fl(a * b) and a * b = p + e exactly."""
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    e = ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low
    return p, e


def two_sum(a, b):
    """(s, e) with s = fl(a + b) and a + b = s + e exactly."""
    s = a + b
    b_virtual = s - a
    return s, (a - (s - b_virtual)) + (b - b_virtual)


def _add_round_to_odd(a, b):
    """a + b rounded to odd: exact if representable, else the neighbour with an odd last bit."""
    s, e = two_sum(a, b)
    bits = np.asarray(s, np.float64).view(np.int64)
    even = (bits & 1) == 0
    fix = (e != 0) & even
    return np.where(fix, np.nextafter(s, np.where(e > 0, np.inf, -np.inf)), s)


def fma(a, b, c):
    """a * b + c with one rounding, elementwise, in float64 (see the module docstring)."""
    a, b, c = (np.asarray(x, np.float64) for x in (a, b, c))
    uh, ul = two_product(a, b)
    th, tl = two_sum(c, uh)
    return th + _add_round_to_odd(tl, ul)
