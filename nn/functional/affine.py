"""The affine map y = x W^T + b (``linear``) as one fused op, and fused with a following ReLU;
the bilinear map y = x1^T A x2 + b (``bilinear``)."""

import numpy as np

from autograd import Function, ops

from ._checks import as_tensor

__all__ = ["linear", "bilinear"]


class _Linear(Function):
    """y = x W^T + b;  dx = dy W,  dW = dy^T x,  db = dy summed over the batch

    One fused op instead of transpose + matmul + add: a third of the graph nodes,
    and no transposed copies. Leading (batch) dimensions of x are flattened for dW.
    """

    name = "linear"

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        ctx.save_for_backward(x, weight)
        return _affine(x, weight, bias)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        return _affine_backward(ctx, grad, x, weight)


class _LinearReLU(Function):
    """y = max(x W^T + b, 0);  dz = dy where y > 0 (else 0), then dx, dW, db as in linear

    A Linear followed by a ReLU (as ``MLP`` runs them) in one op, with the same numbers as the
    two ops. The ReLU overwrites the pre-activation z = x W^T + b, which is never kept: two ops
    would keep z alive in the graph until backward (it is the ReLU node's input). The mask
    comes from y instead, as y > 0 exactly where z > 0.
    """

    name = "linear_relu"

    @staticmethod
    def forward(ctx, x, weight, bias=None):
        out = _affine(x, weight, bias)
        np.maximum(out, 0, out=out)
        ctx.save_for_backward(x, weight, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight, out = ctx.saved_tensors
        if ctx.differentiable:  # Tensors (create_graph): the product is recorded
            grad_z = grad * (out > 0)
        else:  # the same product, with the mask as numbers
            grad_z = (out > 0).astype(grad.dtype)  # (float * bool needs a cast buffer as large
            grad_z *= grad  # as the product: twice the memory)
        return _affine_backward(ctx, grad_z, x, weight)


def _affine(x, weight, bias):
    """x W^T + b, the bias added in place into the product (a new array of our own)."""
    out = x @ weight.T
    if bias is None:
        return out
    if bias.shape == out.shape[-1:] and bias.dtype == out.dtype:
        out += bias
        return out
    return out + bias  # other shapes or dtypes: broadcast and promote as usual


def _affine_backward(ctx, grad, x, weight):
    """dx = dy W, dW = dy^T x, db = dy summed over the batch (each only if its input needs it)."""
    need_x, need_weight, need_bias = ctx.needs_input_grad
    rows = grad.reshape(-1, grad.shape[-1]) if grad.ndim != 2 else grad
    grad_x = grad @ weight if need_x else None
    grad_weight = None
    if need_weight:
        x_rows = x.reshape(-1, x.shape[-1]) if x.ndim != 2 else x
        grad_weight = rows.T @ x_rows
    grad_bias = rows.sum(axis=0) if need_bias else None
    return grad_x, grad_weight, grad_bias


def linear(input, weight, bias=None):
    """y = x @ W.T + b, with ``weight`` of shape (out_features, in_features) as in PyTorch."""
    input, weight = as_tensor(input), as_tensor(weight, "weight")
    return _linear(input, weight, None if bias is None else as_tensor(bias, "bias"))


def _linear(input, weight, bias, relu=False):
    """``linear`` of Tensors (``relu=True``: max(linear, 0), one fused op)."""
    if input.ndim == 0 or input.shape[-1] != weight.shape[-1]:
        raise ValueError(
            f"linear: input of shape {tuple(input.shape)} has {input.shape[-1] if input.ndim else 0} "
            f"features but weight of shape {tuple(weight.shape)} expects {weight.shape[-1]}"
        )
    return (_LinearReLU if relu else _Linear).apply(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """y_o = sum_ij x1_i A_oij x2_j + b_o, with ``weight`` A of shape (out, in1, in2) and inputs
    (*, in1) and (*, in2) of the same leading shape (no broadcasting, as in PyTorch); an einsum,
    so differentiable twice through it."""
    x1, x2 = as_tensor(input1, "input1"), as_tensor(input2, "input2")
    weight = as_tensor(weight, "weight")
    if weight.ndim != 3:
        raise RuntimeError(f"bilinear(): weight must be 3-D (out, in1, in2), got shape {tuple(weight.shape)}")
    if x1.ndim == 0 or x1.ndim != x2.ndim:
        raise RuntimeError(
            f"bilinear(): input1 of shape {tuple(x1.shape)} and input2 of shape {tuple(x2.shape)} must "
            f"have the same number of dimensions (at least 1)"
        )
    for dim, (m, n) in enumerate(zip(x1.shape[:-1], x2.shape[:-1])):
        if m != n:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {dim}: got {m} and {n}"
            )
    for which, x, expected in ((1, x1, weight.shape[1]), (2, x2, weight.shape[2])):
        if x.shape[-1] != expected:
            raise RuntimeError(
                f"bilinear(): input{which} size does not match weight size: got {x.shape[-1]} "
                f"but expected {expected}"
            )
    out = ops.einsum("...i,oij,...j->...o", x1, weight, x2)
    if bias is None:
        return out
    bias = as_tensor(bias, "bias")
    if bias.shape != weight.shape[:1]:
        raise RuntimeError(
            f"bilinear(): bias size does not match weight size: got {bias.shape[-1] if bias.ndim else 1} "
            f"but expected {weight.shape[0]}"
        )
    return out + bias
