"""nn.init: fans, gains, and the statistics of every initialiser over large tensors."""

import math

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor

init = nn.init
FAN_OUT, FAN_IN = 500, 400  # a (500, 400) weight: 200,000 samples per check


def big_weight(dtype=np.float64):
    return nn.Parameter(np.zeros((FAN_OUT, FAN_IN), dtype=dtype))


def assert_stats(values, mean, std):
    """Sample mean and std within a few standard errors of the targets (n = 200,000)."""
    assert abs(values.mean() - mean) < 0.01 * std
    assert abs(values.std() - std) < 0.01 * std


def test_fans_follow_the_out_in_receptive_layout():
    assert init.calculate_fan_in_and_fan_out(Tensor(np.zeros((3, 5)))) == (5, 3)
    assert init.calculate_fan_in_and_fan_out(Tensor(np.zeros((8, 4, 3, 3)))) == (36, 72)
    assert init._calculate_fan_in_and_fan_out(Tensor(np.zeros((2, 6, 5)))) == (30, 10)
    with pytest.raises(ValueError, match=r"at least 2 dimensions.*got shape \(7,\)"):
        init.calculate_fan_in_and_fan_out(Tensor(np.zeros(7)))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        init.xavier_uniform_(nn.Parameter(np.zeros(7)))


def test_calculate_gain():
    assert init.calculate_gain("linear") == 1 and init.calculate_gain("sigmoid") == 1
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert init.calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / (1 + 0.01**2)))
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError, match="unsupported nonlinearity 'swish'.*relu"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="not a number"):
        init.calculate_gain("leaky_relu", "0.1")


def test_constant_fills_in_place_keep_dtype_and_return_the_tensor():
    w = nn.Parameter(np.zeros((2, 3), dtype=np.float32))
    array = w.numpy()
    assert init.constant_(w, 2.5) is w and w.numpy() is array
    assert w.dtype == np.float32 and np.all(w.numpy() == 2.5)
    assert np.all(init.ones_(w).numpy() == 1) and np.all(init.zeros_(w).numpy() == 0)
    with pytest.raises(TypeError, match="fill a Tensor"):
        init.zeros_(np.zeros(3))


def test_uniform_and_normal_statistics():
    autograd.manual_seed(0)
    w = init.uniform_(big_weight(), -2.0, 4.0)
    assert w.numpy().min() >= -2 and w.numpy().max() < 4
    assert_stats(w.numpy(), 1.0, 6 / math.sqrt(12))
    assert_stats(init.normal_(big_weight(), 3.0, 0.5).numpy(), 3.0, 0.5)
    assert_stats(init.uniform_(big_weight()).numpy(), 0.5, 1 / math.sqrt(12))
    with pytest.raises(ValueError, match="a <= b"):
        init.uniform_(big_weight(), 1.0, 0.0)
    with pytest.raises(ValueError, match="std must be >= 0"):
        init.normal_(big_weight(), 0.0, -1.0)


def test_xavier_statistics():
    autograd.manual_seed(1)
    bound = 2.0 * math.sqrt(6 / (FAN_IN + FAN_OUT))
    w = init.xavier_uniform_(big_weight(), gain=2.0).numpy()
    assert np.abs(w).max() <= bound
    assert_stats(w, 0.0, bound / math.sqrt(3))
    assert_stats(init.xavier_normal_(big_weight()).numpy(), 0.0, math.sqrt(2 / (FAN_IN + FAN_OUT)))


def test_kaiming_statistics_for_both_modes_and_nonlinearities():
    autograd.manual_seed(2)
    w = init.kaiming_uniform_(big_weight()).numpy()  # leaky_relu with a=0: gain sqrt(2)
    bound = math.sqrt(2) * math.sqrt(3 / FAN_IN)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert_stats(w, 0.0, math.sqrt(2 / FAN_IN))
    w = init.kaiming_uniform_(big_weight(), a=math.sqrt(5)).numpy()  # nn.Linear's default
    assert np.abs(w).max() <= 1 / math.sqrt(FAN_IN)
    assert_stats(init.kaiming_normal_(big_weight(), nonlinearity="relu").numpy(), 0.0, math.sqrt(2 / FAN_IN))
    assert_stats(
        init.kaiming_normal_(big_weight(), mode="fan_out", nonlinearity="relu").numpy(),
        0.0,
        math.sqrt(2 / FAN_OUT),
    )
    assert_stats(
        init.kaiming_normal_(big_weight(), nonlinearity="linear").numpy(), 0.0, math.sqrt(1 / FAN_IN)
    )
    assert_stats(
        init.kaiming_normal_(big_weight(), nonlinearity="tanh").numpy(), 0.0, 5 / 3 / math.sqrt(FAN_IN)
    )
    with pytest.raises(ValueError, match="mode must be 'fan_in' or 'fan_out', got 'fan_avg'"):
        init.kaiming_normal_(big_weight(), mode="fan_avg")


def test_lecun_normal_is_normal_scaled_by_sqrt_one_over_fan_in():
    autograd.manual_seed(3)
    assert_stats(init.lecun_normal_(big_weight()).numpy(), 0.0, math.sqrt(1 / FAN_IN))


def test_initialisers_use_the_seeded_generator_and_work_on_parameters_in_use():
    w = nn.Parameter(np.zeros((4, 3)))
    (w * 2).sum().backward()  # a parameter that already took part in a graph
    autograd.manual_seed(7)
    first = init.kaiming_normal_(w).numpy().copy()
    autograd.manual_seed(7)
    assert np.array_equal(init.kaiming_normal_(w).numpy(), first)
    assert w.requires_grad and w.grad is not None


def test_fans_and_gains_match_torch():
    torch = pytest.importorskip("torch")
    for shape in [(3, 5), (8, 4, 3), (8, 4, 3, 2), (1, 1)]:
        assert init.calculate_fan_in_and_fan_out(
            Tensor(np.zeros(shape))
        ) == torch.nn.init._calculate_fan_in_and_fan_out(torch.zeros(shape))
    for name, param in [
        ("linear", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.3),
        ("selu", None),
        ("sigmoid", None),
    ]:
        assert init.calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param))
