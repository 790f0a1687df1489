"""The MLP training steps as users write them without ``nn.Module``: plain Tensor ops.

    h = (x @ W + b).relu()              # every hidden layer
    z = h @ W + b                       # the last one
    loss = F.cross_entropy(z, labels)   # or F.binary_cross_entropy(z.sigmoid(), y)
    optimizer.zero_grad(); loss.backward(); optimizer.step()

The very same code runs on this project and on PyTorch (``lib`` is ``autograd`` or
``torch``, ``F`` their functional module, ``optim`` their optimisers): the mechanical
import change of a ported program. Weights are laid out (in, out), as such code
creates them, so ``x @ W`` needs no transpose; ``parameters()`` and ``gradients()``
give them back in ``reference``'s (out, in) layout, for the tests.
"""


def forward(weights, biases, x):
    """ReLU hidden layers, a linear last layer, with operators only."""
    h = x
    for W, b in zip(weights[:-1], biases[:-1]):
        h = (h @ W + b).relu()
    return h @ weights[-1] + biases[-1]


class Plain:
    """One engine's plain-op training step. ``loss(lib, F, z, target)`` is the workload's loss
    of the last layer's output; ``make_optimizer(optim, params)`` its optimiser."""

    def __init__(self, lib, F, optim, X, target, params, loss, make_optimizer):
        self.lib, self.F, self.loss_of = lib, F, loss
        self.weights = [lib.tensor(W.T.copy(), requires_grad=True) for W in params[0::2]]
        self.biases = [lib.tensor(b.copy(), requires_grad=True) for b in params[1::2]]
        self.X, self.target = lib.tensor(X), lib.tensor(target)
        self.optimizer = make_optimizer(optim, [p for pair in zip(self.weights, self.biases) for p in pair])

    def loss(self):
        return self.loss_of(self.F, forward(self.weights, self.biases, self.X), self.target)

    def step(self):
        loss = self.loss()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def parameters(self):
        return [_numpy(t, i % 2 == 0) for i, t in enumerate(self._pairs())]

    def gradients(self):
        return [_numpy(t.grad, i % 2 == 0) for i, t in enumerate(self._pairs())]

    def _pairs(self):
        return [p for pair in zip(self.weights, self.biases) for p in pair]


def _numpy(t, transposed):
    array = t.detach().numpy()
    return array.T if transposed else array


def ours(*args, **kwargs):
    """This project's plain-op step (``autograd``, ``nn.functional``, ``optim``)."""
    import autograd
    import nn
    import optim

    return Plain(autograd, nn.functional, optim, *args, **kwargs)


def torch(*args, **kwargs):
    """PyTorch's plain-op step, the same code."""
    import torch

    return Plain(torch, torch.nn.functional, torch.optim, *args, **kwargs)
