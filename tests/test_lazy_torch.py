"""Lazy modules against PyTorch's (float64, 1e-10): from the same seed, the first forward
materializes the same weights (the same random draws) and gives the same outputs and gradients;
the printed modules and the state-dict keys agree before and after; state dicts round-trip
between the two libraries; an optimiser made before the first forward trains alike."""

import numpy as np
import pytest

import autograd
import nn
import optim

torch = pytest.importorskip("torch")
TOLERANCE = dict(rtol=1e-10, atol=1e-12)

# (class name, positional arguments, keyword arguments, input shape)
CASES = [
    ("LazyLinear", (3,), {}, (2, 5)),
    ("LazyLinear", (3,), {"bias": False}, (2, 4, 5)),
    ("LazyLinear", (4,), {}, (6,)),
    ("LazyConv1d", (4, 3), {"stride": 2, "padding": 1}, (2, 3, 9)),
    ("LazyConv1d", (4, 3), {"groups": 2, "bias": False}, (6, 9)),
    ("LazyConv2d", (4, (3, 2)), {"dilation": 2, "padding": 2, "padding_mode": "reflect"}, (2, 3, 9, 8)),
    ("LazyConv2d", (2, 3), {"padding": "same"}, (3, 5, 5)),
    ("LazyConv3d", (4, (3, 2, 2)), {"stride": 2, "padding": 1, "padding_mode": "circular"}, (2, 3, 5, 6, 4)),
    ("LazyConv3d", (2, 3), {"padding": "same", "bias": False}, (3, 4, 5, 5)),
    ("LazyConvTranspose1d", (4, 3), {"stride": 2, "output_padding": 1}, (2, 3, 5)),
    ("LazyConvTranspose2d", (6, 3), {"groups": 3, "dilation": 2}, (2, 3, 5, 4)),
    ("LazyBatchNorm1d", (), {}, (4, 3)),
    ("LazyBatchNorm1d", (), {"affine": False, "momentum": None}, (4, 3, 5)),
    ("LazyBatchNorm2d", (), {"bias": False, "eps": 1e-3}, (4, 3, 2, 2)),
    ("LazyBatchNorm2d", (), {"track_running_stats": False}, (2, 3, 2, 2)),
    ("LazyInstanceNorm1d", (), {}, (4, 3, 5)),
    ("LazyInstanceNorm2d", (), {"momentum": 0.3}, (2, 3, 4, 4)),
]
IDS = [f"{name}-{i}" for i, (name, *_) in enumerate(CASES)]


pytestmark = pytest.mark.usefixtures("torch_float64")  # conftest.py


def both(name, args, kwargs, seed=7):
    """Our lazy module and PyTorch's, made after seeding both generators alike."""
    autograd.manual_seed(seed)
    torch.manual_seed(seed)
    return getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)


def assert_same_state(ours, theirs):
    ours, theirs = ours.state_dict(), theirs.state_dict()
    assert list(ours) == list(theirs)
    for key in theirs:
        np.testing.assert_allclose(ours[key].numpy(), theirs[key].numpy(), **TOLERANCE, err_msg=key)


@pytest.mark.parametrize("name, args, kwargs, shape", CASES, ids=IDS)
def test_first_forward_materializes_as_pytorch(name, args, kwargs, shape, rng):
    ours, theirs = both(name, args, kwargs)
    assert repr(ours) == repr(theirs)
    assert str(ours.state_dict()) == str(theirs.state_dict())  # the placeholders, by name
    assert ours.has_uninitialized_params() == theirs.has_uninitialized_params()
    x = rng.standard_normal(shape)
    mine, yours = autograd.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(mine), theirs(yours)
    assert type(ours).__name__ == type(theirs).__name__ == name[4:]  # LazyLinear -> Linear
    assert repr(ours) == repr(theirs)
    assert not any(map(nn.parameter.is_lazy, [*ours.parameters(), *ours.buffers()]))
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), **TOLERANCE)
    assert_same_state(ours, theirs)
    v = rng.standard_normal(expected.shape)
    (out * autograd.tensor(v)).sum().backward()
    (expected * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(mine.grad.numpy(), yours.grad.numpy(), **TOLERANCE)
    for (key, p), q in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), **TOLERANCE, err_msg=key)


def test_a_network_of_lazy_and_eager_layers_draws_in_pytorchs_order(rng):
    """Eager layers draw at construction, lazy ones at the dry run, each in its own order."""

    def build(lib):
        return lib.Sequential(
            lib.LazyConv2d(4, 3, padding=1),
            lib.LazyBatchNorm2d(),
            lib.ReLU(),
            lib.Flatten(),
            lib.Linear(4 * 5 * 5, 8),
            lib.ReLU(),
            lib.LazyLinear(3),
        )

    autograd.manual_seed(3)
    ours = build(nn)
    torch.manual_seed(3)
    theirs = build(torch.nn)
    assert repr(ours) == repr(theirs)
    x = rng.standard_normal((2, 2, 5, 5))
    np.testing.assert_allclose(
        ours(autograd.tensor(x)).numpy(), theirs(torch.tensor(x)).detach().numpy(), **TOLERANCE
    )
    assert repr(ours) == repr(theirs)
    assert_same_state(ours, theirs)


@pytest.mark.parametrize("name, args, kwargs, shape", CASES, ids=IDS)
def test_state_dicts_round_trip_between_the_libraries(name, args, kwargs, shape, rng):
    """PyTorch's materialized state dict loaded into our lazy module materializes it with the
    loaded shapes, and ours into PyTorch's; both then compute the same."""
    ours, theirs = both(name, args, kwargs, seed=11)
    x = rng.standard_normal(shape)
    theirs(torch.tensor(x))
    with torch.no_grad():
        for p in theirs.parameters():  # values no initialisation gives
            p.copy_(torch.tensor(rng.standard_normal(p.shape)))
    state = {key: value.numpy() for key, value in theirs.state_dict().items()}
    assert ours.load_state_dict(state) == theirs.load_state_dict(theirs.state_dict())
    assert not ours.has_uninitialized_params()
    assert_same_state(ours, theirs)
    np.testing.assert_allclose(
        ours(autograd.tensor(x)).numpy(), theirs(torch.tensor(x)).detach().numpy(), **TOLERANCE
    )
    assert_same_state(ours, theirs)  # loaded values are kept at the first forward, not drawn anew
    _, back = both(name, args, kwargs, seed=12)
    back.load_state_dict({key: torch.tensor(value.numpy()) for key, value in ours.state_dict().items()})
    assert_same_state(ours, back)


def test_linear_loaded_then_called_prints_as_pytorch(rng):
    """After load_state_dict a LazyLinear prints in_features=0 until its first forward, as PyTorch's."""
    ours, theirs = both("LazyLinear", (3,), {})
    theirs(torch.ones(1, 4))
    ours.load_state_dict({key: value.numpy() for key, value in theirs.state_dict().items()})
    lazy_theirs = torch.nn.LazyLinear(3)
    lazy_theirs.load_state_dict(theirs.state_dict())
    assert repr(ours) == repr(lazy_theirs)
    ours(autograd.ones(1, 4))
    lazy_theirs(torch.ones(1, 4))
    assert repr(ours) == repr(lazy_theirs) and type(ours).__name__ == type(lazy_theirs).__name__


def test_uninitialized_state_dict_loads_into_a_lazy_module_as_in_pytorch():
    ours, theirs = both("LazyBatchNorm1d", (), {})
    assert repr(ours.load_state_dict(nn.LazyBatchNorm1d().state_dict())) == repr(
        theirs.load_state_dict(torch.nn.LazyBatchNorm1d().state_dict())
    )
    assert ours.has_uninitialized_params() and theirs.has_uninitialized_params()


@pytest.mark.parametrize(
    "make", [lambda p, lib: lib.SGD(p, lr=0.1, momentum=0.9), lambda p, lib: lib.Adam(p, lr=0.01)]
)
def test_an_optimizer_made_before_the_dry_run_trains_as_pytorchs(make, rng):
    """The optimiser holds the placeholders; step() before the first forward changes nothing
    (as in PyTorch), and once the forward has materialized them it trains them."""

    def build(lib):
        return lib.Sequential(lib.LazyLinear(6), lib.Tanh(), lib.LazyBatchNorm1d(), lib.LazyLinear(2))

    autograd.manual_seed(5)
    ours = build(nn)
    torch.manual_seed(5)
    theirs = build(torch.nn)
    mine, yours = make(ours.parameters(), optim), make(theirs.parameters(), torch.optim)
    mine.step()
    yours.step()
    mine.zero_grad()
    yours.zero_grad()
    X, y = rng.standard_normal((8, 4)), rng.standard_normal((8, 2))
    for _ in range(3):
        loss = ((ours(autograd.tensor(X)) - autograd.tensor(y)) ** 2).mean()
        expected = ((theirs(torch.tensor(X)) - torch.tensor(y)) ** 2).mean()
        np.testing.assert_allclose(loss.item(), expected.item(), **TOLERANCE)
        for opt, value in ((mine, loss), (yours, expected)):
            opt.zero_grad()
            value.backward()
            opt.step()
    assert_same_state(ours, theirs)
