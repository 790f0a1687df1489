"""PyTorch's ``nn.utils``: gradient clipping (``clip_grad``), variable-length sequences for
the recurrent layers (``rnn``: padding and packing) parametrizations (``parametrize``) and
``stateless.functional_call``."""

from . import parametrize, rnn, stateless
from .clip_grad import clip_grad_norm_, clip_grad_value_

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parametrize", "rnn", "stateless"]
