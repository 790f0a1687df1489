"""Layers and activations: values against numpy, gradients (twice), train/eval behaviour, errors."""

import math

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck
from nn.functional.affine import _linear


def leaf(array):
    return Tensor(np.array(array, dtype=np.float64), requires_grad=True)


def away_from_zero(rng, shape, margin=0.1):
    """Random values with |x| >= margin, so finite differences never straddle a kink at 0."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(margin, 2.0, size=shape)


# ---- Linear -----------------------------------------------------------------------------


def test_linear_computes_x_times_weight_transposed_plus_bias(rng):
    layer = nn.Linear(3, 2)
    assert layer.weight.shape == (2, 3) and layer.bias.shape == (2,)
    for shape in [(3,), (5, 3), (4, 5, 3)]:
        x = rng.standard_normal(shape)
        expected = x @ layer.weight.numpy().T + layer.bias.numpy()
        assert np.allclose(layer(x).numpy(), expected)
    no_bias = nn.Linear(3, 2, bias=False)
    assert no_bias.bias is None and len(list(no_bias.parameters())) == 1
    x = rng.standard_normal((4, 3))
    assert np.allclose(no_bias(x).numpy(), x @ no_bias.weight.numpy().T)


def test_linear_default_init_is_uniform_with_bound_one_over_sqrt_fan_in():
    autograd.manual_seed(0)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w, b = layer.weight.numpy(), layer.bias.numpy()
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert abs(w.mean()) < 0.01 * bound and abs(w.var() - bound**2 / 3) < 0.02 * bound**2 / 3
    assert np.abs(b).max() > 0.9 * bound


def test_linear_is_seeded_by_manual_seed():
    autograd.manual_seed(5)
    first = nn.Linear(3, 2).state_dict()
    autograd.manual_seed(5)
    second = nn.Linear(3, 2).state_dict()
    assert all(np.array_equal(first[k], second[k]) for k in first)


def test_linear_wrong_feature_size_names_layer_and_shapes():
    layer = nn.Linear(3, 2)
    with pytest.raises(ValueError) as info:
        layer(np.zeros((4, 5)))
    assert str(info.value) == (
        "Linear(in_features=3, out_features=2): expected input with 3 features "
        "in the last dimension, got shape (4, 5)"
    )
    with pytest.raises(ValueError, match="in_features must be a positive integer"):
        nn.Linear(0, 2)
    with pytest.raises(ValueError, match="out_features"):
        nn.Linear(2, 1.5)


def test_linear_gradients_twice_with_broadcast_batch_dims(rng):
    layer = nn.Linear(3, 2)
    x = leaf(rng.standard_normal((2, 2, 3)))
    inputs = (x, layer.weight, layer.bias)
    assert gradcheck(lambda x, w, b: layer(x), inputs)
    assert gradgradcheck(lambda x, w, b: layer(x), inputs)


def test_linear_relu_fused_op_gradients_twice(rng):
    """MLP's fused Linear + ReLU: first and second derivatives, with inputs away from the kink."""
    x = leaf(rng.standard_normal((2, 4, 3)))
    weight, bias = leaf(rng.standard_normal((5, 3))), leaf(rng.standard_normal(5))
    z = x.numpy() @ weight.numpy().T + bias.numpy()
    bias.data -= np.where(np.abs(z) < 0.1, 0.2, 0).max(axis=(0, 1))  # no pre-activation near 0
    fused = lambda x, w, b: _linear(x, w, b, relu=True)
    assert _linear(x, weight, bias, relu=True).grad_fn.name == "linear_relu"
    assert gradcheck(fused, (x, weight, bias))
    assert gradgradcheck(fused, (x, weight, bias))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_relu_fused_op_equals_linear_then_relu_bit_for_bit(rng, dtype):
    x = rng.standard_normal((6, 3)).astype(dtype)
    x[0] = np.nan  # nan pre-activations: relu passes no gradient
    weight, bias = rng.standard_normal((4, 3)).astype(dtype), rng.standard_normal(4).astype(dtype)
    grad = rng.standard_normal((6, 4)).astype(dtype)
    results = []
    for fused in (True, False):
        x_, w_, b_ = (Tensor(a, requires_grad=True) for a in (x, weight, bias))
        out = _linear(x_, w_, b_, relu=True) if fused else F.linear(x_, w_, b_).relu()
        out.backward(grad)
        results.append([out.numpy(), x_.grad, w_.grad, b_.grad])
    for ours, twin in zip(*results):
        assert ours.dtype == twin.dtype and np.array_equal(ours, twin, equal_nan=True)


def test_linear_bias_of_another_shape_or_dtype_broadcasts_and_promotes(rng):
    x, weight = rng.standard_normal((5, 3)).astype(np.float32), rng.standard_normal((2, 3)).astype(np.float32)
    for bias in (rng.standard_normal(2), rng.standard_normal((5, 2)).astype(np.float32), np.float32([0.5])):
        out = F.linear(x, weight, bias)
        expected = x @ weight.T + bias
        assert out.dtype == expected.dtype and np.array_equal(out.numpy(), expected)


# ---- activations ------------------------------------------------------------------------


def _erf(x):
    return np.vectorize(math.erf)(x)


ACTIVATION_CASES = [
    (nn.ReLU(), lambda x: np.maximum(x, 0)),
    (nn.LeakyReLU(0.2), lambda x: np.where(x > 0, x, 0.2 * x)),
    (nn.ELU(0.7), lambda x: np.where(x > 0, x, 0.7 * (np.exp(x) - 1))),
    (nn.Softplus(beta=2.0), lambda x: np.log1p(np.exp(2 * x)) / 2),
    (nn.GELU(), lambda x: x * 0.5 * (1 + _erf(x / math.sqrt(2)))),
    (nn.GELU("tanh"), lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))),
    (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (nn.Tanh(), np.tanh),
    (nn.LogSigmoid(), lambda x: -np.log1p(np.exp(-x))),
    (nn.Softmax(dim=0), lambda x: np.exp(x) / np.exp(x).sum(axis=0, keepdims=True)),
    (nn.LogSoftmax(dim=-1), lambda x: x - np.log(np.exp(x).sum(axis=-1, keepdims=True))),
    (nn.Identity(), lambda x: x),
]


@pytest.mark.parametrize("module, formula", ACTIVATION_CASES, ids=lambda c: repr(c)[:20])
def test_activation_values_and_gradients(module, formula, rng):
    x = leaf(away_from_zero(rng, (3, 4)))
    assert np.allclose(module(x).numpy(), formula(x.numpy()), rtol=1e-12, atol=1e-12)
    if isinstance(module, nn.Identity):
        return
    assert gradcheck(module, (x,))
    assert gradgradcheck(module, (x,))


def test_logsigmoid_is_finite_and_exact_for_huge_inputs():
    x = leaf([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    y = F.logsigmoid(x)
    assert np.allclose(y.numpy(), [-1000.0, -40.0, -math.log(2), -math.exp(-40.0), 0.0], rtol=1e-12)
    y.sum().backward()
    assert np.allclose(x.grad, [1.0, 1.0, 0.5, math.exp(-40.0), 0.0], rtol=1e-12)


def test_get_activation_by_name_class_instance_or_none():
    assert isinstance(nn.get_activation("ReLU"), nn.ReLU)
    assert isinstance(nn.get_activation("leaky_relu"), nn.LeakyReLU)
    assert isinstance(nn.get_activation(nn.Tanh), nn.Tanh)
    act = nn.ELU(0.5)
    assert nn.get_activation(act) is act
    assert isinstance(nn.get_activation(None), nn.Identity)
    assert isinstance(nn.get_activation("linear"), nn.Identity)
    with pytest.raises(ValueError) as info:
        nn.get_activation("relu7")
    assert "relu7" in str(info.value) and "relu, relu6, rrelu, selu, sigmoid" in str(info.value)
    with pytest.raises(TypeError, match="activation must be"):
        nn.get_activation(3)


# ---- Dropout -----------------------------------------------------------------------------


@pytest.mark.parametrize("p", [-0.1, 1.0000001, 1.5, True, "0.5"])
def test_dropout_rejects_p_outside_zero_one(p):
    """p = 1 is allowed, as in PyTorch (everything is zeroed; test_conv)."""
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\]"):
        nn.Dropout(p)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        F.dropout(Tensor([1.0]), p)


def test_dropout_zeroes_a_fraction_p_and_rescales_the_rest():
    autograd.manual_seed(0)
    layer = nn.Dropout(0.3)
    x = Tensor(np.full((200, 500), 2.0))
    y = layer(x).numpy()
    dropped = y == 0
    assert abs(dropped.mean() - 0.3) < 0.005
    assert np.allclose(y[~dropped], 2.0 / 0.7)
    assert abs(y.mean() - 2.0) < 0.02


def test_dropout_gradient_is_the_scaled_mask():
    autograd.manual_seed(1)
    x = leaf(np.ones((4, 5)))
    y = F.dropout(x, 0.5)
    y.sum().backward()
    assert np.array_equal(x.grad, (y.numpy() != 0) * 2.0)

    def fixed_mask_dropout(x):
        autograd.manual_seed(2)
        return F.dropout(x, 0.4)

    z = leaf(np.random.default_rng(0).standard_normal((3, 4)))
    assert gradcheck(fixed_mask_dropout, (z,))
    assert gradgradcheck(fixed_mask_dropout, (z,))


def test_dropout_is_repeatable_with_a_seed_and_identity_in_eval():
    layer = nn.Dropout(0.5)
    x = Tensor(np.ones((10, 10)))
    autograd.manual_seed(3)
    first = layer(x).numpy()
    autograd.manual_seed(3)
    assert np.array_equal(layer(x).numpy(), first)
    assert layer.eval()(x) is x
    assert nn.Dropout(0.0)(x) is x
    assert F.dropout(x, 0.5, training=False) is x


# ---- BatchNorm1d -------------------------------------------------------------------------


def test_batchnorm_training_outputs_and_running_stats_match_hand_computation(rng):
    bn = nn.BatchNorm1d(3, momentum=0.2)
    with autograd.no_grad():
        bn.weight[...] = [1.0, 2.0, -1.0]
        bn.bias[...] = [0.0, 0.5, 1.0]
    running_mean, running_var = np.zeros(3), np.ones(3)
    for step in range(3):
        x = rng.standard_normal((6, 3)) * [1, 3, 0.5] + [0, 2, -1]
        y = bn(x).numpy()
        mean, biased = x.mean(axis=0), x.var(axis=0)
        expected = (x - mean) / np.sqrt(biased + 1e-5) * [1.0, 2.0, -1.0] + [0.0, 0.5, 1.0]
        assert np.allclose(y, expected, rtol=1e-12, atol=1e-12)
        running_mean = 0.8 * running_mean + 0.2 * mean
        running_var = 0.8 * running_var + 0.2 * x.var(axis=0, ddof=1)
        assert np.allclose(bn.running_mean.numpy(), running_mean, rtol=1e-12)
        assert np.allclose(bn.running_var.numpy(), running_var, rtol=1e-12)
        assert bn.num_batches_tracked.item() == step + 1


def test_batchnorm_eval_uses_running_stats_and_leaves_them_alone(rng):
    bn = nn.BatchNorm1d(2)
    bn(rng.standard_normal((8, 2)) * 3 + 1)
    bn.eval()
    stats = (bn.running_mean.numpy().copy(), bn.running_var.numpy().copy())
    x = rng.standard_normal((1, 2))  # one sample is fine in eval mode
    expected = (x - stats[0]) / np.sqrt(stats[1] + 1e-5)
    assert np.allclose(bn(x).numpy(), expected, rtol=1e-12)
    assert np.array_equal(bn.running_mean.numpy(), stats[0]) and bn.num_batches_tracked.item() == 1


def test_batchnorm_momentum_none_is_a_cumulative_average(rng):
    bn = nn.BatchNorm1d(2, momentum=None)
    batches = [rng.standard_normal((5, 2)) + i for i in range(3)]
    for x in batches:
        bn(x)
    assert np.allclose(bn.running_mean.numpy(), np.mean([x.mean(axis=0) for x in batches], axis=0))
    assert np.allclose(bn.running_var.numpy(), np.mean([x.var(axis=0, ddof=1) for x in batches], axis=0))


def test_batchnorm_without_running_stats_or_affine(rng):
    bn = nn.BatchNorm1d(2, affine=False, track_running_stats=False).eval()
    assert list(bn.parameters()) == [] and bn.state_dict() == {}
    x = rng.standard_normal((4, 2))
    assert np.allclose(bn(x).numpy(), (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5))


def test_batchnorm_on_n_c_l_input_normalises_over_n_and_l(rng):
    bn = nn.BatchNorm1d(3)
    x = rng.standard_normal((2, 3, 4))
    mean, var = x.mean(axis=(0, 2), keepdims=True), x.var(axis=(0, 2), keepdims=True)
    assert np.allclose(bn(x).numpy(), (x - mean) / np.sqrt(var + 1e-5))
    assert np.allclose(bn.running_var.numpy(), 0.9 + 0.1 * x.var(axis=(0, 2), ddof=1))


def test_batchnorm_errors():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(
        ValueError, match=r"BatchNorm1d\(num_features=3\): expected input of shape \(N, 3\).*\(4, 2\)"
    ):
        bn(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="got shape \\(3,\\)"):
        bn(np.zeros(3))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        bn(np.zeros((1, 3)))


def test_batchnorm_gradients_twice_in_training_mode(rng):
    bn = nn.BatchNorm1d(3)
    with autograd.no_grad():
        bn.weight[...] = rng.uniform(0.5, 2, 3)
        bn.bias[...] = rng.standard_normal(3)
    x = leaf(rng.standard_normal((4, 3)))
    inputs = (x, bn.weight, bn.bias)
    assert gradcheck(lambda x, w, b: bn(x), inputs)
    assert gradgradcheck(lambda x, w, b: bn(x), inputs)
    bn.eval()
    assert gradcheck(lambda x, w, b: bn(x), inputs)


# ---- LayerNorm ---------------------------------------------------------------------------


def test_layernorm_normalises_each_sample_over_its_last_dims(rng):
    ln = nn.LayerNorm((3, 4))
    x = rng.standard_normal((2, 3, 4)) * 5 + 1
    mean, var = x.mean(axis=(1, 2), keepdims=True), x.var(axis=(1, 2), keepdims=True)
    assert np.allclose(ln(x).numpy(), (x - mean) / np.sqrt(var + 1e-5), rtol=1e-12)
    assert nn.LayerNorm(4).normalized_shape == (4,)
    with pytest.raises(
        ValueError, match=r"LayerNorm\(\(3, 4\)\): expected input whose last dimensions are \(3, 4\)"
    ):
        ln(np.zeros((2, 4, 3)))
    assert list(nn.LayerNorm(4, elementwise_affine=False).parameters()) == []


def test_layernorm_normalized_shape_is_an_int_or_an_ordered_sequence_of_positive_ints():
    assert nn.LayerNorm([3, 4]).normalized_shape == (3, 4)
    assert nn.LayerNorm(np.int64(3)).normalized_shape == (3,)
    assert nn.LayerNorm(np.array([3, 4])).normalized_shape == (3, 4)
    for bad in (
        b"oD\xf3\xe6",
        "34",
        {3, 4},
        frozenset({3}),
        {3: 4},
    ):  # bytes were read as (111, 68, 243, 230)
        with pytest.raises(
            TypeError,
            match=f"LayerNorm: normalized_shape must be an int or an ordered "
            f"sequence \\(list, tuple\\) of ints, got {type(bad).__name__}",
        ):
            nn.LayerNorm(bad)
    for bad in (0, -2, (3, 0), 3.0, (True,), [4, 2.5]):
        with pytest.raises(
            ValueError, match="LayerNorm: each size in normalized_shape must be a positive integer"
        ):
            nn.LayerNorm(bad)


def test_layernorm_gradients_twice(rng):
    ln = nn.LayerNorm(4)
    with autograd.no_grad():
        ln.weight[...] = rng.uniform(0.5, 2, 4)
        ln.bias[...] = rng.standard_normal(4)
    x = leaf(rng.standard_normal((3, 4)))
    inputs = (x, ln.weight, ln.bias)
    assert gradcheck(lambda x, w, b: ln(x), inputs)
    assert gradgradcheck(lambda x, w, b: ln(x), inputs)


# ---- MLP ------------------------------------------------------------------------------------


def test_mlp_structure_and_parameter_count():
    model = nn.MLP(2, [40, 25, 10], 1, output_activation="sigmoid")
    assert model.num_parameters() == 1416
    assert [type(m).__name__ for m in model.layers] == [
        "Linear",
        "ReLU",
        "Linear",
        "ReLU",
        "Linear",
        "ReLU",
        "Linear",
        "Sigmoid",
    ]
    assert model(np.zeros((7, 2))).shape == (7, 1)
    rich = nn.MLP(3, 5, 2, activation="tanh", dropout=0.2, batchnorm=True)
    assert [type(m).__name__ for m in rich.layers] == ["Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear"]
    assert nn.MLP(14, [100, 40], 4).num_parameters() == 5704
    assert [type(m).__name__ for m in nn.MLP(3, [], 1, output_activation="sigmoid").layers] == [
        "Linear",
        "Sigmoid",
    ]
    assert [type(m).__name__ for m in nn.MLP(2, [4], 1, activation=None).layers] == [
        "Linear",
        "Identity",
        "Linear",
    ]


def test_mlp_forward_is_the_composition_of_its_layers(rng):
    model = nn.MLP(3, [4], 2, activation="tanh", output_activation="softmax")
    x = rng.standard_normal((5, 3))
    first, last = model.layers[0], model.layers[2]
    hidden = np.tanh(x @ first.weight.numpy().T + first.bias.numpy())
    logits = hidden @ last.weight.numpy().T + last.bias.numpy()
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert np.allclose(model(x).numpy(), expected)


@pytest.mark.parametrize(
    "options, fused",
    [
        ({}, True),
        ({"output_activation": "relu"}, True),
        ({"activation": nn.ReLU}, True),
        ({"activation": "tanh"}, False),
        ({"batchnorm": True}, False),
    ],
)
def test_mlp_runs_linear_relu_fused_with_the_numbers_of_its_layers(rng, options, fused):
    """MLP fuses each Linear directly followed by a ReLU into one op (not across a BatchNorm1d);
    calling its layers one by one gives the same bits."""
    model = nn.MLP(3, [5, 4], 2, **options).float()
    x = rng.standard_normal((7, 3)).astype(np.float32)
    grad = rng.standard_normal((7, 2)).astype(np.float32)
    results = []
    for run in (model, model.layers):
        model.zero_grad()
        x_ = Tensor(x, requires_grad=True)
        out = run(x_)
        out.backward(grad)
        results.append([out.numpy(), x_.grad] + [p.grad for p in model.parameters()])
    for ours, twin in zip(*results):
        assert ours.dtype == np.float32 and np.array_equal(ours, twin)
    names, node = [], model(x).grad_fn
    while node is not None:
        names.append(node.name)
        node = next((f for f, _ in node.next_functions if f is not None and f.next_functions), None)
    assert ("linear_relu" in names) == fused
    assert ("relu" in names) == ("batchnorm" in options)


def test_mlp_dropout_only_in_training():
    autograd.manual_seed(0)
    model = nn.MLP(4, [50], 3, dropout=0.5)
    x = np.ones((2, 4))
    assert not np.allclose(model(x).numpy(), model(x).numpy())
    model.eval()
    assert np.array_equal(model(x).numpy(), model(x).numpy())


def test_mlp_init_options():
    autograd.manual_seed(0)
    zero = nn.MLP(2, [8], 1, init="zeros")
    assert all(np.all(p.numpy() == 0) for p in zero.parameters())
    same = nn.MLP(2, [8], 1, init=lambda w: nn.init.constant_(w, 0.5))
    assert all(
        np.all(m.weight.numpy() == 0.5) and np.all(m.bias.numpy() == 0)
        for m in same.modules()
        if isinstance(m, nn.Linear)
    )
    scaled = nn.MLP(400, [300], 1, init="normal_fan_in")
    weight = scaled.layers[0].weight.numpy()
    assert abs(weight.std() - math.sqrt(1 / 400)) < 0.02 * math.sqrt(1 / 400)
    he = nn.MLP(400, [300], 1, init="kaiming_normal")
    assert abs(he.layers[0].weight.numpy().std() - math.sqrt(2 / 400)) < 0.02 * math.sqrt(2 / 400)
    assert np.all(he.layers[0].bias.numpy() == 0)
    with pytest.raises(ValueError, match="unknown init 'glorot'.*xavier_uniform"):
        nn.MLP(2, [3], 1, init="glorot")
    with pytest.raises(TypeError, match="init must be"):
        nn.MLP(2, [3], 1, init=3)


def test_mlp_argument_errors():
    with pytest.raises(ValueError, match="unknown activation 'rellu'"):
        nn.MLP(2, [3], 1, activation="rellu")
    with pytest.raises(ValueError, match="hidden size"):
        nn.MLP(2, [3, 0], 1)
    for bad in ({10, 5}, frozenset({3}), {3: 4}, "34", b"\x03"):  # no defined order, or not sizes
        with pytest.raises(
            TypeError,
            match=f"MLP: hidden_sizes must be an int or an ordered sequence "
            f"\\(list, tuple\\) of ints, got {type(bad).__name__}",
        ):
            nn.MLP(2, bad, 1)
    assert nn.MLP(2, (h for h in [3, 4]), 1).num_parameters() == nn.MLP(2, (3, 4), 1).num_parameters()
    with pytest.raises(ValueError, match=r"p must be a probability"):
        nn.MLP(2, [3], 1, dropout=1.5)


def test_mlp_gradients_twice(rng):
    model = nn.MLP(2, [3], 1, activation="tanh", output_activation="sigmoid")
    x = leaf(rng.standard_normal((4, 2)))
    params = tuple(model.parameters())
    assert gradcheck(lambda x, *ps: model(x), (x,) + params)
    assert gradgradcheck(lambda x, *ps: model(x), (x,) + params)


# ---- against PyTorch (optional) ----------------------------------------------------------


def test_layers_match_torch(rng):
    torch = pytest.importorskip("torch")
    x_np = rng.standard_normal((6, 4))

    def compare(ours, theirs, x_np):
        x, tx = leaf(x_np), torch.tensor(x_np, requires_grad=True)
        out, tout = ours(x), theirs(tx)
        assert np.allclose(out.numpy(), tout.detach().numpy(), rtol=1e-10, atol=1e-12)
        g = rng.standard_normal(out.shape)
        out.backward(g)
        tout.backward(torch.tensor(g))
        assert np.allclose(x.grad, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
        for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
            assert np.allclose(p.grad, tp.grad.numpy(), rtol=1e-10, atol=1e-12), name

    def copy_into_torch(ours, theirs):
        theirs.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in ours.state_dict().items()})
        return theirs

    lin = nn.Linear(4, 3)
    compare(lin, copy_into_torch(lin, torch.nn.Linear(4, 3).double()), x_np)
    bn = nn.BatchNorm1d(4, momentum=0.3)
    with autograd.no_grad():
        bn.weight[...] = rng.uniform(0.5, 2, 4)
        bn.bias[...] = rng.standard_normal(4)
    tbn = copy_into_torch(bn, torch.nn.BatchNorm1d(4, momentum=0.3).double())
    for _ in range(2):
        bn.zero_grad()
        tbn.zero_grad()
        compare(bn, tbn, x_np * 3 + 1)
    assert np.allclose(bn.running_var.numpy(), tbn.running_var.numpy(), rtol=1e-12)
    bn.eval()
    tbn.eval()
    compare(bn, tbn, x_np)
    ln = nn.LayerNorm(4)
    compare(ln, copy_into_torch(ln, torch.nn.LayerNorm(4).double()), x_np)
    assert nn.LayerNorm(torch.Size([3, 4])).normalized_shape == (3, 4)
    for ours, theirs in [
        (nn.ELU(0.5), torch.nn.ELU(0.5)),
        (nn.GELU(), torch.nn.GELU()),
        (nn.Softplus(2.0, 5.0), torch.nn.Softplus(2.0, 5.0)),
        (nn.LogSoftmax(1), torch.nn.LogSoftmax(1)),
        (nn.LogSigmoid(), torch.nn.LogSigmoid()),
    ]:
        compare(ours, theirs, x_np * 4)
