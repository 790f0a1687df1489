"""Losses as modules: ``loss_fn = nn.MSELoss(); loss = loss_fn(prediction, target)``.

Each module stores its options and calls the function of the same name in
``nn.functional`` (the formulas are there). ``reduction`` is "mean" (the
average over elements, or over the weights for weighted class losses), "sum",
or "none" (one loss per element / sample). ``get_loss("mse")`` builds one from its name.
"""

import numpy as np

from autograd import Tensor

from . import functional as F
from .functional._checks import check_real, check_reduction
from .functional.multiclass_losses import check_ignore_index
from .module import Module

__all__ = [
    "MSELoss",
    "L1Loss",
    "HuberLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
    "CrossEntropyLoss",
    "NLLLoss",
    "HingeLoss",
    "LOSSES",
    "get_loss",
]


class _Loss(Module):
    def __init__(self, reduction="mean"):
        super().__init__()
        check_reduction(reduction, type(self).__name__)
        self.reduction = reduction

    def extra_repr(self):
        return ""  # PyTorch prints a loss as MSELoss(), whatever its reduction


def _constant(weight, owner, name):
    """Class / element weights are constants (numpy arrays of finite numbers), or None."""
    if weight is None:
        return None
    try:
        weight = np.array(weight._data if isinstance(weight, Tensor) else weight, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise TypeError(
            f"{owner}: {name} must be None or an array of numbers, got {type(weight).__name__} ({exc})"
        ) from None
    if not np.all(np.isfinite(weight)):
        raise ValueError(f"{owner}: {name} must hold finite numbers, got {weight}")
    return weight


class MSELoss(_Loss):
    """Mean squared error: (x - y)^2."""

    def forward(self, input, target):
        return F.mse_loss(input, target, self.reduction)


class L1Loss(_Loss):
    """Mean absolute error: |x - y|."""

    def forward(self, input, target):
        return F.l1_loss(input, target, self.reduction)


class HuberLoss(_Loss):
    """0.5 d^2 for |d| < delta, delta (|d| - delta/2) beyond (d = x - y)."""

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction)
        self.delta = check_real("HuberLoss", "delta", delta, low=0, low_open=True, requirement="positive")

    def forward(self, input, target):
        return F.huber_loss(input, target, self.reduction, self.delta)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities: -w (y log p + (1 - y) log(1 - p)), logs clamped at -100."""

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = _constant(weight, "BCELoss", "weight")

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, self.weight, self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of sigmoid(logits), computed stably from the logits."""

    def __init__(self, weight=None, reduction="mean", pos_weight=None):
        super().__init__(reduction)
        self.weight = _constant(weight, "BCEWithLogitsLoss", "weight")
        self.pos_weight = _constant(pos_weight, "BCEWithLogitsLoss", "pos_weight")

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight, self.reduction, self.pos_weight)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits (N, C) against labels (N,) or probabilities (N, C)."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
        super().__init__(reduction)
        check_real("CrossEntropyLoss", "label_smoothing", label_smoothing, 0, 1)
        check_ignore_index(ignore_index, "CrossEntropyLoss")
        self.weight, self.ignore_index = _constant(weight, "CrossEntropyLoss", "weight"), ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(
            input, target, self.weight, self.ignore_index, self.reduction, self.label_smoothing
        )


class NLLLoss(_Loss):
    """Negative log-likelihood of labels (N,) given log-probabilities (N, C) (e.g. from LogSoftmax)."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(reduction)
        check_ignore_index(ignore_index, "NLLLoss")
        self.weight, self.ignore_index = _constant(weight, "NLLLoss", "weight"), ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class HingeLoss(_Loss):
    """Max-margin loss max(0, 1 - y s) for scores s and labels y in {-1, +1} (micrograd's demo)."""

    def forward(self, input, target):
        return F.hinge_loss(input, target, self.reduction)


LOSSES = {
    "mse": MSELoss,
    "l1": L1Loss,
    "huber": HuberLoss,
    "bce": BCELoss,
    "bce_with_logits": BCEWithLogitsLoss,
    "cross_entropy": CrossEntropyLoss,
    "nll": NLLLoss,
    "hinge": HingeLoss,
}


def get_loss(loss, **options):
    """A new loss module from a name (``"mse"``, ``"cross_entropy"``, ... case-insensitive; see
    ``LOSSES``) built with ``options``, e.g. ``get_loss("cross_entropy", label_smoothing=0.1)``.
    A loss Module is returned as it is (then ``options`` must be empty).
    """
    if isinstance(loss, Module):
        if options:
            raise TypeError(
                f"get_loss: options {sorted(options)} given with a ready-made {type(loss).__name__}"
            )
        return loss
    if not isinstance(loss, str):
        raise TypeError(f"get_loss: loss must be a name or a loss Module, got {type(loss).__name__}")
    key = loss.lower()
    if key not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; valid names are: {', '.join(sorted(LOSSES))}")
    return LOSSES[key](**options)
