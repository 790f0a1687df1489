"""The backward pass told step by step: what each op receives and what it passes on.

    print(explain_backward(loss))      # also printed by the call itself

How the steps are found: this module runs backward a second time, on its
own, without touching the user's graph or gradients. It takes the ops in the
order ``backward()`` visits them (``autograd.engine.topological_order``, or
``autograd.scalar.backward_order`` for Scalars) and calls each op's own
backward (``ctx.function.backward``, a Scalar's derivative function) on the
gradient its output has collected, exactly as the engine does with
``retain_graph=True``: saved values are read, never freed, and no ``.grad``
is written. So the numbers are the engine's, computed by the same code.

For each input of each op the story records the *local derivative* (the
Jacobian of the op's output with respect to that input, found by calling the
op's backward with one-hot gradients; only for inputs and outputs of at most
``SMALL_SIZE`` elements) and the *contribution*: the op's backward applied to
the incoming gradient. An element-wise local derivative (one number per
element, as for ``tanh`` or a broadcast ``add``) is shown as an array; a
contribution summed over broadcast axes says so. A value used by several ops
gets one contribution from each, and its gradient is their sum.
"""

from collections import namedtuple

import numpy as np

from .graph_style import (
    SMALL_SIZE,
    element_count,
    format_array,
    format_number,
    numbers_of,
)

# One op of the backward pass: its output, the gradient that output collected (and the
# contributions summed into it), and a Flow per input that receives a gradient.
Step = namedtuple("Step", "number op output grad parts flows")
# local: the local derivative (an array, "diagonal" meaning element-wise), or None when too big
Flow = namedtuple("Flow", "input local diagonal contribution summed_axes")
# The whole story: the steps, then each leaf that requires grad with its contributions.
Story = namedtuple("Story", "root steps leaves grads names")
Leaf = namedtuple("Leaf", "value grad parts")


def backward_story(root, names=None):
    """The steps of ``root.backward()`` (a ``Story``), computed without changing anything."""
    from . import Scalar, Tensor

    if not isinstance(root, (Tensor, Scalar)):
        raise TypeError(f"explain_backward: expected a Tensor or a Scalar, got {type(root).__name__}")
    if not root.requires_grad:
        raise RuntimeError(
            "explain_backward: this value does not require grad, so backward has nothing "
            "to do (did you forget requires_grad=True?)"
        )
    if isinstance(root, Tensor) and root._data.size != 1:
        raise ValueError(
            f"explain_backward: the output must have one element (a loss), got shape {tuple(root.shape)}"
        )
    ops, leaves = _scalar_order(root) if isinstance(root, Scalar) else _tensor_order(root)
    parts = {root: [(None, _one(root))]}  # value -> [(step number or None for the seed, gradient)]
    steps = []
    for number, out in enumerate(ops, start=1):
        grad = _total(parts[out])
        flows = _scalar_flows(out, grad) if isinstance(root, Scalar) else _tensor_flows(out, grad)
        for flow in flows:
            parts.setdefault(flow.input, []).append((number, flow.contribution))
        steps.append(Step(number, _op_name(out, Scalar), out, grad, tuple(parts[out]), tuple(flows)))
    leaf_steps = [Leaf(t, _total(parts[t]), tuple(parts[t])) for t in leaves if t in parts]
    grads = {t: _total(p) for t, p in parts.items()}
    return Story(root, steps, leaf_steps, grads, _names(root, ops, leaves, names or {}))


def explain_backward(root, file=None):
    """Print the backward pass of ``root`` one line per op (then one per leaf): the gradient
    each op's output received and, for each input, the chain-rule product with its numbers,
    e.g. ``dL/dw += dL/do · ∂o/∂w = 2 · 3 = 6``. Returns the text. Nothing is changed: the
    graph stays usable and no ``.grad`` is written (see the module docstring)."""
    story = backward_story(root)
    text = "\n".join(lines(story))
    print(text, file=file)
    return text


def lines(story):
    """The text of ``story``: a header, one line per op, one per leaf."""
    name = story.names
    loss = name[story.root]
    result = [f"backward of {loss}: {len(story.steps)} ops, newest first; d{loss}/d{loss} = 1"]
    for step in story.steps:
        result.append(op_line(story, step))
    for leaf in story.leaves:
        result.append(leaf_line(story, leaf))
    return result


def op_line(story, step):
    """``3. mul  o = mul(w, x): dL/do = 2 | dL/dw += dL/do · ∂o/∂w = 2 · 3 = 6 | ...``"""
    loss, out = story.names[story.root], story.names[step.output]
    text = f"{step.number}. {step.op}  {op_header(story, step)}: d{loss}/d{out} = {_sum_text(step.parts)}"
    for flow in step.flows:
        text += " | " + flow_text(story, step, flow)
    return text


def op_header(story, step):
    """``o = mul(w, x)``: the op's output and inputs by name (numbers by value)."""
    name = story.names
    inputs = ", ".join(name.get(x, x) for x in _operands(step.output))
    return f"{name[step.output]} = {step.op}({inputs})"


def flow_text(story, step, flow):
    """The chain rule for one input of one op, with numbers when they are small."""
    name, loss = story.names, story.names[story.root]
    out, x = name[step.output], name[flow.input]
    product = f"d{loss}/d{x} += d{loss}/d{out} · ∂{out}/∂{x}"
    if flow.local is None:
        return f"{product} = {numbers_text(flow.contribution)} (shape {_shape(flow.input)})"
    times = "⊙" if flow.diagonal and np.size(step.grad) > 1 else "·"  # element-wise, or by a number
    local = numbers_text(flow.local) if flow.diagonal else f"J{np.shape(flow.local)}"
    summed = f", summed over axis {_axes(flow.summed_axes)} ({x} was broadcast)" if flow.summed_axes else ""
    return (
        f"{product} = {numbers_text(step.grad)} {times} {local}{summed} = {numbers_text(flow.contribution)}"
    )


def leaf_line(story, leaf):
    """``w.grad = dL/dw = 6 (step 2) + 6 (step 4) = 12``."""
    name, loss = story.names[leaf.value], story.names[story.root]
    if len(leaf.parts) == 1:
        return f"{name}.grad = d{loss}/d{name} = {numbers_text(leaf.grad)} (from step {leaf.parts[0][0]})"
    return f"{name}.grad = d{loss}/d{name} = {_sum_text(leaf.parts)}"


def _sum_text(parts):
    """``6`` or, from several paths, ``6 (step 2) + 6 (step 4) = 12``."""
    if len(parts) == 1:
        return numbers_text(parts[0][1])
    terms = " + ".join(f"{numbers_text(g)} (step {n})" for n, g in parts)
    return f"{terms} = {numbers_text(_total(parts))}"


def numbers_text(value):
    """A value's numbers on one line, or its shape and mean when it has more than ``SMALL_SIZE``."""
    array = np.asarray(value)
    if array.size > SMALL_SIZE:
        return f"<{tuple(array.shape)} array, mean {format_number(array.mean())}>"
    return " ".join(line.strip() for line in format_array(array))


def _shape(value):
    return tuple(value.shape)


def _axes(axes):
    return axes[0] if len(axes) == 1 else axes


def _total(parts):
    total = parts[0][1]
    for _, g in parts[1:]:
        total = total + g
    return total


def _one(root):
    from . import Scalar

    return 1.0 if isinstance(root, Scalar) else np.ones_like(root._data)


def _op_name(out, Scalar):
    return out.op if isinstance(out, Scalar) else out.grad_fn.name


# ---- Tensors --------------------------------------------------------------------------------


def _tensor_order(root):
    from .engine import topological_order

    order = topological_order([root])
    return [t for t in order if t.grad_fn is not None], [t for t in order if t.grad_fn is None]


def _tensor_flows(out, grad):
    """Run the op's backward on ``grad``, as the engine does (retain_graph semantics)."""
    ctx = out.grad_fn
    if ctx._saved is None:
        raise RuntimeError(
            f"explain_backward: the graph behind this output was freed by an earlier backward() "
            f"(at '{ctx.name}'). Call explain_backward / animate_backward before loss.backward(), "
            f"or use loss.backward(retain_graph=True)"
        )
    from .engine import _input_gradient

    raw = _backward(ctx, grad)
    flows = []
    small = out._data.size <= SMALL_SIZE
    for index, (x, g, needed) in enumerate(zip(ctx.input_values(), raw, ctx.needs_input_grad)):
        if not needed or g is None:
            continue
        contribution = _input_gradient(g, x._data.shape, x._data.dtype, ctx.name, False)
        summed = _summed_axes(np.shape(g), x.shape)
        local = diagonal = None
        if small and x._data.size <= SMALL_SIZE:
            local, diagonal = _jacobian(ctx, out, index, np.shape(g))
        flows.append(Flow(x, local, diagonal, contribution, summed))
    return flows


def _backward(ctx, grad):
    from . import engine
    from .grad_mode import no_grad

    with no_grad(), np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return engine._call_backward(ctx, grad, False)


def _jacobian(ctx, out, index, raw_shape):
    """The local derivative of ``out`` with respect to input ``index``, from one-hot gradients:
    (the element-wise derivative, True) when each output element depends only on its own
    element of the (broadcast) input, else (the Jacobian, False), rows = output elements."""
    rows = []
    for position in range(out._data.size):
        one_hot = np.zeros_like(out._data)
        one_hot.flat[position] = 1
        row = _backward(ctx, one_hot)[index]
        rows.append(np.broadcast_to(np.asarray(row, dtype=float), raw_shape).ravel())
    jacobian = np.array(rows)
    if out._data.size == 1:  # d(one number)/d(input): the gradient, times dL/dout
        return jacobian.reshape(raw_shape), True
    if raw_shape == out.shape and np.count_nonzero(jacobian - np.diag(np.diag(jacobian))) == 0:
        return np.diag(jacobian).reshape(out.shape), True
    return jacobian, False


def _summed_axes(raw_shape, shape):
    """The axes a broadcast input's gradient was summed over (as ``sum_to`` does)."""
    if tuple(raw_shape) == tuple(shape):
        return ()
    lead = len(raw_shape) - len(shape)
    return tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and raw_shape[i + lead] != 1
    )


# ---- Scalars --------------------------------------------------------------------------------


def _scalar_order(root):
    from .scalar import _reach

    interior, leaves = _reach((root,))
    return interior, _ordered_leaves(interior, leaves)


def _ordered_leaves(interior, leaves):
    """Leaves in the order backward reaches them (the walk's own order is a stack's)."""
    found, seen = [], set()
    for node in interior:
        for x in node.inputs:
            if x._derivative is None and x.requires_grad and x not in seen:
                seen.add(x)
                found.append(x)
    return found if interior else leaves


def _scalar_flows(out, grad):
    a, b = out._a, out._b
    if b is None:
        contributions, locals_ = (
            (out._derivative(grad, a.data, out.data),),
            (out._derivative(1.0, a.data, out.data),),
        )
    else:
        contributions = out._derivative(grad, a.data, b.data, out.data)
        locals_ = out._derivative(1.0, a.data, b.data, out.data)
    return [
        Flow(x, local, True, c, ())
        for x, local, c in zip(out.inputs, locals_, contributions)
        if x.requires_grad
    ]


# ---- names ----------------------------------------------------------------------------------


def _names(root, ops, leaves, given):
    """A name for every value of the story: its own, else the loss is "L", a number its value,
    and other values t1, t2, ... in backward's order."""
    names, count = {}, 0
    for t in [root, *ops, *(x for op in ops for x in _inputs(op)), *leaves]:
        if t in names:
            continue
        if given.get(t) or t.name:
            names[t] = given.get(t) or t.name
        elif t is root:
            names[t] = "L"
        elif not t.requires_grad and element_count(t) == 1 and t.ndim == 0:
            names[t] = numbers_text(numbers_of(t))
        else:
            count += 1
            names[t] = f"t{count}"
    return names


def _operands(op):
    """The op's inputs as values (Tensors, Scalars) and, for numbers and arrays, their text."""
    from . import Tensor

    if not isinstance(op, Tensor):
        return list(op.inputs)
    found = []
    for x in op.grad_fn.input_values():
        if isinstance(x, Tensor):
            found.append(x)
        elif isinstance(x, np.ndarray):
            found.append(f"<{tuple(x.shape)} array>" if x.size > SMALL_SIZE else numbers_text(x))
        elif isinstance(x, float) and op.grad_fn.function.number_operands:
            found.append(format_number(x))
    return found


def _inputs(op):
    from . import Tensor

    if not isinstance(op, Tensor):  # a Scalar
        return op.inputs
    return [x for x in op.grad_fn.input_values() if isinstance(x, Tensor)]
