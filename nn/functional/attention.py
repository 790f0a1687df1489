"""Scaled dot-product attention, softmax(Q K^T / sqrt(d) + mask) V, as PyTorch's
``F.scaled_dot_product_attention`` computes it (its reference formulation), from autograd's
differentiable Tensor operations."""

import math

import autograd

from ._checks import as_tensor
from .dropouts import dropout

__all__ = ["scaled_dot_product_attention"]


def scaled_dot_product_attention(
    query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False
):
    """Attention of ``query`` (..., L, E) over ``key`` (..., S, E) and ``value`` (..., S, Ev).

    ``is_causal`` lets position i attend to positions <= i only; ``attn_mask`` is a boolean
    mask (True = may attend) or a float mask added to the scores; ``scale`` replaces
    1/sqrt(E); ``dropout_p`` drops attention weights (always: PyTorch's function does not
    know whether the model is training, so callers pass ``p if self.training else 0``).
    """
    query, key, value = as_tensor(query, "query"), as_tensor(key, "key"), as_tensor(value, "value")
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise ValueError(
            "scaled_dot_product_attention: query, key and value need at least 2 dims (..., L, E); "
            f"got shapes {tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise ValueError(
            "scaled_dot_product_attention: query (..., L, E), key (..., S, E) and value (..., S, Ev) "
            f"do not fit: shapes {tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    if is_causal and attn_mask is not None:
        raise ValueError("scaled_dot_product_attention: give attn_mask or is_causal=True, not both")
    if enable_gqa:
        raise NotImplementedError("scaled_dot_product_attention: enable_gqa is not supported")
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = query @ key.transpose(-2, -1) * scale
    if is_causal:
        allowed = autograd.ones(query.shape[-2], key.shape[-2], dtype=autograd.bool).tril()
        scores = scores.masked_fill(~allowed, float("-inf"))
    elif attn_mask is not None:
        attn_mask = as_tensor(attn_mask, "attn_mask")
        if attn_mask.dtype == autograd.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = scores.softmax(dim=-1)
    if dropout_p:
        weights = dropout(weights, dropout_p)
    return weights @ value
