"""How a computation graph looks: colours, shapes and the text of each node.

``graph.py`` decides *what* is in the picture; this module decides how each
piece is drawn. The convention (also shown in the legend under each picture):

================  ==========================================  =====================
kind              what it is                                  look
================  ==========================================  =====================
parameter         leaf Tensor with ``requires_grad=True``     blue rounded box
constant          Tensor that does not require grad           grey dashed box
intermediate      result of an op, not an output              white box
output            a Tensor passed to ``draw_graph``           amber box, thick border
op                the operation that made a Tensor            small grey ellipse
================  ==========================================  =====================

A value box shows the Tensor's name (when it has one), its shape and dtype
(arrays only), and for small Tensors (up to ``SMALL_SIZE`` elements) its data
and its gradient with 4 significant digits.
"""

from html import escape

import numpy as np

SMALL_SIZE = 6  # Tensors with at most this many elements show their numbers
FONT = "Helvetica,Arial,sans-serif"
GRAD_COLOUR = "#b91c1c"  # gradients in red, data in black
MUTED_COLOUR = "#6b7280"  # shape/dtype line, edges, op nodes' border

GRAPH_ATTRS = {"fontname": FONT, "fontsize": "11", "nodesep": "0.25", "ranksep": "0.35"}
NODE_ATTRS = {"fontname": FONT, "fontsize": "12", "margin": "0.06,0.03"}
EDGE_ATTRS = {"color": MUTED_COLOUR, "arrowsize": "0.7"}

# One entry per kind of value node: Graphviz attributes and the legend text.
VALUE_STYLES = {
    "parameter": {"shape": "box", "style": "rounded,filled", "fillcolor": "#dbeafe", "color": "#2563eb"},
    "constant": {"shape": "box", "style": "dashed,filled", "fillcolor": "#f3f4f6", "color": "#9ca3af"},
    "intermediate": {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": MUTED_COLOUR},
    "output": {
        "shape": "box",
        "style": "filled",
        "fillcolor": "#fde68a",
        "color": "#b45309",
        "penwidth": "2",
    },
}
OP_STYLE = {
    "shape": "ellipse",
    "style": "filled",
    "fillcolor": "#f3f4f6",
    "color": MUTED_COLOUR,
    "fontsize": "11",
    "height": "0.3",
    "margin": "0.04,0.02",
}
# Nodes of the collapsed views (see graph_collapse): a module call, an op with its result, a fold.
UNIT_STYLES = {
    "module": {"shape": "box", "style": "rounded,filled", "fillcolor": "#eff6ff", "color": "#2563eb"},
    "op": OP_STYLE,
    "fold": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#eff6ff",
        "color": "#2563eb",
        "peripheries": "2",
    },
    "group": {
        "shape": "box",
        "style": "rounded,filled,dashed",
        "fillcolor": "#f5f3ff",
        "color": "#7c3aed",
        "peripheries": "2",
    },
}
HIGHLIGHT_COLOUR = GRAD_COLOUR  # the op of the current step in animate_backward
CLUSTER_ATTRS = {"style": "rounded,dashed", "color": "#2563eb", "fontcolor": "#2563eb", "labeljust": "l"}
LEGEND_TEXT = {
    "parameter": "parameter (leaf, requires grad)",
    "constant": "constant (no grad)",
    "intermediate": "intermediate",
    "output": "output",
}


def format_number(value):
    """One number with 4 significant digits (integers and booleans as they are)."""
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return str(value)
    return format(float(value), ".4g")


def format_array(array):
    """Lines of text for a small array, e.g. ``['[[1, 2.5],', ' [3, 4]]']``."""
    array = np.asarray(array)
    if array.ndim == 0:
        return [format_number(array.item())]
    text = np.array2string(array, separator=", ", formatter={"float_kind": format_number})
    return text.split("\n")


def numbers_of(value):
    """The numbers of a Tensor (its array) or of a Scalar (its float)."""
    return value.data if isinstance(value.data, float) else value._data


def element_count(value):
    """How many numbers a Tensor or a Scalar holds."""
    return np.size(numbers_of(value))


def _row(text, colour=None, size=None, bold=False):
    """One left-aligned HTML table row; ``text`` is already escaped."""
    if bold:
        text = f"<B>{text}</B>"
    font = "".join(f' {key}="{value}"' for key, value in (("COLOR", colour), ("POINT-SIZE", size)) if value)
    if font:
        text = f"<FONT{font}>{text}</FONT>"
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{text}</TD></TR>'


def _numbers_row(caption, array, colour=None):
    """``data 2.5`` on one line; a 2-D array goes under its caption, one line per row."""
    lines = [escape(line).replace(" ", "&nbsp;") for line in format_array(array)]
    separator = "&nbsp;" if len(lines) == 1 else "<BR/>"
    return _row(caption + separator + "<BR/>".join(lines), colour=colour)


def value_label(tensor, name, show_data, grad, pending=False):
    """HTML label of a value node: name, shape and dtype, data, and ``grad`` (an array or
    number, or None for no row; ``pending``: a placeholder row for a gradient to come)."""
    rows = []
    if name:
        rows.append(_row(escape(name), bold=True))
    if tensor.ndim > 0:
        rows.append(_row(escape(f"{tuple(tensor.shape)} {tensor.dtype}"), colour=MUTED_COLOUR, size="10"))
    small = element_count(tensor) <= SMALL_SIZE
    if show_data and small:
        rows.append(_numbers_row("data", numbers_of(tensor)))
    if small and grad is not None:
        rows.append(_numbers_row("grad", np.asarray(grad), colour=GRAD_COLOUR))
    elif small and pending:
        rows.append(_row("grad &#8230;", colour=MUTED_COLOUR))
    if not rows:  # an unnamed scalar with its numbers hidden
        rows.append(_row("scalar", colour=MUTED_COLOUR, size="10"))
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>>"


def op_label(op_name, number=None):
    """HTML label of an op node: its name, preceded by its backward step when numbered."""
    text = escape(op_name)
    if number is not None:
        text = f'<FONT COLOR="{GRAD_COLOUR}"><B>{number}</B></FONT> {text}'
    return f"<{text}>"


def cluster_label(module_name):
    """HTML label of a module's box: its qualified name, e.g. ``layers.0``."""
    return f"<<B>{escape(module_name)}</B>>"


def _shape(value):
    return f"{tuple(value.shape)}" if value.ndim else "scalar"


def _unit_lines(unit, names):
    """Lines (escaped HTML) describing a module call or an op of a collapsed view."""
    if unit.kind == "value":  # a leaf, in a group of leaves
        return ["parameters" if unit.value.requires_grad else "constants"]
    if unit.kind == "op":
        return [f"<B>{escape(_op_names(unit))}</B>"]
    kind = names.type_of(unit.module) or _op_names(unit)
    lines = [f"<B>{escape(unit.module)}</B>&nbsp;{escape(kind)}"]
    for name, p in unit.params:
        short = name.rsplit(".", 1)[-1] if name else "param"
        lines.append(_small(f"{escape(short)} {escape(_shape(p))}"))
    return lines


def _op_names(unit):
    return ", ".join(
        dict.fromkeys(out.grad_fn.name if hasattr(out, "grad_fn") else out.op for out in unit.ops)
    )


def unit_label(unit, names):
    """HTML label of a collapsed-view node (see ``graph_collapse``), with its result's shape."""
    lines = _label_lines(unit, names)
    lines.append(_small(f"&#8594; {escape(_shape(unit.value))}"))
    rows = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{line}</TD></TR>' for line in lines)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'


def _label_lines(unit, names):
    """A module call (name, class or ops, parameter shapes), an op, a fold ("x N", its block,
    the first and last module of the run) or a group ("x N side by side", one of them)."""
    if unit.kind == "group":
        return [f"<B>&#215; {unit.repeats}</B> side by side", *_label_lines(unit.block[0], names)]
    if unit.kind != "fold":
        return _unit_lines(unit, names)
    lines = [f"<B>&#215; {unit.repeats}</B>"]
    for member in unit.block:
        lines += _unit_lines(member, names)
    if len(unit.ops) > sum(len(member.ops) for member in unit.block) * unit.repeats:  # side branches too
        lines.append(_small(f"with {escape(_op_names(unit))}"))
    named = [name for name, _ in unit.params if name and "." in name]
    if named:  # the run's first and last module
        first, last = (name.rsplit(".", 1)[0] for name in (named[0], named[-1]))
        lines.append(_small(f"{escape(first)} &#8230; {escape(last)}"))
    return lines


def _small(text):
    return f'<FONT COLOR="{MUTED_COLOUR}" POINT-SIZE="10">{text}</FONT>'


def legend_label(kinds, has_ops, numbered, has_grads, modules=False, folds=False, groups=False):
    """HTML caption explaining the colours of the ``kinds`` present in the picture."""
    cells = []
    for kind in kinds:
        style = VALUE_STYLES[kind]
        cells.append(
            f'<TD BGCOLOR="{style["fillcolor"]}" BORDER="1" COLOR="{style["color"]}">'
            f"{escape(LEGEND_TEXT[kind])}</TD>"
        )
    if has_ops:
        text = "op (red number: backward step)" if numbered else "op"
        cells.append(f'<TD BGCOLOR="{OP_STYLE["fillcolor"]}" BORDER="1" COLOR="{MUTED_COLOUR}">{text}</TD>')
    unit = UNIT_STYLES["module"]
    if modules:
        cells.append(f'<TD BGCOLOR="{unit["fillcolor"]}" BORDER="1" COLOR="{unit["color"]}">module call</TD>')
    if folds:
        cells.append(
            f'<TD BGCOLOR="{unit["fillcolor"]}" BORDER="1" COLOR="{unit["color"]}">'
            "&#215; N: a block repeated N times in a chain</TD>"
        )
    if groups:
        group = UNIT_STYLES["group"]
        cells.append(
            f'<TD BGCOLOR="{group["fillcolor"]}" BORDER="1" COLOR="{group["color"]}">'
            "&#215; N side by side: N alike at the same depth</TD>"
        )
    if has_grads:
        cells.append(f'<TD><FONT COLOR="{GRAD_COLOUR}">grad</FONT> = d output / d value</TD>')
    return '<<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>' + "".join(cells) + "</TR></TABLE>>"
