"""OneCycleLR: the 1cycle policy (Smith & Topin), stepped after every batch, not every epoch.

The lr rises from ``max_lr / div_factor`` to ``max_lr`` over the first
``pct_start`` of ``total_steps``, then falls to ``initial_lr / final_div_factor``;
the momentum (SGD's ``momentum``, Adam's beta1) moves the opposite way, between
``max_momentum`` and ``base_momentum``. Within each phase a value goes from
``start`` to ``end`` along

    cos:    end + (start - end) * (1 + cos(pi * pct)) / 2      pct = fraction of the phase done
    linear: start + (end - start) * pct

``three_phase=True`` makes the fall symmetric to the rise, then anneals to the minimum.
"""

import math

from .base import LRScheduler, check_positive_int, number, per_group

__all__ = ["OneCycleLR"]


class OneCycleLR(LRScheduler):
    """``OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
    pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85,
    max_momentum=0.95, div_factor=25.0, final_div_factor=1e4, three_phase=False)``: see the
    module docstring. ``total_steps`` (or ``epochs * steps_per_epoch``) is the number of
    ``step()`` calls; stepping beyond it is an error."""

    def __init__(
        self,
        optimizer,
        max_lr,
        total_steps=None,
        epochs=None,
        steps_per_epoch=None,
        pct_start=0.3,
        anneal_strategy="cos",
        cycle_momentum=True,
        base_momentum=0.85,
        max_momentum=0.95,
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        last_epoch=-1,
    ):
        owner = "OneCycleLR"
        if total_steps is None:
            if epochs is None or steps_per_epoch is None:
                raise ValueError(f"{owner}: give total_steps, or both epochs and steps_per_epoch")
            check_positive_int(owner, "epochs", epochs)
            check_positive_int(owner, "steps_per_epoch", steps_per_epoch)
            total_steps = epochs * steps_per_epoch
        check_positive_int(owner, "total_steps", total_steps)
        pct_start = number(owner, "pct_start", pct_start, 0.0, 1.0)
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"{owner}: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}")
        self.total_steps, self.anneal_strategy, self.cycle_momentum = (
            total_steps,
            anneal_strategy,
            cycle_momentum,
        )
        rise = pct_start * total_steps - 1
        # (end step, lr from -> to, momentum from -> to), as keys of each parameter group
        self.phases = [
            (rise, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ]
        if three_phase:
            self.phases = [
                self.phases[0],
                (2 * pct_start * total_steps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                (total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
        div_factor = number(owner, "div_factor", div_factor)
        final_div_factor = number(owner, "final_div_factor", final_div_factor)
        for group, top in zip(optimizer.param_groups, per_group(owner, "max_lr", max_lr, optimizer)):
            if last_epoch == -1:  # resuming (last_epoch >= 0) keeps the saved values, as PyTorch
                group["initial_lr"] = top / div_factor
                group["max_lr"] = top
                group["min_lr"] = group["initial_lr"] / final_div_factor
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(
                    f"{owner}: cycle_momentum=True needs an optimiser with momentum or betas "
                    f"(e.g. SGD, Adam); pass cycle_momentum=False"
                )
            self.use_beta1 = "betas" in optimizer.defaults
            tops = per_group(owner, "max_momentum", max_momentum, optimizer)
            bases = per_group(owner, "base_momentum", base_momentum, optimizer)
            for group, top, base in zip(optimizer.param_groups, tops, bases):
                if last_epoch == -1:
                    self._set_momentum(group, top)
                    group["max_momentum"], group["base_momentum"] = top, base
        super().__init__(optimizer, last_epoch)

    def _set_momentum(self, group, value):
        if self.use_beta1:
            group["betas"] = (value, *group["betas"][1:])
        else:
            group["momentum"] = value

    def _anneal(self, start, end, pct):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self):
        step = self.last_epoch
        if step > self.total_steps:
            raise ValueError(f"OneCycleLR: stepped {step} times, but total_steps is {self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, (end_step, lr_from, lr_to, momentum_from, momentum_to) in enumerate(self.phases):
                if step <= end_step or i == len(self.phases) - 1:
                    pct = (step - start_step) / (end_step - start_step)
                    lrs.append(self._anneal(group[lr_from], group[lr_to], pct))
                    if self.cycle_momentum:
                        self._set_momentum(group, self._anneal(group[momentum_from], group[momentum_to], pct))
                    break
                start_step = end_step
        return lrs
