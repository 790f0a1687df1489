"""Spatial transformer networks tutorial (pytorch/tutorials, intermediate): a localisation net
regresses a 2x3 affine matrix (initialised to the identity), F.affine_grid turns it into a
sampling grid, F.grid_sample resamples the input; a small classifier follows. Synthetic 28x28
images (shifted and rotated blobs), no download; the sampler's other modes are probed at the end."""
import json
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
rng = np.random.default_rng(0)


def make_images(n):
    yy, xx = np.mgrid[0:28, 0:28] / 27.0 * 2 - 1
    images, labels = [], []
    for _ in range(n):
        label = rng.integers(3)
        angle = rng.uniform(-0.6, 0.6)
        dx, dy = rng.uniform(-0.3, 0.3, size=2)
        u = math.cos(angle) * (xx - dx) + math.sin(angle) * (yy - dy)
        v = -math.sin(angle) * (xx - dx) + math.cos(angle) * (yy - dy)
        if label == 0:
            img = np.exp(-(u**2 / 0.05 + v**2 / 0.4))  # a vertical bar
        elif label == 1:
            img = np.exp(-(u**2 / 0.4 + v**2 / 0.05))  # a horizontal bar
        else:
            img = np.exp(-(u**2 + v**2) / 0.1)  # a blob
        images.append(img[None])
        labels.append(label)
    return torch.tensor(np.array(images)), torch.tensor(np.array(labels))


x_train, y_train = make_images(96)
x_test, y_test = make_images(32)
train_loader = DataLoader(TensorDataset(x_train, y_train), batch_size=32, shuffle=False)
test_loader = DataLoader(TensorDataset(x_test, y_test), batch_size=32)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 10, kernel_size=5)
        self.fc1 = nn.Linear(160, 32)
        self.fc2 = nn.Linear(32, 3)

        # Spatial transformer localization-network
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
        )

        # Regressor for the 3 * 2 affine matrix
        self.fc_loc = nn.Sequential(nn.Linear(10 * 3 * 3, 32), nn.ReLU(True), nn.Linear(32, 3 * 2))

        # Initialize the weights/bias with identity transformation
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    # Spatial transformer network forward function
    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)

        grid = F.affine_grid(theta, x.size(), align_corners=False)
        x = F.grid_sample(x, grid, align_corners=False)
        return x

    def forward(self, x):
        # transform the input
        x = self.stn(x)

        # Perform the usual forward pass
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 160)
        x = F.relu(self.fc1(x))
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.05)
results = {"train": [], "test": []}


def train(epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        results["train"].append(loss.item())


def test():
    with torch.no_grad():
        model.eval()
        test_loss = 0
        correct = 0
        for data, target in test_loader:
            output = model(data)
            test_loss += F.nll_loss(output, target, size_average=False).item()
            pred = output.max(1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()
        test_loss /= len(test_loader.dataset)
        results["test"].append([test_loss, correct])


for epoch in range(1, 4):
    train(epoch)
    test()

with torch.no_grad():
    transformed = model.stn(x_test[:4])
results["transformed"] = transformed.sum(dim=(1, 2, 3)).tolist()
results["theta"] = model.fc_loc(model.localization(x_test[:2]).view(-1, 90)).view(-1, 2, 3).tolist()

# The sampler's other settings, with gradients to the input and to the grid.
image = torch.randn(2, 3, 5, 6, dtype=torch.float64, requires_grad=True)
theta = torch.tensor(
    [[[1.2, 0.3, 0.1], [-0.2, 0.9, -0.3]], [[0.7, -0.5, 0.4], [0.6, 1.1, 0.2]]],
    dtype=torch.float64,
    requires_grad=True,
)
probes = {}
for align_corners in (False, True):
    grid = F.affine_grid(theta, (2, 3, 4, 7), align_corners=align_corners)
    for mode in ("bilinear", "nearest", "bicubic"):
        for padding_mode in ("zeros", "border", "reflection"):
            out = F.grid_sample(image, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners)
            weights = torch.arange(out.numel(), dtype=torch.float64).view_as(out).cos()
            d_image, d_theta = torch.autograd.grad((out * weights).sum(), (image, theta))
            probes[f"{mode}-{padding_mode}-{align_corners}"] = [
                out.sum().item(),
                d_image.pow(2).sum().item(),
                d_theta.flatten().tolist(),
            ]
results["probes"] = probes

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
