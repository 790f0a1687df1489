"""Hand-written numpy backprop: the baseline every engine is measured against.

No graph, no Tensors: the forward pass keeps what the backward pass needs,
and the backward pass is the chain rule written out by hand. Parameters are
plain numpy arrays laid out as in PyTorch and ``nn.Linear``: a layer has
W of shape (out, in) and b of shape (out,), and computes y = x W^T + b.

For that layer, with g = dL/dy (one row per sample):

    dL/dW = g^T x          dL/db = sum of g over the rows          dL/dx = g W

ReLU, h = max(z, 0), lets the gradient through where h > 0 (same as z > 0).

The optimisers update the arrays in place, with PyTorch's formulas.
"""
import math

import numpy as np


def init_mlp(sizes, rng, dtype=np.float32):
    """[W1, b1, W2, b2, ...] for layer sizes like [2, 40, 25, 10, 1], PyTorch's default init:
    every entry from U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / math.sqrt(n_in)
        params.append(rng.uniform(-bound, bound, (n_out, n_in)).astype(dtype))
        params.append(rng.uniform(-bound, bound, n_out).astype(dtype))
    return params


def mlp_forward(params, x):
    """ReLU hidden layers, a linear last layer. Returns (the input of every layer, the output)."""
    layer_inputs = []
    h = x
    last = len(params) // 2 - 1
    for i in range(last + 1):
        weight, bias = params[2 * i], params[2 * i + 1]
        layer_inputs.append(h)
        z = h @ weight.T
        z += bias
        if i < last:
            np.maximum(z, 0, out=z)          # ReLU in place
        h = z
    return layer_inputs, h


def mlp_backward(params, layer_inputs, grad_out):
    """Gradients [dW1, db1, dW2, db2, ...] given g = dL/d(output) of ``mlp_forward``."""
    grads = [None] * len(params)
    g = grad_out
    for i in range(len(params) // 2 - 1, -1, -1):
        x = layer_inputs[i]
        grads[2 * i] = g.T @ x                # dL/dW = g^T x
        grads[2 * i + 1] = g.sum(axis=0)      # dL/db = sum of g over the batch
        if i > 0:
            g = g @ params[2 * i]             # dL/dx = g W
            g *= x > 0                        # through the ReLU that produced x
    return grads


def sigmoid(z):
    """1 / (1 + e^-z), from e^-|z| so nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1, e) / (1 + e)


def binary_cross_entropy(p, y):
    """-mean(y log p + (1 - y) log(1 - p)), each log clamped at -100 (as PyTorch and nn do)."""
    floor = math.exp(-100.0)
    return -np.mean(y * np.log(np.maximum(p, floor)) + (1 - y) * np.log(np.maximum(1 - p, floor)))


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of integer labels, and its gradient (softmax - one_hot) / N."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = np.log(total[:, 0]).mean() - shifted[rows, labels].mean()
    grad = exp / total
    grad[rows, labels] -= 1
    grad /= n
    return loss, grad


class Adam:
    """m += (1-b1)(g-m);  v = b2 v + (1-b2) g^2;  p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        beta1, beta2 = self.betas
        step_size = self.lr / (1 - beta1 ** self.t)
        root = math.sqrt(1 - beta2 ** self.t)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m += (1 - beta1) * (g - m)
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step_size * m / (np.sqrt(v) / root + self.eps)


class SGD:
    """With momentum mu: b = g on the first step, then b = mu b + g;  p -= lr b."""

    def __init__(self, params, lr=1e-2, momentum=0.0):
        self.params, self.lr, self.momentum = params, lr, momentum
        self.buffers = [None] * len(params)

    def step(self, grads, lr=None):
        lr = self.lr if lr is None else lr
        for i, (p, g) in enumerate(zip(self.params, grads)):
            if self.momentum:
                if self.buffers[i] is None:
                    self.buffers[i] = g.copy()
                else:
                    self.buffers[i] *= self.momentum
                    self.buffers[i] += g
                g = self.buffers[i]
            p -= lr * g
