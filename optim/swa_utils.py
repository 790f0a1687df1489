"""Weight averaging (PyTorch's ``optim.swa_utils``): stochastic weight averaging (SWA, Izmailov
et al., 2018) and exponential moving averages (EMA) of a model's parameters.

``swa = AveragedModel(model)`` holds a deep copy of the model; ``swa.update_parameters(model)``
after some steps folds the model's current parameters into the average (the first call copies
them), by default the running mean ``avg + (p - avg) / (n + 1)``, ``n`` the number of models
averaged so far. ``avg_fn(avg, p, n)`` (returns the new average) or ``multi_avg_fn(avgs, ps, n)``
(updates lists in place) replace it: ``get_ema_avg_fn(decay)`` gives ``decay * avg + (1 - decay)
* p``. With ``use_buffers=True`` buffers (batch-norm statistics) are averaged too; otherwise
they are copied from the model. ``update_bn(loader, swa)`` recomputes batch-norm statistics for
the averaged weights; ``SWALR`` anneals each group's lr to a constant ``swa_lr``.

This module needs ``nn.Module`` (an AveragedModel is one): ``optim`` itself does not import
``nn``, and imports this module only when ``optim.swa_utils`` is first used.
"""

import itertools
import math
from copy import deepcopy

import autograd
from autograd import Tensor, no_grad
from nn.layers import _BatchNorm
from nn.module import Module

from .lr_scheduler.base import LRScheduler, per_group

__all__ = [
    "AveragedModel",
    "SWALR",
    "get_ema_avg_fn",
    "get_ema_multi_avg_fn",
    "get_swa_avg_fn",
    "get_swa_multi_avg_fn",
    "update_bn",
]


def _check_decay(decay):
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def _lerp_(start, end, weight):
    """start <- start + weight (end - start), in place, with PyTorch's two formulas."""
    weight = float(weight)
    start.copy_(start + weight * (end - start) if weight < 0.5 else end - (end - start) * (1 - weight))


def get_ema_multi_avg_fn(decay=0.999):
    """``multi_avg_fn`` for an EMA: each average becomes ``decay * avg + (1 - decay) * p`` in place."""
    _check_decay(decay)

    def ema_update(ema_param_list, current_param_list, _):
        with no_grad():
            floating = ema_param_list[0].dtype.kind == "f"
            for ema, current in zip(ema_param_list, current_param_list, strict=True):
                if floating:
                    _lerp_(ema, current, 1 - decay)
                else:
                    ema.copy_(ema * decay + current * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn():
    """``multi_avg_fn`` for SWA: each average becomes ``avg + (p - avg) / (n + 1)`` in place."""

    def swa_update(averaged_param_list, current_param_list, num_averaged):
        with no_grad():
            floating = averaged_param_list[0].dtype.kind == "f"
            for averaged, current in zip(averaged_param_list, current_param_list, strict=True):
                if floating:
                    _lerp_(averaged, current, 1 / (float(num_averaged) + 1))
                else:
                    averaged.copy_(averaged + (current - averaged) / (num_averaged + 1))

    return swa_update


def get_ema_avg_fn(decay=0.999):
    """``avg_fn`` for an EMA: returns ``decay * avg + (1 - decay) * p``."""
    _check_decay(decay)

    def ema_update(ema_param, current_param, num_averaged):
        with no_grad():
            return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    """``avg_fn`` for SWA (the default): returns ``avg + (p - avg) / (n + 1)``."""

    def swa_update(averaged_param, current_param, num_averaged):
        with no_grad():
            return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


class AveragedModel(Module):
    """``AveragedModel(model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False)``:
    a Module holding the average of ``model``'s parameters (in ``self.module``, a deep copy) and
    ``n_averaged``, the number of models averaged (an int64 buffer). Calling it runs the copy."""

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        if not isinstance(model, Module):
            raise TypeError(f"AveragedModel: model must be an nn.Module, got {type(model).__name__}")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", autograd.tensor(0, dtype=autograd.long))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model):
        """Fold ``model``'s parameters (and buffers, with ``use_buffers``) into the average; the
        first call copies them. Without ``use_buffers`` the buffers are copied from ``model``."""
        if self.use_buffers:
            ours = list(itertools.chain(self.module.parameters(), self.module.buffers()))
            theirs = list(itertools.chain(model.parameters(), model.buffers()))
        else:
            ours, theirs = list(self.parameters()), list(model.parameters())
        pairs = [(a.detach(), p.detach()) for a, p in zip(ours, theirs)]
        with no_grad():
            if self.n_averaged.item() == 0:
                for averaged, current in pairs:
                    averaged.copy_(current)
            elif self.avg_fn is not None:
                for averaged, current in pairs:
                    averaged.copy_(self.avg_fn(averaged, current, self.n_averaged))
            else:
                multi_avg_fn = self.multi_avg_fn or get_swa_multi_avg_fn()
                by_dtype = {}  # PyTorch calls multi_avg_fn once per dtype, in order of appearance
                for averaged, current in pairs:
                    by_dtype.setdefault(averaged.dtype, []).append((averaged, current))
                for group in by_dtype.values():
                    if self.multi_avg_fn is None:  # the default on the CPU: avg_fn pair by pair
                        for averaged, current in group:
                            averaged.copy_(get_swa_avg_fn()(averaged, current, self.n_averaged))
                    else:
                        multi_avg_fn([a for a, _ in group], [p for _, p in group], self.n_averaged)
            if not self.use_buffers:
                for ours_b, theirs_b in zip(self.module.buffers(), model.buffers(), strict=True):
                    ours_b.detach().copy_(theirs_b.detach())
            self.n_averaged += 1


def update_bn(loader, model, device=None):
    """Recompute the running statistics of every batch norm in ``model`` over one pass of
    ``loader`` (batches, or tuples whose first entry is the input), as a cumulative average
    (momentum None), in training mode; the model's mode and the momenta are put back after."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    with no_grad():
        for batch in loader:
            if isinstance(batch, (list, tuple)):
                batch = batch[0]
            if device is not None and isinstance(batch, Tensor):
                batch = batch.to(device)
            model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """``SWALR(optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1)``: move
    each group's lr from its value to ``swa_lr`` (a number or one per group) over
    ``anneal_epochs`` steps, then hold it. With ``t = min(1, step / anneal_epochs)`` and
    ``alpha = t`` (linear) or ``(1 - cos(pi t)) / 2`` (cos), the lr at a step is
    ``swa_lr * alpha + lr0 * (1 - alpha)``, lr0 recovered from the current lr and the previous
    alpha (so an lr changed by hand is followed, as in PyTorch)."""

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos", last_epoch=-1):
        for value, group in zip(per_group("SWALR", "swa_lr", swa_lr, optimizer), optimizer.param_groups):
            group["swa_lr"] = value
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        if isinstance(anneal_epochs, bool) or not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self._anneal_strategy = anneal_strategy
        self.anneal_epochs = anneal_epochs
        self._step_count = 0  # steps taken, the first by the constructor (PyTorch's count)
        super().__init__(optimizer, last_epoch)

    def anneal_func(self, t):
        return t if self._anneal_strategy == "linear" else (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        return swa_lr if alpha == 1 else (lr - alpha * swa_lr) / (1 - alpha)

    def step(self, epoch=None):
        self._step_count += 1
        super().step(epoch)

    def get_lr(self):
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        groups = self.optimizer.param_groups
        prev_lrs = [self._get_initial_lr(g["lr"], g["swa_lr"], prev_alpha) for g in groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [g["swa_lr"] * alpha + lr * (1 - alpha) for g, lr in zip(groups, prev_lrs)]
