"""``torch.autograd.function`` for ported PyTorch code: ``Function`` (forward and backward on
Tensors, as ``torch.autograd.Function``) and the ``once_differentiable`` decorator."""

from ..function import TensorFunction as Function
from ..function import once_differentiable

__all__ = ["Function", "once_differentiable"]
