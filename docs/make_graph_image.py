"""Regenerate docs/graph.png from the code of the README's snippet ("Drawing the computation
graph"): one tanh neuron after backward. tests/test_graph.py checks that the snippet draws
the same DOT text as ``graph_source()``.

    python docs/make_graph_image.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograd import draw_graph, save_graph, tensor

OPTIONS = {"show_order": True}  # the snippet's save_graph options


def neuron():
    """The snippet's lines: o = tanh(x1 w1 + x2 w2 + b), after backward."""
    x1, x2 = tensor(2.0, name="x1"), tensor(0.0, name="x2")
    w1 = tensor(-3.0, requires_grad=True, name="w1")
    w2 = tensor(1.0, requires_grad=True, name="w2")
    b = tensor(6.8814, requires_grad=True, name="b")
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    return o


def graph_source():
    return draw_graph(neuron(), **OPTIONS).source


if __name__ == "__main__":
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graph.png")
    print(save_graph(neuron(), path, **OPTIONS))
