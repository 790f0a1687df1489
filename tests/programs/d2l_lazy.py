"""d2l (Dive into Deep Learning, PyTorch edition), the builders' guide: lazy initialization
(LazyLinear, the dry run, apply_init), parameter management (access, initialisation, tied
parameters), file I/O (a state dict saved and loaded into a fresh lazy model), and the LeNet and
batch-normalised LeNet of the convolutional chapters built from lazy layers, with layer_summary
and a few SGD steps. d2l's helpers are inlined; Fashion-MNIST is replaced by random data of its
shapes."""
import json
import sys

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
results = {}

# --- lazy initialization ---
net = nn.Sequential(nn.LazyLinear(256), nn.ReLU(), nn.LazyLinear(10))
print(net[0].weight)
print(net)
print(net.state_dict())
X = torch.rand(2, 20)
print(net(X).shape)
print(net[0].weight.shape)
print(net)
results["lazy_shapes"] = [list(p.shape) for p in net.parameters()]
results["lazy_output"] = net(X).sum().item()


def apply_init(module, inputs, init=None):
    """d2l.Module.apply_init: a dry run, then an initialisation of the materialized layers."""
    module(*inputs)
    if init is not None:
        module.apply(init)


# --- parameter management ---
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
X = torch.rand(size=(2, 4))
print(net(X).shape)
print(net[2].state_dict())
print(type(net[2].bias).__name__, net[2].bias.data)
print(net[2].weight.grad is None)
print([(name, param.shape) for name, param in net.named_parameters()])


def init_normal(module):
    if type(module) == nn.Linear:
        nn.init.normal_(module.weight, mean=0, std=0.01)
        nn.init.zeros_(module.bias)


net.apply(init_normal)
print(net[0].weight.data[0], net[0].bias.data[0])


def init_constant(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 1)
        nn.init.zeros_(module.bias)


net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])


def init_xavier(module):
    if type(module) == nn.Linear:
        nn.init.xavier_uniform_(module.weight)


def init_42(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 42)


net[0].apply(init_xavier)
net[2].apply(init_42)
print(net[0].weight.data[0])
print(net[2].weight.data)


def my_init(module):
    if type(module) == nn.Linear:
        print("Init", *[(name, param.shape) for name, param in module.named_parameters()][0])
        nn.init.uniform_(module.weight, -10, 10)
        module.weight.data *= module.weight.data.abs() >= 5


net.apply(my_init)
print(net[0].weight[:2])
net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0])
results["managed"] = [p.sum().item() for p in net.parameters()]

# tied parameters: one lazy layer used twice
shared = nn.LazyLinear(8)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1))
net(X)
print(net[2].weight.data[0] == net[4].weight.data[0])
net[2].weight.data[0, 0] = 100
print(net[2].weight.data[0] == net[4].weight.data[0])
print(len(list(net.parameters())))
results["tied"] = net(X).sum().item()


# --- file I/O ---
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.LazyLinear(256)
        self.output = nn.LazyLinear(10)

    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))


net = MLP()
X = torch.randn(size=(2, 20))
Y = net(X)
torch.save(net.state_dict(), "mlp.params")
clone = MLP()
print(clone)
clone.load_state_dict(torch.load("mlp.params"))
clone.eval()
Y_clone = clone(X)
print(Y_clone == Y)
print(clone)
results["file_io"] = Y_clone.sum().item()


# --- LeNet and the batch-normalised LeNet, from lazy layers ---
def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)


def lenet(num_classes=10):
    return nn.Sequential(
        nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.LazyLinear(120), nn.Sigmoid(),
        nn.LazyLinear(84), nn.Sigmoid(),
        nn.LazyLinear(num_classes))


def bn_lenet(num_classes=10):
    return nn.Sequential(
        nn.LazyConv2d(6, kernel_size=5), nn.LazyBatchNorm2d(),
        nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.LazyConv2d(16, kernel_size=5), nn.LazyBatchNorm2d(),
        nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(), nn.LazyLinear(120), nn.LazyBatchNorm1d(),
        nn.Sigmoid(), nn.LazyLinear(84), nn.LazyBatchNorm1d(),
        nn.Sigmoid(), nn.LazyLinear(num_classes))


def layer_summary(model, X_shape):
    X = torch.randn(*X_shape)
    for layer in model:
        X = layer(X)
        print(layer.__class__.__name__, "output shape:\t", X.shape)


images, labels = torch.randn(16, 1, 28, 28), torch.randint(0, 10, (16,))
for name, build in (("lenet", lenet), ("bn_lenet", bn_lenet)):
    model = build()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)  # made before the dry run
    layer_summary(model, (2, 1, 28, 28))
    apply_init(model, [torch.randn(2, 1, 28, 28)], init_cnn)
    print(model)
    losses = []
    for step in range(3):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(f"{name} losses", [round(value, 6) for value in losses])
    model.eval()
    results[name] = {"losses": losses, "eval": model(images[:4]).sum().item(),
                     "parameters": sum(p.numel() for p in model.parameters())}

json.dump(results, open(sys.argv[1], "w"))
