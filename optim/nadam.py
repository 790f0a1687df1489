"""NAdam: Adam with Nesterov momentum (Dozat, 2016), PyTorch's variant with a momentum schedule.

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                        if maximize
    p <- p * (1 - lr * weight_decay)               decoupled_weight_decay=True, or
    g <- g + weight_decay * p                      (L2 penalty folded into the gradient)
    mu_t = beta1 * (1 - 0.96 ** (t * momentum_decay) / 2)     the momentum, warming up to beta1
    P_t  = mu_1 * mu_2 * ... * mu_t                           (``mu_product``)
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g * g
    r  = sqrt(v / (1 - beta2**t)) + eps
    p <- p - lr * (1 - mu_t) / (1 - P_t) * g / r - lr * mu_{t+1} / (1 - P_t * mu_{t+1}) * m / r

The last line looks one step ahead: the gradient's share with this step's momentum, the
average's with the next step's. (The first three lines are done for every optimiser by
``Optimizer``; ``_delta`` computes the step d of the last.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, check_pair


class NAdam(Optimizer):
    """``NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
    decoupled_weight_decay=False, *, foreach=None, maximize=False)`` (see
    ``check_implementation_options`` for foreach, capturable and differentiable).

    State per parameter: ``step``, ``mu_product`` (P_t, a number), ``exp_avg`` (m) and
    ``exp_avg_sq`` (v).
    """

    _scalar_state = ("mu_product",)

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        momentum_decay=4e-3,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        check_implementation_options("NAdam", foreach, None, capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        for key in ("lr", "eps", "weight_decay", "momentum_decay"):
            check_number("NAdam", group, key, low=0.0)
        check_pair("NAdam", group, "betas", low=0.0, high=1.0, include_high=False)
        check_flag("NAdam", group, "decoupled_weight_decay")
        check_flag("NAdam", group, "maximize")

    def _delta(self, grad, state, group, out):
        lr, (beta1, beta2), momentum_decay = group["lr"], group["betas"], group["momentum_decay"]
        if not state:
            state["step"] = 0
            state["mu_product"] = 1.0
            state["exp_avg"] = np.zeros_like(grad)
            state["exp_avg_sq"] = np.zeros_like(grad)
        state["step"] += 1
        step = state["step"]
        mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        state["mu_product"] *= mu
        mu_product = state["mu_product"]
        exp_avg, exp_avg_sq, work = state["exp_avg"], state["exp_avg_sq"], np.empty_like(grad)
        exp_avg += np.multiply(np.subtract(grad, exp_avg, out=work), 1 - beta1, out=work)  # m += (1-b1)(g-m)
        exp_avg_sq *= beta2
        exp_avg_sq += np.multiply(np.multiply(grad, 1 - beta2, out=work), grad, out=work)  # v += (1-b2) g g
        denom = np.sqrt(np.divide(exp_avg_sq, 1 - beta2**step, out=work), out=work)
        denom += group["eps"]  # r = sqrt(v / (1 - b2^t)) + eps
        now = lr * (1.0 - mu) / (1.0 - mu_product)
        ahead = lr * mu_next / (1.0 - mu_product * mu_next)
        delta = np.multiply(np.divide(grad, denom, out=out), now, out=out)  # now * g / r
        delta += np.multiply(np.divide(exp_avg, denom, out=work), ahead, out=work)  # + ahead * m / r
        return delta
