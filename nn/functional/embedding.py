"""Embedding lookup: ``F.embedding(indices, weight)`` is the rows of ``weight`` at the indices.

    y[..., :] = W[i[...], :]        W: (num_embeddings, embedding_dim), i: integers of any shape

Its derivative sends each row of dy back to the row of W it was read from;
rows read several times add up, and rows never read get zero:

    dW[r] = sum of dy[k] over the positions k with i[k] == r       (dW[padding_idx] = 0)

That scatter-add is the second op here, ``EmbeddingGrad``, and each op is the
other's derivative (so second derivatives work). Its forward sums with one
``np.bincount`` over (row, column) pairs: faster than ``np.add.at`` at every
size measured, from makemore's 27x10 table to a 50k-row vocabulary.
"""

import numpy as np

from autograd import Function, Tensor

__all__ = ["embedding"]


def _scatter_rows(x, indices, num_rows, padding_idx):
    """zeros (num_rows, D) with row k of ``x`` (shape indices.shape + (D,)) added into row indices[k]."""
    width = x.shape[-1]
    flat = indices.reshape(-1)
    cells = (flat[:, None] * width + np.arange(width)).reshape(-1)  # (row, column) -> row * D + column
    out = np.bincount(cells, weights=x.reshape(-1), minlength=num_rows * width)
    out = out.reshape(num_rows, width).astype(x.dtype, copy=False)
    if padding_idx is not None:
        out[padding_idx] = 0
    return out


def scatter_rows(x, indices, num_rows, padding_idx=None):
    """``EmbeddingGrad`` on an array or a Tensor (Embedding's backward, also under create_graph)."""
    if isinstance(x, Tensor):
        return EmbeddingGrad.apply(x, indices=indices, num_rows=num_rows, padding_idx=padding_idx)
    return _scatter_rows(np.asarray(x), indices, num_rows, padding_idx)


def take_rows(weight, indices):
    """``Embedding`` on an array or a Tensor: the rows of ``weight`` at ``indices``."""
    if isinstance(weight, Tensor):
        return Embedding.apply(weight, indices=indices, padding_idx=None)
    return np.take(weight, indices, axis=0)


class Embedding(Function):
    """y = W[i];  dW = zeros with row k of dy added into row i[k] (none into padding_idx)"""

    @staticmethod
    def forward(ctx, weight, indices, padding_idx):
        ctx.indices, ctx.num_rows, ctx.padding_idx = indices, weight.shape[0], padding_idx
        return np.take(weight, indices, axis=0)

    @staticmethod
    def backward(ctx, grad):
        return scatter_rows(grad, ctx.indices, ctx.num_rows, ctx.padding_idx)


class EmbeddingGrad(Function):
    """y = zeros (num_rows, D) with row k of x added into row i[k], except into padding_idx;
    dx = dy[i] (zero where i == padding_idx)"""

    @staticmethod
    def forward(ctx, x, indices, num_rows, padding_idx):
        ctx.indices = indices
        ctx.keep = None if padding_idx is None else (indices != padding_idx)[..., None].astype(x.dtype)
        return _scatter_rows(x, indices, num_rows, padding_idx)

    @staticmethod
    def backward(ctx, grad):
        rows = take_rows(grad, ctx.indices)
        return rows if ctx.keep is None else rows * ctx.keep


def _index_array(input, num_embeddings):
    """The indices as an integer numpy array, each checked to lie in [0, num_embeddings)."""
    if isinstance(input, Tensor):
        indices = input._data
    else:
        try:
            indices = np.asarray(input)
        except ValueError as error:
            raise ValueError(
                f"embedding: indices must be integers in a rectangular (nested) list, "
                f"an array or a Tensor ({error})"
            ) from None
        if indices.size == 0 and indices.dtype.kind == "f":  # np.asarray([]) is float64
            indices = indices.astype(np.int64)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"embedding: indices must be integers (int64 or int32), got dtype {indices.dtype}")
    if indices.size:
        low, high = indices.min(), indices.max()
        if low < 0 or high >= num_embeddings:
            bad = low if low < 0 else high
            raise IndexError(
                f"embedding: index {bad} is out of range for num_embeddings={num_embeddings} "
                f"(valid indices are 0 .. {num_embeddings - 1})"
            )
    return indices


def check_padding_idx(padding_idx, num_embeddings, owner):
    """``padding_idx`` as a row number in [0, num_embeddings) (a negative one counts from the end), or None."""
    if padding_idx is None:
        return None
    if isinstance(padding_idx, bool) or not isinstance(padding_idx, (int, np.integer)):
        raise TypeError(f"{owner}: padding_idx must be None or an int, got {padding_idx!r}")
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise ValueError(
            f"{owner}: padding_idx must be within [-{num_embeddings}, {num_embeddings}) "
            f"for num_embeddings={num_embeddings}, got {padding_idx}"
        )
    return int(padding_idx) % num_embeddings


def check_unsupported(owner, max_norm, scale_grad_by_freq, sparse):
    """Refuse PyTorch's options that chainrule does not implement, rather than ignore them."""
    if max_norm is not None:
        raise NotImplementedError(
            f"{owner}: max_norm is not supported (it renormalises rows of the "
            f"weight in place during forward); got max_norm={max_norm!r}"
        )
    if scale_grad_by_freq:
        raise NotImplementedError(f"{owner}: scale_grad_by_freq=True is not supported")
    if sparse:
        raise NotImplementedError(f"{owner}: sparse=True is not supported (gradients are dense arrays)")


def embedding(
    input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False
):
    """The rows of ``weight`` (num_embeddings, embedding_dim) at the integer ``input`` indices (a
    Tensor, array or nested list of any shape S): a Tensor of shape S + (embedding_dim,).

    The gradient of ``weight`` adds up the output gradients of every position that read a row;
    the row ``padding_idx`` gets none (its values are still read). ``max_norm``,
    ``scale_grad_by_freq`` and ``sparse`` are not supported.
    """
    check_unsupported("embedding", max_norm, scale_grad_by_freq, sparse)
    if not isinstance(weight, Tensor):
        weight = Tensor(weight)
    if weight.ndim != 2:
        raise ValueError(
            f"embedding: weight must be 2-D (num_embeddings, embedding_dim), got shape {tuple(weight.shape)}"
        )
    indices = _index_array(input, weight.shape[0])
    padding_idx = check_padding_idx(padding_idx, weight.shape[0], "embedding")
    return Embedding.apply(weight, indices=indices, padding_idx=padding_idx)
