"""optim.swa_utils (AveragedModel, SWALR, update_bn, the averaging functions) and
optim.Adafactor: what each computes, saving and loading, and the errors."""

import math
import subprocess
import sys

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor
from optim.swa_utils import (
    SWALR,
    AveragedModel,
    get_ema_avg_fn,
    get_ema_multi_avg_fn,
    get_swa_avg_fn,
    get_swa_multi_avg_fn,
    update_bn,
)


def test_optim_imports_swa_utils_and_nn_only_when_asked():
    code = "import sys, optim; a = 'nn' in sys.modules; optim.swa_utils.SWALR; print(a, 'nn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
    assert "swa_utils" in dir(optim) and "Adafactor" in optim.__all__


def snapshots(rng, model, n):
    """n different parameter values of model, each folded in by a callback."""
    for _ in range(n):
        with autograd.no_grad():
            for p in model.parameters():
                p.copy_(Tensor(rng.standard_normal(p.shape)))
        yield [p.detach().numpy().copy() for p in model.parameters()]


def test_default_average_is_the_mean_of_the_snapshots(rng):
    model = nn.Linear(3, 2)
    swa = AveragedModel(model)
    assert swa.n_averaged.item() == 0 and swa.n_averaged.dtype == np.int64
    seen = []
    for values in snapshots(rng, model, 4):
        swa.update_parameters(model)
        seen.append(values)
    assert swa.n_averaged.item() == 4
    for p, *history in zip(swa.module.parameters(), *seen):
        np.testing.assert_allclose(p.detach().numpy(), np.mean(history, axis=0), rtol=1e-12)
    x = Tensor(rng.standard_normal((5, 3)))
    np.testing.assert_allclose(swa(x).detach().numpy(), swa.module(x).detach().numpy())


@pytest.mark.parametrize("use_multi", [False, True])
def test_ema_average(rng, use_multi):
    model = nn.Linear(2, 2)
    kwargs = dict(multi_avg_fn=get_ema_multi_avg_fn(0.75)) if use_multi else dict(avg_fn=get_ema_avg_fn(0.75))
    swa = AveragedModel(model, **kwargs)
    expected = None
    for values in snapshots(rng, model, 3):
        swa.update_parameters(model)
        expected = values if expected is None else [0.75 * e + 0.25 * v for e, v in zip(expected, values)]
    for p, e in zip(swa.module.parameters(), expected):
        np.testing.assert_allclose(p.detach().numpy(), e, rtol=1e-12)


def test_swa_functions_are_running_means():
    avg, new = Tensor([1.0, 3.0]), Tensor([4.0, 0.0])
    np.testing.assert_allclose(get_swa_avg_fn()(avg, new, 2).numpy(), [2.0, 2.0])
    get_swa_multi_avg_fn()([avg], [new], autograd.tensor(2))
    np.testing.assert_allclose(avg.numpy(), [2.0, 2.0])


def test_buffers_are_copied_or_averaged(rng):
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    copied, averaged = AveragedModel(model), AveragedModel(model, use_buffers=True)
    means = []
    for _ in range(3):
        model(Tensor(rng.standard_normal((4, 2))))
        means.append(model[1].running_mean.numpy().copy())
        copied.update_parameters(model)
        averaged.update_parameters(model)
    np.testing.assert_allclose(copied.module[1].running_mean.numpy(), means[-1])
    np.testing.assert_allclose(averaged.module[1].running_mean.numpy(), np.mean(means, axis=0), rtol=1e-12)
    assert copied.module[1].num_batches_tracked.item() == 3


def test_update_bn_gives_the_statistics_of_the_whole_loader(rng):
    model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3, momentum=0.3))
    model.eval()
    batches = [Tensor(rng.standard_normal((5, 2))) for _ in range(4)]
    update_bn([(b, None) for b in batches], model)
    hidden = np.concatenate([model[0](b).detach().numpy() for b in batches])
    np.testing.assert_allclose(model[1].running_mean.numpy(), hidden.mean(0), rtol=1e-12)
    per_batch = [model[0](b).detach().numpy().var(0, ddof=1) for b in batches]
    np.testing.assert_allclose(model[1].running_var.numpy(), np.mean(per_batch, axis=0), rtol=1e-12)
    assert model[1].momentum == 0.3 and not model.training
    update_bn(batches, nn.Linear(2, 2))  # no batch norm: nothing to do


def test_swalr_anneals_to_swa_lr_and_holds_it():
    param = Tensor([1.0], requires_grad=True)
    opt = optim.SGD([param], lr=1.0)
    scheduler = SWALR(opt, swa_lr=0.1, anneal_epochs=4)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(6):
        scheduler.step()
        lrs.append(opt.param_groups[0]["lr"])
    expected = [
        0.1 * a + 1.0 * (1 - a) for a in ((1 - math.cos(math.pi * min(1, t / 4))) / 2 for t in range(7))
    ]
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    state = scheduler.state_dict()
    again = SWALR(optim.SGD([param], lr=1.0), swa_lr=0.1, anneal_epochs=4)
    again.load_state_dict(state)
    assert again._step_count == scheduler._step_count and again.anneal_func(0.5) == scheduler.anneal_func(0.5)


def test_swa_errors():
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        AveragedModel(nn.Linear(1, 1), avg_fn=get_swa_avg_fn(), multi_avg_fn=get_swa_multi_avg_fn())
    with pytest.raises(TypeError, match="must be an nn.Module"):
        AveragedModel([Tensor([1.0])])
    for make in (get_ema_avg_fn, get_ema_multi_avg_fn):
        with pytest.raises(ValueError, match="Invalid decay value 1.5"):
            make(1.5)
    opt = optim.SGD([Tensor([1.0], requires_grad=True)], lr=1.0)
    with pytest.raises(ValueError, match="anneal_strategy must be one of 'cos' or 'linear'"):
        SWALR(opt, 0.1, anneal_strategy="exp")
    with pytest.raises(ValueError, match="anneal_epochs must be equal or greater than 0"):
        SWALR(opt, 0.1, anneal_epochs=-1)
    with pytest.raises(ValueError, match="swa_lr has 2 values but the optimiser has 1"):
        SWALR(opt, [0.1, 0.2])


# ---- Adafactor -------------------------------------------------------------------------------------


def test_adafactor_first_step_follows_the_formula(rng):
    w = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    g = rng.standard_normal((3, 4))
    before = w.detach().numpy().copy()
    w.grad = Tensor(g)
    opt = optim.Adafactor([w], lr=0.01)
    opt.step()
    alpha = max(1e-3, np.linalg.norm(before) / math.sqrt(12)) * 0.01  # rho = min(lr, 1/sqrt(1))
    row, col = (g * g).mean(1, keepdims=True), (g * g).mean(0, keepdims=True)
    update = g / np.sqrt(np.maximum(row @ col / row.mean(), np.finfo(float).eps ** 2))
    update /= max(1.0, np.sqrt((update * update).mean()))
    np.testing.assert_allclose(w.detach().numpy(), before - alpha * update, rtol=1e-12)
    state = opt.state[w]
    assert state["step"] == 1 and state["row_var"].shape == (3, 1) and state["col_var"].shape == (1, 4)


def test_adafactor_resumes_from_its_state_dict(rng):
    def steps(opt, params, n):
        for _ in range(n):
            opt.zero_grad()
            ((params[0] ** 2).sum() + params[1].sin().sum()).backward()
            opt.step()

    start = [rng.standard_normal((3, 2)), rng.standard_normal(4)]
    params = [Tensor(a, requires_grad=True) for a in start]
    opt = optim.Adafactor(params, lr=0.1)
    steps(opt, params, 2)
    saved, values = opt.state_dict(), [p.detach().numpy().copy() for p in params]
    steps(opt, params, 2)
    resumed = [Tensor(v, requires_grad=True) for v in values]
    opt2 = optim.Adafactor(resumed, lr=0.1)
    opt2.load_state_dict(saved)
    steps(opt2, resumed, 2)
    for a, b in zip(params, resumed):
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(lr=-1.0), ValueError, "invalid lr"),
        (dict(beta2_decay=0.5), ValueError, "invalid beta2_decay"),
        (dict(eps=(-1.0, 1e-3)), ValueError, r"invalid eps\[0\]"),
        (dict(eps=(None, -1.0)), ValueError, r"invalid eps\[1\]"),
        (dict(eps=1e-3), TypeError, "eps must be a pair"),
        (dict(d=0.5), ValueError, "invalid d"),
        (dict(weight_decay=-0.1), ValueError, "invalid weight_decay"),
        (dict(lr=autograd.ones(2)), ValueError, "Tensor lr must be 1-element"),
        (dict(maximize=1), TypeError, "maximize must be True or False"),
    ],
)
def test_adafactor_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        optim.Adafactor([Tensor([1.0], requires_grad=True)], **kwargs)
