"""Optimiser (and model) state through nn.save / nn.load: a resumed run equals an unbroken one."""

import numpy as np
import pytest

import autograd as ag
import nn
import optim


def make(seed):
    ag.manual_seed(seed)
    model = nn.MLP(3, [5], 2)
    return model


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda p: optim.Adam(p, lr=0.01, betas=(0.8, 0.95), amsgrad=True),
        lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    ],
)
def test_twenty_steps_equal_ten_save_load_ten(tmp_path, make_optimizer):
    rng = np.random.default_rng(0)
    X, y = ag.Tensor(rng.standard_normal((16, 3))), ag.Tensor(rng.standard_normal((16, 2)))

    def train(model, opt, steps):
        for _ in range(steps):
            opt.zero_grad()
            nn.MSELoss()(model(X), y).backward()
            opt.step()

    straight = make(1)
    opt = make_optimizer(straight.parameters())
    train(straight, opt, 20)

    first = make(1)
    opt = make_optimizer(first.parameters())
    train(first, opt, 10)
    nn.save(first, tmp_path / "model.npz")
    nn.save(opt, tmp_path / "opt.npz")

    resumed = make(2)  # different initial weights, overwritten by load
    opt2 = make_optimizer(resumed.parameters())
    opt2.param_groups[0]["lr"] = 123.0  # overwritten too
    nn.load(resumed, tmp_path / "model.npz")
    nn.load(opt2, tmp_path / "opt.npz")
    train(resumed, opt2, 10)
    for a, b in zip(straight.parameters(), resumed.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_loading_optimizer_state_into_a_mismatched_optimizer_is_an_error(tmp_path):
    model = make(0)
    opt = optim.Adam(model.parameters())
    nn.save(opt, tmp_path / "opt.npz")
    other = optim.Adam(nn.MLP(3, [5, 4], 2).parameters())
    with pytest.raises(ValueError, match="parameter"):
        nn.load(other, tmp_path / "opt.npz")
