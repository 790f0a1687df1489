"""The backward pass: the chain rule applied over the graph in topological order.

The graph is made of nodes: the ``Context`` each recorded op leaves
(``grad_fn``), linked to the nodes of its inputs (``ctx.parents``), and at the
ends the leaf Tensors that require grad. Gradients are collected per node,
not per Tensor, so the Tensors in between may be long gone: only what the
ops saved for backward is still needed.

Every op node carries a ``sequence`` number, larger than its inputs' (see
``autograd.clock``). ``run_backward`` keeps the nodes that have received a
gradient in a priority queue and always takes the newest: by then every op
that consumed its result (all newer) has added its contribution, so the
gradient is complete. Hooks see it, ``backward`` of the op turns it into its
inputs' gradients, and those join the queue. Leaves wait until the end, then
accumulate into ``.grad``. No recursion, so a chain of a million ops is fine.
"""

import heapq
import sys

import numpy as np

from . import anomaly, clock, grad_mode
from .function import Context
from .ops.shape import sum_to
from .scalar import Scalar
from .scalar import grad as scalar_grad
from .tensor import Tensor


def node_of(tensor):
    """Where ``tensor``'s gradient is collected: its op's node, or the leaf itself."""
    return tensor if tensor._ctx is None else tensor._ctx


def _shape_dtype(node):
    """The shape and dtype of the value a node stands for: a leaf's, or the result's, which
    an op node noted."""
    return (node._shape, node._dtype) if type(node) is Context else (node._data.shape, node._data.dtype)


def node_order(roots):
    """The nodes reachable from the Tensors ``roots`` through requires-grad links, in the
    order backward visits them: op nodes newest first, then the leaves in the order they
    were reached."""
    ops, leaves, seen = [], [], set()

    def reach(node):
        if node not in seen:
            seen.add(node)
            if type(node) is Context:
                heapq.heappush(ops, (-node.sequence, node))
            else:
                leaves.append(node)

    for root in roots:
        if root.requires_grad:
            reach(node_of(root))
    order = []
    while ops:
        node = heapq.heappop(ops)[1]
        order.append(node)
        for parent, needed in zip(node.parents, node.needs_input_grad):
            if needed:
                reach(parent)
    return order + leaves


def topological_order(roots):
    """The Tensors behind ``roots`` in the order backward visits their nodes (``node_order``):
    each op's result (``Context.output_value``: the live Tensor, or one rebuilt on its node), then
    the leaves."""
    if isinstance(roots, Tensor):
        roots = (roots,)
    return [node.output_value() if type(node) is Context else node for node in node_order(roots)]


def _seed(root, gradient, differentiable):
    """The starting gradient d(root)/d(root), or the one the caller gave, checked."""
    if not root.requires_grad:
        raise RuntimeError(
            "backward: this Tensor does not require grad, so it has no graph to "
            "differentiate (did you forget requires_grad=True, or compute it "
            "under no_grad?)"
        )
    if gradient is None:
        if root._data.size != 1:
            raise RuntimeError(
                f"backward: gradient can be omitted only for a Tensor with one "
                f"element; this one has shape {tuple(root.shape)}. Reduce it first "
                "(e.g. .sum()) or pass gradient= of the same shape"
            )
        return _as_gradient(np.ones_like(root._data), root.dtype, differentiable)
    if np.iscomplexobj(gradient) or np.asarray(gradient).dtype.kind not in "biuf":
        raise TypeError(f"backward: gradient must hold real numbers, got {gradient!r}")
    if np.shape(gradient) != root.shape:
        raise RuntimeError(
            f"backward: gradient has shape {np.shape(gradient)} but the Tensor has "
            f"shape {tuple(root.shape)}; they must match"
        )
    return _as_gradient(gradient, root.dtype, differentiable)


def _as_gradient(grad, dtype, differentiable):
    """A gradient for a value of ``dtype``, as the backward pass carries it: an array of that
    dtype, or under create_graph a Tensor (kept in the graph if it is one)."""
    if differentiable:
        if not isinstance(grad, Tensor):
            grad = Tensor._make(np.asarray(grad))
        return grad if grad._data.dtype == dtype else grad.astype(dtype)
    if isinstance(grad, Tensor):
        grad = grad._data
    elif type(grad) is not np.ndarray:
        grad = np.asarray(grad)  # numpy returns scalars from 0-d arithmetic
    return grad if grad.dtype == dtype else grad.astype(dtype)


def _input_gradient(grad, shape, dtype, op_name, differentiable):
    """An op's gradient for one input (of ``shape`` and ``dtype``), checked and summed back
    to the input's shape."""
    grad = _as_gradient(grad, dtype, differentiable)
    if grad.shape != shape:
        try:
            grad = sum_to(grad, shape)
        except ValueError:
            raise RuntimeError(
                f"backward of '{op_name}' returned a gradient of shape {tuple(grad.shape)} "
                f"for an input of shape {tuple(shape)}"
            ) from None
    return grad


def _run_hooks(node, grad, differentiable):
    """Each hook sees the gradient as a Tensor and may return a replacement."""
    shape, dtype = _shape_dtype(node)
    for hook in node._hooks:
        replacement = hook(grad if isinstance(grad, Tensor) else Tensor._make(np.asarray(grad)))
        if replacement is not None:
            if np.shape(replacement) != shape:
                raise RuntimeError(
                    f"a hook returned a gradient of shape {np.shape(replacement)} "
                    f"for a Tensor of shape {tuple(shape)}"
                )
            grad = _as_gradient(replacement, dtype, differentiable)
    return grad


def _accumulate(tensor, grad, adopt=False):
    """Add into ``.grad`` (a Tensor): in place after the first time. The first time, with
    ``adopt``, the array itself becomes ``.grad``'s if nothing else refers to it; otherwise a
    copy. Under create_graph the gradient keeps its graph, and adding is out of place."""
    if isinstance(grad, Tensor):
        tensor._grad = grad if tensor._grad is None else tensor._grad + grad
    elif tensor._grad is None:
        tensor._grad = Tensor._make(
            grad if adopt and _is_private(grad) else np.array(grad, dtype=tensor.dtype, copy=True)
        )
    elif tensor._grad._ctx is not None:
        tensor._grad = Tensor._make(tensor._grad._data + grad)
    else:
        tensor._grad._data += grad


def _is_private(grad):
    """True if only ``run_backward`` refers to ``grad`` and it owns its memory, so it can
    become a leaf's ``.grad`` without a copy (PyTorch does the same)."""
    return (
        type(grad) is np.ndarray
        and grad.base is None
        and grad.flags.writeable
        and sys.getrefcount(grad) <= _REFERENCES_WHEN_PRIVATE
    )


# What a gradient may be while it travels: an array, or the scalar numpy makes of 0-d results
_ARRAY_TYPES = frozenset((np.ndarray, np.float64, np.float32, np.float16))

# run_backward's variable, the arguments of _accumulate and _is_private, getrefcount's own
_REFERENCES_WHEN_PRIVATE = 4


retaining = False  # True while a backward with retain_graph=True runs (for nodes that free as they go)


def run_backward(roots, gradients, retain_graph=False, create_graph=False, inputs=None):
    """Backpropagate from ``roots``; accumulate into leaves' ``.grad``, or, if ``inputs``
    is given, return their gradients instead (None where unreached) and touch no ``.grad``.

    Gradients travel as numpy arrays, or as Tensors when ``create_graph`` asks
    for a differentiable result (see ``autograd.function``). The gradient of a
    non-leaf input is the one its node collects.
    """
    global retaining
    wanted = None if inputs is None else {node_of(t): i for i, t in enumerate(inputs)}
    results = [None] * (0 if inputs is None else len(inputs))
    pending = {}  # node -> the sum of the gradients it has received so far
    queue = []  # (-sequence, node) for op nodes that have a gradient: newest first
    leaves = []  # leaves that have received a gradient, in order
    for root, gradient in zip(roots, gradients):
        _receive(node_of(root), _seed(root, gradient, create_graph), pending, queue, leaves)
    # Derivatives at domain edges are inf or nan as in PyTorch (d sqrt(x)/dx at 0), without
    # numpy warnings; detect_anomaly() is the tool that points at them.
    # Graphs are recorded only under create_graph (set_grad_enabled(create_graph), written out).
    outer, retaining = retaining, retain_graph
    mode, grad_mode._mode.enabled = grad_mode._mode.enabled, create_graph
    try:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            _through_ops(queue, pending, leaves, retain_graph, create_graph, wanted, results)
            retaining = outer
            for leaf in leaves:
                grad = pending.pop(leaf)
                if leaf._hooks:
                    grad = _run_hooks(leaf, grad, create_graph)
                if wanted is None:
                    _accumulate(leaf, grad, adopt=True)
                elif leaf in wanted:
                    results[wanted[leaf]] = grad
    finally:
        retaining, grad_mode._mode.enabled = outer, mode
    return [r if r is None or isinstance(r, Tensor) else Tensor._make(np.asarray(r)) for r in results]


def _receive(node, grad, pending, queue, leaves):
    """Add ``grad`` to what ``node`` has received; with its first gradient, a leaf joins
    ``leaves`` and an op node joins ``queue``."""
    earlier = pending.get(node)
    if earlier is not None:
        pending[node] = earlier + grad
        return
    pending[node] = grad
    if type(node) is Context:
        heapq.heappush(queue, (-node.sequence, node))
    else:
        leaves.append(node)


def _through_ops(queue, pending, leaves, retain_graph, create_graph, wanted, results):
    """Take the newest op node from ``queue`` until it is empty: its gradient is complete, so
    pass it through the op's backward to the op's inputs (which join ``queue`` or ``leaves``).

    The loop runs once per op of the graph, so ``_receive`` is written out in it."""
    check_finite = anomaly._mode.enabled
    heappop, heappush, take, received = heapq.heappop, heapq.heappush, pending.pop, pending.get
    while queue:
        ctx = heappop(queue)[1]
        grad = take(ctx)
        if ctx._hooks:
            grad = _run_hooks(ctx, grad, create_graph)
        if wanted is not None:
            if ctx in wanted:
                results[wanted[ctx]] = grad
        elif ctx._retains_grad:
            out = ctx._live_output()
            if out is not None:
                _accumulate(out, grad)
        input_grads = _call_backward(ctx, grad, create_graph)
        for i, (parent, parent_grad, needed) in enumerate(
            zip(ctx.parents, input_grads, ctx.needs_input_grad)
        ):
            if not needed or parent_grad is None:
                continue
            op = type(parent) is Context  # _shape_dtype(parent), written out
            if op:  # an op's node noted its result's shape and dtype
                shape, dtype = parent._shape, parent._dtype
            else:  # a leaf
                shape, dtype = parent._data.shape, parent._data.dtype
            if (
                type(parent_grad) not in _ARRAY_TYPES
                or parent_grad.shape != shape
                or parent_grad.dtype is not dtype  # numpy's built-in dtypes are singletons
            ):
                parent_grad = _input_gradient(parent_grad, shape, dtype, ctx.name, create_graph)
            if check_finite:
                anomaly.check_gradient(ctx, i, parent_grad)
            earlier = received(parent)  # _receive(parent, parent_grad, ...)
            if earlier is not None:
                pending[parent] = earlier + parent_grad
            else:
                pending[parent] = parent_grad
                if op:
                    heappush(queue, (-parent.sequence, parent))
                else:
                    leaves.append(parent)
        if not retain_graph:
            ctx._saved = None  # ctx.release()


def _call_backward(ctx, grad, create_graph):
    """The op's backward: one gradient per input (a tuple), with errors that help."""
    if clock.last_change > ctx.sequence:  # something was changed in place since forward
        ctx.check_unchanged()
    if create_graph:
        ctx.differentiable = True
    try:
        if ctx._pieces is None:
            input_grads = ctx.function.backward(ctx, grad)
        else:  # a Function with several outputs: one gradient for each
            input_grads = ctx.function.backward(ctx, *ctx.output_grads(grad))
    except AttributeError as error:
        if "numpy" not in str(error):
            raise
        raise AttributeError(
            f"backward of '{ctx.name}': {error}. In backward, grad and the saved values "
            "are numpy arrays (Tensors only under create_graph=True), so write it with "
            "operators, numpy functions such as np.exp, and the helpers in autograd.ops "
            "(sum_to, broadcast_to, select, sigmoid), which work on both"
        ) from error
    finally:
        if create_graph:
            del ctx.differentiable
    if type(input_grads) is not tuple:
        input_grads = (input_grads,)
    if len(input_grads) != len(ctx.parents):
        raise RuntimeError(
            f"backward of '{ctx.name}' returned {len(input_grads)} gradient(s) for {len(ctx.parents)} input(s)"
        )
    return input_grads


def backward(roots, gradients, retain_graph=False, create_graph=False, inputs=None):
    """``Tensor.backward`` for one or several roots; with ``inputs``, only their ``.grad``."""
    if inputs is None:
        run_backward(roots, gradients, retain_graph, create_graph)
        return
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    results = run_backward(roots, gradients, retain_graph, create_graph, inputs=inputs)
    for t, result in zip(inputs, results):
        if result is not None:
            _accumulate(t, result if create_graph else result._data)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=False):
    """d(outputs)/d(inputs) as a tuple of Tensors, leaving every ``.grad`` untouched.

    ``grad_outputs`` weights each output (needed for outputs with more than one
    element). With ``create_graph=True`` the results are themselves
    differentiable, which is how second derivatives are taken. Given Scalars,
    this is ``autograd.scalar.grad``.
    """
    outputs = (outputs,) if isinstance(outputs, (Tensor, Scalar)) else tuple(outputs)
    if outputs and isinstance(outputs[0], Scalar):
        return scalar_grad(outputs, inputs, grad_outputs, create_graph, allow_unused)
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    for kind, values in (("outputs", outputs), ("inputs", inputs)):
        for i, value in enumerate(values):
            if not isinstance(value, Tensor):
                raise TypeError(f"grad: {kind} must be Tensors; item {i} is {type(value).__name__}")
    if grad_outputs is None or isinstance(grad_outputs, (Tensor, np.ndarray)):
        grad_outputs = (grad_outputs,) * len(outputs) if grad_outputs is None else (grad_outputs,)
    grad_outputs = tuple(grad_outputs)
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: {len(grad_outputs)} grad_outputs for {len(outputs)} outputs")
    for i, t in enumerate(inputs):
        if not isinstance(t, Tensor) or not t.requires_grad:
            raise RuntimeError(
                f"grad: input {i} does not require grad, so no gradient can be taken with respect to it"
            )
    if retain_graph is None:
        retain_graph = create_graph
    results = run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=inputs)
    for i, result in enumerate(results):
        if result is None and not allow_unused:
            raise RuntimeError(
                f"grad: input {i} was not used to compute the outputs; pass "
                "allow_unused=True to get None for it"
            )
    return tuple(results)
