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
            np.maximum(z, 0, out=z)  # ReLU in place
        h = z
    return layer_inputs, h


def mlp_backward(params, layer_inputs, grad_out, input_grad=False):
    """Gradients [dW1, db1, dW2, db2, ...] given g = dL/d(output) of ``mlp_forward``
    (``input_grad=True``: and dL/dx of the network's input, as a second result)."""
    grads = [None] * len(params)
    g = grad_out
    for i in range(len(params) // 2 - 1, -1, -1):
        x = layer_inputs[i]
        grads[2 * i] = g.T @ x  # dL/dW = g^T x
        grads[2 * i + 1] = g.sum(axis=0)  # dL/db = sum of g over the batch
        if i > 0 or input_grad:
            g = g @ params[2 * i]  # dL/dx = g W
        if i > 0:
            g *= x > 0  # through the ReLU that produced x
    return (grads, g) if input_grad else grads


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
        step_size = self.lr / (1 - beta1**self.t)
        root = math.sqrt(1 - beta2**self.t)
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


# ---- convolutions (stride 1, square kernels), the im2col way --------------------------------
#
# y = W cols + b per sample, with cols (C*k*k, Ho*Wo) the windows of the zero-padded input;
# dW = sum over samples of g cols^T, db = g summed, dcols = W^T g, and dx = col2im(dcols):
# each column added back where its window lies, one strided slice per kernel offset.


def init_conv(out_channels, in_channels, k, rng, dtype=np.float32):
    """[W (out, in, k, k), b (out,)], PyTorch's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = 1 / math.sqrt(in_channels * k * k)
    return [
        rng.uniform(-bound, bound, (out_channels, in_channels, k, k)).astype(dtype),
        rng.uniform(-bound, bound, out_channels).astype(dtype),
    ]


def im2col(x, k, padding):
    """The k x k windows of x (N, C, H, W) zero-padded: (N, C*k*k, Ho*Wo) and (Ho, Wo)."""
    if padding:
        x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c, h, w = x.shape
    ho, wo = h - k + 1, w - k + 1
    s_n, s_c, s_h, s_w = x.strides
    view = np.lib.stride_tricks.as_strided(x, (n, c, k, k, ho, wo), (s_n, s_c, s_h, s_w, s_h, s_w))
    return np.ascontiguousarray(view).reshape(n, c * k * k, ho * wo), (ho, wo)


def conv_forward(x, weight, bias, padding):
    """y = W cols + b; returns y and the cols the backward pass needs."""
    cols, (ho, wo) = im2col(x, weight.shape[-1], padding)
    y = (weight.reshape(weight.shape[0], -1) @ cols).reshape(x.shape[0], -1, ho, wo)
    y += bias.reshape(-1, 1, 1)
    return y, cols


def conv_backward(g, x_shape, weight, cols, padding, input_grad=True):
    """(dx or None, dW, db) of ``conv_forward`` given g = dL/dy."""
    n, o, ho, wo = g.shape
    k = weight.shape[-1]
    g = g.reshape(n, o, ho * wo)
    dw = (g @ cols.transpose(0, 2, 1)).sum(axis=0).reshape(weight.shape)
    db = g.sum(axis=(0, 2))
    if not input_grad:
        return None, dw, db
    dcols = (weight.reshape(o, -1).T @ g).reshape(n, x_shape[1], k, k, ho, wo)
    dx = np.zeros((n, x_shape[1], x_shape[2] + 2 * padding, x_shape[3] + 2 * padding), dtype=g.dtype)
    for i in range(k):
        for j in range(k):
            dx[:, :, i : i + ho, j : j + wo] += dcols[:, :, i, j]
    return dx[:, :, padding : padding + x_shape[2], padding : padding + x_shape[3]], dw, db


def max_pool2_forward(x):
    """2 x 2 max pooling (stride 2): y and the argmax (0-3) of each window."""
    n, c, h, w = x.shape
    windows = (
        x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    )
    index = windows.argmax(axis=-1)
    return np.take_along_axis(windows, index[..., None], -1)[..., 0], index


def max_pool2_backward(g, index, shape):
    """dx: each g to its window's argmax."""
    n, c, h, w = shape
    windows = np.zeros((n, c, h // 2, w // 2, 4), dtype=g.dtype)
    np.put_along_axis(windows, index[..., None], g[..., None], -1)
    return windows.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(shape)
