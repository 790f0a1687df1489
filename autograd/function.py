"""Function: the one way an operation is defined, built-in or your own.

An operation is a subclass of ``Function`` with two static methods side by
side::

    class Square(Function):
        @staticmethod
        def forward(ctx, x):            # numpy arrays in, a numpy array out
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):        # d(output) in, d(each input) out
            x, = ctx.saved_tensors
            return 2 * x * grad         # d(x^2)/dx = 2x

    y = Square.apply(t)

``forward`` works on plain arrays, so it costs what numpy costs. ``backward``
returns one gradient per positional input (``None`` where there is none);
a gradient may have the broadcast shape of the output, and the engine sums
it back to the input's shape.

What ``backward`` receives depends on what the caller needs. Normally
``grad`` and the saved values are numpy arrays: the fast path. Under
``create_graph=True`` they are Tensors, and the very same code then records
a graph, so derivatives can be differentiated again. That works because
backward is written only with what arrays and Tensors share: operators,
``.reshape .sum .T .swapaxes .astype``, indexing, numpy ufuncs such as
``np.exp`` (Tensors implement numpy's ufunc protocol) and the few helpers in
``autograd.ops`` that accept both (``sum_to``, ``broadcast_to``, ``select``,
``sigmoid``, ...).

A forward may return a tuple of arrays: each becomes a Tensor, and backward receives one gradient
per output (zeros for an output that did not take part). Outputs that are integers, or that
forward passed to ``ctx.mark_non_differentiable``, do not require grad. The differentiable ones
are packed into the node's one result and handed out as slices of it (``_several_outputs``), so
the engine still sees one node with one gradient.
"""

import functools
import weakref

import numpy as np

from . import anomaly, clock, grad_mode
from .graph_style import SMALL_SIZE
from .tensor import Tensor

tracer = None  # while ``autograd.compile`` traces a function: it runs and records every op


class AccumulateGrad:
    """The end of a path in ``next_functions``: where a leaf's gradient is accumulated."""

    __slots__ = ("variable",)
    next_functions = ()
    name = "AccumulateGrad"

    def __init__(self, variable):
        self.variable = variable

    def __repr__(self):
        return "<AccumulateGrad>"


class Context:
    """The node an operation leaves in the graph (PyTorch's ``grad_fn``).

    What a node keeps, and what it lets go:

    - ``parents``: one entry per input of the op. An input that requires grad
      is kept as the node it came out of (the ``Context`` of the op that made
      it), or as itself for a leaf. Any other input (a Tensor that does not
      require grad, a number, an array) is kept as it is: it is a constant of
      the picture, usually the user's data.
    - the arrays forward saved for backward (``save_for_backward``), and any
      attribute forward set (``ctx.axis = 0``);
    - about its own result: its shape and dtype (to check the gradient
      backward brings), a weak reference to the result Tensor (pictures show
      it while it lives) and, for a result of at most ``SMALL_SIZE`` numbers,
      the array itself, so that a drawing of a small graph still shows every
      value.

    So the array of an intermediate result lives only as long as its Tensor,
    unless a backward saved it: ``(x @ W + b).relu()`` keeps neither ``x @ W``
    nor the sum, since add saves nothing and relu saves its output. A node
    never refers to its result Tensor (only weakly), so graphs hold no
    reference cycles and are freed by reference counting. Hooks and
    ``retain_grad`` of an op's result live on its node, as in PyTorch, so
    they fire even when the Tensor itself was dropped.
    """

    __slots__ = (
        "function",
        "parents",
        "needs_input_grad",
        "sequence",
        "_shape",
        "_dtype",
        "_saved",
        "_output",
        "_identity",
        "_small",
        "__dict__",
        "__weakref__",
    )  # __dict__: what forward sets, and the rare attributes below
    differentiable = False  # set by the engine while a create_graph backward runs through it
    _pieces = None  # a Function with several outputs: where each lies in the packed result
    _non_differentiable = ()  # ids of the outputs forward marked non-differentiable
    _hooks = None  # the result's hooks (``register_hook`` on a Tensor an op made)
    _retains_grad = False  # ``retain_grad()`` was called on the result

    def __init__(self):
        self.function = None  # the Function class, set when the node joins a graph
        self._saved = ()

    @property
    def name(self):
        return self.function.name if self.function else "(not recorded)"

    def __repr__(self):
        return f"<{self.name}>"

    @property
    def next_functions(self):
        """PyTorch's links backwards, one ``(node, 0)`` per input: the node the input came out
        of, an ``AccumulateGrad`` for a leaf that requires grad, or ``(None, 0)``."""
        return tuple(
            ((p if type(p) is Context else AccumulateGrad(p)) if needed else None, 0)
            for p, needed in zip(self.parents, self.needs_input_grad)
        )

    def save_for_backward(self, *values):
        """Keep arrays (or numbers) for backward: inputs, the output, or anything forward made."""
        self._saved = values

    @property
    def saved_tensors(self):
        """The saved values: the arrays themselves, or under create_graph the Tensors they are."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(
                f"backward through '{self.name}' a second time: its saved values were freed "
                "after the first backward. Pass retain_graph=True to the first backward() "
                "if you need to go through the graph again."
            )
        if self.differentiable:
            return tuple(self._as_tensor(value) for value in saved)
        if self.function.on_tensors:
            return tuple(Tensor._make(v) if isinstance(v, np.ndarray) else v for v in saved)
        return saved

    def mark_non_differentiable(self, *outputs):
        """Make these outputs of forward plain Tensors that do not require grad (integer
        outputs never do); backward still gets a gradient for each, zeros."""
        self._non_differentiable = {id(_unwrap(o)) for o in outputs}

    def output_grads(self, grad):
        """The gradients backward receives, one per output of forward: ``(grad,)``, or for a
        Function with several outputs the pieces of the packed gradient (zeros for the
        non-differentiable outputs)."""
        if self._pieces is None:
            return (grad,)
        return tuple(
            np.zeros(shape, dtype) if start is None else grad[start:stop].reshape(shape)
            for start, stop, shape, dtype in self._pieces
        )

    def set_materialize_grads(self, value):
        """Accepted for PyTorch code: gradients reaching backward are always arrays of zeros
        or more, never None."""

    def _record(self, out):
        """Note what the node keeps of its result ``out`` (see the class docstring); return
        the result Tensor."""
        self._shape, self._dtype, self._identity = out.shape, out.dtype, id(out)
        self._small = out if out.size <= SMALL_SIZE else None
        result = Tensor._make(out, self)
        self._output = weakref.ref(result)
        return result

    def _live_output(self):
        """The result Tensor while it lives and still is this node's result (an in-place op
        gives a Tensor a new node), else None."""
        t = self._output()
        return t if t is not None and t._ctx is self else None

    def output_value(self):
        """The result as a Tensor: the live one, or one rebuilt on this node from what it kept
        (its small array; for a bigger result gone with its Tensor, a read-only array of NaN
        of its shape: the numbers are gone). Kept weakly, so the same one comes back while
        it is in use (a drawing and its story agree on their values)."""
        t = self._live_output()
        if t is None:
            data = self._small
            if data is None:
                data = np.broadcast_to(np.array(np.nan, self._dtype), self._shape)
            t = Tensor._make(data, self)
            self._output = weakref.ref(t)
        return t

    def input_values(self):
        """The input Tensors as the op used them, for tools that show graphs: ``output_value()``
        of each parent node, leaves and constants as they are (a constant changed in place
        since: its value before), and arrays and numbers as given."""
        found = []
        for p in self.parents:
            if type(p) is Context:
                p = p.output_value()
            elif isinstance(p, Tensor):
                p = clock.as_consumed(p, self.sequence)
            found.append(p)
        return found

    def check_unchanged(self):
        """Raise if a saved input, or the saved output, was modified in place after forward
        (its ``_version`` stamp is above this op's ``sequence``, see ``autograd.clock``)."""
        if self._saved is None:
            return
        for t in (*self.parents, self):
            if type(t) is Context:
                t = t._live_output()
            if (
                isinstance(t, Tensor)
                and t._version > self.sequence
                and any(t._data is value for value in self._saved)
            ):
                raise RuntimeError(
                    f"a Tensor saved by '{self.name}' for backward was modified in place "
                    "after it was used; the gradient would be wrong. Use an out-of-place "
                    "operation instead (or compute the graph again after the change)."
                )

    def _as_tensor(self, value):
        """The Tensor a saved array is (an input, or the output), so derivatives of
        backward stay in the graph; other arrays become constants, numbers stay numbers.

        A saved array that was an op's result is known by its identity, which its node
        noted (``id`` is safe here: the saved array and that result were alive together
        when forward ran). Its Tensor may be gone: a new one is made on the same node."""
        if not isinstance(value, np.ndarray):
            return value
        outputs = self.__dict__.get("_outputs")  # a Function with several outputs saved one
        if outputs is not None and id(value) in outputs:
            t = outputs[id(value)]()
            if t is not None:
                return t
        for p in (self, *self.parents):
            if type(p) is Context:
                if id(value) == p._identity:
                    t = p._live_output()
                    return t if t is not None and t._data is value else Tensor._make(value, p)
            elif isinstance(p, Tensor) and p._data is value:
                return p
        return Tensor._make(value)

    def release(self):
        """Free what forward saved (after a backward without retain_graph)."""
        self._saved = None


class Function:
    """Base class of every operation; subclass it and call ``YourOp.apply(...)``."""

    name = None  # the op's name in graphs and errors; defaults to the class name in lower case
    on_tensors = False  # True for TensorFunction: forward and backward get Tensors
    number_operands = False  # True if a Python number among the inputs is an operand (x * 2.0),
    # drawn as a constant in graphs, rather than an option

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__.lower()

    @staticmethod
    def forward(ctx, *args, **options):
        raise NotImplementedError("a Function needs a static forward(ctx, *args)")

    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError("a Function needs a static backward(ctx, grad)")

    @classmethod
    def apply(cls, *args, **options):
        """Run forward on the arrays; record a graph node if any input requires grad."""
        if tracer is not None:  # autograd.compile is tracing (autograd.compiled)
            return tracer(cls, args, options)
        ctx = Context()
        arrays, needs, parents = [], [], []  # per input: its value, and what the node keeps
        for a in args:
            if isinstance(a, Tensor):
                arrays.append(a._data)
                needs.append(a._requires_grad)
                parents.append(a._ctx or a)  # the node that made it, or the Tensor (see Context)
            else:
                arrays.append(a)
                needs.append(False)
                parents.append(a)
        try:
            returned = cls.forward(ctx, *arrays, **options)
        except OverflowError as error:  # e.g. an option or index beyond int64
            raise ValueError(f"{cls.name}: {error}") from None
        if type(returned) is tuple:
            return _several_outputs(cls, ctx, returned, needs, parents)
        if type(returned) is np.ndarray:
            out = returned
        else:  # numpy returns scalars for 0-d results
            out = np.asarray(returned)
            if ctx._saved:
                ctx._saved = tuple(out if value is returned else value for value in ctx._saved)
        if (
            grad_mode._mode.enabled
            and out.dtype.kind == "f"
            and True in needs
            and id(returned) not in ctx._non_differentiable
        ):
            _join(cls, ctx, needs, parents)
            return ctx._record(out)
        return Tensor._make(out)  # ints and bools carry no gradient


def _join(cls, ctx, needs, parents):
    """Make ctx the graph node of a call of cls."""
    ctx.function, ctx.sequence = cls, clock.tick()
    ctx.needs_input_grad, ctx.parents = tuple(needs), tuple(parents)
    if anomaly._mode.enabled:
        ctx.created_at = anomaly.call_site()


def _several_outputs(cls, ctx, returned, needs, parents):
    """A forward that returned a tuple: one Tensor per output. The differentiable ones (floating,
    not marked non-differentiable) are packed, raveled end to end, into the node's one result,
    and each is a slice of it, reshaped; so the engine's one gradient per node is their packed
    gradients, and ``output_grads`` cuts it back into one per output for backward."""
    outputs = [np.asarray(o) for o in returned]
    live = [o.dtype.kind == "f" and id(r) not in ctx._non_differentiable for o, r in zip(outputs, returned)]
    if not (grad_mode._mode.enabled and True in needs and True in live):
        return tuple(Tensor._make(o) for o in outputs)
    pieces, start = [], 0
    for o, differentiable in zip(outputs, live):
        if differentiable:
            pieces.append((start, start + o.size, o.shape, o.dtype))
            start += o.size
        else:
            pieces.append((None, None, o.shape, o.dtype))
    ctx._pieces = tuple(pieces)
    _join(cls, ctx, needs, parents)
    packed = ctx._record(np.concatenate([o.ravel() for o, d in zip(outputs, live) if d]))
    results = tuple(
        packed[a:b].reshape(shape) if a is not None else Tensor._make(o)
        for o, (a, b, shape, _) in zip(outputs, pieces)
    )
    # an output forward saved is, under create_graph, the Tensor handed out for it (while it lives)
    saved = {id(v) for v in ctx._saved}
    ctx._outputs = {id(o): weakref.ref(r) for o, r in zip(returned, results) if id(o) in saved}
    return results


class TensorFunction(Function):
    """PyTorch's ``torch.autograd.Function`` (``autograd.autograd.Function``): forward and
    backward receive and return Tensors, so code written for PyTorch
    (``input.clamp(min=0)``, ``grad_output.clone()``) runs as it is. The same mechanism
    as ``Function``, with each array wrapped in a Tensor on the way in (a little slower)."""

    on_tensors = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "forward" in cls.__dict__:
            cls.forward = staticmethod(_forward_on_tensors(cls.__dict__["forward"].__func__))
        if "backward" in cls.__dict__:
            cls.backward = staticmethod(_backward_on_tensors(cls.__dict__["backward"].__func__))


def _wrap(value):
    return Tensor._make(value) if isinstance(value, np.ndarray) else value


def _unwrap(value):
    return value._data if isinstance(value, Tensor) else value


def _forward_on_tensors(forward):
    def on_arrays(ctx, *args, **options):
        with grad_mode.no_grad():
            out = forward(ctx, *map(_wrap, args), **options)
        ctx._saved = tuple(map(_unwrap, ctx._saved))
        return tuple(map(_unwrap, out)) if isinstance(out, tuple) else _unwrap(out)

    return on_arrays


def _backward_on_tensors(backward):
    def on_arrays(ctx, *grads):
        return backward(ctx, *map(_wrap, grads))

    return on_arrays


class _DelayedError(Function):
    """y = x;  differentiating it raises: the gradients a ``once_differentiable`` backward
    returned under create_graph, tied to the gradients it was given"""

    name = "once_differentiable"

    @staticmethod
    def forward(ctx, x, *grads):
        return x

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(
            "trying to differentiate twice a function that was marked with @once_differentiable"
        )


def once_differentiable(backward):
    """PyTorch's decorator for a backward that is not itself differentiable: it runs without
    recording a graph, and under create_graph=True the gradients it returns raise if they are
    differentiated again (rather than silently giving zero)."""

    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            outputs = backward(ctx, *grads)
        tied = [g for g in grads if isinstance(g, Tensor) and g.requires_grad]
        if not (tied and grad_mode.is_grad_enabled()):
            return outputs
        single = not isinstance(outputs, tuple)
        outputs = tuple(
            _DelayedError.apply(o, *tied) if isinstance(o, Tensor) else o
            for o in ((outputs,) if single else outputs)
        )
        return outputs[0] if single else outputs

    return wrapper
