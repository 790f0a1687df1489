"""PyTorch's roundings in the arithmetic of ``LBFGS``: ``fma(a, b, c)`` (a * b + c rounded once),
``add_alpha(x, y, alpha)`` (PyTorch's ``x.add(y, alpha=alpha)``) and ``dot(a, b)`` (``torch.dot``).

PyTorch's CPU kernels compute ``x + alpha * y`` with a fused multiply-add: the exact value
rounded once. numpy has no fma, and ``x + alpha * y`` rounds twice, so the result can differ
in the last bit. That is harmless for most rules, but L-BFGS amplifies such differences
(on Rosenbrock's function a last-bit difference grows to 1e-4 within a few steps), so
``LBFGS`` uses this exact emulation where PyTorch's algorithm uses ``add_(alpha=)``.
Which rounding PyTorch does depends on the kernels it dispatches to: its AVX2 and AVX-512
kernels fuse, its ``default`` kernels (x86 without AVX2 and FMA3, or
``ATEN_CPU_CAPABILITY=default``) round twice; ``add_alpha`` follows the same rule.

Dot products have the opposite problem: ``torch.dot`` (MKL's) rounds each product, then adds
them, but numpy's ``a.dot(b)`` goes to OpenBLAS, whose kernel for the CPU may fuse a product
into the sum (its AVX-512 kernel does). ``dot`` rounds the products first, as PyTorch: on
2-vectors that is PyTorch's result on every CPU; on longer ones MKL adds the products in an
order of its own, which depends on the CPU, so the last bit may differ.

The emulation of fma (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums: proved
algorithms using rounding to odd", IEEE Trans. Computers 2008) splits the work into
error-free steps, each exact:

    a * b = uh + ul           two_product (Dekker: each factor split into two halves)
    c + uh = th + tl          two_sum (Knuth)
    v = tl + ul rounded to odd  (if inexact, the neighbour whose last mantissa bit is 1)
    fma = th + v rounded to nearest

Rounding to odd first keeps the information a second rounding needs, so the final result is
the correctly rounded a * b + c, barring overflow (|a|, |b| beyond ~1e300) and underflow.
"""

import os
import platform

import numpy as np

__all__ = ["add_alpha", "dot", "fma"]

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


def _pytorch_fuses():
    """Whether PyTorch's kernels on this machine fuse ``x + alpha * y``: they do unless they are
    its ``default`` ones, which PyTorch picks on x86 without AVX2 and FMA3 (numpy tells)."""
    if os.environ.get("ATEN_CPU_CAPABILITY", "").lower() == "default":
        return False
    if platform.machine().lower() not in ("x86_64", "amd64", "i386", "i686", "x86"):
        return True
    from numpy._core._multiarray_umath import __cpu_features__

    return bool(__cpu_features__.get("AVX2") and __cpu_features__.get("FMA3"))


PYTORCH_FUSES = _pytorch_fuses()


def add_alpha(x, y, alpha):
    """x + alpha * y, rounded as PyTorch's ``x.add(y, alpha=alpha)`` on this machine (once, or
    twice with PyTorch's default kernels: see the module docstring)."""
    if PYTORCH_FUSES:
        return fma(alpha, y, x)
    return np.asarray(x, np.float64) + alpha * np.asarray(y, np.float64)


def dot(a, b):
    """a . b as ``torch.dot``: each product rounded, then the products added (numpy's
    ``a.dot(b)`` may fuse them: see the module docstring)."""
    return float(np.sum(np.multiply(a, b)))
