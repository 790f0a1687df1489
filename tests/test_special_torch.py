"""The special functions against PyTorch (float64): values, gradients and Hessian-vector
products over their domains, broadcasting included, and PyTorch's values at the edges.
Where PyTorch's own number is less exact than ours, the comparison is at PyTorch's accuracy
(said at each place), and ours is checked against mpmath (40 digits; it comes with PyTorch)
at 1e-13. Optional: skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd import special

torch = pytest.importorskip("torch")

RTOL, ATOL = 1e-10, 1e-12


def _tuple(out):
    return tuple(out) if isinstance(out, (tuple, list)) else (out,)


def _same(ours, theirs, rtol, atol):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


def compare(ours, theirs, *arrays, rtol=RTOL, atol=ATOL, second=True):
    """Same values, same gradients of a weighted sum of the output, and (with second) the same
    Hessian-vector products, for every float array in ``arrays``."""
    rng = np.random.default_rng(0)
    xs = [ag.Tensor(a, requires_grad=True) for a in arrays]
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, tout = ours(*xs), theirs(*txs)
    _same(out, tout, rtol, atol)
    w = rng.uniform(-1, 1, out.shape)
    grads = ag.grad((out * ag.Tensor(w)).sum(), xs, create_graph=second)
    tgrads = torch.autograd.grad((tout * torch.tensor(w)).sum(), txs, create_graph=second)
    for g, t in zip(grads, tgrads):
        _same(g, t, rtol, atol)
    vs = [rng.uniform(-1, 1, x.shape) for x in xs]
    terms = [(g * ag.Tensor(v)).sum() for g, v in zip(grads, vs) if g.requires_grad]
    tterms = [(t * torch.tensor(v)).sum() for t, v in zip(tgrads, vs) if t.requires_grad]
    if second and (terms or tterms):  # (a constant derivative, as frac's, has no graph)
        hvps = ag.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
        thvps = torch.autograd.grad(sum(tterms), txs, allow_unused=True) if tterms else [None] * len(xs)
        for x, h, t in zip(xs, hvps, thvps):
            _same(
                np.zeros(x.shape) if h is None else h,
                torch.zeros(x.shape, dtype=torch.float64) if t is None else t,
                rtol,
                atol,
            )


def uniform(low, high, shape=(40,), seed=1):
    return np.random.default_rng(seed).uniform(low, high, shape)


def logspace(low, high, shape=(40,), seed=2):
    return 10 ** np.random.default_rng(seed).uniform(low, high, shape)


# ---- one Tensor -------------------------------------------------------------------------------

# name: (ours, PyTorch's, inputs). PyTorch's trigamma (polygamma(1), hence digamma's derivative
# and lgamma's second derivative) sums six terms and a short asymptotic series: it is exact to
# ~5e-10 only, so those three are compared at 1e-8 below (TRIGAMMA), and ours against mpmath.
UNARY = {
    "lgamma": (ag.lgamma, torch.lgamma, [uniform(0.05, 30), uniform(-9.9, -0.1), logspace(-8, 4)]),
    "digamma": (ag.digamma, torch.digamma, [uniform(0.05, 30), uniform(-9.9, -0.1), logspace(-8, 4)]),
    "polygamma(1)": (lambda x: ag.polygamma(1, x), lambda x: torch.polygamma(1, x), [uniform(0.05, 30)]),
    "polygamma(2)": (
        lambda x: x.polygamma(2),
        lambda x: x.polygamma(2),
        [uniform(0.05, 30), uniform(-9.9, -0.1)],
    ),
    "polygamma(3)": (
        lambda x: special.polygamma(3, x),
        lambda x: torch.special.polygamma(3, x),
        [uniform(0.05, 30)],
    ),
    "polygamma(6)": (
        lambda x: ag.polygamma(6, x),
        lambda x: torch.polygamma(6, x),
        [uniform(0.05, 30), logspace(-3, 3)],
    ),
    "mvlgamma(p=1)": (lambda x: ag.mvlgamma(x, 1), lambda x: torch.mvlgamma(x, 1), [uniform(0.05, 30)]),
    "mvlgamma(p=4)": (lambda x: x.mvlgamma(4), lambda x: x.mvlgamma(4), [uniform(1.6, 30)]),
    "multigammaln": (
        lambda x: special.multigammaln(x, 2),
        lambda x: torch.special.multigammaln(x, 2),
        [uniform(0.6, 9)],
    ),
    "erfc": (ag.erfc, torch.erfc, [uniform(-5, 5), uniform(5, 26)]),
    "erfinv": (ag.erfinv, torch.erfinv, [uniform(-1, 1), 1 - logspace(-15, 0), logspace(-300, -1)]),
    "i0": (ag.i0, torch.i0, [uniform(-40, 40), uniform(-700, 700)]),
    "i0e": (special.i0e, torch.special.i0e, [uniform(-40, 40), uniform(-700, 700)]),
    "i1": (special.i1, torch.special.i1, [uniform(-40, 40), uniform(-700, 700)]),
    "i1e": (special.i1e, torch.special.i1e, [uniform(-40, 40), uniform(-700, 700)]),
    "ndtri": (special.ndtri, torch.special.ndtri, [uniform(0, 1), logspace(-300, -1), 1 - logspace(-15, -1)]),
    "log_ndtr": (special.log_ndtr, torch.special.log_ndtr, [uniform(-20, 10)]),
    # below |x| = 1e-2, both derivatives of sinc, (pi x cos(pi x) - sin(pi x)) / (pi x^2), cancel
    "sinc": (ag.sinc, torch.sinc, [uniform(-5, 5), logspace(-2, 0)]),
    "logit": (ag.logit, torch.logit, [uniform(0.001, 0.999)]),
    "logit(eps)": (lambda x: x.logit(eps=0.1), lambda x: x.logit(eps=0.1), [uniform(0.11, 0.89)]),
    "entr": (special.entr, torch.special.entr, [uniform(0.01, 10)]),
    "exp2": (ag.exp2, torch.exp2, [uniform(-20, 20)]),
    "frac": (ag.frac, torch.frac, [uniform(-20, 20)]),
    "expit": (special.expit, torch.special.expit, [uniform(-30, 30)]),
}
TRIGAMMA = {"digamma", "lgamma", "polygamma(1)", "mvlgamma(p=1)", "mvlgamma(p=4)", "multigammaln"}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values_gradients_and_hessians_match_torch(name):
    ours, theirs, inputs = UNARY[name]
    for x in inputs:
        if name in TRIGAMMA:  # values exact to 1e-10 (but trigamma's); the derivatives meet it
            if name != "polygamma(1)":
                _same(ours(ag.tensor(x)), theirs(torch.tensor(x)), RTOL, ATOL)
            compare(ours, theirs, x, rtol=1e-8)
        else:
            compare(ours, theirs, x)


def test_our_trigamma_and_polygamma_against_mpmath():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 40
    x = np.concatenate([uniform(0.05, 30), uniform(-9.9, -0.1), logspace(-5, 5)])
    for n in (1, 2, 5):
        expected = [float(mpmath.polygamma(n, v)) for v in x]
        np.testing.assert_allclose(ag.polygamma(n, ag.tensor(x)).numpy(), expected, rtol=1e-13)


def test_ndtr_matches_torch_where_torch_is_exact():
    """PyTorch's ndtr is (1 + erf(x / sqrt 2)) / 2: exact to 1e-16 absolute only, so its lower
    tail is 0 below x = -8.3 (ours comes from erfc and keeps it). Compared absolutely there."""
    compare(special.ndtr, torch.special.ndtr, uniform(-3, 8))
    x = uniform(-40, -3)
    _same(special.ndtr(ag.tensor(x)), torch.special.ndtr(torch.tensor(x)), 0, 1e-16)
    expected = [0.5 * math.erfc(-v * math.sqrt(0.5)) for v in x]
    np.testing.assert_allclose(special.ndtr(ag.tensor(x)).numpy(), expected, rtol=1e-15)


def test_log_ndtr_through_the_lower_tail_matches_torch():
    x = np.array([-1e300, -1e100, -1e3, -40.0, -37.0, -36.9, -1.0, -0.999, 0.0, 40.0])
    _same(special.log_ndtr(ag.tensor(x)), torch.special.log_ndtr(torch.tensor(x)), RTOL, 0)
    # the derivative e^(-x^2/2 - y) / sqrt(2 pi) cancels in its exponent (x^2/2 + y is ~log|x|),
    # in PyTorch as here: the first derivative keeps ~1e-13 down to -40, the second (which
    # cancels again, in x + y') ~1e-10; below, both lose more, so only the values are compared
    compare(special.log_ndtr, torch.special.log_ndtr, x[3:], second=False)
    compare(special.log_ndtr, torch.special.log_ndtr, uniform(-40, -20), rtol=1e-8, atol=0)


# ---- two Tensors ------------------------------------------------------------------------------

BINARY = {
    "atan2": (ag.atan2, torch.atan2, (-3, 3), (-3, 3)),
    "arctan2": (lambda a, b: a.arctan2(b), lambda a, b: a.arctan2(b), (-3, 3), (0.1, 3)),
    "copysign": (ag.copysign, torch.copysign, (-3, 3), (-3, 3)),
    "fmod": (ag.fmod, torch.fmod, (-9, 9), (-2, 2)),
    "remainder": (ag.remainder, torch.remainder, (-9, 9), (-2, 2)),
    "%": (lambda a, b: a % b, lambda a, b: a % b, (-9, 9), (-2, 2)),
    "xlogy": (ag.xlogy, torch.xlogy, (-3, 3), (0.01, 5)),
    "special.xlogy": (special.xlogy, torch.special.xlogy, (-3, 3), (0.01, 5)),
    "xlog1py": (special.xlog1py, torch.special.xlog1py, (-3, 3), (-0.99, 5)),
    "hypot": (ag.hypot, torch.hypot, (-3, 3), (-3, 3)),
}


@pytest.mark.parametrize("shapes", [((5, 4), (5, 4)), ((5, 4), (4,)), ((5, 1), (1, 4)), ((), (4,))])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_values_gradients_and_hessians_match_torch(name, shapes):
    ours, theirs, a_range, b_range = BINARY[name]
    compare(ours, theirs, uniform(*a_range, shapes[0], seed=3), uniform(*b_range, shapes[1], seed=4))


def test_numbers_on_either_side_match_torch():
    x = uniform(0.1, 3, (4,))
    t, tt = ag.tensor(x), torch.tensor(x)
    for ours, theirs in [
        (ag.xlogy(2.5, t), torch.xlogy(2.5, tt)),
        (ag.xlogy(t, 2.5), torch.xlogy(tt, 2.5)),
        (ag.remainder(2.5, t), torch.remainder(2.5, tt)),
        (7.5 % t, 7.5 % tt),
        (t % -1.25, tt % -1.25),
        (ag.fmod(t, -1.25), torch.fmod(tt, -1.25)),
        (ag.copysign(t, -0.0), torch.copysign(tt, -0.0)),
    ]:
        _same(ours, theirs, RTOL, 0)


# ---- edges: poles, zeros, infinities, nan ---------------------------------------------------

EDGES = np.array(
    [0.0, -0.0, -1.0, -2.0, -2.5, 1.0, 2.0, math.inf, -math.inf, math.nan, 1e-300, -1e-300, 1e306]
)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (ag.lgamma, torch.lgamma),
        (ag.digamma, torch.digamma),
        (lambda x: ag.polygamma(0, x), lambda x: torch.polygamma(0, x)),
        (ag.erfc, torch.erfc),
        (special.i0e, torch.special.i0e),
        (special.i1e, torch.special.i1e),
        (special.log_ndtr, torch.special.log_ndtr),
        (special.ndtr, torch.special.ndtr),
        (ag.sinc, torch.sinc),
        (special.entr, torch.special.entr),
        (ag.exp2, torch.exp2),
        (ag.frac, torch.frac),
        (special.expit, torch.special.expit),
    ],
)
def test_edge_values_match_torch(ours, theirs):
    got, want = ours(ag.tensor(EDGES)).numpy(), theirs(torch.tensor(EDGES)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)  # inf and nan in the same places
    numbers = ~np.isnan(want)  # (the sign of a nan means nothing)
    np.testing.assert_array_equal(np.signbit(got[numbers]), np.signbit(want[numbers]))


def test_edge_values_of_the_inverses_and_logit_match_torch():
    p = np.array([0.0, 1.0, 0.5, -0.1, 1.1, 1e-300, 5e-324, math.nan, -0.0, 1 - 2**-53])
    for ours, theirs in [(ag.erfinv, torch.erfinv), (special.ndtri, torch.special.ndtri)]:
        np.testing.assert_allclose(ours(ag.tensor(p)).numpy(), theirs(torch.tensor(p)).numpy(), rtol=1e-13)
    np.testing.assert_array_equal(ag.logit(ag.tensor(p)).numpy(), torch.logit(torch.tensor(p)).numpy())
    np.testing.assert_array_equal(
        ag.logit(ag.tensor(p), 0.25).numpy(), torch.logit(torch.tensor(p), 0.25).numpy()
    )


def test_polygamma_edges_match_torch_where_torch_has_the_limit():
    """PyTorch and we agree at 0, -0, the finite poles (for n >= 2; its trigamma gives ~6.6e32 at
    -1, sin(-pi) being 1.2e-16, not 0: ours is +inf), nan; at +inf we give the limit 0 where
    PyTorch's n >= 2 gives nan, and nan at -inf (no limit) where it gives +-inf."""
    x = np.array([0.0, -0.0, -2.0, -2.5, 1.0, math.nan, 1e-300, -1e-300])
    for n in (1, 2, 3, 4):
        at = x[x != -2.0] if n == 1 else x
        rtol = 1e-8 if n == 1 else 1e-10  # PyTorch's trigamma: see TRIGAMMA
        got, want = ag.polygamma(n, ag.tensor(at)).numpy(), torch.polygamma(n, torch.tensor(at)).numpy()
        np.testing.assert_allclose(got, want, rtol=rtol, atol=0)


def test_bessel_edges_match_torch_but_infinity():
    """At +-inf PyTorch's Chebyshev series give nan for i0 and i1; ours give the limits +-inf."""
    x = np.array([0.0, -0.0, 1e-300, 700.0, 714.0, -714.0, math.nan])
    for ours, theirs in [(ag.i0, torch.i0), (special.i1, torch.special.i1), (special.i0e, torch.special.i0e)]:
        np.testing.assert_allclose(ours(ag.tensor(x)).numpy(), theirs(torch.tensor(x)).numpy(), rtol=1e-13)


def test_xlogy_family_edges_and_gradients_match_torch():
    a = np.array([0.0, 0.0, 1.0, 0.0, 2.0, 0.0, -1.0, 0.0, 0.0])
    b = np.array([0.0, math.nan, 0.0, -1.0, -1.0, math.inf, math.inf, 3.0, -2.0])
    for ours, theirs in [(ag.xlogy, torch.xlogy), (special.xlog1py, torch.special.xlog1py)]:
        x, y = ag.Tensor(a, requires_grad=True), ag.Tensor(b, requires_grad=True)
        tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
        out, tout = ours(x, y), theirs(tx, ty)
        np.testing.assert_array_equal(out.numpy(), tout.detach().numpy())
        out.backward(ag.ones_like(out))
        tout.backward(torch.ones_like(tout))
        np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
        np.testing.assert_array_equal(y.grad.numpy(), ty.grad.numpy())


@pytest.mark.parametrize(
    "ours, theirs, at",
    [
        (special.i1, torch.special.i1, [0.0, 1e-20]),
        (special.i1e, torch.special.i1e, [0.0, -1e-20]),
        (ag.sinc, torch.sinc, [0.0]),
        (ag.logit, torch.logit, [0.0, 1.0, -1.0, 2.0]),
        (lambda x: ag.logit(x, 0.2), lambda x: torch.logit(x, 0.2), [0.0, 0.2, 0.8, 1.0]),
        (special.entr, torch.special.entr, [0.0, -1.0]),
        (lambda x: ag.copysign(x, -1.0), lambda x: torch.copysign(x, -1.0), [0.0, -0.0, math.inf]),
        (lambda x: ag.atan2(x, x), lambda x: torch.atan2(x, x), [0.0]),
        (ag.erfinv, torch.erfinv, [1.0, -1.0]),
    ],
)
def test_gradients_at_special_points_match_torch(ours, theirs, at):
    x, tx = (
        ag.Tensor(np.array(at), requires_grad=True),
        torch.tensor(at, dtype=torch.float64, requires_grad=True),
    )
    out, tout = ours(x), theirs(tx)
    out.backward(ag.ones_like(out))
    tout.backward(torch.ones_like(tout))
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())


def test_integer_remainder_and_fmod_match_torch():
    a, b = np.array([7, -7, 7, -7, 0]), np.array([3, 3, -3, -3, 5])
    for ours, theirs in [(ag.remainder, torch.remainder), (ag.fmod, torch.fmod)]:
        got, want = ours(ag.tensor(a), ag.tensor(b)), theirs(torch.tensor(a), torch.tensor(b))
        assert got.dtype == np.int64 and got.tolist() == want.tolist()


def test_float_remainder_keeps_torchs_sign_of_zero():
    a, b = np.array([-2.0, 2.0, -0.0, 4.0]), np.array([1.0, -1.0, 3.0, 2.0])
    got, want = ag.remainder(ag.tensor(a), ag.tensor(b)), torch.remainder(torch.tensor(a), torch.tensor(b))
    np.testing.assert_array_equal(np.signbit(got.numpy()), np.signbit(want.numpy()))
    assert got.tolist() == want.tolist()


def test_nextafter_matches_torch():
    a, b = np.array([1.0, 1.0, 0.0, -0.0]), np.array([2.0, 0.0, -1.0, 1.0])
    assert (
        ag.nextafter(ag.tensor(a), ag.tensor(b)).tolist()
        == torch.nextafter(torch.tensor(a), torch.tensor(b)).tolist()
    )


def test_reductions_and_roundings_of_torch_special_match_torch():
    x = uniform(-3, 3, (3, 4))
    t, tt = ag.tensor(x), torch.tensor(x)
    _same(special.logsumexp(t, 1), torch.special.logsumexp(tt, 1), RTOL, ATOL)
    _same(special.logsumexp(t, 0, keepdim=True), torch.special.logsumexp(tt, 0, keepdim=True), RTOL, ATOL)
    _same(special.softmax(t, 1), torch.special.softmax(tt, 1), RTOL, ATOL)
    _same(special.log_softmax(t, 0), torch.special.log_softmax(tt, 0), RTOL, ATOL)
    _same(special.round(t * 10), torch.special.round(tt * 10), 0, 0)
    for name in ("erf", "erfc", "expm1", "exp2", "log1p", "i0", "sinc"):
        _same(getattr(special, name)(t), getattr(torch.special, name)(tt), RTOL, ATOL)
