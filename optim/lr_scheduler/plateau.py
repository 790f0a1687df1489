"""ReduceLROnPlateau: lower the lr when a validation metric stops improving."""

import math
import warnings

import numpy as np

from autograd import Tensor

from .base import LRScheduler, _Schedule, check_positive_int, number

__all__ = ["ReduceLROnPlateau"]


def _metric(value):
    """A metric (a number, or a one-element Tensor/array) as a float; NaN counts as no improvement."""
    try:
        return float(
            value.item() if isinstance(value, (Tensor, np.ndarray)) else value
        )  # float() of an array is deprecated
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(
            f"ReduceLROnPlateau.step: the metric must be a number or a one-element "
            f"Tensor/array, got {value!r:.60} ({exc})"
        ) from None


class ReduceLROnPlateau(LRScheduler):
    """``ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
    threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)``.

    Call ``step(metric)`` once per epoch with a validation metric. A metric
    *improves* on the best so far when (mode 'min') it is below
    ``best * (1 - threshold)`` ('rel') or ``best - threshold`` ('abs'); mode 'max'
    mirrors this. After more than ``patience`` epochs in a row without
    improvement every lr becomes ``max(lr * factor, min_lr)`` (changes smaller than
    eps are skipped), then ``cooldown`` epochs pass before bad epochs count again.

    An ``LRScheduler``, as in PyTorch, though it has no ``get_lr()`` rule of the
    epoch: it starts at epoch 0 with the groups' current lrs, records no
    ``initial_lr``/``base_lrs``, and cannot be part of ``SequentialLR`` or
    ``ChainedScheduler``.
    """

    def __init__(
        self,
        optimizer,
        mode="min",
        factor=0.1,
        patience=10,
        threshold=1e-4,
        threshold_mode="rel",
        cooldown=0,
        min_lr=0.0,
        eps=1e-8,
    ):
        _Schedule.__init__(self, optimizer)  # not LRScheduler's: no initial step, no base_lrs
        if mode not in ("min", "max"):
            raise ValueError(f"ReduceLROnPlateau: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(
                f"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}"
            )
        if isinstance(factor, (int, float)) and not isinstance(factor, bool) and factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: factor must be < 1.0, got {factor!r}")
        factor = number("ReduceLROnPlateau", "factor", factor, 0.0, 1.0, include_high=False)
        check_positive_int("ReduceLROnPlateau", "patience", patience, minimum=0)
        check_positive_int("ReduceLROnPlateau", "cooldown", cooldown, minimum=0)
        n_groups = len(optimizer.param_groups)
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != n_groups:
                raise ValueError(
                    f"ReduceLROnPlateau: min_lr has {len(min_lr)} values but the optimiser "
                    f"has {n_groups} parameter groups"
                )
            min_lrs = [number("ReduceLROnPlateau", "min_lr", value) for value in min_lr]
        else:
            min_lrs = [number("ReduceLROnPlateau", "min_lr", min_lr)] * n_groups
        self.mode, self.factor, self.patience = mode, factor, patience
        self.threshold = number("ReduceLROnPlateau", "threshold", threshold)
        self.threshold_mode = threshold_mode
        self.cooldown, self.min_lrs = cooldown, min_lrs
        self.eps = number("ReduceLROnPlateau", "eps", eps)
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

    def step(self, metrics, epoch=None):
        """Record one epoch's metric (a number or a one-element Tensor/array) and maybe lower the lr.
        ``epoch`` (deprecated in PyTorch, with a warning there and here) sets the epoch count."""
        current = _metric(metrics)
        if epoch is not None:
            warnings.warn(
                "ReduceLROnPlateau.step(metrics, epoch) is deprecated (as in PyTorch): call step(metrics)",
                UserWarning,
                stacklevel=2,
            )
        self.last_epoch = self.last_epoch + 1 if epoch is None else epoch
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
