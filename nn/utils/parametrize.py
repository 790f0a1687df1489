"""Parametrizations (PyTorch's ``torch.nn.utils.parametrize``): a parameter or buffer computed
from another tensor by a module, e.g. a weight kept symmetric, ``W = X.triu() + X.triu(1).T``.

``register_parametrization(module, "weight", P())`` moves the weight to
``module.parametrizations.weight.original`` (a ``ParametrizationList``, which also holds P) and
gives ``module`` a property ``weight`` that returns ``P(original)`` each time it is read, so the
gradient of anything computed from the weight reaches ``original``, which the optimiser trains.
As in PyTorch, this swaps the module's class for a subclass, ``Parametrized<Class>``, that
holds the property; ``remove_parametrizations`` swaps it back.

- Several parametrizations on one tensor are applied in the order they were registered.
- If P has ``right_inverse(W)``, registering sets ``original = P.right_inverse(weight)`` (else the
  weight itself), and assigning ``module.weight = W`` stores ``right_inverse(W)``. A
  right_inverse that returns several tensors (weight norm's ``(g, v)``) stores them as
  ``original0``, ``original1``, ... and the first parametrization's forward takes them all.
- ``with cached():`` each parametrized tensor is computed once and reused.
"""

import contextlib

from autograd import Tensor, no_grad

from ..container import ModuleDict
from ..module import Module, ModuleList, Parameter

__all__ = [
    "ParametrizationList",
    "cached",
    "is_parametrized",
    "register_parametrization",
    "remove_parametrizations",
    "type_before_parametrizations",
]

_cache_enabled = 0
_cache = {}


@contextlib.contextmanager
def cached():
    """Within it, each parametrized tensor is computed the first time it is read and the same
    Tensor is returned after that (PyTorch's ``parametrize.cached``)."""
    global _cache_enabled
    _cache_enabled += 1
    try:
        yield
    finally:
        _cache_enabled -= 1
        if not _cache_enabled:
            _cache.clear()


def _set(tensor, value):
    """tensor's values become value's (PyTorch's ``set_``), outside the graph."""
    with no_grad():
        if tensor.shape == value.shape and tensor.dtype == value.dtype:
            tensor.copy_(value)
        else:
            tensor.data = value


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, applied in order to ``original``."""

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        with no_grad():
            new = original
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:  # PyTorch's convention: no inverse, keep the value
                        pass
        if not isinstance(new, (Tensor, list, tuple)):
            raise ValueError(
                f"'right_inverse' must return a Tensor or a sequence of tensors (list, tuple...), got "
                f"{type(new).__name__}"
            )
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if not self.is_tensor:  # the first parametrization takes several tensors: original0, ...
            for i, value in enumerate(new):
                if not isinstance(value, Tensor):
                    raise ValueError(
                        f"'right_inverse' must return a sequence of tensors, got element {i} of type "
                        f"{type(value).__name__}"
                    )
                value = value.detach().clone()
                if isinstance(original, Parameter):
                    self.register_parameter(f"original{i}", Parameter(value, original.requires_grad))
                else:
                    self.register_buffer(f"original{i}", value)
            return
        if not unsafe and new.dtype != original.dtype:
            raise ValueError(
                f"when right_inverse is given, it must return a tensor of the dtype of the original "
                f"({original.dtype}), got {new.dtype}"
            )
        _set(original, new)
        if isinstance(original, Parameter):
            self.register_parameter("original", original)
        else:
            self.register_buffer("original", original)

    def right_inverse(self, value):
        """Store ``value`` as the parametrized tensor: original(s) = the right inverses, last first."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(
                        f"parametrization {type(module).__name__} does not implement right_inverse."
                    )
                value = module.right_inverse(value)
        if self.is_tensor:
            self._store(self.original, value, "`original`")
            return
        if not isinstance(value, (list, tuple)) or len(value) != self.ntensors:
            raise ValueError(
                f"right_inverse must return a sequence of {self.ntensors} tensors, got "
                f"{len(value) if isinstance(value, (list, tuple)) else type(value).__name__}"
            )
        for i, tensor in enumerate(value):
            self._store(getattr(self, f"original{i}"), tensor, f"`original{i}`")

    @staticmethod
    def _store(original, value, what):
        if not isinstance(value, Tensor):
            raise ValueError(f"right_inverse must return a Tensor, got {type(value).__name__}")
        if value.dtype != original.dtype:
            raise ValueError(
                f"the tensor returned by right_inverse has dtype {value.dtype} while {what} has "
                f"dtype {original.dtype}"
            )
        _set(original, value)

    def forward(self):
        modules = list(self)
        if self.is_tensor:
            x = modules[0](self.original)
        else:
            x = modules[0](*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in modules[1:]:
            x = module(x)
        return x


def _inject_new_class(module):
    cls = module.__class__
    module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {})


def _inject_property(module, tensor_name):
    def get_parametrized(self):
        parametrization = self.parametrizations[tensor_name]
        if not _cache_enabled:
            return parametrization()
        key = (id(self), tensor_name)
        if key not in _cache:
            _cache[key] = parametrization()
        return _cache[key]

    def set_original(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(module.__class__, tensor_name, property(get_parametrized, set_original))


def _check(owner, before, after, what):
    if not isinstance(after, Tensor):
        raise ValueError(f"{owner}: {what} must return a Tensor, got {type(after).__name__}")
    if after.dtype != before.dtype or after.shape != before.shape:
        raise ValueError(
            f"{owner}: registering a parametrization may not change the shape or dtype of the tensor "
            f"(unless unsafe=True): {what} gives {tuple(after.shape)} {after.dtype}, the tensor is "
            f"{tuple(before.shape)} {before.dtype}"
        )


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make ``module.<tensor_name>`` the result of ``parametrization`` (a Module) applied to
    ``module.parametrizations[tensor_name].original``; a second call on the same name chains
    another parametrization after the first. Returns the module."""
    owner = "register_parametrization"
    if not isinstance(parametrization, Module):
        raise TypeError(
            f"{owner}: parametrization must be an nn.Module, got {type(parametrization).__name__}"
        )
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            with no_grad():
                y = getattr(module, tensor_name)
                x = parametrization(y)
                _check(owner, y, x, f"{type(parametrization).__name__}.forward")
                if hasattr(parametrization, "right_inverse"):
                    _check(
                        owner,
                        y,
                        parametrization.right_inverse(x),
                        f"{type(parametrization).__name__}.right_inverse",
                    )
        module.parametrizations[tensor_name].append(parametrization)
        module.parametrizations[tensor_name].unsafe |= unsafe
    elif tensor_name in module._parameters or tensor_name in module._buffers:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        if not unsafe:
            with no_grad():
                _check(owner, original, parametrizations(), f"{type(parametrization).__name__}.forward")
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        module.parametrizations[tensor_name] = parametrizations
        _inject_property(module, tensor_name)
    else:
        raise ValueError(
            f"{owner}: module {type(module).__name__} does not have a parameter, a buffer, or a "
            f"parametrized element with name {tensor_name!r}"
        )
    return module


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has a parametrization (on ``tensor_name``, if given)."""
    parametrizations = module.__dict__.get("_modules", {}).get("parametrizations")
    if not isinstance(parametrizations, ModuleDict):
        return False
    return len(parametrizations) > 0 if tensor_name is None else tensor_name in parametrizations


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Undo register_parametrization on ``tensor_name``: it becomes a plain parameter (or buffer)
    again, holding the parametrized value (``leave_parametrized=True``) or the original one."""
    if not is_parametrized(module, tensor_name):
        raise ValueError(
            f"remove_parametrizations: module {type(module).__name__} does not have a parametrization "
            f"on {tensor_name!r}"
        )
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                value = getattr(module, tensor_name)
            _set(original, value)
    elif leave_parametrized:  # parametrized by several tensors: keep the value as a new tensor
        with no_grad():
            value = getattr(module, tensor_name)
        original = Parameter(value) if parametrizations.original0.requires_grad else value
    else:
        raise ValueError(
            "remove_parametrizations: cannot leave unparametrized (leave_parametrized=False) a "
            "tensor that is parametrized in terms of a sequence of tensors"
        )
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    if isinstance(original, Parameter):
        module.register_parameter(tensor_name, original)
    else:
        module.register_buffer(tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module


def type_before_parametrizations(module):
    """The module's class before any parametrization was registered on it."""
    return module.__class__.__bases__[0] if is_parametrized(module) else type(module)
