"""Collapsed views of a computation graph: one node per module call, repeats folded.

``graph.py`` walks the graph into values and ops; this module turns them into
*units*, the nodes of a collapsed picture:

* a **value** unit for each leaf outside every module (inputs, targets,
  constants, loose parameters) and for each output;
* a **module** unit for each call of a module: the ops grouped in the
  module's box (see ``graph._modules``) that are connected through the
  values they make (a module called twice gives two units), with the
  module's parameters and intermediate values inside;
* an **op** unit for each op outside modules, holding the value it makes.

Folding (the rule, applied by ``fold``): a *chain* is a path of op/module
units in which each unit's result is used by the next one only (where a unit
has several such inputs, the one with the longest path behind it carries the
chain; the others are side branches). Each unit of a chain has a signature:
its kind, op name(s) or module class, the shapes of its parameters and
result, where the chain enters it, and its side inputs: a *private* one (used
by this unit only: a number, a block's own parameter, a side branch such as
the ``w * x`` of ``t + w * x``) by what it is, recursively, a shared one by
which node it is. Wherever the signatures of a chain repeat with period p (1
to ``MAX_PERIOD`` units) at least ``MIN_REPEAT`` times in a row, those repeats
become one **fold** unit marked "x N" (the longest cover wins, then the
shortest period), with their private side inputs inside; shared inputs keep
their edges. So a 10,000-op chain is three nodes, and a deep MLP's N
identical ``Linear -> tanh`` blocks one.

Grouping (``by_depth``, when a view is still bigger than ``max_nodes``): the
units of the same kind doing the same op at the same depth become one
**group** unit marked "x N side by side" (say the neurons of a layer of a
Scalar MLP, for every example), leaves group by kind and shape, outputs stay
apart. The picture then has one row per depth at most.
"""

from collections import namedtuple

import numpy as np

from .graph_style import element_count, numbers_of

MAX_PERIOD = 4  # blocks of up to this many units are recognised
MIN_REPEAT = 3  # a block is folded when it repeats at least this many times

# kind: "value", "op", "module", "fold" or "group"; ops: the op outputs inside, in order;
# value: the value drawn (value units) or made (op units); module: qualified name or None;
# params: (name, value) pairs inside (module units); inputs: unit indices, in order;
# repeats/block: for fold and group units, N and the units of one repeat
Unit = namedtuple("Unit", "kind ops value module params inputs repeats block", defaults=(None, None))


def units(values, ops, inputs, op_module, value_module, roots, names):
    """The units of the modules view (``op_module`` empty: one unit per op), in drawing order."""
    module_of = {out: op_module.get(out) for _, out in ops}
    component = _calls(ops, inputs, module_of)
    members = {}  # call key -> its op outputs
    for _, out in ops:
        members.setdefault(component.get(out, out), []).append(out)
    root_set = set(roots)
    result, home, made_key = [], {}, {}  # home: value -> index of the unit that draws or makes it
    for t in values:
        if t not in inputs:  # a leaf
            if value_module.get(t) is None and t not in root_set:
                home[t] = len(result)
                result.append(Unit("value", (), t, None, (), ()))
            continue
        key = component.get(t, t)
        if key not in made_key:
            made_key[key] = len(result)
            group = members[key]
            module = module_of[group[0]]
            params = _params(group, inputs, value_module, module, names) if module else ()
            result.append(Unit("module" if module else "op", tuple(group), group[-1], module, params, ()))
        home[t] = made_key[key]
    for t in roots:
        made = home.get(t)
        home.setdefault(t, len(result))
        result.append(Unit("value", (), t, None, (), () if made is None else (made,)))
    for index, unit in enumerate(result):
        if unit.kind == "value":
            continue
        sources, inside = [], set(unit.ops)
        for out in unit.ops:
            for p in inputs[out]:
                if p not in inside and p in home and home[p] not in sources:
                    sources.append(home[p])  # parameters inside the module have no home
        result[index] = unit._replace(inputs=tuple(sources))
    return result


def _calls(ops, inputs, module_of):
    """op output -> a representative op output of its module call (union-find over the ops of
    one module linked through the values they make)."""
    parent = {}

    def find(x):
        while parent[x] is not x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, out in ops:
        if module_of[out] is not None:
            parent[out] = out
    for _, out in ops:
        if module_of[out] is None:
            continue
        for p in inputs[out]:
            if p in parent and module_of[p] == module_of[out]:
                a, b = find(p), find(out)
                if a is not b:
                    parent[b] = a  # the earlier op stays the representative
    return {out: find(out) for out in parent}


def _params(group, inputs, value_module, module, names):
    """The module's leaves (parameters) that the ops of one call use, in order of use."""
    found = {}  # a dict: the parameters in order, each once
    for out in group:
        for p in inputs[out]:
            if value_module.get(p) == module and p not in inputs:
                found[p] = None
    return tuple((names.of.get(p), p) for p in found)


def fold(view, names):
    """``view`` with its repeated chains folded (the rule is in the module docstring)."""
    consumers = [[] for _ in view]
    for index, unit in enumerate(view):
        for source in unit.inputs:
            consumers[source].append(index)
    chain_next, depth = {}, []
    for index, unit in enumerate(view):  # inputs come before their users
        depth.append(1 + max((depth[s] for s in unit.inputs), default=0))
        private = [s for s in unit.inputs if _private(view, consumers, s) and view[s].kind != "value"]
        if unit.kind in ("op", "module") and private:
            chain_next[max(private, key=lambda s: depth[s])] = index  # the deepest one carries the chain
    starts = sorted(set(chain_next) - set(chain_next.values()))
    folds, used = {}, set()  # first member -> (members, period, entry input, folded-in units)
    for start in starts:
        chain = [start]
        while chain[-1] in chain_next:
            chain.append(chain_next[chain[-1]])
        if len(chain) < MIN_REPEAT:
            continue
        entries = [view[chain[k]].inputs.index(chain[k - 1]) if k else None for k in range(len(chain))]
        entries[0] = entries[1]
        signatures = [_signature(view, consumers, chain[k], entries[k], names) for k in range(len(chain))]
        i = 0
        while i < len(chain):
            period, repeats = _best_repeat(signatures, i)
            members = chain[i : i + period * repeats]
            first_inputs = view[chain[i]].inputs
            entry = first_inputs[entries[i]] if entries[i] < len(first_inputs) else None  # stays outside
            inside = _folded_in(view, consumers, members, entry)
            if not repeats or used & (set(members) | inside):
                i += 1
                continue
            used |= set(members) | inside
            folds[chain[i]] = (members, period, entry, inside)
            i += period * repeats
    return _rebuild(view, folds) if folds else view


def _private(view, consumers, index):
    """True if unit ``index`` is used by one unit only."""
    return len(consumers[index]) == 1


def _signature(view, consumers, index, entry, names):
    """What must be equal for two units of a chain to count as repeats (``entry``: the
    position of the input through which the chain arrives): the unit itself, and its side
    inputs: a private one (used by this unit only) by what it is, recursively; a shared one
    by which unit it is."""
    unit = view[index]
    sides = tuple(
        _side(view, consumers, source, names)
        for position, source in enumerate(unit.inputs)
        if position != entry
    )
    params = tuple((_leaf_name(name), tuple(p.shape)) for name, p in unit.params)
    return (
        unit.kind,
        tuple(_op_name(out) for out in unit.ops),
        names.type_of(unit.module),
        params,
        tuple(unit.value.shape),
        entry,
        sides,
    )


def _side(view, consumers, source, names):
    side = view[source]
    if not _private(view, consumers, source) or (side.kind == "value" and side.inputs):
        return ("shared", source)
    if side.kind == "value":
        t = side.value
        return ("own", t.requires_grad, tuple(t.shape), _number(t))
    return ("own",) + _signature(view, consumers, source, None, names)


def _folded_in(view, consumers, members, entry):
    """The units drawn inside a fold: the private side inputs of its members, recursively."""
    inside, stack = set(), []
    chain = set(members)
    for m in members:
        stack.extend(s for s in view[m].inputs if s not in chain and s != entry)
    while stack:
        source = stack.pop()
        side = view[source]
        if (
            source in inside
            or not _private(view, consumers, source)
            or (side.kind == "value" and side.inputs)
        ):
            continue
        inside.add(source)
        stack.extend(side.inputs)
    return inside


def _number(t):
    """The value of a one-element constant (a number in the program), else None."""
    if t.requires_grad or element_count(t) != 1:
        return None
    return np.asarray(numbers_of(t)).item()


def _leaf_name(name):
    return name.rsplit(".", 1)[-1] if name else None


def _op_name(out):
    return out.grad_fn.name if hasattr(out, "grad_fn") else out.op


def _best_repeat(signatures, i):
    """(period, repeats) of the longest run of repeated blocks starting at i, or (0, 0)."""
    best = (0, 0, 0)  # covered length, -period, repeats
    for period in range(1, MAX_PERIOD + 1):
        block = signatures[i : i + period]
        if len(block) < period:
            break
        repeats = 1
        while signatures[i + repeats * period : i + (repeats + 1) * period] == block:
            repeats += 1
        if repeats >= MIN_REPEAT and (period * repeats, -period) > best[:2]:
            best = (period * repeats, -period, repeats)
    return (-best[1], best[2]) if best[2] else (0, 0)


def _rebuild(view, folds):
    """The units with each folded run replaced by one fold unit, its private side inputs inside."""
    owner, dropped = {}, set()
    for first, (members, _, _, inside) in folds.items():
        for m in members:
            owner[m] = first
        dropped |= inside
    kept = [i for i in range(len(view)) if i not in dropped and owner.get(i, i) == i]
    new_index = {old: new for new, old in enumerate(kept)}
    for m, first in owner.items():
        new_index[m] = new_index[first]
    result = []
    for new, old in enumerate(kept):
        unit = view[old]
        group = [old]
        if old in folds:
            members, period, _, inside = folds[old]
            group = sorted(set(members) | inside)
            unit = Unit(
                "fold",
                tuple(o for m in group for o in view[m].ops),
                view[members[-1]].value,
                None,
                tuple(p for m in members for p in view[m].params),
                (),
                len(members) // period,
                tuple(view[m] for m in members[:period]),
            )
        sources = []
        for m in group:
            for s in view[m].inputs:
                if s not in dropped and new_index[s] != new and new_index[s] not in sources:
                    sources.append(new_index[s])
        result.append(unit._replace(inputs=tuple(sources)))
    return result


def by_depth(view):
    """The last resort for a view still too big: the units of one kind at the same depth
    (longest path from the leaves), doing the same thing side by side (say the neurons of
    a layer, for every example of a batch), become one "group" unit marked "x N". Leaves
    group by kind and shape; outputs stay apart."""
    depth, keys, groups = [], [], {}
    for index, unit in enumerate(view):
        depth.append(1 + max((depth[s] for s in unit.inputs), default=0))
        if unit.kind == "value" and unit.inputs:  # an output
            key = ("output", index)
        elif unit.kind == "value":
            t = unit.value
            key = ("leaf", t.requires_grad, tuple(t.shape))
        else:
            key = (
                depth[index],
                unit.kind,
                tuple(_op_name(out) for out in (unit.block[0] if unit.block else unit).ops),
                tuple(unit.value.shape),
            )
        keys.append(key)
        groups.setdefault(key, []).append(index)
    order = {key: position for position, key in enumerate(groups)}
    result = []
    for key, members in groups.items():
        unit = view[members[0]]
        if len(members) > 1:
            unit = Unit(
                "group",
                tuple(o for m in members for o in view[m].ops),
                unit.value,
                None,
                tuple(p for m in members for p in view[m].params),
                (),
                len(members),
                (unit,),
            )
        sources = []
        for m in members:
            for s in view[m].inputs:
                target = order[keys[s]]
                if target != order[key] and target not in sources:
                    sources.append(target)
        result.append(unit._replace(inputs=tuple(sources)))
    return result
