"""Cauchy and StudentT against torch.distributions (float64): log_prob, cdf/icdf, entropy,
moments, samples after the same manual_seed, rsample gradients and KL(Cauchy || Cauchy)."""

import numpy as np
import pytest

import autograd as ag
import autograd.distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
TOL = dict(rtol=1e-10, atol=1e-12)
RNG = np.random.default_rng(13)


pytestmark = pytest.mark.usefixtures("torch_float64")  # conftest.py


LOC, SCALE = RNG.normal(size=(2, 3)), RNG.uniform(0.5, 2, (2, 3))
DF = np.array([[0.7, 1.5, 4.0], [2.0, 9.0, 30.0]])  # undefined mean, infinite variance, finite
CASES = {"Cauchy": (LOC, SCALE), "StudentT": (DF, LOC, SCALE)}


def close(ours, theirs, tol=TOL):
    np.testing.assert_allclose(ours._data, theirs.detach().numpy(), **tol)


def pair(name, params, grad=False):
    ours = getattr(D, name)(*(ag.tensor(p, requires_grad=grad) for p in params))
    theirs = getattr(TD, name)(*(torch.tensor(p, requires_grad=grad) for p in params))
    return ours, theirs


@pytest.mark.parametrize("name", sorted(CASES))
def test_values(name):
    ours, theirs = pair(name, CASES[name])
    value = RNG.normal(size=(4, 2, 3)) * 3
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    close(ours.entropy(), theirs.entropy())
    for prop in ("mean", "mode", "variance"):
        close(getattr(ours, prop), getattr(theirs, prop))
    if name == "Cauchy":
        close(ours.cdf(ag.tensor(value)), theirs.cdf(torch.tensor(value)))
        u = RNG.uniform(0.01, 0.99, (2, 3))
        close(ours.icdf(ag.tensor(u)), theirs.icdf(torch.tensor(u)), dict(rtol=1e-9, atol=1e-12))
    shape = (5,) + tuple(theirs.batch_shape)
    assert ours.expand(shape).batch_shape == theirs.expand(shape).batch_shape


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("sample_shape", [(), (4,), (2, 5)])
def test_rsample_values_and_gradients(name, sample_shape):
    ours_params = [ag.tensor(p, requires_grad=True) for p in CASES[name]]
    theirs_params = [torch.tensor(p, requires_grad=True) for p in CASES[name]]
    ag.manual_seed(6)
    torch.manual_seed(6)
    x = getattr(D, name)(*ours_params).rsample(sample_shape)
    y = getattr(TD, name)(*theirs_params).rsample(sample_shape)
    close(x, y)
    (x * x).sum().backward()
    (y * y).sum().backward()
    for mine, theirs in zip(ours_params, theirs_params):
        close(mine.grad, theirs.grad, dict(rtol=1e-9, atol=1e-10))


def test_kl_cauchy():
    p, q = pair("Cauchy", (LOC, SCALE)), pair("Cauchy", (LOC[::-1].copy(), SCALE[::-1].copy()))
    close(D.kl_divergence(p[0], q[0]), TD.kl_divergence(p[1], q[1]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_scale(name):
    params = list(CASES[name])
    params[-1] = -params[-1]
    with pytest.raises(ValueError):
        pair(name, params)[1]
    with pytest.raises(ValueError):
        getattr(D, name)(*(ag.tensor(p) for p in params))
