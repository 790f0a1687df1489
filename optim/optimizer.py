"""Optimizer: the bookkeeping every training rule shares.

An optimiser holds the parameters in *parameter groups* (dicts with a
``"params"`` list and the group's hyper-parameters, e.g. ``"lr"``) and a
``state`` dict per parameter (momentum buffers, running averages, a step
count). A subclass only says how to check its hyper-parameters
(``_check_group``) and how one parameter moves given its gradient
(``_update``); looping, skipping parameters without a gradient, zeroing
gradients and saving/loading live here.

Updates are written into the parameter's numpy array in place, so a model
that holds the parameter sees the new values at once. No graph is recorded.
"""
import math
import numbers
from collections import defaultdict

import numpy as np

from autograd import Tensor, enable_grad, no_grad
from autograd.clock import mark_changed


class Optimizer:
    """Base class: ``Optimizer(params, defaults)``.

    ``params`` is an iterable of Tensors, or of dicts (parameter groups) each
    with a ``"params"`` entry and optional hyper-parameters overriding
    ``defaults``. Subclasses implement ``_update(param, grad, state, group)``
    (move the numpy array ``param`` in place, using and updating the
    per-parameter ``state`` dict) and usually ``_check_group(group)`` (validate
    and normalise a group's hyper-parameters, raising ValueError/TypeError).
    Overriding ``step()`` instead, PyTorch-style, works too.
    """

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        self.param_groups = []
        self.state = defaultdict(dict)     # parameter -> its state; {} until its first step
        if isinstance(params, (Tensor, dict, set, frozenset)):
            raise TypeError(f"{type(self).__name__}: params must be an ordered iterable (e.g. a list) "
                            f"of Tensors or of dicts, got {type(params).__name__}")
        groups = list(params)
        if not groups:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        if not all(isinstance(group, dict) for group in groups):
            if any(isinstance(group, dict) for group in groups):
                raise TypeError(f"{type(self).__name__}: params mixes Tensors and dicts; "
                                f"give either Tensors or parameter-group dicts")
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a dict ``{"params": [...], <hyper-parameter>: value, ...}``; missing
        hyper-parameters take the optimiser's defaults."""
        name = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}.add_param_group: expected a dict, got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError(f"{name}.add_param_group: the dict has no 'params' entry")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, (set, frozenset)):
            raise TypeError(f"{name}: a parameter group's params must be ordered (e.g. a list), got a set")
        params = [params] if isinstance(params, Tensor) else list(params)
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{name}: parameter {i} of a group is a {type(p).__name__}, expected a Tensor")
            if not p.is_leaf:
                raise ValueError(f"{name}: parameter {i} of a group is not a leaf Tensor (it was computed "
                                 f"by an operation); optimise the leaves it came from")
            if p.dtype.kind != "f":
                raise TypeError(f"{name}: parameter {i} of a group has dtype {p.dtype}; "
                                f"only floating-point Tensors can be optimised")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{name}: a parameter group lists the same Tensor twice")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        group["params"] = params
        for key, default in self.defaults.items():
            group.setdefault(key, default)
        self._check_group(group)
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients: ``.grad = None`` (or fill with zeros if ``set_to_none=False``)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none:
                    p.grad = None
                elif p.grad is not None:
                    p.grad[...] = 0

    def step(self, closure=None):
        """Update every parameter that has a gradient; parameters whose
        ``.grad`` is None are skipped. ``closure`` (optional) recomputes and
        returns the loss; it runs with grad enabled and its result is returned."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    grad = np.asarray(p.grad)
                    if grad.shape != p.data.shape:
                        raise ValueError(f"{type(self).__name__}.step: a parameter of shape {p.data.shape} "
                                         f"has a .grad of shape {grad.shape}")
                    self._update(p.data, grad, self.state[p], group)
                    mark_changed(p)      # like any in-place op: graphs that saved p now refuse to backward
        return loss

    def _check_group(self, group):
        """Validate and normalise ``group``'s hyper-parameters in place; the base accepts anything."""

    def _update(self, param, grad, state, group):
        """Move the array ``param`` in place; a subclass defines the rule (or overrides ``step``)."""
        raise NotImplementedError(f"{type(self).__name__} must define _update(param, grad, state, group)")

    # ----- saving and loading -------------------------------------------------
    def state_dict(self):
        """A snapshot ``{"state": {index: {name: array or number}}, "param_groups":
        [{hyper-parameter: value, "params": [index, ...]}]}``.

        Parameters are numbered 0, 1, ... in group order. Arrays are copies,
        values are plain numpy/Python objects (no Tensors), so the snapshot is
        unaffected by later steps and can be flattened into ``np.savez``.
        """
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state = {}
        for p, entry in self.state.items():
            if entry:
                state[index[id(p)]] = {key: value.copy() if isinstance(value, np.ndarray) else value
                                       for key, value in entry.items()}
        return {"state": dict(sorted(state.items())), "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Restore hyper-parameters and per-parameter state saved by ``state_dict``.

        The optimiser must have the same number of groups with the same number
        of parameters; each state array must have its parameter's shape (it is
        copied and cast to the parameter's dtype). Numbers and tuples that came
        back from ``np.load`` as 0-d/1-d arrays are turned back into Python values.
        """
        name = type(self).__name__
        if not isinstance(state_dict, dict) or "param_groups" not in state_dict or "state" not in state_dict:
            raise ValueError(f"{name}.load_state_dict: expected a dict with 'state' and 'param_groups' "
                             f"(as returned by state_dict())")
        saved_groups = list(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"{name}.load_state_dict: the saved state has {len(saved_groups)} parameter "
                             f"group(s), this optimiser has {len(self.param_groups)}")
        by_index = {}
        new_groups = []
        for g, (saved, group) in enumerate(zip(saved_groups, self.param_groups)):
            saved_params = [int(i) for i in np.asarray(saved["params"]).reshape(-1)]
            if len(saved_params) != len(group["params"]):
                raise ValueError(f"{name}.load_state_dict: saved parameter group {g} has "
                                 f"{len(saved_params)} parameters, this optimiser's has {len(group['params'])}")
            missing = sorted(set(self.defaults) - set(saved))
            if missing:
                raise ValueError(f"{name}.load_state_dict: saved parameter group {g} lacks {missing}; "
                                 f"was it saved from a different optimiser?")
            by_index.update(zip(saved_params, group["params"]))
            restored = {key: _plain(value) for key, value in saved.items() if key != "params"}
            restored["params"] = group["params"]
            self._check_group(restored)
            new_groups.append(restored)
        new_state = defaultdict(dict)
        for key, entry in state_dict["state"].items():
            index = int(key)
            if index not in by_index:
                raise IndexError(f"{name}.load_state_dict: state for parameter {index}, but the saved groups "
                                 f"only list parameters {sorted(by_index)}")
            param = by_index[index]
            new_state[param] = {k: _restore_state_value(name, index, k, v, param)
                                for k, v in entry.items() if v is not None}
        self.param_groups = new_groups
        self.state = new_state

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {key}: {group[key]}" for key in sorted(group) if key != "params"]
        return "\n".join(lines + [")"])


def _plain(value):
    """A numpy value (e.g. read back from np.load) as a Python number/bool/str, or a tuple of them."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.item() if value.ndim == 0 else tuple(value.tolist())
    return value


def _restore_state_value(owner, index, key, value, param):
    """``step`` becomes an int; every other state entry is an array shaped like the parameter."""
    if key == "step":
        step = float(_plain(value))
        if step < 0 or step != int(step):
            raise ValueError(f"{owner}.load_state_dict: parameter {index} has step={step}, "
                             f"expected a non-negative whole number")
        return int(step)
    array = np.asarray(value)
    if array.shape != param.data.shape:
        raise ValueError(f"{owner}.load_state_dict: state '{key}' of parameter {index} has shape "
                         f"{array.shape}, but the parameter has shape {param.data.shape}")
    return np.array(array, dtype=param.data.dtype)


# ----- hyper-parameter checks used by the subclasses' _check_group ----------------
def followed_gradient(param, grad, group, l2=True):
    """The gradient an update follows: negated when ``maximize``, plus ``weight_decay * param``
    (L2 regularisation; ``l2=False`` for optimisers that decay the parameters directly)."""
    if group["maximize"]:
        grad = -grad
    if l2 and group["weight_decay"] != 0:
        grad = grad + group["weight_decay"] * param
    return grad


def check_number(owner, group, key, low=-math.inf, high=math.inf, include_high=True):
    """Check that ``group[key]`` is a finite real number in [low, high] (or [low, high)),
    store it as a float. (NaN and infinities are refused: they would poison every parameter.)"""
    value = group[key]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {key} must be a real number, got {value!r} ({type(value).__name__})")
    try:
        value = float(value)
    except OverflowError:             # a Python int beyond float range
        value = math.inf if value > 0 else -math.inf
    inside = math.isfinite(value) and low <= value and (value <= high if include_high else value < high)
    if not inside:
        opening = "(" if low == -math.inf else "["
        closing = "]" if include_high and high != math.inf else ")"
        raise ValueError(f"{owner}: invalid {key}={value!r}; it must lie in {opening}{low:g}, {high:g}{closing}")
    group[key] = value


def check_flag(owner, group, key):
    """Check that ``group[key]`` is a bool, store it as a Python bool."""
    value = group[key]
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {key} must be True or False, got {value!r}")
    group[key] = bool(value)
