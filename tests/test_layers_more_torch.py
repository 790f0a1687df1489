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


@pytest.fixture
def torch_float64():
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


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
