"""Number types: PyTorch's names for numpy's dtypes, the default float dtype, devices.

Tensors hold numpy arrays, so a dtype here *is* a numpy dtype:
``autograd.float32 == numpy.float32``. The names follow PyTorch
(``float`` is float32, ``double`` float64, ``long`` int64, ``int`` int32).

The default float dtype is what Python floats and float factories
(``zeros``, ``randn``, ``Tensor([...])``) make. It is float64 in chainrule,
so gradients check exactly against finite differences; PyTorch's is float32.
``set_default_dtype(float32)`` gives PyTorch's behaviour.
"""

import builtins
import math

import numpy as np

float16 = half = np.dtype(np.float16)
float32 = float = np.dtype(np.float32)
float64 = double = np.dtype(np.float64)
int8 = np.dtype(np.int8)
int16 = short = np.dtype(np.int16)
int32 = int = np.dtype(np.int32)
int64 = long = np.dtype(np.int64)
uint8 = np.dtype(np.uint8)
bool = np.dtype(np.bool_)

_default = float64


def get_default_dtype():
    """The dtype Python floats and float factories make (float64 unless changed)."""
    return _default


def set_default_dtype(dtype):
    """Make ``dtype`` (float32 or float64, or float16) the default float dtype, as in PyTorch."""
    global _default
    dtype = as_dtype(dtype, "set_default_dtype")
    if dtype.kind != "f":
        raise TypeError(f"set_default_dtype: only floating-point dtypes can be the default, not {dtype}")
    _default = dtype


def as_dtype(dtype, what="dtype"):
    """A numeric numpy dtype from a name or type, or a TypeError saying what was given."""
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError, SyntaxError):
        raise TypeError(
            f"{what}: {dtype!r} is not a dtype (use e.g. autograd.float32, "
            "autograd.int64, 'float64' or numpy's types)"
        ) from None
    if dtype.kind not in "biuf":
        raise TypeError(f"{what}: Tensors hold bool, integer or float numbers, not {dtype}")
    return dtype


class Size(tuple):
    """A shape: a tuple of ints that prints as PyTorch's ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def numel(self):
        """The number of elements of a Tensor of this shape."""
        return math.prod(self)

    def __repr__(self):
        return f"torch.Size({list(self)})"


class device:
    """Where a Tensor lives. chainrule computes on the CPU only: ``device("cuda")`` can be
    named (PyTorch programs test ``torch.device("cuda").index``), but only ``"cpu"`` holds
    Tensors; putting one elsewhere is a clear error (``check_device``)."""

    __slots__ = ("type", "index")
    TYPES = ("cpu", "cuda", "mps", "meta", "xpu")

    def __init__(self, type="cpu", index=None):
        name = str(type)
        self.type, _, number = name.partition(":")
        if self.type not in device.TYPES:
            raise RuntimeError(
                f"device {name!r}: expected one of {', '.join(device.TYPES)}, optionally with ':index'"
            )
        self.index = index if index is not None else (builtins.int(number) if number else None)

    def __repr__(self):
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type='{self.type}'{index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return str(other) == str(self)

    def __hash__(self):
        return hash(str(self))


def check_device(value):
    """Accept None, 'cpu', device('cpu'), or anything whose str is 'cpu'; refuse the rest."""
    if value is not None and device(str(value)).type != "cpu":
        raise RuntimeError(
            f"device {str(value)!r}: chainrule runs on the CPU only (numpy); use "
            "'cpu' (autograd.cuda.is_available() is False)"
        )
