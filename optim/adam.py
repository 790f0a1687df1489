"""Adam and AdamW: steps scaled by running averages of the gradient and its square.

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                 if maximize
    p <- p * (1 - lr * weight_decay)        AdamW (decoupled weight decay), or
    g <- g + weight_decay * p               Adam (L2 penalty folded into the gradient)
    m <- beta1 * m + (1 - beta1) * g        first moment, written m += (1 - beta1) * (g - m)
    v <- beta2 * v + (1 - beta2) * g * g    second moment
    v_max <- max(v_max, v)                  amsgrad only; then v_max is used instead of v
    p <- p - lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)

m and v start at zero, so early averages are too small; dividing by
1 - beta**t (the *bias correction*) undoes that. Note that eps is added after
the correction of v, exactly as PyTorch does. (The first three lines are done
for every optimiser by ``Optimizer``; ``_delta`` computes the step d of the last.)
"""

import math

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, check_pair


class Adam(Optimizer):
    """``Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False,
    *, maximize=False, decoupled_weight_decay=False, foreach=None, fused=None)`` (see
    ``check_implementation_options`` for the last two).

    State per parameter: ``step``, ``exp_avg`` (m), ``exp_avg_sq`` (v) and,
    with amsgrad, ``max_exp_avg_sq``. ``decoupled_weight_decay=True`` is AdamW.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        amsgrad=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
        fused=None,
        decoupled_weight_decay=False,
    ):
        check_implementation_options(type(self).__name__, foreach, fused, capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _check_group(self, group):
        owner = type(self).__name__
        check_number(owner, group, "lr", low=0.0)
        check_number(owner, group, "eps", low=0.0)
        check_number(owner, group, "weight_decay", low=0.0)
        check_flag(owner, group, "amsgrad")
        check_flag(owner, group, "maximize")
        check_flag(owner, group, "decoupled_weight_decay")
        check_pair(owner, group, "betas", low=0.0, high=1.0, include_high=False)

    def _delta(self, grad, state, group, out):
        lr, (beta1, beta2) = group["lr"], group["betas"]
        if not state:
            state["step"] = 0
            state["exp_avg"] = np.zeros_like(grad)
            state["exp_avg_sq"] = np.zeros_like(grad)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = np.zeros_like(grad)
        state["step"] += 1
        step = state["step"]
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        work = np.empty_like(grad)  # scratch
        exp_avg += np.multiply(np.subtract(grad, exp_avg, out=work), 1 - beta1, out=work)  # m += (1-b1)(g-m)
        exp_avg_sq *= beta2
        exp_avg_sq += np.multiply(np.multiply(grad, 1 - beta2, out=work), grad, out=work)  # v += (1-b2) g g
        if group["amsgrad"]:
            exp_avg_sq = np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
        denom = np.divide(np.sqrt(exp_avg_sq, out=work), math.sqrt(1 - beta2**step), out=work)
        denom += group["eps"]  # sqrt(v) / sqrt(1 - b2^t) + eps
        step_size = lr / (1 - beta1**step)
        return np.divide(np.multiply(exp_avg, step_size, out=out), denom, out=out)  # (lr/(1-b1^t)) m / denom


class AdamW(Adam):
    """``AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
    *, maximize=False, foreach=None, fused=None)``: Adam whose weight decay shrinks the parameters directly,
    ``p <- p * (1 - lr * weight_decay)``, instead of being added to the gradient."""

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=1e-2,
        amsgrad=False,
        *,
        maximize=False,
        foreach=None,
        capturable=False,
        differentiable=False,
        fused=None,
    ):
        super().__init__(
            params,
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )

    def _check_group(self, group):
        super()._check_group(group)
        if not group["decoupled_weight_decay"]:
            raise ValueError("AdamW: decoupled_weight_decay must stay True (use Adam for L2 decay)")
