"""PyTorch's ``torch.testing``: ``assert_close`` (values compared to tolerances chosen by
dtype, with PyTorch's messages) and ``make_tensor`` (random test inputs drawn as PyTorch's)."""

from .comparison import assert_close
from .creation import make_tensor

__all__ = ["assert_close", "make_tensor"]
