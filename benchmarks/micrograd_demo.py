"""micrograd's demo, as a scalar graph: one Tensor (or micrograd Value) per number.

The demo trains MLP(2, [16, 16, 1]) (ReLU, ReLU, linear) on 100 two-moons
points with the max-margin (SVM) loss mean(relu(1 - y * score)) plus an L2
penalty 1e-4 * sum(p^2), full batch, plain gradient steps with a learning
rate falling from 1.0 (lr = 1 - 0.9 k / 100 at step k). Built number by
number, one step makes a graph of about 65,000 scalar nodes.

``demo_step`` below is the demo's training step written once and run with
any scalar type: this project's ``Scalar`` (its engine for graphs of single
numbers), its ``Tensor`` (0-d, float64) or micrograd's ``Value``. Same
program, same graph, same data (our ``make_moons``, as Python floats and
ints) and the same initial weights (U(-1, 1), biases 0, as micrograd draws
them), so the engines do exactly the same work.

micrograd's graph is full of reference cycles (each node's backward closure
holds the node), so its memory is freed only by the garbage collector; it is
timed as users run it (collector on) and with the collector off during the
step (its garbage is then collected between steps, off the clock). Our
graphs have no cycles, but the collector still runs while the graph grows
(it counts allocations) and each full collection visits every object in the
process; so this workload runs in a process of its own, without PyTorch,
as a user's script would.
"""

import gc

import numpy as np

from . import reference
from .harness import Engine, import_micrograd

TITLE = "micrograd's demo: MLP(2,[16,16,1]), 100 moons, hinge + L2, scalar graph"
SIZES = [2, 16, 16, 1]
N = 100
ALPHA = 1e-4


def make_data(seed=0):
    """100 two-moons points (float64, (100, 2)) and labels -1 / +1 (int64, (100,))."""
    from nn.data import make_moons

    X, y = make_moons(N, noise=0.1, seed=seed)
    return X, 2 * y - 1


def initial_params(seed=0):
    """[W1, b1, W2, b2, W3, b3] as micrograd initialises them: weights U(-1, 1), biases 0."""
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        params += [rng.uniform(-1, 1, (n_out, n_in)), np.zeros(n_out)]
    return params


def per_neuron(params):
    """The parameter arrays as a flat list of numbers in the scalar models' order:
    layer by layer, neuron by neuron, its weights then its bias."""
    numbers = []
    for weight, bias in zip(params[::2], params[1::2]):
        for row, b in zip(weight, bias):
            numbers += [*row.tolist(), float(b)]
    return numbers


# ---- the demo's training step, for any scalar type ---------------------------------------


def demo_loss(model, X, y, scalar):
    """The demo's loss on the whole batch, as a scalar graph; returns (loss, accuracy)."""
    inputs = [[scalar(v) for v in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * score).relu() for yi, score in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    accuracy = sum((yi > 0) == (score.data > 0) for yi, score in zip(y, scores)) / len(y)
    return data_loss + reg_loss, accuracy


def demo_step(model, X, y, scalar, k):
    """One full-batch step of micrograd's demo; returns (loss, accuracy)."""
    total, accuracy = demo_loss(model, X, y, scalar)
    model.zero_grad()
    total.backward()
    learning_rate = 1.0 - 0.9 * k / 100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return float(total.data), float(accuracy)


# ---- the same MLP with this project's Scalars (or 0-d Tensors) -----------------------------


class ScalarNeuron:
    """relu(w . x + b) (or without the relu), one ``scalar`` (Scalar or 0-d Tensor) per weight."""

    def __init__(self, weights, bias, nonlinear, scalar):
        self.w = [scalar(float(v), requires_grad=True) for v in weights]
        self.b = scalar(float(bias), requires_grad=True)
        self.nonlinear = nonlinear

    def __call__(self, x):
        activation = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return activation.relu() if self.nonlinear else activation

    def parameters(self):
        return self.w + [self.b]


class ScalarMLP:
    """Layers of ScalarNeurons built from [W1, b1, W2, b2, ...]; the last layer is linear.
    ``scalar`` is the number type: ``autograd.Scalar`` or ``autograd.tensor``."""

    def __init__(self, params, scalar):
        last = len(params) // 2 - 1
        self.layers = [
            [ScalarNeuron(row, b, i < last, scalar) for row, b in zip(W, bias)]
            for i, (W, bias) in enumerate(zip(params[::2], params[1::2]))
        ]

    def __call__(self, x):
        for layer in self.layers:
            x = [neuron(x) for neuron in layer]
        return x[0] if len(x) == 1 else x

    def parameters(self):
        return [p for layer in self.layers for neuron in layer for p in neuron.parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None


def micrograd_mlp(params):
    """micrograd's own MLP(2, [16, 16, 1]) with its weights set to ``params``."""
    _, MLP = import_micrograd()
    model = MLP(SIZES[0], SIZES[1:])
    for p, value in zip(model.parameters(), per_neuron(params)):
        p.data = value
    return model


def micrograd_graph_size(seed=0):
    """Number of Values in one step's graph of micrograd's demo (inputs and constants included)."""
    X, y = make_data(seed)
    total, _ = demo_loss(micrograd_mlp(initial_params(seed)), X.tolist(), y.tolist(), import_micrograd()[0])
    seen, stack = {id(total)}, [total]
    while stack:
        for parent in stack.pop()._prev:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    return len(seen)


class DemoRun:
    """``demo_step`` run again and again with a counter k (0..99, then again)."""

    def __init__(self, model, scalar, X, y, collector=True):
        self.model, self.scalar, self.collector = model, scalar, collector
        self.X, self.y = X.tolist(), y.tolist()
        self.k = 0

    def step(self):
        if not self.collector:
            gc.disable()
        try:
            result = demo_step(self.model, self.X, self.y, self.scalar, self.k % 100)
        finally:
            gc.enable()
        self.k += 1
        return result


class Numpy:
    """The same demo with arrays: hand-written forward/backward of the whole batch at once."""

    def __init__(self, X, y, params):
        self.X, self.y = X, y.reshape(-1, 1).astype(np.float64)
        self.params = [p.copy() for p in params]
        self.optimizer = reference.SGD(self.params)
        self.grads, self.k = None, 0

    def step(self):
        layer_inputs, scores = reference.mlp_forward(self.params, self.X)
        margins = 1 - self.y * scores
        data_loss = np.maximum(margins, 0).mean()
        reg_loss = ALPHA * sum((p * p).sum() for p in self.params)
        accuracy = ((self.y > 0) == (scores > 0)).mean()
        grad_scores = np.where(margins > 0, -self.y, 0) / len(self.y)  # d mean(relu(m)) / d score
        self.grads = reference.mlp_backward(self.params, layer_inputs, grad_scores)
        for g, p in zip(self.grads, self.params):
            g += 2 * ALPHA * p  # d (alpha sum p^2) / dp
        self.optimizer.step(self.grads, lr=1.0 - 0.9 * (self.k % 100) / 100)
        self.k += 1
        return float(data_loss + reg_loss), float(accuracy)


def engines(seed=0):
    from autograd import Scalar, tensor

    X, y = make_data(seed)
    params = initial_params(seed)

    def ours(scalar, collector=True):
        return DemoRun(ScalarMLP(params, scalar), scalar, X, y, collector).step

    found = [
        Engine("chainrule Scalar", ours(Scalar)),
        Engine("chainrule Scalar, GC off", ours(Scalar, collector=False), traced=False),
        Engine("chainrule 0-d Tensor", ours(tensor)),
        Engine("numpy by hand (whole batch)", Numpy(X, y, params).step, role="numpy"),
    ]
    notes = [
        "run in a process of its own, without PyTorch loaded (a full garbage collection visits "
        "every object in the process, so the collector's cost grows with what else is imported)"
    ]
    micrograd = import_micrograd()
    if micrograd is None:
        return found, notes + ["micrograd not installed: skipped (pip install micrograd)"]
    Value = micrograd[0]
    found += [
        Engine("micrograd", DemoRun(micrograd_mlp(params), Value, X, y).step, role="micrograd"),
        Engine(
            "micrograd, GC off",
            DemoRun(micrograd_mlp(params), Value, X, y, collector=False).step,
            traced=False,
        ),
    ]
    notes.append(
        f"one step's graph: {micrograd_graph_size(seed):,} micrograd Values (inputs and "
        "constants included); the same program with our Scalars and Tensors"
    )
    return found, notes
