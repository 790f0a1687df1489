"""``torch.exp(x)``, ``torch.sum(x, dim=1)``, ``torch.cat([a, b], dim=1)``: PyTorch's
top-level functions. Most are the Tensor method of the same name called on the first
argument (the table ``METHODS``); the few that take several Tensors are written out.
Those of ``OUT`` also take PyTorch's ``out=`` (``torch.mul(a, b, out=c)``), one mechanism
for all: ``autograd.inplace.into`` writes the result into ``c``."""

import functools
from collections import namedtuple

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
baddbmm addcmul addcdiv inner vdot index_copy scatter_reduce renorm""".split()
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


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """``(hist, bin_edges)`` of the values (no gradient), as ``torch.histogram``."""
    hist, edges = np.histogram(
        np.asarray(input),
        bins=np.asarray(bins) if isinstance(bins, Tensor) else bins,
        range=range,
        density=density,
        weights=None if weight is None else np.asarray(weight),
    )
    dtype = np.asarray(input).dtype
    return HistogramResult(Tensor._make(hist.astype(dtype)), Tensor._make(edges.astype(dtype)))


HistogramResult = namedtuple("HistogramResult", ["hist", "bin_edges"])


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
    lu_unpack,
    meshgrid,
    searchsorted,
    trapezoid,
    trapz,
    tril_indices,
    triu_indices,
    vander,
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
    "histogram",
    "set_default_device",
]
