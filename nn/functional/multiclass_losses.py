"""Multi-class losses: nll_loss (on log-probabilities) and cross_entropy (on logits)."""

import math
import numbers

import numpy as np

from autograd import Function, Tensor

from ._checks import as_float_target, as_tensor, check_real, check_reduction, legacy_reduction, reduce_loss
from .activations import softmax

__all__ = ["nll_loss", "cross_entropy", "LabelError"]


class LabelError(IndexError, ValueError):
    """A class label outside ``[0, num_classes)``: an IndexError (as in PyTorch) and a ValueError."""


def _class_weight(weight, num_classes, name):
    if weight is None:
        return np.ones(num_classes)
    weight = np.asarray(weight._data if isinstance(weight, Tensor) else weight, dtype=np.float64)
    if weight.shape != (num_classes,):
        raise ValueError(
            f"{name}: weight must have one entry per class, shape ({num_classes},), got shape {tuple(weight.shape)}"
        )
    return weight


def _along_classes(weight, input, class_axis):
    """Class weights shaped to broadcast along the class axis of ``input``, in its dtype."""
    shape = [1] * input.ndim
    shape[class_axis] = len(weight)
    return weight.reshape(shape).astype(input.dtype)


def check_ignore_index(ignore_index, name):
    if type(ignore_index) is not int and (
        isinstance(ignore_index, (bool, np.bool_))  # ints skip
        or not isinstance(ignore_index, numbers.Integral)
    ):
        raise TypeError(f"{name}: ignore_index must be an integer label, got {ignore_index!r}")


def _class_labels(target, input, ignore_index, name):
    """Check integer class labels for ``input`` (N, C, ...) or (C,); return them as int64, and
    whether any of them is ``ignore_index``."""
    labels = np.asarray(target._data if isinstance(target, Tensor) else target)
    expected = input.shape[:1] + input.shape[2:] if input.ndim >= 2 else ()
    if labels.shape != expected:
        raise ValueError(
            f"{name}: for input of shape {tuple(input.shape)} the target must be class labels "
            f"of shape {expected} or class probabilities of shape {tuple(input.shape)}; "
            f"got shape {tuple(labels.shape)}"
        )
    if labels.dtype.kind == "f":  # as in PyTorch: float targets are probabilities, shape (N, C)
        raise ValueError(
            f"{name}: class labels must be integers, got dtype {labels.dtype}; for labels "
            f"such as [0., 1., 2.] pass labels.astype(int), or give class probabilities "
            f"of shape {tuple(input.shape)}"
        )
    if labels.dtype.kind not in "iu":
        raise ValueError(f"{name}: class labels must be integers, got dtype {labels.dtype}")
    num_classes = input.shape[1] if input.ndim >= 2 else input.shape[0]
    # checked before the cast, which could wrap huge labels; first by two reductions (the
    # common case: every label in range), only then label by label
    if labels.size and labels.min() >= 0 and labels.max() < num_classes:
        ignored = 0 <= ignore_index < num_classes and bool(np.any(labels == ignore_index))
    else:
        is_ignored = labels == ignore_index
        beyond = ~is_ignored & ((labels < 0) | (labels >= num_classes))
        if beyond.any():
            raise LabelError(
                f"{name}: class label {labels[beyond].flat[0]:g} is out of range for "
                f"{num_classes} classes (labels must be in [0, {num_classes - 1}])"
            )
        ignored = bool(is_ignored.any())
    return labels.astype(np.int64, copy=False), ignored


def _pick(log_probs, labels):
    """log_probs[..., label, ...] along the class axis (1, or 0 for a single sample)."""
    if log_probs.ndim == 1:
        return log_probs[labels]
    num_classes = log_probs.shape[1]
    moved = log_probs if log_probs.ndim == 2 else log_probs.permute(0, *range(2, log_probs.ndim), 1)
    rows = moved.reshape(-1, num_classes)
    return rows[np.arange(rows.shape[0]), labels.reshape(-1)].reshape(labels.shape)


def _nll(log_probs, labels, weight, ignore_index, reduction, name):
    """Weighted negative log-likelihood of integer labels; 'mean' divides by the total weight."""
    keep = labels != ignore_index
    safe = np.where(keep, labels, 0)
    sample_weight = np.where(keep, weight[safe], 0).astype(log_probs.dtype)
    loss = -_pick(log_probs, safe) * sample_weight
    if reduction == "mean":
        return loss.sum() / float(sample_weight.sum())
    return reduce_loss(loss, reduction, name)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """-w[y] * input[y]: the negative log-likelihood, for ``input`` holding log-probabilities.

    ``input`` is (N, C) (or (C,), or (N, C, d1, ...)); ``target`` holds integer labels of shape
    (N,) (or (), or (N, d1, ...)). Labels equal to ``ignore_index`` count for nothing. With
    ``reduction="mean"`` the sum is divided by the sum of the weights w[y] used (N without weights).
    ``size_average`` and ``reduce`` are PyTorch's deprecated spellings of ``reduction``.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "nll_loss")
    check_ignore_index(ignore_index, "nll_loss")
    input = as_tensor(input)
    labels, _ = _class_labels(target, input, ignore_index, "nll_loss")
    weight = _class_weight(weight, input.shape[1 if input.ndim >= 2 else 0], "nll_loss")
    return _nll(input, labels, weight, ignore_index, reduction, "nll_loss")


class _SoftmaxCrossEntropy(Function):
    """loss = -sum_n log softmax(x_n)[y_n] / c, c = N (mean) or 1 (sum);
    dx = (softmax(x) - onehot(y)) dloss / c

    The common case of cross_entropy (logits (N, C), integer labels, no weights, no
    smoothing) as one op: its derivative is the classic softmax minus one-hot.
    """

    name = "cross_entropy"

    @staticmethod
    def forward(ctx, x, labels, mean):
        ctx.labels, ctx.count, ctx.rows = labels, len(labels) if mean else 1, np.arange(len(labels))
        with np.errstate(invalid="ignore", divide="ignore"):  # infinite logits: nan, quietly
            shifted = x - x.max(axis=1, keepdims=True)
            log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            loss = -(shifted[ctx.rows, labels] - log_sum[:, 0]).sum() / ctx.count  # the picked ones
        ctx.finite = not math.isnan(loss)  # nan if a row's maximum is inf or nan; else a number
        ctx.save_for_backward(x, shifted, log_sum)
        return loss

    @staticmethod
    def backward(ctx, grad):
        x, shifted, log_sum = ctx.saved_tensors
        if ctx.differentiable or not ctx.finite:
            onehot = np.zeros(x.shape, dtype=np.asarray(x).dtype)
            onehot[ctx.rows, ctx.labels] = 1
            return (softmax(x, 1) - onehot) * (grad / ctx.count), None, None
        # Arrays, finite maxima: softmax(x, 1) as it computes it, from forward's shifted logits and
        # log-sum, then minus the one-hot and times dloss / c in place (the array is our own).
        probs = np.exp(shifted - log_sum)
        probs[ctx.rows, ctx.labels] -= 1
        probs *= grad / ctx.count
        return probs, None, None


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
    label_smoothing=0.0,
):
    """Cross-entropy of softmax(``input``) (logits, (N, C)) against ``target``:

    * integer labels y of shape (N,):   loss_n = -w[y_n] log softmax(x_n)[y_n]
      ('mean' divides by the sum of the w[y_n]; labels == ignore_index are skipped);
    * probabilities / one-hot rows t of shape (N, C):  loss_n = -sum_c w_c t_nc log softmax(x_n)_c
      ('mean' divides by N).

    ``label_smoothing`` = e mixes the target with the uniform distribution: (1 - e) t + e / C.
    log_softmax is computed stably, so logits of +-1e4 give exact, finite losses.
    ``size_average`` and ``reduce`` are PyTorch's deprecated spellings of ``reduction``.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "cross_entropy")
    check_real("cross_entropy", "label_smoothing", label_smoothing, 0, 1)
    check_ignore_index(ignore_index, "cross_entropy")
    input = as_tensor(input)
    if input.ndim == 0:
        raise ValueError("cross_entropy: input must hold one logit per class, got a 0-d Tensor")
    class_axis = 1 if input.ndim >= 2 else 0
    num_classes = input.shape[class_axis]
    plain_weight = weight is None
    target_shape = target.shape if isinstance(target, Tensor) else np.shape(target)

    if target_shape == input.shape:  # probabilities
        weight = _class_weight(weight, num_classes, "cross_entropy")  # checked, or ones if None
        log_probs = input.log_softmax(axis=class_axis)
        target = as_float_target(target, input, "cross_entropy")
        if label_smoothing:
            target = target * (1 - label_smoothing) + label_smoothing / num_classes
        loss = -(log_probs * target * _along_classes(weight, input, class_axis)).sum(axis=class_axis)
        if reduction == "mean":
            return loss.sum() / (input.numel() // num_classes)
        return reduce_loss(loss, reduction, "cross_entropy")

    labels, ignored = _class_labels(target, input, ignore_index, "cross_entropy")
    if input.ndim == 2 and plain_weight and not label_smoothing and reduction != "none" and not ignored:
        return _SoftmaxCrossEntropy.apply(input, labels, reduction == "mean")
    weight = _class_weight(weight, num_classes, "cross_entropy")  # checked, or ones if None
    log_probs = input.log_softmax(axis=class_axis)
    loss = _nll(log_probs, labels, weight, ignore_index, reduction, "cross_entropy")
    if not label_smoothing:
        return loss
    keep = labels != ignore_index
    smooth = -(log_probs * _along_classes(weight, input, class_axis)).sum(axis=class_axis)
    smooth = smooth * keep.astype(input.dtype)
    if reduction == "mean":
        smooth = smooth.sum() / float(np.where(keep, weight[np.where(keep, labels, 0)], 0).sum())
    else:
        smooth = reduce_loss(smooth, reduction, "cross_entropy")
    return (1 - label_smoothing) * loss + (label_smoothing / num_classes) * smooth
