"""nn.utils.parametrize: the parametrized tensor is recomputed from ``original`` at every read
(so gradients reach original, twice differentiable), right_inverse on registration and on
assignment, chaining, caching, removal, the class swap and the errors."""

import numpy as np
import pytest

import autograd
import nn
import nn.utils.parametrize as P
from autograd import Tensor, gradcheck, gradgradcheck


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)


class Scale(nn.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, X):
        return X * self.factor

    def right_inverse(self, A):
        return A / self.factor


def test_a_symmetric_weight_is_recomputed_and_trains_original(rng):
    layer = nn.Linear(3, 3)
    weight = layer.weight._data.copy()
    P.register_parametrization(layer, "weight", Symmetric())
    W = layer.weight
    np.testing.assert_array_equal(W._data, np.triu(weight) + np.triu(weight, 1).T)
    assert type(layer).__name__ == "ParametrizedLinear" and P.type_before_parametrizations(layer) is nn.Linear
    assert isinstance(layer, nn.Linear) and P.is_parametrized(layer) and P.is_parametrized(layer, "weight")
    assert not P.is_parametrized(layer, "bias")
    assert [n for n, _ in layer.named_parameters()] == ["bias", "parametrizations.weight.original"]
    original = layer.parametrizations.weight.original
    x = Tensor(rng.standard_normal((4, 3)))
    layer(x).sum().backward()
    assert layer.weight is not W and original.grad is not None  # recomputed; gradient to original
    assert np.allclose(original.grad._data, np.triu(original.grad._data))  # only the triangle counts


def test_gradients_through_a_parametrization_twice(rng):
    layer = nn.Linear(3, 2)
    P.register_parametrization(layer, "weight", Scale(3.0))
    P.register_parametrization(layer, "weight", Scale(0.5))
    original = layer.parametrizations.weight.original
    x = Tensor(rng.standard_normal((4, 3)), requires_grad=True)

    def f(x, original):
        return layer(x).tanh()

    assert gradcheck(f, (x, original))
    assert gradgradcheck(f, (x, original))


def test_right_inverse_on_registration_and_assignment_and_chaining():
    layer = nn.Linear(2, 2)
    P.register_parametrization(layer, "weight", Scale(3.0))
    layer.weight = autograd.tensor([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(layer.parametrizations.weight.original._data, [[1 / 3, 2 / 3], [1.0, 4 / 3]])
    np.testing.assert_allclose(layer.weight._data, [[1.0, 2.0], [3.0, 4.0]])
    P.register_parametrization(layer, "weight", Scale(0.5))  # chained: original left as it is
    assert len(layer.parametrizations.weight) == 2
    np.testing.assert_allclose(layer.weight._data, [[0.5, 1.0], [1.5, 2.0]])
    layer.weight = autograd.tensor([[2.0, 0.0], [0.0, 2.0]])  # through both right inverses
    np.testing.assert_allclose(layer.weight._data, [[2.0, 0.0], [0.0, 2.0]])


def test_cached_computes_once():
    layer = nn.Linear(2, 2)
    P.register_parametrization(layer, "weight", Symmetric())
    with P.cached():
        assert layer.weight is layer.weight
        with P.cached():
            first = layer.weight
        assert layer.weight is first  # still inside the outer block
    assert layer.weight is not layer.weight


@pytest.mark.parametrize("leave_parametrized", [True, False])
def test_remove_parametrizations(leave_parametrized):
    layer = nn.Linear(2, 2)
    P.register_parametrization(layer, "weight", Scale(2.0))
    original = layer.parametrizations.weight.original._data.copy()
    parametrized = layer.weight._data.copy()
    P.remove_parametrizations(layer, "weight", leave_parametrized=leave_parametrized)
    assert type(layer) is nn.Linear and not P.is_parametrized(layer)
    assert isinstance(layer.weight, nn.Parameter) and "parametrizations" not in dict(layer.named_children())
    np.testing.assert_array_equal(layer.weight._data, parametrized if leave_parametrized else original)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight"]


def test_a_buffer_can_be_parametrized():
    bn = nn.BatchNorm1d(3)
    P.register_parametrization(bn, "running_var", Scale(2.0))
    assert "parametrizations.running_var.original" in bn.state_dict()
    np.testing.assert_allclose(bn.running_var._data, np.ones(3))


class Flat(nn.Module):
    def forward(self, X):
        return X.reshape(-1)


def test_errors():
    layer = nn.Linear(2, 3)
    with pytest.raises(
        ValueError, match="does not have a parameter, a buffer, or a parametrized element .* 'kernel'"
    ):
        P.register_parametrization(layer, "kernel", Symmetric())
    with pytest.raises(ValueError, match="may not change the shape or dtype"):
        P.register_parametrization(layer, "weight", Flat())
    with pytest.raises(TypeError, match="must be an nn.Module"):
        P.register_parametrization(layer, "weight", lambda w: w)
    with pytest.raises(ValueError, match="does not have a parametrization on 'weight'"):
        P.remove_parametrizations(layer, "weight")
    P.register_parametrization(layer, "bias", Flat(), unsafe=True)
    assert layer.bias.shape == (3,)
    P.register_parametrization(layer, "weight", nn.Identity())
    with pytest.raises(RuntimeError, match="Identity does not implement right_inverse"):
        layer.weight = autograd.zeros(3, 2)
