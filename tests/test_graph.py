"""draw_graph / save_graph: what the picture contains, determinism, files, errors."""
import html
import os
import re
import shutil
import struct
import subprocess
import sys

import numpy as np
import pytest

import autograd
from autograd import Tensor
from autograd.engine import topological_order
from autograd.graph import GraphvizNotFoundError, draw_graph, save_graph
from autograd.graph_style import format_number

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")


# ---- helpers: read the DOT text back ----------------------------------------------------------

NODE = re.compile(r"^\s*(\w+) \[label=<(.*)>(.*)\]$")
EDGE = re.compile(r"^\s*(\w+) -> (\w+)")


def parse(source):
    """(nodes, edges): node id -> (plain label text, attribute text); edges as (tail, head) in order."""
    nodes, edges = {}, []
    for line in source.splitlines():
        node, edge = NODE.match(line), EDGE.match(line)
        if node:
            text = html.unescape(re.sub(r"<[^>]*>", " ", node.group(2)))
            nodes[node.group(1)] = (" ".join(text.split()), node.group(3))
        elif edge:
            edges.append(edge.groups())
    return nodes, edges


def node_named(nodes, name):
    """The id of the one value node whose label starts with ``name``."""
    found = [i for i, (text, _) in nodes.items() if text.split()[:1] == [name]]
    assert len(found) == 1, (name, nodes)
    return found[0]


def e1_graph():
    """E1: one linear neuron, x = 2, y = 2, w = 2, b = 1, o = w x + b, L = (o - y)^2, after backward."""
    x, y = Tensor(2.0, name="x"), Tensor(2.0, name="y")
    w, b = Tensor(2.0, requires_grad=True, name="w"), Tensor(1.0, requires_grad=True, name="b")
    o = w * x + b
    o.name = "o"
    o.retain_grad()
    loss = (o - y) ** 2
    loss.name = "L"
    loss.backward()
    return loss


# ---- the content of the picture ---------------------------------------------------------------

def test_e1_nodes_show_names_data_and_grads():
    nodes, _ = parse(draw_graph(e1_graph()).source)
    # by hand: o = 2*2 + 1 = 5, L = (5-2)^2 = 9, dL/do = 2(o-y) = 6, dL/dw = 6x = 12, dL/db = 6
    assert nodes[node_named(nodes, "w")][0] == "w data 2 grad 12"
    assert nodes[node_named(nodes, "b")][0] == "b data 1 grad 6"
    assert nodes[node_named(nodes, "o")][0] == "o data 5 grad 6"
    assert nodes[node_named(nodes, "L")][0] == "L data 9"  # not a leaf, its grad was not retained
    assert nodes[node_named(nodes, "x")][0] == "x data 2"  # a constant: no grad
    ops = sorted(text for i, (text, _) in nodes.items() if i.startswith("op"))
    assert ops == ["add", "mul", "pow", "sub"]
    values = [text for i, (text, _) in nodes.items() if i.startswith("v")]
    assert len(values) == 9  # x w b y, w*x, o, o-y, the exponent 2, L
    assert "data 4" in values and "data 3" in values and "data 2" in values  # w*x, o-y, exponent


def test_e1_edges_follow_the_computation():
    nodes, edges = parse(draw_graph(e1_graph()).source)
    op = {text: i for i, (text, _) in nodes.items() if i.startswith("op")}
    w, x, b, y, o, loss = (node_named(nodes, n) for n in ("w", "x", "b", "y", "o", "L"))
    wx = next(i for i, (text, _) in nodes.items() if text == "data 4")
    diff = next(i for i, (text, _) in nodes.items() if text == "data 3")
    two = next(i for i, (text, _) in nodes.items() if text == "data 2")
    expected = [(w, op["mul"]), (x, op["mul"]), (op["mul"], wx),
                (wx, op["add"]), (b, op["add"]), (op["add"], o),
                (o, op["sub"]), (y, op["sub"]), (op["sub"], diff),
                (diff, op["pow"]), (two, op["pow"]), (op["pow"], loss)]
    assert sorted(edges) == sorted(expected)
    # the inputs of each op are listed in their order (w before x in w * x)
    assert edges.index((w, op["mul"])) < edges.index((x, op["mul"]))


def test_kinds_are_drawn_differently():
    nodes, _ = parse(draw_graph(e1_graph()).source)
    style = {name: nodes[node_named(nodes, name)][1] for name in ("w", "x", "o", "L")}
    assert len(set(style.values())) == 4  # parameter, constant, intermediate, output
    assert style["w"] == nodes[node_named(nodes, "b")][1]
    assert style["x"] == nodes[node_named(nodes, "y")][1]


def test_values_before_backward_have_no_grad_row():
    w = Tensor(2.0, requires_grad=True, name="w")
    nodes, _ = parse(draw_graph(w * 3.0).source)
    assert nodes[node_named(nodes, "w")][0] == "w data 2"


def test_arrays_show_shape_dtype_and_small_data_only():
    small = Tensor(np.array([[1.0, 0.123456], [3.0, 4.0]], dtype=np.float32), requires_grad=True, name="s")
    big = Tensor(np.arange(7.0), requires_grad=True, name="big")
    out = (small.sum() + big.sum())
    out.backward()
    nodes, _ = parse(draw_graph(out).source)
    assert nodes[node_named(nodes, "s")][0] == "s (2, 2) float32 data [[1, 0.1235], [3, 4]] grad [[1, 1], [1, 1]]"
    assert nodes[node_named(nodes, "big")][0] == "big (7,) float64"
    nodes, _ = parse(draw_graph(out, show_data=False).source)
    assert nodes[node_named(nodes, "s")][0] == "s (2, 2) float32 grad [[1, 1], [1, 1]]"
    nodes, _ = parse(draw_graph(out, show_grad=False).source)
    assert nodes[node_named(nodes, "s")][0] == "s (2, 2) float32 data [[1, 0.1235], [3, 4]]"


def test_a_number_in_arithmetic_is_drawn_as_a_constant():
    a = Tensor(1.5, requires_grad=True, name="a")
    out = 2.5 * a - 1.0
    source = draw_graph(out).source
    nodes, edges = parse(source)
    assert len(nodes) == 7  # a, 2.5, mul, its output, 1.0, sub, out
    assert sorted(text for text, _ in nodes.values() if text in ("data 2.5", "data 1")) == ["data 1", "data 2.5"]
    for text in ("data 2.5", "data 1"):
        constant = next(i for i, (label, _) in nodes.items() if label == text)
        assert [tail for tail, _ in edges].count(constant) == 1
    assert draw_graph(out).source == source          # the same constants every time


def test_non_tensor_inputs_are_skipped():
    class Scale(autograd.Function):
        @staticmethod
        def forward(ctx, a, factor):
            ctx.factor = factor
            return a * factor

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor, None

    a = Tensor(1.5, requires_grad=True, name="a")
    out = Scale.apply(a, 3.0)
    nodes, edges = parse(draw_graph(out).source)
    assert len(nodes) == 3  # a, the scale op, out
    assert edges == [(node_named(nodes, "a"), "op0"), ("op0", node_named(nodes, "data"))]
    assert nodes["op0"][0] == "scale"


def test_several_outputs_share_their_inputs():
    a = Tensor(2.0, requires_grad=True, name="a")
    first, second = a.exp(), a * a
    first.name, second.name = "first", "second"
    nodes, edges = parse(draw_graph([first, second]).source)
    assert len(nodes) == 5  # a once, two ops, two outputs
    assert nodes[node_named(nodes, "first")][1] == nodes[node_named(nodes, "second")][1]
    assert nodes[node_named(nodes, "first")][1] != nodes[node_named(nodes, "a")][1]
    mul = next(i for i, (text, _) in nodes.items() if text == "mul")
    assert edges.count((node_named(nodes, "a"), mul)) == 2  # a * a: a is used twice
    assert draw_graph([first, second, first]).source == draw_graph((first, second)).source


def test_show_order_numbers_ops_as_backward_visits_them():
    a = Tensor(0.5, requires_grad=True, name="a")
    b = Tensor(-1.5, requires_grad=True, name="b")
    c = a * b
    d = c.tanh() + a.exp()
    e = d * c
    for t, name in ((c, "c"), (d, "d"), (e, "e")):
        t.name = name
    nodes, edges = parse(draw_graph(e, show_order=True).source)
    visited = [t for t in topological_order([e]) if t.grad_fn is not None]
    numbered = {}
    for i, (text, _) in nodes.items():
        if i.startswith("op"):
            step, op_name = text.split()
            numbered[int(step)] = (op_name, next(head for tail, head in edges if tail == i))
    assert sorted(numbered) == list(range(1, len(visited) + 1))
    for step, t in enumerate(visited, start=1):
        op_name, output = numbered[step]
        assert op_name == t.grad_fn.name
        if t.name:
            assert output == node_named(nodes, t.name)
    # without show_order the labels are the bare op names
    nodes, _ = parse(draw_graph(e).source)
    assert sorted(text for i, (text, _) in nodes.items() if i.startswith("op")) == ["add", "exp", "mul", "mul", "tanh"]


def test_legend_lists_only_what_the_picture_shows():
    legend = draw_graph(e1_graph(), show_order=True).source.split("\tlabel=")[-1]
    for text in ("parameter", "constant", "intermediate", "output", "backward step", "grad"):
        assert text in legend
    w = Tensor(2.0, requires_grad=True, name="w")
    legend = draw_graph(w * 3.0).source.split("\tlabel=")[-1]
    assert "intermediate" not in legend and "backward step" not in legend and "grad" not in legend.replace(
        "requires grad", "").replace("no grad", "")
    assert "\tlabel=" not in draw_graph(w * 3.0, legend=False).source


def test_constant_graph_draws_one_node():
    nodes, edges = parse(draw_graph(Tensor([1.0, 2.0], name="c")).source)
    assert list(nodes.values())[0][0] == "c (2,) float64 data [1, 2]" and edges == []


# ---- parameters and module boxes --------------------------------------------------------------

def _linear_model():
    weight = Tensor(np.array([[0.5, -1.0], [2.0, 0.25]]), requires_grad=True)
    bias = Tensor(np.array([0.1, -0.2]), requires_grad=True)
    head = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    return {"layer.weight": weight, "layer.bias": bias, "head": head}


def _clusters(source):
    """Cluster label -> ids of the nodes declared inside it."""
    clusters, current = {}, None
    for line in source.splitlines():
        if line.strip().startswith("subgraph cluster_"):
            current = []
        elif current is not None and re.search(r"\blabel=<(.*)> ", line) and not NODE.match(line):
            clusters[re.sub(r"<[^>]*>", "", re.search(r"\blabel=<(.*)> ", line).group(1))] = current
        elif current is not None and line.strip() == "}":
            current = None
        elif current is not None and NODE.match(line):
            current.append(NODE.match(line).group(1))
    return clusters


@pytest.mark.parametrize("as_pairs", [False, True])
def test_params_label_tensors_and_group_them_by_module(as_pairs):
    params = _linear_model()
    x = Tensor(np.array([1.0, 2.0]), name="x")
    hidden = (x @ params["layer.weight"].T + params["layer.bias"]).relu()
    out = (hidden * params["head"]).sum()
    source = draw_graph(out, params=list(params.items()) if as_pairs else params).source
    nodes, edges = parse(source)
    for name in params:
        node_named(nodes, name)                      # each parameter is exactly one box
    clusters = _clusters(source)
    assert list(clusters) == ["layer"]  # "head" has no dot: no module of its own
    inside = {nodes[i][0].split()[0] for i in clusters["layer"]}
    # the two parameters, transpose and its result, matmul, add and the layer's output
    assert {"layer.weight", "layer.bias", "transpose", "matmul", "add"} <= inside
    assert len(clusters["layer"]) == 8
    assert "relu" not in inside and "x" not in inside


def test_parameter_names_come_from_tensor_name_too():
    params = _linear_model()
    for name, t in params.items():
        t.name = name
    x = Tensor(np.array([1.0, 2.0]))
    out = (x @ params["layer.weight"] + params["layer.bias"]).sum()
    assert draw_graph(out).source == draw_graph(out, params=params).source
    assert list(_clusters(draw_graph(out).source)) == ["layer"]
    renamed = draw_graph(out, params={"first.w": params["layer.weight"]}).source
    assert "first.w" in renamed and "layer.weight" not in renamed


def test_params_must_be_names_and_tensors():
    out = Tensor(1.0, requires_grad=True) * 2.0
    with pytest.raises(TypeError, match="params"):
        draw_graph(out, params=[("w",)])
    with pytest.raises(TypeError, match="params"):
        draw_graph(out, params={"w": 1.0})
    with pytest.raises(TypeError, match="params"):
        draw_graph(out, params=3)


def test_mlp_loss_has_a_box_per_layer():
    nn = pytest.importorskip("nn")
    if not hasattr(nn, "MLP"):
        pytest.skip("nn.MLP does not exist yet")
    autograd.manual_seed(0)
    model = nn.MLP(2, [3, 3], 1)
    x = autograd.randn(4, 2)
    loss = (model(x) ** 2).mean()
    loss.backward()
    names = [name for name, _ in model.named_parameters()]
    source = draw_graph(loss).source
    clusters = _clusters(source)
    assert sorted(clusters) == sorted({n.rsplit(".", 1)[0] for n in names})
    nodes, _ = parse(source)
    for name in names:
        assert node_named(nodes, name) in clusters[name.rsplit(".", 1)[0]]
    assert source == draw_graph(loss, params=model.named_parameters()).source


# ---- determinism and size ---------------------------------------------------------------------

def test_dot_source_is_identical_across_runs_and_processes():
    here = draw_graph(e1_graph(), show_order=True).source
    assert here == draw_graph(e1_graph(), show_order=True).source
    program = ("import sys; sys.path.insert(0, sys.argv[1]); import test_graph; "
               "sys.stdout.write(test_graph.draw_graph(test_graph.e1_graph(), show_order=True).source)")
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=REPO)
        result = subprocess.run([sys.executable, "-c", program, os.path.dirname(__file__)],
                                env=env, capture_output=True, text=True, check=True)
        assert result.stdout == here


def test_too_many_nodes_is_a_clear_error():
    t = Tensor(0.1, requires_grad=True)
    for _ in range(300):
        t = t.tanh()
    with pytest.raises(ValueError, match=r"601 nodes \(301 values, 300 ops\).*max_nodes=500.*max_nodes=601"):
        draw_graph(t)
    assert len(parse(draw_graph(t, max_nodes=601).source)[0]) == 601


def test_deep_graph_does_not_recurse():
    t = Tensor(0.1, requires_grad=True)
    for _ in range(5000):
        t = t.sin()
    assert len(parse(draw_graph(t, max_nodes=10001).source)[0]) == 10001


@pytest.mark.parametrize("options, error, match", [
    ({"rankdir": "XY"}, ValueError, "rankdir"),
    ({"max_nodes": 0}, ValueError, "max_nodes"),
    ({"max_nodes": 2.5}, ValueError, "max_nodes"),
])
def test_bad_options(options, error, match):
    with pytest.raises(error, match=match):
        draw_graph(Tensor(1.0, requires_grad=True) * 2.0, **options)


def test_bad_tensors_argument():
    with pytest.raises(TypeError, match="tensors"):
        draw_graph(np.ones(2))
    with pytest.raises(TypeError, match=r"tensors\[1\]"):
        draw_graph([Tensor(1.0), 2.0])
    with pytest.raises(ValueError, match="empty"):
        draw_graph([])


# ---- files ------------------------------------------------------------------------------------

def test_unknown_extension_lists_the_formats(tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.pdf, \.dot"):
        save_graph(e1_graph(), tmp_path / "graph.jpg")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError, match="folder"):
        save_graph(e1_graph(), tmp_path / "missing" / "graph.dot")


def test_dot_file_needs_no_graphviz(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    loss = e1_graph()
    umask = os.umask(0o022)
    try:
        path = save_graph(loss, tmp_path / "graph.dot", rankdir="TB")
    finally:
        os.umask(umask)
    assert path == tmp_path / "graph.dot"
    assert path.read_text() == draw_graph(loss, rankdir="TB").source
    assert path.stat().st_mode & 0o777 == 0o644  # the usual permissions, not a private temporary file's


@needs_dot
def test_png_is_a_real_image(tmp_path):
    path = save_graph(e1_graph(), str(tmp_path / "graph.png"))
    assert path == str(tmp_path / "graph.png")
    with open(path, "rb") as file:
        data = file.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # from the IHDR chunk
    assert 200 < width < 3000 and 50 < height < 2000
    assert len(data) > 2000
    assert [p.name for p in tmp_path.iterdir()] == ["graph.png"]  # no temporary file left behind


@needs_dot
def test_svg_and_pdf(tmp_path):
    svg = save_graph(e1_graph(), tmp_path / "graph.SVG").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert ">w</text>" in svg and ">grad\u00a012</text>" in svg.replace("&#160;", "\u00a0")  # w's name and grad
    assert save_graph(e1_graph(), tmp_path / "graph.pdf").read_bytes()[:5] == b"%PDF-"


@needs_dot
def test_jupyter_display_gives_svg():
    bundle = draw_graph(e1_graph())._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"]


def test_missing_dot_program_explains_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot program
    graph = draw_graph(e1_graph())
    assert "digraph" in graph.source  # building the graph still works
    for render in (lambda: save_graph(e1_graph(), tmp_path / "graph.png"), lambda: graph.pipe(format="svg"),
                   graph._repr_mimebundle_, lambda: graph.render(outfile=tmp_path / "render" / "graph.pdf")):
        with pytest.raises(GraphvizNotFoundError) as caught:
            render()
        message = str(caught.value)
        for command in ("apt-get install graphviz", "brew install graphviz",
                        "conda install -c conda-forge graphviz", "graphviz.org"):
            assert command in message
    assert isinstance(caught.value, RuntimeError)
    assert not (tmp_path / "graph.png").exists() and not (tmp_path / "render" / "graph.pdf").exists()


def test_repr_has_no_memory_address():
    x = Tensor(1.0, requires_grad=True)
    assert repr(draw_graph(x * 2 + x)) == "<Digraph: 6 nodes, 6 edges>"


# ---- Scalars draw as Tensors do -------------------------------------------------------------

def _small_expression(number_type):
    x = number_type(2.0, requires_grad=True, name="x")
    w = number_type(-3.0, requires_grad=True, name="w")
    out = (x * w + 1.0).tanh() * x - (w / 2.0).exp() ** 2.0
    out.backward()
    return out


def test_a_scalar_graph_draws_like_the_same_tensor_graph():
    for options in (dict(show_grad=False), dict(show_grad=False, show_order=True)):
        scalar_dot = draw_graph(_small_expression(autograd.Scalar), **options).source
        tensor_dot = draw_graph(_small_expression(Tensor), **options).source
        assert scalar_dot == tensor_dot


def test_a_scalar_graph_shows_every_nodes_gradient():
    out = _small_expression(autograd.Scalar)
    source = draw_graph(out).source
    intermediates = [t for t in _reachable_scalars(out) if t.op and t is not out]
    assert intermediates
    for t in intermediates:
        assert f"grad&nbsp;{format_number(t.grad)}" in source


def _reachable_scalars(out):
    seen, stack = [], [out]
    while stack:
        t = stack.pop()
        if all(t is not s for s in seen):
            seen.append(t)
            stack.extend(t.inputs)
    return seen
