"""Stochastic gradient descent, with optional momentum and Nesterov momentum.

For each parameter p with gradient g (all PyTorch's conventions):

    g <- -g                       if maximize
    g <- g + weight_decay * p     (L2 penalty folded into the gradient)
    with momentum mu > 0:
        b <- g                            on the first step (no dampening)
        b <- mu * b + (1 - dampening) * g afterwards
        g <- g + mu * b   if nesterov  else  g <- b
    p <- p - lr * g

(The first two lines are done for every optimiser by ``Optimizer``; ``_delta``
computes the step d = lr * g.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number


class SGD(Optimizer):
    """``SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False,
    foreach=None, fused=None)`` (see ``check_implementation_options`` for the last two).

    State per parameter (only with momentum): ``momentum_buffer``.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        *,
        maximize=False,
        foreach=None,
        differentiable=False,
        fused=None,
    ):
        check_implementation_options("SGD", foreach, fused, differentiable=differentiable)
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_number("SGD", group, "lr", low=0.0)
        check_number("SGD", group, "momentum", low=0.0)
        check_number("SGD", group, "dampening")
        check_number("SGD", group, "weight_decay", low=0.0)
        check_flag("SGD", group, "nesterov")
        check_flag("SGD", group, "maximize")
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError(
                f"SGD: nesterov=True needs momentum > 0 and dampening == 0, got "
                f"momentum={group['momentum']!r}, dampening={group['dampening']!r}"
            )

    def _delta(self, grad, state, group, out):
        momentum, dampening, lr = group["momentum"], group["dampening"], group["lr"]
        if momentum == 0:
            return np.multiply(grad, lr, out=out)  # d = lr * g
        buffer = state.get("momentum_buffer")
        if buffer is None:
            buffer = state["momentum_buffer"] = grad.copy()
        else:
            buffer *= momentum
            if dampening == 0:
                buffer += grad  # (1 - 0) * g is g: skip the multiplication
            else:
                buffer += np.multiply(grad, 1 - dampening, out=out)
        if not group["nesterov"]:
            return np.multiply(buffer, lr, out=out)  # d = lr * b
        step = np.add(grad, np.multiply(buffer, momentum, out=out), out=out)  # g + mu * b
        step *= lr
        return step
