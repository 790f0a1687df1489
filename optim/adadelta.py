"""Adadelta: steps whose size comes from running averages, with no schedule to tune.

For each parameter p with gradient g (PyTorch's conventions):

    g <- -g                                          if maximize
    g <- g + weight_decay * p
    s <- rho * s + (1 - rho) * g * g                 running mean of g^2
    d  = sqrt(u + eps) / sqrt(s + eps) * g           the step, in the units of p
    u <- rho * u + (1 - rho) * d * d                 running mean of d^2
    p <- p - lr * d

s and u start at zero. The ratio of the two root-mean-squares gives each
coordinate its own step size; lr (default 1.0) only scales it. (The first two
lines are done for every optimiser by ``Optimizer``; ``_delta`` computes the
step lr * d.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number


class Adadelta(Optimizer):
    """``Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, maximize=False)``
    (see ``check_implementation_options``).

    State per parameter: ``step``, ``square_avg`` (s) and ``acc_delta`` (u).
    """

    def __init__(
        self,
        params,
        lr=1.0,
        rho=0.9,
        eps=1e-6,
        weight_decay=0,
        foreach=None,
        *,
        capturable=False,
        maximize=False,
        differentiable=False,
    ):
        check_implementation_options("Adadelta", foreach, None, capturable, differentiable)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_number("Adadelta", group, "lr", low=0.0)
        check_number("Adadelta", group, "rho", low=0.0, high=1.0)
        check_number("Adadelta", group, "eps", low=0.0)
        check_number("Adadelta", group, "weight_decay", low=0.0)
        check_flag("Adadelta", group, "maximize")

    def _delta(self, grad, state, group, out):
        rho, eps = group["rho"], group["eps"]
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(grad)
            state["acc_delta"] = np.zeros_like(grad)
        state["step"] += 1
        square_avg, acc_delta, work = state["square_avg"], state["acc_delta"], np.empty_like(grad)
        square_avg *= rho
        square_avg += np.multiply(np.multiply(grad, 1 - rho, out=work), grad, out=work)  # (1-rho) g g
        ratio = np.sqrt(np.add(acc_delta, eps, out=work), out=work)
        ratio /= np.sqrt(np.add(square_avg, eps, out=out), out=out)  # sqrt(u + eps) / sqrt(s + eps)
        delta = np.multiply(grad, ratio, out=out)
        acc_delta *= rho
        acc_delta += np.multiply(np.multiply(delta, 1 - rho, out=work), delta, out=work)  # (1-rho) d d
        delta *= group["lr"]
        return delta
