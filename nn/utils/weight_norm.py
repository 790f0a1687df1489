"""Weight normalization (Salimans & Kingma, 2016), PyTorch's legacy hook form:

    w = g * v / ||v||

with the norm taken over every dimension but ``dim`` (``dim=None``, as ``-1``: over the whole
tensor), so g holds one length per slice along ``dim`` (shape 1 in the other dimensions).
``weight_norm(module)`` replaces the parameter ``weight`` by ``weight_g`` and ``weight_v`` and
recomputes ``module.weight`` from them before every forward (a forward pre-hook). PyTorch
deprecates it in favour of ``parametrizations.weight_norm`` (a FutureWarning, here too).
"""

import warnings

import autograd

from ..module import Module
from ..parameter import Parameter

__all__ = ["WeightNorm", "remove_weight_norm", "weight_norm"]


def norm_except_dim(v, dim):
    """||v|| over every dimension but ``dim``, kept as size 1 (``dim == -1``: the whole norm, 0-d)."""
    if dim == -1:
        return autograd.linalg.vector_norm(v)
    dim = dim + v.ndim if dim < 0 else dim
    if not 0 <= dim < max(v.ndim, 1):
        raise IndexError(f"weight_norm: dim {dim} is out of range for a weight of shape {tuple(v.shape)}")
    others = tuple(d for d in range(v.ndim) if d != dim)
    return autograd.linalg.vector_norm(v, 2, dim=others, keepdim=True) if others else v.abs()


def _weight_norm(v, g, dim):
    """g * v / ||v|| (the norm by ``norm_except_dim``), in the graph of both."""
    return v * (g / norm_except_dim(v, dim))


def _hooks_of(module, kind, name):
    return [
        key for key, hook in module._forward_pre_hooks.items() if isinstance(hook, kind) and hook.name == name
    ]


def remove_hook(module, kind, name, owner):
    """Remove the ``kind`` forward pre-hook of parameter ``name``, which puts back a plain
    parameter (``owner``: the function whose hook it is, for the error); return the module."""
    for key in _hooks_of(module, kind, name):
        module._forward_pre_hooks[key].remove(module)
        del module._forward_pre_hooks[key]
        return module
    raise ValueError(f"{owner} of '{name}' not found in {module}")


class WeightNorm:
    """The forward pre-hook: ``module.<name> = g * v / ||v||`` before each forward."""

    def __init__(self, name, dim):
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module):
        return _weight_norm(getattr(module, self.name + "_v"), getattr(module, self.name + "_g"), self.dim)

    @staticmethod
    def apply(module, name, dim):
        warnings.warn(
            "`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.",
            FutureWarning,
            stacklevel=3,
        )
        if not isinstance(module, Module):
            raise TypeError(f"weight_norm: expected an nn.Module, got {type(module).__name__}")
        if _hooks_of(module, WeightNorm, name):
            raise RuntimeError(f"Cannot register two weight_norm hooks on the same parameter {name}")
        weight = module._parameters.get(name)
        if weight is None:
            raise AttributeError(f"weight_norm: {type(module).__name__} has no parameter named {name!r}")
        if hasattr(weight, "materialize"):
            raise ValueError(
                "The module passed to `WeightNorm` can't have uninitialized parameters. Make sure to "
                "run the dummy forward before applying weight normalization"
            )
        fn = WeightNorm(name, dim)
        delattr(module, name)
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, fn.dim).detach()))
        module.register_parameter(name + "_v", Parameter(weight.detach()))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        weight = self.compute_weight(module)
        delattr(module, self.name)
        delattr(module, self.name + "_g")
        delattr(module, self.name + "_v")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Reparametrize ``module.<name>`` as ``g * v / ||v||`` (parameters ``<name>_g``,
    ``<name>_v``); the norm is over every dimension but ``dim`` (None: the whole tensor)."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo ``weight_norm``: ``<name>`` is a plain parameter again, holding g * v / ||v||."""
    return remove_hook(module, WeightNorm, name, "weight_norm")
