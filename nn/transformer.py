"""The Transformer of "Attention Is All You Need", as PyTorch's layers: TransformerEncoderLayer,
TransformerDecoderLayer, the stacks TransformerEncoder and TransformerDecoder, and Transformer.

An encoder layer (post-norm; ``norm_first=True`` normalises before each block instead)::

    x = norm1(x + dropout1(self_attn(x, x, x)))                   self-attention block
    x = norm2(x + dropout2(linear2(dropout(activation(linear1(x))))))   feed-forward block

A decoder layer has a third block between the two, attention over the encoder's output
``memory``: ``x = norm2(x + dropout2(multihead_attn(x, memory, memory)))`` (then norm3 and
dropout3 for the feed-forward block). A stack deep-copies the layer it is given
``num_layers`` times, as PyTorch does, so all its layers start from the same weights; its
``norm`` (if any) is applied to the last layer's output. PyTorch's fast path for inference
(fused kernels, nested tensors) is not here: it gives the same numbers, but for zeros at the
positions a ``src_key_padding_mask`` pads; ``enable_nested_tensor`` is accepted and changes nothing.
"""

import copy

import autograd

from . import functional as F
from . import init as initializers
from .attention import MultiheadAttention
from .functional._checks import as_tensor
from .layers import Dropout, LayerNorm, Linear, _check_size
from .module import Module, ModuleList

__all__ = [
    "Transformer",
    "TransformerEncoder",
    "TransformerDecoder",
    "TransformerEncoderLayer",
    "TransformerDecoderLayer",
]


def _activation(activation, owner):
    """PyTorch's spellings: "relu", "gelu" or a callable (F.relu, nn.GELU(), ...)."""
    if isinstance(activation, str):
        if activation not in ("relu", "gelu"):
            raise ValueError(
                f"{owner}: activation should be 'relu', 'gelu' or a callable, not {activation!r}"
            )
        return F.relu if activation == "relu" else F.gelu
    if not callable(activation):
        raise TypeError(
            f"{owner}: activation must be 'relu', 'gelu' or a callable, got {type(activation).__name__}"
        )
    return activation


class _Layer(Module):
    """What the encoder and decoder layers share: their arguments and modules, PyTorch's blocks.
    ``blocks`` is 2 (self-attention, feed-forward) or 3 (and attention over the memory between)."""

    blocks = 2

    def __init__(
        self,
        d_model,
        nhead,
        dim_feedforward=2048,
        dropout=0.1,
        activation=F.relu,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        owner = type(self).__name__
        d_model = _check_size(d_model, "d_model", owner)
        dim_feedforward = _check_size(dim_feedforward, "dim_feedforward", owner)
        factory = dict(device=device, dtype=dtype)
        attention = dict(dropout=dropout, bias=bias, batch_first=batch_first, **factory)
        self.self_attn = MultiheadAttention(d_model, nhead, **attention)
        if self.blocks == 3:
            self.multihead_attn = MultiheadAttention(d_model, nhead, **attention)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = bool(norm_first)
        for n in range(1, self.blocks + 1):
            setattr(self, f"norm{n}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        for n in range(1, self.blocks + 1):
            setattr(self, f"dropout{n}", Dropout(dropout))
        self.activation = _activation(activation, owner)

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        """dropout1(self-attention of x)"""
        x = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal=False):
        """dropout2(attention of x over the memory)"""
        x = self.multihead_attn(
            x,
            mem,
            mem,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        """dropout2 (decoder: dropout3) of linear2(dropout(activation(linear1(x))))"""
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return getattr(self, f"dropout{self.blocks}")(x)


class TransformerEncoderLayer(_Layer):
    """Self-attention and a feed-forward network, each in a residual block (the module docstring):
    ``layer(src, src_mask=None, src_key_padding_mask=None, is_causal=False)``, src (S, N, d_model)
    -- (N, S, d_model) with ``batch_first``, or unbatched (S, d_model)."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        x = as_tensor(src, "src")
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x))


class TransformerDecoderLayer(_Layer):
    """Self-attention, attention over ``memory`` (the encoder's output) and a feed-forward network,
    each in a residual block: ``layer(tgt, memory, tgt_mask=None, memory_mask=None,
    tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=False,
    memory_is_causal=False)``."""

    blocks = 3

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=False,
        memory_is_causal=False,
    ):
        x, memory = as_tensor(tgt, "tgt"), as_tensor(memory, "memory")
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(
                self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal
            )
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal))
        return self.norm3(x + self._ff_block(x))


def _clones(layer, num_layers, owner):
    """``num_layers`` deep copies of ``layer`` (all start from its weights), as PyTorch's stacks."""
    return ModuleList([copy.deepcopy(layer) for _ in range(_check_size(num_layers, "num_layers", owner))])


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` applied in turn, then ``norm`` (if given):
    ``encoder(src, mask=None, src_key_padding_mask=None, is_causal=None)``."""

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True):
        super().__init__()
        self.layers = _clones(encoder_layer, num_layers, "TransformerEncoder")
        self.num_layers = len(self.layers)
        self.norm = norm
        self.enable_nested_tensor, self.mask_check = enable_nested_tensor, mask_check

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        output = as_tensor(src, "src")
        for layer in self.layers:
            output = layer(
                output, src_mask=mask, src_key_padding_mask=src_key_padding_mask, is_causal=bool(is_causal)
            )
        return output if self.norm is None else self.norm(output)


class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer`` applied in turn, then ``norm`` (if given):
    ``decoder(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False)``."""

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _clones(decoder_layer, num_layers, "TransformerDecoder")
        self.num_layers = len(self.layers)
        self.norm = norm

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        output = as_tensor(tgt, "tgt")
        for layer in self.layers:
            output = layer(
                output,
                memory,
                tgt_mask=tgt_mask,
                memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=bool(tgt_is_causal),
                memory_is_causal=memory_is_causal,
            )
        return output if self.norm is None else self.norm(output)


class Transformer(Module):
    """An encoder and a decoder stack (each ending in a LayerNorm): ``model(src, tgt, src_mask=None,
    tgt_mask=None, memory_mask=None, src_key_padding_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None, memory_is_causal=False)``;
    src (S, N, d_model), tgt (T, N, d_model) -- batch first with ``batch_first``. After the layers
    are built, every parameter with more than one dimension is drawn again by xavier_uniform_
    (PyTorch's ``_reset_parameters``), in the order of ``parameters()``."""

    def __init__(
        self,
        d_model=512,
        nhead=8,
        num_encoder_layers=6,
        num_decoder_layers=6,
        dim_feedforward=2048,
        dropout=0.1,
        activation=F.relu,
        custom_encoder=None,
        custom_decoder=None,
        layer_norm_eps=1e-5,
        batch_first=False,
        norm_first=False,
        bias=True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        layer_args = (
            d_model,
            nhead,
            dim_feedforward,
            dropout,
            activation,
            layer_norm_eps,
            batch_first,
            norm_first,
            bias,
        )
        factory = dict(device=device, dtype=dtype)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(*layer_args, **factory)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.encoder = TransformerEncoder(layer, num_encoder_layers, norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(*layer_args, **factory)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
            self.decoder = TransformerDecoder(layer, num_decoder_layers, norm)
        self._reset_parameters()
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first

    def _reset_parameters(self):
        for p in self.parameters():
            if p.ndim > 1:
                initializers.xavier_uniform_(p)

    def forward(
        self,
        src,
        tgt,
        src_mask=None,
        tgt_mask=None,
        memory_mask=None,
        src_key_padding_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        src_is_causal=None,
        tgt_is_causal=None,
        memory_is_causal=False,
    ):
        src, tgt = as_tensor(src, "src"), as_tensor(tgt, "tgt")
        batch = 0 if self.batch_first else 1
        if src.ndim == 3 and (tgt.ndim != 3 or src.shape[batch] != tgt.shape[batch]):
            raise ValueError(
                f"Transformer: src and tgt must have the same batch size (dimension {batch}), got shapes "
                f"{tuple(src.shape)} and {tuple(tgt.shape)}"
            )
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise ValueError(
                f"Transformer: src and tgt must have d_model={self.d_model} features, got shapes "
                f"{tuple(src.shape)} and {tuple(tgt.shape)}"
            )
        memory = self.encoder(
            src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal
        )
        return self.decoder(
            tgt,
            memory,
            tgt_mask=tgt_mask,
            memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal,
            memory_is_causal=memory_is_causal,
        )

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The causal mask of a sequence of ``sz``: 0 on and below the diagonal (may attend), -inf above."""
        return autograd.full((sz, sz), float("-inf"), dtype=dtype, device=device).triu(diagonal=1)
