"""autograd.selu, autograd.celu, autograd.rrelu and their in-place forms against torch.selu,
torch.celu, torch.rrelu: values and gradients, float64 and float32, rrelu's random slopes for
the same seed."""

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

CALLS = {
    "selu": lambda m, x: m.selu(x),
    "celu": lambda m, x: m.celu(x),
    "celu(0.3)": lambda m, x: m.celu(x, 0.3),
    "celu(alpha=2.5)": lambda m, x: m.celu(x, alpha=2.5),
    "rrelu": lambda m, x: m.rrelu(x),
    "rrelu(0.2, 0.4)": lambda m, x: m.rrelu(x, 0.2, 0.4),
    "rrelu(training)": lambda m, x: m.rrelu(x, training=True),
    "rrelu(0.1, 0.5, True)": lambda m, x: m.rrelu(x, 0.1, 0.5, True),
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_values_and_gradients_match_torch(name, dtype):
    values = np.random.default_rng(2).standard_normal((3, 5)).astype(dtype) * 3
    x = autograd.tensor(values, requires_grad=True)
    tx = torch.tensor(values, requires_grad=True)
    autograd.manual_seed(11)
    torch.manual_seed(11)
    ours, theirs = CALLS[name](autograd, x), CALLS[name](torch, tx)
    assert str(ours.dtype) == dtype
    tolerance = 1e-12 if dtype == "float64" else 1e-6
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=tolerance, atol=tolerance)
    upstream = np.random.default_rng(3).standard_normal((3, 5)).astype(dtype)
    ours.backward(upstream)
    theirs.backward(torch.tensor(upstream))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("name", ["selu_", "celu_", "rrelu_"])
def test_in_place_forms_match_torch(name):
    values = np.random.default_rng(4).standard_normal(6) * 2
    x, tx = autograd.tensor(values), torch.tensor(values)
    autograd.manual_seed(1)
    torch.manual_seed(1)
    ours, theirs = getattr(autograd, name)(x), getattr(torch, name)(tx)
    assert ours is x and theirs is tx
    np.testing.assert_allclose(x.numpy(), tx.numpy(), rtol=1e-12)
