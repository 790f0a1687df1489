"""Binary classification losses: binary_cross_entropy (on probabilities), its logits form,
and the hinge loss (on scores and labels +-1)."""

import functools
import math

import numpy as np

from autograd import Function, Tensor

from ._checks import as_float_target, as_tensor, check_same_shape, check_signs, legacy_reduction, reduce_loss
from .activations import logsigmoid

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge_loss"]


class ClampedLog(Function):
    """y = max(log x, -100) for x >= 0, PyTorch's clamp of BCE's log (log 0 = -inf becomes -100);
    dy/dx = 1/x where x > floor, 0 below.

    floor = e^-100 (where the clamp starts), raised in float32 to 1/max_float32 so that 1/x
    never overflows to inf (e^-100 is a float32 subnormal whose reciprocal is not a float32).
    """

    name = "clamped_log"

    @staticmethod
    def forward(ctx, x):
        ctx.floor = _log_floor(x.dtype)
        ctx.inside = x > ctx.floor
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore"):  # log 0 = -inf, clamped
            return _clamped_log(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * ctx.inside / np.maximum(x, ctx.floor)


@functools.cache  # np.finfo is slow to ask, and this runs at every step
def _log_floor(dtype):
    return max(math.exp(-100.0), 1 / float(np.finfo(dtype).max))


def _clamped_log(x):
    return np.maximum(np.log(x), -100).astype(x.dtype, copy=False)


class _BinaryCrossEntropy(Function):
    """loss = -sum (y log p + (1 - y) log(1 - p)) / n, each log clamped as in ``ClampedLog``,
    n the number of elements (mean) or 1 (sum);  dp = ((1 - y)/(1 - p) - y/p) dloss / n,
    a term 0 where its log is clamped

    The common case of binary_cross_entropy (no weights, a constant target) as one op. It
    checks p itself, for free: p outside [0, 1] (or nan) takes the log of a negative number,
    so the loss is nan exactly when p (or y) is wrong; only then are the values inspected.
    """

    name = "binary_cross_entropy"

    @staticmethod
    def forward(ctx, p, y, mean):
        ctx.save_for_backward(p)
        ctx.y, ctx.count, ctx.floor = y, p.size if mean else 1, _log_floor(p.dtype)
        q = 1 - p
        ctx.p_inside, ctx.q_inside = p > ctx.floor, q > ctx.floor
        with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf is clamped; nan:
            loss = -(y * _clamped_log(p) + (1 - y) * _clamped_log(q)).sum() / ctx.count
        if loss != loss:  # p or y outside [0, 1]
            _check_probabilities(p, y, "binary_cross_entropy")
        return loss

    @staticmethod
    def backward(ctx, grad):
        (p,) = ctx.saved_tensors
        dp = ctx.q_inside * (1 - ctx.y) / np.maximum(1 - p, ctx.floor) - ctx.p_inside * ctx.y / np.maximum(
            p, ctx.floor
        )
        return dp * (grad / ctx.count), None, None


def _constant_like(value, input):
    """A weight (array or Tensor) in the input's dtype, so float32 losses stay float32."""
    if isinstance(value, Tensor):
        return value if value.dtype == input.dtype else value.astype(input.dtype)
    return np.asarray(value, dtype=input.dtype)


def _in_unit_interval(values):
    """Every value in [0, 1] (nan is not): two reductions, no temporary arrays."""
    return values.size == 0 or (values.min() >= 0 and values.max() <= 1)


def _check_in_unit_interval(values, what, name):
    values = np.asarray(values)
    if not _in_unit_interval(values):
        if np.isnan(values).any():
            raise ValueError(
                f"{name}: every {what} must be in [0, 1], got NaN "
                f"({np.isnan(values).sum()} of {values.size} values)"
            )
        raise ValueError(
            f"{name}: every {what} must be in [0, 1], got values from {values.min():g} to {values.max():g}"
        )


def _check_probabilities(input, target, name):
    """ValueError unless every input probability and then every target is in [0, 1]."""
    _check_in_unit_interval(input, "input probability", name)
    _check_in_unit_interval(target, "target", name)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-w (y log p + (1 - y) log(1 - p)) for probabilities p = ``input``, reduced.

    Each log is clamped at -100 as in PyTorch, so p = 0 or 1 gives a finite loss (100) instead
    of inf, and the gradient is finite too: beyond the clamp it is 0 (see ``ClampedLog``).
    For raw scores use
    ``binary_cross_entropy_with_logits``, which is exact and stable.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    input = as_tensor(input)
    target = as_float_target(target, input, "binary_cross_entropy")
    check_same_shape(input, target, "binary_cross_entropy")
    if weight is None and not target.requires_grad and reduction != "none" and input.numel():
        if not _in_unit_interval(target._data):  # the op itself checks the input
            _check_probabilities(input._data, target._data, "binary_cross_entropy")
        return _BinaryCrossEntropy.apply(input, target._data, reduction == "mean")
    _check_probabilities(input._data, target._data, "binary_cross_entropy")
    log_p = ClampedLog.apply(input)
    log_not_p = ClampedLog.apply(1 - input)
    loss = -(target * log_p + (1 - target) * log_not_p)
    if weight is not None:
        loss = loss * _constant_like(weight, input)
    return reduce_loss(loss, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None
):
    """Binary cross-entropy of p = sigmoid(x), computed from the logits x:

        -w (pos_weight * y log sigmoid(x) + (1 - y) log sigmoid(-x))

    using the stable ``logsigmoid``, so logits of any size give exact, finite values.
    ``pos_weight`` (broadcast against the last axis) weights the positive examples.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    input = as_tensor(input)
    target = as_float_target(target, input, "binary_cross_entropy_with_logits")
    check_same_shape(input, target, "binary_cross_entropy_with_logits")
    _check_in_unit_interval(target._data, "target", "binary_cross_entropy_with_logits")
    positive = target * logsigmoid(input)
    if pos_weight is not None:
        positive = positive * _constant_like(pos_weight, input)
    loss = -(positive + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * _constant_like(weight, input)
    return reduce_loss(loss, reduction, "binary_cross_entropy_with_logits")


def hinge_loss(input, target, reduction="mean"):
    """max(0, 1 - y s) for scores s = ``input`` and labels y in {-1, +1}, reduced.

    The max-margin loss of micrograd's demo (``mean(relu(1 - y * score))``): zero once a
    point is on the right side of the boundary with margin 1. (Not PyTorch's
    HingeEmbeddingLoss, which is a different loss.)
    """
    input = as_tensor(input)
    target = as_float_target(target, input, "hinge_loss")
    check_same_shape(input, target, "hinge_loss")
    check_signs(target, "hinge_loss")
    return reduce_loss((1 - target * input).relu(), reduction, "hinge_loss")
