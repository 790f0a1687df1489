"""addmm and its family, tensordot, the stacking and splitting functions, index_fill,
index_copy, masked_scatter, scatter_reduce, renorm, trapezoid and gradient against PyTorch
(float64): values, gradients and Hessian-vector products to 1e-10, and the in-place methods.
Optional: skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-12


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _same(ours, theirs):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)


def compare(ours, theirs, *arrays, second=True):
    """Same values, same gradients of a weighted sum of the outputs, and (with second) the same
    Hessian-vector products, for every array in ``arrays`` (each becomes a float64 leaf)."""
    rng = np.random.default_rng(0)
    xs = [ag.Tensor(a, requires_grad=True) for a in arrays]
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    outs, touts = _tuple(ours(*xs)), _tuple(theirs(*txs))
    assert len(outs) == len(touts)
    for o, t in zip(outs, touts):
        _same(o, t)
    weights = [rng.uniform(-1, 1, o.shape) for o in outs]
    loss = sum((o * ag.Tensor(w)).sum() for o, w in zip(outs, weights))
    tloss = sum((t * torch.tensor(w)).sum() for t, w in zip(touts, weights))
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
    assert len(terms) == len(tterms)
    if not terms:
        return
    hvps = ag.grad(sum(terms), xs, allow_unused=True)
    thvps = torch.autograd.grad(sum(tterms), txs, allow_unused=True)
    for x, h, t in zip(xs, hvps, thvps):
        _same(
            np.zeros(x.shape) if h is None else h,
            torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
        )


def uniform(shape, low=-2.0, high=2.0, seed=1):
    return np.random.default_rng(seed).uniform(low, high, shape)


def ints(values):
    return np.array(values, dtype=np.int64)


def both(name, *args, **kwargs):
    """``(ours, theirs)``: the function ``name`` of autograd and of torch with extra arguments."""
    ours = lambda *xs: getattr(ag, name)(*xs, *args, **kwargs)  # noqa: E731
    theirs = lambda *xs: getattr(torch, name)(*xs, *args, **kwargs)  # noqa: E731
    return ours, theirs


# ---- products that add -----------------------------------------------------------------------

ADDMM = [
    ("addmm", [(3, 5), (3, 4), (4, 5)]),
    ("addmm", [(5,), (3, 4), (4, 5)]),
    ("addmm", [(3, 1), (3, 4), (4, 5)]),
    ("addmm", [(), (3, 4), (4, 5)]),
    ("addmv", [(3,), (3, 4), (4,)]),
    ("addmv", [(1,), (3, 4), (4,)]),
    ("addr", [(3, 4), (3,), (4,)]),
    ("addr", [(4,), (3,), (4,)]),
    ("addbmm", [(3, 5), (2, 3, 4), (2, 4, 5)]),
    ("addbmm", [(1, 5), (2, 3, 4), (2, 4, 5)]),
    ("baddbmm", [(2, 3, 5), (2, 3, 4), (2, 4, 5)]),
    ("baddbmm", [(3, 5), (2, 3, 4), (2, 4, 5)]),
]


@pytest.mark.parametrize("scale", [{}, {"beta": 0.5, "alpha": -2.0}, {"beta": 0, "alpha": 3}, {"alpha": 0}])
@pytest.mark.parametrize("name, shapes", ADDMM, ids=[f"{n}-{s[0]}" for n, s in ADDMM])
def test_addmm_family_matches_torch(name, shapes, scale):
    compare(*both(name, **scale), *(uniform(s, seed=i) for i, s in enumerate(shapes)))


@pytest.mark.parametrize("name, shapes", ADDMM[::2], ids=[n for n, _ in ADDMM[::2]])
def test_beta_zero_ignores_nan_and_inf_in_input(name, shapes):
    input = np.full(shapes[0], np.nan)
    if input.size > 1:
        input.flat[1] = np.inf
    compare(*both(name, beta=0), input, *(uniform(s, seed=i) for i, s in enumerate(shapes[1:])))


@pytest.mark.parametrize("name, shapes", ADDMM[::2], ids=[n for n, _ in ADDMM[::2]])
def test_addmm_family_methods_and_integers_match_torch(name, shapes):
    arrays = [np.random.default_rng(i).integers(-5, 5, s) for i, s in enumerate(shapes)]
    ours = getattr(ag.tensor(arrays[0]), name)(*map(ag.tensor, arrays[1:]), beta=2, alpha=-3)
    theirs = getattr(torch.tensor(arrays[0]), name)(*map(torch.tensor, arrays[1:]), beta=2, alpha=-3)
    _same(ours, theirs)


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("shapes", [[(3, 4)] * 3, [(4,), (3, 1), (1, 4)], [(2, 3, 4), (), (3, 4)]])
@pytest.mark.parametrize("value", [1, 0.5, -2])
def test_addcmul_addcdiv_match_torch(name, shapes, value):
    arrays = [uniform(s, seed=i) for i, s in enumerate(shapes)]
    arrays[2] = np.abs(arrays[2]) + 0.5  # away from 0 for the divisor
    compare(*both(name, value=value), *arrays)


@pytest.mark.parametrize(
    "shapes, dims",
    [
        ([(2, 3, 4), (3, 4, 5)], 2),
        ([(2, 3), (3, 4)], 1),
        ([(2, 3), (4,)], 0),
        ([(3, 4), (4, 3)], 0),
        ([(2, 3, 4), (4, 2, 5)], ([0, 2], [1, 0])),
        ([(2, 3, 4), (5, 3)], ([-2], [-1])),
        ([(3,), (3,)], 1),
        ([(2, 3, 4), (2, 3, 4)], 3),
    ],
)
def test_tensordot_matches_torch(shapes, dims):
    compare(*both("tensordot", dims=dims), *(uniform(s, seed=i) for i, s in enumerate(shapes)))


@pytest.mark.parametrize(
    "shapes", [[(4,), (4,)], [(2, 4), (3, 4)], [(2, 3, 4), (5, 4)], [(), (2, 3)], [(3,), ()]]
)
def test_inner_matches_torch(shapes):
    compare(*both("inner"), *(uniform(s, seed=i) for i, s in enumerate(shapes)))
    compare(
        lambda a, b: a.inner(b), lambda a, b: a.inner(b), *(uniform(s, seed=i) for i, s in enumerate(shapes))
    )


def test_vdot_matches_torch():
    compare(*both("vdot"), uniform(5), uniform(5, seed=2))
    compare(lambda a, b: a.vdot(b), lambda a, b: a.vdot(b), uniform(5), uniform(5, seed=2))


@pytest.mark.parametrize(
    "shapes",
    [
        [(3, 4), (4, 5)],
        [(3, 4), (4, 10), (10, 2)],
        [(2, 10), (10, 3), (3, 8), (8, 1)],
        [(4,), (4, 3)],
        [(4, 3), (3,)],
        [(4,), (4, 3), (3, 5), (5,)],
        [(4,), (4,)],
    ],
)
def test_multi_dot_matches_torch(shapes):
    ours = lambda *xs: ag.linalg.multi_dot(xs)  # noqa: E731
    theirs = lambda *xs: torch.linalg.multi_dot(xs)  # noqa: E731
    compare(ours, theirs, *(uniform(s, seed=i) for i, s in enumerate(shapes)))


@pytest.mark.filterwarnings("ignore:torch.chain_matmul is deprecated")
@pytest.mark.parametrize("shapes", [[(3, 4)], [(3, 4), (4, 5)], [(2, 6), (6, 3), (3, 7)]])
def test_chain_matmul_matches_torch(shapes):
    compare(*both("chain_matmul"), *(uniform(s, seed=i) for i, s in enumerate(shapes)))


# ---- shapes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, destination", [(0, 2), (-1, 0), ([0, 1], [2, 0]), ((1,), (1,)), ([0, 1, 2], [1, 2, 0])]
)
@pytest.mark.parametrize("name", ["movedim", "moveaxis"])
def test_movedim_matches_torch(name, source, destination):
    compare(*both(name, source, destination), uniform((2, 3, 4)))
    method = lambda x: getattr(x, name)(source, destination)  # noqa: E731
    compare(method, method, uniform((2, 3, 4)))


def test_swapdims_function_matches_torch():
    compare(*both("swapdims", 0, 2), uniform((2, 3, 4)))
    compare(*both("swapdims", dim0=-1, dim1=1), uniform((2, 3, 4)))
    compare(
        lambda x: x.swapaxes(axis0=0, axis1=2), lambda x: x.swapaxes(axis0=0, axis1=2), uniform((2, 3, 4))
    )


KEYWORDS = {  # PyTorch's keyword names, spelled out
    "addmm": lambda lib, x: lib.addmm(input=x, mat1=x, mat2=x, beta=0.5, alpha=2.0),
    "addmv": lambda lib, x: lib.addmv(x[0], mat=x, vec=x[1]),
    "addr": lambda lib, x: lib.addr(x, vec1=x[0], vec2=x[1]),
    "addbmm": lambda lib, x: lib.addbmm(x, batch1=x[None], batch2=x[None]),
    "baddbmm": lambda lib, x: lib.baddbmm(x, batch1=x[None], batch2=x[None]),
    "addcmul": lambda lib, x: lib.addcmul(x, tensor1=x, tensor2=x, value=2),
    "addcdiv": lambda lib, x: x.addcdiv(tensor1=x, tensor2=x + 3, value=2),
    "tensordot": lambda lib, x: lib.tensordot(a=x, b=x, dims=([0], [1])),
    "inner": lambda lib, x: lib.inner(x, other=x),
    "vdot": lambda lib, x: lib.vdot(x[0], other=x[1]),
    "multi_dot": lambda lib, x: lib.linalg.multi_dot(tensors=[x, x]),
    "movedim": lambda lib, x: lib.movedim(x, source=0, destination=1),
    "index_fill": lambda lib, x: lib.index_fill(x, dim=0, index=lib.tensor([1]), value=2.0),
    "index_copy": lambda lib, x: x.index_copy(0, lib.tensor([0]), source=x[:1]),
    "masked_scatter": lambda lib, x: lib.masked_scatter(x, mask=x > 0, source=x),
    "scatter_reduce": lambda lib, x: lib.scatter_reduce(
        x, dim=0, index=lib.tensor([[1, 0, 1]]), src=x, reduce="amin", include_self=False
    ),
    "renorm": lambda lib, x: lib.renorm(x, p=2, dim=0, maxnorm=1.0),
    "trapezoid": lambda lib, x: lib.trapezoid(y=x, x=x[0], dim=-1),
    "cumulative_trapezoid": lambda lib, x: lib.cumulative_trapezoid(y=x, dx=0.5, dim=0),
    "gradient": lambda lib, x: lib.gradient(x, spacing=[2.0], dim=[1], edge_order=2),
    "hstack": lambda lib, x: lib.hstack(tensors=[x, x]),
}


@pytest.mark.parametrize("name", sorted(KEYWORDS))
def test_keyword_names_are_torch_s(name):
    compare(lambda x: KEYWORDS[name](ag, x), lambda x: KEYWORDS[name](torch, x), uniform((3, 3)))


@pytest.mark.parametrize(
    "name, shape, split",
    [
        ("hsplit", (6,), 3),
        ("hsplit", (2, 6), 2),
        ("hsplit", (2, 6, 2), [1, 4]),
        ("vsplit", (4, 3), 2),
        ("vsplit", (5, 2), [2, 3, 9]),
        ("dsplit", (2, 3, 4), 2),
        ("dsplit", (2, 3, 4), [1]),
    ],
)
def test_hsplit_vsplit_dsplit_match_torch(name, shape, split):
    compare(*both(name, split), uniform(shape))
    method = lambda x: getattr(x, name)(split)  # noqa: E731
    compare(method, method, uniform(shape))


STACKS = [
    [(3,), (2,)],
    [(), (3,)],
    [(2, 3), (2, 1)],
    [(2, 3, 4), (2, 1, 4)],
    [(3,), (3,)],
    [(1, 3), (3,)],
    [(2, 3), (4, 3)],
    [(2, 3), (2, 3, 2)],
    [(), ()],
    [(3,), (3, 2)],
]


@pytest.mark.parametrize("name", ["hstack", "vstack", "row_stack", "dstack", "column_stack"])
@pytest.mark.parametrize("shapes", STACKS)
def test_stacking_matches_torch(name, shapes):
    arrays = [uniform(s, seed=i) for i, s in enumerate(shapes)]
    try:
        expected = getattr(torch, name)([torch.tensor(a) for a in arrays])
    except RuntimeError:  # shapes this stacking cannot join
        with pytest.raises(ValueError, match="stack: Tensors of shapes"):
            getattr(ag, name)([ag.tensor(a) for a in arrays])
        return
    assert expected.dim() >= 1
    compare(lambda *xs: getattr(ag, name)(xs), lambda *xs: getattr(torch, name)(xs), *arrays)


# ---- writing into copies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, dim, index",
    [((3, 4), 0, [0, 2]), ((3, 4), 1, [3, 0, 3]), ((2, 3, 4), -1, [1]), ((4,), 0, [3]), ((), 0, [0])],
)
def test_index_fill_matches_torch(shape, dim, index):
    idx = ints(index)
    compare(
        lambda x: x.index_fill(dim, ag.tensor(idx), -1.5),
        lambda x: x.index_fill(dim, torch.tensor(idx), -1.5),
        uniform(shape),
    )
    compare(  # a 0-d Tensor value gets the gradient of the places it fills
        lambda x, v: ag.index_fill(x, dim, ag.tensor(idx), v),
        lambda x, v: torch.index_fill(x, dim, torch.tensor(idx), v),
        uniform(shape),
        np.array(0.7),
    )


def test_index_fill_counts_a_negative_index_from_the_end_as_torch():
    ours = ag.arange(4.0).index_fill(0, ag.tensor([-1]), 9.0)
    _same(ours, torch.arange(4.0, dtype=torch.float64).index_fill(0, torch.tensor([-1]), 9.0))


def test_index_copy_refuses_a_negative_index_as_torch():
    with pytest.raises(IndexError):
        torch.zeros(3).index_copy(0, torch.tensor([-1]), torch.ones(1))
    with pytest.raises(IndexError, match="index_copy: index -1 is out of range"):
        ag.zeros(3).index_copy(0, ag.tensor([-1]), ag.ones(1))


def test_index_fill_of_integers_casts_the_value_as_torch():
    ours = ag.zeros(2, 3, dtype=ag.int64).index_fill(1, ag.tensor([0, 2]), 2.7)
    theirs = torch.zeros(2, 3, dtype=torch.int64).index_fill(1, torch.tensor([0, 2]), 2.7)
    _same(ours, theirs)


@pytest.mark.parametrize(
    "shape, dim, index", [((3, 4), 0, [2, 0]), ((3, 4), 1, [3, 1, 0]), ((2, 3, 4), 1, [1]), ((4,), 0, [3, 0])]
)
def test_index_copy_matches_torch(shape, dim, index):
    idx = ints(index)
    source_shape = list(shape)
    source_shape[dim] = len(index)
    compare(
        lambda x, s: x.index_copy(dim, ag.tensor(idx), s),
        lambda x, s: x.index_copy(dim, torch.tensor(idx), s),
        uniform(shape),
        uniform(source_shape, seed=5),
    )


@pytest.mark.parametrize(
    "shape, mask_shape", [((3, 4), (3, 4)), ((3, 4), (4,)), ((1, 4), (3, 1)), ((2, 3), ())]
)
def test_masked_scatter_matches_torch(shape, mask_shape):
    mask = np.random.default_rng(3).uniform(size=mask_shape) > 0.4
    compare(
        lambda x, s: x.masked_scatter(ag.tensor(mask), s),
        lambda x, s: x.masked_scatter(torch.tensor(mask), s),
        uniform(shape),
        uniform((4, 4), seed=5),
    )


SCATTER = [
    ((3, 4), 0, [[0, 1, 2, 0], [2, 2, 0, 0], [0, 0, 0, 1]], (3, 4)),
    ((5,), 0, [4, 0, 4, 4, 1, 0], (6,)),
    ((2, 5), 1, [[0, 0, 4], [1, 3, 1]], (2, 3)),
]


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("shape, dim, index, src_shape", SCATTER)
def test_scatter_reduce_matches_torch(shape, dim, index, src_shape, reduce, include_self):
    idx = ints(index)
    compare(
        lambda x, s: x.scatter_reduce(dim, ag.tensor(idx), s, reduce, include_self=include_self),
        lambda x, s: x.scatter_reduce(dim, torch.tensor(idx), s, reduce, include_self=include_self),
        uniform(shape, 0.5, 2.0),
        uniform(src_shape, -2.0, 2.0, seed=5),
    )


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["amax", "amin"])
def test_scatter_reduce_shares_the_gradient_among_ties_as_torch(reduce, include_self):
    x, src, idx = np.array([1.0, 3.0, -2.0]), np.array([3.0, 3.0, 0.5, -2.0, 1.0]), ints([1, 1, 0, 2, 0])
    compare(
        lambda x, s: ag.scatter_reduce(x, 0, ag.tensor(idx), s, reduce, include_self=include_self),
        lambda x, s: torch.scatter_reduce(x, 0, torch.tensor(idx), s, reduce, include_self=include_self),
        x,
        src,
    )


@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_prod_with_zeros_matches_torch(include_self):
    # one zero among the values at a place (PyTorch's double backward refuses two)
    x, src, idx = np.array([1.5, 0.0, -2.0, 0.7]), np.array([0.0, 2.0, 3.0, -1.5, 0.5]), ints([0, 0, 1, 2, 3])
    compare(
        lambda x, s: ag.scatter_reduce(x, 0, ag.tensor(idx), s, "prod", include_self=include_self),
        lambda x, s: torch.scatter_reduce(x, 0, torch.tensor(idx), s, "prod", include_self=include_self),
        x,
        src,
    )


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_reduce_of_integers_matches_torch(reduce, include_self):
    x, src, idx = ints([4, -7, 9, 1]), ints([5, -3, 2, -8, 6]), ints([0, 0, 1, 1, 1])
    ours = ag.tensor(x).scatter_reduce(0, ag.tensor(idx), ag.tensor(src), reduce, include_self=include_self)
    theirs = torch.tensor(x).scatter_reduce(
        0, torch.tensor(idx), torch.tensor(src), reduce, include_self=include_self
    )
    _same(ours, theirs)


@pytest.mark.parametrize("reduce", ["sum", "prod", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_of_bools_matches_torch(reduce, include_self):
    x, src, idx = [True, False, True, False], [False, True, False, True], [0, 0, 1, 3]
    ours = ag.tensor(x).scatter_reduce(0, ag.tensor(idx), ag.tensor(src), reduce, include_self=include_self)
    theirs = torch.tensor(x).scatter_reduce(
        0, torch.tensor(idx), torch.tensor(src), reduce, include_self=include_self
    )
    _same(ours, theirs)


@pytest.mark.parametrize(
    "p, dim, maxnorm", [(2, 0, 1.5), (1, 1, 2.0), (3, -1, 0.5), (2, 1, 100.0), (math.inf, 0, 1.0)]
)
def test_renorm_matches_torch(p, dim, maxnorm):
    compare(*both("renorm", p, dim, maxnorm), uniform((3, 4, 2)))


# ---- calculus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["trapezoid", "cumulative_trapezoid"])
@pytest.mark.parametrize(
    "shape, options",
    [((5,), {}), ((3, 5), {"dx": 0.5}), ((3, 5), {"dim": 0}), ((3, 4, 2), {"dim": 1, "dx": 2})],
)
def test_trapezoid_with_a_spacing_matches_torch(name, shape, options):
    compare(*both(name, **options), uniform(shape))


@pytest.mark.parametrize("name", ["trapezoid", "trapz", "cumulative_trapezoid"])
@pytest.mark.parametrize(
    "shape, x_shape, dim",
    [((5,), (5,), -1), ((3, 5), (5,), -1), ((5, 3), (5,), 0), ((3, 5), (3, 5), 1), ((2, 3, 4), (3, 4), -1)],
)
def test_trapezoid_at_sample_points_matches_torch(name, shape, x_shape, dim):
    points = np.cumsum(uniform(x_shape, 0.1, 1.0, seed=7), axis=-1 if len(x_shape) == 1 else dim)
    compare(*both(name, dim=dim), uniform(shape), points)


def test_trapezoid_of_integers_matches_torch(torch_float64):
    _same(ag.trapezoid(ag.tensor([1, 2, 4])), torch.trapezoid(torch.tensor([1, 2, 4])))
    _same(ag.trapz(ag.tensor([1, 2, 4]), dx=2), torch.trapz(torch.tensor([1, 2, 4]), dx=2))


@pytest.mark.parametrize("edge_order", [1, 2])
@pytest.mark.parametrize(
    "shape, options",
    [
        ((6,), {}),
        ((3, 5), {}),
        ((3, 5), {"spacing": 0.5}),
        ((3, 5), {"spacing": [2.0, 0.25]}),
        ((3, 4, 5), {"dim": 1}),
        ((3, 4, 5), {"dim": [2, 0], "spacing": [3.0, 0.5]}),
        ((3, 4), {"dim": -1, "spacing": 2.0}),
    ],
)
def test_gradient_matches_torch(shape, options, edge_order):
    compare(*both("gradient", edge_order=edge_order, **options), uniform(shape))


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_at_coordinates_matches_torch(edge_order):
    rows, cols = np.cumsum(uniform(3, 0.2, 1.0, seed=3)), np.cumsum(uniform(5, 0.2, 1.0, seed=4))
    compare(  # the coordinates get gradients too
        lambda f, r, c: ag.gradient(f, spacing=(r, c), edge_order=edge_order),
        lambda f, r, c: torch.gradient(f, spacing=(r, c), edge_order=edge_order),
        uniform((3, 5)),
        rows,
        cols,
    )
    compare(
        lambda f, c: ag.gradient(f, spacing=[c], dim=1, edge_order=edge_order),
        lambda f, c: torch.gradient(f, spacing=[c], dim=1, edge_order=edge_order),
        uniform((3, 5)),
        cols,
    )


def test_gradient_of_integers_matches_torch(torch_float64):
    for ours, theirs in zip(
        ag.gradient(ag.tensor([[1, 2, 4, 8]] * 3)), torch.gradient(torch.tensor([[1, 2, 4, 8]] * 3))
    ):
        _same(ours, theirs)


# ---- in place ------------------------------------------------------------------------------------

INPLACE = {
    "addmm_": ([(3, 5), (3, 4), (4, 5)], {"beta": 0.5, "alpha": 2.0}),
    "addmv_": ([(3,), (3, 4), (4,)], {"alpha": -1.0}),
    "addr_": ([(3, 4), (3,), (4,)], {}),
    "addbmm_": ([(3, 5), (2, 3, 4), (2, 4, 5)], {"beta": 0}),
    "baddbmm_": ([(2, 3, 5), (2, 3, 4), (2, 4, 5)], {"beta": 2.0}),
    "addcmul_": ([(3, 4), (4,), (3, 1)], {"value": 0.5}),
    "addcdiv_": ([(3, 4), (3, 4), (1, 4)], {"value": -2.0}),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_products_match_torch(name):
    shapes, options = INPLACE[name]
    arrays = [uniform(s, 0.5, 2.0, seed=i) for i, s in enumerate(shapes)]

    def run(lib):
        def f(x, *others):
            y = x * 1.0  # not a leaf: it may change in place inside the graph
            assert getattr(y, name)(*others, **options) is y
            return y

        return f

    compare(run(ag), run(torch), *arrays)


WRITES = {
    "index_fill_": lambda lib, x, s: x.index_fill_(1, lib.tensor([2, 0]), -3.0),
    "index_copy_": lambda lib, x, s: x.index_copy_(1, lib.tensor([2, 0]), s[:, :2]),
    "masked_scatter_": lambda lib, x, s: x.masked_scatter_(lib.tensor([True, False, True, True]), s),
    "scatter_reduce_": lambda lib, x, s: x.scatter_reduce_(
        0, lib.tensor([[0, 2, 2, 1]]), s[:1], "amax", include_self=False
    ),
    "scatter_": lambda lib, x, s: x.scatter_(1, lib.tensor([[3, 0], [1, 2], [0, 1]]), s[:, :2]),
    "scatter_add_": lambda lib, x, s: x.scatter_add_(0, lib.tensor([[0, 2, 2, 1]]), s[:1]),
    "renorm_": lambda lib, x, s: x.renorm_(2, 0, 1.0),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_inplace_writes_match_torch(name):
    def run(lib):
        def f(x, s):
            y = x * 1.0
            assert WRITES[name](lib, y, s) is y
            return y

        return f

    compare(run(ag), run(torch), uniform((3, 4)), uniform((3, 4), seed=5))


def test_inplace_without_a_graph_overwrites_the_memory():
    x = ag.zeros(2, 2)
    view = x.numpy()
    x.addmm_(ag.eye(2), ag.full((2, 2), 3.0), beta=0, alpha=2)
    np.testing.assert_array_equal(view, np.full((2, 2), 6.0))
    x.index_fill_(0, ag.tensor([1]), 1.0)
    np.testing.assert_array_equal(view, [[6.0, 6.0], [1.0, 1.0]])
