"""Small top-level PyTorch names that programs use: ``newaxis``, ``as_strided``, the conjugate
and negative bits of a real engine, ``cond``, ``frombuffer``, the deprecated
``set_default_tensor_type``, and the removed ``lstsq``/``matrix_rank``/``symeig``/``eig`` (which
raise PyTorch's RuntimeError, pointing to ``autograd.linalg``)."""

import warnings

import numpy as np

from . import creation, dtypes
from .tensor import Tensor

newaxis = None


_TENSOR_TYPES = {"torch.FloatTensor": dtypes.float32, "torch.DoubleTensor": dtypes.float64}


_warned = False


def set_default_tensor_type(t):
    """Deprecated in PyTorch: set the default float dtype from ``FloatTensor``/``DoubleTensor``
    (or their names ``"torch.FloatTensor"``/``"torch.DoubleTensor"``); warns as PyTorch does."""
    global _warned
    if not _warned:  # once per process, as PyTorch's TORCH_WARN_ONCE
        _warned = True
        warnings.warn(
            "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
            "torch.set_default_dtype() and torch.set_default_device() as alternatives.",
            UserWarning,
            stacklevel=2,
        )
    name = (
        t
        if isinstance(t, str)
        else {creation.FloatTensor: "torch.FloatTensor", creation.DoubleTensor: "torch.DoubleTensor"}.get(t)
    )
    if name not in _TENSOR_TYPES:
        raise TypeError(
            "set_default_tensor_type: only torch.FloatTensor or torch.DoubleTensor (CPU, floating) "
            f"can be the default, got {t!r}"
        )
    dtypes.set_default_dtype(_TENSOR_TYPES[name])


def as_strided(input, size, stride, storage_offset=None):
    """The view ``out[i] = flat[storage_offset + sum_k i_k stride[k]]`` of ``input``'s elements in
    row order; windows may overlap, and the gradient is scatter-added back (through indexing)."""
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(
            f"mismatch in length of strides and shape: size {list(size)}, stride {list(stride)}"
        )
    if any(s < 0 for s in size) or any(s < 0 for s in stride):
        raise RuntimeError(
            f"as_strided: negative sizes or strides are not supported, got size {list(size)} and stride {list(stride)}"
        )
    offset = 0 if storage_offset is None else int(storage_offset)
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    index = np.full(size, offset, dtype=np.int64)
    for k, (n, step) in enumerate(zip(size, stride)):
        index = index + (np.arange(n) * step).reshape((n,) + (1,) * (len(size) - k - 1))
    needed = int(index.max()) + 1 if index.size else 0
    if needed > input.numel():
        raise RuntimeError(
            f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and itemsize "
            f"{input.element_size()} requiring a storage size of {needed * input.element_size()} are out of "
            f"bounds for storage of size {input.numel() * input.element_size()}"
        )
    return input.reshape(-1)[index]


def empty_strided(
    size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False
):
    """A zero-filled Tensor of shape ``size`` (its memory is always row order: ``stride`` is checked, not kept)."""
    if len(tuple(size)) != len(tuple(stride)):
        raise RuntimeError(
            f"mismatch in length of strides and shape: size {list(size)}, stride {list(stride)}"
        )
    return creation.empty(tuple(size), dtype=dtype, device=device, requires_grad=requires_grad)


def resolve_conj(input):
    """``input`` itself: a real Tensor has no lazy conjugate to resolve."""
    return input


resolve_neg = conj = conj_physical = resolve_conj  # a real Tensor is its own conjugate, as in PyTorch


def is_conj(input):
    """False: real Tensors carry no conjugate bit."""
    return False


is_neg = is_conj


def _assert(condition, message):
    """``assert condition, message`` as a function (AssertionError with ``message``)."""
    if not condition:
        raise AssertionError(message)


def is_storage(obj):
    """False: chainrule has no storage objects."""
    return False


def cond(pred, true_fn, false_fn, operands=()):
    """``true_fn(*operands)`` if ``pred`` (a bool or a one-element Tensor) else ``false_fn(*operands)``."""
    if isinstance(pred, Tensor):
        if pred.numel() != 1:
            raise RuntimeError(
                f"cond: expected pred to be a bool or a tensor with a single element, got shape {tuple(pred.shape)}"
            )
        pred = bool(pred.item())
    elif not isinstance(pred, (bool, int, np.bool_)):
        raise RuntimeError(f"cond: expected pred to be a bool or a tensor, got {type(pred).__name__}")
    if not isinstance(operands, (tuple, list)):
        raise RuntimeError(f"cond: expected operands to be a tuple or a list, got {type(operands).__name__}")
    return true_fn(*operands) if pred else false_fn(*operands)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d Tensor sharing the memory of ``buffer`` (an object of the buffer protocol)."""
    dtype = dtypes.as_dtype(dtype)
    length = memoryview(buffer).nbytes
    if length == 0 or offset < 0 or offset >= length:
        raise ValueError(
            f"both buffer length ({length}) and offset ({offset}) must be positive and offset less than length"
        )
    if count <= 0 and count != -1:
        raise ValueError(f"expected 'count' to be -1 or positive, got {count}")
    if count == -1 and (length - offset) % dtype.itemsize:
        raise ValueError(
            f"buffer length ({length - offset} bytes after offset) must be a multiple of element size ({dtype.itemsize})"
        )
    if count != -1 and offset + count * dtype.itemsize > length:
        raise ValueError(
            f"requested buffer length ({count} * {dtype.itemsize} bytes) after offset ({offset} bytes) "
            f"must not be greater than actual buffer length ({length} bytes)"
        )
    t = Tensor._make(np.frombuffer(buffer, dtype=dtype, count=count, offset=offset))
    return t.requires_grad_(True) if requires_grad else t


_REMOVED = "This function was deprecated since version 1.9 and is now removed. "


def lstsq(input, A, *, out=None):
    """Removed in PyTorch 1.9: raises RuntimeError pointing to ``autograd.linalg.lstsq``."""
    raise RuntimeError(
        _REMOVED + "`torch.lstsq` is deprecated in favor of `autograd.linalg.lstsq`, which has reversed "
        "arguments: X, _ = torch.lstsq(B, A).solution[:A.size(1)] should be replaced with "
        "X = autograd.linalg.lstsq(A, B).solution"
    )


def matrix_rank(input, tol=None, symmetric=False, *, out=None):
    """Removed in PyTorch 1.9: raises RuntimeError pointing to ``autograd.linalg.matrix_rank``."""
    raise RuntimeError(
        _REMOVED + "Please use the `autograd.linalg.matrix_rank` function instead. The parameter "
        "'symmetric' was renamed in `autograd.linalg.matrix_rank()` to 'hermitian'."
    )


def symeig(input, eigenvectors=False, upper=True, *, out=None):
    """Removed in PyTorch 1.9: raises RuntimeError pointing to ``autograd.linalg.eigh``/``eigvalsh``."""
    raise RuntimeError(
        _REMOVED + "L, _ = torch.symeig(A, upper=upper) should be replaced with "
        "L = autograd.linalg.eigvalsh(A, UPLO='U' if upper else 'L'), and L, V = torch.symeig(A, "
        "eigenvectors=True) with L, V = autograd.linalg.eigh(A, UPLO='U' if upper else 'L')"
    )


def eig(input, eigenvectors=False, *, e=None, v=None):
    """Removed in PyTorch 1.9: raises RuntimeError pointing to ``autograd.linalg.eig``/``eigvals``."""
    raise RuntimeError(
        _REMOVED + "L, _ = torch.eig(A) should be replaced with L = autograd.linalg.eigvals(A), and "
        "L, V = torch.eig(A, eigenvectors=True) with L, V = autograd.linalg.eig(A)"
    )
