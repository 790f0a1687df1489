"""Optimisers: update rules against formulas written out here, PyTorch (optional),
saving/resuming, dtypes, skipping, errors and convergence."""

import math

import numpy as np
import pytest

import autograd
import optim
from autograd import Tensor

OPTIMIZERS = [
    optim.SGD,
    optim.Adam,
    optim.AdamW,
    optim.Adamax,
    optim.NAdam,
    optim.RAdam,
    optim.RMSprop,
    optim.Rprop,
    optim.Adagrad,
    optim.Adadelta,
    optim.ASGD,
]


def decay(cls, weight_decay=0.1):
    """``weight_decay=...`` for the rules that have it (Rprop has none)."""
    return {} if cls is optim.Rprop else dict(weight_decay=weight_decay)


def param(values, dtype=np.float64):
    return Tensor(np.array(values, dtype=dtype), requires_grad=True)


def gradient(p):
    """A fixed, non-trivial gradient field used by the formula tests: g = 3p - 1 + sin(p)."""
    return 3 * p - 1 + np.sin(p)


def run(optimizer_class, start, steps, **config):
    """Steps of our optimiser on one parameter with gradient(p); returns each step's values."""
    p = param(start)
    opt = optimizer_class([p], **config)
    history = []
    for _ in range(steps):
        p.grad = gradient(p.numpy())
        opt.step()
        history.append(p.numpy().copy())
    return history


START = [0.5, -1.5, 2.0, 0.0]


# ----- the first steps, by hand -------------------------------------------------
def test_sgd_momentum_by_hand():
    # constant gradient 1, lr 0.1, momentum 0.9: buffers 1, 1.9, 2.71 (first = gradient)
    p = param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    values = []
    for _ in range(3):
        p.grad = np.array([1.0])
        opt.step()
        values.append(p.numpy()[0])
    np.testing.assert_allclose(values, [0.9, 0.71, 0.439], rtol=1e-14)


def test_sgd_nesterov_and_dampening_by_hand():
    p = param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True)
    values = []
    for _ in range(2):
        p.grad = np.array([1.0])
        opt.step()
        values.append(p.numpy()[0])
    # step 1: b = 1, g' = 1 + 0.9 * 1 = 1.9; step 2: b = 1.9, g' = 1 + 0.9 * 1.9 = 2.71
    np.testing.assert_allclose(values, [1 - 0.19, 1 - 0.19 - 0.271], rtol=1e-14)

    p = param([1.0])
    opt = optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5)
    for _ in range(2):
        p.grad = np.array([1.0])
        opt.step()
    # first buffer is the gradient itself (no dampening), then 0.9 * 1 + 0.5 * 1 = 1.4
    np.testing.assert_allclose(p.numpy(), [1 - 0.1 - 0.14], rtol=1e-14)


def test_adam_constant_gradient_steps_are_lr():
    # with a constant gradient the bias-corrected moments are exactly g and g^2,
    # so every step is lr * g / (|g| + eps)
    p = param([1.0, -2.0])
    opt = optim.Adam([p], lr=0.01)
    for step in range(1, 4):
        p.grad = np.array([0.5, -3.0])
        opt.step()
        expected = np.array([1.0, -2.0]) - step * 0.01 * np.array([0.5 / (0.5 + 1e-8), -3.0 / (3.0 + 1e-8)])
        np.testing.assert_allclose(p.numpy(), expected, rtol=1e-13)


@pytest.mark.parametrize(
    "config",
    [
        dict(lr=0.1),
        dict(lr=0.1, weight_decay=0.2),
        dict(lr=0.05, momentum=0.9),
        dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.1),
        dict(lr=0.05, momentum=0.8, nesterov=True),
        dict(lr=0.05, momentum=0.5, maximize=True),
    ],
)
def test_sgd_formula(config):
    lr, mu = config["lr"], config.get("momentum", 0.0)
    tau, wd = config.get("dampening", 0.0), config.get("weight_decay", 0.0)
    p, b = np.array(START), None
    for got in run(optim.SGD, START, 3, **config):
        g = -gradient(p) if config.get("maximize") else gradient(p)
        g = g + wd * p
        if mu:
            b = g.copy() if b is None else mu * b + (1 - tau) * g
            g = g + mu * b if config.get("nesterov") else b
        p = p - lr * g
        np.testing.assert_allclose(got, p, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "cls, config",
    [
        (optim.Adam, dict(lr=0.1)),
        (optim.Adam, dict(lr=0.1, betas=(0.5, 0.7), weight_decay=0.3)),
        (optim.Adam, dict(lr=0.1, betas=(0.8, 0.5), amsgrad=True)),
        (optim.Adam, dict(lr=0.1, maximize=True)),
        (optim.AdamW, dict(lr=0.1)),
        (optim.AdamW, dict(lr=0.1, weight_decay=0.5, amsgrad=True)),
    ],
)
def test_adam_formula(cls, config):
    """Textbook form: m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), p -= lr * m_hat / (sqrt(v_hat) + eps)."""
    lr, (b1, b2) = config["lr"], config.get("betas", (0.9, 0.999))
    wd = config.get("weight_decay", 1e-2 if cls is optim.AdamW else 0.0)
    p = np.array(START)
    m, v, v_max = np.zeros(4), np.zeros(4), np.zeros(4)
    for t, got in enumerate(run(cls, START, 3, **config), start=1):
        g = -gradient(p) if config.get("maximize") else gradient(p)
        if cls is optim.AdamW:
            p = p - lr * wd * p
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        v_max = np.maximum(v_max, v)
        v_used = v_max if config.get("amsgrad") else v
        p = p - lr * (m / (1 - b1**t)) / (np.sqrt(v_used / (1 - b2**t)) + 1e-8)
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


def test_amsgrad_uses_the_largest_second_moment():
    # betas (0.9, 0.5): v1 = 0.5 * g1^2 = 0.5; a zero gradient halves v to 0.25, the max stays 0.5
    p, q = param([0.0]), param([0.0])
    plain, ams = (
        optim.Adam([p], lr=1.0, betas=(0.9, 0.5)),
        optim.Adam([q], lr=1.0, betas=(0.9, 0.5), amsgrad=True),
    )
    for g in (1.0, 0.0):
        p.grad, q.grad = np.array([g]), np.array([g])
        plain.step()
        ams.step()
    m2 = 0.9 * 0.1
    step1 = 1.0 / (1.0 + 1e-8)
    np.testing.assert_allclose(p.numpy(), [-step1 - m2 / 0.19 / (math.sqrt(0.25 / 0.75) + 1e-8)], rtol=1e-13)
    np.testing.assert_allclose(q.numpy(), [-step1 - m2 / 0.19 / (math.sqrt(0.5 / 0.75) + 1e-8)], rtol=1e-13)
    np.testing.assert_allclose(ams.state[q]["max_exp_avg_sq"], [0.5])


@pytest.mark.parametrize(
    "config",
    [
        dict(),
        dict(lr=0.05, alpha=0.9, weight_decay=0.1),
        dict(lr=0.05, centered=True),
        dict(lr=0.01, momentum=0.9),
        dict(lr=0.01, alpha=0.8, centered=True, momentum=0.5, eps=1e-3),
    ],
)
def test_rmsprop_formula(config):
    """Centered: divide by the running standard deviation sqrt(E[g^2] - E[g]^2)."""
    lr, alpha = config.get("lr", 1e-2), config.get("alpha", 0.99)
    eps, wd, mu = config.get("eps", 1e-8), config.get("weight_decay", 0.0), config.get("momentum", 0.0)
    p = np.array(START)
    mean_sq, mean, b = np.zeros(4), np.zeros(4), np.zeros(4)
    for got in run(optim.RMSprop, START, 3, **config):
        g = gradient(p) + wd * p
        mean_sq = alpha * mean_sq + (1 - alpha) * g**2
        mean = alpha * mean + (1 - alpha) * g
        spread = mean_sq - mean**2 if config.get("centered") else mean_sq
        scaled = g / (np.sqrt(spread) + eps)
        if mu:
            b = mu * b + scaled
            p = p - lr * b
        else:
            p = p - lr * scaled
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "config",
    [
        dict(),
        dict(lr=0.5, lr_decay=0.3),
        dict(lr=0.1, initial_accumulator_value=0.7, weight_decay=0.2),
    ],
)
def test_adagrad_formula(config):
    lr, decay = config.get("lr", 1e-2), config.get("lr_decay", 0.0)
    wd, G = config.get("weight_decay", 0.0), np.full(4, config.get("initial_accumulator_value", 0.0))
    p = np.array(START)
    for t, got in enumerate(run(optim.Adagrad, START, 3, **config), start=1):
        g = gradient(p) + wd * p
        G = G + g**2
        p = p - lr / (1 + (t - 1) * decay) * g / (np.sqrt(G) + 1e-10)
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("config", [dict(), dict(lr=0.5, rho=0.6, eps=1e-3, weight_decay=0.1)])
def test_adadelta_formula(config):
    lr, rho = config.get("lr", 1.0), config.get("rho", 0.9)
    eps, wd = config.get("eps", 1e-6), config.get("weight_decay", 0.0)
    p, s, u = np.array(START), np.zeros(4), np.zeros(4)
    for got in run(optim.Adadelta, START, 3, **config):
        g = gradient(p) + wd * p
        s = rho * s + (1 - rho) * g**2
        d = np.sqrt(u + eps) / np.sqrt(s + eps) * g
        u = rho * u + (1 - rho) * d**2
        p = p - lr * d
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("config", [dict(), dict(lr=0.1, betas=(0.5, 0.8), eps=1e-3, weight_decay=0.2)])
def test_adamax_formula(config):
    lr, (b1, b2) = config.get("lr", 2e-3), config.get("betas", (0.9, 0.999))
    eps, wd = config.get("eps", 1e-8), config.get("weight_decay", 0.0)
    p, m, u = np.array(START), np.zeros(4), np.zeros(4)
    for t, got in enumerate(run(optim.Adamax, START, 4, **config), start=1):
        g = gradient(p) + wd * p
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g) + eps)
        p = p - lr / (1 - b1**t) * m / u
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "config",
    [
        dict(),
        dict(lr=0.1, momentum_decay=0.1, weight_decay=0.2),
        dict(weight_decay=0.3, decoupled_weight_decay=True),
    ],
)
def test_nadam_formula(config):
    lr, (b1, b2), psi = config.get("lr", 2e-3), (0.9, 0.999), config.get("momentum_decay", 4e-3)
    wd, decoupled = config.get("weight_decay", 0.0), config.get("decoupled_weight_decay", False)
    p, m, v, product = np.array(START), np.zeros(4), np.zeros(4), 1.0
    mu = lambda t: b1 * (1 - 0.5 * 0.96 ** (t * psi))  # noqa: E731
    for t, got in enumerate(run(optim.NAdam, START, 4, **config), start=1):
        g = gradient(p)
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        product *= mu(t)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        r = np.sqrt(v / (1 - b2**t)) + 1e-8
        p = p - lr * (1 - mu(t)) / (1 - product) * g / r - lr * mu(t + 1) / (1 - product * mu(t + 1)) * m / r
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("config", [dict(lr=0.01), dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.2)])
def test_radam_formula(config):
    """Steps 1-5 have rho_t <= 5 (momentum SGD), from step 6 on the rectified adaptive step."""
    lr, (b1, b2), wd = config["lr"], config.get("betas", (0.9, 0.999)), config.get("weight_decay", 0.0)
    p, m, v = np.array(START), np.zeros(4), np.zeros(4)
    rho_inf = 2 / (1 - b2) - 1
    for t, got in enumerate(run(optim.RAdam, START, 8, **config), start=1):
        g = gradient(p) + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        rho = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho > 5:
            rect = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
            p = p - lr * m_hat * math.sqrt(1 - b2**t) / (np.sqrt(v) + 1e-8) * rect
        else:
            p = p - lr * m_hat
        np.testing.assert_allclose(got, p, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "config", [dict(lr=0.1, t0=2), dict(lr=0.05, lambd=0.1, alpha=0.5, weight_decay=0.2)]
)
def test_asgd_formula(config):
    lr, lambd, alpha = config["lr"], config.get("lambd", 1e-4), config.get("alpha", 0.75)
    t0, wd = config.get("t0", 1e6), config.get("weight_decay", 0.0)
    p, ax, eta, mu = np.array(START), np.zeros(4), lr, 1.0
    x = param(START)
    opt = optim.ASGD([x], **config)
    for t in range(1, 6):
        x.grad = gradient(x.numpy())
        opt.step()
        g = gradient(p) + wd * p
        p = p * (1 - lambd * eta) - eta * g
        ax = ax + mu * (p - ax)
        eta, mu = lr / (1 + lambd * lr * t) ** alpha, 1 / max(1, t - t0)
        np.testing.assert_allclose(x.numpy(), p, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(opt.state[x]["ax"], ax, rtol=1e-12, atol=1e-14)
        assert opt.state[x]["eta"] == pytest.approx(eta, rel=1e-14)


def test_rprop_by_hand():
    # gradients +1, +1, -1, -1 on one coordinate: steps 0.1, 0.12 (same sign: *1.2), then a sign
    # change halves the step to 0.06 and skips the move, then the stored gradient is 0: step 0.06
    p = param([0.0])
    opt = optim.Rprop([p], lr=0.1)
    values = []
    for g in (1.0, 1.0, -1.0, -1.0):
        p.grad = np.array([g])
        opt.step()
        values.append(p.numpy()[0])
    np.testing.assert_allclose(values, [-0.1, -0.22, -0.22, -0.16], rtol=1e-14)
    np.testing.assert_allclose(opt.state[p]["step_size"], [0.06], rtol=1e-14)


# ----- next to PyTorch, 100 steps in float64 --------------------------------------
@pytest.fixture
def torch64():
    """PyTorch with float64 as its default dtype: the dtype of the numbers it keeps in an optimiser's
    state (ASGD's eta and mu, NAdam's mu_product), which are float64 here."""
    torch = pytest.importorskip("torch")
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(default)


TORCH_CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("SGD", dict(lr=0.05, momentum=0.5, maximize=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.01, weight_decay=0.1)),
    ("Adam", dict(lr=0.01, amsgrad=True)),
    ("Adam", dict(lr=0.02, betas=(0.5, 0.9), eps=1e-6, weight_decay=0.05, amsgrad=True)),
    ("Adam", dict(lr=0.01, maximize=True)),
    ("AdamW", dict(lr=0.01)),
    ("AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    ("AdamW", dict(lr=0.01, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(centered=True)),
    ("RMSprop", dict(lr=0.01, momentum=0.9)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-6, centered=True, momentum=0.5, weight_decay=0.01)),
    ("RMSprop", dict(maximize=True)),
    ("RMSprop", dict(lr=0.01, eps=0.1)),  # eps outside the square root, as PyTorch's
    ("RMSprop", dict(lr=1e-3, alpha=0.5, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, eps=0.1, weight_decay=0.1, maximize=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.1)),
    ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5, weight_decay=0.1, eps=1e-6)),
    ("Adagrad", dict(maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-4, weight_decay=0.1)),
    ("Adadelta", dict(maximize=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.01, betas=(0.5, 0.9), eps=1e-3, weight_decay=0.1)),
    ("Adamax", dict(lr=0.01, maximize=True)),
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.01, betas=(0.8, 0.99), momentum_decay=0.01, weight_decay=0.1)),
    ("NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict()),  # rho_t > 5 from step 6 on: both branches
    ("RAdam", dict(lr=0.01, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1)),
    ("RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.05, lambd=0.01, alpha=0.5, t0=20, weight_decay=0.1)),  # averaging from step 21
    ("ASGD", dict(t0=0, maximize=True)),
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2))),
    ("Rprop", dict(lr=0.05, maximize=True)),
]


@pytest.mark.parametrize("name, config", TORCH_CONFIGS, ids=[f"{n}-{c}" for n, c in TORCH_CONFIGS])
def test_matches_pytorch_for_100_steps(name, config, torch64):
    torch = torch64
    rng = np.random.default_rng(0)
    shapes = [(3, 4), (5,), ()]
    starts = [rng.normal(size=s) for s in shapes]
    ours = [param(s) for s in starts]
    theirs = [torch.tensor(s, dtype=torch.float64, requires_grad=True) for s in starts]
    # two groups, the second with its own lr, to exercise per-group hyper-parameters
    lr = config.get("lr", getattr(optim, name)([param([0.0])]).defaults["lr"])
    groups = lambda ps: [{"params": ps[:2]}, {"params": ps[2:], "lr": lr / 2}]  # noqa: E731
    opt = getattr(optim, name)(groups(ours), **config)
    torch_opt = getattr(torch.optim, name)(groups(theirs), **config)
    for step in range(100):
        for i, (p, q) in enumerate(zip(ours, theirs)):
            if i == 1 and step % 7 == 3:  # sometimes no gradient: both must skip it
                p.grad, q.grad = None, None
                continue
            g = np.cos(3 * p.numpy()) + np.tanh(p.numpy()) + rng.normal(size=p.numpy().shape)
            p.grad, q.grad = g, torch.tensor(g)
        opt.step()
        torch_opt.step()
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.numpy(), q.detach().numpy(), rtol=1e-10, atol=1e-12)
    torch_state = torch_opt.state_dict()["state"]
    for index, entry in opt.state_dict()["state"].items():
        for key, value in entry.items():
            expected = torch_state[index][key]
            expected = expected.item() if key == "step" else expected.numpy()
            np.testing.assert_allclose(value, expected, rtol=1e-10, atol=1e-12, err_msg=key)


# ----- state_dict: save to disk, load, resume ---------------------------------------
def save_npz(path, state_dict):
    """Flatten a state_dict into one npz (keys like 'state/0/exp_avg'), no pickle."""
    arrays = {}
    for g, group in enumerate(state_dict["param_groups"]):
        arrays.update({f"param_groups/{g}/{key}": np.asarray(value) for key, value in group.items()})
    for index, entry in state_dict["state"].items():
        arrays.update({f"state/{index}/{key}": np.asarray(value) for key, value in entry.items()})
    np.savez(path, **arrays)


def load_npz(path):
    state_dict = {"state": {}, "param_groups": []}
    with np.load(path, allow_pickle=False) as archive:
        for name in archive.files:
            part, index, key = name.split("/")
            if part == "state":
                state_dict["state"].setdefault(int(index), {})[key] = archive[name]
            else:
                while len(state_dict["param_groups"]) <= int(index):
                    state_dict["param_groups"].append({})
                state_dict["param_groups"][int(index)][key] = archive[name]
    return state_dict


RESUME_CONFIGS = [
    (optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    (optim.Adam, dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    (optim.AdamW, dict(lr=0.05)),
    (optim.RMSprop, dict(lr=0.01, centered=True, momentum=0.5)),
    (optim.Adagrad, dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.1)),
    (optim.Adadelta, dict(rho=0.8)),
    (optim.Adamax, dict(lr=0.05, weight_decay=0.1)),
    (optim.NAdam, dict(lr=0.05, decoupled_weight_decay=True, weight_decay=0.1)),
    (optim.RAdam, dict(lr=0.05)),
    (optim.ASGD, dict(lr=0.05, t0=5)),
    (optim.Rprop, dict(lr=0.05)),
]


@pytest.mark.parametrize("cls, config", RESUME_CONFIGS, ids=[c.__name__ for c, _ in RESUME_CONFIGS])
def test_state_dict_round_trip_through_npz_resumes_identically(cls, config, tmp_path):
    def make(values):
        params = [param(v) for v in values]
        return params, cls([{"params": params[:1]}, {"params": params[1:], "lr": 0.02}], **config)

    def train(params, opt, steps):
        for _ in range(steps):
            for p in params:
                p.grad = gradient(p.numpy())
            opt.step()

    starts = [[0.5, -1.0, 2.0], [[1.5, -0.5], [0.25, 3.0]]]
    straight, opt = make(starts)
    train(straight, opt, 20)

    first, opt = make(starts)
    train(first, opt, 10)
    save_npz(tmp_path / "opt.npz", opt.state_dict())
    resumed, fresh = make([p.numpy() for p in first])
    fresh.load_state_dict(load_npz(tmp_path / "opt.npz"))
    assert fresh.param_groups[1]["lr"] == 0.02 and isinstance(fresh.param_groups[0]["maximize"], bool)
    train(resumed, fresh, 10)
    for a, b in zip(straight, resumed):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_state_dict_structure_and_snapshot():
    p, q = param([1.0, 2.0]), param([3.0])
    opt = optim.Adam([{"params": [p]}, {"params": [q], "lr": 0.5}], lr=0.1)
    p.grad = np.array([1.0, 1.0])
    opt.step()
    state = opt.state_dict()
    assert state["param_groups"][0]["params"] == [0] and state["param_groups"][1]["params"] == [1]
    assert state["param_groups"][1]["lr"] == 0.5 and state["param_groups"][0]["betas"] == (0.9, 0.999)
    assert set(state["state"]) == {0}  # q had no gradient: no state
    assert state["state"][0]["step"] == 1
    saved = state["state"][0]["exp_avg"].copy()
    opt.step()
    np.testing.assert_array_equal(state["state"][0]["exp_avg"], saved)  # a snapshot, not a view


def test_load_state_dict_copies_and_casts_to_the_parameter_dtype():
    p = param([1.0, 2.0], dtype=np.float32)
    opt = optim.Adam([p])
    saved = {
        "state": {0: {"step": np.array(4.0), "exp_avg": np.ones(2), "exp_avg_sq": np.ones(2)}},
        "param_groups": [dict(opt.state_dict()["param_groups"][0])],
    }
    opt.load_state_dict(saved)
    assert opt.state[p]["step"] == 4 and type(opt.state[p]["step"]) is int
    assert opt.state[p]["exp_avg"].dtype == np.float32
    saved["state"][0]["exp_avg"][:] = 7
    assert opt.state[p]["exp_avg"][0] == 1


def test_load_state_dict_errors():
    p, q = param([1.0, 2.0]), param([3.0])
    opt = optim.SGD([p, q], lr=0.1, momentum=0.9)
    p.grad, q.grad = np.ones(2), np.ones(1)
    opt.step()
    good = opt.state_dict()
    with pytest.raises(ValueError, match="1 parameter group.*this optimiser has 2"):
        optim.SGD([{"params": [p]}, {"params": [q]}]).load_state_dict(good)
    with pytest.raises(ValueError, match="has 2 parameters, this optimiser's has 1"):
        optim.SGD([p], momentum=0.9).load_state_dict(good)
    with pytest.raises(ValueError, match=r"shape \(2,\), but the parameter has shape \(3,\)"):
        optim.SGD([param([1.0, 2.0, 3.0]), q], momentum=0.9).load_state_dict(good)
    with pytest.raises(ValueError, match="lacks.*betas"):
        optim.Adam([p, q]).load_state_dict(good)
    with pytest.raises(ValueError, match="'state' and 'param_groups'"):
        opt.load_state_dict({"state": {}})
    bad = opt.state_dict()
    bad["param_groups"][0]["lr"] = -1.0
    with pytest.raises(ValueError, match="lr=-1.0"):
        opt.load_state_dict(bad)
    np.testing.assert_array_equal(opt.param_groups[0]["lr"], 0.1)  # a failed load changes nothing


# ----- behaviour ------------------------------------------------------------------
@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_float32_stays_float32(cls):
    p = param([[0.5, -1.0], [2.0, 0.25]], dtype=np.float32)
    kwargs = dict(decay(cls), maximize=True)
    kwargs.update(
        {
            optim.SGD: dict(momentum=0.9, nesterov=True),
            optim.Adam: dict(amsgrad=True),
            optim.AdamW: dict(amsgrad=True),
            optim.RMSprop: dict(centered=True, momentum=0.5),
        }.get(cls, {})
    )
    opt = cls([p], **kwargs)
    data = p.numpy()
    for _ in range(3):
        p.grad = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
        opt.step()
    assert p.numpy() is data and p.numpy().dtype == np.float32  # updated in place
    for key, value in opt.state[p].items():
        assert key == "step" or key in cls._scalar_state or value.dtype == np.float32, key


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_parameters_without_grad_are_skipped_and_grads_untouched(cls):
    p, q = param([1.0, 2.0]), param([3.0])
    opt = cls([p, q], **decay(cls))
    p.grad = np.array([0.5, -0.5])
    opt.step()
    assert q.numpy()[0] == 3.0 and opt.state.get(q, {}) == {}
    assert not np.array_equal(p.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(p.grad, [0.5, -0.5])


def test_zero_grad_and_closure():
    p = param([1.0, 2.0])
    opt = optim.SGD([p], lr=0.1)
    p.grad = np.ones(2)
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(p.grad, [0.0, 0.0])
    opt.zero_grad()
    assert p.grad is None

    def closure():
        opt.zero_grad()
        loss = (p * p).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == 5.0
    np.testing.assert_allclose(p.numpy(), [0.8, 1.6])


def test_param_groups_lr_is_mutable_and_groups_can_be_added():
    p, q = param([1.0]), param([1.0])
    opt = optim.SGD([p], lr=0.1)
    opt.add_param_group({"params": q, "lr": 1.0})
    p.grad, q.grad = np.ones(1), np.ones(1)
    opt.step()
    np.testing.assert_allclose([p.numpy()[0], q.numpy()[0]], [0.9, 0.0])
    opt.param_groups[0]["lr"] = 0.5
    p.grad = np.ones(1)
    opt.step()
    np.testing.assert_allclose(p.numpy(), [0.4])
    assert opt.param_groups[1]["momentum"] == 0.0  # defaults fill missing hyper-parameters


def test_step_records_no_graph():
    p = param([1.0, 2.0])
    opt = optim.Adam([p], lr=0.1)
    p.grad = np.ones(2)
    opt.step()
    assert p.is_leaf and p.grad_fn is None and p.requires_grad


def test_a_graph_that_saved_a_parameter_refuses_backward_after_a_step():
    p = param([1.0, 2.0])
    loss = (p * p).sum()
    loss.backward(retain_graph=True)
    optim.SGD([p], lr=0.1).step()
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_custom_optimizers_by_update_rule_or_by_step():
    class SignDescent(optim.Optimizer):
        def __init__(self, params, lr=0.1):
            super().__init__(params, dict(lr=lr))

        def _update(self, param, grad, state, group):
            param -= group["lr"] * np.sign(grad)

    class PlainStep(optim.Optimizer):  # PyTorch style: override step itself
        def step(self):
            for group in self.param_groups:
                for p in group["params"]:
                    p.data -= group["lr"] * p.grad

    p, q = param([1.0, -1.0]), param([1.0, -1.0])
    p.grad, q.grad = np.array([3.0, -0.5]), np.array([3.0, -0.5])
    SignDescent([p]).step()
    PlainStep([q], dict(lr=0.1)).step()
    np.testing.assert_allclose(p.numpy(), [0.9, -0.9])
    np.testing.assert_allclose(q.numpy(), [0.7, -0.95])
    with pytest.raises(NotImplementedError, match="must define _update"):
        optim.Optimizer([p], dict(lr=0.1)).step()


# ----- errors -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "cls, kwargs, message",
    [
        (optim.SGD, dict(lr=-0.1), "SGD: invalid lr=-0.1"),
        (optim.SGD, dict(momentum=-0.5), "invalid momentum=-0.5"),
        (optim.SGD, dict(weight_decay=-1), "invalid weight_decay=-1.0"),
        (optim.SGD, dict(nesterov=True), "nesterov=True needs momentum > 0"),
        (optim.SGD, dict(nesterov=True, momentum=0.9, dampening=0.1), "dampening=0.1"),
        (optim.Adam, dict(lr=-1e-3), "Adam: invalid lr=-0.001"),
        (optim.Adam, dict(betas=(1.0, 0.999)), r"invalid betas\[0\]=1.0"),
        (optim.Adam, dict(betas=(0.9, -0.1)), r"invalid betas\[1\]=-0.1"),
        (optim.AdamW, dict(eps=-1e-8), "AdamW: invalid eps"),
        (optim.AdamW, dict(weight_decay=-0.01), "invalid weight_decay"),
        (optim.RMSprop, dict(alpha=-0.9), "invalid alpha=-0.9"),
        (optim.RMSprop, dict(momentum=-0.1), "invalid momentum"),
        (optim.Adagrad, dict(lr_decay=-1), "invalid lr_decay"),
        (optim.Adagrad, dict(initial_accumulator_value=-1), "invalid initial_accumulator_value"),
        (optim.Adadelta, dict(rho=1.5), r"invalid rho=1.5; it must lie in \[0, 1\]"),
        (optim.Adadelta, dict(lr=float("nan")), "invalid lr=nan"),
        (optim.Adamax, dict(betas=(0.9, 1.0)), r"Adamax: invalid betas\[1\]=1.0"),
        (optim.Adamax, dict(eps=-1.0), "Adamax: invalid eps=-1.0"),
        (optim.NAdam, dict(momentum_decay=-0.1), "NAdam: invalid momentum_decay=-0.1"),
        (optim.NAdam, dict(betas=(-0.1, 0.9)), r"NAdam: invalid betas\[0\]=-0.1"),
        (optim.RAdam, dict(weight_decay=-1), "RAdam: invalid weight_decay=-1.0"),
        (optim.RAdam, dict(lr=-1), "RAdam: invalid lr=-1.0"),
        (optim.ASGD, dict(lr=-0.1), "ASGD: invalid lr=-0.1"),
        (optim.ASGD, dict(weight_decay=-0.1), "ASGD: invalid weight_decay=-0.1"),
        (optim.Rprop, dict(etas=(1.5, 1.2)), r"Rprop: invalid etas=\(1.5, 1.2\).*0 < etaminus < 1 < etaplus"),
        (optim.Rprop, dict(etas=(0.5, 0.9)), "etaplus"),
        (optim.Rprop, dict(step_sizes=(1.0, 0.1)), "invalid step_sizes=.*min <= max"),
        (optim.Rprop, dict(step_sizes=(-1.0, 0.1)), r"invalid step_sizes\[0\]=-1.0"),
    ],
)
def test_invalid_hyper_parameters(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls([param([1.0])], **kwargs)


def test_invalid_types_and_params():
    p = param([1.0])
    with pytest.raises(TypeError, match="betas must be a pair"):
        optim.Adam([p], betas=0.9)
    with pytest.raises(TypeError, match="lr must be a real number"):
        optim.SGD([p], lr="0.1")
    with pytest.raises(TypeError, match="amsgrad must be True or False"):
        optim.Adam([p], amsgrad="yes")
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.Adam([])
    with pytest.raises(TypeError, match="got set"):
        optim.Adam({p})
    with pytest.raises(TypeError, match="got Tensor"):
        optim.Adam(p)
    with pytest.raises(TypeError, match="parameter 1 of a group is a ndarray"):
        optim.Adam([p, np.ones(2)])
    with pytest.raises(ValueError, match="not a leaf"):
        optim.Adam([p * 2])
    with pytest.raises(TypeError, match="dtype int64"):
        optim.Adam([autograd.tensor([1, 2])])
    with pytest.raises(ValueError, match="more than one parameter group"):
        optim.Adam([{"params": [p]}, {"params": [p]}])
    with pytest.raises(ValueError, match="invalid lr=-1.0"):
        optim.Adam([{"params": [p], "lr": -1.0}])
    with pytest.raises(
        RuntimeError, match=r"assigned grad has shape \(2,\), but the Tensor has shape \(1,\)"
    ):
        p.grad = np.ones(2)  # refused at assignment, so step() never sees it


# ----- convergence -----------------------------------------------------------------
CONVERGENCE = [
    (optim.SGD, dict(lr=0.05)),
    (optim.SGD, dict(lr=0.02, momentum=0.9, nesterov=True)),
    (optim.Adam, dict(lr=0.1)),
    (optim.AdamW, dict(lr=0.1, weight_decay=0.0)),
    (optim.RMSprop, dict(lr=0.01, centered=True)),
    (optim.Adagrad, dict(lr=0.5)),
    (optim.Adadelta, dict(lr=10.0)),
    (optim.Adamax, dict(lr=0.1)),
    (optim.NAdam, dict(lr=0.1)),
    (optim.RAdam, dict(lr=0.1)),
    (optim.ASGD, dict(lr=0.05)),
    (optim.Rprop, dict(lr=0.05)),
]


@pytest.mark.parametrize("cls, config", CONVERGENCE, ids=[c.__name__ for c, _ in CONVERGENCE])
def test_converges_on_a_quadratic(cls, config):
    """Minimise f(x) = sum(w * (x - c)^2) + ((x0 - c0) * (x1 - c1))^2, built with autograd ops; min at c."""
    target, weights = np.array([1.0, -2.0]), np.array([1.0, 5.0])
    x = Tensor(np.zeros(2), requires_grad=True)
    opt = cls([x], **config)

    def loss_at(x):
        return (weights * (x - target) ** 2).sum() + ((x[0] - 1.0) * (x[1] + 2.0)) ** 2

    start = loss_at(x).item()
    for _ in range(400):
        opt.zero_grad()
        loss = loss_at(x)
        loss.backward()
        opt.step()
    assert loss_at(x).item() < 1e-4 * start
    np.testing.assert_allclose(x.numpy(), target, atol=1e-2)
    assert autograd.is_grad_enabled()
