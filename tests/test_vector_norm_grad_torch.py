"""linalg.vector_norm and Tensor.norm against PyTorch at zeros: values and gradients for every p
(0 < p < 1, p = 0, p < 0, inf / -inf ties, all-zero inputs)."""

import math

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

INPUTS = {
    "zeros": [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
    "one_zero": [[0.0, 1.0, -2.0], [3.0, 0.0, 0.5]],
    "ties": [[2.0, -2.0, 1.0], [1.0, -1.0, 0.0]],
    "mixed": [[0.0, 0.0, 1.0], [0.5, -0.25, 2.0]],
}
P = [0, 0.25, 0.5, 1, 1.5, 2, 3, math.inf, -math.inf, -1, -0.5, -2.5]


def grads(lib, data, p, dim, keepdim, method):
    x = lib.tensor(data, dtype=lib.float64, requires_grad=True)
    y = (
        x.norm(p=p, dim=dim, keepdim=keepdim)
        if method
        else lib.linalg.vector_norm(x, p, dim=dim, keepdim=keepdim)
    )
    (y * lib.arange(1.0, y.numel() + 1, dtype=lib.float64).reshape(y.shape)).sum().backward()
    return y.detach().numpy(), None if x.grad is None else x.grad.numpy()


@pytest.mark.parametrize("name", list(INPUTS))
@pytest.mark.parametrize("p", P)
@pytest.mark.parametrize(("dim", "keepdim"), [(None, False), (1, False), (-2, True), ((0, 1), False)])
@pytest.mark.parametrize("method", [False, True])
def test_values_and_gradients(name, p, dim, keepdim, method):
    (y, g), (ty, tg) = (grads(lib, INPUTS[name], p, dim, keepdim, method) for lib in (autograd, torch))
    np.testing.assert_allclose(y, ty, rtol=1e-10, atol=0)
    if tg is None:
        assert g is None
    else:
        np.testing.assert_allclose(g, tg, rtol=1e-10, atol=0)
