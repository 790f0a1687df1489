"""In-place operations: ``x += y``, ``x.add_(y)``, ``x[i] = v``, ``x.zero_()``, ...

They follow PyTorch. When no graph is involved (grad mode is off, or neither
the Tensor nor the operand requires grad) the Tensor's array is overwritten,
so everything sharing its memory (``t.data``, numpy views) sees the change.

When a graph is involved the operation is recorded: it is computed out of
place from the old value, and the Tensor takes the result's place, with its
new values and its new ``grad_fn``. Ops that used the Tensor before the change
link to its old node (see ``autograd.function.Context``), so they still
differentiate through the old value, and the old array is freed unless one of
them saved it. So ``h = x * w; h += b; h.relu()`` backpropagates to x, w and b
exactly as the out-of-place ``h = x * w + b`` would. As in PyTorch, hooks
registered before the change stay with the old value (its node), and
``retain_grad`` moves to the new one.

A leaf that requires grad cannot change in place while grad mode is on (as in
PyTorch: its graph would not see it); do it under ``no_grad()`` or on ``.data``.
"""

import numbers
import weakref

import numpy as np

from . import clock, grad_mode
from .tensor import Tensor, _as_array, _python_number


def arithmetic(tensor, np_op, op, other, what):
    """``x += y`` and friends: numpy's in-place ufunc outside a graph, ``op`` recorded inside."""
    _check_leaf(tensor, what)
    if _involves_graph(tensor, other):
        return _rebase(tensor, lambda old: op(old, old._operand(old if other is tensor else other)), what)
    if isinstance(other, Tensor):
        other = other._data
    elif isinstance(other, numbers.Number) and not isinstance(other, np.generic):
        other = _python_number(other, tensor._data.dtype)
    try:
        np_op(tensor._data, other, out=tensor._data, casting="same_kind")
    except TypeError:
        result = np.result_type(tensor._data, other)
        raise InPlaceDtypeError(
            f"{what}: the result has dtype {result}, which cannot be stored in "
            f"this Tensor of dtype {tensor.dtype}"
        ) from None
    except ValueError as error:
        raise _write_error(tensor, what, np.shape(other), error) from None
    clock.mark_changed(tensor)
    return tensor


def write(tensor, compute, what, *operands):
    """``tensor.op_(...)``: ``compute(x)`` is the out-of-place result for the value x."""
    _check_leaf(tensor, what)
    if _involves_graph(tensor, *operands):
        return _rebase(tensor, compute, what)
    result = compute(tensor)._data
    if result.shape != tensor.shape:
        raise _write_error(tensor, what, result.shape)
    try:
        np.copyto(tensor._data, result, casting="same_kind")
    except TypeError:
        raise InPlaceDtypeError(
            f"{what}: the result has dtype {result.dtype}, which cannot be "
            f"stored in this Tensor of dtype {tensor.dtype}"
        ) from None
    except ValueError as error:
        raise _write_error(tensor, what, result.shape, error) from None
    clock.mark_changed(tensor)
    return tensor


def restride(tensor, compute, what):
    """``tensor.t_()``, ``squeeze_()`` and friends: the Tensor becomes ``compute(tensor)``, a
    view of its own memory in another shape (no copy); recorded when a graph is involved."""
    _check_leaf(tensor, what)
    if _involves_graph(tensor):
        return _rebase(tensor, compute, what, keep_shape=False)
    tensor._data = compute(tensor)._data
    return tensor


def set_item(tensor, index, value):
    """``tensor[index] = value`` (also ``fill_`` and ``copy_``, with index ``...``)."""
    _check_leaf(tensor, "item assignment")
    if _involves_graph(tensor, value):
        value = tensor._lift(value)
        return _rebase(
            tensor,
            lambda old: _ops.SetItem.apply(old, value.astype(old.dtype), index=index),
            "item assignment",
        )
    if isinstance(value, numbers.Number) and not isinstance(value, np.generic):
        value = _python_number(value, tensor._data.dtype)
    elif isinstance(value, Tensor):
        value = value._data
    else:
        value = _as_array(value, copy=False)  # strings, None, ... are a TypeError
    try:
        tensor._data[index] = value
    except (IndexError, OverflowError):
        raise IndexError(
            f"index {index!r} is out of range for a Tensor of shape {tuple(tensor.shape)}"
        ) from None
    except ValueError as error:
        raise _write_error(tensor, "item assignment", np.shape(value), error) from None
    clock.mark_changed(tensor)
    return tensor


def into(out, what, compute, inputs):
    """``torch.<what>(..., out=out)``: ``compute()``'s result written into ``out`` (returned).

    As in PyTorch, out= does not differentiate: with grad mode on, an input or ``out``
    that requires grad is an error. ``out`` keeps its shape (PyTorch would resize it,
    with a warning): a result of another shape is an ``InPlaceShapeError``. The result
    is cast to ``out``'s dtype when PyTorch allows it (not float to integer, not to
    bool). Ops returning ``(values, indices)`` take a pair of Tensors.
    """
    outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    if not all(isinstance(o, Tensor) for o in outs):
        raise TypeError(
            f"{what}(): argument 'out' must be a Tensor (or a tuple of Tensors, for ops "
            f"returning several), not {out!r:.60}"
        )
    if grad_mode._mode.enabled and any(t._requires_grad for t in outs + _tensors(inputs)):
        raise RuntimeError(
            f"{what}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad (use the returned "
            "Tensor, or compute under `with autograd.no_grad():`)"
        )
    result = compute()
    results = tuple(result) if isinstance(result, tuple) else (result,)
    if len(results) != len(outs):
        raise TypeError(f"{what}(): out= must be {len(results)} Tensor(s), one per result; got {len(outs)}")
    for o, r in zip(outs, results):  # check all before writing any
        if r.shape != o.shape:
            raise InPlaceShapeError(
                f"{what}(): out= has shape {tuple(o.shape)} but the result has shape {tuple(r.shape)}; "
                "chainrule does not resize out= (pass a Tensor of the result's shape)"
            )
        if not np.can_cast(r.dtype, o.dtype, "same_kind"):
            raise InPlaceDtypeError(
                f"{what}(): the result has dtype {r.dtype}, which out= of dtype {o.dtype} cannot hold"
            )
    for o, r in zip(outs, results):
        try:
            np.copyto(o._data, r._data, casting="same_kind")
        except ValueError as error:
            raise _write_error(o, f"{what}(out=)", r.shape, error) from None
        clock.mark_changed(o)
    if isinstance(result, tuple):
        return type(result)._make(outs) if hasattr(result, "_fields") else outs
    return out


def _tensors(inputs):
    """The Tensors among ``inputs``, also inside lists and tuples (``cat([a, b])``)."""
    found = ()
    for x in inputs:
        if isinstance(x, Tensor):
            found += (x,)
        elif isinstance(x, (tuple, list)):
            found += _tensors(x)
    return found


def _check_leaf(tensor, what):
    if tensor._requires_grad and tensor._ctx is None and grad_mode._mode.enabled:
        raise RuntimeError(
            f"{what} on a leaf Tensor that requires grad would corrupt its graph; "
            "wrap it in `with autograd.no_grad():` (e.g. for a manual update), or "
            "change its .data"
        )


def _involves_graph(tensor, *operands):
    return grad_mode._mode.enabled and (
        tensor._requires_grad or any(isinstance(x, Tensor) and x._requires_grad for x in operands)
    )


def _rebase(tensor, compute, what, keep_shape=True):
    """Record ``compute(old)`` and make ``tensor`` its result; ``old`` is the value before."""
    node = tensor._ctx
    old = Tensor._make(tensor._data, node)
    old._requires_grad, old.name = tensor._requires_grad, tensor.name
    result = compute(old)
    if keep_shape and result.shape != tensor.shape:
        raise _write_error(tensor, what, result.shape)
    if result.dtype != tensor.dtype:
        if not np.can_cast(result.dtype, tensor.dtype, "same_kind"):
            raise InPlaceDtypeError(
                f"{what}: the result has dtype {result.dtype}, which cannot be "
                f"stored in this Tensor of dtype {tensor.dtype}"
            )
        result = result.astype(tensor.dtype)
    tensor._data, tensor._ctx, tensor._requires_grad = result._data, result._ctx, result._requires_grad
    if tensor._ctx is not None:
        tensor._ctx._output = weakref.ref(tensor)  # the node's result is this Tensor now
    stamp = clock.rebased()
    if node is None:  # a constant: the ops that used it hold this Tensor, not a node
        tensor._previous = (stamp, old)
    elif node._retains_grad and tensor._ctx is not None:
        tensor._ctx._retains_grad = True
    return tensor


class InPlaceShapeError(RuntimeError, ValueError):
    """A value that does not fit the Tensor written into: PyTorch raises RuntimeError, and
    chainrule's shape errors are ValueErrors, so it is both."""


class InPlaceDtypeError(RuntimeError, TypeError):
    """A result whose dtype the Tensor written into cannot hold (a float into integers,
    anything but bool into bool): a RuntimeError in PyTorch, a TypeError in chainrule."""


def _write_error(tensor, what, shape, error=None):
    if error is not None and "read-only" in str(error):
        return RuntimeError(
            f"{what}: this Tensor's memory is read-only (it is an expanded or "
            "broadcast view); use .clone() first"
        )
    return InPlaceShapeError(
        f"{what}: a value of shape {shape} does not fit this Tensor of shape "
        f"{tuple(tensor.shape)} (in-place operations keep the shape)"
    )


from . import ops as _ops  # noqa: E402  (the ops import the Tensor, which imports this module)
