"""Draw the computation graph behind a Tensor with Graphviz.

    g = draw_graph(loss)          # a graphviz.Digraph; shows inline in Jupyter
    save_graph(loss, "loss.png")  # .png .svg .pdf or .dot

The picture has two kinds of node, as in micrograd: a box per value (Tensor)
and a small ellipse per op; an edge runs from each input value to the op and
from the op to the value it made. Colours and labels: see ``graph_style``.

How the graph is found: start at the outputs and follow ``t.grad_fn.input_values()``
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

Big graphs: up to ``max_nodes`` nodes (the readable size) every value and op is
drawn; above it (``collapse="auto"``) one node per module call, with repeated
chains folded into "x N" nodes (``graph_collapse`` has the rules). The picture
is capped at ``size`` pixels (a 900-pixel width by default; Graphviz scales
bigger layouts down itself, so its bitmap renderer never has to).
"""

import os
from collections import namedtuple
from collections.abc import Mapping

import graphviz
import numpy as np

from . import graph_collapse as collapse_
from . import graph_style as style
from .atomic import atomic_write

FORMATS = (".png", ".svg", ".pdf", ".dot")
RANKDIRS = ("LR", "RL", "TB", "BT")
COLLAPSE = ("auto", "modules", "none")
MAX_NODES = 150  # the readable size: bigger graphs are collapsed (collapse="auto")
WIDTH = 900  # pixels: the default width cap, about a notebook page
MAX_HEIGHT = 30000  # pixels: below the 32767 of Graphviz's cairo bitmaps, so it never rescales
LR_RANKS = 12  # longest path (in nodes) still drawn left to right when rankdir is None


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
            "Without it, draw_graph(...).source still gives the DOT text, and save_graph(t, 'graph.dot') still works."
        )


class Digraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose rendering explains a missing Graphviz install.

    Jupyter shows it inline through ``_repr_mimebundle_``, which calls ``pipe``.
    """

    def __repr__(self):  # no memory address: notebooks re-run to the same text
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


def draw_graph(
    tensors,
    rankdir=None,
    show_data=True,
    show_grad=True,
    show_order=False,
    max_nodes=MAX_NODES,
    params=None,
    legend=True,
    collapse="auto",
    size=WIDTH,
):
    """The computation graph behind ``tensors`` as a ``graphviz.Digraph``.

    Args:
        tensors: a Tensor or Scalar, or a list of them drawn together (several outputs).
        rankdir: layout direction, "LR" (inputs left, outputs right), "RL", "TB" or "BT";
            None chooses from the graph's shape: "LR" when its longest path has at most
            ``LR_RANKS`` nodes, else "TB" (a long chain reads down the page).
        show_data / show_grad: print data / grad in the boxes of Tensors with at
            most 6 elements. Gradients appear once ``backward()`` has filled
            them: on leaves, and on other Tensors only after ``retain_grad()``.
        show_order: number each op in the order ``backward()`` visits it
            (``autograd.engine.topological_order``): 1 is the op that made the output
            (in the every-op view only).
        max_nodes: the readable size. A bigger graph is collapsed by ``collapse="auto"``.
        params: ``model.named_parameters()``, a dict name -> Tensor, or the model itself
            (then module boxes also show the module's class, e.g. ``Linear``); those
            Tensors are labelled by those names and grouped by module.
        legend: add a caption explaining the colours.
        collapse: "none" draws every value and op; "modules" one node per module call
            and repeated chains folded into one "x N" node (the rule: ``graph_collapse``);
            "auto" draws every op when the graph has at most ``max_nodes`` nodes (values
            and ops), else collapses as "modules" does. A collapsed view still bigger than
            ``max_nodes`` groups the units doing the same thing at the same depth.
        size: the largest picture, in pixels: a width (the height is capped at
            ``MAX_HEIGHT``) or a (width, height) pair. Graphviz scales a bigger layout
            down to fit; PNGs are rendered at 72 dpi, so pixels are SVG points.

    The result shows inline in Jupyter; ``.source`` is the DOT text (no
    Graphviz install needed); ``save_graph`` writes it to a file.
    """
    found = graph_of(tensors, params)
    return draw(
        found,
        rankdir=rankdir,
        show_data=show_data,
        show_grad=show_grad,
        show_order=show_order,
        max_nodes=max_nodes,
        legend=legend,
        collapse=collapse,
        size=size,
    )


Found = namedtuple("Found", "roots names values ops inputs value_module op_module")


class Names:
    """Labels: value -> name (``of``), and module name -> class name (``types``, from a model)."""

    def __init__(self, of, types):
        self.of, self.types = of, types

    def type_of(self, module):
        return self.types.get(module)


def graph_of(tensors, params=None):
    """Everything a drawing needs to know about the graph behind ``tensors`` (a ``Found``)."""
    from . import Scalar, Tensor  # late import: the package imports this module first

    Value = (Tensor, Scalar)
    roots = _as_roots(tensors, Value)
    names = _param_names(params, Value)
    values, ops, inputs = _walk(roots, Tensor)
    for t in values:
        if t not in names.of and t.name:
            names.of[t] = t.name
    value_module, op_module = _modules(values, ops, names.of, inputs)
    return Found(roots, names, values, ops, inputs, value_module, op_module)


def draw(
    found,
    rankdir=None,
    show_data=True,
    show_grad=True,
    show_order=False,
    max_nodes=MAX_NODES,
    legend=True,
    collapse="auto",
    size=WIDTH,
    marks=None,
):
    """``draw_graph`` of a ``graph_of`` result. ``marks`` (a ``Marks``, for ``animate_backward``)
    overrides the gradients shown, highlights one op and adds a caption (every-op view)."""
    if rankdir is not None and rankdir not in RANKDIRS:
        raise ValueError(f"draw_graph: rankdir must be one of {RANKDIRS} or None, got {rankdir!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"draw_graph: max_nodes must be a positive integer, got {max_nodes!r}")
    if collapse not in COLLAPSE:
        raise ValueError(f"draw_graph: collapse must be one of {COLLAPSE}, got {collapse!r}")
    width, height = _size(size)
    view = view_of(found, collapse, max_nodes)
    graph = Digraph(
        graph_attr={**style.GRAPH_ATTRS, "size": f"{width / 72:.4g},{height / 72:.4g}", "dpi": "72"},
        node_attr=style.NODE_ATTRS,
        edge_attr=style.EDGE_ATTRS,
    )
    if view is None:
        edges, caption = _draw_ops(graph, found, show_data, show_grad, show_order, marks)
    else:
        edges, caption = _draw_units(graph, found, view, show_data, show_grad, marks)
    graph.attr(rankdir=rankdir or _rankdir(edges))
    if marks is not None and marks.caption:
        graph.attr(label=marks.caption, labelloc="t")  # the step's story replaces the legend
    elif legend:
        graph.attr(label=caption, labelloc="b")
    return graph


def _size(size):
    """(width, height) in pixels from ``size=``."""
    pair = size if isinstance(size, (tuple, list)) else (size, MAX_HEIGHT)
    if len(pair) != 2 or not all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and 50 <= x <= MAX_HEIGHT for x in pair
    ):
        raise ValueError(
            f"draw_graph: size must be a width in pixels or a (width, height) pair, each "
            f"between 50 and {MAX_HEIGHT} (Graphviz's bitmaps stop at 32767), got {size!r}"
        )
    return pair


def view_of(found, collapse="auto", max_nodes=MAX_NODES):
    """None for the every-op view, else the list of units to draw (see ``graph_collapse``)."""
    if collapse == "none" or (collapse == "auto" and len(found.values) + len(found.ops) <= max_nodes):
        return None
    view = collapse_.units(
        found.values, found.ops, found.inputs, found.op_module, found.value_module, found.roots, found.names
    )
    view = collapse_.fold(view, found.names)
    return collapse_.by_depth(view) if len(view) > max_nodes else view


def _draw_ops(graph, found, show_data, show_grad, show_order, marks):
    """Every value and op, module parameters boxed by module; returns (edges, legend)."""
    values, ops, inputs, names = found.values, found.ops, found.inputs, found.names.of
    value_ids = {t: f"v{i}" for i, t in enumerate(values)}
    op_ids = {out: f"op{i}" for i, (_, out) in enumerate(ops)}
    steps = _backward_steps(found.roots) if show_order else {}
    boxes = {}  # module name, or None outside modules -> [(node id, label, attributes)]
    kinds = set()  # the kinds of value present, for the legend
    root_set = set(found.roots)
    shown_grads = False
    for t in values:
        kind = _kind(t, root_set, t in inputs)
        kinds.add(kind)
        grad = marks.grad(t) if marks is not None else (t.grad if show_grad else None)
        shown_grads = shown_grads or (grad is not None and style.element_count(t) <= style.SMALL_SIZE)
        label = style.value_label(
            t, names.get(t), show_data, grad, pending=marks is not None and marks.waiting(t)
        )
        attributes = style.VALUE_STYLES[kind]
        if marks is not None:
            attributes = {**attributes, **marks.value_style(t)}
        boxes.setdefault(found.value_module.get(t), []).append((value_ids[t], label, attributes))
    for name, out in ops:
        label = style.op_label(name, steps.get(out))
        attributes = style.OP_STYLE if marks is None else {**style.OP_STYLE, **marks.op_style(out)}
        boxes.setdefault(found.op_module.get(out), []).append((op_ids[out], label, attributes))

    _add_nodes(graph, boxes.pop(None, []))
    for number, (module, nodes) in enumerate(boxes.items()):
        with graph.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=style.cluster_label(module), **style.CLUSTER_ATTRS)
            _add_nodes(cluster, nodes)
    edges = []
    for _, out in ops:
        for parent in inputs[out]:
            edges.append(
                (value_ids[parent], op_ids[out], {} if marks is None else marks.edge_style(parent, out))
            )
        edges.append((op_ids[out], value_ids[out], {} if marks is None else marks.edge_style(out, out)))
    for tail, head, attributes in edges:
        graph.edge(tail, head, **attributes)
    legend = style.legend_label(_ordered(kinds), bool(ops), bool(steps), shown_grads)
    return [(tail, head) for tail, head, _ in edges], legend


def _draw_units(graph, found, view, show_data, show_grad, marks):
    """The collapsed view: one node per unit (see ``graph_collapse``); returns (edges, legend)."""
    root_set = set(found.roots)
    kinds, shown = set(), set()
    for index, unit in enumerate(view):
        if unit.kind == "value":
            t = unit.value
            kind = _kind(t, root_set, t in found.inputs)
            kinds.add(kind)
            grad = marks.grad(t) if marks is not None else (t.grad if show_grad else None)
            if grad is not None and style.element_count(t) <= style.SMALL_SIZE:
                shown.add("grad")
            label = style.value_label(
                t, found.names.of.get(t), show_data, grad, pending=marks is not None and marks.waiting(t)
            )
            attributes = style.VALUE_STYLES[kind]
            if marks is not None:
                attributes = {**attributes, **marks.value_style(t)}
        else:
            shown.add(unit.kind)
            label, attributes = style.unit_label(unit, found.names), style.UNIT_STYLES[unit.kind]
            if marks is not None:
                attributes = {**attributes, **marks.unit_style(index)}
        graph.node(f"u{index}", label=label, **attributes)
    edges = [(source, index) for index, unit in enumerate(view) for source in unit.inputs]
    for source, index in edges:
        graph.edge(
            f"u{source}", f"u{index}", **({} if marks is None else marks.unit_edge_style(source, index))
        )
    legend = style.legend_label(
        _ordered(kinds),
        "op" in shown,
        False,
        "grad" in shown,
        modules="module" in shown,
        folds="fold" in shown,
        groups="group" in shown,
    )
    return [(f"u{source}", f"u{index}") for source, index in edges], legend


def _ordered(kinds):
    """The kinds present, in the legend's fixed order."""
    return [kind for kind in style.VALUE_STYLES if kind in kinds]


def _rankdir(edges):
    """ "LR" if the longest path has at most ``LR_RANKS`` nodes, else "TB"."""
    depth, users, waiting = {}, {}, {}
    for tail, head in edges:
        users.setdefault(tail, []).append(head)
        waiting[head] = waiting.get(head, 0) + 1
        waiting.setdefault(tail, 0)
    ready = [node for node, count in waiting.items() if count == 0]
    for node in ready:
        depth.setdefault(node, 1)
    while ready:
        node = ready.pop()
        for user in users.get(node, ()):
            depth[user] = max(depth.get(user, 1), depth[node] + 1)
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return "LR" if max(depth.values(), default=1) <= LR_RANKS else "TB"


def save_graph(tensors, path, **draw_options):
    """Draw the graph behind ``tensors`` and write it to ``path``; return ``path``.

    The format comes from the extension: .png, .svg, .pdf (need Graphviz's
    ``dot`` program) or .dot (the DOT source text). The file is written to a
    temporary file next to it first, then renamed, so a failure never leaves
    half an image behind. ``draw_options`` are passed to ``draw_graph``.
    """
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension not in FORMATS:
        raise ValueError(
            f"save_graph: cannot tell the format of {os.fspath(path)!r}; "
            f"use one of the extensions {', '.join(FORMATS)}"
        )
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
        raise TypeError(
            f"draw_graph: tensors must be a Tensor or a list of Tensors, got {type(tensors).__name__}"
        )
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
    """``Names`` from a model, a dict or an iterable of (name, Tensor) pairs."""
    if params is None:
        return Names({}, {})
    types = {}
    if callable(getattr(params, "named_modules", None)):  # a model (nn.Module)
        types = {name: type(module).__name__ for name, module in params.named_modules() if name}
        params = params.named_parameters()
    pairs = params.items() if isinstance(params, Mapping) else params
    message = (
        "draw_graph: params must be a dict name -> Tensor or an iterable of (name, Tensor) pairs "
        "such as model.named_parameters()"
    )
    try:
        pairs = list(pairs)
    except TypeError:
        raise TypeError(f"{message}, got {type(params).__name__}") from None
    names = {}
    for pair in pairs:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], Value)
        ):
            shown = tuple(type(x).__name__ for x in pair) if isinstance(pair, tuple) else type(pair).__name__
            raise TypeError(f"{message}; found an item of type {shown}")
        names.setdefault(pair[1], pair[0])
    return Names(names, types)


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
        if made_by is not None:  # each op is reached once: through the one value it made
            op_names[t], parents = made_by
            inputs[t] = parents
            stack.extend((p, False) for p in reversed(parents) if p not in seen)
    return values, ops, inputs


def _made_by(value, Tensor):
    """(op name, input values) of the op that made ``value``, or None for a leaf."""
    if not isinstance(value, Tensor):  # a Scalar
        return (value.op, list(value.inputs)) if value.op else None
    node = value.grad_fn
    return None if node is None else (node.name, _input_values(node, Tensor))


def _input_values(node, Tensor):
    """The op's inputs that are values: its Tensors (``Context.input_values``: an intermediate
    whose Tensor is gone is rebuilt from its node), arrays (a loss's target, given as its
    array) and the numbers of arithmetic (``x * 2.0``, see ``Function.number_operands``), the
    last two as new constant Tensors."""
    values = []
    inputs = node.input_values()
    for p in inputs:
        if isinstance(p, Tensor):
            values.append(p)
        elif isinstance(p, np.ndarray):
            values.append(Tensor._make(p))
        elif node.function.number_operands and isinstance(p, float):
            values.append(Tensor._from_data(p, _number_dtype(inputs, Tensor)))
    return values


def _number_dtype(inputs, Tensor):
    """The dtype a number takes in the op: that of its Tensor inputs (numpy's rule)."""
    return next(p.dtype for p in inputs if isinstance(p, Tensor))


def _modules(values, ops, names, inputs):
    """Which module box (a name prefix like "layers.0") each value and op goes in.

    Returns two dicts, value -> module and op (known by its output value) ->
    module; nodes outside every module are absent.
    """
    owner = {}  # value -> module whose parameters alone it is computed from
    for t in values:  # inputs come first, so owners are known before they are needed
        name = names.get(t)
        if t not in inputs:  # a leaf
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
