"""Learning-rate schedules: lr sequences from their closed forms, PyTorch (optional), plateau logic."""

import math
import warnings

import numpy as np
import pytest

import autograd
import optim
from autograd import Tensor, tensor
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


def test_a_state_saved_before_is_initial_existed_still_loads():
    """Schedulers saved by earlier 0.2 builds have no ``_is_initial``: they load and resume."""
    scheduler = CosineAnnealingLR(make_optimizer([0.2]), T_max=10)
    for _ in range(4):
        scheduler.step()
    opt_state, state = scheduler.optimizer.state_dict(), scheduler.state_dict()
    del state["_is_initial"]
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
    scheduler.step(tensor(2.0))
    scheduler.step(tensor(3.0))
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


# ----- schedules of schedules, cycles, restarts ---------------------------------------------
def test_sequential_lr_warm_up_then_cosine():
    opt = make_optimizer([0.1])
    L = optim.lr_scheduler
    scheduler = L.SequentialLR(
        opt,
        [L.LinearLR(opt, start_factor=0.25, total_iters=4), CosineAnnealingLR(opt, T_max=6)],
        milestones=[4],
    )
    lrs = lr_sequence(scheduler, 11)[:, 0]
    warm = 0.1 * (0.25 + 0.75 * np.arange(4) / 4)
    cosine = 0.1 * (1 + np.cos(np.pi * np.arange(7) / 6)) / 2  # restarted at its epoch 0 on the milestone
    np.testing.assert_allclose(lrs, np.concatenate([warm, cosine]), rtol=1e-13, atol=1e-16)
    assert scheduler.last_epoch == 10


def test_chained_scheduler_multiplies_the_changes():
    opt = make_optimizer([1.0])
    L = optim.lr_scheduler
    scheduler = L.ChainedScheduler(
        [L.ConstantLR(opt, factor=0.5, total_iters=2), ExponentialLR(opt, gamma=0.9)]
    )
    expected = [(0.5 if e < 2 else 1.0) * 0.9**e for e in range(6)]
    np.testing.assert_allclose(lr_sequence(scheduler, 6)[:, 0], expected, rtol=1e-13)


def test_cyclic_lr_triangle_and_momentum():
    opt = optim.SGD([Tensor(np.zeros(1), requires_grad=True)], lr=0.5, momentum=0.9)
    scheduler = optim.lr_scheduler.CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2, step_size_down=2)
    lrs, momenta = [], []
    for _ in range(9):
        lrs.append(scheduler.get_last_lr()[0])
        momenta.append(opt.param_groups[0]["momentum"])
        opt.step()
        scheduler.step()
    np.testing.assert_allclose(lrs, [0.1, 0.3, 0.5, 0.3, 0.1, 0.3, 0.5, 0.3, 0.1], rtol=1e-13)
    np.testing.assert_allclose(momenta, [0.9, 0.85, 0.8, 0.85, 0.9, 0.85, 0.8, 0.85, 0.9], rtol=1e-13)


def test_cosine_warm_restarts_periods_grow_by_t_mult():
    scheduler = optim.lr_scheduler.CosineAnnealingWarmRestarts(make_optimizer([1.0]), T_0=2, T_mult=2)
    # periods of 2, 4, 8 epochs: T_cur restarts at epochs 2 and 6
    t_cur, t_i = [0, 1, 0, 1, 2, 3, 0, 1], [2, 2, 4, 4, 4, 4, 8, 8]
    expected = [(1 + math.cos(math.pi * c / i)) / 2 for c, i in zip(t_cur, t_i)]
    np.testing.assert_allclose(lr_sequence(scheduler, 8)[:, 0], expected, rtol=1e-13, atol=1e-16)
    scheduler.step(6.5)  # a fractional epoch: half an epoch into the third period
    assert scheduler.get_last_lr() == [pytest.approx((1 + math.cos(math.pi * 0.5 / 8)) / 2, rel=1e-13)]


def test_step_with_an_epoch_uses_the_closed_form_and_warns():
    scheduler = StepLR(make_optimizer([1.0]), step_size=2, gamma=0.5)
    with pytest.warns(UserWarning, match=r"step\(epoch\) is deprecated"):
        scheduler.step(5)
    assert scheduler.last_epoch == 5 and scheduler.get_last_lr() == [0.25]


def test_resuming_with_last_epoch_needs_initial_lr():
    opt = make_optimizer([1.0])
    with pytest.raises(KeyError, match=r"param_groups\[0\] has no 'initial_lr'"):
        ExponentialLR(opt, gamma=0.5, last_epoch=3)
    opt.param_groups[0]["initial_lr"] = 1.0
    resumed = ExponentialLR(opt, gamma=0.5, last_epoch=3)
    assert resumed.last_epoch == 4 and resumed.get_last_lr() == [1.0]  # no step ahead on creation
    resumed.step()
    assert resumed.get_last_lr() == [0.5]
    with pytest.raises(ValueError, match="last_epoch must be -1"):
        ExponentialLR(opt, gamma=0.5, last_epoch=-2)


def test_combined_schedulers_save_and_resume(tmp_path):
    import nn

    def make():
        opt = make_optimizer([0.1, 0.02])
        L = optim.lr_scheduler
        warm = L.ChainedScheduler(
            [L.LinearLR(opt, start_factor=0.5, total_iters=3), L.ExponentialLR(opt, 0.95)]
        )
        return opt, L.SequentialLR(opt, [warm, L.CyclicLR(opt, 0.01, 0.1, step_size_up=2)], milestones=[3])

    opt, straight = make()
    expected = lr_sequence(straight, 12)
    opt, first = make()
    lr_sequence(first, 6)  # epochs 0..5
    nn.save(first, tmp_path / "scheduler.npz")
    nn.save(opt, tmp_path / "opt.npz")
    opt2, resumed = make()
    nn.load(opt2, tmp_path / "opt.npz")
    nn.load(resumed, tmp_path / "scheduler.npz")
    assert resumed.last_epoch == 5
    np.testing.assert_allclose(lr_sequence(resumed, 7), expected[5:], rtol=1e-15)


def test_combination_errors():
    opt, other = make_optimizer(), make_optimizer()
    L = optim.lr_scheduler
    with pytest.raises(ValueError, match="one milestone fewer than schedulers"):
        L.SequentialLR(opt, [StepLR(opt, 2), StepLR(opt, 3)], milestones=[2, 4])
    with pytest.raises(ValueError, match="scheduler 1 \\(StepLR\\) belongs to another optimizer"):
        L.ChainedScheduler([StepLR(opt, 2), StepLR(other, 2)])
    with pytest.raises(ValueError, match="scheduler 0 is a ReduceLROnPlateau, which needs a metric"):
        L.SequentialLR(opt, [ReduceLROnPlateau(opt), StepLR(opt, 2)], milestones=[3])
    with pytest.raises(ValueError, match="at least one scheduler"):
        L.ChainedScheduler([])
    with pytest.raises(
        ValueError, match="mode must be 'triangular', 'triangular2' or 'exp_range', got 'square'"
    ):
        L.CyclicLR(
            optim.SGD([Tensor(np.zeros(1), requires_grad=True)], momentum=0.9), 0.1, 1.0, mode="square"
        )
    with pytest.raises(ValueError, match="cycle_momentum=True needs an optimiser with momentum or betas"):
        L.CyclicLR(optim.Adagrad([Tensor(np.zeros(1), requires_grad=True)]), 0.1, 1.0)
    with pytest.raises(ValueError, match="T_0 must be a positive integer, got 0"):
        L.CosineAnnealingWarmRestarts(opt, T_0=0)
    with pytest.raises(ValueError, match="T_mult must be a positive integer, got 1.5"):
        L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=1.5)


NEW_SCHEDULES = {
    "SequentialLR": lambda L, o: L.SequentialLR(
        o,
        [
            L.LinearLR(o, start_factor=0.1, total_iters=4),
            L.CosineAnnealingLR(o, T_max=6),
            L.ExponentialLR(o, 0.9),
        ],
        [4, 9],
    ),
    "SequentialLR without closed form": lambda L, o: L.SequentialLR(
        o, [L.MultiplicativeLR(o, lambda e: 0.9), L.LambdaLR(o, lambda e: 1 / (e + 1))], [3]
    ),
    "SequentialLR nested": lambda L, o: L.SequentialLR(
        o,
        [
            L.ChainedScheduler([L.ConstantLR(o, factor=0.5, total_iters=3), L.ExponentialLR(o, 0.9)]),
            L.StepLR(o, 2),
        ],
        [5],
    ),
    "ChainedScheduler": lambda L, o: L.ChainedScheduler(
        [L.ConstantLR(o, factor=0.1, total_iters=2), L.ExponentialLR(o, 0.9)]
    ),
    "CyclicLR": lambda L, o: L.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.05], step_size_up=3),
    "CyclicLR triangular2": lambda L, o: L.CyclicLR(
        o, 0.01, 0.1, step_size_up=2, step_size_down=4, mode="triangular2"
    ),
    "CyclicLR exp_range": lambda L, o: L.CyclicLR(o, 0.01, 0.1, step_size_up=3, mode="exp_range", gamma=0.9),
    "CyclicLR scale_fn": lambda L, o: L.CyclicLR(
        o, 0.01, 0.1, step_size_up=3, scale_fn=lambda x: 0.5**x, scale_mode="iterations", base_momentum=0.7
    ),
    "CosineAnnealingWarmRestarts": lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=3),
    "CosineAnnealingWarmRestarts T_mult": lambda L, o: L.CosineAnnealingWarmRestarts(
        o, T_0=2, T_mult=2, eta_min=0.001
    ),
}


def torch_and_ours_sequences(make, steps, epoch=None, optimizer="SGD"):
    """lr, momentum (or beta1) and get_last_lr() of both groups per step, for ours and PyTorch's."""
    torch = pytest.importorskip("torch")
    import warnings

    import nn

    out = []
    for lib, parameter in (
        (optim, lambda: nn.Parameter(np.zeros(1))),
        (torch.optim, lambda: torch.zeros(1, requires_grad=True)),
    ):
        groups = [{"params": [parameter()]}, {"params": [parameter()], "lr": 0.02}]
        opt = getattr(lib, optimizer)(groups, lr=0.1, **({"momentum": 0.9} if optimizer == "SGD" else {}))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's about a nested scheduler stepped before the optimiser
            scheduler = make(lib.lr_scheduler, opt)
        record = []
        for step in range(steps):
            momenta = [g["momentum"] if optimizer == "SGD" else g["betas"][0] for g in opt.param_groups]
            record.append([g["lr"] for g in opt.param_groups] + momenta + list(scheduler.get_last_lr()))
            opt.step()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # step(epoch) is deprecated on both sides
                scheduler.step() if epoch is None else scheduler.step(epoch(step))
        out.append(np.array(record))
    return out


@pytest.mark.parametrize("name", NEW_SCHEDULES)
def test_new_schedules_match_pytorch(name):
    ours, theirs = torch_and_ours_sequences(NEW_SCHEDULES[name], 25)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


def test_cyclic_lr_cycles_adams_beta1_as_pytorch():
    ours, theirs = torch_and_ours_sequences(
        lambda L, o: L.CyclicLR(o, 0.01, 0.1, step_size_up=3), 15, optimizer="Adam"
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize("T_mult", [1, 2])
def test_warm_restarts_at_fractional_epochs_match_pytorch(T_mult):
    make = lambda L, o: L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=T_mult)  # noqa: E731
    ours, theirs = torch_and_ours_sequences(make, 25, epoch=lambda step: (step + 1) * 0.37)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", dict(step_size=3)),
        ("MultiStepLR", dict(milestones=[2, 6])),
        ("ExponentialLR", dict(gamma=0.9)),
        ("CosineAnnealingLR", dict(T_max=5)),
        ("LinearLR", dict()),
        ("ConstantLR", dict()),
        ("PolynomialLR", dict(power=2.0)),
    ],
)
def test_closed_forms_by_epoch_match_pytorch(name, kwargs):
    make = lambda L, o: getattr(L, name)(o, **kwargs)  # noqa: E731
    ours, theirs = torch_and_ours_sequences(make, 12, epoch=lambda step: (step * 7) % 11)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("ExponentialLR", dict(gamma=0.9)),
        ("CosineAnnealingLR", dict(T_max=5)),
        ("LinearLR", dict(total_iters=6)),
        ("PolynomialLR", dict(total_iters=8)),
        ("MultiplicativeLR", dict(lr_lambda=lambda e: 0.8)),
    ],
)
def test_resuming_at_last_epoch_matches_pytorch(name, kwargs):
    def make(L, o):
        for group in o.param_groups:
            group["initial_lr"] = group["lr"] * 2  # as a loaded optimiser state would have it
        return getattr(L, name)(o, last_epoch=3, **kwargs)

    ours, theirs = torch_and_ours_sequences(make, 10)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=1e-17)


def test_the_old_base_class_name_and_plateaus_epoch_argument():
    class Halving(optim.lr_scheduler._LRScheduler):  # as older programs write a schedule of their own
        def get_lr(self):
            return [base * 0.5**self.last_epoch for base in self.base_lrs]

    scheduler = Halving(make_optimizer([1.0]))
    np.testing.assert_allclose(lr_sequence(scheduler, 4)[:, 0], [1.0, 0.5, 0.25, 0.125])
    assert isinstance(scheduler, optim.lr_scheduler.LRScheduler)
    plateau = ReduceLROnPlateau(make_optimizer())
    with pytest.warns(UserWarning, match="deprecated"):
        plateau.step(1.0, epoch=7)
    assert plateau.last_epoch == 7


def test_reduce_lr_on_plateau_is_an_lr_scheduler_as_in_torch():
    """PyTorch 2.x's ReduceLROnPlateau subclasses LRScheduler (without its initial step): user
    code's isinstance checks hold, get_last_lr() and saving work, combining it is refused."""
    torch = pytest.importorskip("torch")
    opt = make_optimizer([1.0, 0.1])
    scheduler = ReduceLROnPlateau(opt, factor=0.5, patience=0)
    tparams = [torch.nn.Parameter(torch.zeros(2)) for _ in range(2)]
    topt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(tparams, [1.0, 0.1])], lr=0.5)
    theirs = torch.optim.lr_scheduler.ReduceLROnPlateau(topt, factor=0.5, patience=0)
    assert isinstance(scheduler, optim.lr_scheduler.LRScheduler)
    assert isinstance(theirs, torch.optim.lr_scheduler.LRScheduler)
    assert issubclass(ReduceLROnPlateau, optim.lr_scheduler.LRScheduler)
    assert issubclass(type(theirs), torch.optim.lr_scheduler.LRScheduler)
    assert scheduler.get_last_lr() == theirs.get_last_lr() and scheduler.last_epoch == theirs.last_epoch == 0
    assert "initial_lr" not in opt.param_groups[0] and "initial_lr" not in topt.param_groups[0]
    for metric in [3.0, 2.0, 2.5, 2.5, tensor(1.0), 1.5]:
        scheduler.step(metric)
        theirs.step(torch.tensor(float(metric)))
        assert scheduler.get_last_lr() == pytest.approx(theirs.get_last_lr(), rel=1e-15)
        assert scheduler.last_epoch == theirs.last_epoch
    restored = ReduceLROnPlateau(make_optimizer([1.0, 0.1]), factor=0.5, patience=0)
    restored.load_state_dict(scheduler.state_dict())
    assert (
        restored.state_dict() == scheduler.state_dict() and restored.get_last_lr() == scheduler.get_last_lr()
    )
    for combine in (
        lambda: optim.lr_scheduler.ChainedScheduler([scheduler]),
        lambda: optim.lr_scheduler.SequentialLR(opt, [scheduler, StepLR(opt, 2)], milestones=[2]),
    ):
        with pytest.raises(ValueError, match="scheduler 0 is a ReduceLROnPlateau, which needs a metric"):
            combine()


@pytest.mark.parametrize("metric", [np.array([0.5]), np.float32(0.5), np.array(0.5)])
def test_plateau_takes_a_one_element_array_as_its_metric(metric):
    scheduler = optim.lr_scheduler.ReduceLROnPlateau(
        optim.SGD([autograd.zeros(1, requires_grad=True)], lr=0.1)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy deprecates float() of a 1-element array
        scheduler.step(metric)
    assert scheduler.best == 0.5
    with pytest.raises(TypeError, match="one-element"):
        scheduler.step(np.array([0.5, 0.25]))
