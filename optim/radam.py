"""RAdam: Adam whose adaptive step is switched on only once the variance estimate is reliable
(Liu et al., "On the Variance of the Adaptive Learning Rate and Beyond", 2020).

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                        if maximize
    p <- p * (1 - lr * weight_decay)               decoupled_weight_decay=True, or
    g <- g + weight_decay * p                      (L2 penalty folded into the gradient)
    m <- beta1 * m + (1 - beta1) * g;  v <- beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1**t)
    rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)
    rho_t > 5:  rect = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
                p <- p - lr * m_hat * sqrt(1 - beta2**t) / (sqrt(v) + eps) * rect
    otherwise:  p <- p - lr * m_hat                (SGD with momentum while v is too noisy)

rho_t estimates how many gradients the average v effectively holds; ``rect`` corrects the
variance of the adaptive step 1 / sqrt(v). (The first three lines are done for every
optimiser by ``Optimizer``; ``_delta`` computes the step d of the last.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, check_pair


class RAdam(Optimizer):
    """``RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
    decoupled_weight_decay=False, *, foreach=None, maximize=False)`` (see
    ``check_implementation_options`` for foreach, capturable and differentiable).

    State per parameter: ``step``, ``exp_avg`` (m) and ``exp_avg_sq`` (v).
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        check_implementation_options("RAdam", foreach, None, capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        for key in ("lr", "eps", "weight_decay"):
            check_number("RAdam", group, key, low=0.0)
        check_pair("RAdam", group, "betas", low=0.0, high=1.0, include_high=False)
        check_flag("RAdam", group, "decoupled_weight_decay")
        check_flag("RAdam", group, "maximize")

    def _delta(self, grad, state, group, out):
        lr, (beta1, beta2) = group["lr"], group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(grad)
            state["exp_avg_sq"] = np.zeros_like(grad)
        state["step"] += 1
        step = state["step"]
        exp_avg, exp_avg_sq, work = state["exp_avg"], state["exp_avg_sq"], np.empty_like(grad)
        exp_avg += np.multiply(np.subtract(grad, exp_avg, out=work), 1 - beta1, out=work)  # m += (1-b1)(g-m)
        exp_avg_sq *= beta2
        exp_avg_sq += np.multiply(np.multiply(grad, 1 - beta2, out=work), grad, out=work)  # v += (1-b2) g g
        bias_correction2 = 1 - beta2**step
        delta = np.divide(exp_avg, 1 - beta1**step, out=out)  # m_hat
        delta *= lr
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = np.sqrt(exp_avg_sq, out=work)
            adaptive += group["eps"]
            delta *= np.divide(bias_correction2**0.5, adaptive, out=work)  # sqrt(1 - b2^t) / (sqrt(v) + eps)
            delta *= rect
        return delta
