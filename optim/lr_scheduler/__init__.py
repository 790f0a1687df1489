"""Learning-rate schedules (PyTorch's ``torch.optim.lr_scheduler``): change each parameter
group's ``lr`` once per epoch (``OneCycleLR``: once per batch).

Usage, as in PyTorch::

    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(100):
        train_one_epoch()            # calls optimizer.step() many times
        scheduler.step()             # then move to the next epoch's lr

- base.py: ``LRScheduler``, the base class (write ``get_lr()`` for a schedule of your own)
- decay.py: ``StepLR MultiStepLR ExponentialLR CosineAnnealingLR PolynomialLR LinearLR
  ConstantLR LambdaLR MultiplicativeLR``
- cyclic.py: ``CyclicLR CosineAnnealingWarmRestarts`` (usually stepped per batch)
- combine.py: ``SequentialLR`` (one schedule after another), ``ChainedScheduler`` (all at once)
- one_cycle.py: ``OneCycleLR``;  plateau.py: ``ReduceLROnPlateau``
"""

from .base import LRScheduler, _LRScheduler
from .combine import ChainedScheduler, SequentialLR
from .cyclic import CosineAnnealingWarmRestarts, CyclicLR
from .decay import (
    ConstantLR,
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    PolynomialLR,
    StepLR,
)
from .one_cycle import OneCycleLR
from .plateau import ReduceLROnPlateau

__all__ = [
    "LRScheduler",
    "StepLR",
    "MultiStepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "PolynomialLR",
    "LinearLR",
    "ConstantLR",
    "LambdaLR",
    "MultiplicativeLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "ChainedScheduler",
]
