"""autograd.distributions against torch.distributions (float64): log_prob, entropy, cdf,
mean/variance, samples from the same seed, rsample gradients and KL divergences. Optional:
skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag
import autograd.distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
TOL = dict(rtol=1e-10, atol=1e-12)
RNG = np.random.default_rng(7)


pytestmark = pytest.mark.usefixtures("torch_float64")  # conftest.py


def arr(*shape, low=-1.0, high=1.0):
    return RNG.uniform(low, high, shape)


def spd(*batch, n=3):
    m = RNG.normal(size=batch + (n, n))
    return m @ np.swapaxes(m, -1, -2) + n * np.eye(n)


LOC, SCALE = arr(2, 3), arr(2, 3, low=0.5, high=2)
PROBS, LOGITS = arr(2, 4, low=0.05, high=1), arr(2, 4, low=-2, high=2)
LOW, WIDTH = arr(3), arr(3, low=0.5, high=2)
TRIL = np.tril(arr(2, 3, 3)) + 2 * np.eye(3)

# name: (class name, parameters by keyword, value to score)
CASES = {
    "normal": ("Normal", {"loc": LOC, "scale": SCALE}, arr(4, 2, 3, low=-3, high=3)),
    "normal_numbers": ("Normal", {"loc": 0.5, "scale": 2.0}, arr(5, low=-3, high=3)),
    "uniform": ("Uniform", {"low": LOW, "high": LOW + WIDTH}, LOW + WIDTH * arr(2, 3, low=0.05, high=0.95)),
    "exponential": ("Exponential", {"rate": SCALE}, arr(2, 3, low=0.1, high=3)),
    "laplace": ("Laplace", {"loc": LOC, "scale": SCALE}, arr(5, 2, 3, low=-3, high=3)),
    "bernoulli_probs": ("Bernoulli", {"probs": PROBS}, (arr(3, 2, 4) > 0).astype(float)),
    "bernoulli_logits": ("Bernoulli", {"logits": LOGITS}, (arr(2, 4) > 0).astype(float)),
    "categorical_probs": ("Categorical", {"probs": PROBS}, np.array([[0, 3], [1, 2], [3, 3]])),
    "categorical_logits": ("Categorical", {"logits": LOGITS}, np.array([[2, 0]])),
    "onehot": ("OneHotCategorical", {"probs": PROBS}, np.eye(4)[[[0, 3], [2, 1]]]),
    "mvn_cov": ("MultivariateNormal", {"loc": arr(2, 3), "covariance_matrix": spd(2)}, arr(4, 2, 3)),
    "mvn_tril": ("MultivariateNormal", {"loc": arr(3), "scale_tril": TRIL}, arr(5, 1, 3)),
}


def build(name, requires_grad=False):
    kind, params, value = CASES[name]
    ours = {
        k: ag.tensor(v, requires_grad=requires_grad) if isinstance(v, np.ndarray) else v
        for k, v in params.items()
    }
    theirs = {
        k: torch.tensor(v, requires_grad=requires_grad) if isinstance(v, np.ndarray) else v
        for k, v in params.items()
    }
    return getattr(D, kind)(**ours), getattr(TD, kind)(**theirs), ours, theirs, value


def same(ours, theirs, **tol):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours, theirs, **(tol or TOL))


def _value(value, like_int):
    return (
        (ag.tensor(value.astype(np.int64)), torch.tensor(value.astype(np.int64)))
        if like_int
        else (
            ag.tensor(value),
            torch.tensor(value),
        )
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_shapes_moments_log_prob_entropy(name):
    ours, theirs, _, _, value = build(name)
    assert ours.batch_shape == theirs.batch_shape and ours.event_shape == theirs.event_shape
    assert ours.has_rsample == theirs.has_rsample
    for moment in ("mean", "variance", "stddev"):
        same(getattr(ours, moment), getattr(theirs, moment), rtol=1e-10, atol=1e-12, equal_nan=True)
    a, t = _value(value, name.startswith("categorical"))
    same(ours.log_prob(a), theirs.log_prob(t))
    same(ours.entropy(), theirs.entropy())
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("name", ["normal", "uniform", "exponential", "laplace"])
def test_cdf(name):
    ours, theirs, _, _, value = build(name)
    same(ours.cdf(ag.tensor(value)), theirs.cdf(torch.tensor(value)))


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("sample_shape", [(), (5,), (2, 17)])
def test_samples_are_pytorchs_numbers(name, sample_shape):
    ours, theirs, _, _, _ = build(name)
    ag.manual_seed(3)
    torch.manual_seed(3)
    drawn = ours.sample(sample_shape), ours.sample(sample_shape)
    expected = theirs.sample(sample_shape), theirs.sample(sample_shape)
    for a, t in zip(drawn, expected):
        same(a, t, rtol=1e-12, atol=1e-14)
        assert not a.requires_grad
    if ours.has_rsample:
        same(ours.rsample(sample_shape), theirs.rsample(sample_shape), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", ["normal", "uniform", "exponential", "laplace", "mvn_cov", "mvn_tril"])
def test_rsample_gradients(name):
    ours, theirs, params, tparams, _ = build(name, requires_grad=True)
    weights = arr(4, *ours.batch_shape, *ours.event_shape)
    ag.manual_seed(11)
    torch.manual_seed(11)
    (ours.rsample((4,)) * ag.tensor(weights)).sum().backward()
    (theirs.rsample((4,)) * torch.tensor(weights)).sum().backward()
    for key in params:
        if isinstance(params[key], ag.Tensor):
            same(params[key].grad, tparams[key].grad)


@pytest.mark.parametrize("name", sorted(set(CASES) - {"normal_numbers"}))
def test_log_prob_and_entropy_gradients(name):
    ours, theirs, params, tparams, value = build(name, requires_grad=True)
    a, t = _value(value, name.startswith("categorical"))
    (ours.log_prob(a).sum() + ours.entropy().sum()).backward()
    (theirs.log_prob(t).sum() + theirs.entropy().sum()).backward()
    for key in params:
        if isinstance(params[key], ag.Tensor):
            same(params[key].grad, tparams[key].grad)


def test_enumerate_support_and_modes():
    for name in ("bernoulli_probs", "categorical_probs", "onehot"):
        ours, theirs, _, _, _ = build(name)
        for expand in (True, False):
            same(ours.enumerate_support(expand), theirs.enumerate_support(expand))
        same(ours.mode, theirs.mode, equal_nan=True)
    half = D.Bernoulli(ag.tensor([0.5, 0.7, 0.2]))
    same(half.mode, TD.Bernoulli(torch.tensor([0.5, 0.7, 0.2], dtype=torch.float64)).mode, equal_nan=True)


def test_independent():
    loc, scale, value = arr(2, 3), arr(2, 3, low=0.5, high=2), arr(4, 2, 3)
    ours = D.Independent(D.Normal(ag.tensor(loc), ag.tensor(scale)), 1)
    theirs = TD.Independent(TD.Normal(torch.tensor(loc), torch.tensor(scale)), 1)
    assert ours.batch_shape == theirs.batch_shape and ours.event_shape == theirs.event_shape
    same(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    same(ours.entropy(), theirs.entropy())
    ag.manual_seed(5)
    torch.manual_seed(5)
    same(ours.sample((3,)), theirs.sample((3,)))
    assert repr(ours) == repr(theirs)


KL_PAIRS = [
    ("Normal", {"loc": LOC, "scale": SCALE}, {"loc": arr(3), "scale": arr(2, 3, low=0.5, high=2)}),
    ("Categorical", {"probs": PROBS}, {"logits": LOGITS}),
    ("Categorical", {"probs": np.array([0.5, 0.0, 0.5])}, {"probs": np.array([0.25, 0.25, 0.5])}),
    ("Categorical", {"probs": np.array([0.5, 0.5, 0.0])}, {"probs": np.array([0.0, 0.5, 0.5])}),
    ("Bernoulli", {"probs": arr(2, 3, low=0.05, high=0.95)}, {"logits": arr(2, 3)}),
    ("Bernoulli", {"probs": np.array([0.0, 1.0, 0.3, 0.3])}, {"probs": np.array([0.5, 0.5, 0.0, 1.0])}),
    ("Exponential", {"rate": SCALE}, {"rate": arr(3, low=0.5, high=2)}),
    ("Laplace", {"loc": LOC, "scale": SCALE}, {"loc": arr(3), "scale": arr(3, low=0.5, high=2)}),
    ("Uniform", {"low": LOW, "high": LOW + WIDTH}, {"low": LOW - 0.5, "high": LOW + WIDTH * 0.5 + 1}),
    ("OneHotCategorical", {"probs": PROBS}, {"logits": LOGITS}),
]


@pytest.mark.parametrize("kind, p, q", KL_PAIRS, ids=[f"{k}-{n}" for n, (k, _, _) in enumerate(KL_PAIRS)])
def test_kl_divergence(kind, p, q):
    ours_params = [{k: ag.tensor(v, requires_grad=True) for k, v in d.items()} for d in (p, q)]
    their_params = [{k: torch.tensor(v, requires_grad=True) for k, v in d.items()} for d in (p, q)]
    ours = D.kl_divergence(*(getattr(D, kind)(**d) for d in ours_params))
    theirs = TD.kl_divergence(*(getattr(TD, kind)(**d) for d in their_params))
    same(ours, theirs)
    finite = np.isfinite(theirs.detach().numpy())
    ours[ag.tensor(finite)].sum().backward()
    theirs[torch.tensor(finite)].sum().backward()
    for d, td in zip(ours_params, their_params):
        for key in d:
            same(d[key].grad, td[key].grad)


def test_independent_kl():
    p = [arr(2, 3), arr(2, 3, low=0.5, high=2)]
    q = [arr(2, 3), arr(2, 3, low=0.5, high=2)]
    ours = D.kl_divergence(*(D.Independent(D.Normal(ag.tensor(a), ag.tensor(b)), 1) for a, b in (p, q)))
    theirs = TD.kl_divergence(
        *(TD.Independent(TD.Normal(torch.tensor(a), torch.tensor(b)), 1) for a, b in (p, q))
    )
    same(ours, theirs)


def test_validation_errors_match_pytorchs():
    cases = [
        lambda m, T: m.Normal(T([0.0, 1.0]), T([1.0, -1.0])),
        lambda m, T: m.Bernoulli(probs=T([0.5, 1.5])),
        lambda m, T: m.Categorical(probs=T([0.5, -0.5])),
        lambda m, T: m.Exponential(T([0.0])),
        lambda m, T: m.Uniform(T([1.0]), T([0.0])),
        lambda m, T: m.Bernoulli(T([0.5])).log_prob(T([2.0])),
        lambda m, T: m.Categorical(logits=T([0.5, 1.0])).log_prob(T([3])),
        lambda m, T: m.Normal(T([0.0]), T([1.0])).log_prob(T([[math.nan]])),
        lambda m, T: m.Bernoulli(),
        lambda m, T: m.Categorical(probs=T(0.5)),
        lambda m, T: m.MultivariateNormal(T([0.0, 0.0])),
        lambda m, T: m.Normal(T([0.0, 1.0]), T([1.0, 2.0])).log_prob(T([0.0, 1.0, 2.0])),
        lambda m, T: m.MultivariateNormal(T([0.0, 0.0]), T([[1.0, 0.0], [0.0, 1.0]])).log_prob(T([1.0])),
    ]
    for case in cases:
        with pytest.raises(ValueError) as theirs:
            case(
                TD,
                lambda v: (
                    torch.tensor(v, dtype=torch.float64)
                    if not isinstance(v, list) or not isinstance(v[0], int)
                    else torch.tensor(v)
                ),
            )
        with pytest.raises(ValueError) as ours:
            case(D, lambda v: ag.tensor(v))
        assert (
            str(ours.value).split("\n")[0].replace("torch.float64", "float64")
            == str(theirs.value).split("\n")[0]
        )
