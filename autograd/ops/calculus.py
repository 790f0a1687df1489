"""Integrals and derivatives of sampled values: trapezoid (trapz), cumulative_trapezoid and
gradient, PyTorch's (and numpy's) rules.

The trapezoid rule adds (y[i] + y[i + 1]) / 2 * (x[i + 1] - x[i]) over the samples;
``gradient`` takes central differences inside and one-sided ones at the two ends (of first
or second order), with unevenly spaced coordinates as numpy weighs them. All are sums of
slices times constants, so their derivatives with respect to y come for free.
"""

import numbers

import numpy as np

from .. import dtypes
from ..tensor import Tensor, tensor
from .checks import dim_index
from .cumulative import cumsum
from .shape import Concatenate, GetItem


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _part(x, dim, start, stop=None):
    """x[start:stop] along dim."""
    return GetItem.apply(x, index=(slice(None),) * dim + (slice(start, stop),))


def _samples(op, y, dim):
    y = _tensor(y)
    if y.ndim == 0:
        raise IndexError(f"{op}: y must have at least one dimension (dim {dim} names one), got a 0-d Tensor")
    dim = dim_index(dim, y.ndim, op)
    return (y if y.dtype.kind == "f" else y.astype(dtypes.get_default_dtype())), dim


def _widths(op, y, x, dx, dim):
    """x[i + 1] - x[i] along dim, shaped to broadcast against the pieces of y (or dx, a number)."""
    if x is not None and dx is not None:
        raise TypeError(f"{op}: give x (sample points) or dx (their spacing), not both")
    if x is None:
        dx = 1 if dx is None else dx
        if isinstance(dx, bool) or not isinstance(dx, numbers.Real):
            raise TypeError(f"{op}: dx must be a number, got {dx!r:.60}")
        return dx
    x = _tensor(x)
    if x.ndim == 1:
        if x.shape[0] != y.shape[dim]:
            raise ValueError(
                f"{op}: x has {x.shape[0]} sample points but y has {y.shape[dim]} along dim {dim} "
                "(there must be one x for each sample)"
            )
        widths = _part(x, 0, 1) - _part(x, 0, 0, -1)
        return widths.reshape([-1 if d == dim else 1 for d in range(y.ndim)])
    along = dim - y.ndim  # x aligns with y from the right, as in broadcasting
    if x.ndim == 0 or not -x.ndim <= along:
        raise ValueError(f"{op}: x of shape {tuple(x.shape)} has no dim {dim} to match y's {tuple(y.shape)}")
    along += x.ndim
    widths = _part(x, along, 1) - _part(x, along, 0, -1)
    try:
        np.broadcast_shapes(widths.shape, _part(y, dim, 1).shape)
    except ValueError:
        raise ValueError(
            f"{op}: x of shape {tuple(x.shape)} and y of shape {tuple(y.shape)} do not broadcast"
        ) from None
    return widths


def _pieces(op, y, x, dx, dim):
    """(y[i] + y[i + 1]) / 2 * width_i along dim: the trapezoids' areas."""
    y, dim = _samples(op, y, dim)
    widths = _widths(op, y, x, dx, dim)
    with np.errstate(over="ignore", invalid="ignore"):  # huge values or widths: inf (nan), as PyTorch
        return (_part(y, dim, 1) + _part(y, dim, 0, -1)) * widths / 2, dim


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The integral of y along dim by the trapezoid rule, at the sample points x (1-D, or
    broadcasting with y) or spaced dx apart (1 by default)."""
    pieces, dim = _pieces("trapezoid", y, x, dx, dim)
    return pieces.sum(dim)


def trapz(y, x=None, *, dx=None, dim=-1):
    """PyTorch's older name of trapezoid."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of y along dim by the trapezoid rule (one value fewer than y)."""
    pieces, dim = _pieces("cumulative_trapezoid", y, x, dx, dim)
    return cumsum(pieces, dim)


def _spacings(op, spacing, dims, y):
    """One spacing per dim: a number (the step) or a 1-D Tensor (the coordinates)."""
    if isinstance(spacing, (tuple, list)):
        if len(spacing) != len(dims):
            raise ValueError(
                f"{op}: spacing has {len(spacing)} entries but {len(dims)} dim(s) are differentiated "
                f"(give a number, or one entry per dim)"
            )
        spacing = list(spacing)
    else:
        spacing = [spacing] * len(dims)
    checked = []
    for d, h in zip(dims, spacing):
        if isinstance(h, Tensor) and h.ndim == 0:
            h = h.item()
        if isinstance(h, Tensor):
            if h.ndim != 1 or h.shape[0] != y.shape[d]:
                raise ValueError(
                    f"{op}: coordinates for dim {d} must be 1-D with {y.shape[d]} values, got shape {tuple(h.shape)}"
                )
            h = h if h.dtype == y.dtype else h.astype(y.dtype)
        elif isinstance(h, bool) or not isinstance(h, numbers.Real):
            raise TypeError(
                f"{op}: spacing must be a number, or a list of numbers or of 1-D Tensors, got {h!r:.60}"
            )
        checked.append(h)
    return checked


def _along(values, dim, ndim):
    """A 1-D Tensor shaped to lie along dim of an ndim Tensor."""
    return values.reshape([-1 if d == dim else 1 for d in range(ndim)])


def _derivative(f, dim, h, edge_order):
    """df/dx along dim; h is the step (a number) or the coordinates (a 1-D Tensor)."""

    def at(start, stop=None):
        return _part(f, dim, start, stop)

    if np.ndim(h) == 0:  # evenly spaced: (f[i + 1] - f[i - 1]) / 2h inside
        first = last = (h, h)
        inside = (at(2) - at(0, -2)) / (2 * h)
    else:  # numpy's weighted central difference, exact for quadratics
        steps = _part(h, 0, 1) - _part(h, 0, 0, -1)
        left, right = _along(steps[:-1], dim, f.ndim), _along(steps[1:], dim, f.ndim)
        first, last = (steps[0], steps[1 % len(steps)]), (steps[-2 % len(steps)], steps[-1])
        inside = (
            at(0, -2) * (-right / (left * (left + right)))
            + at(1, -1) * ((right - left) / (left * right))
            + at(2) * (left / (right * (left + right)))
        )
    if edge_order == 1:
        start = (at(1, 2) - at(0, 1)) / first[0]
        end = (at(-1) - at(-2, -1)) / last[1]
    else:
        a, b = first
        start = (
            at(0, 1) * (-(2 * a + b) / (a * (a + b)))
            + at(1, 2) * ((a + b) / (a * b))
            + at(2, 3) * (-a / (b * (a + b)))
        )
        a, b = last
        end = (
            at(-3, -2) * (b / (a * (a + b)))
            + at(-2, -1) * (-(a + b) / (a * b))
            + at(-1) * ((2 * b + a) / (b * (a + b)))
        )
    return Concatenate.apply(start, inside, end, axis=dim)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The derivative of sampled values along each of ``dims`` (all by default), a tuple of
    Tensors: central differences inside, one-sided ones of order ``edge_order`` (1 or 2) at
    the ends. ``spacing`` is the step (a number, or one per dim) or the coordinates (one 1-D
    Tensor per dim, differentiable too)."""
    f = _tensor(input)
    if f.ndim == 0:
        raise ValueError("gradient: input must have at least one dimension, got a 0-d Tensor")
    if edge_order not in (1, 2) or isinstance(edge_order, bool):
        raise ValueError(f"gradient: edge_order must be 1 or 2, got {edge_order!r:.60}")
    if dim is None:
        dims = list(range(f.ndim))
    else:
        dims = [dim_index(d, f.ndim, "gradient") for d in (dim if isinstance(dim, (tuple, list)) else [dim])]
        if len(set(dims)) != len(dims):
            raise ValueError(f"gradient: dim {dim} repeats a dimension")
    for d in dims:
        if f.shape[d] < edge_order + 1:
            raise ValueError(
                f"gradient: dim {d} of shape {tuple(f.shape)} has {f.shape[d]} sample(s); "
                f"edge_order={edge_order} needs at least {edge_order + 1}"
            )
    f = f if f.dtype.kind == "f" else f.astype(dtypes.get_default_dtype())
    return tuple(
        _derivative(f, d, h, edge_order) for d, h in zip(dims, _spacings("gradient", spacing, dims, f))
    )
