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

import itertools
from collections import OrderedDict, namedtuple

import numpy as np

from autograd import Tensor, is_grad_enabled, no_grad, tensor
from autograd.dtypes import check_device

from .backward_hooks import BackwardHook
from .parameter import Buffer, Parameter, is_lazy

__all__ = [
    "Parameter",
    "Module",
    "Sequential",
    "ModuleList",
    "Identity",
    "StateDictError",
    "IncompatibleKeys",
    "RemovableHandle",
]


class StateDictError(ValueError, RuntimeError):
    """``load_state_dict`` found missing, unexpected or mis-shaped entries.

    A ValueError, and also a RuntimeError (the type PyTorch raises).
    """


class IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns: the model's keys the state lacked, and the state's
    keys the model lacks (PyTorch's NamedTuple, printed as PyTorch prints it)."""

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()


class RemovableHandle:
    """Returned by ``register_forward_hook`` and friends: ``remove()`` unregisters the hook
    (so does leaving a ``with`` block)."""

    _ids = itertools.count()

    def __init__(self, hooks, extra_dict=None):
        self.hooks, self.extra_dict, self.id = hooks, extra_dict, next(RemovableHandle._ids)

    def remove(self):
        self.hooks.pop(self.id, None)
        if self.extra_dict is not None:
            self.extra_dict.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.remove()


# Device names of accelerators PyTorch knows; chainrule computes with numpy on the CPU only
_ACCELERATORS = ("cuda", "mps", "xpu", "hip", "xla", "meta", "hpu", "ipu", "mtia", "vulkan")


def _device_name(value):
    """ "cpu" for the CPU device (a string such as "cpu" or "cpu:0", or any object whose str is
    one), None for what is no device; an accelerator is an error (there is none here)."""
    text = value if isinstance(value, str) else None
    if text is None and not isinstance(value, (type, np.dtype, Tensor)):
        text = str(value)
    if text is None:
        return None
    if text.split(":")[0] not in ("cpu",) + _ACCELERATORS:
        return None
    if text == "meta":
        return "meta"  # no values (see Module.to)
    check_device(text)  # a clear RuntimeError for anything but the CPU
    return "cpu"


def _float_dtype(value, what):
    """A floating-point numpy dtype from ``value`` (a dtype, a Tensor: its dtype), else TypeError."""
    if isinstance(value, Tensor):
        value = value.dtype
    try:
        dtype = np.dtype(value)
    except (TypeError, ValueError, SyntaxError):  # numpy parses some strings as Python code
        raise TypeError(
            f"{what}: {value!r} is neither a device ('cpu') nor a dtype (e.g. autograd.float32)"
        ) from None
    if not np.issubdtype(dtype, np.floating):
        raise TypeError(f"{what}: dtype must be a floating-point type, got {dtype}")
    return dtype


def _as_buffer(value, name):
    """Buffers are Tensors that never require a gradient (None is allowed: 'not used'); a lazy
    module's UninitializedBuffer is kept as it is, to be materialized at its first forward, and an
    ``nn.Buffer`` is kept as the very object assigned."""
    if value is None or is_lazy(value) or isinstance(value, Buffer):
        return value
    try:
        return tensor(value)  # a copy, of the same dtype (int64 stays int64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"buffer {name!r} must be a Tensor, an array or None, got {type(value).__name__}"
        ) from exc


class Module:
    """Base class of every layer and model: subclass it and write ``forward``."""

    def __init__(self):
        # object.__setattr__ because our own __setattr__ needs these dicts to exist.
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_is_submodule", False)  # set once registered in a parent
        object.__setattr__(self, "_non_persistent_buffers", set())  # names of buffers state_dict skips
        # handle id -> hook, as PyTorch's (the pruning tutorial reads them); the ids of hooks
        # registered with_kwargs=True are the keys of the *_with_kwargs dicts.
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks_with_kwargs", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_hooks_with_kwargs", OrderedDict())
        object.__setattr__(self, "_backward_hooks", OrderedDict())
        object.__setattr__(self, "_backward_pre_hooks", OrderedDict())

    # ---- registration ---------------------------------------------------------------

    def _registries(self, name):
        if "_parameters" not in self.__dict__:
            raise AttributeError(
                f"cannot assign {name!r} before Module.__init__() is called: "
                f"call super().__init__() first in {type(self).__name__}.__init__"
            )
        return self._parameters, self._buffers, self._modules

    def __setattr__(self, name, value):
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
            return
        if isinstance(value, Module):
            self.add_module(name, value)
            return
        if isinstance(value, Buffer):
            self.register_buffer(name, value, value.persistent)
            return
        params, buffers, modules = (
            self.__dict__.get(key, {}) for key in ("_parameters", "_buffers", "_modules")
        )
        if value is None and (name in params or name in modules):
            (params if name in params else modules)[name] = None
            object.__setattr__(self, name, None)
        elif name in buffers:
            buffers[name] = _as_buffer(value, name)
            object.__setattr__(self, name, buffers[name])
        elif name in params or name in modules:
            kind = "Parameter" if name in params else "Module"
            raise TypeError(
                f"cannot assign {type(value).__name__} to {name!r} of "
                f"{type(self).__name__}: it is a registered {kind} (use a {kind} or None)"
            )
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
            raise ValueError(
                f"{type(self).__name__}: attribute name must be a non-empty string without '.', got {name!r}"
            )
        if hasattr(type(self), name):
            raise ValueError(
                f"{type(self).__name__}: cannot register {name!r}, the class has an "
                f"attribute (e.g. a method) of that name"
            )
        for other in self._registries(name):
            if other is not getattr(self, registry):
                other.pop(name, None)
        self.__dict__.pop(name, None)

    def register_parameter(self, name, param):
        """Register ``param`` (a Parameter, or None for 'absent') under ``name``; sets ``param.name``."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"register_parameter({name!r}): expected a Parameter or None, got {type(param).__name__}"
            )
        self._claim_name(name, "_parameters")
        self._parameters[name] = param
        object.__setattr__(self, name, param)
        if param is not None:
            param.name = name

    def register_buffer(self, name, tensor, persistent=True):
        """Register non-trainable state (a Tensor, array or None), saved in ``state_dict()``
        unless ``persistent=False``."""
        self._claim_name(name, "_buffers")
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)
        self._buffers[name] = _as_buffer(tensor, name)
        object.__setattr__(self, name, self._buffers[name])

    def add_module(self, name, module):
        """Register ``module`` (or None) under ``name`` and prefix its parameters' names with it.
        (``register_module`` is the same.)"""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module({name!r}): expected a Module or None, got {type(module).__name__}")
        self._claim_name(name, "_modules")
        self._modules[name] = module
        object.__setattr__(self, name, module)
        if module is not None:
            object.__setattr__(module, "_is_submodule", True)
            for qualified, param in module.named_parameters():
                param.name = f"{name}.{qualified}"

    register_module = add_module

    def get_submodule(self, target):
        """The submodule at the dotted path ``target`` (``"layers.0"``); ``""`` is this module."""
        module = self
        for i, part in enumerate(target.split(".") if target else []):
            child = module._modules.get(part)
            if child is None:
                where = ".".join(target.split(".")[:i]) or type(self).__name__
                raise AttributeError(
                    f"get_submodule({target!r}): {where} ({type(module).__name__}) has no submodule {part!r}"
                )
            module = child
        return module

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
            children = [
                (f"{name}.{key}" if name else key, child)
                for key, child in module._modules.items()
                if child is not None
            ]
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
        """Forget accumulated gradients: ``grad = None``; with ``set_to_none=False`` existing
        gradients are set to zero in place (None stays None), as in PyTorch."""
        for param in self.parameters():
            if set_to_none:
                param.grad = None
            elif param.grad is not None:
                np.asarray(param.grad)[...] = 0

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

    def to(self, *args, device=None, dtype=None, non_blocking=False, memory_format=None):
        """PyTorch's forms: ``to(device)``, ``to(dtype)``, ``to(device, dtype)``, ``to(tensor)``
        (its dtype), or keywords. The device must be the CPU ("cpu", or an object whose str is
        "cpu"); a dtype casts the floating-point parameters, their gradients and buffers in
        place (integer buffers keep theirs). ``non_blocking`` (also a positional bool) and
        ``memory_format`` change nothing here. ``to("meta")`` keeps the shapes and drops the
        values (NaN, 0 for integers): such a model is a template for ``func.functional_call``.
        Returns self."""
        values = [a for a in args if not isinstance(a, bool)] + [v for v in (device, dtype) if v is not None]
        if not 1 <= len(values) <= 2:
            raise TypeError(f"to() takes a device, a dtype, both, or a Tensor; got {len(values)} of them")
        meta = False
        for value in values:
            name = _device_name(value)
            if name is None:
                dtype = _float_dtype(value, "to()")
            meta = meta or name == "meta"
        if meta:  # PyTorch's meta tensors have shapes but no values: NaN (0 for integers) here
            for tensor in [*self.parameters(), *self.buffers()]:
                fill = np.nan if np.issubdtype(tensor.dtype, np.floating) else 0
                tensor._data = np.full(tensor.shape, fill, dtype=tensor.dtype)
        if dtype is not None:
            for tensor in [*self.parameters(), *self.buffers()]:
                if np.issubdtype(tensor.dtype, np.floating) and is_lazy(tensor):
                    tensor._data = np.empty(0, dtype)  # no values yet: the placeholder of the dtype
                elif np.issubdtype(tensor.dtype, np.floating):
                    tensor._data = tensor._data.astype(dtype)
                    if tensor.grad is not None:
                        tensor.grad = tensor.grad.astype(dtype)
        return self

    def cpu(self):
        """The model is on the CPU already: returns self."""
        return self

    def cuda(self, device=None):
        """There is no GPU here: a clear RuntimeError (PyTorch code should test
        ``autograd.cuda.is_available()``, which is False)."""
        return self.to("cuda")

    def double(self):
        """``to(float64)``."""
        return self.to(np.float64)

    def float(self):
        """``to(float32)`` (PyTorch's float; chainrule's default float dtype is float64)."""
        return self.to(np.float32)

    def half(self):
        """``to(float16)``."""
        return self.to(np.float16)

    # ---- calling --------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward(...)")

    def __call__(self, *args, **kwargs):
        if (
            self._forward_pre_hooks
            or self._forward_hooks
            or self.__dict__.get("_backward_hooks")
            or self.__dict__.get("_backward_pre_hooks")
        ):
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_with_hooks(self, args, kwargs):
        """PyTorch's order: each pre-hook may replace the inputs, then ``forward`` runs, then each
        forward hook sees the inputs and the output and may replace the output. With backward
        hooks, the inputs (after the pre-hooks) and the output (after the forward hooks) pass
        through the identity ops of ``nn.backward_hooks``."""
        backward_hooks = list(self.__dict__.get("_backward_hooks", {}).values())
        backward_pre_hooks = list(self.__dict__.get("_backward_pre_hooks", {}).values())
        hooked = None
        for key, hook in list(self._forward_pre_hooks.items()):
            if key in self.__dict__.get("_forward_pre_hooks_with_kwargs", ()):
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise TypeError(
                            f"a forward pre-hook registered with with_kwargs=True must return "
                            f"None or a tuple (args, kwargs), got {type(result).__name__}"
                        )
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        if (backward_hooks or backward_pre_hooks) and is_grad_enabled():
            hooked = BackwardHook(self, backward_hooks, backward_pre_hooks)
            args = hooked.inputs(args)
        output = self.forward(*args, **kwargs)
        for key, hook in list(self._forward_hooks.items()):
            with_kwargs = key in self.__dict__.get("_forward_hooks_with_kwargs", ())
            result = hook(self, args, kwargs, output) if with_kwargs else hook(self, args, output)
            if result is not None:
                output = result
        return output if hooked is None else hooked.outputs(output)

    def _add_hook(self, hooks, hook, prepend, with_kwargs, what, kwargs_ids=None):
        if not callable(hook):
            raise TypeError(f"{what}: hook must be callable, got {type(hook).__name__}")
        handle = RemovableHandle(hooks, kwargs_ids)
        hooks[handle.id] = hook
        if with_kwargs:
            kwargs_ids[handle.id] = True
        if prepend:
            hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call ``hook(module, args)`` before each ``forward``; a value it returns replaces the
        positional inputs (a non-tuple is wrapped as one input). With ``with_kwargs=True`` it is
        ``hook(module, args, kwargs)`` and may return ``(args, kwargs)``. ``prepend`` puts it
        first. Returns a handle whose ``remove()`` unregisters it."""
        return self._add_hook(
            self._forward_pre_hooks,
            hook,
            prepend,
            with_kwargs,
            "register_forward_pre_hook",
            self._forward_pre_hooks_with_kwargs,
        )

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """Call ``hook(module, args, output)`` after each ``forward``; a value it returns replaces
        the output. With ``with_kwargs=True`` it is ``hook(module, args, kwargs, output)``.
        ``prepend`` puts it first. Returns a handle whose ``remove()`` unregisters it.
        (``always_call=True``, to run it when forward raises, is not supported.)"""
        if always_call:
            raise NotImplementedError("register_forward_hook: always_call=True is not supported")
        return self._add_hook(
            self._forward_hooks,
            hook,
            prepend,
            with_kwargs,
            "register_forward_hook",
            self._forward_hooks_with_kwargs,
        )

    def register_full_backward_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_input, grad_output)`` once the gradients of this module's
        inputs are computed in a backward pass (tuples, one entry per positional argument and per
        output; None where an argument does not require grad); a tuple it returns replaces
        grad_input. ``prepend`` puts it first. Returns a handle whose ``remove()`` unregisters it."""
        return self._add_hook(self._backward_hooks, hook, prepend, False, "register_full_backward_hook")

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_output)`` when the gradients of this module's outputs are
        known in a backward pass, before those of its inputs; a tuple it returns replaces
        grad_output. Returns a handle whose ``remove()`` unregisters it."""
        return self._add_hook(
            self._backward_pre_hooks, hook, prepend, False, "register_full_backward_pre_hook"
        )

    # ---- saving and loading ---------------------------------------------------------

    def state_dict(self, *, destination=None, prefix="", keep_vars=False):
        """An OrderedDict ``qualified_name -> Tensor`` of the parameters and buffers, as PyTorch's:
        each Tensor is detached and shares memory with its parameter (so it changes when the
        model trains: copy it, e.g. ``{k: v.numpy().copy() ...}``, to keep a snapshot).
        ``keep_vars=True`` gives the Parameters themselves; ``prefix`` goes before every name;
        ``destination`` is a dict to fill (and return) instead of a new one. A lazy module's
        uninitialized parameters and buffers are there as themselves (``<UninitializedParameter>``).

        Order: for each module (depth first), its parameters then its buffers.
        """
        state = OrderedDict() if destination is None else destination
        for key, value in self._state_tensors(prefix).items():
            state[key] = value if keep_vars or is_lazy(value) else value.detach()
        return state

    def _state_tensors(self, prefix=""):
        """Like ``state_dict()`` but the live Tensors themselves."""
        tensors = OrderedDict()
        for module_name, module in self.named_modules():
            buffers = (
                (key, value)
                for key, value in module._buffers.items()
                if key not in module._non_persistent_buffers
            )
            for key, value in itertools.chain(module._parameters.items(), buffers):
                if value is not None:
                    tensors[prefix + (f"{module_name}.{key}" if module_name else key)] = value
        return tensors

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy ``state_dict``'s values (Tensors or arrays) into the parameters and buffers, in place.

        Everything is checked first; if any entry is mis-shaped (or, with ``strict``, missing
        or unexpected) a ``StateDictError`` lists all problems and nothing is changed. Values
        are cast to each parameter's dtype. Returns ``IncompatibleKeys(missing_keys,
        unexpected_keys)``; with ``strict=False`` those are reported there, not raised, while
        a shape mismatch still raises (as in PyTorch). A lazy module's uninitialized parameters
        and buffers take the shapes of the loaded values (they are materialized); an
        uninitialized entry in ``state_dict`` leaves the model's placeholder as it is.
        (``assign=True`` is not supported.)
        """
        if assign:
            raise NotImplementedError(
                "load_state_dict: assign=True is not supported; values are copied "
                "into the existing parameters"
            )
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"load_state_dict: expected a dict of arrays, got {type(state_dict).__name__}")
        targets = self._state_tensors()
        missing = [key for key in targets if key not in state_dict]
        unexpected = [key for key in state_dict.keys() if key not in targets]
        problems, values = [], {}
        for key, target in targets.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if is_lazy(value):  # an uninitialized entry (from a lazy model): nothing to copy
                if not is_lazy(target):
                    problems.append(f"  {key}: uninitialized in the state dict, initialized in the model")
                continue
            value = value._data if isinstance(value, Tensor) else value
            try:
                value = np.asarray(value)
                if value.dtype.kind not in "biuf":  # complex would silently lose its imaginary part
                    raise TypeError(f"dtype {value.dtype} is not a real number type")
                value = value.astype(target.dtype, casting="unsafe")
            except (TypeError, ValueError) as exc:
                problems.append(f"  {key}: cannot convert to {target.dtype} ({exc})")
                continue
            if not is_lazy(target) and value.shape != target.shape:
                problems.append(
                    f"  {key}: shape {tuple(value.shape)} in the state dict, {tuple(target.shape)} in the model"
                )
                continue
            values[key] = value
        if strict:
            problems += [f"  missing: {key}" for key in missing]
            problems += [f"  unexpected: {key}" for key in unexpected]
        if problems:
            raise StateDictError(
                f"load_state_dict for {type(self).__name__} failed, "
                f"model left unchanged:\n" + "\n".join(problems)
            )
        with no_grad():
            for key, value in values.items():
                if is_lazy(targets[key]):  # a lazy module's placeholder takes the loaded shape
                    targets[key].materialize(value.shape)
                targets[key][...] = value
        return IncompatibleKeys(missing, unexpected)

    # ---- printing -------------------------------------------------------------------

    def extra_repr(self):
        """The text inside ``Name(...)``; layers override it to show their settings."""
        return ""

    def __repr__(self):
        children = [f"({key}): " + repr(child).replace("\n", "\n  ") for key, child in self._modules.items()]
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        if not children and len(extra_lines) <= 1:
            return f"{type(self).__name__}({extra})"
        body = "\n  ".join(extra_lines + children)
        return f"{type(self).__name__}(\n  {body}\n)"


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
            raise TypeError(
                f"{type(self).__name__} indices must be integers or slices, got {type(index).__name__}"
            )
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
            raise TypeError(
                f"{type(self).__name__}[{index}] = ...: expected a Module, got {type(module).__name__}"
            )
        self.add_module(self._key(index), module)  # an existing key keeps its position

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __repr__(self):
        """PyTorch's: a run of modules that print alike is printed once, ``(0-5): 6 x Block(...)``."""
        runs = []  # [first index, last index, the modules' repr]
        for i, module in enumerate(self):
            text = repr(module)
            if runs and runs[-1][2] == text:
                runs[-1][1] = i
            else:
                runs.append([i, i, text])
        if not runs:
            return f"{type(self).__name__}()"
        lines = [
            (f"({a}): " if a == b else f"({a}-{b}): {b - a + 1} x ") + text.replace("\n", "\n  ")
            for a, b, text in runs
        ]
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"


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

    __repr__ = Module.__repr__  # every module by its name, as PyTorch prints a Sequential


class Identity(Module):
    """Returns its input unchanged (a placeholder, e.g. for 'no activation')."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, x):
        return x
