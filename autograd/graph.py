"""Draw the computation graph behind a Tensor with Graphviz.

    g = draw_graph(loss)          # a graphviz.Digraph; shows inline in Jupyter
    save_graph(loss, "loss.png")  # .png .svg .pdf or .dot

The picture has two kinds of node, as in micrograd: a box per value (Tensor)
and a small ellipse per op; an edge runs from each input value to the op and
from the op to the value it made. Colours and labels: see ``graph_style``.

How the graph is found: start at the outputs and follow ``t.grad_fn.inputs``
(``s.inputs`` for a ``Scalar``) back to the leaves with an explicit stack (no recursion, so deep graphs are
fine). Nodes are numbered in the order this walk first finishes them (every
input before the op that uses it), so the same program always gives the same
DOT source, byte for byte.

Module clusters: a parameter named ``layers.0.weight`` belongs to the module
``layers.0`` (everything before the last dot). An op whose inputs include
parameters of exactly one module (directly, or through ops on those
parameters only, like ``weight.T``) is drawn in that module's box, together
with the value it makes. Names come from ``Tensor.name`` / ``Scalar.name`` or
from ``params=``. Every op makes one value, so ops are known by that value.
"""
import math
import os
from collections.abc import Mapping

import graphviz

from . import graph_style as style
from .atomic import atomic_write

FORMATS = (".png", ".svg", ".pdf", ".dot")
RANKDIRS = ("LR", "RL", "TB", "BT")

class GraphvizNotFoundError(RuntimeError):
    """Rendering needs Graphviz's ``dot`` program, which is not installed."""

    def __init__(self):
        super().__init__(
            "Rendering a graph needs the Graphviz system package (the 'dot' program), "
            "which was not found on PATH. The Python package 'graphviz' alone is not enough. Install it with one of:\n"
            "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
            "  macOS:          brew install graphviz\n"
            "  conda:          conda install -c conda-forge graphviz\n"
            "  Windows:        the installer from https://graphviz.org/download/ (add its bin folder to PATH)\n"
            "Without it, draw_graph(...).source still gives the DOT text, and save_graph(t, 'graph.dot') still works.")

class Digraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose rendering explains a missing Graphviz install.

    Jupyter shows it inline through ``_repr_mimebundle_``, which calls ``pipe``.
    """

    def __repr__(self):       # no memory address: notebooks re-run to the same text
        nodes = sum(1 for line in self.body if "->" not in line and "[" in line)
        edges = sum(1 for line in self.body if "->" in line)
        return f"<Digraph: {nodes} nodes, {edges} edges>"

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as error:
            raise GraphvizNotFoundError() from error

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as error:
            raise GraphvizNotFoundError() from error

def draw_graph(tensors, rankdir="LR", show_data=True, show_grad=True, show_order=False,
               max_nodes=500, params=None, legend=True):
    """The computation graph behind ``tensors`` as a ``graphviz.Digraph``.

    Args:
        tensors: a Tensor or Scalar, or a list of them drawn together (several outputs).
        rankdir: layout direction, "LR" (inputs left, outputs right), "RL", "TB" or "BT".
        show_data / show_grad: print data / grad in the boxes of Tensors with at
            most 6 elements. Gradients appear once ``backward()`` has filled
            them: on leaves, and on other Tensors only after ``retain_grad()``.
        show_order: number each op in the order ``backward()`` visits it
            (``autograd.engine.topological_order``): 1 is the op that made the output.
        max_nodes: a graph with more nodes (values + ops) raises ValueError
            instead of drawing an unreadable hairball.
        params: ``model.named_parameters()`` or a dict name -> Tensor; those
            Tensors are labelled by those names and grouped by module.
        legend: add a caption explaining the colours.

    The result shows inline in Jupyter; ``.source`` is the DOT text (no
    Graphviz install needed); ``save_graph`` writes it to a file.
    """
    from . import Scalar, Tensor  # late import: the package imports this module first

    Value = (Tensor, Scalar)
    roots = _as_roots(tensors, Value)
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph: rankdir must be one of {RANKDIRS}, got {rankdir!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"draw_graph: max_nodes must be a positive integer, got {max_nodes!r}")
    names = _param_names(params, Value)

    values, ops, inputs = _walk(roots, Tensor)
    size = len(values) + len(ops)
    if size > max_nodes:
        raise ValueError(
            f"draw_graph: the graph has {size} nodes ({len(values)} values, {len(ops)} ops), "
            f"more than max_nodes={max_nodes}. A picture this big is hard to read; draw a smaller part "
            f"(e.g. one layer's output) or pass max_nodes={size} or more to draw it anyway.")
    for t in values:
        if t not in names and t.name:
            names[t] = t.name
    value_ids = {t: f"v{i}" for i, t in enumerate(values)}
    op_ids = {out: f"op{i}" for i, (_, out) in enumerate(ops)}
    value_module, op_module = _modules(values, ops, names, inputs)
    steps = _backward_steps(roots) if show_order else {}

    graph = Digraph(graph_attr={"rankdir": rankdir, **style.GRAPH_ATTRS},
                    node_attr=style.NODE_ATTRS, edge_attr=style.EDGE_ATTRS)
    boxes = {}  # module name, or None outside modules -> [(node id, label, attributes)]
    kinds = []  # the kinds of value present, for the legend
    root_set = set(roots)
    for t in values:
        kind = _kind(t, root_set, t in inputs)
        kinds += [kind] if kind not in kinds else []
        label = style.value_label(t, names.get(t), show_data, show_grad)
        boxes.setdefault(value_module.get(t), []).append((value_ids[t], label, style.VALUE_STYLES[kind]))
    for name, out in ops:
        label = style.op_label(name, steps.get(out))
        boxes.setdefault(op_module.get(out), []).append((op_ids[out], label, style.OP_STYLE))

    _add_nodes(graph, boxes.pop(None, []))
    for number, (module, nodes) in enumerate(boxes.items()):
        with graph.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=style.cluster_label(module), **style.CLUSTER_ATTRS)
            _add_nodes(cluster, nodes)
    for _, out in ops:
        for parent in inputs[out]:
            graph.edge(value_ids[parent], op_ids[out])
        graph.edge(op_ids[out], value_ids[out])
    if legend:
        has_grads = show_grad and any(t.grad is not None and math.prod(t.shape) <= style.SMALL_SIZE for t in values)
        graph.attr(label=style.legend_label(kinds, bool(ops), bool(steps), has_grads), labelloc="b")
    return graph

def save_graph(tensors, path, **draw_options):
    """Draw the graph behind ``tensors`` and write it to ``path``; return ``path``.

    The format comes from the extension: .png, .svg, .pdf (need Graphviz's
    ``dot`` program) or .dot (the DOT source text). The file is written to a
    temporary file next to it first, then renamed, so a failure never leaves
    half an image behind. ``draw_options`` are passed to ``draw_graph``.
    """
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension not in FORMATS:
        raise ValueError(f"save_graph: cannot tell the format of {os.fspath(path)!r}; "
                         f"use one of the extensions {', '.join(FORMATS)}")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"save_graph: the folder {folder!r} does not exist")
    graph = draw_graph(tensors, **draw_options)
    content = graph.source.encode("utf-8") if extension == ".dot" else graph.pipe(format=extension[1:])
    with atomic_write(path) as file:
        file.write(content)
    return path

def _as_roots(tensors, Value):
    """The outputs as a list of distinct Tensors (or Scalars), in the order given."""
    items = [tensors] if isinstance(tensors, Value) else tensors
    if not isinstance(items, (list, tuple)):
        raise TypeError(f"draw_graph: tensors must be a Tensor or a list of Tensors, got {type(tensors).__name__}")
    if not items:
        raise ValueError("draw_graph: tensors is an empty list; pass at least one Tensor")
    roots = []
    for position, t in enumerate(items):
        if not isinstance(t, Value):
            raise TypeError(f"draw_graph: tensors[{position}] must be a Tensor, got {type(t).__name__}")
        if not any(t is r for r in roots):  # identity: == on Tensors compares elementwise
            roots.append(t)
    return roots

def _param_names(params, Value):
    """Tensor (or Scalar) -> qualified name, from a dict or an iterable of (name, Tensor) pairs."""
    if params is None:
        return {}
    pairs = params.items() if isinstance(params, Mapping) else params
    message = ("draw_graph: params must be a dict name -> Tensor or an iterable of (name, Tensor) pairs "
               "such as model.named_parameters()")
    try:
        pairs = list(pairs)
    except TypeError:
        raise TypeError(f"{message}, got {type(params).__name__}") from None
    names = {}
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str) and isinstance(pair[1], Value)):
            shown = tuple(type(x).__name__ for x in pair) if isinstance(pair, tuple) else type(pair).__name__
            raise TypeError(f"{message}; found an item of type {shown}")
        names.setdefault(pair[1], pair[0])
    return names

def _walk(roots, Tensor):
    """All values and ops behind ``roots``, every input listed before its users.

    An iterative depth-first walk: a value is pushed once to be expanded (its
    inputs pushed above it) and once more to be finished after them.
    Returns ``values`` (list of Tensors or Scalars), ``ops`` (list of (op name,
    the value it made)) and ``inputs`` (value an op made -> that op's input
    values): a number an op took (``x * 2.0``) is drawn as a constant value of
    its own.
    """
    values, ops, seen, inputs, op_names = [], [], set(), {}, {}
    stack = [(t, False) for t in reversed(roots)]
    while stack:
        t, finished = stack.pop()
        if finished:
            values.append(t)
            if t in inputs:
                ops.append((op_names[t], t))
            continue
        if t in seen:
            continue
        seen.add(t)
        stack.append((t, True))
        made_by = _made_by(t, Tensor)
        if made_by is not None:          # each op is reached once: through the one value it made
            op_names[t], parents = made_by
            inputs[t] = parents
            stack.extend((p, False) for p in reversed(parents) if p not in seen)
    return values, ops, inputs


def _made_by(value, Tensor):
    """(op name, input values) of the op that made ``value``, or None for a leaf."""
    if not isinstance(value, Tensor):       # a Scalar
        return (value.op, list(value.inputs)) if value.op else None
    node = value.grad_fn
    return None if node is None else (node.name, _input_values(node, Tensor))

def _input_values(node, Tensor):
    """The op's inputs that are values: its Tensors, and the numbers of arithmetic
    (``x * 2.0``, see ``Function.number_operands``) as new constant Tensors."""
    values = []
    for p in node.inputs:
        if isinstance(p, Tensor):
            values.append(p)
        elif node.function.number_operands and isinstance(p, float):
            values.append(Tensor(p, dtype=_number_dtype(node, Tensor)))
    return values

def _number_dtype(node, Tensor):
    """The dtype a number takes in the op: that of its Tensor inputs (numpy's rule)."""
    return next(p.dtype for p in node.inputs if isinstance(p, Tensor))

def _modules(values, ops, names, inputs):
    """Which module box (a name prefix like "layers.0") each value and op goes in.

    Returns two dicts, value -> module and op (known by its output value) ->
    module; nodes outside every module are absent.
    """
    owner = {}  # value -> module whose parameters alone it is computed from
    for t in values:  # inputs come first, so owners are known before they are needed
        name = names.get(t)
        if t not in inputs:      # a leaf
            if t.requires_grad and name and "." in name:
                owner[t] = name.rsplit(".", 1)[0]
            continue
        found = [owner.get(p) for p in inputs[t]]
        if found and all(m is not None and m == found[0] for m in found):
            owner[t] = found[0]
    value_module = {t: m for t, m in owner.items() if t not in inputs}
    op_module = {}
    for _, out in ops:
        found = []
        for p in inputs[out]:
            if p in owner and owner[p] not in found:
                found.append(owner[p])
        if len(found) == 1:
            op_module[out] = value_module[out] = found[0]
    return value_module, op_module

def _backward_steps(roots):
    """op (known by its output value) -> 1, 2, ...: the order in which ``backward()``
    visits the ops."""
    from .engine import topological_order
    from .scalar import Scalar, backward_order

    scalars = [t for t in roots if isinstance(t, Scalar) and t.requires_grad]
    tensors = [t for t in roots if not isinstance(t, Scalar) and t.requires_grad]
    made = backward_order(scalars) + [t for t in topological_order(tensors) if t.grad_fn is not None]
    return {t: step for step, t in enumerate(made, start=1)}

def _kind(t, roots, made_by_op):
    if t in roots:
        return "output"
    if not t.requires_grad:
        return "constant"
    return "intermediate" if made_by_op else "parameter"

def _add_nodes(graph, nodes):
    for node_id, label, attributes in nodes:
        graph.node(node_id, label=label, **attributes)
