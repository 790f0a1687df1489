"""``torch.autograd`` for ported PyTorch code: after ``import autograd as torch``,
``torch.autograd.grad``, ``torch.autograd.Function`` (forward and backward on Tensors),
``torch.autograd.function.once_differentiable`` and ``torch.autograd.functional.jacobian``
resolve here."""

from .. import functional
from ..anomaly import detect_anomaly
from ..engine import grad
from ..function import TensorFunction as Function
from ..grad_mode import enable_grad, no_grad, set_grad_enabled
from ..gradcheck import gradcheck, gradgradcheck
from ..tensor import Tensor as Variable
from . import function


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """``torch.autograd.backward``: backward from several Tensors at once."""
    from ..engine import backward as run
    from ..tensor import Tensor

    tensors = (tensors,) if isinstance(tensors, Tensor) else tuple(tensors)
    if grad_tensors is None or isinstance(grad_tensors, Tensor):
        grad_tensors = (grad_tensors,) * len(tensors) if grad_tensors is None else (grad_tensors,)
    run(tensors, tuple(grad_tensors), retain_graph or create_graph, create_graph, inputs)


__all__ = [
    "Function",
    "Variable",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "function",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "no_grad",
    "set_grad_enabled",
]
