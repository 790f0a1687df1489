"""Classification losses with a margin or a soft margin: soft_margin_loss (labels +-1),
multilabel_soft_margin_loss (one sigmoid per class), multi_margin_loss (one label per
sample) and multilabel_margin_loss (a set of labels per sample).

Each is written with differentiable Tensor operations (relu for each max(0, .)).
"""

import numpy as np

from autograd import Tensor
from autograd.ops import take_along_dim

from ._checks import (
    as_float_target,
    as_tensor,
    check_broadcastable,
    check_real,
    check_reduction,
    check_signs,
    legacy_reduction,
    reduce_loss,
)
from .activations import logsigmoid
from .multiclass_losses import LabelError

__all__ = ["soft_margin_loss", "multilabel_soft_margin_loss", "multi_margin_loss", "multilabel_margin_loss"]


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + e^(-y x)) for scores x and labels y in {-1, +1} (computed as -logsigmoid(y x),
    finite for every score)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(reduction, "soft_margin_loss")
    x = as_tensor(input)
    y = as_float_target(target, x, "soft_margin_loss")
    check_broadcastable(x, y, "soft_margin_loss", keep_input_shape=True)
    check_signs(y, "soft_margin_loss")
    return reduce_loss(-logsigmoid(y * x), reduction, "soft_margin_loss")


def _scores(input, name):
    """Class scores of shape (N, C) or (C,)."""
    x = as_tensor(input)
    if x.ndim not in (1, 2):
        raise ValueError(f"{name}: expected scores of shape (N, C) or (C,), got shape {tuple(x.shape)}")
    return x


def _class_weight(weight, x, name):
    """Class weights (C,) as an array in x's dtype (or None)."""
    if weight is None:
        return None
    weight = np.asarray(weight._data if isinstance(weight, Tensor) else weight, dtype=x.dtype)
    if weight.shape != tuple(x.shape[-1:]):
        raise ValueError(
            f"{name}: weight must have one entry per class, shape {tuple(x.shape[-1:])}, got shape {weight.shape}"
        )
    return weight


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(1/C) sum_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c)) per sample: a
    binary cross-entropy per class, averaged over the C classes, for scores (N, C) and
    targets in [0, 1] of the same shape."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    name = "multilabel_soft_margin_loss"
    check_reduction(reduction, name)
    x = _scores(input, name)
    y = as_float_target(target, x, name)
    check_broadcastable(x, y, name)
    loss = -(y * logsigmoid(x) + (1 - y) * logsigmoid(-x))
    weight = _class_weight(weight, x, name)
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss.sum(x.ndim - 1) / x.shape[-1], reduction, name)  # PyTorch's class dim


def _labels(target, x, name, low=0):
    """Integer labels of x's shape without its class dimension (or x's shape, ``low=-1``),
    each in [low, C): an int64 array."""
    labels = np.asarray(target._data if isinstance(target, Tensor) else target)
    shape = tuple(x.shape if low < 0 else x.shape[:-1])
    if labels.shape != shape:
        raise ValueError(
            f"{name}: for scores of shape {tuple(x.shape)} the target must have shape {shape}, "
            f"got shape {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        raise ValueError(f"{name}: class labels must be integers, got dtype {labels.dtype}")
    classes = x.shape[-1]
    outside = (labels < low) | (labels >= classes)
    if outside.any():
        raise LabelError(
            f"{name}: class label {labels[outside].flat[0]} is out of range for {classes} classes "
            f"(labels must be in [{low}, {classes - 1}])"
        )
    return labels.astype(np.int64, copy=False)


def multi_margin_loss(
    input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"
):
    """(1/C) sum_{c != y} w_y max(0, margin - x_y + x_c)^p per sample, for scores x (N, C) and
    labels y (N,): the true class should score ``margin`` above every other. p is 1 or 2."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    name = "multi_margin_loss"
    check_reduction(reduction, name)
    check_real(name, "margin", margin)
    if p not in (1, 2) or isinstance(p, bool):
        raise ValueError(f"{name}: p must be 1 or 2, got {p!r}")
    x = _scores(input, name)
    labels = _labels(target, x, name)[..., None]  # (N, 1) or (1,)
    excess = (margin - take_along_dim(x, labels, -1) + x).relu()
    if p == 2:
        excess = excess * excess
    others = (labels != np.arange(x.shape[-1])).astype(x.dtype)
    weight = _class_weight(weight, x, name)
    if weight is not None:
        others = others * weight[labels]
    return reduce_loss((excess * others).sum(-1) / x.shape[-1], reduction, name)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """(1/C) sum_{j in y} sum_{c not in y} max(0, 1 - x_j + x_c) per sample: every target class
    should score 1 above every other class. ``target`` (N, C) holds each sample's target
    classes first, ended by -1 (the rest is ignored), e.g. [3, 0, -1, 1] for classes {3, 0}."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    name = "multilabel_margin_loss"
    check_reduction(reduction, name)
    x = _scores(input, name)
    labels = _labels(target, x, name, low=-1).reshape(-1, x.shape[-1])
    rows, classes = labels.shape
    listed = np.cumsum(labels < 0, axis=1) == 0  # the labels before the first -1
    chosen = np.where(listed, labels, 0)
    is_target = np.zeros(labels.shape, bool)
    is_target[np.nonzero(listed)[0], labels[listed]] = True
    scores = x.reshape(rows, classes)
    picked = take_along_dim(scores, chosen, 1)  # picked[n, j] = x[n, label j]
    excess = (1 - picked.reshape(rows, classes, 1) + scores.reshape(rows, 1, classes)).relu()
    pairs = (listed[:, :, None] & ~is_target[:, None, :]).astype(x.dtype)
    loss = (excess * pairs).sum((1, 2)) / classes
    return reduce_loss(loss.reshape(x.shape[:-1]), reduction, name)
