"""nn.RNN, LSTM, GRU and their cells: shapes, parameters, first and second derivatives against
finite differences (float64; through the input, the initial state and every weight), errors."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn.recurrent import _step

LAYERS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def var(rng, shape):
    return Tensor(rng.uniform(-1, 1, size=shape), requires_grad=True)


@pytest.mark.parametrize("name", sorted(LAYERS))
@pytest.mark.parametrize(
    "kwargs", [{}, {"num_layers": 2, "bidirectional": True}, {"batch_first": True}, {"bias": False}]
)
def test_shapes_and_parameter_names(name, kwargs):
    layer = LAYERS[name](3, 4, **kwargs)
    layers, directions = kwargs.get("num_layers", 1), 2 if kwargs.get("bidirectional") else 1
    x = Tensor(np.ones((2, 5, 3)))  # (L, N) = (2, 5), or (N, L) with batch_first
    out, state = layer(x)
    assert out.shape == (2, 5, 4 * directions)
    h = state[0] if name == "LSTM" else state
    assert h.shape == (layers * directions, 2 if kwargs.get("batch_first") else 5, 4)
    names = [n for n, _ in layer.named_parameters()]
    assert names[:2] == ["weight_ih_l0", "weight_hh_l0"] and len(names) == layers * directions * (
        4 if kwargs.get("bias", True) else 2
    )
    assert ("weight_ih_l0_reverse" in names) == (directions == 2)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_unbatched_input_gives_the_batch_of_one(name):
    layer = LAYERS[name](3, 4, num_layers=2)
    x = np.random.default_rng(0).normal(size=(5, 3))
    out, state = layer(Tensor(x))
    batched, batched_state = layer(Tensor(x[:, None]))
    np.testing.assert_allclose(out.numpy(), batched.numpy()[:, 0])
    h, h1 = (state[0], batched_state[0]) if name == "LSTM" else (state, batched_state)
    assert h.shape == (2, 4)
    np.testing.assert_allclose(h.numpy(), h1.numpy()[:, 0])


@pytest.mark.parametrize("mode", ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"])
def test_step_derivatives(rng, mode):
    gates = nn.recurrent.GATES[mode] * 3
    a, h, c = var(rng, (2, gates)), var(rng, (2, 3)), var(rng, (2, 3))
    w_hh, b_hh = var(rng, (gates, 3)), var(rng, (gates,))

    def step(a, h, c, w_hh, b_hh):
        new_h, new_c = _step(mode, a, h, c, w_hh, b_hh)
        return new_h if new_c is None else (new_h, new_c)

    inputs = (a, h, c, w_hh, b_hh)
    assert gradcheck(step, inputs) and gradgradcheck(step, inputs)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_sequence_derivatives_through_input_and_initial_state(rng, name):
    autograd.manual_seed(0)
    layer = LAYERS[name](2, 3, num_layers=2, bidirectional=True)
    x, h0, c0 = var(rng, (3, 2, 2)), var(rng, (4, 2, 3)), var(rng, (4, 2, 3))
    if name == "LSTM":
        fn, inputs = (lambda x, h0, c0: layer(x, (h0, c0))[0]), (x, h0, c0)
    else:
        fn, inputs = (lambda x, h0: layer(x, h0)[0]), (x, h0)
    assert gradcheck(fn, inputs) and gradgradcheck(fn, inputs)


def test_projected_lstm_derivatives(rng):
    autograd.manual_seed(0)
    layer = nn.LSTM(2, 3, num_layers=2, bidirectional=True, proj_size=2)
    assert [n for n, _ in layer.named_parameters()][4] == "weight_hr_l0"
    x, h0, c0 = var(rng, (3, 2, 2)), var(rng, (4, 2, 2)), var(rng, (4, 2, 3))

    def fn(x, h0, c0):
        out, (h_n, c_n) = layer(x, (h0, c0))
        return out, h_n, c_n

    assert [t.shape for t in fn(x, h0, c0)] == [(3, 2, 4), (4, 2, 2), (4, 2, 3)]
    assert gradcheck(fn, (x, h0, c0)) and gradgradcheck(fn, (x, h0, c0))


@pytest.mark.parametrize("cls", [nn.RNNCell, nn.LSTMCell, nn.GRUCell])
def test_cells_are_one_step_of_the_layer(rng, cls):
    name = cls.__name__[:-4]
    cell, layer = cls(3, 4), LAYERS[name](3, 4)
    layer.load_state_dict({f"{k}_l0": v for k, v in cell.state_dict().items()})
    x = rng.normal(size=(2, 3))
    out = cell(Tensor(x))
    h = out[0] if name == "LSTM" else out
    np.testing.assert_allclose(h.numpy(), layer(Tensor(x[None]))[0].numpy()[0])
    single = cell(Tensor(x[0]))
    assert (single[0] if name == "LSTM" else single).shape == (4,)


def test_dtype_and_device_keywords():
    layer = nn.LSTM(3, 4, dtype=autograd.float32, device="cpu")
    assert {p.dtype for p in layer.parameters()} == {np.dtype(np.float32)}
    out, _ = layer(Tensor(np.ones((2, 1, 3), np.float32)))
    assert out.dtype == np.float32
    assert nn.GRUCell(3, 4, dtype=autograd.float32).weight_ih.dtype == np.float32


def test_dropout_between_layers_only_when_training():
    layer = nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = Tensor(np.ones((2, 1, 3)))
    layer.eval()
    first, second = layer(x)[0], layer(x)[0]
    np.testing.assert_array_equal(first.numpy(), second.numpy())
    layer.train()
    autograd.manual_seed(1)
    a = layer(x)[0]
    autograd.manual_seed(2)
    assert not np.array_equal(a.numpy(), layer(x)[0].numpy())


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.LSTM(3, 4)(Tensor(np.ones((2, 1, 5)))), ValueError, "input_size is 3.*is 5"),
        (lambda: nn.LSTM(3, 4)(Tensor(np.ones((2, 3, 1, 3)))), ValueError, r"shape \(2, 3, 1, 3\)"),
        (
            lambda: nn.GRU(3, 4)(Tensor(np.ones((2, 1, 3))), Tensor(np.ones((2, 1, 4)))),
            ValueError,
            r"\(1, 1, 4\)",
        ),
        (lambda: nn.LSTM(3, 4)(Tensor(np.ones((2, 1, 3))), Tensor(np.ones((1, 1, 4)))), TypeError, "pair"),
        (lambda: nn.LSTM(3, 4, proj_size=4), ValueError, "proj_size has to be smaller than hidden_size"),
        (lambda: nn.LSTM(3, 4, proj_size=-1), ValueError, "proj_size must be an int >= 0"),
        (
            lambda: nn.LSTM(3, 4, proj_size=2)(Tensor(np.ones((2, 1, 3))), (Tensor(np.ones((1, 1, 4))),) * 2),
            ValueError,
            r"h_0 of shape \(1, 1, 2\)",
        ),
        (lambda: nn.RNN(3, 4, nonlinearity="sigmoid"), ValueError, "RNN: nonlinearity"),
        (lambda: nn.RNNCell(3, 4, nonlinearity="gelu"), ValueError, "RNNCell: nonlinearity"),
        (lambda: nn.RNN(0, 4), ValueError, "input_size"),
        (lambda: nn.GRU(3, 4, num_layers=1.5), ValueError, "num_layers"),
        (lambda: nn.GRU(3, 4, dropout=2), ValueError, "dropout"),
        (lambda: nn.LSTMCell(3, 4)(Tensor(np.ones((2, 4)))), ValueError, r"\(N, 3\)"),
        (lambda: nn.GRUCell(3, 4)(Tensor(np.ones((2, 3))), Tensor(np.ones((2, 3)))), ValueError, r"\(2, 4\)"),
        (lambda: nn.LSTMCell(3, 4)(Tensor(np.ones((2, 3))), (Tensor(np.ones((2, 4))),)), TypeError, "pair"),
        (lambda: nn.LSTM(3, 4, device="cuda"), RuntimeError, "CPU only"),
        (lambda: nn.GRUCell(3, 4, device="cuda"), RuntimeError, "CPU only"),
    ],
)
def test_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_flat_weights_name_every_parameter_in_order(name):
    layer = getattr(nn, name)(3, 4, num_layers=2, bidirectional=True)
    assert layer._flat_weights_names == [n for n, _ in layer.named_parameters()]
    assert all(p is q for p, q in zip(layer._flat_weights, layer.parameters()))
    assert [len(group) for group in layer.all_weights] == [4] * 4
