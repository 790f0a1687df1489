"""autograd.selu, autograd.celu, autograd.rrelu (PyTorch's torch.selu, torch.celu,
torch.rrelu): gradients by finite differences, first and second, and their errors."""

import numpy as np
import pytest

import autograd
from autograd import gradcheck, gradgradcheck

# away from the kink at 0, where finite differences straddle two formulas
VALUES = np.array([[-2.5, -0.7, 0.4], [1.3, -0.2, 2.2]])

FUNCTIONS = {
    "selu": lambda x: autograd.selu(x),
    "celu": lambda x: autograd.celu(x),
    "celu(alpha=0.5)": lambda x: autograd.celu(x, alpha=0.5),
    "celu(alpha=-2.0)": lambda x: autograd.celu(x, -2.0),
    "rrelu": lambda x: autograd.rrelu(x),
    "rrelu(0.1, 0.3)": lambda x: autograd.rrelu(x, 0.1, 0.3),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_gradients_agree_with_finite_differences(name):
    x = autograd.tensor(VALUES, requires_grad=True)
    assert gradcheck(FUNCTIONS[name], x)
    assert gradgradcheck(FUNCTIONS[name], x)


def test_rrelu_while_training_keeps_its_drawn_slopes_in_the_gradient():
    autograd.manual_seed(5)
    x = autograd.tensor(VALUES, requires_grad=True)
    y = autograd.rrelu(x, training=True)
    y.sum().backward()
    slopes = y.numpy() / VALUES
    np.testing.assert_allclose(x.grad.numpy(), slopes, rtol=1e-15)
    negative = VALUES < 0
    assert np.all((slopes[negative] >= 1 / 8) & (slopes[negative] <= 1 / 3)) and np.all(
        slopes[~negative] == 1
    )


def test_in_place_forms_write_into_their_input():
    for function, in_place in [(autograd.selu, autograd.selu_), (autograd.celu, autograd.celu_)]:
        x = autograd.tensor(VALUES.copy())
        assert in_place(x) is x
        np.testing.assert_array_equal(x.numpy(), function(autograd.tensor(VALUES)).numpy())
    x = autograd.tensor(VALUES.copy())
    np.testing.assert_array_equal(autograd.rrelu_(x).numpy(), autograd.rrelu(autograd.tensor(VALUES)).numpy())


ERRORS = [
    (lambda: autograd.selu([1.0]), TypeError, r"selu\(\): argument 'input' must be a Tensor, not list"),
    (lambda: autograd.celu(autograd.ones(2), 0.0), ValueError, r"celu: alpha must be a non-zero number"),
    (lambda: autograd.celu(autograd.ones(2), "1"), TypeError, r"celu: alpha must be a real number"),
    (lambda: autograd.rrelu(autograd.ones(2), 0.5, 0.1), ValueError, r"rrelu: lower must be at most upper"),
    (
        lambda: autograd.rrelu(autograd.ones(2), float("nan")),
        ValueError,
        r"rrelu: lower must be a finite number",
    ),
    (lambda: autograd.rrelu(autograd.tensor([1, -2]), training=True), TypeError, r"floating-point Tensor"),
]


@pytest.mark.parametrize("call, error, message", ERRORS)
def test_errors_name_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_celu_refuses_an_alpha_beyond_the_inputs_dtype():
    """PyTorch: 'value cannot be converted to type float without overflow' (a RuntimeError)."""
    x = autograd.tensor([[-1.0, 0.5]], dtype=autograd.float32)
    with pytest.raises(RuntimeError, match="alpha=.*float32 without overflow"):
        autograd.celu(x, 3.5e38)
    assert np.isfinite(autograd.celu(x.double(), 3.5e38).numpy()).all()
