"""nn.Embedding: a table of learned vectors, one row per token (``F.embedding`` in a Module);
nn.EmbeddingBag: the sum, mean or max of the rows of each bag of tokens (``F.embedding_bag``)."""

import numpy as np

from autograd import get_default_dtype, no_grad
from autograd.dtypes import check_device

from . import init
from .functional.embedding import check_padding_idx, check_unsupported, embedding
from .functional.embedding_bag import MODES, embedding_bag
from .module import Module, Parameter

__all__ = ["Embedding", "EmbeddingBag"]


def _check_size(value, name, owner="Embedding"):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{owner}: {name} must be a non-negative integer, got {value!r}")
    return int(value)


class Embedding(Module):
    """``Embedding(num_embeddings, embedding_dim, padding_idx=None)``: ``weight`` of shape
    (num_embeddings, embedding_dim); ``emb(i)`` is ``weight[i]`` for integer indices i of any
    shape, a Tensor of shape i.shape + (embedding_dim,).

    Init as PyTorch: every entry from N(0, 1) (``nn.init.normal_``), the row ``padding_idx``
    set to zero; that row gets no gradient, so training leaves it as it is. ``_weight`` (an
    array or Tensor of the table's shape) gives the initial table instead (kept as it is,
    padding row included; ``_freeze=True``: no gradient). ``max_norm``,
    ``scale_grad_by_freq`` and ``sparse`` are not supported (a clear error if used).
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
        _weight=None,
        _freeze=False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_unsupported("Embedding", max_norm, scale_grad_by_freq, sparse)
        check_device(device)
        self.num_embeddings = _check_size(num_embeddings, "num_embeddings")
        self.embedding_dim = _check_size(embedding_dim, "embedding_dim")
        self.padding_idx = check_padding_idx(padding_idx, self.num_embeddings, "Embedding")
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is None:
            self.weight = Parameter(
                np.empty(shape, dtype=get_default_dtype() if dtype is None else dtype),
                requires_grad=not _freeze,
            )
            self.reset_parameters()
        else:
            self.weight = Parameter(_weight, requires_grad=not _freeze, dtype=dtype)
            if self.weight.shape != shape:
                raise ValueError(
                    f"Embedding: _weight must have shape {shape} (num_embeddings, "
                    f"embedding_dim), got {tuple(self.weight.shape)}"
                )

    @classmethod
    def from_pretrained(
        cls,
        embeddings,
        freeze=True,
        padding_idx=None,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        sparse=False,
    ):
        """An Embedding whose table is ``embeddings`` (2-D), frozen (no gradient) unless ``freeze=False``."""
        shape = np.shape(embeddings)
        if len(shape) != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D, got shape {shape}")
        return cls(
            shape[0],
            shape[1],
            padding_idx,
            max_norm,
            norm_type,
            scale_grad_by_freq,
            sparse,
            _weight=embeddings,
            _freeze=freeze,
        )

    def reset_parameters(self):
        """PyTorch's init: N(0, 1), the padding row zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    def forward(self, input):
        return embedding(input, self.weight, self.padding_idx)

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        return text + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")


class EmbeddingBag(Module):
    """``EmbeddingBag(num_embeddings, embedding_dim, mode="mean")``: a ``weight`` table (num_embeddings,
    embedding_dim) as Embedding's, and ``bag(input, offsets=None, per_sample_weights=None)`` the
    sum, mean or max of the rows each bag reads (see ``nn.functional.embedding_bag``): (B, embedding_dim).

    Init as Embedding: N(0, 1), the row ``padding_idx`` zero. ``max_norm``,
    ``scale_grad_by_freq`` and ``sparse`` are not supported (a clear error if used).
    """

    def __init__(
        self,
        num_embeddings,
        embedding_dim,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        mode="mean",
        sparse=False,
        _weight=None,
        include_last_offset=False,
        padding_idx=None,
        device=None,
        dtype=None,
    ):
        super().__init__()
        check_unsupported("EmbeddingBag", max_norm, scale_grad_by_freq, sparse)
        check_device(device)
        if mode not in MODES:
            raise ValueError(f"EmbeddingBag: mode must be one of 'sum', 'mean' or 'max', got {mode!r}")
        self.num_embeddings = _check_size(num_embeddings, "num_embeddings", "EmbeddingBag")
        self.embedding_dim = _check_size(embedding_dim, "embedding_dim", "EmbeddingBag")
        self.padding_idx = check_padding_idx(padding_idx, self.num_embeddings, "EmbeddingBag")
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        self.mode, self.include_last_offset = mode, include_last_offset
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is None:
            self.weight = Parameter(np.empty(shape, dtype=get_default_dtype() if dtype is None else dtype))
            self.reset_parameters()
        else:
            self.weight = Parameter(_weight, dtype=dtype)
            if self.weight.shape != shape:
                raise ValueError(
                    f"EmbeddingBag: _weight must have shape {shape} (num_embeddings, "
                    f"embedding_dim), got {tuple(self.weight.shape)}"
                )

    @classmethod
    def from_pretrained(
        cls,
        embeddings,
        freeze=True,
        max_norm=None,
        norm_type=2.0,
        scale_grad_by_freq=False,
        mode="mean",
        sparse=False,
        include_last_offset=False,
        padding_idx=None,
    ):
        """An EmbeddingBag whose table is ``embeddings`` (2-D), frozen unless ``freeze=False``."""
        shape = np.shape(embeddings)
        if len(shape) != 2:
            raise ValueError(f"EmbeddingBag.from_pretrained: embeddings must be 2-D, got shape {shape}")
        bag = cls(
            shape[0],
            shape[1],
            max_norm,
            norm_type,
            scale_grad_by_freq,
            mode,
            sparse,
            embeddings,
            include_last_offset,
            padding_idx,
        )
        bag.weight.requires_grad_(not freeze)
        return bag

    reset_parameters = Embedding.reset_parameters

    def forward(self, input, offsets=None, per_sample_weights=None):
        return embedding_bag(
            input,
            self.weight,
            offsets,
            mode=self.mode,
            per_sample_weights=per_sample_weights,
            include_last_offset=self.include_last_offset,
            padding_idx=self.padding_idx,
        )

    def extra_repr(self):
        text = f"{self.num_embeddings}, {self.embedding_dim}, mode={self.mode!r}"
        return text + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")
