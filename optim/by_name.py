"""Optimisers by name, for code that compares several: ``get_optimizer("adam", params, lr=1e-3)``."""

from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

OPTIMIZERS = {
    "sgd": SGD,
    "adam": Adam,
    "adamw": AdamW,
    "adamax": Adamax,
    "nadam": NAdam,
    "radam": RAdam,
    "rmsprop": RMSprop,
    "rprop": Rprop,
    "adagrad": Adagrad,
    "adadelta": Adadelta,
    "asgd": ASGD,
    "lbfgs": LBFGS,
}


def get_optimizer(name, params, **hyper_parameters):
    """``OPTIMIZERS[name.lower()](params, **hyper_parameters)``; an unknown name lists the valid ones."""
    if not isinstance(name, str):
        raise TypeError(f"get_optimizer: name must be a string such as 'adam', got {type(name).__name__}")
    key = name.lower()
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimiser {name!r}; valid names are: {', '.join(sorted(OPTIMIZERS))}")
    return OPTIMIZERS[key](params, **hyper_parameters)
