"""Containers that register what they hold by name: ModuleDict, ParameterList, ParameterDict.

(``Sequential`` and ``ModuleList`` live in module.py.) Like PyTorch's, they have
no ``forward``: a model keeps them as attributes and uses their entries, which
``parameters()``, ``state_dict()`` and ``to()`` then find, named
``<attribute>.<key>`` (``heads.left.weight``, ``scales.0``)::

    self.heads = nn.ModuleDict({"left": nn.Linear(4, 2), "right": nn.Linear(4, 2)})
    self.scales = nn.ParameterList([nn.Parameter(np.ones(4)) for _ in range(3)])
"""

from collections.abc import Mapping

import numpy as np

from autograd import Tensor

from .module import Module, Parameter

__all__ = ["ModuleDict", "ParameterList", "ParameterDict"]


def _pairs(values, owner):
    """``(key, value)`` pairs from a mapping or an iterable of pairs, keys checked to be strings."""
    items = values.items() if isinstance(values, Mapping) else values
    pairs = []
    for item in items:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError(
                f"{owner}.update: expected a mapping or (key, value) pairs, got an item {type(item).__name__}"
            )
        pairs.append((_key(item[0], owner), item[1]))
    return pairs


def _key(key, owner):
    if not isinstance(key, str):
        raise TypeError(f"{owner} keys must be strings, got {type(key).__name__} {key!r}")
    return key


def _as_parameter(value, owner):
    """Parameters stay themselves; a Tensor or an array becomes a new Parameter."""
    if isinstance(value, Parameter):
        return value
    if isinstance(value, (Tensor, np.ndarray)):
        return Parameter(value)
    raise TypeError(
        f"{owner} holds Parameters (or Tensors/arrays, made into Parameters), got {type(value).__name__}"
    )


def _describe(param):
    return f"Parameter of shape {tuple(param.shape)}, dtype {param.dtype}"


class ModuleDict(Module):
    """Modules by name, in insertion order: ``d["key"]``, ``d["key"] = module``, ``del d["key"]``,
    ``len``, ``in``, iteration over the keys, ``keys() items() values() update() pop() clear()``."""

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        if key not in self._modules:
            raise KeyError(f"ModuleDict has no module {key!r}; its keys are {list(self._modules)}")
        return self._modules[key]

    def __setitem__(self, key, module):
        if not isinstance(module, Module):
            raise TypeError(f"ModuleDict[{key!r}] = ...: expected a Module, got {type(module).__name__}")
        self.add_module(_key(key, "ModuleDict"), module)

    def __delitem__(self, key):
        self[key]  # KeyError naming the keys if absent
        delattr(self, key)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        return self._modules.keys()

    def items(self):
        return self._modules.items()

    def values(self):
        return self._modules.values()

    def update(self, modules):
        """Add or replace the modules of a mapping or of ``(key, module)`` pairs."""
        for key, module in _pairs(modules, "ModuleDict"):
            self[key] = module

    def pop(self, key):
        """Remove the module ``key`` and return it."""
        module = self[key]
        del self[key]
        return module

    def clear(self):
        for key in list(self._modules):
            del self[key]


class ParameterList(Module):
    """Parameters in a list, named ``"0"``, ``"1"``, ...: indexing (an int, or a slice for a new
    ParameterList of the same Parameters), assignment, ``len``, iteration, ``append``,
    ``extend``, ``+=``. Tensors and arrays put in become Parameters."""

    def __init__(self, values=None):
        super().__init__()
        if values is not None:
            self.extend(values)

    def _index(self, index):
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"ParameterList indices must be integers or slices, got {type(index).__name__}")
        size = len(self._parameters)
        if not -size <= index < size:
            raise IndexError(f"ParameterList index {index} is out of range for {size} parameters")
        return str(index % size)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ParameterList(list(self._parameters.values())[index])
        return self._parameters[self._index(index)]

    def __setitem__(self, index, value):
        self.register_parameter(self._index(index), _as_parameter(value, "ParameterList"))

    def __len__(self):
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters.values())

    def __iadd__(self, values):
        return self.extend(values)

    def append(self, value):
        """Add a Parameter at the end; return self."""
        self.register_parameter(str(len(self._parameters)), _as_parameter(value, "ParameterList"))
        return self

    def extend(self, values):
        """Append every value; return self."""
        if isinstance(values, (Tensor, np.ndarray)):
            raise TypeError(
                "ParameterList.extend takes an iterable of Parameters, not one Tensor; use append"
            )
        for value in values:
            self.append(value)
        return self

    def extra_repr(self):
        return "\n".join(f"({key}): {_describe(p)}" for key, p in self._parameters.items())


class ParameterDict(Module):
    """Parameters by name, in insertion order, with a dict's methods (``[] del len in``, iteration
    over the keys, ``keys() items() values() update() pop() get() clear()``). Tensors and arrays
    put in become Parameters."""

    def __init__(self, parameters=None):
        super().__init__()
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key):
        if key not in self._parameters:
            raise KeyError(f"ParameterDict has no parameter {key!r}; its keys are {list(self._parameters)}")
        return self._parameters[key]

    def __setitem__(self, key, value):
        self.register_parameter(_key(key, "ParameterDict"), _as_parameter(value, "ParameterDict"))

    def __delitem__(self, key):
        self[key]
        delattr(self, key)

    def __len__(self):
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters)

    def __contains__(self, key):
        return key in self._parameters

    def keys(self):
        return self._parameters.keys()

    def items(self):
        return self._parameters.items()

    def values(self):
        return self._parameters.values()

    def get(self, key, default=None):
        return self._parameters.get(key, default)

    def update(self, parameters):
        """Add or replace the parameters of a mapping or of ``(key, parameter)`` pairs."""
        for key, value in _pairs(parameters, "ParameterDict"):
            self[key] = value

    def pop(self, key):
        """Remove the parameter ``key`` and return it."""
        param = self[key]
        del self[key]
        return param

    def clear(self):
        for key in list(self._parameters):
            del self[key]

    def extra_repr(self):
        return "\n".join(f"({key}): {_describe(p)}" for key, p in self._parameters.items())
