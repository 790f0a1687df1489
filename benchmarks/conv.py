"""Convolutional networks: LeNet-5 on MNIST-sized images, and a small VGG block (float32).

One step = forward on a batch of 64, backward, one SGD update (momentum 0.9), softmax
cross-entropy on random labels (the timing does not depend on the values):

    lenet  (64, 1, 28, 28): conv 1->6 5x5 pad 2, ReLU, max pool 2; conv 6->16 5x5, ReLU,
           max pool 2; Linear 400-120-84-10 (ReLU between)
    vgg    (64, 32, 32, 32): conv 32->64 3x3 pad 1, ReLU; conv 64->64 3x3 pad 1, ReLU;
           max pool 2; Linear 16384-10

The engines: this project (nn.Conv2d, nn.MaxPool2d, ... in an nn.Sequential), the
hand-written numpy im2col reference of ``reference`` (one matrix product per convolution and
sample batch, col2im by kernel offsets, the unfolded matrix kept from forward for backward),
and PyTorch (CPU). The table's *peak MiB* is what tracemalloc sees allocated during one step
(``harness.traced_peak``): for the two numpy engines mostly the unfolded matrices, which both keep
from forward for backward. PyTorch allocates in C++, out of tracemalloc's sight.

Where the time goes: ``python -m benchmarks.profile lenet`` (or ``vgg``).
"""

import numpy as np

from . import reference
from .harness import Engine, OurModel, TorchModel, import_torch
from .spirals import load_into

BATCH = 64
CLASSES = 10
LR = 0.01
MOMENTUM = 0.9


class Workload:
    """A network as a list of stages, ("conv", in, out, kernel, padding) (each followed by a
    ReLU) or ("pool",) (2 x 2 max pooling), then Linear layers of ``sizes`` (ReLU between)."""

    def __init__(self, title, input_shape, stages, sizes):
        self.TITLE, self.input_shape, self.stages, self.sizes = title, input_shape, stages, sizes

    def make_data(self, seed=0):
        """A batch of random images (float32, (64, *input_shape)) and integer labels (int64)."""
        rng = np.random.default_rng(seed)
        X = rng.uniform(-1, 1, (BATCH,) + self.input_shape).astype(np.float32)
        return X, rng.integers(0, CLASSES, BATCH)

    def initial_params(self, seed=0):
        """[W, b, ...] of every conv, then of every Linear, PyTorch's default init."""
        rng = np.random.default_rng(seed + 1)
        params = []
        for stage in self.stages:
            if stage[0] == "conv":
                params += reference.init_conv(stage[2], stage[1], stage[3], rng)
        return params + reference.init_mlp(self.sizes, rng)

    def Ours(self, X, labels, params):
        return Ours(self, X, labels, params)

    def Numpy(self, X, labels, params):
        return Numpy(self, X, labels, params)

    def Torch(self, X, labels, params):
        return Torch(self, X, labels, params)

    def engines(self, seed=0):
        X, labels = self.make_data(seed)
        params = self.initial_params(seed)
        found = [
            Engine("chainrule", self.Ours(X, labels, params).step),
            Engine("numpy im2col by hand", self.Numpy(X, labels, params).step, role="numpy"),
        ]
        if import_torch() is None:
            return found, ["PyTorch not installed: skipped (pip install torch)"]
        found.append(Engine("PyTorch", self.Torch(X, labels, params).step, role="torch", traced=False))
        return found, []


def _layers(nn, workload):
    """The network's modules, from a library with PyTorch's layer names (ours or torch.nn)."""
    layers = []
    for stage in workload.stages:
        if stage[0] == "conv":
            layers += [nn.Conv2d(stage[1], stage[2], stage[3], padding=stage[4]), nn.ReLU()]
        else:
            layers.append(nn.MaxPool2d(2))
    layers.append(nn.Flatten())
    for n_in, n_out in zip(workload.sizes[:-1], workload.sizes[1:]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    return layers[:-1]


class Ours(OurModel):
    """This project: nn.Sequential of nn.Conv2d, nn.ReLU, nn.MaxPool2d, nn.Flatten, nn.Linear."""

    def __init__(self, workload, X, labels, params):
        import nn
        import optim
        from autograd import Tensor

        self.F = nn.functional
        self.model = nn.Sequential(*_layers(nn, workload)).float()
        load_into(self.model.parameters(), params)
        self.X, self.labels = Tensor(X), labels
        self.optimizer = optim.SGD(self.model.parameters(), lr=LR, momentum=MOMENTUM)

    def loss(self):
        return self.F.cross_entropy(self.model(self.X), self.labels)


class Numpy:
    """Hand-written forward and backward (``reference``'s im2col functions), SGD with momentum."""

    def __init__(self, workload, X, labels, params):
        self.workload, self.X, self.labels = workload, X, labels
        self.params = [p.copy() for p in params]
        self.optimizer = reference.SGD(self.params, lr=LR, momentum=MOMENTUM)
        self.grads = None

    def step(self):
        h, caches, i = self.X, [], 0
        for stage in self.workload.stages:  # forward, keeping what backward needs
            if stage[0] == "conv":
                y, cols = reference.conv_forward(h, self.params[i], self.params[i + 1], stage[4])
                np.maximum(y, 0, out=y)
                caches.append((h.shape, cols, y))
                i += 2
            else:
                y, index = reference.max_pool2_forward(h)
                caches.append((h.shape, index))
            h = y
        fc = self.params[i:]
        layer_inputs, logits = reference.mlp_forward(fc, h.reshape(len(h), -1))
        loss, g = reference.softmax_cross_entropy(logits, self.labels)
        fc_grads, g = reference.mlp_backward(fc, layer_inputs, g, input_grad=True)
        g = g.reshape(h.shape)
        conv_grads = []
        for stage, cache in zip(reversed(self.workload.stages), reversed(caches)):  # backward
            if stage[0] == "conv":
                shape, cols, y = cache
                g *= y > 0  # the ReLU
                i -= 2
                g, dw, db = reference.conv_backward(
                    g, shape, self.params[i], cols, stage[4], input_grad=i > 0
                )
                conv_grads = [dw, db] + conv_grads
            else:
                g = reference.max_pool2_backward(g, cache[1], cache[0])
        self.grads = conv_grads + fc_grads
        self.optimizer.step(self.grads)
        return float(loss)

    def parameters(self):
        return self.params

    def gradients(self):
        return self.grads


class Torch(TorchModel):
    """The same network in PyTorch: torch.nn.Sequential, F.cross_entropy, optim.SGD."""

    def __init__(self, workload, X, labels, params):
        torch = import_torch()
        self.cross_entropy = torch.nn.functional.cross_entropy
        self.model = torch.nn.Sequential(*_layers(torch.nn, workload))
        with torch.no_grad():
            for param, value in zip(self.model.parameters(), params):
                param.copy_(torch.from_numpy(value))
        self.X, self.labels = torch.from_numpy(X), torch.from_numpy(labels)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR, momentum=MOMENTUM)

    def loss(self):
        return self.cross_entropy(self.model(self.X), self.labels)


LENET = Workload(
    "LeNet-5 on (64, 1, 28, 28), SGD momentum 0.9 (float32)",
    (1, 28, 28),
    [("conv", 1, 6, 5, 2), ("pool",), ("conv", 6, 16, 5, 0), ("pool",)],
    [400, 120, 84, 10],
)
VGG = Workload(
    "VGG block: conv 32-64-64 3x3 on (64, 32, 32, 32), max pool, Linear 16384-10 (float32)",
    (32, 32, 32),
    [("conv", 32, 64, 3, 1), ("conv", 64, 64, 3, 1), ("pool",)],
    [16384, 10],
)
