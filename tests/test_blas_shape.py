"""addmm and its family, the contractions, the stacking and splitting functions, index_fill,
index_copy, masked_scatter, scatter_reduce, renorm, trapezoid and gradient: first and second
derivatives against finite differences (float64, broadcasting included), the in-place methods
in a graph, and the errors bad input gets (naming the argument)."""

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, gradcheck, gradgradcheck


def var(rng, shape, low=-2.0, high=2.0):
    return Tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


# ---- products that add -----------------------------------------------------------------------

ADDMM = {
    "addmm": [(3, 5), (3, 4), (4, 5)],
    "addmm, input broadcast": [(1, 5), (3, 4), (4, 5)],
    "addmm, 0-d input": [(), (3, 4), (4, 5)],
    "addmv": [(3,), (3, 4), (4,)],
    "addmv, input broadcast": [(1,), (3, 4), (4,)],
    "addr": [(3, 4), (3,), (4,)],
    "addr, input broadcast": [(3, 1), (3,), (4,)],
    "addbmm": [(3, 5), (2, 3, 4), (2, 4, 5)],
    "addbmm, input broadcast": [(5,), (2, 3, 4), (2, 4, 5)],
    "baddbmm": [(2, 3, 5), (2, 3, 4), (2, 4, 5)],
    "baddbmm, input broadcast": [(3, 1), (2, 3, 4), (2, 4, 5)],
}


@pytest.mark.parametrize("scale", [{}, {"beta": 0.5, "alpha": -1.5}, {"beta": 0}])
@pytest.mark.parametrize("case", sorted(ADDMM))
def test_addmm_family_gradcheck(rng, case, scale):
    name = case.split(",")[0]
    check(lambda *xs: getattr(ag, name)(*xs, **scale), *(var(rng, s) for s in ADDMM[case]))


def test_beta_zero_ignores_nan_in_input_yet_gives_it_a_zero_gradient(rng):
    input = Tensor(np.full((3, 5), np.nan), requires_grad=True)
    a, b = var(rng, (3, 4)), var(rng, (4, 5))
    out = ag.addmm(input, a, b, beta=0, alpha=2.0)
    np.testing.assert_allclose(out.numpy(), 2.0 * a.numpy() @ b.numpy(), rtol=1e-15)
    out.sum().backward()
    np.testing.assert_array_equal(input.grad.numpy(), np.zeros((3, 5)))


@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("shapes", [[(3, 4)] * 3, [(4,), (3, 1), (1, 4)], [(2, 1, 4), (), (3, 4)]])
def test_addcmul_addcdiv_gradcheck(rng, name, shapes):
    input, t1 = var(rng, shapes[0]), var(rng, shapes[1])
    t2 = var(rng, shapes[2], 0.5, 2.0)
    check(lambda *xs: getattr(ag, name)(*xs, value=-0.7), input, t1, t2)


@pytest.mark.parametrize(
    "shapes, dims",
    [
        ([(2, 3, 4), (3, 4, 2)], 2),
        ([(2, 3), (3, 2)], 1),
        ([(2,), (3,)], 0),
        ([(2, 3, 4), (4, 2, 3)], ([0, 2], [1, 0])),
    ],
)
def test_tensordot_gradcheck(rng, shapes, dims):
    check(lambda a, b: ag.tensordot(a, b, dims=dims), *(var(rng, s) for s in shapes))


@pytest.mark.parametrize("shapes", [[(4,), (4,)], [(2, 3), (5, 3)], [(), (2, 3)]])
def test_inner_gradcheck(rng, shapes):
    check(ag.inner, *(var(rng, s) for s in shapes))


def test_vdot_gradcheck(rng):
    check(ag.vdot, var(rng, (5,)), var(rng, (5,)))


@pytest.mark.parametrize("shapes", [[(2, 3), (3, 4)], [(4,), (4, 2), (2, 5), (5,)], [(2, 6), (6, 1), (1, 3)]])
def test_multi_dot_and_chain_matmul_gradcheck(rng, shapes):
    xs = [var(rng, s) for s in shapes]
    check(lambda *xs: ag.linalg.multi_dot(xs), *xs)
    if all(len(s) == 2 for s in shapes):
        check(ag.chain_matmul, *xs)


def test_multi_dot_picks_the_cheapest_order():
    from autograd.ops.blas import _chain_order

    # (10 x 100)(100 x 5)(5 x 50): (AB)C costs 5000 + 2500, A(BC) 25000 + 50000
    assert _chain_order([10, 100, 5, 50])[0][2] == 1
    assert _chain_order([50, 5, 100, 10])[0][2] == 0  # the mirror image: A(BC)


# ---- shapes ------------------------------------------------------------------------------------


def test_movedim_and_splits_gradcheck(rng):
    x = var(rng, (2, 3, 4))
    check(lambda x: ag.movedim(x, [0, 2], [2, 0]), x)
    check(lambda x: x.moveaxis(-1, 0), x)
    check(lambda x: ag.hsplit(x, [1, 2]), x)
    check(lambda x: x.vsplit(2), x)
    check(lambda x: ag.dsplit(x, 2), x)


@pytest.mark.parametrize("name", ["hstack", "vstack", "row_stack", "dstack", "column_stack"])
def test_stacking_gradcheck(rng, name):
    shapes = {"hstack": [(2, 3), (2, 1)], "column_stack": [(2,), (2, 3), ()][:2]}.get(name, [(3,), (1, 3)])
    if name == "dstack":
        shapes = [(2, 3), (2, 3, 2)]
    check(lambda *xs: getattr(ag, name)(xs), *(var(rng, s) for s in shapes))


# ---- writing into copies ---------------------------------------------------------------------


def test_index_fill_gradcheck(rng):
    x, value = var(rng, (3, 4)), var(rng, ())
    check(lambda x: x.index_fill(1, ag.tensor([0, 3]), 2.0), x)
    check(lambda x, v: ag.index_fill(x, 0, ag.tensor([2, 2]), v), x, value)


def test_index_copy_and_masked_scatter_gradcheck(rng):
    x, source = var(rng, (3, 4)), var(rng, (3, 2))
    check(lambda x, s: x.index_copy(1, ag.tensor([3, 0]), s), x, source)
    mask = ag.tensor([True, False, True, True])  # broadcast over the rows
    check(lambda x, s: ag.masked_scatter(x, mask, s), x, var(rng, (10,)))


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_reduce_gradcheck(rng, reduce, include_self):
    x, src = var(rng, (3, 4), 0.5, 2.0), var(rng, (2, 4), -2.0, 2.0)
    index = ag.tensor([[0, 2, 2, 1], [0, 2, 0, 1]])
    check(lambda x, s: x.scatter_reduce(0, index, s, reduce, include_self=include_self), x, src)


@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_prod_at_a_zero_gradcheck(include_self):
    x, src = Tensor([1.5, 0.0, -2.0], requires_grad=True), Tensor([0.0, 2.0, 3.0, -1.5], requires_grad=True)
    index = ag.tensor([0, 0, 1, 2])
    check(lambda x, s: ag.scatter_reduce(x, 0, index, s, "prod", include_self=include_self), x, src)


def test_scatter_reduce_prod_refuses_second_derivatives_at_two_zeros_as_torch():
    x, src = Tensor([1.5, 2.0], requires_grad=True), Tensor([0.0, 0.0, 3.0], requires_grad=True)
    out = ag.scatter_reduce(x, 0, ag.tensor([0, 0, 1]), src, "prod")
    (first,) = ag.grad(out.sum(), [src], retain_graph=True)  # first derivatives: 0 at both zeros
    np.testing.assert_array_equal(first.numpy(), [0.0, 0.0, 2.0])
    with pytest.raises(RuntimeError, match="two or more zeros of src meet"):
        ag.grad(out.sum(), [src], create_graph=True)


@pytest.mark.parametrize("p", [1, 2, 3.5])
def test_renorm_gradcheck(rng, p):
    check(lambda x: x.renorm(p, 1, 1.5), var(rng, (3, 4, 2)))


# ---- calculus ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["trapezoid", "trapz", "cumulative_trapezoid"])
def test_trapezoid_and_cumulative_trapezoid_gradcheck(rng, name):
    y = var(rng, (3, 5))
    points = Tensor(np.cumsum(rng.uniform(0.1, 1.0, 5)))
    check(lambda y: getattr(ag, name)(y, points), y)
    check(lambda y: getattr(ag, name)(y, dx=0.3, dim=0), y)
    check(lambda y, x: getattr(ag, name)(y, x), y, var(rng, (3, 5)))  # the sample points get gradients too


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_gradcheck(rng, edge_order):
    f = var(rng, (3, 5))
    check(lambda f: ag.gradient(f, edge_order=edge_order), f)
    check(lambda f: ag.gradient(f, spacing=[0.5, 2.0], edge_order=edge_order), f)
    coordinates = Tensor(np.cumsum(rng.uniform(0.2, 1.0, 5)), requires_grad=True)
    check(lambda f, x: ag.gradient(f, spacing=[x], dim=1, edge_order=edge_order), f, coordinates)


def test_gradient_is_exact_for_quadratics_at_uneven_points():
    x = np.array([0.0, 0.3, 1.0, 1.2, 2.5])
    (slope,) = ag.gradient(ag.tensor(x**2), spacing=[ag.tensor(x)], edge_order=2)
    np.testing.assert_allclose(slope.numpy(), 2 * x, rtol=1e-12, atol=1e-12)


# ---- in place in a graph ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, others, options",
    [
        ("addmm_", [(3, 4), (4, 5)], {"beta": 0.5}),
        ("addmv_", [(3, 4), (4,)], {}),
        ("addr_", [(3,), (5,)], {"alpha": 2.0}),
        ("addbmm_", [(2, 3, 4), (2, 4, 5)], {}),
        ("baddbmm_", [(1, 3, 4), (1, 4, 5)], {"beta": -1.0}),
        ("addcmul_", [(5,), (3, 1)], {"value": 3.0}),
        ("addcdiv_", [(3, 5), (1, 5)], {}),
    ],
)
def test_inplace_products_gradcheck(rng, name, others, options):
    shape = {"addmv_": (3,), "baddbmm_": (1, 3, 5)}.get(name, (3, 5))
    x = var(rng, shape)
    others = [var(rng, s, 0.5, 2.0) for s in others]

    def f(x, *others):
        y = x * 1.0
        getattr(y, name)(*others, **options)
        return y

    check(f, x, *others)


def test_inplace_on_a_leaf_that_requires_grad_is_refused(rng):
    x = var(rng, (3, 5))
    with pytest.raises(RuntimeError, match="addmm_ on a leaf"):
        x.addmm_(var(rng, (3, 4)), var(rng, (4, 5)))
    with pytest.raises(RuntimeError, match="index_fill_ on a leaf"):
        x.index_fill_(0, ag.tensor([0]), 1.0)


def test_inplace_result_of_another_shape_is_refused():
    with pytest.raises(ValueError, match="addmm_"):
        ag.zeros(5).addmm_(ag.ones(3, 4), ag.ones(4, 5))


# ---- errors ------------------------------------------------------------------------------------

M34, M45, V4 = ag.ones(3, 4), ag.ones(4, 5), ag.ones(4)

ERRORS = {
    "addmm mat1 1-D": (lambda: ag.addmm(ag.ones(3, 5), V4, M45), ValueError, "addmm: mat1 must be a matrix"),
    "addmm mat2 3-D": (
        lambda: ag.addmm(ag.ones(3, 5), M34, ag.ones(1, 4, 5)),
        ValueError,
        "addmm: mat2 must be",
    ),
    "addmm inner": (
        lambda: ag.addmm(ag.ones(3, 5), M34, ag.ones(3, 5)),
        ValueError,
        r"addmm: mat1 \(3, 4\) and mat2 \(3, 5\) cannot be multiplied: inner dimensions 4 and 3",
    ),
    "addmv inner": (
        lambda: ag.addmv(ag.ones(3), M34, ag.ones(3)),
        ValueError,
        "addmv: mat .* and vec .* cannot be",
    ),
    "baddbmm inner": (
        lambda: ag.baddbmm(ag.ones(3, 5), ag.ones(2, 3, 4), ag.ones(2, 3, 5)),
        ValueError,
        "baddbmm: batch1 .* and batch2 .* inner dimensions 4 and 3",
    ),
    "addbmm inner": (
        lambda: ag.addbmm(ag.ones(3, 5), ag.ones(2, 3, 4), ag.ones(2, 3, 5)),
        ValueError,
        "addbmm: batch1",
    ),
    "addmm input": (
        lambda: ag.addmm(ag.ones(2, 5), M34, M45),
        ValueError,
        r"input of shape \(2, 5\) does not",
    ),
    "addmm dtypes": (
        lambda: ag.addmm(ag.ones(3, 5), M34, M45.float()),
        TypeError,
        "one dtype, got input float64, mat1 float64, mat2 float32",
    ),
    "addmm beta": (lambda: ag.addmm(ag.ones(3, 5), M34, M45, beta="a"), TypeError, "beta must be a number"),
    "addmm int alpha": (
        lambda: ag.addmm(ag.zeros(3, 5, dtype=ag.int64), M34.long(), M45.long(), alpha=0.5),
        TypeError,
        "alpha must be an int",
    ),
    "addmv vec": (lambda: ag.addmv(ag.ones(3), M34, M34), ValueError, "addmv: vec must be a vector"),
    "addr vec1": (lambda: ag.addr(M34, M34, V4), ValueError, "addr: vec1 must be a vector"),
    "addbmm batch1": (
        lambda: ag.addbmm(ag.ones(3, 5), M34, ag.ones(2, 4, 5)),
        ValueError,
        "batch1 must be a batch",
    ),
    "baddbmm batch sizes": (
        lambda: ag.baddbmm(ag.ones(3, 5), ag.ones(2, 3, 4), ag.ones(3, 4, 5)),
        ValueError,
        "same number of matrices",
    ),
    "addcmul shapes": (lambda: ag.addcmul(M34, ag.ones(2), ag.ones(4)), ValueError, "cannot be broadcast"),
    "addcmul value": (lambda: ag.addcmul(M34, M34, M34, value=None), TypeError, "value must be a number"),
    "addcdiv integers": (
        lambda: ag.addcdiv(ag.ones(2).long(), ag.ones(2).long(), ag.ones(2).long()),
        TypeError,
        "floating point",
    ),
    "tensordot sizes": (lambda: ag.tensordot(M34, M34, dims=1), ValueError, "contracted sizes must match"),
    "tensordot dims": (lambda: ag.tensordot(M34, M45, dims=3), ValueError, r"dims 3 must be in \[0, 2\]"),
    "tensordot dims type": (
        lambda: ag.tensordot(M34, M45, dims="x"),
        TypeError,
        "dims must be an int or a pair",
    ),
    "tensordot dims lengths": (
        lambda: ag.tensordot(M34, M45, dims=([1], [0, 1])),
        ValueError,
        "as many dimensions",
    ),
    "tensordot dim range": (lambda: ag.tensordot(M34, M45, dims=([5], [0])), IndexError, "tensordot: dim 5"),
    "inner": (lambda: ag.inner(M34, M45), ValueError, "the last dimension must match"),
    "vdot": (lambda: ag.vdot(V4, ag.ones(3)), ValueError, "vdot: input and other must be vectors"),
    "multi_dot one": (lambda: ag.linalg.multi_dot([M34]), ValueError, "at least 2 tensors"),
    "multi_dot middle": (
        lambda: ag.linalg.multi_dot([M34, V4, M45]),
        ValueError,
        r"tensors\[1\] must be a matrix",
    ),
    "multi_dot sizes": (lambda: ag.linalg.multi_dot([M34, M34]), ValueError, "cannot be multiplied"),
    "chain_matmul 1-D": (lambda: ag.chain_matmul(M34, V4), ValueError, r"matrices\[1\] must be a matrix"),
    "movedim lengths": (lambda: ag.movedim(M34, [0, 1], [0]), ValueError, "as many dims"),
    "movedim repeat": (lambda: ag.movedim(M34, [0, 0], [0, 1]), ValueError, "source .* repeats"),
    "movedim range": (lambda: ag.movedim(M34, 2, 0), IndexError, "movedim: dim 2"),
    "hsplit uneven": (lambda: ag.hsplit(M34, 3), ValueError, "cannot be split into 3 equal parts"),
    "vsplit 1-D": (lambda: ag.vsplit(V4, 2), ValueError, "at least 2 dimension"),
    "dsplit 2-D": (lambda: M34.dsplit(2), ValueError, "at least 3 dimension"),
    "hstack empty": (lambda: ag.hstack([]), TypeError, "non-empty list"),
    "vstack shapes": (
        lambda: ag.vstack([M34, M45]),
        ValueError,
        r"vstack: Tensors of shapes \[\(3, 4\), \(4, 5\)\]",
    ),
    "index_fill index float": (
        lambda: M34.index_fill(0, ag.tensor([0.0]), 1.0),
        TypeError,
        "index must hold integers",
    ),
    "index_fill index 2-D": (
        lambda: M34.index_fill(0, ag.tensor([[0]]), 1.0),
        ValueError,
        "index must be 1-D",
    ),
    "index_fill bounds": (
        lambda: M34.index_fill(0, ag.tensor([3]), 1.0),
        IndexError,
        "index 3 is out of range",
    ),
    "index_fill value": (lambda: M34.index_fill(0, ag.tensor([0]), "a"), TypeError, "value must be a number"),
    "index_fill value shape": (lambda: M34.index_fill(0, ag.tensor([0]), V4), ValueError, "0-d Tensor"),
    "index_fill dim": (lambda: M34.index_fill(2, ag.tensor([0]), 1.0), IndexError, "index_fill: dim 2"),
    "index_copy source shape": (
        lambda: M34.index_copy(1, ag.tensor([0, 1]), M34),
        ValueError,
        r"source must have shape \(3, 2\)",
    ),
    "index_copy dtype": (
        lambda: M34.index_copy(0, ag.tensor([0]), ag.ones(1, 4).float()),
        TypeError,
        "dtype",
    ),
    "masked_scatter mask": (lambda: M34.masked_scatter(ag.ones(4), M34), TypeError, "mask must be a bool"),
    "masked_scatter short": (
        lambda: M34.masked_scatter(ag.ones(3, 4) > 0, V4),
        ValueError,
        "mask has 12 True places but source",
    ),
    "masked_scatter broadcast": (
        lambda: M34.masked_scatter(ag.ones(3) > 0, M34),
        ValueError,
        "cannot be broadcast",
    ),
    "scatter_reduce reduce": (
        lambda: M34.scatter_reduce(0, ag.tensor([[0]]), M34, "max"),
        ValueError,
        "reduce must be one of sum, prod, mean, amax, amin",
    ),
    "scatter_reduce index": (
        lambda: M34.scatter_reduce(0, ag.tensor([[3]]), M34, "sum"),
        IndexError,
        "index 3",
    ),
    "scatter_reduce include_self": (
        lambda: M34.scatter_reduce(0, ag.tensor([[0]]), M34, "sum", include_self=None),
        TypeError,
        "include_self must be a bool",
    ),
    "scatter_reduce src dtype": (
        lambda: M34.scatter_reduce(0, ag.tensor([[0]]), M34.float(), "sum"),
        TypeError,
        "src has dtype float32",
    ),
    "scatter_reduce mean of bools": (
        lambda: ag.ones(3).bool().scatter_reduce(0, ag.tensor([0]), ag.ones(1).bool(), "mean"),
        TypeError,
        "reduce='mean' needs numbers",
    ),
    "renorm 1-D": (lambda: V4.renorm(2, 0, 1.0), ValueError, "at least 2 dimensions"),
    "renorm maxnorm": (lambda: M34.renorm(2, 0, -1.0), ValueError, "maxnorm must be a number >= 0"),
    "renorm integers": (lambda: M34.long().renorm(2, 0, 1.0), TypeError, "floating-point"),
    "trapezoid x and dx": (lambda: ag.trapezoid(V4, V4, dx=1.0), TypeError, "not both"),
    "trapezoid x size": (lambda: ag.trapezoid(M34, ag.ones(3)), ValueError, "one x for each sample"),
    "trapezoid 0-d": (lambda: ag.trapezoid(ag.tensor(1.0)), IndexError, "at least one dimension"),
    "trapezoid dx": (lambda: ag.trapezoid(V4, dx="a"), TypeError, "dx must be a number"),
    "cumulative_trapezoid dim": (lambda: ag.cumulative_trapezoid(M34, dim=2), IndexError, "dim 2"),
    "gradient edge_order": (lambda: ag.gradient(M34, edge_order=3), ValueError, "edge_order must be 1 or 2"),
    "gradient short": (lambda: ag.gradient(ag.ones(2), edge_order=2), ValueError, "at least 3"),
    "gradient spacing length": (lambda: ag.gradient(M34, spacing=[1.0]), ValueError, "spacing has 1 entries"),
    "gradient coordinates": (
        lambda: ag.gradient(M34, spacing=[ag.ones(3), ag.ones(3)]),
        ValueError,
        "dim 1 must be",
    ),
    "gradient spacing type": (lambda: ag.gradient(M34, spacing="a"), TypeError, "spacing must be a number"),
    "gradient dims repeat": (lambda: ag.gradient(M34, dim=[0, 0]), ValueError, "repeats a dimension"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_input_is_a_clear_error(case):
    call, kind, message = ERRORS[case]
    with pytest.raises(kind, match=message):
        call()


def test_the_new_functions_take_out():
    a, b, c = ag.ones(3, 4) * 2, ag.arange(20.0).reshape(4, 5), ag.ones(3, 5)
    for call, expected in [
        (lambda out: ag.addmm(c, a, b, beta=2, out=out), 2 * c.numpy() + a.numpy() @ b.numpy()),
        (lambda out: ag.tensordot(a, b, 1, out=out), a.numpy() @ b.numpy()),
        (lambda out: ag.linalg.multi_dot([a, b], out=out), a.numpy() @ b.numpy()),
        (lambda out: ag.chain_matmul(a, b, out=out), a.numpy() @ b.numpy()),
        (lambda out: ag.hstack([c, b[:3]], out=out), np.hstack([c.numpy(), b.numpy()[:3]])),
        (lambda out: ag.vstack([c, b], out=out), np.vstack([c.numpy(), b.numpy()])),
        (lambda out: ag.column_stack([c[0], b[0]], out=out), np.column_stack([c.numpy()[0], b.numpy()[0]])),
        (lambda out: ag.addcmul(c, c, c, value=3, out=out), 4 * c.numpy()),
    ]:
        out = ag.empty(expected.shape)
        assert call(out) is out
        np.testing.assert_array_equal(out.numpy(), expected)
