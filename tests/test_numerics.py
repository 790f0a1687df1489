"""Numerics: extreme inputs give finite, exact results without numpy warnings.

Every test here runs with warnings turned into errors (the ``strict_warnings``
fixture), so a numpy "overflow encountered in exp" anywhere in a forward or a
backward pass fails the test. Expected values are limits worked out by hand
(sigmoid(1000) = 1 exactly, log_softmax([1e4, -1e4, 0]) = [0, -2e4, -1e4], ...)
and, when PyTorch is installed, PyTorch's own values.
"""

import ast
import math
import pathlib
import warnings

import numpy as np
import pytest

import autograd as ag
import nn
import nn.functional as F
from autograd import Tensor

ROOT = pathlib.Path(__file__).resolve().parent.parent
DTYPES = [np.float64, np.float32]


@pytest.fixture(autouse=True)
def strict_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def forward_backward(f, x, dtype, weights=None):
    """f(x) and d(sum(weights * f(x)))/dx for x as a Tensor of ``dtype``."""
    t = Tensor(np.asarray(x, dtype=dtype), requires_grad=True)
    out = f(t)
    out.backward(np.ones(out.shape, dtype=dtype) if weights is None else np.asarray(weights, dtype=dtype))
    assert out.dtype == dtype and t.grad.dtype == dtype
    return out.numpy(), t.grad


# ---- activations at +-1000 ------------------------------------------------------------------

# name -> (the function, value at (-1000, 1000), derivative at (-1000, 1000))
ACTIVATIONS = {
    "sigmoid": (F.sigmoid, (0.0, 1.0), (0.0, 0.0)),
    "tanh": (F.tanh, (-1.0, 1.0), (0.0, 0.0)),
    "softplus": (F.softplus, (0.0, 1000.0), (0.0, 1.0)),
    "elu": (F.elu, (-1.0, 1000.0), (0.0, 1.0)),
    "gelu": (F.gelu, (0.0, 1000.0), (0.0, 1.0)),
    "gelu_tanh": (lambda x: F.gelu(x, "tanh"), (0.0, 1000.0), (0.0, 1.0)),
    "logsigmoid": (F.logsigmoid, (-1000.0, 0.0), (1.0, 0.0)),
    "relu": (F.relu, (0.0, 1000.0), (0.0, 1.0)),
    "leaky_relu": (F.leaky_relu, (-10.0, 1000.0), (0.01, 1.0)),
    "silu": (F.silu, (0.0, 1000.0), (0.0, 1.0)),
    "mish": (F.mish, (0.0, 1000.0), (0.0, 1.0)),
    "celu": (lambda x: F.celu(x, 0.5), (-0.5, 1000.0), (0.0, 1.0)),
    "tanhshrink": (F.tanhshrink, (-999.0, 999.0), (1.0, 1.0)),
    "hardtanh": (F.hardtanh, (-1.0, 1.0), (0.0, 0.0)),
    "relu6": (F.relu6, (0.0, 6.0), (0.0, 0.0)),
    "hardsigmoid": (F.hardsigmoid, (0.0, 1.0), (0.0, 0.0)),
    "hardswish": (F.hardswish, (0.0, 1000.0), (0.0, 1.0)),
    "softshrink": (F.softshrink, (-999.5, 999.5), (1.0, 1.0)),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_at_plus_minus_1000_are_exact_limits(name, dtype):
    f, values, slopes = ACTIVATIONS[name]
    out, grad = forward_backward(f, [-1000.0, 1000.0], dtype)
    np.testing.assert_array_equal(out, np.array(values, dtype=dtype))
    np.testing.assert_allclose(grad, np.array(slopes, dtype=dtype), rtol=1e-6, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_agree_with_torch_over_the_whole_range(name, dtype):
    torch = pytest.importorskip("torch")
    torch_functions = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softplus": torch.nn.functional.softplus,
        "elu": torch.nn.functional.elu,
        "gelu": torch.nn.functional.gelu,
        "gelu_tanh": lambda x: torch.nn.functional.gelu(x, approximate="tanh"),
        "logsigmoid": torch.nn.functional.logsigmoid,
        "relu": torch.relu,
        "leaky_relu": torch.nn.functional.leaky_relu,
        "silu": torch.nn.functional.silu,
        "mish": torch.nn.functional.mish,
        "celu": lambda x: torch.nn.functional.celu(x, 0.5),
        "tanhshrink": torch.nn.functional.tanhshrink,
        "hardtanh": torch.nn.functional.hardtanh,
        "relu6": torch.nn.functional.relu6,
        "hardsigmoid": torch.nn.functional.hardsigmoid,
        "hardswish": torch.nn.functional.hardswish,
        "softshrink": torch.nn.functional.softshrink,
    }
    x = np.array([-1000, -100, -30, -20.5, -1, -1e-8, 0, 1e-8, 1, 20.5, 30, 100, 1000], dtype=dtype)
    weights = np.linspace(-2, 3, x.size).astype(dtype)
    out, grad = forward_backward(ACTIVATIONS[name][0], x, dtype, weights)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch_functions[name](tx)
    ty.backward(torch.tensor(weights))
    # values and slopes agree to rounding (elu's slope is alpha e^x, as PyTorch's: e^-100 at -100)
    tolerance = dict(rtol=1e-12, atol=0) if dtype == np.float64 else dict(rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(out, ty.detach().numpy(), **tolerance)
    np.testing.assert_allclose(grad, tx.grad.numpy(), **tolerance)


@pytest.mark.parametrize(
    "module",
    [
        nn.Sigmoid(),
        nn.Tanh(),
        nn.Softplus(),
        nn.ELU(),
        nn.GELU(),
        nn.LogSigmoid(),
        nn.LeakyReLU(),
        nn.Softmax(),
        nn.LogSoftmax(),
        nn.SiLU(),
        nn.Mish(),
        nn.SELU(),
        nn.CELU(0.3),
        nn.Softsign(),
        nn.Softmin(1),
        nn.RReLU(),
    ],
    ids=lambda m: type(m).__name__,
)
def test_activation_modules_at_plus_minus_1000_are_finite(module):
    out, grad = forward_backward(
        module, [[-1000.0, 1000.0], [1000.0, 1000.0]], np.float64, weights=[[1.0, -2.0], [0.5, 3.0]]
    )
    assert np.isfinite(out).all() and np.isfinite(grad).all()


# ---- the softmax family at logits of +-1e4 --------------------------------------------------

LOGITS = [[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]]


def near_1e4(dtype):
    """The rounding step of numbers near 1e4 in ``dtype``: the accuracy of a log-sum-exp there,
    hence of every result that subtracts it (1.8e-12 in float64, 9.8e-4 in float32)."""
    return float(np.spacing(dtype(2e4)))


L2, L3 = math.log(2), math.log(3)
SOFTMAX = np.array([[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]])
WEIGHTS = np.array([[1.0, -2.0, 0.5], [3.0, 1.0, -1.0], [0.25, 2.0, 4.0]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_at_1e4(dtype):
    out, grad = forward_backward(lambda x: x.logsumexp(axis=1), LOGITS, dtype, [1.0, 2.0, -1.0])
    np.testing.assert_allclose(out, [1e4, -1e4 + L3, 1e4 + L2], rtol=0, atol=near_1e4(dtype))
    # d/dx = softmax(x) = exp(x - logsumexp(x)): relative error = the absolute error of logsumexp
    np.testing.assert_allclose(grad, SOFTMAX * np.array([[1.0], [2.0], [-1.0]]), rtol=near_1e4(dtype), atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_softmax_at_1e4(dtype):
    out, grad = forward_backward(lambda x: F.log_softmax(x, 1), LOGITS, dtype, WEIGHTS)
    expected = [[0, -2e4, -1e4], [-L3, -L3, -L3], [-L2, -L2, -2e4 - L2]]
    np.testing.assert_allclose(out, expected, rtol=0, atol=near_1e4(dtype))
    # d/dx of sum(w * log_softmax(x)) = w - softmax(x) * sum(w)
    expected = WEIGHTS - SOFTMAX * WEIGHTS.sum(1, keepdims=True)
    np.testing.assert_allclose(grad, expected, rtol=0, atol=near_1e4(dtype) * np.abs(WEIGHTS).sum())


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_at_1e4(dtype):
    out, grad = forward_backward(lambda x: F.softmax(x, 1), LOGITS, dtype, WEIGHTS)
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(out, SOFTMAX, rtol=2 * eps, atol=0)  # exp(x - max): no large offsets
    # d/dx of sum(w * s) = s * (w - sum(w * s))
    expected = SOFTMAX * (WEIGHTS - (WEIGHTS * SOFTMAX).sum(1, keepdims=True))
    np.testing.assert_allclose(grad, expected, rtol=0, atol=8 * eps)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_at_1e4(dtype):
    labels = np.array([1, 0, 2])
    out, grad = forward_backward(lambda x: nn.CrossEntropyLoss()(x, labels), LOGITS, dtype)
    np.testing.assert_allclose(out, (2e4 + L3 + 2e4 + L2) / 3, rtol=0, atol=near_1e4(dtype))
    np.testing.assert_allclose(grad, (SOFTMAX - np.eye(3)[labels]) / 3, rtol=0, atol=near_1e4(dtype))
    per_sample, _ = forward_backward(
        lambda x: nn.CrossEntropyLoss(reduction="none")(x, labels), LOGITS, dtype
    )
    np.testing.assert_allclose(per_sample, [2e4, L3, 2e4 + L2], rtol=0, atol=near_1e4(dtype))


def test_cross_entropy_at_1e4_agrees_with_torch():
    torch = pytest.importorskip("torch")
    labels = np.array([1, 0, 2])
    out, grad = forward_backward(
        lambda x: nn.CrossEntropyLoss(label_smoothing=0.1)(x, labels), LOGITS, np.float64
    )
    tx = torch.tensor(LOGITS, dtype=torch.float64, requires_grad=True)
    ty = torch.nn.functional.cross_entropy(tx, torch.tensor(labels), label_smoothing=0.1)
    ty.backward()
    np.testing.assert_allclose(out, ty.item(), rtol=1e-14)
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=1e-12, atol=1e-15)


# ---- binary cross-entropy at its edges ------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_at_predictions_exactly_0_and_1(dtype):
    """Right answers cost 0, confidently wrong ones 100 (the log is clamped at -100, as in
    PyTorch). The gradient is PyTorch's, (p - y) / max(p (1 - p), 1e-12) / n: 0 for the right
    answers, huge but finite for the wrong ones."""
    p, target = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype), np.array([0.0, 1.0, 1.0, 0.0], dtype=dtype)
    out, grad = forward_backward(lambda p: nn.BCELoss()(p, target), p, dtype)
    np.testing.assert_allclose(out, 50.0, rtol=1e-6)
    bound = np.float32(1e-12).astype(dtype)
    np.testing.assert_array_equal(grad.numpy(), (p - target) / np.maximum(p * (1 - p), bound) / dtype(4))
    assert np.all(np.isfinite(grad)) and grad[2] < -1e10 < 1e10 < grad[3]
    per_element, _ = forward_backward(lambda p: nn.BCELoss(reduction="none")(p, target), p, dtype)
    np.testing.assert_allclose(per_element, [0.0, 0.0, 100.0, 100.0], rtol=1e-6, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_at_0_and_1_gives_pytorchs_loss_and_gradients(dtype, reduction):
    torch = pytest.importorskip("torch")
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-13, 0.3], dtype=dtype)
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.3, 0.7], dtype=dtype)
    w = np.linspace(0.5, 2, 7).astype(dtype)
    ours_p, ours_y = (Tensor(a, requires_grad=True) for a in (p, y))
    ours = nn.functional.binary_cross_entropy(ours_p, ours_y, w, reduction=reduction)
    ours.sum().backward()
    theirs_p, theirs_y = (torch.tensor(a, requires_grad=True) for a in (p, y))
    theirs = torch.nn.functional.binary_cross_entropy(
        theirs_p, theirs_y, torch.tensor(w), reduction=reduction
    )
    theirs.sum().backward()
    tol = 1e-15 if dtype == np.float64 else 1e-6
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=tol, atol=0)
    np.testing.assert_array_equal(ours_p.grad.numpy(), theirs_p.grad.numpy())
    np.testing.assert_allclose(ours_y.grad.numpy(), theirs_y.grad.numpy(), rtol=tol, atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_with_logits_at_1e4(dtype):
    target = np.array([1.0, 0.0, 0.0, 1.0], dtype=dtype)
    logits = [1e4, -1e4, 1e4, -1e4]
    out, grad = forward_backward(lambda x: nn.BCEWithLogitsLoss()(x, target), logits, dtype)
    np.testing.assert_allclose(out, 5e3, rtol=1e-7)
    np.testing.assert_array_equal(
        grad, np.array([0.0, 0.0, 0.25, -0.25], dtype=dtype)
    )  # (sigmoid(x) - y) / 4
    with_weight, _ = forward_backward(
        lambda x: nn.BCEWithLogitsLoss(pos_weight=[3.0])(x, target), logits, dtype
    )
    np.testing.assert_allclose(with_weight, (1e4 + 3e4) / 4, rtol=1e-7)


# ---- sqrt and log at the edges of their domains -----------------------------------------------

EDGES = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 5e-324, 1.0, 4.0])


def same_floats(ours, theirs):
    """Equal values, NaN where NaN, and the same sign on every zero and infinity."""
    np.testing.assert_array_equal(ours, theirs)
    numbers = ~np.isnan(theirs)
    np.testing.assert_array_equal(np.signbit(ours[numbers]), np.signbit(theirs[numbers]))


@pytest.mark.parametrize("name", ["sqrt", "log"])
def test_sqrt_and_log_at_domain_edges_give_pytorchs_values(name):
    torch = pytest.importorskip("torch")
    out, grad = forward_backward(lambda x: getattr(x, name)(), EDGES, np.float64)
    tx = torch.tensor(EDGES, requires_grad=True)
    ty = getattr(tx, name)()
    ty.backward(torch.ones_like(ty))
    same_floats(out, ty.detach().numpy())
    same_floats(grad, tx.grad.numpy())


def test_sqrt_and_log_at_domain_edges_are_ieee_values():
    out, grad = forward_backward(lambda x: x.sqrt(), [0.0, -1.0, 4.0], np.float64)
    same_floats(out, np.array([0.0, np.nan, 2.0]))
    same_floats(grad, np.array([np.inf, np.nan, 0.25]))
    out, grad = forward_backward(lambda x: x.log(), [0.0, -1.0, np.inf], np.float64)
    same_floats(out, np.array([-np.inf, np.nan, np.inf]))
    same_floats(grad, np.array([np.inf, -1.0, 0.0]))


# ---- a whole training step with extreme data stays quiet ------------------------------------


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "elu", "softplus", "gelu", "sigmoid", "tanh"])
def test_training_steps_on_extreme_inputs_raise_no_numpy_warning(activation):
    ag.manual_seed(0)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 4)) * np.array([1e4, 1e-4, 1.0, -1e3])
    model = nn.MLP(4, [8, 8], 3, activation=activation, batchnorm=True, dropout=0.2)
    opt = ag_optimizer(model)
    labels = rng.integers(0, 3, 16)
    for loss_fn, target in [
        (nn.CrossEntropyLoss(label_smoothing=0.1), labels),
        (nn.MSELoss(), np.eye(3)[labels]),
        (nn.HuberLoss(), np.eye(3)[labels]),
        (nn.BCEWithLogitsLoss(), np.eye(3)[labels]),
    ]:
        for _ in range(3):
            opt.zero_grad()
            loss = loss_fn(model(X) * 1e3, target) + 1e-4 * nn.l2_penalty(model)
            loss.backward()
            opt.step()
            assert np.isfinite(loss.item())
    probabilities = nn.Sigmoid()(model(X) * 1e3)
    assert np.isfinite(nn.BCELoss()(probabilities, np.eye(3)[labels]).item())


def ag_optimizer(model):
    import optim

    return optim.Adam(model.parameters(), lr=1e-2)


# ---- detect_anomaly on a model -------------------------------------------------------------


def test_detect_anomaly_names_the_op_and_the_users_line_in_a_model():
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    X = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
    with ag.detect_anomaly():
        prediction = model(X).relu()  # 0 for some rows: log(0) = -inf, d log/dx = inf
        loss = -prediction.log().mean()  # the line to blame
        with pytest.raises(
            FloatingPointError,
            match=r"(?s)backward of 'log' produced inf.*test_numerics\.py.*-prediction\.log\(\)\.mean\(\)",
        ):
            loss.backward()


def test_detect_anomaly_catches_nan_from_the_log_of_a_negative_number():
    """A classic slip: entropy of raw scores instead of probabilities. log(p) is NaN for
    p < 0, and the product rule sends that NaN into p's gradient through the 'mul'."""
    ag.manual_seed(0)
    model = nn.Linear(3, 4)
    X = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
    with ag.detect_anomaly():
        p = model(X)  # forgot the softmax: some entries are negative
        entropy = -(p * p.log()).sum(axis=1).mean()
        with pytest.raises(
            FloatingPointError,
            match=r"(?s)backward of 'mul' produced nan.*test_numerics\.py.*entropy = -\(p \* p\.log\(\)\)",
        ):
            entropy.backward()
    p = model(X)  # without detect_anomaly: NaN gradients, no error
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy may warn about the NaN log here
        (-(p * p.log()).sum(axis=1).mean()).backward()
    assert np.isnan(model.weight.grad).any()


# ---- warnings, not prints -------------------------------------------------------------------


def test_library_code_never_prints():
    """Messages to the user are exceptions or warnings.warn; only fit's progress line and
    explain_backward (whose job is to print the backward pass as text) print."""
    printing = []
    for path in (
        sorted((ROOT / "autograd").rglob("*.py"))
        + sorted((ROOT / "nn").rglob("*.py"))
        + sorted((ROOT / "optim").rglob("*.py"))
    ):
        if path.relative_to(ROOT).as_posix() in ("nn/training.py", "autograd/explain.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                printing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert printing == []


# ---- the ends of the float range -----------------------------------------------------------

# input -> (value, gradient of sum(value)); the same as PyTorch's, no numpy warning on the way
FLOAT_RANGE_ENDS = {
    "softmax of [-1e308, 1e308]": (lambda x: x.softmax(), [-1e308, 1e308], [0.0, 1.0], [0.0, 0.0]),
    "log_softmax of [-1e308, 1e308]": (
        lambda x: x.log_softmax(),
        [-1e308, 1e308],
        [-np.inf, 0.0],
        [1.0, -1.0],
    ),
    "logsumexp of [-1e308, 1e308]": (lambda x: x.logsumexp(), [-1e308, 1e308], 1e308, [0.0, 1.0]),
    "max of [nan, 1]": (lambda x: x.max(), [np.nan, 1.0], np.nan, [1.0, 0.0]),
    "min of [nan, 1]": (lambda x: x.min(), [np.nan, 1.0], np.nan, [1.0, 0.0]),
    "max of [nan, nan, 1]": (lambda x: x.max(), [np.nan, np.nan, 1.0], np.nan, [0.5, 0.5, 0.0]),
}


@pytest.mark.parametrize("case", sorted(FLOAT_RANGE_ENDS))
def test_softmax_family_and_max_at_the_ends_of_the_float_range_are_exact_and_quiet(case):
    """Spreads wider than the float range, and NaN maxima (the NaN takes the gradient, as in
    PyTorch), give well-defined results without a numpy warning from inside the op."""
    f, x, value, gradient = FLOAT_RANGE_ENDS[case]
    out, grad = forward_backward(f, x, np.float64)
    np.testing.assert_array_equal(out, value)
    np.testing.assert_array_equal(grad, gradient)


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_softmax_at_1e4_is_exactly_pytorchs(dtype):
    """log_softmax is (x - max) - log sum exp(x - max), as in PyTorch: bit for bit its value."""
    torch = pytest.importorskip("torch")
    logits = np.array(LOGITS, dtype=dtype)
    ours = Tensor(logits).log_softmax(axis=1).numpy()
    theirs = torch.log_softmax(torch.from_numpy(logits), 1).numpy()
    np.testing.assert_array_equal(ours, theirs)


# ---- extreme options and infinite logits: PyTorch's values, computed quietly -------------------


@pytest.mark.parametrize("beta", [1e308, -1e308])
def test_softplus_with_a_huge_finite_beta_is_quiet(beta):
    x = [-5.0, 0.0, 3.0]
    out, grad = forward_backward(lambda t: t.softplus(beta), x, np.float64)
    limit = np.maximum(x, 0) if beta > 0 else np.minimum(x, 0)  # softplus -> relu as beta -> inf
    np.testing.assert_allclose(out, limit, rtol=0, atol=1e-300)


# infinite logits: PyTorch's values (NaN, or -inf for logsumexp of all -inf), computed quietly
INFINITE_LOGITS = {
    "softmax of [inf, inf]": (lambda x: x.softmax(), [np.inf, np.inf], [np.nan, np.nan]),
    "log_softmax of [inf, inf]": (lambda x: x.log_softmax(), [np.inf, np.inf], [np.nan, np.nan]),
    "softmax of [inf, 1, 0]": (lambda x: x.softmax(), [np.inf, 1.0, 0.0], [np.nan, np.nan, np.nan]),
    "log_softmax of [inf, 1, 0]": (lambda x: x.log_softmax(), [np.inf, 1.0, 0.0], [np.nan] * 3),
    "softmax of rows [inf, 0], [1, 0]": (
        lambda x: x.softmax(),
        [[np.inf, 0.0], [0.0, 0.0]],
        [[np.nan, np.nan], [0.5, 0.5]],
    ),
    "softmax of [-inf, -inf]": (lambda x: x.softmax(), [-np.inf, -np.inf], [np.nan, np.nan]),
    "log_softmax of [-inf, -inf]": (lambda x: x.log_softmax(), [-np.inf, -np.inf], [np.nan, np.nan]),
    "logsumexp of [-inf, -inf]": (lambda x: x.logsumexp(), [-np.inf, -np.inf], -np.inf),
    "cross_entropy of [[inf, inf]]": (lambda x: nn.CrossEntropyLoss()(x, [0]), [[np.inf, np.inf]], np.nan),
}


@pytest.mark.parametrize("case", sorted(INFINITE_LOGITS))
def test_softmax_family_of_infinite_logits_is_quiet(case):
    f, x, value = INFINITE_LOGITS[case]
    out, _ = forward_backward(f, x, np.float64)
    np.testing.assert_array_equal(out, value)


# ---- a known limitation: overflow to inf (or NaN) in + - * @ sum warns ---------------------------

OVERFLOWS = {
    # IEEE overflow to inf, as exp(1000) = inf, which autograd computes without a warning. Quieting
    # numpy here would cost ~1.3 us per op on the hot path, so these keep numpy's RuntimeWarning,
    # and so do ops built on them (mean, a leaky_relu slope so large the product overflows).
    "mul": lambda: Tensor([1e308], requires_grad=True) * 10.0,
    "add": lambda: Tensor([1e308], requires_grad=True) + 1e308,
    "sub": lambda: Tensor([1e308], requires_grad=True) - -1e308,
    "matmul": lambda: Tensor(np.full((2, 2), 1e308), requires_grad=True) @ np.full((2, 2), 1e308),
    "sum": lambda: Tensor([1e308, 1e308], requires_grad=True).sum(),
    "mean": lambda: Tensor([1e308, 1e308], requires_grad=True).mean(),
    "leaky_relu": lambda: Tensor([-5.0], requires_grad=True).leaky_relu(1e308),
    # invalid operations: NaN, with numpy's "invalid value" warning
    "0 * inf": lambda: Tensor([0.0], requires_grad=True) * np.inf,
    "inf - inf": lambda: Tensor([np.inf], requires_grad=True) - np.inf,
}


@pytest.mark.xfail(
    strict=True,
    raises=RuntimeWarning,
    reason="by design (docs/errors.md, Known limitations): overflow to inf (and NaN from 0 * inf) "
    "in + - * @ sum keeps numpy's RuntimeWarning; exp, log, sqrt, /, ** and every backward "
    "pass are quiet",
)
@pytest.mark.parametrize("case", sorted(OVERFLOWS))
def test_overflow_to_inf_is_quiet_like_exp(case):
    out = OVERFLOWS[case]()
    out.backward(np.ones(out.shape))
    assert not np.isfinite(out.numpy()).any()
