"""Binary classification losses: binary_cross_entropy (on probabilities), its logits form,
and the hinge loss (on scores and labels +-1)."""

import numpy as np

from autograd import Function, Tensor

from ._checks import as_float_target, as_tensor, check_same_shape, check_signs, legacy_reduction, reduce_loss
from .activations import logsigmoid

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge_loss"]


class BinaryCrossEntropy(Function):
    """loss = w ((y - 1) max(log(1 - p), -100) - y max(log p, -100)), reduced (mean: / n);
    dp = w (p - y) / max(p (1 - p), 1e-12) dloss,  dy = -w logit(p) dloss  (each / n for mean)

    PyTorch's formulas, to the bit: log(1 - p) is computed as log1p(-p), each log is clamped at
    -100 so p = 0 or 1 gives a finite loss, and the gradient's denominator is bounded below by
    PyTorch's 1e-12 (a float32 constant), so it is finite too, if huge, at p = 0 or 1 when the
    target disagrees. (That is PyTorch's gradient, not the derivative of the clamped loss.)

    It checks p itself, for free: p outside [0, 1] (or nan) takes the log of a negative number,
    so a reduced loss is nan exactly when p (or y) is wrong; only then are the values inspected.
    """

    name = "binary_cross_entropy"

    @staticmethod
    def forward(ctx, p, y, weight, reduction):
        ctx.save_for_backward(p, y)
        ctx.weight, ctx.count = weight, p.size if reduction == "mean" else 1
        with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf is clamped; nan:
            loss = (y - 1) * np.maximum(np.log1p(-p), -100) - y * np.maximum(np.log(p), -100)
        if weight is not None:
            loss = loss * weight
        if reduction == "none":
            return loss
        loss = loss.sum() / ctx.count
        if loss != loss:  # p or y outside [0, 1]
            _check_probabilities(p, y, "binary_cross_entropy")
        return loss

    @staticmethod
    def backward(ctx, grad):
        p, y = ctx.saved_tensors
        need_p, need_y = ctx.needs_input_grad[:2]
        dp = _scaled(ctx, grad * (p - y) / np.maximum((1 - p) * p, _EPSILON)) if need_p else None
        dy = _scaled(ctx, -np.log(p / (1 - p)) * grad) if need_y else None
        return dp, dy, None, None


def _scaled(ctx, grad):
    """A BCE gradient times the weight, then / n for the mean (PyTorch's order of rounding)."""
    if ctx.weight is not None:
        grad = grad * ctx.weight
    return grad / ctx.count if ctx.count != 1 else grad


_EPSILON = float(np.float32(1e-12))  # PyTorch's bound on p (1 - p) in BCE's gradient


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
    """-w (y log p + (1 - y) log(1 - p)) for probabilities p = ``input``, reduced: one op,
    ``BinaryCrossEntropy``, with PyTorch's clamp of each log at -100 and PyTorch's gradients.
    For raw scores use ``binary_cross_entropy_with_logits``, which is exact and stable.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(
            f"binary_cross_entropy: reduction must be 'mean', 'sum' or 'none', got {reduction!r}"
        )
    input = as_tensor(input)
    target = as_float_target(target, input, "binary_cross_entropy")
    check_same_shape(input, target, "binary_cross_entropy")
    if reduction == "none" or not input.numel() or not _in_unit_interval(target._data):
        _check_probabilities(input._data, target._data, "binary_cross_entropy")
    if weight is not None:
        weight = _constant_like(weight, input)
        weight = weight._data if isinstance(weight, Tensor) else weight
        try:
            np.broadcast_shapes(weight.shape, input.shape)
        except ValueError:
            raise ValueError(
                f"binary_cross_entropy: weight of shape {weight.shape} does not broadcast to the "
                f"input's shape {tuple(input.shape)}"
            ) from None
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


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
