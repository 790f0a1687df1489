"""LBFGS: its pieces against their definitions (two-loop recursion, cubic interpolation, fma),
Rosenbrock's function against PyTorch iterate by iterate, resuming from a save, errors."""

from fractions import Fraction

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor
from optim.fma import add_alpha, dot, fma
from optim.lbfgs import two_loop
from optim.line_search import cubic_interpolate


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


def closure_for(opt, loss_of, params):
    def closure():
        opt.zero_grad()
        loss = loss_of(*params)
        loss.backward()
        return loss

    return closure


# ----- the pieces ------------------------------------------------------------------
def test_two_loop_applies_the_bfgs_inverse_hessian():
    """H from H0 = h I by the BFGS update H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T."""
    rng = np.random.default_rng(0)
    n, m = 5, 4
    steps = [rng.normal(size=n) for _ in range(m)]
    dirs = [s + 0.3 * rng.normal(size=n) for s in steps]  # y . s > 0 for these
    rhos = [1 / y.dot(s) for y, s in zip(dirs, steps)]
    assert all(rho > 0 for rho in rhos)
    h = dirs[-1].dot(steps[-1]) / dirs[-1].dot(dirs[-1])
    H = h * np.eye(n)
    for s, y, rho in zip(steps, dirs, rhos):
        H = (np.eye(n) - rho * np.outer(s, y)) @ H @ (np.eye(n) - rho * np.outer(y, s)) + rho * np.outer(s, s)
    g = rng.normal(size=n)
    np.testing.assert_allclose(two_loop(g, dirs, steps, rhos, h), -H @ g, rtol=1e-12)
    np.testing.assert_allclose(H @ dirs[-1], steps[-1], rtol=1e-12)  # the secant condition H y = s


def test_cubic_interpolate_finds_the_minimum_of_a_cubic():
    # f(x) = (x - 1)^2 (x + 2) = x^3 - 3x + 2: local minimum at x = 1
    f, df = (lambda x: x**3 - 3 * x + 2), (lambda x: 3 * x**2 - 3)
    for x1, x2 in [(0.0, 2.0), (2.5, 0.2), (-0.5, 1.2)]:
        assert cubic_interpolate(x1, f(x1), df(x1), x2, f(x2), df(x2)) == pytest.approx(1.0, rel=1e-12)
    # clamped to the bounds; without a minimum (d1^2 < g1 g2) the middle of the bounds
    assert cubic_interpolate(0.0, f(0.0), df(0.0), 2.0, f(2.0), df(2.0), bounds=(1.5, 3.0)) == 1.5
    assert cubic_interpolate(0.0, 0.0, 1.0, 1.0, 2.0, 4.0, bounds=(0.0, 4.0)) == 2.0  # x^3 + x


def test_fma_rounds_once():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=500) * 1e3, rng.normal(size=500)
    c = np.concatenate([rng.normal(size=250), -(a[250:] * b[250:]) * (1 + 1e-13)])  # cancellation
    exact = [float(Fraction(x) * Fraction(y) + Fraction(z)) for x, y, z in zip(a, b, c)]
    np.testing.assert_array_equal(fma(a, b, c), exact)
    assert np.any(fma(a, b, c) != a * b + c)  # two roundings differ somewhere


def test_dot_rounds_each_product_then_adds():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(500, 2)) * 1e3, rng.normal(size=(500, 2))
    ours = [dot(x, y) for x, y in zip(a, b)]
    assert ours == [float(x[0] * y[0]) + float(x[1] * y[1]) for x, y in zip(a, b)]
    assert ours != [float(fma(x[1], y[1], x[0] * y[0])) for x, y in zip(a, b)]  # not fused


def test_dot_and_add_alpha_round_as_pytorchs():
    """Bit for bit, under the CPU capability PyTorch runs with (ATEN_CPU_CAPABILITY too)."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    for n in (2, 37):
        for _ in range(200):
            x, y, alpha = rng.normal(size=n) * 1e3, rng.normal(size=n), rng.normal()
            expected = torch.tensor(x).add_(torch.tensor(y), alpha=alpha).numpy()
            np.testing.assert_array_equal(add_alpha(x, y, alpha), expected)
            if n == 2:  # longer dot products: MKL's order of addition, which depends on the CPU
                assert dot(x, y) == torch.dot(torch.tensor(x), torch.tensor(y)).item()


# ----- the whole method -------------------------------------------------------------
@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_minimises_rosenbrock(line_search_fn):
    x = Tensor(np.array([-1.5, 2.0]), requires_grad=True)
    opt = optim.LBFGS([x], lr=0.5 if line_search_fn is None else 1, line_search_fn=line_search_fn)
    closure = closure_for(opt, rosenbrock, [x])
    first = opt.step(closure)
    assert first.item() == rosenbrock(np.array([-1.5, 2.0]))  # the first evaluation's loss
    for _ in range(10):
        opt.step(closure)
    np.testing.assert_allclose(x.numpy(), [1.0, 1.0], atol=1e-4)
    state = opt.state[x]
    assert state["func_evals"] >= state["n_iter"] >= 20
    assert len(state["old_dirs"]) == len(state["old_stps"]) == len(state["ro"]) <= 100


ROSENBROCK_CONFIGS = [
    dict(),
    dict(lr=0.5, max_iter=3),
    dict(lr=0.1, max_iter=5, history_size=2),
    dict(lr=0.3, max_eval=12),
    dict(line_search_fn="strong_wolfe"),
    dict(line_search_fn="strong_wolfe", history_size=3, max_iter=7),
    dict(line_search_fn="strong_wolfe", lr=0.1, max_iter=5, tolerance_change=1e-12),
    dict(line_search_fn="strong_wolfe", max_iter=1),  # max_eval 1: no room for a line search
    dict(line_search_fn="strong_wolfe", tolerance_grad=1e-3),  # later steps: optimal at once
]


@pytest.mark.parametrize("config", ROSENBROCK_CONFIGS, ids=[str(c) for c in ROSENBROCK_CONFIGS])
def test_rosenbrock_iterates_equal_pytorchs(config):
    torch = pytest.importorskip("torch")
    start = np.array([-1.5, 2.0])
    x, xt = Tensor(start.copy(), requires_grad=True), torch.tensor(start, requires_grad=True)
    opt, opt_t = optim.LBFGS([x], **config), torch.optim.LBFGS([xt], **config)
    closure, closure_t = closure_for(opt, rosenbrock, [x]), closure_for(opt_t, rosenbrock, [xt])
    for _ in range(25):
        loss, loss_t = opt.step(closure), opt_t.step(closure_t)
        np.testing.assert_allclose(loss.item(), loss_t.item(), rtol=1e-10)
        np.testing.assert_allclose(x.numpy(), xt.detach().numpy(), rtol=1e-10, atol=1e-12)
    state, state_t = opt.state[x], opt_t.state[xt]
    assert (state["func_evals"], state["n_iter"]) == (state_t["func_evals"], state_t["n_iter"])
    assert len(state["old_dirs"]) == len(state_t["old_dirs"])


def test_several_parameters_equal_pytorchs():
    """A logistic regression with a weight matrix, a bias and a parameter without gradient."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(30, 4)), rng.integers(0, 3, size=30)
    W, b = rng.normal(size=(4, 3)) * 0.1, np.zeros(3)

    def make(tensor, cross_entropy, LBFGS):
        params = [tensor(W.copy(), requires_grad=True), tensor(b.copy(), requires_grad=True)]
        unused = tensor(np.ones(2), requires_grad=True)
        inputs, targets = tensor(X), tensor(labels)

        def loss_of(W, b):
            return cross_entropy(inputs @ W + b, targets) + 0.01 * (W * W).sum()

        opt = LBFGS(params + [unused], history_size=5, line_search_fn="strong_wolfe")
        return params, opt, closure_for(opt, loss_of, params)

    ours, opt, closure = make(autograd.tensor, nn.functional.cross_entropy, optim.LBFGS)
    theirs, opt_t, closure_t = make(torch.tensor, torch.nn.functional.cross_entropy, torch.optim.LBFGS)
    for _ in range(4):
        opt.step(closure)
        opt_t.step(closure_t)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
def test_state_dict_round_trip_mid_run_continues_identically(line_search_fn, tmp_path):
    config = dict(lr=0.5, max_iter=4, history_size=3, line_search_fn=line_search_fn)

    def make(values):
        x = Tensor(np.array(values), requires_grad=True)
        opt = optim.LBFGS([x], **config)
        return x, opt, closure_for(opt, rosenbrock, [x])

    x, opt, closure = make([-1.5, 2.0])
    for _ in range(6):
        opt.step(closure)
    straight = x.numpy().copy()

    x, opt, closure = make([-1.5, 2.0])
    for _ in range(3):
        opt.step(closure)
    nn.save(opt, tmp_path / "lbfgs.npz")
    assert len(opt.state[x]["old_dirs"]) == 3  # the history is full: the next pair drops one
    resumed, fresh, closure = make(x.numpy().copy())
    nn.load(fresh, tmp_path / "lbfgs.npz")
    assert fresh.param_groups[0]["line_search_fn"] == line_search_fn
    for _ in range(3):
        fresh.step(closure)
    np.testing.assert_array_equal(resumed.numpy(), straight)


def test_state_dict_is_a_snapshot():
    x = Tensor(np.array([-1.5, 2.0]), requires_grad=True)
    opt = optim.LBFGS([x], max_iter=3)
    closure = closure_for(opt, rosenbrock, [x])
    opt.step(closure)
    saved = opt.state_dict()
    dirs = [d.copy() for d in saved["state"][0]["old_dirs"]]
    opt.step(closure)
    assert len(saved["state"][0]["old_dirs"]) == len(dirs)
    for a, b in zip(saved["state"][0]["old_dirs"], dirs):
        np.testing.assert_array_equal(a, b)


def test_errors():
    x = Tensor(np.zeros(2), requires_grad=True)
    with pytest.raises(TypeError, match="LBFGS.step needs a closure"):
        optim.LBFGS([x]).step()
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        optim.LBFGS([{"params": [x]}, {"params": [Tensor(np.zeros(1), requires_grad=True)]}])
    with pytest.raises(ValueError, match="line_search_fn must be None or 'strong_wolfe', got 'armijo'"):
        optim.LBFGS([x], line_search_fn="armijo")
    with pytest.raises(ValueError, match="LBFGS: invalid lr=-1.0"):
        optim.LBFGS([x], lr=-1)
    with pytest.raises(ValueError, match="max_iter must be a positive integer, got 0"):
        optim.LBFGS([x], max_iter=0)
    with pytest.raises(ValueError, match="history_size must be a positive integer, got 2.5"):
        optim.LBFGS([x], history_size=2.5)
    with pytest.raises(ValueError, match=r"state 'd' of parameter 0 has shape \(3,\)"):
        optim.LBFGS([x]).load_state_dict(
            {"state": {0: {"d": np.zeros(3)}}, "param_groups": optim.LBFGS([x]).state_dict()["param_groups"]}
        )
