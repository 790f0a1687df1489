"""Attention, as PyTorch's functions compute it (their reference formulation), from autograd's
differentiable Tensor operations:

    scaled_dot_product_attention   softmax(Q K^T / sqrt(d) + mask) V
    multi_head_attention_forward   the same per head, after projecting the inputs, then a
                                   projection of the heads put side by side (nn.MultiheadAttention)
"""

import math

import autograd

from ._checks import as_tensor
from .affine import linear
from .dropouts import dropout
from .resampling import pad

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


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
    return _attend(scores, value, dropout_p)[0]


def _attend(scores, value, dropout_p):
    """(weights @ value, weights) with weights = softmax(scores) over the last axis, dropped out."""
    weights = scores.softmax(dim=-1)
    if dropout_p:
        weights = dropout(weights, dropout_p)
    return weights @ value, weights


def multi_head_attention_forward(
    query,
    key,
    value,
    embed_dim_to_check,
    num_heads,
    in_proj_weight,
    in_proj_bias,
    bias_k,
    bias_v,
    add_zero_attn,
    dropout_p,
    out_proj_weight,
    out_proj_bias,
    training=True,
    key_padding_mask=None,
    need_weights=True,
    attn_mask=None,
    use_separate_proj_weight=False,
    q_proj_weight=None,
    k_proj_weight=None,
    v_proj_weight=None,
    static_k=None,
    static_v=None,
    average_attn_weights=True,
    is_causal=False,
):
    """Multi-head attention of ``query`` (L, N, E) over ``key`` (S, N, Ek) and ``value`` (S, N, Ev)
    (unbatched: (L, E), (S, Ek), (S, Ev)); returns (output (L, N, E), weights or None).

    With H = ``num_heads`` heads of d = E / H features each::

        q, k, v = query W_q^T + b_q, key W_k^T + b_k, value W_v^T + b_v     (W_q; W_k; W_v = in_proj_weight)
        head_h  = softmax(q_h k_h^T / sqrt(d) + mask) v_h                   (the h-th d features)
        output  = [head_1 ... head_H] W_o^T + b_o                           (out_proj_weight, out_proj_bias)

    ``attn_mask`` (L, S) or (N*H, L, S) and ``key_padding_mask`` (N, S) -- unlike
    scaled_dot_product_attention's, True means *may not* attend; float masks are added -- are
    added together into the scores. ``bias_k``/``bias_v`` (1, 1, E) add one key and value to
    the S, ``add_zero_attn`` one zero key and value per head; ``static_k``/``static_v``
    (N*H, S, d) replace the projected keys/values. Dropout (``dropout_p`` when ``training``)
    drops attention weights. The weights, (N, H, L, S), come back averaged over the heads
    (``average_attn_weights``) when ``need_weights``. ``is_causal`` is a hint that ``attn_mask``
    is the causal mask (which must then be given); as in PyTorch, without ``need_weights`` and
    ``key_padding_mask`` the causal mask is used in its place.
    """
    owner = "multi_head_attention_forward"
    query, key, value = as_tensor(query, "query"), as_tensor(key, "key"), as_tensor(value, "value")
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", query.dtype)
    attn_mask = _canonical_mask(attn_mask, "attn_mask", query.dtype)
    batched = _check_mha_shapes(query, key, value, key_padding_mask, attn_mask, owner)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    head_dim = embed_dim // num_heads
    if is_causal and attn_mask is None:
        raise ValueError(
            f"{owner}: is_causal=True is a hint that attn_mask is the causal mask, and needs that mask "
            "(nn.Transformer.generate_square_subsequent_mask makes it)"
        )
    if is_causal and key_padding_mask is None and not need_weights:
        causal = autograd.ones(tgt_len, src_len, dtype=autograd.bool).triu(1)  # True above the diagonal
        attn_mask = _canonical_mask(causal, "attn_mask", query.dtype)
    _check_mha_sizes(query, key, value, key_padding_mask, attn_mask, embed_dim_to_check, num_heads, owner,
                     use_separate_proj_weight, in_proj_weight)  # fmt: skip
    if attn_mask is not None:
        attn_mask = attn_mask.reshape(-1, tgt_len, src_len)  # (1 or N*H, L, S)

    if use_separate_proj_weight:
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
    else:
        weights = in_proj_weight.chunk(3)
    biases = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
    q, k, v = (linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))

    if bias_k is not None and bias_v is not None:
        k = autograd.cat([k, bias_k.repeat(1, bsz, 1)])
        v = autograd.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask, key_padding_mask = _one_more_key(attn_mask), _one_more_key(key_padding_mask)
    elif bias_k is not None or bias_v is not None:
        raise ValueError(f"{owner}: give both bias_k and bias_v, or neither")

    rows = bsz * num_heads
    q = _split_heads(q, rows, head_dim)  # (N*H, L, d)
    k = _split_heads(k, rows, head_dim) if static_k is None else _static(static_k, "static_k", q, owner)
    v = _split_heads(v, rows, head_dim) if static_v is None else _static(static_v, "static_v", q, owner)
    if add_zero_attn:
        zeros = autograd.zeros(rows, 1, head_dim, dtype=k.dtype)
        k, v = autograd.cat([k, zeros], dim=1), autograd.cat([v, zeros], dim=1)
        attn_mask, key_padding_mask = _one_more_key(attn_mask), _one_more_key(key_padding_mask)
    src_len = k.shape[1]

    if key_padding_mask is not None:  # (N, S) -> (N*H, 1, S): each sample's mask for each of its heads
        key_padding_mask = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1)
        key_padding_mask = key_padding_mask.reshape(rows, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    scores = (q * math.sqrt(1.0 / head_dim)) @ k.transpose(-2, -1)
    if attn_mask is not None:
        scores = attn_mask + scores
    heads_out, weights = _attend(scores, v, dropout_p if training else 0.0)
    output = heads_out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
    output = linear(output, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, -1)
    if not batched:
        output = output.squeeze(1)
    if not need_weights:
        return output, None
    weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(dim=1)
    return output, (weights if batched else weights.squeeze(0))


def _canonical_mask(mask, name, dtype):
    """A mask as a float Tensor to add to the scores: a boolean one as -inf where True (may not
    attend) and 0 elsewhere, a float one as it is; None stays None."""
    if mask is None:
        return None
    mask = as_tensor(mask, name)
    if mask.dtype == autograd.bool:
        return autograd.zeros(mask.shape, dtype=dtype).masked_fill(mask, float("-inf"))
    if mask.dtype.kind != "f":
        raise TypeError(f"{name} must be a bool or floating-point mask, got dtype {mask.dtype}")
    return mask


def _one_more_key(mask):
    """A mask with a column of zeros (may attend) for one more key at the end; None stays None."""
    return None if mask is None else pad(mask, (0, 1))


def _split_heads(x, rows, head_dim):
    """(S, N, E) -> (N*H, S, d): row n*H + h holds head h of sample n."""
    return x.reshape(x.shape[0], rows, head_dim).transpose(0, 1)


def _static(x, name, q, owner):
    """static_k or static_v, checked to be (N*H, S, d) like the queries' (N*H, L, d)."""
    x = as_tensor(x, name)
    if x.ndim != 3 or x.shape[0] != q.shape[0] or x.shape[2] != q.shape[2]:
        raise ValueError(
            f"{owner}: {name} must have shape ({q.shape[0]}, S, {q.shape[2]}), got {tuple(x.shape)}"
        )
    return x


def _check_mha_shapes(query, key, value, key_padding_mask, attn_mask, owner):
    """Whether the inputs are batched (3-d) or not (2-d); a clear error for any other layout."""
    if query.ndim not in (2, 3):
        raise ValueError(
            f"{owner}: query must be (L, N, E) or unbatched (L, E), got shape {tuple(query.shape)}"
        )
    kind = "batched" if query.ndim == 3 else "unbatched"
    if key.ndim != query.ndim or value.ndim != query.ndim:
        raise ValueError(
            f"{owner}: for a {kind} query of shape {tuple(query.shape)}, key and value must be "
            f"{query.ndim}-d too; got shapes {tuple(key.shape)} and {tuple(value.shape)}"
        )
    if key_padding_mask is not None and key_padding_mask.ndim != query.ndim - 1:
        raise ValueError(
            f"{owner}: for a {kind} query, key_padding_mask must be {query.ndim - 1}-d, "
            f"got shape {tuple(key_padding_mask.shape)}"
        )
    if attn_mask is not None and attn_mask.ndim not in (2, 3):
        raise ValueError(
            f"{owner}: attn_mask must be (L, S) or (N*num_heads, L, S), got shape {tuple(attn_mask.shape)}"
        )
    return query.ndim == 3


def _check_mha_sizes(query, key, value, key_padding_mask, attn_mask, embed_dim, num_heads, owner,
                     separate, in_proj_weight):  # fmt: skip
    """A clear error unless query (L, N, E), key, value and the masks fit together."""
    (tgt_len, bsz, width), src_len = query.shape, key.shape[0]
    if width != embed_dim:
        raise ValueError(
            f"{owner}: expected embedding dimension {embed_dim}, got query of shape {tuple(query.shape)}"
        )
    if embed_dim % num_heads:
        raise ValueError(f"{owner}: embed_dim {embed_dim} is not divisible by num_heads {num_heads}")
    if not separate and in_proj_weight is None:
        raise ValueError(f"{owner}: in_proj_weight is None (give it, or use_separate_proj_weight=True)")
    if attn_mask is not None:
        want = [(tgt_len, src_len), (bsz * num_heads, tgt_len, src_len)][attn_mask.ndim - 2]
        if tuple(attn_mask.shape) != want:
            raise ValueError(
                f"{owner}: the {attn_mask.ndim}-d attn_mask must have shape {want} for query {tuple(query.shape)}, "
                f"key {tuple(key.shape)} and {num_heads} heads; got shape {tuple(attn_mask.shape)}"
            )
    if key_padding_mask is not None and tuple(key_padding_mask.shape) != (bsz, src_len):
        raise ValueError(
            f"{owner}: key_padding_mask must have shape {(bsz, src_len)} (N, S) for key of shape "
            f"{tuple(key.shape)}, got shape {tuple(key_padding_mask.shape)}"
        )
    fits = key.shape[:2] == value.shape[:2] if separate else key.shape == value.shape
    if not fits or key.shape[1] != bsz:
        raise ValueError(
            f"{owner}: query (L, N, E), key (S, N, Ek) and value (S, N, Ev) do not fit: shapes "
            f"{tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
