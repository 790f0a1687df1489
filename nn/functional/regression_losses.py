"""Regression losses: mse_loss, l1_loss, huber_loss, smooth_l1_loss.

Input and target broadcast against each other, as in PyTorch, with PyTorch's warning when
their shapes differ. ``size_average`` and ``reduce`` are PyTorch's deprecated spellings of
``reduction``; ``weight`` (input's shape) weights each element's loss.
"""

from autograd import where

from ._checks import (
    as_float_target,
    as_tensor,
    broadcast_with_warning,
    check_real,
    check_reduction,
    legacy_reduction,
    reduce_loss,
)

__all__ = ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"]


def _pair(input, target, name):
    input = as_tensor(input)
    target = as_float_target(target, input, name)
    broadcast_with_warning(input, target, name)
    return input, target


def _weighted(loss, weight, input, reduction, name, mean_over_weights=True):
    """w * loss reduced: "mean" is sum(w loss) / sum(w) (PyTorch's for mse_loss and l1_loss), or
    the plain mean of w loss (``mean_over_weights=False``: PyTorch's huber_loss)."""
    if weight is None:
        return reduce_loss(loss, reduction, name)
    check_reduction(reduction, name)
    weight = as_tensor(weight)
    if weight.shape != input.shape:
        raise ValueError(
            f"{name}: weight shape {tuple(weight.shape)} and input shape {tuple(input.shape)} "
            "must be the same (Weights and input must have the same size)"
        )
    loss = loss * weight
    if reduction == "mean" and mean_over_weights:
        return loss.sum() / weight.sum()
    return reduce_loss(loss, reduction, name)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """(x - y)^2, reduced."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, target = _pair(input, target, "mse_loss")
    diff = input - target
    return _weighted(diff * diff, weight, input, reduction, "mse_loss")


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """|x - y|, reduced (its derivative at 0 is taken as 0)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, target = _pair(input, target, "l1_loss")
    return _weighted((input - target).abs(), weight, input, reduction, "l1_loss")


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), with d = x - y; reduced.

    Quadratic near 0, linear (gradient +-delta) far from it: robust to outliers.
    """
    check_real("huber_loss", "delta", delta, low=0, low_open=True, requirement="positive")
    input, target = _pair(input, target, "huber_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size._data < delta, 0.5 * diff * diff, delta * (size - 0.5 * delta))
    return _weighted(loss, weight, input, reduction, "huber_loss", mean_over_weights=False)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta, with d = x - y; reduced.

    huber_loss divided by beta: its gradient is d / beta near 0, +-1 far from it.
    ``beta=0`` is the l1_loss.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "smooth_l1_loss")
    check_real("smooth_l1_loss", "beta", beta, low=0, requirement="a number >= 0")
    input, target = _pair(input, target, "smooth_l1_loss")
    if beta == 0:
        return reduce_loss((input - target).abs(), reduction, "smooth_l1_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size._data < beta, 0.5 * diff * diff / beta, size - 0.5 * beta)
    return reduce_loss(loss, reduction, "smooth_l1_loss")
