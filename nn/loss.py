"""Losses as modules: ``loss_fn = nn.MSELoss(); loss = loss_fn(prediction, target)``.

Each module stores its options and calls the function of the same name in
``nn.functional`` (the formulas are there). ``reduction`` is "mean" (the
average over elements, or over the weights for weighted class losses), "sum",
or "none" (one loss per element / sample); KLDivLoss also takes "batchmean" (the sum over
the batch size). ``get_loss("mse")`` builds one from its name.
"""

import numpy as np

from autograd import Tensor

from . import functional as F
from .distance import PairwiseDistance
from .functional._checks import REDUCTIONS, check_real, check_reduction
from .functional.distribution_losses import KL_REDUCTIONS
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
    "SmoothL1Loss",
    "KLDivLoss",
    "PoissonNLLLoss",
    "GaussianNLLLoss",
    "MarginRankingLoss",
    "HingeEmbeddingLoss",
    "CosineEmbeddingLoss",
    "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
    "CTCLoss",
    "SoftMarginLoss",
    "MultiLabelSoftMarginLoss",
    "MultiMarginLoss",
    "MultiLabelMarginLoss",
    "LOSSES",
    "get_loss",
]


class _Loss(Module):
    reductions = REDUCTIONS

    def __init__(self, reduction="mean"):
        super().__init__()
        check_reduction(reduction, type(self).__name__, self.reductions)
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
            input,
            target,
            self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class NLLLoss(_Loss):
    """Negative log-likelihood of labels (N,) given log-probabilities (N, C) (e.g. from LogSoftmax)."""

    def __init__(self, weight=None, ignore_index=-100, reduction="mean"):
        super().__init__(reduction)
        check_ignore_index(ignore_index, "NLLLoss")
        self.weight, self.ignore_index = _constant(weight, "NLLLoss", "weight"), ignore_index

    def forward(self, input, target):
        return F.nll_loss(
            input, target, self.weight, ignore_index=self.ignore_index, reduction=self.reduction
        )


class HingeLoss(_Loss):
    """Max-margin loss max(0, 1 - y s) for scores s and labels y in {-1, +1} (micrograd's demo)."""

    def forward(self, input, target):
        return F.hinge_loss(input, target, self.reduction)


class SmoothL1Loss(_Loss):
    """0.5 d^2 / beta for |d| < beta, |d| - beta/2 beyond (d = x - y); beta = 0 is L1Loss."""

    def __init__(self, reduction="mean", beta=1.0):
        super().__init__(reduction)
        self.beta = check_real("SmoothL1Loss", "beta", beta, low=0, requirement="a number >= 0")

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, self.reduction, self.beta)


class KLDivLoss(_Loss):
    """KL(target || q) pointwise for log-probabilities input = log q (target as log p with
    ``log_target``); ``reduction="batchmean"`` gives the KL divergence per sample."""

    reductions = KL_REDUCTIONS

    def __init__(self, reduction="mean", log_target=False):
        super().__init__(reduction)
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, self.reduction, self.log_target)


class PoissonNLLLoss(_Loss):
    """Poisson negative log-likelihood of counts: e^x - y x for log-rates x (``log_input``)."""

    def __init__(self, log_input=True, full=False, eps=1e-8, reduction="mean"):
        super().__init__(reduction)
        self.log_input, self.full = log_input, full
        self.eps = check_real("PoissonNLLLoss", "eps", eps)

    def forward(self, log_input, target):
        return F.poisson_nll_loss(log_input, target, self.log_input, self.full, self.eps, self.reduction)


class GaussianNLLLoss(_Loss):
    """Gaussian negative log-likelihood (log v + (x - y)^2 / v) / 2 with a predicted variance v:
    ``loss_fn(input, target, var)``."""

    def __init__(self, full=False, eps=1e-6, reduction="mean"):
        super().__init__(reduction)
        self.full, self.eps = full, check_real("GaussianNLLLoss", "eps", eps, low=0)

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)


class MarginRankingLoss(_Loss):
    """max(0, -y (x1 - x2) + margin) for labels y = +-1: ``loss_fn(x1, x2, y)``."""

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(reduction)
        self.margin = check_real("MarginRankingLoss", "margin", margin)

    def forward(self, input1, input2, target):
        return F.margin_ranking_loss(input1, input2, target, self.margin, self.reduction)


class HingeEmbeddingLoss(_Loss):
    """x for y = +1, max(0, margin - x) for y = -1, for distances x."""

    def __init__(self, margin=1.0, reduction="mean"):
        super().__init__(reduction)
        self.margin = check_real("HingeEmbeddingLoss", "margin", margin)

    def forward(self, input, target):
        return F.hinge_embedding_loss(input, target, self.margin, self.reduction)


class CosineEmbeddingLoss(_Loss):
    """1 - cos(x1, x2) for y = +1, max(0, cos(x1, x2) - margin) for y = -1: ``loss_fn(x1, x2, y)``."""

    def __init__(self, margin=0.0, reduction="mean"):
        super().__init__(reduction)
        self.margin = check_real("CosineEmbeddingLoss", "margin", margin)

    def forward(self, input1, input2, target):
        return F.cosine_embedding_loss(input1, input2, target, self.margin, self.reduction)


class TripletMarginLoss(_Loss):
    """max(0, d(a, p) - d(a, n) + margin) with the p-norm distance: ``loss_fn(a, p, n)``."""

    def __init__(self, margin=1.0, p=2.0, eps=1e-6, swap=False, reduction="mean"):
        super().__init__(reduction)
        self.margin = check_real(
            "TripletMarginLoss", "margin", margin, low=0, low_open=True, requirement="positive"
        )
        self.p, self.eps, self.swap = p, eps, swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(
            anchor, positive, negative, self.margin, self.p, self.eps, self.swap, self.reduction
        )


class TripletMarginWithDistanceLoss(_Loss):
    """max(0, d(a, p) - d(a, n) + margin) with any distance d: ``loss_fn(a, p, n)``; d defaults to
    ``nn.PairwiseDistance()`` (a submodule then, as in PyTorch)."""

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__(reduction)
        self.margin = check_real(
            "TripletMarginWithDistanceLoss", "margin", margin, low=0, low_open=True, requirement="positive"
        )
        self.distance_function = PairwiseDistance() if distance_function is None else distance_function
        self.swap = swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(
            anchor,
            positive,
            negative,
            distance_function=self.distance_function,
            margin=self.margin,
            swap=self.swap,
            reduction=self.reduction,
        )


class CTCLoss(_Loss):
    """Connectionist temporal classification: ``loss_fn(log_probs, targets, input_lengths,
    target_lengths)``, -log p(target | input) over all alignments; see ``nn.functional.ctc_loss``."""

    def __init__(self, blank=0, reduction="mean", zero_infinity=False):
        super().__init__(reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return F.ctc_loss(
            log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction, self.zero_infinity
        )


class SoftMarginLoss(_Loss):
    """log(1 + e^(-y x)) for labels y = +-1."""

    def forward(self, input, target):
        return F.soft_margin_loss(input, target, self.reduction)


class MultiLabelSoftMarginLoss(_Loss):
    """Binary cross-entropy of sigmoid(x_c) against y_c, averaged over the classes c."""

    def __init__(self, weight=None, reduction="mean"):
        super().__init__(reduction)
        self.weight = _constant(weight, "MultiLabelSoftMarginLoss", "weight")

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, self.weight, self.reduction)


class MultiMarginLoss(_Loss):
    """(1/C) sum_{c != y} w_y max(0, margin - x_y + x_c)^p for labels y (N,), p = 1 or 2."""

    def __init__(self, p=1, margin=1.0, weight=None, reduction="mean"):
        super().__init__(reduction)
        if p not in (1, 2) or isinstance(p, bool):
            raise ValueError(f"MultiMarginLoss: p must be 1 or 2, got {p!r}")
        self.p, self.margin = p, check_real("MultiMarginLoss", "margin", margin)
        self.weight = _constant(weight, "MultiMarginLoss", "weight")

    def forward(self, input, target):
        return F.multi_margin_loss(input, target, self.p, self.margin, self.weight, self.reduction)


class MultiLabelMarginLoss(_Loss):
    """(1/C) sum over target classes j and other classes c of max(0, 1 - x_j + x_c); ``target``
    lists each sample's classes, ended by -1."""

    def forward(self, input, target):
        return F.multilabel_margin_loss(input, target, self.reduction)


LOSSES = {
    "mse": MSELoss,
    "l1": L1Loss,
    "huber": HuberLoss,
    "bce": BCELoss,
    "bce_with_logits": BCEWithLogitsLoss,
    "cross_entropy": CrossEntropyLoss,
    "nll": NLLLoss,
    "hinge": HingeLoss,
    "smooth_l1": SmoothL1Loss,
    "kl_div": KLDivLoss,
    "poisson_nll": PoissonNLLLoss,
    "gaussian_nll": GaussianNLLLoss,
    "margin_ranking": MarginRankingLoss,
    "hinge_embedding": HingeEmbeddingLoss,
    "cosine_embedding": CosineEmbeddingLoss,
    "triplet_margin": TripletMarginLoss,
    "soft_margin": SoftMarginLoss,
    "multilabel_soft_margin": MultiLabelSoftMarginLoss,
    "multi_margin": MultiMarginLoss,
    "multilabel_margin": MultiLabelMarginLoss,
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
