"""The special functions (lgamma, digamma, polygamma, erfinv, the Bessel functions, xlogy, ...):
first and second derivatives against finite differences (float64, broadcasting included),
identities that pin the values without a reference library, PyTorch's values at the poles and
edges (without numpy warnings), bad input, and ``autograd.special`` under ``autograd.port``.
The comparisons with PyTorch are in test_special_torch.py."""

import math
import warnings

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck, gradgradcheck, special
from autograd.port import port_source


def var(rng, shape, low, high):
    return Tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


@pytest.fixture(autouse=True)
def no_numpy_warnings():
    """Poles, infinities and nan give inf/nan as PyTorch does, never a RuntimeWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---- first and second derivatives ------------------------------------------------------------

UNARY = {  # name: (function, domains (low, high) on which it is smooth)
    "lgamma": (autograd.lgamma, [(0.1, 6), (-2.9, -2.1), (10, 30)]),
    "digamma": (autograd.digamma, [(0.2, 6), (-1.8, -1.2), (9, 14)]),
    "polygamma(1)": (lambda x: autograd.polygamma(1, x), [(0.3, 5), (-0.8, -0.2)]),
    "polygamma(2)": (lambda x: x.polygamma(2), [(0.3, 5), (-3.8, -3.2), (13, 20)]),
    "polygamma(3)": (lambda x: special.polygamma(3, x), [(0.5, 5)]),
    "mvlgamma(p=1)": (lambda x: autograd.mvlgamma(x, 1), [(0.2, 5)]),
    "mvlgamma(p=3)": (lambda x: x.mvlgamma(3), [(1.2, 6)]),
    "erfc": (autograd.erfc, [(-2, 2)]),
    "erfinv": (autograd.erfinv, [(-0.9, 0.9), (0.95, 0.999)]),
    "i0": (autograd.i0, [(-5, 5), (28, 33)]),
    "i0e": (special.i0e, [(0.1, 5), (-5, -0.1), (28, 33)]),
    "i1": (special.i1, [(-5, 5), (-33, -28)]),
    "i1e": (special.i1e, [(0.1, 5), (-5, -0.1), (28, 33)]),
    "ndtr": (special.ndtr, [(-3, 3)]),
    "ndtri": (special.ndtri, [(0.02, 0.98), (2e-3, 1e-2)]),
    "log_ndtr": (special.log_ndtr, [(-3, 3), (-45, -30)]),
    "sinc": (autograd.sinc, [(-2.5, 2.5)]),
    "logit": (autograd.logit, [(0.05, 0.95)]),
    "logit(eps)": (lambda x: x.logit(eps=0.2), [(0.25, 0.75), (0.01, 0.15)]),
    "entr": (special.entr, [(0.1, 3)]),
    "exp2": (autograd.exp2, [(-3, 3)]),
    "frac": (autograd.frac, [(0.1, 0.9), (-2.9, -2.1)]),
}


@pytest.mark.parametrize("shape", [(), (2, 3)])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradcheck_and_gradgradcheck(rng, name, shape):
    fn, domains = UNARY[name]
    for low, high in domains:
        check(fn, var(rng, shape, low, high))


BINARY = {  # name: (function, domain of the first argument, of the second)
    "atan2": (autograd.atan2, (-2, 2), (0.3, 2)),
    "arctan2": (lambda a, b: a.arctan2(b), (0.3, 2), (-2, 2)),
    "copysign": (autograd.copysign, (0.2, 2), (-2, 2)),
    "fmod": (autograd.fmod, (-5, 5), (0.7, 0.8)),
    "remainder": (autograd.remainder, (-5, 5), (-0.8, -0.7)),
    "%": (lambda a, b: a % b, (-5, 5), (0.7, 0.8)),
    "xlogy": (autograd.xlogy, (-2, 2), (0.2, 3)),
    "xlog1py": (special.xlog1py, (-2, 2), (-0.8, 3)),
    "hypot": (autograd.hypot, (-2, 2), (0.3, 2)),
}


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1), (1, 3)), ((), (3,))])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradcheck_and_gradgradcheck_with_broadcasting(rng, name, shapes):
    fn, (a_low, a_high), (b_low, b_high) = BINARY[name]
    a, b = var(rng, shapes[0], a_low, a_high), var(rng, shapes[1], b_low, b_high)
    if name in ("fmod", "remainder", "%"):  # keep a/b away from the integers, where y jumps
        a = autograd.tensor(np.round(a.numpy() / 0.75) * 0.75 + 0.3, requires_grad=True)
    check(fn, a, b)


def test_xlogy_with_a_number_on_either_side(rng):
    x = var(rng, (3,), 0.2, 2)
    check(lambda x: autograd.xlogy(2.0, x), x)
    check(lambda x: autograd.xlogy(x, 3.0), x)
    check(lambda x: special.xlogy(x, x + 1), x)


def test_in_place_variants_are_recorded_and_match_the_functions(rng):
    for name, args in [("lgamma", ()), ("digamma", ()), ("polygamma", (1,)), ("erfinv", ()), ("i0", ()),
                       ("sinc", ()), ("logit", (0.1,)), ("exp2", ()), ("frac", ()), ("xlogy", (2.0,)),
                       ("copysign", (-1.0,)), ("fmod", (0.3,)), ("remainder", (0.3,)), ("atan2", (0.5,)),
                       ("mvlgamma", (2,)), ("erfc", ()), ("erf", ())]:  # fmt: skip
        x = var(rng, (2, 3), 0.55, 0.95)
        expected = getattr(x, name)(*args)
        y = x * 1.0
        assert getattr(y, name + "_")(*args) is y
        np.testing.assert_array_equal(y.numpy(), expected.numpy())
        y.sum().backward()
        want = autograd.grad(expected.sum(), x)[0]
        np.testing.assert_allclose(x.grad.numpy(), want.numpy(), rtol=1e-15)
        with autograd.no_grad():
            z = x.detach().clone()
            getattr(z, name + "_")(*args)
        np.testing.assert_array_equal(z.numpy(), expected.numpy())


def test_modulo_operator_is_differentiable_and_in_place():
    a = Tensor([5.5, -5.5], requires_grad=True)
    (a % 2.0).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [1.0, 1.0])
    b = Tensor([2.0, 2.0], requires_grad=True)
    (7.0 % b).sum().backward()
    np.testing.assert_array_equal(b.grad.numpy(), [-3.0, -3.0])
    c = autograd.tensor([7, -7])
    c %= 3
    assert c.tolist() == [1, 2] and c.dtype == np.int64


# ---- values: identities and known numbers (the PyTorch comparison is in the _torch file) -----

X = np.concatenate([np.linspace(0.01, 30, 301), [1e-300, 1e-8, 0.5, 1.5, 2.5, 1e5, 1e200]])


def test_lgamma_matches_math_lgamma_and_the_recurrence():
    ours = autograd.lgamma(autograd.tensor(X)).numpy()
    # Python's math.lgamma is itself off by up to 4e-11 relative next to its zeros 1 and 2
    away = (np.abs(X - 1) > 0.1) & (np.abs(X - 2) > 0.1)
    np.testing.assert_allclose(ours[away], [math.lgamma(x) for x in X[away]], rtol=1e-13)
    shifted = autograd.lgamma(autograd.tensor(X + 1)).numpy()
    fine = X < 100  # lgamma(x + 1) - lgamma(x) = log x (for large x the difference cancels)
    np.testing.assert_allclose((shifted - ours)[fine], np.log(X[fine]), rtol=1e-12, atol=1e-14)
    assert autograd.lgamma(autograd.tensor([1.0, 2.0])).tolist() == [0.0, 0.0]


def test_lgamma_reflection_and_known_values():
    x = np.array([-0.5, -1.5, -2.5, -10.25, -0.001])
    got = autograd.lgamma(autograd.tensor(x)).numpy()
    expected = [math.lgamma(v) for v in x]  # math.lgamma is accurate away from 1 and 2
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    np.testing.assert_allclose(
        autograd.lgamma(autograd.tensor(0.5)).item(), 0.5 * math.log(math.pi), rtol=1e-15
    )


def test_digamma_and_polygamma_known_values():
    euler = 0.5772156649015329
    d = autograd.digamma(autograd.tensor([1.0, 0.5, 2.0])).numpy()
    np.testing.assert_allclose(d, [-euler, -euler - 2 * math.log(2), 1 - euler], rtol=1e-15)
    zeta3 = 1.2020569031595942
    p = [autograd.polygamma(n, autograd.tensor(1.0)).item() for n in (1, 2, 3)]
    np.testing.assert_allclose(p, [math.pi**2 / 6, -2 * zeta3, math.pi**4 / 15], rtol=1e-15)
    np.testing.assert_allclose(autograd.polygamma(1, autograd.tensor(0.5)).item(), math.pi**2 / 2, rtol=1e-15)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7])
def test_polygamma_recurrence_and_reflection(n):
    """psi^(n)(x + 1) = psi^(n)(x) + (-1)^n n! / x^(n+1), across 0 as well."""
    x = np.concatenate([np.linspace(0.05, 20, 60), np.linspace(-7.9, -0.1, 40) + 0.013])
    left = autograd.polygamma(n, autograd.tensor(x + 1)).numpy()
    right = autograd.polygamma(n, autograd.tensor(x)).numpy() + (-1) ** n * math.factorial(n) / x ** (n + 1)
    np.testing.assert_allclose(left, right, rtol=1e-11, atol=1e-13 * np.abs(right).max())
    assert autograd.polygamma(0, autograd.tensor(x)).tolist() == autograd.digamma(autograd.tensor(x)).tolist()


def test_erfinv_inverts_erf_and_ndtri_inverts_ndtr():
    y = np.concatenate([np.linspace(-5.8, 5.8, 117), [1e-300, -1e-20, 0.3]])
    x = np.array([math.erf(v) for v in y])
    back = autograd.erfinv(autograd.tensor(x)).numpy()
    good = np.abs(x) < 0.99  # beyond, erf(y) rounded near 1 has forgotten digits of y
    np.testing.assert_allclose(back[good], y[good], rtol=1e-14)
    p = np.concatenate([np.logspace(-300, -1, 50), np.linspace(0.01, 0.99, 50)])
    y = special.ndtri(autograd.tensor(p))  # compared in logs: Phi(y) itself amplifies y's rounding by y^2
    np.testing.assert_allclose(special.log_ndtr(y).numpy(), np.log(p), rtol=1e-14)


def test_bessel_functions_against_their_series_and_scaling():
    x = np.array([0.0, 0.5, 1.0, 3.0, -2.0, 10.0, 29.9, 30.1, 50.0, 300.0])

    def series(nu, v):  # sum over k of (v/2)^(2k+nu) / (k! (k+nu)!), term by term
        term = (v / 2) ** nu / math.factorial(nu)
        total = term
        for k in range(1, 300):
            term *= (v / 2) ** 2 / (k * (k + nu))
            total += term
        return total

    small = np.abs(x) < 60
    np.testing.assert_allclose(
        autograd.i0(autograd.tensor(x)).numpy()[small], [series(0, v) for v in x[small]], rtol=1e-14
    )
    np.testing.assert_allclose(
        special.i1(autograd.tensor(x)).numpy()[small], [series(1, v) for v in x[small]], rtol=1e-14
    )
    t = autograd.tensor(x)
    np.testing.assert_allclose(
        special.i0e(t).numpy(), np.exp(-np.abs(x)) * autograd.i0(t).numpy(), rtol=1e-14
    )
    np.testing.assert_allclose(special.i1e(t).numpy(), np.exp(-np.abs(x)) * special.i1(t).numpy(), rtol=1e-14)


def test_log_ndtr_far_in_the_lower_tail():
    x = np.array([-1e3, -1e10])  # the asymptotic series: 1 - 1/x^2 + 3/x^4 is exact to 1e-17 here
    expected = -x * x / 2 - np.log(-x) - 0.5 * math.log(2 * math.pi) + np.log1p(-1 / x**2 + 3 / x**4)
    np.testing.assert_allclose(special.log_ndtr(autograd.tensor(x)).numpy(), expected, rtol=1e-15)
    near = np.array([-37.6, -37.3, -37.01, -36.99, -3.0, -1.01, -0.99, 0.0, 2.0])  # across both switches
    got = special.log_ndtr(autograd.tensor(near)).numpy()
    np.testing.assert_allclose(got, np.log([0.5 * math.erfc(-v / math.sqrt(2)) for v in near]), rtol=1e-14)


def test_the_elementwise_functions_known_values():
    t = autograd.tensor
    assert autograd.sinc(t([0.0, 1.0, 0.5])).tolist() == [1.0, math.sin(math.pi) / math.pi, 2 / math.pi]
    np.testing.assert_allclose(autograd.logit(t([0.25, 0.5])).numpy(), [-math.log(3), 0.0], rtol=1e-15)
    assert autograd.logit(t([0.0, 1.0]), eps=0.25).tolist() == [-math.log(3), math.log(3)]
    assert special.entr(t([0.0, 1.0, -1.0])).tolist() == [0.0, -0.0, -math.inf]
    assert autograd.exp2(t([3.0, -1.0])).tolist() == [8.0, 0.5]
    assert autograd.frac(t([2.75, -2.75])).tolist() == [0.75, -0.75]
    assert autograd.copysign(t([2.0, -3.0]), -1.0).tolist() == [-2.0, -3.0]
    assert autograd.fmod(t([5.0, -5.0]), 3.0).tolist() == [2.0, -2.0]
    assert autograd.remainder(t([5.0, -5.0]), 3.0).tolist() == [2.0, 1.0]
    assert autograd.remainder(-5.0, t([3.0])).tolist() == [1.0]
    assert autograd.atan2(t([1.0, 1.0]), t([1.0, -1.0])).tolist() == [math.pi / 4, 3 * math.pi / 4]
    assert autograd.nextafter(t([1.0]), t([2.0])).tolist() == [1.0 + 2**-52]
    np.testing.assert_allclose(
        autograd.mvlgamma(t([2.5]), 2).numpy(),
        [math.lgamma(2.5) + math.lgamma(2.0) + math.log(math.pi) / 2],
        rtol=1e-15,
    )


# ---- poles, infinities, zeros: PyTorch's values, no warnings --------------------------------

INF, NAN = math.inf, math.nan


def same(got, expected):
    np.testing.assert_array_equal(np.asarray(got.numpy()), np.asarray(expected, dtype=float))


def test_gamma_family_at_poles_and_infinities():
    x = autograd.tensor([0.0, -0.0, -1.0, -2.0, INF, -INF, NAN])
    same(autograd.lgamma(x), [INF, INF, INF, INF, INF, INF, NAN])
    same(autograd.digamma(x), [-INF, INF, NAN, NAN, INF, NAN, NAN])
    same(autograd.polygamma(1, x), [INF, INF, INF, INF, 0.0, NAN, NAN])
    same(autograd.polygamma(2, x), [-INF, -INF, -INF, -INF, 0.0, NAN, NAN])
    same(autograd.polygamma(3, x), [INF, INF, INF, INF, 0.0, NAN, NAN])
    same(autograd.lgamma(autograd.tensor([1e306, 1e-320])), [INF, -math.log(1e-320)])


def test_error_function_family_at_the_edges():
    same(autograd.erfinv(autograd.tensor([-1.0, 1.0, 1.5, -1.5, NAN])), [-INF, INF, NAN, NAN, NAN])
    assert np.signbit(autograd.erfinv(autograd.tensor(-0.0)).item())
    same(special.ndtri(autograd.tensor([0.0, 1.0, 0.5, -0.1, 1.1, NAN])), [-INF, INF, 0.0, NAN, NAN, NAN])
    assert not np.signbit(special.ndtri(autograd.tensor(0.5)).item())
    assert math.isfinite(special.ndtri(autograd.tensor(5e-324)).item())
    same(special.log_ndtr(autograd.tensor([-INF, INF, NAN])), [-INF, 0.0, NAN])
    same(autograd.erfc(autograd.tensor([-INF, INF])), [2.0, 0.0])


def test_bessel_family_at_infinity_and_overflow():
    x = autograd.tensor([INF, -INF, NAN, 714.0, -714.0])
    same(autograd.i0(x), [INF, INF, NAN, INF, INF])
    same(special.i1(x), [INF, -INF, NAN, INF, -INF])
    same(special.i0e(x)[:3], [0.0, 0.0, NAN])
    same(special.i1e(x)[:3], [0.0, -0.0, NAN])


def test_gradients_at_the_special_points_follow_pytorch():
    x = Tensor([0.0, 0.0, 1.0, 0.0, 2.0, 0.0], requires_grad=True)
    y = Tensor([0.0, NAN, 0.0, -1.0, -1.0, 3.0], requires_grad=True)
    z = autograd.xlogy(x, y)
    same(z, [0.0, NAN, -INF, 0.0, NAN, 0.0])
    z.backward(autograd.ones_like(z))  # (a sum would meet -inf + nan)
    same(x.grad, [0.0, NAN, -INF, 0.0, NAN, math.log(3.0)])  # d/dx x log y = log y, also at x = 0
    same(y.grad, [NAN, NAN, INF, -0.0, -2.0, 0.0])
    for fn, at, expected in [(special.i1, 0.0, 0.5), (special.i1e, 0.0, 0.5), (autograd.sinc, 0.0, 0.0),
                             (autograd.i0, 0.0, 0.0), (special.entr, 0.0, INF)]:  # fmt: skip
        t = Tensor([at], requires_grad=True)
        fn(t).sum().backward()
        same(t.grad, [expected])
    t = Tensor([0.0, 1.0, -1.0, 0.5], requires_grad=True)
    autograd.logit(t).backward(autograd.ones(4))
    same(t.grad, [INF, INF, NAN, 4.0])
    t = Tensor([0.0, 0.1, 0.5], requires_grad=True)
    autograd.logit(t, eps=0.1).sum().backward()
    same(t.grad, [0.0, 1 / (0.1 * 0.9), 4.0])


# ---- dtypes, errors, names ------------------------------------------------------------------


@pytest.mark.parametrize("fn", [autograd.lgamma, autograd.digamma, autograd.erfinv, autograd.i0, special.ndtri,
                                special.i1e, autograd.sinc, special.entr, autograd.erfc])  # fmt: skip
def test_float32_stays_float32_and_integers_give_float64(fn):
    assert fn(autograd.tensor([0.5], dtype=autograd.float32)).dtype == np.float32
    assert fn(autograd.tensor([1, 2])).dtype == np.float64


def test_bad_arguments_raise_clear_errors():
    x = autograd.tensor([1.5, 2.5])
    with pytest.raises(ValueError, match="negative n"):
        autograd.polygamma(-1, x)
    with pytest.raises(TypeError, match="'n' must be an int"):
        x.polygamma(1.5)
    with pytest.raises(ValueError, match="p has to be greater"):
        autograd.mvlgamma(x, 0)
    with pytest.raises(TypeError, match="'p' must be an int"):
        special.multigammaln(x, 2.0)
    with pytest.raises(TypeError, match="eps"):
        x.logit(eps="0.1")
    with pytest.raises(TypeError, match="floating-point"):
        autograd.frac(autograd.tensor([1, 2]))
    with pytest.raises(ValueError, match="division by zero"):
        autograd.remainder(autograd.tensor([3]), 0)
    with pytest.raises(ValueError, match="division by zero"):
        autograd.fmod(autograd.tensor([3]), autograd.tensor([0]))
    with pytest.raises(TypeError, match="needs a Tensor"):
        autograd.xlogy(2.0, 3.0)
    with pytest.raises(TypeError, match="input"):
        special.i0e([1.0])
    with pytest.raises(TypeError, match="input"):
        autograd.lgamma([1.0])
    with pytest.raises(ValueError, match=r"atan2: shapes \(2,\) and \(3,\)"):
        autograd.atan2(x, autograd.tensor([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="xlogy: shapes"):
        autograd.xlogy(x, autograd.tensor([1.0, 2.0, 3.0]))
    with pytest.raises(TypeError, match="floating-point"):
        autograd.nextafter(autograd.tensor([1]), autograd.tensor([2]))


def test_integer_fmod_and_remainder_stay_integers_like_python():
    a, b = autograd.tensor([7, -7, 7, -7]), autograd.tensor([3, 3, -3, -3])
    assert autograd.remainder(a, b).tolist() == [7 % 3, -7 % 3, 7 % -3, -7 % -3]
    assert autograd.fmod(a, b).tolist() == [
        math.fmod(7, 3),
        math.fmod(-7, 3),
        math.fmod(7, -3),
        math.fmod(-7, -3),
    ]
    assert autograd.remainder(a, b).dtype == np.int64


def test_aliases_are_the_same_ops():
    x = Tensor([0.3, 0.6], requires_grad=True)
    assert special.psi is special.digamma
    assert type(special.gammaln(x).grad_fn) is type(autograd.lgamma(x).grad_fn)
    assert special.expit(x).grad_fn.name == x.sigmoid().grad_fn.name
    assert special.multigammaln(x + 2, 2).tolist() == autograd.mvlgamma(x + 2, 2).tolist()
    assert special.logsumexp(x, 0).item() == x.logsumexp(0).item()
    assert special.softmax(x, 0).tolist() == x.softmax(0).tolist()
    assert special.log_softmax(x, 0).tolist() == x.log_softmax(0).tolist()
    assert special.round(x * 10, decimals=1).tolist() == (x * 10).round(1).tolist()
    for name in ("erf", "erfc", "erfinv", "expm1", "exp2", "log1p", "i0", "sinc", "logit"):
        assert getattr(special, name)(x).tolist() == getattr(x, name)().tolist()
    assert autograd.arctan2(x, x).tolist() == autograd.atan2(x, x).tolist()
    assert special.xlogy(x, x).tolist() == autograd.xlogy(x, x).tolist()
    out = autograd.empty_like(x.detach())
    assert autograd.lgamma(x.detach(), out=out) is out and out.tolist() == autograd.lgamma(x).tolist()
    assert special.i1e(x.detach(), out=out) is out and out.tolist() == special.i1e(x).tolist()
    assert autograd.xlogy(2.0, x.detach(), out=out) is out and out.tolist() == autograd.xlogy(2.0, x).tolist()


def test_numpy_ufuncs_on_tensors_run_as_the_ops():
    x = Tensor([0.3, 0.6], requires_grad=True)
    for ufunc, op in [(np.arctan2, autograd.atan2), (np.copysign, autograd.copysign), (np.fmod, autograd.fmod),
                      (np.remainder, autograd.remainder)]:  # fmt: skip
        out = ufunc(x, Tensor([0.25, -0.5]))
        assert out.requires_grad and out.tolist() == op(x, Tensor([0.25, -0.5])).tolist()
    assert np.exp2(x).tolist() == autograd.exp2(x).tolist()


PROGRAM = """import torch
from torch.special import gammaln, xlog1py
from torch import special
x = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
y = torch.special.expit(x) + gammaln(x) + special.i0e(x) + xlog1py(x, x) + torch.special.psi(x)
y.sum().backward()
result = (y.tolist(), x.grad.tolist())
"""


def test_torch_special_ports_to_autograd_special():
    ported = port_source(PROGRAM)
    assert "torch.special" in ported and "from autograd.special import gammaln" in ported
    scope = {}
    exec(compile(ported, "ported", "exec"), scope)
    values, grads = scope["result"]
    x = np.array([0.5, 2.0])
    expected = 1 / (1 + np.exp(-x)) + [math.lgamma(v) for v in x] + special.i0e(autograd.tensor(x)).numpy()
    expected += x * np.log1p(x) + autograd.digamma(autograd.tensor(x)).numpy()
    np.testing.assert_allclose(values, expected, rtol=1e-14)
    assert all(math.isfinite(g) for g in grads)
