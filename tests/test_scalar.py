"""autograd.Scalar, the one-number engine, checked against the 0-d float64 Tensor.

The Tensor engine is the reference: its ops are gradchecked elsewhere
(tests/test_ops_gradcheck.py), so a Scalar result is right when it equals
what a 0-d float64 Tensor computes from the same numbers. On top of that
every Scalar op is checked against finite differences with the project's
own ``gradcheck`` and ``gradgradcheck`` (float64, default tolerances).

Tolerances, and why:
- exact (rtol=0): + - * / neg relu and their derivatives. Both engines do the
  same IEEE operations in the same order, each correctly rounded.
- rtol=1e-15 (about 4.5 units in the last place): exp, log, tanh, sigmoid and
  ** . Scalar calls Python's math module, Tensor calls numpy, and the two
  libraries' implementations may round differently by an ulp or two (up to
  4e-16 relative measured over 20,000 points).
- atol=1e-15 on top for the derivatives of tanh and sigmoid: 1 - t^2 and
  s (1 - s) are computed from the output, and an ulp (<= 1.1e-16 below 1) of
  difference in t or s moves them by at most 2 ulps * |d/dt (1 - t^2)| <= 2,
  a few times 1e-16 absolute (not relative: they cancel where t is near 1).
"""

import contextlib
import gc
import math
import warnings

import numpy as np
import pytest

import autograd
from autograd import Scalar, Tensor, gradcheck, gradgradcheck, tensor
from autograd import scalar as scalar_module
from autograd.gradcheck import GradcheckError
from autograd.scalar import grad as scalar_grad
from benchmarks import micrograd_demo

EXACT = dict(rtol=0, atol=0)
LIBM = dict(rtol=1e-15, atol=0)  # math vs numpy: an ulp or two apart
LIBM_FROM_OUTPUT = dict(rtol=1e-15, atol=1e-15)  # 1 - t^2, s (1 - s): see the module docstring


# ---- the ops, each with how closely Scalar must follow Tensor -----------------------------

UNARY = {  # name: (function, tolerance of the value, tolerance of the derivative)
    "neg": (lambda x: -x, EXACT, EXACT),
    "relu": (lambda x: x.relu(), EXACT, EXACT),
    "tanh": (lambda x: x.tanh(), LIBM, LIBM_FROM_OUTPUT),
    "sigmoid": (lambda x: x.sigmoid(), LIBM, LIBM_FROM_OUTPUT),
    "exp": (lambda x: x.exp(), LIBM, LIBM),  # d e^x = e^x, the value itself
    "log": (lambda x: x.log(), LIBM, EXACT),  # d log x = 1/x, one division
}

BINARY = {
    "add": (lambda a, b: a + b, EXACT, EXACT),
    "sub": (lambda a, b: a - b, EXACT, EXACT),
    "mul": (lambda a, b: a * b, EXACT, EXACT),
    "div": (lambda a, b: a / b, EXACT, EXACT),
    "pow": (lambda a, b: a**b, LIBM, LIBM),  # b a^(b-1) and a^b log a: pow and log of libm
}

# negative, zero-ish, ordinary and large points (large enough that some results overflow)
UNARY_POINTS = [-1000.0, -20.0, -3.7, -0.5, -1e-9, 1e-12, 0.3, 2.5, 20.0, 700.0, 1000.0]
BINARY_POINTS = [-3.7, -0.5, -1e-9, 1e-12, 0.3, 2.5, 1e6, 1e200]


@contextlib.contextmanager
def warnings_as(action):
    with warnings.catch_warnings():
        warnings.simplefilter(action)
        yield


def strictly(make_leaf):
    """Scalars must compute without any warning (every warning is an error); Tensor, the
    reference, may warn (its * and + do on overflow), which is not what is tested here."""
    return warnings_as("error" if make_leaf is leaf else "ignore")


def leaf(value):
    return Scalar(value, requires_grad=True)


def tensor_leaf(value):
    return tensor(value, requires_grad=True)  # a Python float: a 0-d float64 Tensor


def value_and_grads(fn, make_leaf, values, constants=()):
    """fn's value and d fn / d (each leaf), for Scalars or 0-d Tensors.

    ``constants`` lists the positions of ``values`` passed as plain numbers."""
    args = [v if i in constants else make_leaf(v) for i, v in enumerate(values)]
    with strictly(make_leaf):
        out = fn(*args)
        out.backward()
    grads = [float(a.grad) for i, a in enumerate(args) if i not in constants]
    return float(out.data), grads


def assert_same(got, expected, tolerance, what):
    np.testing.assert_allclose(got, expected, **tolerance, err_msg=what)


# ---- every op, value and first derivative, against Tensor ---------------------------------


def test_all_ops_are_covered():
    """The tables above name every op Scalar has (a new op must be added to them)."""
    ops = {
        name[1 : -len("_derivative")]
        for name in dir(scalar_module)
        if name.startswith("_") and name.endswith("_derivative")
    }
    assert ops == set(UNARY) | set(BINARY)


@pytest.mark.parametrize("name", UNARY)
def test_unary_op_matches_tensor(name):
    fn, value_tol, grad_tol = UNARY[name]
    for x in UNARY_POINTS:
        got_value, got_grads = value_and_grads(fn, leaf, [x])
        want_value, want_grads = value_and_grads(fn, tensor_leaf, [x])
        assert_same(got_value, want_value, value_tol, f"{name}({x})")
        assert_same(got_grads, want_grads, grad_tol, f"d {name}({x})")


@pytest.mark.parametrize("form", ["scalar-scalar", "scalar-number", "number-scalar"])
@pytest.mark.parametrize("name", BINARY)
def test_binary_op_matches_tensor(name, form):
    """Scalar op Scalar, Scalar op number and number op Scalar (the reflected methods)."""
    fn, value_tol, grad_tol = BINARY[name]
    constants = {"scalar-scalar": (), "scalar-number": (1,), "number-scalar": (0,)}[form]
    for a in BINARY_POINTS:
        for b in BINARY_POINTS:
            got_value, got_grads = value_and_grads(fn, leaf, [a, b], constants)
            want_value, want_grads = value_and_grads(fn, tensor_leaf, [a, b], constants)
            assert_same(got_value, want_value, value_tol, f"{a} {name} {b}")
            assert_same(got_grads, want_grads, grad_tol, f"d({a} {name} {b})")


@pytest.mark.parametrize("number", [3, 3.0, np.float64(3.0), np.float32(3.0), True])
@pytest.mark.parametrize("name", BINARY)
def test_any_real_number_is_a_constant_on_either_side(name, number):
    """int, float, numpy scalars and bool act as the float they equal, on either side
    (numpy scalars on the left defer to Scalar: the result is a Scalar, not a numpy number)."""
    fn = BINARY[name][0]
    x = leaf(1.7)
    for out, as_float in ((fn(x, number), fn(x, float(number))), (fn(number, x), fn(float(number), x))):
        assert type(out) is Scalar
        assert out.data == as_float.data
        (constant,) = [node for node in out.inputs if node is not x]
        assert not constant.requires_grad and constant.data == float(number)
        (g,) = scalar_grad(out, x)
        (g_float,) = scalar_grad(as_float, x)
        assert g == g_float


# ---- gradcheck and gradgradcheck on every op ----------------------------------------------

GRADCHECK_CASES = {  # name: (function, points) -- points away from kinks and domain edges
    "add": (lambda a, b: a + b, [1.3, -0.7]),
    "add_number": (lambda a: a + 2.5, [-0.4]),
    "radd_number": (lambda a: 2.5 + a, [-0.4]),
    "sub": (lambda a, b: a - b, [1.3, -0.7]),
    "sub_number": (lambda a: a - 2.5, [-0.4]),
    "rsub_number": (lambda a: 2.5 - a, [-0.4]),
    "mul": (lambda a, b: a * b, [1.3, -0.7]),
    "mul_number": (lambda a: a * 2.5, [-0.4]),
    "rmul_number": (lambda a: 2.5 * a, [-0.4]),
    "square": (lambda a: a * a, [-0.9]),
    "div": (lambda a, b: a / b, [1.3, -0.7]),
    "div_number": (lambda a: a / 2.5, [-0.4]),
    "rdiv_number": (lambda a: 2.5 / a, [-0.4]),
    "pow": (lambda a, b: a**b, [1.3, -0.7]),
    "pow_number": (lambda a: a**2.5, [0.8]),
    "pow_integer_of_negative": (lambda a: a**3, [-1.3]),
    "rpow_number": (lambda a: 2.5**a, [-0.4]),
    "neg": (lambda a: -a, [0.6]),
    "relu_positive": (lambda a: a.relu(), [0.7]),
    "relu_negative": (lambda a: a.relu(), [-0.7]),
    "tanh": (lambda a: a.tanh(), [-0.4]),
    "tanh_far": (lambda a: a.tanh(), [1.7]),
    "sigmoid": (lambda a: a.sigmoid(), [-2.3]),
    "sigmoid_positive": (lambda a: a.sigmoid(), [0.8]),
    "exp": (lambda a: a.exp(), [-1.1]),
    "exp_positive": (lambda a: a.exp(), [2.2]),
    "log": (lambda a: a.log(), [0.3]),
    "log_large": (lambda a: a.log(), [4.0]),
}


def two_inputs(x, y):
    """A composite of two Scalars using every op."""
    return (
        (x * y + x.tanh()).sigmoid() * (x / y).exp()
        - (y**2.0 + 1).log()
        + (x - 2 * y).relu()
        + (-x) ** 3
        - 0.5**y
    )


def three_inputs(x, y, z):
    """A composite of three Scalars; x is used several times, through different paths."""
    h = x * y - z
    return (
        h.tanh() * x + (z * z + 1.0).log() / y + (x**y) * h.sigmoid() - (x - z).exp() + (h + 3.0).relu() * z
    )


COMPOSITES = {"two_inputs": (two_inputs, [0.7, -1.3]), "three_inputs": (three_inputs, [1.2, 0.8, -0.6])}


@pytest.mark.parametrize("name", list(GRADCHECK_CASES) + list(COMPOSITES))
def test_gradcheck_and_gradgradcheck(rng, name):
    fn, points = {**GRADCHECK_CASES, **COMPOSITES}[name]
    inputs = tuple(leaf(p) for p in points)
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_gradcheck_and_gradgradcheck_of_several_outputs(rng):
    """Outputs that share inputs, an output that is an input, and a constant output."""

    def fn(a, b):
        return a * b, a.exp() / b, b, Scalar(2.0)

    inputs = (leaf(0.3), leaf(-1.2))
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_gradcheck_catches_a_wrong_scalar_derivative(rng, monkeypatch):
    """The checks have teeth on Scalars: a derivative that is wrong by 10% fails gradcheck."""

    def _tanh_derivative(g, a, out):
        return g * (1 - out * out) * 1.1

    monkeypatch.setattr(scalar_module, "_tanh_derivative", _tanh_derivative)
    with pytest.raises(GradcheckError, match="input 0"):
        gradcheck(lambda x: x.tanh(), (leaf(0.4),))


def test_gradgradcheck_catches_a_derivative_that_cannot_be_differentiated(rng, monkeypatch):
    """A derivative with the right value but computed from plain floats (so its own
    derivative is lost) passes gradcheck and fails gradgradcheck."""

    def _tanh_derivative(g, a, out):
        t = float(out)
        return g * (1 - t * t)

    monkeypatch.setattr(scalar_module, "_tanh_derivative", _tanh_derivative)
    assert gradcheck(lambda x: x.tanh(), (leaf(0.4),))
    with pytest.raises(GradcheckError):
        gradgradcheck(lambda x: x.tanh(), (leaf(0.4),))


@pytest.mark.parametrize("name", COMPOSITES)
def test_composite_value_and_gradient_match_tensor(name):
    """Dozens of roundings: the value and the gradient stay within 1e-14 relative of Tensor's."""
    fn, points = COMPOSITES[name]
    got_value, got_grads = value_and_grads(fn, leaf, points)
    want_value, want_grads = value_and_grads(fn, tensor_leaf, points)
    np.testing.assert_allclose(got_value, want_value, rtol=1e-14)
    np.testing.assert_allclose(got_grads, want_grads, rtol=1e-14)


# ---- second derivatives ------------------------------------------------------------------


def tensor_hessian(fn, points):
    """Tensor's second derivatives, by autograd.grad(create_graph=True) then autograd.grad."""
    xs = [tensor_leaf(p) for p in points]
    rows = []
    with strictly(tensor_leaf):
        firsts = autograd.grad(fn(*xs), xs, create_graph=True)
        for g in firsts:
            if not g.requires_grad:  # a derivative that does not depend on any input
                rows.append([0.0] * len(xs))
                continue
            seconds = autograd.grad(g, xs, retain_graph=True, allow_unused=True)  # rows share it
            rows.append([0.0 if s is None else float(s) for s in seconds])
    return [float(g) for g in firsts], rows


@strictly(leaf)
def scalar_hessian_by_grad(fn, points):
    xs = [leaf(p) for p in points]
    firsts = scalar_grad(fn(*xs), xs, create_graph=True)
    rows = []
    for g in firsts:
        assert type(g) is Scalar  # under create_graph the gradients are Scalars with a graph
        if not g.requires_grad:
            rows.append([0.0] * len(xs))
            continue
        seconds = scalar_grad(g, xs, allow_unused=True)
        rows.append([0.0 if s is None else s for s in seconds])
    assert all(x.grad is None for x in xs)  # grad() never writes .grad
    return [g.data for g in firsts], rows


@strictly(leaf)
def scalar_hessian_by_backward(fn, points):
    """backward(create_graph=True) leaves Scalars in .grad; backward from each one
    (after clearing the leaves' .grad) gives a row of second derivatives."""
    xs = [leaf(p) for p in points]
    fn(*xs).backward(create_graph=True)
    firsts = [x.grad for x in xs]
    rows = []
    for g in firsts:
        for x in xs:
            x.grad = None
        if not g.requires_grad:
            rows.append([0.0] * len(xs))
            continue
        g.backward()
        rows.append([0.0 if x.grad is None else x.grad for x in xs])
    return [g.data for g in firsts], rows


SECOND_DERIVATIVE_CASES = {
    **{name: (fn, [0.9]) for name, (fn, _, _) in UNARY.items()},
    **{f"{name}_negative": (fn, [-1.6]) for name, (fn, _, _) in UNARY.items() if name != "log"},
    **{name: (fn, [1.4, -0.6]) for name, (fn, _, _) in BINARY.items()},
    "rpow_number": (lambda b: 3.0**b, [0.7]),
    "rdiv_number": (lambda b: 3.0 / b, [0.7]),
    **COMPOSITES,
}


@pytest.mark.parametrize(
    "how", [scalar_hessian_by_grad, scalar_hessian_by_backward], ids=["grad", "backward"]
)
@pytest.mark.parametrize("name", SECOND_DERIVATIVE_CASES)
def test_second_derivatives_match_tensor(name, how):
    """Second derivatives go through a dozen roundings, in a different order in each engine:
    within 1e-14 relative (2e-15 seen), and 1e-15 absolute where a second derivative is zero."""
    fn, points = SECOND_DERIVATIVE_CASES[name]
    got_firsts, got_rows = how(fn, points)
    want_firsts, want_rows = tensor_hessian(fn, points)
    np.testing.assert_allclose(got_firsts, want_firsts, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(got_rows, want_rows, rtol=1e-14, atol=1e-15)


def test_backward_from_grad_accumulates_into_grad_as_in_pytorch():
    """y.backward(create_graph=True) then x.grad.backward() without clearing: x.grad becomes
    dy/dx + d2y/dx2 (PyTorch's semantics: the second backward adds into .grad)."""
    x = leaf(0.5)
    y = x * x * x + x.tanh()
    y.backward(create_graph=True)
    first = x.grad
    assert first.requires_grad
    x.grad.backward()
    (want_first,), rows = tensor_hessian(lambda x: x * x * x + x.tanh(), [0.5])
    np.testing.assert_allclose(first.data, want_first, rtol=1e-15)
    np.testing.assert_allclose(x.grad.data, want_first + rows[0][0], rtol=1e-14)


def test_third_derivative():
    """d3/dx3 of x^4 e^x sigmoid(x): derivatives of derivatives of derivatives stay Scalars
    with graphs, and agree with Tensor's."""

    def third(make_leaf, grad):
        x = make_leaf(0.7)
        with strictly(make_leaf):
            (d1,) = grad((x**4) * x.exp() * x.sigmoid(), x, create_graph=True)
            (d2,) = grad(d1, x, create_graph=True)
            (d3,) = grad(d2, x)
        return float(d3)

    np.testing.assert_allclose(third(leaf, scalar_grad), third(tensor_leaf, autograd.grad), rtol=1e-14)


# ---- IEEE edge values ----------------------------------------------------------------------

EDGES = {  # name: (function, point)
    "1/0": (lambda a, b: a / b, [1.0, 0.0]),
    "-1/0": (lambda a, b: a / b, [-1.0, 0.0]),
    "1/-0": (lambda a, b: a / b, [1.0, -0.0]),
    "0/0": (lambda a, b: a / b, [0.0, 0.0]),
    "log 0": (lambda a: a.log(), [0.0]),
    "log -0": (lambda a: a.log(), [-0.0]),
    "log -1": (lambda a: a.log(), [-1.0]),
    "log inf": (lambda a: a.log(), [math.inf]),
    "exp 1000": (lambda a: a.exp(), [1000.0]),
    "exp -1000": (lambda a: a.exp(), [-1000.0]),
    "exp nan": (lambda a: a.exp(), [math.nan]),
    "(-8)**(1/3)": (lambda a, b: a**b, [-8.0, 1 / 3]),
    "0**-1": (lambda a, b: a**b, [0.0, -1.0]),
    "-0**-1": (lambda a, b: a**b, [-0.0, -1.0]),
    "0**0": (lambda a, b: a**b, [0.0, 0.0]),
    "0**0.5": (lambda a, b: a**b, [0.0, 0.5]),
    "10**400": (lambda a, b: a**b, [10.0, 400.0]),
    "(-10)**401": (lambda a, b: a**b, [-10.0, 401.0]),
    "1e308*10": (lambda a, b: a * b, [1e308, 10.0]),
    "inf-inf": (lambda a, b: a - b, [math.inf, math.inf]),
    "relu(nan)": (lambda a: a.relu(), [math.nan]),
    "relu(-0)": (lambda a: a.relu(), [-0.0]),
    "tanh(-inf)": (lambda a: a.tanh(), [-math.inf]),
    "sigmoid(-1000)": (lambda a: a.sigmoid(), [-1000.0]),
    "sigmoid(1000)": (lambda a: a.sigmoid(), [1000.0]),
    "sigmoid(nan)": (lambda a: a.sigmoid(), [math.nan]),
}


@pytest.mark.parametrize("name", EDGES)
def test_ieee_edge_values_and_derivatives_are_tensors(name):
    """Values (sign of zero and infinity included), first and second derivatives equal
    Tensor's, nan where Tensor's is nan; no exception, no warning."""
    fn, points = EDGES[name]
    got_value, got_grads = value_and_grads(fn, leaf, points)
    want_value, want_grads = value_and_grads(fn, tensor_leaf, points)
    np.testing.assert_array_equal(got_value, want_value)
    assert math.copysign(1, got_value) == math.copysign(1, want_value) or math.isnan(want_value)
    np.testing.assert_array_equal(got_grads, want_grads)
    got_firsts, got_rows = scalar_hessian_by_grad(fn, points)
    want_firsts, want_rows = tensor_hessian(fn, points)
    np.testing.assert_array_equal(got_firsts, want_firsts)
    np.testing.assert_array_equal(got_rows, want_rows)


@pytest.mark.parametrize("name", EDGES)
def test_ieee_values_do_not_depend_on_numpy_error_settings(name):
    """Under np.errstate(all='raise') (a user's setting) Scalar still answers as above."""
    fn, points = EDGES[name]
    want_value, want_grads = value_and_grads(fn, tensor_leaf, points)
    with np.errstate(all="raise"):
        got_value, got_grads = value_and_grads(fn, leaf, points)
    np.testing.assert_array_equal(got_value, want_value)
    np.testing.assert_array_equal(got_grads, want_grads)


# ---- accumulation ---------------------------------------------------------------------------


def test_a_value_used_twice_gets_both_contributions():
    x = leaf(1.5)
    (x * x).backward()
    assert x.grad == 2 * 1.5
    z = leaf(1.5)
    (z + z + z).backward()
    assert z.grad == 3.0
    w = leaf(0.3)
    (w.tanh() * w.exp() + w).backward()  # through three paths
    t = tensor_leaf(0.3)
    (t.tanh() * t.exp() + t).backward()
    np.testing.assert_allclose(w.grad, float(t.grad), rtol=1e-15)


def test_leaf_grad_accumulates_over_backward_calls():
    grads = {}
    for make_leaf in (leaf, tensor_leaf):
        x, y = make_leaf(0.8), make_leaf(-1.1)
        (x * y).backward()
        (x.tanh() + y).backward()
        (x * 3.0).backward(gradient=2.0)
        grads[make_leaf] = [float(x.grad), float(y.grad)]
    np.testing.assert_allclose(grads[leaf], grads[tensor_leaf], rtol=1e-15)


def test_intermediate_grad_is_the_derivative_of_the_root_with_respect_to_it():
    def fn(x, y):
        h = x * y
        k = h.sigmoid() + h
        return (k * x).log(), (h, k)

    x, y = leaf(0.8), leaf(1.3)
    root, (h, k) = fn(x, y)
    root.backward()
    xt, yt = tensor_leaf(0.8), tensor_leaf(1.3)
    root_t, (ht, kt) = fn(xt, yt)
    dh, dk = autograd.grad(root_t, [ht, kt])
    assert root.grad == 1.0
    np.testing.assert_allclose([h.grad, k.grad], [float(dh), float(dk)], rtol=1e-15)


def test_backward_twice_same_intermediate_grads_doubled_leaf_grads():
    x, y = leaf(0.8), leaf(1.3)
    h = x * y
    root = h.tanh() * x
    root.backward()
    first = {"h": h.grad, "root": root.grad, "x": x.grad, "y": y.grad}
    root.backward()
    assert (h.grad, root.grad) == (first["h"], first["root"])
    assert (x.grad, y.grad) == (2 * first["x"], 2 * first["y"])


def test_backward_gradient_scales_everything():
    x = leaf(0.8)
    y = x.exp() * x
    y.backward(gradient=-2.5)
    assert y.grad == -2.5
    xt = tensor_leaf(0.8)
    (xt.exp() * xt).backward(gradient=-2.5)
    np.testing.assert_allclose(x.grad, float(xt.grad), rtol=1e-15)
    z = leaf(0.8)
    (z.exp() * z).backward(gradient=Scalar(-2.5))  # a Scalar gradient is its value
    assert z.grad == x.grad


def graph_grads(root):
    """Every Scalar of root's graph and its .grad (walked through .inputs)."""
    seen, stack = {id(root): root}, [root]
    while stack:
        for parent in stack.pop().inputs:
            if id(parent) not in seen:
                seen[id(parent)] = parent
                stack.append(parent)
    return [(node, node.grad) for node in seen.values()]


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_leaves_every_grad_untouched(create_graph):
    x, y = leaf(0.8), leaf(1.3)
    root = (x * y).tanh() * x + y.exp()
    fresh = graph_grads(root)
    assert all(g is None for _, g in fresh)
    scalar_grad(root, [x, y], create_graph=create_graph)
    assert all(node.grad is None for node, _ in fresh)
    root.backward()  # now every node has a .grad
    by_backward = [x.grad, y.grad]
    x.grad, y.grad = 10.0, -20.0  # leaves holding something of their own
    before = graph_grads(root)
    got = scalar_grad(root, [x, y], create_graph=create_graph)
    assert all(node.grad is g for node, g in before)
    assert [float(g) for g in got] == by_backward  # the same arithmetic as backward's


def test_autograd_grad_given_scalars_is_scalar_grad():
    x, y = leaf(0.8), leaf(1.3)
    root = (x * y).sigmoid() / x
    assert autograd.grad(root, [x, y]) == scalar_grad(root, [x, y])
    assert all(type(g) is float for g in scalar_grad(root, [x, y]))


def test_grad_with_respect_to_an_intermediate():
    x = leaf(0.8)
    h = x * x
    root = h.tanh() + h
    (dh,) = scalar_grad(root, h)
    xt = tensor_leaf(0.8)
    ht = xt * xt
    (want,) = autograd.grad(ht.tanh() + ht, ht)
    np.testing.assert_allclose(dh, float(want), rtol=1e-15)
    assert h.grad is None and x.grad is None


def test_grad_allow_unused():
    x, unused = leaf(0.8), leaf(1.3)
    root = x.exp()
    dx, dunused = scalar_grad(root, [x, unused], allow_unused=True)
    assert dx == math.exp(0.8) and dunused is None
    dx, dunused = scalar_grad(root, [x, unused], allow_unused=True, create_graph=True)
    assert dx.data == math.exp(0.8) and dunused is None


def test_grad_of_several_outputs_weighted_by_grad_outputs():
    def fn(x, y):
        return [x * y, x.tanh() - y * y, (x + y).exp()]

    weights = [2.0, -3.0, 0.5]
    x, y = leaf(0.8), leaf(-0.4)
    got = scalar_grad(fn(x, y), [x, y], grad_outputs=weights)
    xt, yt = tensor_leaf(0.8), tensor_leaf(-0.4)
    want = autograd.grad(fn(xt, yt), [xt, yt], grad_outputs=[np.array(w) for w in weights])
    np.testing.assert_allclose(got, [float(w) for w in want], rtol=1e-15)
    weighted = scalar_grad(fn(x, y), [x, y], grad_outputs=[Scalar(w) for w in weights])
    assert weighted == got


def test_grad_of_the_same_output_listed_twice_counts_it_twice():
    """grad([y, y], x) is 2 dy/dx, as for Tensors (each listed output contributes once)."""
    x = leaf(0.5)
    y = x.tanh() * x
    (once,) = scalar_grad(y, x)
    (twice,) = scalar_grad([y, y], x)
    xt = tensor_leaf(0.5)
    yt = xt.tanh() * xt
    (want,) = autograd.grad([yt, yt], xt)
    np.testing.assert_allclose(twice, float(want), rtol=1e-15)
    assert twice == 2 * once
    (twice_graph,) = scalar_grad([y, y], x, create_graph=True)
    assert twice_graph.data == 2 * once


def test_grad_of_a_leaf_with_respect_to_itself():
    x = leaf(0.5)
    assert scalar_grad(x, x) == (1.0,)
    assert scalar_grad(x, x, grad_outputs=3.0) == (3.0,)
    x.backward()
    assert x.grad == 1.0


# ---- no_grad, constants, detach and the small API ------------------------------------------


def test_no_grad_results_record_nothing():
    x = leaf(0.8)
    with autograd.no_grad():
        y = (x * 2.0 + x.tanh()).exp() ** x
    assert not y.requires_grad and y.inputs == () and y.op is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.backward()
    z = y * x  # recording is back on outside the block
    assert z.requires_grad and z.op == "mul" and z.inputs == (y, x)
    z.backward()
    assert x.grad == y.data and y.grad is None
    with autograd.no_grad():
        with autograd.enable_grad():
            w = x * x
    assert w.requires_grad and w.inputs == (x, x)


def test_constants_and_plain_scalars_get_no_grad():
    x, c = leaf(0.8), Scalar(3.0)
    y = x * c + 2.0 - 5.0 / x
    y.backward()
    nodes = [node for node, _ in graph_grads(y)]
    constants = [node for node in nodes if not node.requires_grad]
    assert {node.data for node in constants} == {3.0, 2.0, 5.0}
    assert all(node.grad is None and node.inputs == () for node in constants)
    assert c.grad is None
    assert (c * 2.0).requires_grad is False
    xt = tensor_leaf(0.8)
    (xt * tensor(3.0) + 2.0 - 5.0 / xt).backward()
    assert x.grad == float(xt.grad)  # two terms added: the same sum in either order


def test_detach():
    x = leaf(0.8)
    y = x.tanh()
    d = y.detach()
    assert type(d) is Scalar and d.data == y.data
    assert not d.requires_grad and d.inputs == () and d.op is None and d.grad is None
    (d * x).backward()
    assert x.grad == y.data and y.grad is None  # the backward did not go through y


def test_item_float_and_data_are_python_floats():
    for value in [3, 2.5, np.float32(0.1), np.float64(-1.5), np.array(2.5), True, -0.0]:
        s = Scalar(value)
        assert type(s.data) is float and type(s.item()) is float and type(float(s)) is float
        assert s.data == s.item() == float(s) == float(value)
    assert math.copysign(1, Scalar(-0.0).data) == -1
    assert (leaf(2.0) * 3).item() == 6.0


def test_op_names_and_inputs():
    x, y = leaf(0.8), leaf(1.3)
    cases = {"add": x + y, "sub": x - y, "mul": x * y, "div": x / y, "pow": x**y}
    for name, out in cases.items():
        assert out.op == name and out.inputs == (x, y)
    for name, (fn, _, _) in UNARY.items():
        out = fn(x)
        assert out.op == name and out.inputs == (x,)
    assert x.op is None and x.inputs == ()
    reflected = 2.0 - x  # number - Scalar: the number is the first input
    assert reflected.op == "sub" and reflected.inputs[1] is x
    assert reflected.inputs[0].data == 2.0 and not reflected.inputs[0].requires_grad
    assert (2.0 / x).op == "div" and (2.0**x).op == "pow" and (2.0 + x).op == "add"


def test_repr_shows_value_op_and_grad():
    x = leaf(2.0)
    assert repr(x) == "Scalar(2.0)"
    y = x * 3.0
    assert repr(y) == "Scalar(6.0, op='mul')"
    y.backward()
    assert repr(x) == "Scalar(2.0, grad=3.0)"
    assert repr(y) == "Scalar(6.0, op='mul', grad=1.0)"
    assert repr(Scalar(math.nan)) == "Scalar(nan)"


def test_describes_itself_as_a_0d_float64():
    x = leaf(1.0)
    assert x.shape == () and x.size == 1 and x.dtype == np.float64
    assert bool(Scalar(0.0)) is False and bool(Scalar(-2.0)) is True


# ---- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("data", ["a", None, 1 + 2j, [1.0], np.ones(2), np.array([1.0]), tensor(1.0)])
def test_scalar_of_something_not_a_real_number(data):
    with pytest.raises(TypeError, match="one real number") as error:
        Scalar(data)
    if not isinstance(data, (str, type(None), complex)):
        assert "Tensor" in str(error.value)


def test_scalar_of_an_int_too_large_for_a_float_raises():
    with pytest.raises(ValueError, match="Scalar: an integer of 1329 bits is too large for a float"):
        Scalar(10**400)
    with pytest.raises(ValueError, match="too large for a float"):
        Scalar(1.0) + 10**400
    with pytest.raises(ValueError, match="too large for a float"):
        10**400 * Scalar(1.0)


def test_backward_gradient_none_means_one_as_for_tensors():
    x, xt = leaf(3.0), tensor_leaf(3.0)
    (x * x).backward(None)
    (xt * xt).backward(None)
    assert x.grad == float(xt.grad) == 6.0


@pytest.mark.parametrize("flag", ["yes", None])
def test_requires_grad_must_be_a_bool(flag):
    with pytest.raises(TypeError, match="requires_grad"):
        Scalar(1.0, requires_grad=flag)


@pytest.mark.parametrize("other", ["x", None, [1.0], 1 + 2j])
@pytest.mark.parametrize("name", BINARY)
def test_arithmetic_with_a_non_number_is_a_type_error(name, other):
    fn = BINARY[name][0]
    with pytest.raises(TypeError):
        fn(leaf(1.0), other)
    with pytest.raises(TypeError):
        fn(other, leaf(1.0))


def test_scalars_and_tensors_do_not_mix():
    with pytest.raises(TypeError, match="Scalar"):
        leaf(1.0) + tensor_leaf(1.0)
    with pytest.raises(TypeError, match="Scalar"):
        tensor_leaf(1.0) * leaf(1.0)


def test_backward_on_a_scalar_that_does_not_require_grad():
    with pytest.raises(RuntimeError, match="does not require grad"):
        Scalar(2.0).backward()
    with pytest.raises(RuntimeError, match="does not require grad"):
        (Scalar(2.0) * 3.0).backward()


@pytest.mark.parametrize("gradient", ["x", [1.0], np.ones(2)])
def test_backward_gradient_must_be_a_number(gradient):
    x = leaf(2.0)
    with pytest.raises(TypeError, match="gradient must be a number"):
        (x * x).backward(gradient=gradient)
    assert x.grad is None


def test_grad_errors():
    x, y, plain = leaf(0.8), leaf(1.3), Scalar(2.0)
    out = x * plain
    with pytest.raises(RuntimeError, match="input 1 does not require grad"):
        scalar_grad(out, [x, plain])
    with pytest.raises(ValueError, match="2 grad_outputs for 1 outputs"):
        scalar_grad(out, [x], grad_outputs=[1.0, 2.0])
    with pytest.raises(RuntimeError, match="input 1 was not used.*allow_unused=True"):
        scalar_grad(out, [x, y])
    with pytest.raises(TypeError, match="all Scalars or all Tensors"):
        scalar_grad(out, [tensor_leaf(1.0)])
    with pytest.raises(TypeError, match="all Scalars or all Tensors"):
        scalar_grad([out, 2.0], [x])
    assert x.grad is None and y.grad is None


# ---- memory: no reference cycles, deep graphs -----------------------------------------------


def count_scalars():
    return sum(1 for o in gc.get_objects() if type(o) is Scalar)


@pytest.fixture
def no_collector():
    """The garbage collector off: whatever is freed is freed by reference counting alone."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def test_counting_scalars_sees_a_cycle(no_collector):
    """The method below works: a Scalar kept by a reference cycle stays counted until
    the collector runs (Scalars are tracked by the collector, so gc.get_objects lists them)."""
    assert gc.is_tracked(leaf(1.0))
    before = count_scalars()
    cycle = [leaf(1.0) * 2.0]
    cycle.append(cycle)
    del cycle
    assert count_scalars() == before + 3  # the leaf, the constant 2.0, the product
    gc.collect()
    assert count_scalars() == before


def test_graphs_are_freed_by_reference_counting(no_collector):
    before = count_scalars()
    x, y = leaf(0.8), leaf(1.3)
    root = three_inputs(x, y, leaf(-0.6))
    root.backward()
    root.backward(gradient=2.0)
    firsts = scalar_grad(root, [x, y], create_graph=True)
    seconds = scalar_grad(firsts[0], [x, y])
    with autograd.no_grad():
        loose = (x * y).exp()
    assert count_scalars() > before + 30
    del x, y, root, firsts, seconds, loose
    assert count_scalars() == before


def test_create_graph_backward_frees_its_graph_once_the_leaf_grads_are_cleared(no_collector):
    """backward(create_graph=True) makes x.grad a graph that refers to x: a cycle through the
    leaf, as in PyTorch and Tensor, which ``x.grad = None`` breaks. Nothing else may hold one:
    after that the graph is freed by reference counting alone (as Tensor's is)."""
    before_tensors = sum(1 for o in gc.get_objects() if type(o) is Tensor)
    xt = tensor_leaf(0.5)
    (xt * xt + xt.tanh()).exp().backward(create_graph=True)
    xt.grad = None
    del xt
    assert sum(1 for o in gc.get_objects() if type(o) is Tensor) == before_tensors
    before = count_scalars()
    x = leaf(0.5)
    (x * x + x.tanh()).exp().backward(create_graph=True)
    x.grad = None
    del x
    assert count_scalars() == before


def test_deep_chain_backward_without_recursion_error():
    """100,000 ops in a line: the graph walk is iterative, and freeing the chain (a nest
    100,000 deep) does not overflow the C stack."""
    n, scale = 100_000, 1.000001
    x = leaf(0.5)
    y = x
    for i in range(n):
        y = y * scale if i % 2 else y + 1e-6
    y.backward()
    value, derivative = 0.5, 1.0
    for i in range(n):
        value = value * scale if i % 2 else value + 1e-6
        derivative = derivative * scale if i % 2 else derivative
    assert y.data == value
    assert x.grad == derivative  # the same multiplications in the same order
    (again,) = scalar_grad(y, x)
    assert again == derivative
    del y


def test_deep_chain_second_derivative():
    """A 100,000-op chain through create_graph: d2/dx2 of (x^2 + ...)."""
    n = 100_000
    x = leaf(0.5)
    y = x * x
    for _ in range(n):
        y = y + 1e-6
    (first,) = scalar_grad(y, x, create_graph=True)
    (second,) = scalar_grad(first, x)
    assert first.data == 1.0 and second == 2.0


# ---- micrograd's demo ------------------------------------------------------------------------


def test_micrograd_demo_step_with_scalars_matches_tensors():
    """One step of benchmarks/micrograd_demo.py (MLP(2, [16, 16, 1]), 100 points, hinge + L2)
    with Scalars and with 0-d Tensors: the same loss, accuracy, gradients and new weights
    (only + * relu: the same roundings, so today they agree to the last bit)."""
    X, y = micrograd_demo.make_data()
    params = micrograd_demo.initial_params()
    results = {}
    for scalar, kind in ((Scalar, Scalar), (tensor, Tensor)):
        model = micrograd_demo.ScalarMLP(params, scalar)
        before = [float(p.data) for p in model.parameters()]
        loss, accuracy = micrograd_demo.demo_step(model, X.tolist(), y.tolist(), scalar, k=0)
        grads = [float(p.grad) for p in model.parameters()]  # the step leaves them in .grad
        after = [float(p.data) for p in model.parameters()]
        assert type(model.parameters()[0]) is kind and before != after
        results[kind] = (loss, accuracy, grads, after)
    (loss, accuracy, grads, after), reference = results[Scalar], results[Tensor]
    assert len(grads) == sum(
        (n_in + 1) * n_out for n_in, n_out in zip(micrograd_demo.SIZES[:-1], micrograd_demo.SIZES[1:])
    )
    assert accuracy == reference[1]
    np.testing.assert_allclose(loss, reference[0], rtol=1e-12)
    np.testing.assert_allclose(grads, reference[2], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(after, reference[3], rtol=1e-12, atol=1e-15)
