"""ASGD: SGD whose parameters are also averaged over the steps (Polyak & Juditsky, 1992).

For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's conventions):

    g <- -g                                      if maximize
    g <- g + weight_decay * p                    (L2 penalty folded into the gradient)
    p <- p * (1 - lambd * eta) - eta * g         eta starts at lr
    a <- a + mu * (p - a)                        the running average ``ax`` (a = p while mu = 1)
    eta <- lr / (1 + lambd * lr * t) ** alpha    the step size decays...
    mu  <- 1 / max(1, t - t0)                    ...and averaging starts after t0 steps

The model keeps training on p; the average a (``optimizer.state[p]["ax"]``) is the
estimate to evaluate. The rule needs p itself (the decay and the average), so it is
written for one parameter at a time (``_update``).
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, follow_gradient


class ASGD(Optimizer):
    """``ASGD(params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
    maximize=False)`` (see ``check_implementation_options`` for foreach, differentiable and
    capturable).

    State per parameter: ``step``, ``eta`` and ``mu`` (numbers) and ``ax`` (the average a).
    """

    _scalar_state = ("eta", "mu")

    def __init__(
        self,
        params,
        lr=1e-2,
        lambd=1e-4,
        alpha=0.75,
        t0=1e6,
        weight_decay=0,
        foreach=None,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        check_implementation_options("ASGD", foreach, None, capturable, differentiable)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_number("ASGD", group, "lr", low=0.0)
        check_number("ASGD", group, "weight_decay", low=0.0)
        for key in ("lambd", "alpha", "t0"):
            check_number("ASGD", group, key)
        check_flag("ASGD", group, "maximize")

    def _update(self, param, grad, state, group):
        lr, lambd = group["lr"], group["lambd"]
        grad = grad.astype(param.dtype, casting="same_kind", copy=True)
        follow_gradient(param, grad, group, np.empty_like(grad))
        if not state:
            state["step"] = 0
            state["eta"] = lr
            state["mu"] = 1.0
            state["ax"] = np.zeros_like(param)
        state["step"] += 1
        eta, ax = state["eta"], state["ax"]
        param *= 1 - lambd * eta
        param -= np.multiply(grad, eta, out=grad)
        if state["mu"] != 1:
            ax += np.multiply(np.subtract(param, ax, out=grad), state["mu"], out=grad)  # a += mu (p - a)
        else:
            ax[...] = param
        step = state["step"]
        state["eta"] = lr / ((1 + lambd * lr * step) ** group["alpha"])
        state["mu"] = 1 / max(1, step - group["t0"])
