"""nn / optim / data against PyTorch (float64, 1e-10): Embedding, state dicts both ways,
DataLoader batches and collate, optimiser defaults and trajectories, scheduler lr sequences.

Optional: skipped when torch is not installed.
"""

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor
from nn.data import DataLoader, default_collate, random_split
from nn.functional import embedding

torch = pytest.importorskip("torch")

TOL = dict(rtol=1e-10, atol=1e-12)


def as_numpy(value):
    return value.detach().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)


# ---- Embedding -----------------------------------------------------------------------------


@pytest.mark.parametrize("shape, padding_idx", [((32, 3), None), ((4, 8), 3), ((2, 3, 5), -1), ((0,), None)])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_embedding_values_and_gradient_match_torch(rng, shape, padding_idx, dtype):
    W0 = rng.standard_normal((27, 10)).astype(dtype)
    indices = rng.integers(0, 27, shape)
    upstream = rng.standard_normal(shape + (10,)).astype(dtype)
    ours_w = Tensor(W0, requires_grad=True)
    ours = embedding(indices, ours_w, padding_idx)
    ours.backward(upstream)
    theirs_w = torch.tensor(W0, requires_grad=True)
    theirs = torch.nn.functional.embedding(torch.tensor(indices), theirs_w, padding_idx)
    theirs.backward(torch.tensor(upstream))
    tol = TOL if dtype == np.float64 else dict(rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(np.asarray(ours), as_numpy(theirs))
    np.testing.assert_allclose(np.asarray(ours_w.grad), theirs_w.grad.numpy(), **tol)
    assert np.asarray(ours_w.grad).dtype == dtype


def test_embedding_module_matches_torch_from_the_same_table(rng):
    table = rng.standard_normal((65, 16))
    ours = nn.Embedding(65, 16, padding_idx=0, _weight=table)
    theirs = torch.nn.Embedding(65, 16, padding_idx=0, _weight=torch.tensor(table))
    indices = rng.integers(0, 65, (4, 8))
    ((ours(indices) ** 2).sum()).backward()
    ((theirs(torch.tensor(indices)) ** 2).sum()).backward()
    np.testing.assert_allclose(np.asarray(ours.weight.grad), theirs.weight.grad.numpy(), **TOL)
    fresh_ours, fresh_theirs = nn.Embedding(10, 4, padding_idx=2), torch.nn.Embedding(10, 4, padding_idx=2)
    assert np.all(np.asarray(fresh_ours.weight)[2] == 0) and np.all(
        fresh_theirs.weight[2].detach().numpy() == 0
    )
    assert repr(fresh_ours) == repr(fresh_theirs)


# ---- state dicts ---------------------------------------------------------------------------


def ours_net():
    return nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.Tanh(), nn.Linear(5, 2))


def torch_net():
    return torch.nn.Sequential(
        torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Tanh(), torch.nn.Linear(5, 2)
    ).double()


def test_state_dicts_cross_over_in_both_directions(rng):
    x = rng.standard_normal((8, 3))
    theirs, ours = torch_net(), ours_net()
    theirs(torch.tensor(x))  # move the running statistics
    assert list(ours.state_dict()) == list(theirs.state_dict())
    result = ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    assert result.missing_keys == result.unexpected_keys == []
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(np.asarray(ours(Tensor(x))), as_numpy(theirs(torch.tensor(x))), **TOL)

    back = torch_net()
    back.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in ours.state_dict().items()})
    back.eval()
    np.testing.assert_allclose(as_numpy(back(torch.tensor(x))), np.asarray(ours(Tensor(x))), **TOL)


def test_state_dict_entries_behave_like_torchs(rng):
    ours, theirs = ours_net(), torch_net()
    for state in (ours.state_dict(), theirs.state_dict()):
        assert tuple(state["0.weight"].shape) == (5, 3) and not state["0.weight"].requires_grad
    ours_sd, theirs_sd = ours.state_dict(), theirs.state_dict()
    with autograd.no_grad():
        ours.get_submodule("0").weight[...] = 2.0  # state dict values share the model's memory
    with torch.no_grad():
        theirs[0].weight[...] = 2.0
    assert np.all(np.asarray(ours_sd["0.weight"]) == 2.0) and torch.all(theirs_sd["0.weight"] == 2.0)
    missing_ours = ours.load_state_dict({"0.weight": np.ones((5, 3))}, strict=False)
    missing_theirs = theirs.load_state_dict({"0.weight": torch.ones(5, 3, dtype=torch.float64)}, strict=False)
    # (PyTorch's BatchNorm fills in a missing num_batches_tracked, for checkpoints older than it)
    assert "1.num_batches_tracked" in missing_ours.missing_keys
    assert [
        k for k in missing_ours.missing_keys if k != "1.num_batches_tracked"
    ] == missing_theirs.missing_keys
    assert missing_ours.unexpected_keys == missing_theirs.unexpected_keys == []


# ---- DataLoader and collate ----------------------------------------------------------------


def examples():
    return [
        {
            "x": np.full(3, float(i)),
            "label": i % 3,
            "weight": i / 2,
            "flag": i % 2 == 0,
            "pair": (np.int32(i), [i, 2 * i]),
        }
        for i in range(7)
    ]


def same_structure(ours, theirs):
    if isinstance(theirs, torch.Tensor):
        assert isinstance(ours, Tensor)
        assert np.asarray(ours).dtype == theirs.numpy().dtype
        np.testing.assert_array_equal(np.asarray(ours), theirs.numpy())
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and list(ours) == list(theirs)
        for key in theirs:
            same_structure(ours[key], theirs[key])
    elif isinstance(theirs, (list, tuple)):
        assert type(ours) is type(theirs) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            same_structure(a, b)
    else:
        assert ours == theirs


def test_default_collate_matches_torch():
    same_structure(default_collate(examples()), torch.utils.data.default_collate(examples()))
    pairs = [(np.ones(2, np.float32) * i, i) for i in range(4)]
    same_structure(default_collate(pairs), torch.utils.data.default_collate(pairs))


@pytest.mark.parametrize(
    "kwargs", [{}, {"batch_size": 3}, {"batch_size": 3, "drop_last": True}, {"batch_size": None}]
)
def test_dataloader_batches_match_torch(kwargs):
    ours = list(DataLoader(examples(), **kwargs))
    theirs = list(torch.utils.data.DataLoader(examples(), **kwargs))
    assert len(ours) == len(theirs) == len(DataLoader(examples(), **kwargs))
    for a, b in zip(ours, theirs):
        same_structure(a, b)


def test_dataloader_over_arrays_and_tensor_datasets_matches_torch(rng):
    X, y = rng.standard_normal((10, 3)), rng.integers(0, 4, 10)
    ours = list(DataLoader(nn.data.TensorDataset(X, y), batch_size=4))
    theirs = list(
        torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.tensor(X), torch.tensor(y)), batch_size=4
        )
    )
    for a, b in zip(ours, theirs):
        same_structure(a, b)
    for a, b in zip(DataLoader(X, batch_size=4), torch.utils.data.DataLoader(torch.tensor(X), batch_size=4)):
        same_structure(a, b)


def test_random_split_lengths_match_torch():
    for n, lengths in [(10, [0.5, 0.3, 0.2]), (11, [0.34, 0.33, 0.33]), (7, [0.1, 0.9]), (9, [4, 5])]:
        ours = random_split(list(range(n)), lengths)
        theirs = torch.utils.data.random_split(list(range(n)), lengths)
        assert [len(s) for s in ours] == [len(s) for s in theirs]


# ---- optimisers ----------------------------------------------------------------------------

OPTIMIZERS = [
    "SGD",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "RAdam",
    "RMSprop",
    "Rprop",
    "Adagrad",
    "Adadelta",
    "ASGD",
    "LBFGS",
]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_default_hyper_parameters_are_torchs(name):
    ours = getattr(optim, name)([nn.Parameter(np.zeros(1))])
    theirs = getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)])
    for key, value in ours.defaults.items():
        assert theirs.defaults[key] == (tuple(value) if isinstance(value, tuple) else value), key


def regression_problem(rng):
    X, Y = rng.standard_normal((16, 4)), rng.standard_normal((16, 3))
    W, b = rng.standard_normal((3, 4)) * 0.5, rng.standard_normal(3) * 0.1
    return X, Y, W, b


def trajectory_ours(cls, kwargs, X, Y, W, b, steps):
    model = nn.Linear(4, 3)
    model.load_state_dict({"weight": W, "bias": b})
    opt = cls(model.parameters(), **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(Tensor(X)) - Tensor(Y)) ** 2).mean()
        loss.backward()
        opt.step()
    return [np.array(p) for p in model.parameters()]


def trajectory_torch(cls, kwargs, X, Y, W, b, steps):
    model = torch.nn.Linear(4, 3).double()
    model.load_state_dict({"weight": torch.tensor(W), "bias": torch.tensor(b)})
    opt = cls(model.parameters(), **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(torch.tensor(X)) - torch.tensor(Y)) ** 2).mean()
        loss.backward()
        opt.step()
    return [p.detach().numpy() for p in model.parameters()]


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("AdamW", {}),
        ("AdamW", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}),
        ("AdamW", {"lr": 0.02, "foreach": False, "maximize": True}),
        ("Adam", {"lr": 0.01, "fused": False}),
        ("SGD", {}),
        ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
        ("RMSprop", {"foreach": True}),
        ("Adagrad", {"lr": 0.1}),
        ("Adadelta", {}),
    ],
)
def test_trajectories_over_20_steps_match_torch(rng, name, kwargs):
    problem = regression_problem(rng)
    ours = trajectory_ours(getattr(optim, name), kwargs, *problem, steps=20)
    theirs = trajectory_torch(getattr(torch.optim, name), kwargs, *problem, steps=20)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOL)


def test_zero_grad_keeping_zeros_and_an_lr_changed_by_hand_match_torch(rng):
    X, Y, W, b = regression_problem(rng)
    results = []
    for lib, Linear, SGD, T in (
        (nn, nn.Linear, optim.SGD, Tensor),
        (torch.nn, torch.nn.Linear, torch.optim.SGD, torch.tensor),
    ):
        model = Linear(4, 3)
        model = model.double() if lib is torch.nn else model
        model.load_state_dict({"weight": T(W), "bias": T(b)})
        opt = SGD(model.parameters(), lr=0.1, momentum=0.5)
        for step in range(6):
            opt.zero_grad(set_to_none=False)
            ((model(T(X)) - T(Y)) ** 2).mean().backward()
            opt.param_groups[0]["lr"] = 0.1 / (step + 1)
            opt.step()
        results.append([as_numpy(p).copy() for p in model.parameters()])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, **TOL)


# ---- schedulers ----------------------------------------------------------------------------


def lr_sequences(make, steps, metric=None, optimizer="SGD", momentum=False):
    """The lr (and momentum) of every group per step, for ours and torch's."""
    out = []
    for lib, lib_optim, param in (
        (optim, optim, nn.Parameter(np.zeros(1))),
        (torch.optim, torch.optim, torch.zeros(1, requires_grad=True)),
    ):
        groups = [{"params": [param]}, {"params": [_another(lib)], "lr": 0.02}]
        kwargs = {"momentum": 0.9} if optimizer == "SGD" else {}
        opt = getattr(lib_optim, optimizer)(groups, lr=0.1, **kwargs)
        scheduler = make(lib_optim.lr_scheduler, opt)
        record = []
        for step in range(steps):
            key = "momentum" if optimizer == "SGD" else "betas"
            record.append(
                [g["lr"] for g in opt.param_groups] + ([g[key] for g in opt.param_groups] if momentum else [])
            )
            opt.step()
            scheduler.step(*(() if metric is None else (metric(step),)))
        out.append(record)
    return out


def _another(lib):
    return nn.Parameter(np.zeros(1)) if lib is optim else torch.zeros(1, requires_grad=True)


SCHEDULES = {
    "StepLR": lambda L, o: L.StepLR(o, step_size=3, gamma=0.5),
    "MultiStepLR": lambda L, o: L.MultiStepLR(o, milestones=[2, 5, 5], gamma=0.3),
    "ExponentialLR": lambda L, o: L.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda L, o: L.CosineAnnealingLR(o, T_max=4, eta_min=0.001),
    "LambdaLR": lambda L, o: L.LambdaLR(o, lambda e: 1 / (1 + e)),
    "LambdaLR per group": lambda L, o: L.LambdaLR(o, [lambda e: 0.9**e, lambda e: e + 1]),
    "MultiplicativeLR": lambda L, o: L.MultiplicativeLR(o, lambda e: 0.95),
    "LinearLR": lambda L, o: L.LinearLR(o, start_factor=0.1, total_iters=6),
    "LinearLR decay": lambda L, o: L.LinearLR(o, start_factor=1.0, end_factor=0.2, total_iters=4),
    "ConstantLR": lambda L, o: L.ConstantLR(o, factor=0.5, total_iters=3),
    "PolynomialLR": lambda L, o: L.PolynomialLR(o, total_iters=6, power=1.5),
}


@pytest.mark.parametrize("name", SCHEDULES)
def test_scheduler_lr_sequences_match_torch(name):
    ours, theirs = lr_sequences(SCHEDULES[name], 15)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("optimizer", ["SGD", "Adam"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"anneal_strategy": "linear"},
        {"three_phase": True, "pct_start": 0.25},
        {"max_lr": [1.0, 0.5], "div_factor": 10.0, "final_div_factor": 100.0},
    ],
)
def test_one_cycle_lr_and_momentum_match_torch(optimizer, kwargs):
    arguments = {"max_lr": 1.0, "total_steps": 20, **kwargs}
    ours, theirs = lr_sequences(
        lambda L, o: L.OneCycleLR(o, **arguments), 20, optimizer=optimizer, momentum=True
    )
    flatten = lambda rows: np.array([np.hstack(row) for row in rows])  # noqa: E731  (betas are pairs)
    np.testing.assert_allclose(flatten(ours), flatten(theirs), rtol=1e-13, atol=1e-16)


def test_reduce_on_plateau_matches_torch():
    losses = [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.5, 0.5, 0.5, 0.5]
    make = lambda L, o: L.ReduceLROnPlateau(o, patience=2, factor=0.5, cooldown=1, min_lr=[0.01, 0.0])  # noqa: E731
    ours, theirs = lr_sequences(make, len(losses), metric=lambda step: losses[step])
    np.testing.assert_allclose(ours, theirs, rtol=1e-13)


def test_shuffles_and_splits_draw_pytorchs_random_numbers():
    def run(lib, loader, split, seed):
        lib.manual_seed(0)
        batches = [
            np.asarray(b).tolist()
            for _ in range(2)
            for b in loader(list(range(10)), batch_size=4, shuffle=True)
        ]
        parts = [list(p.indices) for p in split(list(range(7)), [0.5, 0.5])]
        unshuffled = [np.asarray(b).tolist() for b in loader(list(range(3)), batch_size=2)]
        return (
            batches,
            parts,
            unshuffled,
            np.asarray(lib.rand(3, dtype=lib.float32)).tolist(),
        )  # the stream after

    ours = run(autograd, DataLoader, random_split, 0)
    theirs = run(torch, torch.utils.data.DataLoader, torch.utils.data.random_split, 0)
    assert ours == theirs


@pytest.mark.parametrize("size", [7, 40])
@pytest.mark.parametrize("num_samples", [None, 5, 33, 70])
@pytest.mark.parametrize("replacement", [False, True])
def test_random_sampler_draws_pytorchs_indices(size, num_samples, replacement):
    """With and without replacement, fewer or more samples than the data (whole permutations,
    blocks of 32 draws), with a generator and from the default one (a new seed each pass)."""
    from nn.data import RandomSampler

    def run(lib, sampler_class, generator):
        lib.manual_seed(5)
        sampler = sampler_class(
            range(size), replacement=replacement, num_samples=num_samples, generator=generator
        )
        return [len(sampler), list(sampler), list(sampler), lib.rand(2, dtype=lib.float64).tolist()]

    seeded = run(autograd, RandomSampler, autograd.Generator().manual_seed(3))
    assert seeded == run(torch, torch.utils.data.RandomSampler, torch.Generator().manual_seed(3))
    assert run(autograd, RandomSampler, None) == run(torch, torch.utils.data.RandomSampler, None)


@pytest.mark.parametrize("replacement", [True, False])
def test_weighted_random_sampler_draws_pytorchs_indices(replacement):
    from nn.data import WeightedRandomSampler

    weights = [0.1, 0.9, 0.4, 2.0, 1e-3, 5.0]

    def run(lib, sampler_class, generator):
        lib.manual_seed(2)
        sampler = sampler_class(weights, 5, replacement=replacement, generator=generator)
        return [len(sampler), list(sampler), list(sampler), lib.rand(2, dtype=lib.float64).tolist()]

    assert run(autograd, WeightedRandomSampler, None) == run(
        torch, torch.utils.data.WeightedRandomSampler, None
    )
    ours = run(autograd, WeightedRandomSampler, autograd.Generator().manual_seed(7))
    assert ours == run(torch, torch.utils.data.WeightedRandomSampler, torch.Generator().manual_seed(7))


def test_clip_grad_norm_returns_a_tensor_as_torch():
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    ours = [Tensor(np.zeros(g.shape), requires_grad=True) for g in grads]
    theirs = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, q, g in zip(ours, theirs, grads):
        p.grad, q.grad = Tensor(g.copy()), torch.tensor(g)
    total = nn.utils.clip_grad_norm_(ours, 1.0)
    expected = torch.nn.utils.clip_grad_norm_(theirs, 1.0)
    assert total.shape == tuple(expected.shape) and total.item() == expected.item()
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-15)
