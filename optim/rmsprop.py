"""RMSprop: divide each step by a running root-mean-square of the gradient.

For each parameter p with gradient g (PyTorch's conventions):

    g <- -g                                      if maximize
    g <- g + weight_decay * p
    s <- alpha * s + (1 - alpha) * g * g         running mean of g^2
    centered:  a <- alpha * a + (1 - alpha) * g  running mean of g
               r <- sqrt(s - a * a) + eps        (a running standard deviation)
    otherwise: r <- sqrt(s) + eps
    momentum mu > 0:  b <- mu * b + g / r,  p <- p - lr * b
    otherwise:        p <- p - lr * g / r

s, a and b start at zero (no bias correction, unlike Adam). (The first two
lines are done for every optimiser by ``Optimizer``; ``_delta`` computes the
step d = lr * b or lr * g / r.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number


class RMSprop(Optimizer):
    """``RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
    capturable=False, foreach=None, maximize=False)`` (see ``check_implementation_options``).

    State per parameter: ``step``, ``square_avg`` (s), ``momentum_buffer`` (b,
    when momentum > 0) and ``grad_avg`` (a, when centered).
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0,
        momentum=0,
        centered=False,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        check_implementation_options("RMSprop", foreach, None, capturable, differentiable)
        defaults = dict(
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
            momentum=momentum,
            centered=centered,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        for key in ("lr", "eps", "weight_decay", "momentum"):
            check_number("RMSprop", group, key, low=0.0)
        check_number("RMSprop", group, "alpha", low=0.0, high=1.0)  # above 1 the average of g^2 goes negative
        check_flag("RMSprop", group, "centered")
        check_flag("RMSprop", group, "maximize")

    def _delta(self, grad, state, group, out):
        alpha, momentum = group["alpha"], group["momentum"]
        if not state:
            state["step"] = 0
            state["square_avg"] = np.zeros_like(grad)
            if momentum > 0:
                state["momentum_buffer"] = np.zeros_like(grad)
            if group["centered"]:
                state["grad_avg"] = np.zeros_like(grad)
        state["step"] += 1
        square_avg, work = state["square_avg"], np.empty_like(grad)
        square_avg *= alpha
        square_avg += np.multiply(np.multiply(grad, 1 - alpha, out=work), grad, out=work)  # (1-alpha) g g
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg += np.multiply(np.subtract(grad, grad_avg, out=work), 1 - alpha, out=work)
            variance = np.subtract(square_avg, np.multiply(grad_avg, grad_avg, out=work), out=work)
            rms = np.sqrt(variance, out=work)  # sqrt(s - a a)
        else:
            rms = np.sqrt(square_avg, out=work)
        rms += group["eps"]
        if momentum > 0:
            buffer = state["momentum_buffer"]
            buffer *= momentum
            buffer += np.divide(grad, rms, out=out)  # b <- mu b + g / r
            return np.multiply(buffer, group["lr"], out=out)
        return np.divide(np.multiply(grad, group["lr"], out=out), rms, out=out)  # (lr g) / r
