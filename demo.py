"""chainrule's demo: the hand-worked neuron of the first notebook, its graph drawn to a file."""
import os

from autograd import Tensor, save_graph

os.makedirs("out", exist_ok=True)
w = Tensor(2.0, requires_grad=True, name="w")
b = Tensor(1.0, requires_grad=True, name="b")
x, y = Tensor(2.0, name="x"), Tensor(2.0, name="y")
o = w * x + b
loss = (o - y) ** 2
loss.backward()
print(f"o = {o.item():g}, L = {loss.item():g}, dL/dw = {w.grad:g}, dL/db = {b.grad:g}")
print("graph written to", save_graph(loss, "out/neuron_graph.png"))
