"""Regression losses: mse_loss, l1_loss, huber_loss, smooth_l1_loss."""

from autograd import where

from ._checks import as_float_target, as_tensor, check_real, check_reduction, check_same_shape, reduce_loss

__all__ = ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"]


def mse_loss(input, target, reduction="mean"):
    """(x - y)^2, reduced."""
    input = as_tensor(input)
    target = as_float_target(target, input, "mse_loss")
    check_same_shape(input, target, "mse_loss")
    diff = input - target
    return reduce_loss(diff * diff, reduction, "mse_loss")


def l1_loss(input, target, reduction="mean"):
    """|x - y|, reduced (its derivative at 0 is taken as 0)."""
    input = as_tensor(input)
    target = as_float_target(target, input, "l1_loss")
    check_same_shape(input, target, "l1_loss")
    return reduce_loss((input - target).abs(), reduction, "l1_loss")


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), with d = x - y; reduced.

    Quadratic near 0, linear (gradient +-delta) far from it: robust to outliers.
    """
    check_real("huber_loss", "delta", delta, low=0, low_open=True, requirement="positive")
    input = as_tensor(input)
    target = as_float_target(target, input, "huber_loss")
    check_same_shape(input, target, "huber_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size._data < delta, 0.5 * diff * diff, delta * (size - 0.5 * delta))
    return reduce_loss(loss, reduction, "huber_loss")


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta, with d = x - y; reduced.

    huber_loss divided by beta: its gradient is d / beta near 0, +-1 far from it.
    ``beta=0`` is the l1_loss.
    """
    check_reduction(reduction, "smooth_l1_loss")
    check_real("smooth_l1_loss", "beta", beta, low=0, requirement="a number >= 0")
    if beta == 0:
        return l1_loss(input, target, reduction)
    input = as_tensor(input)
    target = as_float_target(target, input, "smooth_l1_loss")
    check_same_shape(input, target, "smooth_l1_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size._data < beta, 0.5 * diff * diff / beta, size - 0.5 * beta)
    return reduce_loss(loss, reduction, "smooth_l1_loss")
