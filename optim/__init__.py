"""optim: training rules that move parameters along their gradients.

``opt = optim.Adam(model.parameters(), lr=1e-3)``, then per batch
``opt.zero_grad(); loss.backward(); opt.step()``. Schedules that change the
learning rate per epoch live in ``optim.lr_scheduler``. ``get_optimizer(name, params, ...)``
builds one from its name.
"""

from . import lr_scheduler
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .by_name import OPTIMIZERS, get_optimizer
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = [
    "Optimizer",
    "SGD",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
    "Adadelta",
    "lr_scheduler",
    "OPTIMIZERS",
    "get_optimizer",
]
