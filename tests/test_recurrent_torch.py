"""nn.RNN, LSTM, GRU and their cells against PyTorch (float64, 1e-10): the same seeded initial
parameters, outputs, final states, and gradients of input, initial state and every parameter;
dropout between layers draws PyTorch's masks; reprs. Optional: skipped without torch."""

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

TOL = dict(rtol=1e-10, atol=1e-12)


def same(ours, theirs):
    theirs = theirs.detach().numpy()
    assert tuple(ours.shape) == theirs.shape
    np.testing.assert_allclose(np.asarray(ours), theirs, **TOL)


def pair(name, kwargs, seed=3):
    """Our layer and PyTorch's, built after the same seed (so from the same numbers)."""
    torch.manual_seed(seed)
    autograd.manual_seed(seed)
    return getattr(nn, name)(4, 5, **kwargs), getattr(torch.nn, name)(4, 5, dtype=torch.float64, **kwargs)


def _states(state):
    return state if isinstance(state, tuple) else (state,)


CASES = [
    ("RNN", {}),
    ("RNN", {"nonlinearity": "relu", "num_layers": 2}),
    ("LSTM", {}),
    ("LSTM", {"num_layers": 2, "bidirectional": True}),
    ("LSTM", {"batch_first": True, "bias": False}),
    ("LSTM", {"proj_size": 3, "num_layers": 2, "bidirectional": True}),
    ("GRU", {}),
    ("GRU", {"num_layers": 3, "bidirectional": True, "batch_first": True}),
]


@pytest.mark.parametrize("name, kwargs", CASES)
def test_layers_match_torch(rng, name, kwargs):
    ours, theirs = pair(name, kwargs)
    assert repr(ours) == repr(theirs)
    for (n, p), (m, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert n == m
        same(p, q)
    x0 = rng.normal(size=(6, 3, 4))
    hx = [rng.normal(size=tuple(s.shape)) for s in _states(theirs(torch.tensor(x0))[1])]
    x, tx = autograd.Tensor(x0, requires_grad=True), torch.tensor(x0, requires_grad=True)
    states = [autograd.Tensor(s, requires_grad=True) for s in hx]
    tstates = [torch.tensor(s, requires_grad=True) for s in hx]
    out, state = ours(x, tuple(states) if name == "LSTM" else states[0])
    tout, tstate = theirs(tx, tuple(tstates) if name == "LSTM" else tstates[0])
    same(out, tout)
    for s, t in zip(_states(state), _states(tstate)):
        same(s, t)
    w = rng.normal(size=tuple(tout.shape))
    ((out * autograd.Tensor(w)).sum() + sum(s.sum() for s in _states(state))).backward()
    ((tout * torch.tensor(w)).sum() + sum(t.sum() for t in _states(tstate))).backward()
    same(x.grad, tx.grad)
    for s, t in zip(states, tstates):
        same(s.grad, t.grad)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p.grad, q.grad)


@pytest.mark.parametrize(
    "name, kwargs", CASES + [("LSTM", {"proj_size": 3, "num_layers": 2, "bidirectional": True})]
)
def test_flat_weights_and_all_weights_match_torch(name, kwargs):
    """``_flat_weights_names`` / ``_flat_weights`` (d2l's init_seq2seq walks them) and
    ``all_weights`` list PyTorch's parameters in PyTorch's order, and are the parameters themselves."""
    ours, theirs = pair(name, kwargs)
    assert ours._flat_weights_names == theirs._flat_weights_names
    assert [p is getattr(ours, n) for p, n in zip(ours._flat_weights, ours._flat_weights_names)] == [
        True
    ] * len(theirs._flat_weights)
    for p, q in zip(ours._flat_weights, theirs._flat_weights):
        same(p, q)
    assert [len(group) for group in ours.all_weights] == [len(group) for group in theirs.all_weights]
    for group, tgroup in zip(ours.all_weights, theirs.all_weights):
        for p, q in zip(group, tgroup):
            same(p, q)
    for n in ours._flat_weights_names:  # d2l: nn.init.xavier_uniform_(module._parameters[name])
        assert ours._parameters[n] is getattr(ours, n)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_matches_torch(rng, name):
    ours, theirs = pair(name, {"num_layers": 2})
    x0 = rng.normal(size=(5, 4))
    out, state = ours(autograd.tensor(x0))
    tout, tstate = theirs(torch.tensor(x0))
    same(out, tout)
    for s, t in zip(_states(state), _states(tstate)):
        same(s, t)


def test_dropout_between_layers_draws_torchs_masks(rng):
    ours, theirs = pair("LSTM", {"num_layers": 3, "dropout": 0.5}, seed=5)
    x0 = rng.normal(size=(6, 3, 4))
    same(ours(autograd.tensor(x0))[0], theirs(torch.tensor(x0))[0])


@pytest.mark.parametrize("name", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_torch(rng, name):
    ours, theirs = pair(name, {})
    assert repr(ours) == repr(theirs)
    x0 = rng.normal(size=(3, 4))
    x, tx = autograd.Tensor(x0, requires_grad=True), torch.tensor(x0, requires_grad=True)
    out, tout = _states(ours(x)), _states(theirs(tx))
    for s, t in zip(out, tout):
        same(s, t)
    sum(s.sum() for s in out).backward()
    sum(t.sum() for t in tout).backward()
    same(x.grad, tx.grad)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        same(p.grad, q.grad)
    state = tuple(s[0] for s in out) if name == "LSTMCell" else out[0][0]
    tstate = tuple(t[0] for t in tout) if name == "LSTMCell" else tout[0][0]
    for s, t in zip(_states(ours(x[0], state)), _states(theirs(tx[0], tstate))):
        same(s, t)
