"""linalg.vector_norm's general-p gradient (PNorm): gradcheck and gradgradcheck away from zeros,
and the zero gradients at zero entries and zero norms (no NaN)."""

import math

import numpy as np
import pytest

import autograd
from autograd import gradcheck, gradgradcheck

P = [0.5, 1.5, 3, -1, -0.5, 4.25]


@pytest.mark.parametrize("p", P)
@pytest.mark.parametrize(
    ("dim", "keepdim"), [(None, False), (1, False), (-1, True), ((0, 2), False), ((0, 2), True)]
)
def test_gradcheck(p, dim, keepdim):
    autograd.manual_seed(0)
    x = (autograd.rand(3, 4, 2) + 0.5) * autograd.tensor([1.0, -1.0])
    x.requires_grad_(True)

    def f(x):
        return autograd.linalg.vector_norm(x, p, dim=dim, keepdim=keepdim)

    assert gradcheck(f, (x,))
    assert gradgradcheck(f, (x,))


@pytest.mark.parametrize("p", [*P, 0, math.inf, -math.inf, 1, 2])
def test_zero_input_has_zero_gradient(p):
    x = autograd.zeros(2, 3, requires_grad=True)
    y = autograd.linalg.vector_norm(x, p, dim=1)
    assert y.tolist() == [0.0, 0.0]
    y.sum().backward()
    if p == 0:
        assert x.grad is None  # the count has no gradient
    else:
        np.testing.assert_array_equal(x.grad.numpy(), np.zeros((2, 3)))


@pytest.mark.parametrize("p", [0.5, 0.25])
def test_zero_entries_below_one(p):
    x = autograd.tensor([0.0, 1.0, -4.0], requires_grad=True)
    autograd.linalg.vector_norm(x, p).backward()
    norm = (1 + 4**p) ** (1 / p)
    expected = [0.0, norm ** (1 - p), -(4 ** (p - 1)) * norm ** (1 - p)]
    np.testing.assert_allclose(x.grad.numpy(), expected, rtol=1e-12)


def test_negative_p_with_a_zero_entry():
    """(sum |x|^p)^(1/p) is 0 as soon as one entry is 0 for p < 0; its gradient too."""
    x = autograd.tensor([0.0, 1.0, -2.0], requires_grad=True)
    y = autograd.linalg.vector_norm(x, -1)
    assert float(y) == 0.0
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(3))


def test_tensor_norm_uses_it():
    x = autograd.tensor([[0.0, 0.0], [3.0, -4.0]], requires_grad=True)
    x.norm(p=0.5, dim=1).sum().backward()
    assert np.isfinite(x.grad.numpy()).all() and x.grad[0].tolist() == [0.0, 0.0]
