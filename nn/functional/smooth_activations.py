"""Smooth activations built from sigmoid, tanh, softplus and elu: silu, mish, selu, celu,
softsign, tanhshrink, and the gated glu.

Each is a composition of differentiable Tensor operations, so its derivatives (first and
second) come from theirs; the formulas are in the docstrings. The exception is ``CELU``, a
Function so that its derivative is PyTorch's to the last bit (see there).
"""

import numpy as np

from autograd import Function
from autograd.ops import select

from ._checks import as_tensor, check_real, maybe_inplace

__all__ = ["silu", "mish", "selu", "celu", "softsign", "tanhshrink", "glu", "selu_", "celu_"]

# SELU's constants (Klambauer et al. 2017): with them, activations keep mean 0 and variance 1.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def silu(input, inplace=False):
    """x sigmoid(x) (the swish);  d/dx = s (1 + x (1 - s)), s = sigmoid(x)"""
    x = as_tensor(input)
    return maybe_inplace(input, x * x.sigmoid(), inplace)


def mish(input, inplace=False):
    """x tanh(softplus(x))"""
    x = as_tensor(input)
    return maybe_inplace(input, x * x.softplus().tanh(), inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with SELU's fixed scale and alpha"""
    return maybe_inplace(input, SELU_SCALE * as_tensor(input).elu(SELU_ALPHA), inplace)


def selu_(input):
    """selu written into ``input`` (a recorded in-place op)."""
    return selu(input, inplace=True)


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
    inside = np.finfo(np.float32).tiny <= abs(alpha) <= np.finfo(np.float32).max
    return 1 / float(np.float32(alpha) if inside else alpha)


def celu(input, alpha=1.0, inplace=False):
    """x if x > 0 else alpha (e^(x/alpha) - 1)"""
    alpha = check_celu_alpha(alpha, "celu")
    return maybe_inplace(input, CELU.apply(as_tensor(input), alpha=alpha), inplace)


def celu_(input, alpha=1.0):
    """celu written into ``input`` (a recorded in-place op)."""
    return celu(input, alpha, inplace=True)


def check_celu_alpha(alpha, owner):
    if check_real(owner, "alpha", alpha) == 0:
        raise ValueError(f"{owner}: alpha must be a non-zero number (it divides), got {alpha!r}")
    return float(alpha)


def softsign(input):
    """x / (1 + |x|)"""
    x = as_tensor(input)
    return x / (1 + x.abs())


def tanhshrink(input):
    """x - tanh(x)"""
    x = as_tensor(input)
    return x - x.tanh()


def glu(input, dim=-1):
    """a sigmoid(b), where a and b are the two halves of ``input`` along ``dim``."""
    x = as_tensor(input)
    if x.ndim == 0:
        raise ValueError("glu: input must have at least one dimension, got a 0-d Tensor")
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(f"glu: dim {dim} is out of range for an input of shape {tuple(x.shape)}")
    if x.shape[dim] % 2:
        raise ValueError(
            f"glu: the halved dimension must have an even size, but dimension {dim} of the "
            f"input of shape {tuple(x.shape)} has size {x.shape[dim]}"
        )
    a, b = x.chunk(2, dim)
    return a * b.sigmoid()
