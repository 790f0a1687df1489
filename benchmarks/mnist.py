"""MNIST-sized MLP 784-256-128-10 (ReLU), softmax cross-entropy, SGD momentum 0.9, float32.

One step = forward on a batch of 128, backward, one SGD update. The data is
random, of MNIST's shape (inputs in [-1, 1] like scaled pixels, labels 0-9):
the timing does not depend on the values, and nothing is downloaded.

Here the matrix products dominate, so the "matmuls alone" engine runs just
the 8 products of one step (3 forward, 5 backward: dW for every layer, dx
for the two upper ones) with nothing else: the floor any engine could reach.
"""

import numpy as np

from . import plain, reference
from .harness import Engine, OurModel, TorchModel, compiled, import_torch
from .spirals import load_into

TITLE = "MNIST MLP 784-256-128-10, batch 128, SGD momentum 0.9 (float32)"
SIZES = [784, 256, 128, 10]
BATCH = 128
LR = 0.01
MOMENTUM = 0.9


def make_data(seed=0):
    """A batch of 128 random 'images' (float32, (128, 784)) and integer labels ((128,), int64)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (BATCH, SIZES[0])).astype(np.float32)
    return X, rng.integers(0, SIZES[-1], BATCH)


def initial_params(seed=0):
    return reference.init_mlp(SIZES, np.random.default_rng(seed + 1))


class Ours(OurModel):
    """This project: nn.MLP, nn.functional.cross_entropy, optim.SGD."""

    def __init__(self, X, labels, params):
        import nn
        import optim
        from autograd import Tensor

        self.F = nn.functional
        self.model = nn.MLP(SIZES[0], SIZES[1:-1], SIZES[-1]).float()
        load_into(self.model.parameters(), params)
        self.X, self.labels = Tensor(X), labels
        self.optimizer = optim.SGD(self.model.parameters(), lr=LR, momentum=MOMENTUM)

    def loss(self):
        return self.F.cross_entropy(self.model(self.X), self.labels)


class Numpy:
    """Hand-written forward and backward (see ``reference``), SGD with momentum in place."""

    def __init__(self, X, labels, params):
        self.X, self.labels = X, labels
        self.params = [p.copy() for p in params]
        self.optimizer = reference.SGD(self.params, lr=LR, momentum=MOMENTUM)
        self.grads = None

    def step(self):
        layer_inputs, logits = reference.mlp_forward(self.params, self.X)
        loss, grad_logits = reference.softmax_cross_entropy(logits, self.labels)
        self.grads = reference.mlp_backward(self.params, layer_inputs, grad_logits)
        self.optimizer.step(self.grads)
        return float(loss)

    def parameters(self):
        return self.params

    def gradients(self):
        return self.grads


class MatmulsAlone:
    """Only the 8 matrix products of a step, on arrays of the right shapes: the floor."""

    def __init__(self, X, labels, params):
        rng = np.random.default_rng(0)
        self.X, (self.W1, _, self.W2, _, self.W3, _) = X, params
        self.h1 = rng.random((BATCH, SIZES[1]), dtype=np.float32)
        self.h2 = rng.random((BATCH, SIZES[2]), dtype=np.float32)
        self.g1, self.g2, self.g3 = (rng.random((BATCH, n), dtype=np.float32) for n in SIZES[1:])

    def step(self):
        self.X @ self.W1.T, self.h1 @ self.W2.T, self.h2 @ self.W3.T  # forward
        self.g3.T @ self.h2, self.g3 @ self.W3  # layer 3: dW, dx
        self.g2.T @ self.h1, self.g2 @ self.W2  # layer 2: dW, dx
        self.g1.T @ self.X  # layer 1: dW


class Torch(TorchModel):
    """The same network in PyTorch: nn.Sequential, F.cross_entropy, optim.SGD."""

    def __init__(self, X, labels, params):
        torch = import_torch()
        self.cross_entropy = torch.nn.functional.cross_entropy
        layers = []
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
            layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
        self.model = torch.nn.Sequential(*layers[:-1])
        with torch.no_grad():
            for param, value in zip(self.model.parameters(), params):
                param.copy_(torch.from_numpy(value))
        self.X, self.labels = torch.from_numpy(X), torch.from_numpy(labels)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR, momentum=MOMENTUM)

    def loss(self):
        return self.cross_entropy(self.model(self.X), self.labels)


def plain_loss(F, z, labels):
    """The plain-op step's loss: F.cross_entropy of the last layer's logits."""
    return F.cross_entropy(z, labels)


def plain_optimizer(optim, params):
    return optim.SGD(params, lr=LR, momentum=MOMENTUM)


def Plain(X, labels, params, engine=plain.ours):
    """The step written with plain Tensor ops (see ``plain``), on our engine or PyTorch's."""
    return engine(X, labels, params, loss=plain_loss, make_optimizer=plain_optimizer)


def engines(seed=0):
    X, labels = make_data(seed)
    params = initial_params(seed)
    found = [
        Engine("chainrule nn.MLP", Ours(X, labels, params).step),
        Engine("chainrule plain ops", Plain(X, labels, params).step),
        Engine("chainrule nn.MLP, compiled", compiled(Ours(X, labels, params)).step),
        Engine("chainrule plain ops, compiled", compiled(Plain(X, labels, params)).step),
        Engine("numpy by hand", Numpy(X, labels, params).step, role="numpy"),
        Engine("numpy matmuls alone", MatmulsAlone(X, labels, params).step, role="floor"),
    ]
    if import_torch() is None:
        return found, ["PyTorch not installed: skipped (pip install torch)"]
    found += [
        Engine("PyTorch nn", Torch(X, labels, params).step, role="torch", traced=False),
        Engine("PyTorch plain ops", Plain(X, labels, params, plain.torch).step, traced=False),
    ]
    return found, []
