"""The ops PyTorch programs use that chainrule gained for #19: first and second derivatives
against finite differences (float64), and their errors on bad input."""

import math
import warnings

import numpy as np
import pytest

from autograd import Tensor, gradcheck, gradgradcheck, ops, tensor


def var(rng, shape, low=-2.0, high=2.0):
    return Tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def distinct(rng, shape, scale=1.0):
    """Values far apart (no ties, no kinks within the finite-difference step)."""
    n = int(np.prod(shape))
    return Tensor((rng.permutation(n).reshape(shape) - n / 2) * scale / n * 4 + 0.05, requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def ints(values):
    return np.array(values, dtype=np.int64)


# ---- elementwise -------------------------------------------------------------------------

UNARY = {
    "log2": (ops.Log2.apply, 0.2, 3),
    "log10": (ops.Log10.apply, 0.2, 3),
    "log1p": (ops.Log1p.apply, -0.8, 3),
    "expm1": (ops.Expm1.apply, -2, 2),
    "rsqrt": (ops.Rsqrt.apply, 0.2, 3),
    "square": (ops.Square.apply, -2, 2),
    "reciprocal": (ops.Reciprocal.apply, 0.3, 3),
    "tan": (ops.Tan.apply, -1.2, 1.2),
    "asin": (ops.Asin.apply, -0.9, 0.9),
    "acos": (ops.Acos.apply, -0.9, 0.9),
    "atan": (ops.Atan.apply, -3, 3),
    "sinh": (ops.Sinh.apply, -2, 2),
    "cosh": (ops.Cosh.apply, -2, 2),
}


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(rng, name, shape):
    fn, low, high = UNARY[name]
    check(fn, var(rng, shape, low, high))


def test_reciprocal_of_integers_is_float():
    out = ops.Reciprocal.apply(tensor([1, 2, 4]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.numpy(), [1, 0.5, 0.25])


STEPS = {
    "sign": ops.Sign.apply,
    "floor": ops.Floor.apply,
    "ceil": ops.Ceil.apply,
    "trunc": ops.Trunc.apply,
    "round": ops.Round.apply,
    "round_2": lambda x: ops.Round.apply(x, decimals=2),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_piecewise_constant_have_zero_gradient(name):
    x = Tensor([-1.7, -0.2, 0.3, 2.4], requires_grad=True)  # away from the jumps
    check(STEPS[name], x)
    STEPS[name](x).sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), np.zeros(4))


@pytest.mark.parametrize("op", [ops.Floor, ops.Ceil, ops.Trunc, ops.Round, ops.Sign])
def test_rounding_keeps_integers(op):
    out = op.apply(tensor([-2, 0, 3]))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out.numpy(), np.sign([-2, 0, 3]) if op is ops.Sign else [-2, 0, 3])


def test_round_rejects_a_float_decimals():
    with pytest.raises(TypeError, match="decimals"):
        ops.Round.apply(Tensor([1.0]), decimals=1.5)


@pytest.mark.parametrize(
    "ufunc",
    [np.log2, np.log10, np.log1p, np.expm1, np.square, np.reciprocal, np.tan, np.arctan, np.sinh, np.cosh],
)
def test_numpy_ufuncs_run_as_ops(rng, ufunc):
    x = var(rng, (3,), 0.2, 0.9)
    out = ufunc(x)
    assert isinstance(out, Tensor) and out.requires_grad
    np.testing.assert_allclose(out.numpy(), ufunc(x.numpy()), rtol=1e-15)


def test_numpy_predicates_give_bool_tensors():
    x = Tensor([1.0, math.nan, math.inf])
    for ufunc in (np.isnan, np.isinf, np.isfinite):
        out = ufunc(x)
        assert isinstance(out, Tensor) and out.dtype == bool
        np.testing.assert_array_equal(out.numpy(), ufunc(x.numpy()))


@pytest.mark.parametrize(
    "shapes", [((3, 4), (3, 4), (3, 4)), ((3, 4), (4,), None), ((3, 4), None, (3, 1)), ((4,), (2, 4), ())]
)
def test_clamp_with_tensor_bounds(rng, shapes):
    x_shape, low_shape, high_shape = shapes
    x = var(rng, x_shape)
    low = None if low_shape is None else var(rng, low_shape, -2.0, 0.0)
    high = None if high_shape is None else var(rng, high_shape, 0.0, 2.0)
    inputs = [t for t in (x, low, high) if t is not None]

    def fn(*args):
        it = iter(args)
        return ops.clamp(next(it), *(None if b is None else next(it) for b in (low, high)))

    check(fn, *inputs)


def test_clamp_gives_ties_to_x_and_crossed_bounds_to_max():
    x, low, high = (
        Tensor(v, requires_grad=True) for v in ([1.0, 3.0, 4.0], [1.0, 0.0, 4.5], [2.0, 3.0, 4.0])
    )
    out = ops.clamp(x, low, high)
    np.testing.assert_array_equal(out.numpy(), [1, 3, 4])
    out.sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), [1, 1, 0])
    np.testing.assert_array_equal(np.asarray(low.grad), [0, 0, 0])
    np.testing.assert_array_equal(np.asarray(high.grad), [0, 0, 1])
    np.testing.assert_array_equal(ops.clamp(x, 2.0, tensor(3.5)).numpy(), [2, 3, 3.5])
    with pytest.raises(ValueError, match="cannot be broadcast"):
        ops.clamp(x, Tensor([0.0, 1.0]))


# ---- indexing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dim, index",
    [
        (0, [[0, 2, 1, 0], [2, 2, 0, 1]]),
        (1, [[3, 3], [0, 1], [2, 0]]),
        (-1, [[1], [0], [3]]),
        (-2, [[1, 0, 2, 2]]),
    ],
)
def test_gather(rng, dim, index):
    check(lambda x: ops.gather(x, dim, ints(index)), var(rng, (3, 4)))


def test_gather_3d_and_a_tensor_index(rng):
    index = tensor(rng.integers(0, 3, size=(2, 3, 2)))
    check(lambda x: ops.gather(x, 1, index), var(rng, (2, 3, 4)))


def test_gather_adds_the_gradient_of_repeated_indices():
    x = Tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    ops.gather(x, 1, ints([[2, 2, 0]])).sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), [[1, 0, 2]])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_scatter_src(rng, dim):
    index = ints([[0, 1], [2, 0]]) if dim == 0 else ints([[1, 3], [0, 2]])
    src = var(rng, (2, 3))
    check(lambda x, s: ops.scatter(x, dim, index, s), var(rng, (3, 4)), src)


def test_scatter_value_forms(rng):
    index = ints([[1], [0], [2]])
    check(lambda x: ops.scatter(x, 1, index, 2.5), var(rng, (3, 3)))
    check(lambda x: ops.scatter(x, 1, index, value=-1.0), var(rng, (3, 3)))
    out = ops.scatter(Tensor(np.zeros((2, 2))), 0, ints([[1, 0]]), value=7.0)
    np.testing.assert_array_equal(out.numpy(), [[0, 7], [7, 0]])


@pytest.mark.parametrize("dim", [0, 1, -2])
def test_scatter_add(rng, dim):
    index = ints([[0, 0, 2], [1, 0, 0]]) if dim % 2 == 0 else ints([[1, 1, 3], [0, 0, 0]])
    check(lambda x, s: ops.scatter_add(x, dim, index, s), var(rng, (3, 4)), var(rng, (2, 3)))


def test_scatter_add_sums_repeats():
    out = ops.scatter_add(Tensor(np.zeros(3)), 0, ints([0, 0, 2]), Tensor([1.0, 2.0, 4.0]))
    np.testing.assert_array_equal(out.numpy(), [3, 0, 4])


@pytest.mark.parametrize("dim, index", [(0, [2, 0, 2]), (1, [3]), (-1, [1, 1, 0, 2, 3]), (0, 1)])
def test_index_select(rng, dim, index):
    check(lambda x: ops.index_select(x, dim, ints(index)), var(rng, (3, 4)))


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (3, 1), (2, 3, 4)])
def test_masked_fill(rng, mask_shape):
    mask = rng.uniform(size=mask_shape) > 0.5
    check(lambda x: ops.masked_fill(x, mask, -1.5), var(rng, (3, 4)))
    check(lambda x, v: ops.masked_fill(x, mask, v), var(rng, (3, 4)), var(rng, ()))


@pytest.mark.parametrize(
    "dim, index_shape", [(None, (5,)), (None, (2, 2)), (0, (2, 4)), (1, (3, 2)), (1, (1, 2)), (-1, (3, 1))]
)
def test_take_along_dim(rng, dim, index_shape):
    bound = 12 if dim is None else (3, 4)[dim]
    index = rng.integers(0, bound, size=index_shape)
    check(lambda x: ops.take_along_dim(x, index, dim), var(rng, (3, 4)))


def test_one_hot():
    out = ops.one_hot(ints([[0, 2], [1, 1]]))
    assert out.dtype == np.int64 and out.shape == (2, 2, 3)
    np.testing.assert_array_equal(out.numpy()[0], [[1, 0, 0], [0, 0, 1]])
    assert ops.one_hot(ints([1]), num_classes=4).shape == (1, 4)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: ops.gather(x, 2, ints([[0]])), IndexError, "dim 2 is out of range"),
        (lambda x: ops.gather(x, -3, ints([[0]])), IndexError, "dim -3"),
        (lambda x: ops.gather(x, 0, np.array([[0.0]])), TypeError, "integers.*float64"),
        (lambda x: ops.gather(x, 0, ints([[3]])), IndexError, "index 3 is out of range.*size 3"),
        (lambda x: ops.gather(x, 0, ints([[-1]])), IndexError, "index -1"),
        (lambda x: ops.gather(x, 0, ints([0])), ValueError, "1 dimension.*has 2"),
        (lambda x: ops.gather(x, 0, ints([[0] * 5])), ValueError, "larger than the Tensor"),
        (lambda x: ops.gather(x, 0.5, ints([[0]])), TypeError, "dim must be an int"),
        (lambda x: ops.index_select(x, 0, ints([[0]])), ValueError, "1-D"),
        (lambda x: ops.index_select(x, 1, ints([4])), IndexError, "index 4.*size 4"),
        (lambda x: ops.index_select(x, 1, [True]), TypeError, "integers.*bool"),
        (lambda x: ops.scatter(x, 0, ints([[0]])), TypeError, "exactly one of src"),
        (lambda x: ops.scatter(x, 0, ints([[0, 0]]), Tensor(np.ones((1, 1)))), ValueError, "larger than src"),
        (
            lambda x: ops.scatter(x, 0, ints([[0]]), Tensor(np.ones((1, 1), np.float32))),
            TypeError,
            "dtype float32",
        ),
        (lambda x: ops.scatter_add(x, 1, ints([[9]]), x), IndexError, "index 9"),
        (lambda x: ops.masked_fill(x, np.ones((3, 4)), 0.0), TypeError, "bool"),
        (lambda x: ops.masked_fill(x, np.ones(5, bool), 0.0), ValueError, r"\(5,\).*\(3, 4\)"),
        (lambda x: ops.masked_fill(x, np.ones(4, bool), Tensor([1.0, 2.0])), ValueError, "0-d"),
        (lambda x: ops.take_along_dim(x, ints([[0, 1]]), 0), ValueError, "cannot be broadcast"),
        (lambda x: ops.one_hot(ints([0, 3]), 3), IndexError, "label 3 is out of range"),
        (lambda x: ops.one_hot(ints([-1])), IndexError, "label -1"),
        (lambda x: ops.one_hot(np.array([0.0])), TypeError, "labels must hold integers"),
        (
            lambda x: ops.one_hot(
                ints([]),
            ),
            ValueError,
            "empty",
        ),
    ],
)
def test_indexing_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.zeros((3, 4))))


# ---- rearranging -------------------------------------------------------------------------

LAYOUT = {
    "repeat": lambda x: ops.repeat(x, 2, 3),
    "repeat_tuple": lambda x: ops.repeat(x, (1, 2)),
    "repeat_new_dims": lambda x: ops.repeat(x, 2, 1, 2),
    "repeat_zero": lambda x: ops.repeat(x, 0, 2),
    "expand": lambda x: ops.expand(x[:, :1], 3, 5),
    "expand_keep": lambda x: ops.expand(x[:1], 4, -1, 4),
    "flip_0": lambda x: ops.flip(x, 0),
    "flip_all": lambda x: ops.flip(x, (0, -1)),
    "roll": lambda x: ops.roll(x, 1, 1),
    "roll_negative": lambda x: ops.roll(x, -5, 0),
    "roll_two": lambda x: ops.roll(x, (1, 2), (0, 1)),
    "roll_flat": lambda x: ops.roll(x, 5),
    "split": lambda x: ops.split(x, 3, 1),
    "split_list": lambda x: ops.split(x, [1, 0, 2], 0),
    "chunk": lambda x: ops.chunk(x, 3, -1),
    "chunk_2": lambda x: ops.chunk(x, 2, 0),
    "narrow": lambda x: ops.narrow(x, 1, 1, 2),
    "narrow_negative_start": lambda x: ops.narrow(x, 0, -2, 2),
    "unflatten": lambda x: ops.unflatten(x, 1, (2, 2)),
    "unfold_overlapping": lambda x: x.unfold(1, 2, 1),
    "unfold_step": lambda x: ops.unfold(x, 0, 2, 2),
    "unfold_last": lambda x: x.unfold(-1, 3, 2),
    "unflatten_infer": lambda x: ops.unflatten(x, -1, (-1, 1, 2)),
    "tril": lambda x: ops.tril(x),
    "tril_1": lambda x: ops.tril(x, 1),
    "triu": lambda x: ops.triu(x),
    "triu_minus_1": lambda x: ops.triu(x, -1),
    "diagonal": lambda x: ops.diagonal(x),
    "diagonal_offset": lambda x: ops.diagonal(x, 1),
    "diagonal_below": lambda x: ops.diagonal(x, -2, 1, 0),
    "diag_of_matrix": lambda x: ops.diag(x, 1),
    "diag_of_vector": lambda x: ops.diag(x[0], -1),
}


@pytest.mark.parametrize("name", sorted(LAYOUT))
def test_layout(rng, name):
    check(LAYOUT[name], var(rng, (3, 4)))


def test_batched_triangles_and_diagonals(rng):
    check(lambda x: ops.tril(x, -1), var(rng, (2, 3, 4)))
    check(lambda x: ops.diagonal(x, 0, -2, -1), var(rng, (2, 3, 4)))
    check(lambda x: ops.diagonal(x, 1, 2, 0), var(rng, (2, 3, 4)))


def test_layout_values():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(ops.repeat(x, 2, 2).numpy(), np.tile(x.numpy(), (2, 2)))
    np.testing.assert_array_equal(ops.roll(x, 1).numpy(), np.roll(x.numpy(), 1))
    np.testing.assert_array_equal(ops.roll(x, (1, -1), (0, 1)).numpy(), np.roll(x.numpy(), (1, -1), (0, 1)))
    assert [p.shape for p in ops.chunk(Tensor(np.zeros(6)), 4)] == [(2,), (2,), (2,)]
    assert [p.shape for p in ops.split(Tensor(np.zeros((5, 2))), 2)] == [(2, 2), (2, 2), (1, 2)]
    np.testing.assert_array_equal(ops.tril(tensor([[1, 2], [3, 4]])).numpy(), [[1, 0], [3, 4]])
    np.testing.assert_array_equal(
        ops.triu(Tensor([[math.inf, math.inf]] * 2), 1).numpy(), [[0, math.inf], [0, 0]]
    )


def test_repeat_copies_as_pytorch_so_in_place_ops_on_the_result_work():
    x = Tensor(np.arange(6.0).reshape(1, 2, 3))
    for sizes in [(4, 1, 1), (2, 1, 2, 1)]:  # leading repeats only: numpy's reshape keeps a view
        y = x.repeat(*sizes)
        y.div_(2.0)
        np.testing.assert_array_equal(y.numpy(), np.tile(np.arange(6.0).reshape(1, 2, 3), sizes) / 2)
    np.testing.assert_array_equal(x.numpy(), np.arange(6.0).reshape(1, 2, 3))  # x untouched


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: ops.repeat(x, 2), ValueError, "at least one per dimension"),
        (lambda x: ops.repeat(x, 2, -1), ValueError, ">= 0"),
        (lambda x: ops.repeat(x, 2, 1.5), TypeError, "ints"),
        (lambda x: ops.expand(x, 3, 5), ValueError, "size 5 at dimension 1.*size-1"),
        (lambda x: ops.expand(x, -1, 3, 4), ValueError, "-1 is not allowed"),
        (lambda x: ops.expand(x, 4), ValueError, "at least one per dimension"),
        (lambda x: ops.flip(x, 2), IndexError, "flip: dim 2"),
        (lambda x: ops.flip(x, (0, 0)), ValueError, "repeat a dimension"),
        (lambda x: ops.roll(x, (1, 2), 0), ValueError, "one shift per dim"),
        (lambda x: ops.roll(x, (1, 2)), ValueError, "one int"),
        (lambda x: ops.roll(x, 1, 3), IndexError, "roll: dim 3"),
        (lambda x: ops.split(x, [1, 1], 1), ValueError, r"add up to 4"),
        (lambda x: ops.split(x, 0), ValueError, "positive"),
        (lambda x: ops.chunk(x, 0), ValueError, "positive"),
        (lambda x: ops.narrow(x, 1, 3, 2), ValueError, r"start 3 and length 2 do not fit in dim 1 of size 4"),
        (lambda x: ops.narrow(x, 1, 0.5, 2), TypeError, "start must be an int"),
        (lambda x: ops.unflatten(x, 1, (3, -1)), ValueError, "do not multiply to 4"),
        (lambda x: x.unfold(1, 5, 1), ValueError, r"size must be from 0 to the size of dimension 1 \(4"),
        (lambda x: x.unfold(1, 2, 0), ValueError, "step is 0 but must be > 0"),
        (lambda x: x.unfold(1, 2.0, 1), TypeError, "size must be an int"),
        (lambda x: x.unfold(2, 2, 1), IndexError, "unfold"),
        (lambda x: ops.unflatten(x, 1, (-1, -1)), ValueError, "one size may be -1"),
        (lambda x: ops.tril(x[0]), ValueError, "matrix"),
        (lambda x: ops.triu(x, 0.5), TypeError, "offset must be an int"),
        (lambda x: ops.diagonal(x, 0, 1, 1), ValueError, "repeat a dimension"),
        (lambda x: ops.diag(x[None]), ValueError, "1-D or 2-D"),
    ],
)
def test_layout_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.zeros((3, 4))))


# ---- cumulative and products ---------------------------------------------------------------


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumsum_and_cumprod(rng, dim):
    check(lambda x: ops.cumsum(x, dim), var(rng, (3, 4)))
    check(lambda x: ops.cumprod(x, dim), var(rng, (3, 4), 0.5, 1.5))


def test_cumprod_through_zeros(rng):
    x = Tensor([[0.5, 0.0, 2.0, 0.0, 1.5], [1.2, -0.7, 0.0, 0.9, 2.0]], requires_grad=True)
    check(lambda x: ops.cumprod(x, 1), x)


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, 1, -1])
def test_prod(rng, dim, keepdim):
    check(lambda x: ops.prod(x, dim, keepdim), var(rng, (2, 3, 4), 0.5, 1.5))


@pytest.mark.parametrize(
    "data", [[1.5, 0.0, 2.0, -1.0], [0.0, 0.7, 0.0, 2.0], [0.0, 0.0, 0.0, 1.1], [[0.0, 2.0], [1.5, 0.5]]]
)
def test_prod_with_zeros(data):
    x = Tensor(data, requires_grad=True)
    check(lambda x: ops.prod(x), x)
    check(lambda x: ops.prod(x, 0), x)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: ops.cumsum(x, 2), IndexError, "cumsum: dim 2"),
        (lambda x: ops.cumprod(x, -3), IndexError, "cumprod: dim -3"),
        (lambda x: ops.prod(x, 2), IndexError, "prod: dim 2"),
        (lambda x: ops.prod(x, (0, 1)), TypeError, "dim must be an int"),
    ],
)
def test_cumulative_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.zeros((3, 4))))


def test_prod_gradient_at_one_zero_is_the_product_of_the_others():
    x = Tensor([2.0, 0.0, 3.0], requires_grad=True)
    ops.prod(x).backward()
    np.testing.assert_array_equal(np.asarray(x.grad), [0, 6, 0])


# ---- reductions ----------------------------------------------------------------------------


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("op", [ops.amax, ops.amin])
def test_amax_amin(rng, op, dim, keepdim):
    check(lambda x: op(x, dim, keepdim), distinct(rng, (2, 3, 4)))


def test_amax_shares_ties_equally():
    x = Tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]], requires_grad=True)
    ops.amax(x, 1).sum().backward()
    np.testing.assert_allclose(np.asarray(x.grad), [[0, 0.5, 0.5], [1 / 3] * 3], rtol=1e-15)


NORMS = {
    "2": dict(p=2),
    "fro": dict(),
    "1": dict(p=1),
    "3": dict(p=3),
    "inf": dict(p=math.inf),
    "-inf": dict(p=-math.inf),
    "2_dim": dict(p=2, dim=1),
    "2_keepdim": dict(p=2, dim=-1, keepdim=True),
    "fro_dims": dict(p="fro", dim=(0, 2)),
    "1_dims": dict(p=1, dim=(1, 2), keepdim=True),
    "inf_dim": dict(p=math.inf, dim=0),
    "half": dict(p=0.5, dim=2),
}


@pytest.mark.parametrize("name", sorted(NORMS))
def test_norm(rng, name):
    check(lambda x: ops.norm(x, **NORMS[name]), distinct(rng, (2, 3, 4)))


def test_vector_norm(rng):
    check(lambda x: ops.vector_norm(x, 2, (0, 1)), var(rng, (3, 4)))
    count = ops.vector_norm(Tensor([0.0, 2.0, -1.0]), 0)
    assert count.item() == 2


def test_norm_gradient_at_zero_is_zero():
    x = Tensor(np.zeros((2, 3)), requires_grad=True)
    ops.norm(x).backward()
    np.testing.assert_array_equal(np.asarray(x.grad), np.zeros((2, 3)))
    y = Tensor([[0.0, 0.0], [3.0, 4.0]], requires_grad=True)
    ops.norm(y, 2, dim=1).sum().backward()
    np.testing.assert_allclose(np.asarray(y.grad), [[0, 0], [0.6, 0.8]], rtol=1e-15)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: ops.amax(x, 2), IndexError, "amax: dim 2"),
        (lambda x: ops.amin(x, (0, 0)), ValueError, "repeat"),
        (lambda x: ops.norm(x, "nucl"), ValueError, "'fro' or 'nuc'"),
        (lambda x: ops.norm(x, "fro", (0, 1, 0)), ValueError, "at most 2 dims"),
        (lambda x: ops.vector_norm(x, "2"), TypeError, "ord must be a number"),
        (lambda x: ops.vector_norm(tensor([1, 2]), 2), TypeError, "floating-point.*int64"),
    ],
)
def test_reduction_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.zeros((3, 4))))


# ---- sorting -------------------------------------------------------------------------------

SORTING = {
    "sort": lambda x: ops.sort(x).values,
    "sort_0_desc": lambda x: ops.sort(x, 0, descending=True).values,
    "topk": lambda x: ops.topk(x, 2).values,
    "topk_small_0": lambda x: ops.topk(x, 1, 0, largest=False).values,
    "max_dim": lambda x: ops.max_with_indices(x, 1).values,
    "max_keepdim": lambda x: ops.max_with_indices(x, -1, keepdim=True).values,
    "min_dim": lambda x: ops.min_with_indices(x, 0).values,
}


@pytest.mark.parametrize("name", sorted(SORTING))
def test_sorting_values(rng, name):
    check(SORTING[name], distinct(rng, (3, 4)))


def test_sort_is_stable_both_ways():
    x = Tensor([2.0, 1.0, 2.0, math.nan, 1.0])
    assert ops.sort(x).indices.tolist() == [1, 4, 0, 2, 3]
    assert ops.sort(x, descending=True).indices.tolist() == [3, 0, 2, 1, 4]
    assert ops.argsort(x, descending=True).tolist() == [3, 0, 2, 1, 4]
    assert ops.sort(x).indices.dtype == np.int64


def test_max_with_indices_gives_the_gradient_to_the_first_maximum():
    x = Tensor([[1.0, 3.0, 3.0], [5.0, 0.0, 5.0]], requires_grad=True)
    values, indices = ops.max_with_indices(x, 1)
    assert indices.tolist() == [1, 0]
    values.sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), [[0, 1, 0], [1, 0, 0]])


def test_max_and_min_three_ways(rng):
    x, y = distinct(rng, (3, 4)), var(rng, (4,))
    check(lambda x: ops.max(x), x)
    check(lambda x: ops.min(x, 0).values, x)
    check(lambda x, y: ops.max(x, y), x, y)
    check(lambda x, y: ops.min(x, y), x, y)
    assert type(ops.max(x, 1)).__name__ == "max" and type(ops.min(x, 1)).__name__ == "min"
    assert ops.max(x, 1, keepdim=True).indices.shape == (3, 1)


def test_zero_dimensional_tensors_sort_and_pick_as_in_pytorch():
    x = tensor(5.0, requires_grad=True)
    values, indices = ops.max_with_indices(x, 0)
    assert values.item() == 5.0 and indices.item() == 0 and indices.dtype == np.int64
    assert ops.sort(x, -1).indices.item() == 0 and ops.argsort(x).shape == ()
    ops.min_with_indices(x, -1).values.backward()
    assert x.grad.item() == 1.0


def test_return_types_are_named_tuples():
    result = ops.topk(Tensor([1.0, 3.0, 2.0]), 2)
    assert type(result).__name__ == "topk" and result.values.tolist() == [3, 2]
    assert result.indices.tolist() == [1, 2]


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda x: ops.sort(x, 2), IndexError, "argsort: dim 2"),
        (lambda x: ops.topk(x, 5), ValueError, r"k must be an int in \[0, 4\]"),
        (lambda x: ops.topk(x, -1), ValueError, "k must be"),
        (lambda x: ops.topk(x, 4, dim=0), ValueError, r"\[0, 3\]"),
        (lambda x: ops.max_with_indices(x, 3), IndexError, "max: dim 3"),
        (lambda x: ops.min_with_indices(Tensor(np.zeros((0, 2))), 0), ValueError, "no elements"),
        (lambda x: ops.topk(tensor(1.0), 1), ValueError, "at least one dimension"),
        (lambda x: ops.sort(tensor(1.0), 1), IndexError, r"dim 1 is out of range.*\[-1, 0\]"),
    ],
)
def test_sorting_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.zeros((3, 4))))


# ---- predicates ----------------------------------------------------------------------------


def test_predicates():
    x = Tensor([0.0, math.nan, -math.inf, 2.0])
    assert ops.isnan(x).tolist() == [False, True, False, False]
    assert ops.isinf(x).tolist() == [False, False, True, False]
    assert ops.isfinite(x).tolist() == [True, False, False, True]
    assert ops.isnan(tensor([1, 2])).dtype == bool
    assert ops.isclose(Tensor([1.0, math.nan]), Tensor([1.0 + 1e-9, math.nan]), equal_nan=True).tolist() == [
        True,
        True,
    ]
    assert ops.allclose(Tensor([1.0, 2.0]), Tensor([1.0, 2.0 + 1e-9])) is True
    assert ops.allclose(Tensor([1.0]), Tensor([1.1])) is False
    assert ops.equal(Tensor([1.0, 2.0]), Tensor([1.0, 2.0])) is True
    assert ops.equal(Tensor([1.0, 2.0]), Tensor([[1.0, 2.0]])) is False


def test_all_any():
    x = Tensor([[1.0, 0.0], [2.0, 3.0]])
    assert ops.all(x).item() is False and ops.any(x).item() is True
    assert ops.all(x, 1).tolist() == [False, True]
    assert ops.any(x, 0, keepdim=True).shape == (1, 2)
    assert ops.all(x, (0, 1)).dtype == bool
    with pytest.raises(IndexError, match="all: dim 2"):
        ops.all(x, 2)
    with pytest.raises(ValueError, match="rtol"):
        ops.isclose(x, x, rtol=-1.0)


def test_nonzero():
    x = Tensor([[0.0, 1.0], [2.0, 0.0]])
    assert ops.nonzero(x).tolist() == [[0, 1], [1, 0]]
    rows, cols = ops.nonzero(x, as_tuple=True)
    assert rows.tolist() == [0, 1] and cols.dtype == np.int64
    assert ops.nonzero(tensor(3.0)).shape == (1, 0)


# ---- einsum and bincount ------------------------------------------------------------------

EINSUM = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),  # matmul
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),  # batch matmul
    ("i,j->ij", [(2,), (3,)]),  # outer
    ("i,i->", [(4,), (4,)]),  # dot
    ("ii", [(3, 3)]),  # trace
    ("ii->i", [(3, 3)]),  # diagonal
    ("iij,j->ij", [(2, 2, 3), (3,)]),  # a diagonal times a vector
    ("iii->i", [(2, 2, 2)]),
    ("ij->ji", [(2, 3)]),  # transpose
    ("ij->", [(2, 3)]),  # sum
    ("ij->i", [(2, 3)]),  # row sums
    ("ba", [(2, 3)]),  # implicit output: letters in order, so a transpose
    ("...ij,...jk", [(4, 2, 3), (5, 1, 3, 2)]),  # ellipsis, broadcast
    ("...ij->ij", [(4, 2, 3)]),  # ellipsis summed out
    ("i...->...", [(3, 2, 2)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),  # attention scores
    ("bhqk,bhkd->bhqd", [(2, 2, 3, 5), (2, 2, 5, 4)]),  # attention output
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),  # a chain
    ("i,i->i", [(1,), (3,)]),  # size 1 broadcasts
    ("ij,j->i", [(2, 3), (1,)]),
    ("ii,i->", [(1, 1), (3,)]),
    ("", [()]),
]


@pytest.mark.parametrize("equation, shapes", EINSUM, ids=[e or "scalar" for e, _ in EINSUM])
def test_einsum(rng, equation, shapes):
    check(lambda *xs: ops.einsum(equation, *xs), *[var(rng, s) for s in shapes])


def test_einsum_against_numpy(rng):
    for equation, shapes in EINSUM:
        if "1" in str(shapes) or equation.startswith("...ij->") or equation == "i...->...":
            continue  # numpy broadcasts no labelled size-1 dimension, nor sums '...' away
        xs = [rng.normal(size=s) for s in shapes]
        np.testing.assert_allclose(ops.einsum(equation, *map(Tensor, xs)).numpy(), np.einsum(equation, *xs))


def test_einsum_spellings(rng):
    a, b = var(rng, (2, 3)), var(rng, (3, 4))
    expected = (a @ b).numpy()
    for out in (
        ops.einsum("ij,jk->ik", [a, b]),
        ops.einsum("ij,jk->ik", (a, b)),
        ops.einsum(" i j , j k -> i k ", a, b),
        ops.einsum(a, [0, 1], b, [1, 2], [0, 2]),
        ops.einsum(a, [0, 1], b, [1, 2]),
        ops.einsum(a, [0, Ellipsis], b, [Ellipsis, 1], [0, 1]),
    ):
        np.testing.assert_allclose(out.numpy(), expected)
    assert ops.einsum("ij->ji", a).grad_fn.name == "einsum"


def test_einsum_of_integers_has_no_gradient():
    out = ops.einsum("ij,j->i", tensor([[1, 2], [3, 4]]), tensor([1, 1]))
    assert out.dtype == np.int64 and out.tolist() == [3, 7] and out.grad_fn is None


def test_einsum_gradient_of_a_trace_is_the_identity(rng):
    x = var(rng, (3, 3))
    ops.einsum("ii", x).backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.eye(3))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda a: ops.einsum("ij,jk", a), ValueError, "names 2 operand"),
        (lambda a: ops.einsum("ij", a, a), ValueError, "names 1 operand"),
        (lambda a: ops.einsum("ijk", a), ValueError, "2 dimension.*names 3.*no ellipsis"),
        (lambda a: ops.einsum("i", a), ValueError, "names 1"),
        (lambda a: ops.einsum("i1", a), ValueError, "'1'"),
        (lambda a: ops.einsum("i.j", a), ValueError, "not part of an ellipsis"),
        (lambda a: ops.einsum("i......", a), ValueError, "second ellipsis"),
        (lambda a: ops.einsum("ij->j->i", a), ValueError, "more than one '->'"),
        (lambda a: ops.einsum("ij->ik", a), ValueError, "subscript k does not appear"),
        (lambda a: ops.einsum("ij->ii", a), ValueError, "subscript i appears more than once"),
        (
            lambda a: ops.einsum("ii", a),
            ValueError,
            "subscript i is repeated in operand 0 with sizes 2 and 3",
        ),
        (
            lambda a: ops.einsum("ij,jk", a, a),
            ValueError,
            "subscript j has size 3 in operand 0 but 2 in operand 1",
        ),
        (lambda a: ops.einsum("...i,...i", a, Tensor(np.ones((3, 3)))), ValueError, r"'\.\.\.'.*size 2"),
        (lambda a: ops.einsum("ij,jk", a, Tensor(np.ones((3, 2), np.float32))), TypeError, "one dtype"),
        (lambda a: ops.einsum("ij", a.numpy()), TypeError, "operand 0 must be a Tensor"),
        (lambda a: ops.einsum(3, a), TypeError, "equation must be a str"),
        (lambda a: ops.einsum(a, [0, 52]), ValueError, r"52 is not an int in \[0, 52\)"),
        (lambda a: ops.einsum(a, "ij"), TypeError, "sublist of operand 0"),
    ],
)
def test_einsum_errors(call, error, match):
    with pytest.raises(error, match=match):
        call(Tensor(np.ones((2, 3))))


def test_bincount():
    x = tensor([0, 1, 1, 3])
    assert ops.bincount(x).tolist() == [1, 2, 0, 1] and ops.bincount(x).dtype == np.int64
    assert x.bincount(minlength=6).tolist() == [1, 2, 0, 1, 0, 0]
    assert ops.bincount(tensor([], dtype=np.int64), minlength=3).tolist() == [0, 0, 0]
    weighted = ops.bincount(x, Tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True), 5)
    assert weighted.tolist() == [1.0, 5.0, 0.0, 4.0, 0.0] and weighted.grad_fn is None
    assert ops.bincount(x, tensor([1.0, 2, 3, 4], dtype=np.float32)).dtype == np.float32
    assert ops.bincount(x, tensor([1, 2, 3, 4])).dtype == np.float64


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: ops.bincount(tensor([-1, 2])), ValueError, "non-negative integers.*negative entries"),
        (lambda: ops.bincount(tensor([[1, 2]])), ValueError, r"shape \(1, 2\)"),
        (lambda: ops.bincount(tensor([1.0, 2.0])), ValueError, "dtype float64"),
        (lambda: ops.bincount([0, 1]), TypeError, "input must be a Tensor"),
        (lambda: ops.bincount(tensor([0, 1]), tensor([1.0])), ValueError, "weights must be 1-d"),
        (lambda: ops.bincount(tensor([0, 1]), minlength=-1), ValueError, "minlength must be >= 0"),
        (lambda: ops.bincount(tensor([0, 1]), minlength=2.0), TypeError, "minlength must be an int"),
    ],
)
def test_bincount_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---- garbage in: only TypeError, ValueError or IndexError out, and no numpy warning ----------


class Opaque:
    """An object numpy knows nothing about."""


GARBAGE = [
    "a",
    b"x",
    None,
    Opaque(),
    2**40,
    -7,
    10**6,
    2**63,
    -(10**30),
    10**400,
    math.nan,
    math.inf,
    -1.5,
    True,
    1 + 2j,
    [[1, 2], [3]],
    [None],
    {"a": 1},
    frozenset({1}),
    (1, "a"),
    (9, -9),
    slice(None),
    Ellipsis,
    np.array(["a"]),
    np.array([1, None], dtype=object),
    np.zeros((2, 2, 2)),
    np.array([np.nan]),
    np.array([0.5, 1.0]),
    np.array([5, -5]),
    Tensor([1.0, 2.0]),
    lambda: 0,
]


def t23():
    return Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)


I23 = np.array([[0, 1, 0], [1, 0, 1]])

SURFACES = {
    "gather(dim)": lambda g: ops.gather(t23(), g, I23),
    "gather(index)": lambda g: ops.gather(t23(), 0, g),
    "scatter(index)": lambda g: ops.scatter(t23(), 0, g, 1.0),
    "scatter(src)": lambda g: ops.scatter(t23(), 0, I23, g),
    "scatter(value)": lambda g: ops.scatter(t23(), 0, I23, value=g),
    "scatter_add(src)": lambda g: ops.scatter_add(t23(), 1, I23, g),
    "index_select(dim)": lambda g: ops.index_select(t23(), g, [0]),
    "index_select(index)": lambda g: ops.index_select(t23(), 0, g),
    "masked_fill(mask)": lambda g: ops.masked_fill(t23(), g, 0.0),
    "masked_fill(value)": lambda g: ops.masked_fill(t23(), np.eye(2, 3, dtype=bool), g),
    "take_along_dim(indices)": lambda g: ops.take_along_dim(t23(), g),
    "take_along_dim(dim)": lambda g: ops.take_along_dim(t23(), I23, g),
    "one_hot(labels)": lambda g: ops.one_hot(g),
    "one_hot(num_classes)": lambda g: ops.one_hot(I23, g),
    "repeat": lambda g: ops.repeat(t23(), g),
    "repeat(2, a)": lambda g: ops.repeat(t23(), 2, g),
    "expand": lambda g: ops.expand(t23(), g),
    "expand(a, 3)": lambda g: ops.expand(t23()[:1], g, 3),
    "flip": lambda g: ops.flip(t23(), g),
    "roll(shifts)": lambda g: ops.roll(t23(), g, 0),
    "roll(dims)": lambda g: ops.roll(t23(), 1, g),
    "split": lambda g: ops.split(t23(), g),
    "split(dim)": lambda g: ops.split(t23(), 1, g),
    "chunk": lambda g: ops.chunk(t23(), g),
    "chunk(dim)": lambda g: ops.chunk(t23(), 2, g),
    "unflatten(dim)": lambda g: ops.unflatten(t23(), g, (3, 1)),
    "unflatten(sizes)": lambda g: ops.unflatten(t23(), 1, g),
    "tril": lambda g: ops.tril(t23(), g),
    "triu": lambda g: ops.triu(t23(), g),
    "diagonal(offset)": lambda g: ops.diagonal(t23(), g),
    "diagonal(dim1)": lambda g: ops.diagonal(t23(), 0, g),
    "diag": lambda g: ops.diag(t23(), g),
    "cumsum": lambda g: ops.cumsum(t23(), g),
    "cumprod": lambda g: ops.cumprod(t23(), g),
    "prod(dim)": lambda g: ops.prod(t23(), g),
    "Round(decimals)": lambda g: ops.Round.apply(t23(), decimals=g),
    "clamp(min)": lambda g: ops.clamp(t23(), g),
    "clamp(max)": lambda g: ops.clamp(t23(), tensor(0.0), g),
    "amax(dim)": lambda g: ops.amax(t23(), g),
    "amin(dim)": lambda g: ops.amin(t23(), g),
    "norm(p)": lambda g: ops.norm(t23(), g),
    "norm(dim)": lambda g: ops.norm(t23(), 2, g),
    "vector_norm(ord)": lambda g: ops.vector_norm(t23(), g),
    "sort(dim)": lambda g: ops.sort(t23(), g),
    "argsort(dim)": lambda g: ops.argsort(t23(), g),
    "topk(k)": lambda g: ops.topk(t23(), g),
    "topk(dim)": lambda g: ops.topk(t23(), 1, g),
    "max(dim)": lambda g: ops.max(t23(), g),
    "min(dim)": lambda g: ops.min(t23(), g),
    "isnan": lambda g: ops.isnan(g),
    "isclose": lambda g: ops.isclose(t23(), g),
    "isclose(rtol)": lambda g: ops.isclose(t23(), t23(), g),
    "allclose": lambda g: ops.allclose(t23(), g),
    "equal": lambda g: ops.equal(t23(), g),
    "all(dim)": lambda g: ops.all(t23(), g),
    "any(dim)": lambda g: ops.any(t23(), g),
    "nonzero": lambda g: ops.nonzero(g),
    "einsum(equation)": lambda g: ops.einsum(g, t23()),
    "einsum(operand)": lambda g: ops.einsum("ij,jk", t23(), g),
    "einsum(sublist)": lambda g: ops.einsum(t23(), g),
    "bincount": lambda g: ops.bincount(g),
    "bincount(weights)": lambda g: ops.bincount(tensor([0, 1]), g),
    "bincount(minlength)": lambda g: ops.bincount(tensor([0, 1]), None, g),
}


# A size too large for memory (one_hot(num_classes=2**40)) is numpy's MemoryError, as documented.
SIZES = {
    "one_hot(labels)",
    "one_hot(num_classes)",
    "repeat",
    "repeat(2, a)",
    "expand",
    "expand(a, 3)",
    "bincount(minlength)",
}


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_garbage_raises_only_documented_errors(surface):
    allowed = (TypeError, ValueError, IndexError) + ((MemoryError,) if surface in SIZES else ())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in GARBAGE:
            try:
                SURFACES[surface](value)
            except allowed:
                pass
            except Exception as error:
                raise AssertionError(
                    f"{surface}({value!r:.40}) raised {type(error).__name__}: {error}"
                ) from error
