"""Flat arrays: a parameter group's small arrays laid end to end, so one numpy call updates them all.

A small network has many small parameter arrays, and a numpy call costs about
a microsecond however small its array: an update rule of ten calls, run once
per parameter, spends its time in Python rather than in arithmetic. Putting
the gradients side by side in one flat array, and each kind of optimiser
state (Adam's m and v, a momentum buffer, ...) in one flat array too, lets the
rule run once for many parameters, on the same formulas (elementwise
arithmetic gives the same bits on a slice as on the whole).

    parameters     W1 (40, 2)   b1 (40,)   W2 (25, 40)  ...
    flat gradient  [ 80 values | 40 values | 1000 values | ... ]   one copy per step
    flat m, v, ... [ W1's      | b1's      | W2's        | ... ]   W1's state = a view of its segment

The parameters themselves stay separate arrays (models and users hold
them): the rule returns the flat step d and each parameter subtracts its
segment of it in place. Each parameter's state entry is a view of its segment,
shaped like the parameter, so ``optimizer.state[p]`` and ``state_dict()``
look exactly as with a per-parameter loop.

Only small parameters are worth it: for a large array the numpy calls cost
little next to its arithmetic, the copy into the flat gradient costs a pass
more, and flat arrays too big for the CPU cache make each of a rule's ten
passes go to main memory, where one parameter at a time stays in cache. So a
``Layout`` packs the parameters of one dtype into ``FlatGroup``s of at most
``MAX_BYTES`` per array and leaves larger parameters (and a small one with no
partner of its dtype) ``alone``, to be updated one by one.
"""

import operator
from itertools import repeat

import numpy as np

MAX_BYTES = 2**16  # per flat array; measured: beyond it, the copy and cache misses cost what it saves

# The checks below run at every step, over every parameter: map() with these runs the loops in C
_SHAPE, _DTYPE = operator.attrgetter("shape"), operator.attrgetter("dtype")
_DATA_SHAPE, _DATA_DTYPE = operator.attrgetter("_data.shape"), operator.attrgetter("_data.dtype")


class Layout:
    """How one parameter group's parameters share flat arrays: ``flat_groups``, FlatGroups of
    small parameters of one dtype, and ``alone``, the parameters to update one by one."""

    def __init__(self, params):
        self.params = list(params)
        self.shapes, self.dtypes = list(map(_DATA_SHAPE, self.params)), list(map(_DATA_DTYPE, self.params))
        self.alone, packs, filling = (
            [],
            [],
            {},
        )  # dtype -> [the parameters of the pack being filled, its bytes]
        for p in self.params:
            if p._data.nbytes > MAX_BYTES:
                self.alone.append(p)
                continue
            pack = filling.get(p._data.dtype)
            if pack is None or pack[1] + p._data.nbytes > MAX_BYTES:
                pack = filling[p._data.dtype] = [[], 0]
                packs.append(pack[0])
            pack[0].append(p)
            pack[1] += p._data.nbytes
        self.alone += [pack[0] for pack in packs if len(pack) == 1]  # one alone saves no numpy calls
        packs = [pack for pack in packs if len(pack) > 1]
        # the gradient and spare buffers only live during one step: every FlatGroup of a dtype
        # uses the same ones (memory used over and over stays in the cache; separate buffers did not)
        sizes = {}
        for pack in packs:
            dtype = pack[0]._data.dtype
            sizes[dtype] = max(sizes.get(dtype, 0), sum(p._data.size for p in pack))
        buffers = {dtype: [np.empty(size, dtype) for _ in range(2)] for dtype, size in sizes.items()}
        self.flat_groups = [FlatGroup(pack, buffers[pack[0]._data.dtype]) for pack in packs]

    def is_for(self, params):
        """Whether ``params`` are still the parameters, shapes and dtypes this layout was made for."""
        return (
            len(params) == len(self.params)
            and all(map(operator.is_, params, self.params))
            and list(map(_DATA_SHAPE, params)) == self.shapes
            and list(map(_DATA_DTYPE, params)) == self.dtypes
        )


class FlatGroup:
    """The flat arrays of some parameters of one dtype: ``state`` (the optimiser's state for all
    of them at once: flat arrays and numbers such as the step count), and for the duration of a
    step a gradient buffer ``grad`` and a spare array ``out``, the start of the two ``buffers``
    (flat arrays of the dtype, at least as long as this group's)."""

    def __init__(self, params, buffers):
        self.params = list(params)
        self.dtype = self.params[0]._data.dtype
        self.shapes = [p._data.shape for p in self.params]
        self.dtypes = [self.dtype] * len(self.params)
        ends = np.cumsum([p._data.size for p in self.params]).tolist()
        self.segments = [slice(start, end) for start, end in zip([0] + ends[:-1], ends)]
        self.grad, self.out = (buffer[: ends[-1]] for buffer in buffers)
        self.state = {}
        self._views = {}  # id of a flat array -> (the array, its per-parameter views)

    def gradients(self):
        """The parameters' gradients if each is a numpy gradient (an array, or a scalar for a 0-d
        parameter) of its parameter's shape and dtype; else None."""
        grads = [None if p._grad is None else p._grad._data for p in self.params]
        if (
            all(map(isinstance, grads, repeat((np.ndarray, np.generic))))
            and list(map(_SHAPE, grads)) == self.shapes
            and list(map(_DTYPE, grads)) == self.dtypes
        ):
            return grads
        return None

    def views(self, flat):
        """Each parameter's segment of the flat array ``flat``, shaped like the parameter."""
        cached = self._views.get(id(flat))
        if cached is None or cached[0] is not flat:
            cached = self._views[id(flat)] = (
                flat,
                [flat[segment].reshape(shape) for segment, shape in zip(self.segments, self.shapes)],
            )
        return cached[1]

    def gather(self, arrays, out):
        """Copy the parameters' ``arrays`` (gradients or values) end to end into the flat ``out``."""
        return np.concatenate(arrays, axis=None, out=out)  # axis=None: each flattened

    def holds(self, entries):
        """Whether the per-parameter state ``entries`` are exactly this group's ``state``: the same
        numbers, and as arrays the views of the flat arrays (so no copy is needed)."""
        for key, value in self.state.items():
            found = [entry.get(key) for entry in entries]
            if isinstance(value, np.ndarray):
                if not all(map(operator.is_, found, self.views(value))):
                    return False
            elif found.count(value) != len(found):
                return False
        return list(map(len, entries)) == [len(self.state)] * len(entries)

    def pack(self, entries):
        """Copy per-parameter state ``entries`` (e.g. from ``load_state_dict``) into new flat state.

        Possible when the entries have the same keys, equal numbers (e.g. step counts) and arrays
        of their parameter's shape and dtype; returns False otherwise, changing nothing."""
        first = entries[0]
        state = {}
        for key, value in first.items():
            values = [entry.get(key) for entry in entries]
            if isinstance(value, np.ndarray):
                if any(
                    type(v) is not np.ndarray or v.shape != shape or v.dtype != self.dtype
                    for v, shape in zip(values, self.shapes)
                ):
                    return False
                state[key] = self.gather(values, np.empty_like(self.grad))
            elif value is None or any(isinstance(v, np.ndarray) or v != value for v in values):
                return False
            else:
                state[key] = value
        if any(len(entry) != len(first) for entry in entries):
            return False
        self.state, self._views = state, {}
        return True

    def share(self, entries):
        """Make each parameter's state entry show its part of ``state`` (views and numbers).
        (``holds`` or ``pack`` came first: if the first entry has its view, all have.)"""
        for key, value in self.state.items():
            if not isinstance(value, np.ndarray):
                for entry in entries:
                    entry[key] = value
            elif entries[0].get(key) is not self.views(value)[0]:
                for entry, view in zip(entries, self.views(value)):
                    entry[key] = view
