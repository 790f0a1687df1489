"""optim: training rules that move parameters along their gradients.

``opt = optim.Adam(model.parameters(), lr=1e-3)``, then per batch
``opt.zero_grad(); loss.backward(); opt.step()``. ``LBFGS`` takes a closure that
recomputes the loss: ``opt.step(closure)``. Schedules that change the learning rate per
epoch live in ``optim.lr_scheduler``. ``get_optimizer(name, params, ...)`` builds one from
its name. ``optim.swa_utils`` (weight averaging) is imported on first use: it needs ``nn``,
which ``optim`` does not import.
"""

import importlib

from . import lr_scheduler
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .by_name import OPTIMIZERS, get_optimizer
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

__all__ = [
    "Optimizer",
    "SGD",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "RAdam",
    "RMSprop",
    "Rprop",
    "Adagrad",
    "Adadelta",
    "Adafactor",
    "ASGD",
    "LBFGS",
    "SparseAdam",
    "lr_scheduler",
    "OPTIMIZERS",
    "get_optimizer",
    "swa_utils",
]


def __getattr__(name):
    if name == "swa_utils":  # late: swa_utils needs nn.Module, and optim does not import nn
        return importlib.import_module(".swa_utils", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"swa_utils"})
