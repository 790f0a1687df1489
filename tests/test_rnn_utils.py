"""nn.utils.rnn: padding, packing and unpacking (round trips, layout, first and second
derivatives against finite differences in float64), recurrent layers on packed input (the
same numbers as on each sequence alone), PackedSequence's methods, errors."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn.utils.rnn import (
    PackedSequence,
    pack_padded_sequence,
    pack_sequence,
    pad_packed_sequence,
    pad_sequence,
    unpack_sequence,
    unpad_sequence,
)

LAYERS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def var(rng, shape):
    return Tensor(rng.uniform(-1, 1, size=shape), requires_grad=True)


def test_packed_layout_is_time_major_longest_first(rng):
    x = rng.normal(size=(3, 2, 4))  # (T, B, *), lengths 3 and 1
    packed = pack_padded_sequence(Tensor(x), [3, 1])
    assert packed.batch_sizes.tolist() == [2, 1, 1] and packed.batch_sizes.dtype == np.int64
    np.testing.assert_array_equal(packed.data.numpy(), np.stack([x[0, 0], x[0, 1], x[1, 0], x[2, 0]]))
    assert packed.sorted_indices is None and packed.unsorted_indices is None


@pytest.mark.parametrize("batch_first", [False, True])
def test_pack_then_pad_gives_the_batch_back_with_padding(rng, batch_first):
    lengths = [2, 4, 1, 4]
    x = rng.normal(size=(4, 4, 3))  # (T, B, 3)
    mask = np.arange(4)[:, None] < np.array(lengths)
    given = x.transpose(1, 0, 2) if batch_first else x
    packed = pack_padded_sequence(Tensor(given), autograd.tensor(lengths), batch_first, enforce_sorted=False)
    assert packed.sorted_indices.tolist() == [1, 3, 0, 2]  # stable: the first of two 4s first
    assert packed.unsorted_indices.tolist() == [2, 0, 3, 1]
    padded, back = pad_packed_sequence(packed, batch_first, padding_value=-7.0, total_length=6)
    expected = np.concatenate([np.where(mask[..., None], x, -7.0), np.full((2, 4, 3), -7.0)])
    np.testing.assert_array_equal(padded.numpy(), expected.transpose(1, 0, 2) if batch_first else expected)
    assert back.tolist() == lengths and back.dtype == np.int64


@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_and_unpad_sequence(rng, side):
    sequences = [rng.normal(size=(n, 2)) for n in (2, 3, 1)]
    padded = pad_sequence([Tensor(s) for s in sequences], padding_value=5.0, padding_side=side)
    assert padded.shape == (3, 3, 2)
    for b, s in enumerate(sequences):
        rows = slice(0, len(s)) if side == "right" else slice(3 - len(s), 3)
        np.testing.assert_array_equal(padded.numpy()[rows, b], s)
        assert (np.delete(padded.numpy()[:, b], np.arange(3)[rows], axis=0) == 5.0).all()
    if side == "right":
        batch_first = pad_sequence([Tensor(s) for s in sequences], batch_first=True)
        for s, back in zip(sequences, unpad_sequence(batch_first, [2, 3, 1], batch_first=True)):
            np.testing.assert_array_equal(back.numpy(), s)


def test_pack_sequence_and_unpack_sequence_round_trip(rng):
    sequences = [rng.normal(size=(n,)) for n in (2, 5, 3)]
    packed = pack_sequence([Tensor(s) for s in sequences], enforce_sorted=False)
    assert packed.batch_sizes.tolist() == [3, 3, 2, 1, 1]
    for s, back in zip(sequences, unpack_sequence(packed)):
        np.testing.assert_array_equal(back.numpy(), s)


def test_derivatives_of_padding_packing_and_unpacking(rng):
    a, b, c = var(rng, (2, 3)), var(rng, (4, 3)), var(rng, (1, 3))

    def fn(a, b, c):
        padded = pad_sequence([a, b, c], batch_first=True, padding_value=0.5)
        packed = pack_padded_sequence(padded, [2, 4, 1], batch_first=True, enforce_sorted=False)
        return pad_packed_sequence(packed, padding_value=-1.0, total_length=5)[0] * 2

    assert gradcheck(fn, (a, b, c)) and gradgradcheck(fn, (a, b, c))


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_derivatives_through_pack_layer_unpack(rng, name):
    autograd.manual_seed(0)
    layer = LAYERS[name](2, 3, num_layers=2, bidirectional=True)
    x, h0, c0 = var(rng, (3, 3, 2)), var(rng, (4, 3, 3)), var(rng, (4, 3, 3))
    lengths = [2, 3, 1]

    def fn(x, h0, c0=None):
        packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
        out, state = layer(packed, (h0, c0) if name == "LSTM" else h0)
        h_n = state[0] if name == "LSTM" else state
        return pad_packed_sequence(out)[0], h_n

    inputs = (x, h0, c0) if name == "LSTM" else (x, h0)
    assert gradcheck(fn, inputs) and gradgradcheck(fn, inputs)


@pytest.mark.parametrize("name", sorted(LAYERS))
@pytest.mark.parametrize("kwargs", [{}, {"num_layers": 2, "bidirectional": True}])
def test_packed_batch_runs_each_sequence_as_alone(rng, name, kwargs):
    """Packing is what lets a padded batch give every sequence its own numbers: the outputs and
    final states are those of each sequence run by itself."""
    layer = LAYERS[name](3, 4, **kwargs)
    sequences = [rng.normal(size=(n, 3)) for n in (3, 5, 1)]
    out, state = layer(pack_sequence([Tensor(s) for s in sequences], enforce_sorted=False))
    assert isinstance(out, PackedSequence)
    states = state if name == "LSTM" else (state,)
    for b, (s, seq_out) in enumerate(zip(sequences, unpack_sequence(out))):
        alone, alone_state = layer(Tensor(s))
        np.testing.assert_allclose(seq_out.numpy(), alone.numpy(), rtol=1e-12, atol=1e-14)
        for got, want in zip(states, alone_state if name == "LSTM" else (alone_state,)):
            np.testing.assert_allclose(got.numpy()[:, b], want.numpy(), rtol=1e-12, atol=1e-14)


def test_packed_sequence_methods(rng):
    packed = pack_padded_sequence(Tensor(rng.normal(size=(2, 3, 1))), [1, 2, 2], enforce_sorted=False)
    assert packed.float().data.dtype == np.float32 and packed.to(autograd.float32).data.dtype == np.float32
    assert packed.double() is packed and packed.to("cpu") is packed and not packed.is_cuda
    half = packed.half()
    assert half.batch_sizes is packed.batch_sizes and half.unsorted_indices is packed.unsorted_indices
    rebuilt = PackedSequence(packed.data, packed.batch_sizes, packed.sorted_indices)
    assert packed.sorted_indices.tolist() == [1, 2, 0]
    assert rebuilt.unsorted_indices.tolist() == packed.unsorted_indices.tolist() == [2, 0, 1]
    data, batch_sizes, sorted_indices, unsorted_indices = packed  # a namedtuple
    assert batch_sizes.tolist() == [3, 2]


X = Tensor(np.ones((3, 2, 4)))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: pack_padded_sequence(X, [1, 3]), RuntimeError, "must be sorted in decreasing order"),
        (lambda: pack_padded_sequence(X, [3, 0], enforce_sorted=False), RuntimeError, "greater than 0"),
        (lambda: pack_padded_sequence(X, [4, 2]), ValueError, "a length is 4, but the input has 3 steps"),
        (lambda: pack_padded_sequence(X, [3]), RuntimeError, r"got 1 \(batch_size=2\)"),
        (
            lambda: pack_padded_sequence(X, [3.0, 1.0]),
            TypeError,
            "lengths must be a 1-d list or Tensor of ints",
        ),
        (lambda: pack_padded_sequence(Tensor(np.ones(3)), [3]), ValueError, r"got shape \(3,\)"),
        (lambda: pack_padded_sequence(Tensor(np.ones((3, 0))), []), RuntimeError, "Cannot pack empty"),
        (lambda: pad_packed_sequence(X), TypeError, "must be a PackedSequence, got Tensor"),
        (
            lambda: pad_packed_sequence(pack_padded_sequence(X, [3, 1]), total_length=2),
            ValueError,
            "total_length=2",
        ),
        (lambda: pad_sequence([]), RuntimeError, "empty list"),
        (lambda: pad_sequence([X[0], X[0, 0]]), ValueError, r"sequence 1 has shape \(4,\)"),
        (lambda: pad_sequence([X[0]], padding_side="top"), ValueError, "padding_side"),
        (lambda: unpad_sequence(X, [3, 1, 1]), ValueError, "3 sequences"),
        (lambda: nn.LSTM(3, 4)(pack_padded_sequence(X, [3, 1])), ValueError, "input_size is 3.*is 4"),
        (
            lambda: nn.GRU(4, 2)(pack_padded_sequence(X, [3, 1]), Tensor(np.zeros((1, 3, 2)))),
            ValueError,
            r"h_0 of shape \(1, 2, 2\)",
        ),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
