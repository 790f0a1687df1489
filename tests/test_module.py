"""nn.Module: registration, names, traversal, modes, repr, state_dict / load_state_dict."""

import copy
from collections import OrderedDict

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


class Affine(nn.Module):
    """y = x @ w + b, with a child Linear and a buffer, to exercise every registry."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(np.arange(6.0).reshape(2, 3))
        self.inner = nn.Linear(3, 2)
        self.register_buffer("count", np.zeros(2))
        self.plain = Tensor([1.0, 2.0], requires_grad=True)  # a plain Tensor: not registered

    def forward(self, x):
        return self.inner(x @ self.w)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Affine()
        self.blocks = nn.ModuleList([nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2), nn.ReLU())])
        self.scale = nn.Parameter([3.0])

    def forward(self, x):
        x = self.first(x)
        for block in self.blocks:
            x = block(x)
        return x * self.scale


# ---- registration and names ---------------------------------------------------------------


def test_parameter_is_a_tensor_that_requires_grad():
    p = nn.Parameter([1.0, 2.0])
    assert isinstance(p, Tensor) and p.requires_grad and p.is_leaf and p.dtype == np.float64
    q = nn.Parameter(Tensor([[1.0]]))
    assert q.shape == (1, 1) and q.requires_grad
    assert not nn.Parameter([1.0], requires_grad=False).requires_grad


def test_named_parameters_are_qualified_and_become_the_tensors_names():
    net = Net()
    names = [name for name, _ in net.named_parameters()]
    assert names == [
        "scale",
        "first.w",
        "first.inner.weight",
        "first.inner.bias",
        "blocks.0.weight",
        "blocks.0.bias",
        "blocks.1.0.weight",
        "blocks.1.0.bias",
    ]
    for name, param in net.named_parameters():
        assert param.name == name
    assert [p for p in net.parameters()] == [p for _, p in net.named_parameters()]
    assert all(p is not net.first.plain for p in net.parameters())


def test_names_catch_up_for_modules_added_to_a_registered_container():
    class Tower(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList()
            for _ in range(2):
                self.blocks.append(nn.Linear(2, 2))  # added after blocks was registered

    tower = Tower()
    assert tower.blocks[1].weight.name == "1.weight"
    list(tower.blocks[1].parameters())  # a submodule renames nothing
    assert tower.blocks[1].weight.name == "1.weight"
    list(tower.parameters())  # the outermost model does
    assert tower.blocks[1].weight.name == "blocks.1.weight"
    list(tower.blocks.parameters())
    assert tower.blocks[1].weight.name == "blocks.1.weight"


def test_mlp_parameter_names():
    model = nn.MLP(2, [3], 1)
    assert [n for n, _ in model.named_parameters()] == [
        "layers.0.weight",
        "layers.0.bias",
        "layers.2.weight",
        "layers.2.bias",
    ]
    assert model.layers[2].weight.name == "layers.2.weight"


def test_shared_parameter_is_listed_once():
    net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    net[1].weight = net[0].weight
    assert len(list(net.parameters())) == 3
    assert net.num_parameters() == 4 + 2 + 2


def test_reassigning_and_deleting_attributes():
    m = Affine()
    m.w = nn.Parameter(np.ones((2, 3)))
    assert np.all(dict(m.named_parameters())["w"].numpy() == 1)
    m.inner = None
    assert m.inner is None and "inner" not in dict(m.named_children())
    with pytest.raises(TypeError, match="registered Parameter"):
        m.w = np.ones((2, 3))
    m.count = [5.0, 6.0]  # a buffer stays a buffer
    assert isinstance(m.count, Tensor) and list(m.count.numpy()) == [5.0, 6.0]
    del m.w
    assert "w" not in dict(m.named_parameters())
    with pytest.raises(AttributeError, match="has no attribute 'w'"):
        m.w


def test_attributes_always_read_what_the_registries_hold():
    """Registered entries are also plain attributes (fast to read): every way of changing
    one keeps the two in step, and an entry put into a registry directly is found too."""
    m = Affine()

    def registered(name):
        return next((r[name] for r in (m._parameters, m._buffers, m._modules) if name in r), "absent")

    changes = [
        lambda: setattr(m, "w", nn.Parameter(np.ones((2, 3)))),
        lambda: setattr(m, "w", None),
        lambda: m.register_buffer("w", np.zeros(3)),
        lambda: setattr(m, "w", [1.0, 2.0, 3.0]),
        lambda: m.add_module("w", nn.ReLU()),
        lambda: setattr(m, "inner", None),
        lambda: m.register_parameter("count", nn.Parameter([1.0])),
        lambda: delattr(m, "w"),
        lambda: m.register_buffer("inner", None),
        lambda: delattr(m, "inner"),
    ]
    for change in changes:
        change()
        for name in ("w", "inner", "count"):
            assert getattr(m, name, "absent") is registered(name)
    m._parameters["direct"] = nn.Parameter([1.0])
    assert m.direct is m._parameters["direct"]


def test_assigning_before_super_init_is_a_clear_error():
    class Forgetful(nn.Module):
        def __init__(self):
            self.size = 3  # plain attributes are fine before super().__init__()
            self.w = nn.Parameter([1.0])

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Forgetful()


def test_register_parameter_checks_its_arguments():
    m = nn.Module()
    with pytest.raises(TypeError, match="Parameter"):
        m.register_parameter("w", Tensor([1.0]))
    with pytest.raises(ValueError, match="'.'"):
        m.register_parameter("a.b", nn.Parameter([1.0]))
    with pytest.raises(TypeError, match="Module"):
        m.add_module("child", 3)


def test_children_modules_and_named_modules():
    net = Net()
    assert [type(c).__name__ for c in net.children()] == ["Affine", "ModuleList"]
    assert [name for name, _ in net.named_modules()] == [
        "",
        "first",
        "first.inner",
        "blocks",
        "blocks.0",
        "blocks.1",
        "blocks.1.0",
        "blocks.1.1",
    ]
    assert list(net.modules())[0] is net and len(list(net.modules())) == 8
    assert [name for name, _ in net.named_buffers()] == ["first.count"]


def test_module_list_and_sequential_indexing():
    a, b, c = nn.Linear(1, 1), nn.ReLU(), nn.Linear(1, 1)
    seq = nn.Sequential(a, b, c)
    assert len(seq) == 3 and seq[0] is a and seq[-1] is c and list(seq) == [a, b, c]
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and list(head) == [a, b]
    seq[1] = nn.Tanh()
    assert [k for k, _ in seq.named_children()] == ["0", "1", "2"] and isinstance(seq[1], nn.Tanh)
    with pytest.raises(IndexError, match="out of range"):
        seq[3]
    with pytest.raises(TypeError, match="integers or slices"):
        seq["0"]
    with pytest.raises(TypeError, match="Module"):
        seq.append(lambda x: x)
    layers = nn.ModuleList([a]).extend([b]).append(c)
    assert list(layers) == [a, b, c] and isinstance(layers[1:], nn.ModuleList)
    with pytest.raises(NotImplementedError):
        layers(Tensor([1.0]))
    named = nn.Sequential(OrderedDict([("lin", a), ("act", b)]))
    assert [k for k, _ in named.named_children()] == ["lin", "act"]


def test_sequential_forward_chains_the_modules():
    autograd.manual_seed(0)
    lin1, lin2 = nn.Linear(3, 4), nn.Linear(4, 2)
    x = autograd.randn(5, 3)
    expected = (
        np.tanh(x.numpy() @ lin1.weight.numpy().T + lin1.bias.numpy()) @ lin2.weight.numpy().T
        + lin2.bias.numpy()
    )
    assert np.allclose(nn.Sequential(lin1, nn.Tanh(), lin2)(x).numpy(), expected)
    assert nn.Identity(7, unused=True)(x) is x


def test_forward_must_be_defined():
    with pytest.raises(NotImplementedError, match="Module must define forward"):
        nn.Module()(1)


def test_call_zero_grad_and_num_parameters():
    autograd.manual_seed(0)
    net = Net()
    assert net.num_parameters() == 6 + (6 + 2) + 2 * (4 + 2) + 1
    net(autograd.randn(4, 2)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.first.requires_grad_(False)
    assert net.num_parameters(only_trainable=True) == 2 * (4 + 2) + 1


def test_train_and_eval_reach_every_submodule():
    net = Net()
    assert net.training and all(m.training for m in net.modules())
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(TypeError, match="bool"):
        net.train("no")


def test_apply_visits_every_module():
    seen = []
    net = Net()
    assert net.apply(lambda m: seen.append(type(m).__name__)) is net
    assert seen[-1] == "Net" and seen.count("Linear") == 3 and len(seen) == 8


def test_to_casts_floating_parameters_and_buffers():
    bn = nn.BatchNorm1d(3)
    bn.float()
    assert bn.weight.dtype == np.float32 and bn.running_mean.dtype == np.float32
    assert bn.num_batches_tracked.dtype == np.int64
    assert bn.double().weight.dtype == np.float64
    with pytest.raises(TypeError, match="floating"):
        bn.to(np.int32)


def test_deepcopy_gives_an_independent_model():
    original = nn.MLP(2, [3], 1, batchnorm=True)
    clone = copy.deepcopy(original)
    assert [n for n, _ in clone.named_parameters()] == [n for n, _ in original.named_parameters()]
    for (name, p), q in zip(clone.named_parameters(), original.parameters()):
        assert (
            isinstance(p, nn.Parameter)
            and p.name == name
            and p is not q
            and np.array_equal(p.numpy(), q.numpy())
        )
    with autograd.no_grad():
        clone.layers[0].weight[...] = 0.0
    assert not np.all(original.layers[0].weight.numpy() == 0)


def test_repr_is_a_tree():
    model = nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.2), nn.Sequential(nn.Dropout(0.1)))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): LeakyReLU(negative_slope=0.2)\n"
        "  (2): Sequential(\n"
        "    (0): Dropout(p=0.1, inplace=False)\n"  # PyTorch's text
        "  )\n"
        ")"
    )
    assert repr(nn.ReLU()) == "ReLU()"


# ---- state_dict -----------------------------------------------------------------------------


def test_state_dict_holds_detached_tensors_sharing_memory_in_order():
    net = Net()
    state = net.state_dict()
    assert isinstance(state, OrderedDict)
    assert list(state) == [
        "scale",
        "first.w",
        "first.count",
        "first.inner.weight",
        "first.inner.bias",
        "blocks.0.weight",
        "blocks.0.bias",
        "blocks.1.0.weight",
        "blocks.1.0.bias",
    ]
    assert all(type(v) is Tensor and not v.requires_grad and v.is_leaf for v in state.values())
    state["first.w"][...] = -1  # PyTorch's: the values are the model's memory
    assert np.all(np.asarray(net.first.w) == -1)
    bn = nn.BatchNorm1d(2)
    assert list(bn.state_dict()) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]


def test_load_state_dict_round_trip_copies_in_place():
    autograd.manual_seed(0)
    source, target = nn.MLP(3, [4], 2, batchnorm=True), nn.MLP(3, [4], 2, batchnorm=True)
    source(autograd.randn(5, 3))  # moves the running statistics
    arrays = {name: p.numpy() for name, p in target.named_parameters()}
    result = target.load_state_dict(source.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    for key, value in source.state_dict().items():
        assert np.array_equal(target.state_dict()[key], value)
    for name, p in target.named_parameters():
        assert p.numpy() is arrays[name]  # same arrays: optimisers keep working


def test_load_state_dict_accepts_tensors_and_casts_dtype():
    lin = nn.Linear(2, 1)
    lin.load_state_dict({"weight": Tensor([[1, 2]], dtype=np.int32), "bias": np.array([3], dtype=np.float32)})
    assert lin.weight.dtype == np.float64 and lin.weight.numpy().tolist() == [[1.0, 2.0]]
    assert lin.bias.numpy().tolist() == [3.0]


def test_load_state_dict_lists_every_problem_and_changes_nothing():
    net = Net()
    before = {key: np.array(value) for key, value in net.state_dict().items()}  # copies
    bad = net.state_dict()
    del bad["scale"], bad["first.count"]
    bad["first.w"] = np.zeros((3, 2))
    bad["extra.weight"] = np.zeros(1)
    bad["blocks.0.bias"] = np.full(2, 7.0)  # valid, but must not be applied
    with pytest.raises(nn.StateDictError) as info:
        net.load_state_dict(bad)
    message = str(info.value)
    for expected in (
        "missing: scale",
        "missing: first.count",
        "unexpected: extra.weight",
        "first.w: shape (3, 2) in the state dict, (2, 3) in the model",
    ):
        assert expected in message
    assert isinstance(info.value, ValueError) and isinstance(info.value, RuntimeError)
    for key, value in net.state_dict().items():
        assert np.array_equal(value, before[key])


def test_load_state_dict_non_strict_skips_missing_and_unexpected_but_not_shapes():
    lin = nn.Linear(2, 1)
    result = lin.load_state_dict({"weight": np.ones((1, 2)), "other": np.ones(3)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["other"]
    assert lin.weight.numpy().tolist() == [[1.0, 1.0]]
    with pytest.raises(nn.StateDictError, match="bias: shape"):
        lin.load_state_dict({"bias": np.ones(2)}, strict=False)


def test_load_state_dict_rejects_non_mappings_and_non_numbers():
    lin = nn.Linear(2, 1)
    with pytest.raises(TypeError, match="dict"):
        lin.load_state_dict([("weight", np.ones((1, 2)))])
    with pytest.raises(nn.StateDictError, match="weight: cannot convert"):
        lin.load_state_dict({"weight": np.array([["a", "b"]]), "bias": np.ones(1)})
