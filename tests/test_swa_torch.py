"""optim.swa_utils and optim.Adafactor against PyTorch: the same training program from the same
seed gives the same averaged model, batch-norm statistics, learning rates and parameters
(float64, 1e-10). Optional: skipped when torch is not installed."""

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")

TOL = dict(rtol=1e-10, atol=1e-12)


@pytest.fixture(autouse=True)
def float64_torch():
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


AVERAGES = {
    "swa": lambda S: {},
    "ema_multi": lambda S: dict(multi_avg_fn=S.get_ema_multi_avg_fn(0.9)),
    "ema": lambda S: dict(avg_fn=S.get_ema_avg_fn(0.8)),
    "swa_fn": lambda S: dict(avg_fn=S.get_swa_avg_fn()),
    "swa_multi": lambda S: dict(multi_avg_fn=S.get_swa_multi_avg_fn()),
    "swa_buffers": lambda S: dict(use_buffers=True),
    "ema_buffers": lambda S: dict(use_buffers=True, multi_avg_fn=S.get_ema_multi_avg_fn(0.7)),
}


def swa_run(lib, L, opt_module, average, strategy, anneal_epochs):
    lib.manual_seed(0)
    model = L.Sequential(L.Linear(3, 5), L.BatchNorm1d(5), L.ReLU(), L.Linear(5, 1))
    opt = opt_module.SGD(
        [{"params": model[0].parameters()}, {"params": model[3].parameters(), "lr": 0.05}],
        lr=0.1,
        momentum=0.9,
    )
    S = opt_module.swa_utils
    swa = S.AveragedModel(model, **AVERAGES[average](S))
    scheduler = S.SWALR(opt, swa_lr=[0.05, 0.02], anneal_epochs=anneal_epochs, anneal_strategy=strategy)
    X, y = lib.randn(16, 3), lib.randn(16, 1)
    lrs = []
    for _ in range(6):
        for i in range(0, 16, 8):
            opt.zero_grad()
            ((model(X[i : i + 8]) - y[i : i + 8]) ** 2).mean().backward()
            opt.step()
        swa.update_parameters(model)
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
    S.update_bn([(X[i : i + 4], y[i : i + 4]) for i in range(0, 16, 4)], swa)
    swa.eval()
    state = {k: v.detach().numpy().astype(np.float64) for k, v in swa.state_dict().items()}
    return swa(X).detach().numpy(), state, lrs, swa.training, model.training


@pytest.mark.parametrize("average", AVERAGES)
@pytest.mark.parametrize("strategy, anneal_epochs", [("cos", 3), ("linear", 2), ("cos", 0), ("linear", 10)])
def test_averaged_model_and_swalr_train_as_in_torch(average, strategy, anneal_epochs):
    ours = swa_run(autograd, nn, optim, average, strategy, anneal_epochs)
    theirs = swa_run(torch, torch.nn, torch.optim, average, strategy, anneal_epochs)
    np.testing.assert_allclose(ours[0], theirs[0], **TOL)
    assert list(ours[1]) == list(theirs[1])
    for key in theirs[1]:
        np.testing.assert_allclose(ours[1][key], theirs[1][key], **TOL, err_msg=key)
    np.testing.assert_allclose(ours[2], theirs[2], **TOL)
    assert ours[3:] == theirs[3:]


def adafactor_run(lib, L, opt_module, kwargs, steps=6):
    lib.manual_seed(0)
    model = L.Sequential(L.Linear(4, 6), L.Tanh(), L.Linear(6, 2))
    cube = L.Parameter(lib.randn(2, 3, 4))  # a batch of matrices: factored over the last two dims
    opt = opt_module.Adafactor(list(model.parameters()) + [cube], **kwargs)
    x = lib.randn(5, 4)
    for _ in range(steps):
        opt.zero_grad()
        ((model(x) ** 2).sum() + (cube**3).sum()).backward()
        opt.step()
    return [p.detach().numpy().copy() for p in list(model.parameters()) + [cube]], opt


ADAFACTOR = [
    dict(),
    dict(lr=0.05, weight_decay=0.1),
    dict(eps=(1e-20, 1e-2), d=1.5, beta2_decay=-0.5, maximize=True),
    dict(lr=0.5, beta2_decay=0.0),
]


@pytest.mark.parametrize("kwargs", ADAFACTOR, ids=[str(k) for k in ADAFACTOR])
def test_adafactor_steps_as_torch(kwargs):
    ours, opt = adafactor_run(autograd, nn, optim, kwargs)
    theirs, topt = adafactor_run(torch, torch.nn, torch.optim, kwargs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, **TOL)
    for mine, their in zip(opt.state_dict()["state"].values(), topt.state_dict()["state"].values()):
        assert sorted(mine) == sorted(their)
        for key in their:
            np.testing.assert_allclose(np.asarray(mine[key], dtype=float), their[key].numpy(), **TOL)


def test_adafactor_float32_steps_as_torch():
    out = []
    for lib in (autograd, torch):
        lib.manual_seed(1)
        w = lib.randn(3, 4, dtype=lib.float32, requires_grad=True)
        b = lib.randn(4, dtype=lib.float32, requires_grad=True)
        opt = (optim if lib is autograd else torch.optim).Adafactor([w, b], lr=0.1)
        for _ in range(4):
            opt.zero_grad()
            ((w.sum(0) * b).tanh().sum() + (w * w).sum()).backward()
            opt.step()
        out.append((w.detach().numpy(), b.detach().numpy()))
    for a, t in zip(*out):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, t, rtol=1e-6, atol=1e-7)  # float32: a few ulps (summation order)


def test_adafactor_with_parameter_groups_steps_as_torch():
    out = []
    for lib, L, opt_module in ((autograd, nn, optim), (torch, torch.nn, torch.optim)):
        lib.manual_seed(2)
        model = L.Sequential(L.Linear(3, 4), L.ReLU(), L.Linear(4, 2))
        groups = [
            {"params": model[0].parameters(), "lr": 0.02, "weight_decay": 0.05},
            {"params": model[2].parameters(), "eps": (1e-12, 1e-4), "d": 2.0},
        ]
        opt = opt_module.Adafactor(groups)
        x = lib.randn(6, 3)
        for _ in range(5):
            opt.zero_grad()
            model(x).pow(2).mean().backward()
            opt.step()
        out.append([p.detach().numpy().copy() for p in model.parameters()])
    for a, b in zip(*out):
        np.testing.assert_allclose(a, b, **TOL)
