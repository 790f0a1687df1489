"""Adamax: Adam with the infinity norm in place of the root-mean-square (Kingma & Ba, sec. 7.1).

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                 if maximize
    g <- g + weight_decay * p               (L2 penalty folded into the gradient)
    m <- beta1 * m + (1 - beta1) * g        first moment, written m += (1 - beta1) * (g - m)
    u <- max(beta2 * u, |g| + eps)          a decaying maximum of |g|
    p <- p - lr / (1 - beta1**t) * m / u

m and u start at zero; only m needs a bias correction (a maximum is not biased towards
zero as an average is). (The first two lines are done for every optimiser by
``Optimizer``; ``_delta`` computes the step d of the last.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, check_pair


class Adamax(Optimizer):
    """``Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
    maximize=False)`` (see ``check_implementation_options`` for foreach, differentiable and
    capturable).

    State per parameter: ``step``, ``exp_avg`` (m) and ``exp_inf`` (u).
    """

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        check_implementation_options("Adamax", foreach, None, capturable, differentiable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_number("Adamax", group, "lr", low=0.0)
        check_number("Adamax", group, "eps", low=0.0)
        check_number("Adamax", group, "weight_decay", low=0.0)
        check_pair("Adamax", group, "betas", low=0.0, high=1.0, include_high=False)
        check_flag("Adamax", group, "maximize")

    def _delta(self, grad, state, group, out):
        beta1, beta2 = group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(grad)
            state["exp_inf"] = np.zeros_like(grad)
        state["step"] += 1
        exp_avg, exp_inf, work = state["exp_avg"], state["exp_inf"], np.empty_like(grad)
        exp_avg += np.multiply(np.subtract(grad, exp_avg, out=work), 1 - beta1, out=work)  # m += (1-b1)(g-m)
        exp_inf *= beta2
        np.maximum(exp_inf, np.add(np.abs(grad, out=work), group["eps"], out=work), out=exp_inf)
        step_size = group["lr"] / (1 - beta1 ** state["step"])
        return np.multiply(np.divide(exp_avg, exp_inf, out=out), step_size, out=out)  # clr * (m / u)
