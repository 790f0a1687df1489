"""PyTorch's top-level names and Tensor methods that chainrule spells as aliases or small ops
(comparisons, logical and bitwise functions, in-place forms, fmax/fmin, float_power, ldexp,
frexp, gcd/lcm, rounded division, dtype rules, finfo/iinfo, windows, range, introspection),
against PyTorch: values, dtypes, gradients and Hessian-vector products (float64, 1e-10).
Optional: skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-12
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


@pytest.fixture(autouse=True)
def torch_default_float64():
    """chainrule's default float dtype is float64: so is PyTorch's, for these comparisons."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


def same(ours, theirs):
    """Same values, dtype and shape (NaN where NaN)."""
    if isinstance(theirs, torch.Tensor):
        theirs = theirs.detach().numpy(force=True)  # force: PyTorch's zero gradients are ZeroTensors
    theirs, ours = np.asarray(theirs), np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    if ours.dtype.kind == "f":
        np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=ATOL)
    else:
        np.testing.assert_array_equal(ours, theirs)


def pair(array):
    """The same values as a chainrule and a PyTorch Tensor."""
    return ag.tensor(array), torch.tensor(array)


def compare(ours, theirs, *arrays, second=True):
    """Same values, same gradients of a weighted sum of the outputs and (with second) the same
    Hessian-vector products, for every array in ``arrays`` (each becomes a float64 leaf)."""
    rng = np.random.default_rng(0)
    xs = [ag.tensor(a, requires_grad=True) for a in arrays]
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, tout = ours(*xs), theirs(*txs)
    same(out, tout)
    weight = rng.uniform(-1, 1, out.shape)
    grads = ag.grad((out * ag.tensor(weight)).sum(), xs, create_graph=second, allow_unused=True)
    tgrads = torch.autograd.grad(
        (tout * torch.tensor(weight)).sum(), txs, create_graph=second, allow_unused=True
    )
    for x, g, t in zip(xs, grads, tgrads):
        same(np.zeros(x.shape) if g is None else g, np.zeros(x.shape) if t is None else t)
    if not second:
        return
    vs = [rng.uniform(-1, 1, x.shape) for x in xs]
    terms = [(g * ag.tensor(v)).sum() for g, v in zip(grads, vs) if g is not None and g.requires_grad]
    tterms = [(t * torch.tensor(v)).sum() for t, v in zip(tgrads, vs) if t is not None and t.requires_grad]
    # a gradient that is constant here may be recorded by PyTorch and not by chainrule: its HVP is 0
    hvps = ag.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
    thvps = torch.autograd.grad(sum(tterms), txs, allow_unused=True) if tterms else [None] * len(xs)
    for x, h, t in zip(xs, hvps, thvps):
        same(np.zeros(x.shape) if h is None else h, np.zeros(x.shape) if t is None else t)


def uniform(shape, low=-2.0, high=2.0, seed=1):
    return np.random.default_rng(seed).uniform(low, high, shape)


def values_of(dtype, seed=0):
    """A (3, 4) array of ``dtype`` with repeats, zeros and negatives where the dtype has them."""
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.integers(0, 2, (3, 4)).astype(bool)
    if dtype == "uint8":
        return rng.integers(0, 6, (3, 4)).astype(np.uint8)
    if dtype.startswith("int"):
        return rng.integers(-3, 4, (3, 4)).astype(dtype)
    return rng.integers(-3, 4, (3, 4)).astype(dtype) / 2


# ---- comparisons ------------------------------------------------------------------------
COMPARISONS = "eq ne gt ge lt le greater greater_equal less less_equal not_equal".split()


@pytest.mark.parametrize("name", COMPARISONS)
@pytest.mark.parametrize(
    "dtypes", [("float64", "float64"), ("int64", "float32"), ("int32", "int64"), ("bool", "int8")]
)
def test_comparison_functions_and_methods(name, dtypes):
    (a, ta), (b, tb) = pair(values_of(dtypes[0])), pair(values_of(dtypes[1], seed=1)[:1])  # b broadcasts
    same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))
    same(getattr(a, name)(b), getattr(ta, name)(tb))
    for number in (1, 0.5, True):
        same(getattr(ag, name)(a, number), getattr(torch, name)(ta, number))


@pytest.mark.parametrize("name", COMPARISONS)
@pytest.mark.parametrize("dtype", ["float64", "int64", "float32"])
def test_comparison_in_place_writes_ones_and_zeros_in_its_own_dtype(name, dtype):
    (a, ta), (b, tb) = pair(values_of(dtype)), pair(values_of(dtype, seed=1))
    assert getattr(a, name + "_")(b) is a
    getattr(ta, name + "_")(tb)
    same(a, ta)


@pytest.mark.parametrize("name", ["eq", "lt", "greater_equal", "not_equal"])
@pytest.mark.parametrize("out_dtype", ["bool", "float64", "int32"])
def test_comparison_out(name, out_dtype):
    (a, ta), (b, tb) = pair(values_of("float64")), pair(values_of("float64", seed=1))
    out, tout = pair(np.zeros((3, 4), out_dtype))
    assert getattr(ag, name)(a, b, out=out) is out
    getattr(torch, name)(ta, tb, out=tout)
    same(out, tout)


# ---- logical -------------------------------------------------------------------------------
LOGICAL = ["logical_and", "logical_or", "logical_xor"]


@pytest.mark.parametrize("name", LOGICAL)
@pytest.mark.parametrize("dtypes", [("bool", "bool"), ("float64", "int64"), ("uint8", "float32")])
def test_logical_functions_methods_in_place_and_out(name, dtypes):
    (a, ta), (b, tb) = pair(values_of(dtypes[0])), pair(values_of(dtypes[1], seed=1))
    same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))
    same(getattr(a, name)(b[0]), getattr(ta, name)(tb[0]))
    out, tout = pair(np.zeros((3, 4)))
    getattr(ag, name)(a, b, out=out)
    getattr(torch, name)(ta, tb, out=tout)
    same(out, tout)
    assert getattr(a, name + "_")(b) is a
    getattr(ta, name + "_")(tb)
    same(a, ta)


@pytest.mark.parametrize("dtype", ["bool", "float64", "int32"])
def test_logical_not(dtype):
    a, ta = pair(values_of(dtype))
    same(ag.logical_not(a), torch.logical_not(ta))
    same(a.logical_not(), ta.logical_not())
    same(a.logical_not_(), ta.logical_not_())


@pytest.mark.parametrize("name", LOGICAL)
def test_logical_functions_take_tensors_only(name):
    with pytest.raises(TypeError, match="other"):
        getattr(ag, name)(ag.ones(2), 1)
    with pytest.raises(TypeError):
        getattr(torch, name)(torch.ones(2), 1)


# ---- bitwise -------------------------------------------------------------------------------
BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor"]
INTEGERS = ["bool", "uint8", "int8", "int16", "int32", "int64"]


@pytest.mark.parametrize("name", BITWISE)
@pytest.mark.parametrize("first", INTEGERS)
@pytest.mark.parametrize("second", ["bool", "uint8", "int8", "int64"])
def test_bitwise_functions_promote_as_pytorch(name, first, second):
    (a, ta), (b, tb) = pair(values_of(first)), pair(values_of(second, seed=1))
    same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))
    same(getattr(a, name)(b), getattr(ta, name)(tb))


@pytest.mark.parametrize("name, op", [("bitwise_and", "&"), ("bitwise_or", "|"), ("bitwise_xor", "^")])
@pytest.mark.parametrize("dtype", INTEGERS)
def test_bitwise_operators_numbers_and_in_place(name, op, dtype):
    a, ta = pair(values_of(dtype))
    for number in (3, True, 2**40):  # a Python int wraps into the Tensor's dtype
        if dtype == "bool" and number is not True:
            continue
        same(getattr(ag, name)(a, number), getattr(torch, name)(ta, number))
        same(getattr(ag, name)(number, a), getattr(torch, name)(number, ta))
        same(eval(f"a {op} number"), eval(f"ta {op} number"))
        same(eval(f"number {op} a"), eval(f"number {op} ta"))
    (b, tb) = pair(values_of(dtype, seed=1))
    c, tc = a.clone(), ta.clone()
    exec(f"c {op}= b")
    exec(f"tc {op}= tb")
    same(c, tc)
    assert getattr(a, name + "_")(b) is a
    getattr(ta, name + "_")(tb)
    same(a, ta)
    out, tout = pair(np.zeros((3, 4), "int64"))
    getattr(ag, name)(a, b, out=out)
    getattr(torch, name)(ta, tb, out=tout)
    same(out, tout)


@pytest.mark.parametrize("dtype", INTEGERS)
def test_bitwise_not(dtype):
    a, ta = pair(values_of(dtype))
    same(ag.bitwise_not(a), torch.bitwise_not(ta))
    same(~a, ~ta)
    same(a.bitwise_not_(), ta.bitwise_not_())


@pytest.mark.parametrize("name, op", [("bitwise_left_shift", "<<"), ("bitwise_right_shift", ">>")])
@pytest.mark.parametrize("dtype", ["uint8", "int8", "int32", "int64"])
def test_shifts_by_any_amount(name, op, dtype):
    bits = np.iinfo(dtype).bits
    a, ta = pair(np.array([-5, -1, 0, 1, 3, 7, -128], dtype=np.int64).astype(dtype))
    for amount in (0, 1, 3, bits - 1, bits, bits + 5, -1):
        s, ts = pair(np.full(7, amount, dtype=np.int64).astype(dtype))
        same(getattr(ag, name)(a, s), getattr(torch, name)(ta, ts))
        if amount >= 0:
            same(eval(f"a {op} amount"), eval(f"ta {op} amount"))
    same(eval(f"2 {op} a.abs().clamp(max=5)"), eval(f"2 {op} ta.abs().clamp(max=5)"))
    c, tc = a.clone(), ta.clone()
    exec(f"c {op}= 2")
    exec(f"tc {op}= 2")
    same(c, tc)
    same(getattr(a, name + "_")(1), getattr(ta, name + "_")(1))


@pytest.mark.parametrize("call", [
    lambda m: m.bitwise_and(m.ones(2), m.ones(2)),
    lambda m: m.ones(2) & 1,
    lambda m: m.ones(2) | m.ones(2),
    lambda m: m.ones(2) << 1,
    lambda m: ~m.ones(2),
    lambda m: m.bitwise_left_shift(m.tensor([True]), m.tensor([True])),
    lambda m: m.gcd(m.ones(2), m.ones(2)),
])  # fmt: skip
def test_bitwise_functions_refuse_floats(call):
    with pytest.raises(TypeError, match="integer"):
        call(ag)
    with pytest.raises((NotImplementedError, RuntimeError, TypeError)):
        call(torch)


@pytest.mark.parametrize("name", ["gcd", "lcm"])
@pytest.mark.parametrize("dtype", ["uint8", "int16", "int32", "int64"])
def test_gcd_lcm(name, dtype):
    (a, ta), (b, tb) = pair(values_of(dtype) * 2), pair(values_of(dtype, seed=1) * 3)
    same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))
    same(getattr(a, name)(b[0]), getattr(ta, name)(tb[0]))
    out, tout = pair(np.zeros((3, 4), dtype))
    same(getattr(ag, name)(a, b, out=out), getattr(torch, name)(ta, tb, out=tout))
    same(getattr(a, name + "_")(b), getattr(ta, name + "_")(tb))


# ---- unary in place ------------------------------------------------------------------------
UNARY_IN_PLACE = """abs absolute sin cos tan asin acos atan arcsin arccos arctan sinh cosh exp exp2 expm1 log
log2 log10 log1p sqrt rsqrt sigmoid tanh neg negative floor ceil round trunc fix frac reciprocal square sign
sgn erf erfc erfinv deg2rad rad2deg relu sinc i0 logit lgamma digamma""".split()
POSITIVE = {"log", "log2", "log10", "sqrt", "rsqrt", "lgamma", "digamma"}
UNIT = {"asin", "acos", "arcsin", "arccos", "erfinv", "logit"}


def unary_input(name, shape=(3, 4)):
    if name in POSITIVE:
        return uniform(shape, 0.5, 3.0)
    if name in UNIT:
        return uniform(shape, 0.1, 0.9)
    return uniform(shape)


@pytest.mark.parametrize("name", UNARY_IN_PLACE)
def test_unary_in_place_method_and_function(name):
    x, tx = pair(unary_input(name))
    assert getattr(x, name + "_")() is x
    getattr(tx, name + "_")()
    same(x, tx)
    if hasattr(torch, name + "_"):
        y, ty = pair(unary_input(name))
        same(getattr(ag, name + "_")(y), getattr(torch, name + "_")(ty))


# (lgamma's and digamma's own tests compare their derivatives, to their own tolerance)
STEPS = {"floor", "ceil", "round", "trunc", "fix", "sign", "sgn", "lgamma", "digamma"}
DIFFERENTIABLE_IN_PLACE = sorted(set(UNARY_IN_PLACE) - STEPS)


@pytest.mark.parametrize("name", DIFFERENTIABLE_IN_PLACE)
def test_unary_in_place_in_a_graph_differentiates_as_pytorch(name):
    def run(module, x):
        y = x * 1.5
        getattr(y, name + "_")()
        return y * x

    compare(lambda x: run(ag, x), lambda x: run(torch, x), unary_input(name) / (1.5 if name in UNIT else 1))


@pytest.mark.parametrize("name, args", [
    ("clamp_min", (0.5,)), ("clamp_max", (-0.5,)), ("clamp", (-1.0, 1.0)), ("clip", (-1.0, 1.0)),
    ("round", ()), ("nan_to_num", ()), ("cumsum", (1,)), ("cumprod", (0,)), ("tril", ()), ("triu", (1,)),
    ("subtract", (1.5,)), ("multiply", (2.0,)), ("divide", (3.0,)), ("true_divide", (3.0,)),
    ("floor_divide", (0.7,)), ("float_power", (2,)), ("lerp", (np.ones((3, 4)), 0.3)), ("xlogy", (2.0,)),
])  # fmt: skip
def test_in_place_methods_with_arguments(name, args):
    x, tx = pair(uniform((3, 4)))
    ours_args = [ag.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    theirs_args = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    assert getattr(x, name + "_")(*ours_args) is x
    getattr(tx, name + "_")(*theirs_args)
    same(x, tx)


@pytest.mark.parametrize("name, args", [("clamp_min", (0.5,)), ("clamp_max", (-0.5,)), ("subtract", (1.5,))])
def test_new_aliases_as_functions_with_out(name, args):
    x, tx = pair(uniform((3, 4)))
    compare(lambda x: getattr(ag, name)(x, *args), lambda x: getattr(torch, name)(x, *args), uniform((3, 4)))
    out, tout = pair(np.zeros((3, 4)))
    getattr(ag, name)(x, *args, out=out)
    getattr(torch, name)(tx, *args, out=tout)
    same(out, tout)


def test_float_power_in_place_needs_float64():
    x, tx = pair(uniform(3).astype(np.float32))
    with pytest.raises(RuntimeError, match="float64"):
        x.float_power_(2)
    with pytest.raises(RuntimeError):
        tx.float_power_(2)


# ---- differentiable new ops ------------------------------------------------------------------
def with_nans(shape, seed):
    values = uniform(shape, seed=seed).round(1)
    values.flat[::5] = np.nan
    return values


@pytest.mark.parametrize("name", ["fmax", "fmin"])
def test_fmax_fmin_pass_nan_over_and_differentiate_as_pytorch(name):
    a, b = with_nans((3, 4), 1), with_nans((4,), 2)
    a[0, :2] = b[:2]  # ties
    compare(getattr(ag, name), getattr(torch, name), a, b)
    (x, tx), (y, ty) = pair(values_of("int32")), pair(values_of("int64", seed=1))
    same(getattr(ag, name)(x, y), getattr(torch, name)(tx, ty))
    same(getattr(x, name)(y), getattr(tx, name)(ty))
    (x, tx), (y, ty) = pair(a.astype(np.float32)), pair(values_of("int64")[0])
    same(getattr(ag, name)(x, y), getattr(torch, name)(tx, ty))


@pytest.mark.parametrize("name, args", [
    ("deg2rad", ()), ("rad2deg", ()), ("sgn", ()), ("fix", ()), ("msort", ()), ("ravel", ()),
    ("select", (1, -2)), ("select", (0, 2)), ("tile", ((2,),)), ("tile", ((2, 1, 3),)),
    ("dist", (np.ones(4),)), ("float_power", (3,)), ("float_power", (np.full(4, 2.5),)),
    ("ldexp", (np.array([1, 2, 0, 3]),)), ("ldexp", (np.array([1.0, -2.0, 0.5, 3.0]),)),
])  # fmt: skip
def test_differentiable_new_ops_as_methods_and_functions(name, args):
    ours_args = [ag.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    args = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    x = uniform((3, 4), 0.5, 2.0) if name == "float_power" else uniform((3, 4))
    compare(lambda x: getattr(ag, name)(x, *ours_args), lambda x: getattr(torch, name)(x, *args), x)
    compare(lambda x: getattr(x, name)(*ours_args), lambda x: getattr(x, name)(*args), x)


@pytest.mark.parametrize("p", [2, 1, 3, 0, math.inf, -math.inf, 0.5])
def test_dist(p):
    a, b = uniform((3, 4)), uniform((4,), seed=2)
    if p >= 1:  # a zero difference (for p < 1 vector_norm's gradient there is NaN, PyTorch's 0)
        a[0, 1] = b[1]
    if p == 0:  # a count: PyTorch refuses to differentiate it
        (x, tx), (y, ty) = pair(a), pair(b)
        same(ag.dist(x, y, 0), torch.dist(tx, ty, 0))
        same(x.dist(y, 0), tx.dist(ty, 0))
        return
    compare(lambda a, b: ag.dist(a, b, p), lambda a, b: torch.dist(a, b, p), a, b)
    compare(lambda a, b: a.dist(b, p), lambda a, b: a.dist(b, p), a, b)


@pytest.mark.parametrize(
    "dtypes", [("int64", "int64"), ("float32", "int64"), ("int32", "float32"), ("bool", "int8")]
)
def test_float_power_and_ldexp_dtypes(dtypes):
    (a, ta), (b, tb) = pair(values_of(dtypes[0])), pair(np.abs(values_of(dtypes[1], seed=1)))
    same(ag.float_power(a, b), torch.float_power(ta, tb))
    same(ag.float_power(2, b), torch.float_power(2, tb))
    same(ag.float_power(a, 2.5), torch.float_power(ta, 2.5))
    if dtypes[0] != "bool":
        same(ag.ldexp(a, b), torch.ldexp(ta, tb))


def test_float_power_and_ldexp_of_two_tensors_differentiate_as_pytorch():
    compare(ag.float_power, torch.float_power, uniform((3, 4), 0.5, 2.0), uniform((4,)))
    compare(ag.ldexp, torch.ldexp, uniform((3, 4)), uniform((4,)))


def test_frexp():
    values = np.array([0.0, -0.0, 8.0, -3.0, 1e-310, 0.1, np.inf, -np.inf, np.nan, 2.0**15])
    for dtype in ("float64", "float32", "float16"):
        x, tx = pair(values.astype(dtype))
        (m, e), (tm, te) = ag.frexp(x), torch.frexp(tx)
        same(m, tm)
        same(e, te)
        same(x.frexp().exponent, tx.frexp().exponent)
        outs = pair(np.zeros(10, dtype)), pair(np.zeros(10, "int32"))
        ag.frexp(x, out=(outs[0][0], outs[1][0]))
        torch.frexp(tx, out=(outs[0][1], outs[1][1]))
        same(outs[0][0], outs[0][1])
        same(outs[1][0], outs[1][1])
    assert repr(ag.frexp(ag.tensor([8.0]))).startswith("torch.return_types.frexp(\nmantissa=")
    compare(lambda x: ag.frexp(x).mantissa, lambda x: torch.frexp(x).mantissa, uniform((3, 4), -40, 40))
    with pytest.raises(TypeError, match="floating"):
        ag.frexp(ag.tensor([1, 2]))


def test_rsub():
    compare(
        lambda a, b: ag.rsub(a, b, alpha=2),
        lambda a, b: torch.rsub(a, b, alpha=2),
        uniform((3, 4)),
        uniform(4),
    )
    x, tx = pair(uniform(4))
    same(ag.rsub(x, 1.5), torch.rsub(tx, 1.5))
    same(ag.rsub(ag.tensor([1, 2]), 5), torch.rsub(torch.tensor([1, 2]), 5))


def test_mv_and_tensor_where():
    compare(ag.mv, torch.mv, uniform((3, 4)), uniform(4))
    compare(
        lambda x, y: x.where(x > 0, y), lambda x, y: x.where(x > 0, y), uniform((3, 4)), uniform(4, seed=3)
    )
    x, tx = pair(uniform((3, 4)))
    same(x.where(x > 0, 0.0), tx.where(tx > 0, 0.0))
    with pytest.raises(ValueError, match="mv"):
        ag.mv(ag.ones(2, 3), ag.ones(2))


@pytest.mark.parametrize("dim, index", [(0, 3), (1, -5), (2, 0)])
def test_select_out_of_range(dim, index):
    with pytest.raises(IndexError, match="select"):
        ag.ones(3, 4).select(dim, index)
    with pytest.raises(IndexError):
        torch.ones(3, 4).select(dim, index)


# ---- division with rounding ----------------------------------------------------------------
DIVISIONS = [("int64", "int64"), ("int32", "int64"), ("int16", "float32"), ("float64", "float64")]


@pytest.mark.parametrize("dtypes", DIVISIONS)
@pytest.mark.parametrize("mode", ["floor", "trunc", None])
def test_div_rounding_modes(dtypes, mode):
    a, ta = pair(np.array([[7, -7, 6, -6, 0, 5]], dtype=dtypes[0]))
    b, tb = pair(np.array([[2], [-3], [4]], dtype=dtypes[1]))
    same(ag.div(a, b, rounding_mode=mode), torch.div(ta, tb, rounding_mode=mode))
    same(a.divide(b, rounding_mode=mode), ta.divide(tb, rounding_mode=mode))
    same(ag.div(a, 2, rounding_mode=mode), torch.div(ta, 2, rounding_mode=mode))
    same(ag.div(a, 2.5, rounding_mode=mode), torch.div(ta, 2.5, rounding_mode=mode))
    if mode == "floor":
        same(ag.floor_divide(a, b), torch.floor_divide(ta, tb))
        same(a // b, ta // tb)
        same(7 // b, 7 // tb)


def test_div_rounding_floats_at_zero_and_its_zero_gradient():
    a, ta = pair(np.array([1.0, -1.0, 0.0, 5.5]))
    for mode in ("floor", "trunc"):
        same(ag.div(a, 0.0, rounding_mode=mode), torch.div(ta, 0.0, rounding_mode=mode))
        compare(
            lambda x, y, mode=mode: ag.div(x, y, rounding_mode=mode),
            lambda x, y, mode=mode: torch.div(x, y, rounding_mode=mode),
            uniform((3, 4)),
            uniform(4, 0.5, 2.0),
        )
    x, tx = pair(uniform(4))
    x.div_(0.3, rounding_mode="floor")
    tx.div_(0.3, rounding_mode="floor")
    same(x, tx)
    with pytest.raises(RuntimeError, match="ZeroDivision"):
        ag.div(ag.tensor([1]), 0, rounding_mode="floor")
    with pytest.raises(ValueError, match="rounding_mode"):
        ag.div(a, 2, rounding_mode="round")


# ---- predicates ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["signbit", "isposinf", "isneginf", "isreal"])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8", "bool"])
def test_predicates(name, dtype):
    values = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan])
    x, tx = pair(values.astype(dtype) if dtype.startswith("float") else values_of(dtype))
    same(getattr(ag, name)(x), getattr(torch, name)(tx))
    same(getattr(x, name)(), getattr(tx, name)())
    if name != "isreal":
        out, tout = pair(np.zeros(x.shape, bool))
        same(getattr(ag, name)(x, out=out), getattr(torch, name)(tx, out=tout))


@pytest.mark.parametrize("dtype", ["float64", "int32", "bool"])
def test_real_positive_sgn(dtype):
    x, tx = pair(values_of(dtype))
    assert ag.real(x) is x and x.real is x
    same(ag.real(x), torch.real(tx))
    same(ag.sgn(x), torch.sgn(tx))
    if dtype == "bool":
        with pytest.raises(TypeError, match="bool"):
            ag.positive(x)
        with pytest.raises(RuntimeError):
            torch.positive(tx)
    else:
        assert ag.positive(x) is x
        same(x.positive(), tx.positive())


# ---- the rules of dtypes ----------------------------------------------------------------------
@pytest.mark.parametrize("first", DTYPES)
@pytest.mark.parametrize("second", DTYPES)
def test_promote_types_and_can_cast(first, second):
    a, b = getattr(ag, first if first != "bool" else "bool"), getattr(ag, second)
    ta, tb = getattr(torch, first), getattr(torch, second)
    assert str(ag.promote_types(a, b)) == str(torch.promote_types(ta, tb))[6:]
    assert ag.can_cast(a, b) == torch.can_cast(ta, tb)


SHAPES = [(), (2,)]
SCALARS = [True, 3, 2.5]


@pytest.mark.parametrize("first", ["bool", "uint8", "int32", "int64", "float16", "float32", "float64"])
@pytest.mark.parametrize("second", ["bool", "int8", "int64", "float32", "float64"])
def test_result_type_of_tensors_and_numbers(first, second):
    for s1 in SHAPES:
        for s2 in SHAPES:
            (a, ta), (b, tb) = pair(np.zeros(s1, first)), pair(np.zeros(s2, second))
            assert str(ag.result_type(a, b)) == str(torch.result_type(ta, tb))[6:]
        for number in SCALARS:
            (a, ta) = pair(np.zeros(s1, first))
            assert str(ag.result_type(a, number)) == str(torch.result_type(ta, number))[6:]
            assert str(ag.result_type(number, a)) == str(torch.result_type(number, ta))[6:]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", None])
def test_finfo(dtype):
    ours = ag.finfo() if dtype is None else ag.finfo(getattr(ag, dtype))
    theirs = torch.finfo() if dtype is None else torch.finfo(getattr(torch, dtype))
    for field in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype"):
        assert getattr(ours, field) == getattr(theirs, field) and type(getattr(ours, field)) is type(
            getattr(theirs, field)
        ), field
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo(dtype):
    ours, theirs = ag.iinfo(getattr(ag, dtype)), torch.iinfo(getattr(torch, dtype))
    for field in ("bits", "max", "min", "dtype"):
        assert getattr(ours, field) == getattr(theirs, field) and type(getattr(ours, field)) is type(
            getattr(theirs, field)
        )
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("call", [
    lambda m: m.finfo(m.int32), lambda m: m.iinfo(m.float32), lambda m: m.iinfo(m.bool),
])  # fmt: skip
def test_finfo_iinfo_refuse_the_other_kind(call):
    with pytest.raises(TypeError):
        call(ag)
    with pytest.raises(TypeError):
        call(torch)


# ---- factories ------------------------------------------------------------------------------
WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("length", [0, 1, 2, 5, 8, 33])
@pytest.mark.parametrize("periodic", [True, False])
def test_windows(name, length, periodic):
    same(getattr(ag, name)(length), getattr(torch, name)(length))
    same(getattr(ag, name)(length, periodic), getattr(torch, name)(length, periodic))
    ours = getattr(ag, name)(length, periodic, dtype=ag.float32, requires_grad=True)
    theirs = getattr(torch, name)(length, periodic, dtype=torch.float32, requires_grad=True)
    assert ours.dtype == np.float32 and ours.requires_grad == theirs.requires_grad
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-6, atol=1e-6)


def test_window_parameters_and_errors():
    same(ag.hamming_window(7, True, 0.5, 0.3), torch.hamming_window(7, True, 0.5, 0.3))
    same(ag.kaiser_window(7, False, 5.0), torch.kaiser_window(7, False, 5.0))
    for call in (lambda m: m.hann_window(-1), lambda m: m.hann_window(4, dtype=m.int64)):
        with pytest.raises((ValueError, TypeError)):
            call(ag)
        with pytest.raises(RuntimeError):
            call(torch)
    with pytest.raises(TypeError, match="window_length"):
        ag.hann_window(3.0)


# an int64 range of fractional bounds is left out: PyTorch's result is undefined there (it can crash)
RANGES = [(0, 5), (1, 4, 0.5), (5, 0, -1.5), (0, 1, 0.3), (-2, 2, 1), (0.5, 0.5)]


@pytest.mark.parametrize(
    "args, dtype",
    [(args, dtype) for args in RANGES for dtype in (None, "float32")]
    + [(args, "int64") for args in RANGES if all(float(a).is_integer() for a in args)],
)
def test_range_includes_its_end(args, dtype):
    options = {} if dtype is None else {"dtype": getattr(ag, dtype)}
    toptions = {} if dtype is None else {"dtype": getattr(torch, dtype)}
    with pytest.warns(UserWarning, match="deprecated"):
        ours = ag.range(*args, **options)
    with pytest.warns(UserWarning):
        theirs = torch.range(*args, **toptions)
    same(ours, theirs)


def test_range_errors():
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="step"):
        ag.range(0, 5, 0)
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="end"):
        ag.range(0, 5, -1)


@pytest.mark.parametrize("value", [3, 2.5, True, -0.0])
def test_scalar_tensor(value):
    same(ag.scalar_tensor(value), torch.scalar_tensor(value))
    same(ag.scalar_tensor(value, dtype=ag.int32), torch.scalar_tensor(value, dtype=torch.int32))
    assert ag.scalar_tensor(value, requires_grad=True).requires_grad


def test_asarray_shares_memory_as_pytorch():
    array = np.ones(3)
    ours, theirs = ag.asarray(array), torch.asarray(array)
    array[0] = 5.0
    same(ours, theirs)
    x = ag.ones(2)
    assert ag.asarray(x) is x and ag.asarray(x, copy=True) is not x
    same(ag.asarray(x, dtype=ag.int32), torch.asarray(torch.ones(2), dtype=torch.int32))
    for data in ([1, 2.5], 3, [True], np.float32(2.0), np.arange(3, dtype=np.int16)):
        same(ag.asarray(data), torch.asarray(data))
    with pytest.raises(ValueError, match="copy=False"):
        ag.asarray([1, 2], copy=False)
    with pytest.raises(ValueError):
        torch.asarray([1, 2], copy=False)


@pytest.mark.parametrize("dtype", DTYPES)
def test_typename(dtype):
    assert ag.typename(ag.zeros(2, dtype=getattr(ag, dtype))) == torch.typename(
        torch.zeros(2, dtype=getattr(torch, dtype))
    )


def test_typename_of_other_objects_and_the_default_device():
    for obj in (3, "text", [1], int, len):
        assert ag.typename(obj) == torch.typename(obj)
    assert ag.get_default_device() == torch.get_default_device()
    assert isinstance(ag.ones(2).dtype, ag.dtype) and isinstance(ag.int64, ag.dtype)


# ---- introspection ---------------------------------------------------------------------------
VIEWS = [
    lambda t: t,
    lambda t: t.t(),
    lambda t: t[1:, ::2],
    lambda t: t[:, 1],
    lambda t: t.unsqueeze(1).expand(3, 5, 4),
    lambda t: t.reshape(2, 6).permute(1, 0),
    lambda t: t[2:, :],
    lambda t: t.sum(0),
]


@pytest.mark.parametrize("view", VIEWS)
def test_introspection_of_views(view):
    x, tx = ag.arange(12.0).reshape(3, 4), torch.arange(12.0).reshape(3, 4)
    ours, theirs = view(x), view(tx)
    assert ours.is_contiguous() == theirs.is_contiguous()
    assert ours.stride() == theirs.stride()
    assert ours.stride(-1) == theirs.stride(-1)
    assert ours.storage_offset() == theirs.storage_offset()
    assert ours.dim_order() == theirs.dim_order()
    assert (ours.data_ptr() == x.data_ptr() + 8 * ours.storage_offset()) == (
        theirs.data_ptr() == tx.data_ptr() + 8 * theirs.storage_offset()
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_introspection_of_dtypes(dtype):
    x, tx = ag.ones(2, 3, dtype=getattr(ag, dtype)), torch.ones(2, 3, dtype=getattr(torch, dtype))
    assert (x.nbytes, x.itemsize, x.element_size()) == (tx.nbytes, tx.itemsize, tx.element_size())
    assert x.is_signed() == tx.is_signed() and x.is_complex() == tx.is_complex()
    assert x.get_device() == tx.get_device() and x.is_cpu == tx.is_cpu
    assert x.is_same_size(ag.zeros(2, 3)) and not x.is_same_size(ag.zeros(3, 2))


def test_is_nonzero_and_retains_grad():
    for values in ([0.0], [2.5], [[True]], [0]):
        assert ag.tensor(values).is_nonzero() == torch.tensor(values).is_nonzero()
    for values in ([], [1.0, 2.0]):
        with pytest.raises(RuntimeError, match="ambiguous"):
            ag.tensor(values).is_nonzero()
    x, tx = ag.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    y, ty = x * 2, tx * 2
    assert (x.retains_grad, y.retains_grad) == (tx.retains_grad, ty.retains_grad)
    y.retain_grad()
    ty.retain_grad()
    assert (x.retains_grad, y.retains_grad) == (tx.retains_grad, ty.retains_grad)
    assert x.is_inference() == tx.is_inference()


# ---- in place changes of shape -----------------------------------------------------------
SHAPE_IN_PLACE = [
    ("t_", ()),
    ("transpose_", (0, 1)),
    ("swapaxes_", (1, 0)),
    ("swapdims_", (0, -1)),
    ("squeeze_", ()),
    ("unsqueeze_", (1,)),
]


@pytest.mark.parametrize("name, args", SHAPE_IN_PLACE)
def test_shape_in_place_keeps_sharing_memory(name, args):
    values = uniform((3, 1)) if name == "squeeze_" else uniform((3, 4))
    x, tx = pair(values)
    view, tview = x.view(-1), tx.view(-1)
    assert getattr(x, name)(*args) is x
    getattr(tx, name)(*args)
    same(x, tx)
    assert x.stride() == tx.stride()
    x[0] = 7.0  # the Tensor still shares memory with its old views
    tx[0] = 7.0
    same(view, tview)


@pytest.mark.parametrize("name, args", SHAPE_IN_PLACE)
def test_shape_in_place_in_a_graph(name, args):
    def run(x):
        y = x * x
        getattr(y, name)(*args)
        return y.exp() * 2

    compare(run, run, uniform((3, 1)) if name == "squeeze_" else uniform((3, 4)))
    with pytest.raises(RuntimeError, match="leaf"):
        getattr(ag.ones(2, 2, requires_grad=True), name)(*args)


# ---- top-level forms of the introspection methods, flips, global switches -------------------
@pytest.mark.parametrize(
    "name", ["is_complex", "is_signed", "is_inference", "get_device", "fliplr", "flipud"]
)
@pytest.mark.parametrize("dtype", ["float64", "int64", "uint8", "bool"])
def test_top_level_forms_of_methods(name, dtype):
    x, tx = pair(values_of(dtype))
    ours, theirs = getattr(ag, name)(x), getattr(torch, name)(tx)
    if isinstance(theirs, torch.Tensor):
        same(ours, theirs)
        same(getattr(x, name)(), getattr(tx, name)())
    else:
        assert ours == theirs
    assert ag.is_nonzero(x[:1, :1]) == torch.is_nonzero(tx[:1, :1])
    assert ag.is_same_size(x, x[:1]) == torch.is_same_size(tx, tx[:1])


def test_flips_need_dimensions():
    with pytest.raises(ValueError, match="2 dimensions"):
        ag.fliplr(ag.ones(3))
    with pytest.raises(ValueError, match="0-d"):
        ag.flipud(ag.tensor(1.0))
    compare(ag.fliplr, torch.fliplr, uniform((3, 4)))
    compare(ag.flipud, torch.flipud, uniform((3, 4)))


SWITCHES = [
    lambda m: m.use_deterministic_algorithms(True),
    lambda m: m.use_deterministic_algorithms(True, warn_only=True),
    lambda m: m.use_deterministic_algorithms(False),
    lambda m: m.set_deterministic_debug_mode("warn"),
    lambda m: m.set_deterministic_debug_mode(2),
    lambda m: m.set_deterministic_debug_mode("default"),
    lambda m: m.set_float32_matmul_precision("high"),
    lambda m: m.set_float32_matmul_precision("highest"),
    lambda m: m.set_warn_always(True),
    lambda m: m.set_warn_always(False),
]


def switches(m):
    return (
        m.are_deterministic_algorithms_enabled(),
        m.is_deterministic_algorithms_warn_only_enabled(),
        m.get_deterministic_debug_mode(),
        m.get_float32_matmul_precision(),
        m.is_warn_always_enabled(),
    )


def test_global_switches_report_what_was_set_as_pytorch():
    assert switches(ag) == switches(torch)
    for switch in SWITCHES:
        switch(ag)
        switch(torch)
        assert switches(ag) == switches(torch)
    with pytest.warns(UserWarning):
        ag.set_float32_matmul_precision("low")
    assert ag.get_float32_matmul_precision() == "highest"
    with pytest.raises(ValueError, match="debug_mode"):
        ag.set_deterministic_debug_mode("x")
    with pytest.raises(TypeError, match="bool"):
        ag.use_deterministic_algorithms(1)
    ag.set_anomaly_enabled(True)
    torch.set_anomaly_enabled(True)
    assert ag.is_anomaly_enabled() == torch.is_anomaly_enabled()
    ag.set_anomaly_enabled(False)
    torch.set_anomaly_enabled(False)
    assert ag.is_anomaly_enabled() == torch.is_anomaly_enabled()


def test_comparisons_promote_as_pytorch_and_name_bad_shapes():
    (a, ta), (b, tb) = pair(np.array([2**24 + 1, 3])), pair(np.array([2.0**24, 3.0], np.float32))
    for name in COMPARISONS:
        same(getattr(ag, name)(a, b), getattr(torch, name)(ta, tb))  # compared in float32
    with pytest.raises(ValueError, match=r"broadcast"):
        ag.eq(ag.ones(2), ag.ones(3))


@pytest.mark.parametrize("name", [
    "left_shift", "right_shift", "bitwise_and", "bitwise_or", "bitwise_xor", "gcd", "lcm", "floor_divide",
])  # fmt: skip
def test_numpy_ufuncs_on_integer_tensors_run_as_our_ops(name):
    torch_name = {"left_shift": "bitwise_left_shift", "right_shift": "bitwise_right_shift"}.get(name, name)
    (a, ta), (b, tb) = pair(values_of("int32") + 4), pair(np.abs(values_of("int64", seed=1)) + 1)
    ours = getattr(np, name)(a, b)
    assert isinstance(ours, ag.Tensor)
    same(ours, getattr(torch, torch_name)(ta, tb))


@pytest.mark.parametrize("name", ["fmax", "fmin", "deg2rad", "rad2deg", "invert"])
def test_numpy_ufuncs_on_float_tensors_run_as_our_ops(name):
    if name == "invert":
        x, tx = pair(values_of("int16"))
        same(np.invert(x), torch.bitwise_not(tx))
        return
    args = (with_nans((3, 4), 1), with_nans((4,), 2))[: 2 if name.startswith("fm") else 1]
    ours = getattr(np, name)(*[ag.tensor(a, requires_grad=True) for a in args])
    assert isinstance(ours, ag.Tensor) and ours.requires_grad
    same(ours, getattr(torch, name)(*[torch.tensor(a) for a in args]))
