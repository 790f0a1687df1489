"""Learning-rate schedules: lr sequences from their closed forms, PyTorch (optional), plateau logic."""

import math

import numpy as np
import pytest

import optim
from autograd import Tensor
from optim.lr_scheduler import CosineAnnealingLR, ExponentialLR, MultiStepLR, ReduceLROnPlateau, StepLR


def make_optimizer(lrs=(1.0,)):
    groups = [{"params": [Tensor(np.zeros(2), requires_grad=True)], "lr": lr} for lr in lrs]
    return optim.SGD(groups, lr=0.5)


def lr_sequence(scheduler, epochs):
    """lr of every group at epochs 0 .. epochs-1 (epoch 0 is right after construction)."""
    sequence = [scheduler.get_last_lr()]
    for _ in range(epochs - 1):
        scheduler.optimizer.step()
        scheduler.step()
        sequence.append(scheduler.get_last_lr())
    return np.array(sequence)


def test_step_lr():
    scheduler = StepLR(make_optimizer([1.0, 0.2]), step_size=3, gamma=0.1)
    epochs = np.arange(10)
    expected = np.stack([1.0 * 0.1 ** (epochs // 3), 0.2 * 0.1 ** (epochs // 3)], axis=1)
    np.testing.assert_allclose(lr_sequence(scheduler, 10), expected, rtol=1e-14)
    assert scheduler.last_epoch == 9
    assert scheduler.optimizer.param_groups[1]["initial_lr"] == 0.2
    assert scheduler.optimizer.param_groups[1]["lr"] == scheduler.get_last_lr()[1]


def test_multistep_lr_counts_repeated_milestones():
    scheduler = MultiStepLR(make_optimizer(), milestones=[5, 2, 5], gamma=0.5)
    expected = [0.5 ** sum(m <= e for m in (2, 5, 5)) for e in range(8)]
    np.testing.assert_allclose(lr_sequence(scheduler, 8)[:, 0], expected, rtol=1e-15)


def test_exponential_lr():
    scheduler = ExponentialLR(make_optimizer([0.3]), gamma=0.9)
    np.testing.assert_allclose(lr_sequence(scheduler, 12)[:, 0], 0.3 * 0.9 ** np.arange(12), rtol=1e-13)


@pytest.mark.parametrize("eta_min", [0.0, 0.01])
def test_cosine_annealing_follows_the_closed_form_over_more_than_one_period(eta_min):
    T_max, base = 5, 0.1
    scheduler = CosineAnnealingLR(make_optimizer([base]), T_max=T_max, eta_min=eta_min)
    t = np.arange(3 * T_max + 2)
    expected = eta_min + (base - eta_min) * (1 + np.cos(np.pi * t / T_max)) / 2
    np.testing.assert_allclose(lr_sequence(scheduler, len(t))[:, 0], expected, rtol=1e-12, atol=1e-15)


def test_schedules_follow_an_lr_changed_by_hand():
    scheduler = StepLR(make_optimizer(), step_size=2, gamma=0.5)
    scheduler.optimizer.param_groups[0]["lr"] = 4.0
    scheduler.step()  # epoch 1: no change
    scheduler.step()  # epoch 2: halve the current lr
    assert scheduler.get_last_lr() == [2.0]


def test_scheduler_changes_the_optimizer_steps():
    p = Tensor(np.zeros(1), requires_grad=True)
    opt = optim.SGD([p], lr=1.0)
    scheduler = ExponentialLR(opt, gamma=0.5)
    for _ in range(3):
        p.grad = np.ones(1)
        opt.step()
        scheduler.step()
    np.testing.assert_allclose(p.numpy(), [-(1 + 0.5 + 0.25)])


def test_scheduler_state_dict_resumes_with_the_optimizer_state():
    scheduler = CosineAnnealingLR(make_optimizer([0.2]), T_max=10)
    for _ in range(4):
        scheduler.step()
    opt_state, state = scheduler.optimizer.state_dict(), scheduler.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 4
    assert opt_state["param_groups"][0]["initial_lr"] == 0.2
    opt = make_optimizer([0.2])
    resumed = CosineAnnealingLR(opt, T_max=10)
    opt.load_state_dict(opt_state)
    resumed.load_state_dict(state)
    for _ in range(3):
        scheduler.step()
        resumed.step()
        assert resumed.get_last_lr() == scheduler.get_last_lr()


def test_step_lr_takes_a_whole_float_step_size():
    """PyTorch's nn.Transformer tutorial passes step_size=1.0."""
    by_float, by_int = StepLR(make_optimizer(), 2.0, gamma=0.5), StepLR(make_optimizer(), 2, gamma=0.5)
    for _ in range(5):
        by_float.step(), by_int.step()
        assert by_float.get_last_lr() == by_int.get_last_lr()


def test_scheduler_errors():
    with pytest.raises(TypeError, match="must be an optim.Optimizer"):
        StepLR("adam", step_size=2)
    with pytest.raises(ValueError, match="step_size must be a positive integer, got 0"):
        StepLR(make_optimizer(), step_size=0)
    with pytest.raises(ValueError, match="step_size must be a positive integer, got 1.5"):
        StepLR(make_optimizer(), step_size=1.5)
    with pytest.raises(ValueError, match="T_max must be a positive integer"):
        CosineAnnealingLR(make_optimizer(), T_max=2.5)
    with pytest.raises(ValueError, match="milestone"):
        MultiStepLR(make_optimizer(), milestones=[3, -1])


# ----- ReduceLROnPlateau -----------------------------------------------------------
def test_plateau_reduces_after_patience_bad_epochs():
    scheduler = ReduceLROnPlateau(make_optimizer(), factor=0.5, patience=2)
    lrs = []
    for metric in [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.5]:
        scheduler.step(metric)
        lrs.append(scheduler.get_last_lr()[0])
    # best 0.9 at epoch 2; bad epochs 3, 4, 5 -> reduce at the 3rd (more than patience=2); again at 8
    assert lrs == [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]
    assert scheduler.last_epoch == 9 and scheduler.best == 0.5


def test_plateau_threshold_cooldown_min_lr_and_max_mode():
    # a relative improvement smaller than threshold does not count
    scheduler = ReduceLROnPlateau(make_optimizer(), factor=0.1, patience=0, threshold=0.1)
    scheduler.step(1.0)
    scheduler.step(0.95)  # not below 1.0 * (1 - 0.1): bad epoch
    assert scheduler.get_last_lr() == [pytest.approx(0.1)]

    scheduler = ReduceLROnPlateau(
        make_optimizer(),
        mode="max",
        factor=0.5,
        patience=0,
        cooldown=2,
        threshold=0.5,
        threshold_mode="abs",
        min_lr=0.3,
    )
    lrs = []
    for metric in [1.0, 1.4, 1.4, 1.4, 1.4, 1.4]:
        scheduler.step(metric)
        lrs.append(scheduler.get_last_lr()[0])
    # epoch 2 bad -> 0.5, then 2 cooldown epochs, epoch 5 bad -> max(0.25, 0.3) = 0.3, epoch 6 in cooldown
    assert lrs == [1.0, 0.5, 0.5, 0.5, 0.3, 0.3]


def test_plateau_accepts_a_tensor_metric_and_per_group_min_lr():
    scheduler = ReduceLROnPlateau(make_optimizer([1.0, 1.0]), patience=0, min_lr=[0.5, 0.0])
    scheduler.step(Tensor(2.0))
    scheduler.step(Tensor(3.0))
    assert scheduler.get_last_lr() == [0.5, pytest.approx(0.1)]


def test_plateau_errors():
    with pytest.raises(ValueError, match="factor must be < 1.0"):
        ReduceLROnPlateau(make_optimizer(), factor=1.0)
    with pytest.raises(ValueError, match="mode must be 'min' or 'max', got 'up'"):
        ReduceLROnPlateau(make_optimizer(), mode="up")
    with pytest.raises(ValueError, match="threshold_mode"):
        ReduceLROnPlateau(make_optimizer(), threshold_mode="pct")
    with pytest.raises(ValueError, match="min_lr has 2 values but the optimiser has 1"):
        ReduceLROnPlateau(make_optimizer(), min_lr=[0.1, 0.2])


# ----- next to PyTorch -----------------------------------------------------------------
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", dict(step_size=3, gamma=0.3)),
        ("MultiStepLR", dict(milestones=[2, 4, 4, 9], gamma=0.7)),
        ("ExponentialLR", dict(gamma=0.93)),
        ("CosineAnnealingLR", dict(T_max=7)),
        ("CosineAnnealingLR", dict(T_max=4, eta_min=0.003)),
    ],
)
def test_schedules_match_pytorch(name, kwargs):
    torch = pytest.importorskip("torch")
    lrs = [0.1, 0.03]
    ours = getattr(optim.lr_scheduler, name)(make_optimizer(lrs), **kwargs)
    torch_groups = [{"params": [torch.zeros(2, requires_grad=True)], "lr": lr} for lr in lrs]
    torch_opt = torch.optim.SGD(torch_groups, lr=0.5)
    theirs = getattr(torch.optim.lr_scheduler, name)(torch_opt, **kwargs)
    for _ in range(25):
        np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-14, atol=1e-17)
        ours.optimizer.step()
        torch_opt.step()
        ours.step()
        theirs.step()
    assert ours.last_epoch == theirs.last_epoch


def test_plateau_matches_pytorch():
    torch = pytest.importorskip("torch")
    kwargs = dict(factor=0.5, patience=2, cooldown=1, threshold=0.01, min_lr=0.01)
    ours = ReduceLROnPlateau(make_optimizer([0.1]), **kwargs)
    torch_opt = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(torch_opt, **kwargs)
    metrics = np.random.default_rng(0).normal(size=60).cumsum() * 0.1 + 5
    for metric in metrics:
        ours.step(metric)
        theirs.step(metric)
        assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr(), rel=1e-14)
    assert theirs.get_last_lr()[0] < 0.1  # the sequence did trigger reductions
    assert math.isclose(ours.best, theirs.best)
