"""Rprop: resilient backpropagation (Riedmiller & Braun, 1993), a step size per coordinate
that only looks at the sign of the gradient.

For each parameter p with gradient g (PyTorch's conventions):

    g <- -g                                       if maximize
    s = sign(g * g_prev)                          did the gradient keep its sign?
    step <- clamp(step * (etaplus if s > 0, etaminus if s < 0, 1 if s = 0), *step_sizes)
    g <- 0 where s < 0                            a sign change: skip this coordinate once
    p <- p - sign(g) * step
    g_prev <- g

Each coordinate's step grows by etaplus while its gradient keeps its sign and shrinks by
etaminus when it flips (the last step jumped over a minimum). The steps start at lr and the
gradient's size is never used, so this suits full-batch training. (The first line is done
for every optimiser by ``Optimizer``; ``_delta`` computes the step d of the last but one.)
"""

import numpy as np

from .optimizer import Optimizer, check_flag, check_implementation_options, check_number, check_pair


class Rprop(Optimizer):
    """``Rprop(params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, maximize=False)`` (see
    ``check_implementation_options`` for capturable, foreach and differentiable); etas is
    (etaminus, etaplus) with 0 < etaminus < 1 < etaplus, step_sizes the (min, max) of a step.

    State per parameter: ``step``, ``prev`` (g_prev) and ``step_size`` (step).
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        etas=(0.5, 1.2),
        step_sizes=(1e-6, 50),
        *,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        check_implementation_options("Rprop", foreach, None, capturable, differentiable)
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, maximize=maximize)
        super().__init__(params, defaults)

    def _check_group(self, group):
        check_number("Rprop", group, "lr", low=0.0)
        check_pair("Rprop", group, "etas", low=0.0)
        check_pair("Rprop", group, "step_sizes", low=0.0)
        etaminus, etaplus = group["etas"]
        if not 0.0 < etaminus < 1.0 < etaplus:
            raise ValueError(
                f"Rprop: invalid etas={group['etas']!r}; it must be (etaminus, etaplus) with "
                f"0 < etaminus < 1 < etaplus"
            )
        if group["step_sizes"][0] > group["step_sizes"][1]:
            raise ValueError(
                f"Rprop: invalid step_sizes={group['step_sizes']!r}; it must be (min, max) with min <= max"
            )
        check_flag("Rprop", group, "maximize")

    def _delta(self, grad, state, group, out):
        (etaminus, etaplus), (smallest, largest) = group["etas"], group["step_sizes"]
        if not state:
            state["step"] = 0
            state["prev"] = np.zeros_like(grad)
            state["step_size"] = np.full_like(grad, group["lr"])
        state["step"] += 1
        prev, step_size = state["prev"], state["step_size"]
        sign = np.sign(np.multiply(grad, prev, out=out), out=out)
        factor = sign.copy()
        factor[sign > 0] = etaplus
        factor[sign < 0] = etaminus
        factor[sign == 0] = 1
        step_size *= factor
        np.clip(step_size, smallest, largest, out=step_size)
        np.copyto(prev, grad)
        prev[factor == etaminus] = 0  # after a sign change the coordinate rests once
        return np.multiply(np.sign(prev, out=out), step_size, out=out)  # sign(g) * step
