"""Learning-rate schedules: change each parameter group's ``lr`` once per epoch.

Usage, as in PyTorch::

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()            # calls optimizer.step() many times
        scheduler.step()             # then move to the next epoch's lr

Creating a scheduler records each group's starting lr as ``initial_lr`` and
counts that as epoch 0 (``last_epoch == 0``); every ``step()`` adds one epoch.
The schedules are written, like PyTorch's, as a rule that turns the current
lr into the next one, so they follow an lr you change by hand and can be
combined; without such changes they equal the closed forms in the docstrings.
"""
import math

import numpy as np

from autograd import Tensor

from .optimizer import Optimizer, check_number


class _Schedule:
    """What every schedule shares: its optimiser, the lrs after the latest step, its state."""

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(self).__name__}: optimizer must be an optim.Optimizer, "
                            f"got {type(optimizer).__name__}")
        self.optimizer = optimizer

    def get_last_lr(self):
        """The lr of each parameter group after the latest ``step()`` (a new list)."""
        return list(self._last_lr)

    def state_dict(self):
        """Everything but the optimiser, as plain Python values."""
        return {key: value for key, value in vars(self).items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restore what ``state_dict()`` returned; another scheduler's state is refused, unchanged."""
        _load_scheduler_state(self, state_dict)

    def _current_lrs(self):
        return [group["lr"] for group in self.optimizer.param_groups]


class LRScheduler(_Schedule):
    """Base class. A subclass implements ``get_lr()``: the next lr of every
    group, computed from ``self.last_epoch`` (already advanced) and the
    groups' current lrs. Read the current values with ``get_last_lr()``."""

    def __init__(self, optimizer):
        super().__init__(optimizer)
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = -1
        self.step()

    def get_lr(self):
        raise NotImplementedError

    def step(self):
        """Advance one epoch and write the new lr into every parameter group."""
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._current_lrs()


def _check_positive_int(owner, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive" if minimum == 1 else "a non-negative"
        raise ValueError(f"{owner}: {name} must be {kind} integer, got {value!r}")


def _number(owner, name, value, low=0.0, high=math.inf, include_high=True):
    """A finite real number in [low, high] (or [low, high)), as a float (see ``check_number``)."""
    box = {name: value}
    check_number(owner, box, name, low, high, include_high)
    return box[name]


class StepLR(LRScheduler):
    """``StepLR(optimizer, step_size, gamma=0.1)``: multiply lr by gamma every step_size epochs,
    ``lr = initial_lr * gamma ** (epoch // step_size)``."""

    def __init__(self, optimizer, step_size, gamma=0.1):
        _check_positive_int("StepLR", "step_size", step_size)
        self.step_size, self.gamma = step_size, _number("StepLR", "gamma", gamma)
        super().__init__(optimizer)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class MultiStepLR(LRScheduler):
    """``MultiStepLR(optimizer, milestones, gamma=0.1)``: multiply lr by gamma at each milestone
    epoch, ``lr = initial_lr * gamma ** (number of milestones <= epoch)`` (a milestone
    listed twice counts twice)."""

    def __init__(self, optimizer, milestones, gamma=0.1):
        milestones = sorted(milestones)
        for milestone in milestones:
            _check_positive_int("MultiStepLR", "each milestone", milestone)
        self.milestones, self.gamma = milestones, _number("MultiStepLR", "gamma", gamma)
        super().__init__(optimizer)

    def get_lr(self):
        hits = self.milestones.count(self.last_epoch)
        if hits == 0:
            return self._current_lrs()
        return [lr * self.gamma ** hits for lr in self._current_lrs()]


class ExponentialLR(LRScheduler):
    """``ExponentialLR(optimizer, gamma)``: multiply lr by gamma every epoch,
    ``lr = initial_lr * gamma ** epoch``."""

    def __init__(self, optimizer, gamma):
        self.gamma = _number("ExponentialLR", "gamma", gamma)
        super().__init__(optimizer)

    def get_lr(self):
        if self.last_epoch == 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class CosineAnnealingLR(LRScheduler):
    """``CosineAnnealingLR(optimizer, T_max, eta_min=0)``: half a cosine from the initial lr
    down to eta_min over T_max epochs (then back up, periodically):

        lr(t) = eta_min + (initial_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2

    Each step applies the ratio lr(t) - eta_min = (lr(t-1) - eta_min) * c(t) / c(t-1)
    with c(t) = 1 + cos(pi * t / T_max); at the bottom, where c(t-1) = 0, it adds
    the rise (initial_lr - eta_min) * (1 - cos(pi / T_max)) / 2 instead.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0):
        _check_positive_int("CosineAnnealingLR", "T_max", T_max)
        self.T_max, self.eta_min = T_max, _number("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer)

    def get_lr(self):
        t, T, eta_min = self.last_epoch, self.T_max, self.eta_min
        if t == 0:
            return self._current_lrs()
        if (t - 1 - T) % (2 * T) == 0:
            return [lr + (base - eta_min) * (1 - math.cos(math.pi / T)) / 2
                    for lr, base in zip(self._current_lrs(), self.base_lrs)]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - eta_min) + eta_min for lr in self._current_lrs()]


def _metric(value):
    """A metric (a number, or a one-element Tensor/array) as a float; NaN counts as no improvement."""
    try:
        return float(value.item() if isinstance(value, Tensor) else value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(f"ReduceLROnPlateau.step: the metric must be a number or a one-element "
                        f"Tensor/array, got {value!r:.60} ({exc})") from None


class ReduceLROnPlateau(_Schedule):
    """``ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
    threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)``.

    Call ``step(metric)`` once per epoch with a validation metric. A metric
    *improves* on the best so far when (mode 'min') it is below
    ``best * (1 - threshold)`` ('rel') or ``best - threshold`` ('abs'); mode 'max'
    mirrors this. After more than ``patience`` epochs in a row without
    improvement every lr becomes ``max(lr * factor, min_lr)`` (changes smaller than
    eps are skipped), then ``cooldown`` epochs pass before bad epochs count again.
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4,
                 threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8):
        super().__init__(optimizer)
        if mode not in ("min", "max"):
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}")
        if isinstance(factor, (int, float)) and not isinstance(factor, bool) and factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be < 1.0, got {factor!r}")
        factor = _number("ReduceLROnPlateau", "factor", factor, 0.0, 1.0, include_high=False)
        _check_positive_int("ReduceLROnPlateau", "patience", patience, minimum=0)
        _check_positive_int("ReduceLROnPlateau", "cooldown", cooldown, minimum=0)
        n_groups = len(optimizer.param_groups)
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != n_groups:
                raise ValueError(f"ReduceLROnPlateau: min_lr has {len(min_lr)} values but the optimiser "
                                 f"has {n_groups} parameter groups")
            min_lrs = [_number("ReduceLROnPlateau", "min_lr", value) for value in min_lr]
        else:
            min_lrs = [_number("ReduceLROnPlateau", "min_lr", min_lr)] * n_groups
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold = _number("ReduceLROnPlateau", "threshold", threshold)
        self.threshold_mode = threshold_mode
        self.cooldown, self.min_lrs = cooldown, min_lrs
        self.eps = _number("ReduceLROnPlateau", "eps", eps)
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0
        self._last_lr = self._current_lrs()

    def is_better(self, value, best):
        """True when ``value`` counts as an improvement over ``best``."""
        if self.mode == "min":
            limit = best * (1 - self.threshold) if self.threshold_mode == "rel" else best - self.threshold
            return value < limit
        limit = best * (1 + self.threshold) if self.threshold_mode == "rel" else best + self.threshold
        return value > limit

    def step(self, metrics):
        """Record one epoch's metric (a number or a one-element Tensor/array) and maybe lower the lr."""
        current = _metric(metrics)
        self.last_epoch += 1
        if self.is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            for group, min_lr in zip(self.optimizer.param_groups, self.min_lrs):
                new_lr = max(group["lr"] * self.factor, min_lr)
                if group["lr"] - new_lr > self.eps:
                    group["lr"] = new_lr
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
        self._last_lr = self._current_lrs()


def _load_scheduler_state(scheduler, state_dict):
    """Check that ``state_dict`` has exactly the scheduler's entries, then set them as plain
    Python values (``nn.load`` gives numpy arrays back)."""
    name = type(scheduler).__name__
    if not isinstance(state_dict, dict):
        raise TypeError(f"{name}.load_state_dict: expected a dict (from state_dict()), got {type(state_dict).__name__}")
    expected, given = set(scheduler.state_dict()), set(state_dict)
    if given != expected:
        raise ValueError(f"{name}.load_state_dict: missing {sorted(expected - given)}, unexpected "
                         f"{sorted(given - expected)}; was it saved from another scheduler?")
    scheduler.__dict__.update({key: _plain_tree(value) for key, value in state_dict.items()})


def _plain_tree(value):
    if isinstance(value, (list, tuple)):
        return [_plain_tree(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if value.ndim == 0 else [_plain_tree(v) for v in value]
    return value
