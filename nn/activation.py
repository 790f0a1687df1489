"""The common activation functions as modules, and ``get_activation`` to name any activation
module with a string (see ``ACTIVATIONS``).

Each module only calls the function of the same name in ``nn.functional``;
the formulas are in the docstrings there. More activations are in ``smooth_activation``
(SiLU, Mish, SELU, ...) and ``piecewise_activation`` (Hardtanh, ReLU6, PReLU, RReLU, ...).
"""

from . import functional as F
from .functional._checks import as_tensor, check_real
from .functional.activations import check_softplus
from .module import Identity, Module
from .piecewise_activation import (
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    PReLU,
    ReLU6,
    RReLU,
    Softshrink,
)
from .smooth_activation import CELU, GLU, SELU, Mish, SiLU, Softsign, Tanhshrink

__all__ = [
    "ReLU",
    "LeakyReLU",
    "ELU",
    "Softplus",
    "GELU",
    "Sigmoid",
    "Tanh",
    "LogSigmoid",
    "Softmax",
    "Softmax2d",
    "LogSoftmax",
    "Softmin",
    "ACTIVATIONS",
    "get_activation",
]


class ReLU(Module):
    """max(x, 0); ``inplace=True`` overwrites the input (PyTorch's flag)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        return F.relu(x, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """x if x > 0 else negative_slope * x"""

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = float(check_real("LeakyReLU", "negative_slope", negative_slope))
        self.inplace = inplace

    def forward(self, x):
        return F.leaky_relu(x, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """x if x > 0 else alpha (e^x - 1)"""

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = float(check_real("ELU", "alpha", alpha))
        self.inplace = inplace

    def forward(self, x):
        return F.elu(x, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softplus(Module):
    """log(1 + e^(beta x)) / beta, linear above ``threshold``"""

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = check_softplus(beta, threshold, "Softplus")

    def forward(self, x):
        return F.softplus(x, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class GELU(Module):
    """x Phi(x) (``approximate="tanh"`` for the tanh formula)"""

    def __init__(self, approximate="none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, x):
        return F.gelu(x, self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Sigmoid(Module):
    """1 / (1 + e^-x)"""

    def forward(self, x):
        return F.sigmoid(x)


class Tanh(Module):
    """tanh x"""

    def forward(self, x):
        return F.tanh(x)


class LogSigmoid(Module):
    """log sigmoid(x), stable"""

    def forward(self, x):
        return F.logsigmoid(x)


class Softmax(Module):
    """e^x_i / sum_j e^x_j along ``dim``"""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return F.softmax(x, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax2d(Module):
    """softmax over the channels (dim -3) of each position of (N, C, H, W) or (C, H, W)"""

    def forward(self, x):
        x = as_tensor(x)
        if x.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {x.ndim}D instead")
        return F.softmax(x, -3)


class LogSoftmax(Module):
    """log softmax along ``dim``"""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return F.log_softmax(x, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmin(Module):
    """softmax(-x) along ``dim`` (None: PyTorch's implicit choice, see ``F.softmin``)"""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return F.softmin(x, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


ACTIVATIONS = {
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softplus": Softplus,
    "gelu": GELU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "logsigmoid": LogSigmoid,
    "softmax": Softmax,
    "log_softmax": LogSoftmax,
    "softmin": Softmin,
    "silu": SiLU,
    "mish": Mish,
    "selu": SELU,
    "celu": CELU,
    "softsign": Softsign,
    "tanhshrink": Tanhshrink,
    "glu": GLU,
    "hardtanh": Hardtanh,
    "relu6": ReLU6,
    "hardsigmoid": Hardsigmoid,
    "hardswish": Hardswish,
    "softshrink": Softshrink,
    "hardshrink": Hardshrink,
    "prelu": PReLU,
    "rrelu": RReLU,
    "identity": Identity,
    "linear": Identity,
}


def get_activation(activation):
    """A new activation module from a name (``"relu"``, case-insensitive), a Module class,
    or a Module (returned as it is). ``None``, ``"identity"`` and ``"linear"`` give ``Identity()``.
    """
    if activation is None:
        return Identity()
    if isinstance(activation, Module):
        return activation
    if isinstance(activation, type) and issubclass(activation, Module):
        return activation()
    if isinstance(activation, str):
        key = activation.lower()
        if key not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}; valid names are: {', '.join(sorted(ACTIVATIONS))}"
            )
        return ACTIVATIONS[key]()
    raise TypeError(
        f"activation must be a name, a Module class, a Module or None, got {type(activation).__name__}"
    )
