"""Similarities and distances between vectors: cosine_similarity, pairwise_distance, pdist, normalize.

Each is written with autograd's Tensor operations (norms, clamps, sums), so each is
differentiable twice without a derivative of its own. The vectors lie along ``dim``; the
other dimensions broadcast as in ``x1 * x2``.
"""

import numbers

import numpy as np

from autograd import broadcast_tensors, clamp, ops

from ._checks import as_tensor, check_real

__all__ = ["cosine_similarity", "pairwise_distance", "pdist", "normalize"]


def _floats(name, *xs):
    xs = [as_tensor(x, f"{name}: x{n + 1}") for n, x in enumerate(xs)]
    for n, x in enumerate(xs):
        if x.dtype.kind != "f":
            raise TypeError(f"{name}: x{n + 1} must be a floating-point Tensor, got dtype {x.dtype}")
    return xs


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """x1 . x2 / (max(|x1|, eps) max(|x2|, eps)) along ``dim`` (which is removed)."""
    check_real("cosine_similarity", "eps", eps, low=0)
    x1, x2 = _floats("cosine_similarity", x1, x2)
    try:
        x1, x2 = broadcast_tensors(x1, x2)
    except ValueError:
        raise ValueError(
            f"cosine_similarity: x1 of shape {tuple(x1.shape)} and x2 of shape {tuple(x2.shape)} "
            "cannot be broadcast together"
        ) from None
    n1 = clamp(ops.vector_norm(x1, 2, dim, keepdim=True), min=eps)
    n2 = clamp(ops.vector_norm(x2, 2, dim, keepdim=True), min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """|x1 - x2 + eps|_p over the last dimension (PyTorch adds eps to keep the norm's
    derivative finite where x1 = x2)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"pairwise_distance: p must be a number, got {p!r}")
    check_real("pairwise_distance", "eps", eps)
    x1, x2 = _floats("pairwise_distance", x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        raise ValueError("pairwise_distance: x1 and x2 need at least one dimension (the vectors)")
    return ops.vector_norm(x1 - x2 + eps, p, -1, keepdim)


def pdist(input, p=2):
    """|x_i - x_j|_p for every pair of rows i < j of an (N, M) input, in the order (0, 1), (0, 2),
    ..., (1, 2), ...: N (N - 1) / 2 distances (the upper triangle of cdist(x, x), no eps)."""
    (x,) = _floats("pdist", input)
    if x.ndim != 2:
        raise RuntimeError(f"pdist: only supports 2-D inputs (N, M), got {x.ndim}-D")
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"pdist: p must be a number, got {p!r}")
    if p < 0:
        raise RuntimeError(f"pdist: only supports non-negative p values, got {p}")
    first, second = np.triu_indices(x.shape[0], 1)
    differences = x[first] - x[second]
    if not first.size:  # fewer than two rows: no pairs (vector_norm's max refuses empty inputs)
        return differences.sum(-1)
    if p == 0:  # the count of nonzero differences, with PyTorch's gradient: zeros (sign' = 0)
        return differences.abs().sign().sum(-1)
    return ops.vector_norm(differences, p, -1)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    """input / max(|input|_p, eps) along ``dim``: unit vectors (zero vectors stay zero)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"normalize: p must be a number, got {p!r}")
    check_real("normalize", "eps", eps, low=0)
    (x,) = _floats("normalize", input)
    return x / clamp(ops.vector_norm(x, p, dim, keepdim=True), min=eps)
