"""The top-level names and Tensor methods added as PyTorch spells them (see
test_toplevel_aliases_torch.py for the comparison with PyTorch): gradcheck and gradgradcheck of
the differentiable ones (broadcasting included), the in-place forms inside a graph, the errors,
and what set_num_threads does."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor


def leaf(shape, low=-2.0, high=2.0, seed=0):
    return Tensor(np.random.default_rng(seed).uniform(low, high, shape), requires_grad=True)


def check(fn, *inputs):
    assert ag.gradcheck(fn, inputs)
    assert ag.gradgradcheck(fn, inputs)


# ---- differentiable ops, broadcasting ------------------------------------------------------
BINARY = {
    "fmax": lambda a, b: ag.fmax(a, b),
    "fmin": lambda a, b: b.fmin(a),
    "float_power": lambda a, b: ag.float_power(a.abs() + 0.5, b),
    "ldexp": lambda a, b: ag.ldexp(a, b),
    "dist": lambda a, b: ag.dist(a, b),
    "dist_3": lambda a, b: a.dist(b, 3),
    "dist_inf": lambda a, b: ag.dist(a, b, math.inf),
    "rsub": lambda a, b: ag.rsub(a, b, alpha=0.5),
    "subtract": lambda a, b: ag.subtract(a, b, alpha=2),
    "where": lambda a, b: a.where(a > 0, b),
    "mv": lambda a, b: ag.mv(a, b),
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_gradcheck_and_gradgradcheck(name):
    check(BINARY[name], leaf((3, 4)), leaf((4,), seed=1))


UNARY = {
    "deg2rad": lambda x: ag.deg2rad(x),
    "rad2deg": lambda x: x.rad2deg(),
    "clamp_min": lambda x: ag.clamp_min(x, 0.3),
    "clamp_max": lambda x: x.clamp_max(-0.3),
    "frexp": lambda x: ag.frexp(x * 10).mantissa,
    "msort": lambda x: ag.msort(x),
    "ravel": lambda x: x.ravel() * ag.arange(12.0),
    "select": lambda x: ag.select(x, 1, -1),
    "tile": lambda x: x.tile((2, 1, 2)),
    "float_power_number": lambda x: ag.float_power(2.0, x),
    "divide_floor": lambda x: ag.div(x, 0.7, rounding_mode="floor") + x,
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops_gradcheck_and_gradgradcheck(name):
    check(UNARY[name], leaf((3, 4)))


IN_PLACE = (
    "sin cos tan sinh cosh rsqrt reciprocal square deg2rad rad2deg absolute negative log2 log10".split()
)


@pytest.mark.parametrize("name", IN_PLACE)
def test_in_place_forms_in_a_graph_gradcheck(name):
    def fn(x):
        y = x * 1.0
        getattr(y, name + "_")()
        return y * x

    check(fn, leaf((3, 4), 0.5, 1.5))


@pytest.mark.parametrize(
    "name, args", [("t_", ()), ("transpose_", (0, 1)), ("squeeze_", (1,)), ("unsqueeze_", (0,))]
)
def test_shape_in_place_in_a_graph_gradcheck(name, args):
    def fn(x):
        y = x * x
        getattr(y, name)(*args)
        return y.exp()

    check(fn, leaf((3, 1)))


def test_shape_in_place_outside_a_graph_is_a_view_of_the_same_memory():
    x = ag.arange(6.0).reshape(2, 3)
    before = x.data_ptr()
    x.t_()
    assert x.shape == (3, 2) and x.data_ptr() == before and not x.is_contiguous()
    assert x.stride() == (1, 3) and x.dim_order() == (1, 0)
    x.unsqueeze_(0).squeeze_(0)
    assert x.shape == (3, 2)


# ---- values that need no PyTorch to check -----------------------------------------------------
def test_comparison_in_place_keeps_the_dtype_and_drops_the_history():
    x = leaf(4) * 1.0
    x.eq_(x)
    assert x.dtype == np.float64 and x.tolist() == [1.0] * 4 and x.grad_fn is None


def test_floor_divide_by_integers_is_exact_beyond_float_precision():
    big = 2**62 + 1
    assert (ag.tensor([big]) // 3).item() == big // 3
    assert ag.tensor([-big]).div(3, rounding_mode="trunc").item() == -(big // 3)


def test_frexp_rebuilds_its_input():
    x = Tensor(np.random.default_rng(0).uniform(-1e6, 1e6, 50))
    mantissa, exponent = ag.frexp(x)
    assert exponent.dtype == np.int32 and (mantissa.abs() >= 0.5).all() and (mantissa.abs() < 1).all()
    np.testing.assert_array_equal(ag.ldexp(mantissa, exponent).numpy(), x.numpy())


def test_windows_sum_and_symmetry():
    for name in ("hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"):
        symmetric = getattr(ag, name)(9, periodic=False).numpy()
        np.testing.assert_allclose(symmetric, symmetric[::-1], rtol=0, atol=1e-15)
        np.testing.assert_allclose(getattr(ag, name)(8).numpy(), symmetric[:-1], rtol=0, atol=1e-15)
    assert ag.hann_window(8).sum().item() == pytest.approx(4.0)  # half the length, periodic


def test_introspection_of_a_slice():
    x = ag.arange(12.0).reshape(3, 4)
    y = x[1:, 2:]
    assert y.storage_offset() == 6 and y.stride() == (4, 1) and y.stride(0) == 4
    assert y.data_ptr() == x.data_ptr() + 6 * 8 and y.nbytes == 4 * 8
    assert ag.zeros(0).data_ptr() == 0 and ag.zeros(2).get_device() == -1 and ag.zeros(2).is_cpu


def test_dtypes_and_their_rules():
    assert isinstance(ag.ones(2).dtype, ag.dtype) and isinstance(ag.tensor([1]).dtype, ag.dtype)
    assert ag.promote_types(ag.int64, ag.float16) == ag.float16  # numpy would say float64
    assert ag.result_type(ag.tensor([1], dtype=ag.int32), 2.5) == ag.get_default_dtype()
    assert ag.result_type(ag.tensor([1.0], dtype=ag.float32), ag.tensor(2.0)) == ag.float32
    assert not ag.can_cast(ag.float32, ag.int64) and ag.can_cast(ag.int64, ag.uint8)
    assert ag.finfo().dtype == "float64" and ag.finfo(ag.float32).eps == 2.0**-23
    assert ag.iinfo(ag.int8).min == -128 and ag.iinfo(ag.uint8).max == 255
    assert ag.typename(ag.ones(2)) == "torch.DoubleTensor" and ag.typename(Tensor) == "autograd.tensor.Tensor"


# ---- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, match", [
    (lambda: ag.ones(2) & ag.ones(2), TypeError, "bool or integer"),
    (lambda: ag.ones(2) << 1, TypeError, "integer"),
    (lambda: ~ag.ones(2), TypeError, "bool or integer"),
    (lambda: ag.bitwise_and(ag.tensor([1, 2]), ag.tensor([1, 2, 3])), ValueError, "broadcast"),
    (lambda: ag.bitwise_and(1, 2), TypeError, "Tensor"),
    (lambda: ag.bitwise_or(ag.tensor([1]), 2**70), ValueError, "int64"),
    (lambda: ag.logical_and(ag.ones(2), ag.ones(3)), ValueError, "broadcast"),
    (lambda: ag.logical_or(ag.ones(2), True), TypeError, "other"),
    (lambda: ag.gcd(ag.tensor([True]), ag.tensor([True])), TypeError, "integer"),
    (lambda: ag.frexp(ag.tensor([1])), TypeError, "floating"),
    (lambda: ag.ldexp(ag.ones(2), 2), TypeError, "other"),
    (lambda: ag.float_power(ag.ones(2), "2"), TypeError, "exponent"),
    (lambda: ag.ones(2, dtype=ag.float32).float_power_(2), RuntimeError, "float64"),
    (lambda: ag.div(ag.ones(2), 2, rounding_mode="up"), ValueError, "rounding_mode"),
    (lambda: ag.div(ag.tensor([1]), ag.tensor([0]), rounding_mode="trunc"), RuntimeError, "division by zero"),
    (lambda: ag.div(ag.tensor([True]), True, rounding_mode="floor"), TypeError, "bool"),
    (lambda: ag.tensor([True]).positive(), TypeError, "bool"),
    (lambda: ag.ones(2, 3).select(2, 0), IndexError, "select"),
    (lambda: ag.ones(2, 3).select(1, 3), IndexError, "out of range"),
    (lambda: ag.ones(2, 3).mv(ag.ones(2)), ValueError, "mv"),
    (lambda: ag.ones(2, 3).tile(1.5), TypeError, "tile"),
    (lambda: ag.ones(2).is_nonzero(), RuntimeError, "ambiguous"),
    (lambda: ag.ones(2, 2, requires_grad=True).t_(), RuntimeError, "leaf"),
    (lambda: ag.finfo(ag.int64), TypeError, "floating"),
    (lambda: ag.iinfo(ag.float64), TypeError, "integer"),
    (lambda: ag.promote_types(ag.float32, "text"), TypeError, "dtype"),
    (lambda: ag.result_type(ag.ones(2), "x"), TypeError, "result_type"),
    (lambda: ag.hann_window(-1), ValueError, "non-negative"),
    (lambda: ag.hann_window(3, dtype=ag.int64), TypeError, "floating"),
    (lambda: ag.hann_window(3, periodic=None), TypeError, "periodic"),
    (lambda: ag.kaiser_window(3, beta="1"), TypeError, "beta"),
    (lambda: ag.scalar_tensor([1.0]), TypeError, "number"),
    (lambda: ag.asarray(ag.ones(2), dtype=ag.int64, copy=False), ValueError, "copy=False"),
    (lambda: ag.rsub(1, ag.ones(2)), TypeError, "input"),
    (lambda: ag.set_num_threads(0), ValueError, "positive"),
    (lambda: ag.set_num_interop_threads(1.5), ValueError, "positive"),
])  # fmt: skip
def test_errors_name_the_problem(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ---- threads ------------------------------------------------------------------------------
def test_set_num_threads_sizes_numpys_blas_pool():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    pools = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    if not pools:
        pytest.skip("numpy's BLAS is not one threadpoolctl can see")
    before = ag.get_num_threads()
    try:
        ag.set_num_threads(1)
        assert ag.get_num_threads() == 1
        assert all(p["num_threads"] == 1 for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas")
    finally:
        ag.set_num_threads(before)
    assert ag.get_num_threads() == before


def test_interop_threads_are_recorded():
    ag.set_num_interop_threads(3)
    assert ag.get_num_interop_threads() == 3
