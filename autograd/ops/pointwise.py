"""Elementwise functions of one or two Tensors beyond the basic ones: lerp, logaddexp,
logaddexp2, hypot, heaviside, nan_to_num, atan2, copysign, fmod, remainder, xlogy, xlog1py,
nextafter.

Operands broadcast; the engine sums each gradient back to its input's shape.
"""

import math

import numpy as np

from ..function import Function
from ..tensor import Tensor, tensor
from .comparison import isfinite
from .elementwise import select, sigmoid, where
from .shape import broadcasting


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _pair(input, other, op):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}(): argument 'input' must be a Tensor, not {type(input).__name__}")
    return input, input._lift(other)


def lerp(input, end, weight):
    """start + weight (end - start), weight a number or a Tensor (all three broadcast);
    d/dstart = 1 - weight, d/dend = weight, d/dweight = end - start."""
    input, end = _pair(input, end, "lerp")
    return input + input._lift(weight) * (end - input)


class LogAddExp(Function):
    """y = log(e^a + e^b);  da = dy sigmoid(a - b),  db = dy sigmoid(b - a)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.logaddexp, a, b, name="logaddexp")

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * sigmoid(a - b), grad * sigmoid(b - a)


class LogAddExp2(Function):
    """y = log2(2^a + 2^b);  da = dy sigmoid((a - b) ln 2),  db = dy sigmoid((b - a) ln 2)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return broadcasting(np.logaddexp2, a, b, name="logaddexp2")

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * sigmoid((a - b) * math.log(2)), grad * sigmoid((b - a) * math.log(2))


class Hypot(Function):
    """y = sqrt(a^2 + b^2) without overflow;  da = dy a / y,  db = dy b / y"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.hypot, a, b, name="hypot")
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        return grad * a / out, grad * b / out


def logaddexp(input, other):
    return LogAddExp.apply(*_float_pair(input, other, "logaddexp"))


def logaddexp2(input, other):
    return LogAddExp2.apply(*_float_pair(input, other, "logaddexp2"))


def hypot(input, other):
    return Hypot.apply(*_float_pair(input, other, "hypot"))


def _float_pair(input, other, op):
    input, other = _pair(input, other, op)
    for name, t in (("input", input), ("other", other)):
        if t.dtype.kind != "f":
            raise TypeError(f"{op}: {name} must be a floating-point Tensor, got dtype {t.dtype}")
    return input, other


def heaviside(input, values):
    """0 where input < 0, ``values`` where input == 0, 1 where input > 0 (no gradient, as
    in PyTorch); values broadcasts and must have input's dtype."""
    input, values = _pair(input, values, "heaviside")
    if values.dtype != input.dtype:
        raise TypeError(
            f"heaviside: input (dtype {input.dtype}) and values (dtype {values.dtype}) must have the same dtype"
        )
    out = broadcasting(np.heaviside, input._data, values._data, name="heaviside")
    return Tensor._make(np.asarray(out).astype(input.dtype))


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf`` (by default 0 and the
    dtype's largest and smallest finite values); the gradient flows where x is finite."""
    input = _tensor(input)
    if input.dtype.kind != "f":
        return input.clone()
    replaced = np.nan_to_num(input._data, nan=nan, posinf=posinf, neginf=neginf)
    return where(isfinite(input)._data, input, Tensor._make(replaced))


# ---- atan2, copysign, fmod, remainder, xlogy, xlog1py, nextafter ---------------------------


def _operands(input, other, op):
    """Two operands of which one may be a Python number (``torch.xlogy(2, t)``): the number
    takes the Tensor's dtype, as in arithmetic."""
    if isinstance(input, Tensor):
        return input, input._lift(other)
    if isinstance(other, Tensor):
        return other._lift(input), other
    raise TypeError(
        f"{op}(): needs a Tensor among its arguments, got {type(input).__name__} and {type(other).__name__}"
    )


class Atan2(Function):
    """y = atan2(a, b), the angle of the point (b, a);  da = dy b / (a^2 + b^2),
    db = -dy a / (a^2 + b^2)  (both 0 at the origin, as PyTorch)"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.arctan2, a, b, name="atan2")
        ctx.origin = (a == 0) & (b == 0)
        ctx.save_for_backward(a, b)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        scale = grad / select(ctx.origin, 1.0, a * a + b * b)
        return scale * b, -scale * a


class Copysign(Function):
    """y = |a| with the sign of b;  da = dy y / a (0 where a = 0),  db = 0"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.copysign, a, b, name="copysign")
        with np.errstate(invalid="ignore"):  # inf / inf: nan, as PyTorch's gradient there
            ctx.ratio = np.where(a == 0, 0.0, out / np.where(a == 0, 1, a)).astype(out.dtype)
        ctx.b_shape = np.shape(b)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.ratio, np.zeros(ctx.b_shape, dtype=ctx.ratio.dtype)


def _no_integer_zero(a, b, op):
    if np.result_type(a, b).kind in "iu" and np.any(np.asarray(b) == 0):
        raise ValueError(f"{op}: integer division by zero (other has a 0)")


class Fmod(Function):
    """y = a - b trunc(a / b), the remainder with a's sign (C's fmod);  da = dy,
    db = -dy trunc(a / b)"""

    @staticmethod
    def forward(ctx, a, b):
        _no_integer_zero(a, b, "fmod")
        out = broadcasting(np.fmod, a, b, name="fmod", quiet=True)
        if out.dtype.kind == "f":
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                ctx.quotient = np.trunc(a / b).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad, -grad * ctx.quotient


class Remainder(Function):
    """y = a - b floor(a / b), the remainder with b's sign (Python's %);  da = dy,
    db = -dy floor(a / b)"""

    @staticmethod
    def forward(ctx, a, b):
        _no_integer_zero(a, b, "remainder")
        if np.result_type(a, b).kind != "f":
            return broadcasting(np.remainder, a, b, name="remainder")
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            mod = broadcasting(np.fmod, a, b, name="remainder")  # PyTorch's formula, sign of 0 too
            out = np.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod)
            ctx.quotient = np.floor_divide(a, b).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad, -grad * ctx.quotient


def _xlogy_kernel(x, y, log):
    """x log(y) (or x log1p(y)), 0 where x = 0 unless y is nan (PyTorch's convention)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = broadcasting(
            lambda x, y: np.where(x == 0, 0.0, x * log(y)), x, y, name="xlogy" if log is np.log else "xlog1py"
        )
        return np.where(np.isnan(y), np.nan, out).astype(np.result_type(x, y, 1.0))


def _xlogy_any(x, y, op):
    """xlogy or xlog1py (``op``) of arrays (numpy) or Tensors (differentiable), for backward."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        return op.apply(x, y)
    return _xlogy_kernel(x, y, op.log)


class XLogY(Function):
    """y = x log(other), 0 where x = 0 (unless other is nan);  dx = dy log(other) (as
    xlogy(dy, other); 0 where x = 0 and other <= 0, as PyTorch),  d other = dy x / other"""

    log = staticmethod(np.log)

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        ctx.no_slope = broadcasting(lambda x, y: (x == 0) & (y <= 0), x, y, name="xlogy", quiet=True)
        return _xlogy_kernel(x, y, np.log)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return select(ctx.no_slope, 0.0, _xlogy_any(grad, y, XLogY)), grad * x / y


class XLog1pY(Function):
    """y = x log(1 + other), 0 where x = 0 (unless other is nan);  dx = dy log(1 + other)
    (0 where x = 0 and other <= -1, as PyTorch),  d other = dy x / (1 + other)"""

    log = staticmethod(np.log1p)

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        ctx.no_slope = broadcasting(lambda x, y: (x == 0) & (y <= -1), x, y, name="xlog1py", quiet=True)
        return _xlogy_kernel(x, y, np.log1p)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return select(ctx.no_slope, 0.0, _xlogy_any(grad, y, XLog1pY)), grad * x / (1 + y)


def atan2(input, other):
    return Atan2.apply(*_pair(input, other, "atan2"))


def copysign(input, other):
    return Copysign.apply(*_pair(input, other, "copysign"))


def fmod(input, other):
    return Fmod.apply(*_pair(input, other, "fmod"))


def remainder(input, other):
    return Remainder.apply(*_operands(input, other, "remainder"))


def xlogy(input, other):
    return XLogY.apply(*_operands(input, other, "xlogy"))


def xlog1py(input, other):
    return XLog1pY.apply(*_operands(input, other, "xlog1py"))


def nextafter(input, other):
    """The next float after input towards other (no gradient, as in PyTorch)."""
    input, other = _float_pair(input, other, "nextafter")
    return Tensor._make(np.asarray(broadcasting(np.nextafter, input._data, other._data, name="nextafter")))
