"""Recurrent layers, PyTorch's: RNN, LSTM, GRU (whole sequences, stacked, one or two
directions; their base class RNNBase) and RNNCell, LSTMCell, GRUCell (one step; RNNCellBase).

Each step is written with autograd's Tensor operations, so it is differentiable (twice) with
no derivative of its own. With ``a = x W_ih^T + b_ih`` (the input's part, computed for every
step at once) and ``b = h W_hh^T + b_hh`` (the hidden state's part):

    RNN   h' = tanh(a + b)                      (or relu)
    LSTM  i, f, g, o = chunks of a + b          c' = s(f) c + s(i) tanh(g)   h' = s(o) tanh(c')
          (with proj_size: h' = (s(o) tanh(c')) W_hr^T, h of size proj_size, c of hidden_size)
    GRU   r, z, n = chunks of a and of b        r = s(a_r + b_r)   z = s(a_z + b_z)
          n = tanh(a_n + r b_n)                 h' = (1 - z) n + z h

where s is the sigmoid. Parameters are named and initialised as PyTorch's: ``weight_ih_l0``,
``weight_hh_l0``, ``bias_ih_l0``, ``bias_hh_l0`` (and ``weight_hr_l0`` with proj_size;
``_reverse`` for the backward direction), each drawn from U(-1/sqrt(hidden_size),
1/sqrt(hidden_size)) in that order, so a seeded model starts from PyTorch's numbers.

A padded batch and a PackedSequence (nn.utils.rnn) run the same loop: over packed rows, step t
on the first batch_sizes[t] sequences (a padded batch has every sequence at every step), so
each sequence's final state is taken at its own last step.
"""

import itertools
import math
import numbers

import numpy as np

from autograd import cat, dtypes, get_default_dtype, stack, zeros

from . import functional as F
from . import init as initializers
from .functional._checks import as_tensor
from .module import Module, Parameter
from .utils.rnn import PackedSequence

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _step(mode, a, h, c, w_hh, b_hh, w_hr=None):
    """One step from the input's part ``a``: the new (h, c) (c is None but for LSTM; a projected
    LSTM's h is projected by w_hr)."""
    b = F.linear(h, w_hh, b_hh)
    if mode == "RNN_TANH":
        return (a + b).tanh(), None
    if mode == "RNN_RELU":
        return F.relu(a + b), None
    if mode == "LSTM":
        i, f, g, o = (a + b).chunk(4, -1)
        c = f.sigmoid() * c + i.sigmoid() * g.tanh()
        h = o.sigmoid() * c.tanh()
        return (h if w_hr is None else F.linear(h, w_hr)), c
    a_r, a_z, a_n = a.chunk(3, -1)
    b_r, b_z, b_n = b.chunk(3, -1)
    r, z = (a_r + b_r).sigmoid(), (a_z + b_z).sigmoid()
    n = (a_n + r * b_n).tanh()
    return (1 - z) * n + z * h, None


def _rows(state, start, stop):
    """Rows start:stop of each Tensor of the state (h, c); c may be None."""
    return tuple(None if s is None else s[start:stop] for s in state)


def _join(parts):
    """The states (h, c) in ``parts`` one after the other (c None but for LSTM), empty ones left out."""
    kept = [p for p in parts if p[0].shape[0]] or parts[:1]
    if len(kept) == 1:
        return kept[0]
    h = cat([p[0] for p in kept])
    return h, (None if kept[0][1] is None else cat([p[1] for p in kept]))


def _recur(mode, a, starts, state, weights, reverse):
    """One direction over packed rows: step t turns rows starts[t]:starts[t+1] of the input's
    part ``a`` and the first n = starts[t+1] - starts[t] rows of the state (h, c) into the
    output's rows starts[t]:starts[t+1]. Forwards, a sequence leaves the running rows after its
    last step, its state set aside; backwards, it joins them at its last step, from its initial
    state. ``weights``: (w_hh, b_hh, w_hr), _step's. Returns the output rows and the final (h, c)
    of every sequence."""
    out = [None] * (len(starts) - 1)
    if not reverse:
        live, ended = state, []
        for t in range(len(out)):
            n = starts[t + 1] - starts[t]
            if n < live[0].shape[0]:
                ended.append(_rows(live, n, None))
                live = _rows(live, 0, n)
            live = _step(mode, a[starts[t] : starts[t + 1]], *live, *weights)
            out[t] = live[0]
        final = _join([live, *reversed(ended)])
    else:
        live = _rows(state, 0, 0)
        for t in reversed(range(len(out))):
            n = starts[t + 1] - starts[t]
            if n > live[0].shape[0]:
                live = _join([live, _rows(state, live[0].shape[0], n)])
            live = _step(mode, a[starts[t] : starts[t + 1]], *live, *weights)
            out[t] = live[0]
        final = _join([live, _rows(state, live[0].shape[0], None)])  # with no steps: the initial state
    rows = cat(out) if out else zeros(0, state[0].shape[-1], dtype=a.dtype)
    return rows, final


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


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters of each layer and direction, the loop over
    time, and the checks of input and hidden state. ``RNNBase(mode, ...)`` (mode "RNN_TANH",
    "RNN_RELU", "LSTM" or "GRU") has PyTorch's parameters, and runs (PyTorch's has no forward)."""

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
        self.proj_size = _size(proj_size, "proj_size", name, minimum=0)
        if self.proj_size and mode != "LSTM":
            raise ValueError(f"{name}: proj_size is for LSTM only, got proj_size={proj_size}")
        if self.proj_size >= self.hidden_size:
            raise ValueError(
                f"{name}: proj_size has to be smaller than hidden_size, got {proj_size} >= {hidden_size}"
            )
        self.bias, self.batch_first = bool(bias), bool(batch_first)
        self.dropout, self.bidirectional = float(dropout), bool(bidirectional)
        dtypes.check_device(device)
        dtype = get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
        gates = GATES[mode] * self.hidden_size
        directions = 2 if self.bidirectional else 1
        self._weight_names, self._flat_weights_names = [], []
        for layer in range(self.num_layers):
            for direction in range(directions):
                width = self.input_size if layer == 0 else self._output_size * directions
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = {"weight_ih": (gates, width), "weight_hh": (gates, self._output_size)}
                if self.bias:
                    shapes.update(bias_ih=(gates,), bias_hh=(gates,))
                if self.proj_size:
                    shapes.update(weight_hr=(self.proj_size, self.hidden_size))
                for kind, shape in shapes.items():
                    setattr(self, kind + suffix, Parameter(np.empty(shape, dtype)))
                    self._flat_weights_names.append(kind + suffix)
                self._weight_names.append(suffix)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def flatten_parameters(self):
        """Accepted for PyTorch code (cuDNN's weight layout); nothing to do on the CPU."""

    @property
    def _flat_weights(self):
        """The parameters in PyTorch's order (``_flat_weights_names``: per layer and direction,
        weight_ih, weight_hh, bias_ih, bias_hh, weight_hr), as d2l's init_seq2seq walks them."""
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters grouped per layer and direction: a list of [weight_ih, weight_hh, ...]."""
        return [[p for p in self._weights(suffix) if p is not None] for suffix in self._weight_names]

    @property
    def _output_size(self):
        """The size of h: proj_size for a projected LSTM, else hidden_size."""
        return self.proj_size or self.hidden_size

    def _weights(self, suffix):
        get = lambda kind: getattr(self, kind + suffix, None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"), get("weight_hr")

    def forward(self, input, hx=None):
        """``output, h_n`` (LSTM: ``output, (h_n, c_n)``) for a padded input or a PackedSequence."""
        name = type(self).__name__
        packed = isinstance(input, PackedSequence)
        x = as_tensor(input.data if packed else input)
        if x.ndim not in ((2,) if packed else (2, 3)):
            size = self.input_size
            want = (
                f"packed data of shape (rows, {size})"
                if packed
                else f"an input of shape (L, N, {size}) (batch_first: N, L, ...) or unbatched (L, {size})"
            )
            raise ValueError(f"{name}: expected {want}, got shape {tuple(x.shape)}")
        if x.shape[-1] != self.input_size:
            raise ValueError(
                f"{name}: input_size is {self.input_size}, but the input's last dimension is "
                f"{x.shape[-1]} (shape {tuple(x.shape)})"
            )
        batched = packed or x.ndim == 3
        if packed:
            batch_sizes = input.batch_sizes.tolist()
            batch = batch_sizes[0] if batch_sizes else 0
        else:
            if not batched:
                x = x.unsqueeze(1)
            elif self.batch_first:
                x = x.transpose(0, 1)
            steps, batch = x.shape[:2]
            batch_sizes = [batch] * steps  # a padded batch: every sequence runs every step
            x = x.reshape(steps * batch, self.input_size)
        h0, c0 = self._initial_state(hx, batch, batched, x.dtype)
        if packed and input.sorted_indices is not None:  # hx is in the batch's order, the rows sorted
            h0 = h0.index_select(1, input.sorted_indices)
            c0 = None if c0 is None else c0.index_select(1, input.sorted_indices)
        rows, h_n, c_n = self._layers(x, batch_sizes, h0, c0)
        if packed:
            if input.unsorted_indices is not None:
                h_n = h_n.index_select(1, input.unsorted_indices)
                c_n = None if c_n is None else c_n.index_select(1, input.unsorted_indices)
            output = PackedSequence(rows, input.batch_sizes, input.sorted_indices, input.unsorted_indices)
        else:
            output = rows.reshape(steps, batch, rows.shape[-1])
            if not batched:
                output, h_n = output.squeeze(1), h_n.squeeze(1)
                c_n = None if c_n is None else c_n.squeeze(1)
            elif self.batch_first:
                output = output.transpose(0, 1)
        return output, ((h_n, c_n) if self.mode == "LSTM" else h_n)

    def _layers(self, x, batch_sizes, h0, c0):
        """Every layer and direction over packed rows ``x``: the last layer's rows and the stacked
        final states (h_n, c_n) (c_n None but for LSTM), in the rows' batch order."""
        starts = [0, *itertools.accumulate(batch_sizes)]
        directions = 2 if self.bidirectional else 1
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(self._weight_names[k])
                a = F.linear(x, w_ih, b_ih)  # the input's part of every step at once
                state = (h0[k], None if c0 is None else c0[k])
                out, (h, c) = _recur(self.mode, a, starts, state, (w_hh, b_hh, w_hr), reverse=direction == 1)
                outputs.append(out)
                h_n.append(h)
                c_n.append(c)
            x = outputs[0] if directions == 1 else cat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, training=True)
        return x, stack(h_n), (stack(c_n) if self.mode == "LSTM" else None)

    def _initial_state(self, hx, batch, batched, dtype):
        """(h0, c0) of shapes (layers * directions, batch, proj_size or hidden_size) and
        (layers * directions, batch, hidden_size); zeros when hx is None."""
        name = type(self).__name__
        shape = ((2 if self.bidirectional else 1) * self.num_layers, batch, self.hidden_size)
        shapes = [shape[:2] + (self._output_size,), shape]
        if hx is None:
            return zeros(*shapes[0], dtype=dtype), (
                zeros(*shape, dtype=dtype) if self.mode == "LSTM" else None
            )
        if self.mode == "LSTM":
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise TypeError(f"{name}: hx must be a pair (h_0, c_0), got {type(hx).__name__}")
            states = [as_tensor(s) for s in hx]
        else:
            states = [as_tensor(hx)]
        for n, s in enumerate(states):
            s = s if batched else s.unsqueeze(1)
            if tuple(s.shape) != shapes[n]:
                want = shapes[n] if batched else (shapes[n][0], shapes[n][2])
                got = tuple(states[n].shape)
                raise ValueError(f"{name}: expected hidden state {'hc'[n]}_0 of shape {want}, got {got}")
            states[n] = s
        return states[0], (states[1] if self.mode == "LSTM" else None)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            s += f", proj_size={self.proj_size}"
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


class RNN(RNNBase):
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


class LSTM(RNNBase):
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


class GRU(RNNBase):
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


class RNNCellBase(Module):
    """One step of RNN, LSTM or GRU: parameters ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``
    of ``num_chunks`` (the gates) times hidden_size rows. The subclasses set ``mode`` (which step
    ``forward`` takes) before calling ``__init__``."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        name = type(self).__name__
        self.input_size = _size(input_size, "input_size", name)
        self.hidden_size = _size(hidden_size, "hidden_size", name)
        self.bias = bool(bias)
        dtypes.check_device(device)
        dtype = get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)
        gates = _size(num_chunks, "num_chunks", name) * self.hidden_size
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


class RNNCell(RNNCellBase):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu), one step."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        self.nonlinearity, self.mode = nonlinearity, _rnn_mode(nonlinearity, "RNNCell")
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)


class LSTMCell(RNNCellBase):
    """One LSTM step: ``h_1, c_1 = cell(input, (h_0, c_0))``."""

    mode = "LSTM"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)


class GRUCell(RNNCellBase):
    """One GRU step: ``h_1 = cell(input, h_0)``."""

    mode = "GRU"

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)
