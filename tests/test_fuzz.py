"""Property-based and fuzz tests (hypothesis).

1. Forward agrees with numpy: random shapes, dtypes (float32, float64, int32,
   int64) and broadcastable pairs through the binary ops, matmul, elementwise
   functions, reductions and shape ops -- values *and* result dtypes.
2. Backward agrees with finite differences on random broadcastable pairs.
3. Garbage (strings, None, ragged nested lists, objects, huge and negative
   ints, NaN, wrong types for axis/shape/index, ...) given to the public
   constructors and operations raises only the documented exception types:
   TypeError, ValueError or IndexError -- and RuntimeError only where
   docs/errors.md says so (misusing backward/grad). Never AttributeError,
   OverflowError, a numpy warning, or a silently accepted value. Numbers
   beyond float64 and int64 (10**400, 2**63) are also tried deterministically
   on every surface.

Gaps still open are pinned by deterministic ``xfail(strict=True)`` tests at
the end (``KNOWN_GAPS``, ``test_known_nn_gap_...``); the fuzzers leave
exactly those inputs out until they are fixed (``AUTOGRAD_SKIPS``,
``NN_SKIPS``). Overflow to inf in ``*`` and ``@`` still warns, by design
(docs/errors.md, "Known limitations"), so extreme floats are left out there.
"""
import math
import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd as ag
import nn
import optim
from autograd import Tensor

DOCUMENTED = (TypeError, ValueError, IndexError)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def strict_warnings():
    """A numpy warning (overflow, invalid value, complex cast) counts as a failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---- strategies -----------------------------------------------------------------------------

FLOAT_DTYPES = [np.float64, np.float32]
ALL_DTYPES = FLOAT_DTYPES + [np.int64, np.int32]


def elements(dtype, low=-50, high=50):
    if np.issubdtype(dtype, np.integer):
        return st.integers(low, high)
    return st.floats(low, high, width=np.finfo(dtype).bits, allow_nan=False)


def arrays(dtype, shape, low=-50, high=50):
    return hnp.arrays(dtype, shape, elements=elements(dtype, low, high))


shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
dtypes = st.sampled_from(ALL_DTYPES)
float_dtypes = st.sampled_from(FLOAT_DTYPES)


@st.composite
def broadcastable_pair(draw, dtype_strategy=dtypes, low=-50, high=50):
    """Two arrays whose shapes broadcast together, each with its own dtype."""
    (shape_a, shape_b), _ = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
    a = draw(arrays(draw(dtype_strategy), shape_a, low, high))
    b = draw(arrays(draw(dtype_strategy), shape_b, low, high))
    return a, b


def same_as_numpy(ours, reference, rtol=0.0):
    reference = np.asarray(reference)
    assert isinstance(ours, Tensor)
    assert ours.dtype == reference.dtype, (ours.dtype, reference.dtype)
    assert ours.shape == reference.shape
    if rtol:
        np.testing.assert_allclose(ours.numpy(), reference, rtol=rtol, atol=rtol)
    else:
        np.testing.assert_array_equal(ours.numpy(), reference)


def reference(f, *arrays):
    with np.errstate(all="ignore"):
        return f(*arrays)


# ---- 1. forward agrees with numpy ------------------------------------------------------------

BINARY = {
    "add": (lambda a, b: a + b, np.add), "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply), "div": (lambda a, b: a / b, np.true_divide),
    "maximum": (lambda a, b: ag.maximum(a, b), np.maximum), "minimum": (lambda a, b: ag.minimum(a, b), np.minimum),
    "lt": (lambda a, b: a < b, np.less), "eq": (lambda a, b: a == b, np.equal),
}


@FAST
@given(pair=broadcastable_pair(), op=st.sampled_from(sorted(BINARY)), swap=st.booleans())
def test_binary_ops_on_broadcastable_pairs_agree_with_numpy(pair, op, swap):
    a, b = pair[::-1] if swap else pair
    ours, theirs = BINARY[op]
    same_as_numpy(ours(ag.tensor(a), ag.tensor(b)), reference(theirs, a, b))


@FAST
@given(data=st.data(), dtype=dtypes, op=st.sampled_from(["add", "sub", "mul", "div"]))
def test_tensor_with_a_python_number_keeps_numpys_rules(data, dtype, op):
    a = data.draw(arrays(dtype, data.draw(shapes)))
    number = data.draw(st.one_of(st.integers(-5, 5), st.floats(-5, 5)))   # int32 + 1 stays int32
    ours, theirs = BINARY[op]
    same_as_numpy(ours(ag.tensor(a), number), reference(theirs, a, number))
    same_as_numpy(ours(number, ag.tensor(a)), reference(theirs, number, a))


@FAST
@given(data=st.data(), dtype_a=dtypes, dtype_b=dtypes)
def test_matmul_agrees_with_numpy(data, dtype_a, dtype_b):
    n, k, m = (data.draw(st.integers(1, 4)) for _ in range(3))
    batch_a, batch_b = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=3)).input_shapes
    a_shape = data.draw(st.sampled_from([(k,), batch_a + (n, k)]))
    b_shape = data.draw(st.sampled_from([(k,), batch_b + (k, m)]))
    a, b = data.draw(arrays(dtype_a, a_shape, -5, 5)), data.draw(arrays(dtype_b, b_shape, -5, 5))
    expected = np.matmul(a, b)
    rtol = 1e-5 if np.float32 in (a.dtype, b.dtype) else 1e-12
    same_as_numpy(ag.tensor(a) @ ag.tensor(b), expected, rtol=0 if expected.dtype.kind == "i" else rtol)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


UNARY = {
    "exp": (lambda t: t.exp(), np.exp), "tanh": (lambda t: t.tanh(), np.tanh),
    "sin": (lambda t: t.sin(), np.sin), "cos": (lambda t: t.cos(), np.cos),
    "sigmoid": (lambda t: t.sigmoid(), sigmoid), "abs": (lambda t: t.abs(), np.abs),
    "neg": (lambda t: -t, np.negative), "relu": (lambda t: t.relu(), lambda x: np.maximum(x, 0)),
    "softplus": (lambda t: t.softplus(), lambda x: np.logaddexp(0, x)),
    "elu": (lambda t: t.elu(), lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))),
    "erf": (lambda t: t.erf(), np.vectorize(math.erf, otypes=[np.float64])),
    "leaky_relu": (lambda t: t.leaky_relu(0.1), lambda x: np.where(x > 0, x, 0.1 * x)),
    "square": (lambda t: t ** 2, lambda x: x ** 2),
    "sqrt": (lambda t: t.abs().sqrt(), lambda x: np.sqrt(np.abs(x))),
    "log": (lambda t: (t.abs() + 1).log(), lambda x: np.log(np.abs(x) + 1)),
    "clip": (lambda t: t.clip(-1.5, 1.5), lambda x: np.clip(x, -1.5, 1.5)),
}


@FAST
@given(data=st.data(), dtype=float_dtypes, op=st.sampled_from(sorted(UNARY)))
def test_elementwise_functions_agree_with_numpy_on_floats(data, dtype, op):
    x = data.draw(arrays(dtype, data.draw(shapes), -20, 20))
    ours, theirs = UNARY[op]
    out = ours(ag.tensor(x))
    assert out.dtype == dtype                               # float32 stays float32
    np.testing.assert_allclose(out.numpy(), reference(theirs, x.astype(np.float64)),
                               rtol=2e-6 if dtype == np.float32 else 1e-12, atol=1e-6 if dtype == np.float32 else 1e-14)


@FAST
@given(data=st.data(), dtype=st.sampled_from([np.int64, np.int32]), op=st.sampled_from(sorted(UNARY)))
def test_elementwise_functions_on_integers_give_the_float_results(data, dtype, op):
    """Integer Tensors (they cannot require grad) still compute: exp(int) is exp of the number,
    erf(1) is 0.84..., leaky_relu(-3, 0.1) is -0.3 and clip(2, -1.5, 1.5) is 1.5 (not rounded)."""
    x = data.draw(arrays(dtype, data.draw(shapes), -20, 20))
    ours, theirs = UNARY[op]
    expected = reference(theirs, x.astype(np.float64))
    np.testing.assert_allclose(ours(ag.tensor(x)).numpy(), expected, rtol=1e-12, atol=1e-14)


@st.composite
def axes(draw, ndim):
    """None, one axis (maybe negative) or a tuple of distinct axes."""
    if ndim == 0:
        return None
    single = st.integers(-ndim, ndim - 1)
    several = st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple)
    return draw(st.one_of(st.none(), single, several))


REDUCTIONS = {
    "sum": np.sum, "mean": np.mean, "amax": np.max, "amin": np.min, "var": np.var, "std": np.std,
    "logsumexp": lambda x, axis, keepdims: np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims)),
}


@FAST
@given(data=st.data(), dtype=float_dtypes, name=st.sampled_from(sorted(REDUCTIONS)), keepdims=st.booleans())
def test_reductions_agree_with_numpy_for_any_axis(data, dtype, name, keepdims):
    x = data.draw(arrays(dtype, data.draw(shapes), -10, 10))
    axis = data.draw(axes(x.ndim))
    divide_by_n = {"ddof": 0} if name in ("var", "std") else {}        # numpy's var and std
    out = getattr(ag.tensor(x), name)(axis=axis, keepdims=keepdims, **divide_by_n)
    expected = REDUCTIONS[name](x.astype(np.float64), axis=axis, keepdims=keepdims)
    assert out.dtype == dtype and out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5 if dtype == np.float32 else 1e-11, atol=1e-5)


@FAST
@given(data=st.data(), dtype=float_dtypes)
def test_softmax_family_agrees_with_numpy_on_any_axis(data, dtype):
    x = data.draw(arrays(dtype, data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4)), -30, 30))
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    x64 = x.astype(np.float64)
    log_probs = x64 - np.log(np.exp(x64).sum(axis=axis, keepdims=True))
    tolerance = dict(rtol=1e-5, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ag.tensor(x).log_softmax(axis=axis).numpy(), log_probs, **tolerance)
    np.testing.assert_allclose(ag.tensor(x).softmax(axis=axis).numpy(), np.exp(log_probs), **tolerance)


@FAST
@given(data=st.data(), dtype=dtypes)
def test_shape_operations_agree_with_numpy(data, dtype):
    x = data.draw(arrays(dtype, data.draw(shapes)))
    t = ag.tensor(x)
    same_as_numpy(t.reshape(-1), x.reshape(-1))
    permutation = tuple(data.draw(st.permutations(range(x.ndim))))
    same_as_numpy(t.permute(permutation), np.transpose(x, permutation))
    same_as_numpy(t.T, x.T)
    index = data.draw(hnp.basic_indices(x.shape, allow_newaxis=True))
    same_as_numpy(t[index], x[index])
    if x.ndim:
        picks = data.draw(hnp.arrays(np.int64, data.draw(st.integers(0, 5)),
                                     elements=st.integers(-x.shape[0], x.shape[0] - 1)))
        same_as_numpy(t[picks], x[picks])
        mask = data.draw(hnp.arrays(np.bool_, x.shape))
        same_as_numpy(t[mask], x[mask])
    lead = tuple(data.draw(st.lists(st.integers(1, 3), max_size=2)))
    target = lead + tuple(data.draw(st.integers(1, 3)) if n == 1 else n for n in x.shape)
    same_as_numpy(t.broadcast_to(target), np.broadcast_to(x, target))


# ---- 2. backward agrees with finite differences ----------------------------------------------

DIFFERENTIABLE = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1), "pow": lambda a, b: (a * a + 1) ** (b * 0.5),
    "maximum": lambda a, b: ag.maximum(a, b * 0.5 + 3), "sum-of-products": lambda a, b: (a * b).sum(),
}


@settings(max_examples=40, deadline=None)
@given(pair=broadcastable_pair(st.just(np.float64), -3, 3), op=st.sampled_from(sorted(DIFFERENTIABLE)))
def test_gradients_of_broadcast_binary_ops_agree_with_finite_differences(pair, op):
    a, b = (Tensor(v, requires_grad=True) for v in pair)
    f = DIFFERENTIABLE[op]
    if op == "maximum":                   # no ties (within gradcheck's step): max has no derivative there
        assume(np.all(np.abs(pair[0] - (pair[1] * 0.5 + 3)) > 1e-3))
    assert ag.gradcheck(f, (a, b))


# ---- 3. garbage in: only documented exceptions out -------------------------------------------

class Opaque:
    """An object numpy knows nothing about."""


BEYOND_FLOAT = [10 ** 400, -10 ** 400]             # Python ints no float64 can hold
BEYOND_INT64 = [2 ** 63, 10 ** 30, -10 ** 30]      # fine as numbers, not as axes or indices
BEYOND_C_INT = [2 ** 31, -2 ** 31 - 1]             # fine as indices, not as numpy axes

ragged = st.recursive(st.one_of(st.integers(-3, 3), st.floats(allow_nan=True)),
                      lambda children: st.lists(children, min_size=0, max_size=3), max_leaves=8)
garbage = st.one_of(
    st.text(max_size=5), st.binary(max_size=4), st.none(), st.just(Opaque()), st.just(object()),
    st.integers(-2 ** 40, 2 ** 40), st.sampled_from([-1, 0, 1, 2, -7, 10 ** 6]),
    st.floats(allow_nan=True, allow_infinity=True), st.just(True), st.complex_numbers(max_magnitude=5),
    ragged, st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.frozensets(st.integers(), max_size=2),
    st.tuples(st.integers(-3, 3), st.text(max_size=2)), st.tuples(st.integers(-3, 5), st.integers(-3, 5)),
    st.just(slice(None, None, 0)), st.just(Ellipsis), st.just([[1, 2], [3]]), st.just([None]),
    st.just(np.array(["a", "b"])), st.just(np.array([1, None], dtype=object)), st.just(np.zeros((2, 2, 2))),
    st.just(lambda: 0), st.just(Tensor([1.0, 2.0])), st.just(Tensor([1, 2])), st.just(np.array([np.nan])),
    st.sampled_from(BEYOND_FLOAT + BEYOND_INT64 + BEYOND_C_INT), st.just([10 ** 400]), st.just((2, 10 ** 30)),
)


def t23():
    return Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)


def rotation():
    """A 2 x 2 rotation: its powers stay bounded, whatever the exponent."""
    return Tensor([[0.6, -0.8], [0.8, 0.6]], requires_grad=True)


def one_linear():
    return list(nn.Linear(2, 2).parameters())


NN_SURFACES = {
    "Linear(in)": lambda g: nn.Linear(g, 2), "Linear(x)": lambda g: nn.Linear(3, 2)(g),
    "MLP(hidden)": lambda g: nn.MLP(2, g, 1), "MLP(activation)": lambda g: nn.MLP(2, [3], 1, activation=g),
    "MLP(init)": lambda g: nn.MLP(2, [3], 1, init=g), "MLP(dropout)": lambda g: nn.MLP(2, [3], 1, dropout=g),
    "MLP(x)": lambda g: nn.MLP(3, [4], 2)(g), "Dropout": lambda g: nn.Dropout(g),
    "BatchNorm1d": lambda g: nn.BatchNorm1d(g), "BatchNorm1d(eps)": lambda g: nn.BatchNorm1d(3, eps=g),
    "BatchNorm1d(momentum)": lambda g: nn.BatchNorm1d(3, momentum=g), "BatchNorm1d(x)": lambda g: nn.BatchNorm1d(3)(g),
    "LayerNorm": lambda g: nn.LayerNorm(g), "LayerNorm(eps)": lambda g: nn.LayerNorm(3, eps=g),
    "LayerNorm(x)": lambda g: nn.LayerNorm(3)(g), "LeakyReLU": lambda g: nn.LeakyReLU(g)(t23()),
    "ELU": lambda g: nn.ELU(g)(t23()), "Softplus(beta)": lambda g: nn.Softplus(beta=g)(t23()),
    "Softplus(threshold)": lambda g: nn.Softplus(threshold=g)(t23()), "GELU": lambda g: nn.GELU(g),
    "Softmax(dim)": lambda g: nn.Softmax(g)(t23()), "get_activation": lambda g: nn.get_activation(g),
    "ReLU(x)": lambda g: nn.ReLU()(g), "Sigmoid(x)": lambda g: nn.Sigmoid()(g),
    "MSELoss(target)": lambda g: nn.MSELoss()(t23(), g), "MSELoss(input)": lambda g: nn.MSELoss()(g, np.ones((2, 3))),
    "MSELoss(reduction)": lambda g: nn.MSELoss(reduction=g), "L1Loss(target)": lambda g: nn.L1Loss()(t23(), g),
    "HuberLoss(delta)": lambda g: nn.HuberLoss(delta=g), "HuberLoss(target)": lambda g: nn.HuberLoss()(t23(), g),
    "BCELoss(target)": lambda g: nn.BCELoss()(t23().sigmoid(), g), "BCELoss(input)": lambda g: nn.BCELoss()(g, np.ones((2, 3))),
    "BCELoss(weight)": lambda g: nn.BCELoss(weight=g)(t23().sigmoid(), np.ones((2, 3))),
    "BCEWithLogitsLoss(target)": lambda g: nn.BCEWithLogitsLoss()(t23(), g),
    "BCEWithLogitsLoss(pos_weight)": lambda g: nn.BCEWithLogitsLoss(pos_weight=g)(t23(), np.ones((2, 3))),
    "CrossEntropyLoss(target)": lambda g: nn.CrossEntropyLoss()(t23(), g),
    "CrossEntropyLoss(input)": lambda g: nn.CrossEntropyLoss()(g, [0, 1]),
    "CrossEntropyLoss(weight)": lambda g: nn.CrossEntropyLoss(weight=g)(t23(), [0, 1]),
    "CrossEntropyLoss(label_smoothing)": lambda g: nn.CrossEntropyLoss(label_smoothing=g)(t23(), [0, 1]),
    "CrossEntropyLoss(ignore_index)": lambda g: nn.CrossEntropyLoss(ignore_index=g)(t23(), [0, 1]),
    "NLLLoss(target)": lambda g: nn.NLLLoss()(t23(), g), "HingeLoss(target)": lambda g: nn.HingeLoss()(t23(), g),
    # the newer activations and losses
    "SiLU(x)": lambda g: nn.SiLU()(g), "CELU": lambda g: nn.CELU(g)(t23()), "Hardtanh(min)": lambda g: nn.Hardtanh(g)(t23()),
    "Hardtanh(max)": lambda g: nn.Hardtanh(-1.0, g)(t23()), "Threshold": lambda g: nn.Threshold(g, 0.0)(t23()),
    "Threshold(value)": lambda g: nn.Threshold(0.5, g)(t23()), "Softshrink": lambda g: nn.Softshrink(g)(t23()),
    "Hardshrink(x)": lambda g: nn.Hardshrink()(g), "PReLU": lambda g: nn.PReLU(g), "PReLU(init)": lambda g: nn.PReLU(init=g)(t23()),
    "PReLU(x)": lambda g: nn.PReLU(3)(g), "RReLU(lower)": lambda g: nn.RReLU(g)(t23()), "RReLU(x)": lambda g: nn.RReLU()(g),
    "GLU(dim)": lambda g: nn.GLU(g)(t23()), "GLU(x)": lambda g: nn.GLU()(g), "Softmin(dim)": lambda g: nn.Softmin(g)(t23()),
    "F.prelu(weight)": lambda g: nn.functional.prelu(t23(), g), "F.gumbel_softmax(tau)": lambda g: nn.functional.gumbel_softmax(t23(), tau=g),
    "F.gumbel_softmax(x)": lambda g: nn.functional.gumbel_softmax(g), "F.gumbel_softmax(dim)": lambda g: nn.functional.gumbel_softmax(t23(), dim=g, hard=True),
    "SmoothL1Loss(beta)": lambda g: nn.SmoothL1Loss(beta=g)(t23(), np.ones((2, 3))),
    "KLDivLoss(target)": lambda g: nn.KLDivLoss()(t23(), g), "KLDivLoss(reduction)": lambda g: nn.KLDivLoss(reduction=g),
    "PoissonNLLLoss(eps)": lambda g: nn.PoissonNLLLoss(log_input=False, eps=g)(t23(), np.ones((2, 3))),
    "GaussianNLLLoss(var)": lambda g: nn.GaussianNLLLoss()(t23(), np.ones((2, 3)), g),
    "GaussianNLLLoss(eps)": lambda g: nn.GaussianNLLLoss(eps=g)(t23(), np.ones((2, 3)), np.ones((2, 3))),
    "MarginRankingLoss(target)": lambda g: nn.MarginRankingLoss()(t23(), t23(), g),
    "MarginRankingLoss(margin)": lambda g: nn.MarginRankingLoss(g),
    "HingeEmbeddingLoss(target)": lambda g: nn.HingeEmbeddingLoss()(t23(), g),
    "CosineEmbeddingLoss(target)": lambda g: nn.CosineEmbeddingLoss()(t23(), t23(), g),
    "CosineEmbeddingLoss(input)": lambda g: nn.CosineEmbeddingLoss()(g, t23(), [1.0, -1.0]),
    "TripletMarginLoss(x)": lambda g: nn.TripletMarginLoss()(t23(), t23(), g),
    "TripletMarginLoss(p)": lambda g: nn.TripletMarginLoss(p=g)(t23(), t23(), t23()),
    "TripletMarginLoss(margin)": lambda g: nn.TripletMarginLoss(margin=g),
    "SoftMarginLoss(target)": lambda g: nn.SoftMarginLoss()(t23(), g),
    "MultiLabelSoftMarginLoss(weight)": lambda g: nn.MultiLabelSoftMarginLoss(weight=g)(t23(), np.ones((2, 3))),
    "MultiMarginLoss(target)": lambda g: nn.MultiMarginLoss()(t23(), g),
    "MultiMarginLoss(p)": lambda g: nn.MultiMarginLoss(p=g),
    "MultiMarginLoss(weight)": lambda g: nn.MultiMarginLoss(weight=g)(t23(), [0, 1]),
    "MultiLabelMarginLoss(target)": lambda g: nn.MultiLabelMarginLoss()(t23(), g),
    "CosineSimilarity(dim)": lambda g: nn.CosineSimilarity(g)(t23(), t23()),
    "PairwiseDistance(p)": lambda g: nn.PairwiseDistance(g)(t23(), t23()),
    "get_loss": lambda g: nn.loss.get_loss(g), "l2_penalty": lambda g: nn.l2_penalty(g),
    "Parameter": lambda g: nn.Parameter(g), "Sequential": lambda g: nn.Sequential(g),
    "LazyLinear": lambda g: nn.LazyLinear(g), "LazyLinear(x)": lambda g: nn.LazyLinear(2)(g),
    "LazyConv2d(x)": lambda g: nn.LazyConv2d(2, 1)(g), "LazyBatchNorm1d(x)": lambda g: nn.LazyBatchNorm1d()(g),
    "UninitializedParameter(dtype)": lambda g: nn.UninitializedParameter(dtype=g),
    "materialize": lambda g: nn.UninitializedParameter().materialize(g),
    "load_state_dict(lazy)": lambda g: nn.LazyLinear(2).load_state_dict({"weight": g, "bias": np.zeros(2)}),
    "Sequential[i]": lambda g: nn.Sequential(nn.ReLU())[g],
    "load_state_dict": lambda g: nn.Linear(2, 2).load_state_dict(g),
    "load_state_dict(entry)": lambda g: nn.Linear(2, 2).load_state_dict({"weight": g, "bias": np.zeros(2)}),
    "train(mode)": lambda g: nn.Linear(2, 2).train(g), "to(dtype)": lambda g: nn.Linear(2, 2).to(g),
    "init.normal_": lambda g: nn.init.normal_(g), "init.normal_(std)": lambda g: nn.init.normal_(Tensor(np.zeros((2, 2))), std=g),
    "init.uniform_(a)": lambda g: nn.init.uniform_(Tensor(np.zeros((2, 2))), a=g),
    "init.constant_": lambda g: nn.init.constant_(Tensor(np.zeros(2)), g),
    "init.xavier_uniform_(gain)": lambda g: nn.init.xavier_uniform_(Tensor(np.zeros((2, 2))), gain=g),
    "init.kaiming_normal_(mode)": lambda g: nn.init.kaiming_normal_(Tensor(np.zeros((2, 2))), mode=g),
    "init.kaiming_normal_(a)": lambda g: nn.init.kaiming_normal_(Tensor(np.zeros((2, 2))), a=g),
    "calculate_gain": lambda g: nn.init.calculate_gain(g), "calculate_gain(param)": lambda g: nn.init.calculate_gain("leaky_relu", g),
    "clip_grad_norm_": lambda g: nn.utils.clip_grad_norm_(one_linear(), g),
    "clip_grad_norm_(norm_type)": lambda g: nn.utils.clip_grad_norm_(one_linear(), 1.0, norm_type=g),
    "clip_grad_value_": lambda g: nn.utils.clip_grad_value_(one_linear(), g),
    "get_total_norm": lambda g: nn.utils.get_total_norm(g), "get_total_norm(norm_type)": lambda g: nn.utils.get_total_norm(one_linear(), g),
    "clip_grads_with_norm_(total_norm)": lambda g: nn.utils.clip_grads_with_norm_(one_linear(), 1.0, g),
    "parameters_to_vector": lambda g: nn.utils.parameters_to_vector(g),
    "vector_to_parameters": lambda g: nn.utils.vector_to_parameters(g, one_linear()),
    "weight_norm(dim)": lambda g: nn.utils.parametrizations.weight_norm(nn.Linear(2, 2), dim=g),
    "spectral_norm(n_power_iterations)": lambda g: nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=g),
    "orthogonal(orthogonal_map)": lambda g: nn.utils.parametrizations.orthogonal(nn.Linear(2, 2), orthogonal_map=g),
    "init.trunc_normal_(std)": lambda g: nn.init.trunc_normal_(Tensor(np.zeros((2, 2))), std=g),
    "init.trunc_normal_(a)": lambda g: nn.init.trunc_normal_(Tensor(np.zeros((2, 2))), a=g),
    "init.sparse_(sparsity)": lambda g: nn.init.sparse_(Tensor(np.zeros((2, 2))), g),
    "init.dirac_(groups)": lambda g: nn.init.dirac_(Tensor(np.zeros((2, 2, 3))), g), "init.eye_": lambda g: nn.init.eye_(g),
    "F.dropout(p)": lambda g: nn.functional.dropout(t23(), g), "F.linear(weight)": lambda g: nn.functional.linear(t23(), g),
    "F.layer_norm(shape)": lambda g: nn.functional.layer_norm(t23(), g),
    "DataLoader": lambda g: list(nn.data.DataLoader(g)),
    "DataLoader(batch_size)": lambda g: nn.data.DataLoader(np.ones((3, 2)), batch_size=g),
    "DataLoader(seed)": lambda g: list(nn.data.DataLoader(np.ones((3, 2)), shuffle=True, seed=g)),
    "DataLoader(y)": lambda g: list(nn.data.DataLoader((np.ones((3, 2)), g))),
    "TensorDataset": lambda g: nn.data.TensorDataset(g), "one_hot": lambda g: nn.data.one_hot(g, 4),
    "one_hot(num_classes)": lambda g: nn.data.one_hot([0, 1], g),
    "train_test_split(test_size)": lambda g: nn.data.train_test_split(np.ones((5, 2)), np.ones(5), test_size=g),
    "train_test_split(X)": lambda g: nn.data.train_test_split(g, np.ones(5)),
    "make_circles(factor)": lambda g: nn.data.make_circles(n=8, factor=g), "make_moons(noise)": lambda g: nn.data.make_moons(n=8, noise=g),
    "make_spirals(turns)": lambda g: nn.data.make_spirals(n=8, turns=g), "make_circles(seed)": lambda g: nn.data.make_circles(n=8, seed=g),
    "SGD(params)": lambda g: optim.SGD(g), "SGD(lr)": lambda g: optim.SGD(one_linear(), lr=g),
    "SGD(momentum)": lambda g: optim.SGD(one_linear(), momentum=g),
    "SGD(nesterov)": lambda g: optim.SGD(one_linear(), momentum=0.9, nesterov=g),
    "Adam(betas)": lambda g: optim.Adam(one_linear(), betas=g), "Adam(eps)": lambda g: optim.Adam(one_linear(), eps=g),
    "RMSprop(alpha)": lambda g: optim.RMSprop(one_linear(), alpha=g),
    "Adagrad(lr_decay)": lambda g: optim.Adagrad(one_linear(), lr_decay=g),
    "Adadelta(rho)": lambda g: optim.Adadelta(one_linear(), rho=g),
    "get_optimizer": lambda g: optim.get_optimizer(g, one_linear()),
    "Adafactor(lr)": lambda g: optim.Adafactor(one_linear(), lr=g), "Adafactor(eps)": lambda g: optim.Adafactor(one_linear(), eps=g),
    "SWALR(swa_lr)": lambda g: optim.swa_utils.SWALR(optim.SGD(one_linear()), g),
    "SWALR(anneal_epochs)": lambda g: optim.swa_utils.SWALR(optim.SGD(one_linear()), 0.1, anneal_epochs=g),
    "Optimizer.load_state_dict": lambda g: optim.SGD(one_linear()).load_state_dict(g),
    "add_param_group": lambda g: optim.SGD(one_linear()).add_param_group(g),
    "StepLR(step_size)": lambda g: optim.lr_scheduler.StepLR(optim.SGD(one_linear()), g),
    "StepLR(gamma)": lambda g: optim.lr_scheduler.StepLR(optim.SGD(one_linear()), 1, gamma=g),
    "MultiStepLR": lambda g: optim.lr_scheduler.MultiStepLR(optim.SGD(one_linear()), g),
    "ExponentialLR": lambda g: optim.lr_scheduler.ExponentialLR(optim.SGD(one_linear()), g),
    "CosineAnnealingLR": lambda g: optim.lr_scheduler.CosineAnnealingLR(optim.SGD(one_linear()), g),
    "CosineAnnealingLR(eta_min)": lambda g: optim.lr_scheduler.CosineAnnealingLR(optim.SGD(one_linear()), 5, eta_min=g),
    "ReduceLROnPlateau(factor)": lambda g: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(one_linear()), factor=g),
    "ReduceLROnPlateau(patience)": lambda g: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(one_linear()), patience=g),
    "ReduceLROnPlateau.step": lambda g: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(one_linear())).step(g),
    "ReduceLROnPlateau(min_lr)": lambda g: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(one_linear()), min_lr=g),
    "ReduceLROnPlateau(mode)": lambda g: optim.lr_scheduler.ReduceLROnPlateau(optim.SGD(one_linear()), mode=g),
}

AUTOGRAD_SURFACES = {
    "Tensor": lambda g: Tensor(g), "Tensor(dtype)": lambda g: Tensor([1.0], dtype=g),
    "Tensor(requires_grad)": lambda g: Tensor(g, requires_grad=True),
    "zeros": lambda g: ag.zeros(g), "ones": lambda g: ag.ones(g), "full": lambda g: ag.full(g, 1.0),
    "full(value)": lambda g: ag.full((2,), g), "zeros_like": lambda g: ag.zeros_like(g),
    "randn": lambda g: ag.randn(g), "rand": lambda g: ag.rand(g), "arange": lambda g: ag.arange(g),
    "zeros(dtype)": lambda g: ag.zeros(2, dtype=g),
    "+": lambda g: t23() + g, "r+": lambda g: g + t23(), "*": lambda g: t23() * g, "-": lambda g: t23() - g,
    "/": lambda g: t23() / g, "**": lambda g: t23() ** g, "r**": lambda g: g ** t23(), "@": lambda g: t23() @ g,
    "r@": lambda g: g @ t23(), "==": lambda g: t23() == g, "<": lambda g: t23() < g,
    "maximum": lambda g: t23().maximum(g), "minimum": lambda g: ag.minimum(t23(), g),
    "where(condition)": lambda g: ag.where(g, t23(), 0.0), "where(b)": lambda g: ag.where(t23().numpy() > 1, t23(), g),
    "reshape": lambda g: t23().reshape(g), "reshape(a, 3)": lambda g: t23().reshape(g, 3),
    "transpose": lambda g: t23().transpose(g), "transpose(0, a)": lambda g: t23().transpose(0, g),
    "permute": lambda g: t23().permute(g), "swapaxes": lambda g: t23().swapaxes(g, 0),
    "squeeze": lambda g: t23().squeeze(g), "unsqueeze": lambda g: t23().unsqueeze(g),
    "flatten(end_dim)": lambda g: t23().flatten(0, g), "broadcast_to": lambda g: t23().broadcast_to(g),
    "getitem": lambda g: t23()[g], "getitem(0, i)": lambda g: t23()[0, g],
    "setitem": lambda g: t23().detach().__setitem__(g, 1.0), "setitem(value)": lambda g: t23().detach().__setitem__(0, g),
    "+=": lambda g: t23().detach().__iadd__(g),
    "sum(axis)": lambda g: t23().sum(axis=g), "sum(keepdims)": lambda g: t23().sum(keepdims=g),
    "mean(axis)": lambda g: t23().mean(axis=g), "max(axis)": lambda g: t23().max(axis=g),
    "min(axis)": lambda g: t23().min(axis=g), "var(axis)": lambda g: t23().var(axis=g),
    "var(ddof)": lambda g: t23().var(ddof=g), "std(axis)": lambda g: t23().std(axis=g),
    "logsumexp(axis)": lambda g: t23().logsumexp(axis=g), "softmax(axis)": lambda g: t23().softmax(axis=g),
    "log_softmax(axis)": lambda g: t23().log_softmax(axis=g), "argmax(axis)": lambda g: t23().argmax(axis=g),
    "clip(min)": lambda g: t23().clip(g), "clip(max)": lambda g: t23().clip(None, g),
    "leaky_relu(slope)": lambda g: t23().leaky_relu(g), "elu(alpha)": lambda g: t23().elu(g),
    "softplus(beta)": lambda g: t23().softplus(g), "softplus(threshold)": lambda g: t23().softplus(1.0, g),
    "gelu(approximate)": lambda g: t23().gelu(g), "astype": lambda g: t23().astype(g),
    "concatenate": lambda g: ag.concatenate(g), "concatenate([t, a])": lambda g: ag.concatenate([t23(), g]),
    "concatenate(axis)": lambda g: ag.concatenate([t23(), t23()], axis=g),
    "stack([t, a])": lambda g: ag.stack([t23(), g]), "stack(axis)": lambda g: ag.stack([t23(), t23()], axis=g),
    "backward(gradient)": lambda g: (t23() * 2).backward(g), "backward(scalar gradient)": lambda g: t23().sum().backward(g),
    "grad(inputs)": lambda g: ag.grad(t23().sum(), g), "requires_grad_": lambda g: Tensor([1.0]).requires_grad_(g),
    "manual_seed": lambda g: ag.manual_seed(g), "item": lambda g: Tensor(g).item(),
    "jacobian": lambda g: ag.functional.jacobian(lambda x: x * 2, g),
    "draw_graph": lambda g: ag.draw_graph(g), "draw_graph(max_nodes)": lambda g: ag.draw_graph(t23() * 2, max_nodes=g),
    "draw_graph(rankdir)": lambda g: ag.draw_graph(t23() * 2, rankdir=g),
    "gradcheck": lambda g: ag.gradcheck(lambda x: x * 2, g),
    # linear algebra: garbage as the matrix, the right-hand side or an option
    "linalg.det": lambda g: ag.linalg.det(g), "linalg.inv": lambda g: ag.linalg.inv(g),
    "linalg.slogdet": lambda g: ag.linalg.slogdet(g), "logdet": lambda g: ag.logdet(g),
    "linalg.solve(A)": lambda g: ag.linalg.solve(g, rotation()), "linalg.solve(B)": lambda g: ag.linalg.solve(rotation(), g),
    "linalg.solve(left)": lambda g: ag.linalg.solve(rotation(), rotation(), left=g),
    "linalg.eigh": lambda g: ag.linalg.eigh(g), "linalg.eigh(UPLO)": lambda g: ag.linalg.eigh(rotation(), UPLO=g),
    "linalg.eigvalsh": lambda g: ag.linalg.eigvalsh(g), "linalg.svd": lambda g: ag.linalg.svd(g),
    "linalg.svd(full_matrices)": lambda g: ag.linalg.svd(t23(), g), "linalg.svdvals": lambda g: ag.linalg.svdvals(g),
    "linalg.qr": lambda g: ag.linalg.qr(g), "linalg.qr(mode)": lambda g: ag.linalg.qr(t23(), mode=g),
    "linalg.pinv": lambda g: ag.linalg.pinv(g), "linalg.pinv(rtol)": lambda g: ag.linalg.pinv(t23(), rtol=g),
    "linalg.pinv(atol)": lambda g: ag.linalg.pinv(t23(), atol=g),
    "linalg.matrix_rank(atol)": lambda g: ag.linalg.matrix_rank(t23(), atol=g),
    "linalg.matrix_power(n)": lambda g: ag.linalg.matrix_power(ag.eye(2, requires_grad=True), g),
    "linalg.matrix_norm(ord)": lambda g: ag.linalg.matrix_norm(t23(), g),
    "linalg.matrix_norm(dim)": lambda g: ag.linalg.matrix_norm(t23(), dim=g),
    "linalg.norm(ord)": lambda g: ag.linalg.norm(t23(), g), "linalg.norm(dim)": lambda g: ag.linalg.norm(t23(), dim=g),
    "linalg.lstsq(B)": lambda g: ag.linalg.lstsq(t23().mT, g), "linalg.lstsq(rcond)": lambda g: ag.linalg.lstsq(t23().mT, t23().mT, g),
    "linalg.lstsq(driver)": lambda g: ag.linalg.lstsq(t23().mT, t23().mT, driver=g),
    "linalg.multi_dot": lambda g: ag.linalg.multi_dot(g), "linalg.vecdot(dim)": lambda g: ag.linalg.vecdot(t23(), t23(), dim=g),
    "linalg.lu_factor": lambda g: ag.linalg.lu_factor(g), "linalg.lu": lambda g: ag.linalg.lu(g),
    "linalg.lu_factor_ex": lambda g: ag.linalg.lu_factor_ex(g),
    "linalg.lu_solve(B)": lambda g: ag.linalg.lu_solve(*ag.linalg.lu_factor(rotation()), g),
    "linalg.lu_solve(pivots)": lambda g: ag.linalg.lu_solve(rotation(), g, rotation()),
    "lu_unpack(pivots)": lambda g: ag.lu_unpack(rotation(), g), "linalg.matrix_exp": lambda g: ag.linalg.matrix_exp(g),
    "linalg.cholesky_ex": lambda g: ag.linalg.cholesky_ex(g), "linalg.solve_ex(B)": lambda g: ag.linalg.solve_ex(rotation(), g),
    "linalg.inv_ex": lambda g: ag.linalg.inv_ex(g), "linalg.cond(p)": lambda g: ag.linalg.cond(rotation(), g),
    "linalg.tensorinv(ind)": lambda g: ag.linalg.tensorinv(rotation(), g),
    "linalg.tensorsolve(dims)": lambda g: ag.linalg.tensorsolve(rotation(), ag.ones(2), g),
    "linalg.vander(N)": lambda g: ag.linalg.vander(ag.ones(3), N=g),
    "linalg.householder_product(tau)": lambda g: ag.linalg.householder_product(rotation(), g),
    "linalg.solve_triangular(B)": lambda g: ag.linalg.solve_triangular(rotation(), g, upper=True, left=False),
    "linalg.ldl_factor": lambda g: ag.linalg.ldl_factor(g), "linalg.ldl_solve(B)": lambda g: ag.linalg.ldl_solve(*ag.linalg.ldl_factor(rotation()), g),
    "linalg.ldl_solve(pivots)": lambda g: ag.linalg.ldl_solve(rotation(), g, rotation()),
    "cholesky_solve(B)": lambda g: ag.cholesky_solve(g, rotation()), "cholesky_solve(L)": lambda g: ag.cholesky_solve(rotation(), g),
    "norm(nuc, dim)": lambda g: ag.norm(t23(), "nuc", dim=g),
    # the special functions
    "lgamma": lambda g: ag.lgamma(g), "polygamma(n)": lambda g: ag.polygamma(g, t23()),
    "polygamma(x)": lambda g: ag.polygamma(2, g), "mvlgamma(p)": lambda g: t23().mvlgamma(g),
    "logit(eps)": lambda g: t23().logit(g), "xlogy(input)": lambda g: ag.xlogy(g, t23()),
    "xlogy(other)": lambda g: ag.xlogy(t23(), g), "special.xlog1py": lambda g: ag.special.xlog1py(t23(), g),
    "%": lambda g: t23() % g, "r%": lambda g: g % t23(), "fmod": lambda g: ag.fmod(t23(), g),
    "atan2": lambda g: ag.atan2(t23(), g), "copysign": lambda g: t23().copysign(g),
    "special.i0e": lambda g: ag.special.i0e(g), "special.ndtri": lambda g: ag.special.ndtri(g),
    "erfinv(x)": lambda g: ag.erfinv(ag.tensor(g) if isinstance(g, (float, list)) else g),
    # products that add, contractions, stacking, writing into copies, calculus (tests/test_blas_shape*.py)
    "addmm(input)": lambda g: ag.addmm(g, t23(), t23().T), "addmm(mat1)": lambda g: ag.addmm(t23(), g, ag.ones(3, 3)),
    "addmm(beta)": lambda g: ag.addmm(ag.ones(2, 2), t23(), t23().T, beta=g), "addmm_(mat1)": lambda g: ag.ones(2, 2).addmm_(g, ag.ones(2, 2)),
    "addmv(vec)": lambda g: ag.addmv(ag.ones(2), t23(), g), "addr(vec1)": lambda g: ag.addr(t23(), g, ag.ones(3)),
    "addbmm(batch1)": lambda g: ag.addbmm(t23(), g, ag.ones(1, 3, 3)), "baddbmm(batch2)": lambda g: ag.baddbmm(t23(), ag.ones(1, 2, 3), g),
    "addcmul(tensor1)": lambda g: ag.addcmul(t23(), g, t23()), "addcdiv(value)": lambda g: ag.addcdiv(t23(), t23(), t23(), value=g),
    "tensordot(dims)": lambda g: ag.tensordot(t23(), t23(), dims=g), "inner": lambda g: ag.inner(t23(), g),
    "vdot": lambda g: ag.vdot(ag.ones(3), g), "multi_dot": lambda g: ag.linalg.multi_dot(g),
    "multi_dot([t, a])": lambda g: ag.linalg.multi_dot([t23(), g]), "chain_matmul": lambda g: ag.chain_matmul(t23(), g),
    "movedim(source)": lambda g: ag.movedim(t23(), g, 0), "movedim(destination)": lambda g: t23().movedim(0, g),
    "hsplit": lambda g: ag.hsplit(t23(), g), "vsplit": lambda g: t23().vsplit(g), "hstack": lambda g: ag.hstack(g),
    "vstack([t, a])": lambda g: ag.vstack([t23(), g]), "column_stack([t, a])": lambda g: ag.column_stack([t23(), g]),
    "index_fill(index)": lambda g: t23().index_fill(0, g, 1.0), "index_fill(value)": lambda g: t23().index_fill(0, ag.tensor([1]), g),
    "index_fill_(value)": lambda g: ag.ones(2, 2).index_fill_(0, ag.tensor([0]), g),
    "index_copy(source)": lambda g: t23().index_copy(0, ag.tensor([1]), g), "index_copy(index)": lambda g: t23().index_copy(0, g, ag.ones(1, 3)),
    "masked_scatter(mask)": lambda g: t23().masked_scatter(g, ag.ones(6)), "masked_scatter(source)": lambda g: t23().masked_scatter(ag.ones(3) > 0, g),
    "scatter_reduce(reduce)": lambda g: t23().scatter_reduce(0, ag.tensor([[0, 1, 0]]), t23(), g),
    "scatter_reduce(index)": lambda g: t23().scatter_reduce(0, g, t23(), "amax"),
    "scatter_reduce(src)": lambda g: t23().scatter_reduce(0, ag.tensor([[0, 1, 0]]), g, "prod"),
    "scatter_reduce(include_self)": lambda g: t23().scatter_reduce(0, ag.tensor([[0, 1, 0]]), t23(), "mean", include_self=g),
    "renorm(p)": lambda g: t23().renorm(g, 0, 1.0), "renorm(maxnorm)": lambda g: t23().renorm(2, 0, g),
    "trapezoid(x)": lambda g: ag.trapezoid(t23(), g), "trapezoid(dx)": lambda g: ag.trapezoid(t23(), dx=g),
    "cumulative_trapezoid(y)": lambda g: ag.cumulative_trapezoid(g), "gradient(spacing)": lambda g: ag.gradient(t23(), spacing=g),
    "gradient(dim)": lambda g: ag.gradient(t23(), dim=g), "gradient(edge_order)": lambda g: ag.gradient(t23(), edge_order=g),
}
# A size too large for memory (e.g. zeros(2**40)) is numpy's MemoryError, as documented.
SIZES = {"zeros", "ones", "full", "randn", "rand", "arange", "Linear(in)", "MLP(hidden)", "BatchNorm1d", "materialize",
         "LayerNorm", "one_hot(num_classes)", "PReLU", "mvlgamma(p)"}
SIZES |= {"linalg.vander(N)"}  # N is a number of columns
# Misusing the graph (backward/grad) raises RuntimeError, as documented in docs/errors.md.
RUNTIME_ERROR_OK = {"backward(gradient)", "backward(scalar gradient)", "grad(inputs)", "+="}
RUNTIME_ERROR_OK |= {"parameters_to_vector", "vector_to_parameters"}  # PyTorch's cat / view errors


def extreme(value, limit=1e6):
    """True if ``value`` holds a float that is NaN, infinite or larger than ``limit`` in size."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, (list, tuple)):
        return any(extreme(v, limit) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "f" and not np.all(np.abs(value) <= limit)
    return isinstance(value, float) and not abs(value) <= limit


def beyond_float(value):
    """A Python int (maybe in a list) that no float64 can hold."""
    if isinstance(value, (list, tuple)):
        return any(beyond_float(v) for v in value)
    return isinstance(value, int) and abs(value) > sys.float_info.max


def beyond_int64(value):
    """A Python int (maybe in a tuple or list) beyond int64."""
    if isinstance(value, (list, tuple)):
        return any(beyond_int64(v) for v in value)
    return isinstance(value, int) and not -2 ** 63 <= value < 2 ** 63


# Inputs left out of the fuzzing, for the reason pinned by test_numerics' OVERFLOWS:
AUTOGRAD_SKIPS = {
    # IEEE overflow (1e308 * 10) or an invalid product (0 * inf) in * and @ gives numpy's
    # RuntimeWarning, by design: docs/errors.md "Known limitations"
    **dict.fromkeys(["*", "@", "r@", "jacobian", "addcmul(tensor1)", "addcdiv(value)", "inner"], extreme),
}

NN_SKIPS = {
    # layers and losses whose arithmetic on the value overflows (or meets inf - inf) for floats near
    # 1e308 or infinite: numpy's RuntimeWarning, the same known limitation as * and @ above
    **dict.fromkeys(["Linear(x)", "LazyLinear(x)", "LazyConv2d(x)", "LazyBatchNorm1d(x)", "MLP(x)", "F.linear(weight)", "BatchNorm1d(x)", "LayerNorm(x)", "MSELoss(input)",
                     "MSELoss(target)", "L1Loss(target)", "HuberLoss(target)", "BCELoss(weight)",
                     "BCEWithLogitsLoss(pos_weight)", "CrossEntropyLoss(weight)"], extreme),
}


def costly_size(value):
    """A size of 10**6 to 2**45 elements: numpy may really allocate it (slow, or beyond memory:
    arange(2.9e9) fills 23 GB), or not; left out. Floats count too: arange takes them."""
    sequence = (list, tuple)
    sizes = [value] if isinstance(value, (int, float)) else list(value) if isinstance(value, sequence) else []
    if not all(isinstance(n, int) or isinstance(n, float) and math.isfinite(n) for n in sizes):
        return False
    total = math.prod(abs(n) for n in sizes)
    return 10 ** 6 <= total < 2 ** 45


def check_documented(surface, call, value, allowed=DOCUMENTED):
    allowed = allowed + (MemoryError,) if surface in SIZES else allowed
    try:
        call(value)
    except allowed:
        pass
    except Exception as error:          # anything else is a bug: say which input found it
        raise AssertionError(f"{surface}({value!r:.60}) raised {type(error).__name__}: {error}") from error


def skipped(skips, surface, value):
    return skips.get(surface, lambda v: False)(value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surface=st.sampled_from(sorted(NN_SURFACES)), value=garbage)
def test_garbage_to_nn_optim_and_data_raises_only_documented_errors(surface, value):
    assume(not skipped(NN_SKIPS, surface, value))
    assume(not (surface in SIZES and costly_size(value)))
    allowed = DOCUMENTED + (RuntimeError,) if surface in RUNTIME_ERROR_OK else DOCUMENTED
    check_documented(surface, NN_SURFACES[surface], value, allowed)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surface=st.sampled_from(sorted(AUTOGRAD_SURFACES)), value=garbage)
def test_garbage_to_autograd_raises_only_documented_errors(surface, value):
    assume(not skipped(AUTOGRAD_SKIPS, surface, value))
    assume(not (surface in SIZES and costly_size(value)))
    allowed = DOCUMENTED + (RuntimeError,) if surface in RUNTIME_ERROR_OK else DOCUMENTED
    check_documented(surface, AUTOGRAD_SURFACES[surface], value, allowed)


HUGE_NUMBERS = BEYOND_FLOAT + BEYOND_INT64 + BEYOND_C_INT + [[10 ** 400], (2, 10 ** 30)]


@pytest.mark.parametrize("surface", sorted(NN_SURFACES))
def test_numbers_beyond_float64_and_int64_raise_only_documented_errors_in_nn_and_optim(surface):
    """Python ints too big for a float64 (10**400) or an int64 (2**63), as numbers, sizes, axes or
    indices: a documented error (or a valid result), never an OverflowError or a numpy warning."""
    for value in HUGE_NUMBERS:
        if not skipped(NN_SKIPS, surface, value) and not (surface in SIZES and costly_size(value)):
            check_documented(surface, NN_SURFACES[surface], value)


@pytest.mark.parametrize("surface", sorted(AUTOGRAD_SURFACES))
def test_numbers_beyond_float64_and_int64_raise_only_documented_errors_in_autograd(surface):
    """``Tensor(10**400)``, ``t + 10**400``, ``t == 10**400``, ``t.argmax(axis=10**30)``,
    ``stack(..., axis=2**31)``, ``t.sum(keepdims=10**30)``, ``t[2**63]``, ... raise ValueError
    (or another documented type); a huge but valid number (``t.leaky_relu(10**30)``) just works."""
    allowed = DOCUMENTED + (RuntimeError,) if surface in RUNTIME_ERROR_OK else DOCUMENTED
    for value in HUGE_NUMBERS:
        if not skipped(AUTOGRAD_SKIPS, surface, value) and not (surface in SIZES and costly_size(value)):
            check_documented(surface, AUTOGRAD_SURFACES[surface], value, allowed)


# ---- arguments that once escaped as the wrong exception (regression tests) --------------------

REFUSED = {
    # (the call, the documented exception(s) it raises). More of these, with their messages, are
    # rows of the error table in tests/test_errors.py (Tensor(10**400), t.argmax(axis=10**30), ...).
    "Tensor([10**400]).item()": (lambda: Tensor([10 ** 400]).item(), ValueError),
    "t == 10**400": (lambda: t23() == 10 ** 400, ValueError),
    "t.unsqueeze(10**30)": (lambda: t23().unsqueeze(10 ** 30), ValueError),
    "concatenate(axis=10**30)": (lambda: ag.concatenate([t23(), t23()], axis=10 ** 30), ValueError),
    "stack(axis=2**31)": (lambda: ag.stack([t23(), t23()], axis=2 ** 31), ValueError),
    "t.sum(keepdims=10**30)": (lambda: t23().sum(keepdims=10 ** 30), ValueError),
    "t[2**63]": (lambda: t23()[2 ** 63], (ValueError, IndexError)),
    "leaky_relu(1+2j)": (lambda: t23().leaky_relu(1 + 2j), (TypeError, ValueError)),
    "zeros(2, dtype=',')": (lambda: ag.zeros(2, dtype=","), TypeError),
    "astype(',')": (lambda: t23().astype(","), TypeError),
    "flatten(0, 5) of 2-D": (lambda: t23().flatten(0, 5), IndexError),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_malformed_arguments_raise_the_documented_exception(case):
    call, expected = REFUSED[case]
    with pytest.raises(expected):
        call()


def test_a_huge_finite_leaky_relu_slope_is_a_valid_number():
    x = Tensor([-2.0, 0.0, 3.0], requires_grad=True)
    y = x.leaky_relu(10 ** 30)
    y.sum().backward()
    np.testing.assert_array_equal(y.numpy(), [-2e30, 0.0, 3.0])
    np.testing.assert_array_equal(x.grad, [1e30, 1e30, 1.0])


# ---- in-place updates and class labels beyond float64 / int64 ----------------------------------

HUGE_INPLACE = {
    "t += 10**400": (lambda: t23().detach().__iadd__(10 ** 400), ValueError),
    "t[0] = 10**400": (lambda: t23().detach().__setitem__(0, 10 ** 400), ValueError),
    "t[2**63] = 1.0": (lambda: t23().detach().__setitem__(2 ** 63, 1.0), IndexError),
}


@pytest.mark.parametrize("case", sorted(HUGE_INPLACE))
def test_inplace_updates_with_numbers_beyond_float64_or_int64_raise_documented_errors(case):
    call, expected = HUGE_INPLACE[case]
    with pytest.raises(expected):
        call()


@pytest.mark.parametrize("loss", [nn.CrossEntropyLoss(), nn.NLLLoss()], ids=["CrossEntropyLoss", "NLLLoss"])
@pytest.mark.parametrize("labels", [[10 ** 19, 1], [2 ** 63, 1]], ids=["10**19", "2**63"])
def test_labels_beyond_int64_are_named_as_given(loss, labels):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # a label beyond int64 is refused, never wrapped: numpy 2 reads such a list as floats, and
        # float class labels are refused as PyTorch refuses them
        with pytest.raises(ValueError, match="out of range|too large|class labels must be integers") as error:
            loss(t23(), labels)
    assert "-9223372036854775808" not in str(error.value)
