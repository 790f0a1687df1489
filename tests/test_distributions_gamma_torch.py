"""The gamma family and the count distributions against torch.distributions (float64):
log_prob, entropy, mean/variance/mode, samples after the same manual_seed (PyTorch's
rejection samplers draw for draw), rsample gradients (implicit reparameterisation) and KL."""

import numpy as np
import pytest

import autograd as ag
import autograd.distributions as D

torch = pytest.importorskip("torch")
TD = torch.distributions
TOL = dict(rtol=1e-10, atol=1e-12)
RNG = np.random.default_rng(11)


pytestmark = pytest.mark.usefixtures("torch_float64")  # conftest.py


A = np.array([[0.05, 0.3, 0.9, 1.0], [1.5, 3.0, 9.0, 30.0]])  # every branch of the samplers
B = RNG.uniform(0.5, 2.0, (2, 4))
P = RNG.uniform(0.05, 0.95, (2, 4))
COUNTS = np.array([[0.0, 1.0, 3.0, 7.0], [2.0, 5.0, 0.0, 9.0]])
CONC = RNG.uniform(0.2, 3.0, (3, 4))

CASES = {
    "Gamma": ((A, B), lambda: RNG.uniform(0.1, 5, (2, 4))),
    "Chi2": ((A * 3,), lambda: RNG.uniform(0.1, 5, (2, 4))),
    "Beta": ((A, B), lambda: RNG.uniform(0.05, 0.95, (2, 4))),
    "Dirichlet": ((CONC,), lambda: RNG.dirichlet(np.ones(4), 3)),
    "Poisson": ((A * 10,), lambda: COUNTS),
    "Geometric": ((P,), lambda: COUNTS),
    "NegativeBinomial": ((B * 3, P), lambda: COUNTS),
}


def pair(name, params):
    ours = getattr(D, name)(*(ag.tensor(p) for p in params))
    theirs = getattr(TD, name)(*(torch.tensor(p) for p in params))
    return ours, theirs


def close(ours, theirs, tol=TOL):
    np.testing.assert_allclose(ours._data, theirs.detach().numpy(), **tol)


@pytest.mark.parametrize("name", sorted(CASES))
def test_log_prob_moments_entropy(name):
    params, values = CASES[name]
    ours, theirs = pair(name, params)
    value = values()
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    for prop in ("mean", "variance", "mode", "stddev"):
        close(getattr(ours, prop), getattr(theirs, prop))
    if name not in ("Poisson", "NegativeBinomial"):  # PyTorch has no entropy for them
        close(ours.entropy(), theirs.entropy())
    assert ours.batch_shape == theirs.batch_shape and ours.event_shape == theirs.event_shape
    assert ours.has_rsample == theirs.has_rsample


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("sample_shape", [(), (3,), (2, 5)])
def test_samples_match_torch(name, sample_shape):
    ours, theirs = pair(name, CASES[name][0])
    ag.manual_seed(4)
    torch.manual_seed(4)
    ours_sample, theirs_sample = ours.sample(sample_shape), theirs.sample(sample_shape)
    assert tuple(ours_sample.shape) == tuple(theirs_sample.shape)
    np.testing.assert_array_equal(ours_sample._data, theirs_sample.numpy())
    assert ag.rand(3)._data.tolist() == torch.rand(3).tolist()  # the streams stay together


def test_binomial():
    n = np.array([[5.0, 100.0, 1000.0, 30.0], [0.0, 12.0, 50.0, 3.0]])
    ours, theirs = D.Binomial(ag.tensor(n), ag.tensor(P)), TD.Binomial(torch.tensor(n), torch.tensor(P))
    value = np.minimum(COUNTS, n)
    close(ours.log_prob(ag.tensor(value)), theirs.log_prob(torch.tensor(value)))
    for prop in ("mean", "variance", "mode"):
        close(getattr(ours, prop), getattr(theirs, prop))
    ag.manual_seed(2)
    torch.manual_seed(2)
    np.testing.assert_array_equal(ours.sample((4,))._data, theirs.sample((4,)).numpy())
    same_n = D.Binomial(10, ag.tensor(P)), TD.Binomial(10, torch.tensor(P))
    close(same_n[0].entropy(), same_n[1].entropy())
    close(
        D.Binomial(10, logits=ag.tensor(B)).log_prob(ag.tensor(COUNTS)),
        TD.Binomial(10, logits=torch.tensor(B)).log_prob(torch.tensor(COUNTS)),
    )


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_top_level_samplers(dtype):
    rates = torch.tensor([0.0, 0.5, 3.0, 12.0, 100.0] * 3, dtype=dtype)
    ag.manual_seed(9)
    torch.manual_seed(9)
    ours = ag.poisson(ag.tensor(rates.numpy()))
    np.testing.assert_array_equal(ours._data, torch.poisson(rates).numpy())
    assert ours.dtype == rates.numpy().dtype
    count = torch.tensor([5.0, 100.0, 1000.0, 30.0, 0.0], dtype=dtype)
    prob = torch.tensor([0.3, 0.2, 0.7, 0.95, 0.5], dtype=dtype)
    ours = ag.binomial(ag.tensor(count.numpy()), ag.tensor(prob.numpy()))
    np.testing.assert_array_equal(ours._data, torch.binomial(count, prob).numpy())
    alpha = torch.tensor([0.05, 0.3, 1.0, 2.5, 30.0] * 3, dtype=dtype)
    from autograd.random import rejection

    np.testing.assert_array_equal(
        rejection.standard_gamma(alpha.numpy()), torch._standard_gamma(alpha).numpy()
    )


def test_dirichlet_samples_of_up_to_four_categories_match():
    c = RNG.uniform(0.1, 3, (6, 4))
    ag.manual_seed(1)
    torch.manual_seed(1)
    from autograd.random import rejection

    np.testing.assert_array_equal(rejection.dirichlet(c), torch._sample_dirichlet(torch.tensor(c)).numpy())


def test_standard_gamma_grad_matches_torch():
    from autograd.distributions.gamma import standard_gamma_grad

    alpha = np.array([0.3, 1.5, 9.0, 20.0, 3.0, 12.0, 12.0, 0.5, 50.0])
    x = np.array([0.5, 0.7, 9.5, 30.0, 2.0, 1.0, 12.5, 3.0, 40.0])  # each branch of the kernel
    expected = torch._standard_gamma_grad(torch.tensor(alpha), torch.tensor(x)).numpy()
    np.testing.assert_allclose(standard_gamma_grad(alpha, x), expected, rtol=1e-12)


def test_gamma_rsample_gradients_match_torch():
    a, b = ag.tensor(A, requires_grad=True), ag.tensor(B, requires_grad=True)
    ta, tb = torch.tensor(A, requires_grad=True), torch.tensor(B, requires_grad=True)
    ag.manual_seed(3)
    torch.manual_seed(3)
    ours, theirs = D.Gamma(a, b).rsample((20,)), TD.Gamma(ta, tb).rsample((20,))
    close(ours, theirs)
    (ours * ours).sum().backward()
    (theirs * theirs).sum().backward()
    close(a.grad, ta.grad, dict(rtol=1e-9, atol=1e-12))
    close(b.grad, tb.grad)


KL = {
    "Gamma": ((A, B), (B, A + 0.5)),
    "Beta": ((A, B), (B, A + 0.5)),
    "Dirichlet": ((CONC,), (CONC[::-1].copy(),)),
    "Poisson": ((B,), (A + 0.1,)),
    "Geometric": ((P,), (P[::-1].copy(),)),
}


@pytest.mark.parametrize("name", sorted(KL))
def test_kl(name):
    p, q = KL[name]
    ours = D.kl_divergence(pair(name, p)[0], pair(name, q)[0])
    close(ours, TD.kl_divergence(pair(name, p)[1], pair(name, q)[1]))


def test_kl_binomial():
    p, q = RNG.uniform(0.1, 0.9, 4), RNG.uniform(0.1, 0.9, 4)
    close(
        D.kl_divergence(D.Binomial(7, ag.tensor(p)), D.Binomial(7, ag.tensor(q))),
        TD.kl_divergence(TD.Binomial(7, torch.tensor(p)), TD.Binomial(7, torch.tensor(q))),
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.Gamma(m.tensor([-1.0]), m.tensor([1.0])),
        lambda m: m.Gamma(m.tensor([1.0]), m.tensor([0.0])),
        lambda m: m.Beta(m.tensor([1.0]), m.tensor([-2.0])),
        lambda m: m.Dirichlet(m.tensor([1.0, -1.0])),
        lambda m: m.Poisson(m.tensor([-1.0])),
        lambda m: m.Geometric(m.tensor([1.5])),
        lambda m: m.Binomial(3, m.tensor([1.5])),
        lambda m: m.Binomial(m.tensor([2.5]), m.tensor([0.5])),
        lambda m: m.NegativeBinomial(m.tensor([2.0]), m.tensor([1.0])),
        lambda m: m.Chi2(m.tensor([0.0])),
    ],
)
def test_invalid_parameters_raise_value_error(make):
    class Ours:
        tensor = staticmethod(ag.tensor)

    class Theirs:
        tensor = staticmethod(torch.tensor)

    for name in dir(D):
        setattr(Ours, name, getattr(D, name))
    for name in dir(TD):
        if not name.startswith("_"):
            setattr(Theirs, name, getattr(TD, name))
    with pytest.raises(ValueError):
        make(Theirs)
    with pytest.raises(ValueError):
        make(Ours)


@pytest.mark.parametrize("name", sorted(CASES))
def test_expand(name):
    ours, theirs = pair(name, CASES[name][0])
    shape = (3,) + tuple(theirs.batch_shape)
    ours_e, theirs_e = ours.expand(shape), theirs.expand(shape)
    assert ours_e.batch_shape == theirs_e.batch_shape
    close(ours_e.mean, theirs_e.mean)


@pytest.mark.parametrize("given", ["probs", "logits"])
def test_multinomial(given):
    param = RNG.uniform(0.1, 1.0, (2, 3)) if given == "probs" else RNG.uniform(-2, 2, (2, 3))
    ours, theirs = (
        D.Multinomial(6, **{given: ag.tensor(param)}),
        TD.Multinomial(6, **{given: torch.tensor(param)}),
    )
    ag.manual_seed(8)
    torch.manual_seed(8)
    value = theirs.sample((4,))
    np.testing.assert_array_equal(ours.sample((4,))._data, value.numpy())
    close(ours.log_prob(ag.tensor(value.numpy())), theirs.log_prob(value))
    close(ours.entropy(), theirs.entropy())
    for prop in ("mean", "variance"):
        close(getattr(ours, prop), getattr(theirs, prop))
    assert ours.expand((4, 2)).batch_shape == theirs.expand((4, 2)).batch_shape
    with pytest.raises(ValueError):
        TD.Multinomial(3, torch.tensor([0.5, -0.5]))
    with pytest.raises(ValueError):
        D.Multinomial(3, ag.tensor([0.5, -0.5]))
