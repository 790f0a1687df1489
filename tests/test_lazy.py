"""Lazy modules (nn.lazy) and their placeholders (nn.parameter): what a placeholder allows and
refuses, the dry run (sizes inferred, the eager layer's initialisation, the eager class after),
state dicts of lazy modules, optimisers made before the dry run, and the errors."""

import copy

import numpy as np
import pytest

import autograd
import nn
import optim
from nn.parameter import Parameter, UninitializedBuffer, UninitializedParameter, is_lazy

# (lazy module, the eager one it becomes given the input, input shape)
PAIRS = [
    (lambda: nn.LazyLinear(3), lambda: nn.Linear(5, 3), (2, 5)),
    (lambda: nn.LazyConv1d(4, 3, groups=2), lambda: nn.Conv1d(6, 4, 3, groups=2), (2, 6, 7)),
    (lambda: nn.LazyConv2d(4, 3, stride=2), lambda: nn.Conv2d(3, 4, 3, stride=2), (3, 6, 6)),
    (lambda: nn.LazyConvTranspose1d(4, 2), lambda: nn.ConvTranspose1d(3, 4, 2), (2, 3, 4)),
    (
        lambda: nn.LazyConvTranspose2d(2, 3, bias=False),
        lambda: nn.ConvTranspose2d(3, 2, 3, bias=False),
        (1, 3, 4, 4),
    ),
    (lambda: nn.LazyBatchNorm1d(), lambda: nn.BatchNorm1d(3), (4, 3)),
    (lambda: nn.LazyBatchNorm2d(momentum=0.5), lambda: nn.BatchNorm2d(3, momentum=0.5), (2, 3, 2, 2)),
    (
        lambda: nn.LazyInstanceNorm1d(),
        lambda: nn.InstanceNorm1d(3, affine=True, track_running_stats=True),
        (2, 3, 4),
    ),
    (
        lambda: nn.LazyInstanceNorm2d(affine=False),
        lambda: nn.InstanceNorm2d(3, track_running_stats=True),
        (2, 3, 3, 3),
    ),
]


def test_the_placeholders_know_their_dtype_and_refuse_the_rest():
    p, b = UninitializedParameter(), UninitializedBuffer(dtype=autograd.float32)
    assert repr(p) == "<UninitializedParameter>" and repr(b) == "<UninitializedBuffer>"
    assert p.dtype == autograd.get_default_dtype() and b.dtype == autograd.float32
    assert p.requires_grad and not b.requires_grad and p.grad is None
    assert is_lazy(p) and is_lazy(b) and not is_lazy(Parameter(np.ones(2))) and not is_lazy(None)
    assert isinstance(p, Parameter) and isinstance(b, autograd.Tensor)
    assert (
        nn.UninitializedParameter is UninitializedParameter and nn.UninitializedBuffer is UninitializedBuffer
    )
    for use in (
        lambda t: t + 1,
        lambda t: t.sum(),
        lambda t: t.numpy(),
        lambda t: t.detach(),
        lambda t: t[0],
    ):
        with pytest.raises(ValueError, match="uninitialized"):
            use(p)
    with pytest.raises(RuntimeError, match="shape of the uninitialized parameter"):
        p.shape
    with pytest.raises(RuntimeError, match="floating-point"):
        UninitializedParameter(dtype=autograd.int64)
    with pytest.raises(RuntimeError, match="CPU only"):
        UninitializedParameter(device="cuda")


def test_materialize_turns_the_placeholder_into_a_parameter_or_a_tensor_in_place():
    p, b = UninitializedParameter(requires_grad=False), UninitializedBuffer()
    p.materialize((2, 3))
    b.materialize(4, dtype=autograd.float32)
    assert type(p) is Parameter and p.shape == (2, 3) and not p.requires_grad
    assert type(b) is autograd.Tensor and b.shape == (4,) and b.dtype == autograd.float32
    p[...] = 1.0
    assert p.sum().item() == 6.0
    with pytest.raises(ValueError, match="shape must be non-negative ints"):
        UninitializedParameter().materialize((2, -1))


def test_using_a_parameter_before_the_dry_run_names_the_module_and_the_parameter():
    net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyBatchNorm1d())
    net.named_parameters()  # names them in the model
    with pytest.raises(ValueError, match=r"parameter '0\.weight' of LazyLinear is uninitialized"):
        net[0].weight @ autograd.ones(3)
    with pytest.raises(
        ValueError, match="buffer 'running_mean' of LazyBatchNorm1d is uninitialized.*dry run"
    ):
        net[2].running_mean * 2
    with pytest.raises(
        RuntimeError, match="shape of the uninitialized buffer 'running_var' of LazyBatchNorm1d"
    ):
        net[2].running_var.shape
    with pytest.raises(ValueError, match="'0.weight' of LazyLinear"):
        net.num_parameters()


@pytest.mark.parametrize("lazy, eager, shape", PAIRS)
def test_the_dry_run_infers_the_size_initialises_as_the_eager_layer_and_becomes_it(lazy, eager, shape, rng):
    x = autograd.tensor(rng.standard_normal(shape), requires_grad=True)
    autograd.manual_seed(4)
    module = lazy()
    held = dict(module.named_parameters())  # the objects, before the dry run
    assert module.has_uninitialized_params()
    out = module(x)
    autograd.manual_seed(4)
    reference = eager()
    assert type(module) is type(reference)
    assert repr(module) == repr(reference)
    assert not module._forward_pre_hooks and "_initialize_hook" not in vars(module)
    assert all(held[key] is p for key, p in module.named_parameters())  # materialized in place
    expected = reference(x)
    np.testing.assert_array_equal(out.numpy(), expected.numpy())
    for key, value in reference.state_dict().items():
        np.testing.assert_array_equal(module.state_dict()[key].numpy(), value.numpy(), err_msg=key)
        assert type(module.state_dict()[key]) is autograd.Tensor
    out.sum().backward()
    assert all(p.grad is not None for p in module.parameters())


def test_a_shared_lazy_layer_is_materialized_once():
    """d2l's tied layer: one LazyLinear used twice in a Sequential."""
    shared = nn.LazyLinear(8)
    net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1))
    net(autograd.rand(2, 4))
    assert net[2] is net[4] and type(net[2]) is nn.Linear and net[2].weight.shape == (8, 8)
    assert len(list(net.parameters())) == 6


def test_state_dict_of_a_lazy_module_holds_the_placeholders():
    module = nn.LazyBatchNorm1d()
    state = module.state_dict()
    assert list(state) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
    assert all(state[key] is getattr(module, key) for key in list(state)[:4])
    assert state["num_batches_tracked"].item() == 0
    assert list(nn.LazyLinear(2, bias=False).state_dict()) == ["weight"]


def test_loading_a_full_state_dict_materializes_with_the_loaded_shapes_and_keeps_the_values(rng):
    source = nn.Sequential(nn.LazyConv1d(4, 3), nn.LazyBatchNorm1d(), nn.Flatten(), nn.LazyLinear(2))
    x = autograd.tensor(rng.standard_normal((2, 3, 6)))
    expected = source.eval()(x)
    target = nn.Sequential(nn.LazyConv1d(4, 3), nn.LazyBatchNorm1d(), nn.Flatten(), nn.LazyLinear(2))
    assert repr(target.load_state_dict(source.state_dict())) == "<All keys matched successfully>"
    assert type(target[0]) is nn.LazyConv1d and not target[0].has_uninitialized_params()
    assert target[0].weight.shape == (4, 3, 3) and type(target[0].weight) is Parameter
    np.testing.assert_array_equal(target.eval()(x).numpy(), expected.numpy())
    assert repr(target) == repr(source)  # sizes taken from the loaded shapes
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(target.state_dict()[key].numpy(), value.numpy())


def test_loading_keeps_a_lazy_model_unchanged_when_the_state_dict_is_wrong():
    module = nn.LazyLinear(3)
    with pytest.raises(nn.StateDictError, match="missing: bias"):
        module.load_state_dict({"weight": np.ones((3, 2))})
    assert module.has_uninitialized_params() and is_lazy(module.weight)
    assert module.load_state_dict({"weight": np.ones((3, 2))}, strict=False).missing_keys == ["bias"]
    assert module.weight.shape == (3, 2) and is_lazy(module.bias)
    with pytest.raises(nn.StateDictError, match="uninitialized in the state dict"):
        nn.Linear(2, 3).load_state_dict(nn.LazyLinear(3).state_dict())
    lazy = nn.LazyLinear(3)
    lazy.load_state_dict(nn.LazyLinear(3).state_dict())  # placeholders for placeholders
    assert lazy.has_uninitialized_params()


def test_to_a_dtype_before_the_dry_run_sets_the_materialized_dtype():
    module = nn.LazyBatchNorm2d().float()
    assert module.weight.dtype == autograd.float32 and module.running_var.dtype == autograd.float32
    assert module.num_batches_tracked.dtype == autograd.int64
    module(autograd.ones(2, 3, 2, 2, dtype=autograd.float32))
    assert module.weight.dtype == module.running_mean.dtype == autograd.float32
    assert nn.LazyLinear(2, dtype=autograd.float32).weight.dtype == autograd.float32


def test_an_optimizer_made_before_the_dry_run_steps_over_the_placeholders_then_trains_them():
    net = nn.Sequential(nn.LazyLinear(3), nn.ReLU(), nn.LazyLinear(1))
    opt = optim.SGD(net.parameters(), lr=0.5)
    opt.step()  # before the first forward: nothing to update, as in PyTorch
    net(autograd.ones(2, 4)).sum().backward()
    before = [p.numpy().copy() for p in net.parameters()]
    grads = [p.grad.numpy().copy() for p in net.parameters()]
    opt.step()
    for p, b, g in zip(net.parameters(), before, grads):
        np.testing.assert_allclose(p.numpy(), b - 0.5 * g, rtol=1e-15)


def test_initialize_parameters_materializes_and_the_next_forward_turns_the_class():
    module = nn.LazyConv1d(2, 3)
    module.initialize_parameters(autograd.ones(1, 4, 5))
    assert type(module) is nn.LazyConv1d and module.in_channels == 4 and module.weight.shape == (2, 4, 3)
    weight = module.weight.numpy().copy()
    module(autograd.ones(1, 4, 5))
    assert type(module) is nn.Conv1d
    np.testing.assert_array_equal(module.weight.numpy(), weight)


def test_forward_pre_hooks_of_the_user_run_after_the_dry_run_hook():
    module = nn.LazyLinear(2)
    seen = []
    module.register_forward_pre_hook(lambda m, args: seen.append((type(m).__name__, m.weight.shape)))
    module(autograd.ones(1, 3))
    module(autograd.ones(1, 3))
    assert seen == [("Linear", (2, 3))] * 2


def test_a_deep_copy_of_a_lazy_model_is_materialized_on_its_own():
    net = nn.Sequential(nn.LazyLinear(3))
    twin = copy.deepcopy(net)
    twin(autograd.ones(1, 5))
    assert twin[0].weight.shape == (3, 5) and is_lazy(net[0].weight) and type(net[0]) is nn.LazyLinear


def test_an_instance_norm_infers_the_channels_of_an_unbatched_input():
    module = nn.LazyInstanceNorm1d()
    module(autograd.ones(3, 7))  # (C, L)
    assert module.num_features == 3


def test_custom_lazy_modules_must_initialize_everything():
    class Bare(nn.lazy.LazyModuleMixin, nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = UninitializedParameter()

    with pytest.raises(NotImplementedError, match="initialize_parameters is not implemented for Bare"):
        Bare()(autograd.ones(2))

    class Half(Bare):
        def initialize_parameters(self, x):
            pass

    with pytest.raises(RuntimeError, match="Half has not been fully initialized"):
        Half()(autograd.ones(2))


@pytest.mark.parametrize(
    "make, x, error, message",
    [
        (lambda: nn.LazyLinear(3), autograd.tensor(1.0), ValueError, "0-d input"),
        (lambda: nn.LazyLinear(3), autograd.ones(2, 0), ValueError, "in_features .* dimension 1 is 0"),
        (lambda: nn.LazyBatchNorm1d(), autograd.ones(2, 0), ValueError, "num_features .* dimension 1 is 0"),
        (
            lambda: nn.LazyConv2d(4, 3),
            autograd.ones(2, 3),
            ValueError,
            r"expected an input of shape \(N, C, H, W\)",
        ),
        (lambda: nn.LazyConv1d(4, 3, groups=2), autograd.ones(1, 3, 5), ValueError, "divisible by groups"),
        (lambda: nn.LazyBatchNorm1d(), autograd.ones(2, 3, 4, 4), ValueError, r"\(N, C\) or \(N, C, L\)"),
        (lambda: nn.LazyInstanceNorm2d(), autograd.ones(3, 4), ValueError, "3-d .unbatched. or 4-d input"),
    ],
)
def test_a_first_input_of_the_wrong_kind_is_a_clear_error_and_leaves_the_module_lazy(make, x, error, message):
    module = make()
    with pytest.raises(error, match=message):
        module(x)
    assert module.has_uninitialized_params() and type(module).__name__.startswith("Lazy")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: nn.LazyLinear(0), "LazyLinear: out_features must be a positive integer"),
        (lambda: nn.LazyConv1d(3, 2, groups=2), "groups=2 must divide"),
        (lambda: nn.LazyConv2d(2, 0), "kernel_size must be positive"),
        (lambda: nn.LazyBatchNorm1d(momentum=2.0), "momentum"),
    ],
)
def test_bad_settings_are_refused_at_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_device_other_than_the_cpu_is_refused():
    with pytest.raises(RuntimeError, match="CPU only"):
        nn.LazyConv1d(2, 3, device="cuda")
