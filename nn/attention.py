"""nn.MultiheadAttention: attention with several heads, as PyTorch's (its parameters, their
names and initialisation, its forward's arguments); the computation is
``nn.functional.multi_head_attention_forward``.

Parameters, created and initialised in PyTorch's order (so a seeded layer starts from PyTorch's
numbers): ``in_proj_weight`` (3E, E) -- or ``q_proj_weight`` (E, E), ``k_proj_weight`` (E, kdim),
``v_proj_weight`` (E, vdim) when kdim or vdim differ from E -- and ``in_proj_bias`` (3E,);
``out_proj``, a Linear(E, E) keeping its own default init but for its bias; ``bias_k`` and
``bias_v`` (1, 1, E) with ``add_bias_kv``. Then in_proj (or q/k/v) weights ~ xavier_uniform_,
biases 0, bias_k and bias_v ~ xavier_normal_.
"""

import numpy as np

from . import functional as F
from . import init as initializers
from .functional._checks import as_tensor, check_real
from .layers import Linear, _check_size, _factory_dtype
from .module import Module, Parameter

__all__ = ["MultiheadAttention", "NonDynamicallyQuantizableLinear"]


class NonDynamicallyQuantizableLinear(Linear):
    """A Linear by another name: PyTorch's type of ``MultiheadAttention.out_proj`` (its name
    keeps PyTorch's quantisation tools away; here it only shows in the repr)."""


class MultiheadAttention(Module):
    """``attn_output, attn_weights = mha(query, key, value)``: ``num_heads`` heads of attention
    of the queries over the keys and values (see ``F.multi_head_attention_forward`` for the math).

    Inputs (L, N, E), (S, N, kdim), (S, N, vdim) -- (N, L, E)... with ``batch_first`` -- or
    unbatched (L, E), (S, kdim), (S, vdim). ``dropout`` drops attention weights in training.
    """

    def __init__(
        self,
        embed_dim,
        num_heads,
        dropout=0.0,
        bias=True,
        add_bias_kv=False,
        add_zero_attn=False,
        kdim=None,
        vdim=None,
        batch_first=False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        owner = "MultiheadAttention"
        self.embed_dim = _check_size(embed_dim, "embed_dim", owner)
        self.num_heads = _check_size(num_heads, "num_heads", owner)
        if self.embed_dim % self.num_heads:
            raise ValueError(
                f"{owner}: embed_dim must be divisible by num_heads, got embed_dim={embed_dim} and "
                f"num_heads={num_heads}"
            )
        self.kdim = self.embed_dim if kdim is None else _check_size(kdim, "kdim", owner)
        self.vdim = self.embed_dim if vdim is None else _check_size(vdim, "vdim", owner)
        self._qkv_same_embed_dim = self.kdim == self.embed_dim and self.vdim == self.embed_dim
        self.dropout = check_real(owner, "dropout", dropout, 0, 1, high_open=True)
        self.batch_first = bool(batch_first)
        self.head_dim = self.embed_dim // self.num_heads
        dtype = _factory_dtype(device, dtype)
        e = self.embed_dim
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(np.empty((3 * e, e), dtype))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(np.empty((e, e), dtype))
            self.k_proj_weight = Parameter(np.empty((e, self.kdim), dtype))
            self.v_proj_weight = Parameter(np.empty((e, self.vdim), dtype))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(np.empty(3 * e, dtype))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(e, e, bias=bias, dtype=dtype)
        if add_bias_kv:
            self.bias_k = Parameter(np.empty((1, 1, e), dtype))
            self.bias_v = Parameter(np.empty((1, 1, e), dtype))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = bool(add_zero_attn)
        self._reset_parameters()

    def _reset_parameters(self):
        """PyTorch's init (the module docstring); out_proj.weight keeps Linear's."""
        for weight in (
            ("in_proj_weight",)
            if self._qkv_same_embed_dim
            else ("q_proj_weight", "k_proj_weight", "v_proj_weight")
        ):
            initializers.xavier_uniform_(getattr(self, weight))
        if self.in_proj_bias is not None:
            initializers.constant_(self.in_proj_bias, 0.0)
            initializers.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            initializers.xavier_normal_(self.bias_k)
            initializers.xavier_normal_(self.bias_v)

    def forward(
        self,
        query,
        key,
        value,
        key_padding_mask=None,
        need_weights=True,
        attn_mask=None,
        average_attn_weights=True,
        is_causal=False,
    ):
        """(attn_output, attn_weights): the output like ``query``; the weights (N, L, S) averaged
        over the heads, (N, num_heads, L, S) with ``average_attn_weights=False``, None without
        ``need_weights`` (unbatched: without N). ``key_padding_mask`` (N, S) and ``attn_mask``
        (L, S) or (N*num_heads, L, S): True (or -inf) where a query may not attend."""
        query, key, value = as_tensor(query, "query"), as_tensor(key, "key"), as_tensor(value, "value")
        for x, name, size in (
            (query, "query", self.embed_dim),
            (key, "key", self.kdim),
            (value, "value", self.vdim),
        ):
            if x.ndim == 0 or x.shape[-1] != size:
                raise ValueError(
                    f"MultiheadAttention(embed_dim={self.embed_dim}, kdim={self.kdim}, vdim={self.vdim}): "
                    f"expected {name} with {size} features in its last dimension, got shape {tuple(x.shape)}"
                )
        batched = query.ndim == 3
        if self.batch_first and batched:
            query, key, value = (x.transpose(0, 1) for x in (query, key, value))
        separate = not self._qkv_same_embed_dim
        output, weights = F.multi_head_attention_forward(
            query,
            key,
            value,
            self.embed_dim,
            self.num_heads,
            self.in_proj_weight,
            self.in_proj_bias,
            self.bias_k,
            self.bias_v,
            self.add_zero_attn,
            self.dropout,
            self.out_proj.weight,
            self.out_proj.bias,
            training=self.training,
            key_padding_mask=key_padding_mask,
            need_weights=need_weights,
            attn_mask=attn_mask,
            use_separate_proj_weight=separate,
            q_proj_weight=self.q_proj_weight,
            k_proj_weight=self.k_proj_weight,
            v_proj_weight=self.v_proj_weight,
            average_attn_weights=average_attn_weights,
            is_causal=is_causal,
        )
        if self.batch_first and batched:
            output = output.transpose(0, 1)
        return output, weights
