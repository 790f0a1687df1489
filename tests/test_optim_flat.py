"""Optimisers on flat arrays (optim.flat) give the same bits as one parameter at a time,
and the per-parameter state looks and behaves as before: views shaped like each parameter,
state_dict copies, load_state_dict, edits by the user, copies of the optimiser."""

import copy

import numpy as np
import pytest

import optim
from autograd import Tensor
from optim.flat import MAX_BYTES

CONFIGS = [
    (optim.SGD, dict(lr=0.1)),
    (optim.SGD, dict(lr=0.05, momentum=0.9)),
    (optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    (optim.SGD, dict(lr=0.05, momentum=0.5, maximize=True)),
    (optim.Adam, dict(lr=0.01)),
    (optim.Adam, dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    (optim.Adam, dict(lr=0.01, maximize=True)),
    (optim.AdamW, dict(lr=0.01)),
    (optim.AdamW, dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True)),
    (optim.RMSprop, dict()),
    (optim.RMSprop, dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5, weight_decay=0.01)),
    (optim.RMSprop, dict(momentum=0.9, maximize=True)),
    (optim.Adagrad, dict()),
    (optim.Adagrad, dict(lr=0.1, lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.1)),
    (optim.Adadelta, dict()),
    (optim.Adadelta, dict(lr=0.5, rho=0.5, eps=1e-4, weight_decay=0.1, maximize=True)),
]
IDS = [f"{cls.__name__}-{config}" for cls, config in CONFIGS]

# small ones share flat arrays; (150, 150) float32 is above MAX_BYTES, so it goes one by one;
# a 0-d, an empty and a Fortran-ordered parameter too
SHAPES = [(3, 4), (5,), (), (0, 3), (4, 2), (150, 150), (1,)]


def one_by_one(cls):
    """The same optimiser, always on the per-parameter path (``_update``)."""
    return type(f"OneByOne{cls.__name__}", (cls,), {"_step_flat": lambda self, group: group["params"]})


def make_params(dtype, seed=0):
    rng = np.random.default_rng(seed)
    params = [Tensor(rng.normal(size=shape).astype(dtype), requires_grad=True) for shape in SHAPES]
    params[4].data = np.asfortranarray(params[4].numpy())
    return params


def set_gradients(params, rng, skip=None):
    for i, p in enumerate(params):
        p.grad = (
            None if i == skip else (np.cos(3 * p.numpy()) + rng.normal(size=p.numpy().shape)).astype(p.dtype)
        )


def train(cls, config, dtype, steps=12, skip_every=None):
    params = make_params(dtype)
    opt = cls([{"params": params[:5]}, {"params": params[5:], "lr": 0.003}], **config)
    rng = np.random.default_rng(1)
    for step in range(steps):
        set_gradients(params, rng, skip=1 if skip_every and step % skip_every == 2 else None)
        grads = [None if p.grad is None else p.grad.numpy().copy() for p in params]
        opt.step()
        for p, g in zip(params, grads):
            assert (
                p.grad is None and g is None
            ) or p.grad.numpy().tobytes() == g.tobytes()  # gradients untouched
    return params, opt


def assert_same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_training(first, second):
    (params_a, opt_a), (params_b, opt_b) = first, second
    for p, q in zip(params_a, params_b):
        assert_same_bits(p.numpy(), q.numpy())
    state_a, state_b = opt_a.state_dict()["state"], opt_b.state_dict()["state"]
    assert state_a.keys() == state_b.keys()
    for index, entry in state_a.items():
        assert entry.keys() == state_b[index].keys()
        for key, value in entry.items():
            if key == "step":
                assert value == state_b[index][key] and type(value) is int
            else:
                assert_same_bits(value, state_b[index][key])


def test_the_layout_packs_small_parameters_and_leaves_a_large_one_alone():
    assert 150 * 150 * 4 > MAX_BYTES >= sum(np.prod(s, dtype=int) for s in SHAPES if s != (150, 150)) * 8
    params = make_params(np.float32)
    opt = optim.Adam(params)
    set_gradients(params, np.random.default_rng(0))
    opt.step()
    (layout,) = opt._flat.values()
    assert [[SHAPES.index(p.shape) for p in flat.params] for flat in layout.flat_groups] == [
        [0, 1, 2, 3, 4, 6]
    ]
    assert layout.alone == [params[5]]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("cls, config", CONFIGS, ids=IDS)
def test_flat_arrays_give_the_same_bits_as_one_parameter_at_a_time(cls, config, dtype):
    assert_same_training(train(cls, config, dtype), train(one_by_one(cls), config, dtype))


@pytest.mark.parametrize("cls, config", CONFIGS, ids=IDS)
def test_skipped_parameters_fall_back_and_still_give_the_same_bits(cls, config):
    # parameter 1 sometimes has no gradient: its flat group goes one by one that step (and, for
    # optimisers that count steps, for good, its step counts now differing); the other group stays flat
    assert_same_training(
        train(cls, config, np.float64, steps=20, skip_every=5),
        train(one_by_one(cls), config, np.float64, steps=20, skip_every=5),
    )


def test_state_entries_are_views_shaped_like_their_parameter_and_state_dict_copies():
    params = make_params(np.float32)
    opt = optim.Adam(params, amsgrad=True)
    rng = np.random.default_rng(0)
    for _ in range(2):
        set_gradients(params, rng)
        opt.step()
    for p in params:
        entry = opt.state[p]
        assert set(entry) == {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"} and entry["step"] == 2
        for key in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
            assert entry[key].shape == p.shape and entry[key].dtype == np.float32
    held = opt.state[params[0]]["exp_avg"]
    saved = opt.state_dict()["state"][0]["exp_avg"]
    set_gradients(params, rng)
    opt.step()
    assert opt.state[params[0]]["exp_avg"] is held  # the same array, updated in place
    assert not np.array_equal(held, saved)  # ...while the state_dict copy kept its values


def shares_flat_arrays(opt, params, key):
    """Whether the params' state arrays ``key`` are views of one flat array (the flat path ran)."""
    bases = {id(opt.state[p][key].base) for p in params}
    return len(bases) == 1 and opt.state[params[0]][key].base is not None


@pytest.mark.parametrize("cls, key", [(optim.SGD, "momentum_buffer"), (optim.Adam, "exp_avg")])
def test_state_returns_to_flat_arrays_after_loading_and_stays_there_after_skipped_parameters(cls, key):
    params, opt = train(
        cls, dict(lr=0.01, **({"momentum": 0.9} if cls is optim.SGD else {})), np.float64, steps=2
    )
    small = params[:5]
    assert shares_flat_arrays(opt, small, key)
    opt.load_state_dict(opt.state_dict())
    assert not shares_flat_arrays(opt, small, key)
    rng = np.random.default_rng(0)
    set_gradients(params, rng)
    opt.step()
    assert shares_flat_arrays(opt, small, key)  # packed again
    set_gradients(params, rng, skip=1)
    opt.step()  # one by one (params[1] has no gradient),
    set_gradients(params, rng)  # on the views: the flat arrays stay current
    opt.step()
    assert shares_flat_arrays(opt, small, key)
    assert opt.state[params[1]].get("step", 4) == 4 and opt.state[params[0]].get("step", 5) == 5


def test_parameters_are_updated_in_place_and_stay_float32():
    params = make_params(np.float32)
    arrays = [p.numpy() for p in params]
    opt = optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1)
    set_gradients(params, np.random.default_rng(0))
    opt.step()
    assert all(p.numpy() is a and a.dtype == np.float32 for p, a in zip(params, arrays))
    assert all(entry["momentum_buffer"].dtype == np.float32 for entry in opt.state.values())


def test_mixed_dtypes_in_one_group():
    def run(cls):
        params = [
            Tensor(np.linspace(-1, 1, 6).astype(dtype), requires_grad=True)
            for dtype in (np.float32, np.float64, np.float32)
        ]
        opt = cls(params, lr=0.1)
        for _ in range(3):
            for p in params:
                p.grad = np.sin(3 * p.numpy())
            opt.step()
        return params, opt

    ours, reference = run(optim.Adam), run(one_by_one(optim.Adam))
    assert_same_training(ours, reference)
    assert [p.dtype for p in ours[0]] == [np.float32, np.float64, np.float32]


@pytest.mark.parametrize("edit", ["reset", "replace an array", "change in place", "load_state_dict"])
def test_edits_to_the_state_between_steps_are_respected(edit):
    def run(cls):
        params, opt = train(cls, dict(lr=0.01), np.float64, steps=3)
        first, second = params[0], params[1]
        if edit == "reset":  # every parameter starts afresh: flat again
            opt.state.clear()
        elif edit == "replace an array":
            opt.state[first]["exp_avg"] = np.full(first.shape, 0.5)
        elif edit == "change in place":
            opt.state[second]["exp_avg_sq"] *= 4
        else:
            opt.load_state_dict(opt.state_dict())
        rng = np.random.default_rng(5)
        for _ in range(3):
            set_gradients(params, rng)
            opt.step()
        return params, opt

    assert_same_training(run(optim.Adam), run(one_by_one(optim.Adam)))


def test_a_deep_copy_trains_on_its_own_state():
    params, opt = train(optim.Adam, dict(lr=0.01), np.float32, steps=3)
    twin = copy.deepcopy(opt)  # its parameters and state are copies
    twin_params = [p for group in twin.param_groups for p in group["params"]]
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    for _ in range(3):
        set_gradients(params, rng_a)
        set_gradients(twin_params, rng_b)
        opt.step()
        twin.step()
    assert_same_training((params, opt), (twin_params, twin))
    assert twin.state[twin_params[0]]["exp_avg"] is not opt.state[params[0]]["exp_avg"]


def test_a_parameter_given_a_new_array_of_another_shape_gets_a_new_layout():
    p, q = Tensor(np.ones(3), requires_grad=True), Tensor(np.ones(2), requires_grad=True)
    opt = optim.SGD([p, q], lr=0.5)
    p.grad, q.grad = np.ones(3), np.ones(2)
    opt.step()
    p.data = np.ones(4)  # plain SGD keeps no state, so this is allowed
    p.grad = np.ones(4)
    opt.step()
    np.testing.assert_array_equal(p.numpy(), [0.5] * 4)
    np.testing.assert_array_equal(q.numpy(), [0.0, 0.0])


def test_a_float64_gradient_on_a_float32_parameter_is_refused_at_assignment():
    """As in PyTorch, .grad must have its parameter's dtype, so the optimisers never see another."""
    params = [Tensor(np.linspace(-1, 1, 4, dtype=np.float32), requires_grad=True) for _ in range(2)]
    with pytest.raises(
        RuntimeError, match="assigned grad has dtype float64, but the Tensor has dtype float32"
    ):
        params[0].grad = np.cos(np.arange(4.0))
    assert params[0].grad is None
