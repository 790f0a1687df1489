"""Piecewise activations as modules: Hardtanh, ReLU6, Hardsigmoid, Hardswish, Threshold,
Softshrink, Hardshrink, PReLU (a learned slope) and RReLU (a random slope while training).

Each module only calls the function of the same name in ``nn.functional`` (the formulas
are in ``nn.functional.piecewise_activations`` and ``random_activations``).
"""

import numpy as np

from autograd import get_default_dtype

from . import functional as F
from . import init as initializers
from .functional._checks import check_real
from .functional.piecewise_activations import check_hardtanh
from .functional.random_activations import check_rrelu
from .module import Module, Parameter
from .smooth_activation import InplaceActivation

__all__ = [
    "Hardtanh",
    "ReLU6",
    "Hardsigmoid",
    "Hardswish",
    "Threshold",
    "Softshrink",
    "Hardshrink",
    "PReLU",
    "RReLU",
]


class Hardtanh(Module):
    """min(max(x, min_val), max_val)"""

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        self.min_val, self.max_val = check_hardtanh(min_val, max_val, "Hardtanh")
        self.inplace = inplace

    def forward(self, x):
        return F.hardtanh(x, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class ReLU6(InplaceActivation):
    """min(max(x, 0), 6)"""

    def forward(self, x):
        return F.relu6(x, self.inplace)


class Hardsigmoid(InplaceActivation):
    """min(max(x + 3, 0), 6) / 6"""

    def forward(self, x):
        return F.hardsigmoid(x, self.inplace)

    def extra_repr(self):
        return ""  # PyTorch prints Hardsigmoid()


class Hardswish(InplaceActivation):
    """x hardsigmoid(x)"""

    def forward(self, x):
        return F.hardswish(x, self.inplace)

    def extra_repr(self):
        return ""  # PyTorch prints Hardswish()


class Threshold(Module):
    """x where x > threshold, else value"""

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = check_real("Threshold", "threshold", threshold)
        self.value = check_real("Threshold", "value", value)
        self.inplace = inplace

    def forward(self, x):
        return F.threshold(x, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class Softshrink(Module):
    """x - lambd above lambd, x + lambd below -lambd, 0 between"""

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = check_real(type(self).__name__, "lambd", lambd, low=0, requirement="a number >= 0")

    def forward(self, x):
        return F.softshrink(x, self.lambd)

    def extra_repr(self):
        return str(self.lambd)


class Hardshrink(Softshrink):
    """x where |x| > lambd, else 0"""

    def forward(self, x):
        return F.hardshrink(x, self.lambd)


class PReLU(Module):
    """x where x > 0, else a x, with ``weight`` a: ``num_parameters`` learned slopes (1, or one
    per channel, dimension 1 of the input), each starting at ``init``."""

    def __init__(self, num_parameters=1, init=0.25):
        super().__init__()
        if (
            isinstance(num_parameters, bool)
            or not isinstance(num_parameters, (int, np.integer))
            or num_parameters < 1
        ):
            raise ValueError(f"PReLU: num_parameters must be a positive integer, got {num_parameters!r}")
        self.num_parameters = int(num_parameters)
        self.init = check_real("PReLU", "init", init)
        self.weight = Parameter(np.empty(self.num_parameters, get_default_dtype()))
        self.reset_parameters()

    def reset_parameters(self):
        """Every slope set to ``init``."""
        initializers.constant_(self.weight, self.init)

    def forward(self, x):
        return F.prelu(x, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """x where x > 0, else a x: a ~ U(lower, upper) per element while training, (lower + upper) / 2
    in evaluation (``model.eval()``)."""

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper = check_rrelu(lower, upper, "RReLU")
        self.inplace = inplace

    def forward(self, x):
        return F.rrelu(x, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace else "")
