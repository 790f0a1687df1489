"""Bags of embeddings: ``F.embedding_bag`` reduces the rows of a table read by each bag of indices.

    y[b] = reduce over the positions k of bag b of  w_k W[i_k]     reduce: sum, mean or max

Bags are the rows of a 2-D input (B, L), or the runs ``input[offsets[b]:offsets[b + 1]]`` of a
1-D input, the last one to the end (with ``include_last_offset``, ``offsets`` has one more entry,
the input's length: PyTorch's float and double kernels disagree for any other last entry, so
that is an error). Positions whose index is ``padding_idx`` take no part (nor in a mean's
count); an empty bag is zeros. Sums are ``embedding``'s two ops again: the rows read (``Embedding``), scattered into
their bags (``EmbeddingGrad``, whose derivative is the read), so twice differentiable; the max
picks, per bag and column, the first row holding the maximum, through Tensor indexing.
"""

import numpy as np

from autograd import Tensor, ops

from ._checks import as_tensor
from .embedding import Embedding, _index_array, check_padding_idx, check_unsupported, scatter_rows

__all__ = ["embedding_bag"]

MODES = ("sum", "mean", "max")


def _bags(input, offsets, include_last_offset, num_embeddings):
    """The flat indices, each position's bag and the number of bags."""
    data = input._data if isinstance(input, Tensor) else np.asarray(input)
    if data.ndim == 2:
        if offsets is not None:
            raise ValueError(
                "embedding_bag: if input is 2-D (a batch of bags of equal length), offsets must be "
                f"None, got offsets of type {type(offsets).__name__}"
            )
        indices = _index_array(data, num_embeddings).reshape(-1)
        return indices, np.repeat(np.arange(data.shape[0]), data.shape[1]), data.shape[0]
    if data.ndim != 1:
        raise ValueError(f"embedding_bag: input must be a 1-D or 2-D Tensor, got {data.ndim} dimensions")
    if offsets is None:
        raise ValueError("embedding_bag: offsets must be a 1-D Tensor for a 1-D input, got None")
    starts = offsets._data if isinstance(offsets, Tensor) else np.asarray(offsets)
    if starts.ndim != 1 or starts.dtype.kind not in "iu":
        raise ValueError(
            f"embedding_bag: offsets must be a 1-D Tensor of integers, got shape {starts.shape} "
            f"and dtype {starts.dtype}"
        )
    indices = _index_array(data, num_embeddings)
    if starts.size:
        if starts[0] != 0:
            raise RuntimeError(
                f"embedding_bag: offsets[0] must be 0 (the first bag starts at position 0), got {starts[0]}"
            )
        if starts[-1] > indices.size:
            raise RuntimeError(
                f"embedding_bag: offsets[-1] can not be greater than input's length {indices.size}, "
                f"got {starts[-1]}"
            )
        if (np.diff(starts) < 0).any():
            raise ValueError(f"embedding_bag: offsets must be non-decreasing, got {starts.tolist()}")
        if include_last_offset and starts[-1] != indices.size:  # PyTorch's kernels disagree then
            raise ValueError(
                f"embedding_bag: with include_last_offset=True, offsets[-1] must be the input's "
                f"length {indices.size}, got {starts[-1]}"
            )
    count = max(starts.size - 1, 0) if include_last_offset else starts.size
    return indices, np.searchsorted(starts, np.arange(indices.size), side="right") - 1, count


def embedding_bag(
    input,
    weight,
    offsets=None,
    max_norm=None,
    norm_type=2,
    scale_grad_by_freq=False,
    mode="mean",
    sparse=False,
    per_sample_weights=None,
    include_last_offset=False,
    padding_idx=None,
):
    """The sum, mean or max of the rows of ``weight`` (num_embeddings, D) read by each bag of
    integer indices: (B, D). ``per_sample_weights`` (input's shape, mode "sum" only) scale
    each row before the sum. ``max_norm``, ``scale_grad_by_freq`` and ``sparse`` are not supported."""
    check_unsupported("embedding_bag", max_norm, scale_grad_by_freq, sparse)
    if mode not in MODES:
        raise ValueError(f"embedding_bag: mode must be one of 'sum', 'mean' or 'max', got {mode!r}")
    weight = as_tensor(weight, "weight")
    if weight.ndim != 2:
        raise ValueError(
            f"embedding_bag: weight must be 2-D (num_embeddings, embedding_dim), got shape {tuple(weight.shape)}"
        )
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            f"embedding_bag: per_sample_weights is only supported for mode='sum', got mode={mode!r}"
        )
    indices, bag, count = _bags(input, offsets, include_last_offset, weight.shape[0])
    padding_idx = check_padding_idx(padding_idx, weight.shape[0], "embedding_bag")
    kept = (bag >= 0) & (bag < count) & (indices != (-1 if padding_idx is None else padding_idx))
    indices, bag = indices[kept], bag[kept]
    if mode == "max":
        return _bag_max(weight, indices, bag, count)
    rows = Embedding.apply(weight, indices=indices, padding_idx=None)
    if per_sample_weights is not None:
        scales = as_tensor(per_sample_weights, "per_sample_weights")
        if scales.shape != np.shape(input._data if isinstance(input, Tensor) else input):
            raise ValueError(
                f"embedding_bag: per_sample_weights of shape {tuple(scales.shape)} must have the "
                f"shape of the input, {np.shape(input)}"
            )
        rows = rows * scales.reshape(-1)[kept].reshape(-1, 1)
    out = scatter_rows(rows, bag, count)
    if mode == "mean":
        out = out / np.maximum(np.bincount(bag, minlength=count), 1).astype(weight.dtype).reshape(-1, 1)
    return out


def _bag_max(weight, indices, bag, count):
    """y[b, d] = W[i_k, d] for the first position k of bag b with the largest W[i_k, d]; 0 if b is empty."""
    width = weight.shape[1]
    cells = np.zeros((count, width), dtype=np.int64)
    filled = np.zeros((count, 1), dtype=bool)
    if indices.size:
        values = weight._data[indices]  # (M, D), bags in order
        starts = np.flatnonzero(np.r_[True, bag[1:] != bag[:-1]])  # each non-empty bag's first position
        best = np.maximum.reduceat(values, starts, axis=0)  # (non-empty bags, D)
        run = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, bag.size]))
        position = np.where(values == best[run], np.arange(bag.size)[:, None], bag.size)
        first = np.minimum.reduceat(position, starts, axis=0)  # each bag's first maximum
        cells[bag[starts]] = indices[first] * width + np.arange(width)
        filled[bag[starts]] = True
    if weight.numel() == 0:
        return weight.reshape(0, width).sum(axis=0, keepdims=True).expand(count, width)
    return ops.where(Tensor(filled), weight.reshape(-1)[cells], 0.0)
