"""Shape operations: they move numbers around, so their derivatives move
gradients back. Pairs that undo each other are each other's derivative:
reshape/reshape, transpose/inverse transpose, broadcast_to/sum_to,
getitem/index_add.

The lower-case functions (``sum_to``, ``broadcast_to``, ``transpose``,
``index_add``) work on numpy arrays and on Tensors alike, for use inside
backward (see ``autograd.function``).
"""

import numpy as np

from ..function import Function
from ..tensor import Tensor


def broadcasting(np_op, *arrays, name, quiet=False):
    """Apply a numpy op whose operands broadcast, with errors that name the op and shapes.

    ``quiet`` silences numpy's floating-point warnings where the IEEE result
    (inf or nan, as PyTorch gives) is the answer, e.g. 1/0 or 0**-1.
    """
    try:
        if quiet:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                return np_op(*arrays)
        return np_op(*arrays)
    except ValueError as error:
        shapes = [np.shape(a) for a in arrays]
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            listed = " and ".join(str(shape) for shape in shapes)
            raise ValueError(f"{name}: shapes {listed} cannot be broadcast together") from None
        raise ValueError(f"{name}: {error}") from None


class Reshape(Function):
    """y = x.reshape(shape);  dx = dy.reshape(x.shape)"""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.input_shape = x.shape
        try:
            return x.reshape(shape)
        except ValueError:
            raise ValueError(
                f"reshape: cannot reshape a Tensor of shape {tuple(x.shape)} ({x.size} elements) into shape {shape}"
            ) from None

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.input_shape)


class Transpose(Function):
    """y = x.transpose(axes);  dx = dy.transpose(inverse of axes)"""

    @staticmethod
    def forward(ctx, x, axes):
        try:
            out = np.transpose(x, axes)
        except (ValueError, TypeError):
            raise ValueError(
                f"transpose: axes {axes} are not a permutation of the {x.ndim} dimensions of shape {tuple(x.shape)}"
            ) from None
        ctx.axes = axes
        return out

    @staticmethod
    def backward(ctx, grad):
        return transpose(grad, None if ctx.axes is None else tuple(np.argsort(ctx.axes)))


class BroadcastTo(Function):
    """y = broadcast_to(x, shape);  dx = sum_to(dy, x.shape)"""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.input_shape = x.shape
        try:
            return _broadcast_view(x, shape)
        except ValueError:
            raise ValueError(f"broadcast_to: shape {tuple(x.shape)} cannot be broadcast to {shape}") from None

    @staticmethod
    def backward(ctx, grad):
        return sum_to(grad, ctx.input_shape)


class SumTo(Function):
    """y = x summed over broadcast dimensions down to shape;  dx = broadcast_to(dy, x.shape)"""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.input_shape = x.shape
        return _sum_to(x, shape)

    @staticmethod
    def backward(ctx, grad):
        return broadcast_to(grad, ctx.input_shape)


def _sum_to(x, shape):
    lead = x.ndim - len(shape)
    if lead == 1 and x.shape[1:] == shape and x.dtype.kind in "fc":  # a bias's gradient: sum the rows
        return np.add.reduce(x, axis=0)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(shape, x.shape[lead:])):
        raise ValueError(f"sum_to: shape {tuple(x.shape)} does not broadcast from {shape}")
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1
    )
    if not axes:
        return x.reshape(shape)
    # the ufunc's own reduce (np.sum adds Python layers): floats keep their dtype, the rest
    # take np.sum's (bools and small ints sum as int64)
    total = np.add.reduce(x, axis=axes) if x.dtype.kind in "fc" else np.sum(x, axis=axes)
    return total if total.shape == shape else total.reshape(shape)


def sum_to(x, shape):
    """Sum a broadcast array or Tensor back down to ``shape``: where broadcasting is undone."""
    shape = tuple(shape)
    if np.shape(x) == shape:
        return x
    return SumTo.apply(x, shape=shape) if isinstance(x, Tensor) else _sum_to(np.asarray(x), shape)


def broadcast_to(x, shape):
    """Broadcast an array or a Tensor to ``shape`` (read-only view for arrays)."""
    return BroadcastTo.apply(x, shape=tuple(shape)) if isinstance(x, Tensor) else _broadcast_view(x, shape)


def _broadcast_view(x, shape):
    """``np.broadcast_to(x, shape)``: a read-only view, stride 0 along the broadcast dimensions,
    made directly for a contiguous array (numpy's goes through an nditer, several times slower
    for the small gradients a backward spreads, such as a loss's)."""
    if type(x) is not np.ndarray or not x.flags.c_contiguous or not x.size:
        return np.broadcast_to(x, shape)
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        return np.broadcast_to(x, shape)  # numpy's error
    strides = [0] * lead
    for n, m, stride in zip(shape[lead:], x.shape, x.strides):
        if m != n and m != 1:
            return np.broadcast_to(x, shape)  # numpy's error
        strides.append(stride if m == n else 0)
    view = np.ndarray(shape, x.dtype, x, 0, tuple(strides))
    view.flags.writeable = False
    return view


def transpose(x, axes):
    """Permute the axes of an array or a Tensor (None reverses them)."""
    return Transpose.apply(x, axes=axes) if isinstance(x, Tensor) else np.transpose(x, axes)


def index_add(x, index, shape):
    """Zeros of ``shape`` with x added at ``index``, for an array or a Tensor."""
    if isinstance(x, Tensor):
        return IndexAdd.apply(x, index=index, shape=shape)
    return _index_add(np.asarray(x), index, shape)


def _is_basic(index):
    """Basic indexing (ints, slices, ..., None) never repeats an element."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, np.integer, slice)) for i in items)


class GetItem(Function):
    """y = x[index];  dx = zeros with dy added at index (repeated indices add up)"""

    @staticmethod
    def forward(ctx, x, index):
        ctx.input_shape, ctx.index = x.shape, index
        try:
            return x[index]
        except IndexError as error:
            raise IndexError(
                f"index {index!r} is invalid for a Tensor of shape {tuple(x.shape)}: {error}"
            ) from None

    @staticmethod
    def backward(ctx, grad):
        return index_add(grad, ctx.index, ctx.input_shape)


class SetItem(Function):
    """y = x with y[index] = v;  dx = dy with zeros at index,  dv = dy[index]"""

    @staticmethod
    def forward(ctx, x, v, index):
        out = x.copy()
        try:
            out[index] = v
        except IndexError as error:
            raise IndexError(
                f"index {index!r} is invalid for a Tensor of shape {tuple(x.shape)}: {error}"
            ) from None
        except ValueError:
            raise ValueError(
                f"item assignment: a value of shape {np.shape(v)} does not fit "
                f"x[{index!r}] of shape {np.shape(x[index])}"
            ) from None
        ctx.index, ctx.kept = index, np.ones(x.shape, dtype=x.dtype)
        ctx.kept[index] = 0
        return out

    @staticmethod
    def backward(ctx, grad):
        need_x, need_v = ctx.needs_input_grad
        return (grad * ctx.kept if need_x else None), (grad[ctx.index] if need_v else None)


class Clone(Function):
    """y = a copy of x;  dx = dy"""

    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


class IndexAdd(Function):
    """y = zeros(shape) with x added at index;  dx = dy[index]"""

    @staticmethod
    def forward(ctx, x, index, shape):
        ctx.index = index
        return _index_add(x, index, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.index]


def _index_add(x, index, shape):
    out = np.zeros(shape, dtype=x.dtype)
    if _is_basic(index):
        out[index] = x
    else:
        np.add.at(out, index, x)
    return out


class Concatenate(Function):
    """y = concatenate(xs, axis);  dx_i = the slice of dy where x_i went"""

    @staticmethod
    def forward(ctx, *xs, axis):
        try:
            out = np.concatenate(xs, axis=axis)
        except (ValueError, np.exceptions.AxisError):
            raise ValueError(
                f"concatenate: shapes {[tuple(x.shape) for x in xs]} cannot be joined along axis {axis}"
            ) from None
        ctx.axis = axis % out.ndim
        ctx.bounds = np.cumsum([0] + [x.shape[ctx.axis] for x in xs])
        return out

    @staticmethod
    def backward(ctx, grad):
        before = (slice(None),) * ctx.axis
        return tuple(
            grad[before + (slice(start, stop),)] if need else None
            for start, stop, need in zip(ctx.bounds[:-1], ctx.bounds[1:], ctx.needs_input_grad)
        )


class Cast(Function):
    """y = x.astype(dtype);  dx = dy cast back to x's dtype"""

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.input_dtype = x.dtype
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad.astype(ctx.input_dtype)


def _tensors(tensors, name):
    if isinstance(tensors, Tensor) or not len(tensors):
        raise ValueError(f"{name} takes a non-empty list or tuple of Tensors")
    return [t if isinstance(t, Tensor) else Tensor._from_data(t) for t in tensors]


def concatenate(tensors, axis=0):
    """Join Tensors along an existing axis."""
    return Concatenate.apply(*_tensors(tensors, "concatenate"), axis=axis)


def stack(tensors, axis=0):
    """Join Tensors along a new axis."""
    tensors = _tensors(tensors, "stack")
    shapes = {t.shape for t in tensors}
    if len(shapes) > 1:
        raise ValueError(f"stack: all Tensors need the same shape; got {[tuple(t.shape) for t in tensors]}")
    return concatenate([t.unsqueeze(axis) for t in tensors], axis=axis)
