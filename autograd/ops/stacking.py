"""numpy's ways of moving, stacking and splitting, PyTorch's names: movedim (moveaxis),
hstack, vstack (row_stack), dstack, column_stack, and hsplit, vsplit, dsplit.

Each is a permutation, a concatenation or a tensor_split, so none needs a derivative of its own.
"""

import numbers

from ..tensor import Tensor, tensor
from .building import atleast_1d, atleast_2d, atleast_3d
from .checks import dim_index
from .layout import tensor_split
from .shape import Concatenate, Reshape, Transpose


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def movedim(input, source, destination):
    """input with its dimensions ``source`` moved to the places ``destination`` (ints, or
    sequences of one length); the other dimensions keep their order."""
    x = _tensor(input)
    source = list(source) if isinstance(source, (tuple, list)) else [source]
    destination = list(destination) if isinstance(destination, (tuple, list)) else [destination]
    if len(source) != len(destination):
        raise ValueError(f"movedim: source {source} and destination {destination} must name as many dims")
    source = [dim_index(d, x.ndim, "movedim") for d in source]
    destination = [dim_index(d, x.ndim, "movedim") for d in destination]
    for name, dims in (("source", source), ("destination", destination)):
        if len(set(dims)) != len(dims):
            raise ValueError(f"movedim: {name} {dims} repeats a dim")
    if x.ndim == 0:
        return Reshape.apply(x, shape=())
    order = [None] * x.ndim
    for s, d in zip(source, destination):
        order[d] = s
    rest = iter(d for d in range(x.ndim) if d not in source)
    return Transpose.apply(x, axes=tuple(next(rest) if s is None else s for s in order))


def _tensors(tensors, op):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)) or not tensors:
        raise TypeError(f"{op}: tensors must be a non-empty list or tuple of Tensors")
    return [_tensor(t) for t in tensors]


def _join(op, given, at_least, dim=None):
    """The Tensors made at least 1-, 2- or 3-D (``at_least``) and joined along dim."""
    tensors = at_least(*_tensors(given, op))
    tensors = tensors if isinstance(tensors, tuple) else (tensors,)
    dim = (0 if tensors[0].ndim == 1 else 1) if dim is None else dim  # hstack: 1, or 0 for 1-D
    try:
        return Concatenate.apply(*tensors, axis=dim)
    except ValueError:
        shapes = [tuple(_tensor(t).shape) for t in given]
        raise ValueError(f"{op}: Tensors of shapes {shapes} cannot be joined along dim {dim}") from None


def hstack(tensors):
    """The Tensors joined column-wise: along dim 1, or dim 0 if they are 1-D (0-d ones become 1-D)."""
    return _join("hstack", tensors, atleast_1d)


def vstack(tensors):
    """The Tensors joined row-wise along dim 0, each first made at least 2-D ((n,) is (1, n))."""
    return _join("vstack", tensors, atleast_2d, 0)


row_stack = vstack


def dstack(tensors):
    """The Tensors joined depth-wise along dim 2, each first made at least 3-D."""
    return _join("dstack", tensors, atleast_3d, 2)


def column_stack(tensors):
    """The Tensors side by side as columns: 0-d and 1-D ones become (n, 1), then hstack."""
    tensors = _tensors(tensors, "column_stack")
    return hstack([Reshape.apply(t, shape=(t.numel(), 1)) if t.ndim <= 1 else t for t in tensors])


def _split(op, x, indices_or_sections, dim, min_ndim):
    x = _tensor(x)
    if x.ndim < min_ndim:
        raise ValueError(
            f"{op}: needs a Tensor with at least {min_ndim} dimension(s), got shape {tuple(x.shape)}"
        )
    sections = indices_or_sections
    if isinstance(sections, numbers.Integral) and not isinstance(sections, bool):
        if sections <= 0 or x.shape[dim] % sections:
            raise ValueError(
                f"{op}: dim {dim} of shape {tuple(x.shape)} (size {x.shape[dim]}) cannot be split "
                f"into {sections} equal parts"
            )
    return tensor_split(x, sections, dim)


def hsplit(input, indices_or_sections):
    """input cut along dim 1 (dim 0 if 1-D) into equal parts, or at the listed indices."""
    x = _tensor(input)
    return _split("hsplit", x, indices_or_sections, 0 if x.ndim == 1 else 1, 1)


def vsplit(input, indices_or_sections):
    """input cut along dim 0 (of at least 2) into equal parts, or at the listed indices."""
    return _split("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input, indices_or_sections):
    """input cut along dim 2 (of at least 3) into equal parts, or at the listed indices."""
    return _split("dsplit", input, indices_or_sections, 2, 3)
