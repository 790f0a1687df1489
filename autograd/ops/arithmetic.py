"""Arithmetic: + - * / ** and @. Each forward sits beside its derivative.

Binary ops follow numpy broadcasting; their backward may return a gradient
of the broadcast shape, and the engine sums it back to each input's shape.
"""

import numpy as np

from ..function import Function
from .elementwise import select
from .shape import broadcasting, sum_to


class Add(Function):
    """a + b;  d/da = 1, d/db = 1"""

    number_operands = True  # x + 2.0 passes the number itself

    @staticmethod
    def forward(ctx, a, b):
        return broadcasting(np.add, a, b, name="add")

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Sub(Function):
    """a - b;  d/da = 1, d/db = -1"""

    number_operands = True  # x + 2.0 passes the number itself

    @staticmethod
    def forward(ctx, a, b):
        return broadcasting(np.subtract, a, b, name="sub")

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Neg(Function):
    """-a;  d/da = -1"""

    @staticmethod
    def forward(ctx, a):
        return np.negative(a)

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Mul(Function):
    """a * b;  d/da = b, d/db = a"""

    number_operands = True  # x + 2.0 passes the number itself

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.multiply, a, b, name="mul")

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Function):
    """a / b;  d/da = 1/b, d/db = -a/b^2"""

    number_operands = True  # x + 2.0 passes the number itself

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.true_divide, a, b, name="div", quiet=True)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-grad * a / (b * b) if need_b else None)


class Pow(Function):
    """a ** b;  d/da = b a^(b-1),  d/db = a^b log(a)  (taken as 0 where a = 0 and b >= 0)"""

    number_operands = True  # x + 2.0 passes the number itself

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.power, a, b, name="pow", quiet=True)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad * b * a ** (b - 1) if need_a else None
        grad_b = None
        if need_b:
            zero_base = (np.asarray(a) == 0) & (np.asarray(b) >= 0)
            safe_a = select(zero_base, 1.0, a)  # log(1) = 0 where the limit is 0
            grad_b = grad * out * np.log(safe_a)
        return grad_a, grad_b


def _matmul_error(a_shape, b_shape):
    """Why numpy refused a @ b, in terms of the shapes."""
    if len(a_shape) == 0 or len(b_shape) == 0:
        return ValueError(
            f"matmul: {a_shape} @ {b_shape}: both operands need at least one "
            "dimension (use * to multiply by a scalar)"
        )
    inner_b = b_shape[-2] if len(b_shape) > 1 else b_shape[0]
    if a_shape[-1] != inner_b:
        return ValueError(
            f"matmul: {a_shape} @ {b_shape}: inner dimensions {a_shape[-1]} and {inner_b} differ"
        )
    return ValueError(
        f"matmul: {a_shape} @ {b_shape}: batch dimensions {a_shape[:-2]} and "
        f"{b_shape[:-2]} cannot be broadcast together"
    )


class MatMul(Function):
    """a @ b (numpy rules for 1-D and batched operands);  d/da = g b^T,  d/db = a^T g"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        try:
            return np.matmul(a, b)
        except ValueError:
            raise _matmul_error(np.shape(a), np.shape(b)) from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if a.ndim == 2 and b.ndim == 2:  # the common case, without reshapes
            return (grad @ b.T if need_a else None), (a.T @ grad if need_b else None)
        # Treat 1-D operands as matrices: a row vector on the left, a column on the right.
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
        grad2 = grad.reshape(batch + (a2.shape[-2], b2.shape[-1]))
        grad_a = grad_b = None
        if need_a:
            grad_a = sum_to(grad2 @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape)
        if need_b:
            grad_b = sum_to(a2.swapaxes(-1, -2) @ grad2, b2.shape).reshape(b.shape)
        return grad_a, grad_b
