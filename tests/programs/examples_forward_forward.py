"""pytorch/examples mnist_forward_forward/main.py, small: each layer is trained on its own to give
high "goodness" (mean of squared activations) to positive data (an image with its true label
written into the first pixels) and low goodness to negative data (a wrong label), with
log(1 + exp(...)) as the loss and its own Adam; prediction picks the label of highest total
goodness. Synthetic data, no download."""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.optim import Adam

torch.manual_seed(1234)
N_CLASSES = 4


def overlay_y_on_x(x, y):
    """Replace the first N_CLASSES pixels of data [x] with one-hot-encoded label [y]."""
    x_ = x.clone()
    x_[:, :N_CLASSES] *= 0.0
    x_[range(x.shape[0]), y] = x.max()
    return x_


class Net(torch.nn.Module):
    def __init__(self, dims):
        super().__init__()
        self.layers = []
        for d in range(len(dims) - 1):
            self.layers = self.layers + [Layer(dims[d], dims[d + 1])]

    def predict(self, x):
        goodness_per_label = []
        for label in range(N_CLASSES):
            h = overlay_y_on_x(x, label)
            goodness = []
            for layer in self.layers:
                h = layer(h)
                goodness = goodness + [h.pow(2).mean(1)]
            goodness_per_label += [sum(goodness).unsqueeze(1)]
        goodness_per_label = torch.cat(goodness_per_label, 1)
        return goodness_per_label.argmax(1)

    def train(self, x_pos, x_neg):
        h_pos, h_neg = x_pos, x_neg
        losses = []
        for i, layer in enumerate(self.layers):
            h_pos, h_neg, loss = layer.train(h_pos, h_neg)
            losses.append(loss)
        return losses


class Layer(nn.Linear):
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__(in_features, out_features, bias, device, dtype)
        self.relu = torch.nn.ReLU()
        self.opt = Adam(self.parameters(), lr=0.03)
        self.threshold = 2.0
        self.num_epochs = 60

    def forward(self, x):
        x_direction = x / (x.norm(2, 1, keepdim=True) + 1e-4)
        return self.relu(torch.mm(x_direction, self.weight.T) + self.bias.unsqueeze(0))

    def train(self, x_pos, x_neg):
        for i in range(self.num_epochs):
            g_pos = self.forward(x_pos).pow(2).mean(1)
            g_neg = self.forward(x_neg).pow(2).mean(1)
            # The following loss pushes pos (neg) samples to
            # values larger (smaller) than the self.threshold.
            loss = torch.log(1 + torch.exp(torch.cat([-g_pos + self.threshold, g_neg - self.threshold]))).mean()
            self.opt.zero_grad()
            # this backward just compute the derivative and hence
            # is not considered backpropagation.
            loss.backward()
            self.opt.step()
        return self.forward(x_pos).detach(), self.forward(x_neg).detach(), loss.item()


rng = np.random.default_rng(3)
centres = rng.normal(size=(N_CLASSES, 40))
y_np = rng.integers(N_CLASSES, size=200)
x_np = np.abs(centres[y_np] + 0.5 * rng.normal(size=(200, 40)))
x, y = torch.tensor(x_np[:160]), torch.tensor(y_np[:160])
x_te, y_te = torch.tensor(x_np[160:]), torch.tensor(y_np[160:])

net = Net([40, 32, 32])
x_pos = overlay_y_on_x(x, y)
rnd = torch.randperm(x.size(0))
x_neg = overlay_y_on_x(x, y[rnd])
losses = net.train(x_pos, x_neg)
train_error = 1.0 - net.predict(x).eq(y).float().mean().item()
test_error = 1.0 - net.predict(x_te).eq(y_te).float().mean().item()
print("train error:", train_error)
print("test error:", test_error)

results = {
    "permutation": rnd.tolist(),
    "losses": losses,
    "train_error": train_error,
    "test_error": test_error,
    "weights": [layer.weight.sum().item() for layer in net.layers],
}
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
