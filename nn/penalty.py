"""Weight penalties to add to a loss: ``loss = data_loss + lam * nn.l2_penalty(weights)``.

Conventions (no factor 1/2):

    l1_penalty(params) = sum over params of sum |p|      gradient sign(p)
    l2_penalty(params) = sum over params of sum p^2      gradient 2 p

So ``lam * l2_penalty`` adds ``2 * lam * p`` to each gradient (SGD's
``weight_decay=wd`` corresponds to ``lam = wd / 2``). To penalise weights but
not biases, pass e.g. ``[p for n, p in model.named_parameters() if n.endswith("weight")]``.
"""

from autograd import Tensor, tensor

from .module import Module

__all__ = ["l1_penalty", "l2_penalty"]


def _tensors(params, name):
    if isinstance(params, Module):
        params = params.parameters()
    elif isinstance(params, Tensor):
        params = [params]
    params = list(params)
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{name}: expected Tensors (e.g. model.parameters()), got {type(p).__name__}")
    return params


def l1_penalty(params):
    """sum_p sum |p| over ``params`` (Tensors, a Module, or one Tensor); a 0-d Tensor."""
    total = tensor(0.0)
    for p in _tensors(params, "l1_penalty"):
        total = total + p.abs().sum()
    return total


def l2_penalty(params):
    """sum_p sum p^2 over ``params`` (Tensors, a Module, or one Tensor); a 0-d Tensor."""
    total = tensor(0.0)
    for p in _tensors(params, "l2_penalty"):
        total = total + (p * p).sum()
    return total
