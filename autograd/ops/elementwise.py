"""Elementwise functions and activations, each forward beside its derivative.

Derivatives that depend on a piecewise choice (relu, abs, clip, maximum,
where) multiply by a constant mask, so their second derivative is zero away
from the kinks, as it should be.

``select`` and ``sigmoid`` at the bottom work on numpy arrays and on
Tensors alike, for use inside backward (see ``autograd.function``).
"""

import math
import numbers

import numpy as np

from ..function import Function
from ..tensor import Tensor
from . import error_function
from .shape import broadcasting


def _option(value, name, op, nonzero=False):
    """An op's numeric option (a slope, alpha, beta...): a finite real number."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or (nonzero and value == 0)
    ):
        need = "a finite, non-zero real number" if nonzero else "a finite real number"
        raise ValueError(f"{op}: {name} must be {need}, got {value!r}")
    return float(value)


def _float_dtype(x):
    """The dtype of a float function's result: x's if floating, else float64 (like numpy)."""
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


class Exp(Function):
    """y = e^x;  dy/dx = y"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):  # e^1000 = inf, as in PyTorch, without a warning
            out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(Function):
    """y = ln x;  dy/dx = 1/x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf, log -1 = nan
            return np.log(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / x


class Sqrt(Function):
    """y = sqrt(x);  dy/dx = 1 / (2y)"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(invalid="ignore"):  # sqrt(-1) = nan, as in PyTorch
            out = np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)


class Log2(Function):
    """y = log2 x;  dy/dx = 1 / (x ln 2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log2(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * math.log(2))


class Log10(Function):
    """y = log10 x;  dy/dx = 1 / (x ln 10)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * math.log(10))


class Log1p(Function):
    """y = ln(1 + x), exact for small x;  dy/dx = 1 / (1 + x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log1p(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (1 + x)


class Expm1(Function):
    """y = e^x - 1, exact for small x;  dy/dx = y + 1"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):
            out = np.expm1(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out + 1)


class Rsqrt(Function):
    """y = 1 / sqrt(x);  dy/dx = -y^3 / 2"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 1 / np.sqrt(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * -0.5 * out * out * out


class Square(Function):
    """y = x^2;  dy/dx = 2x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 2 * x


class Reciprocal(Function):
    """y = 1 / x;  dy/dx = -y^2"""

    @staticmethod
    def forward(ctx, x):
        with np.errstate(divide="ignore"):
            out = 1 / x
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return -grad * out * out


class Abs(Function):
    """y = |x|;  dy/dx = sign(x)  (0 at x = 0)"""

    @staticmethod
    def forward(ctx, x):
        ctx.sign = np.sign(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.sign


class Sin(Function):
    """y = sin x;  dy/dx = cos x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * np.cos(x)


class Cos(Function):
    """y = cos x;  dy/dx = -sin x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad * np.sin(x)


class Tanh(Function):
    """y = tanh x;  dy/dx = 1 - y^2"""

    @staticmethod
    def forward(ctx, x):
        out = np.tanh(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)


class Sigmoid(Function):
    """y = 1 / (1 + e^-x);  dy/dx = y (1 - y)

    Computed from e^-|x| so that no exp overflows: 1/(1+z) for x >= 0,
    z/(1+z) for x < 0.
    """

    @staticmethod
    def forward(ctx, x):
        out = _sigmoid(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * (1 - out)


class ReLU(Function):
    """y = max(x, 0);  dy/dx = 1 where x > 0, else 0

    Saves y, not x or a mask: y > 0 exactly where x > 0, and y is kept anyway (it is the
    output), so the op keeps no memory of its own until backward.
    """

    @staticmethod
    def forward(ctx, x):
        out = np.maximum(x, 0)  # (np.where on a random mask is ~20x slower)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out > 0)


class LeakyReLU(Function):
    """y = x for x > 0, slope * x otherwise;  dy/dx = 1 or slope"""

    @staticmethod
    def forward(ctx, x, negative_slope=0.01):
        slope = _option(negative_slope, "negative_slope", "leaky_relu")
        ctx.slopes = np.where(x > 0, 1, slope).astype(_float_dtype(x))
        return x * ctx.slopes

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slopes


class ELU(Function):
    """y = x for x > 0, alpha (e^x - 1) otherwise;  dy/dx = 1 or alpha e^x"""

    @staticmethod
    def forward(ctx, x, alpha=1.0):
        ctx.positive, ctx.alpha = x > 0, _option(alpha, "alpha", "elu")
        ctx.save_for_backward(x)
        return np.where(ctx.positive, x, ctx.alpha * np.expm1(np.minimum(x, 0)))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return select(ctx.positive, grad, grad * ctx.alpha * np.exp(np.minimum(x, 0)))


class Softplus(Function):
    """y = log(1 + e^(beta x)) / beta, and y = x where beta x > threshold (as PyTorch);
    dy/dx = sigmoid(beta x) (1 above the threshold)"""

    @staticmethod
    def forward(ctx, x, beta=1.0, threshold=20.0):
        beta = _option(beta, "beta", "softplus", nonzero=True)
        threshold = _option(threshold, "threshold", "softplus")
        ctx.save_for_backward(x)
        with np.errstate(over="ignore"):  # beta x beyond the float range: linear there
            ctx.beta, ctx.linear = beta, x * beta > threshold
            return np.where(ctx.linear, x, np.logaddexp(0, x * beta) / beta)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return select(ctx.linear, grad, grad * sigmoid(x * ctx.beta))


class Erf(Function):
    """y = erf(x);  dy/dx = 2/sqrt(pi) e^(-x^2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return error_function.erf(x).astype(_float_dtype(x), copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (2 / math.sqrt(math.pi)) * np.exp(-x * x)


def gelu(x, approximate="none"):
    """x Phi(x), Phi the standard normal CDF; approximate="tanh" uses PyTorch's tanh formula."""
    if approximate == "none":
        return x * 0.5 * (1 + (x * (1 / math.sqrt(2))).erf())
    if approximate == "tanh":
        return 0.5 * x * (1 + (math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)).tanh())
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


class Clip(Function):
    """y = min(max(x, low), high);  dy/dx = 1 where low <= x <= high, else 0"""

    @staticmethod
    def forward(ctx, x, low=None, high=None):
        if low is None and high is None:
            raise ValueError("clip: give at least one of min and max")
        for name, bound in (("min", low), ("max", high)):
            if bound is not None and (np.iscomplexobj(bound) or np.asarray(bound).dtype.kind not in "biuf"):
                raise TypeError(f"clip: {name} must be a real number or array, got {bound!r}")
        inside = np.ones(x.shape, dtype=bool)
        if low is not None:
            inside &= x >= low
        if high is not None:
            inside &= x <= high
        ctx.inside = inside
        return np.clip(x, low, high)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside


class Clamp(Function):
    """y = min(max(x, low), high), the bounds Tensors (or None);  dy goes to the one of x, low,
    high that y is: x on ties, high where low > high (as PyTorch)"""

    @staticmethod
    def forward(ctx, x, low, high):
        out = x
        ctx.from_low = ctx.from_high = False
        if low is not None:
            ctx.from_low = broadcasting(np.less, x, low, name="clamp")
            out = np.where(ctx.from_low, low, x)
        if high is not None:
            ctx.from_high = broadcasting(np.greater, out, high, name="clamp")
            out = np.where(ctx.from_high, high, out)
            ctx.from_low = ctx.from_low & ~ctx.from_high
        return out

    @staticmethod
    def backward(ctx, grad):
        need_x, need_low, need_high = ctx.needs_input_grad
        return (
            select(ctx.from_low | ctx.from_high, 0, grad) if need_x else None,
            select(ctx.from_low, grad, 0) if need_low else None,
            select(ctx.from_high, grad, 0) if need_high else None,
        )


def clamp(x, min=None, max=None):
    """x limited to [min, max] (PyTorch's clamp): number bounds go to Clip, Tensor bounds to
    Clamp, which also gives them their gradient."""
    if not isinstance(min, Tensor) and not isinstance(max, Tensor):
        return Clip.apply(x, low=min, high=max)
    if min is None and max is None:
        raise ValueError("clamp: give at least one of min and max")
    low, high = (b if b is None or isinstance(b, Tensor) else x._lift(b) for b in (min, max))
    return Clamp.apply(x, low, high)


class Maximum(Function):
    """y = max(a, b) elementwise;  the gradient goes to the larger, split equally on ties"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.maximum, a, b, name="maximum")
        ctx.share_a = np.where(a > b, 1.0, np.where(a == b, 0.5, 0.0)).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share_a, grad * (1 - ctx.share_a)


class Minimum(Function):
    """y = min(a, b) elementwise;  the gradient goes to the smaller, split equally on ties"""

    @staticmethod
    def forward(ctx, a, b):
        out = broadcasting(np.minimum, a, b, name="minimum")
        ctx.share_a = np.where(a < b, 1.0, np.where(a == b, 0.5, 0.0)).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share_a, grad * (1 - ctx.share_a)


class Where(Function):
    """y = a where condition else b;  da = dy where condition, db = dy elsewhere"""

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.condition = condition
        return broadcasting(np.where, condition, a, b, name="where")

    @staticmethod
    def backward(ctx, grad):
        need_condition, need_a, need_b = ctx.needs_input_grad
        return (
            None,
            select(ctx.condition, grad, 0) if need_a else None,
            select(ctx.condition, 0, grad) if need_b else None,
        )


def _lift(value, like):
    if isinstance(value, Tensor):
        return value
    return like._lift(value) if like is not None else Tensor(np.asarray(value))  # (an int alone is a size)


def where(condition, a, b):
    """Elementwise choice: a where ``condition`` is true, else b (condition gets no gradient).

    A Python number takes the dtype of the other operand, as in arithmetic.
    """
    condition = np.asarray(condition._data if isinstance(condition, Tensor) else condition)
    if condition.dtype != bool:
        condition = condition.astype(bool)
    like = next((v for v in (a, b) if isinstance(v, Tensor)), None)
    if like is None:
        like = next((Tensor._make(v) for v in (a, b) if isinstance(v, np.ndarray)), None)
    return Where.apply(condition, _lift(a, like), _lift(b, like))


def maximum(a, b):
    """Elementwise maximum of two Tensors (or numbers)."""
    a = a if isinstance(a, Tensor) else Tensor(a)
    return a.maximum(b)


def minimum(a, b):
    """Elementwise minimum of two Tensors (or numbers)."""
    a = a if isinstance(a, Tensor) else Tensor(a)
    return a.minimum(b)


# ---- for backward: the same function on numpy arrays and on Tensors ----------------------


def _sigmoid(x):
    """1 / (1 + e^-x) as e^min(x,0) / (1 + e^-|x|): no exp overflows, full relative precision
    on both sides (1/(1+z) for x >= 0, z/(1+z) below, with z = e^-|x|)."""
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))


def sigmoid(x):
    """The logistic function of an array (numpy) or a Tensor (differentiable)."""
    return Sigmoid.apply(x) if isinstance(x, Tensor) else _sigmoid(x)


def select(condition, a, b):
    """``where(condition, a, b)`` for arrays (numpy) or Tensors (differentiable in a and b)."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        return where(condition, a, b)
    return np.where(condition, a, b)
