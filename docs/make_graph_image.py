"""Regenerate docs/graph.png: the graph of one tanh neuron after backward.

    python docs/make_graph_image.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograd import Tensor  # noqa: E402
from autograd.graph import save_graph  # noqa: E402


def neuron():
    """o = tanh(x1 w1 + x2 w2 + b), inputs constant, weights and bias trainable."""
    x1, x2 = Tensor(2.0, name="x1"), Tensor(0.0, name="x2")
    w1 = Tensor(-3.0, requires_grad=True, name="w1")
    w2 = Tensor(1.0, requires_grad=True, name="w2")
    b = Tensor(6.8813735870195432, requires_grad=True, name="b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    s = x1w1 + x2w2
    n = s + b
    o = n.tanh()
    for t, name in ((x1w1, "x1*w1"), (x2w2, "x2*w2"), (s, "x1*w1 + x2*w2"), (n, "n"), (o, "o")):
        t.name = name
        t.retain_grad()  # non-leaf gradients are kept only on request
    o.backward()
    return o


if __name__ == "__main__":
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graph.png")
    print(save_graph(neuron(), path, show_order=True))
