"""Tensor: a numpy array that remembers how it was computed.

A Tensor holds its values (a numpy array, ``t.numpy()``), its gradient
``grad`` (a Tensor, filled in by ``backward``) and, when it came out of an
operation on Tensors that require grad, ``grad_fn``: the node of that
operation, which links to its inputs. The methods below are a table: each
delegates to an op in ``autograd.ops`` (where every forward sits beside its
derivative) or to the in-place mechanism in ``autograd.inplace``. PyTorch's
spellings and numpy's (``dim``/``axis``, ``keepdim``/``keepdims``) are both
accepted, normalised once by ``_torch_keywords`` at the end of this file.
"""

import functools
import numbers
import operator
from operator import attrgetter

import numpy as np

from . import dtypes, printing
from .dtypes import as_dtype
from .scalar import Scalar


def _as_array(data, dtype=None, floats=False, copy=True):
    """User data as a numpy array, typed as PyTorch types it: Python ints become int64,
    bools bool, floats the default float dtype; numpy arrays keep their dtype. With
    ``floats`` (the legacy ``Tensor(...)`` constructor) integer and bool data become the
    default float dtype too. Strings, None and other objects are a TypeError."""
    dtype = None if dtype is None else as_dtype(dtype, "Tensor")
    if isinstance(data, Tensor):
        array = data._data
    elif isinstance(data, Scalar):
        raise TypeError(
            "a Scalar cannot become Tensor data: Scalars and Tensors do not mix (the "
            "Scalar's graph would be lost); use Tensor(s.data) for its value alone"
        )
    elif isinstance(data, (np.ndarray, np.generic)):
        array = np.asarray(data)
    else:
        array = _from_python(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Tensor data must be numbers (bool, integer or float); got {_what_is(data, array)}")
    if dtype is None and floats and array.dtype.kind != "f":
        dtype = dtypes.get_default_dtype()
    try:
        return np.array(array, dtype=dtype, copy=copy or None)
    except OverflowError as error:
        raise ValueError(f"Tensor data holds a number too large for its dtype: {error}") from None


def _legacy_array(args, keywords, dtype, name):
    """The array of the legacy constructors ``Tensor(*args)`` and ``FloatTensor(*args)``:
    zeros of the given sizes (PyTorch leaves them uninitialised), or a copy of the data in
    ``dtype`` (None: the default float dtype). Keywords ``size=`` and ``data=`` are
    PyTorch's spellings of the two."""
    unknown = set(keywords) - {"size", "data"}
    if unknown or len(keywords) > 1 or (keywords and args):
        raise TypeError(
            f"{name}(): give sizes or data, positionally or as one of size=, data=; got "
            f"{len(args)} positional and the keywords {sorted(keywords)}"
        )
    if "data" in keywords:
        args = (keywords["data"],)
    elif "size" in keywords:
        size = keywords["size"]
        args = (dtypes.Size((size,) if _is_size(size) else size),)
    sizes = _legacy_sizes(args, name)
    if sizes is None:
        return _as_array(args[0], dtype, floats=True)
    if dtype is None:
        dtype = dtypes.get_default_dtype()
    try:
        return np.zeros(sizes, as_dtype(dtype, name))
    except (ValueError, MemoryError, OverflowError) as error:
        raise RuntimeError(f"{name}(): cannot make a Tensor of sizes {list(sizes)}: {error}") from None


def _legacy_sizes(args, name):
    """``args`` as sizes -- ints (numpy's too, 0-d integer arrays, and 0-d integer Tensors
    when more than one size is given) or one ``Size`` -- or None when they are one piece of
    data (a list, an array, a Tensor). A lone number that is not an int, or sizes mixed with
    other things, is a TypeError, as in PyTorch."""
    if not args:
        return (0,)
    first = args[0]
    if len(args) == 1:
        if isinstance(first, dtypes.Size):
            args = first
        elif isinstance(first, Tensor) or not _is_size(first):
            if first is None:
                raise TypeError(f"{name}(): data must be a sequence (got NoneType)")
            if isinstance(first, (numbers.Number, np.bool_)):
                raise TypeError(
                    f"{name}(): data must be a sequence (got {type(first).__name__}); a 0-d "
                    f"Tensor holding {first!r} is autograd.tensor({first!r})"
                )
            return None
    if not all(_is_size(n) for n in args):
        raise TypeError(
            f"{name}(): give one piece of data (a list, array or Tensor) or sizes (ints); got "
            f"({', '.join(type(n).__name__ for n in args)})"
        )
    sizes = tuple(operator.index(n) for n in args)
    if any(n < 0 for n in sizes):
        raise RuntimeError(f"{name}(): trying to create a Tensor with negative dimension: {list(sizes)}")
    return sizes


def _is_size(n):
    """An int (not a bool) or a 0-d integer array or Tensor, as PyTorch reads sizes."""
    if isinstance(n, (bool, np.bool_)):
        return False
    if isinstance(n, numbers.Integral):
        return True
    array = n._data if isinstance(n, Tensor) else n
    return isinstance(array, np.ndarray) and array.ndim == 0 and array.dtype.kind in "iu"


def _from_python(data):
    """Numbers and nested lists (of numbers or Tensors) as an array, inferring the dtype."""
    if data is None or isinstance(data, (str, bytes, dict, set, complex)):
        raise TypeError(
            f"Tensor data must be a number, a (nested) list of numbers or a numpy "
            f"array; got {type(data).__name__}"
        )
    try:
        array = np.array(data)
    except OverflowError as error:
        raise ValueError(f"Tensor data holds a number too large for a Tensor: {error}") from None
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"Tensor data must be a number, a rectangular (nested) list of "
            f"numbers or a numpy array; could not convert it: {error}"
        ) from None
    if array.dtype.kind == "f":
        return array.astype(dtypes.get_default_dtype(), copy=False)
    if array.dtype.kind in "iu":
        if array.dtype.kind == "u" and array.size and array.max() > np.iinfo(np.int64).max:
            raise ValueError(
                f"Tensor data holds a number too large for a Tensor (beyond int64): {array.max()}"
            )
        return array.astype(np.int64, copy=False)
    if array.dtype == object and _holds_huge_int(array):
        raise ValueError("Tensor data holds a number too large for a Tensor (beyond int64)")
    return array


def _holds_huge_int(array):
    return any(isinstance(x, int) and not isinstance(x, bool) for x in array.reshape(-1))


def _what_is(data, array):
    if array.dtype.kind in "US":
        return "strings"
    if array.dtype.kind == "c":
        return "complex numbers (not supported)"
    if array.dtype == object:
        kinds = sorted({type(x).__name__ for x in array.reshape(-1)} - {"int", "float", "bool"})
        return f"{', '.join(kinds) or 'objects'} among the values"
    return f"dtype {array.dtype}"


class Tensor:
    """An n-dimensional array with automatic differentiation.

    ``Tensor(*sizes)`` or ``Tensor(data)`` is PyTorch's legacy constructor.
    Sizes -- ints, ``Tensor(2, 3)``, or one ``Size``, ``Tensor(x.shape)`` --
    make a Tensor of that shape in the default float dtype; PyTorch leaves its
    memory uninitialised, chainrule fills it with zeros. Data -- a (nested)
    list or tuple, a numpy array, a Tensor -- is copied: numbers become the
    default float dtype (float64 unless ``set_default_dtype`` changed it),
    integer and bool arrays too; float arrays keep their dtype. A lone number
    that is not an int (``Tensor(3.0)``) is a TypeError, as in PyTorch: a 0-d
    Tensor is ``autograd.tensor(3.0)``, which infers the dtype (ints int64,
    bools bool) as ``torch.tensor``. ``Tensor()`` is empty, shape (0,).
    chainrule also takes the keywords ``requires_grad=``, ``dtype=`` and
    ``name=`` (PyTorch's legacy constructor takes only ``device=``). Only
    floating-point Tensors can require grad.
    """

    __slots__ = (
        "_data",
        "_grad",
        "_requires_grad",
        "_ctx",
        "name",
        "_hooks",
        "_version",
        "_previous",
        "__weakref__",
    )

    def __init__(self, *args, requires_grad=False, dtype=None, name=None, device=None, **keywords):
        dtypes.check_device(device)
        self._data = _legacy_array(args, keywords, dtype, "Tensor")
        self._grad = None
        self._requires_grad = False
        self._ctx = None
        self.name = name
        self._hooks = None
        self._version = 0
        self._previous = None
        if requires_grad:
            self.requires_grad_(True)

    @staticmethod
    def _from_data(data, dtype=None):
        """A new Tensor of a copy of ``data`` read as the legacy constructor reads data, for
        code that converts what the user gave: a lone number too (``Tensor(3)`` is a size,
        ``Tensor(3.0)`` an error)."""
        return Tensor._make(_as_array(data, dtype, floats=True))

    @classmethod
    def _make(cls, data, ctx=None):
        """Wrap an array an op produced (no copy, no checks): the fast path."""
        t = object.__new__(Tensor)
        t._data = data
        t._grad = None
        t._requires_grad = ctx is not None
        t._ctx = ctx
        t.name = None
        t._hooks = None
        t._version = 0
        t._previous = None
        return t

    # ---- what a Tensor is -------------------------------------------------
    # read by every op: attrgetter runs in C, where a lambda would cost a Python call each
    shape = property(lambda self: dtypes.Size(self._data.shape), doc="The shape, a tuple (Size)")
    ndim = property(attrgetter("_data.ndim"), doc="The number of dimensions")
    dtype = property(attrgetter("_data.dtype"), doc="The numpy dtype (autograd.float32 ...)")
    grad_fn = property(attrgetter("_ctx"), doc="The node of the op that made this Tensor, or None")
    is_leaf = property(lambda self: self._ctx is None, doc="True for Tensors no op produced")
    device = property(lambda self: dtypes.device("cpu"), doc="Always the CPU")
    is_cuda = False
    itemsize = property(attrgetter("_data.itemsize"), doc="Bytes per element")

    def size(self, dim=None):
        """The shape (PyTorch's ``size()``), or its length along ``dim``."""
        return dtypes.Size(self._data.shape) if dim is None else self._data.shape[_dim(dim, self, "size")]

    def numel(self):
        """The number of elements."""
        return self._data.size

    nelement = numel

    def dim(self):
        """The number of dimensions."""
        return self._data.ndim

    ndimension = dim

    def element_size(self):
        return self._data.itemsize

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def __repr__(self):
        return printing.tensor_repr(self)

    def __format__(self, spec):
        """A 0-d Tensor formats as its number (``f"{loss:.4f}"``); others as their repr."""
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:
            raise TypeError(
                f"format spec {spec!r} needs a 0-d Tensor (use .item()); this one has shape {tuple(self.shape)}"
            )
        return repr(self)

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d Tensor")
        return (self[i] for i in range(len(self._data)))

    def __contains__(self, value):
        return bool((self == value).any())

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """numpy ufuncs on Tensors run as our ops: ``np.exp(t)`` and ``np.ones(3) * t``
        give tracked Tensors. Ufuncs we cannot differentiate raise TypeError."""
        op = _ops.UFUNCS.get(ufunc) if method == "__call__" and not kwargs else None
        if op is None:
            call = ufunc.__name__ + ("" if method == "__call__" else "." + method)
            raise TypeError(
                f"numpy.{call}{' with ' + ', '.join(kwargs) if kwargs else ''} is not "
                "supported on Tensors (it would not be differentiated); use a Tensor "
                "method, or .numpy() for a plain array"
            )
        like = next(x for x in inputs if isinstance(x, Tensor))
        return op(*[like._lift(x) for x in inputs])

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __bool__(self):
        return bool(self._one_value("bool()"))

    def __float__(self):
        return float(self._one_value("float()"))

    def __int__(self):
        return int(self._one_value("int()"))

    def __index__(self):
        if self._data.dtype.kind not in "iub":
            raise TypeError(f"only integer Tensors can be used as an index, not {self.dtype}")
        return int(self._one_value("an index"))

    __hash__ = object.__hash__  # == is elementwise, yet Tensors still work in sets and dicts

    def _one_value(self, what):
        if self._data.size != 1:
            raise ValueError(
                f"{what} needs a Tensor with exactly one element; this one has "
                f"shape {tuple(self.shape)} ({self._data.size} elements)"
            )
        return self._data.item()

    def item(self):
        """The single value of a one-element Tensor, as a Python number."""
        return self._one_value("item()")

    def numpy(self):
        """The values as a numpy array (shared, not copied)."""
        return self._data

    def tolist(self):
        return self._data.tolist()

    # ---- data and gradient: Tensors, as in PyTorch --------------------------
    @property
    def data(self):
        """The values as a Tensor outside the graph, sharing memory (PyTorch's ``.data``):
        changing it changes this Tensor, and autograd does not see the change."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else _as_array(value)

    @property
    def grad(self):
        """d(loss)/d(self) after ``backward()``: a Tensor of this shape, or None."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if isinstance(value, (np.ndarray, np.generic)):
                value = Tensor._make(np.asarray(value))
            if not isinstance(value, Tensor):
                raise TypeError(f"grad must be a Tensor or None, not {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(
                    f"assigned grad has shape {tuple(value.shape)}, but the Tensor has shape {tuple(self.shape)}"
                )
            if value.dtype != self.dtype:
                raise RuntimeError(
                    f"assigned grad has dtype {value.dtype}, but the Tensor has dtype {self.dtype}"
                )
        self._grad = value

    requires_grad = property(
        attrgetter("_requires_grad"),
        lambda self, value: self.requires_grad_(value),
        doc="Whether backward computes a gradient for this Tensor",
    )

    def requires_grad_(self, requires_grad=True):
        """Mark a leaf as a variable to differentiate with respect to."""
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only floating-point Tensors can require grad; this one has "
                f"dtype {self._data.dtype} (use .float() or .double() first)"
            )
        if self._ctx is not None and not requires_grad:
            raise RuntimeError("requires_grad_(False) on a non-leaf Tensor; use .detach() instead")
        self._requires_grad = bool(requires_grad)
        return self

    def detach(self):
        """A new leaf sharing this data, cut from the graph."""
        return Tensor._make(self._data)

    def detach_(self):
        """Cut this Tensor from its graph, in place."""
        self._ctx, self._requires_grad = None, False
        return self

    def retain_grad(self):
        """Keep ``.grad`` on this non-leaf Tensor after backward (noted on its node, as in
        PyTorch; a leaf always gets its ``.grad``)."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad() on a Tensor that does not require grad")
        if self._ctx is not None:
            self._ctx._retains_grad = True

    def register_hook(self, hook):
        """Call ``hook(grad)`` (a Tensor) when this Tensor's gradient is computed.

        The hook may return a replacement. Returns a handle whose ``remove()``
        unregisters it.
        """
        if not self._requires_grad:
            raise RuntimeError("register_hook() on a Tensor that does not require grad")
        node = self if self._ctx is None else self._ctx  # as in PyTorch: on grad_fn, if any
        if node._hooks is None:
            node._hooks = []
        node._hooks.append(hook)
        return _HookHandle(node._hooks, hook)

    def zero_grad(self):
        """Forget the accumulated gradient (``.grad = None``)."""
        self._grad = None

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad`` (only into ``inputs``'
        if given).

        ``gradient`` is d(loss)/d(self); it may be omitted when self has one
        element. Without ``retain_graph=True`` the graph's saved values are
        freed and a second backward through it is an error (as in PyTorch).
        """
        _engine.backward(
            (self,),
            (gradient,),
            retain_graph=retain_graph or create_graph,
            create_graph=create_graph,
            inputs=inputs,
        )

    # ---- dtype and device ---------------------------------------------------
    def astype(self, dtype):
        """This Tensor in another dtype (itself if it has it); the gradient is cast back."""
        dtype = as_dtype(dtype, "astype")
        if dtype == self._data.dtype:
            return self
        return _ops.Cast.apply(self, dtype=dtype)

    def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False):
        """``to(dtype)``, ``to("cpu")``, ``to(device, dtype)`` or ``to(other_tensor)``."""
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, (str, dtypes.device)):
                dtypes.check_device(arg)
            else:
                dtype = arg
        out = self if dtype is None else self.astype(dtype)
        return out.clone() if copy and out is self else out

    def type(self, dtype=None):
        """The dtype's name without an argument; else ``astype(dtype)``."""
        return str(self.dtype) if dtype is None else self.astype(dtype)

    def type_as(self, other):
        return self.astype(other.dtype)

    float = functools.partialmethod(astype, dtypes.float32)
    double = functools.partialmethod(astype, dtypes.float64)
    half = functools.partialmethod(astype, dtypes.float16)
    long = functools.partialmethod(astype, dtypes.int64)
    int = functools.partialmethod(astype, dtypes.int32)
    short = functools.partialmethod(astype, dtypes.int16)
    bool = functools.partialmethod(astype, dtypes.bool)
    byte = functools.partialmethod(astype, dtypes.uint8)

    def cpu(self):
        return self

    def cuda(self, *args, **kwargs):
        dtypes.check_device("cuda")

    def contiguous(self, memory_format=None):
        """self if its elements lie in row order in memory, else a copy that does (as PyTorch's;
        the layout shows only in the order in which dropout draws its mask)."""
        return self if self._data.flags.c_contiguous else _ops.Clone.apply(self)

    def clone(self, memory_format=None):
        """A copy, in the graph (its gradient flows back to this Tensor)."""
        return _ops.Clone.apply(self)

    def new_tensor(self, data, dtype=None, requires_grad=False):
        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new(self, *args, **keywords):
        """PyTorch's legacy ``x.new(...)``: ``Tensor(...)`` in this Tensor's dtype -- sizes give
        zeros (PyTorch leaves them uninitialised), data is copied, ``x.new()`` is empty."""
        return Tensor._make(_legacy_array(args, keywords, self._data.dtype, "new"))

    def new_zeros(self, *size, dtype=None, requires_grad=False):
        return _creation.zeros(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, requires_grad=False):
        return _creation.ones(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, requires_grad=False):
        return _creation.full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, requires_grad=False):
        return _creation.zeros(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_empty_strided(
        self, size, stride, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False
    ):
        """A new Tensor of shape ``size`` whose steps in memory (in elements) are ``stride``
        (zeros here: PyTorch leaves its values undefined)."""
        size, stride = tuple(size), tuple(stride)
        if len(size) != len(stride):
            raise RuntimeError(
                f"mismatch in length of strides and shape: got {len(stride)} strides for {len(size)} dimensions"
            )
        dtype = np.dtype(dtype or self.dtype)
        storage = 0 if 0 in size else 1 + sum((n - 1) * s for n, s in zip(size, stride, strict=True))
        data = np.lib.stride_tricks.as_strided(
            np.zeros(storage, dtype), size, tuple(s * dtype.itemsize for s in stride)
        )
        return Tensor._make(data).requires_grad_(requires_grad)

    # ---- arithmetic -------------------------------------------------------
    def _lift(self, other):
        """Turn the other operand into a Tensor; Python numbers take our dtype."""
        if isinstance(other, Tensor):
            return other
        if type(other) is float and self._data.dtype.kind == "f":  # the common case, fast
            return Tensor._make(np.asarray(other, dtype=self._data.dtype))
        if isinstance(other, numbers.Number) and not isinstance(other, np.generic):
            return Tensor._make(_python_number(other, self._data.dtype))
        if isinstance(other, np.ndarray):
            return Tensor._make(other)
        return Tensor._make(_as_array(other, copy=False))

    def _operand(self, other):
        """The other operand of + - * / **: a Python float stays a number (numpy then
        computes in our dtype, exactly as if it were lifted); the rest is lifted."""
        if isinstance(other, Tensor):
            return other
        if type(other) is float and self._data.dtype.kind == "f":
            return other
        return self._lift(other)

    def __add__(self, other):
        return _ops.Add.apply(self, self._operand(other))

    def __radd__(self, other):
        return _ops.Add.apply(self._operand(other), self)

    def __sub__(self, other):
        return _ops.Sub.apply(self, self._operand(other))

    def __rsub__(self, other):
        return _ops.Sub.apply(self._operand(other), self)

    def __mul__(self, other):
        return _ops.Mul.apply(self, self._operand(other))

    def __rmul__(self, other):
        return _ops.Mul.apply(self._operand(other), self)

    def __truediv__(self, other):
        return _ops.Div.apply(self, self._operand(other))

    def __rtruediv__(self, other):
        return _ops.Div.apply(self._operand(other), self)

    def __floordiv__(self, other):
        return _ops.divide(self, other, "floor")

    def __rfloordiv__(self, other):
        return _ops.divide(other, self, "floor")

    def __mod__(self, other):
        return _ops.remainder(self, other)

    def __rmod__(self, other):
        return _ops.remainder(other, self)

    def __pow__(self, other):
        return _ops.Pow.apply(self, self._operand(other))

    def __rpow__(self, other):
        return _ops.Pow.apply(self._operand(other), self)

    def __matmul__(self, other):
        return _ops.MatMul.apply(self, self._lift(other))

    def __rmatmul__(self, other):
        return _ops.MatMul.apply(self._lift(other), self)

    def __neg__(self):
        return _ops.Neg.apply(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _ops.Abs.apply(self)

    # bool and integer Tensors only (a TypeError for floats), see autograd.ops.integer
    __invert__ = bitwise_not = lambda self: _ops.bitwise_not(self)  # noqa: E731
    __and__ = bitwise_and = lambda self, other: _ops.bitwise_and(self, other)  # noqa: E731
    __or__ = bitwise_or = lambda self, other: _ops.bitwise_or(self, other)  # noqa: E731
    __xor__ = bitwise_xor = lambda self, other: _ops.bitwise_xor(self, other)  # noqa: E731
    __lshift__ = bitwise_left_shift = lambda self, other: _ops.bitwise_left_shift(self, other)  # noqa: E731
    __rshift__ = bitwise_right_shift = lambda self, other: _ops.bitwise_right_shift(self, other)  # noqa: E731
    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__
    __rlshift__ = lambda self, other: _ops.bitwise_left_shift(other, self)  # noqa: E731
    __rrshift__ = lambda self, other: _ops.bitwise_right_shift(other, self)  # noqa: E731

    add = lambda self, other, alpha=1: self + (other if alpha == 1 else other * alpha)  # noqa: E731
    sub = subtract = lambda self, other, alpha=1: self - (other if alpha == 1 else other * alpha)  # noqa: E731
    mul = multiply = __mul__
    true_divide = __truediv__
    div = divide = lambda self, other, *, rounding_mode=None: _ops.divide(self, other, rounding_mode)  # noqa: E731
    floor_divide = __floordiv__
    pow = __pow__
    matmul = mm = __matmul__
    neg = negative = __neg__

    def bmm(self, other):
        if self.ndim != 3 or np.ndim(other) != 3:
            raise ValueError(
                f"bmm: both operands must be 3-d (batch, n, m); got shapes {tuple(self.shape)} and {np.shape(other)}"
            )
        return self @ other

    def dot(self, other):
        if self.ndim != 1 or np.ndim(other) != 1:
            raise ValueError(
                f"dot: both operands must be 1-d; got shapes {tuple(self.shape)} and {np.shape(other)}"
            )
        return self @ other

    # ---- comparisons: bool Tensors, no gradient ----------------------------
    def _compare(self, np_op, other):
        """Compared in the operands' common dtype by PyTorch's rules (int64 with float32 in float32)."""
        mine = self._data
        if isinstance(other, Tensor):
            other = other._data
            if other.dtype != mine.dtype:
                common = _typeinfo.promote_types(mine.dtype, other.dtype)
                mine, other = mine.astype(common, copy=False), other.astype(common, copy=False)
        elif isinstance(other, numbers.Number):
            other = _python_number(other, self._data.dtype)
        try:
            return Tensor._make(np.asarray(np_op(mine, other)))
        except ValueError:
            raise ValueError(
                f"{np_op.__name__}: shapes {tuple(self.shape)} and {np.shape(other)} cannot be broadcast together"
            ) from None

    def __eq__(self, other):
        return self._compare(np.equal, other)

    def __ne__(self, other):
        return self._compare(np.not_equal, other)

    def __lt__(self, other):
        return self._compare(np.less, other)

    def __le__(self, other):
        return self._compare(np.less_equal, other)

    def __gt__(self, other):
        return self._compare(np.greater, other)

    def __ge__(self, other):
        return self._compare(np.greater_equal, other)

    eq, ne, lt, le, gt, ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__
    greater, greater_equal, less, less_equal, not_equal = __gt__, __ge__, __lt__, __le__, __ne__

    def equal(self, other):
        """True if both have the same shape and values."""
        return _ops.equal(self, other)

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.allclose(self, other, rtol, atol, equal_nan)

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _ops.isclose(self, other, rtol, atol, equal_nan)

    isnan = lambda self: _ops.isnan(self)  # noqa: E731
    isinf = lambda self: _ops.isinf(self)  # noqa: E731
    isfinite = lambda self: _ops.isfinite(self)  # noqa: E731

    def all(self, dim=None, keepdim=False):
        return _ops.all(self, dim, keepdim)

    def any(self, dim=None, keepdim=False):
        return _ops.any(self, dim, keepdim)

    # ---- elementwise functions ---------------------------------------------
    exp = lambda self: _ops.Exp.apply(self)  # noqa: E731
    log = lambda self: _ops.Log.apply(self)  # noqa: E731
    sqrt = lambda self: _ops.Sqrt.apply(self)  # noqa: E731
    abs = absolute = __abs__
    sin = lambda self: _ops.Sin.apply(self)  # noqa: E731
    cos = lambda self: _ops.Cos.apply(self)  # noqa: E731
    tanh = lambda self: _ops.Tanh.apply(self)  # noqa: E731
    sigmoid = lambda self: _ops.Sigmoid.apply(self)  # noqa: E731
    relu = lambda self: _ops.ReLU.apply(self)  # noqa: E731
    erf = lambda self: _ops.Erf.apply(self)  # noqa: E731
    square = lambda self: _ops.Square.apply(self)  # noqa: E731
    rsqrt = lambda self: _ops.Rsqrt.apply(self)  # noqa: E731
    reciprocal = lambda self: _ops.Reciprocal.apply(self)  # noqa: E731
    log2 = lambda self: _ops.Log2.apply(self)  # noqa: E731
    log10 = lambda self: _ops.Log10.apply(self)  # noqa: E731
    log1p = lambda self: _ops.Log1p.apply(self)  # noqa: E731
    expm1 = lambda self: _ops.Expm1.apply(self)  # noqa: E731
    tan = lambda self: _ops.Tan.apply(self)  # noqa: E731
    asin = arcsin = lambda self: _ops.Asin.apply(self)  # noqa: E731
    acos = arccos = lambda self: _ops.Acos.apply(self)  # noqa: E731
    atan = arctan = lambda self: _ops.Atan.apply(self)  # noqa: E731
    sinh = lambda self: _ops.Sinh.apply(self)  # noqa: E731
    cosh = lambda self: _ops.Cosh.apply(self)  # noqa: E731
    sign = lambda self: _ops.Sign.apply(self)  # noqa: E731
    floor = lambda self: _ops.Floor.apply(self)  # noqa: E731
    ceil = lambda self: _ops.Ceil.apply(self)  # noqa: E731
    trunc = lambda self: _ops.Trunc.apply(self)  # noqa: E731
    round = lambda self, decimals=0: _ops.Round.apply(self, decimals=decimals)  # noqa: E731

    def leaky_relu(self, negative_slope=0.01):
        return _ops.LeakyReLU.apply(self, negative_slope=negative_slope)

    def elu(self, alpha=1.0):
        return _ops.ELU.apply(self, alpha=alpha)

    def softplus(self, beta=1.0, threshold=20.0):
        return _ops.Softplus.apply(self, beta=beta, threshold=threshold)

    def gelu(self, approximate="none"):
        return _ops.gelu(self, approximate)

    def clamp(self, min=None, max=None):
        """min(max(x, min), max); Tensor bounds get their gradients too."""
        return _ops.clamp(self, min, max)

    clip = clamp

    def maximum(self, other):
        return _ops.Maximum.apply(self, self._lift(other))

    def minimum(self, other):
        return _ops.Minimum.apply(self, self._lift(other))

    def masked_fill(self, mask, value):
        """``value`` where ``mask`` is true, else this Tensor (the gradient flows where not)."""
        return _ops.masked_fill(self, mask, value)

    # ---- reductions ----------------------------------------------------------
    def sum(self, dim=None, keepdim=False, dtype=None):
        return _ops.Sum.apply(self if dtype is None else self.astype(dtype), axis=dim, keepdims=keepdim)

    def mean(self, dim=None, keepdim=False, dtype=None):
        return _ops.Mean.apply(self if dtype is None else self.astype(dtype), axis=dim, keepdims=keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None):
        """Variance over ``dim``, dividing by n - correction (PyTorch's default correction=1;
        ``unbiased=False`` or numpy's ``ddof=0`` divide by n)."""
        return _ops.var(self, dim, keepdim, _correction(unbiased, correction, ddof))

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None):
        """Standard deviation: the square root of ``var`` (same arguments)."""
        return _ops.var(self, dim, keepdim, _correction(unbiased, correction, ddof)).sqrt()

    def max(self, dim=None, keepdim=False):
        """The largest value; with ``dim``, ``(values, indices)`` along it; with a Tensor,
        the elementwise maximum (as ``torch.max``)."""
        return _ops.max(self, dim, keepdim)

    def min(self, dim=None, keepdim=False):
        """The smallest value; with ``dim``, ``(values, indices)``; with a Tensor, elementwise."""
        return _ops.min(self, dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        return _ops.amax(self, dim, keepdim)

    def amin(self, dim=(), keepdim=False):
        return _ops.amin(self, dim, keepdim)

    def prod(self, dim=None, keepdim=False):
        return _ops.prod(self, dim, keepdim)

    def cumsum(self, dim):
        return _ops.cumsum(self, dim)

    def cumprod(self, dim):
        return _ops.cumprod(self, dim)

    def norm(self, p="fro", dim=None, keepdim=False):
        return _ops.norm(self, p, dim, keepdim)

    def sort(self, dim=-1, descending=False, stable=False):
        return _ops.sort(self, dim, descending, stable)

    def argsort(self, dim=-1, descending=False, stable=False):
        return _ops.argsort(self, dim, descending, stable)

    def topk(self, k, dim=-1, largest=True, sorted=True):
        return _ops.topk(self, k, dim, largest, sorted)

    def logsumexp(self, dim=None, keepdim=False):
        return _ops.LogSumExp.apply(self, axis=dim, keepdims=keepdim)

    def softmax(self, dim=-1, dtype=None):
        return _ops.Softmax.apply(self if dtype is None else self.astype(dtype), axis=dim)

    def log_softmax(self, dim=-1, dtype=None):
        return _ops.LogSoftmax.apply(self if dtype is None else self.astype(dtype), axis=dim)

    def argmax(self, dim=None, keepdim=False):
        """Indices of the largest values (int64, no gradient)."""
        return _arg("argmax", np.argmax, self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        """Indices of the smallest values (int64, no gradient)."""
        return _arg("argmin", np.argmin, self, dim, keepdim)

    # ---- shape -----------------------------------------------------------------
    def reshape(self, *shape):
        return _ops.Reshape.apply(self, shape=_sizes(shape, "reshape"))

    view = reshape

    def view_as(self, other):
        return self.reshape(other.shape)

    reshape_as = view_as

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one (PyTorch's flatten)."""
        if self._data.ndim == 0:
            return self.reshape(1)
        start, end = _dim(start_dim, self, "flatten"), _dim(end_dim, self, "flatten")
        return self.reshape(self.shape[:start] + (-1,) + self.shape[end + 1 :])

    def transpose(self, *axes):
        """No axes: reverse them (numpy). Two axes: swap them (PyTorch). More: a permutation."""
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        if len(axes) == 2:
            return self.swapaxes(*axes)
        return _ops.Transpose.apply(self, axes=tuple(axes) if axes else None)

    def permute(self, *dims):
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        return _ops.Transpose.apply(self, axes=tuple(dims))

    def swapaxes(self, axis0, axis1):
        order = list(range(self._data.ndim))
        try:
            order[axis0], order[axis1] = order[axis1], order[axis0]
        except (IndexError, TypeError):
            raise IndexError(
                f"swapaxes: axes ({axis0}, {axis1}) out of range for a Tensor "
                f"with {self._data.ndim} dimensions"
            ) from None
        return _ops.Transpose.apply(self, axes=tuple(order))

    swapdims = lambda self, dim0, dim1: self.swapaxes(dim0, dim1)  # noqa: E731  (PyTorch's names)

    def t(self):
        """The transpose of a matrix (a 0-d or 1-d Tensor is returned as it is)."""
        if self.ndim > 2:
            raise ValueError(
                f"t() expects a Tensor with at most 2 dimensions; this one has "
                f"shape {tuple(self.shape)} (use transpose(i, j) or .mT)"
            )
        return self if self.ndim < 2 else self.swapaxes(0, 1)

    T = property(lambda self: _ops.Transpose.apply(self, axes=None), doc="Axes reversed")
    mT = property(lambda self: self.swapaxes(-2, -1), doc="The last two axes swapped")

    def squeeze(self, dim=None):
        """Drop dimensions of size 1: all of them, or those among ``dim`` (PyTorch leaves a
        named dimension of another size as it is)."""
        if dim is None:
            return self.reshape(tuple(n for n in self.shape if n != 1))
        dims = {_dim(d, self, "squeeze") for d in (dim if isinstance(dim, (tuple, list)) else (dim,))}
        return self.reshape(tuple(n for i, n in enumerate(self.shape) if n != 1 or i not in dims))

    def unsqueeze(self, dim):
        return self.reshape(_shape_call("unsqueeze", np.expand_dims, self, dim).shape)

    def broadcast_to(self, *shape):
        return _ops.BroadcastTo.apply(self, shape=_sizes(shape, "broadcast_to"))

    def expand(self, *sizes):
        """Broadcast to ``sizes``; -1 keeps a dimension as it is (PyTorch's expand)."""
        return _ops.expand(self, *sizes)

    def repeat(self, *sizes):
        return _ops.repeat(self, *sizes)

    def flip(self, *dims):
        return _ops.flip(self, dims[0] if len(dims) == 1 else dims)

    def roll(self, shifts, dims=None):
        return _ops.roll(self, shifts, dims)

    def split(self, split_size, dim=0):
        return _ops.split(self, split_size, dim)

    def chunk(self, chunks, dim=0):
        return _ops.chunk(self, chunks, dim)

    def unbind(self, dim=0):
        return _ops.unbind(self, dim)

    def narrow_copy(self, dim, start, length):
        """``narrow(dim, start, length)`` as a Tensor of its own (a clone)."""
        return self.narrow(dim, start, length).clone()

    def narrow(self, dim, start, length):
        return _ops.narrow(self, dim, start, length)

    def unflatten(self, dim, sizes):
        return _ops.unflatten(self, dim, sizes)

    def unfold(self, dimension, size, step):
        return _ops.unfold(self, dimension, size, step)

    def tril(self, diagonal=0):
        return _ops.tril(self, diagonal)

    def triu(self, diagonal=0):
        return _ops.triu(self, diagonal)

    def diagonal(self, offset=0, dim1=0, dim2=1):
        return _ops.diagonal(self, offset, dim1, dim2)

    def diag(self, diagonal=0):
        return _ops.diag(self, diagonal)

    def gather(self, dim, index):
        return _ops.gather(self, dim, index)

    def scatter(self, dim, index, src=None, value=None):
        return _ops.scatter(self, dim, index, src, value)

    def scatter_add(self, dim, index, src):
        return _ops.scatter_add(self, dim, index, src)

    def index_select(self, dim, index):
        return _ops.index_select(self, dim, index)

    def take_along_dim(self, indices, dim=None):
        return _ops.take_along_dim(self, indices, dim)

    def nonzero(self, as_tuple=False):
        return _ops.nonzero(self, as_tuple)

    def bincount(self, weights=None, minlength=0):
        return _ops.bincount(self, weights, minlength)

    # ---- more of PyTorch's functions, each one line delegating to autograd.ops ----------
    outer = ger = lambda self, vec2: _ops.outer(self, vec2)  # noqa: E731
    trace = lambda self: _ops.trace(self)  # noqa: E731
    kron = lambda self, other: _ops.kron(self, other)  # noqa: E731
    cross = lambda self, other, dim=None: _ops.cross(self, other, dim)  # noqa: E731
    det = lambda self: _ops.det(self)  # noqa: E731
    logdet = lambda self: _ops.logdet(self)  # noqa: E731
    slogdet = lambda self: _ops.slogdet(self)  # noqa: E731
    inverse = lambda self: _ops.inverse(self)  # noqa: E731
    matrix_power = lambda self, n: _ops.matrix_power(self, n)  # noqa: E731
    pinverse = lambda self, rcond=1e-15: _ops.pinverse(self, rcond)  # noqa: E731
    svd = lambda self, some=True, compute_uv=True: _ops.svd(self, some, compute_uv)  # noqa: E731
    qr = lambda self, some=True: _ops.qr(self, some)  # noqa: E731
    cholesky_solve = lambda self, input2, upper=False: _ops.cholesky_solve(self, input2, upper)  # noqa: E731
    cholesky_inverse = lambda self, upper=False: _ops.cholesky_inverse(self, upper)  # noqa: E731
    lu = lambda self, pivot=True, get_infos=False: _ops.lu(self, pivot, get_infos)  # noqa: E731
    lu_solve = lambda self, LU_data, LU_pivots: _ops.lu_solve(self, LU_data, LU_pivots)  # noqa: E731
    matrix_exp = lambda self: _ops.matrix_exp(self)  # noqa: E731
    cholesky = lambda self, upper=False: _ops.cholesky_deprecated(self, upper)  # noqa: E731
    triangular_solve = lambda self, A, upper=True, transpose=False, unitriangular=False: (  # noqa: E731
        _ops.triangular_solve(self, A, upper, transpose, unitriangular)
    )
    orgqr = lambda self, input2: _ops.orgqr(self, input2)  # noqa: E731
    lerp = lambda self, end, weight: _ops.lerp(self, end, weight)  # noqa: E731
    logaddexp = lambda self, other: _ops.logaddexp(self, other)  # noqa: E731
    logaddexp2 = lambda self, other: _ops.logaddexp2(self, other)  # noqa: E731
    hypot = lambda self, other: _ops.hypot(self, other)  # noqa: E731
    heaviside = lambda self, values: _ops.heaviside(self, values)  # noqa: E731
    nan_to_num = lambda self, nan=0.0, posinf=None, neginf=None: _ops.nan_to_num(self, nan, posinf, neginf)  # noqa: E731
    median = lambda self, dim=None, keepdim=False: _ops.median(self, dim, keepdim)  # noqa: E731
    nanmedian = lambda self, dim=None, keepdim=False: _ops.nanmedian(self, dim, keepdim)  # noqa: E731
    mode = lambda self, dim=-1, keepdim=False: _ops.mode(self, dim, keepdim)  # noqa: E731
    quantile = lambda self, q, dim=None, keepdim=False, *, interpolation="linear": _ops.quantile(  # noqa: E731
        self, q, dim, keepdim, interpolation=interpolation
    )
    nanquantile = lambda self, q, dim=None, keepdim=False, *, interpolation="linear": _ops.nanquantile(  # noqa: E731
        self, q, dim, keepdim, interpolation=interpolation
    )
    aminmax = lambda self, *, dim=None, keepdim=False: _ops.aminmax(self, dim=dim, keepdim=keepdim)  # noqa: E731
    count_nonzero = lambda self, dim=None: _ops.count_nonzero(self, dim)  # noqa: E731
    histc = lambda self, bins=100, min=0, max=0: _ops.histc(self, bins, min, max)  # noqa: E731
    unique = lambda self, sorted=True, return_inverse=False, return_counts=False, dim=None: _ops.unique(  # noqa: E731
        self, sorted, return_inverse, return_counts, dim
    )
    unique_consecutive = lambda self, return_inverse=False, return_counts=False, dim=None: (  # noqa: E731
        _ops.unique_consecutive(self, return_inverse, return_counts, dim)
    )
    cummax = lambda self, dim: _ops.cummax(self, dim)  # noqa: E731
    cummin = lambda self, dim: _ops.cummin(self, dim)  # noqa: E731
    logcumsumexp = lambda self, dim: _ops.logcumsumexp(self, dim)  # noqa: E731
    masked_select = lambda self, mask: _ops.masked_select(self, mask)  # noqa: E731
    take = lambda self, index: _ops.take(self, index)  # noqa: E731
    tensor_split = lambda self, indices_or_sections, dim=0: _ops.tensor_split(self, indices_or_sections, dim)  # noqa: E731
    diff = lambda self, n=1, dim=-1, prepend=None, append=None: _ops.diff(self, n, dim, prepend, append)  # noqa: E731
    rot90 = lambda self, k=1, dims=(0, 1): _ops.rot90(self, k, dims)  # noqa: E731
    diag_embed = lambda self, offset=0, dim1=-2, dim2=-1: _ops.diag_embed(self, offset, dim1, dim2)  # noqa: E731
    diagflat = lambda self, offset=0: _ops.diagflat(self, offset)  # noqa: E731
    addmm = lambda self, mat1, mat2, *, beta=1, alpha=1: _ops.addmm(self, mat1, mat2, beta=beta, alpha=alpha)  # noqa: E731
    addmv = lambda self, mat, vec, *, beta=1, alpha=1: _ops.addmv(self, mat, vec, beta=beta, alpha=alpha)  # noqa: E731
    addr = lambda self, vec1, vec2, *, beta=1, alpha=1: _ops.addr(self, vec1, vec2, beta=beta, alpha=alpha)  # noqa: E731
    addbmm = lambda self, batch1, batch2, *, beta=1, alpha=1: _ops.addbmm(  # noqa: E731
        self, batch1, batch2, beta=beta, alpha=alpha
    )
    baddbmm = lambda self, batch1, batch2, *, beta=1, alpha=1: _ops.baddbmm(  # noqa: E731
        self, batch1, batch2, beta=beta, alpha=alpha
    )
    addcmul = lambda self, tensor1, tensor2, *, value=1: _ops.addcmul(self, tensor1, tensor2, value=value)  # noqa: E731
    addcdiv = lambda self, tensor1, tensor2, *, value=1: _ops.addcdiv(self, tensor1, tensor2, value=value)  # noqa: E731
    inner = lambda self, other: _ops.inner(self, other)  # noqa: E731
    vdot = lambda self, other: _ops.vdot(self, other)  # noqa: E731
    movedim = moveaxis = lambda self, source, destination: _ops.movedim(self, source, destination)  # noqa: E731
    hsplit = lambda self, indices_or_sections: _ops.hsplit(self, indices_or_sections)  # noqa: E731
    vsplit = lambda self, indices_or_sections: _ops.vsplit(self, indices_or_sections)  # noqa: E731
    dsplit = lambda self, indices_or_sections: _ops.dsplit(self, indices_or_sections)  # noqa: E731
    index_fill = lambda self, dim, index, value: _ops.index_fill(self, dim, index, value)  # noqa: E731
    index_copy = lambda self, dim, index, source: _ops.index_copy(self, dim, index, source)  # noqa: E731
    masked_scatter = lambda self, mask, source: _ops.masked_scatter(self, mask, source)  # noqa: E731
    scatter_reduce = lambda self, dim, index, src, reduce, *, include_self=True: _ops.scatter_reduce(  # noqa: E731
        self, dim, index, src, reduce, include_self=include_self
    )
    renorm = lambda self, p, dim, maxnorm: _ops.renorm(self, p, dim, maxnorm)  # noqa: E731

    # ---- writes at indices, views' scatters, statistics (autograd.ops.index_writes, ...) ----
    repeat_interleave = lambda self, repeats, dim=None, *, output_size=None: _ops.repeat_interleave(  # noqa: E731
        self, repeats, dim, output_size=output_size
    )
    index_add = lambda self, dim, index, source, *, alpha=1: _ops.index_add_along(  # noqa: E731
        self, dim, index, source, alpha=alpha
    )

    def index_put(self, indices, values, accumulate=False):
        return _ops.index_put(self, indices, values, accumulate)

    index_reduce = lambda self, dim, index, source, reduce, *, include_self=True: _ops.index_reduce(  # noqa: E731
        self, dim, index, source, reduce, include_self=include_self
    )
    put = lambda self, index, source, accumulate=False: _ops.put(self, index, source, accumulate)  # noqa: E731
    diagonal_scatter = lambda self, src, offset=0, dim1=0, dim2=1: _ops.diagonal_scatter(  # noqa: E731
        self, src, offset, dim1, dim2
    )
    select_scatter = lambda self, src, dim, index: _ops.select_scatter(self, src, dim, index)  # noqa: E731
    slice_scatter = lambda self, src, dim=0, start=None, end=None, step=1: _ops.slice_scatter(  # noqa: E731
        self, src, dim, start, end, step
    )
    kthvalue = lambda self, k, dim=-1, keepdim=False: _ops.kthvalue(self, k, dim, keepdim)  # noqa: E731
    nansum = lambda self, dim=None, keepdim=False, *, dtype=None: _ops.nansum(self, dim, keepdim, dtype=dtype)  # noqa: E731

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        return _ops.nanmean(self, dim, keepdim, dtype=dtype)

    cov = lambda self, *, correction=1, fweights=None, aweights=None: _ops.cov(  # noqa: E731
        self, correction=correction, fweights=fweights, aweights=aweights
    )
    corrcoef = lambda self: _ops.corrcoef(self)  # noqa: E731
    argwhere = lambda self: _ops.argwhere(self)  # noqa: E731
    histogram = lambda self, bins=100, *, range=None, weight=None, density=False: _ops.histogram(  # noqa: E731
        self, bins, range=range, weight=weight, density=density
    )

    # ---- special functions (autograd.ops.gamma, .normal, .bessel, .special, .pointwise) ----
    lgamma = lambda self: _ops.Lgamma.apply(self)  # noqa: E731
    digamma = lambda self: _ops.Digamma.apply(self)  # noqa: E731
    polygamma = lambda self, n: _ops.Polygamma.apply(self, n=n)  # noqa: E731
    mvlgamma = lambda self, p: _ops.mvlgamma(self, p)  # noqa: E731
    erfc = lambda self: _ops.Erfc.apply(self)  # noqa: E731
    erfinv = lambda self: _ops.Erfinv.apply(self)  # noqa: E731
    i0 = lambda self: _ops.I0.apply(self)  # noqa: E731
    sinc = lambda self: _ops.Sinc.apply(self)  # noqa: E731
    logit = lambda self, eps=None: _ops.Logit.apply(self, eps=eps)  # noqa: E731
    exp2 = lambda self: _ops.Exp2.apply(self)  # noqa: E731
    frac = lambda self: _ops.Frac.apply(self)  # noqa: E731
    xlogy = lambda self, other: _ops.xlogy(self, other)  # noqa: E731
    copysign = lambda self, other: _ops.copysign(self, other)  # noqa: E731
    fmod = lambda self, other: _ops.fmod(self, other)  # noqa: E731
    remainder = lambda self, other: _ops.remainder(self, other)  # noqa: E731
    atan2 = arctan2 = lambda self, other: _ops.atan2(self, other)  # noqa: E731
    nextafter = lambda self, other: _ops.nextafter(self, other)  # noqa: E731

    def expand_as(self, other):
        return self.broadcast_to(other.shape)

    def __getitem__(self, index):
        return _ops.GetItem.apply(self, index=_as_index(index))

    # ---- in place (recorded in the graph when one is involved; see autograd.inplace) ----
    def __setitem__(self, index, value):
        _inplace.set_item(self, _as_index(index), value)

    def __iadd__(self, other):
        return _inplace.arithmetic(self, np.add, _ops.Add.apply, other, "+=")

    def __isub__(self, other):
        return _inplace.arithmetic(self, np.subtract, _ops.Sub.apply, other, "-=")

    def __imul__(self, other):
        return _inplace.arithmetic(self, np.multiply, _ops.Mul.apply, other, "*=")

    def __itruediv__(self, other):
        return _inplace.arithmetic(self, np.true_divide, _ops.Div.apply, other, "/=")

    def add_(self, other, alpha=1):
        return self.__iadd__(other if alpha == 1 else self._lift(other) * alpha)

    def sub_(self, other, alpha=1):
        return self.__isub__(other if alpha == 1 else self._lift(other) * alpha)

    mul_ = multiply_ = __imul__
    true_divide_ = __itruediv__
    subtract_ = sub_

    def div_(self, other, *, rounding_mode=None):
        if rounding_mode is None:
            return self.__itruediv__(other)
        return _inplace.write(self, lambda x: x.div(other, rounding_mode=rounding_mode), "div_", other)

    divide_ = div_

    def __ifloordiv__(self, other):
        return _inplace.write(self, lambda x: x // other, "//=", other)

    floor_divide_ = __ifloordiv__

    def pow_(self, exponent):
        return _inplace.write(self, lambda x: x**exponent, "pow_", exponent)

    def zero_(self):
        return self.fill_(0)

    def fill_(self, value):
        return _inplace.set_item(self, Ellipsis, value)

    def copy_(self, src, non_blocking=False):
        return _inplace.set_item(self, Ellipsis, src)

    def clamp_(self, min=None, max=None):
        return _inplace.write(self, lambda x: x.clamp(min, max), "clamp_", min, max)

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        return _inplace.write(self, lambda x: x.masked_fill(mask, value), "masked_fill_", value)

    def neg_(self):
        return _inplace.write(self, lambda x: -x, "neg_")

    negative_ = neg_

    def exp_(self):
        return _inplace.write(self, lambda x: x.exp(), "exp_")

    def log_(self):
        return _inplace.write(self, lambda x: x.log(), "log_")

    def sqrt_(self):
        return _inplace.write(self, lambda x: x.sqrt(), "sqrt_")

    def tanh_(self):
        return _inplace.write(self, lambda x: x.tanh(), "tanh_")

    def sigmoid_(self):
        return _inplace.write(self, lambda x: x.sigmoid(), "sigmoid_")

    def relu_(self):
        return _inplace.write(self, lambda x: x.relu(), "relu_")

    def abs_(self):
        return _inplace.write(self, lambda x: x.abs(), "abs_")

    def __imod__(self, other):
        return _inplace.write(self, lambda x: x % other, "%=", other)

    __iand__ = lambda self, other: _inplace.write(self, lambda x: x & other, "&=", other)  # noqa: E731
    __ior__ = lambda self, other: _inplace.write(self, lambda x: x | other, "|=", other)  # noqa: E731
    __ixor__ = lambda self, other: _inplace.write(self, lambda x: x ^ other, "^=", other)  # noqa: E731
    __ilshift__ = lambda self, other: _inplace.write(self, lambda x: x << other, "<<=", other)  # noqa: E731
    __irshift__ = lambda self, other: _inplace.write(self, lambda x: x >> other, ">>=", other)  # noqa: E731

    def float_power_(self, exponent):
        """In place: only a float64 Tensor holds float_power's result (as in PyTorch)."""
        if self.dtype != dtypes.float64:
            raise _inplace.InPlaceDtypeError(
                f"float_power_: the result is float64, which this Tensor of dtype {self.dtype} cannot hold"
            )
        return _inplace.write(self, lambda x: x.float_power(exponent), "float_power_", exponent)

    # ---- in place changes of shape: the Tensor becomes a view of its memory (autograd.inplace) ----
    t_ = lambda self: _inplace.restride(self, Tensor.t, "t_")  # noqa: E731
    transpose_ = lambda self, dim0, dim1: _inplace.restride(  # noqa: E731
        self, lambda x: x.transpose(dim0, dim1), "transpose_"
    )
    swapaxes_ = swapdims_ = lambda self, axis0, axis1: _inplace.restride(  # noqa: E731
        self, lambda x: x.swapaxes(axis0, axis1), "swapaxes_"
    )
    squeeze_ = lambda self, dim=None: _inplace.restride(self, lambda x: x.squeeze(dim), "squeeze_")  # noqa: E731
    unsqueeze_ = lambda self, dim: _inplace.restride(self, lambda x: x.unsqueeze(dim), "unsqueeze_")  # noqa: E731

    # ---- more of PyTorch's names: aliases and small functions (autograd.ops) ----------------
    logical_and = lambda self, other: _ops.logical_and(self, other)  # noqa: E731
    logical_or = lambda self, other: _ops.logical_or(self, other)  # noqa: E731
    logical_xor = lambda self, other: _ops.logical_xor(self, other)  # noqa: E731
    logical_not = lambda self: _ops.logical_not(self)  # noqa: E731
    signbit = lambda self: _ops.signbit(self)  # noqa: E731
    isposinf = lambda self: _ops.isposinf(self)  # noqa: E731
    isneginf = lambda self: _ops.isneginf(self)  # noqa: E731
    isreal = lambda self: _ops.isreal(self)  # noqa: E731
    real = property(lambda self: self, doc="The real part: the Tensor itself (no complex dtypes here)")
    gcd = lambda self, other: _ops.gcd(self, other)  # noqa: E731
    lcm = lambda self, other: _ops.lcm(self, other)  # noqa: E731
    fmax = lambda self, other: _ops.fmax(self, other)  # noqa: E731
    fmin = lambda self, other: _ops.fmin(self, other)  # noqa: E731
    float_power = lambda self, exponent: _ops.float_power(self, exponent)  # noqa: E731
    ldexp = lambda self, other: _ops.ldexp(self, other)  # noqa: E731
    frexp = lambda self: _ops.frexp(self)  # noqa: E731
    deg2rad = lambda self: _ops.deg2rad(self)  # noqa: E731
    rad2deg = lambda self: _ops.rad2deg(self)  # noqa: E731
    dist = lambda self, other, p=2: _ops.dist(self, other, p)  # noqa: E731
    clamp_min = lambda self, min: self.clamp(min=min)  # noqa: E731
    clamp_max = lambda self, max: self.clamp(max=max)  # noqa: E731
    fix = lambda self: self.trunc()  # noqa: E731
    sgn = lambda self: self.sign()  # noqa: E731
    msort = lambda self: self.sort(0).values  # noqa: E731
    ravel = lambda self: self.reshape(-1)  # noqa: E731

    def fliplr(self):
        """Columns in reverse order (dim 1; at least 2-d)."""
        if self.ndim < 2:
            raise ValueError(
                f"fliplr: needs a Tensor of at least 2 dimensions, got shape {tuple(self.shape)}"
            )
        return self.flip(1)

    def flipud(self):
        """Rows in reverse order (dim 0; at least 1-d)."""
        if self.ndim < 1:
            raise ValueError("flipud: needs a Tensor of at least 1 dimension, got a 0-d one")
        return self.flip(0)

    where = lambda self, condition, other: _ops.where(condition, self, other)  # noqa: E731

    def positive(self):
        """+x: the Tensor itself (PyTorch refuses bool Tensors)."""
        if self.dtype.kind == "b":
            raise TypeError("positive: the + operator is not supported on bool Tensors")
        return self

    def mv(self, vec):
        """Matrix (n, m) times vector (m,)."""
        if self.ndim != 2 or not isinstance(vec, Tensor) or vec.ndim != 1 or vec.shape[0] != self.shape[1]:
            raise ValueError(
                f"mv: needs a matrix (n, m) and a vector (m,); got shapes {tuple(self.shape)} and {np.shape(vec)}"
            )
        return self @ vec

    def select(self, dim, index):
        """The slice at ``index`` along ``dim`` (that dimension removed): ``x[:, index]`` for dim 1."""
        dim = _dim(dim, self, "select")
        size = self.shape[dim] if self.ndim else 1
        if isinstance(index, bool) or not isinstance(index, numbers.Integral) or not -size <= index < size:
            raise IndexError(
                f"select: index {index!r} is out of range for dim {dim} of size {size} (shape {tuple(self.shape)})"
            )
        return self[(slice(None),) * dim + (int(index),)]

    def tile(self, *dims):
        """The Tensor repeated ``dims`` times along each dimension; fewer dims than the Tensor
        has count from the last (ones are put in front), more add dimensions in front."""
        dims = _sizes(dims, "tile")
        return self.repeat(*((1,) * (self.ndim - len(dims)) + dims))

    # ---- introspection: what PyTorch tells of a Tensor's memory ------------------------------
    is_cpu = True
    nbytes = property(attrgetter("_data.nbytes"), doc="Bytes of the elements (numel * element_size)")
    retains_grad = property(
        lambda self: self._ctx is not None and self._ctx._retains_grad,
        doc="Whether retain_grad() was called on this non-leaf Tensor",
    )

    def is_contiguous(self, memory_format=None):
        """Whether the elements lie in row order in memory, one after the other."""
        return self._data.flags.c_contiguous

    def stride(self, dim=None):
        """Steps in memory, in elements, from one index to the next along each dimension."""
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[_dim(dim, self, "stride")]

    def storage_offset(self):
        """Where the first element is in the memory it shares with its base, in elements."""
        base = self._data
        while isinstance(base.base, np.ndarray):
            base = base.base
        if not self._data.size or base is self._data:
            return 0
        return (self._data.ctypes.data - base.ctypes.data) // self._data.itemsize

    def data_ptr(self):
        """The address of the first element (0 for a Tensor without elements)."""
        return self._data.ctypes.data if self._data.size else 0

    def dim_order(self):
        """The dimensions from the outermost in memory to the innermost: 0, 1, ... for a contiguous
        Tensor, else by stride, largest first, a dimension of stride 0 left where it is and of
        two equal strides the larger dimension outside (PyTorch's order)."""
        if self.ndim < 2 or self._data.flags.c_contiguous:
            return tuple(range(self.ndim))
        strides, shape = self.stride(), self.shape

        def inner(a, b):  # True if dimension a lies inside b in memory (and must move after it)
            if strides[a] == 0 or strides[b] == 0:
                return None
            if strides[a] == strides[b]:
                return None if shape[a] >= shape[b] else True
            return strides[a] < strides[b]

        order = list(range(self.ndim))  # an insertion sort that leaves undecided pairs alone
        for i in range(self.ndim - 2, -1, -1):
            j = i
            for k in range(i + 1, self.ndim):
                verdict = inner(order[j], order[k])
                if verdict:
                    order[j], order[k] = order[k], order[j]
                    j = k
                elif verdict is False:
                    break
        return tuple(order)

    get_device = lambda self: -1  # noqa: E731  (the CPU's number, as in PyTorch)
    is_complex = lambda self: False  # noqa: E731  (no complex dtypes in chainrule)
    is_signed = lambda self: self._data.dtype.kind in "if"  # noqa: E731
    is_same_size = lambda self, other: self.shape == other.shape  # noqa: E731
    is_inference = lambda self: False  # noqa: E731  (inference_mode is no_grad here: no inference Tensors)
    is_conj = lambda self: False  # noqa: E731  (real dtypes only: no lazy conjugate bit)
    is_neg = lambda self: False  # noqa: E731  (no lazy negative bit)
    conj = lambda self: self  # noqa: E731  (the conjugate of a real Tensor is itself, as in PyTorch)
    resolve_conj = resolve_neg = conj_physical = lambda self: self  # noqa: E731

    def as_strided(self, size, stride, storage_offset=None):
        """The strided view of this Tensor's elements (see ``autograd.as_strided``)."""
        return _compat.as_strided(self, size, stride, storage_offset)

    def is_nonzero(self):
        """The truth of a one-element Tensor (PyTorch's error for others)."""
        if self._data.size != 1:
            which = "no values" if not self._data.size else "more than one value"
            raise RuntimeError(f"Boolean value of Tensor with {which} is ambiguous")
        return bool(self._data.item())

    # ---- random fills and samples (PyTorch's streams, see autograd.random) -----------
    uniform_ = lambda self, a=0.0, b=1.0, generator=None: _random.uniform_(self, a, b, generator)  # noqa: E731
    normal_ = lambda self, mean=0.0, std=1.0, generator=None: _random.normal_(self, mean, std, generator)  # noqa: E731
    random_ = lambda self, *bounds, generator=None: _random.random_(self, *bounds, generator=generator)  # noqa: E731
    bernoulli_ = lambda self, p=0.5, generator=None: _random.bernoulli_(self, p, generator)  # noqa: E731
    exponential_ = lambda self, lambd=1.0, generator=None: _random.exponential_(self, lambd, generator)  # noqa: E731
    bernoulli = lambda self, p=None, generator=None: _random.bernoulli(self, p, generator)  # noqa: E731
    multinomial = lambda self, num_samples, replacement=False, generator=None: _random.multinomial(  # noqa: E731
        self, num_samples, replacement, generator
    )


# ---- in place from out of place: ``x.addmm_(...)`` writes ``x.addmm(...)`` into x -------
def _in_place(name):
    """``x.<name>_(...)``: ``x.<name>(...)`` computed and written into x (``inplace.write``:
    recorded in the graph when one is involved)."""

    def method(self, *args, **kwargs):
        return _inplace.write(
            self, lambda x: getattr(x, name)(*args, **kwargs), name + "_", *args, *kwargs.values()
        )

    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"In place: ``{name}``'s result written into this Tensor."
    return method


for _name in """addmm addmv addr addbmm baddbmm addcmul addcdiv index_fill index_copy masked_scatter
scatter scatter_add scatter_reduce renorm""".split():
    setattr(Tensor, _name + "_", _in_place(_name))


# ---- argument normalisation: one place for PyTorch's and numpy's spellings ---------
def _torch_keywords(method):
    """Accept numpy's ``axis=`` / ``keepdims=`` beside PyTorch's ``dim=`` / ``keepdim=``, and
    the ``out=None`` numpy's functions pass (so ``np.sum(t)``, ``np.all(t)`` work on Tensors).
    PyTorch's out= belongs to the functions (``autograd.sum(t, 1, out=s)``), not the methods."""

    @functools.wraps(method)
    def normalised(self, *args, **kwargs):
        if kwargs.pop("out", None) is not None:
            raise TypeError(
                f"{method.__name__}: Tensor methods take no out= (as in PyTorch); use the returned Tensor"
            )
        for numpy_name, torch_name in (("axis", "dim"), ("keepdims", "keepdim")):
            if numpy_name in kwargs:
                if torch_name in kwargs:
                    raise TypeError(f"{method.__name__}: pass {torch_name}= or {numpy_name}=, not both")
                kwargs[torch_name] = kwargs.pop(numpy_name)
        return method(self, *args, **kwargs)

    return normalised


for _name in (
    "sum",
    "mean",
    "var",
    "std",
    "max",
    "min",
    "amax",
    "amin",
    "logsumexp",
    "softmax",
    "log_softmax",
    "argmax",
    "argmin",
    "all",
    "any",
    "squeeze",
    "unsqueeze",
    "size",
    "prod",
    "cumsum",
    "cumprod",
    "norm",
    "sort",
    "argsort",
    "topk",
    "round",
    "median",
    "nanmedian",
    "mode",
    "quantile",
    "nanquantile",
    "aminmax",
    "count_nonzero",
    "cummax",
    "cummin",
    "logcumsumexp",
    "diff",
    "unique",
    "unique_consecutive",
    "tensor_split",
    "kthvalue",
    "nansum",
    "nanmean",
):
    setattr(Tensor, _name, _torch_keywords(getattr(Tensor, _name)))


def _in_place(name):
    """``x.name_(...)``: ``x.name(...)`` written into x (see ``autograd.inplace.write``)."""

    def method(self, *args, **kwargs):
        return _inplace.write(
            self, lambda x: getattr(x, name)(*args, **kwargs), name + "_", *args, *kwargs.values()
        )

    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"``{name}`` in place."
    return method


for _name in """erf erfc erfinv lgamma digamma polygamma mvlgamma i0 sinc logit exp2 frac xlogy copysign
fmod remainder atan2 arctan2 hypot nextafter expm1 log1p""".split():
    setattr(Tensor, _name + "_", _in_place(_name))

for _name in "index_add index_put index_reduce put".split():
    setattr(Tensor, _name + "_", _in_place(_name))

# More in-place forms; comparisons and logical functions write 1 and 0 in the Tensor's own dtype.
for _name in """eq ne lt le gt ge greater greater_equal less less_equal not_equal logical_and logical_or
logical_xor logical_not bitwise_and bitwise_or bitwise_xor bitwise_not bitwise_left_shift
bitwise_right_shift sin cos tan asin acos atan arcsin arccos arctan sinh cosh rsqrt floor ceil round trunc
fix reciprocal square sign sgn log2 log10 absolute deg2rad rad2deg clamp_min clamp_max gcd lcm ldexp
lerp heaviside nan_to_num cumsum cumprod tril triu""".split():
    setattr(Tensor, _name + "_", _in_place(_name))


def _dim(dim, tensor, name):
    """A dimension index (negative counts from the end), checked against the Tensor."""
    ndim = max(tensor.ndim, 1)
    if isinstance(dim, bool) or not isinstance(dim, (numbers.Integral,)) or not -ndim <= dim < ndim:
        raise IndexError(
            f"{name}: dim {dim!r} is out of range for a Tensor of shape "
            f"{tuple(tensor.shape)} (expected an int in [{-ndim}, {ndim - 1}])"
        )
    return int(dim) % ndim


def _sizes(sizes, name):
    """``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])`` as a tuple of ints."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    sizes = tuple(int(n) if isinstance(n, Tensor) else n for n in sizes)
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"{name}: sizes must be ints, got {sizes!r}")
    return tuple(int(n) for n in sizes)


def _correction(unbiased, correction, ddof):
    """The n - correction divisor of var/std from PyTorch's or numpy's arguments."""
    given = [
        (k, v)
        for k, v in (("unbiased", unbiased), ("correction", correction), ("ddof", ddof))
        if v is not None
    ]
    if len(given) > 1:
        raise TypeError(
            f"var/std: pass one of unbiased=, correction=, ddof=; got {', '.join(k for k, _ in given)}"
        )
    if unbiased is not None:
        return 1 if unbiased else 0
    return 1 if not given else given[0][1]


def _arg(name, np_function, tensor, dim, keepdim):
    if dim is None and keepdim:
        return Tensor._make(np.asarray(np_function(tensor._data)).reshape((1,) * tensor.ndim))
    return Tensor._make(
        np.asarray(_shape_call(name, np_function, tensor, dim, keepdims=keepdim), dtype=np.int64)
    )


def _shape_call(name, np_function, tensor, axis, **options):
    """Call a numpy function that takes an axis, with an error naming the op and the shape."""
    try:
        return np_function(tensor._data, axis, **options)
    except (ValueError, IndexError, TypeError, OverflowError) as error:
        raise ValueError(
            f"{name}: dim {axis!r} does not fit a Tensor of shape {tuple(tensor.shape)} ({error})"
        ) from None


def _as_index(index):
    """Indices may contain Tensors (int or bool) and lists; numpy wants arrays."""
    if isinstance(index, Tensor):
        return _index_array(index._data)
    if isinstance(index, tuple):
        return tuple(
            _index_array(i._data)
            if isinstance(i, Tensor)
            else np.asarray(i)
            if isinstance(i, (list, range))
            else i
            for i in index
        )
    if isinstance(index, (list, range)):
        return np.asarray(index)
    return index


def _index_array(array):
    if array.dtype.kind == "f":
        raise IndexError(f"tensors used as indices must be integer or bool, not {array.dtype}")
    return array


def _python_number(value, like):
    """A Python number as a 0-d array that takes ``like``'s dtype where it fits (PyTorch's
    rule for Python scalars: float32 + 2.5 stays float32, int32 + 1 stays int32; an integer
    Tensor and a Python float give the default float dtype)."""
    if isinstance(value, complex):
        raise TypeError(f"complex numbers are not supported (got {value!r})")
    if isinstance(value, bool):
        return np.asarray(value)
    if like.kind == "f" or (like.kind in "iu" and isinstance(value, numbers.Integral)):
        try:
            return np.asarray(value, dtype=like)
        except OverflowError:
            pass
    if isinstance(value, numbers.Integral):
        try:
            return np.asarray(value, dtype=np.int64)
        except OverflowError:
            raise ValueError(f"the number {value!r} is too large for a Tensor") from None
    return np.asarray(value, dtype=dtypes.get_default_dtype())


class _HookHandle:
    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def tensor(data, dtype=None, device=None, requires_grad=False, name=None):
    """A Tensor of a copy of ``data``, its dtype inferred as ``torch.tensor`` does:
    Python ints int64, bools bool, floats the default float dtype; arrays keep theirs."""
    dtypes.check_device(device)
    t = Tensor._make(_as_array(data, dtype))
    t.name = name
    return t.requires_grad_(True) if requires_grad else t


# Late imports: the ops, the engine and the in-place mechanism need the class above.
from . import compat as _compat  # noqa: E402
from . import creation as _creation  # noqa: E402
from . import engine as _engine  # noqa: E402
from . import inplace as _inplace  # noqa: E402
from . import ops as _ops  # noqa: E402
from . import random as _random  # noqa: E402
from . import typeinfo as _typeinfo  # noqa: E402
