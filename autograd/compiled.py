"""``autograd.compile(fn)``: trace a function's ops once, then replay them on arrays.

    compiled = autograd.compile(loss_fn)
    for xb, yb in batches:
        loss = compiled(xb, yb)         # a Tensor, as loss_fn(xb, yb) returns
        optimizer.zero_grad(); loss.backward(); optimizer.step()

Every op goes through ``Function.apply``, which wraps arrays in Tensors,
checks the grad mode and records a graph node; ``backward`` then walks the
nodes through a priority queue. For a small network that bookkeeping costs
more than numpy's work. The ops and their order are the same at every step,
so ``compile`` records them once and replays them without it:

- **Trace** (the first call for a signature: the shapes, dtypes and
  ``requires_grad`` of the Tensor arguments, the values of the others). ``fn``
  runs on the ordinary engine, and its result is returned as usual; meanwhile
  ``Function.apply`` hands every op to the tracer, which notes the op's class,
  its options, and where each input comes from: an argument, an earlier op's
  output, a Tensor from outside (a parameter, or a captured constant), or a
  constant (a number, an array). That list is the *tape*.
- **Replay** (later calls with that signature). The tape runs each op's
  ``forward(ctx, *arrays, **options)`` on plain arrays, reading the arguments'
  and parameters' current values (the optimiser changes them in place
  between steps). The result is one Tensor with one graph node whose
  ``backward`` runs every op's ``backward`` in reverse tape order, sums each
  gradient back to its input's shape, skips gradients nobody needs, and hands
  the gradients of the leaves (the parameters and the arguments that require
  grad) to the engine: ``loss.backward()`` fills ``.grad`` as it always does.
- **Check** (the first replay of a signature): the replay's value is compared
  with ``fn``'s on the ordinary engine; if they differ the signature is marked
  uncompilable (see below).

What a trace cannot see is frozen as it was traced, as in ``torch.jit.trace``:
Python control flow (``if x.sum() > 0``, a loop over ``len(batch)``) follows
the branch taken while tracing, and a Tensor ``fn`` reads from outside (a
global ``xb`` rebound every step) stays the Tensor it read then: pass what
changes as arguments. The tracer refuses, and leaves the signature to the
ordinary engine with a one-time warning naming why, when data leaves the
graph during the trace (``.item()``, ``.numpy()``, ``.tolist()``, ``bool()``,
printing a Tensor), when an op is applied to a Tensor computed outside the
ops (a comparison, ``argmax``, random numbers), when random numbers are drawn
(dropout), when a Tensor is changed in place, or when a hook is registered.
The check on the first replay catches most of what slips through; a branch
that changes later is not caught.

Not supported through a compiled function's result: ``create_graph=True``
(second derivatives); call ``fn`` itself for those. Its backward frees each op's
saved arrays as soon as they have served, unless the backward retains the graph
(``retain_graph=True``), as the ordinary engine does. Under ``no_grad`` the compiled
function just calls ``fn``.
"""

import functools
import sys
import warnings

import numpy as np

from . import clock, creation, engine, function, grad_mode
from .function import Context, Function
from .ops.shape import sum_to
from .random import default_generator
from .tensor import Tensor

tensor_module = sys.modules[Tensor.__module__]  # autograd.tensor is also the function tensor()
CACHE_SIZE = 8  # signatures kept per compiled function; the oldest is forgotten first


def compile(fn):
    """``fn`` traced on its first call and replayed after (see ``autograd.compiled``)."""
    if not callable(fn):
        raise TypeError(f"compile: fn must be callable, got {type(fn).__name__}")
    return Compiled(fn)


class Compiled:
    """What ``compile`` returns: call it as you would call ``fn``."""

    def __init__(self, fn):
        self.fn = fn
        self.tapes = {}  # signature -> Tape, or the reason (a str) it runs on the ordinary engine

    def __getattr__(self, name):  # compile(model).parameters() is model.parameters(), as in PyTorch
        if name == "fn":
            raise AttributeError(name)
        return getattr(self.fn, name)

    def __repr__(self):
        return f"<compiled {getattr(self.fn, '__name__', self.fn)!r}: {len(self.tapes)} signature(s)>"

    def __call__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("compile: pass the compiled function's arguments positionally")
        if not grad_mode._mode.enabled or function.tracer is not None:
            return self.fn(*args)  # nothing to differentiate, or inside another trace
        key = _signature(args)
        tape = self.tapes.get(key)
        if isinstance(tape, str):
            return self.fn(*args)
        if tape is not None and tape.sources_unchanged():
            result = tape.replay(args)
            if tape.checked:
                return result
            tape.checked = True
            expected = self.fn(*args)  # the first replay of a signature, checked
            if _same_values(result, expected):
                return result
            self._refuse(
                key,
                "replaying its ops gave another value than calling it (it depends on "
                "something the trace froze: a Tensor read from outside and rebound since, "
                "a value computed outside the ops, or Python control flow on values)",
            )
            return expected
        if len(self.tapes) >= CACHE_SIZE:
            del self.tapes[next(iter(self.tapes))]
        tape, result = _trace(self.fn, args)
        if isinstance(tape, str):
            self._refuse(key, tape)
        else:
            self.tapes[key] = tape
        return result

    def _refuse(self, key, reason):
        self.tapes[key] = reason
        warnings.warn(
            f"compile: {getattr(self.fn, '__name__', 'fn')} runs on the ordinary engine for these "
            f"arguments: {reason}",
            stacklevel=3,
        )


def _signature(args):
    """What decides whether a tape fits: each Tensor's shape, dtype and requires_grad; the
    value of anything else (a number, a string), which the tape has frozen."""
    key = []
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            key.append((a._data.shape, a._data.dtype, a._requires_grad))
        elif isinstance(a, np.ndarray):
            raise TypeError(
                f"compile: argument {i} is a numpy array; pass a Tensor (autograd.from_numpy(a)), "
                "whose values are read at every call"
            )
        else:
            try:
                hash(a)
            except TypeError:
                raise TypeError(
                    f"compile: argument {i} ({type(a).__name__}) is neither a Tensor nor a hashable "
                    "value; the trace freezes such arguments, so they must be comparable"
                ) from None
            key.append((type(a), a))
    return tuple(key)


def _same_values(replayed, expected):
    replayed = replayed if isinstance(replayed, tuple) else (replayed,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    return len(replayed) == len(expected) and all(
        isinstance(b, Tensor) and np.array_equal(a._data, b._data, equal_nan=True)
        for a, b in zip(replayed, expected)
    )


# ---- tracing ----------------------------------------------------------------------------


class _Tracer:
    """Notes every op ``fn`` applies, and what makes the trace unfaithful."""

    def __init__(self, args):
        self.slot_of = {}  # id(Tensor) -> its slot: arguments, outside Tensors, op outputs
        self.slot_of_array = {}  # id(array) -> slot, for the arrays of those Tensors
        self.keep = []  # everything an id above refers to, so that no id is reused
        self.template = []  # per slot: a constant's value, or None (filled at replay)
        self.sources = []  # (slot, Tensor) read at every replay: the arguments, then others
        self.entries = []  # (cls, options, input slots, output slot, differentiable, inputs)
        self.template_shapes = {}  # op output slot -> the output's shape
        self.made = {}  # id -> Tensor made during the trace by something other than an op
        self.constants = set()  # ids of the Tensors from outside that do not require grad
        self.reason = None  # why the trace cannot be replayed, once known
        for a in args:
            if isinstance(a, Tensor):
                self._source(a)
        self.argument_count = len(self.sources)

    def _new_slot(self, value=None):
        self.template.append(value)
        return len(self.template) - 1

    def _tensor_slot(self, t):
        slot = self._new_slot()
        self.slot_of[id(t)] = slot
        self.slot_of_array.setdefault(id(t._data), slot)
        self.keep.append(t)
        return slot

    def _source(self, t):
        slot = self._tensor_slot(t)
        self.sources.append((slot, t))
        return slot

    def refuse(self, reason):
        if self.reason is None:
            self.reason = reason

    def record(self, cls, args, options):
        function.tracer = None  # ops inside this op's forward belong to it, not to the tape
        try:
            out = cls.apply(*args, **options)
        finally:
            function.tracer = self.record
        self.made.pop(id(out), None)
        if any(isinstance(v, Tensor) for v in options.values()):
            self.refuse(f"a Tensor passed to '{cls.name}' as a keyword option")
        inputs = tuple(self._input_slot(a, cls) for a in args)
        if all(id(a) in self.constants for a in args if isinstance(a, Tensor)) and not any(
            isinstance(a, np.ndarray) and id(a) in self.slot_of_array for a in args
        ):
            self.constants.add(id(out))  # computed from constants only: one too
        slot = self._tensor_slot(out)
        self.template_shapes[slot] = out._data.shape
        self.entries.append((cls, options, inputs, slot, out._requires_grad, args))
        return out

    def _input_slot(self, a, cls):
        if isinstance(a, Tensor):
            slot = self.slot_of.get(id(a))
            if slot is not None:
                return slot
            if id(a) in self.made:  # made during the trace, not by an op
                slot = self.slot_of_array.get(id(a._data))
                if slot is not None:  # x.detach(), x.data: the same array as a traced Tensor
                    return slot
                self.refuse(
                    f"'{cls.name}' was applied to a Tensor computed outside autograd's ops (a "
                    "comparison, argmax, random numbers, ...), which the tape cannot recompute"
                )
                return -1
            if not a._requires_grad:
                self.constants.add(id(a))
            return self._source(a)  # a parameter or a constant from outside: read at every replay
        if isinstance(a, np.ndarray):
            slot = self.slot_of_array.get(id(a))
            if slot is not None:  # the array of an argument or of an op's output (x._data)
                return slot
        return self._new_slot(a)  # a constant


def _trace(fn, args):
    """Run ``fn`` on the ordinary engine while recording a Tape; (Tape or reason, result)."""
    tracer = _Tracer(args)
    changes, rebases, rng = clock.last_change, clock.last_rebase, default_generator.get_state()
    with _watching(tracer):
        result = fn(*args)
    results = result if isinstance(result, tuple) else (result,)
    if not results or not all(isinstance(t, Tensor) for t in results):
        what = ", ".join(type(t).__name__ for t in results) or "an empty tuple"
        raise TypeError(f"compile: fn must return a Tensor (or a tuple of Tensors), got {what}")
    if clock.last_change != changes or clock.last_rebase != rebases:
        tracer.refuse("a Tensor was changed in place during the trace")
    if not np.array_equal(rng, default_generator.get_state()):
        tracer.refuse("random numbers were drawn (dropout, randn, ...): a replay would repeat them")
    if id(results[0]) not in tracer.slot_of or not results[0]._requires_grad:
        tracer.refuse("its result does not require grad, or no op computed it: nothing to replay")
    if any(id(t) not in tracer.slot_of for t in results):
        tracer.refuse("it returns a Tensor that none of its ops computed")
    if tracer.reason is not None:
        return tracer.reason, result
    slots = [tracer.slot_of[id(t)] for t in results]
    return Tape(tracer, slots[0], slots[1:], isinstance(result, tuple)), result


class _watching:
    """While tracing: ``Function.apply`` goes to the tracer, and the Tensor methods through
    which values leave the graph, or a Tensor is made outside the ops, tell it so."""

    ESCAPES = {
        "_one_value": "a Tensor's value was read in Python (.item(), bool(), float(), int())",
        "numpy": "a Tensor's values left the graph (.numpy())",
        "tolist": "a Tensor's values left the graph (.tolist())",
        "__array__": "a Tensor's values left the graph (np.asarray(t))",
        "__repr__": "a Tensor was printed",
        "__format__": "a Tensor was formatted",
        "register_hook": "a hook was registered on a Tensor of the trace",
        "retain_grad": "retain_grad() on a Tensor of the trace",
    }

    def __init__(self, tracer):
        self.tracer = tracer
        self.originals = {}

    def __enter__(self):
        tracer = self.tracer
        for name, reason in self.ESCAPES.items():
            self.originals[name] = original = getattr(Tensor, name)
            setattr(Tensor, name, _escape(original, reason, tracer))
        self.make, self.lift, self.create = Tensor.__dict__["_make"], Tensor._lift, creation._make

        def make(cls, data, ctx=None):  # every Tensor made during the trace is noted ...
            t = self.make.__func__(cls, data, ctx)
            tracer.made[id(t)] = t
            return t

        def lift(t, other):  # ... except numbers and arrays that become operands (x * 2) ...
            lifted = self.lift(t, other)
            if lifted is not other:
                tracer.made.pop(id(lifted), None)
            return lifted

        def create(array, device, requires_grad):  # ... and zeros(), ones(), arange(), ...
            t = self.create(array, device, requires_grad)
            tracer.made.pop(id(t), None)
            return t

        def as_index(index):  # indices become options, frozen: only constant ones will do
            parts = index if isinstance(index, tuple) else (index,)
            if any(isinstance(i, Tensor) and _is_variable(i, tracer) for i in parts):
                tracer.refuse("a Tensor of the trace was used as an index (indices are frozen)")
            return self.as_index(index)

        self.as_index = tensor_module._as_index
        Tensor._make, Tensor._lift, creation._make = classmethod(make), lift, create
        tensor_module._as_index = as_index
        function.tracer = tracer.record

    def __exit__(self, *exc_info):
        function.tracer = None
        Tensor._make, Tensor._lift, creation._make = self.make, self.lift, self.create
        tensor_module._as_index = self.as_index
        for name, original in self.originals.items():
            setattr(Tensor, name, original)
        return False


def _is_variable(t, tracer):
    """May ``t`` hold other values at the next call? (Anything but a constant from outside.)"""
    return (
        t._requires_grad or id(t) in tracer.made or id(t) in tracer.slot_of and id(t) not in tracer.constants
    )


def _escape(method, reason, tracer):
    @functools.wraps(method)
    def watched(t, *args, **kwargs):
        if _is_variable(t, tracer):
            tracer.refuse(reason)
        return method(t, *args, **kwargs)

    return watched


# ---- replaying ----------------------------------------------------------------------------


class Tape:
    """The ops of one trace, ready to replay forward (on arrays) and backward."""

    def __init__(self, tracer, output, extras, returns_tuple):
        self.output, self.extras, self.returns_tuple, self.checked = output, extras, returns_tuple, False
        self.template = tracer.template
        self.source_slots = [slot for slot, _ in tracer.sources]
        self.captured = [t for _, t in tracer.sources[tracer.argument_count :]]  # not arguments
        self.layout = [(t._data.shape, t._data.dtype, t._requires_grad) for t in self.captured]
        needed = {output, *extras}  # the slots the results depend on; the ops that compute them
        self.forward_ops, self.backward_ops = [], []
        for cls, options, inputs, out, differentiable, args in reversed(tracer.entries):
            if out not in needed:
                continue  # computed, but not used by the result
            needed.update(inputs)
            needs = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
            self.forward_ops.append((cls, cls.forward, options, inputs, out, needs))
            shape = tracer.template_shapes[out]
            targets = tuple(
                (j, slot, a._data.shape, a._data.dtype, _broadcast_axes(a._data.shape, shape))
                for j, (slot, a, need) in enumerate(zip(inputs, args, needs))
                if need
            )
            self.backward_ops.append((cls.backward, out, shape, targets) if differentiable else None)
        self.forward_ops.reverse()
        self.backward_ops.reverse()
        # An op's output is dropped after its last use in the forward pass (backward keeps what
        # it saved), so the replay holds no more intermediate arrays than the ordinary engine.
        last_use = {}
        for k, (_, _, _, inputs, _, _) in enumerate(self.forward_ops):
            last_use.update((slot, k) for slot in inputs if tracer.template[slot] is None)
        for slot in (*self.source_slots, output, *extras):
            last_use.pop(slot, None)
        self.dead = [[] for _ in self.forward_ops]
        for slot, k in last_use.items():
            self.dead[k].append(slot)

    def sources_unchanged(self):
        """The Tensors the tape reads still have the shapes, dtypes and requires_grad it has."""
        for t, (shape, dtype, requires_grad) in zip(self.captured, self.layout):
            if t._data.shape != shape or t._data.dtype != dtype or t._requires_grad != requires_grad:
                return False
        return True

    def replay(self, args):
        """The result for these arguments: one graph node over the tape's sources."""
        extras = []  # filled by the forward pass: the other results, as Tensors without a graph
        result = _Replay.apply(
            *[a for a in args if isinstance(a, Tensor)], *self.captured, tape=self, extras=extras
        )
        return (result, *map(Tensor._make, extras)) if self.returns_tuple else result

    def forward(self, arrays):
        """Every op's forward on arrays; returns (the slot values, the ops' contexts)."""
        values = self.template.copy()
        for slot, array in zip(self.source_slots, arrays):
            values[slot] = array
        contexts = []
        for (cls, forward, options, inputs, out, needs), dead in zip(self.forward_ops, self.dead):
            ctx = Context()
            ctx.function, ctx.needs_input_grad = cls, needs
            returned = forward(ctx, *[values[i] for i in inputs], **options)
            if type(returned) is not np.ndarray:  # numpy returns scalars for 0-d results
                array = np.asarray(returned)
                if ctx._saved:
                    ctx._saved = tuple(array if v is returned else v for v in ctx._saved)
                returned = array
            values[out] = returned
            for slot in dead:
                values[slot] = None
            contexts.append(ctx)
        return values, contexts

    def backward(self, contexts, grad, retain=False):
        """Every op's backward in reverse tape order; the gradients of the sources. Unless
        ``retain``, each op's context is dropped once its backward has run, freeing what it
        saved as the ordinary engine does."""
        if contexts and contexts[-1] is None:
            raise RuntimeError(
                "backward through a compiled function's result a second time: its saved values "
                "were freed by the first backward. Pass retain_graph=True to the first "
                "backward() if you need to go through the graph again."
            )
        grads = [None] * len(self.template)
        grads[self.output] = grad
        for k in range(len(contexts) - 1, -1, -1):
            ctx, op = contexts[k], self.backward_ops[k]
            if not retain:
                contexts[k] = None  # freed as we go
            if op is None:
                continue
            backward, out, out_shape, targets = op
            g = grads[out]
            if g is None:
                continue
            grads[out] = None
            input_grads = backward(ctx, g)
            ctx = None
            if type(input_grads) is not tuple:
                input_grads = (input_grads,)
            for j, slot, shape, dtype, axes in targets:
                g = input_grads[j]
                if g is None:
                    continue
                if type(g) is not np.ndarray:
                    g = np.asarray(g)
                if g.shape != shape:  # undo broadcasting (the axes are known for the output's shape)
                    if axes is not None and g.shape == out_shape:
                        g = np.add.reduce(g, axis=axes)
                        if g.shape != shape:
                            g = g.reshape(shape)
                    else:
                        g = sum_to(g, shape)
                if g.dtype != dtype:
                    g = g.astype(dtype)
                earlier = grads[slot]
                grads[slot] = g if earlier is None else earlier + g
        return tuple(grads[slot] for slot in self.source_slots)


def _broadcast_axes(shape, out_shape):
    """The axes along which an input of ``shape`` was broadcast to ``out_shape`` (None if it
    was not broadcast to it): its gradient is the output's summed over them."""
    lead = len(out_shape) - len(shape)
    if lead < 0 or shape == out_shape or any(n != 1 and n != m for n, m in zip(shape, out_shape[lead:])):
        return None
    return tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and out_shape[lead + i] != 1
    )


class _Replay(Function):
    """The graph node of a replayed tape: its inputs are the tape's sources."""

    name = "compiled"

    @staticmethod
    def forward(ctx, *arrays, tape, extras):
        values, contexts = tape.forward(arrays)
        extras.extend(values[slot] for slot in tape.extras)
        ctx.tape = tape
        ctx.save_for_backward(contexts)
        return values[tape.output]

    @staticmethod
    def backward(ctx, grad):
        if ctx.differentiable:
            raise RuntimeError(
                "compile: create_graph=True (derivatives of derivatives) is not supported through "
                "a compiled function; call the function itself for that"
            )
        (contexts,) = ctx.saved_tensors
        return ctx.tape.backward(contexts, grad, retain=engine.retaining)
