"""Bilinear, RMSNorm, EmbeddingBag, Fold/Unfold, Softmax2d, ChannelShuffle and nn.Buffer against
PyTorch (float64, 1e-10): values, gradients and second derivatives (``compare`` of
test_conv_torch), seeded initial weights, reprs and state dicts. Skipped without torch."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
from test_conv_torch import TOLERANCE, compare  # noqa: E402  (after the skip)

TF = torch.nn.functional


def both(name, *args, seed=7, **kwargs):
    """Our module and PyTorch's, each made right after seeding its generator with ``seed``."""
    autograd.manual_seed(seed)
    ours = getattr(nn, name)(*args, **kwargs)
    torch.manual_seed(seed)
    return ours, getattr(torch.nn, name)(*args, **kwargs)


def assert_same_state(ours, theirs):
    ours, theirs = ours.state_dict(), theirs.state_dict()
    assert list(ours) == list(theirs)
    for key in theirs:
        np.testing.assert_array_equal(ours[key].numpy(), theirs[key].numpy(), err_msg=key)


def compare_first(ours, theirs, shapes, rng):
    """Values and first derivatives against torch (for ops PyTorch cannot differentiate twice)."""
    arrays = [rng.standard_normal(shape) for shape in shapes]
    mine = [Tensor(a, requires_grad=True) for a in arrays]
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = ours(*mine), theirs(*tensors)
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
    v = rng.standard_normal(expected.shape)
    grads = autograd.grad((out * Tensor(v)).sum(), mine)
    expected_grads = torch.autograd.grad((expected * torch.tensor(v)).sum(), tensors, allow_unused=True)
    for g, e in zip(grads, expected_grads):
        np.testing.assert_allclose(g._data, np.zeros(g.shape) if e is None else e.numpy(), **TOLERANCE)


# ---- bilinear ----------------------------------------------------------------------------


@pytest.mark.parametrize("lead", [(), (4,), (2, 3)])
def test_bilinear(rng, lead):
    shapes = [(*lead, 3), (*lead, 2), (5, 3, 2), (5,)]
    compare(F.bilinear, TF.bilinear, shapes, rng)
    compare(F.bilinear, TF.bilinear, shapes[:3], rng)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("bias", [True, False])
def test_bilinear_seeded_init(rng, dtype, bias):
    autograd.manual_seed(3)
    ours = nn.Bilinear(3, 4, 5, bias=bias, dtype=getattr(autograd, dtype))
    torch.manual_seed(3)
    theirs = torch.nn.Bilinear(3, 4, 5, bias=bias, dtype=getattr(torch, dtype))
    assert repr(ours) == repr(theirs)
    assert_same_state(ours, theirs)
    x1, x2 = rng.standard_normal((2, 3)), rng.standard_normal((2, 4))
    out = ours(Tensor(x1, dtype=ours.weight.dtype), Tensor(x2, dtype=ours.weight.dtype))
    expected = theirs(
        torch.tensor(x1, dtype=theirs.weight.dtype), torch.tensor(x2, dtype=theirs.weight.dtype)
    )
    tolerance = TOLERANCE if dtype == "float64" else dict(rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **tolerance)


# ---- rms_norm ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape, normalized", [((3, 4), (4,)), ((2, 3, 2), (3, 2)), ((5,), (5,))])
@pytest.mark.parametrize("eps", [None, 1e-3])
def test_rms_norm(rng, shape, normalized, eps):
    compare(
        lambda x, w: F.rms_norm(x, normalized, w, eps),
        lambda x, w: TF.rms_norm(x, normalized, w, eps),
        [shape, normalized],
        rng,
    )
    compare(
        lambda x: F.rms_norm(x, normalized, eps=eps),
        lambda x: TF.rms_norm(x, normalized, eps=eps),
        [shape],
        rng,
    )


def test_rms_norm_float32_eps(rng):
    x = rng.standard_normal((3, 4)).astype(np.float32) * 1e-4
    ours = F.rms_norm(Tensor(x), (4,))
    np.testing.assert_allclose(ours._data, TF.rms_norm(torch.tensor(x), (4,)).numpy(), rtol=1e-6)


@pytest.mark.parametrize(
    "args, kwargs", [((4,), {}), (([2, 3],), dict(eps=1e-6)), ((3,), dict(elementwise_affine=False))]
)
def test_rms_norm_layer(rng, torch_float64, args, kwargs):
    ours, theirs = both("RMSNorm", *args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert_same_state(ours, theirs)
    shape = (2,) + tuple(np.atleast_1d(args[0]))
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(ours(Tensor(x))._data, theirs(torch.tensor(x)).detach().numpy(), **TOLERANCE)


# ---- embedding_bag -----------------------------------------------------------------------

INDICES = [1, 2, 4, 5, 4, 3, 2, 0, 2, 2]


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("padding_idx", [None, 2, -1])
@pytest.mark.parametrize(
    "offsets, last", [([0, 4, 4], False), ([0, 4, 8, 10], True), ([0, 10], False), ([0, 3, 5, 6, 9], False)]
)
def test_embedding_bag(rng, mode, padding_idx, offsets, last):
    options = dict(mode=mode, padding_idx=padding_idx, include_last_offset=last)
    compare(
        lambda w: F.embedding_bag(autograd.tensor(INDICES), w, autograd.tensor(offsets), **options),
        lambda w: TF.embedding_bag(torch.tensor(INDICES), w, torch.tensor(offsets), **options),
        [(6, 3)],
        rng,
    )


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_2d(rng, mode):
    indices = np.array(INDICES[:8]).reshape(2, 4)
    compare(
        lambda w: F.embedding_bag(autograd.tensor(indices), w, mode=mode, padding_idx=4),
        lambda w: TF.embedding_bag(torch.tensor(indices), w, mode=mode, padding_idx=4),
        [(6, 3)],
        rng,
    )


def test_embedding_bag_max_ties(rng):
    weight = np.round(rng.standard_normal((6, 3)))  # many equal entries
    ours = Tensor(weight, requires_grad=True)
    theirs = torch.tensor(weight, requires_grad=True)
    F.embedding_bag(autograd.tensor(INDICES), ours, autograd.tensor([0, 4, 4]), mode="max").sum().backward()
    TF.embedding_bag(torch.tensor(INDICES), theirs, torch.tensor([0, 4, 4]), mode="max").sum().backward()
    np.testing.assert_array_equal(ours.grad._data, theirs.grad.numpy())


@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding_bag_per_sample_weights(rng, padding_idx):
    """Values and first derivatives (PyTorch has no second derivative of per_sample_weights)."""
    weight, scales = rng.standard_normal((6, 3)), rng.standard_normal(10)
    ours = [Tensor(weight, requires_grad=True), Tensor(scales, requires_grad=True)]
    theirs = [torch.tensor(weight, requires_grad=True), torch.tensor(scales, requires_grad=True)]
    options = dict(mode="sum", padding_idx=padding_idx)
    out = F.embedding_bag(
        autograd.tensor(INDICES), ours[0], autograd.tensor([0, 4, 4]), per_sample_weights=ours[1], **options
    )
    expected = TF.embedding_bag(
        torch.tensor(INDICES), theirs[0], torch.tensor([0, 4, 4]), per_sample_weights=theirs[1], **options
    )
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
    v = rng.standard_normal(out.shape)
    (out * Tensor(v)).sum().backward()
    (expected * torch.tensor(v)).sum().backward()
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad._data, b.grad.numpy(), **TOLERANCE)


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((10, 3), {}),
        ((10, 4), dict(mode="sum", padding_idx=3)),
        ((5, 2), dict(mode="max", include_last_offset=True)),
    ],
)
def test_embedding_bag_layer(rng, torch_float64, args, kwargs):
    ours, theirs = both("EmbeddingBag", *args, **kwargs)
    assert repr(ours) == repr(theirs)
    assert_same_state(ours, theirs)
    indices = rng.integers(0, args[0], 7)
    offsets = [0, 2, 2, 7] if kwargs.get("include_last_offset") else [0, 2, 2]
    np.testing.assert_allclose(
        ours(autograd.tensor(indices), autograd.tensor(offsets))._data,
        theirs(torch.tensor(indices), torch.tensor(offsets)).detach().numpy(),
        **TOLERANCE,
    )


# ---- unfold / fold, softmax2d, channel_shuffle -------------------------------------------


@pytest.mark.parametrize("shape", [(2, 3, 5, 4), (3, 5, 4)])
def test_unfold_and_fold_layers(rng, shape):
    options = dict(dilation=(1, 2), padding=1, stride=(2, 1))
    compare(lambda x: nn.Unfold(2, **options)(x), lambda x: torch.nn.Unfold(2, **options)(x), [shape], rng)
    cols = torch.nn.Unfold(2, **options)(torch.zeros(shape)).shape
    compare(
        lambda c: nn.Fold(shape[-2:], 2, **options)(c),
        lambda c: torch.nn.Fold(shape[-2:], 2, **options)(c),
        [tuple(cols)],
        rng,
    )
    assert repr(nn.Fold(shape[-2:], 2, **options)) == repr(torch.nn.Fold(shape[-2:], 2, **options))
    assert repr(nn.Unfold(2, **options)) == repr(torch.nn.Unfold(2, **options))


@pytest.mark.parametrize("shape", [(2, 3, 4, 2), (3, 2, 2)])
def test_softmax2d(rng, shape):
    compare(lambda x: nn.Softmax2d()(x), lambda x: torch.nn.Softmax2d()(x), [shape], rng)
    assert repr(nn.Softmax2d()) == repr(torch.nn.Softmax2d())


@pytest.mark.parametrize(
    "shape, groups", [((2, 6, 3), 2), ((1, 6, 2, 2), 3), ((2, 4, 1, 2, 2), 4), ((2, 4, 3), 1)]
)
def test_channel_shuffle(rng, shape, groups):
    compare(F.channel_shuffle, TF.channel_shuffle, [shape], rng, groups=groups)
    x = rng.standard_normal(shape)  # PyTorch's native_channel_shuffle has no derivative
    np.testing.assert_array_equal(
        F.native_channel_shuffle(Tensor(x), groups)._data,
        TF.native_channel_shuffle(torch.tensor(x), groups).numpy(),
    )
    assert repr(nn.ChannelShuffle(groups)) == repr(torch.nn.ChannelShuffle(groups))


# ---- nn.Buffer ---------------------------------------------------------------------------


def test_buffer_registers_as_pytorch():
    def build(lib, arange):
        model = lib.Module()
        model.kept = lib.Buffer(arange(3.0))
        model.skipped = lib.Buffer(arange(2.0), persistent=False)
        model.plain = arange(1.0)
        return model

    ours, theirs = build(nn, autograd.arange), build(torch.nn, torch.arange)
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert (
        ours.kept.persistent == theirs.kept.persistent
        and ours.skipped.persistent == theirs.skipped.persistent
    )


# ---- pooling: indices, unpooling, adaptive 1-d, lp ---------------------------------------


@pytest.mark.parametrize(
    "name, shape, args, kwargs",
    [
        ("max_pool2d_with_indices", (2, 3, 7, 6), (3,), dict(stride=2, padding=1, ceil_mode=True)),
        ("max_pool1d_with_indices", (2, 3, 9), (2,), dict(dilation=2)),
        ("adaptive_max_pool2d_with_indices", (2, 3, 7, 6), ((3, 4),), {}),
        ("adaptive_max_pool1d_with_indices", (3, 7), (4,), {}),
    ],
)
def test_with_indices_forms(rng, name, shape, args, kwargs):
    x = rng.standard_normal(shape)
    ours, theirs = (
        getattr(F, name)(Tensor(x), *args, **kwargs),
        getattr(TF, name)(torch.tensor(x), *args, **kwargs),
    )
    np.testing.assert_array_equal(ours[0]._data, theirs[0].numpy())
    np.testing.assert_array_equal(ours[1]._data, theirs[1].numpy())
    assert ours[1].dtype == autograd.int64


@pytest.mark.parametrize(
    "shape, kernel, options, output_size",
    [
        ((2, 3, 6, 4), 2, {}, None),
        ((2, 3, 6, 5), 2, {}, (6, 5)),
        ((3, 4, 4), (2, 3), dict(padding=(1, 1)), None),
        ((1, 2, 7, 7), 3, dict(stride=2), (1, 2, 8, 8)),  # overlapping windows, an index may repeat
    ],
)
def test_max_unpool2d(rng, shape, kernel, options, output_size):
    x = rng.standard_normal(shape)
    _, indices = TF.max_pool2d(torch.tensor(x), kernel, return_indices=True, **options)
    compare(
        lambda v: F.max_unpool2d(
            v, autograd.tensor(indices.numpy()), kernel, output_size=output_size, **options
        ),
        lambda v: TF.max_unpool2d(v, indices, kernel, output_size=output_size, **options),
        [tuple(indices.shape)],
        rng,
    )
    ours, theirs = nn.MaxUnpool2d(kernel, **options), torch.nn.MaxUnpool2d(kernel, **options)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    "shape, kernel, options", [((2, 3, 9), 2, {}), ((3, 8), 3, dict(stride=2, padding=1))]
)
def test_max_unpool1d(rng, shape, kernel, options):
    x = rng.standard_normal(shape)
    values, indices = TF.max_pool1d(torch.tensor(x), kernel, return_indices=True, **options)
    compare(
        lambda v: nn.MaxUnpool1d(kernel, **options)(v, autograd.tensor(indices.numpy())),
        lambda v: torch.nn.MaxUnpool1d(kernel, **options)(v, indices),
        [tuple(values.shape)],
        rng,
    )
    assert repr(nn.MaxUnpool1d(kernel, **options)) == repr(torch.nn.MaxUnpool1d(kernel, **options))


@pytest.mark.parametrize("shape, size", [((2, 3, 7), 3), ((3, 5), 5), ((1, 2, 4), 6), ((2, 2, 9), (2,))])
def test_adaptive_1d_pools(rng, shape, size):
    compare(
        lambda x: nn.AdaptiveAvgPool1d(size)(x), lambda x: torch.nn.AdaptiveAvgPool1d(size)(x), [shape], rng
    )
    compare(
        lambda x: nn.AdaptiveMaxPool1d(size)(x), lambda x: torch.nn.AdaptiveMaxPool1d(size)(x), [shape], rng
    )
    assert repr(nn.AdaptiveMaxPool1d(size, True)) == repr(torch.nn.AdaptiveMaxPool1d(size, True))
    assert repr(nn.AdaptiveAvgPool1d(size)) == repr(torch.nn.AdaptiveAvgPool1d(size))


@pytest.mark.parametrize("norm_type", [1, 2, 3, 1.5, float("inf"), -float("inf")])
@pytest.mark.parametrize(
    "shape, kernel, options",
    [((2, 3, 7, 6), (2, 3), dict(stride=(1, 2), ceil_mode=True)), ((3, 5, 4), 2, {})],
)
def test_lp_pool2d(rng, norm_type, shape, kernel, options):
    compare(
        lambda x: nn.LPPool2d(norm_type, kernel, **options)(x.abs() + 0.5),
        lambda x: torch.nn.LPPool2d(norm_type, kernel, **options)(x.abs() + 0.5),
        [shape],
        rng,
    )
    assert repr(nn.LPPool2d(norm_type, kernel, **options)) == repr(
        torch.nn.LPPool2d(norm_type, kernel, **options)
    )


@pytest.mark.parametrize("norm_type", [1, 2, 1.5, float("inf")])
@pytest.mark.parametrize("shape, kernel, stride", [((2, 3, 9), 3, 2), ((3, 7), 2, None)])
def test_lp_pool1d(rng, norm_type, shape, kernel, stride):
    compare(
        lambda x: F.lp_pool1d(x.abs() + 0.5, norm_type, kernel, stride),
        lambda x: TF.lp_pool1d(x.abs() + 0.5, norm_type, kernel, stride),
        [shape],
        rng,
    )
    compare(
        lambda x: F.lp_pool1d(x, 2, kernel, stride),
        lambda x: TF.lp_pool1d(x, 2, kernel, stride),
        [shape],
        rng,
    )


# ---- dropouts: PyTorch's masks for the same seed -----------------------------------------


@pytest.mark.parametrize("name", ["alpha_dropout", "feature_alpha_dropout", "dropout1d"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("p", [0.2, 0.5])
@pytest.mark.parametrize("shape", [(4, 5, 6), (3, 7)])
def test_dropouts_draw_pytorchs_masks(rng, name, dtype, p, shape):
    x = rng.standard_normal(shape).astype(dtype)
    ours, theirs = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    autograd.manual_seed(11)
    out = getattr(F, name)(ours, p, training=True)
    torch.manual_seed(11)
    expected = getattr(TF, name)(theirs, p, training=True)
    np.testing.assert_array_equal(out._data, expected.detach().numpy())
    v = rng.standard_normal(shape).astype(dtype)
    (out * Tensor(v)).sum().backward()
    (expected * torch.tensor(v)).sum().backward()
    np.testing.assert_array_equal(ours.grad._data, theirs.grad.numpy())


def test_alpha_dropout_of_a_transposed_input(rng):
    x = rng.standard_normal((4, 5, 6))
    autograd.manual_seed(2)
    out = F.alpha_dropout(Tensor(x).permute(2, 0, 1), 0.3, training=True)
    torch.manual_seed(2)
    expected = TF.alpha_dropout(torch.tensor(x).permute(2, 0, 1), 0.3, training=True)
    np.testing.assert_array_equal(out._data, expected.numpy())


@pytest.mark.parametrize("name", ["Dropout1d", "AlphaDropout", "FeatureAlphaDropout"])
def test_dropout_layers(rng, name):
    x = rng.standard_normal((3, 4, 5))
    ours, theirs = getattr(nn, name)(0.25), getattr(torch.nn, name)(0.25)
    assert repr(ours) == repr(theirs)
    autograd.manual_seed(5), torch.manual_seed(5)
    np.testing.assert_array_equal(ours(Tensor(x))._data, theirs(torch.tensor(x)).numpy())
    ours.eval(), theirs.eval()
    np.testing.assert_array_equal(ours(Tensor(x))._data, theirs(torch.tensor(x)).numpy())


# ---- pdist, triplet_margin_with_distance_loss --------------------------------------------


@pytest.mark.parametrize("p", [2, 1, 3, 0.5, float("inf"), 0])
@pytest.mark.parametrize("shape", [(5, 3), (2, 4), (1, 3)])
def test_pdist(rng, p, shape):
    compare_first(
        lambda x: F.pdist(x, p), lambda x: TF.pdist(x, p), [shape], rng
    )  # PyTorch: no 2nd derivative


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("distance", ["default", "cosine", "module"])
def test_triplet_margin_with_distance_loss(rng, swap, reduction, distance):
    def function(lib):
        if distance == "cosine":
            return lambda x, y: 1.0 - lib.functional.cosine_similarity(x, y)
        return lib.PairwiseDistance(p=3.0) if distance == "module" else None

    options = dict(margin=0.7, swap=swap, reduction=reduction)
    compare(
        lambda a, p, n: F.triplet_margin_with_distance_loss(
            a, p, n, distance_function=function(nn), **options
        ),
        lambda a, p, n: TF.triplet_margin_with_distance_loss(
            a, p, n, distance_function=function(torch.nn), **options
        ),
        [(4, 3)] * 3,
        rng,
    )
    ours = nn.TripletMarginWithDistanceLoss(distance_function=function(nn), **options)
    theirs = torch.nn.TripletMarginWithDistanceLoss(distance_function=function(torch.nn), **options)
    if distance != "cosine":
        assert repr(ours) == repr(theirs)


# ---- in-place activations, deprecated upsampling, recurrent base classes -----------------

INPLACE = [
    ("relu_", {}),
    ("elu_", dict(alpha=0.5)),
    ("leaky_relu_", dict(negative_slope=0.2)),
    ("hardtanh_", dict(min_val=-0.5, max_val=0.7)),
    ("threshold_", dict(threshold=0.1, value=-2.0)),
    ("selu_", {}),
    ("celu_", dict(alpha=1.5)),
    ("rrelu_", dict(lower=0.1, upper=0.3)),
    ("rrelu_", dict(lower=0.1, upper=0.3, training=True)),
]


@pytest.mark.parametrize("name, kwargs", INPLACE)
def test_inplace_activations(rng, name, kwargs):
    def ours(x):
        autograd.manual_seed(4)
        return getattr(F, name)(x * 1.0, **kwargs)

    def theirs(x):
        torch.manual_seed(4)
        return getattr(TF, name)(x * 1.0, **kwargs)

    compare(ours, theirs, [(3, 4)], rng)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("upsample", dict(scale_factor=2, mode="bilinear")),
        ("upsample", dict(size=(5, 9), mode="bicubic", align_corners=True)),
        ("upsample_nearest", dict(size=(5, 7))),
        ("upsample_bilinear", dict(scale_factor=2)),
    ],
)
def test_deprecated_upsampling(rng, name, kwargs):
    with pytest.warns(UserWarning, match="deprecated") as ours_warned:
        compare(
            lambda x: getattr(F, name)(x, **kwargs),
            lambda x: getattr(TF, name)(x, **kwargs),
            [(1, 2, 3, 4)],
            rng,
        )
    messages = {str(w.message) for w in ours_warned}
    assert f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead." in messages


def test_recurrent_base_classes(rng, torch_float64):
    autograd.manual_seed(6)
    ours = nn.RNNBase("RNN_RELU", 3, 4, num_layers=2)
    torch.manual_seed(6)
    theirs = torch.nn.RNNBase("RNN_RELU", 3, 4, num_layers=2)
    assert repr(ours) == repr(theirs)
    assert_same_state(ours, theirs)  # (PyTorch's RNNBase has no forward; ours runs as RNN does)
    for name in ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"):
        base = "RNNCellBase" if name.endswith("Cell") else "RNNBase"
        assert issubclass(getattr(nn, name), getattr(nn, base)) == issubclass(
            getattr(torch.nn, name), getattr(torch.nn, base)
        )


# ---- ctc_loss ----------------------------------------------------------------------------

CTC_CASES = [
    # targets, input_lengths, target_lengths
    ([[1, 2, 2], [3, 1, 0], [4, 4, 1]], [6, 4, 5], [3, 2, 3]),
    ([1, 2, 2, 3, 1, 4, 4, 1], [6, 4, 5], [3, 2, 3]),  # concatenated
    ([[1, 1, 1], [3, 1, 0], [2, 0, 0]], [4, 2, 6], [3, 2, 0]),  # an impossible alignment, an empty target
]


@pytest.mark.parametrize("targets, input_lengths, target_lengths", CTC_CASES)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("blank", [0, 4])
def test_ctc_loss(rng, targets, input_lengths, target_lengths, reduction, zero_infinity, blank):
    if blank == 4:  # the same targets with the classes renumbered around the other blank
        targets = (np.asarray(targets) + 4) % 5
    options = dict(blank=blank, reduction=reduction, zero_infinity=zero_infinity)
    x = rng.standard_normal((6, 3, 5))
    log_probs = torch.tensor(x).log_softmax(2).numpy()
    ours, theirs = Tensor(log_probs, requires_grad=True), torch.tensor(log_probs, requires_grad=True)
    out = F.ctc_loss(ours, autograd.tensor(targets), input_lengths, target_lengths, **options)
    expected = TF.ctc_loss(
        theirs, torch.tensor(targets), torch.tensor(input_lengths), torch.tensor(target_lengths), **options
    )
    np.testing.assert_allclose(out._data, expected.detach().numpy(), **TOLERANCE)
    if not np.isfinite(expected.detach().numpy()).all():
        return  # PyTorch's gradient of an infinite loss is nan (ours: 0)
    v = rng.standard_normal(expected.shape)
    (out * Tensor(v)).sum().backward()
    (expected * torch.tensor(v)).sum().backward()
    np.testing.assert_allclose(ours.grad._data, theirs.grad.numpy(), **TOLERANCE)


def test_ctc_loss_through_log_softmax_and_unbatched(rng):
    targets, lengths = [[1, 2, 2], [3, 1, 0]], ([5, 4], [3, 2])
    compare_first(
        lambda x: F.ctc_loss(F.log_softmax(x, 2), autograd.tensor(targets), *lengths),
        lambda x: TF.ctc_loss(
            TF.log_softmax(x, 2), torch.tensor(targets), torch.tensor(lengths[0]), torch.tensor(lengths[1])
        ),
        [(5, 2, 4)],
        rng,
    )
    compare_first(
        lambda x: nn.CTCLoss(reduction="none")(
            F.log_softmax(x, 1), autograd.tensor([1, 2]), autograd.tensor(5), autograd.tensor(2)
        ),
        lambda x: torch.nn.CTCLoss(reduction="none")(
            TF.log_softmax(x, 1), torch.tensor([1, 2]), torch.tensor(5), torch.tensor(2)
        ),
        [(5, 4)],
        rng,
    )
    assert repr(nn.CTCLoss()) == repr(torch.nn.CTCLoss())
