"""The common activations: relu, leaky_relu, elu, softplus, gelu, sigmoid, tanh, logsigmoid,
softmax, log_softmax, softmin.

More in smooth_activations (silu, mish, selu, ...), piecewise_activations (hardtanh, relu6,
prelu, ...) and random_activations (rrelu, gumbel_softmax)."""

import numpy as np

from autograd import Function

from ._checks import as_tensor, check_real, maybe_inplace

__all__ = [
    "relu",
    "leaky_relu",
    "elu",
    "relu_",
    "leaky_relu_",
    "elu_",
    "softplus",
    "gelu",
    "sigmoid",
    "tanh",
    "logsigmoid",
    "softmax",
    "log_softmax",
    "softmin",
]


def relu(input, inplace=False):
    """max(x, 0); ``inplace`` writes the result into ``input`` (a recorded in-place op)."""
    return input.relu_() if inplace else as_tensor(input).relu()


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x if x > 0 else negative_slope * x"""
    negative_slope = float(check_real("leaky_relu", "negative_slope", negative_slope))
    return maybe_inplace(input, as_tensor(input).leaky_relu(negative_slope), inplace)


def elu(input, alpha=1.0, inplace=False):
    """x if x > 0 else alpha (e^x - 1)"""
    alpha = float(check_real("elu", "alpha", alpha))
    return maybe_inplace(input, as_tensor(input).elu(alpha), inplace)


def relu_(input):
    """relu written into ``input`` (a recorded in-place op)."""
    return relu(input, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """leaky_relu written into ``input``."""
    return leaky_relu(input, negative_slope, inplace=True)


def elu_(input, alpha=1.0):
    """elu written into ``input``."""
    return elu(input, alpha, inplace=True)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + e^(beta x)) / beta (and x where beta x > threshold)"""
    beta, threshold = check_softplus(beta, threshold, "softplus")
    return as_tensor(input).softplus(beta, threshold)


def check_softplus(beta, threshold, owner):
    """beta and threshold as floats: real, finite, beta non-zero."""
    threshold = float(check_real(owner, "threshold", threshold))
    if check_real(owner, "beta", beta) == 0:
        raise ValueError(f"{owner}: beta must be a non-zero number (it divides), got {beta!r}")
    return float(beta), threshold


def gelu(input, approximate="none"):
    """x Phi(x), Phi the standard normal CDF (approximate="tanh": the tanh formula)"""
    return as_tensor(input).gelu(approximate)


def sigmoid(input):
    """1 / (1 + e^-x)"""
    return as_tensor(input).sigmoid()


def tanh(input):
    """(e^x - e^-x) / (e^x + e^-x)"""
    return as_tensor(input).tanh()


class LogSigmoid(Function):
    """y = log sigmoid(x) = min(x, 0) - log(1 + e^-|x|)  (no overflow for any x);
    dy/dx = 1 - sigmoid(x) = sigmoid(-x)"""

    name = "logsigmoid"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * sigmoid(-x)


def logsigmoid(input):
    """log(sigmoid(x)), finite for every finite x."""
    return LogSigmoid.apply(as_tensor(input))


def softmax(input, dim=-1):
    """e^x_i / sum_j e^x_j along ``dim`` (stable: shifted by the max)."""
    return as_tensor(input).softmax(axis=dim)


def log_softmax(input, dim=-1):
    """x_i - log sum_j e^x_j along ``dim`` (stable)."""
    return as_tensor(input).log_softmax(axis=dim)


def softmin(input, dim=None, dtype=None):
    """softmax(-x) along ``dim``: e^-x_i / sum_j e^-x_j. ``dim=None`` is PyTorch's implicit
    choice: 0 for inputs of 0, 1 or 3 dimensions, else 1. ``dtype`` casts the input first."""
    x = as_tensor(input)
    if dtype is not None:
        x = x.to(dtype)
    if dim is None:
        dim = 0 if x.ndim in (0, 1, 3) else 1
    return (-x).softmax(axis=dim)
