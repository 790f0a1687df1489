"""Smooth activations as modules: SiLU, Mish, SELU, CELU, Softsign, Tanhshrink, GLU.

Each module only calls the function of the same name in ``nn.functional`` (the formulas
are in ``nn.functional.smooth_activations``).
"""

from . import functional as F
from .functional.smooth_activations import check_celu_alpha
from .module import Module

__all__ = ["SiLU", "Mish", "SELU", "CELU", "Softsign", "Tanhshrink", "GLU"]


class InplaceActivation(Module):
    """An activation with PyTorch's ``inplace`` flag (printed when set, as PyTorch does)."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class SiLU(InplaceActivation):
    """x sigmoid(x)"""

    def forward(self, x):
        return F.silu(x, self.inplace)


class Mish(InplaceActivation):
    """x tanh(softplus(x))"""

    def forward(self, x):
        return F.mish(x, self.inplace)


class SELU(InplaceActivation):
    """scale * elu(x, alpha), SELU's constants"""

    def forward(self, x):
        return F.selu(x, self.inplace)


class CELU(Module):
    """x if x > 0 else alpha (e^(x/alpha) - 1)"""

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = check_celu_alpha(alpha, "CELU")
        self.inplace = inplace

    def forward(self, x):
        return F.celu(x, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softsign(Module):
    """x / (1 + |x|)"""

    def forward(self, x):
        return F.softsign(x)


class Tanhshrink(Module):
    """x - tanh(x)"""

    def forward(self, x):
        return F.tanhshrink(x)


class GLU(Module):
    """a sigmoid(b) for the halves a, b of the input along ``dim``"""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, x):
        return F.glu(x, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
