"""Spectral normalization (Miyato et al., 2018), PyTorch's legacy hook form:

    W_SN = W / sigma(W),   sigma(W) ~ u . (W v)

with W seen as a matrix (rows: dimension ``dim``, the outputs) and (u, v) estimates of its top
singular vectors, buffers ``weight_u`` and ``weight_v`` drawn N(0, 1) and normalized when the
hook is registered (PyTorch's draws: u then v). In training mode every forward first runs
``n_power_iterations`` steps of the power method, outside the graph,

    v <- normalize(W^T u),   u <- normalize(W v)      (normalize: x / max(||x||, eps))

and in eval mode u and v are used as they are. The gradient flows through sigma(W) with u and v
held constant. The parameter is kept as ``weight_orig``.
"""

import autograd
from autograd import no_grad, random

from ..conv import ConvTranspose1d, ConvTranspose2d
from ..functional import normalize
from ..module import Module
from ..parameter import Parameter
from .weight_norm import _hooks_of, remove_hook

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]

_TRANSPOSED = (ConvTranspose1d, ConvTranspose2d)


class SpectralNorm:
    """The forward pre-hook: ``module.<name> = weight_orig / sigma`` before each forward."""

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        if isinstance(n_power_iterations, bool) or not isinstance(n_power_iterations, int):
            raise TypeError(f"spectral_norm: n_power_iterations must be an int, got {n_power_iterations!r}")
        if n_power_iterations <= 0:
            raise ValueError(
                f"Expected n_power_iterations to be positive, but got n_power_iterations={n_power_iterations}"
            )
        self.name, self.dim, self.n_power_iterations, self.eps = name, dim, n_power_iterations, eps

    def reshape_weight_to_matrix(self, weight):
        """The weight as a matrix: dimension ``dim`` first, the others flattened."""
        if self.dim != 0:
            weight = weight.permute(self.dim, *[d for d in range(weight.ndim) if d != self.dim])
        return weight.reshape(weight.shape[0], -1)

    def compute_weight(self, module, do_power_iteration):
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        matrix = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(normalize(matrix.t() @ u, dim=0, eps=self.eps))
                    u.copy_(normalize(matrix @ v, dim=0, eps=self.eps))
            u, v = u.clone(), v.clone()
        sigma = autograd.dot(u, matrix @ v)
        return weight / sigma

    @staticmethod
    def apply(module, name, n_power_iterations, dim, eps):
        if not isinstance(module, Module):
            raise TypeError(f"spectral_norm: expected an nn.Module, got {type(module).__name__}")
        if _hooks_of(module, SpectralNorm, name):
            raise RuntimeError(f"Cannot register two spectral_norm hooks on the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        if name not in module._parameters:
            raise KeyError(f"spectral_norm: {type(module).__name__} has no parameter named {name!r}")
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        if hasattr(weight, "materialize"):
            raise ValueError(
                "The module passed to `SpectralNorm` can't have uninitialized parameters. Make sure to "
                "run the dummy forward before applying spectral normalization"
            )
        with no_grad():
            h, w = fn.reshape_weight_to_matrix(weight).shape
            u = normalize(random.normal_(weight.new_empty(h), 0.0, 1.0), dim=0, eps=fn.eps)
            v = normalize(random.normal_(weight.new_empty(w), 0.0, 1.0), dim=0, eps=fn.eps)
        delattr(module, name)
        module.register_parameter(name + "_orig", weight)
        setattr(module, name, weight.detach())
        module.register_buffer(name + "_u", u)
        module.register_buffer(name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        for suffix in ("", "_u", "_v", "_orig"):
            delattr(module, self.name + suffix)
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))


def default_dim(module):
    """The dimension of the outputs: 1 for a transposed convolution's weight, else 0."""
    return 1 if isinstance(module, _TRANSPOSED) else 0


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Divide ``module.<name>`` by its largest singular value, estimated by the power method (see
    the module docstring); ``dim`` None: 0, or 1 for ConvTranspose layers."""
    SpectralNorm.apply(module, name, n_power_iterations, default_dim(module) if dim is None else dim, eps)
    return module


def remove_spectral_norm(module, name="weight"):
    """Undo ``spectral_norm``: ``<name>`` is a plain parameter again, holding weight_orig / sigma."""
    return remove_hook(module, SpectralNorm, name, "spectral_norm")
