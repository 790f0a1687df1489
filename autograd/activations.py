"""PyTorch's top-level activations that are not Tensor methods: ``torch.selu``, ``torch.celu``,
``torch.rrelu`` and their in-place forms. ``nn.functional`` builds on these (its versions add
``inplace=``).

    selu(x)  = scale * elu(x, alpha), with SELU's fixed scale and alpha
    celu(x)  = x for x > 0, alpha (e^(x/alpha) - 1) otherwise
    rrelu(x) = x for x > 0, a x otherwise: a ~ U(lower, upper) per element while training,
               a = (lower + upper) / 2 otherwise (a leaky_relu)
"""

import math
import numbers

import numpy as np

from . import random
from .function import Function
from .ops import select
from .ops.checks import ArgumentError
from .tensor import Tensor

__all__ = ["selu", "celu", "rrelu", "selu_", "celu_", "rrelu_"]

# SELU's constants (Klambauer et al. 2017): with them, activations keep mean 0 and variance 1.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _tensor(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input


def _real(value, name, owner):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {name} must be a real number, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise ValueError(f"{owner}: {name} must be a finite number, got {value!r}")
    return float(value)


def selu(input):
    """scale * elu(x, alpha) with SELU's constants."""
    return SELU_SCALE * _tensor(input, "selu").elu(SELU_ALPHA)


class CELU(Function):
    """y = x for x > 0, alpha (e^(x/alpha) - 1) otherwise;  dy/dx = 1 or (alpha/a) e^(x/a)

    with a = alpha rounded to float32, as in PyTorch's derivative (it takes 1/alpha from a
    float32 alpha): e^(x/alpha) exactly when alpha is a float32 number (1, 0.5, ...), within
    1e-7 of it otherwise.
    """

    name = "celu"

    @staticmethod
    def forward(ctx, x, alpha=1.0):
        ctx.positive, ctx.alpha, ctx.rate = x > 0, alpha, _float32_reciprocal(alpha)
        ctx.save_for_backward(x)
        return np.where(ctx.positive, x, alpha * np.expm1(np.minimum(x, 0) * (1 / alpha)))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        negative_side = grad * (ctx.alpha * ctx.rate) * np.exp(np.minimum(x, 0) * ctx.rate)
        return select(ctx.positive, grad, negative_side)


def _float32_reciprocal(alpha):
    """1 / alpha rounded to float32 (PyTorch's), or 1 / alpha beyond float32's normal range."""
    inside = (
        float(np.finfo(np.float32).tiny) <= abs(alpha) <= float(np.finfo(np.float32).max)
    )  # floats: no cast
    return 1 / float(np.float32(alpha) if inside else alpha)


def celu(input, alpha=1.0):
    """x if x > 0 else alpha (e^(x/alpha) - 1); alpha must not be 0 (it divides)."""
    if _real(alpha, "alpha", "celu") == 0:
        raise ValueError(f"celu: alpha must be a non-zero number (it divides), got {alpha!r}")
    input = _tensor(input, "celu")
    if input.dtype.kind == "f" and math.isfinite(alpha) and abs(alpha) > float(np.finfo(input.dtype).max):
        raise ArgumentError(f"celu: alpha={alpha!r} cannot be converted to {input.dtype} without overflow")
    return CELU.apply(input, alpha=float(alpha))


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """x where x > 0, else a x: with ``training``, a ~ U(lower, upper) drawn for each element
    x <= 0 (da/dx = 0); otherwise a = (lower + upper) / 2, a leaky_relu.

    The slopes are PyTorch's: one 64-bit uniform u per element x <= 0, in row-major order,
    a = u (upper - lower) + lower in float64 (the bounds first rounded to x's dtype), then
    rounded to x's dtype.
    """
    x = _tensor(input, "rrelu")
    lower, upper = _real(lower, "lower", "rrelu"), _real(upper, "upper", "rrelu")
    if lower > upper:
        raise ValueError(f"rrelu: lower must be at most upper, got lower={lower}, upper={upper}")
    if not training:
        return x.leaky_relu((lower + upper) / 2)
    if x.dtype.kind != "f":
        raise TypeError(f"rrelu: input must be a floating-point Tensor, got dtype {x.dtype}")
    negative = x._data <= 0
    low, high = (float(x.dtype.type(bound)) for bound in (lower, upper))  # PyTorch's rounding
    slopes = np.ones(x.shape, x.dtype)
    slopes[negative] = random.sampling.uniform_real(int(negative.sum()), low, high, generator)
    return x * slopes


def selu_(input):
    """``selu`` written into ``input``."""
    return input.copy_(selu(input))


def celu_(input, alpha=1.0):
    """``celu`` written into ``input``."""
    return input.copy_(celu(input, alpha))


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """``rrelu`` written into ``input``."""
    return input.copy_(rrelu(input, lower, upper, training, generator))
