"""Losses of probability distributions: kl_div (between two distributions), and the negative
log-likelihoods of counts under a Poisson (poisson_nll_loss) and of values under a Gaussian
with a predicted variance (gaussian_nll_loss).

Each is written with differentiable Tensor operations, so the target may require grad too.
"""

import math
import numbers

import numpy as np

from autograd import Tensor, where

from ._checks import (
    as_float_target,
    as_tensor,
    check_broadcastable,
    check_real,
    check_reduction,
    legacy_reduction,
    reduce_loss,
)

__all__ = ["kl_div", "poisson_nll_loss", "gaussian_nll_loss"]

KL_REDUCTIONS = ("mean", "batchmean", "sum", "none")


def _xlogx(t):
    """t log t, taken as 0 at t = 0 (its limit), with a finite derivative there."""
    positive = t._data > 0
    return where(positive, t * where(positive, t, 1).log(), 0)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """KL(target || q) pointwise for log-probabilities ``input`` = log q:

        target (log target - input)             (0 where target = 0)
        e^target (target - input)               with ``log_target`` (target given as log p)

    ``reduction="batchmean"`` divides the sum by the batch size input.shape[0], the true
    KL divergence per sample; "mean" (the default, as in PyTorch) divides by the number of
    elements.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "kl_div", KL_REDUCTIONS)
    input = as_tensor(input)
    target = as_float_target(target, input, "kl_div")
    check_broadcastable(input, target, "kl_div")
    with np.errstate(over="ignore", invalid="ignore"):  # huge values give inf (or nan), as in PyTorch
        if log_target:
            loss = target.exp() * (target - input)
        else:
            loss = _xlogx(target) - target * input
        if reduction == "batchmean":
            return loss.sum() / input.shape[0] if input.ndim else loss.sum()
        return reduce_loss(loss, reduction, "kl_div")


def poisson_nll_loss(
    input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction="mean"
):
    """Negative log-likelihood of counts y = ``target`` under Poisson(rate), dropping log(y!):

        e^x - y x                  with ``log_input`` (x = log rate, the default)
        x - y log(x + eps)         otherwise (x = rate; eps keeps the log finite at 0)

    ``full`` adds Stirling's approximation of log(y!), y log y - y + log(2 pi y) / 2, where y > 1.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "poisson_nll_loss")
    check_real("poisson_nll_loss", "eps", eps)
    input = as_tensor(input)
    target = as_float_target(target, input, "poisson_nll_loss")
    check_broadcastable(input, target, "poisson_nll_loss")
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        above_one = target._data > 1
        y = where(above_one, target, 2)  # the term is dropped elsewhere: keep its logs finite
        stirling = y * y.log() - y + 0.5 * (2 * math.pi * y).log()
        loss = loss + where(above_one, stirling, 0)
    return reduce_loss(loss, reduction, "poisson_nll_loss")


def _variance_like(var, input):
    """``var`` shaped to broadcast against ``input``, by PyTorch's rules: input's shape; input's
    shape without its last dimension (one variance per vector); or input's shape with one
    dimension of size 1."""
    if isinstance(var, numbers.Real) and not isinstance(var, (bool, np.bool_)):
        var = Tensor(np.full(input.shape, check_real("gaussian_nll_loss", "var", var), dtype=input.dtype))
    var = as_tensor(var, "gaussian_nll_loss: var")
    if var.dtype.kind not in "iuf":
        raise TypeError(f"gaussian_nll_loss: var must be a Tensor or a number, got dtype {var.dtype}")
    if var.shape == input.shape:
        return var
    if var.shape == input.shape[:-1]:
        return var.reshape(var.shape + (1,))
    mismatched = [(a, b) for a, b in zip(input.shape, var.shape) if a != b]
    if var.ndim == input.ndim and len(mismatched) == 1 and mismatched[0][1] == 1:
        return var
    raise ValueError(
        f"gaussian_nll_loss: var of shape {tuple(var.shape)} does not fit the input of shape "
        f"{tuple(input.shape)}: it must have the input's shape, the input's shape without its "
        "last dimension, or the input's shape with one dimension of size 1"
    )


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """Negative log-likelihood of ``target`` under N(input, var), up to a constant:

        (log v + (x - y)^2 / v) / 2,   v = max(var, eps)

    (``full`` adds log(2 pi) / 2.) The clamp at eps is not differentiated, as in PyTorch:
    the gradient reaches var as if v were var.
    """
    check_reduction(reduction, "gaussian_nll_loss")
    check_real("gaussian_nll_loss", "eps", eps, low=0)
    input = as_tensor(input)
    target = as_float_target(target, input, "gaussian_nll_loss")
    check_broadcastable(input, target, "gaussian_nll_loss")
    var = _variance_like(var, input)
    if np.any(var._data < 0):
        raise ValueError(
            f"gaussian_nll_loss: var must be >= 0 everywhere, got a minimum of {var._data.min():g}"
        )
    var = var + Tensor(np.where(var._data < eps, eps - var._data, 0))  # max(var, eps), gradient 1
    diff = input - target
    loss = 0.5 * (var.log() + diff * diff / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction, "gaussian_nll_loss")
