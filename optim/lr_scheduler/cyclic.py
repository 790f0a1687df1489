"""Schedules that come back up: CyclicLR (Smith, "Cyclical Learning Rates", 2017) and
CosineAnnealingWarmRestarts (Loshchilov & Hutter, "SGDR", 2017). Both are usually stepped
after every batch."""

import math

from .base import LRScheduler, _Schedule, check_positive_int, number, per_group

__all__ = ["CyclicLR", "CosineAnnealingWarmRestarts"]


class CyclicLR(LRScheduler):
    """``CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
    mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True,
    base_momentum=0.8, max_momentum=0.9)``: the lr goes from base_lr up to max_lr in
    step_size_up steps and back down in step_size_down (default: the same), again and again.
    At step n, with cycle c = floor(1 + n / total) and position x = 1 + n / total - c in it:

        h  = x / r if x <= r else (x - 1) / (r - 1)      r = step_size_up / total
        lr = base_lr + (max_lr - base_lr) * h * scale(c)         ('iterations' mode: scale(n))

    ``mode``: 'triangular' (scale 1), 'triangular2' (halve the height every cycle,
    scale(c) = 1 / 2**(c - 1)), 'exp_range' (scale(n) = gamma**n); or your ``scale_fn``
    with ``scale_mode``. With ``cycle_momentum``, the momentum (SGD's momentum, Adam's beta1)
    moves the other way, from max_momentum down to base_momentum. ``state_dict()`` leaves a
    ``scale_fn`` of yours out, as LambdaLR leaves its functions out.
    """

    def __init__(
        self,
        optimizer,
        base_lr,
        max_lr,
        step_size_up=2000,
        step_size_down=None,
        mode="triangular",
        gamma=1.0,
        scale_fn=None,
        scale_mode="cycle",
        cycle_momentum=True,
        base_momentum=0.8,
        max_momentum=0.9,
        last_epoch=-1,
    ):
        owner = "CyclicLR"
        _Schedule.__init__(self, optimizer)  # its type checked before per_group reads its groups
        base_lrs = per_group(owner, "base_lr", base_lr, optimizer)
        self.max_lrs = per_group(owner, "max_lr", max_lr, optimizer)
        up = number(owner, "step_size_up", step_size_up)
        down = up if step_size_down is None else number(owner, "step_size_down", step_size_down)
        if up + down == 0:
            raise ValueError(f"{owner}: step_size_up + step_size_down must be positive, got {up} + {down}")
        self.total_size, self.step_ratio = up + down, up / (up + down)
        if scale_fn is None and mode not in ("triangular", "triangular2", "exp_range"):
            raise ValueError(
                f"{owner}: mode must be 'triangular', 'triangular2' or 'exp_range', got {mode!r}"
            )
        if scale_fn is not None and not callable(scale_fn):
            raise TypeError(f"{owner}: scale_fn must be a function or None, got {type(scale_fn).__name__}")
        if scale_mode not in ("cycle", "iterations"):
            raise ValueError(f"{owner}: scale_mode must be 'cycle' or 'iterations', got {scale_mode!r}")
        self.mode, self.gamma = mode, number(owner, "gamma", gamma)
        self._scale_fn_custom = scale_fn
        # the built-in modes choose their own scale_mode, as PyTorch's
        self.scale_mode = (
            scale_mode if scale_fn is not None else {"exp_range": "iterations"}.get(mode, "cycle")
        )
        self.cycle_momentum = cycle_momentum
        if last_epoch == -1:
            for group, lr in zip(optimizer.param_groups, base_lrs):
                group["lr"] = lr
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(
                    f"{owner}: cycle_momentum=True needs an optimiser with momentum or betas "
                    f"(e.g. SGD, Adam); pass cycle_momentum=False"
                )
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = per_group(owner, "base_momentum", base_momentum, optimizer)
            self.max_momentums = per_group(owner, "max_momentum", max_momentum, optimizer)
            if last_epoch == -1:
                for group, top, base in zip(optimizer.param_groups, self.max_momentums, self.base_momentums):
                    self._set_momentum(group, top)
                    group["max_momentum"], group["base_momentum"] = top, base
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def scale_fn(self, x):
        """The height factor of cycle (or step) x."""
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma**x

    def _set_momentum(self, group, value):
        if self.use_beta1:
            group["betas"] = (value, *group["betas"][1:])
        else:
            group["momentum"] = value

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        height = x / self.step_ratio if x <= self.step_ratio else (x - 1) / (self.step_ratio - 1)
        scale = self.scale_fn(cycle if self.scale_mode == "cycle" else self.last_epoch)
        if self.cycle_momentum:
            for group, base, top in zip(self.optimizer.param_groups, self.base_momentums, self.max_momentums):
                self._set_momentum(group, top - (top - base) * height * scale)
        return [base + (top - base) * height * scale for base, top in zip(self.base_lrs, self.max_lrs)]

    def state_dict(self):
        return {key: value for key, value in super().state_dict().items() if key != "_scale_fn_custom"}


class CosineAnnealingWarmRestarts(LRScheduler):
    """``CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0)``: cosine annealing from
    the initial lr down towards eta_min over T_i epochs, then a restart at the initial lr;
    the first period is T_0, each next one T_mult times longer:

        lr = eta_min + (initial_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2

    with T_cur the epochs since the last restart. ``step(epoch)`` takes a fractional epoch
    (``epoch + i / batches_per_epoch`` to step after every batch) and jumps there.
    """

    def __init__(self, optimizer, T_0, T_mult=1, eta_min=0.0, last_epoch=-1):
        check_positive_int("CosineAnnealingWarmRestarts", "T_0", T_0)
        check_positive_int("CosineAnnealingWarmRestarts", "T_mult", T_mult)
        self.T_0, self.T_i, self.T_mult = T_0, T_0, T_mult
        self.eta_min = number("CosineAnnealingWarmRestarts", "eta_min", eta_min)
        self.T_cur = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        cosine = 1 + math.cos(math.pi * self.T_cur / self.T_i)
        return [self.eta_min + (base - self.eta_min) * cosine / 2 for base in self.base_lrs]

    def step(self, epoch=None):
        """One epoch on, or (``epoch`` given, maybe fractional) to that epoch."""
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur += 1
            if self.T_cur >= self.T_i:  # a restart
                self.T_cur -= self.T_i
                self.T_i *= self.T_mult
        else:
            epoch = number("CosineAnnealingWarmRestarts.step", "epoch", epoch)
            if epoch >= self.T_0 and self.T_mult == 1:
                self.T_cur = epoch % self.T_0
            elif epoch >= self.T_0:  # n restarts so far: T_0 (T_mult^n - 1) / (T_mult - 1) <= epoch
                n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i, self.T_cur = self.T_0, epoch
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._current_lrs()
