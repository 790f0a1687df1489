"""Watch backward happen: the graph of a loss, one frame per step of the backward pass.

    anim = animate_backward(loss)               # shows in Jupyter: a slider over the frames
    animate_backward(loss, "backward.gif")      # or .png (APNG) or .html (a page with a slider)

In the every-op view (graphs up to ``max_nodes`` nodes, or ``collapse="none"``),
frame k (for k = 1 .. number of ops) highlights the k-th op in the order
``backward()`` visits them, in red: the gradient that arrived at its output
(the sum of every path's contribution), and for each input the chain-rule
product, with numbers for small values (``dL/dw += dL/do · ∂o/∂w = 2 · 3 =
6``). A value's box shows its gradient once it is complete (an op's output
at its step) and ``grad …`` until then. Then one frame per leaf that requires
grad, in the order backward fills them, shows its ``.grad`` as the sum of its
contributions. So a graph of n ops and m such leaves has n + m frames. In a
collapsed view (``draw_graph``'s ``collapse``) a frame steps through one node
at a time (a module call, an "x N" fold: the backward steps of the ops inside
it), listing the gradients it sends out of the node, then one frame per leaf
drawn as a box.

Design: the numbers come from ``autograd.explain.backward_story``, which runs
each op's own backward on a side copy of the gradients (retain_graph
semantics: nothing is freed, no ``.grad`` is written; see its docstring). The
pictures are ``graph.draw`` of the every-op view with ``Marks``: the same DOT
building as ``draw_graph``, with the gradients, colours and caption of one
frame laid over it. Frames render with Graphviz (SVG for notebooks and
HTML, PNG for GIF/APNG, which need Pillow: ``pip install chainrule[notebooks]``).
"""

import hashlib
import html
import io
import json
import numbers
import os

from . import graph
from . import graph_style as style
from .atomic import atomic_write
from .explain import backward_story, flow_text, leaf_line, numbers_text, op_header

FORMATS = (".gif", ".png", ".apng", ".html")
MAX_FRAMES = 200  # more steps than this make a film nobody watches: animate a smaller part
HIGHLIGHT = {"color": style.HIGHLIGHT_COLOUR, "penwidth": "2.5"}
CURRENT_OP = {"fillcolor": "#fecaca", "color": style.HIGHLIGHT_COLOUR, "penwidth": "2"}


def animate_backward(
    loss,
    path=None,
    fps=2,
    rankdir=None,
    size=graph.WIDTH,
    max_frames=MAX_FRAMES,
    collapse="auto",
    max_nodes=graph.MAX_NODES,
):
    """The backward pass of ``loss`` (a one-element Tensor or a Scalar) as an ``Animation``.

    ``path``: also write it there, the format from the extension: .gif, .png (animated PNG),
    .apng, or .html (a self-contained page with a slider). ``fps``: frames per second.
    ``rankdir`` / ``size`` / ``collapse`` / ``max_nodes``: as in ``draw_graph``; in a collapsed
    view a frame steps through one node (a module call, a fold, ...) at a time. More than
    ``max_frames`` frames raise ValueError (animate a smaller part). See the module docstring.
    """
    if isinstance(fps, bool) or not isinstance(fps, numbers.Real) or not 0 < fps <= 50:
        raise ValueError(f"animate_backward: fps must be a number in (0, 50], got {fps!r}")
    if path is not None:
        _check_path(path)
    story = backward_story(loss)
    found = graph.graph_of(loss)
    for t in found.values:  # the story's names (t1, L, ...) on the boxes too
        if t not in found.names.of and t in story.names and not _is_number(t):
            found.names.of[t] = story.names[t]
    view = graph.view_of(found, collapse, max_nodes)
    if view is None:
        marks = [Marks(story, k) for k in range(len(story.steps) + len(story.leaves))]
    else:
        marks = UnitMarks.frames(story, view)
    if len(marks) > max_frames:
        raise ValueError(
            f"animate_backward: this backward has {len(marks)} frames ({len(story.steps)} ops, "
            f"{len(story.leaves)} leaves), more than max_frames={max_frames}; animate a "
            f"smaller part of the graph, or pass max_frames={len(marks)}"
        )
    pictures = [
        graph.draw(
            found,
            rankdir=rankdir,
            size=size,
            collapse=collapse,
            max_nodes=max_nodes,
            show_order=True,
            marks=m,
        )
        for m in marks
    ]
    animation = Animation(pictures, [m.text for m in marks], fps)
    if path is not None:
        animation.save(path)
    return animation


class Marks:
    """What frame ``k`` adds to the every-op drawing (``graph.draw(..., marks=...)``)."""

    def __init__(self, story, k):
        self.story = story
        steps = story.steps
        self.step = steps[k] if k < len(steps) else None
        self.leaf = story.leaves[k - len(steps)] if k >= len(steps) else None
        done = steps[: k + 1] if self.step else steps
        self.complete = {story.root, *(s.output for s in done)}
        if self.leaf is not None:
            self.complete |= {leaf.value for leaf in story.leaves[: k - len(steps) + 1]}
        self.flowing = {f.input for f in self.step.flows} if self.step else set()
        self.text = self._text(k)
        self.caption = _caption(self.text)

    def _text(self, k):
        story, frames = self.story, len(self.story.steps) + len(self.story.leaves)
        loss = story.names[story.root]
        if self.step is None:
            return [f"frame {k + 1}/{frames}: a leaf's gradient is complete", leaf_line(story, self.leaf)]
        step, out = self.step, story.names[self.step.output]
        lines = [
            f"frame {k + 1}/{frames}: step {step.number}, backward of {step.op}: {op_header(story, step)}",
            f"gradient arrived at {out}: d{loss}/d{out} = {numbers_text(step.grad)}",
        ]
        if len(step.parts) > 1:
            lines.append(
                f"  (the sum of {len(step.parts)} paths: "
                + " + ".join(f"step {n}" if n else "seed" for n, _ in step.parts)
                + ")"
            )
        lines += [flow_text(story, step, flow) for flow in step.flows]
        return lines

    def grad(self, t):
        """The gradient to show in ``t``'s box: its complete gradient, else None."""
        return self.story.grads.get(t) if t in self.complete else None

    def waiting(self, t):
        return t in self.story.grads and t not in self.complete

    def value_style(self, t):
        current = self.step is not None and t is self.step.output
        return HIGHLIGHT if current or t in self.flowing or (self.leaf and t is self.leaf.value) else {}

    def op_style(self, out):
        return CURRENT_OP if self.step is not None and out is self.step.output else {}

    def edge_style(self, tail, out):
        if self.step is None or out is not self.step.output:
            return {}
        return (
            {"color": style.HIGHLIGHT_COLOUR, "penwidth": "2"} if tail in self.flowing or tail is out else {}
        )


class UnitMarks:
    """Frame ``k`` of a collapsed view: the backward steps of one node (consecutive steps of
    the ops inside it), then one frame per leaf drawn as a box."""

    LINES = 6  # flows listed in a caption; more are counted

    @classmethod
    def frames(cls, story, view):
        unit_of = {out: index for index, unit in enumerate(view) for out in unit.ops}
        groups = []  # (unit index, its consecutive steps)
        for step in story.steps:
            index = unit_of[step.output]
            if groups and groups[-1][0] == index:
                groups[-1][1].append(step)
            else:
                groups.append((index, [step]))
        drawn = {unit.value for unit in view if unit.kind == "value"}
        leaves = [leaf for leaf in story.leaves if leaf.value in drawn]
        total = len(groups) + len(leaves)
        return [cls(story, view, unit_of, groups, leaves, k, total) for k in range(total)]

    def __init__(self, story, view, unit_of, groups, leaves, k, total):
        self.story, self.view, self.unit_of = story, view, unit_of
        done = groups[: k + 1]
        self.current = groups[k][0] if k < len(groups) else None
        self.leaf = leaves[k - len(groups)] if k >= len(groups) else None
        self.complete = {story.root, *(s.output for _, steps in done for s in steps)}
        if self.leaf is not None:
            self.complete |= {leaf.value for leaf in leaves[: k - len(groups) + 1]}
        self.text = self._text(groups, k, total)
        self.caption = _caption(self.text)

    def _text(self, groups, k, total):
        story = self.story
        if self.current is None:
            return [f"frame {k + 1}/{total}: a leaf's gradient is complete", leaf_line(story, self.leaf)]
        steps = groups[k][1]
        first, loss = steps[0], story.names[story.root]
        unit = self.view[self.current]
        what = unit.module or (f"x {unit.repeats}" if unit.repeats else first.op)
        span = f"step {first.number}" if len(steps) == 1 else f"steps {first.number}-{steps[-1].number}"
        out = story.names[first.output]
        lines = [
            f"frame {k + 1}/{total}: backward through {what} ({span})",
            f"gradient arrived at {out}: d{loss}/d{out} = {numbers_text(first.grad)}",
        ]
        leaving = [
            (step, flow)
            for step in steps
            for flow in step.flows
            if self.unit_of.get(flow.input) != self.current
        ]
        lines += [flow_text(story, step, flow) for step, flow in leaving[: self.LINES]]
        if len(leaving) > self.LINES:
            lines.append(f"... and {len(leaving) - self.LINES} more")
        return lines

    def grad(self, t):
        return self.story.grads.get(t) if t in self.complete else None

    def waiting(self, t):
        return t in self.story.grads and t not in self.complete

    def value_style(self, t):
        return HIGHLIGHT if self.leaf is not None and t is self.leaf.value else {}

    def unit_style(self, index):
        return CURRENT_OP if index == self.current else {}

    def unit_edge_style(self, source, index):
        if self.current is None or self.current not in (source, index):
            return {}
        return {"color": style.HIGHLIGHT_COLOUR, "penwidth": "2"}


def _caption(lines):
    rows = "".join(f'<TR><TD ALIGN="LEFT">{html.escape(line)}</TD></TR>' for line in lines)
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{rows}</TABLE>>'


def _is_number(t):
    return not t.requires_grad and style.element_count(t) == 1 and t.ndim == 0 and not t.name


def _check_path(path):
    extension = os.path.splitext(os.fspath(path))[1].lower()
    if extension not in FORMATS:
        raise ValueError(
            f"animate_backward: cannot tell the format of {os.fspath(path)!r}; use one of the "
            f"extensions {', '.join(FORMATS)}"
        )
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"animate_backward: the folder {folder!r} does not exist")
    return extension


class Animation:
    """The frames of ``animate_backward``: ``len(anim)`` frames, each a ``graphviz.Digraph``
    (``anim.graphs``) with its text (``anim.texts``). Shows in Jupyter as a slider."""

    def __init__(self, graphs, texts, fps):
        self.graphs, self.texts, self.fps = graphs, texts, fps
        self._svgs = None

    def __len__(self):
        return len(self.graphs)

    def __repr__(self):
        return f"<Animation: {len(self)} frames at {self.fps} fps>"

    def svgs(self):
        """The frames as SVG text (rendered once)."""
        if self._svgs is None:
            self._svgs = [g.pipe(format="svg").decode("utf-8") for g in self.graphs]
        return self._svgs

    def pngs(self):
        """The frames as PNG bytes."""
        return [g.pipe(format="png") for g in self.graphs]

    def _repr_html_(self):
        return self.to_html(standalone=False)

    def to_html(self, standalone=True):
        """A slider over the SVG frames, with a play button (JavaScript); without JavaScript
        (e.g. on GitHub) the first frame shows."""
        frames = self.svgs()
        data = json.dumps(frames).replace("</", "<\\/")
        uid = (
            "backward-" + hashlib.sha1(data.encode("utf-8")).hexdigest()[:12]
        )  # the same frames, the same page
        body = (
            f'<div id="{uid}"><div><button type="button">&#9654; play</button> '
            f'<input type="range" min="0" max="{len(frames) - 1}" value="0" style="width:60%"> '
            f'<span>1 / {len(frames)}</span></div><div class="frame">{frames[0]}</div></div>\n'
            f"<script>(function(){{var frames={data};var root=document.getElementById('{uid}');"
            "var slider=root.querySelector('input'),label=root.querySelector('span'),"
            "view=root.querySelector('.frame'),button=root.querySelector('button'),timer=null;"
            "function show(i){slider.value=i;view.innerHTML=frames[i];"
            "label.textContent=(+i+1)+' / '+frames.length;}"
            "slider.oninput=function(){show(slider.value);};"
            "button.onclick=function(){if(timer){clearInterval(timer);timer=null;return;}"
            f"timer=setInterval(function(){{show((+slider.value+1)%frames.length);}},{1000 / self.fps:.0f});}};"
            "})();</script>"
        )
        if not standalone:
            return body
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>backward, step by step</title>'
            f"</head><body>\n{body}\n</body></html>\n"
        )

    def save(self, path):
        """Write the animation to ``path`` (.gif, .png / .apng: animated PNG, .html); return ``path``."""
        extension = _check_path(path)
        if extension == ".html":
            content = self.to_html().encode("utf-8")
        else:
            content = self._animated_image("GIF" if extension == ".gif" else "PNG")
        with atomic_write(path) as file:
            file.write(content)
        return path

    def _animated_image(self, kind):
        try:
            from PIL import Image
        except ImportError:
            raise ImportError(
                "animate_backward: writing a GIF or an animated PNG needs Pillow: "
                "pip install chainrule[notebooks] (or pip install pillow). The .html "
                "format and the notebook display need nothing extra"
            ) from None
        images = [Image.open(io.BytesIO(png)).convert("RGB") for png in self.pngs()]
        width, height = max(i.width for i in images), max(i.height for i in images)
        frames = []
        for image in images:  # frames differ in size (labels change): same canvas for all
            canvas = Image.new("RGB", (width, height), "white")
            canvas.paste(image, ((width - image.width) // 2, 0))
            frames.append(canvas)
        buffer = io.BytesIO()
        frames[0].save(
            buffer,
            format=kind,
            save_all=True,
            append_images=frames[1:],
            duration=round(1000 / self.fps),
            loop=0,
        )
        return buffer.getvalue()
