"""TransformedDistribution, LogNormal, HalfNormal, HalfCauchy, Gumbel, Weibull, Pareto against torch.distributions
(float64): log_prob, cdf, entropy, moments, samples after the same manual_seed and rsample
gradients."""

import numpy as np
import pytest

import autograd as ag
import autograd.distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
TOL = dict(rtol=1e-10, atol=1e-12)
RNG = np.random.default_rng(17)


pytestmark = pytest.mark.usefixtures("torch_float64")  # conftest.py


LOC, SCALE = RNG.normal(size=(2, 3)), RNG.uniform(0.5, 2, (2, 3))
CONC = RNG.uniform(0.5, 3, (2, 3))
CASES = {
    "LogNormal": (LOC, SCALE),
    "HalfNormal": (SCALE,),
    "HalfCauchy": (SCALE,),
    "Gumbel": (LOC, SCALE),
    "Weibull": (SCALE, CONC),
    "Pareto": (SCALE * 0.02, CONC),  # support: x >= scale
    "Kumaraswamy": (CONC, SCALE),
}


def close(ours, theirs, tol=TOL):
    np.testing.assert_allclose(ours._data, theirs.detach().numpy(), **tol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_values(name):
    ours = getattr(D, name)(*(ag.tensor(p) for p in CASES[name]))
    theirs = getattr(TD, name)(*(torch.tensor(p) for p in CASES[name]))
    value = RNG.uniform(0.05, 0.95 if name == "Kumaraswamy" else 4, (4, 2, 3))
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    close(ours.cdf(ag.tensor(value)), theirs.cdf(torch.tensor(value)))
    close(ours.entropy(), theirs.entropy())
    for prop in ("mean", "mode", "variance"):
        np.testing.assert_allclose(getattr(ours, prop)._data, getattr(theirs, prop).detach().numpy(), **TOL)
    assert ours.expand((5, 2, 3)).batch_shape == theirs.expand((5, 2, 3)).batch_shape
    assert ours.has_rsample == theirs.has_rsample


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("sample_shape", [(), (4,), (2, 5)])
def test_rsample(name, sample_shape):
    """Equal samples (to the last bit of exp, log and pow: numpy's and PyTorch's differ there
    for a few percent of values) and equal gradients."""
    ours_params = [ag.tensor(p, requires_grad=True) for p in CASES[name]]
    theirs_params = [torch.tensor(p, requires_grad=True) for p in CASES[name]]
    ag.manual_seed(2)
    torch.manual_seed(2)
    x = getattr(D, name)(*ours_params).rsample(sample_shape)
    y = getattr(TD, name)(*theirs_params).rsample(sample_shape)
    close(x, y, dict(rtol=1e-15, atol=0))
    (x * x).sum().backward()
    (y * y).sum().backward()
    for mine, theirs in zip(ours_params, theirs_params):
        close(mine.grad, theirs.grad)


def test_transformed_distribution_of_affine_and_exp():
    base_ours, base_theirs = (
        D.Normal(ag.tensor(LOC), ag.tensor(SCALE)),
        TD.Normal(torch.tensor(LOC), torch.tensor(SCALE)),
    )
    ours = D.TransformedDistribution(
        base_ours, [D.transforms.AffineTransform(0.5, 2.0), D.transforms.ExpTransform()]
    )
    theirs = TD.TransformedDistribution(
        base_theirs, [TD.transforms.AffineTransform(0.5, 2.0), TD.transforms.ExpTransform()]
    )
    value = RNG.uniform(0.1, 5, (2, 3))
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    close(ours.cdf(ag.tensor(value)), theirs.cdf(torch.tensor(value)))
    with pytest.raises(ValueError):
        D.TransformedDistribution(base_ours, ["exp"])
    # y = 1 / e^(2x): decreasing, so cdf(y) = 1 - F(x)
    ours = D.TransformedDistribution(
        base_ours, [D.transforms.AffineTransform(0.0, -2.0), D.transforms.ExpTransform()]
    )
    theirs = TD.TransformedDistribution(
        base_theirs, [TD.transforms.AffineTransform(0.0, -2.0), TD.transforms.ExpTransform()]
    )
    value = RNG.uniform(0.1, 5, (2, 3))
    close(ours.cdf(ag.tensor(value)), theirs.cdf(torch.tensor(value)))
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    close(
        D.transforms.ExpTransform().inv(ag.tensor(value)),
        TD.transforms.ExpTransform().inv(torch.tensor(value)),
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_scale(name):
    params = [np.array([1.0, -1.0])] * len(CASES[name])
    with pytest.raises(ValueError):
        getattr(TD, name)(*(torch.tensor(p) for p in params))
    with pytest.raises(ValueError):
        getattr(D, name)(*(ag.tensor(p) for p in params))
