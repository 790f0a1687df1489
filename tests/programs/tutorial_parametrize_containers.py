"""Parametrizations tutorial (pytorch/tutorials, intermediate/parametrizations) and the module
containers: torch.nn.utils.parametrize.register_parametrization (a symmetric matrix, a matrix
exponential-free skew-symmetric one, chained parametrizations, right_inverse, cached,
remove_parametrizations), with nn.ModuleDict, nn.ModuleList, nn.ParameterList and
nn.ParameterDict in a small model trained with SGD."""
import json
import sys

import torch
import torch.nn as nn
import torch.nn.utils.parametrize as parametrize

torch.manual_seed(0)
results = {}


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class Skew(nn.Module):
    def forward(self, X):
        A = X.triu(1)
        return A - A.transpose(-1, -2)


class NoiseFree(nn.Module):
    """Scales its input; right_inverse lets `layer.weight = ...` assign through it."""

    def __init__(self, scale):
        super().__init__()
        self.scale = scale

    def forward(self, X):
        return X * self.scale

    def right_inverse(self, A):
        return A / self.scale


layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Symmetric())
A = layer.weight
results["symmetric"] = torch.allclose(A, A.T)
results["is_parametrized"] = [parametrize.is_parametrized(layer), parametrize.is_parametrized(layer, "weight"), parametrize.is_parametrized(layer, "bias")]
results["original_shape"] = list(layer.parametrizations.weight.original.shape)
results["param_names"] = [name for name, _ in layer.named_parameters()]
results["state_dict_keys"] = list(layer.state_dict().keys())

skew = nn.Linear(4, 4)
parametrize.register_parametrization(skew, "weight", Skew())
results["skew"] = (skew.weight + skew.weight.T).abs().max().item()

scaled = nn.Linear(2, 2)
parametrize.register_parametrization(scaled, "weight", NoiseFree(3.0))
scaled.weight = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
results["right_inverse"] = [scaled.weight.tolist(), scaled.parametrizations.weight.original.tolist()]
parametrize.register_parametrization(scaled, "weight", NoiseFree(0.5))
results["chained"] = [scaled.weight.tolist(), len(scaled.parametrizations.weight)]
with parametrize.cached():
    first = scaled.weight
    second = scaled.weight
    results["cached_same"] = first is second
parametrize.remove_parametrizations(scaled, "weight", leave_parametrized=True)
results["removed"] = [scaled.weight.tolist(), parametrize.is_parametrized(scaled), type(scaled.weight).__name__]


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleDict({"first": nn.Linear(3, 3), "second": nn.Linear(3, 3)})
        self.heads = nn.ModuleList([nn.Linear(3, 1) for _ in range(2)])
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(3)) for _ in range(2)])
        self.offsets = nn.ParameterDict({"a": nn.Parameter(torch.zeros(1)), "b": nn.Parameter(torch.full((1,), 0.5))})
        parametrize.register_parametrization(self.blocks["first"], "weight", Symmetric())

    def forward(self, x, which):
        for i, key in enumerate(["first", "second"]):
            x = torch.tanh(self.blocks[key](x) * self.scales[i])
        return self.heads[which](x) + self.offsets["a" if which == 0 else "b"]


model = Model()
results["model_params"] = [name for name, _ in model.named_parameters()]
results["n_params"] = sum(p.numel() for p in model.parameters())
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
x = torch.randn(16, 3)
y = torch.randn(16, 1)
losses = []
for step in range(30):
    opt.zero_grad()
    loss = sum(nn.functional.mse_loss(model(x, which), y) for which in range(2))
    loss.backward()
    opt.step()
    losses.append(loss.item())
results["losses"] = losses
W = model.blocks["first"].weight
results["still_symmetric"] = (W - W.T).abs().max().item()
results["scales"] = [p.tolist() for p in model.scales]
results["offsets"] = {k: v.item() for k, v in model.offsets.items()}
results["keys"] = list(model.blocks.keys())
results["state_dict_keys"] = list(model.state_dict().keys())

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        json.dump(results, f)
