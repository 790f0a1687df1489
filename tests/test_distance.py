"""nn.functional's cosine_similarity, pairwise_distance and normalize, and autograd's
broadcast_tensors / broadcast_shapes: first and second derivatives against finite differences
(float64, broadcasting included), and errors on bad input."""

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck, tensor


def var(rng, shape):
    return Tensor(rng.uniform(-2, 2, size=shape), requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


@pytest.mark.parametrize(
    "shapes, dim", [(((3, 4), (3, 4)), 1), (((3, 4), (4,)), -1), (((2, 1, 3), (4, 3)), 2)]
)
def test_cosine_similarity(rng, shapes, dim):
    check(lambda a, b: F.cosine_similarity(a, b, dim=dim), *[var(rng, s) for s in shapes])


def test_cosine_similarity_values(rng):
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    expected = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    np.testing.assert_allclose(F.cosine_similarity(Tensor(a), Tensor(b)).numpy(), expected)
    assert F.cosine_similarity(Tensor(np.zeros(3)), Tensor(np.ones(3)), dim=0).item() == 0.0


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0])
def test_pairwise_distance(rng, p):
    check(lambda a, b: F.pairwise_distance(a, b, p=p), var(rng, (3, 4)), var(rng, (1, 4)))
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    np.testing.assert_allclose(
        F.pairwise_distance(Tensor(a), Tensor(b), p=p, keepdim=True).numpy(),
        np.linalg.norm(a - b + 1e-6, ord=p, axis=1, keepdims=True),
    )


@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (2.0, -1)])
def test_normalize(rng, p, dim):
    check(lambda x: F.normalize(x, p=p, dim=dim), var(rng, (3, 4)))
    x = rng.normal(size=(3, 4))
    np.testing.assert_allclose(
        F.normalize(Tensor(x), p=p, dim=dim).numpy(), x / np.linalg.norm(x, ord=p, axis=dim, keepdims=True)
    )
    assert F.normalize(Tensor(np.zeros((2, 3)))).tolist() == [[0.0] * 3] * 2


def test_broadcast_tensors(rng):
    a, b = var(rng, (3, 1)), var(rng, (4,))
    x, y = autograd.broadcast_tensors(a, b)
    assert x.shape == y.shape == (3, 4)
    check(lambda a, b: autograd.broadcast_tensors(a, b), a, b)
    assert autograd.broadcast_tensors([a])[0] is a
    assert autograd.broadcast_shapes((3, 1), (4,), (1, 1)) == (3, 4)
    assert autograd.broadcast_shapes(5, (1,)) == (5,)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: F.cosine_similarity(Tensor(np.ones((2, 3))), Tensor(np.ones((2, 4)))),
            ValueError,
            "broadcast",
        ),
        (lambda: F.cosine_similarity(autograd.tensor([1, 2]), Tensor(np.ones(2)), 0), TypeError, "x1.*int64"),
        (lambda: F.cosine_similarity(Tensor(np.ones(2)), Tensor(np.ones(2)), 0, eps=-1.0), ValueError, "eps"),
        (lambda: F.cosine_similarity(Tensor(np.ones(2)), Tensor(np.ones(2)), 3), IndexError, "dim 3"),
        (lambda: F.pairwise_distance(Tensor(np.ones(2)), Tensor(np.ones(2)), p="2"), TypeError, "p must be"),
        (lambda: F.pairwise_distance(tensor(1.0), tensor(1.0)), ValueError, "at least one dimension"),
        (lambda: F.normalize(Tensor(np.ones(2)), p=None), TypeError, "p must be"),
        (
            lambda: autograd.broadcast_tensors(Tensor(np.ones(2)), Tensor(np.ones(3))),
            ValueError,
            r"\(2,\), \(3,\)",
        ),
        (lambda: autograd.broadcast_tensors(Tensor(np.ones(2)), [1.0]), TypeError, "argument 1"),
        (lambda: autograd.broadcast_shapes((2,), (3,)), ValueError, "cannot be broadcast"),
        (lambda: autograd.broadcast_shapes(("a",)), TypeError, "ints"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
