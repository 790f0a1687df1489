"""Schedules that move the lr by a rule per epoch: steps, exponential and polynomial decay,
cosine annealing, linear warm-up, constant factors and your own function of the epoch."""

import bisect
import math

from .base import LRScheduler, check_positive_int, number

__all__ = [
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "PolynomialLR",
    "LinearLR",
    "ConstantLR",
    "LambdaLR",
    "MultiplicativeLR",
]


class StepLR(LRScheduler):
    """``StepLR(optimizer, step_size, gamma=0.1)``: multiply lr by gamma every step_size epochs,
    ``lr = initial_lr * gamma ** (epoch // step_size)``. A whole float step_size (1.0, as in
    PyTorch's nn.Transformer tutorial) counts as its int."""

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        whole = isinstance(step_size, float) and step_size.is_integer()
        check_positive_int("StepLR", "step_size", int(step_size) if whole else step_size)
        self.step_size, self.gamma = step_size, number("StepLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class MultiStepLR(LRScheduler):
    """``MultiStepLR(optimizer, milestones, gamma=0.1)``: multiply lr by gamma at each milestone
    epoch, ``lr = initial_lr * gamma ** (number of milestones <= epoch)`` (a milestone
    listed twice counts twice)."""

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        milestones = sorted(milestones)
        for milestone in milestones:
            check_positive_int("MultiStepLR", "each milestone", milestone)
        self.milestones, self.gamma = milestones, number("MultiStepLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        hits = self.milestones.count(self.last_epoch)
        if hits == 0:
            return self._current_lrs()
        return [lr * self.gamma**hits for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        passed = bisect.bisect_right(self.milestones, self.last_epoch)
        return [base * self.gamma**passed for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """``ExponentialLR(optimizer, gamma)``: multiply lr by gamma every epoch,
    ``lr = initial_lr * gamma ** epoch``."""

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = number("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self._is_initial:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """``CosineAnnealingLR(optimizer, T_max, eta_min=0)``: half a cosine from the initial lr
    down to eta_min over T_max epochs (then back up, periodically):

        lr(t) = eta_min + (initial_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2

    Each step applies the ratio lr(t) - eta_min = (lr(t-1) - eta_min) * c(t) / c(t-1)
    with c(t) = 1 + cos(pi * t / T_max); at the bottom, where c(t-1) = 0, it adds
    the rise (initial_lr - eta_min) * (1 - cos(pi / T_max)) / 2 instead.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        check_positive_int("CosineAnnealingLR", "T_max", T_max)
        self.T_max, self.eta_min = T_max, number("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if self._is_initial:
            return self._current_lrs()
        if (t - 1 - T) % (2 * T) == 0:
            return [
                lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2
                for lr, base in zip(self._current_lrs(), self.base_lrs)
            ]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - eta_min) + eta_min for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        cosine = 1 + math.cos(math.pi * self.last_epoch / self.T_max)
        return [self.eta_min + (base - self.eta_min) * cosine / 2 for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    """``PolynomialLR(optimizer, total_iters=5, power=1.0)``: decay to zero over total_iters epochs,
    ``lr = initial_lr * (1 - min(epoch, total_iters) / total_iters) ** power``."""

    def __init__(self, optimizer, total_iters=5, power=1.0, last_epoch=-1):
        check_positive_int("PolynomialLR", "total_iters", total_iters)
        self.total_iters, self.power = total_iters, number("PolynomialLR", "power", power)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, T = self.last_epoch, self.total_iters
        if self._is_initial or t > T:
            return self._current_lrs()
        factor = ((1 - t / T) / (1 - (t - 1) / T)) ** self.power
        return [lr * factor for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        left = 1.0 - min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * left**self.power for base in self.base_lrs]


class LinearLR(LRScheduler):
    """``LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5)``: a linear warm-up
    (or decay) of the factor from start_factor to end_factor over total_iters epochs,
    ``lr = initial_lr * (start + (end - start) * min(epoch, total_iters) / total_iters)``."""

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        self.start_factor = number("LinearLR", "start_factor", start_factor, 0.0, 1.0)
        self.end_factor = number("LinearLR", "end_factor", end_factor, 0.0, 1.0)
        if self.start_factor == 0:
            raise ValueError("LinearLR: start_factor must lie in (0, 1], got 0 (the lr would stay zero)")
        check_positive_int("LinearLR", "total_iters", total_iters)
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        t, start, end = self.last_epoch, self.start_factor, self.end_factor
        if t == 0:
            return [lr * start for lr in self._current_lrs()]
        if self._is_initial or t > self.total_iters:
            return self._current_lrs()
        ratio = 1 + (end - start) / (self.total_iters * start + (t - 1) * (end - start))  # f(t) / f(t-1)
        return [lr * ratio for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        start, end, t = self.start_factor, self.end_factor, min(self.total_iters, self.last_epoch)
        return [base * (start + (end - start) * t / self.total_iters) for base in self.base_lrs]


class ConstantLR(LRScheduler):
    """``ConstantLR(optimizer, factor=1/3, total_iters=5)``: ``lr = initial_lr * factor`` for the
    first total_iters epochs, then ``initial_lr``."""

    def __init__(self, optimizer, factor=1.0 / 3, total_iters=5, last_epoch=-1):
        self.factor = number("ConstantLR", "factor", factor, 0.0, 1.0)
        if self.factor == 0:
            raise ValueError("ConstantLR: factor must lie in (0, 1], got 0")
        check_positive_int("ConstantLR", "total_iters", total_iters, minimum=0)
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self._current_lrs()]
        if self.last_epoch != self.total_iters:
            return self._current_lrs()
        return [lr * (1.0 / self.factor) for lr in self._current_lrs()]

    def _get_closed_form_lr(self):
        factor = self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor)
        return [base * factor for base in self.base_lrs]


def _lambdas(owner, optimizer, lr_lambda):
    """One function per parameter group: ``lr_lambda`` itself for every group, or a list of them."""
    n_groups = len(optimizer.param_groups)
    lambdas = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [lr_lambda] * n_groups
    if len(lambdas) != n_groups:
        raise ValueError(
            f"{owner}: expected {n_groups} lr_lambdas (one per parameter group), got {len(lambdas)}"
        )
    for function in lambdas:
        if not callable(function):
            raise TypeError(
                f"{owner}: lr_lambda must be a function of the epoch, got {type(function).__name__}"
            )
    return lambdas


class LambdaLR(LRScheduler):
    """``LambdaLR(optimizer, lr_lambda)``: ``lr = initial_lr * lr_lambda(epoch)`` (a function, or one
    per parameter group). ``state_dict()`` leaves the functions out: a resumed scheduler keeps
    the ones it was made with."""

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        self.lr_lambdas = _lambdas(type(self).__name__, optimizer, lr_lambda)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return [base * function(self.last_epoch) for function, base in zip(self.lr_lambdas, self.base_lrs)]

    def state_dict(self):
        return {key: value for key, value in super().state_dict().items() if key != "lr_lambdas"}


class MultiplicativeLR(LambdaLR):
    """``MultiplicativeLR(optimizer, lr_lambda)``: multiply the lr by ``lr_lambda(epoch)`` at every
    epoch after the first (a function, or one per parameter group)."""

    def get_lr(self):
        if self._is_initial:
            return self._current_lrs()
        return [lr * function(self.last_epoch) for function, lr in zip(self.lr_lambdas, self._current_lrs())]
