"""``torch.exp(x)``, ``torch.sum(x, dim=1)``, ``torch.cat([a, b], dim=1)``: PyTorch's
top-level functions. Most are the Tensor method of the same name called on the first
argument (the table ``METHODS``); the few that take several Tensors are written out.
Those of ``OUT`` also take PyTorch's ``out=`` (``torch.mul(a, b, out=c)``), one mechanism
for all: ``autograd.inplace.into`` writes the result into ``c``."""

import functools

import numpy as np

from . import dtypes, inplace, ops
from .tensor import Tensor, tensor

METHODS = """abs absolute exp log log2 log10 sqrt rsqrt square reciprocal sin cos tanh sigmoid
relu erf sign clamp clip sum mean var std max min amax amin argmax argmin logsumexp softmax
log_softmax matmul mm bmm dot pow mul multiply add sub div divide neg negative reshape flatten
transpose permute swapaxes squeeze unsqueeze t broadcast_to isnan isinf isfinite isclose
allclose equal all any masked_fill numel clone detach log1p expm1 tan asin acos atan arcsin
arccos arctan sinh cosh floor ceil round trunc gather scatter scatter_add index_select
take_along_dim tril triu flip roll split chunk narrow unbind unflatten diagonal diag cumsum cumprod prod norm
sort argsort topk nonzero outer ger trace kron cross lerp logaddexp logaddexp2 hypot heaviside nan_to_num
median nanmedian mode quantile nanquantile aminmax count_nonzero histc unique unique_consecutive cummax
cummin logcumsumexp masked_select take tensor_split diff rot90 diag_embed diagflat det logdet slogdet
inverse matrix_power pinverse svd qr cholesky_solve cholesky_inverse
lgamma digamma mvlgamma erfc erfinv i0 sinc logit exp2 frac copysign fmod atan2 arctan2 nextafter
addmm addmv addr addbmm
baddbmm addcmul addcdiv inner vdot movedim moveaxis swapdims hsplit vsplit dsplit index_fill index_copy
masked_scatter scatter_reduce renorm
eq ne gt ge lt le greater greater_equal less less_equal not_equal logical_and logical_or logical_xor logical_not
bitwise_not signbit isneginf isposinf isreal clamp_min clamp_max subtract true_divide floor_divide positive fix
sgn deg2rad rad2deg fmax fmin ldexp frexp gcd lcm msort mv ravel select tile dist fliplr flipud
is_complex is_nonzero is_same_size is_signed is_inference get_device
abs_ acos_ arccos_ arcsin_ arctan_ asin_ atan_ ceil_ clamp_ clamp_max_ clamp_min_ clip_ cos_ cosh_ deg2rad_
erf_ erfc_ exp2_ exp_ expm1_ fix_ floor_ frac_ gcd_ i0_ lcm_ ldexp_ log10_ log1p_ log2_ log_ logit_ nan_to_num_
neg_ negative_ rad2deg_ reciprocal_ relu_ round_ rsqrt_ sigmoid_ sin_ sinc_ sinh_ sqrt_ square_ tan_ tanh_ trunc_
xlogy_ fill_ zero_ detach_
index_add index_put index_reduce put diagonal_scatter select_scatter slice_scatter kthvalue nansum nanmean
cov corrcoef argwhere histogram
lu lu_solve matrix_exp cholesky triangular_solve orgqr""".split()

# The functions to which PyTorch gives out= (its Tensor methods take none).
OUT = set(
    """abs absolute exp log log2 log10 sqrt rsqrt square reciprocal sin cos tanh sigmoid erf
sign clamp clip sum mean var std max min amax amin argmax argmin logsumexp softmax log_softmax
matmul mm bmm dot pow mul multiply add sub div divide neg negative all any log1p expm1 tan asin
acos atan arcsin arccos arctan sinh cosh floor ceil round trunc gather scatter scatter_add
index_select take_along_dim tril triu diag cumsum cumprod prod norm sort topk nonzero outer ger trace cross
kron lerp logaddexp logaddexp2 hypot heaviside nan_to_num median nanmedian mode quantile nanquantile
aminmax count_nonzero histc cummax cummin logcumsumexp masked_select take diff lgamma digamma mvlgamma
erfc erfinv i0 sinc logit exp2 frac copysign fmod atan2 arctan2 nextafter
addmm addmv addr addbmm
baddbmm addcmul addcdiv inner vdot index_copy scatter_reduce renorm
eq ne gt ge lt le greater greater_equal less less_equal not_equal logical_and logical_or logical_xor logical_not
bitwise_not signbit isneginf isposinf subtract true_divide floor_divide fix sgn deg2rad rad2deg fmax fmin ldexp
frexp gcd lcm msort mv clamp_min clamp_max
index_add index_reduce slice_scatter kthvalue nansum nanmean histogram""".split()
)


def _with_out(function):
    """``function`` taking ``out=``: with a Tensor (or a pair, for ``(values, indices)``),
    the result is written into it and it is returned (see ``autograd.inplace.into``)."""

    @functools.wraps(function)
    def with_out(*args, out=None, **kwargs):
        if out is None:
            return function(*args, **kwargs)
        inputs = args + tuple(kwargs.values())
        return inplace.into(out, function.__name__, lambda: function(*args, **kwargs), inputs)

    return with_out


def _method(name):
    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' must be a Tensor, not {type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``input.{name}(...)``: see ``Tensor.{name}``."
    return _with_out(function) if name in OUT else function


for _name in METHODS:
    globals()[_name] = _method(_name)


@_with_out
def cat(tensors, dim=0, *, axis=None):
    """Join Tensors along an existing dimension (``concatenate``)."""
    return ops.concatenate(tensors, dim if axis is None else axis)


concat = concatenate = cat


@_with_out
def stack(tensors, dim=0, *, axis=None):
    """Join Tensors of one shape along a new dimension."""
    return ops.stack(tensors, dim if axis is None else axis)


# Functions of several Tensors that take out= (PyTorch's), without a Tensor method.
tensordot = _with_out(ops.tensordot)
chain_matmul = _with_out(ops.chain_matmul)
hstack = _with_out(ops.hstack)
vstack = row_stack = _with_out(ops.vstack)
dstack = _with_out(ops.dstack)
column_stack = _with_out(ops.column_stack)


@_with_out
def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other``; with one argument, the indices
    of the true elements (a tuple of int64 Tensors, as ``torch.where(c)``)."""
    if input is None and other is None:
        return ops.nonzero(condition, as_tuple=True)
    return ops.where(condition, input, other)


# Functions of an integer Tensor or a Python int in either place, and float_power (also of a
# number and a Tensor): PyTorch's signatures, as autograd.ops defines them.
bitwise_and = _with_out(ops.bitwise_and)
bitwise_or = _with_out(ops.bitwise_or)
bitwise_xor = _with_out(ops.bitwise_xor)
bitwise_left_shift = _with_out(ops.bitwise_left_shift)
bitwise_right_shift = _with_out(ops.bitwise_right_shift)
float_power = _with_out(ops.float_power)


def real(input):
    """The real part: ``input`` itself (chainrule's Tensors hold real numbers)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"real(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input


def rsub(input, other, alpha=1):
    """other - alpha input (``input`` a Tensor, ``other`` a Tensor or a number)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"rsub(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input._lift(other) - (input if alpha == 1 else input * alpha)


def typename(obj):
    """The type's name as PyTorch prints it: ``torch.DoubleTensor`` for a float64 Tensor, else
    ``module.QualifiedName`` of a class, function or object's class (``int`` for builtins)."""
    if isinstance(obj, Tensor):
        return "torch." + _LEGACY_NAMES[obj.dtype.name]
    named = obj if hasattr(obj, "__qualname__") else type(obj)
    module = getattr(named, "__module__", "") or ""
    return named.__qualname__ if module in ("", "builtins") else f"{module}.{named.__qualname__}"


_LEGACY_NAMES = {
    "float64": "DoubleTensor",
    "float32": "FloatTensor",
    "float16": "HalfTensor",
    "int64": "LongTensor",
    "int32": "IntTensor",
    "int16": "ShortTensor",
    "int8": "CharTensor",
    "uint8": "ByteTensor",
    "bool": "BoolTensor",
}


def get_default_device():
    """The device factories make Tensors on: always the CPU."""
    return dtypes.device("cpu")


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """``input.repeat_interleave(repeats, dim)``; with one Tensor of counts alone,
    ``arange(len(counts))`` repeated so (``ops.repeat_interleave``)."""
    return ops.repeat_interleave(input, repeats, dim, output_size=output_size)


@_with_out
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each element is among test_elements (``ops.isin``)."""
    return ops.isin(elements, test_elements, assume_unique=assume_unique, invert=invert)


def set_default_device(device):
    """Accepted for the CPU (the only device chainrule has); any other is a clear error."""
    dtypes.check_device(device)


def broadcast_shapes(*shapes):
    """The shape that ``shapes`` broadcast to (numpy's rules, PyTorch's), as a Size."""
    try:
        return dtypes.Size(
            np.broadcast_shapes(*(tuple(s) if isinstance(s, (tuple, list)) else (s,) for s in shapes))
        )
    except ValueError:
        raise ValueError(
            f"broadcast_shapes: shapes {', '.join(map(str, shapes))} cannot be broadcast together"
        ) from None
    except TypeError:
        raise TypeError(f"broadcast_shapes: shapes must be ints or tuples of ints, got {shapes!r}") from None


def broadcast_tensors(*tensors):
    """The Tensors broadcast to one shape (``broadcast_to`` each, so gradients sum back)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    for n, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"broadcast_tensors: argument {n} must be a Tensor, not {type(t).__name__}")
    try:
        shape = broadcast_shapes(*(t.shape for t in tensors))
    except ValueError:
        shapes = ", ".join(str(tuple(t.shape)) for t in tensors)
        raise ValueError(f"broadcast_tensors: shapes {shapes} cannot be broadcast together") from None
    return tuple(t if t.shape == shape else ops.broadcast_to(t, shape) for t in tensors)


def einsum(equation, *operands):
    """Sums of products named by subscripts (``ops.einsum``): ``einsum("ij,jk->ik", a, b)``."""
    return ops.einsum(equation, *operands)


def bincount(input, weights=None, minlength=0):
    """Counts of each non-negative integer, or sums of their weights (``ops.bincount``)."""
    return ops.bincount(input, weights, minlength)


@_with_out
def polygamma(n, input):
    """The n-th derivative of digamma (``torch.polygamma(n, input)``; the method is
    ``input.polygamma(n)``)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"polygamma(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input.polygamma(n)


@_with_out
def xlogy(input, other):
    """input * log(other), 0 where input is 0; either may be a number (``ops.xlogy``)."""
    return ops.xlogy(input, other)


@_with_out
def remainder(input, other):
    """The remainder with the sign of other (Python's %); either may be a number."""
    return ops.remainder(input, other)


@_with_out
def maximum(input, other):
    return ops.maximum(input, other)


@_with_out
def minimum(input, other):
    return ops.minimum(input, other)


# Functions without a Tensor method: PyTorch's signatures, as autograd.ops defines them.
from .ops import (  # noqa: E402, F401  (exported in __all__)
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    bucketize,
    cartesian_prod,
    cdist,
    combinations,
    cumulative_trapezoid,
    gradient,
    histogramdd,
    lu_unpack,
    meshgrid,
    searchsorted,
    std_mean,
    trapezoid,
    trapz,
    tril_indices,
    triu_indices,
    unravel_index,
    vander,
    var_mean,
)

__all__ = METHODS + [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "block_diag",
    "bucketize",
    "cartesian_prod",
    "cdist",
    "combinations",
    "cumulative_trapezoid",
    "gradient",
    "lu_unpack",
    "meshgrid",
    "trapezoid",
    "trapz",
    "tensordot",
    "chain_matmul",
    "hstack",
    "vstack",
    "row_stack",
    "dstack",
    "column_stack",
    "searchsorted",
    "tril_indices",
    "triu_indices",
    "vander",
    "cat",
    "concat",
    "concatenate",
    "stack",
    "where",
    "is_tensor",
    "is_floating_point",
    "maximum",
    "minimum",
    "polygamma",
    "xlogy",
    "remainder",
    "einsum",
    "bincount",
    "broadcast_shapes",
    "broadcast_tensors",
    "tensor",
    "set_default_device",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "bitwise_left_shift",
    "bitwise_right_shift",
    "float_power",
    "real",
    "rsub",
    "typename",
    "get_default_device",
    "repeat_interleave",
    "isin",
    "histogramdd",
    "std_mean",
    "unravel_index",
    "var_mean",
]
