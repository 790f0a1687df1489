"""``torch.exp(x)``, ``torch.sum(x, dim=1)``, ``torch.cat([a, b], dim=1)``: PyTorch's
top-level functions. Most are the Tensor method of the same name called on the first
argument (the table ``METHODS``); the few that take several Tensors are written out."""
import numpy as np

from . import ops
from .tensor import Tensor, tensor

METHODS = """abs absolute exp log log2 log10 sqrt rsqrt square reciprocal sin cos tanh sigmoid
relu erf sign clamp clip sum mean var std max min amax amin argmax argmin logsumexp softmax
log_softmax matmul mm bmm dot pow mul multiply add sub div divide neg negative reshape flatten
transpose permute swapaxes squeeze unsqueeze t broadcast_to isnan isinf isfinite isclose
allclose equal all any masked_fill numel clone detach""".split()


def _method(name):
    def function(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' must be a Tensor, not "
                            f"{type(input).__name__}")
        return getattr(input, name)(*args, **kwargs)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``input.{name}(...)``: see ``Tensor.{name}``."
    return function


for _name in METHODS:
    globals()[_name] = _method(_name)


def cat(tensors, dim=0, *, axis=None):
    """Join Tensors along an existing dimension (``concatenate``)."""
    return ops.concatenate(tensors, dim if axis is None else axis)


concat = concatenate = cat


def stack(tensors, dim=0, *, axis=None):
    """Join Tensors of one shape along a new dimension."""
    return ops.stack(tensors, dim if axis is None else axis)


def where(condition, input=None, other=None):
    """``input`` where ``condition`` holds, else ``other``; with one argument, the indices
    of the true elements (a tuple of int64 Tensors, as ``torch.where(c)``)."""
    if input is None and other is None:
        return tuple(Tensor._make(i.astype(np.int64)) for i in np.nonzero(np.asarray(condition)))
    return ops.where(condition, input, other)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def maximum(input, other):
    return ops.maximum(input, other)


def minimum(input, other):
    return ops.minimum(input, other)


__all__ = METHODS + ["cat", "concat", "concatenate", "stack", "where", "is_tensor",
                     "is_floating_point", "maximum", "minimum", "tensor"]
