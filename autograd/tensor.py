"""Tensor: a numpy array that remembers how it was computed.

A Tensor holds ``data`` (a numpy array), ``grad`` (filled in by
``backward``) and, when it came out of an operation on Tensors that require
grad, ``grad_fn``: the node of that operation, which links to its inputs.
Every operator and method here delegates to an op in ``autograd.ops``, where
each forward sits beside its derivative.
"""
import numbers
from operator import attrgetter

import numpy as np

from . import clock, grad_mode
from .scalar import Scalar

_FLOAT_KINDS = "f"


def as_dtype(dtype, what="dtype"):
    """A numeric numpy dtype from a name or type, or a TypeError saying what was given."""
    try:
        dtype = np.dtype(dtype)
    except (TypeError, ValueError, SyntaxError):
        raise TypeError(f"{what}: {dtype!r} is not a dtype (use e.g. 'float32', 'float64', "
                        "'int64' or numpy's types)") from None
    if dtype.kind not in "biuf":
        raise TypeError(f"{what}: Tensors hold bool, integer or float numbers, not {dtype}")
    return dtype


def _as_array(data, dtype=None):
    """Convert user data to a numpy array, with errors that say what was wrong."""
    dtype = None if dtype is None else as_dtype(dtype, "Tensor")
    if isinstance(data, Tensor):
        return np.array(data._data, dtype=dtype)
    if isinstance(data, Scalar):
        raise TypeError("a Scalar cannot become Tensor data: Scalars and Tensors do not mix (the "
                        "Scalar's graph would be lost); use Tensor(s.data) for its value alone")
    if data is None or isinstance(data, (str, bytes, dict, set, complex)):
        raise TypeError(f"Tensor data must be a number, a (nested) list of numbers or a "
                        f"numpy array; got {type(data).__name__}")
    try:
        if isinstance(data, np.ndarray) or isinstance(data, np.generic):
            array = np.array(data, dtype=dtype)
        else:
            array = np.array(data, dtype=np.float64 if dtype is None else dtype)
    except OverflowError as error:
        raise ValueError(f"Tensor data holds a number too large for its dtype: {error}") from None
    except (ValueError, TypeError) as error:
        raise ValueError(f"Tensor data must be a number, a rectangular (nested) list of "
                         f"numbers or a numpy array; could not convert it: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Tensor data must be numeric (bool, integer or float); got dtype {array.dtype}")
    return array


class Tensor:
    """An n-dimensional array with automatic differentiation.

    ``Tensor(data, requires_grad=False, dtype=None, name=None)``: Python
    numbers and lists become float64, numpy arrays keep their dtype (and are
    copied). Only floating-point Tensors can require grad.
    """

    __slots__ = ("_data", "grad", "requires_grad", "_ctx", "name", "_hooks",
                 "_retains_grad", "_version", "__weakref__")

    def __init__(self, data, requires_grad=False, dtype=None, name=None):
        self._data = _as_array(data, dtype)
        self.grad = None
        self.requires_grad = False
        self._ctx = None
        self.name = name
        self._hooks = None
        self._retains_grad = False
        self._version = 0
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _make(cls, data, ctx=None):
        """Wrap an array an op produced (no copy, no checks): the fast path."""
        t = object.__new__(Tensor)
        t._data = data
        t.grad = None
        t.requires_grad = ctx is not None
        t._ctx = ctx
        t.name = None
        t._hooks = None
        t._retains_grad = False
        t._version = 0
        return t

    # ---- what a Tensor is -------------------------------------------------
    # the array's (read by every op: attrgetter runs in C, a lambda would cost a Python call each)
    shape = property(attrgetter("_data.shape"), doc="The array's shape, a tuple")
    ndim = property(attrgetter("_data.ndim"), doc="The number of dimensions")
    size = property(attrgetter("_data.size"), doc="The number of elements")
    dtype = property(attrgetter("_data.dtype"), doc="The array's numpy dtype")
    is_leaf = property(lambda self: self._ctx is None, doc="True for Tensors no op produced")

    @property
    def data(self):
        """The values as a Tensor outside the graph, sharing memory (PyTorch's ``.data``):
        changing it changes this Tensor, and autograd does not see the change."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value):
        self._data = value._data if isinstance(value, Tensor) else _as_array(value)
    grad_fn = property(attrgetter("_ctx"), doc="The node of the op that made this Tensor, or None")

    def __repr__(self):
        body = np.array2string(self._data, separator=", ", prefix="tensor(")
        extras = []
        if self._data.dtype != np.float64:
            extras.append(f"dtype={self._data.dtype}")
        if self._ctx is not None:
            extras.append(f"grad_fn=<{self._ctx.name}>")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.name is not None:
            extras.append(f"name={self.name!r}")
        return f"tensor({', '.join([body] + extras)})"

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d Tensor")
        return len(self._data)

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d Tensor")
        return (self[i] for i in range(len(self._data)))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """numpy ufuncs on Tensors run as our ops: ``np.exp(t)`` and ``np.ones(3) * t``
        give tracked Tensors. Ufuncs we cannot differentiate raise TypeError."""
        op = _ops.UFUNCS.get(ufunc) if method == "__call__" and not kwargs else None
        if op is None:
            call = ufunc.__name__ + ("" if method == "__call__" else "." + method)
            raise TypeError(f"numpy.{call}{' with ' + ', '.join(kwargs) if kwargs else ''} is not "
                            "supported on Tensors (it would not be differentiated); use a Tensor "
                            "method, or .numpy() for a plain array")
        like = next(x for x in inputs if isinstance(x, Tensor))
        return op(*[like._lift(x) for x in inputs])

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __bool__(self):
        return bool(self._data)

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    __hash__ = object.__hash__    # == is elementwise, yet Tensors still work in sets and dicts

    def item(self):
        """The single value of a one-element Tensor, as a Python number."""
        if self._data.size != 1:
            raise ValueError(f"item() needs a Tensor with exactly one element; this one has "
                             f"shape {self._data.shape} ({self._data.size} elements)")
        return self._data.item()

    def numpy(self):
        """The data as a numpy array (shared, not copied)."""
        return self._data

    def tolist(self):
        return self._data.tolist()

    # ---- gradient bookkeeping --------------------------------------------
    def requires_grad_(self, requires_grad=True):
        """Mark a leaf as a variable to differentiate with respect to."""
        if requires_grad and self._data.dtype.kind not in _FLOAT_KINDS:
            raise ValueError(f"only floating-point Tensors can require grad; this one has "
                             f"dtype {self._data.dtype} (use .astype('float64') first)")
        if self._ctx is not None and not requires_grad:
            raise RuntimeError("requires_grad_(False) on a non-leaf Tensor; use .detach() instead")
        self.requires_grad = bool(requires_grad)
        return self

    def detach(self):
        """A new leaf sharing this data, cut from the graph."""
        return Tensor._make(self._data)

    def retain_grad(self):
        """Keep ``.grad`` on this non-leaf Tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad() on a Tensor that does not require grad")
        self._retains_grad = True

    def register_hook(self, hook):
        """Call ``hook(grad_array)`` when this Tensor's gradient is computed.

        The hook may return a replacement array. Returns a handle whose
        ``remove()`` unregisters it.
        """
        if not self.requires_grad:
            raise RuntimeError("register_hook() on a Tensor that does not require grad")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return _HookHandle(self._hooks, hook)

    def zero_grad(self):
        """Forget the accumulated gradient (``.grad = None``)."""
        self.grad = None

    def backward(self, gradient=None, retain_graph=False, create_graph=False):
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``.

        ``gradient`` is d(loss)/d(self); it may be omitted when self has one
        element. Without ``retain_graph=True`` the graph's saved values are
        freed and a second backward through it is an error (as in PyTorch).
        """
        _engine.backward((self,), (gradient,), retain_graph=retain_graph or create_graph,
                         create_graph=create_graph)

    # ---- in-place updates (only where no graph can see them) --------------
    def _check_inplace(self, what):
        if self.requires_grad and grad_mode._mode.enabled:
            raise RuntimeError(f"{what} on a Tensor that requires grad would corrupt its graph; "
                               "wrap it in `with autograd.no_grad():` (e.g. for a manual update)")

    def _inplace(self, np_op, other, what):
        self._check_inplace(what)
        if isinstance(other, numbers.Number) and not isinstance(other, np.generic):
            other = _python_number(other, self._data.dtype)
        np_op(self._data, other._data if isinstance(other, Tensor) else other,
              out=self._data, casting="same_kind")
        clock.mark_changed(self)
        return self

    def __iadd__(self, other):
        return self._inplace(np.add, other, "+=")

    def __isub__(self, other):
        return self._inplace(np.subtract, other, "-=")

    def __imul__(self, other):
        return self._inplace(np.multiply, other, "*=")

    def __itruediv__(self, other):
        return self._inplace(np.true_divide, other, "/=")

    def __setitem__(self, index, value):
        self._check_inplace("item assignment")
        if isinstance(value, numbers.Number) and not isinstance(value, np.generic):
            value = _python_number(value, self._data.dtype)
        try:
            self._data[_as_index(index)] = value._data if isinstance(value, Tensor) else value
        except OverflowError:
            raise IndexError(f"index {index!r} is out of range for a Tensor of shape {self.shape}") from None
        clock.mark_changed(self)

    # ---- arithmetic -------------------------------------------------------
    def _lift(self, other):
        """Turn the other operand into a Tensor; Python numbers take our dtype."""
        if isinstance(other, Tensor):
            return other
        if type(other) is float and self._data.dtype.kind == "f":     # the common case, fast
            return Tensor._make(np.asarray(other, dtype=self._data.dtype))
        if isinstance(other, numbers.Number) and not isinstance(other, np.generic):
            return Tensor._make(_python_number(other, self._data.dtype))
        return Tensor._make(_as_array(other) if not isinstance(other, np.ndarray) else other)

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

    # ---- comparisons: bool Tensors, no gradient ----------------------------
    def _compare(self, np_op, other):
        if isinstance(other, Tensor):
            other = other._data
        elif isinstance(other, numbers.Number):
            other = _python_number(other, self._data.dtype)
        return Tensor._make(np.asarray(np_op(self._data, other)))

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

    # ---- elementwise functions ---------------------------------------------
    def exp(self):
        return _ops.Exp.apply(self)

    def log(self):
        return _ops.Log.apply(self)

    def sqrt(self):
        return _ops.Sqrt.apply(self)

    def abs(self):
        return _ops.Abs.apply(self)

    def sin(self):
        return _ops.Sin.apply(self)

    def cos(self):
        return _ops.Cos.apply(self)

    def tanh(self):
        return _ops.Tanh.apply(self)

    def sigmoid(self):
        return _ops.Sigmoid.apply(self)

    def relu(self):
        return _ops.ReLU.apply(self)

    def leaky_relu(self, negative_slope=0.01):
        return _ops.LeakyReLU.apply(self, negative_slope=negative_slope)

    def elu(self, alpha=1.0):
        return _ops.ELU.apply(self, alpha=alpha)

    def softplus(self, beta=1.0, threshold=20.0):
        return _ops.Softplus.apply(self, beta=beta, threshold=threshold)

    def erf(self):
        return _ops.Erf.apply(self)

    def gelu(self, approximate="none"):
        return _ops.gelu(self, approximate)

    def clip(self, min=None, max=None):
        return _ops.Clip.apply(self, low=min, high=max)

    clamp = clip

    def maximum(self, other):
        return _ops.Maximum.apply(self, self._lift(other))

    def minimum(self, other):
        return _ops.Minimum.apply(self, self._lift(other))

    def astype(self, dtype):
        """A copy with another dtype; the gradient is cast back."""
        dtype = as_dtype(dtype, "astype")
        if dtype == self._data.dtype:
            return self
        return _ops.Cast.apply(self, dtype=dtype)

    # ---- reductions ----------------------------------------------------------
    def sum(self, axis=None, keepdims=False):
        return _ops.Sum.apply(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        return _ops.Mean.apply(self, axis=axis, keepdims=keepdims)

    def var(self, axis=None, keepdims=False, ddof=0):
        return _ops.var(self, axis, keepdims, ddof)

    def std(self, axis=None, keepdims=False, ddof=0):
        return _ops.var(self, axis, keepdims, ddof).sqrt()

    def max(self, axis=None, keepdims=False):
        return _ops.Max.apply(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return _ops.Min.apply(self, axis=axis, keepdims=keepdims)

    def logsumexp(self, axis=None, keepdims=False):
        return _ops.LogSumExp.apply(self, axis=axis, keepdims=keepdims)

    def softmax(self, axis=-1):
        return _ops.Softmax.apply(self, axis=axis)

    def log_softmax(self, axis=-1):
        return _ops.LogSoftmax.apply(self, axis=axis)

    def argmax(self, axis=None, keepdims=False):
        """Indices of the largest values (integers, no gradient)."""
        return Tensor._make(np.asarray(_shape_call("argmax", np.argmax, self, axis, keepdims=keepdims)))

    def argmin(self, axis=None, keepdims=False):
        """Indices of the smallest values (integers, no gradient)."""
        return Tensor._make(np.asarray(_shape_call("argmin", np.argmin, self, axis, keepdims=keepdims)))

    # ---- shape -----------------------------------------------------------------
    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
        return _ops.Reshape.apply(self, shape=tuple(shape))

    view = reshape

    def flatten(self, start_dim=0, end_dim=-1):
        """Merge dimensions start_dim..end_dim into one (PyTorch's flatten)."""
        if self._data.ndim == 0:
            return self.reshape(1)
        ndim = self._data.ndim
        if not all(isinstance(d, (int, np.integer)) and -ndim <= d < ndim for d in (start_dim, end_dim)):
            raise IndexError(f"flatten: start_dim={start_dim!r}, end_dim={end_dim!r} out of range "
                             f"for a Tensor of shape {self.shape}")
        start, end = start_dim % ndim, end_dim % ndim
        shape = self.shape[:start] + (-1,) + self.shape[end + 1:]
        return self.reshape(shape)

    def transpose(self, *axes):
        """No axes: reverse them (numpy). Two axes: swap them (PyTorch). More: a permutation."""
        axes = axes[0] if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        if len(axes) == 2:
            return self.swapaxes(*axes)
        return _ops.Transpose.apply(self, axes=tuple(axes) if axes else None)

    def permute(self, *dims):
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        return _ops.Transpose.apply(self, axes=tuple(dims))

    def swapaxes(self, axis1, axis2):
        order = list(range(self._data.ndim))
        try:
            order[axis1], order[axis2] = order[axis2], order[axis1]
        except (IndexError, TypeError):
            raise IndexError(f"swapaxes: axes ({axis1}, {axis2}) out of range for a Tensor "
                             f"with {self._data.ndim} dimensions") from None
        return _ops.Transpose.apply(self, axes=tuple(order))

    @property
    def T(self):
        return _ops.Transpose.apply(self, axes=None)

    def squeeze(self, axis=None):
        return self.reshape(_shape_call("squeeze", np.squeeze, self, axis).shape)

    def unsqueeze(self, axis):
        return self.reshape(_shape_call("unsqueeze", np.expand_dims, self, axis).shape)

    def broadcast_to(self, shape):
        return _ops.BroadcastTo.apply(self, shape=tuple(shape))

    def __getitem__(self, index):
        return _ops.GetItem.apply(self, index=_as_index(index))


def _shape_call(name, np_function, tensor, axis, **options):
    """Call a numpy function that takes an axis, with an error naming the op and the shape."""
    try:
        return np_function(tensor._data, axis, **options)
    except (ValueError, IndexError, TypeError, OverflowError) as error:
        raise ValueError(f"{name}: axis {axis!r} does not fit a Tensor of shape {tensor.shape} "
                         f"({error})") from None


def _as_index(index):
    """Indices may contain Tensors (int or bool); numpy wants arrays."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    if isinstance(index, list):
        return np.asarray(index)
    return index


def _python_number(value, like):
    """A Python number as a 0-d array that takes ``like``'s dtype where it fits (numpy's
    rule for Python scalars: float32 + 2.5 stays float32, int32 + 1 stays int32)."""
    if isinstance(value, complex):
        raise TypeError(f"complex numbers are not supported (got {value!r})")
    if isinstance(value, bool):
        return np.asarray(value)
    if like.kind == "f" or (like.kind in "iu" and isinstance(value, int)):
        try:
            return np.asarray(value, dtype=like)
        except OverflowError:
            pass
    try:
        array = np.asarray(value if isinstance(value, int) else float(value))
    except OverflowError:
        array = np.asarray(None)
    if array.dtype.kind not in "biuf":          # numpy keeps ints beyond int64 as objects
        raise ValueError(f"the number {value!r} is too large for a Tensor")
    return array


class _HookHandle:
    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def tensor(data, requires_grad=False, dtype=None, name=None):
    """Same as ``Tensor(...)``, as a function."""
    return Tensor(data, requires_grad=requires_grad, dtype=dtype, name=name)


# Late imports: the ops and the engine need the Tensor class defined above.
from . import engine as _engine  # noqa: E402
from . import ops as _ops  # noqa: E402
