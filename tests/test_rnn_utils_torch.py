"""nn.utils.rnn and recurrent layers on packed input against PyTorch (float64, 1e-10): packed
layout, sorting, round trips and their gradients; RNN, LSTM, GRU on a PackedSequence (one or two
directions, stacked, sorted or not, with and without an initial state): outputs, final states and
gradients of input, initial state and every parameter; error messages. Skipped without torch."""

import numpy as np
import pytest

import autograd
import nn
from nn.utils import rnn

torch = pytest.importorskip("torch")
trnn = torch.nn.utils.rnn

TOL = dict(rtol=1e-10, atol=1e-12)


def same(ours, theirs):
    theirs = theirs.detach().numpy()
    assert tuple(ours.shape) == theirs.shape and np.asarray(ours).dtype == theirs.dtype
    np.testing.assert_allclose(np.asarray(ours), theirs, **TOL)


def leaf(array):
    return autograd.tensor(array, requires_grad=True), torch.tensor(array, requires_grad=True)


def same_packed(ours, theirs):
    same(ours.data, theirs.data)
    for a, b in zip(ours[1:], theirs[1:]):
        assert (a is None and b is None) or a.tolist() == b.tolist()
    assert ours.batch_sizes.dtype == np.int64


@pytest.mark.parametrize("lengths", [[4, 4, 2, 1], [1, 4, 2, 4, 3], [3, 3, 3]])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pack_and_pad_match_torch(rng, lengths, batch_first):
    enforce_sorted = lengths == sorted(lengths, reverse=True)
    shape = (4, len(lengths), 2, 3)
    x, tx = leaf(rng.normal(size=shape[1::-1] + shape[2:] if batch_first else shape))
    packed = rnn.pack_padded_sequence(x, lengths, batch_first, enforce_sorted)
    tpacked = trnn.pack_padded_sequence(tx, lengths, batch_first, enforce_sorted)
    same_packed(packed, tpacked)
    padded, back = rnn.pad_packed_sequence(packed, batch_first, padding_value=0.25, total_length=6)
    tpadded, tback = trnn.pad_packed_sequence(tpacked, batch_first, padding_value=0.25, total_length=6)
    same(padded, tpadded)
    same(back, tback)
    w = rng.normal(size=tuple(tpadded.shape))
    (padded * autograd.tensor(w)).sum().backward()
    (tpadded * torch.tensor(w)).sum().backward()
    same(x.grad, tx.grad)


@pytest.mark.parametrize("side", ["right", "left"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pad_sequence_matches_torch(rng, side, batch_first):
    pairs = [leaf(rng.normal(size=(n, 2))) for n in (2, 5, 3)]
    padded = rnn.pad_sequence([p[0] for p in pairs], batch_first, -1.5, side)
    tpadded = trnn.pad_sequence([p[1] for p in pairs], batch_first, -1.5, side)
    same(padded, tpadded)
    w = rng.normal(size=tuple(tpadded.shape))
    (padded * autograd.tensor(w)).sum().backward()
    (tpadded * torch.tensor(w)).sum().backward()
    for ours, theirs in pairs:
        same(ours.grad, theirs.grad)


def test_repr_matches_torch():
    values = [[1, 2], [3], [4, 5, 6]]  # int64 (the default float dtypes differ, and so their printing)
    packed = rnn.pack_sequence([autograd.tensor(v) for v in values], enforce_sorted=False)
    assert repr(packed) == repr(trnn.pack_sequence([torch.tensor(v) for v in values], enforce_sorted=False))


def test_pack_sequence_unpack_sequence_unpad_sequence_match_torch(rng):
    pairs = [leaf(rng.normal(size=(n, 3))) for n in (2, 4, 1)]
    packed = rnn.pack_sequence([p[0] for p in pairs], enforce_sorted=False)
    tpacked = trnn.pack_sequence([p[1] for p in pairs], enforce_sorted=False)
    same_packed(packed, tpacked)
    for ours, theirs in zip(rnn.unpack_sequence(packed), trnn.unpack_sequence(tpacked)):
        same(ours, theirs)
    x0 = rng.normal(size=(4, 3, 2))
    for ours, theirs in zip(
        rnn.unpad_sequence(autograd.tensor(x0), autograd.tensor([2, 4, 1])),
        trnn.unpad_sequence(torch.tensor(x0), torch.tensor([2, 4, 1])),
    ):
        same(ours, theirs)


def _states(state):
    return state if isinstance(state, tuple) else (state,)


CASES = [
    ("RNN", {}, True),
    ("RNN", {"nonlinearity": "relu", "bidirectional": True}, False),
    ("LSTM", {}, True),
    ("LSTM", {}, False),
    ("LSTM", {"num_layers": 2, "bidirectional": True}, False),
    ("LSTM", {"num_layers": 2, "bidirectional": True, "proj_size": 2}, False),
    ("GRU", {"bidirectional": True}, True),
    ("GRU", {"num_layers": 2, "batch_first": True}, False),
]


@pytest.mark.parametrize("initial_state", [False, True])
@pytest.mark.parametrize("name, kwargs, enforce_sorted", CASES)
def test_layers_on_packed_input_match_torch(rng, name, kwargs, enforce_sorted, initial_state):
    torch.manual_seed(3)
    autograd.manual_seed(3)
    ours, theirs = (
        getattr(nn, name)(4, 5, **kwargs),
        getattr(torch.nn, name)(4, 5, dtype=torch.float64, **kwargs),
    )
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    x, tx = leaf(rng.normal(size=(5, 4, 4)))  # (T, B, input_size)
    layers = (2 if kwargs.get("bidirectional") else 1) * kwargs.get("num_layers", 1)
    sizes = [kwargs.get("proj_size") or 5, 5][: 2 if name == "LSTM" else 1]  # h's, c's
    hx = [leaf(rng.normal(size=(layers, 4, size))) for size in sizes] if initial_state else []
    args = [tuple(p[0] for p in hx) if name == "LSTM" else hx[0][0]] if hx else []
    targs = [tuple(p[1] for p in hx) if name == "LSTM" else hx[0][1]] if hx else []
    out, state = ours(rnn.pack_padded_sequence(x, lengths, enforce_sorted=enforce_sorted), *args)
    tout, tstate = theirs(trnn.pack_padded_sequence(tx, lengths, enforce_sorted=enforce_sorted), *targs)
    same_packed(out, tout)
    for s, t in zip(_states(state), _states(tstate)):
        same(s, t)
    padded, tpadded = rnn.pad_packed_sequence(out)[0], trnn.pad_packed_sequence(tout)[0]
    w = rng.normal(size=tuple(tpadded.shape))
    ((padded * autograd.tensor(w)).sum() + sum((s * s).sum() for s in _states(state))).backward()
    ((tpadded * torch.tensor(w)).sum() + sum((t * t).sum() for t in _states(tstate))).backward()
    same(x.grad, tx.grad)
    for ours_h, theirs_h in hx:
        same(ours_h.grad, theirs_h.grad)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p.grad, q.grad)


def test_dropout_between_layers_on_packed_input_draws_torchs_masks(rng):
    torch.manual_seed(5)
    autograd.manual_seed(5)
    ours, theirs = (
        nn.LSTM(4, 5, num_layers=3, dropout=0.5),
        torch.nn.LSTM(4, 5, 3, dropout=0.5, dtype=torch.float64),
    )
    x0, lengths = rng.normal(size=(6, 3, 4)), [2, 6, 4]
    out, _ = ours(rnn.pack_padded_sequence(autograd.tensor(x0), lengths, enforce_sorted=False))
    tout, _ = theirs(trnn.pack_padded_sequence(torch.tensor(x0), lengths, enforce_sorted=False))
    same_packed(out, tout)


@pytest.mark.parametrize(
    "lengths, enforce_sorted",
    [([1, 3], True), ([3, 0], False), ([3], True)],
)
def test_error_messages_hold_torchs(lengths, enforce_sorted):
    with pytest.raises(RuntimeError) as theirs:
        trnn.pack_padded_sequence(torch.ones(3, 2, 1), lengths, enforce_sorted=enforce_sorted)
    with pytest.raises(RuntimeError) as ours:
        rnn.pack_padded_sequence(autograd.ones(3, 2, 1), lengths, enforce_sorted=enforce_sorted)
    assert str(theirs.value) in str(ours.value)
