"""The activations beyond the common ones (nn.functional's smooth_, piecewise_ and
random_activations, and their modules): values against numpy formulas, first and second
derivatives (gradcheck, gradgradcheck), in-place forms, random slopes and noise, errors."""

import math

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def away_from(rng, shape, kinks, low=-7.0, high=7.0, margin=0.05):
    """Uniform values in [low, high], none within ``margin`` of a kink (so finite differences
    never straddle one)."""
    x = rng.uniform(low, high, size=shape)
    for _ in range(100):
        near = np.any([np.abs(x - k) < margin for k in kinks] or [np.zeros(shape, bool)], axis=0)
        if not near.any():
            return x
        x[near] = rng.uniform(low, high, size=int(near.sum()))
    raise AssertionError("could not draw values away from the kinks")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softplus(x):
    return np.log1p(np.exp(x))


# (name, function, numpy formula, kinks)
ELEMENTWISE = [
    ("silu", F.silu, lambda x: x * sigmoid(x), []),
    ("mish", F.mish, lambda x: x * np.tanh(softplus(x)), []),
    ("selu", F.selu, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), [0]),
    ("celu", lambda x: F.celu(x, 0.6), lambda x: np.where(x > 0, x, 0.6 * np.expm1(x / 0.6)), [0]),
    ("softsign", F.softsign, lambda x: x / (1 + np.abs(x)), [0]),
    ("tanhshrink", F.tanhshrink, lambda x: x - np.tanh(x), []),
    ("hardtanh", F.hardtanh, lambda x: np.clip(x, -1, 1), [-1, 1]),
    ("hardtanh(-2, 3)", lambda x: F.hardtanh(x, -2, 3.5), lambda x: np.clip(x, -2, 3.5), [-2, 3.5]),
    ("relu6", F.relu6, lambda x: np.clip(x, 0, 6), [0, 6]),
    ("hardsigmoid", F.hardsigmoid, lambda x: np.clip(x + 3, 0, 6) / 6, [-3, 3]),
    ("hardswish", F.hardswish, lambda x: x * np.clip(x + 3, 0, 6) / 6, [-3, 3]),
    ("threshold", lambda x: F.threshold(x, 0.5, -2.0), lambda x: np.where(x > 0.5, x, -2.0), [0.5]),
    (
        "softshrink",
        F.softshrink,
        lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
        [-0.5, 0.5],
    ),
    (
        "softshrink(1.5)",
        lambda x: F.softshrink(x, 1.5),
        lambda x: np.sign(x) * np.maximum(np.abs(x) - 1.5, 0),
        [-1.5, 1.5],
    ),
    ("hardshrink", F.hardshrink, lambda x: np.where(np.abs(x) > 0.5, x, 0), [-0.5, 0.5]),
    ("rrelu (eval)", F.rrelu, lambda x: np.where(x > 0, x, x * (1 / 8 + 1 / 3) / 2), [0]),
    ("softmin", lambda x: F.softmin(x, dim=-1), lambda x: np.exp(-x) / np.exp(-x).sum(-1, keepdims=True), []),
]
SHAPES = [(1, 5), (4, 6), (2, 3, 4)]


@pytest.mark.parametrize("name, function, formula, kinks", ELEMENTWISE, ids=[c[0] for c in ELEMENTWISE])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_activation_values_and_derivatives_twice(rng, name, function, formula, kinks, shape):
    x = Tensor(away_from(rng, shape, kinks), requires_grad=True)
    np.testing.assert_allclose(function(x).numpy(), formula(x.numpy()), rtol=1e-12, atol=1e-14)
    assert gradcheck(function, (x,))
    assert gradgradcheck(function, (x,))


def test_softmin_with_no_dim_takes_pytorchs_implicit_dim_and_casts_to_dtype(rng):
    for shape, dim in [((5,), 0), ((3, 4), 1), ((2, 3, 4), 0), ((2, 3, 4, 2), 1)]:
        x = Tensor(rng.standard_normal(shape))
        np.testing.assert_array_equal(F.softmin(x).numpy(), F.softmin(x, dim).numpy())
    x = Tensor(rng.standard_normal((2, 3)))
    assert F.softmin(x, 1, dtype=autograd.float32).dtype == np.float32
    np.testing.assert_array_equal(nn.Softmin(0)(x).numpy(), F.softmin(x, 0).numpy())


@pytest.mark.parametrize("shape, dim", [((4, 6), -1), ((1, 6), 1), ((6, 3), 0), ((2, 4, 3), 1)])
def test_glu_is_the_first_half_gated_by_the_sigmoid_of_the_second(rng, shape, dim):
    x = Tensor(rng.standard_normal(shape), requires_grad=True)
    a, b = np.split(x.numpy(), 2, axis=dim)
    np.testing.assert_allclose(F.glu(x, dim).numpy(), a * sigmoid(b), rtol=1e-12)
    assert gradcheck(lambda x: F.glu(x, dim), (x,))
    assert gradgradcheck(lambda x: F.glu(x, dim), (x,))
    np.testing.assert_array_equal(nn.GLU(dim)(x).numpy(), F.glu(x, dim).numpy())


@pytest.mark.parametrize(
    "input_shape, slopes", [((4, 3), 1), ((4, 3), 3), ((1, 3, 5), 3), ((2, 3, 2, 2), 3), ((6,), 1)]
)
def test_prelu_takes_one_slope_or_one_per_channel_and_learns_it(rng, input_shape, slopes):
    x = Tensor(away_from(rng, input_shape, [0]), requires_grad=True)
    weight = Tensor(rng.uniform(0.1, 0.5, slopes), requires_grad=True)
    shape = (slopes,) + (1,) * (len(input_shape) - 2) if slopes > 1 else ()
    a = weight.numpy().reshape(shape)
    np.testing.assert_allclose(F.prelu(x, weight).numpy(), np.where(x.numpy() > 0, x.numpy(), a * x.numpy()))
    assert gradcheck(F.prelu, (x, weight))
    assert gradgradcheck(F.prelu, (x, weight))


def test_prelu_module_holds_num_parameters_slopes_starting_at_init(rng):
    layer = nn.PReLU(3, init=0.1)
    assert layer.weight.shape == (3,) and np.all(layer.weight.numpy() == 0.1)
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    x = Tensor(away_from(rng, (2, 3, 4), [0]))
    layer(x).sum().backward()
    expected = np.where(x.numpy() > 0, 0, x.numpy()).sum(axis=(0, 2))
    np.testing.assert_allclose(layer.weight.grad.numpy(), expected, rtol=1e-12)


INPLACE = [
    ("silu", ()),
    ("mish", ()),
    ("selu", ()),
    ("celu", (0.5,)),
    ("hardtanh", (-0.5, 0.7)),
    ("relu6", ()),
    ("hardsigmoid", ()),
    ("hardswish", ()),
    ("threshold", (0.1, -1.0)),
    ("rrelu", ()),
]


@pytest.mark.parametrize("name, args", INPLACE, ids=[c[0] for c in INPLACE])
def test_inplace_forms_overwrite_the_input_and_differentiate_as_the_plain_ones(rng, name, args):
    values = away_from(rng, (3, 4), [-3, -0.5, 0, 0.1, 0.7, 3])
    plain_leaf, inplace_leaf = Tensor(values, requires_grad=True), Tensor(values, requires_grad=True)
    plain = getattr(F, name)(plain_leaf * 2, *args)
    x = inplace_leaf * 2
    result = getattr(F, name)(x, *args, inplace=True)
    assert result is x
    np.testing.assert_array_equal(x.numpy(), plain.numpy())
    upstream = Tensor(rng.standard_normal((3, 4)))
    plain.backward(upstream)
    result.backward(upstream)
    np.testing.assert_array_equal(inplace_leaf.grad.numpy(), plain_leaf.grad.numpy())


MODULES = [
    (nn.SiLU(), F.silu),
    (nn.Mish(), F.mish),
    (nn.SELU(), F.selu),
    (nn.CELU(0.5), lambda x: F.celu(x, 0.5)),
    (nn.Softsign(), F.softsign),
    (nn.Tanhshrink(), F.tanhshrink),
    (nn.Hardtanh(-2, 2), lambda x: F.hardtanh(x, -2, 2)),
    (nn.ReLU6(), F.relu6),
    (nn.Hardsigmoid(), F.hardsigmoid),
    (nn.Hardswish(), F.hardswish),
    (nn.Threshold(0.2, 5.0), lambda x: F.threshold(x, 0.2, 5.0)),
    (nn.Softshrink(0.3), lambda x: F.softshrink(x, 0.3)),
    (nn.Hardshrink(0.3), lambda x: F.hardshrink(x, 0.3)),
    (nn.PReLU(), lambda x: F.prelu(x, Tensor([0.25]))),
    (nn.RReLU(0.2, 0.4).eval(), lambda x: F.leaky_relu(x, 0.30000000000000004)),
]


@pytest.mark.parametrize("module, function", MODULES, ids=[repr(m) for m, _ in MODULES])
def test_modules_call_their_function(rng, module, function):
    x = Tensor(rng.standard_normal((3, 5)) * 3)
    np.testing.assert_array_equal(module(x).numpy(), function(x).numpy())


def test_get_activation_knows_the_new_activations_by_name():
    for name, cls in [
        ("silu", nn.SiLU),
        ("ReLU6", nn.ReLU6),
        ("hardswish", nn.Hardswish),
        ("prelu", nn.PReLU),
    ]:
        assert type(nn.get_activation(name)) is cls


# ---- the joints: PyTorch's one-sided choices ---------------------------------------------


def test_derivatives_at_the_joints():
    def derivative(function, points):
        x = Tensor(np.array(points, dtype=np.float64), requires_grad=True)
        function(x).sum().backward()
        return x.grad.numpy().tolist()

    assert derivative(F.hardtanh, [-1.0, 1.0, 0.0]) == [0.0, 0.0, 1.0]
    assert derivative(F.relu6, [0.0, 6.0]) == [0.0, 0.0]
    assert derivative(F.hardswish, [-3.0, 3.0]) == [0.0, 1.0]
    assert derivative(F.hardsigmoid, [-3.0, 3.0, 0.0]) == [0.0, 0.0, float(np.float32(1) / np.float32(6))]
    assert derivative(lambda x: F.threshold(x, 1.0, 0.0), [1.0]) == [0.0]
    assert derivative(F.softshrink, [-0.5, 0.5]) == [0.0, 0.0]
    assert derivative(F.hardshrink, [-0.5, 0.5]) == [0.0, 0.0]


# ---- random activations -------------------------------------------------------------------


def test_rrelu_while_training_draws_one_slope_in_range_per_non_positive_element(rng):
    values = away_from(rng, (50, 40), [0], -3.0, 3.0)
    values[0, :5] = 0.0
    autograd.manual_seed(7)
    x = Tensor(values, requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True)
    slopes = y.numpy()[values < 0] / values[values < 0]
    assert np.all((slopes >= 0.1) & (slopes < 0.3)) and slopes.std() > 0.05
    np.testing.assert_array_equal(y.numpy()[values > 0], values[values > 0])
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy()[values < 0], slopes, rtol=1e-12)
    assert np.all(x.grad.numpy()[values > 0] == 1)
    autograd.manual_seed(7)
    np.testing.assert_array_equal(F.rrelu(Tensor(values), 0.1, 0.3, training=True).numpy(), y.numpy())


def test_rrelu_module_draws_while_training_and_is_a_leaky_relu_in_eval(rng):
    x = Tensor(-np.abs(rng.standard_normal(200)))
    layer = nn.RReLU()
    assert not np.allclose(layer(x).numpy(), layer(x).numpy())
    layer.eval()
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy() * ((1 / 8 + 1 / 3) / 2))


def reseeded(function, seed=3):
    """``function`` drawing the same random numbers at every call (for gradcheck)."""

    def run(*args):
        autograd.manual_seed(seed)
        return function(*args)

    return run


@pytest.mark.parametrize("shape", [(1, 4), (5, 4)], ids=str)
def test_rrelu_and_gumbel_softmax_derivatives_twice_for_fixed_noise(rng, shape):
    x = Tensor(away_from(rng, shape, [0], -3.0, 3.0), requires_grad=True)
    for function in [
        lambda x: F.rrelu(x, training=True),
        lambda x: F.gumbel_softmax(x, tau=0.7),
        lambda x: F.gumbel_softmax(x, dim=0),
    ]:  # (hard=True's derivative is the soft sample's, not the one-hot's: tested below)
        assert gradcheck(reseeded(function), (x,))
        assert gradgradcheck(reseeded(function), (x,))


def test_gumbel_softmax_samples_a_distribution_soft_or_one_hot(rng):
    logits = Tensor(rng.standard_normal((6, 5)), requires_grad=True)
    autograd.manual_seed(1)
    soft = F.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.numpy().sum(1), 1, rtol=1e-12)
    autograd.manual_seed(1)
    hard = F.gumbel_softmax(logits, tau=0.5, hard=True)
    np.testing.assert_array_equal(hard.numpy(), np.eye(5)[soft.numpy().argmax(1)])
    upstream = Tensor(rng.standard_normal((6, 5)))
    (soft_grad,) = autograd.grad(soft, logits, upstream)
    (hard_grad,) = autograd.grad(hard, logits, upstream)
    np.testing.assert_allclose(hard_grad.numpy(), soft_grad.numpy(), rtol=1e-12)  # straight-through
    autograd.manual_seed(2)
    counts = F.gumbel_softmax(Tensor(np.log([[0.7, 0.2, 0.1]] * 4000)), hard=True).numpy().sum(0)
    np.testing.assert_allclose(counts / 4000, [0.7, 0.2, 0.1], atol=0.03)


# ---- errors ---------------------------------------------------------------------------------


def test_bad_options_and_inputs_name_the_argument():
    x = Tensor(np.ones((2, 3)))
    cases = [
        (
            ValueError,
            "hardtanh: min_val must be at most max_val, got min_val=2, max_val=1",
            lambda: F.hardtanh(x, 2, 1),
        ),
        (ValueError, "Hardtanh: min_val must be at most max_val", lambda: nn.Hardtanh(1.0, -1.0)),
        (TypeError, "threshold: value must be a real number", lambda: F.threshold(x, 0.5, "a")),
        (ValueError, "celu: alpha must be a non-zero number", lambda: F.celu(x, 0)),
        (ValueError, "CELU: alpha must be a non-zero number", lambda: nn.CELU(0.0)),
        (ValueError, "softshrink: lambd must be a number >= 0, got -0.5", lambda: F.softshrink(x, -0.5)),
        (ValueError, "Hardshrink: lambd must be a number >= 0", lambda: nn.Hardshrink(-1)),
        (
            ValueError,
            r"glu: the halved dimension must have an even size, but dimension -1 of the input of shape \(2, 3\) has size 3",
            lambda: F.glu(x),
        ),
        (IndexError, r"glu: dim 2 is out of range for an input of shape \(2, 3\)", lambda: F.glu(x, 2)),
        (
            ValueError,
            r"prelu: weight has 2 slopes, but the input of shape \(2, 3\) has 3 channels",
            lambda: F.prelu(x, Tensor([0.1, 0.2])),
        ),
        (TypeError, "prelu: weight must be a 1-d Tensor", lambda: F.prelu(x, 0.25)),
        (ValueError, "PReLU: num_parameters must be a positive integer, got 0", lambda: nn.PReLU(0)),
        (
            ValueError,
            "rrelu: lower must be at most upper, got lower=0.5, upper=0.1",
            lambda: F.rrelu(x, 0.5, 0.1, True),
        ),
        (ValueError, "RReLU: lower must be at most upper", lambda: nn.RReLU(0.5, 0.1)),
        (
            TypeError,
            "rrelu: input must be a floating-point Tensor, got dtype int64",
            lambda: F.rrelu(autograd.arange(3), training=True),
        ),
        (ValueError, "gumbel_softmax: tau must be positive, got 0", lambda: F.gumbel_softmax(x, tau=0)),
        (
            TypeError,
            "gumbel_softmax: logits must be a floating-point Tensor",
            lambda: F.gumbel_softmax(autograd.arange(3)),
        ),
    ]
    for error, message, call in cases:
        with pytest.raises(error, match=message):
            call()


def test_selu_keeps_unit_variance(rng):
    x = Tensor(rng.standard_normal(200_000))
    y = F.selu(x).numpy()
    assert abs(y.mean()) < 0.01 and abs(y.var() - 1) < 0.01
    assert math.isclose(F.selu(Tensor([-50.0])).item(), -SELU_SCALE * SELU_ALPHA, rel_tol=1e-12)
