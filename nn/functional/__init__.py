"""The operations behind nn's layers and losses, as plain functions (``import nn.functional as F``).

One module per kind, so the file can be guessed from the name:

    activations        relu, leaky_relu, elu, softplus, gelu, sigmoid, tanh, logsigmoid,
                       softmax, log_softmax
    affine             linear (x W^T + b, one fused op)
    dropouts           dropout
    normalization      batch_norm, layer_norm
    regression_losses  mse_loss, l1_loss, huber_loss
    binary_losses      binary_cross_entropy, binary_cross_entropy_with_logits, hinge_loss
    multiclass_losses  nll_loss, cross_entropy
    _checks            the argument checks and conversions they share

Most functions are built from autograd's Tensor operations, so they are differentiable twice
without a derivative of their own. The exceptions are ``autograd.Function``s written out with
their derivative beside them: ``logsigmoid`` (log(sigmoid(x)) computed naively overflows for
large |x|), ``ClampedLog`` (BCE's log clamped at -100 with a finite derivative in every
dtype), the fused ``linear`` (and its fusion with a ReLU, which ``MLP`` uses) and the fused losses.

Inputs may be Tensors or anything ``Tensor(...)`` accepts. Losses take
``reduction="mean" | "sum" | "none"`` (the average, the total, or the per-element losses).
"""
from .activations import elu, gelu, leaky_relu, log_softmax, logsigmoid, relu, sigmoid, softmax, softplus, tanh
from .affine import linear
from .binary_losses import binary_cross_entropy, binary_cross_entropy_with_logits, hinge_loss
from .dropouts import dropout
from .multiclass_losses import LabelError, cross_entropy, nll_loss
from .normalization import batch_norm, layer_norm
from .regression_losses import huber_loss, l1_loss, mse_loss

__all__ = [
    "relu", "leaky_relu", "elu", "softplus", "gelu", "sigmoid", "tanh", "logsigmoid",
    "softmax", "log_softmax", "linear", "dropout", "batch_norm", "layer_norm",
    "mse_loss", "l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy", "hinge_loss", "LabelError",
]
