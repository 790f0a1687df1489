"""Module, Parameter and the containers that hold modules.

A ``Module`` is a function with state. Its state is registered simply by
assigning attributes in ``__init__``::

    class Affine(nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.Parameter(np.ones((2, 3)))   # a parameter
            self.inner = nn.Linear(3, 3)                   # a submodule

        def forward(self, x):
            return self.inner(x) @ self.weight.T

Three kinds of attribute are recorded, each in its own ordered dict:

* ``Parameter`` -> ``_parameters``: trainable tensors (``requires_grad=True``),
  returned by ``parameters()`` and updated by optimisers;
* ``Module`` -> ``_modules``: submodules, searched recursively;
* buffers (``register_buffer``) -> ``_buffers``: state that is saved with the
  model but not trained, such as batch norm's running statistics.

Each entry is also kept as a plain attribute, so reading ``self.weight`` in
``forward`` is an ordinary attribute lookup (not a search through the three
dicts, which costs several times more on every call). Change entries by
assigning attributes or with ``register_*``, not by editing the dicts.

Naming: a parameter's ``.name`` (shown in graph drawings) becomes its
qualified name in the outermost model, e.g. ``layers.0.weight`` -- the same
string ``named_parameters()`` yields. It is set at registration time: a
parameter gets its attribute name (``weight``), and when a module is
registered in a parent under ``key`` its parameters are renamed
``key.<name>``; models are built from the inside out, so after construction
the names are complete. Modules added to a container *after* the container
was registered are caught up the next time ``named_parameters()`` or
``parameters()`` is called on the outermost model (a module that is nobody's
submodule); calling them on a submodule renames nothing.
"""
from collections import OrderedDict, namedtuple

import numpy as np

from autograd import Tensor, no_grad

__all__ = ["Parameter", "Module", "Sequential", "ModuleList", "Identity",
           "StateDictError", "IncompatibleKeys", "RemovableHandle"]


class Parameter(Tensor):
    """A Tensor that a Module registers as trainable (``requires_grad=True`` by default).

    ``Parameter(data)`` accepts what ``Tensor`` accepts, or a Tensor (its values are copied).
    """

    def __init__(self, data, requires_grad=True, dtype=None, name=None):
        if isinstance(data, Tensor):
            data = data._data
        super().__init__(data, requires_grad=requires_grad, dtype=dtype, name=name)


class StateDictError(ValueError, RuntimeError):
    """``load_state_dict`` found missing, unexpected or mis-shaped entries.

    A ValueError, and also a RuntimeError (the type PyTorch raises).
    """


IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


def _as_buffer(value, name):
    """Buffers are Tensors that never require a gradient (None is allowed: 'not used')."""
    if value is None:
        return None
    if isinstance(value, Tensor):
        return Tensor(value._data)
    try:
        return Tensor(np.asarray(value))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"buffer {name!r} must be a Tensor, an array or None, "
                        f"got {type(value).__name__}") from exc


class Module:
    """Base class of every layer and model: subclass it and write ``forward``."""

    def __init__(self):
        # object.__setattr__ because our own __setattr__ needs these dicts to exist.
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_is_submodule", False)   # set once registered in a parent
        object.__setattr__(self, "_forward_hooks", {})      # handle id -> hook(module, input, output)

    # ---- registration ---------------------------------------------------------------

    def _registries(self, name):
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot assign {name!r} before Module.__init__() is called: "
                                 f"call super().__init__() first in {type(self).__name__}.__init__")
        return self._parameters, self._buffers, self._modules

    def __setattr__(self, name, value):
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
            return
        if isinstance(value, Module):
            self.add_module(name, value)
            return
        params, buffers, modules = (self.__dict__.get(key, {}) for key in ("_parameters", "_buffers", "_modules"))
        if value is None and (name in params or name in modules):
            (params if name in params else modules)[name] = None
            object.__setattr__(self, name, None)
        elif name in buffers:
            buffers[name] = _as_buffer(value, name)
            object.__setattr__(self, name, buffers[name])
        elif name in params or name in modules:
            kind = "Parameter" if name in params else "Module"
            raise TypeError(f"cannot assign {type(value).__name__} to {name!r} of "
                            f"{type(self).__name__}: it is a registered {kind} (use a {kind} or None)")
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # Only called when normal lookup fails: for a name that is no attribute, or one put
        # into a registry directly instead of through __setattr__ / register_*.
        for registry in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(registry)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __delattr__(self, name):
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                self.__dict__.pop(name, None)
                return
        object.__delattr__(self, name)

    def _claim_name(self, name, registry):
        """Check ``name`` and remove it from every other place, so it lives in ``registry`` only
        (and as the plain attribute the caller sets)."""
        if not isinstance(name, str) or not name or "." in name:
            raise ValueError(f"{type(self).__name__}: attribute name must be a non-empty string "
                             f"without '.', got {name!r}")
        for other in self._registries(name):
            if other is not getattr(self, registry):
                other.pop(name, None)
        self.__dict__.pop(name, None)

    def register_parameter(self, name, param):
        """Register ``param`` (a Parameter, or None for 'absent') under ``name``; sets ``param.name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter({name!r}): expected a Parameter or None, "
                            f"got {type(param).__name__}")
        self._claim_name(name, "_parameters")
        self._parameters[name] = param
        object.__setattr__(self, name, param)
        if param is not None:
            param.name = name

    def register_buffer(self, name, tensor):
        """Register non-trainable state (a Tensor, array or None) saved in ``state_dict()``."""
        self._claim_name(name, "_buffers")
        self._buffers[name] = _as_buffer(tensor, name)
        object.__setattr__(self, name, self._buffers[name])

    def add_module(self, name, module):
        """Register ``module`` (or None) under ``name`` and prefix its parameters' names with it."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module({name!r}): expected a Module or None, got {type(module).__name__}")
        self._claim_name(name, "_modules")
        self._modules[name] = module
        object.__setattr__(self, name, module)
        if module is not None:
            object.__setattr__(module, "_is_submodule", True)
            for qualified, param in module.named_parameters():
                param.name = f"{name}.{qualified}"

    # ---- traversal ------------------------------------------------------------------

    def named_modules(self, prefix=""):
        """Yield ``(qualified_name, module)`` for this module (name ``prefix``) and every descendant, once each."""
        seen = set()
        stack = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if id(module) in seen:
                continue
            seen.add(id(module))
            yield name, module
            children = [(f"{name}.{key}" if name else key, child)
                        for key, child in module._modules.items() if child is not None]
            stack.extend(reversed(children))  # reversed so children come out in order

    def modules(self):
        """Yield this module and every descendant (depth first, in registration order)."""
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """Yield ``(name, module)`` for the direct submodules."""
        for name, module in self._modules.items():
            if module is not None:
                yield name, module

    def children(self):
        """Yield the direct submodules."""
        for _, module in self.named_children():
            yield module

    def _named_entries(self, registry, prefix, recurse):
        seen = set()
        modules = self.named_modules(prefix) if recurse else [(prefix, self)]
        for module_name, module in modules:
            for key, value in getattr(module, registry).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{module_name}.{key}" if module_name else key), value

    def named_parameters(self, prefix="", recurse=True):
        """Yield ``(qualified_name, parameter)``, e.g. ``("layers.0.weight", p)``; a shared parameter once.

        On the outermost model this also sets each parameter's ``.name`` to its qualified name.
        """
        for name, param in self._named_entries("_parameters", prefix, recurse):
            if not self._is_submodule:
                param.name = name
            yield name, param

    def parameters(self, recurse=True):
        """Yield every parameter once (what an optimiser needs)."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True):
        """Yield ``(qualified_name, buffer)`` for the registered buffers."""
        yield from self._named_entries("_buffers", prefix, recurse)

    def buffers(self, recurse=True):
        """Yield every buffer once."""
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def num_parameters(self, only_trainable=False):
        """Number of scalars in the parameters (only those with ``requires_grad`` if ``only_trainable``)."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not only_trainable)

    def apply(self, fn):
        """Call ``fn(module)`` on every submodule and then on this module (e.g. to initialise); return self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ---- training helpers -----------------------------------------------------------

    def zero_grad(self, set_to_none=True):
        """Forget accumulated gradients: ``grad = None`` (or zeros with ``set_to_none=False``)."""
        for param in self.parameters():
            if set_to_none or param.grad is None:
                param.grad = None
            else:
                param.grad = np.zeros_like(param._data)

    def train(self, mode=True):
        """Set training mode (dropout active, batch norm uses batch statistics) here and below; return self."""
        if not isinstance(mode, bool):
            raise TypeError(f"train(mode): mode must be a bool, got {type(mode).__name__}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Set evaluation mode (``train(False)``); return self."""
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Switch gradient tracking of all parameters on or off (to freeze a part of a model); return self."""
        for param in self.parameters():
            param.requires_grad = requires_grad
        return self

    def to(self, dtype):
        """Cast floating-point parameters and buffers to ``dtype`` (e.g. ``np.float32``) in place; return self."""
        try:
            dtype = np.dtype(dtype)
        except (TypeError, ValueError, SyntaxError):     # numpy parses some strings as Python code
            raise TypeError(f"to(dtype): {dtype!r} is not a dtype (use e.g. np.float32)") from None
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"to(dtype): dtype must be a floating-point type, got {dtype}")
        for tensor in [*self.parameters(), *self.buffers()]:
            if np.issubdtype(tensor.dtype, np.floating):
                tensor._data = tensor._data.astype(dtype)
                if tensor.grad is not None:
                    tensor.grad = tensor.grad.astype(dtype)
        return self

    def double(self):
        """``to(np.float64)``."""
        return self.to(np.float64)

    def float(self):
        """``to(np.float32)``."""
        return self.to(np.float32)

    # ---- calling --------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward(...)")

    def __call__(self, *args, **kwargs):
        output = self.forward(*args, **kwargs)
        if self._forward_hooks:
            for hook in list(self._forward_hooks.values()):
                replaced = hook(self, args, output)
                if replaced is not None:
                    output = replaced
        return output

    def register_forward_hook(self, hook):
        """Call ``hook(module, input, output)`` after every ``forward`` (``input``: the tuple of
        positional arguments); a hook that returns something replaces the output. Returns a
        handle whose ``remove()`` unregisters it (PyTorch's signature)."""
        if not callable(hook):
            raise TypeError(f"register_forward_hook: hook must be callable, got {type(hook).__name__}")
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    # ---- saving and loading ---------------------------------------------------------

    def state_dict(self):
        """An OrderedDict ``qualified_name -> numpy array`` (copies) of parameters and buffers.

        Order: for each module (depth first), its parameters then its buffers.
        """
        state = OrderedDict()
        for module_name, module in self.named_modules():
            for registry in (module._parameters, module._buffers):
                for key, value in registry.items():
                    if value is not None:
                        state[f"{module_name}.{key}" if module_name else key] = value._data.copy()
        return state

    def _state_tensors(self):
        """Like ``state_dict()`` but the live Tensors, not copies."""
        tensors = OrderedDict()
        for module_name, module in self.named_modules():
            for registry in (module._parameters, module._buffers):
                for key, value in registry.items():
                    if value is not None:
                        tensors[f"{module_name}.{key}" if module_name else key] = value
        return tensors

    def load_state_dict(self, state_dict, strict=True):
        """Copy ``state_dict``'s arrays into the parameters and buffers, in place.

        Everything is checked first; if any entry is mis-shaped (or, with ``strict``, missing
        or unexpected) a ``StateDictError`` lists all problems and nothing is changed. Values
        are cast to each parameter's dtype. Returns ``IncompatibleKeys(missing, unexpected)``.
        """
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"load_state_dict: expected a dict of arrays, got {type(state_dict).__name__}")
        targets = self._state_tensors()
        missing = [key for key in targets if key not in state_dict]
        unexpected = [key for key in state_dict.keys() if key not in targets]
        problems, values = [], {}
        for key, tensor in targets.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            value = value._data if isinstance(value, Tensor) else value
            try:
                value = np.asarray(value)
                if value.dtype.kind not in "biuf":     # complex would silently lose its imaginary part
                    raise TypeError(f"dtype {value.dtype} is not a real number type")
                value = value.astype(tensor.dtype, casting="unsafe")
            except (TypeError, ValueError) as exc:
                problems.append(f"  {key}: cannot convert to {tensor.dtype} ({exc})")
                continue
            if value.shape != tensor.shape:
                problems.append(f"  {key}: shape {value.shape} in the state dict, "
                                f"{tuple(tensor.shape)} in the model")
                continue
            values[key] = value
        if strict:
            problems += [f"  missing: {key}" for key in missing]
            problems += [f"  unexpected: {key}" for key in unexpected]
        if problems:
            raise StateDictError(f"load_state_dict for {type(self).__name__} failed, "
                                 f"model left unchanged:\n" + "\n".join(problems))
        with no_grad():
            for key, value in values.items():
                targets[key][...] = value
        return IncompatibleKeys(missing, unexpected)

    # ---- printing -------------------------------------------------------------------

    def extra_repr(self):
        """The text inside ``Name(...)``; layers override it to show their settings."""
        return ""

    def __repr__(self):
        lines = [f"({key}): " + repr(child).replace("\n", "\n  ")
                 for key, child in self._modules.items()]
        extra = self.extra_repr()
        if not lines:
            return f"{type(self).__name__}({extra})"
        body = "\n  ".join(([extra] if extra else []) + lines)
        return f"{type(self).__name__}(\n  {body}\n)"


class RemovableHandle:
    """What ``register_forward_hook`` returns: ``remove()`` unregisters the hook (twice is fine)."""

    _count = 0

    def __init__(self, hooks):
        RemovableHandle._count += 1
        self.id, self._hooks = RemovableHandle._count, hooks

    def remove(self):
        self._hooks.pop(self.id, None)


class ModuleList(Module):
    """A list of registered modules, named ``"0"``, ``"1"``, ...; it has no forward of its own.

    Use it when ``forward`` needs to do more than chain the modules. Indexing with an int
    gives a module, with a slice a new container holding the same modules.
    """

    def __init__(self, modules=()):
        super().__init__()
        self.extend(modules)

    def append(self, module):
        """Add ``module`` at the end; return self."""
        if not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__}.append: expected a Module, got {type(module).__name__}")
        self.add_module(str(len(self._modules)), module)
        return self

    def extend(self, modules):
        """Append every module of ``modules``; return self."""
        for module in modules:
            self.append(module)
        return self

    def _key(self, index):
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"{type(self).__name__} indices must be integers or slices, "
                            f"got {type(index).__name__}")
        size = len(self._modules)
        if not -size <= index < size:
            raise IndexError(f"{type(self).__name__} index {index} is out of range for {size} modules")
        return list(self._modules)[index % size]

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ModuleList(list(self._modules.values())[index])
        return self._modules[self._key(index)]

    def __setitem__(self, index, module):
        if not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__}[{index}] = ...: expected a Module, "
                            f"got {type(module).__name__}")
        self.add_module(self._key(index), module)  # an existing key keeps its position

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())


class Sequential(ModuleList):
    """Modules applied one after the other: ``Sequential(a, b, c)(x) == c(b(a(x)))``.

    Children are named ``"0"``, ``"1"``, ... (or by the keys of an OrderedDict passed alone).
    """

    def __init__(self, *modules):
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            super().__init__()
            for name, module in modules[0].items():
                self.add_module(name, module)
        else:
            super().__init__(modules)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(*list(self._modules.values())[index])
        return super().__getitem__(index)

    def forward(self, x):
        for module in self._modules.values():
            x = module(x)
        return x


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. for 'no activation')."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, x):
        return x
