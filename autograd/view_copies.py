"""PyTorch's ``*_copy`` functions: the view op's result as a Tensor of its own (``clone`` of the
view), so writing to it leaves the input alone; gradients flow as through the view.
``out=`` writes the result into a given Tensor (a list of Tensors for the splitting ones)."""

from . import inplace
from .functions import _with_out
from .tensor import Tensor

__all__ = [
    "diagonal_copy",
    "expand_copy",
    "narrow_copy",
    "permute_copy",
    "select_copy",
    "slice_copy",
    "split_copy",
    "split_with_sizes_copy",
    "squeeze_copy",
    "t_copy",
    "transpose_copy",
    "unbind_copy",
    "unfold_copy",
    "unsqueeze_copy",
    "view_copy",
]


def _input(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    return input


@_with_out
def diagonal_copy(input, offset=0, dim1=0, dim2=1):
    """``input.diagonal(offset, dim1, dim2).clone()``."""
    return _input(input, "diagonal_copy").diagonal(offset, dim1, dim2).clone()


@_with_out
def expand_copy(input, size, *, implicit=False):
    """``input.expand(size).clone()`` (``implicit`` is accepted and ignored, as PyTorch's)."""
    return _input(input, "expand_copy").expand(size).clone()


@_with_out
def narrow_copy(input, dim, start, length):
    """``input.narrow(dim, start, length).clone()``."""
    return _input(input, "narrow_copy").narrow(dim, start, length).clone()


@_with_out
def permute_copy(input, dims):
    """``input.permute(dims).clone()``."""
    return _input(input, "permute_copy").permute(dims).clone()


@_with_out
def select_copy(input, dim, index):
    """``input.select(dim, index).clone()``."""
    return _input(input, "select_copy").select(dim, index).clone()


@_with_out
def slice_copy(input, dim=0, start=None, end=None, step=1):
    """``input[..., start:end:step, ...]`` along ``dim``, cloned (bounds clamped as Python's)."""
    input = _input(input, "slice_copy")
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    dim = dim + input.ndim if dim < 0 else dim
    if not 0 <= dim < max(input.ndim, 1):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-input.ndim}, {input.ndim - 1}], but got {dim})"
        )
    return input[(slice(None),) * dim + (slice(start, end, step),)].clone()


def _pieces(name, input, pieces, out):
    """Clones of ``pieces``; with ``out`` (a list of Tensors of their shapes) written into it."""
    if out is None:
        return [piece.clone() for piece in pieces]
    inplace.into(list(out), name, lambda: tuple(piece.clone() for piece in pieces), (input,))
    return None


def split_copy(input, split_size, dim=0, *, out=None):
    """``[t.clone() for t in input.split(split_size, dim)]``."""
    return _pieces("split_copy", input, _input(input, "split_copy").split(split_size, dim), out)


def split_with_sizes_copy(input, split_sizes, dim=0, *, out=None):
    """``[t.clone() for t in input.split(split_sizes, dim)]`` for a list of sizes."""
    pieces = _input(input, "split_with_sizes_copy").split(list(split_sizes), dim)
    return _pieces("split_with_sizes_copy", input, pieces, out)


def unbind_copy(input, dim=0, *, out=None):
    """``[t.clone() for t in input.unbind(dim)]``."""
    return _pieces("unbind_copy", input, _input(input, "unbind_copy").unbind(dim), out)


@_with_out
def squeeze_copy(input, dim=None):
    """``input.squeeze(dim).clone()``."""
    return _input(input, "squeeze_copy").squeeze(dim).clone()


@_with_out
def t_copy(input):
    """``input.t().clone()``."""
    return _input(input, "t_copy").t().clone()


@_with_out
def transpose_copy(input, dim0, dim1):
    """``input.transpose(dim0, dim1).clone()``."""
    return _input(input, "transpose_copy").transpose(dim0, dim1).clone()


@_with_out
def unfold_copy(input, dimension, size, step):
    """``input.unfold(dimension, size, step).clone()``."""
    return _input(input, "unfold_copy").unfold(dimension, size, step).clone()


@_with_out
def unsqueeze_copy(input, dim):
    """``input.unsqueeze(dim).clone()``."""
    return _input(input, "unsqueeze_copy").unsqueeze(dim).clone()


@_with_out
def view_copy(input, size):
    """``input.view(size).clone()`` (``size`` a shape, or a dtype to view the bytes as)."""
    return _input(input, "view_copy").view(size).clone()
