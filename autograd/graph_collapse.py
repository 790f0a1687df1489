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
units in which each unit's result is used by the next one only. Each unit of
a chain has a signature: its kind, op name(s) or module type, the shapes of
its parameters and result, and the kind and shape of its side inputs (the
value of a number). Wherever the signatures of a chain repeat with period p
(1 to ``MAX_PERIOD`` units) at least ``MIN_REPEAT`` times in a row, those
repeats become one **fold** unit marked "x N" (the longest cover wins, then
the shortest period). A side input used by one repeat only (a number, a
block's own parameter) is folded in with it; anything else keeps its edge.
"""
from collections import namedtuple

MAX_PERIOD = 4   # blocks of up to this many units are recognised
MIN_REPEAT = 3   # a block is folded when it repeats at least this many times

# kind: "value", "op", "module" or "fold"; ops: the op outputs inside, in order;
# value: the value drawn (value units) or made (op units); module: qualified name or None;
# params: (name, value) pairs inside (module units); inputs: unit indices, in order;
# repeats/block: for fold units, N and the member units of one block
Unit = namedtuple("Unit", "kind ops value module params inputs repeats block", defaults=(None, None))


def units(values, ops, inputs, op_module, value_module, roots, names):
    """The units of the modules view (``op_module`` empty: one unit per op), in drawing order."""
    module_of = {out: op_module.get(out) for _, out in ops}
    component = _calls(ops, inputs, module_of)
    members = {}                     # call key -> its op outputs
    for _, out in ops:
        members.setdefault(component.get(out, out), []).append(out)
    root_set = set(roots)
    result, home, made_key = [], {}, {}   # home: value -> index of the unit that draws or makes it
    for t in values:
        if t not in inputs:           # a leaf
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
                    sources.append(home[p])   # parameters inside the module have no home
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
                    parent[b] = a            # the earlier op stays the representative
    return {out: find(out) for out in parent}


def _params(group, inputs, value_module, module, names):
    """The module's leaves (parameters) that the ops of one call use, in order of use."""
    found = {}                       # a dict: the parameters in order, each once
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
    chain_next = {}
    for index, unit in enumerate(view):
        after = consumers[index]
        if unit.kind in ("op", "module") and len(after) == 1 and view[after[0]].kind in ("op", "module"):
            chain_next[index] = after[0]
    arrivals = {}
    for b in chain_next.values():
        arrivals[b] = arrivals.get(b, 0) + 1
    chain_next = {a: b for a, b in chain_next.items() if arrivals[b] == 1}
    starts = sorted(set(chain_next) - set(chain_next.values()))
    folds = {}                        # first member -> (members, period, its entry input)
    for start in starts:
        chain = [start]
        while chain[-1] in chain_next:
            chain.append(chain_next[chain[-1]])
        entries = [view[chain[k]].inputs.index(chain[k - 1]) if k else None for k in range(len(chain))]
        entries[0] = entries[1]
        signatures = [_signature(view, consumers, chain[k], entries[k], names) for k in range(len(chain))]
        i = 0
        while i < len(chain):
            period, repeats = _best_repeat(signatures, i)
            if not repeats:
                i += 1
                continue
            first_inputs = view[chain[i]].inputs
            entry = first_inputs[entries[i]] if entries[i] < len(first_inputs) else None
            folds[chain[i]] = (chain[i:i + period * repeats], period, entry)
            i += period * repeats
    return _rebuild(view, consumers, folds) if folds else view


def _signature(view, consumers, index, entry, names):
    """What must be equal for two units of a chain to count as repeats (``entry``: the
    position of the input through which the chain arrives)."""
    unit = view[index]
    sides = []
    for position, source in enumerate(unit.inputs):
        if position == entry:
            continue
        side = view[source]
        if side.kind == "value" and len(consumers[source]) == 1:
            t = side.value
            sides.append(("own", t.requires_grad, tuple(t.shape), _number(t)))
        else:
            sides.append(("shared", source))
    params = tuple((_leaf_name(name), tuple(p.shape)) for name, p in unit.params)
    return (unit.kind, tuple(_op_name(out) for out in unit.ops), names.type_of(unit.module), params,
            tuple(unit.value.shape), entry, tuple(sides))


def _number(t):
    """The value of a one-element constant (a number in the program), else None."""
    if t.requires_grad or t.size != 1:
        return None
    return t.data if isinstance(t.data, float) else t._data.item()


def _leaf_name(name):
    return name.rsplit(".", 1)[-1] if name else None


def _op_name(out):
    return out.grad_fn.name if hasattr(out, "grad_fn") else out.op


def _best_repeat(signatures, i):
    """(period, repeats) of the longest run of repeated blocks starting at i, or (0, 0)."""
    best = (0, 0, 0)  # covered length, -period, repeats
    for period in range(1, MAX_PERIOD + 1):
        block = signatures[i:i + period]
        if len(block) < period:
            break
        repeats = 1
        while signatures[i + repeats * period:i + (repeats + 1) * period] == block:
            repeats += 1
        if repeats >= MIN_REPEAT and (period * repeats, -period) > best[:2]:
            best = (period * repeats, -period, repeats)
    return (-best[1], best[2]) if best[2] else (0, 0)


def _rebuild(view, consumers, folds):
    """The units with each folded run replaced by one fold unit; the side inputs used by one
    member only are dropped (folded in)."""
    owner, dropped = {}, set()
    for first, (members, _, entry) in folds.items():
        inside = set(members)
        for m in members:
            owner[m] = first
            for source in view[m].inputs:
                if source != entry and source not in inside and view[source].kind == "value" \
                        and len(consumers[source]) == 1:
                    dropped.add(source)
    kept = [i for i in range(len(view)) if i not in dropped and owner.get(i, i) == i]
    new_index = {old: new for new, old in enumerate(kept)}
    for m, first in owner.items():
        new_index[m] = new_index[first]
    result = []
    for new, old in enumerate(kept):
        unit = view[old]
        members = folds[old][0] if old in folds else [old]
        sources = []
        for m in members:
            for s in view[m].inputs:
                if s not in dropped and new_index[s] != new and new_index[s] not in sources:
                    sources.append(new_index[s])
        if old in folds:
            period = folds[old][1]
            unit = Unit("fold", tuple(o for m in members for o in view[m].ops), view[members[-1]].value, None,
                        tuple(p for m in members for p in view[m].params), (), len(members) // period,
                        tuple(view[m] for m in members[:period]))
        result.append(unit._replace(inputs=tuple(sources)))
    return result
