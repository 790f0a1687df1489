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
from autograd import Tensor, tensor
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
    x, y = tensor(2.0, name="x"), tensor(2.0, name="y")
    w, b = tensor(2.0, requires_grad=True, name="w"), tensor(1.0, requires_grad=True, name="b")
    o = w * x + b
    o.name = "o"
    o.retain_grad()
    loss = (o - y) ** 2
    loss.name = "L"
    loss.backward()
    e1_graph.o = o  # o's name and retained grad are the Tensor's: drawn while it lives
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
    assert draw_graph(e1_graph(), collapse="none").source == draw_graph(e1_graph()).source  # small: every op
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
    expected = [
        (w, op["mul"]),
        (x, op["mul"]),
        (op["mul"], wx),
        (wx, op["add"]),
        (b, op["add"]),
        (op["add"], o),
        (o, op["sub"]),
        (y, op["sub"]),
        (op["sub"], diff),
        (diff, op["pow"]),
        (two, op["pow"]),
        (op["pow"], loss),
    ]
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
    w = tensor(2.0, requires_grad=True, name="w")
    nodes, _ = parse(draw_graph(w * 3.0).source)
    assert nodes[node_named(nodes, "w")][0] == "w data 2"


def test_arrays_show_shape_dtype_and_small_data_only():
    small = Tensor(np.array([[1.0, 0.123456], [3.0, 4.0]], dtype=np.float32), requires_grad=True, name="s")
    big = Tensor(np.arange(7.0), requires_grad=True, name="big")
    out = small.sum() + big.sum()
    out.backward()
    nodes, _ = parse(draw_graph(out).source)
    assert (
        nodes[node_named(nodes, "s")][0]
        == "s (2, 2) float32 data [[1, 0.1235], [3, 4]] grad [[1, 1], [1, 1]]"
    )
    assert nodes[node_named(nodes, "big")][0] == "big (7,) float64"
    nodes, _ = parse(draw_graph(out, show_data=False).source)
    assert nodes[node_named(nodes, "s")][0] == "s (2, 2) float32 grad [[1, 1], [1, 1]]"
    nodes, _ = parse(draw_graph(out, show_grad=False).source)
    assert nodes[node_named(nodes, "s")][0] == "s (2, 2) float32 data [[1, 0.1235], [3, 4]]"


def test_a_number_in_arithmetic_is_drawn_as_a_constant():
    a = tensor(1.5, requires_grad=True, name="a")
    out = 2.5 * a - 1.0
    source = draw_graph(out).source
    nodes, edges = parse(source)
    assert len(nodes) == 7  # a, 2.5, mul, its output, 1.0, sub, out
    assert sorted(text for text, _ in nodes.values() if text in ("data 2.5", "data 1")) == [
        "data 1",
        "data 2.5",
    ]
    for text in ("data 2.5", "data 1"):
        constant = next(i for i, (label, _) in nodes.items() if label == text)
        assert [tail for tail, _ in edges].count(constant) == 1
    assert draw_graph(out).source == source  # the same constants every time


def test_non_tensor_inputs_are_skipped():
    class Scale(autograd.Function):
        @staticmethod
        def forward(ctx, a, factor):
            ctx.factor = factor
            return a * factor

        @staticmethod
        def backward(ctx, grad):
            return grad * ctx.factor, None

    a = tensor(1.5, requires_grad=True, name="a")
    out = Scale.apply(a, 3.0)
    nodes, edges = parse(draw_graph(out).source)
    assert len(nodes) == 3  # a, the scale op, out
    assert edges == [(node_named(nodes, "a"), "op0"), ("op0", node_named(nodes, "data"))]
    assert nodes["op0"][0] == "scale"


def test_several_outputs_share_their_inputs():
    a = tensor(2.0, requires_grad=True, name="a")
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
    a = tensor(0.5, requires_grad=True, name="a")
    b = tensor(-1.5, requires_grad=True, name="b")
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
    assert sorted(text for i, (text, _) in nodes.items() if i.startswith("op")) == [
        "add",
        "exp",
        "mul",
        "mul",
        "tanh",
    ]


def test_legend_lists_only_what_the_picture_shows():
    legend = draw_graph(e1_graph(), show_order=True).source.split("\tlabel=")[-1]
    for text in ("parameter", "constant", "intermediate", "output", "backward step", "grad"):
        assert text in legend
    w = tensor(2.0, requires_grad=True, name="w")
    legend = draw_graph(w * 3.0).source.split("\tlabel=")[-1]
    assert (
        "intermediate" not in legend
        and "backward step" not in legend
        and "grad" not in legend.replace("requires grad", "").replace("no grad", "")
    )
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
        node_named(nodes, name)  # each parameter is exactly one box
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
    out = tensor(1.0, requires_grad=True) * 2.0
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
    program = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_graph; "
        "sys.stdout.write(test_graph.draw_graph(test_graph.e1_graph(), show_order=True).source)"
    )
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=REPO)
        result = subprocess.run(
            [sys.executable, "-c", program, os.path.dirname(__file__)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == here


def test_a_big_graph_is_collapsed_not_refused():
    t = tensor(0.1, requires_grad=True, name="x")
    for _ in range(300):
        t = t.tanh()
    nodes, edges = parse(draw_graph(t).source)  # 601 nodes > max_nodes: collapsed
    assert len(nodes) == 3 and len(edges) == 2  # x -> [tanh x 300] -> output
    assert [text for text, _ in nodes.values()] == [
        "x data 0.1",
        "× 300 tanh → scalar",
        f"data {format_number(t.item())}",
    ]
    assert len(parse(draw_graph(t, collapse="none").source)[0]) == 601
    assert len(parse(draw_graph(t, max_nodes=601).source)[0]) == 601


def test_deep_graph_does_not_recurse():
    t = tensor(0.1, requires_grad=True)
    for _ in range(5000):
        t = t.sin()
    assert len(parse(draw_graph(t, max_nodes=10001).source)[0]) == 10001


@pytest.mark.parametrize(
    "options, error, match",
    [
        ({"rankdir": "XY"}, ValueError, "rankdir"),
        ({"collapse": "all"}, ValueError, "collapse"),
        ({"size": 10}, ValueError, "size"),
        ({"size": (900, 40000)}, ValueError, "size"),
        ({"max_nodes": 0}, ValueError, "max_nodes"),
        ({"max_nodes": 2.5}, ValueError, "max_nodes"),
    ],
)
def test_bad_options(options, error, match):
    with pytest.raises(error, match=match):
        draw_graph(tensor(1.0, requires_grad=True) * 2.0, **options)


def test_bad_tensors_argument():
    with pytest.raises(TypeError, match="tensors"):
        draw_graph(np.ones(2))
    with pytest.raises(TypeError, match=r"tensors\[1\]"):
        draw_graph([tensor(1.0), 2.0])
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
    assert ">w</text>" in svg and ">grad\u00a012</text>" in svg.replace(
        "&#160;", "\u00a0"
    )  # w's name and grad
    assert save_graph(e1_graph(), tmp_path / "graph.pdf").read_bytes()[:5] == b"%PDF-"


@needs_dot
def test_jupyter_display_gives_svg():
    bundle = draw_graph(e1_graph())._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"]


def test_missing_dot_program_explains_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot program
    graph = draw_graph(e1_graph())
    assert "digraph" in graph.source  # building the graph still works
    for render in (
        lambda: save_graph(e1_graph(), tmp_path / "graph.png"),
        lambda: graph.pipe(format="svg"),
        graph._repr_mimebundle_,
        lambda: graph.render(outfile=tmp_path / "render" / "graph.pdf"),
    ):
        with pytest.raises(GraphvizNotFoundError) as caught:
            render()
        message = str(caught.value)
        for command in (
            "apt-get install graphviz",
            "brew install graphviz",
            "conda install -c conda-forge graphviz",
            "graphviz.org",
        ):
            assert command in message
    assert isinstance(caught.value, RuntimeError)
    assert not (tmp_path / "graph.png").exists() and not (tmp_path / "render" / "graph.pdf").exists()


def test_repr_has_no_memory_address():
    x = tensor(1.0, requires_grad=True)
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
        tensor_dot = draw_graph(_small_expression(tensor), **options).source
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


# ---- collapsed views: one node per module call, repeats folded ----------------------------------


def _deep_tanh_net(depth=28, width=14, seed=0):
    """Notebook 07's narrow net: Linear(14, 14) -> tanh, ``depth`` times, then Linear(14, 4)."""
    nn = pytest.importorskip("nn")
    autograd.manual_seed(seed)
    layers = [m for i in range(depth) for m in (nn.Linear(width, width), nn.Tanh())]
    return nn.Sequential(*layers, nn.Linear(width, 4))


def _loss_of(model, rows=8, features=14):
    nn = pytest.importorskip("nn")
    x = autograd.randn(rows, features)
    labels = np.arange(rows) % 4
    return nn.functional.cross_entropy(model(x), labels)


def test_modules_view_draws_one_node_per_module_call():
    nn = pytest.importorskip("nn")
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    out = (model(autograd.randn(4, 2)) ** 2).mean()
    nodes, edges = parse(draw_graph(out, collapse="modules", params=model).source)
    texts = [text for text, _ in nodes.values()]
    # the input, Linear 0, tanh, Linear 2, pow, its exponent 2, mean, the output
    assert len(nodes) == 8
    assert "0 Linear weight (3, 2) bias (3,) → (4, 3)" in texts
    assert "2 Linear weight (1, 3) bias (1,) → (4, 1)" in texts
    assert "tanh → (4, 3)" in texts
    linear0 = next(i for i, (text, _) in nodes.items() if text.startswith("0 Linear"))
    tanh = next(i for i, (text, _) in nodes.items() if text.startswith("tanh"))
    assert (linear0, tanh) in edges
    # without the model the boxes name the op instead of the class
    assert "0 linear weight (3, 2) bias (3,) → (4, 3)" in [
        t for t, _ in parse(draw_graph(out, collapse="modules").source)[0].values()
    ]


def test_a_module_called_twice_is_two_nodes():
    nn = pytest.importorskip("nn")
    autograd.manual_seed(0)
    layer = nn.Sequential(nn.Linear(2, 2))
    x = autograd.randn(3, 2)
    out = (layer(x) + layer(x.tanh())).sum()
    nodes, _ = parse(draw_graph(out, collapse="modules").source)
    assert sum(text.startswith("0 linear") for text, _ in nodes.values()) == 2


def test_identical_blocks_fold_into_one_node():
    model = _deep_tanh_net()
    loss = _loss_of(model)
    nodes, edges = parse(draw_graph(loss, params=model).source)  # 28 x 4 ops + ...: auto collapses
    texts = [text for text, _ in nodes.values()]
    assert len(nodes) == 6 and len(edges) == 5  # input, fold, last Linear, target, loss op, output
    assert "× 28 0 Linear weight (14, 14) bias (14,) tanh 0 … 54 → (8, 14)" in texts
    assert "56 Linear weight (4, 14) bias (4,) → (8, 4)" in texts
    assert "(8,) int64" in texts  # the loss's target, drawn as a constant input
    assert "cross_entropy → scalar" in texts
    legend = draw_graph(loss).source.split("\tlabel=")[-1]
    assert "module call" in legend and "repeated N times" in legend


def test_fold_keeps_a_different_first_or_last_block_apart():
    t = tensor(0.5, requires_grad=True, name="x")
    t = t.exp()
    for _ in range(5):
        t = t * 0.5
    t = t.sin()
    nodes, _ = parse(draw_graph(t, collapse="modules").source)
    assert [text for text, _ in nodes.values()][:4] == [
        "x data 0.5",
        "exp → scalar",
        "× 5 mul → scalar",
        "sin → scalar",
    ]
    # two repeats are not enough to fold
    t = tensor(0.5, requires_grad=True).exp().exp()
    assert not any("×" in text for text, _ in parse(draw_graph(t, collapse="modules").source)[0].values())


def test_a_sum_of_products_folds_with_its_side_branches():
    x = tensor(0.5, requires_grad=True, name="x")
    t = x
    for i in range(1000):
        t = t + x * tensor(float(i), requires_grad=True)
    nodes, edges = parse(draw_graph(t).source)
    fold = [text for text, _ in nodes.values() if text.startswith("×")]
    assert fold == ["× 999 add with mul, add → scalar"]
    assert len(nodes) == 6  # x, the first product and sum (they differ), the fold, the output


def test_a_wide_graph_groups_alike_units_side_by_side():
    """micrograd's MLP written neuron by neuron (2 -> 8 -> 8 -> 1), on 6 examples: about 900 ops."""
    rng = np.random.default_rng(0)
    Scalar = autograd.Scalar

    def neurons(fan_in, count):
        return [
            (
                [Scalar(w, requires_grad=True) for w in rng.uniform(-1, 1, fan_in)],
                Scalar(0.0, requires_grad=True),
            )
            for _ in range(count)
        ]

    layers = [neurons(2, 8), neurons(8, 8), neurons(8, 1)]
    loss = Scalar(0.0)
    for x in rng.uniform(-1, 1, (6, 2)):
        h = [Scalar(v) for v in x]
        for layer in layers:
            h = [sum((w * v for w, v in zip(weights, h)), bias).tanh() for weights, bias in layer]
        loss = loss + (h[0] - 1.0) ** 2
    nodes, _ = parse(draw_graph(loss).source)
    texts = [text for text, _ in nodes.values()]
    assert "× 48 side by side tanh → scalar" in texts  # the first layer's 8 neurons, 6 examples
    assert len(nodes) <= 150


def test_collapsed_views_are_identical_across_processes():
    here = draw_graph(_loss_of(_deep_tanh_net(depth=5)), collapse="modules").source
    program = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_graph; "
        'sys.stdout.write(test_graph.draw_graph(test_graph._loss_of(test_graph._deep_tanh_net(depth=5)), collapse="modules").source)'
    )
    assert "&#215; 5" in here
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=REPO)
        result = subprocess.run(
            [sys.executable, "-c", program, os.path.dirname(__file__)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout == here


def test_rankdir_follows_the_shape_unless_given():
    t = tensor(0.5, requires_grad=True)
    for _ in range(3):
        t = t.sin()
    assert "rankdir=LR" in draw_graph(t).source
    for _ in range(10):
        t = t.sin()
    assert "rankdir=TB" in draw_graph(t, collapse="none").source  # 27 nodes in a row
    assert "rankdir=LR" in draw_graph(t, collapse="none", rankdir="LR").source


def test_legend_order_does_not_depend_on_the_graph():
    a = tensor(1.0, name="c") * tensor(2.0, requires_grad=True, name="w")  # constant first
    b = tensor(2.0, requires_grad=True, name="w") * tensor(1.0, name="c")  # parameter first
    legends = [draw_graph(t).source.split("\tlabel=")[-1] for t in (a, b)]
    assert legends[0] == legends[1]
    assert legends[0].index("parameter") < legends[0].index("constant") < legends[0].index("output")


def test_size_sets_the_width_cap():
    source = draw_graph(e1_graph()).source
    assert 'size="12.5,416.7"' in source and "dpi=72" in source  # 900 x 30000 pixels at 72 dpi
    assert 'size="5,5"' in draw_graph(e1_graph(), size=(360, 360)).source


def _png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@needs_dot
@pytest.mark.parametrize("collapse, ops", [("auto", 10000), ("none", 160)])
def test_long_chains_render_within_the_cap_without_rescaling(collapse, ops, capfd):
    t = tensor(0.1, requires_grad=True)
    for _ in range(ops):
        t = t.tanh()
    png = draw_graph(t, collapse=collapse).pipe(format="png")
    width, height = _png_size(png)
    assert width <= 900 and height <= 30000
    assert "too large" not in capfd.readouterr().err


@needs_dot
def test_readme_snippet_makes_the_committed_image(tmp_path):
    """The graph guide's snippet (docs/guides/graphs.md) and docs/make_graph_image.py draw the same graph."""
    sys.path.insert(0, os.path.join(REPO, "docs"))
    try:
        import make_graph_image
    finally:
        sys.path.pop(0)
    with open(os.path.join(REPO, "docs", "guides", "graphs.md"), encoding="utf-8") as file:
        section = file.read()
    snippet = section[
        section.index("```python") + len("```python") : section.index("```\n", section.index("```python"))
    ]
    assert "save_graph(o, " in snippet
    code = snippet.replace('"neuron.png"', repr(str(tmp_path / "snippet.dot")))
    exec(compile(code, "graphs.md snippet", "exec"), {})
    assert (tmp_path / "snippet.dot").read_text() == make_graph_image.graph_source()


def test_an_op_before_an_in_place_change_reads_the_old_value():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="x")
    y = x * 2.0
    z = y * 3.0
    y += 1.0
    nodes, edges = parse(draw_graph([y, z]).source)
    old = next(i for i, (text, _) in nodes.items() if text == "(2,) float64 data [2, 4]")
    users = sorted(nodes[head][0] for tail, head in edges if tail == old)
    assert users == ["add", "mul"]  # y += 1 and z = y * 3 both used the value before the change


def test_a_dropped_intermediate_is_drawn_from_its_node():
    """A result whose Tensor is gone is drawn as its node remembers it: a small one with its
    numbers (the node keeps arrays of up to 6 numbers), a bigger one by shape and dtype; a
    live one as the Tensor is, name and retained gradient included."""
    w = Tensor(np.arange(12.0).reshape(4, 3), requires_grad=True, name="w")

    def loss_of(w):
        big = w * 2.0  # (4, 3): dropped, and nobody saved it
        small = big.sum(axis=0)  # (3,): dropped too
        kept = small.tanh()
        kept.name = "kept"
        kept.retain_grad()
        return kept.sum(), kept

    loss, kept = loss_of(w)
    loss.backward()
    nodes, _ = parse(draw_graph(loss).source)
    texts = sorted(text for text, _ in nodes.values())
    assert "(4, 3) float64" in texts  # the dropped big value: no numbers left to show
    assert "(3,) float64 data [36, 44, 52]" in texts  # the dropped small one (2 x column sums)
    assert nodes[node_named(nodes, "kept")][0].startswith("kept (3,) float64 data [1, 1, 1] grad")
    assert [t.shape for t in topological_order(loss)] == [(), (3,), (3,), (4, 3), (4, 3)]
