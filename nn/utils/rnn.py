"""Variable-length sequences for nn.RNN, LSTM and GRU, as PyTorch's ``torch.nn.utils.rnn``.

A batch of B sequences, sorted longest first (lengths l_0 >= l_1 >= ... > 0), is *packed* as
time-major rows: step t holds the ``batch_sizes[t] = #{b : l_b > t}`` sequences still running,

    data = [x_0(0), x_1(0), ..., x_0(1), x_1(1), ...]          shape (l_0 + l_1 + ..., *)

so a recurrent layer runs step t on the first batch_sizes[t] rows of its state and never
computes on padding. An unsorted batch is sorted first (``sorted_indices``, a stable sort of the
lengths, longest first); ``unsorted_indices`` puts the batch back in its order. Padding,
packing and unpacking are each one gather (indexing with an array of row numbers; padding
positions read an appended row of ``padding_value``), so gradients flow through them.
"""

import functools
from collections import namedtuple

import numpy as np

from autograd import Tensor, cat, dtypes, full, tensor

from ..functional._checks import as_tensor

__all__ = [
    "PackedSequence",
    "pad_sequence",
    "pack_padded_sequence",
    "pad_packed_sequence",
    "pack_sequence",
    "unpack_sequence",
    "unpad_sequence",
]

_UNSORTED = (
    "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
    "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement "
    "if you do not need ONNX exportability."
)


class PackedSequence(
    namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])
):
    """A packed batch (the module docstring): ``data`` (sum of lengths, *), ``batch_sizes`` (int64,
    one per step), ``sorted_indices`` (the batch's index of each sorted sequence, or None when the
    batch came sorted) and ``unsorted_indices``, its inverse permutation. Build it with
    ``pack_padded_sequence`` or ``pack_sequence``."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            order = np.asarray(sorted_indices.numpy())
            inverse = np.empty_like(order)
            inverse[order] = np.arange(order.size)
            unsorted_indices = tensor(inverse)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """``data.to(...)`` (dtype or device); the sizes and indices stay int64."""
        data = self.data.to(*args, **kwargs)
        return self if data is self.data else self._replace(data=data)

    float = functools.partialmethod(to, dtypes.float32)
    double = functools.partialmethod(to, dtypes.float64)
    half = functools.partialmethod(to, dtypes.float16)
    cpu = functools.partialmethod(to, "cpu")

    @property
    def is_cuda(self):
        return False


def _lengths(lengths, caller):
    """``lengths`` (a list or 1-d Tensor of ints) as a 1-d int64 array."""
    values = np.asarray(lengths.numpy() if isinstance(lengths, Tensor) else lengths)
    if values.ndim != 1 or not (values.size == 0 or np.issubdtype(values.dtype, np.integer)):
        raise TypeError(
            f"{caller}: lengths must be a 1-d list or Tensor of ints, got {values.dtype} of shape {values.shape}"
        )
    return values.astype(np.int64)


def _padding_row(data, padding_value):
    """``data`` with one more row, of ``padding_value``: the row that padded positions gather."""
    return cat([data, full((1, *data.shape[1:]), padding_value, dtype=data.dtype)])


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of shapes (L_i, *) into one (T, B, *) Tensor, T = max L_i ((B, T, *) with
    batch_first), padded with ``padding_value`` after each sequence (or before, padding_side="left")."""
    if padding_side not in ("right", "left"):
        raise ValueError(f"pad_sequence: padding_side must be 'right' or 'left', got {padding_side!r}")
    sequences = [as_tensor(s) for s in sequences]
    if not sequences:
        raise RuntimeError("pad_sequence: received an empty list of sequences")
    for i, s in enumerate(sequences):
        if s.ndim == 0 or s.shape[1:] != sequences[0].shape[1:]:
            raise ValueError(
                f"pad_sequence: every sequence must have shape (L, *{tuple(sequences[0].shape[1:])}), "
                f"but sequence {i} has shape {tuple(s.shape)}"
            )
    sizes = np.array([s.shape[0] for s in sequences])
    starts = np.cumsum(sizes) - sizes
    steps = np.arange(sizes.max())[:, None]  # (T, 1)
    first = 0 if padding_side == "right" else sizes.max() - sizes  # the step of each sequence's start
    inside = (steps >= first) & (steps < first + sizes)
    index = np.where(inside, starts + steps - first, sizes.sum())  # (T, B): a row, or the padding row
    padded = _padding_row(cat(sequences), padding_value)[index.T if batch_first else index]
    return padded


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) ((B, T, *) with batch_first) of sequences of ``lengths``:
    longest first, unless enforce_sorted=False (then sorted here, and unsorted by the unpacking)."""
    x = as_tensor(input)
    shape = tuple(x.shape)
    if x.ndim < 2:
        raise ValueError(
            f"pack_padded_sequence: input must be (T, B, *), or (B, T, *) with batch_first, got shape {shape}"
        )
    x = x.transpose(0, 1) if batch_first else x
    steps, batch = x.shape[:2]
    lengths = _lengths(lengths, "pack_padded_sequence")
    if batch == 0:
        raise RuntimeError(f"pack_padded_sequence: Cannot pack empty tensors (input shape {shape})")
    if len(lengths) != batch:
        raise RuntimeError(
            f"pack_padded_sequence: Expected `len(lengths)` to be equal to batch_size, but got "
            f"{len(lengths)} (batch_size={batch})"
        )
    if lengths.min() <= 0:
        raise RuntimeError(
            "pack_padded_sequence: Length of all samples has to be greater than 0, but found an "
            f"element in 'lengths' that is <= 0 (lengths {lengths.tolist()})"
        )
    if enforce_sorted and np.any(lengths[1:] > lengths[:-1]):
        raise RuntimeError(f"pack_padded_sequence: {_UNSORTED}")
    if lengths.max() > steps:
        raise ValueError(
            f"pack_padded_sequence: a length is {lengths.max()}, but the input has {steps} steps "
            f"(shape {shape}, batch_first={bool(batch_first)})"
        )
    order = np.arange(batch) if enforce_sorted else np.argsort(-lengths, kind="stable")
    batch_sizes = (lengths[:, None] > np.arange(lengths.max())).sum(0)
    # step t takes the first batch_sizes[t] sorted sequences: rows t * B + order[:batch_sizes[t]]
    index = np.concatenate([t * batch + order[:n] for t, n in enumerate(batch_sizes)])
    data = x.reshape(steps * batch, *x.shape[2:])[index]
    return PackedSequence(data, tensor(batch_sizes), None if enforce_sorted else tensor(order))


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo pack_padded_sequence: ``(padded, lengths)``, padded (T, B, *) ((B, T, *) with
    batch_first) in the batch's original order, T = the longest length (or total_length)."""
    if not isinstance(sequence, PackedSequence):
        raise TypeError(
            f"pad_packed_sequence: sequence must be a PackedSequence, got {type(sequence).__name__}"
        )
    sizes = np.asarray(sequence.batch_sizes.numpy(), dtype=np.int64)
    steps = len(sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "pad_packed_sequence: Expected total_length to be at least the length of the longest "
                f"sequence in input, but got total_length={total_length} and max sequence length being {steps}"
            )
        steps = total_length
    batch = int(sizes[0]) if len(sizes) else 0
    sizes = np.concatenate([sizes, np.zeros(steps - len(sizes), np.int64)])
    # column j of the result is sorted sequence place[j]; step t of it is row starts[t] + place[j]
    place = np.arange(batch) if sequence.unsorted_indices is None else sequence.unsorted_indices.numpy()
    starts = np.cumsum(sizes) - sizes
    index = np.where(place < sizes[:, None], starts[:, None] + place, sizes.sum())  # (T, B)
    padded = _padding_row(sequence.data, padding_value)[index.T if batch_first else index]
    lengths = (sizes[:, None] > place).sum(0)
    return padded, tensor(lengths)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of sequences of shapes (L_i, *): ``pack_padded_sequence(pad_sequence(...))``."""
    sequences = [as_tensor(s) for s in sequences]
    lengths = [s.shape[0] if s.ndim else 0 for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences (L_i, *) in a PackedSequence, in the batch's original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return [padded[b, :n] for b, n in enumerate(lengths.tolist())]


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of sequences (L_i, *) in a padded batch (T, B, *) ((B, T, *) with batch_first)."""
    x = as_tensor(padded_sequences)
    lengths = _lengths(lengths, "unpad_sequence")
    if x.ndim < 2 or len(lengths) != x.shape[0 if batch_first else 1]:
        raise ValueError(
            f"unpad_sequence: expected a padded batch of {len(lengths)} sequences (lengths {lengths.tolist()}), "
            f"got shape {tuple(x.shape)} (batch_first={bool(batch_first)})"
        )
    x = x if batch_first else x.transpose(0, 1)
    return [x[b, :n] for b, n in enumerate(lengths.tolist())]
