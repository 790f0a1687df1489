"""Schedules made of schedules: one after another (SequentialLR) or all at once (ChainedScheduler)."""

import bisect

from .base import LRScheduler, _load_scheduler_state, _Schedule
from .plateau import ReduceLROnPlateau

__all__ = ["SequentialLR", "ChainedScheduler"]


def _check_schedulers(owner, schedulers, optimizer):
    schedulers = list(schedulers)
    if not schedulers:
        raise ValueError(f"{owner}: expected at least one scheduler, got none")
    for i, scheduler in enumerate(schedulers):
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"{owner}: scheduler {i} is a ReduceLROnPlateau, which needs a metric at every "
                "step(metrics); it cannot be combined (as in PyTorch)"
            )
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"{owner}: scheduler {i} is a {type(scheduler).__name__}, not an LRScheduler")
        if scheduler.optimizer is not optimizer:
            raise ValueError(
                f"{owner}: scheduler {i} ({type(scheduler).__name__}) belongs to another optimizer"
            )
    return schedulers


class _Combination(LRScheduler):
    """Saving and loading for schedules of schedules: their own entries, and each part's."""

    def state_dict(self):
        state = {key: value for key, value in vars(self).items() if key not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [scheduler.state_dict() for scheduler in self._schedulers]
        return state

    def load_state_dict(self, state_dict):
        parts = state_dict.get("_schedulers") if isinstance(state_dict, dict) else None
        if isinstance(parts, list) and len(parts) != len(self._schedulers):
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: the saved state has {len(parts)} schedulers, "
                f"this one has {len(self._schedulers)}"
            )
        _load_scheduler_state(self, state_dict, keep=("_schedulers",))
        for scheduler, part in zip(self._schedulers, parts):
            scheduler.load_state_dict(part)


class SequentialLR(_Combination):
    """``SequentialLR(optimizer, schedulers, milestones)``: ``schedulers[0]`` until epoch
    ``milestones[0]``, then ``schedulers[1]`` restarted at its epoch 0 (from the initial lrs, by
    its closed form), and so on; e.g. a linear warm-up then cosine annealing::

        SequentialLR(opt, [LinearLR(opt, 0.1, total_iters=5), CosineAnnealingLR(opt, 95)], [5])
    """

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        _Schedule.__init__(self, optimizer)
        self._schedulers = _check_schedulers("SequentialLR", schedulers, optimizer)
        milestones = list(milestones)
        if len(milestones) != len(self._schedulers) - 1:
            raise ValueError(
                f"SequentialLR: expected one milestone fewer than schedulers, got {len(self._schedulers)} "
                f"schedulers and {len(milestones)} milestones"
            )
        self._milestones, self._is_initial = milestones, False
        self.last_epoch = last_epoch + 1
        for group in optimizer.param_groups:  # back to the start: undo the schedulers' first steps
            group["lr"] = group["initial_lr"]
        _undo_first_step(self)
        current = self._schedulers[bisect.bisect_right(milestones, 0)]
        current._initial_step()
        self._last_lr = current.get_last_lr()

    def step(self):
        """Advance one epoch with the scheduler of this epoch (starting it at its epoch 0 on a milestone)."""
        self.last_epoch += 1
        index = bisect.bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[index]
        if index > 0 and self._milestones[index - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


def _undo_first_step(scheduler):
    """Take back the step every (nested) scheduler took when it was made."""
    for part in scheduler._schedulers:
        if hasattr(part, "_schedulers"):
            _undo_first_step(part)
        else:
            part.last_epoch -= 1


class ChainedScheduler(_Combination):
    """``ChainedScheduler(schedulers, optimizer=None)``: every ``step()`` steps all of them, in order,
    so their changes multiply (each schedule works on the lr the previous one left)."""

    def __init__(self, schedulers, optimizer=None):
        schedulers = list(schedulers)
        if not schedulers:
            raise ValueError("ChainedScheduler: expected at least one scheduler, got none")
        optimizer = optimizer if optimizer is not None else getattr(schedulers[0], "optimizer", None)
        _Schedule.__init__(self, optimizer)
        self._schedulers = _check_schedulers("ChainedScheduler", schedulers, optimizer)
        self._last_lr, self._is_initial = self._current_lrs(), False

    def step(self):
        """Step every scheduler, in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = self._current_lrs()
