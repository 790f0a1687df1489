"""PyTorch's nn / optim / data API on chainrule (#19): module hooks and state, containers,
Embedding, datasets and the DataLoader, optimiser and scheduler options.

Comparisons with PyTorch itself are in test_nn_compat_torch.py.
"""

from collections import namedtuple

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor, tensor
from nn.data import (
    BatchSampler,
    ConcatDataset,
    DataLoader,
    Dataset,
    SequentialSampler,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)
from nn.functional import embedding
from optim import lr_scheduler


def two_layers():
    autograd.manual_seed(0)
    return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))


# ---- hooks ---------------------------------------------------------------------------------


def test_forward_hook_sees_inputs_and_output_and_may_replace_the_output():
    model = two_layers()
    x = Tensor(np.ones((2, 3)))
    plain = model(x)
    seen = []

    def hook(module, args, output):
        seen.append((module, args, output))
        return output * 2

    handle = model[2].register_forward_hook(hook)
    doubled = model(x)
    assert seen[0][0] is model[2] and isinstance(seen[0][1], tuple) and len(seen[0][1]) == 1
    np.testing.assert_array_equal(np.asarray(doubled), 2 * np.asarray(plain))
    handle.remove()
    np.testing.assert_array_equal(np.asarray(model(x)), np.asarray(plain))
    assert len(seen) == 1
    handle.remove()  # a second remove does nothing


def test_forward_hook_returning_none_keeps_the_output_and_gradients_flow_through_a_replacement():
    model = two_layers()
    model.register_forward_hook(lambda module, args, output: None)
    model[0].register_forward_hook(lambda module, args, output: output * 0)
    model(Tensor(np.ones((2, 3)))).sum().backward()
    assert np.all(np.asarray(model[0].weight.grad) == 0)  # the zeroed output cut the gradient
    assert np.any(np.asarray(model[2].bias.grad) != 0)


def test_forward_pre_hook_may_replace_the_inputs():
    lin = nn.Linear(3, 1)
    x = Tensor(np.ones((1, 3)))
    handle = lin.register_forward_pre_hook(lambda module, args: args[0] * 0)  # not a tuple: one input
    np.testing.assert_array_equal(np.asarray(lin(x)), np.asarray(lin.bias)[None])
    handle.remove()
    expected = np.asarray(lin(Tensor(np.full((1, 3), 2.0))))
    with lin.register_forward_pre_hook(lambda module, args: (args[0] * 2,)):
        np.testing.assert_allclose(np.asarray(lin(x)), expected)
    assert not lin._forward_pre_hooks  # the with block removed it


def test_hooks_with_kwargs_and_prepend_order():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    module, order = Scale(), []
    module.register_forward_pre_hook(lambda m, args, kwargs: (args, {"factor": 3.0}), with_kwargs=True)
    module.register_forward_hook(
        lambda m, args, kwargs, out: order.append(("kw", kwargs)) or out + 1, with_kwargs=True
    )
    module.register_forward_hook(lambda m, args, out: order.append("first"), prepend=True)
    out = module(Tensor([1.0, 2.0]))
    np.testing.assert_array_equal(np.asarray(out), [4.0, 7.0])
    assert order == ["first", ("kw", {"factor": 3.0})]


def test_hooks_on_an_mlps_fused_linear_and_relu_see_their_calls():
    autograd.manual_seed(0)
    mlp = nn.MLP(3, [4], 2)
    x = Tensor(np.ones((2, 3)))
    plain = np.asarray(mlp(x))
    seen = []
    mlp.layers[0].register_forward_hook(lambda m, args, out: seen.append("linear"))
    mlp.layers[1].register_forward_pre_hook(lambda m, args: seen.append("relu"))
    np.testing.assert_array_equal(np.asarray(mlp(x)), plain)
    assert seen == ["linear", "relu"]


def test_hook_registration_errors():
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="callable"):
        lin.register_forward_hook(3)
    with pytest.raises(NotImplementedError, match="always_call"):
        lin.register_forward_hook(lambda *a: None, always_call=True)
    lin.register_forward_pre_hook(lambda m, args, kwargs: "wrong", with_kwargs=True)
    with pytest.raises(TypeError, match=r"\(args, kwargs\)"):
        lin(Tensor(np.ones(2)))


# ---- traversal and registration ------------------------------------------------------------


def test_named_children_get_submodule_and_register_module():
    model = two_layers()
    assert [(name, type(m).__name__) for name, m in model.named_children()] == [
        ("0", "Linear"),
        ("1", "ReLU"),
        ("2", "Linear"),
    ]
    outer = nn.Module()
    outer.register_module("body", model)
    assert outer.get_submodule("body.2") is model[2] and outer.get_submodule("") is outer
    with pytest.raises(AttributeError, match="no submodule 'head'"):
        outer.get_submodule("body.head")
    assert [name for name, _ in outer.named_parameters()] == [
        "body.0.weight",
        "body.0.bias",
        "body.2.weight",
        "body.2.bias",
    ]
    assert len(list(outer.parameters(recurse=False))) == 0 and len(list(outer.modules())) == 5


def test_registering_a_name_the_class_uses_is_refused():
    with pytest.raises(ValueError, match="'forward'"):
        nn.Module().add_module("forward", nn.ReLU())
    with pytest.raises(ValueError, match="'keys'"):
        nn.ModuleDict({"keys": nn.ReLU()})


def test_extra_repr_on_several_lines_is_indented_as_in_pytorch():
    class Two(nn.Module):
        def extra_repr(self):
            return "a=1\nb=2"

    assert repr(Two()) == "Two(\n  a=1\n  b=2\n)"


# ---- state_dict / load_state_dict ----------------------------------------------------------


def test_state_dict_values_are_detached_tensors_sharing_the_parameters_memory():
    model = two_layers()
    state = model.state_dict()
    assert all(type(v) is Tensor and not v.requires_grad for v in state.values())
    assert state["0.weight"].shape == (4, 3)
    with autograd.no_grad():
        model[0].weight[...] = 1.5  # training changes what state_dict gave
    assert np.all(np.asarray(state["0.weight"]) == 1.5)
    kept = model.state_dict(keep_vars=True)
    assert kept["0.weight"] is model[0].weight
    assert list(model.state_dict(prefix="net.")) == [
        "net.0.weight",
        "net.0.bias",
        "net.2.weight",
        "net.2.bias",
    ]
    target = {}
    assert model.state_dict(destination=target) is target and len(target) == 4


def test_load_state_dict_of_tensors_and_the_incompatible_keys_it_returns():
    source, target = two_layers(), nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    result = target.load_state_dict(source.state_dict())
    assert result == ([], []) and repr(result) == "<All keys matched successfully>"
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(np.asarray(target.state_dict()[key]), np.asarray(value))
    partial = {"0.weight": source.state_dict()["0.weight"], "extra": Tensor([1.0])}
    result = target.load_state_dict(partial, strict=False)
    assert result.missing_keys == ["0.bias", "2.weight", "2.bias"] and result.unexpected_keys == ["extra"]
    assert "missing_keys=['0.bias'" in repr(result)


def test_strict_load_lists_everything_and_changes_nothing_and_shapes_count_without_strict():
    model = two_layers()
    before = {key: np.array(value) for key, value in model.state_dict().items()}
    bad = {"0.weight": np.zeros((4, 3)), "2.weight": np.zeros((3, 3)), "other": np.zeros(1)}
    with pytest.raises(nn.StateDictError) as info:
        model.load_state_dict(bad)
    for text in (
        "missing: 0.bias",
        "missing: 2.bias",
        "unexpected: other",
        "2.weight: shape (3, 3) in the state dict, (2, 4) in the model",
    ):
        assert text in str(info.value)
    with pytest.raises(nn.StateDictError, match="2.weight: shape"):
        model.load_state_dict(bad, strict=False)
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(np.asarray(value), before[key])
    with pytest.raises(NotImplementedError, match="assign"):
        model.load_state_dict(model.state_dict(), assign=True)


def test_non_persistent_buffers_stay_out_of_the_state_dict():
    module = nn.Module()
    module.register_buffer("kept", np.ones(2))
    module.register_buffer("mask", np.ones(3), persistent=False)
    assert list(module.state_dict()) == ["kept"]
    assert [name for name, _ in module.named_buffers()] == ["kept", "mask"]
    module.register_buffer("mask", np.ones(3))  # registered again, persistent
    assert list(module.state_dict()) == ["kept", "mask"]


def test_save_and_load_still_round_trip_a_state_dict_of_tensors(tmp_path):
    source, target = two_layers(), nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    nn.load(target, nn.save(source, tmp_path / "model.npz"))
    for key, value in source.state_dict().items():
        np.testing.assert_array_equal(np.asarray(target.state_dict()[key]), np.asarray(value))


# ---- zero_grad, to, cpu, float / double / half ---------------------------------------------


def test_module_zero_grad_without_none_zeroes_in_place():
    model = two_layers()
    model(Tensor(np.ones((2, 3)))).sum().backward()
    arrays = [np.asarray(p.grad) for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    for p, array in zip(model.parameters(), arrays):
        assert np.asarray(p.grad) is array and np.all(array == 0)
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.zero_grad(set_to_none=False)  # None stays None, as in PyTorch
    assert all(p.grad is None for p in model.parameters())


class CpuDevice:
    """What autograd.device("cpu") (or torch.device) looks like to Module.to: its str is "cpu"."""

    def __str__(self):
        return "cpu"


@pytest.mark.parametrize(
    "args, kwargs, dtype",
    [
        (("cpu",), {}, np.float64),
        ((CpuDevice(),), {}, np.float64),
        (("cpu:0",), {}, np.float64),
        ((np.float32,), {}, np.float32),
        (("cpu", np.float32), {}, np.float32),
        ((), {"device": "cpu", "dtype": np.float32}, np.float32),
        ((np.float32, True), {}, np.float32),
        ((Tensor(np.zeros(1, dtype=np.float32)),), {}, np.float32),
        ((), {"dtype": "float16"}, np.float16),
    ],
)
def test_to_takes_pytorchs_forms(args, kwargs, dtype):
    bn = nn.BatchNorm1d(2)
    assert bn.to(*args, **kwargs) is bn
    assert bn.weight.dtype == dtype and bn.running_mean.dtype == dtype
    assert bn.num_batches_tracked.dtype == np.int64  # integer buffers keep their dtype


def test_to_errors_cuda_and_what_is_neither_device_nor_dtype():
    lin = nn.Linear(2, 2)
    for device in ("cuda", "cuda:0", "mps"):
        with pytest.raises(RuntimeError, match="CPU only"):
            lin.to(device)
    with pytest.raises(RuntimeError, match="is_available"):
        lin.cuda()
    with pytest.raises(TypeError, match="neither a device"):
        lin.to("banana")
    with pytest.raises(TypeError, match="floating-point"):
        lin.to(np.int64)
    with pytest.raises(TypeError, match="takes a device"):
        lin.to()


def test_no_accelerator_so_ported_programs_pick_the_cpu():
    """PyTorch's examples choose their device with torch.accelerator (or torch.cuda / mps)."""
    assert autograd.accelerator.is_available() is False and autograd.accelerator.device_count() == 0
    assert autograd.accelerator.current_accelerator() is None
    assert autograd.cuda.is_available() is False and autograd.backends.mps.is_available() is False
    device = (
        autograd.accelerator.current_accelerator()
        if autograd.accelerator.is_available()
        else autograd.device("cpu")
    )
    assert nn.Linear(2, 2).to(device).weight.dtype == np.float64 and str(device) == "cpu"


def test_cpu_float_double_half_and_gradients_follow_the_cast():
    lin = nn.Linear(2, 2)
    assert lin.cpu() is lin
    lin(Tensor(np.ones((1, 2)))).sum().backward()
    assert lin.float().weight.dtype == np.float32 and np.asarray(lin.weight.grad).dtype == np.float32
    assert lin.half().weight.dtype == np.float16
    assert lin.double().weight.dtype == np.float64


# ---- containers ----------------------------------------------------------------------------


def test_module_dict():
    heads = nn.ModuleDict({"left": nn.Linear(2, 1)})
    heads["right"] = nn.Linear(2, 3)
    heads.update([("mid", nn.ReLU())])
    assert list(heads) == list(heads.keys()) == ["left", "right", "mid"] and len(heads) == 3
    assert "left" in heads and heads["right"].out_features == 3
    assert [name for name, _ in heads.named_parameters()] == [
        "left.weight",
        "left.bias",
        "right.weight",
        "right.bias",
    ]
    assert isinstance(heads.pop("mid"), nn.ReLU) and "mid" not in heads
    del heads["left"]
    assert list(heads.items())[0][0] == "right" and len(list(heads.values())) == 1
    with pytest.raises(KeyError, match="'nope'"):
        heads["nope"]
    with pytest.raises(TypeError, match="Module"):
        heads["x"] = 3
    with pytest.raises(TypeError, match="strings"):
        heads[1] = nn.ReLU()
    heads.clear()
    assert len(heads) == 0


def test_parameter_list():
    params = nn.ParameterList([nn.Parameter(np.ones(2)), np.zeros((2, 2))])
    params.append(Tensor([3.0]))
    params += [nn.Parameter(np.ones(1))]
    assert len(params) == 4 and all(isinstance(p, nn.Parameter) and p.requires_grad for p in params)
    assert [name for name, _ in params.named_parameters()] == ["0", "1", "2", "3"]
    assert params[-1] is list(params)[3] and len(params[1:3]) == 2
    params[0] = np.full(2, 5.0)
    assert np.asarray(params[0]).tolist() == [5.0, 5.0]
    with pytest.raises(IndexError, match="out of range"):
        params[4]
    with pytest.raises(TypeError, match="Parameters"):
        params.append("w")

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.scales = nn.ParameterList([nn.Parameter(np.ones(3)) for _ in range(2)])

    assert list(Model().state_dict()) == ["scales.0", "scales.1"]
    assert "(0): Parameter of shape (3,), dtype float64" in repr(Model())


def test_parameter_dict():
    params = nn.ParameterDict({"a": nn.Parameter(np.ones(2))})
    params["b"] = np.zeros(3)
    params.update({"c": Tensor([1.0])})
    assert list(params) == ["a", "b", "c"] and params.get("z") is None and "b" in params
    assert isinstance(params["b"], nn.Parameter) and len(params) == 3
    assert params.pop("a").shape == (2,) and list(params.keys()) == ["b", "c"]
    assert [name for name, _ in params.named_parameters()] == ["b", "c"]


# ---- Embedding -----------------------------------------------------------------------------


def test_embedding_looks_up_rows_of_any_index_shape():
    autograd.manual_seed(0)
    emb = nn.Embedding(10, 4)
    for indices in (
        [[1, 2], [3, 9]],
        np.array([0, 0, 5], dtype=np.int32),
        autograd.tensor(np.arange(6).reshape(2, 3)),
        7,
    ):
        out = emb(indices)
        array = np.asarray(indices._data if isinstance(indices, Tensor) else indices)
        assert out.shape == array.shape + (4,)
        np.testing.assert_array_equal(np.asarray(out), np.asarray(emb.weight)[array])
    assert (
        repr(emb) == "Embedding(10, 4)"
        and repr(nn.Embedding(5, 2, padding_idx=-1)) == "Embedding(5, 2, padding_idx=4)"
    )


def test_embedding_init_is_normal_through_nn_init_with_the_padding_row_zero():
    autograd.manual_seed(3)
    emb = nn.Embedding(6, 5, padding_idx=2)
    autograd.manual_seed(3)
    expected = nn.init.normal_(nn.Parameter(np.empty((6, 5))))
    weight = np.asarray(emb.weight)
    assert np.all(weight[2] == 0)
    np.testing.assert_array_equal(np.delete(weight, 2, axis=0), np.delete(np.asarray(expected), 2, axis=0))


def test_embedding_gradient_adds_up_repeated_rows_and_skips_the_padding_row():
    weight = Tensor(np.arange(12.0).reshape(4, 3), requires_grad=True)
    indices = np.array([[0, 2, 2], [1, 2, 0]])
    out = embedding(indices, weight, padding_idx=1)
    upstream = np.arange(18.0).reshape(2, 3, 3)
    out.backward(upstream)
    expected = np.zeros((4, 3))
    for k, row in enumerate(indices.reshape(-1)):
        expected[row] += upstream.reshape(-1, 3)[k]
    expected[1] = 0
    np.testing.assert_array_equal(np.asarray(weight.grad), expected)
    np.testing.assert_array_equal(np.asarray(out)[1, 0], [3.0, 4.0, 5.0])  # the padding row is still read


@pytest.mark.parametrize(
    "indices",
    [
        np.array([[0, 2, 2], [1, 4, 0]]),
        np.array([3, 3, 3], dtype=np.int32),
        [[[1], [0]], [[4], [4]]],
        np.array(2),
    ],
)
@pytest.mark.parametrize("with_padding", [False, True])
def test_embedding_gradcheck_and_gradgradcheck(rng, indices, with_padding):
    weight = Tensor(rng.standard_normal((5, 3)), requires_grad=True)
    # a padding row that is never read: the padding row's own gradient is zero by definition, not
    # the derivative (test_embedding_gradient_adds_up_repeated_rows_and_skips_the_padding_row)
    padding_idx = min(set(range(5)) - set(np.ravel(indices).tolist())) if with_padding else None
    assert autograd.gradcheck(lambda w: embedding(indices, w, padding_idx), (weight,))
    assert autograd.gradgradcheck(lambda w: embedding(indices, w, padding_idx), (weight,))
    assert autograd.gradgradcheck(lambda w: (embedding(indices, w, padding_idx) ** 2).sum(), (weight,))


def test_embedding_second_derivative_through_the_padding_row_is_zero():
    weight = Tensor(np.ones((3, 2)), requires_grad=True)
    out = (embedding([0, 1, 1], weight, padding_idx=1) ** 2).sum()
    (grad,) = autograd.grad(out, [weight], create_graph=True)
    np.testing.assert_array_equal(np.asarray(grad), [[2, 2], [0, 0], [0, 0]])
    (second,) = autograd.grad(grad.sum(), [weight])
    np.testing.assert_array_equal(np.asarray(second), [[2, 2], [0, 0], [0, 0]])


def test_embedding_takes_the_default_dtype_or_its_dtype_argument():
    autograd.set_default_dtype(autograd.float32)
    try:
        assert nn.Embedding(3, 2).weight.dtype == np.float32
    finally:
        autograd.set_default_dtype(autograd.float64)
    assert nn.Embedding(3, 2).weight.dtype == np.float64
    assert nn.Embedding(3, 2, dtype=autograd.float32, device="cpu").weight.dtype == np.float32
    with pytest.raises(RuntimeError, match="CPU only"):
        nn.Embedding(3, 2, device="cuda")


def test_embedding_keeps_float32():
    weight = Tensor(np.ones((3, 2), dtype=np.float32), requires_grad=True)
    out = embedding([[0, 1]], weight)
    out.sum().backward()
    assert out.dtype == np.float32 and np.asarray(weight.grad).dtype == np.float32


def test_embedding_errors():
    emb = nn.Embedding(10, 3)
    with pytest.raises(IndexError, match=r"index 10 is out of range for num_embeddings=10"):
        emb([1, 10])
    with pytest.raises(IndexError, match=r"index -1 is out of range"):
        emb(np.array([-1, 2]))
    with pytest.raises(TypeError, match="integers.*float64"):
        emb(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="integers.*bool"):
        emb(np.array([True]))
    with pytest.raises(ValueError, match="rectangular"):
        emb([[1], [2, 3]])
    with pytest.raises(NotImplementedError, match="max_norm"):
        nn.Embedding(10, 3, max_norm=1.0)
    with pytest.raises(NotImplementedError, match="sparse"):
        nn.Embedding(10, 3, sparse=True)
    with pytest.raises(ValueError, match=r"padding_idx must be within \[-10, 10\)"):
        nn.Embedding(10, 3, padding_idx=10)
    with pytest.raises(ValueError, match="num_embeddings"):
        nn.Embedding(-1, 3)
    with pytest.raises(ValueError, match="2-D"):
        embedding([0], Tensor(np.ones(3)))
    with pytest.raises(ValueError, match=r"_weight must have shape \(10, 3\)"):
        nn.Embedding(10, 3, _weight=np.ones((3, 10)))
    assert emb([]).shape == (0, 3)


def test_embedding_from_pretrained_and_weight():
    table = np.arange(6.0).reshape(3, 2)
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad and np.asarray(frozen([2])).tolist() == [[4.0, 5.0]]
    trainable = nn.Embedding.from_pretrained(Tensor(table), freeze=False, padding_idx=0)
    assert trainable.weight.requires_grad and np.asarray(trainable.weight)[0].tolist() == [0.0, 1.0]
    assert nn.Embedding(3, 2, _weight=table).weight.requires_grad


# ---- datasets ------------------------------------------------------------------------------


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(i)
        return np.array([float(i)]), i * i


def test_dataloader_over_a_dataset_collates_with_labels_kept_int64():
    loader = DataLoader(Squares(10), batch_size=4)
    batches = list(loader)
    assert len(loader) == len(batches) == 3
    xb, yb = batches[0]
    assert isinstance(batches[0], list) and xb.shape == (4, 1) and xb.dtype == np.float64
    assert yb.dtype == np.int64 and np.asarray(yb).tolist() == [0, 1, 4, 9]
    assert batches[-1][0].shape == (2, 1)
    assert len(DataLoader(Squares(10), batch_size=4, drop_last=True)) == 2


def test_dataloader_batch_size_defaults_to_one_as_in_pytorch():
    loader = DataLoader(Squares(3))
    assert loader.batch_size == 1 and len(loader) == 3
    assert [np.asarray(y).tolist() for _, y in loader] == [[0], [1], [4]]


def test_dataloader_reshuffles_every_pass_and_seeds_or_generators_repeat_it():
    data = np.arange(50)
    loader = DataLoader(data, batch_size=50, shuffle=True, seed=0)
    first, second = (np.asarray(next(iter(loader))) for _ in range(2))
    assert sorted(first.tolist()) == data.tolist() and not np.array_equal(first, second)
    again = DataLoader(
        data, batch_size=50, shuffle=True, generator=autograd.random.Generator().manual_seed(0)
    )
    np.testing.assert_array_equal(np.asarray(next(iter(again))), first)
    with pytest.raises(ValueError, match="either generator or seed"):
        DataLoader(data, shuffle=True, seed=0, generator=autograd.random.Generator().manual_seed(0))


def test_dataloader_options_samplers_collate_fn_and_no_batching():
    ds = Squares(6)
    loader = DataLoader(ds, batch_size=None)
    x, y = next(iter(loader))
    assert isinstance(x, Tensor) and x.shape == (1,) and y == 0 and len(loader) == 6
    custom = DataLoader(ds, batch_size=3, collate_fn=lambda examples: [e[1] for e in examples])
    assert list(custom) == [[0, 1, 4], [9, 16, 25]]
    by_batches = DataLoader(ds, batch_sampler=[[5, 0], [2]])
    assert [np.asarray(y).tolist() for _, y in by_batches] == [[25, 0], [4]] and len(by_batches) == 2
    reverse = DataLoader(ds, batch_size=2, sampler=[5, 4, 3, 2, 1, 0])
    assert [np.asarray(y).tolist() for _, y in reverse][0] == [25, 16]
    assert list(BatchSampler(SequentialSampler(range(5)), 2, drop_last=True)) == [[0, 1], [2, 3]]
    assert len(DataLoader(ds, batch_size=2, num_workers=4, pin_memory=True)) == 3  # accepted, no workers
    for kwargs in (
        {"batch_sampler": [[0]], "batch_size": 2},
        {"sampler": [0], "shuffle": True},
        {"batch_size": None, "drop_last": True},
    ):
        with pytest.raises(ValueError, match="mutually exclusive"):
            DataLoader(ds, **kwargs)


def test_dataloader_takes_a_list_of_examples_and_a_tensor():
    pairs = [(Tensor([1.0, 2.0]), 0), (Tensor([3.0, 4.0]), 1), (Tensor([5.0, 6.0]), 1)]
    xb, yb = next(iter(DataLoader(pairs, batch_size=3)))
    assert xb.shape == (3, 2) and np.asarray(yb).tolist() == [0, 1, 1]
    rows = list(DataLoader(Tensor(np.arange(6.0).reshape(3, 2)), batch_size=2))
    assert [r.shape for r in rows] == [(2, 2), (1, 2)]
    with pytest.raises(TypeError, match="dataset"):
        DataLoader(3)


def test_default_collate_of_every_kind_of_example():
    Point = namedtuple("Point", "x y")
    batch = default_collate(
        [
            {
                "img": np.ones((2, 2), np.float32),
                "label": 3,
                "w": 0.5,
                "ok": True,
                "name": "a",
                "pt": Point(1, 2.0),
                "pair": (np.int32(1), [1, 2]),
            }
        ]
        * 2
    )
    assert batch["img"].shape == (2, 2, 2) and batch["img"].dtype == np.float32
    assert batch["label"].dtype == np.int64 and batch["w"].dtype == np.float64 and batch["ok"].dtype == bool
    assert batch["name"] == ["a", "a"]
    assert isinstance(batch["pt"], Point) and batch["pt"].y.dtype == np.float64
    assert isinstance(batch["pair"], list) and batch["pair"][0].dtype == np.int32
    assert [np.asarray(t).tolist() for t in batch["pair"][1]] == [[1, 1], [2, 2]]
    stacked = default_collate([Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0, 4.0])])
    assert stacked.shape == (2, 2) and stacked.requires_grad  # a graph is kept, as torch.stack


def test_default_collate_errors():
    with pytest.raises(ValueError, match="differ in shape"):
        default_collate([np.ones(2), np.ones(3)])
    with pytest.raises(ValueError, match="differ in shape"):
        default_collate([Tensor(np.ones(2)), Tensor(np.ones(3))])
    with pytest.raises(ValueError, match="same length"):
        default_collate([(1, 2), (1,)])
    with pytest.raises(TypeError, match="<U1"):
        default_collate([np.array(["a"]), np.array(["b"])])
    with pytest.raises(TypeError, match="object"):
        default_collate([object()])
    with pytest.raises(TypeError, match="non-empty list"):
        default_collate([])
    with pytest.raises(TypeError, match=r"mix numbers with other kinds \(NoneType, float\)"):
        default_collate([1.0, None])
    with pytest.raises(ValueError, match="does not fit int64"):
        default_collate([1, 10**30])
    assert default_collate([1, 2.5]).dtype == np.float64 and default_collate([True, 2]).dtype == np.int64


def test_subset_concat_and_random_split():
    ds = Squares(10)
    sub = Subset(ds, [7, 2])
    assert len(sub) == 2 and sub[0][1] == 49 and [e[1] for e in sub[[1, 0]]] == [4, 49]
    both = ds + Squares(3)
    assert isinstance(both, ConcatDataset) and len(both) == 13 and both[10][1] == 0 and both[-1][1] == 4
    with pytest.raises(IndexError, match="out of range"):
        both[13]
    autograd.manual_seed(0)
    parts = random_split(ds, [0.5, 0.3, 0.2])
    assert [len(p) for p in parts] == [5, 3, 2]
    assert sorted(i for p in parts for i in p.indices) == list(range(10))
    assert [len(p) for p in random_split(Squares(11), [0.34, 0.33, 0.33])] == [4, 4, 3]  # leftovers go first
    assert [
        len(p) for p in random_split(ds, [6, 4], generator=autograd.random.Generator().manual_seed(1))
    ] == [6, 4]
    autograd.manual_seed(0)
    assert [p.indices for p in random_split(ds, [0.5, 0.3, 0.2])] == [p.indices for p in parts]
    with pytest.raises(ValueError, match="add up to"):
        random_split(ds, [3, 4])
    with pytest.raises(ValueError, match="sum to 1"):
        random_split(ds, [0.5, 0.2])
    with pytest.raises(TypeError, match="generator"):
        random_split(ds, [5, 5], generator=3)


def test_tensor_dataset_is_a_dataset_with_pytorchs_tensors_attribute():
    X, y = np.ones((3, 2)), np.arange(3)
    dataset = TensorDataset(X, y)
    assert isinstance(dataset, Dataset)
    xs, ys = dataset.tensors
    assert isinstance(xs, Tensor) and ys.dtype == np.int64 and np.shares_memory(np.asarray(xs), X)
    with pytest.raises(NotImplementedError, match="__getitem__"):
        Dataset()[0]


# ---- optim ---------------------------------------------------------------------------------


def test_optimizer_zero_grad_without_none_zeroes_in_place():
    p = nn.Parameter(np.ones(3))
    opt = optim.SGD([p], lr=0.1)
    (p * p).sum().backward()
    array = np.asarray(p.grad)
    opt.zero_grad(set_to_none=False)
    assert np.asarray(p.grad) is array and np.all(array == 0)
    opt.zero_grad()
    assert p.grad is None


def test_an_lr_changed_in_param_groups_takes_effect_on_flat_and_single_parameters():
    small = [nn.Parameter(np.zeros(3)) for _ in range(4)]  # packed in flat arrays
    large = nn.Parameter(np.zeros(20000))  # updated alone
    opt = optim.SGD(small + [large], lr=1.0)
    for lr in (1.0, 0.25):
        opt.param_groups[0]["lr"] = lr
        for p in small + [large]:
            p.grad = np.ones(p.shape)
        opt.step()
    for p in small + [large]:
        np.testing.assert_array_equal(np.asarray(p), -1.25)


def test_tensor_gradients_still_take_the_flat_array_path():
    params = [nn.Parameter(np.ones(3)) for _ in range(3)]
    opt = optim.Adam(params, lr=0.1)
    for p in params:
        (p * p).sum().backward()
        assert isinstance(p.grad, Tensor)
    opt.step()
    flat = opt._flat[id(opt.param_groups[0])].flat_groups
    assert len(flat) == 1 and flat[0].holds([opt.state[p] for p in params])  # state: views of flat arrays


def test_optimizers_take_pytorchs_implementation_options_and_named_parameters():
    model = two_layers()
    for cls in (optim.SGD, optim.Adam, optim.AdamW, optim.RMSprop, optim.Adagrad, optim.Adadelta):
        cls(model.parameters(), foreach=True)
        cls(model.parameters(), foreach=None, maximize=True)
        with pytest.raises(NotImplementedError, match="differentiable"):
            cls(model.parameters(), differentiable=True)
    for cls in (optim.SGD, optim.Adam, optim.AdamW, optim.Adagrad):
        cls(model.parameters(), fused=False)
    for cls in (optim.Adam, optim.AdamW, optim.RMSprop, optim.Adadelta):
        with pytest.raises(NotImplementedError, match="capturable"):
            cls(model.parameters(), capturable=True)
    with pytest.raises(TypeError, match="foreach"):
        optim.SGD(model.parameters(), foreach="yes")
    named = optim.AdamW(model.named_parameters(), lr=tensor(0.01))
    group = named.param_groups[0]
    assert group["param_names"] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert group["lr"] == 0.01 and group["params"][0] is model[0].weight


# ---- schedulers (closed forms; PyTorch's sequences in test_nn_compat_torch.py) --------------


def lrs(scheduler, steps):
    out = [scheduler.get_last_lr()[0]]
    for _ in range(steps):
        scheduler.optimizer.step()
        scheduler.step()
        out.append(scheduler.get_last_lr()[0])
    return np.array(out)


def sgd(lr=0.1):
    return optim.SGD([nn.Parameter(np.zeros(1))], lr=lr)


def test_new_schedules_follow_their_closed_forms():
    t = np.arange(9)
    np.testing.assert_allclose(
        lrs(lr_scheduler.LambdaLR(sgd(), lambda e: 0.9**e), 8), 0.1 * 0.9**t, rtol=1e-14
    )
    np.testing.assert_allclose(
        lrs(lr_scheduler.MultiplicativeLR(sgd(), lambda e: 0.5), 8), 0.1 * 0.5**t, rtol=1e-14
    )
    linear = 0.1 * (0.25 + 0.75 * np.minimum(t, 4) / 4)
    np.testing.assert_allclose(
        lrs(lr_scheduler.LinearLR(sgd(), 0.25, 1.0, total_iters=4), 8), linear, rtol=1e-13
    )
    constant = np.where(t < 3, 0.1 * 0.5, 0.1)
    np.testing.assert_allclose(
        lrs(lr_scheduler.ConstantLR(sgd(), 0.5, total_iters=3), 8), constant, rtol=1e-14
    )
    poly = 0.1 * (1 - np.minimum(t, 5) / 5) ** 2
    np.testing.assert_allclose(
        lrs(lr_scheduler.PolynomialLR(sgd(), total_iters=5, power=2.0), 8), poly, rtol=1e-12, atol=1e-17
    )


def test_one_cycle_rises_to_max_lr_then_anneals_and_cycles_momentum():
    opt = optim.SGD([nn.Parameter(np.zeros(1))], lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    sequence = lrs(scheduler, 9)
    assert sequence[0] == pytest.approx(1.0 / 25) and sequence.max() == pytest.approx(1.0)
    assert np.argmax(sequence) == 2 and sequence[-1] == pytest.approx(1.0 / 25 / 1e4)
    assert opt.param_groups[0]["momentum"] == pytest.approx(0.95)
    with pytest.raises(ValueError, match="total_steps is 10"):
        scheduler.step(), scheduler.step()
    with pytest.raises(ValueError, match="total_steps, or both"):
        lr_scheduler.OneCycleLR(opt, max_lr=1.0)
    with pytest.raises(ValueError, match="cycle_momentum"):
        lr_scheduler.OneCycleLR(optim.Adagrad([nn.Parameter(np.zeros(1))]), max_lr=1.0, total_steps=5)


def test_lambda_lr_state_dict_leaves_the_functions_out(tmp_path):
    scheduler = lr_scheduler.LambdaLR(sgd(), lambda e: 1 / (e + 1))
    for _ in range(3):
        scheduler.step()
    nn.save(scheduler, tmp_path / "s.npz")
    resumed = lr_scheduler.LambdaLR(sgd(), lambda e: 1 / (e + 1))
    nn.load(resumed, tmp_path / "s.npz")
    assert "lr_lambdas" not in scheduler.state_dict() and resumed.last_epoch == 3
    resumed.step()
    assert resumed.get_last_lr() == [pytest.approx(0.1 / 5)]


def test_schedulers_resume_at_last_epoch_from_initial_lr():
    lr_scheduler.StepLR(sgd(), 2, last_epoch=-1)
    with pytest.raises(KeyError, match="load the optimiser's state_dict first"):
        lr_scheduler.StepLR(sgd(), 2, last_epoch=3)


def test_data_parallel_runs_the_module_on_the_one_device(rng):
    """nn.parallel (CPU only): DataParallel wraps a module as PyTorch does without GPUs, its
    parameters named module.*; data_parallel calls the module."""
    layer = nn.Linear(3, 2)
    wrapped = nn.DataParallel(layer)
    x = Tensor(rng.standard_normal((4, 3)))
    np.testing.assert_array_equal(wrapped(x).numpy(), layer(x).numpy())
    assert list(wrapped.state_dict()) == ["module.weight", "module.bias"]
    np.testing.assert_array_equal(nn.parallel.data_parallel(layer, x, range(2)).numpy(), layer(x).numpy())


def test_random_and_weighted_samplers_lengths_and_bad_arguments():
    from nn.data import RandomSampler, WeightedRandomSampler

    drawn = list(RandomSampler(range(4), num_samples=10, generator=autograd.Generator().manual_seed(1)))
    assert len(drawn) == 10 and sorted(drawn[:4]) == sorted(drawn[4:8]) == [0, 1, 2, 3]
    repeated = list(RandomSampler(range(3), replacement=True, num_samples=40))
    assert len(repeated) == 40 and set(repeated) <= {0, 1, 2}
    weighted = list(WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], 50))
    assert len(weighted) == 50 and set(weighted) <= {1, 3}  # zero weights are never drawn
    assert sorted(WeightedRandomSampler([1.0, 1.0, 1.0], 3, replacement=False)) == [0, 1, 2]
    for call, error, words in [
        (lambda: RandomSampler(range(3), num_samples=0), ValueError, "num_samples"),
        (lambda: RandomSampler(range(3), replacement=1), TypeError, "replacement"),
        (lambda: WeightedRandomSampler([[1.0, 2.0]], 2), ValueError, "1d sequence"),
        (lambda: WeightedRandomSampler([1.0, 2.0], -1), ValueError, "num_samples"),
        (lambda: WeightedRandomSampler(["a"], 1), TypeError, "weights"),
    ]:
        with pytest.raises(error, match=words):
            call()
