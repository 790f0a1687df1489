"""Elementwise functions of one or two Tensors beyond the basic ones: lerp, logaddexp,
logaddexp2, hypot, heaviside, nan_to_num.

Operands broadcast; the engine sums each gradient back to its input's shape.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .comparison import isfinite
from .elementwise import sigmoid, where
from .shape import broadcasting


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _pair(input, other, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input, input._lift(other)


def lerp(input, end, weight):
    """start + weight (end - start), weight a number or a Tensor (all three broadcast);
    d/dstart = 1 - weight, d/dend = weight, d/dweight = end - start."""
    input, end = _pair(input, end, "lerp")
    return input + input._lift(weight) * (end - input)


class LogAddExp(Function):
    """y = log(e^a + e^b);  da = dy sigmoid(a - b),  db = dy sigmoid(b - a)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.logaddexp, a, b, name="logaddexp")

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * sigmoid(a - b), grad * sigmoid(b - a)


class LogAddExp2(Function):
    """y = log2(2^a + 2^b);  da = dy sigmoid((a - b) ln 2),  db = dy sigmoid((b - a) ln 2)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.logaddexp2, a, b, name="logaddexp2")

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * sigmoid((a - b) * math.log(2)), grad * sigmoid((b - a) * math.log(2))


class Hypot(Function):
    """y = sqrt(a^2 + b^2) without overflow;  da = dy a / y,  db = dy b / y"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.hypot, a, b, name="hypot")
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        return grad * a / out, grad * b / out


def logaddexp(input, other):
    return LogAddExp.apply(*_float_pair(input, other, "logaddexp"))


def logaddexp2(input, other):
    return LogAddExp2.apply(*_float_pair(input, other, "logaddexp2"))


def hypot(input, other):
    return Hypot.apply(*_float_pair(input, other, "hypot"))


def _float_pair(input, other, op):
    input, other = _pair(input, other, op)
    for name, t in (("input", input), ("other", other)):
        if t.dtype.kind != "f":
            raise TypeError(f"{op}: {name} must be a floating-point Tensor, got dtype {t.dtype}")
    return input, other


def heaviside(input, values):
    """0 where input < 0, ``values`` where input == 0, 1 where input > 0 (no gradient, as
    in PyTorch); values broadcasts and must have input's dtype."""
    input, values = _pair(input, values, "heaviside")
    if values.dtype != input.dtype:
        raise TypeError(
            f"heaviside: input (dtype {input.dtype}) and values (dtype {values.dtype}) must have the same dtype"
        )
    out = broadcasting(np.heaviside, input._data, values._data, name="heaviside")
    return Tensor._make(np.asarray(out).astype(input.dtype))


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the
    dtype's largest and smallest finite values); the gradient flows where x is finite."""
    input = _tensor(input)
    if input.dtype.kind != "f":
        return input.clone()
    replaced = np.nan_to_num(input._data, nan=nan, posinf=posinf, neginf=neginf)
    return where(isfinite(input)._data, input, Tensor._make(replaced))
