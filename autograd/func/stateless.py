"""A module called as a function of its parameters and buffers.

``functional_call`` works on anything with the Module protocol -- ``named_parameters()``,
``named_buffers()``, submodules reachable as attributes, and optionally the ``_parameters`` /
``_buffers`` / ``_modules`` registries of ``nn.Module`` -- without importing ``nn`` (autograd
comes first; nn builds on it). For the call, each named entry is swapped for the given
Tensor (in the registry that holds it, and as the plain attribute), and put back after.
"""

from ..ops import stack
from ..tensor import Tensor

_REGISTRIES = ("_parameters", "_buffers")


def _merged(parameter_and_buffer_dicts):
    if isinstance(parameter_and_buffer_dicts, dict):
        return dict(parameter_and_buffer_dicts)
    if isinstance(parameter_and_buffer_dicts, (list, tuple)) and all(
        isinstance(d, dict) for d in parameter_and_buffer_dicts
    ):
        merged = {}
        for d in parameter_and_buffer_dicts:
            for key, value in d.items():
                if key in merged:
                    raise ValueError(
                        f"{key!r} appeared in multiple dictionaries; behavior of functional call is ambiguous"
                    )
                merged[key] = value
        return merged
    raise ValueError(
        "Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got "
        f"{type(parameter_and_buffer_dicts)}"
    )


def _all_entries(module, prefix=""):
    """(qualified name, Tensor) of every parameter and buffer, shared ones under each of
    their names (for tie_weights): the registries of nn.Module, else the named_* methods."""
    registries = [getattr(module, "__dict__", {}).get(r) for r in _REGISTRIES]
    if all(isinstance(r, dict) for r in registries):
        for registry in registries:
            for key, value in registry.items():
                if value is not None:
                    yield prefix + key, value
        for key, child in getattr(module, "__dict__", {}).get("_modules", {}).items():
            if child is not None:
                yield from _all_entries(child, f"{prefix}{key}.")
        return
    yield from module.named_parameters()
    yield from module.named_buffers()


def _owner(module, name):
    """(the submodule holding ``name``, the attribute's own name)."""
    *path, attr = name.split(".")
    owner = module
    for part in path:
        owner = getattr(owner, part)
    return owner, attr


class _Swap:
    """Set ``owner.attr`` to ``value`` for a while: in the registry that holds it (if any)
    and as the plain attribute; ``undo`` restores both."""

    def __init__(self, owner, attr, value):
        self.owner, self.attr, self.undo_steps = owner, attr, []
        state = getattr(owner, "__dict__", None)
        for registry in _REGISTRIES:
            entries = None if state is None else state.get(registry)
            if isinstance(entries, dict) and attr in entries:
                old = entries[attr]
                entries[attr] = value
                self.undo_steps.append(lambda e=entries, o=old: e.__setitem__(attr, o))
        if state is not None:
            had, old = attr in state, state.get(attr)
            state[attr] = value
            self.undo_steps.append(lambda: state.__setitem__(attr, old) if had else state.pop(attr, None))
        else:
            old = getattr(owner, attr)
            object.__setattr__(owner, attr, value)
            self.undo_steps.append(lambda: object.__setattr__(owner, attr, old))

    def undo(self):
        for step in reversed(self.undo_steps):
            step()


def _with_tied(module, values, tie_weights):
    """``values`` completed with the names tied to a given one (sharing its Tensor)."""
    if not tie_weights:
        return values
    names = {}
    for name, tensor in _all_entries(module):
        names.setdefault(id(tensor), []).append(name)
    completed = dict(values)
    for group in names.values():
        given = [n for n in group if n in values]
        if len(group) < 2 or not given:
            continue
        if any(values[n] is not values[given[0]] for n in given[1:]):
            raise ValueError(
                f"functional_call got multiple values for keys {sorted(given)}, which are tied. "
                "Consider using tie_weights=False"
            )
        for n in group:
            completed.setdefault(n, values[given[0]])
    return completed


def _check_strict(module, values):
    known = {name for name, _ in _all_entries(module)}
    missing, unexpected = sorted(known - set(values)), sorted(set(values) - known)
    if missing or unexpected:
        lines = [f"Error(s) in reparametrizing for {type(module).__name__}:"]
        if unexpected:
            lines.append("\tUnexpected key(s): " + ", ".join(repr(k) for k in unexpected) + ".")
        if missing:
            lines.append("\tMissing key(s): " + ", ".join(repr(k) for k in missing) + ".")
        raise RuntimeError("\n".join(lines))


def functional_call(
    module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False
):
    """``module(*args, **kwargs)`` with its parameters and buffers replaced, for this call only,
    by the Tensors of ``parameter_and_buffer_dicts`` (a dict of qualified names such as
    ``"fc1.weight"``, or a tuple/list of such dicts); entries not given keep the module's.
    ``tie_weights``: names sharing one Tensor in the module (tied weights) take the value
    given for any of them. ``strict``: the dicts must name every parameter and buffer, and
    nothing else. ``args``: a tuple, or one argument."""
    values = _with_tied(module, _merged(parameter_and_buffer_dicts), tie_weights)
    if strict:
        _check_strict(module, values)
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    swaps = []
    try:
        for name, value in values.items():
            swaps.append(_Swap(*_owner(module, name), value))
        return module(*args, **(kwargs or {}))
    finally:
        for swap in reversed(swaps):
            swap.undo()


def _stacked(tensors, name):
    """The Tensors of one entry of every model stacked along a new first dimension: a leaf
    requiring grad if they all do."""
    wanting = [t.requires_grad for t in tensors]
    if any(wanting) and not all(wanting):
        raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
    result = stack([t.detach() for t in tensors])
    return result.requires_grad_() if all(wanting) else result


def stack_module_state(models):
    """``(params, buffers)``: dicts from each qualified name to the models' Tensors of that name
    stacked along a new first dimension (models of one class, all in training or all in eval
    mode), for ``vmap`` over ``functional_call`` (model ensembling)."""
    models = list(models)
    if not models:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if len({bool(m.training) for m in models}) != 1:
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    if len({type(m) for m in models}) != 1:
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")
    states = []
    for kind in ("named_parameters", "named_buffers"):
        per_model = [dict(getattr(m, kind)()) for m in models]
        states.append(
            {
                name: _stacked([d[name] for d in per_model], name)
                for name, value in per_model[0].items()
                if isinstance(value, Tensor)
            }
        )
    return states[0], states[1]
