"""Window functions for spectral analysis, as PyTorch's ``hann_window`` and family.

For n = 0 .. N - 1 with N = window_length, each is symmetric about (N - 1) / 2; the
``periodic`` form (the default, for the DFT) is the symmetric window of length N + 1 without
its last value. A window of length 1 is [1.]. Values are computed in float64 and made the
requested float dtype (the default one if none is given).
"""

import math
import numbers

import numpy as np

from . import dtypes
from .tensor import Tensor


def _window(name, window_length, periodic, dtype, requires_grad, values):
    """``values(n, M)`` over n = 0 .. N-1 for a symmetric window of span M = N - 1 (+ 1 if periodic)."""
    if isinstance(window_length, bool) or not isinstance(window_length, numbers.Integral):
        raise TypeError(f"{name}(): window_length must be an int, not {type(window_length).__name__}")
    if window_length < 0:
        raise ValueError(f"{name}: window_length must be non-negative, got {window_length}")
    dtype = dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype, name)
    if dtype.kind != "f":
        raise TypeError(f"{name}: expects a floating point dtype, got {dtype}")
    n = np.arange(window_length, dtype=np.float64)
    span = window_length - 1 + _periodic(periodic)
    window = np.ones(window_length) if window_length == 1 else values(n, span)
    t = Tensor._make(window.astype(dtype))
    return t.requires_grad_(True) if requires_grad else t


def _periodic(value):
    """0 or 1 for a bool ``periodic``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"periodic must be a bool, not {type(value).__name__}")
    return int(value)


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, device=None,
                   requires_grad=False):  # fmt: skip
    """alpha - beta cos(2 pi n / M)."""
    dtypes.check_device(device)
    return _window(
        "hamming_window", window_length, periodic, dtype, requires_grad,
        lambda n, m: alpha - beta * np.cos(2 * math.pi * n / m),
    )  # fmt: skip


def hann_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """0.5 - 0.5 cos(2 pi n / M) = sin^2(pi n / M)."""
    dtypes.check_device(device)
    return _window(
        "hann_window", window_length, periodic, dtype, requires_grad,
        lambda n, m: 0.5 - 0.5 * np.cos(2 * math.pi * n / m),
    )  # fmt: skip


def blackman_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """0.42 - 0.5 cos(2 pi n / M) + 0.08 cos(4 pi n / M)."""
    dtypes.check_device(device)
    return _window(
        "blackman_window", window_length, periodic, dtype, requires_grad,
        lambda n, m: 0.42 - 0.5 * np.cos(2 * math.pi * n / m) + 0.08 * np.cos(4 * math.pi * n / m),
    )  # fmt: skip


def bartlett_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """1 - |2n / M - 1| (a triangle)."""
    dtypes.check_device(device)
    return _window(
        "bartlett_window",
        window_length,
        periodic,
        dtype,
        requires_grad,
        lambda n, m: 1 - np.abs(2 * n / m - 1),
    )


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, device=None, requires_grad=False):
    """I0(beta sqrt(1 - ((n - M/2) / (M/2))^2)) / I0(beta), I0 the modified Bessel function."""
    dtypes.check_device(device)
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise TypeError(f"kaiser_window(): beta must be a number, not {type(beta).__name__}")
    return _window(
        "kaiser_window", window_length, periodic, dtype, requires_grad,
        lambda n, m: np.i0(beta * np.sqrt(np.clip(1 - ((n - m / 2) / (m / 2)) ** 2, 0, None))) / np.i0(beta),
    )  # fmt: skip
