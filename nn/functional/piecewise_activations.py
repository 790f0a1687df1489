"""Piecewise activations, made of straight pieces: hardtanh, relu6, hardsigmoid, hardswish,
threshold, softshrink, hardshrink, prelu.

``Hardtanh``, ``Hardsigmoid`` and ``Hardswish`` are Functions, so that their derivatives are
PyTorch's to the last bit: 0 at hardtanh's bounds, 0 and 1 at hardswish's joints x = -3
and 3, and hardsigmoid's slope 1/6 rounded to float32 in every dtype (PyTorch's ``1.0f / 6.0f``).
The others are ``where`` choices between differentiable pieces.
"""

import numpy as np

from autograd import Function, Tensor, where
from autograd.ops import select

from ._checks import as_tensor, check_real, maybe_inplace

__all__ = [
    "hardtanh",
    "hardtanh_",
    "threshold_",
    "relu6",
    "hardsigmoid",
    "hardswish",
    "threshold",
    "softshrink",
    "hardshrink",
    "prelu",
]


class Hardtanh(Function):
    """y = min(max(x, low), high);  dy/dx = 1 where low < x < high, else 0 (also at the bounds)"""

    name = "hardtanh"

    @staticmethod
    def forward(ctx, x, low=-1.0, high=1.0):
        ctx.inside = (x > low) & (x < high)
        return np.clip(x, low, high)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside


class Hardsigmoid(Function):
    """y = min(max(x + 3, 0), 6) / 6;  dy/dx = 1/6 where -3 < x < 3, else 0 (1/6 as float32)"""

    name = "hardsigmoid"
    SLOPE = float(np.float32(1) / np.float32(6))  # PyTorch's constant, in float64 too

    @staticmethod
    def forward(ctx, x):
        ctx.slope = np.where((x > -3) & (x < 3), Hardsigmoid.SLOPE, 0).astype(x.dtype)
        return np.clip(x + 3, 0, 6) / 6

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope


class Hardswish(Function):
    """y = x min(max(x + 3, 0), 6) / 6;  dy/dx = 0 for x <= -3, x/3 + 1/2 for x < 3, 1 beyond"""

    name = "hardswish"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * np.clip(x + 3, 0, 6) / 6

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * select(x <= -3, 0, select(x < 3, x / 3 + 0.5, 1))


def check_hardtanh(min_val, max_val, owner):
    """min_val <= max_val, both real numbers (kept as given, as PyTorch prints them)."""
    check_real(owner, "min_val", min_val)
    check_real(owner, "max_val", max_val)
    if min_val > max_val:
        raise ValueError(
            f"{owner}: min_val must be at most max_val, got min_val={min_val}, max_val={max_val}"
        )
    return min_val, max_val


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """min(max(x, min_val), max_val)"""
    low, high = check_hardtanh(min_val, max_val, "hardtanh")
    return maybe_inplace(input, Hardtanh.apply(as_tensor(input), low=low, high=high), inplace)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """hardtanh written into ``input`` (a recorded in-place op)."""
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """min(max(x, 0), 6)  (hardtanh(x, 0, 6))"""
    return maybe_inplace(input, Hardtanh.apply(as_tensor(input), low=0, high=6), inplace)


def hardsigmoid(input, inplace=False):
    """min(max(x + 3, 0), 6) / 6: 0 below -3, 1 above 3, linear between"""
    return maybe_inplace(input, Hardsigmoid.apply(as_tensor(input)), inplace)


def hardswish(input, inplace=False):
    """x hardsigmoid(x)"""
    return maybe_inplace(input, Hardswish.apply(as_tensor(input)), inplace)


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value"""
    check_real("threshold", "threshold", threshold)
    check_real("threshold", "value", value)
    x = as_tensor(input)
    return maybe_inplace(input, where(x._data > threshold, x, value), inplace)


_threshold = threshold  # threshold_'s argument ``threshold`` (PyTorch's name) hides the function


def threshold_(input, threshold, value):
    """threshold written into ``input``."""
    return _threshold(input, threshold, value, inplace=True)


def _check_lambd(lambd, owner):
    return check_real(owner, "lambd", lambd, low=0, requirement="a number >= 0")


def softshrink(input, lambd=0.5):
    """x - lambd above lambd, x + lambd below -lambd, 0 between"""
    _check_lambd(lambd, "softshrink")
    x = as_tensor(input)
    return where(x._data > lambd, x - lambd, where(x._data < -lambd, x + lambd, 0))


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0"""
    _check_lambd(lambd, "hardshrink")
    x = as_tensor(input)
    return where(np.abs(x._data) > lambd, x, 0)


def prelu(input, weight):
    """x where x > 0, else a x, with a learned slope ``weight``: one number, or one per
    channel (dimension 1 of the input)."""
    x, a = as_tensor(input), as_tensor(weight, "prelu: weight")
    if not isinstance(weight, Tensor) or a.ndim != 1 and a.numel() != 1:
        raise TypeError("prelu: weight must be a 1-d Tensor of slopes (one, or one per channel)")
    channels = x.shape[1] if x.ndim >= 2 else 1
    if a.numel() not in (1, channels):
        raise ValueError(
            f"prelu: weight has {a.numel()} slopes, but the input of shape {tuple(x.shape)} has "
            f"{channels} channels (dimension 1); give 1 slope or {channels}"
        )
    if a.numel() > 1:
        a = a.reshape((channels,) + (1,) * (x.ndim - 2))
    elif a.ndim:
        a = a.reshape(())
    return where(x._data > 0, x, a * x)
