"""Optimizer: the bookkeeping every training rule shares.

An optimiser holds the parameters in *parameter groups* (dicts with a
``"params"`` list and the group's hyper-parameters, e.g. ``"lr"``) and a
``state`` dict per parameter (momentum buffers, running averages, a step
count). Every rule here moves a parameter p with gradient g the same way:

    g <- -g                                  if maximize
    g <- g + weight_decay * p                L2 penalty (not with decoupled weight decay)
    d  = the rule's step, from g and the state
    p <- p - d                               or, with decoupled weight decay (AdamW),
    p <- (1 - lr * weight_decay) * p - d

so a subclass only says how to check its hyper-parameters (``_check_group``)
and how to compute d (``_delta``). Looping, skipping parameters without a
gradient, zeroing gradients and saving/loading live here.

``_delta`` works on whole arrays, so it runs either on one parameter's arrays
or, once per step, on a group's small parameters laid end to end in flat
arrays (see ``optim.flat``): for small networks that is twice as fast, and it
gives the same numbers bit for bit. A rule written for one parameter at a time,
``_update(param, grad, state, group)``, works too (always parameter by parameter).

Updates are written into the parameter's numpy array in place, so a model
that holds the parameter sees the new values at once. No graph is recorded.
"""

import math
import numbers
from collections import defaultdict

import numpy as np

from autograd import Tensor, enable_grad
from autograd.clock import mark_changed

from .flat import Layout


class Optimizer:
    """Base class: ``Optimizer(params, defaults)``.

    ``params`` is an iterable of Tensors, or of dicts (parameter groups) each
    with a ``"params"`` entry and optional hyper-parameters overriding
    ``defaults``. Subclasses implement ``_delta(grad, state, group, out)``
    (return the step d of ``p <- p - d``, see the module docstring) or
    ``_update(param, grad, state, group)`` (move the numpy array ``param`` in
    place), and usually ``_check_group(group)`` (validate and normalise a
    group's hyper-parameters, raising ValueError/TypeError). Overriding
    ``step()`` instead, PyTorch-style, works too.
    """

    def __init__(self, params, defaults):
        self.defaults = dict(defaults)
        self.param_groups = []
        self.state = defaultdict(dict)  # parameter -> its state; {} until its first step
        self._flat = {}  # id of a parameter group -> its Layout in flat arrays
        if isinstance(params, (Tensor, dict, set, frozenset)):
            raise TypeError(
                f"{type(self).__name__}: params must be an ordered iterable (e.g. a list) "
                f"of Tensors or of dicts, got {type(params).__name__}"
            )
        if callable(getattr(params, "parameters", None)):
            raise TypeError(
                f"{type(self).__name__}: got the {type(params).__name__} itself; "
                f"pass its parameters: {type(self).__name__}(model.parameters(), ...)"
            )
        try:
            groups = list(params)
        except TypeError:
            raise TypeError(
                f"{type(self).__name__}: params must be an iterable (e.g. a list) of Tensors "
                f"or of dicts, got {type(params).__name__}"
            ) from None
        if not groups:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        if all(_is_named(p) for p in groups):  # model.named_parameters(), as PyTorch 2.x takes
            groups = [{"params": [p for _, p in groups], "param_names": [name for name, _ in groups]}]
        if not all(isinstance(group, dict) for group in groups):
            if any(isinstance(group, dict) for group in groups):
                raise TypeError(
                    f"{type(self).__name__}: params mixes Tensors and dicts; "
                    f"give either Tensors or parameter-group dicts"
                )
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
                raise TypeError(
                    f"{name}: parameter {i} of a group is a {type(p).__name__}, expected a Tensor"
                )
            if not p.is_leaf:
                raise ValueError(
                    f"{name}: parameter {i} of a group is not a leaf Tensor (it was computed "
                    f"by an operation); optimise the leaves it came from"
                )
            if p.dtype.kind != "f":
                raise TypeError(
                    f"{name}: parameter {i} of a group has dtype {p.dtype}; "
                    f"only floating-point Tensors can be optimised"
                )
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
                    np.asarray(p.grad)[...] = 0  # in place (an array or a Tensor gradient)

    def step(self, closure=None):
        """Update every parameter that has a gradient; parameters whose
        ``.grad`` is None are skipped (their state does not change), and so are a lazy
        module's uninitialized parameters (an optimiser made before the model's first forward
        holds them, and updates them once that forward has materialized them). ``closure``
        (optional) recomputes and returns the loss; it runs with grad enabled and
        its result is returned.

        Small parameters are updated together on flat arrays (``_step_flat``), the
        others one by one (``_update``); both give the same numbers, bit for bit."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        # no no_grad() needed: the rules get numpy arrays, never the Tensors, so nothing here records a graph
        for group in self.param_groups:
            for p in self._step_flat(group):
                if p.grad is None:
                    continue
                grad = np.asarray(p.grad)
                if grad.shape != p._data.shape:
                    raise ValueError(
                        f"{type(self).__name__}.step: a parameter of shape {tuple(p._data.shape)} "
                        f"has a .grad of shape {tuple(grad.shape)}"
                    )
                self._update(p._data, grad, self.state[p], group)
                mark_changed(p)  # like any in-place op: graphs that saved p now refuse to backward
        return loss

    def _step_flat(self, group):
        """Update the group's small parameters on flat arrays (see ``optim.flat``), a FlatGroup at
        a time: gather the gradients into one flat array, run ``_delta`` on it and on the flat
        state, subtract each parameter's segment of d. Returns the parameters left to update one
        by one: the large ones, and all of a FlatGroup whose step does not fit the flat arrays (a
        parameter without a gradient: PyTorch skips it, and so must its state; a gradient of
        another dtype or shape; state entries that cannot share flat arrays, e.g. different step
        counts after some parameters were skipped); every parameter when the rule is ``_update``."""
        params = group["params"]
        if type(self)._update is not Optimizer._update:
            return params
        layout = self._flat.get(id(group))
        if layout is None or not layout.is_for(params):
            if any(hasattr(p, "materialize") for p in params):
                # a lazy module's placeholders (nn.parameter.UninitializedParameter) before its first
                # forward: no values, no gradient; step() skips them, as PyTorch does
                return params
            layout = self._flat[id(group)] = Layout(params)
        left = list(layout.alone)
        for flat in layout.flat_groups:
            grads = flat.gradients()
            entries = None if grads is None else [self.state[p] for p in flat.params]
            if entries is None or not (flat.holds(entries) or flat.pack(entries)):
                left += flat.params
                continue
            grad = flat.gather(grads, out=flat.grad)
            values = (
                flat.gather([p._data for p in flat.params], out=flat.out) if l2_weight_decay(group) else None
            )
            follow_gradient(values, grad, group, flat.out)
            delta = self._delta(grad, flat.state, group, flat.out)
            shrink = shrink_factor(group)
            for p, d in zip(flat.params, flat.views(delta)):
                move(p._data, d, shrink)
                mark_changed(p)
            flat.share(entries)
        return left

    def _check_group(self, group):
        """Validate and normalise ``group``'s hyper-parameters in place; the base accepts anything."""

    def _update(self, param, grad, state, group):
        """Move one parameter's array ``param`` in place, by the rule ``_delta``. A subclass may
        override this instead, with a rule for one parameter at a time."""
        changes = gradient_changes(group)
        # the user's .grad itself, unless follow_gradient changes it or it has another dtype
        grad = grad.astype(param.dtype, casting="same_kind", copy=changes)
        out = np.empty_like(grad)
        if changes:
            follow_gradient(param, grad, group, out)
        move(param, self._delta(grad, state, group, out), shrink_factor(group))

    def _delta(self, grad, state, group, out):
        """The rule: return d for ``p <- p - d``.

        ``grad`` is the gradient to follow (maximize and L2 decay already applied); read it, never
        write into it (it may be the user's ``.grad``). ``state`` is the parameter's state dict ({}
        on the first step; update its arrays in place). ``out`` is a spare array shaped like
        ``grad``, for d (and for scratch before; ``np.empty_like(grad)`` makes another). All are
        either one parameter's arrays or the flat arrays of several: write the rule with
        whole-array numpy operations, element by element."""
        raise NotImplementedError(
            f"{type(self).__name__} must define _update(param, grad, state, group) "
            f"or _delta(grad, state, group, out)"
        )

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
                state[index[id(p)]] = {key: _snapshot(value) for key, value in entry.items()}
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
            raise ValueError(
                f"{name}.load_state_dict: expected a dict with 'state' and 'param_groups' "
                f"(as returned by state_dict())"
            )
        saved_groups = list(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"{name}.load_state_dict: the saved state has {len(saved_groups)} parameter "
                f"group(s), this optimiser has {len(self.param_groups)}"
            )
        by_index = {}
        new_groups = []
        for g, (saved, group) in enumerate(zip(saved_groups, self.param_groups)):
            saved_params = [int(i) for i in np.asarray(saved["params"]).reshape(-1)]
            if len(saved_params) != len(group["params"]):
                raise ValueError(
                    f"{name}.load_state_dict: saved parameter group {g} has "
                    f"{len(saved_params)} parameters, this optimiser's has {len(group['params'])}"
                )
            missing = sorted(set(self.defaults) - set(saved))
            if missing:
                raise ValueError(
                    f"{name}.load_state_dict: saved parameter group {g} lacks {missing}; "
                    f"was it saved from a different optimiser?"
                )
            by_index.update(zip(saved_params, group["params"]))
            restored = {key: _plain(value) for key, value in saved.items() if key != "params"}
            restored["params"] = group["params"]
            self._check_group(restored)
            new_groups.append(restored)
        new_state = defaultdict(dict)
        for key, entry in state_dict["state"].items():
            index = int(key)
            if index not in by_index:
                raise IndexError(
                    f"{name}.load_state_dict: state for parameter {index}, but the saved groups "
                    f"only list parameters {sorted(by_index)}"
                )
            param = by_index[index]
            new_state[param] = {
                k: self._restore_state(index, k, v, param) for k, v in entry.items() if v is not None
            }
        self.param_groups = new_groups
        self.state = new_state
        self._flat = {}

    _scalar_state = ()  # state entries that are numbers shared by the whole array (besides ``step``)

    def _restore_state(self, index, key, value, param):
        """One saved state entry of parameter ``index`` as the rules use it: ``step`` an int, the
        names in ``_scalar_state`` floats, every other entry an array shaped like the parameter."""
        owner = type(self).__name__
        if key == "step":
            return restore_count(owner, index, key, value)
        if key in self._scalar_state:
            return float(_plain(value))
        return restore_array(owner, index, key, value, param._data.shape, param._data.dtype)

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


def _snapshot(value):
    """A copy of a state entry that later steps leave alone: arrays copied, lists element by element."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_snapshot(v) for v in value]
    return value


def restore_count(owner, index, key, value):
    """A saved count (e.g. ``step``, maybe a float or a 0-d array after np.load) as an int."""
    count = float(_plain(value))
    if count < 0 or count != int(count):
        raise ValueError(
            f"{owner}.load_state_dict: parameter {index} has {key}={count}, "
            f"expected a non-negative whole number"
        )
    return int(count)


def restore_array(owner, index, key, value, shape, dtype):
    """A saved state array, checked to have ``shape`` and copied to ``dtype``."""
    array = np.asarray(value)
    if array.shape != tuple(shape):
        raise ValueError(
            f"{owner}.load_state_dict: state '{key}' of parameter {index} has shape "
            f"{tuple(array.shape)}, but the parameter has shape {tuple(shape)}"
        )
    return np.array(array, dtype=dtype)


def _is_named(item):
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], Tensor)
    )


def check_implementation_options(owner, foreach=None, fused=None, capturable=False, differentiable=False):
    """PyTorch's switches for how a step runs. ``foreach`` and ``fused`` (None, True or False) only
    choose kernels there, the numbers are the same: accepted, and here the flat arrays of
    ``optim.flat`` play their part. ``capturable`` (CUDA graphs) and ``differentiable`` (a
    graph through the step) are not supported: True raises."""
    for key, value in (("foreach", foreach), ("fused", fused)):
        if value is not None and not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{owner}: {key} must be None, True or False, got {value!r}")
    for key, value in (("capturable", capturable), ("differentiable", differentiable)):
        if value:
            raise NotImplementedError(f"{owner}: {key}=True is not supported")


# ----- the steps every rule shares (see the module docstring) -------------------------
def l2_weight_decay(group):
    """The weight decay added to the gradient (L2 penalty); 0 when the decay is decoupled."""
    return 0 if group.get("decoupled_weight_decay", False) else group.get("weight_decay", 0)


def gradient_changes(group):
    """Whether the gradient an update follows differs from the gradient (maximize or L2 decay)."""
    return group.get("maximize", False) or l2_weight_decay(group) != 0


def follow_gradient(param, grad, group, work):
    """Turn ``grad`` (an array we own) in place into the gradient an update follows: ``g <- -g``
    if maximize, ``g <- g + weight_decay * p`` (``param``; ``work`` holds the product)."""
    if group.get("maximize", False):
        np.negative(grad, out=grad)
    weight_decay = l2_weight_decay(group)
    if weight_decay != 0:
        grad += np.multiply(param, weight_decay, out=work)


def shrink_factor(group):
    """``1 - lr * weight_decay`` with decoupled weight decay (AdamW), None otherwise."""
    if group.get("decoupled_weight_decay", False) and group["weight_decay"] != 0:
        return 1 - group["lr"] * group["weight_decay"]
    return None


def move(param, delta, shrink=None):
    """``p <- p - d`` in place (``p <- shrink * p - d`` with a shrink factor)."""
    if shrink is not None:
        np.multiply(param, shrink, out=param)
    np.subtract(param, delta, out=param)


# ----- hyper-parameter checks used by the subclasses' _check_group ----------------
def check_number(owner, group, key, low=-math.inf, high=math.inf, include_high=True):
    """Check that ``group[key]`` is a finite real number in [low, high] (or [low, high)),
    store it as a float. (NaN and infinities are refused: they would poison every parameter.)"""
    value = group[key]
    if isinstance(value, Tensor) and value._data.size == 1 and value.dtype.kind == "f":
        value = value.item()  # PyTorch also takes a one-element Tensor, e.g. as lr
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {key} must be a real number, got {value!r} ({type(value).__name__})")
    try:
        value = float(value)
    except OverflowError:  # a Python int beyond float range
        value = math.inf if value > 0 else -math.inf
    inside = math.isfinite(value) and low <= value and (value <= high if include_high else value < high)
    if not inside:
        opening = "(" if low == -math.inf else "["
        closing = "]" if include_high and high != math.inf else ")"
        raise ValueError(
            f"{owner}: invalid {key}={value!r}; it must lie in {opening}{low:g}, {high:g}{closing}"
        )
    group[key] = value


def check_flag(owner, group, key):
    """Check that ``group[key]`` is a bool, store it as a Python bool."""
    value = group[key]
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{owner}: {key} must be True or False, got {value!r}")
    group[key] = bool(value)


def check_pair(owner, group, key, low=-math.inf, high=math.inf, include_high=True):
    """Check that ``group[key]`` is a pair of numbers in [low, high] (or [low, high)), such as
    Adam's betas; store it as a tuple of floats. An error names ``betas[0]`` or ``betas[1]``."""
    pair = group[key]
    if not isinstance(pair, (tuple, list, np.ndarray)) or len(pair) != 2:
        names = {"betas": " (beta1, beta2)", "etas": " (etaminus, etaplus)", "step_sizes": " (min, max)"}
        raise TypeError(f"{owner}: {key} must be a pair{names.get(key, '')}, got {pair!r}")
    box = {f"{key}[0]": pair[0], f"{key}[1]": pair[1]}
    for name in box:
        check_number(owner, box, name, low, high, include_high)
    group[key] = (box[f"{key}[0]"], box[f"{key}[1]"])
