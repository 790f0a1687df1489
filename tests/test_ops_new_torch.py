"""The ops added for #19 against PyTorch (float64): values, gradients and Hessian-vector
products, ties and zeros included. Optional: skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd import ops

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-12


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _same(ours, theirs):
    theirs = theirs.detach().numpy(force=True) if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype.kind == theirs.dtype.kind, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def compare(ours, theirs, *arrays, second=True):
    """Same values, same gradients of a weighted sum of the outputs, and (with second) the
    same Hessian-vector products, for every float array in ``arrays`` (others pass as they are)."""
    rng = np.random.default_rng(0)
    xs = [ag.Tensor(a, requires_grad=True) for a in arrays]
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    outs, touts = _tuple(ours(*xs)), _tuple(theirs(*txs))
    assert len(outs) == len(touts)
    for o, t in zip(outs, touts):
        _same(o, t)
    pairs = [(o, t) for o, t in zip(outs, touts) if t.requires_grad]
    if not pairs:
        return
    weights = [rng.uniform(-1, 1, o.shape) for o, _ in pairs]
    loss = sum((o * ag.Tensor(w)).sum() for (o, _), w in zip(pairs, weights))
    tloss = sum((t * torch.tensor(w)).sum() for (_, t), w in zip(pairs, weights))
    grads = ag.grad(loss, xs, create_graph=second, allow_unused=True)
    tgrads = torch.autograd.grad(tloss, txs, create_graph=second, allow_unused=True)
    for x, g, t in zip(xs, grads, tgrads):
        _same(
            np.zeros(x.shape) if g is None else g,
            torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
        )
    if not second:
        return
    vs = [rng.uniform(-1, 1, x.shape) for x in xs]
    terms = [(g * ag.Tensor(v)).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
    tterms = [(t * torch.tensor(v)).sum() for t, v in zip(tgrads, vs) if t is not None and t.requires_grad]
    hvps = ag.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
    thvps = torch.autograd.grad(sum(tterms), txs, allow_unused=True) if tterms else [None] * len(xs)
    for x, h, t in zip(xs, hvps, thvps):
        _same(
            np.zeros(x.shape) if h is None else h,
            torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
        )


def uniform(shape, low=-2.0, high=2.0, seed=1):
    return np.random.default_rng(seed).uniform(low, high, shape)


def distinct(shape, seed=1):
    n = int(np.prod(shape))
    return (np.random.default_rng(seed).permutation(n).reshape(shape) - n / 2) / n * 4 + 0.05


def ints(values):
    return np.array(values, dtype=np.int64)


# ---- elementwise -------------------------------------------------------------------------

UNARY = [
    ("log2", ops.Log2.apply, torch.log2, 0.2, 3),
    ("log10", ops.Log10.apply, torch.log10, 0.2, 3),
    ("log1p", ops.Log1p.apply, torch.log1p, -0.8, 3),
    ("expm1", ops.Expm1.apply, torch.expm1, -2, 2),
    ("rsqrt", ops.Rsqrt.apply, torch.rsqrt, 0.2, 3),
    ("square", ops.Square.apply, torch.square, -2, 2),
    ("reciprocal", ops.Reciprocal.apply, torch.reciprocal, 0.3, 3),
    ("tan", ops.Tan.apply, torch.tan, -1.2, 1.2),
    ("asin", ops.Asin.apply, torch.asin, -0.9, 0.9),
    ("acos", ops.Acos.apply, torch.acos, -0.9, 0.9),
    ("atan", ops.Atan.apply, torch.atan, -3, 3),
    ("sinh", ops.Sinh.apply, torch.sinh, -2, 2),
    ("cosh", ops.Cosh.apply, torch.cosh, -2, 2),
    ("sign", ops.Sign.apply, torch.sign, -2, 2),
    ("floor", ops.Floor.apply, torch.floor, -3, 3),
    ("ceil", ops.Ceil.apply, torch.ceil, -3, 3),
    ("trunc", ops.Trunc.apply, torch.trunc, -3, 3),
    ("round", ops.Round.apply, torch.round, -3, 3),
    ("round_2", lambda x: ops.Round.apply(x, decimals=2), lambda x: torch.round(x, decimals=2), -3, 3),
]


@pytest.mark.parametrize("name, ours, theirs, low, high", UNARY, ids=[u[0] for u in UNARY])
def test_unary(name, ours, theirs, low, high):
    compare(ours, theirs, uniform((3, 4), low, high))


def test_edge_values():
    x0 = np.array([-1.0, 0.0, 0.5, -0.0, 2.5, math.inf, -math.inf, math.nan])
    pairs = [
        (ops.Sign, torch.sign),
        (ops.Round, torch.round),
        (ops.Floor, torch.floor),
        (ops.Reciprocal, torch.reciprocal),
        (ops.Rsqrt, torch.rsqrt),
        (ops.Log1p, torch.log1p),
        (ops.Log2, torch.log2),
        (ops.Expm1, torch.expm1),
    ]
    for op, theirs in pairs:
        with np.errstate(all="ignore"):
            np.testing.assert_array_equal(op.apply(ag.Tensor(x0)).numpy(), theirs(torch.tensor(x0)).numpy())


def test_clamp_with_tensor_bounds():
    x, low, high = uniform((3, 4)), uniform((3, 4), -2, 0, seed=2), uniform((4,), 0, 2, seed=3)
    compare(lambda x, lo, hi: ops.clamp(x, lo, hi), lambda x, lo, hi: torch.clamp(x, lo, hi), x, low, high)
    compare(lambda x, lo: ops.clamp(x, lo), lambda x, lo: torch.clamp(x, lo), x, low)
    compare(lambda x, hi: ops.clamp(x, max=hi), lambda x, hi: torch.clamp(x, max=hi), x, high)
    ties = [np.array(v) for v in ([0.0, 1, 2, 3, 4, 5], [1.0, 1, 1, 1, 4.5, 6], [3.0, 3, 3, 3, 4, 5.5])]
    compare(lambda x, lo, hi: ops.clamp(x, lo, hi), lambda x, lo, hi: torch.clamp(x, lo, hi), *ties)


# ---- indexing ----------------------------------------------------------------------------

GATHER = [(0, [[0, 2, 1, 0], [2, 2, 0, 1]]), (1, [[3, 3], [0, 1], [2, 0]]), (-1, [[1], [0], [3]])]


@pytest.mark.parametrize("dim, index", GATHER)
def test_gather(dim, index):
    i = ints(index)
    compare(lambda x: ops.gather(x, dim, i), lambda x: torch.gather(x, dim, torch.tensor(i)), uniform((3, 4)))


@pytest.mark.parametrize("dim, index", [(0, [[0, 1, 2], [2, 0, 1]]), (1, [[1, 3, 0], [0, 2, 3]])])
def test_scatter(dim, index):
    i = ints(index)
    compare(
        lambda x, s: ops.scatter(x, dim, i, s),
        lambda x, s: torch.scatter(x, dim, torch.tensor(i), s),
        uniform((3, 4)),
        uniform((2, 3), seed=2),
    )
    compare(
        lambda x: ops.scatter(x, dim, i, -1.5),
        lambda x: torch.scatter(x, dim, torch.tensor(i), -1.5),
        uniform((3, 4)),
    )


@pytest.mark.parametrize("dim, index", [(0, [[0, 0, 2], [1, 0, 0]]), (1, [[1, 1, 3], [0, 0, 0]])])
def test_scatter_add(dim, index):
    i = ints(index)
    compare(
        lambda x, s: ops.scatter_add(x, dim, i, s),
        lambda x, s: torch.scatter_add(x, dim, torch.tensor(i), s),
        uniform((3, 4)),
        uniform((2, 3), seed=2),
    )


@pytest.mark.parametrize("dim, index", [(0, [2, 0, 2]), (1, [3]), (-1, [1, 1, 0, 2, 3]), (0, 1)])
def test_index_select(dim, index):
    i = ints(index)
    compare(
        lambda x: ops.index_select(x, dim, i),
        lambda x: torch.index_select(x, dim, torch.tensor(i)),
        uniform((3, 4)),
    )


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (3, 1), (2, 3, 4)])
def test_masked_fill(mask_shape):
    mask = np.random.default_rng(3).uniform(size=mask_shape) > 0.5
    compare(
        lambda x: ops.masked_fill(x, mask, -1.5),
        lambda x: x.masked_fill(torch.tensor(mask), -1.5),
        uniform((3, 4)),
    )
    compare(
        lambda x, v: ops.masked_fill(x, mask, v),
        lambda x, v: x.masked_fill(torch.tensor(mask), v),
        uniform((3, 4)),
        np.array(0.7),
    )


@pytest.mark.parametrize(
    "dim, index_shape", [(None, (5,)), (None, (2, 2)), (0, (2, 4)), (1, (3, 2)), (1, (1, 2)), (-1, (3, 1))]
)
def test_take_along_dim(dim, index_shape):
    index = np.random.default_rng(4).integers(0, 12 if dim is None else (3, 4)[dim], size=index_shape)
    compare(
        lambda x: ops.take_along_dim(x, index, dim),
        lambda x: torch.take_along_dim(x, torch.tensor(index), dim),
        uniform((3, 4)),
    )


@pytest.mark.parametrize("labels, classes", [([0, 2, 1], -1), ([[1, 1], [0, 3]], 5), ([], 3)])
def test_one_hot(labels, classes):
    _same(
        ops.one_hot(ints(labels), classes), torch.nn.functional.one_hot(torch.tensor(ints(labels)), classes)
    )


# ---- rearranging -------------------------------------------------------------------------

LAYOUT = [
    ("repeat", lambda x: ops.repeat(x, 2, 3), lambda x: x.repeat(2, 3)),
    ("repeat_new_dims", lambda x: ops.repeat(x, 2, 1, 2), lambda x: x.repeat(2, 1, 2)),
    ("repeat_zero", lambda x: ops.repeat(x, (0, 2)), lambda x: x.repeat((0, 2))),
    ("expand", lambda x: ops.expand(x[:, :1], 3, 5), lambda x: x[:, :1].expand(3, 5)),
    ("expand_keep", lambda x: ops.expand(x[:1], 4, -1, 4), lambda x: x[:1].expand(4, -1, 4)),
    ("flip", lambda x: ops.flip(x, 0), lambda x: torch.flip(x, (0,))),
    ("flip_all", lambda x: ops.flip(x, (0, -1)), lambda x: torch.flip(x, (0, -1))),
    ("roll", lambda x: ops.roll(x, 1, 1), lambda x: torch.roll(x, 1, 1)),
    ("roll_negative", lambda x: ops.roll(x, -5, 0), lambda x: torch.roll(x, -5, 0)),
    ("roll_two", lambda x: ops.roll(x, (1, 2), (0, 1)), lambda x: torch.roll(x, (1, 2), (0, 1))),
    ("roll_flat", lambda x: ops.roll(x, 5), lambda x: torch.roll(x, 5)),
    ("split", lambda x: ops.split(x, 3, 1), lambda x: torch.split(x, 3, 1)),
    ("split_list", lambda x: ops.split(x, [1, 0, 2], 0), lambda x: torch.split(x, [1, 0, 2], 0)),
    ("chunk", lambda x: ops.chunk(x, 3, -1), lambda x: torch.chunk(x, 3, -1)),
    ("chunk_more", lambda x: ops.chunk(x, 4, 0), lambda x: torch.chunk(x, 4, 0)),
    ("narrow", lambda x: x.narrow(1, 1, 2), lambda x: x.narrow(1, 1, 2)),
    ("narrow_negative_start", lambda x: ops.narrow(x, 0, -2, 2), lambda x: torch.narrow(x, 0, -2, 2)),
    ("unflatten", lambda x: ops.unflatten(x, 1, (2, 2)), lambda x: x.unflatten(1, (2, 2))),
    ("unfold_overlapping", lambda x: x.unfold(1, 2, 1), lambda x: x.unfold(1, 2, 1)),
    ("unfold_step", lambda x: x.unfold(0, 2, 2), lambda x: x.unfold(0, 2, 2)),
    ("unfold_last", lambda x: x.unfold(-1, 3, 2), lambda x: x.unfold(-1, 3, 2)),
    ("unfold_empty_window", lambda x: x.unfold(1, 0, 3), lambda x: x.unfold(1, 0, 3)),
    ("unflatten_infer", lambda x: ops.unflatten(x, -1, (-1, 1, 2)), lambda x: x.unflatten(-1, (-1, 1, 2))),
    ("tril", lambda x: ops.tril(x), torch.tril),
    ("tril_1", lambda x: ops.tril(x, 1), lambda x: torch.tril(x, 1)),
    ("triu", lambda x: ops.triu(x), torch.triu),
    ("triu_-1", lambda x: ops.triu(x, -1), lambda x: torch.triu(x, -1)),
    ("diagonal", lambda x: ops.diagonal(x), torch.diagonal),
    ("diagonal_1", lambda x: ops.diagonal(x, 1), lambda x: torch.diagonal(x, 1)),
    ("diagonal_-2", lambda x: ops.diagonal(x, -2, 1, 0), lambda x: torch.diagonal(x, -2, 1, 0)),
    ("diag_matrix", lambda x: ops.diag(x, 1), lambda x: torch.diag(x, 1)),
    ("diag_vector", lambda x: ops.diag(x[0], -1), lambda x: torch.diag(x[0], -1)),
]


@pytest.mark.parametrize("name, ours, theirs", LAYOUT, ids=[case[0] for case in LAYOUT])
def test_layout(name, ours, theirs):
    compare(ours, theirs, uniform((3, 4)))


def test_batched_layout():
    x = uniform((2, 3, 4))
    compare(lambda x: ops.tril(x, -1), lambda x: torch.tril(x, -1), x)
    compare(lambda x: ops.diagonal(x, 1, 2, 0), lambda x: torch.diagonal(x, 1, 2, 0), x)
    compare(lambda x: ops.repeat(x, 1, 2, 1), lambda x: x.repeat(1, 2, 1), x)


# ---- cumulative and products ---------------------------------------------------------------

WITH_ZEROS = np.array([[0.5, 0.0, 2.0, 0.0, 1.5], [1.2, -0.7, 0.0, 0.9, 2.0], [0.3, 1.1, -1.4, 0.8, 0.6]])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumsum_cumprod(dim):
    compare(lambda x: ops.cumsum(x, dim), lambda x: torch.cumsum(x, dim), uniform((3, 4)))
    compare(lambda x: ops.cumprod(x, dim), lambda x: torch.cumprod(x, dim), uniform((3, 4)))
    compare(lambda x: ops.cumprod(x, dim), lambda x: torch.cumprod(x, dim), WITH_ZEROS)


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_prod(dim, keepdim):
    compare(lambda x: ops.prod(x, dim, keepdim), lambda x: torch.prod(x, dim, keepdim), uniform((2, 3, 4)))
    compare(lambda x: ops.prod(x, dim, keepdim), lambda x: torch.prod(x, dim, keepdim), WITH_ZEROS)


@pytest.mark.parametrize("seed", range(10))
def test_products_of_many_zeros(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, size=(3, 6)) * rng.uniform(0.5, 1.5, (3, 6))  # about 1 in 5 is 0
    compare(lambda x: ops.cumprod(x, 1), lambda x: torch.cumprod(x, 1), x)
    compare(lambda x: ops.prod(x, 1), lambda x: torch.prod(x, 1), x)
    compare(lambda x: ops.prod(x, 0, True), lambda x: torch.prod(x, 0, True), x)


@pytest.mark.parametrize(
    "data", [[1.5, 0.0, 2.0, -1.0], [0.0, 0.7, 0.0, 2.0], [0.0, 0.0, 0.0, 1.1], [0.4, -1.3, 2.2, 0.9]]
)
def test_prod_of_all(data):
    compare(lambda x: ops.prod(x), torch.prod, np.array(data))


# ---- reductions ----------------------------------------------------------------------------

TIES = np.array([[1.0, 3.0, 3.0, -2.0], [2.0, 2.0, 2.0, 2.0], [-1.0, 0.5, -1.0, 0.5]])


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 1)])
@pytest.mark.parametrize("op", ["amax", "amin"])
def test_amax_amin_share_ties_as_torch(op, dim, keepdim):
    theirs_dim = () if dim is None else dim
    compare(
        lambda x: getattr(ops, op)(x, dim, keepdim),
        lambda x: getattr(torch, op)(x, theirs_dim, keepdim),
        TIES,
    )
    compare(
        lambda x: getattr(ops, op)(x, dim, keepdim),
        lambda x: getattr(torch, op)(x, theirs_dim, keepdim),
        distinct((3, 4)),
    )


def test_full_max_min_share_ties_as_torch():
    compare(lambda x: ops.Max.apply(x), lambda x: x.max(), TIES)
    compare(lambda x: ops.Min.apply(x), lambda x: x.min(), TIES)


NORMS = [
    dict(p=2),
    dict(),
    dict(p=1),
    dict(p=3),
    dict(p=math.inf),
    dict(p=-math.inf),
    dict(p=2, dim=1),
    dict(p=2, dim=-1, keepdim=True),
    dict(p="fro", dim=(0, 2)),
    dict(p=1, dim=(1, 2), keepdim=True),
    dict(p=math.inf, dim=0),
    dict(p=0.5, dim=2),
    dict(p=0),
]


@pytest.mark.parametrize("kwargs", NORMS, ids=[str(k) for k in NORMS])
def test_norm(kwargs):
    compare(lambda x: ops.norm(x, **kwargs), lambda x: torch.norm(x, **kwargs), distinct((2, 3, 4)))


@pytest.mark.parametrize("ord, dim", [(2, None), (2, 1), (1, 0), (math.inf, None), (3.5, (0, 1))])
def test_vector_norm(ord, dim):
    compare(
        lambda x: ops.vector_norm(x, ord, dim),
        lambda x: torch.linalg.vector_norm(x, ord, dim),
        distinct((3, 4)),
    )


def test_norm_at_zero_and_inf_norm_ties():
    zeros = np.zeros((2, 3))
    compare(lambda x: ops.norm(x), torch.norm, zeros, second=False)
    compare(
        lambda x: ops.norm(x, 2, 1),
        lambda x: torch.norm(x, 2, 1),
        np.array([[0.0, 0.0], [3.0, 4.0]]),
        second=False,
    )
    compare(
        lambda x: ops.norm(x, math.inf), lambda x: torch.norm(x, math.inf), np.array([1.0, -3.0, 3.0, 2.0])
    )


# ---- sorting -------------------------------------------------------------------------------

SORT_TIES = np.array([[2.0, 1.0, 2.0, math.nan, 1.0], [0.5, 0.5, -1.0, 0.5, 3.0]])


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_sort(dim, descending):
    compare(
        lambda x: tuple(ops.sort(x, dim, descending)),
        lambda x: tuple(torch.sort(x, dim, descending)),
        distinct((3, 4)),
    )
    ties = SORT_TIES if dim != 0 else SORT_TIES.T
    compare(
        lambda x: tuple(ops.sort(x, 0 if dim == 0 else dim, descending, stable=True)),
        lambda x: tuple(torch.sort(x, dim=0 if dim == 0 else dim, descending=descending, stable=True)),
        ties,
        second=False,
    )


@pytest.mark.parametrize("descending", [False, True])
def test_argsort(descending):
    x = SORT_TIES
    _same(
        ops.argsort(ag.Tensor(x), 1, descending),
        torch.argsort(torch.tensor(x), dim=1, descending=descending, stable=True),
    )


@pytest.mark.parametrize(
    "k, dim, largest", [(2, -1, True), (1, 0, False), (4, 1, True), (0, 1, True), (3, 0, True)]
)
def test_topk(k, dim, largest):
    compare(
        lambda x: tuple(ops.topk(x, k, dim, largest)),
        lambda x: tuple(torch.topk(x, k, dim, largest)),
        distinct((3, 4)),
    )


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("op", ["max", "min"])
def test_max_min_with_indices(op, dim, keepdim):
    ours = getattr(ops, f"{op}_with_indices")
    for x in (TIES, distinct((3, 4)), np.array([[1.0, math.nan, 3.0, math.nan], [0.0, 1.0, 1.0, 0.0]])):
        compare(
            lambda x: tuple(ours(x, dim, keepdim)), lambda x: tuple(getattr(torch, op)(x, dim, keepdim)), x
        )


@pytest.mark.parametrize("op", ["max", "min"])
def test_max_min_three_ways(op):
    ours, theirs = getattr(ops, op), getattr(torch, op)
    compare(lambda x: ours(x), lambda x: theirs(x), TIES)
    compare(lambda x: tuple(ours(x, 1)), lambda x: tuple(theirs(x, 1)), TIES)
    compare(lambda a, b: ours(a, b), lambda a, b: theirs(a, b), TIES, TIES[::-1].copy())


# ---- predicates ----------------------------------------------------------------------------


def test_predicates():
    x0 = np.array([[0.0, math.nan, -math.inf], [2.0, math.inf, 1.0]])
    y0 = np.array([[0.0, math.nan, -math.inf], [2.0 + 1e-6, 1.0, 1.1]])
    x, y, tx, ty = ag.Tensor(x0), ag.Tensor(y0), torch.tensor(x0), torch.tensor(y0)
    for name in ("isnan", "isinf", "isfinite"):
        _same(getattr(ops, name)(x), getattr(torch, name)(tx))
    for kwargs in ({}, {"equal_nan": True}, {"rtol": 0.2, "atol": 0.0}, {"rtol": 0.0, "atol": 1e-5}):
        _same(ops.isclose(x, y, **kwargs), torch.isclose(tx, ty, **kwargs))
        assert ops.allclose(x, x, **kwargs) == torch.allclose(tx, tx, **kwargs)
    assert ops.equal(x, x) == torch.equal(tx, tx) and ops.equal(y, y[:1]) == torch.equal(ty, ty[:1])
    b0 = np.array([[1.0, 0.0, 2.0], [3.0, 4.0, 5.0]])
    b, tb = ag.Tensor(b0), torch.tensor(b0)
    for dim in (None, 0, 1, -1):
        for name in ("all", "any"):
            theirs = getattr(torch, name)(tb) if dim is None else getattr(torch, name)(tb, dim)
            _same(getattr(ops, name)(b, dim), theirs)
    _same(ops.any(b, 1, keepdim=True), torch.any(tb, 1, keepdim=True))
    _same(ops.nonzero(b), torch.nonzero(tb))
    for ours, theirs in zip(ops.nonzero(b, as_tuple=True), torch.nonzero(tb, as_tuple=True)):
        _same(ours, theirs)


# ---- einsum and bincount -----------------------------------------------------------------

EINSUM = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("i,j->ij", [(2,), (3,)]),
    ("i,i->", [(4,), (4,)]),
    ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("iij,j->ij", [(2, 2, 3), (3,)]),
    ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]),
    ("Ba", [(2, 3)]),
    ("...ij,...jk", [(4, 2, 3), (5, 1, 3, 2)]),
    ("...ij->ij", [(4, 2, 3)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("bhqk,bhkd->bhqd", [(2, 2, 3, 5), (2, 2, 5, 4)]),
    ("bhqd,bhkd->bhqk", [(2, 4, 16, 32), (2, 4, 16, 32)]),  # large enough for numpy's optimizer
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("i,i->i", [(1,), (3,)]),
    ("ij,j->i", [(2, 3), (1,)]),
    ("", [()]),
]


@pytest.mark.parametrize("equation, shapes", EINSUM, ids=[f"{e or 'scalar'}-{s}" for e, s in EINSUM])
def test_einsum(equation, shapes):
    arrays = [uniform(s, seed=n) for n, s in enumerate(shapes)]
    compare(lambda *xs: ag.einsum(equation, *xs), lambda *xs: torch.einsum(equation, *xs), *arrays)


def test_einsum_sublists_and_lists():
    a, b = uniform((2, 3)), uniform((3, 4), seed=2)
    compare(
        lambda a, b: ag.einsum(a, [0, Ellipsis], b, [Ellipsis, 1], [0, 1]),
        lambda a, b: torch.einsum(a, [0, Ellipsis], b, [Ellipsis, 1], [0, 1]),
        a,
        b,
    )
    compare(lambda a, b: ag.einsum("ij,jk", [a, b]), lambda a, b: torch.einsum("ij,jk", [a, b]), a, b)


def test_bincount():
    x0 = ints([0, 1, 1, 3, 5, 1])
    for kwargs in ({}, {"minlength": 8}, {"minlength": 2}):
        _same(ag.bincount(ag.tensor(x0), **kwargs), torch.bincount(torch.tensor(x0), **kwargs))
    for w0 in (uniform(6), uniform(6).astype(np.float32), ints([1, 2, 3, 4, 5, 6])):
        ours = ag.bincount(ag.tensor(x0), ag.tensor(w0), 7)
        theirs = torch.bincount(torch.tensor(x0), torch.tensor(w0), 7)
        _same(ours, theirs)
        assert ours.dtype == np.dtype(str(theirs.dtype).removeprefix("torch."))
