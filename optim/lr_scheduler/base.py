"""What every learning-rate schedule shares: the optimiser, the lrs after each step, saving.

Creating a scheduler records each group's starting lr as ``initial_lr`` and
counts that as epoch 0 (``last_epoch == 0``); every ``step()`` adds one epoch.
The schedules are written, like PyTorch's, as a rule that turns the current
lr into the next one, so they follow an lr you change by hand and can be
combined; without such changes they equal the closed forms in the docstrings.
"""

import math
import warnings

import numpy as np

from ..optimizer import Optimizer, check_number


class _Schedule:
    """What every schedule shares: its optimiser, the lrs after the latest step, its state."""

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(
                f"{type(self).__name__}: optimizer must be an optim.Optimizer, got {type(optimizer).__name__}"
            )
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
    groups' current lrs; and, if it has one, ``_get_closed_form_lr()``: the lrs at
    ``last_epoch`` from ``base_lrs`` alone (used by ``step(epoch)`` and ``SequentialLR``).
    Read the current values with ``get_last_lr()``.

    ``last_epoch=-1`` starts the schedule; another value resumes it at that epoch, as in
    PyTorch, from the groups' ``initial_lr`` (load the optimiser's state first)."""

    def __init__(self, optimizer, last_epoch=-1):
        super().__init__(optimizer)
        name = type(self).__name__
        if isinstance(last_epoch, bool) or not isinstance(last_epoch, int) or last_epoch < -1:
            raise ValueError(f"{name}: last_epoch must be -1 (start) or an epoch >= 0, got {last_epoch!r}")
        for i, group in enumerate(optimizer.param_groups):
            if last_epoch == -1:
                group.setdefault("initial_lr", group["lr"])
            elif "initial_lr" not in group:
                raise KeyError(
                    f"{name}: param_groups[{i}] has no 'initial_lr', needed to resume with "
                    f"last_epoch={last_epoch}; load the optimiser's state_dict first"
                )
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self):
        """The step a new scheduler takes (to epoch 0, or one past the epoch it resumes). While it
        runs ``_is_initial`` is True: the rules that change the lr relative to the current one
        keep it then, as PyTorch's (so a resumed schedule does not move one epoch ahead)."""
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self):
        raise NotImplementedError

    def step(self, epoch=None):
        """Advance one epoch and write the new lr into every parameter group. ``step(epoch)``
        (deprecated in PyTorch, with a warning there and here) jumps to ``epoch`` instead,
        by the closed form where the schedule has one."""
        if epoch is not None:
            warnings.warn(
                f"{type(self).__name__}.step(epoch) is deprecated (as in PyTorch): call step() once per epoch",
                UserWarning,
                stacklevel=2,
            )
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        if epoch is None:
            self.last_epoch += 1
            lrs = self.get_lr()
        else:
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            lrs = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, lrs):
            group["lr"] = lr
        self._last_lr = self._current_lrs()


class _LRScheduler(LRScheduler):
    """PyTorch's old name of the base class, which older programs still subclass."""


def check_positive_int(owner, name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive" if minimum == 1 else "a non-negative"
        raise ValueError(f"{owner}: {name} must be {kind} integer, got {value!r}")


def number(owner, name, value, low=0.0, high=math.inf, include_high=True):
    """A finite real number in [low, high] (or [low, high)), as a float (see ``check_number``)."""
    box = {name: value}
    check_number(owner, box, name, low, high, include_high)
    return box[name]


def per_group(owner, name, value, optimizer):
    """One number per parameter group, from a number or a list of them."""
    values = list(value) if isinstance(value, (list, tuple)) else [value] * len(optimizer.param_groups)
    if len(values) != len(optimizer.param_groups):
        raise ValueError(
            f"{owner}: {name} has {len(values)} values but the optimiser has "
            f"{len(optimizer.param_groups)} parameter groups"
        )
    return [number(owner, name, v) for v in values]


def _load_scheduler_state(scheduler, state_dict, keep=()):
    """Check that ``state_dict`` has exactly the scheduler's entries, then set them (but those
    named in ``keep``) as plain Python values (``nn.load`` gives numpy arrays back)."""
    name = type(scheduler).__name__
    if not isinstance(state_dict, dict):
        raise TypeError(
            f"{name}.load_state_dict: expected a dict (from state_dict()), got {type(state_dict).__name__}"
        )
    expected = set(scheduler.state_dict())
    if "_is_initial" in expected and "_is_initial" not in state_dict:  # saved before 0.2 had it:
        state_dict = {**state_dict, "_is_initial": False}  # a saved schedule is past its start
    given = set(state_dict)
    if given != expected:
        raise ValueError(
            f"{name}.load_state_dict: missing {sorted(expected - given)}, unexpected "
            f"{sorted(given - expected)}; was it saved from another scheduler?"
        )
    scheduler.__dict__.update(
        {key: _plain_tree(value) for key, value in state_dict.items() if key not in keep}
    )


def _plain_tree(value):
    if isinstance(value, (list, tuple)):
        return [_plain_tree(v) for v in value]
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if value.ndim == 0 else [_plain_tree(v) for v in value]
    return value
