"""What the number types are and how they combine, as PyTorch has it: ``finfo``, ``iinfo``,
``promote_types``, ``result_type``, ``can_cast``.

PyTorch's promotion differs from numpy's in two ways that matter: an integer meeting a float
gives that float (int64 + float32 is float32, int64 + float16 is float16; numpy widens to
float64), and operands rank by kind before size: a Tensor with dimensions decides the type
unless a 0-d Tensor or a Python number is of a higher kind (bool < integer < float), and
within such a higher kind 0-d Tensors come before Python numbers (a Python float is the
default float dtype, a Python int int64).
"""

import builtins
import numbers

import numpy as np

from . import dtypes

_KINDS = {"b": 0, "u": 1, "i": 1, "f": 2}  # bool < integer < float


def _dtype(value, what):
    return dtypes.as_dtype(value, what)


def promote_types(type1, type2):
    """The smallest dtype both convert to without losing their kind (PyTorch's table):
    bool joins anything as the other; an integer and a float give the float; uint8 and a
    signed integer give the larger signed type, at least int16; otherwise the larger."""
    a, b = _dtype(type1, "promote_types"), _dtype(type2, "promote_types")
    if a == b:
        return a
    if _KINDS[a.kind] != _KINDS[b.kind]:
        return a if _KINDS[a.kind] > _KINDS[b.kind] else b
    if a.kind == "f" or a.kind == b.kind:
        return a if a.itemsize >= b.itemsize else b
    signed = a if a.kind == "i" else b  # uint8 with a signed integer
    return signed if signed.itemsize > 1 else dtypes.int16


def _operand_dtype(x, what):
    """``(rank, dtype)``: rank 2 for a Tensor with dimensions, 1 for a 0-d Tensor, 0 for a
    Python number (which takes the default float dtype, int64 or bool)."""
    from .tensor import Tensor

    if isinstance(x, Tensor):
        return (2 if x.ndim else 1), x.dtype
    if isinstance(x, builtins.bool):
        return 0, dtypes.bool
    if isinstance(x, numbers.Integral):
        return 0, dtypes.int64
    if isinstance(x, numbers.Real):
        return 0, dtypes.get_default_dtype()
    raise TypeError(f"{what}: expected Tensors or Python numbers, got {type(x).__name__}")


def result_type(tensor1, tensor2):
    """The dtype of an arithmetic op on these operands (Tensors or Python numbers), by
    PyTorch's rules (see the module's docstring)."""
    ranked = [_operand_dtype(x, "result_type") for x in (tensor1, tensor2)]
    found = {}
    for rank, dtype in ranked:
        found[rank] = dtype if rank not in found else promote_types(found[rank], dtype)
    result = None
    for rank in (2, 1, 0):  # from the strongest operands down; a weaker one counts if of a higher kind
        if rank in found and (result is None or _KINDS[found[rank].kind] > _KINDS[result.kind]):
            result = found[rank]
    return result


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow ``from_`` into ``to``: any size within a kind,
    up in kind, but not float to integer nor anything but bool to bool."""
    a, b = _dtype(from_, "can_cast"), _dtype(to, "can_cast")
    return _KINDS[a.kind] <= _KINDS[b.kind]


class finfo:
    """Facts about a float dtype (the default one without an argument), as Python numbers:
    ``bits``, ``eps`` (1.0's gap to the next float), ``max``, ``min``, ``tiny`` (=
    ``smallest_normal``), ``resolution`` (10^-digits) and ``dtype`` (its name)."""

    def __init__(self, type=None):
        dtype = dtypes.get_default_dtype() if type is None else _dtype(type, "finfo")
        if dtype.kind != "f":
            raise TypeError(f"finfo() requires a floating point dtype, got {dtype}; use iinfo for integers")
        info = np.finfo(dtype)
        self.bits, self.dtype = info.bits, str(dtype)
        self.eps, self.max, self.min = (
            builtins.float(info.eps),
            builtins.float(info.max),
            builtins.float(info.min),
        )
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = 10.0**-info.precision

    def __eq__(self, other):
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __hash__(self):
        return hash(("finfo", self.dtype))

    def __repr__(self):
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
            f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})"
        )


class iinfo:
    """Facts about an integer dtype: ``bits``, ``max``, ``min`` (Python ints) and ``dtype``."""

    def __init__(self, type):
        dtype = _dtype(type, "iinfo")
        if dtype.kind not in "iu":
            raise TypeError(
                f"iinfo() requires an integer dtype (not bool), got {dtype}; use finfo for floats"
            )
        info = np.iinfo(dtype)
        self.bits, self.max, self.min, self.dtype = (
            info.bits,
            builtins.int(info.max),
            builtins.int(info.min),
            str(dtype),
        )

    def __eq__(self, other):
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __hash__(self):
        return hash(("iinfo", self.dtype))

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"
