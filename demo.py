"""chainrule's demo: train a 2-40-25-10-1 network on two spirals (Adam, 700 epochs) and draw pictures.

Run as `.venv/bin/python demo.py` after `bash install.sh`. Writes into ./out/ (of the current folder):
  neuron_graph.png      the computation graph of one neuron, with values and gradients
  spirals_boundary.png  the decision boundary the network learned
"""

import os

import matplotlib

matplotlib.use("Agg")  # write files; no window needed
import matplotlib.pyplot as plt  # noqa: E402

import autograd  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402
from autograd import save_graph, tensor  # noqa: E402

# The accuracy reported for this network (3 hidden layers 40-25-10, Adam, 700 epochs) in the
# course material chainrule reproduces (experiment E2 of notebooks/03_circles_and_spirals.ipynb).
REFERENCE = {"train": 100.0, "val": 100.0}

os.makedirs("out", exist_ok=True)
autograd.manual_seed(0)

# Two interleaved spirals: 400 training and 400 validation points, drawn independently.
X_train, y_train = nn.data.make_spirals(n=400, seed=0)
X_val, y_val = nn.data.make_spirals(n=400, seed=1)
y_train, y_val = y_train.reshape(-1, 1).astype(float), y_val.reshape(-1, 1).astype(float)

model = nn.MLP(2, [40, 25, 10], 1, output_activation="sigmoid", init="normal_fan_in")
print(f"{model.num_parameters()} parameters")
optimizer = optim.Adam(model.parameters(), lr=0.003)
nn.fit(
    model,
    nn.BCELoss(),
    optimizer,
    (X_train, y_train),
    epochs=700,
    batch_size=None,
    val_data=(X_val, y_val),
    seed=0,
)

train_acc = 100 * nn.evaluate(model, (X_train, y_train))["accuracy"]
val_acc = 100 * nn.evaluate(model, (X_val, y_val))["accuracy"]
print(f"\n{'':12}{'ours':>8}{'reference':>11}")
print(f"{'train acc':12}{train_acc:8.1f}{REFERENCE['train']:11.1f}")
print(f"{'val acc':12}{val_acc:8.1f}{REFERENCE['val']:11.1f}")

ax = nn.plot_decision_boundary(model, X_val, y_val)
ax.set_title(f"2-40-25-10-1 on spirals: validation accuracy {val_acc:.1f}%")
plt.savefig("out/spirals_boundary.png", dpi=120, bbox_inches="tight")
print("decision boundary written to out/spirals_boundary.png")

# A neuron small enough to work by hand: o = w x + b, L = (o - y)^2, drawn after backward.
w, b = tensor(2.0, requires_grad=True, name="w"), tensor(1.0, requires_grad=True, name="b")
x, y = tensor(2.0, name="x"), tensor(2.0, name="y")
o = w * x + b
o.name = "o"
loss = (o - y) ** 2
loss.name = "L"
o.retain_grad()
loss.retain_grad()
loss.backward()
print(f"\none neuron by hand: o = {o.item():g}, L = {loss.item():g}, dL/dw = {w.grad:g}, dL/db = {b.grad:g}")
print("computation graph written to", save_graph(loss, "out/neuron_graph.png", show_order=True))
