"""autograd.distributions on its own: gradcheck and gradgradcheck of log_prob, entropy and
rsample with respect to the parameters (float64), argument checking, and KL's registry."""

import math

import pytest

import autograd as ag
import autograd.distributions as D
from autograd import gradcheck, gradgradcheck


def leaf(rng, *shape, low=-1.0, high=1.0):
    return ag.tensor(rng.uniform(low, high, shape), requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def test_normal_laplace_uniform_exponential(rng):
    loc, scale, value = leaf(rng, 2, 3), leaf(rng, 3, low=0.5, high=2), ag.tensor(rng.normal(size=(4, 2, 3)))
    for kind in (D.Normal, D.Laplace):
        check(lambda m, s, kind=kind: kind(m, s).log_prob(value), loc, scale)
        check(lambda s, kind=kind: kind(0.0, s).entropy(), scale)
        check(lambda m, s, kind=kind: kind(m, s).cdf(value), loc, scale)
    low, width = leaf(rng, 3), leaf(rng, 3, low=0.5, high=2)
    inside = low.detach() + width.detach() * ag.tensor(rng.uniform(0.1, 0.9, (2, 3)))
    check(lambda a, w: D.Uniform(a, a + w).log_prob(inside), low, width)
    check(lambda a, w: D.Uniform(a, a + w).cdf(inside), low, width)
    positive = ag.tensor(rng.uniform(0.1, 3, (5, 3)))
    check(lambda r: D.Exponential(r).log_prob(positive), width)
    check(lambda r: D.Exponential(r).entropy(), width)


@pytest.mark.parametrize("kind", ["Normal", "Laplace", "Uniform", "Exponential"])
def test_rsample_is_differentiable(kind):
    ag.manual_seed(0)
    a, b = ag.tensor([0.3, -0.2], requires_grad=True), ag.tensor([1.5, 0.7], requires_grad=True)
    args = {"Uniform": (a, a + b), "Exponential": (b,)}.get(kind, (a, b))
    dist = getattr(D, kind)(*args)
    state = ag.get_rng_state()

    def draw(*params):
        ag.set_rng_state(state)  # the same noise at every evaluation
        return getattr(D, kind)(*params).rsample((3,))

    if kind == "Exponential":
        check(draw, b)
    elif kind == "Uniform":
        check(lambda a, b: draw(a, a + b), a, b)
    else:
        check(draw, a, b)
    assert dist.rsample().requires_grad and not dist.sample().requires_grad


def test_discrete(rng):
    probs, logits = leaf(rng, 2, 4, low=0.05, high=1), leaf(rng, 2, 4, low=-2, high=2)
    labels = ag.tensor([[0, 3], [2, 1], [1, 1]])
    check(lambda p: D.Categorical(probs=p).log_prob(labels), probs)
    check(lambda z: D.Categorical(logits=z).log_prob(labels), logits)
    check(lambda z: D.Categorical(logits=z).entropy(), logits)
    check(lambda p: D.OneHotCategorical(probs=p).log_prob(ag.eye(4)[[1, 3]]), probs)
    flips = ag.tensor((rng.uniform(size=(3, 2, 4)) > 0.5).astype(float))
    check(lambda p: D.Bernoulli(probs=p / 2).log_prob(flips), probs)
    check(lambda z: D.Bernoulli(logits=z).log_prob(flips), logits)
    check(lambda z: D.Bernoulli(logits=z).entropy(), logits)


def test_multivariate_normal(rng):
    loc, m = leaf(rng, 2, 3), leaf(rng, 3, 3)
    value = ag.tensor(rng.normal(size=(4, 2, 3)))

    def with_covariance(loc, m):
        return D.MultivariateNormal(loc, covariance_matrix=m @ m.mT + 3 * ag.eye(3)).log_prob(value)

    def with_scale_tril(loc, m):
        return D.MultivariateNormal(loc, scale_tril=m.tril() + 3 * ag.eye(3)).log_prob(value)

    check(with_covariance, loc, m)
    check(with_scale_tril, loc, m)
    check(lambda m: D.MultivariateNormal(ag.zeros(3), scale_tril=m.tril() + 3 * ag.eye(3)).entropy(), m)


def test_kl(rng):
    a, b = leaf(rng, 3), leaf(rng, 3, low=0.5, high=2)
    check(lambda a, b: D.kl_divergence(D.Normal(a, b), D.Normal(b, a + 2)), a, b)
    check(lambda a, b: D.kl_divergence(D.Categorical(logits=a), D.Categorical(logits=b)), a, b)
    check(lambda a, b: D.kl_divergence(D.Bernoulli(logits=a), D.Bernoulli(logits=b)), a, b)
    with pytest.raises(
        NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for p type Normal and q type Laplace"
    ):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Laplace(0.0, 1.0))

    class Mine(D.Normal):
        pass

    assert D.kl_divergence(Mine(0.0, 1.0), D.Normal(1.0, 1.0)).item() == 0.5  # found through the subclass


def test_validation(rng):
    with pytest.raises(ValueError, match="Expected parameter scale"):
        D.Normal(0.0, -1.0)
    assert math.isnan(D.Normal(0.0, -1.0, validate_args=False).log_prob(ag.tensor(0.0)).item())
    try:
        D.Distribution.set_default_validate_args(False)
        D.Bernoulli(probs=ag.tensor([1.5]))
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError, match="Either `probs` or `logits` must be specified, but not both."):
        D.Categorical(probs=ag.ones(2), logits=ag.ones(2))
    with pytest.raises(ValueError, match="within the support"):
        D.Exponential(1.0).log_prob(ag.tensor(-1.0))
    with pytest.raises(ValueError, match="must be at least one-dimensional"):
        D.MultivariateNormal(ag.tensor(0.0), scale_tril=ag.eye(1))
    with pytest.raises(ValueError, match="not positive-definite"):
        ag.linalg.cholesky(-ag.eye(2))
    with pytest.raises(ValueError, match="reinterpreted_batch_ndims <= len"):
        D.Independent(D.Normal(ag.zeros(2), 1.0), 2)


def test_expand_and_shapes():
    dist = D.Categorical(logits=ag.zeros(4)).expand((2, 3))
    assert dist.batch_shape == (2, 3) and dist.sample((5,)).shape == (5, 2, 3)
    normal = D.Independent(D.Normal(ag.zeros(3), 1.0), 1).expand((2,))
    assert normal.batch_shape == (2,) and normal.event_shape == (3,)
    assert D.OneHotCategorical(probs=ag.ones(3)).expand((2,)).sample().shape == (2, 3)
    assert D.Normal(ag.zeros(2), 1.0).sample(4).shape == (4, 2)
    categorical = D.Categorical(probs=ag.ones(3))
    assert categorical.logits.shape == (3,)  # computed, and not taken for a parameter by expand
    assert categorical.expand((2,)).probs.shape == (2, 3)
    mvn = D.MultivariateNormal(ag.zeros(2), covariance_matrix=ag.eye(2))
    assert mvn.scale_tril.shape == (2, 2) and mvn.expand((3,)).covariance_matrix.shape == (3, 2, 2)
    assert D.Uniform(0.0, ag.ones(2)).expand((4, 2)).sample().shape == (4, 2)


def test_linalg_gradients(rng):
    m = leaf(rng, 2, 3, 3)
    check(lambda m: ag.linalg.cholesky(m @ m.mT + 3 * ag.eye(3)), m)
    b = leaf(rng, 3, 2)
    check(lambda m, b: ag.linalg.solve_triangular(m.tril() + 3 * ag.eye(3), b, upper=False), m, b)
    check(lambda m, b: ag.linalg.solve_triangular(m.triu() + 3 * ag.eye(3), b, upper=True), m, b)
