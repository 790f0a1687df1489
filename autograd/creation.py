"""Ways to make Tensors: filled, ranges, identity, from numpy, ``*_like``.

Sizes come in PyTorch's forms: ``zeros(2, 3)``, ``zeros((2, 3))``,
``zeros(size=(2, 3))``. Float factories make the default float dtype
(``autograd.get_default_dtype()``); ``arange`` with integer arguments makes
int64. Every factory takes ``dtype=``, ``device=`` ("cpu") and
``requires_grad=``. The random ones are in ``autograd.random``.
"""

import math
import numbers
import warnings

import numpy as np

from . import dtypes
from .tensor import Tensor, _as_array, _python_number, _sizes


def _size(size, keyword, name):
    if keyword is not None:
        if size:
            raise TypeError(f"{name}: give the size positionally or as size=, not both")
        size = (keyword,)
    return _sizes(size, name)


def _make(array, device, requires_grad):
    dtypes.check_device(device)
    t = Tensor._make(array)
    return t.requires_grad_(True) if requires_grad else t


def _float_dtype(dtype):
    return dtypes.get_default_dtype() if dtype is None else dtypes.as_dtype(dtype)


def zeros(*size, dtype=None, device=None, requires_grad=False, **keywords):
    """A Tensor of zeros."""
    shape = _size(size, keywords.pop("size", None), "zeros")
    return _make(np.zeros(shape, _float_dtype(dtype)), device, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False, **keywords):
    """A Tensor of ones."""
    shape = _size(size, keywords.pop("size", None), "ones")
    return _make(np.ones(shape, _float_dtype(dtype)), device, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False, **keywords):
    """A Tensor to be filled (chainrule fills it with zeros, so nothing is left undefined)."""
    shape = _size(size, keywords.pop("size", None), "empty")
    return _make(np.zeros(shape, _float_dtype(dtype)), device, requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    """A Tensor of ``fill_value``; its dtype is inferred from it, as in PyTorch."""
    shape = _sizes((size,) if isinstance(size, numbers.Integral) else tuple(size), "full")
    if isinstance(fill_value, complex):
        raise TypeError(f"complex numbers are not supported (got {fill_value!r})")
    if dtype is None:
        dtype = _as_array(fill_value.item() if isinstance(fill_value, Tensor) else fill_value).dtype
    dtype = dtypes.as_dtype(dtype)
    value = _python_number(fill_value, dtype) if isinstance(fill_value, numbers.Number) else fill_value
    return _make(np.full(shape, value, dtype=dtype), device, requires_grad)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    """The n x m identity matrix."""
    return _make(np.eye(n, m, dtype=_float_dtype(dtype)), device, requires_grad)


def _bound(value, name):
    """One of arange's arguments as a finite Python number (a 0-d Tensor or array gives its item)."""
    if isinstance(value, Tensor) or (isinstance(value, np.ndarray) and value.ndim == 0):
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"arange: {name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"arange: {name} must be finite, got {value}")
    return value


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """start, start + step, ... below end; int64 when all arguments are integers."""
    if end is None:
        start, end = 0, start
    bounds = [_bound(b, name) for b, name in zip((start, end, step), ("start", "end", "step"))]
    if dtype is None:
        integral = all(isinstance(b, numbers.Integral) for b in bounds)
        dtype = np.int64 if integral else dtypes.get_default_dtype()
    if bounds[2] == 0:
        raise ValueError("arange: step must be nonzero")
    return _make(np.arange(*bounds, dtype=dtypes.as_dtype(dtype)), device, requires_grad)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """``steps`` evenly spaced values from start to end, both included."""
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"linspace: steps must be a non-negative int, got {steps!r}")
    return _make(np.linspace(start, end, steps, dtype=_float_dtype(dtype)), device, requires_grad)


def logspace(start, end, steps, base=10.0, dtype=None, device=None, requires_grad=False):
    return _make(np.logspace(start, end, steps, base=base, dtype=_float_dtype(dtype)), device, requires_grad)


def _like(name, fill):
    def like(input, dtype=None, device=None, requires_grad=False, **options):
        dtype = np.asarray(input).dtype if dtype is None else dtypes.as_dtype(dtype)
        return _make(fill(np.shape(input), dtype, **options), device, requires_grad)

    like.__name__ = like.__qualname__ = name
    like.__doc__ = f"A Tensor of the shape (and dtype, unless given) of ``input``: {name}."
    return like


zeros_like = _like("zeros_like", np.zeros)
ones_like = _like("ones_like", np.ones)
empty_like = _like("empty_like", np.zeros)
full_like = _like("full_like", lambda shape, dtype, fill_value: np.full(shape, fill_value, dtype))


def as_tensor(data, dtype=None, device=None):
    """``data`` as a Tensor, sharing a numpy array's memory when no conversion is needed."""
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype):
        return data
    return _make(_as_array(data, dtype, copy=False), device, False)


def from_numpy(array):
    """A Tensor sharing ``array``'s memory (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy expects a numpy array, got {type(array).__name__}")
    return _make(_as_array(array, copy=False), None, False)


class _LegacyType(type):
    """PyTorch's typed constructors (``torch.LongTensor([1, 2])``, ``torch.FloatTensor(2, 3)``):
    data converted to the class's dtype, or sizes giving a Tensor of zeros (PyTorch leaves it
    uninitialised); ``isinstance(t, torch.LongTensor)`` tests the dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype == cls.dtype

    def __call__(cls, *args, device=None):
        sizes = len(args) == 1 and isinstance(args[0], dtypes.Size)
        if (
            not args
            or sizes
            or all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in args)
        ):
            return zeros(*args, dtype=cls.dtype, device=device) if args else zeros(0, dtype=cls.dtype)
        if len(args) > 1:
            raise TypeError(
                f"{cls.__name__}: give data (a list, array or Tensor) or sizes (ints), got {args!r}"
            )
        data = args[0]._data if isinstance(args[0], Tensor) else args[0]
        return _make(_as_array(data, cls.dtype), device, False)


def _legacy(name, dtype):
    return _LegacyType(
        name, (), {"dtype": dtype, "__doc__": f"Tensors of dtype {dtype} (see ``_LegacyType``)."}
    )


FloatTensor = _legacy("FloatTensor", dtypes.float32)
DoubleTensor = _legacy("DoubleTensor", dtypes.float64)
HalfTensor = _legacy("HalfTensor", dtypes.float16)
LongTensor = _legacy("LongTensor", dtypes.int64)
IntTensor = _legacy("IntTensor", dtypes.int32)
ShortTensor = _legacy("ShortTensor", dtypes.int16)
CharTensor = _legacy("CharTensor", dtypes.int8)
ByteTensor = _legacy("ByteTensor", dtypes.uint8)
BoolTensor = _legacy("BoolTensor", dtypes.bool)


def scalar_tensor(s, dtype=None, device=None, requires_grad=False):
    """A 0-d Tensor of the number ``s``, in the default float dtype unless ``dtype`` is given
    (also for ints and bools, as in PyTorch)."""
    if isinstance(s, Tensor):
        s = s.item()
    if isinstance(s, complex) or not isinstance(s, numbers.Number):
        raise TypeError(f"scalar_tensor(): argument 's' must be a real number, not {type(s).__name__}")
    dtype = _float_dtype(dtype)
    return _make(np.asarray(_python_number(s, dtype)).astype(dtype), device, requires_grad)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """``obj`` as a Tensor, sharing memory when it can: a Tensor is returned itself, a numpy
    array is wrapped (no copy) unless ``dtype`` differs or ``copy=True``; other data (lists,
    numbers) is copied as by ``tensor`` (``copy=False`` for them is a ValueError)."""
    dtypes.check_device(device)
    dtype = None if dtype is None else dtypes.as_dtype(dtype, "asarray")
    if isinstance(obj, Tensor) or isinstance(obj, (np.ndarray, np.generic)):
        array = obj._data if isinstance(obj, Tensor) else np.asarray(obj)
        if copy is False and dtype is not None and dtype != array.dtype:
            raise ValueError(f"asarray: copy=False, but converting dtype {array.dtype} to {dtype} copies")
        if isinstance(obj, Tensor) and not copy and dtype in (None, array.dtype):
            return obj.requires_grad_(True) if requires_grad else obj
        array = _as_array(array, dtype, copy=bool(copy))
    elif copy is False:
        raise ValueError(f"asarray: copy=False cannot alias a {type(obj).__name__} (only Tensors and arrays)")
    else:
        array = _as_array(obj, dtype)
    return _make(array, None, requires_grad)


def range(start=0, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """start, start + step, ... up to end *included*, in the default float dtype unless
    ``dtype`` is given (PyTorch's deprecated ``torch.range``; it warns as PyTorch does)."""
    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because its behavior is "
        "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values "
        "in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    if end is None:
        raise TypeError("range(): argument 'end' is required")
    start, end, step = (_bound(b, name) for b, name in zip((start, end, step), ("start", "end", "step")))
    if step == 0:
        raise ValueError("range: step must be nonzero")
    if (end - start) * step < 0:
        raise ValueError(f"range: end {end} is not reached from start {start} by steps of {step}")
    count = math.floor((end - start) / step) + 1
    values = start + np.arange(count, dtype=np.float64) * step
    return _make(values.astype(_float_dtype(dtype)), device, requires_grad)
