"""Losses that compare pairs or triplets, labelled +1 (alike, or the first ranks higher) or
-1: margin_ranking_loss (scores), hinge_embedding_loss (distances), cosine_embedding_loss
and triplet_margin_loss / triplet_margin_with_distance_loss (embedding vectors).

Each is written with differentiable Tensor operations (relu for each max(0, .)).
"""

import numpy as np

from autograd import minimum, where

from ._checks import (
    as_float_target,
    as_tensor,
    check_real,
    check_reduction,
    check_same_shape,
    check_signs,
    reduce_loss,
)
from .distance import pairwise_distance

__all__ = [
    "margin_ranking_loss",
    "hinge_embedding_loss",
    "cosine_embedding_loss",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
]


def _broadcast_shape(name, named):
    """The broadcast shape of the named Tensors, which must have one number of dimensions."""
    shapes = ", ".join(f"{key} {tuple(t.shape)}" for key, t in named.items())
    if len({t.ndim for t in named.values()}) > 1:
        raise ValueError(f"{name}: the inputs must have the same number of dimensions, got shapes {shapes}")
    try:
        return np.broadcast_shapes(*(t.shape for t in named.values()))
    except ValueError:
        raise ValueError(f"{name}: shapes {shapes} cannot be broadcast together") from None


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """max(0, -y (x1 - x2) + margin): x1 should rank above x2 by ``margin`` where y = +1,
    below where y = -1. The three broadcast together (same number of dimensions)."""
    check_reduction(reduction, "margin_ranking_loss")
    check_real("margin_ranking_loss", "margin", margin)
    x1 = as_tensor(input1, "margin_ranking_loss: input1")
    x2 = as_tensor(input2, "margin_ranking_loss: input2")
    y = as_float_target(target, x1, "margin_ranking_loss")
    _broadcast_shape("margin_ranking_loss", {"input1": x1, "input2": x2, "target": y})
    check_signs(y, "margin_ranking_loss")
    return reduce_loss((margin - y * (x1 - x2)).relu(), reduction, "margin_ranking_loss")


def hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    """x where y = +1, max(0, margin - x) where y = -1, for distances x = ``input``: similar
    pairs are pulled together, dissimilar ones pushed beyond ``margin``."""
    check_reduction(reduction, "hinge_embedding_loss")
    check_real("hinge_embedding_loss", "margin", margin)
    x = as_tensor(input)
    y = as_float_target(target, x, "hinge_embedding_loss")
    check_same_shape(x, y, "hinge_embedding_loss")
    check_signs(y, "hinge_embedding_loss")
    return reduce_loss(where(y._data == 1, x, (margin - x).relu()), reduction, "hinge_embedding_loss")


COSINE_EPS = 1e-12  # added to each squared norm, as in PyTorch


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    """1 - cos(x1, x2) where y = +1, max(0, cos(x1, x2) - margin) where y = -1, for vectors
    x1, x2 of shape (N, D) (or (D,)) and labels y of shape (N,) (or ());
    cos = x1 . x2 / sqrt((|x1|^2 + 1e-12) (|x2|^2 + 1e-12))."""
    name = "cosine_embedding_loss"
    check_reduction(reduction, name)
    check_real(name, "margin", margin)
    x1, x2 = as_tensor(input1, f"{name}: input1"), as_tensor(input2, f"{name}: input2")
    y = as_float_target(target, x1, name)
    if y.ndim > 1 or x1.ndim != y.ndim + 1 or x2.ndim != y.ndim + 1:
        raise ValueError(
            f"{name}: expected vectors input1, input2 of shape (N, D) with labels of shape (N,), "
            f"or of shape (D,) with a label of shape (); got input1 {tuple(x1.shape)}, "
            f"input2 {tuple(x2.shape)}, target {tuple(y.shape)}"
        )
    rows = _broadcast_shape(name, {"input1": x1, "input2": x2})[:-1]
    if rows != y.shape and 1 not in rows + y.shape:  # (N,) against (N,), or one of them (1,)
        raise ValueError(f"{name}: {rows[0]} pairs of vectors but {y.shape[0]} target labels")
    check_signs(y, name)
    dim = y.ndim
    squares = ((x1 * x1).sum(dim) + COSINE_EPS) * ((x2 * x2).sum(dim) + COSINE_EPS)
    cos = (x1 * x2).sum(dim) / squares.sqrt()
    return reduce_loss(where(y._data == 1, 1 - cos, (cos - margin).relu()), reduction, name)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction="mean"):
    """max(0, d(a, p) - d(a, n) + margin), d the ``pairwise_distance`` (p-norm, eps): the
    anchor should be nearer its positive than its negative by ``margin``. With ``swap``,
    d(a, n) is min(d(a, n), d(p, n)) (the harder negative distance)."""
    name = "triplet_margin_loss"
    check_reduction(reduction, name)
    check_real(name, "margin", margin)
    vectors = {"anchor": anchor, "positive": positive, "negative": negative}
    vectors = {key: as_tensor(t, f"{name}: {key}") for key, t in vectors.items()}
    _broadcast_shape(name, vectors)
    a, pos, neg = vectors.values()
    to_positive = pairwise_distance(a, pos, p, eps)
    to_negative = pairwise_distance(a, neg, p, eps)
    if swap:
        to_negative = minimum(to_negative, pairwise_distance(pos, neg, p, eps))
    with np.errstate(invalid="ignore"):  # both distances inf (p near 0 overflows): nan, as PyTorch
        hinge = (margin + to_positive - to_negative).relu()
    return reduce_loss(hinge, reduction, name)


def triplet_margin_with_distance_loss(
    anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False, reduction="mean"
):
    """max(0, d(a, p) - d(a, n) + margin) with any ``distance_function`` d(x1, x2) (None:
    ``pairwise_distance``); with ``swap``, d(a, n) is min(d(a, n), d(p, n))."""
    name = "triplet_margin_with_distance_loss"
    check_reduction(reduction, name)
    check_real(name, "margin", margin, low=0, low_open=True, requirement="greater than 0")
    a, pos, neg = (
        as_tensor(t, f"{name}: {key}")
        for key, t in zip(("anchor", "positive", "negative"), (anchor, positive, negative))
    )
    if not a.ndim == pos.ndim == neg.ndim:
        raise RuntimeError(
            f"{name}: the anchor, positive and negative tensors must have the same number of "
            f"dimensions, got anchor {a.ndim}D, positive {pos.ndim}D and negative {neg.ndim}D"
        )
    distance = pairwise_distance if distance_function is None else distance_function
    to_positive, to_negative = distance(a, pos), distance(a, neg)
    if swap:
        to_negative = minimum(to_negative, distance(pos, neg))
    return reduce_loss((margin + to_positive - to_negative).clamp(min=0), reduction, name)
