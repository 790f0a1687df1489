"""Activations that draw random numbers: rrelu (a random slope per negative element while
training) and gumbel_softmax (a softmax of logits plus Gumbel noise).

Both draw from the library's generator (``autograd.manual_seed``) in PyTorch's order, so
the same seed gives PyTorch's numbers. The noise is a constant: the derivative flows
through the differentiable operations around it.
"""

import numpy as np

from autograd import Tensor, random

from ._checks import as_tensor, check_real, maybe_inplace
from .activations import leaky_relu, softmax

__all__ = ["rrelu", "rrelu_", "gumbel_softmax"]


def check_rrelu(lower, upper, owner):
    check_real(owner, "lower", lower)
    check_real(owner, "upper", upper)
    if lower > upper:
        raise ValueError(f"{owner}: lower must be at most upper, got lower={lower}, upper={upper}")
    return lower, upper


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """x where x > 0, else a x: with ``training``, a ~ U(lower, upper) drawn for each element
    x <= 0 (da/dx = 0); otherwise a = (lower + upper) / 2, a leaky_relu.

    The slopes are PyTorch's: one 64-bit uniform u per element x <= 0, in row-major order,
    a = u (upper - lower) + lower in float64 (the bounds first rounded to x's dtype), then
    rounded to x's dtype.
    """
    lower, upper = check_rrelu(lower, upper, "rrelu")
    x = as_tensor(input)
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    if x.dtype.kind != "f":
        raise TypeError(f"rrelu: input must be a floating-point Tensor, got dtype {x.dtype}")
    negative = x._data <= 0
    low, high = (float(x.dtype.type(bound)) for bound in (lower, upper))  # PyTorch's rounding
    slopes = np.ones(x.shape, x.dtype)
    slopes[negative] = random.sampling.uniform_real(int(negative.sum()), low, high)
    return maybe_inplace(input, x * slopes, inplace)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    """rrelu written into ``input`` (a recorded in-place op)."""
    return rrelu(input, lower, upper, training, inplace=True)


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + g) / tau) along ``dim``, g = -log(e) Gumbel noise (e ~ Exp(1), one
    per element): a differentiable sample of the categorical distribution softmax(logits).

    With ``hard``, the result is the one-hot of the sample's argmax in the forward pass, and
    the derivative is the soft sample's (y_hard - y_soft.detach() + y_soft, the straight-through
    estimator). ``eps`` is accepted for PyTorch code and unused, as in PyTorch.
    """
    check_real("gumbel_softmax", "tau", tau, low=0, low_open=True, requirement="positive")
    x = as_tensor(logits, "gumbel_softmax: logits")
    if x.dtype.kind != "f":
        raise TypeError(f"gumbel_softmax: logits must be a floating-point Tensor, got dtype {x.dtype}")
    noise = -np.log(random.sampling.exponential(x.shape, 1.0, x.dtype))
    soft = softmax((x + noise) / tau, dim)
    if not hard:
        return soft
    if x.ndim == 0:
        raise ValueError("gumbel_softmax: hard=True needs logits with at least one dimension (the classes)")
    axis = dim % x.ndim
    one_hot = np.zeros(x.shape, x.dtype)
    np.put_along_axis(one_hot, np.expand_dims(soft._data.argmax(axis), axis), 1, axis)
    return Tensor(one_hot - soft._data) + soft
