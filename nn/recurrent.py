"""Recurrent layers, PyTorch's: RNN, LSTM, GRU (whole sequences, stacked, one or two
directions) and RNNCell, LSTMCell, GRUCell (one step).

Each step is written with autograd's Tensor operations, so it is differentiable (twice) with
no derivative of its own. With ``a = x W_ih^T + b_ih`` (the input's part, computed for every
step at once) and ``b = h W_hh^T + b_hh`` (the hidden state's part):

    RNN   h' = tanh(a + b)                      (or relu)
    LSTM  i, f, g, o = chunks of a + b          c' = s(f) c + s(i) tanh(g)   h' = s(o) tanh(c')
    GRU   r, z, n = chunks of a and of b        r = s(a_r + b_r)   z = s(a_z + b_z)
          n = tanh(a_n + r b_n)                 h' = (1 - z) n + z h

where s is the sigmoid. Parameters are named and initialised as PyTorch's: ``weight_ih_l0``,
``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0`` (``_reverse`` for the backward direction),
each drawn from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) in that order, so a seeded
model starts from PyTorch's numbers. Not here: packed sequences and LSTM's ``proj_size``.
"""

import math
import numbers

import numpy as np

from autograd import cat, dtypes, get_default_dtype, stack, zeros

from . import functional as F
from . import init as initializers
from .functional._checks import as_tensor
from .module import Module, Parameter

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]

GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _step(mode, a, h, c, w_hh, b_hh):
    """One step from the input's part ``a``: the new (h, c) (c is None but for LSTM)."""
    b = F.linear(h, w_hh, b_hh)
    if mode == "RNN_TANH":
        return (a + b).tanh(), None
    if mode == "RNN_RELU":
        return F.relu(a + b), None
    if mode == "LSTM":
        i, f, g, o = (a + b).chunk(4, -1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        return o.sigmoid() * c.tanh(), c
    a_r, a_z, a_n = a.chunk(3, -1)
    b_r, b_z, b_n = b.chunk(3, -1)
    r, z = (a_r + b_r).sigmoid(), (a_z + b_z).sigmoid()
    n = (a_n + r * b_n).tanh()
    return (1 - z) * n + z * h, None


def _size(value, name, owner, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{owner}: {name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def _rnn_mode(nonlinearity, owner):
    """The mode of an Elman RNN or RNNCell, "RNN_TANH" or "RNN_RELU" (GATES' key)."""
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"{owner}: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
    return "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"


def _uniform_init(module):
    """PyTorch's init for every recurrent layer: U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
    bound = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for weight in module.parameters():
        initializers.uniform_(weight, -bound, bound)


class _RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters of each layer and direction, the loop over
    time, and the checks of input and hidden state."""

    def __init__(
        self,
        mode,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__()
        name = type(self).__name__
        self.mode = mode
        self.input_size = _size(input_size, "input_size", name)
        self.hidden_size = _size(hidden_size, "hidden_size", name)
        self.num_layers = _size(num_layers, "num_layers", name)
        if isinstance(dropout, bool) or not isinstance(dropout, numbers.Real) or not 0 <= dropout <= 1:
            raise ValueError(f"{name}: dropout must be a number in [0, 1], got {dropout!r}")
        if proj_size != 0:
            raise ValueError(f"{name}: proj_size is not supported (chainrule has no projected LSTM)")
        self.bias, self.batch_first = bool(bias), bool(batch_first)
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bool(bidirectional), 0
        dtypes.check_device(device)
        dtype = get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
        gates = GATES[mode] * self.hidden_size
        directions = 2 if self.bidirectional else 1
        self._weight_names = []
        for layer in range(self.num_layers):
            for direction in range(directions):
                width = self.input_size if layer == 0 else self.hidden_size * directions
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = {"weight_ih": (gates, width), "weight_hh": (gates, self.hidden_size)}
                if self.bias:
                    shapes.update(bias_ih=(gates,), bias_hh=(gates,))
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix, Parameter(np.empty(shape, dtype)))
                self._weight_names.append(suffix)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def flatten_parameters(self):
        """Accepted for PyTorch code (cuDNN's weight layout); nothing to do on the CPU."""

    def _weights(self, suffix):
        get = lambda kind: getattr(self, kind + suffix, None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")

    def forward(self, input, hx=None):
        name = type(self).__name__
        x = as_tensor(input)
        if x.ndim not in (2, 3):
            raise ValueError(
                f"{name}: expected an input of shape (L, N, {self.input_size}) (batch_first: N, L, ...) "
                f"or unbatched (L, {self.input_size}), got shape {tuple(x.shape)}"
            )
        if x.shape[-1] != self.input_size:
            raise ValueError(
                f"{name}: input_size is {self.input_size}, but the input's last dimension is "
                f"{x.shape[-1]} (shape {tuple(x.shape)})"
            )
        batched = x.ndim == 3
        if not batched:
            x = x.unsqueeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        h0, c0 = self._initial_state(hx, x, batched)
        directions = 2 if self.bidirectional else 1
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                w_ih, w_hh, b_ih, b_hh = self._weights(self._weight_names[k])
                a = F.linear(x, w_ih, b_ih)  # the input's part of every step at once
                h, c = h0[k], None if c0 is None else c0[k]
                steps = range(x.shape[0] - 1, -1, -1) if direction else range(x.shape[0])
                out = [None] * x.shape[0]
                for t in steps:
                    h, c = _step(self.mode, a[t], h, c, w_hh, b_hh)
                    out[t] = h
                outputs.append(stack(out) if out else zeros(0, x.shape[1], self.hidden_size, dtype=x.dtype))
                h_n.append(h)
                c_n.append(c)
            x = outputs[0] if directions == 1 else cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, training=True)
        h_n = stack(h_n)
        c_n = stack(c_n) if self.mode == "LSTM" else None
        if not batched:
            x, h_n = x.squeeze(1), h_n.squeeze(1)
            c_n = None if c_n is None else c_n.squeeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        return x, ((h_n, c_n) if self.mode == "LSTM" else h_n)

    def _initial_state(self, hx, x, batched):
        """(h0, c0) of shape (layers * directions, N, hidden_size); zeros when hx is None."""
        name = type(self).__name__
        shape = ((2 if self.bidirectional else 1) * self.num_layers, x.shape[1], self.hidden_size)
        if hx is None:
            h0 = zeros(*shape, dtype=x.dtype)
            return h0, (h0 if self.mode == "LSTM" else None)
        if self.mode == "LSTM":
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise TypeError(f"{name}: hx must be a pair (h_0, c_0), got {type(hx).__name__}")
            states = [as_tensor(s) for s in hx]
        else:
            states = [as_tensor(hx)]
        for n, s in enumerate(states):
            s = s if batched else s.unsqueeze(1)
            if tuple(s.shape) != shape:
                want = shape if batched else (shape[0], shape[2])
                got = tuple(states[n].shape)
                raise ValueError(f"{name}: expected hidden state {'hc'[n]}_0 of shape {want}, got {got}")
            states[n] = s
        return states[0], (states[1] if self.mode == "LSTM" else None)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if not self.bias:
            s += ", bias=False"
        if self.batch_first:
            s += ", batch_first=True"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional:
            s += ", bidirectional=True"
        return s


class RNN(_RNNBase):
    """An Elman network, h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu), over a sequence:
    ``output, h_n = rnn(input, h_0)``; input (L, N, input_size), or (N, L, ...) with batch_first."""

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        nonlinearity="tanh",
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        device=None,
        dtype=None,
    ):
        self.nonlinearity = nonlinearity
        super().__init__(
            _rnn_mode(nonlinearity, "RNN"),
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            device,
            dtype,
        )


class LSTM(_RNNBase):
    """Long short-term memory over a sequence (the gates in the module docstring):
    ``output, (h_n, c_n) = lstm(input, (h_0, c_0))``."""

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        proj_size=0,
        device=None,
        dtype=None,
    ):
        super().__init__(
            "LSTM",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
            device,
            dtype,
        )


class GRU(_RNNBase):
    """Gated recurrent units over a sequence (the gates in the module docstring):
    ``output, h_n = gru(input, h_0)``."""

    def __init__(
        self,
        input_size,
        hidden_size,
        num_layers=1,
        bias=True,
        batch_first=False,
        dropout=0.0,
        bidirectional=False,
        device=None,
        dtype=None,
    ):
        super().__init__(
            "GRU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            0,
            device,
            dtype,
        )


class _CellBase(Module):
    """One step of RNN, LSTM or GRU: parameters ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``."""

    def __init__(self, mode, input_size, hidden_size, bias, device=None, dtype=None):
        super().__init__()
        name = type(self).__name__
        self.mode = mode
        self.input_size = _size(input_size, "input_size", name)
        self.hidden_size = _size(hidden_size, "hidden_size", name)
        self.bias = bool(bias)
        dtypes.check_device(device)
        dtype = get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
        gates = GATES[mode] * self.hidden_size
        self.weight_ih = Parameter(np.empty((gates, self.input_size), dtype))
        self.weight_hh = Parameter(np.empty((gates, self.hidden_size), dtype))
        if self.bias:
            self.bias_ih = Parameter(np.empty(gates, dtype))
            self.bias_hh = Parameter(np.empty(gates, dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def _states(self, input, hx):
        """input as (N, input_size), hx as a list of (N, hidden_size) states (zeros if None)."""
        name = type(self).__name__
        x = as_tensor(input)
        if x.ndim not in (1, 2) or x.shape[-1] != self.input_size:
            raise ValueError(
                f"{name}: expected an input of shape (N, {self.input_size}) or ({self.input_size},), "
                f"got shape {tuple(x.shape)}"
            )
        batched = x.ndim == 2
        x = x if batched else x.unsqueeze(0)
        count = 2 if self.mode == "LSTM" else 1
        if hx is None:
            states = [zeros(x.shape[0], self.hidden_size, dtype=x.dtype)] * count
        else:
            states = list(hx) if self.mode == "LSTM" else [hx]
            if len(states) != count:
                raise TypeError(f"{name}: hx must be a pair (h, c), got {len(states)} Tensor(s)")
            states = [as_tensor(s) if batched else as_tensor(s).unsqueeze(0) for s in states]
            for s in states:
                if tuple(s.shape) != (x.shape[0], self.hidden_size):
                    want = (x.shape[0], self.hidden_size) if batched else (self.hidden_size,)
                    got = tuple(s.shape) if batched else tuple(s.shape[1:])
                    raise ValueError(f"{name}: expected a hidden state of shape {want}, got {got}")
        return x, states, batched

    def forward(self, input, hx=None):
        x, states, batched = self._states(input, hx)
        a = F.linear(x, self.weight_ih, self.bias_ih)
        h, c = _step(self.mode, a, states[0], states[-1], self.weight_hh, self.bias_hh)
        if not batched:
            h, c = h.squeeze(0), (None if c is None else c.squeeze(0))
        return (h, c) if self.mode == "LSTM" else h

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class RNNCell(_CellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu), one step."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        self.nonlinearity = nonlinearity
        super().__init__(_rnn_mode(nonlinearity, "RNNCell"), input_size, hidden_size, bias, device, dtype)


class LSTMCell(_CellBase):
    """One LSTM step: ``h_1, c_1 = cell(input, (h_0, c_0))``."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, bias, device, dtype)


class GRUCell(_CellBase):
    """One GRU step: ``h_1 = cell(input, h_0)``."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, bias, device, dtype)
