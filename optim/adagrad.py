"""Adagrad: each coordinate's step shrinks with the sum of its squared gradients.

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                    if maximize
    g <- g + weight_decay * p
    clr = lr / (1 + (t - 1) * lr_decay)        decayed learning rate
    G <- G + g * g                             G starts at initial_accumulator_value
    p <- p - clr * g / (sqrt(G) + eps)

(The first two lines are done for every optimiser by ``Optimizer``; ``_delta``
computes the step d of the last.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number


class Adagrad(Optimizer):
    """``Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
    foreach=None, *, maximize=False, fused=None)`` (see ``check_implementation_options``).

    State per parameter: ``step`` and ``sum`` (G).
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        lr_decay=0,
        weight_decay=0,
        initial_accumulator_value=0,
        eps=1e-10,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        fused=None,
    ):
        check_implementation_options("Adagrad", foreach, fused, differentiable=differentiable)
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        for key in ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"):
            check_number("Adagrad", group, key, low=0.0)
        check_flag("Adagrad", group, "maximize")

    def _delta(self, grad, state, group, out):
        if not state:
            state["step"] = 0
            state["sum"] = np.full_like(grad, group["initial_accumulator_value"])
        state["step"] += 1
        clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        accumulated, work = state["sum"], np.empty_like(grad)
        accumulated += np.multiply(grad, grad, out=work)  # G += g g
        std = np.sqrt(accumulated, out=work)
        std += group["eps"]
        return np.divide(np.multiply(grad, clr, out=out), std, out=out)  # (clr g) / (sqrt(G) + eps)
