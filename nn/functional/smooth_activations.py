"""Smooth activations built from sigmoid, tanh, softplus and elu: silu, mish, selu, celu,
softsign, tanhshrink, and the gated glu.

Each is a composition of differentiable Tensor operations, so its derivatives (first and
second) come from theirs; the formulas are in the docstrings. selu and celu are
``autograd.selu`` and ``autograd.celu`` with ``inplace=``.
"""

from autograd import activations

from ._checks import as_tensor, check_real, maybe_inplace

__all__ = ["silu", "mish", "selu", "celu", "softsign", "tanhshrink", "glu", "selu_", "celu_"]


def silu(input, inplace=False):
    """x sigmoid(x) (the swish);  d/dx = s (1 + x (1 - s)), s = sigmoid(x)"""
    x = as_tensor(input)
    return maybe_inplace(input, x * x.sigmoid(), inplace)


def mish(input, inplace=False):
    """x tanh(softplus(x))"""
    x = as_tensor(input)
    return maybe_inplace(input, x * x.softplus().tanh(), inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with SELU's fixed scale and alpha (``autograd.selu``)"""
    return maybe_inplace(input, activations.selu(as_tensor(input)), inplace)


def selu_(input):
    """selu written into ``input`` (a recorded in-place op)."""
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """x if x > 0 else alpha (e^(x/alpha) - 1) (``autograd.celu``, whose Function gives
    PyTorch's derivative to the last bit)"""
    alpha = check_celu_alpha(alpha, "celu")
    return maybe_inplace(input, activations.celu(as_tensor(input), alpha), inplace)


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
