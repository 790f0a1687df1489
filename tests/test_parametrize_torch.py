"""nn.utils.parametrize against PyTorch: the same code on both libraries gives the same names,
state_dict keys, values and gradients (float64, 1e-10), through registration, right_inverse,
chaining, a few optimiser steps and removal. Optional: skipped when torch is not installed."""

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")


def run(lib, modules, optimizers, weight, x):
    parametrize = modules.utils.parametrize

    class Symmetric(modules.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(-1, -2)

    class Scale(modules.Module):
        def __init__(self, factor):
            super().__init__()
            self.factor = factor

        def forward(self, X):
            return X * self.factor

        def right_inverse(self, A):
            return A / self.factor

    layer = modules.Linear(3, 3).double()
    with lib.no_grad():
        layer.weight.copy_(lib.tensor(weight))
        layer.bias.zero_()
    parametrize.register_parametrization(layer, "weight", Scale(2.0))
    layer.weight = lib.tensor(weight).T  # through right_inverse
    found = [layer.parametrizations.weight.original.detach().numpy().copy()]
    parametrize.register_parametrization(layer, "weight", Symmetric())
    found += [type(layer).__name__, [n for n, _ in layer.named_parameters()], list(layer.state_dict())]
    found.append(layer.parametrizations.weight.original.detach().numpy().copy())
    opt = optimizers.SGD(layer.parameters(), lr=0.1, momentum=0.9)
    for _ in range(3):
        opt.zero_grad()
        layer(lib.tensor(x)).pow(2).sum().backward()
        opt.step()
    found.append(layer.parametrizations.weight.original.grad.numpy().copy())
    found.append(layer.weight.detach().numpy().copy())
    parametrize.remove_parametrizations(layer, "weight", leave_parametrized=True)
    found += [type(layer).__name__, [n for n, _ in layer.named_parameters()], layer.weight.detach().numpy()]
    return found


def test_parametrize_matches_torch(rng):
    weight, x = rng.standard_normal((3, 3)), rng.standard_normal((4, 3))
    ours, theirs = run(autograd, nn, optim, weight, x), run(torch, torch.nn, torch.optim, weight, x)
    for a, b in zip(ours, theirs):
        if isinstance(b, np.ndarray):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
        else:
            assert a == b
