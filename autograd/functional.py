"""Whole-function derivatives built on ``grad``: Jacobian, Hessian, vector-Jacobian product."""

import numpy as np

from .engine import grad
from .ops import stack
from .tensor import Tensor


def _variable(x):
    """A fresh leaf requiring grad with x's values (x itself is left alone)."""
    return Tensor._from_data(x).requires_grad_(True)


def _call(f, x):
    out = f(x)
    if not isinstance(out, Tensor):
        raise TypeError(f"the function must return a Tensor, got {type(out).__name__}")
    return out


def _rows(out, x, create_graph):
    """d out_i / dx for every element i of out, stacked: shape out.shape + x.shape."""
    rows = []
    for i in range(out.numel()):
        onehot = np.zeros(out.numel(), dtype=out.dtype)
        onehot[i] = 1
        g = None
        if out.requires_grad:
            (g,) = grad(
                out,
                x,
                grad_outputs=onehot.reshape(out.shape),
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
        rows.append(g if g is not None else Tensor(np.zeros(x.shape, dtype=x.dtype)))
    if not rows:
        return Tensor(np.zeros(out.shape + x.shape, dtype=x.dtype))
    return stack(rows).reshape(out.shape + x.shape)


def jacobian(f, x, create_graph=False):
    """J[i..., j...] = d f(x)[i...] / d x[j...]; shape ``f(x).shape + x.shape``."""
    x = _variable(x)
    return _rows(_call(f, x), x, create_graph)


def hessian(f, x, create_graph=False):
    """H[i..., j...] = d^2 f / dx[i...] dx[j...] for a scalar-valued f; shape ``x.shape * 2``."""
    x = _variable(x)
    out = _call(f, x)
    if out.numel() != 1:
        raise ValueError(f"hessian needs a function with one output element; got shape {tuple(out.shape)}")
    (g,) = grad(out.reshape(()), x, create_graph=True, allow_unused=True)
    if g is None:
        return Tensor(np.zeros(x.shape + x.shape, dtype=x.dtype))
    return _rows(g, x, create_graph)


def vjp(f, x, v=None, create_graph=False):
    """(f(x), v^T J): the output and the vector-Jacobian product (PyTorch's convention)."""
    x = _variable(x)
    out = _call(f, x)
    if v is None and out.numel() != 1:
        raise ValueError(f"vjp: v is needed for a function whose output has shape {tuple(out.shape)}")
    if v is not None:
        v = np.asarray(v._data if isinstance(v, Tensor) else v, dtype=out.dtype)
        if v.shape != out.shape:
            raise ValueError(f"vjp: v has shape {tuple(v.shape)} but f(x) has shape {tuple(out.shape)}")
    (g,) = grad(out, x, grad_outputs=v, create_graph=create_graph, allow_unused=True)
    if g is None:
        g = Tensor(np.zeros(x.shape, dtype=x.dtype))
    return (out if create_graph else out.detach()), g
