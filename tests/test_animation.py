"""explain_backward / animate_backward: the numbers are backward's, the frames one per step."""

import io
import itertools
import shutil

import numpy as np
import pytest

import autograd
from autograd import Scalar, Tensor, animate_backward, explain_backward, tensor
from autograd.explain import backward_story, numbers_text
from autograd.graph_style import format_number

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot program is not installed")


def neuron(kind):
    """E1's neuron: o = tanh(x1 w1 + x2 w2 + b)."""
    x1, x2 = kind(2.0, name="x1"), kind(0.0, name="x2")
    w1, w2 = kind(-3.0, requires_grad=True, name="w1"), kind(1.0, requires_grad=True, name="w2")
    b = kind(6.8813735870195432, requires_grad=True, name="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    return o, {"w1": w1, "w2": w2, "b": b}


def two_paths(kind):
    """w reaches the loss along two paths: L = w * w + tanh(3 w) * a."""
    w = kind(0.3, requires_grad=True, name="w")
    a = kind(-1.5, requires_grad=True, name="a")
    return w * w + (w * 3.0).tanh() * a, {"w": w, "a": a}


def backward_grads(make, kind):
    loss, leaves = make(kind)
    loss.backward()
    return {name: np.asarray(t.grad) for name, t in leaves.items()}


@pytest.mark.parametrize("kind", [tensor, Scalar])
@pytest.mark.parametrize("make", [neuron, two_paths])
def test_story_gradients_are_backwards(make, kind):
    expected = backward_grads(make, kind)
    loss, leaves = make(kind)
    story = backward_story(loss)
    for name, t in leaves.items():
        assert np.asarray(story.grads[t]) == expected[name]  # the same code: the same bits
        assert t.grad is None  # nothing written
    line = next(
        text
        for text in explain_backward(loss, file=io.StringIO()).splitlines()
        if text.startswith("w1.grad" if make is neuron else "w.grad")
    )
    name = "w1" if make is neuron else "w"
    assert (
        line.endswith(f"= {format_number(expected[name].item())}")
        or f"= {format_number(expected[name].item())} (from step" in line
    )


def test_explain_shows_the_chain_rule_with_numbers(capsys):
    x, y = tensor(2.0, name="x"), tensor(2.0, name="y")
    w, b = tensor(2.0, requires_grad=True, name="w"), tensor(1.0, requires_grad=True, name="b")
    o = w * x + b
    o.name = "o"
    text = explain_backward((o - y) ** 2)
    assert capsys.readouterr().out == text + "\n"
    lines = text.splitlines()
    # by hand: o = 5, L = 9, dL/do = 2 (o - y) = 6, dL/dw = 6 x = 12, dL/db = 6
    assert lines[1] == "1. pow  L = pow(t1, 2): dL/dL = 1 | dL/dt1 += dL/dL · ∂L/∂t1 = 1 · 6 = 6"
    assert "dL/do += dL/dt1 · ∂t1/∂o = 6 · 1 = 6" in lines[2]
    assert lines[4] == "4. mul  t2 = mul(w, x): dL/dt2 = 6 | dL/dw += dL/dt2 · ∂t2/∂w = 6 · 2 = 12"
    assert lines[-2:] == ["b.grad = dL/db = 6 (from step 3)", "w.grad = dL/dw = 12 (from step 4)"]


def test_two_paths_show_both_contributions():
    loss, leaves = two_paths(Scalar)
    story = backward_story(loss)
    leaf = next(item for item in story.leaves if item.value is leaves["w"])
    assert len(leaf.parts) == 3  # w * w gives two, tanh(3 w) * a one
    assert sum(g for _, g in leaf.parts) == story.grads[leaves["w"]]
    line = explain_backward(loss, file=io.StringIO()).splitlines()[-2:]
    assert any(text.startswith("w.grad = dL/dw = ") and text.count("(step") == 3 for text in line)


def test_broadcast_add_is_explained_as_a_sum():
    a = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True, name="a")
    b = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True, name="b")
    loss = ((a + b) ** 2).sum()
    story = backward_story(loss)
    text = explain_backward(loss, file=io.StringIO())
    add = next(step for step in story.steps if step.op == "add")
    flow_b = next(flow for flow in add.flows if flow.input is b)
    assert flow_b.summed_axes == (0,) and flow_b.diagonal
    np.testing.assert_array_equal(flow_b.local, np.ones((2, 3)))
    loss.backward()
    np.testing.assert_array_equal(story.grads[b], np.asarray(b.grad))
    assert "summed over axis 0 (b was broadcast) = [10, 18, 26]" in text


def test_jacobian_of_a_mixing_op_is_not_diagonal():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="x")
    m = Tensor(np.array([[1.0, 2.0], [3.0, 4.0]]), name="m")
    loss = (m @ x).sum()
    step = next(s for s in backward_story(loss).steps if s.op == "matmul")
    flow = step.flows[0]
    assert not flow.diagonal
    np.testing.assert_array_equal(flow.local, np.asarray(m._data))  # d(m x)/dx = m


def test_the_users_graph_and_grads_are_left_alone():
    loss, leaves = neuron(tensor)
    explain_backward(loss, file=io.StringIO())
    assert all(t.grad is None for t in leaves.values())
    loss.backward()  # the graph was not freed
    freed = loss
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        explain_backward(freed, file=io.StringIO())


def test_bad_roots():
    with pytest.raises(TypeError, match="Tensor or a Scalar"):
        explain_backward(3.0)
    with pytest.raises(RuntimeError, match="requires_grad"):
        explain_backward(tensor(1.0))
    with pytest.raises(ValueError, match="one element"):
        explain_backward(Tensor(np.ones(3), requires_grad=True) * 2.0)


# ---- animate_backward ---------------------------------------------------------------------------


@needs_dot
@pytest.mark.parametrize("kind", [tensor, Scalar])
def test_gif_has_a_frame_per_op_and_per_leaf(kind, tmp_path):
    Image = pytest.importorskip("PIL.Image")
    loss, leaves = neuron(kind)
    story = backward_story(loss)
    path = tmp_path / "backward.gif"
    animate_backward(loss, path, fps=4)
    with Image.open(path) as gif:
        assert gif.n_frames == len(story.steps) + len(leaves) == 5 + 3
        frames = []
        for k in range(gif.n_frames):
            gif.seek(k)
            frames.append(np.asarray(gif.convert("RGB")))
            assert gif.info["duration"] == 250
    assert all(not np.array_equal(a, b) for a, b in itertools.pairwise(frames))


@needs_dot
def test_frames_fill_in_gradients_as_they_complete():
    loss, leaves = neuron(tensor)
    animation = animate_backward(loss)
    assert len(animation) == 8
    first, last = animation.graphs[0].source, animation.graphs[-1].source
    assert first.count("grad&nbsp;") == 1 and first.count("grad &#8230;") == 7  # only L is complete
    loss.backward()
    for t in leaves.values():
        assert f"grad&nbsp;{format_number(np.asarray(t.grad).item())}" in last
    assert animation.texts[1][1] == "gradient arrived at t1: dL/dt1 = 0.5"  # 1 - tanh(n)^2 = 1/2
    assert animation.texts[0][0] == "frame 1/8: step 1, backward of tanh: L = tanh(t1)"


@needs_dot
def test_html_page_and_notebook_display(tmp_path):
    loss, _ = two_paths(Scalar)
    animation = animate_backward(loss, tmp_path / "backward.html")
    page = (tmp_path / "backward.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1 + len(
        animation
    )  # the first frame inline, all in the script
    assert 'type="range"' in page and f'max="{len(animation) - 1}"' in page
    assert animation._repr_html_() == animate_backward(loss)._repr_html_()  # deterministic


@needs_dot
def test_apng(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    loss, _ = neuron(Scalar)
    animate_backward(loss, tmp_path / "backward.png")
    with Image.open(tmp_path / "backward.png") as image:
        assert image.format == "PNG" and image.n_frames == 8


def test_missing_pillow_is_explained(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_pil(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("no PIL")
        return real_import(name, *args, **kwargs)

    animation = autograd.animation.Animation([], [], 2)
    monkeypatch.setattr(builtins, "__import__", no_pil)
    with pytest.raises(ImportError, match=r"pip install chainrule\[notebooks\]"):
        animation.save(tmp_path / "a.gif")
    assert not (tmp_path / "a.gif").exists()


def test_bad_arguments(tmp_path):
    loss, _ = neuron(Scalar)
    with pytest.raises(ValueError, match="fps"):
        animate_backward(loss, fps=0)
    with pytest.raises(ValueError, match=r"\.gif, \.png, \.apng, \.html"):
        animate_backward(loss, tmp_path / "a.mp4")
    with pytest.raises(FileNotFoundError, match="folder"):
        animate_backward(loss, tmp_path / "missing" / "a.gif")
    t = Scalar(0.1, requires_grad=True)
    for _ in range(300):
        t = t.tanh()
    with pytest.raises(ValueError, match="max_frames=301"):
        animate_backward(t, collapse="none")  # collapsed, it is two frames


def test_in_place_ops_are_told_as_backward_runs_them():
    """z used y before ``y += 1``: its gradient goes to the old y, as the engine sends it."""
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="x")
    y = x * 2.0
    z = y * 3.0
    y += 1.0
    loss = (y * y).sum() + z.sum()
    story = backward_story(loss)
    loss.backward()
    np.testing.assert_array_equal(story.grads[x], np.asarray(x.grad))  # 2 (2 (2x + 1) + 3) = [18, 26]


@needs_dot
def test_a_collapsed_view_steps_through_its_nodes():
    nn = pytest.importorskip("nn")
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    w = Tensor(np.array([[0.5]]), requires_grad=True, name="w")  # a leaf drawn as a box
    loss = ((model(autograd.randn(4, 2)) * w) ** 2).mean()
    animation = animate_backward(loss, collapse="modules")
    # mean, pow, mul, Linear 2, tanh, Linear 0: one frame each, then w's
    assert len(animation) == 6 + 1
    assert [text[0].split(": ", 1)[1] for text in animation.texts[:6]] == [
        "backward through mean (step 1)",
        "backward through pow (step 2)",
        "backward through mul (step 3)",
        "backward through 2 (step 4)",
        "backward through tanh (step 5)",
        "backward through 0 (step 6)",
    ]
    story = backward_story(loss)
    assert any("dL/d0.bias += " in line for line in animation.texts[5])
    assert animation.texts[-1][1] == f"w.grad = dL/dw = {numbers_text(story.grads[w])} (from step 3)"
    assert "penwidth=2" in animation.graphs[3].source  # the Linear's node is highlighted


@needs_dot
def test_a_folded_chain_is_one_frame():
    t = tensor(0.3, requires_grad=True, name="x")
    for _ in range(500):
        t = t.sin()
    animation = animate_backward(t)  # 1001 nodes: collapsed, three boxes
    assert len(animation) == 2  # the fold, then x
    assert animation.texts[0][0] == "frame 1/2: backward through x 500 (steps 1-500)"
