"""The tensor functions added in session 8: first and second derivatives against finite
differences (float64, broadcasting included), and their errors on bad input."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, gradcheck, gradgradcheck


def var(rng, shape, low=-2.0, high=2.0):
    return Tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def distinct(rng, shape):
    """Values far apart (no ties within the finite-difference step)."""
    n = int(np.prod(shape))
    return Tensor((rng.permutation(n).reshape(shape) - n / 2) * 4 / max(n, 1) + 0.05, requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


BROADCAST_PAIRS = [((3,), ()), ((2, 3), (3,)), ((4, 1), (1, 5)), ((2, 3), (2, 3))]


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS)
@pytest.mark.parametrize("name", ["logaddexp", "logaddexp2", "hypot", "lerp"])
def test_binary_with_broadcasting(rng, name, shapes):
    a, b = var(rng, shapes[0]), var(rng, shapes[1])
    if name == "lerp":
        check(lambda a, b, w: ag.lerp(a, b, w), a, b, var(rng, shapes[1], 0, 1))
        check(lambda a, b: ag.lerp(a, b, 0.3), a, b)
    else:
        check(getattr(ag, name), a, b)


def test_nan_to_num_passes_the_gradient_where_finite():
    x = Tensor([1.0, math.nan, math.inf, -2.0], requires_grad=True)
    ag.nan_to_num(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1, 0, 0, 1])
    check(ag.nan_to_num, Tensor([0.5, -1.5], requires_grad=True))


def test_products(rng):
    check(ag.outer, var(rng, 3), var(rng, 4))
    check(ag.trace, var(rng, (3, 4)))
    check(ag.kron, var(rng, (2, 3)), var(rng, (2, 2)))
    check(ag.kron, var(rng, (3,)), var(rng, (2, 2)))
    check(lambda a, b: ag.cross(a, b, dim=1), var(rng, (2, 3)), var(rng, (1, 3)))
    check(lambda a, b: ag.linalg.cross(a, b), var(rng, (3,)), var(rng, (2, 3)))


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, math.inf])
def test_cdist(rng, p):
    check(lambda a, b: ag.cdist(a, b, p), var(rng, (2, 3, 2)), var(rng, (1, 4, 2)))


@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_medians(rng, name):
    check(getattr(ag, name), distinct(rng, (3, 5)))
    check(lambda x: getattr(ag, name)(x, 1).values, distinct(rng, (3, 4)))
    check(lambda x: getattr(ag, name)(x, 0, keepdim=True).values, distinct(rng, (3, 4)))


def test_median_of_ties_shares_the_gradient():
    x = Tensor([3.0, 1.0, 2.0, 2.0, 5.0], requires_grad=True)
    ag.median(x).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, 0.5, 0.5, 0])
    assert ag.median(x, 0).indices.item() == 3  # rank (n - 1) // 2 of a stable sort: the later 2
    assert ag.mode(Tensor([2.0, 1.0, 2.0, 1.0])).indices.item() == 3  # the smallest mode, its last place


@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
def test_quantile(rng, interpolation):
    x = distinct(rng, (3, 5))
    check(lambda x: ag.quantile(x, 0.3, 1, interpolation=interpolation), x)
    check(lambda x: ag.nanquantile(x, 0.7, interpolation=interpolation), x)
    check(
        lambda x, q: ag.quantile(x, q, 0, True, interpolation=interpolation),
        x,
        Tensor([0.15, 0.6], requires_grad=True),
    )


def test_picked_values(rng):
    x = distinct(rng, (3, 4))
    check(lambda x: ag.mode(x, 1).values, x)
    check(lambda x: ag.cummax(x, 1).values, x)
    check(lambda x: ag.cummin(x, 0).values, x)
    check(lambda x: ag.aminmax(x, dim=1).max, x)
    check(lambda x: ag.masked_select(x, x > 0), x)
    check(lambda x: ag.masked_select(x, ag.tensor([True, False, True, True])), x)
    check(lambda x: ag.take(x, ag.tensor([[0, -1], [5, 5]])), x)


def test_logcumsumexp(rng):
    check(lambda x: ag.logcumsumexp(x, 1), var(rng, (2, 4)))
    check(lambda x: ag.logcumsumexp(x, 0), var(rng, (5,), -40, 40))
    check(lambda x: ag.logcumsumexp(x, 0), var(rng, ()))


def test_cutting_and_building(rng):
    x = var(rng, (4, 5))
    check(lambda x: ag.tensor_split(x, 3, dim=1), x)
    check(lambda x: ag.tensor_split(x, [1, 3]), x)
    check(lambda x: ag.diff(x, 2, 1), x)
    check(lambda x, p, a: ag.diff(x, 1, 0, p, a), x, var(rng, (1, 5)), var(rng, (2, 5)))
    check(lambda x: ag.rot90(x, 1), x)
    check(lambda x: ag.rot90(x, -1, (1, 0)), x)
    check(lambda x: ag.vander(x, 4), Tensor([0.0, 1.5, -0.7], requires_grad=True))  # 0 ** 0 too
    check(ag.block_diag, var(rng, (2, 3)), var(rng, 2), var(rng, ()))
    check(ag.cartesian_prod, var(rng, 2), var(rng, 3))
    check(lambda x: ag.combinations(x, 2, with_replacement=True), var(rng, 3))
    check(lambda a, b: ag.meshgrid(a, b, indexing="xy"), var(rng, 2), var(rng, 3))
    check(lambda x: ag.diag_embed(x, 1, 0, 2), var(rng, (2, 3)))
    check(lambda x: ag.diagflat(x, -1), var(rng, (2, 2)))
    check(lambda x: ag.atleast_3d(x), var(rng, 3))


def test_no_gradient_results(rng):
    x = var(rng, (3, 4))
    for out in (
        ag.heaviside(x, Tensor([0.5])),
        ag.unique(x),
        ag.histc(x, 4),
        ag.searchsorted(ag.tensor([0.0, 1.0]), x),
        ag.count_nonzero(x),
    ):
        assert not out.requires_grad


BAD = [
    (
        lambda: ag.outer(ag.ones(2, 2), ag.ones(2)),
        ValueError,
        "input and vec2 must be 1-D, got shapes (2, 2) and (2,)",
    ),
    (lambda: ag.trace(ag.ones(2)), ValueError, "trace: input must be a matrix (2-D), got shape (2,)"),
    (lambda: ag.cross(ag.ones(2, 4), ag.ones(2, 4)), ValueError, "no dimension of size 3 in shape (2, 4)"),
    (
        lambda: ag.linalg.cross(ag.ones(3, 2), ag.ones(3, 2)),
        ValueError,
        "dim 1 of the shapes (3, 2) and (3, 2) must",
    ),
    (
        lambda: ag.cross(ag.ones(2, 3), ag.ones(4, 3)),
        ValueError,
        "shapes (2, 3) and (4, 3) cannot be broadcast",
    ),
    (lambda: ag.cdist(ag.ones(2, 3), ag.ones(2, 4)), ValueError, "got shapes (2, 3) and (2, 4)"),
    (lambda: ag.cdist(ag.ones(2, 3), ag.ones(2, 3), compute_mode="fast"), ValueError, "compute_mode must be"),
    (lambda: ag.cdist(ag.ones(2, 3), ag.ones(2, 3), p=-1), ValueError, "p must be a number >= 0"),
    (
        lambda: ag.logaddexp(ag.tensor([1, 2]), ag.ones(2)),
        TypeError,
        "logaddexp: input must be a floating-point",
    ),
    (lambda: ag.heaviside(ag.ones(2), ag.tensor([1])), TypeError, "must have the same dtype"),
    (lambda: ag.median(ag.ones(2, 3), 2), IndexError, "median: dim 2 is out of range"),
    (lambda: ag.median(ag.ones(2, 0), 1), ValueError, "median: dim 1 of shape (2, 0) has no elements"),
    (
        lambda: ag.quantile(ag.ones(3), 1.5),
        ValueError,
        "quantile: q values must be in the range [0, 1], got 1.5",
    ),
    (lambda: ag.quantile(ag.ones(3), 0.5, interpolation="cubic"), ValueError, "interpolation must be one of"),
    (
        lambda: ag.quantile(ag.tensor([1, 2]), 0.5),
        TypeError,
        "input must be a floating-point Tensor, got dtype int64",
    ),
    (lambda: ag.histc(ag.ones(3), bins=0), ValueError, "histc: bins must be a positive int, got 0"),
    (lambda: ag.histc(ag.ones(3), min=2, max=1), ValueError, "max must be larger than min, got min=2, max=1"),
    (
        lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([1]), side="middle"),
        ValueError,
        "'left' or 'right'",
    ),
    (
        lambda: ag.searchsorted(ag.tensor([1, 2]), ag.tensor([1]), side="left", right=True),
        ValueError,
        "contradict",
    ),
    (
        lambda: ag.searchsorted(ag.ones(2, 3), ag.ones(3, 1)),
        ValueError,
        "same leading dimensions, got shape (3, 1)",
    ),
    (lambda: ag.bucketize(ag.ones(2), ag.ones(2, 2)), ValueError, "boundaries must be 1-D, got shape (2, 2)"),
    (
        lambda: ag.masked_select(ag.ones(2, 3), ag.ones(2, 3)),
        TypeError,
        "mask must be a bool Tensor, got dtype float64",
    ),
    (
        lambda: ag.masked_select(ag.ones(2, 3), ag.ones(4).bool()),
        ValueError,
        "mask of shape (4,) and input of shape (2, 3)",
    ),
    (
        lambda: ag.take(ag.ones(2, 3), ag.tensor([6])),
        IndexError,
        "take: index 6 is out of range for a dimension of size 6",
    ),
    (lambda: ag.take(ag.ones(2, 3), ag.tensor([0.5])), TypeError, "take: index must hold integers"),
    (lambda: ag.tensor_split(ag.ones(4), 0), ValueError, "sections must be a positive int, got 0"),
    (lambda: ag.tensor_split(ag.ones(()), 2), ValueError, "at least one dimension"),
    (
        lambda: ag.diff(ag.ones(2, 3), prepend=ag.ones(3, 2)),
        ValueError,
        "of shape (3, 2) must match input's shape (2, 3)",
    ),
    (lambda: ag.diff(ag.ones(3), n=-1), ValueError, "n must be a non-negative int, got -1"),
    (lambda: ag.rot90(ag.ones(3)), ValueError, "for shape (3,)"),
    (lambda: ag.meshgrid(ag.ones(2, 2)), ValueError, "argument 0 has shape (2, 2)"),
    (lambda: ag.meshgrid(ag.ones(2), indexing="ji"), ValueError, "indexing must be 'ij' or 'xy', got 'ji'"),
    (lambda: ag.meshgrid([1, 2]), TypeError, "meshgrid: argument 0 must be a Tensor, not int"),
    (lambda: ag.block_diag(ag.ones(2, 2, 2)), ValueError, "at most 2 dimensions, got shape (2, 2, 2)"),
    (lambda: ag.combinations(ag.ones(2, 2)), ValueError, "input must be 1-D, got shape (2, 2)"),
    (lambda: ag.vander(ag.ones(2, 2)), ValueError, "x must be 1-D, got shape (2, 2)"),
    (lambda: ag.diag_embed(ag.ones(3), 0, 1, -1), ValueError, "dim1 and dim2 must differ, both are 1"),
    (lambda: ag.tril_indices(3, -1), ValueError, "row and col must be >= 0, got row=3, col=-1"),
    (lambda: ag.cummax(ag.ones(2), 1), IndexError, "cummax: dim 1 is out of range"),
    (lambda: ag.logcumsumexp(ag.tensor([1, 2]), 0), TypeError, "logcumsumexp: needs a floating-point Tensor"),
    (lambda: ag.unique(ag.ones(()), dim=0), ValueError, "unique: a 0-d Tensor has no dim"),
]


@pytest.mark.parametrize("call, error, message", BAD, ids=[b[2][:40] for b in BAD])
def test_errors_name_the_argument(call, error, message):
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
