"""cosine_similarity, pairwise_distance, normalize and broadcast_tensors against PyTorch
(float64): values, gradients and Hessian-vector products. Optional: skipped without torch."""

import numpy as np
import pytest
from test_ops_new_torch import compare, uniform

import autograd as ag
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional


@pytest.mark.parametrize(
    "shapes, dim", [(((3, 4), (3, 4)), 1), (((3, 4), (4,)), -1), (((2, 1, 3), (4, 3)), 2)]
)
def test_cosine_similarity(shapes, dim):
    arrays = [uniform(s, seed=n) for n, s in enumerate(shapes)]
    compare(
        lambda a, b: F.cosine_similarity(a, b, dim), lambda a, b: TF.cosine_similarity(a, b, dim), *arrays
    )


@pytest.mark.parametrize("p, keepdim", [(2.0, False), (1.0, True), (3.0, False)])
def test_pairwise_distance(p, keepdim):
    a, b = uniform((3, 4)), uniform((1, 4), seed=2)
    compare(
        lambda a, b: F.pairwise_distance(a, b, p, keepdim=keepdim),
        lambda a, b: TF.pairwise_distance(a, b, p, keepdim=keepdim),
        a,
        b,
    )


@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (3.0, -1)])
def test_normalize(p, dim):
    compare(lambda x: F.normalize(x, p, dim), lambda x: TF.normalize(x, p, dim), uniform((3, 4)))
    zeros = np.zeros((2, 3))
    np.testing.assert_array_equal(
        F.normalize(ag.Tensor(zeros)).numpy(), TF.normalize(torch.tensor(zeros)).numpy()
    )


def test_broadcast_tensors():
    compare(
        lambda a, b: ag.broadcast_tensors(a, b),
        lambda a, b: torch.broadcast_tensors(a, b),
        uniform((3, 1)),
        uniform((2, 1, 4), seed=2),
    )
    assert tuple(ag.broadcast_shapes((3, 1), (4,), 4)) == tuple(torch.broadcast_shapes((3, 1), (4,), 4))
