"""Bilinear, RMSNorm, EmbeddingBag, Fold/Unfold, Softmax2d, ChannelShuffle and nn.Buffer: first
and second derivatives (float64 finite differences), what they compute, and the errors."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck


def leaf(rng, *shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


def check_twice(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


# ---- bilinear ----------------------------------------------------------------------------


@pytest.mark.parametrize("lead", [(), (3,), (2, 2)])
def test_bilinear_gradients_twice(rng, lead):
    x1, x2 = leaf(rng, *lead, 3), leaf(rng, *lead, 2)
    check_twice(F.bilinear, x1, x2, leaf(rng, 4, 3, 2), leaf(rng, 4))
    check_twice(F.bilinear, x1, x2, leaf(rng, 1, 3, 2))


def test_bilinear_computes_x1_a_x2(rng):
    x1, x2, w, b = (
        rng.standard_normal((5, 3)),
        rng.standard_normal((5, 2)),
        rng.standard_normal((4, 3, 2)),
        rng.standard_normal(4),
    )
    out = F.bilinear(Tensor(x1), Tensor(x2), Tensor(w), Tensor(b))
    expected = np.stack([np.sum(x1[n] @ w[o] * x2[n]) + b[o] for n in range(5) for o in range(4)]).reshape(
        5, 4
    )
    np.testing.assert_allclose(out._data, expected, rtol=1e-12)


@pytest.mark.parametrize(
    "shapes, message",
    [
        ([(5, 3), (4, 2), (4, 3, 2)], "batch dimensions do not match"),
        ([(5, 2), (5, 2), (4, 3, 2)], "input1 size"),
        ([(5, 3), (5, 3), (4, 3, 2)], "input2 size"),
        ([(5, 3), (5, 2), (4, 3, 2), (3,)], "bias size"),
        ([(5, 3), (5, 2), (3, 2)], "3-D"),
        ([(5, 3), (2,), (4, 3, 2)], "same number of dimensions"),
    ],
)
def test_bilinear_errors(shapes, message):
    with pytest.raises(RuntimeError, match=message):
        F.bilinear(*(autograd.zeros(*s) for s in shapes))


def test_bilinear_layer(rng):
    layer = nn.Bilinear(3, 2, 4)
    assert layer.weight.shape == (4, 3, 2) and layer.bias.shape == (4,)
    assert np.abs(layer.weight._data).max() <= 1 / np.sqrt(3)
    assert nn.Bilinear(3, 2, 4, bias=False).bias is None
    out = layer(leaf(rng, 6, 3), leaf(rng, 6, 2))
    assert out.shape == (6, 4)
    out.sum().backward()
    assert layer.weight.grad.shape == (4, 3, 2)
    assert repr(layer) == "Bilinear(in1_features=3, in2_features=2, out_features=4, bias=True)"
    with pytest.raises(ValueError, match="in1_features"):
        nn.Bilinear(0, 2, 4)


# ---- rms_norm ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape, normalized", [((3, 4), (4,)), ((2, 3, 2), (3, 2)), ((5,), 5)])
def test_rms_norm_gradients_twice(rng, shape, normalized):
    normalized_shape = (normalized,) if isinstance(normalized, int) else normalized
    check_twice(
        lambda x, w: F.rms_norm(x, normalized, w, eps=1e-3), leaf(rng, *shape), leaf(rng, *normalized_shape)
    )
    check_twice(lambda x: F.rms_norm(x, normalized), leaf(rng, *shape))


def test_rms_norm_computes_root_mean_square(rng):
    x = rng.standard_normal((3, 4))
    out = F.rms_norm(Tensor(x), (4,))
    eps = np.finfo(np.float64).eps
    np.testing.assert_allclose(out._data, x / np.sqrt((x**2).mean(-1, keepdims=True) + eps), rtol=1e-13)
    out32 = F.rms_norm(Tensor(x, dtype=autograd.float32), (4,))
    assert out32.dtype == autograd.float32


def test_rms_norm_errors():
    with pytest.raises(RuntimeError, match="normalized_shape"):
        F.rms_norm(autograd.zeros(5, 4), (3,))
    with pytest.raises(RuntimeError, match="weight"):
        F.rms_norm(autograd.zeros(5, 4), (4,), autograd.ones(3))
    with pytest.raises(ValueError, match="eps"):
        F.rms_norm(autograd.zeros(5, 4), (4,), eps=-1.0)


def test_rms_norm_layer(rng):
    layer = nn.RMSNorm([2, 3])
    assert layer.weight.shape == (2, 3) and layer.eps is None
    assert repr(layer) == "RMSNorm((2, 3), eps=None, elementwise_affine=True)"
    assert nn.RMSNorm(3, eps=1e-6, elementwise_affine=False).weight is None
    assert list(nn.RMSNorm(3, elementwise_affine=False).state_dict()) == []
    out = layer(leaf(rng, 4, 2, 3))
    out.sum().backward()
    assert layer.weight.grad.shape == (2, 3)


# ---- embedding_bag -----------------------------------------------------------------------

INDICES = np.array([1, 2, 4, 5, 4, 3, 2, 0])
OFFSETS = np.array([0, 4, 4])


def _bag_reference(weight, bags, mode, padding_idx=None, scales=None):
    out = []
    for bag, w in zip(bags, scales if scales is not None else [None] * len(bags)):
        keep = [k for k, i in enumerate(bag) if i != padding_idx]
        rows = weight[np.asarray(bag, dtype=int)[keep]]
        if w is not None:
            rows = rows * np.asarray(w)[keep, None]
        if not len(rows):
            out.append(np.zeros(weight.shape[1]))
        else:
            out.append({"sum": rows.sum(0), "mean": rows.mean(0), "max": rows.max(0)}[mode])
    return np.stack(out)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("padding_idx", [None, 2])
def test_embedding_bag_values(rng, mode, padding_idx):
    w = rng.standard_normal((6, 3))
    out = F.embedding_bag(
        autograd.tensor(INDICES), Tensor(w), autograd.tensor(OFFSETS), mode=mode, padding_idx=padding_idx
    )
    bags = [INDICES[0:4], INDICES[4:4], INDICES[4:]]
    np.testing.assert_allclose(out._data, _bag_reference(w, bags, mode, padding_idx), rtol=1e-13)
    last = F.embedding_bag(
        autograd.tensor(INDICES),
        Tensor(w),
        autograd.tensor([0, 4, 4, 8]),
        mode=mode,
        include_last_offset=True,
        padding_idx=padding_idx,
    )
    np.testing.assert_array_equal(last._data, out._data)
    two_d = F.embedding_bag(
        autograd.tensor(INDICES.reshape(2, 4)), Tensor(w), mode=mode, padding_idx=padding_idx
    )
    np.testing.assert_allclose(
        two_d._data, _bag_reference(w, INDICES.reshape(2, 4), mode, padding_idx), rtol=1e-13
    )


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag_gradients_twice(rng, mode):
    w = leaf(rng, 6, 3)
    indices, offsets = autograd.tensor(INDICES), autograd.tensor(OFFSETS)
    check_twice(lambda w: F.embedding_bag(indices, w, offsets, mode=mode), w)
    check_twice(lambda w: F.embedding_bag(indices, w, offsets, mode=mode, padding_idx=4), w)


def test_embedding_bag_per_sample_weights(rng):
    w, scales = leaf(rng, 6, 3), leaf(rng, 8)
    indices, offsets = autograd.tensor(INDICES), autograd.tensor(OFFSETS)
    check_twice(
        lambda w, s: F.embedding_bag(indices, w, offsets, mode="sum", per_sample_weights=s), w, scales
    )
    out = F.embedding_bag(indices, w, offsets, mode="sum", per_sample_weights=scales)
    bags, weights = [INDICES[:4], INDICES[4:4], INDICES[4:]], [scales._data[:4], [], scales._data[4:]]
    np.testing.assert_allclose(out._data, _bag_reference(w._data, bags, "sum", None, weights), rtol=1e-13)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(input=INDICES.reshape(2, 4), offsets=OFFSETS), ValueError, "offsets must be None"),
        (dict(input=INDICES), ValueError, "offsets must be a 1-D"),
        (dict(input=INDICES, offsets=[1, 4]), RuntimeError, r"offsets\[0\]"),
        (dict(input=INDICES, offsets=[0, 9]), RuntimeError, r"offsets\[-1\]"),
        (dict(input=INDICES, offsets=[0, 5, 3]), ValueError, "non-decreasing"),
        (dict(input=INDICES, offsets=[0, 4], include_last_offset=True), ValueError, "include_last_offset"),
        (dict(input=INDICES, offsets=OFFSETS, mode="bad"), ValueError, "mode"),
        (
            dict(input=INDICES, offsets=OFFSETS, mode="mean", per_sample_weights=np.ones(8)),
            NotImplementedError,
            "mode='sum'",
        ),
        (
            dict(input=INDICES, offsets=OFFSETS, mode="sum", per_sample_weights=np.ones(7)),
            ValueError,
            "shape of the input",
        ),
        (dict(input=INDICES + 3, offsets=OFFSETS), IndexError, "out of range"),
        (dict(input=INDICES * 1.0, offsets=OFFSETS), TypeError, "integers"),
        (dict(input=INDICES.reshape(2, 2, 2)), ValueError, "1-D or 2-D"),
        (dict(input=INDICES, offsets=OFFSETS, max_norm=1.0), NotImplementedError, "max_norm"),
    ],
)
def test_embedding_bag_errors(rng, kwargs, error, message):
    kwargs = {k: autograd.tensor(v) if isinstance(v, (np.ndarray, list)) else v for k, v in kwargs.items()}
    with pytest.raises(error, match=message):
        F.embedding_bag(weight=Tensor(rng.standard_normal((6, 3))), **kwargs)


def test_embedding_bag_layer(rng):
    bag = nn.EmbeddingBag(6, 3, mode="sum", padding_idx=2)
    assert bag.weight.shape == (6, 3) and (bag.weight._data[2] == 0).all()
    assert repr(bag) == "EmbeddingBag(6, 3, mode='sum', padding_idx=2)"
    out = bag(autograd.tensor(INDICES), autograd.tensor(OFFSETS))
    assert out.shape == (3, 3)
    out.sum().backward()
    assert (bag.weight.grad._data[2] == 0).all() and bag.weight.grad._data[4].tolist() == [2.0, 2.0, 2.0]
    frozen = nn.EmbeddingBag.from_pretrained(Tensor(rng.standard_normal((4, 2))), mode="max")
    assert not frozen.weight.requires_grad and frozen.mode == "max"
    assert frozen(autograd.tensor([[0, 1], [2, 3]])).shape == (2, 2)
    with pytest.raises(ValueError, match="mode"):
        nn.EmbeddingBag(6, 3, mode="min")


# ---- unfold / fold, softmax2d, channel_shuffle -------------------------------------------


def test_unfold_and_fold_layers_unbatched(rng):
    x = leaf(rng, 2, 4, 5)
    cols = nn.Unfold(2, padding=1)(x)
    np.testing.assert_array_equal(cols._data, F.unfold(x.reshape(1, 2, 4, 5), 2, padding=1)._data[0])
    back = nn.Fold((4, 5), 2, padding=1)(cols)
    assert back.shape == (2, 4, 5)
    check_twice(lambda x: nn.Fold((4, 5), 2, padding=1)(nn.Unfold(2, padding=1)(x)), x)
    assert (
        repr(nn.Fold((4, 5), 2)) == "Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)"
    )
    assert repr(nn.Unfold(2, padding=1)) == "Unfold(kernel_size=2, dilation=1, padding=1, stride=1)"


def test_softmax2d(rng):
    x = leaf(rng, 2, 3, 2, 2)
    np.testing.assert_allclose(nn.Softmax2d()(x)._data.sum(axis=1), 1.0, rtol=1e-13)
    assert nn.Softmax2d()(leaf(rng, 3, 2, 2)).shape == (3, 2, 2)
    with pytest.raises(ValueError, match="3D or 4D"):
        nn.Softmax2d()(leaf(rng, 2, 3))


@pytest.mark.parametrize("shape, groups", [((2, 6, 3), 2), ((1, 6, 2, 2), 3), ((1, 4, 1, 2, 2), 4)])
def test_channel_shuffle(rng, shape, groups):
    x = leaf(rng, *shape)
    out = nn.ChannelShuffle(groups)(x)
    k = shape[1] // groups
    order = [j * k + i for i in range(k) for j in range(groups)]
    np.testing.assert_array_equal(out._data, x._data[:, order])
    check_twice(lambda x: F.channel_shuffle(x, groups), x)
    assert repr(nn.ChannelShuffle(groups)) == f"ChannelShuffle(groups={groups})"


@pytest.mark.parametrize(
    "shape, groups, message",
    [((2, 6, 3), 4, "divisible"), ((6, 3), 2, "more than 2"), ((1, 6, 2), 0, "positive")],
)
def test_channel_shuffle_errors(shape, groups, message):
    with pytest.raises(RuntimeError, match=message):
        F.channel_shuffle(autograd.zeros(*shape), groups)


# ---- nn.Buffer ---------------------------------------------------------------------------


def test_buffer_assignment_registers_a_buffer():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.table = nn.Buffer(autograd.arange(3.0))
            self.scratch = nn.Buffer(autograd.zeros(2), persistent=False)
            self.plain = autograd.ones(1)  # a plain Tensor is no buffer

    model = Model()
    assert [name for name, _ in model.named_buffers()] == ["table", "scratch"]
    assert list(model.state_dict()) == ["table"]
    assert isinstance(model.table, nn.Buffer) and model.table.persistent
    assert not isinstance(model.plain, nn.Buffer)
    data = autograd.arange(2.0)
    shared = nn.Buffer(data)
    data[0] = 5.0
    assert shared[0].item() == 5.0  # data.detach(): the values are shared
    assert nn.Buffer().shape == (0,)
    with pytest.raises(TypeError, match="Tensor"):
        nn.Buffer([1.0])


# ---- pooling: indices, unpooling, adaptive 1-d, lp ---------------------------------------


def test_with_indices_forms_return_indices(rng):
    x = leaf(rng, 2, 3, 6, 5)
    for with_indices, plain, args in [
        (F.max_pool2d_with_indices, F.max_pool2d, (2,)),
        (F.max_pool1d_with_indices, F.max_pool1d, (2,)),
        (F.adaptive_max_pool2d_with_indices, F.adaptive_max_pool2d, ((2, 3),)),
        (F.adaptive_max_pool1d_with_indices, F.adaptive_max_pool1d, (3,)),
    ]:
        y = x if "2d" in with_indices.__name__ else x[:, :, 0]
        values, indices = with_indices(y, *args)
        expected = plain(y, *args, return_indices=True)
        np.testing.assert_array_equal(values._data, expected[0]._data)
        np.testing.assert_array_equal(indices._data, expected[1]._data)
        assert indices.dtype == autograd.int64


@pytest.mark.parametrize(
    "shape, kernel, options", [((2, 3, 6, 5), 2, {}), ((3, 5, 4), (2, 3), dict(padding=(1, 1)))]
)
def test_max_unpool2d_gradients_twice(rng, shape, kernel, options):
    """Windows that do not overlap (an index repeated would keep one of its values)."""
    x = leaf(rng, *shape)
    values, indices = F.max_pool2d(x, kernel, return_indices=True, **options)
    size = shape[-2:]
    check_twice(
        lambda v: F.max_unpool2d(v, indices, kernel, output_size=size, **options), leaf(rng, *values.shape)
    )
    out = F.max_unpool2d(values, indices, kernel, output_size=size, **options)
    assert out.shape == shape
    again = F.max_pool2d(out, kernel, **options)  # each maximum back in its window, zeros around it
    np.testing.assert_array_equal(again._data, np.maximum(values._data, 0))
    kept = out._data != 0
    np.testing.assert_array_equal(out._data[kept], x._data[kept])


def test_max_unpool1d(rng):
    x = leaf(rng, 2, 3, 7)
    values, indices = F.max_pool1d(x, 2, return_indices=True)
    out = F.max_unpool1d(values, indices, 2, output_size=[7])
    assert out.shape == (2, 3, 7)
    kept = out._data != 0
    np.testing.assert_array_equal(out._data[kept], x._data[kept])
    check_twice(lambda v: F.max_unpool1d(v, indices, 2), leaf(rng, *values.shape))
    layer = nn.MaxUnpool1d(2)
    assert layer(values[0], indices[0]).shape == (3, 6)
    assert repr(layer) == "MaxUnpool1d(kernel_size=(2,), stride=(2,), padding=(0,))"
    assert repr(nn.MaxUnpool2d(2, 1)) == "MaxUnpool2d(kernel_size=(2, 2), stride=(1, 1), padding=(0, 0))"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda v, i: F.max_unpool2d(v, i, 2, output_size=(6, 6)), ValueError, "invalid output_size"),
        (lambda v, i: F.max_unpool2d(v, i, 2, output_size=(5,)), ValueError, "2 or 4 elements"),
        (lambda v, i: F.max_unpool2d(v, i + 16, 2), RuntimeError, "invalid max index"),
        (lambda v, i: F.max_unpool2d(v, i[..., :1], 2), RuntimeError, "input's shape"),
        (lambda v, i: F.max_unpool2d(v, i.double(), 2), RuntimeError, "int64"),
        (lambda v, i: F.max_unpool2d(v[None], i[None], 2), RuntimeError, "3-D or 4-D"),
    ],
)
def test_max_unpool_errors(rng, call, error, message):
    values, indices = F.max_pool2d(leaf(rng, 1, 1, 4, 4), 2, return_indices=True)
    with pytest.raises(error, match=message):
        call(values, indices)


@pytest.mark.parametrize("shape, size", [((2, 3, 7), 3), ((3, 5), 5), ((1, 2, 4), (6,))])
def test_adaptive_1d_pools(rng, shape, size):
    x = leaf(rng, *shape)
    check_twice(lambda x: F.adaptive_avg_pool1d(x, size), x)
    check_twice(lambda x: F.adaptive_max_pool1d(x, size), x)
    out, index = nn.AdaptiveMaxPool1d(size, return_indices=True)(x)
    np.testing.assert_array_equal(np.take_along_axis(x._data, index._data, -1), out._data)
    whole = nn.AdaptiveAvgPool1d(1)(x)
    np.testing.assert_allclose(whole._data[..., 0], x._data.mean(-1), rtol=1e-13)
    assert repr(nn.AdaptiveAvgPool1d(size)) == f"AdaptiveAvgPool1d(output_size={size})"


@pytest.mark.parametrize("norm_type", [1, 2, 1.5, float("inf")])
def test_lp_pool_gradients_twice(rng, norm_type):
    x = Tensor(rng.random((1, 2, 5, 4)) + 0.5, requires_grad=True)
    check_twice(lambda x: F.lp_pool2d(x, norm_type, (2, 3), stride=(1, 2), ceil_mode=True), x)
    check_twice(lambda x: F.lp_pool1d(x, norm_type, 2), x[0].detach().requires_grad_())
    windows = x._data[0, :, :2, :3]
    if norm_type != float("inf"):
        expected = (windows**norm_type).sum(axis=(1, 2)) ** (1 / norm_type)
        np.testing.assert_allclose(F.lp_pool2d(x, norm_type, (2, 3))._data[0, :, 0, 0], expected, rtol=1e-12)
    assert repr(nn.LPPool2d(2, 3)) == "LPPool2d(norm_type=2, kernel_size=3, stride=None, ceil_mode=False)"
    assert nn.LPPool1d(norm_type, 2, 1)(x[0]).shape == (2, 5, 3)


# ---- dropouts ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alpha_dropout", "feature_alpha_dropout"])
def test_alpha_dropouts_keep_mean_and_variance(name):
    autograd.manual_seed(0)
    x = autograd.randn(200, 100, 3)
    out = getattr(F, name)(x, 0.2, training=True)
    assert abs(out._data.mean()) < 0.05 and abs(out._data.var() - 1) < 0.05
    a = 1 / np.sqrt((F.dropouts.ALPHA**2 * 0.2 + 1) * 0.8)
    dropped = np.isclose(out._data, -F.dropouts.ALPHA * a * 0.8, rtol=1e-12, atol=0)
    assert 0.15 < dropped.mean() < 0.25
    assert getattr(F, name)(x, 0.2) is x  # training=False by default: the identity
    assert (getattr(F, name)(x, 1.0, training=True)._data == 0).all()


def test_alpha_dropout_gradients_twice(rng):
    x = leaf(rng, 3, 4, 2)
    for name in ("alpha_dropout", "feature_alpha_dropout", "dropout1d"):
        autograd.manual_seed(1)
        mask_out = getattr(F, name)(x, 0.4, training=True)
        autograd.manual_seed(1)
        np.testing.assert_array_equal(getattr(F, name)(x, 0.4, training=True)._data, mask_out._data)

        def seeded(x):  # one mask for every call of the finite differences
            autograd.manual_seed(1)
            return getattr(F, name)(x, 0.4, training=True)  # noqa: B023

        check_twice(seeded, x)


def test_dropout1d_drops_whole_channels(rng):
    autograd.manual_seed(0)
    x = autograd.ones(8, 6, 5)
    out = F.dropout1d(x, 0.5)
    per_channel = out._data.reshape(48, 5)
    assert ((per_channel == 0).all(1) | (per_channel == 2).all(1)).all()
    assert F.dropout1d(autograd.ones(6, 5), 0.5).shape == (6, 5)
    with pytest.raises(RuntimeError, match="2-D or 3-D"):
        F.dropout1d(autograd.ones(2, 3, 4, 5))
    with pytest.raises(RuntimeError, match="at least 2"):
        F.feature_alpha_dropout(autograd.ones(5), training=True)
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.alpha_dropout(x, 1.5)


def test_dropout_layers(rng):
    x = autograd.randn(4, 3, 5)
    for layer in (nn.Dropout1d(0.3), nn.AlphaDropout(0.3), nn.FeatureAlphaDropout(0.3)):
        assert layer.eval()(x) is x
        assert layer.train()(x).shape == x.shape
        assert repr(layer) == f"{type(layer).__name__}(p=0.3, inplace=False)"


# ---- pdist, triplet_margin_with_distance_loss --------------------------------------------


@pytest.mark.parametrize("p", [2, 1, 3, 0.5, float("inf")])
def test_pdist(rng, p):
    x = leaf(rng, 5, 3)
    out = F.pdist(x, p)
    i, j = np.triu_indices(5, 1)
    expected = [
        np.linalg.norm(x._data[a] - x._data[b], ord=p)
        if p >= 1
        else (np.abs(x._data[a] - x._data[b]) ** p).sum() ** (1 / p)
        for a, b in zip(i, j)
    ]
    np.testing.assert_allclose(out._data, expected, rtol=1e-12)
    check_twice(lambda x: F.pdist(x, p), x)


def test_pdist_errors():
    with pytest.raises(RuntimeError, match="2-D"):
        F.pdist(autograd.zeros(4))
    with pytest.raises(RuntimeError, match="non-negative"):
        F.pdist(autograd.zeros(3, 4), p=-1)
    assert F.pdist(autograd.zeros(1, 3)).shape == (0,)


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_triplet_margin_with_distance_loss(rng, swap, reduction):
    a, p, n = leaf(rng, 4, 3), leaf(rng, 4, 3), leaf(rng, 4, 3)
    cosine = lambda x, y: 1 - F.cosine_similarity(x, y)  # noqa: E731
    for distance in (None, cosine):
        options = dict(distance_function=distance, margin=0.5, swap=swap, reduction=reduction)
        check_twice(
            lambda a, p, n, options=options: F.triplet_margin_with_distance_loss(a, p, n, **options), a, p, n
        )
    ours = F.triplet_margin_with_distance_loss(a, p, n, swap=swap, reduction=reduction)
    np.testing.assert_allclose(
        ours._data, F.triplet_margin_loss(a, p, n, swap=swap, reduction=reduction)._data, rtol=1e-13
    )
    loss = nn.TripletMarginWithDistanceLoss(distance_function=cosine, swap=swap, reduction=reduction)
    np.testing.assert_allclose(
        loss(a, p, n)._data,
        F.triplet_margin_with_distance_loss(
            a, p, n, distance_function=cosine, swap=swap, reduction=reduction
        )._data,
    )


def test_triplet_margin_with_distance_loss_errors(rng):
    a = leaf(rng, 4, 3)
    with pytest.raises(ValueError, match="margin"):
        F.triplet_margin_with_distance_loss(a, a, a, margin=0)
    with pytest.raises(ValueError, match="reduction"):
        F.triplet_margin_with_distance_loss(a, a, a, reduction="avg")
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        F.triplet_margin_with_distance_loss(a, a, a[0])
    with pytest.raises(TypeError):
        F.triplet_margin_with_distance_loss(a, a, a, None)  # distance_function is keyword-only


# ---- in-place activations, deprecated upsampling, recurrent base classes -----------------

INPLACE = [
    ("relu_", "relu", {}),
    ("elu_", "elu", dict(alpha=0.5)),
    ("leaky_relu_", "leaky_relu", dict(negative_slope=0.2)),
    ("hardtanh_", "hardtanh", dict(min_val=-0.5, max_val=0.7)),
    ("threshold_", "threshold", dict(threshold=0.1, value=-2.0)),
    ("selu_", "selu", {}),
    ("celu_", "celu", dict(alpha=1.5)),
    ("rrelu_", "rrelu", dict(lower=0.1, upper=0.3)),
]


@pytest.mark.parametrize("name, plain, kwargs", INPLACE)
def test_inplace_activations(rng, name, plain, kwargs):
    x = leaf(rng, 3, 4)
    expected = getattr(F, plain)(x, **kwargs)
    y = x * 1.0
    out = getattr(F, name)(y, **kwargs)
    assert out is y
    np.testing.assert_array_equal(y._data, expected._data)
    check_twice(lambda x: getattr(F, name)(x * 1.0, **kwargs), x)
    with pytest.raises(RuntimeError):
        getattr(F, name)(x, **kwargs)  # a leaf that requires grad cannot change in place


@pytest.mark.parametrize(
    "name, kwargs, mode",
    [
        ("upsample", dict(scale_factor=2, mode="bilinear"), dict(mode="bilinear")),
        ("upsample_nearest", dict(size=(5, 7)), dict(mode="nearest")),
        ("upsample_bilinear", dict(scale_factor=2), dict(mode="bilinear", align_corners=True)),
    ],
)
def test_deprecated_upsampling_warns(rng, name, kwargs, mode):
    x = leaf(rng, 1, 2, 3, 4)
    with pytest.warns(UserWarning, match=f"nn.functional.{name}` is deprecated"):
        out = getattr(F, name)(x, **kwargs)
    expected = F.interpolate(x, **{k: v for k, v in kwargs.items() if k != "mode"}, **mode)
    np.testing.assert_array_equal(out._data, expected._data)


def test_recurrent_base_classes():
    assert all(isinstance(cls(3, 4), nn.RNNBase) for cls in (nn.RNN, nn.LSTM, nn.GRU))
    assert all(isinstance(cls(3, 4), nn.RNNCellBase) for cls in (nn.RNNCell, nn.LSTMCell, nn.GRUCell))
    layer = nn.RNNBase("GRU", 3, 4, num_layers=2)
    assert layer(autograd.randn(5, 2, 3))[0].shape == (5, 2, 4)
    assert nn.LSTMCell(3, 4).weight_ih.shape == (16, 3)


# ---- ctc_loss ----------------------------------------------------------------------------


def _ctc_brute_force(log_probs, target, blank):
    """-log of the sum over every path of length T that collapses to ``target`` (small T, C)."""
    import itertools

    steps, classes = log_probs.shape
    total = 0.0
    for path in itertools.product(range(classes), repeat=steps):
        collapsed = [c for k, c in enumerate(path) if c != blank and (k == 0 or c != path[k - 1])]
        if collapsed == list(target):
            total += np.exp(sum(log_probs[t, c] for t, c in enumerate(path)))
    return -np.log(total) if total else np.inf


@pytest.mark.parametrize("target, blank", [([1, 2], 0), ([1, 1], 0), ([2], 1), ([], 0), ([0, 2, 2], 1)])
def test_ctc_loss_sums_every_alignment(rng, target, blank):
    log_probs = F.log_softmax(Tensor(rng.standard_normal((5, 3))), 1)
    loss = F.ctc_loss(
        log_probs, autograd.tensor(target, dtype=autograd.int64), 5, len(target), blank=blank, reduction="sum"
    )
    np.testing.assert_allclose(loss._data, _ctc_brute_force(log_probs._data, target, blank), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_ctc_loss_gradients_twice_through_log_softmax(rng, reduction):
    x = leaf(rng, 5, 2, 4)
    targets, input_lengths, target_lengths = autograd.tensor([[1, 2, 2], [3, 1, 0]]), [5, 4], [3, 2]

    def loss(x):
        return F.ctc_loss(F.log_softmax(x, 2), targets, input_lengths, target_lengths, reduction=reduction)

    check_twice(loss, x)


def test_ctc_loss_gradient_is_pytorchs_softmax_form(rng):
    """d/d log_probs is the true derivative plus exp(log_probs) at each step t < input_length
    (PyTorch's convention; the same through a log_softmax)."""
    log_probs = F.log_softmax(Tensor(rng.standard_normal((4, 1, 3))), 2).detach().requires_grad_()
    loss = F.ctc_loss(log_probs, autograd.tensor([[1, 2]]), [3], [2], reduction="sum")
    (grad,) = autograd.grad(loss, [log_probs])
    np.testing.assert_allclose(grad._data[:3].sum(-1), 0.0, atol=1e-12)  # true sums are -1 per step
    assert (grad._data[3] == 0).all()


def test_ctc_loss_concatenated_targets_and_infinity(rng):
    log_probs = F.log_softmax(Tensor(rng.standard_normal((5, 2, 4))), 2).detach().requires_grad_()
    padded = F.ctc_loss(log_probs, autograd.tensor([[1, 1, 1], [3, 1, 0]]), [5, 4], [3, 2], reduction="none")
    flat = F.ctc_loss(log_probs, autograd.tensor([1, 1, 1, 3, 1]), [5, 4], [3, 2], reduction="none")
    np.testing.assert_array_equal(padded._data, flat._data)
    impossible = F.ctc_loss(
        log_probs, autograd.tensor([[1, 1, 1], [3, 1, 0]]), [4, 2], [3, 2], reduction="none"
    )
    assert np.isinf(impossible._data[0]) and np.isfinite(impossible._data[1])
    zeroed = F.ctc_loss(
        log_probs, autograd.tensor([[1, 1, 1], [3, 1, 0]]), [4, 2], [3, 2], zero_infinity=True
    )
    zeroed.backward()
    assert np.isfinite(zeroed.item()) and (log_probs.grad._data[:, 0] == 0).all()
    layer = nn.CTCLoss(blank=0, reduction="sum")
    np.testing.assert_allclose(
        layer(log_probs, autograd.tensor([1, 1, 1, 3, 1]), [5, 4], [3, 2])._data, flat._data.sum()
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(input_lengths=[6, 2]), "input_lengths must be in"),
        (dict(target_lengths=[4, 2]), "shorter than the longest"),
        (dict(blank=4), "blank"),
        (dict(input_lengths=[5]), "one per sample"),
        (dict(targets=[[1, 7, 1], [3, 1, 0]]), "class indices"),
        (dict(input_lengths=[5.0, 2.0]), "integers"),
    ],
)
def test_ctc_loss_errors(rng, kwargs, message):
    arguments = dict(targets=[[1, 1, 1], [3, 1, 0]], input_lengths=[5, 2], target_lengths=[3, 2]) | kwargs
    arguments["targets"] = autograd.tensor(arguments["targets"])
    with pytest.raises(RuntimeError, match=message):
        F.ctc_loss(Tensor(rng.standard_normal((5, 2, 4))), **arguments)
