"""Spirals: MLP 2-40-25-10-1 (ReLU, sigmoid output), binary cross-entropy, Adam, float32.

One step = forward on all 200 points, backward, one Adam update (full batch):
the training step of experiment E2's deepest network. Small matrices, so
what is measured is mostly each engine's per-op overhead.

The hand-written numpy version uses the simplified gradient of
binary cross-entropy after a sigmoid, dL/dz = (p - y) / N, as a person
writing it by hand would; our engine and PyTorch differentiate the sigmoid
and the loss separately (the same value, more ops).
"""

import numpy as np

from . import plain, reference
from .harness import Engine, OurModel, TorchModel, compiled, import_torch

TITLE = "spirals MLP 2-40-25-10-1, N=200, Adam (float32)"
SIZES = [2, 40, 25, 10, 1]
N = 200
LR = 0.003


def make_data(seed=0):
    """200 spiral points (float32, (200, 2)) and their 0/1 labels (float32, (200, 1))."""
    from nn.data import make_spirals

    X, y = make_spirals(N, seed=seed)
    return X.astype(np.float32), y.astype(np.float32).reshape(-1, 1)


def initial_params(seed=0):
    return reference.init_mlp(SIZES, np.random.default_rng(seed))


def load_into(model_params, values):
    """Copy numpy arrays into a model's parameters (in place: the model keeps its dtype)."""
    for param, value in zip(model_params, values):
        param._data[...] = value


class Ours(OurModel):
    """This project, through its public API: nn.MLP, nn.BCELoss, optim.Adam."""

    def __init__(self, X, y, params):
        import nn
        import optim
        from autograd import Tensor

        self.model = nn.MLP(SIZES[0], SIZES[1:-1], SIZES[-1], output_activation="sigmoid").float()
        load_into(self.model.parameters(), params)
        self.X, self.y = Tensor(X), Tensor(y)
        self.loss_fn = nn.BCELoss()
        self.optimizer = optim.Adam(self.model.parameters(), lr=LR)

    def loss(self):
        return self.loss_fn(self.model(self.X), self.y)


class Numpy:
    """Hand-written forward and backward (see ``reference``), Adam in place."""

    def __init__(self, X, y, params):
        self.X, self.y = X, y
        self.params = [p.copy() for p in params]
        self.optimizer = reference.Adam(self.params, lr=LR)
        self.grads = None

    def step(self):
        layer_inputs, z = reference.mlp_forward(self.params, self.X)
        p = reference.sigmoid(z)
        loss = reference.binary_cross_entropy(p, self.y)
        self.grads = reference.mlp_backward(self.params, layer_inputs, (p - self.y) / len(self.y))
        self.optimizer.step(self.grads)
        return float(loss)

    def parameters(self):
        return self.params

    def gradients(self):
        return self.grads


class Torch(TorchModel):
    """The same network in PyTorch: nn.Sequential, nn.BCELoss, optim.Adam (``fused=True`` optional)."""

    def __init__(self, X, y, params, fused=False):
        torch = import_torch()
        layers = []
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
            layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
        layers[-1] = torch.nn.Sigmoid()
        self.model = torch.nn.Sequential(*layers)
        with torch.no_grad():
            for param, value in zip(self.model.parameters(), params):
                param.copy_(torch.from_numpy(value))
        self.X, self.y = torch.from_numpy(X), torch.from_numpy(y)
        self.loss_fn = torch.nn.BCELoss()
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LR, fused=fused or None)

    def loss(self):
        return self.loss_fn(self.model(self.X), self.y)


def plain_loss(F, z, y):
    """The plain-op step's loss: F.binary_cross_entropy of the sigmoid of the last layer."""
    return F.binary_cross_entropy(z.sigmoid(), y)


def plain_optimizer(optim, params):
    return optim.Adam(params, lr=LR)


def Plain(X, y, params, engine=plain.ours):
    """The step written with plain Tensor ops (see ``plain``), on our engine or PyTorch's."""
    return engine(X, y, params, loss=plain_loss, make_optimizer=plain_optimizer)


def engines(seed=0):
    """The engines to time, and notes on those skipped."""
    X, y = make_data(seed)
    params = initial_params(seed)
    found = [
        Engine("chainrule nn.MLP", Ours(X, y, params).step),
        Engine("chainrule plain ops", Plain(X, y, params).step),
        Engine("chainrule nn.MLP, compiled", compiled(Ours(X, y, params)).step),
        Engine("chainrule plain ops, compiled", compiled(Plain(X, y, params)).step),
        Engine("numpy by hand", Numpy(X, y, params).step, role="numpy"),
    ]
    if import_torch() is None:
        return found, ["PyTorch not installed: skipped (pip install torch)"]
    found += [
        Engine("PyTorch nn", Torch(X, y, params).step, role="torch", traced=False),
        Engine("PyTorch plain ops", Plain(X, y, params, plain.torch).step, traced=False),
        Engine("PyTorch nn, fused Adam", Torch(X, y, params, fused=True).step, traced=False),
    ]
    return found, []
