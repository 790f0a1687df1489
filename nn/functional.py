"""The operations behind nn's layers and losses, as plain functions (``import nn.functional as F``).

Everything here is built from autograd's Tensor operations, so every
function is differentiable twice without a derivative of its own. The
exceptions are ``autograd.Function``s written out with their derivative
beside them: ``logsigmoid`` (log(sigmoid(x)) computed naively overflows for
large |x|), ``ClampedLog`` (BCE's log clamped at -100 with a finite
derivative in every dtype), the fused ``linear`` (and ``linear_relu``, which ``MLP``
uses for a Linear followed by a ReLU) and the fused losses.

Inputs may be Tensors or anything ``Tensor(...)`` accepts. Losses take
``reduction="mean" | "sum" | "none"`` (the average, the total, or the
per-element losses).
"""
import math
import numbers

import numpy as np

from autograd import Function, Tensor, no_grad, random, where
from autograd.ops import sigmoid, softmax

__all__ = [
    "relu", "leaky_relu", "elu", "softplus", "gelu", "sigmoid", "tanh", "logsigmoid",
    "softmax", "log_softmax", "linear", "dropout", "batch_norm", "layer_norm",
    "mse_loss", "l1_loss", "huber_loss", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "nll_loss", "cross_entropy", "hinge_loss", "LabelError",
]


class LabelError(IndexError, ValueError):
    """A class label outside ``[0, num_classes)``: an IndexError (as in PyTorch) and a ValueError."""


def _check_real(owner, name, value, low=-np.inf, high=np.inf, low_open=False, high_open=False,
                requirement=None):
    """Check that a hyper-parameter is a finite real number in an interval; return it.

    Not a number (a string, None, a bool, an array): TypeError. Outside the
    interval, NaN or infinite: ValueError saying ``requirement`` (default: the interval).
    """
    if type(value) is not float and (isinstance(value, (bool, np.bool_))    # floats skip the
                                     or not isinstance(value, numbers.Real)):  # slower ABC test
        raise TypeError(f"{owner}: {name} must be a real number, got {value!r} ({type(value).__name__})")
    inside = (_is_finite(value) and (low < value if low_open else low <= value)
              and (value < high if high_open else value <= high))
    if not inside:
        opening = "(" if low_open or low == -np.inf else "["
        closing = ")" if high_open or high == np.inf else "]"
        requirement = requirement or f"a finite number in {opening}{low:g}, {high:g}{closing}"
        raise ValueError(f"{owner}: {name} must be {requirement}, got {value!r}")
    return value


def _is_finite(number):
    """math.isfinite, also for Python ints too large for a float (not finite as a float)."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False


def _as_tensor(x, name="input"):
    if isinstance(x, Tensor):
        return x
    try:
        return Tensor(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a Tensor or array-like, got {type(x).__name__}") from exc


def _as_float_target(target, input, name):
    """Targets of regression-style losses: a Tensor in a floating dtype (input's, if converted)."""
    if isinstance(target, Tensor) and target.dtype.kind == "f":
        return target
    data = target._data if isinstance(target, Tensor) else np.asarray(target)
    if data.dtype.kind not in "biuf":
        raise TypeError(f"{name}: target must be numeric, got dtype {data.dtype}")
    return Tensor(data, dtype=input.dtype if input.dtype.kind == "f" else np.float64)


def _check_same_shape(input, target, name):
    if input.shape != target.shape:
        raise ValueError(f"{name}: input shape {input.shape} and target shape {target.shape} must be "
                         f"equal (broadcasting e.g. (N, 1) against (N,) would silently give (N, N); "
                         f"reshape one of them)")


def _reduce(loss, reduction, name):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{name}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def _check_reduction(reduction, name):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{name}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


# ---- activations ------------------------------------------------------------------------

def relu(input):
    """max(x, 0)"""
    return _as_tensor(input).relu()


def leaky_relu(input, negative_slope=0.01):
    """x if x > 0 else negative_slope * x"""
    negative_slope = float(_check_real("leaky_relu", "negative_slope", negative_slope))
    return _as_tensor(input).leaky_relu(negative_slope)


def elu(input, alpha=1.0):
    """x if x > 0 else alpha (e^x - 1)"""
    alpha = float(_check_real("elu", "alpha", alpha))
    return _as_tensor(input).elu(alpha)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + e^(beta x)) / beta (and x where beta x > threshold)"""
    beta, threshold = _check_softplus(beta, threshold, "softplus")
    return _as_tensor(input).softplus(beta, threshold)


def _check_softplus(beta, threshold, owner):
    """beta and threshold as floats: real, finite, beta non-zero."""
    threshold = float(_check_real(owner, "threshold", threshold))
    if _check_real(owner, "beta", beta) == 0:
        raise ValueError(f"{owner}: beta must be a non-zero number (it divides), got {beta!r}")
    return float(beta), threshold


def gelu(input, approximate="none"):
    """x Phi(x), Phi the standard normal CDF (approximate="tanh": the tanh formula)"""
    return _as_tensor(input).gelu(approximate)


def sigmoid(input):
    """1 / (1 + e^-x)"""
    return _as_tensor(input).sigmoid()


def tanh(input):
    """(e^x - e^-x) / (e^x + e^-x)"""
    return _as_tensor(input).tanh()


class LogSigmoid(Function):
    """y = log sigmoid(x) = min(x, 0) - log(1 + e^-|x|)  (no overflow for any x);
    dy/dx = 1 - sigmoid(x) = sigmoid(-x)"""

    name = "logsigmoid"

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * sigmoid(-x)


def logsigmoid(input):
    """log(sigmoid(x)), finite for every finite x."""
    return LogSigmoid.apply(_as_tensor(input))


def softmax(input, dim=-1):
    """e^x_i / sum_j e^x_j along ``dim`` (stable: shifted by the max)."""
    return _as_tensor(input).softmax(axis=dim)


def log_softmax(input, dim=-1):
    """x_i - log sum_j e^x_j along ``dim`` (stable)."""
    return _as_tensor(input).log_softmax(axis=dim)


# ---- layers -----------------------------------------------------------------------------

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
        if ctx.differentiable:                   # Tensors (create_graph): the product is recorded
            grad_z = grad * (out > 0)
        else:                                    # the same product, with the mask as numbers
            grad_z = (out > 0).astype(grad.dtype)    # (float * bool needs a cast buffer as large
            grad_z *= grad                           # as the product: twice the memory)
        return _affine_backward(ctx, grad_z, x, weight)


def _affine(x, weight, bias):
    """x W^T + b, the bias added in place into the product (a new array of our own)."""
    out = x @ weight.T
    if bias is None:
        return out
    if bias.shape == out.shape[-1:] and bias.dtype == out.dtype:
        out += bias
        return out
    return out + bias                     # other shapes or dtypes: broadcast and promote as usual


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
    input, weight = _as_tensor(input), _as_tensor(weight, "weight")
    return _linear(input, weight, None if bias is None else _as_tensor(bias, "bias"))


def _linear(input, weight, bias, relu=False):
    """``linear`` of Tensors (``relu=True``: max(linear, 0), one fused op)."""
    if input.ndim == 0 or input.shape[-1] != weight.shape[-1]:
        raise ValueError(f"linear: input of shape {input.shape} has {input.shape[-1] if input.ndim else 0} "
                         f"features but weight of shape {weight.shape} expects {weight.shape[-1]}")
    return (_LinearReLU if relu else _Linear).apply(input, weight, bias)


def dropout(input, p=0.5, training=True):
    """Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).

    The expected value is unchanged, so nothing needs rescaling at evaluation time, where
    (``training=False``) the input is returned as it is. The mask comes from the library's
    generator (``autograd.manual_seed`` makes it repeatable).
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"dropout: p must be a probability in [0, 1), got {p!r}")
    input = _as_tensor(input)
    if not training or p == 0:
        return input
    keep = random.generator().random(input.shape) >= p
    return input * (keep / (1 - p)).astype(input.dtype)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (axis 1) of an (N, C) or (N, C, L) input:

        y = (x - mean) / sqrt(var + eps) * weight + bias

    With ``training=True`` mean and var are the batch's (biased var, over every axis but 1) and
    the running statistics, if given, move towards them in place:
    ``running = (1 - momentum) * running + momentum * batch``, where running_var receives the
    unbiased batch variance (times n / (n - 1)). Otherwise ``running_mean``/``running_var`` are used.
    """
    _check_real("batch_norm", "eps", eps, low=0)
    _check_real("batch_norm", "momentum", momentum, 0, 1)
    x = _as_tensor(input)
    if x.ndim not in (2, 3):
        raise ValueError(f"batch_norm: expected an (N, C) or (N, C, L) input, got shape {x.shape}")
    axes = (0,) if x.ndim == 2 else (0, 2)
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if training:
        count = x.size // x.shape[1]
        if count <= 1:
            raise ValueError(f"batch_norm: expected more than 1 value per channel when training, "
                             f"got input of shape {x.shape}")
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True)
        if running_mean is not None:
            with no_grad():
                running_mean[...] = ((1 - momentum) * np.asarray(running_mean)
                                     + momentum * mean._data.reshape(-1))
                running_var[...] = ((1 - momentum) * np.asarray(running_var)
                                    + momentum * var._data.reshape(-1) * count / (count - 1))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: running_mean and running_var are needed when not training")
        mean = Tensor(np.asarray(running_mean).reshape(shape))
        var = Tensor(np.asarray(running_var).reshape(shape))
    out = (x - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * _as_tensor(weight, "weight").reshape(shape)
    if bias is not None:
        out = out + _as_tensor(bias, "bias").reshape(shape)
    return out


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` axes of each sample:

        y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var)
    """
    _check_real("layer_norm", "eps", eps, low=0)
    x = _as_tensor(input)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(normalized_shape)
    if k == 0 or x.shape[x.ndim - k:] != normalized_shape or x.ndim < k:
        raise ValueError(f"layer_norm: expected an input whose last dimensions are {normalized_shape}, "
                         f"got shape {x.shape}")
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    out = (x - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


# ---- regression losses ------------------------------------------------------------------

def mse_loss(input, target, reduction="mean"):
    """(x - y)^2, reduced."""
    input = _as_tensor(input)
    target = _as_float_target(target, input, "mse_loss")
    _check_same_shape(input, target, "mse_loss")
    diff = input - target
    return _reduce(diff * diff, reduction, "mse_loss")


def l1_loss(input, target, reduction="mean"):
    """|x - y|, reduced (its derivative at 0 is taken as 0)."""
    input = _as_tensor(input)
    target = _as_float_target(target, input, "l1_loss")
    _check_same_shape(input, target, "l1_loss")
    return _reduce((input - target).abs(), reduction, "l1_loss")


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), with d = x - y; reduced.

    Quadratic near 0, linear (gradient +-delta) far from it: robust to outliers.
    """
    _check_real("huber_loss", "delta", delta, low=0, low_open=True, requirement="positive")
    input = _as_tensor(input)
    target = _as_float_target(target, input, "huber_loss")
    _check_same_shape(input, target, "huber_loss")
    diff = input - target
    size = diff.abs()
    loss = where(size._data < delta, 0.5 * diff * diff, delta * (size - 0.5 * delta))
    return _reduce(loss, reduction, "huber_loss")


# ---- binary classification losses -------------------------------------------------------

class ClampedLog(Function):
    """y = max(log x, -100) for x >= 0, PyTorch's clamp of BCE's log (log 0 = -inf becomes -100);
    dy/dx = 1/x where x > floor, 0 below.

    floor = e^-100 (where the clamp starts), raised in float32 to 1/max_float32 so that 1/x
    never overflows to inf (e^-100 is a float32 subnormal whose reciprocal is not a float32).
    """

    name = "clamped_log"

    @staticmethod
    def forward(ctx, x):
        ctx.floor = _log_floor(x.dtype)
        ctx.inside = x > ctx.floor
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore"):                       # log 0 = -inf, clamped
            return _clamped_log(x)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * ctx.inside / np.maximum(x, ctx.floor)


def _log_floor(dtype):
    return max(math.exp(-100.0), 1 / float(np.finfo(dtype).max))


def _clamped_log(x):
    return np.maximum(np.log(x), -100).astype(x.dtype, copy=False)


class _BinaryCrossEntropy(Function):
    """loss = -sum (y log p + (1 - y) log(1 - p)) / n, each log clamped as in ``ClampedLog``,
    n the number of elements (mean) or 1 (sum);  dp = ((1 - y)/(1 - p) - y/p) dloss / n,
    a term 0 where its log is clamped

    The common case of binary_cross_entropy (no weights, a constant target) as one op. It
    checks p itself, for free: p outside [0, 1] (or nan) takes the log of a negative number,
    so the loss is nan exactly when p (or y) is wrong; only then are the values inspected.
    """

    name = "binary_cross_entropy"

    @staticmethod
    def forward(ctx, p, y, mean):
        ctx.save_for_backward(p)
        ctx.y, ctx.count, ctx.floor = y, p.size if mean else 1, _log_floor(p.dtype)
        q = 1 - p
        ctx.p_inside, ctx.q_inside = p > ctx.floor, q > ctx.floor
        with np.errstate(divide="ignore", invalid="ignore"):     # log 0 = -inf is clamped; nan:
            loss = -(y * _clamped_log(p) + (1 - y) * _clamped_log(q)).sum() / ctx.count
        if loss != loss:                                          # p or y outside [0, 1]
            _check_probabilities(p, y, "binary_cross_entropy")
        return loss

    @staticmethod
    def backward(ctx, grad):
        p, = ctx.saved_tensors
        dp = (ctx.q_inside * (1 - ctx.y) / np.maximum(1 - p, ctx.floor)
              - ctx.p_inside * ctx.y / np.maximum(p, ctx.floor))
        return dp * (grad / ctx.count), None, None


def _constant_like(value, input):
    """A weight (array or Tensor) in the input's dtype, so float32 losses stay float32."""
    if isinstance(value, Tensor):
        return value if value.dtype == input.dtype else value.astype(input.dtype)
    return np.asarray(value, dtype=input.dtype)


def _in_unit_interval(values):
    """Every value in [0, 1] (nan is not): two reductions, no temporary arrays."""
    return values.size == 0 or (values.min() >= 0 and values.max() <= 1)


def _check_in_unit_interval(values, what, name):
    values = np.asarray(values)
    if not _in_unit_interval(values):
        if np.isnan(values).any():
            raise ValueError(f"{name}: every {what} must be in [0, 1], got NaN "
                             f"({np.isnan(values).sum()} of {values.size} values)")
        raise ValueError(f"{name}: every {what} must be in [0, 1], got values from "
                         f"{values.min():g} to {values.max():g}")


def _check_probabilities(input, target, name):
    """ValueError unless every input probability and then every target is in [0, 1]."""
    _check_in_unit_interval(input, "input probability", name)
    _check_in_unit_interval(target, "target", name)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """-w (y log p + (1 - y) log(1 - p)) for probabilities p = ``input``, reduced.

    Each log is clamped at -100 as in PyTorch, so p = 0 or 1 gives a finite loss (100) instead
    of inf, and the gradient is finite too: beyond the clamp it is 0 (see ``ClampedLog``).
    For raw scores use
    ``binary_cross_entropy_with_logits``, which is exact and stable.
    """
    input = _as_tensor(input)
    target = _as_float_target(target, input, "binary_cross_entropy")
    _check_same_shape(input, target, "binary_cross_entropy")
    if weight is None and not target.requires_grad and reduction != "none" and input.size:
        if not _in_unit_interval(target._data):            # the op itself checks the input
            _check_probabilities(input._data, target._data, "binary_cross_entropy")
        return _BinaryCrossEntropy.apply(input, target._data, reduction == "mean")
    _check_probabilities(input._data, target._data, "binary_cross_entropy")
    log_p = ClampedLog.apply(input)
    log_not_p = ClampedLog.apply(1 - input)
    loss = -(target * log_p + (1 - target) * log_not_p)
    if weight is not None:
        loss = loss * _constant_like(weight, input)
    return _reduce(loss, reduction, "binary_cross_entropy")


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    """Binary cross-entropy of p = sigmoid(x), computed from the logits x:

        -w (pos_weight * y log sigmoid(x) + (1 - y) log sigmoid(-x))

    using the stable ``logsigmoid``, so logits of any size give exact, finite values.
    ``pos_weight`` (broadcast against the last axis) weights the positive examples.
    """
    input = _as_tensor(input)
    target = _as_float_target(target, input, "binary_cross_entropy_with_logits")
    _check_same_shape(input, target, "binary_cross_entropy_with_logits")
    _check_in_unit_interval(target._data, "target", "binary_cross_entropy_with_logits")
    positive = target * logsigmoid(input)
    if pos_weight is not None:
        positive = positive * _constant_like(pos_weight, input)
    loss = -(positive + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * _constant_like(weight, input)
    return _reduce(loss, reduction, "binary_cross_entropy_with_logits")


def hinge_loss(input, target, reduction="mean"):
    """max(0, 1 - y s) for scores s = ``input`` and labels y in {-1, +1}, reduced.

    The max-margin loss of micrograd's demo (``mean(relu(1 - y * score))``): zero once a
    point is on the right side of the boundary with margin 1. (Not PyTorch's
    HingeEmbeddingLoss, which is a different loss.)
    """
    input = _as_tensor(input)
    target = _as_float_target(target, input, "hinge_loss")
    _check_same_shape(input, target, "hinge_loss")
    if not np.all(np.isin(target._data, (-1, 1))):
        found = ", ".join(f"{v:g}" for v in np.unique(target._data)[:10])
        raise ValueError(f"hinge_loss: target labels must be -1 or +1, got the values {found}")
    return _reduce((1 - target * input).relu(), reduction, "hinge_loss")


# ---- multi-class losses -----------------------------------------------------------------

def _class_weight(weight, num_classes, name):
    if weight is None:
        return np.ones(num_classes)
    weight = np.asarray(weight._data if isinstance(weight, Tensor) else weight, dtype=np.float64)
    if weight.shape != (num_classes,):
        raise ValueError(f"{name}: weight must have one entry per class, shape ({num_classes},), "
                         f"got shape {weight.shape}")
    return weight


def _along_classes(weight, input, class_axis):
    """Class weights shaped to broadcast along the class axis of ``input``, in its dtype."""
    shape = [1] * input.ndim
    shape[class_axis] = len(weight)
    return weight.reshape(shape).astype(input.dtype)


def _check_ignore_index(ignore_index, name):
    if type(ignore_index) is not int and (isinstance(ignore_index, (bool, np.bool_))   # ints skip
                                          or not isinstance(ignore_index, numbers.Integral)):
        raise TypeError(f"{name}: ignore_index must be an integer label, got {ignore_index!r}")


def _class_labels(target, input, ignore_index, name):
    """Check integer class labels for ``input`` (N, C, ...) or (C,); return them as int64, and
    whether any of them is ``ignore_index``."""
    labels = np.asarray(target._data if isinstance(target, Tensor) else target)
    expected = input.shape[:1] + input.shape[2:] if input.ndim >= 2 else ()
    if labels.shape != expected:
        raise ValueError(f"{name}: for input of shape {input.shape} the target must be class labels "
                         f"of shape {expected} or class probabilities of shape {input.shape}; "
                         f"got shape {labels.shape}")
    if labels.dtype.kind == "f":        # as in PyTorch: float targets are probabilities, shape (N, C)
        raise ValueError(f"{name}: class labels must be integers, got dtype {labels.dtype}; for labels "
                         f"such as [0., 1., 2.] pass labels.astype(int), or give class probabilities "
                         f"of shape {input.shape}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"{name}: class labels must be integers, got dtype {labels.dtype}")
    num_classes = input.shape[1] if input.ndim >= 2 else input.shape[0]
    # checked before the cast, which could wrap huge labels; first by two reductions (the
    # common case: every label in range), only then label by label
    if labels.size and labels.min() >= 0 and labels.max() < num_classes:
        ignored = 0 <= ignore_index < num_classes and bool(np.any(labels == ignore_index))
    else:
        is_ignored = labels == ignore_index
        beyond = ~is_ignored & ((labels < 0) | (labels >= num_classes))
        if beyond.any():
            raise LabelError(f"{name}: class label {labels[beyond].flat[0]:g} is out of range for "
                             f"{num_classes} classes (labels must be in [0, {num_classes - 1}])")
        ignored = bool(is_ignored.any())
    return labels.astype(np.int64, copy=False), ignored


def _pick(log_probs, labels):
    """log_probs[..., label, ...] along the class axis (1, or 0 for a single sample)."""
    if log_probs.ndim == 1:
        return log_probs[labels]
    num_classes = log_probs.shape[1]
    moved = log_probs if log_probs.ndim == 2 else log_probs.permute(0, *range(2, log_probs.ndim), 1)
    rows = moved.reshape(-1, num_classes)
    return rows[np.arange(rows.shape[0]), labels.reshape(-1)].reshape(labels.shape)


def _nll(log_probs, labels, weight, ignore_index, reduction, name):
    """Weighted negative log-likelihood of integer labels; 'mean' divides by the total weight."""
    keep = labels != ignore_index
    safe = np.where(keep, labels, 0)
    sample_weight = np.where(keep, weight[safe], 0).astype(log_probs.dtype)
    loss = -_pick(log_probs, safe) * sample_weight
    if reduction == "mean":
        return loss.sum() / float(sample_weight.sum())
    return _reduce(loss, reduction, name)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """-w[y] * input[y]: the negative log-likelihood, for ``input`` holding log-probabilities.

    ``input`` is (N, C) (or (C,), or (N, C, d1, ...)); ``target`` holds integer labels of shape
    (N,) (or (), or (N, d1, ...)). Labels equal to ``ignore_index`` count for nothing. With
    ``reduction="mean"`` the sum is divided by the sum of the weights w[y] used (N without weights).
    """
    _check_reduction(reduction, "nll_loss")
    _check_ignore_index(ignore_index, "nll_loss")
    input = _as_tensor(input)
    labels, _ = _class_labels(target, input, ignore_index, "nll_loss")
    weight = _class_weight(weight, input.shape[1 if input.ndim >= 2 else 0], "nll_loss")
    return _nll(input, labels, weight, ignore_index, reduction, "nll_loss")


class _SoftmaxCrossEntropy(Function):
    """loss = -sum_n log softmax(x_n)[y_n] / c, c = N (mean) or 1 (sum);
    dx = (softmax(x) - onehot(y)) dloss / c

    The common case of cross_entropy (logits (N, C), integer labels, no weights, no
    smoothing) as one op: its derivative is the classic softmax minus one-hot.
    """

    name = "cross_entropy"

    @staticmethod
    def forward(ctx, x, labels, mean):
        ctx.labels, ctx.count, ctx.rows = labels, len(labels) if mean else 1, np.arange(len(labels))
        with np.errstate(invalid="ignore", divide="ignore"):     # infinite logits: nan, quietly
            shifted = x - x.max(axis=1, keepdims=True)
            log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            loss = -(shifted[ctx.rows, labels] - log_sum[:, 0]).sum() / ctx.count   # the picked ones
        ctx.finite = not math.isnan(loss)    # nan if a row's maximum is inf or nan; else a number
        ctx.save_for_backward(x, shifted, log_sum)
        return loss

    @staticmethod
    def backward(ctx, grad):
        x, shifted, log_sum = ctx.saved_tensors
        if ctx.differentiable or not ctx.finite:
            onehot = np.zeros(x.shape, dtype=np.asarray(x).dtype)
            onehot[ctx.rows, ctx.labels] = 1
            return (softmax(x, 1) - onehot) * (grad / ctx.count), None, None
        # Arrays, finite maxima: softmax(x, 1) as it computes it, from forward's shifted logits and
        # log-sum, then minus the one-hot and times dloss / c in place (the array is our own).
        probs = np.exp(shifted - log_sum)
        probs[ctx.rows, ctx.labels] -= 1
        probs *= grad / ctx.count
        return probs, None, None


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross-entropy of softmax(``input``) (logits, (N, C)) against ``target``:

    * integer labels y of shape (N,):   loss_n = -w[y_n] log softmax(x_n)[y_n]
      ('mean' divides by the sum of the w[y_n]; labels == ignore_index are skipped);
    * probabilities / one-hot rows t of shape (N, C):  loss_n = -sum_c w_c t_nc log softmax(x_n)_c
      ('mean' divides by N).

    ``label_smoothing`` = e mixes the target with the uniform distribution: (1 - e) t + e / C.
    log_softmax is computed stably, so logits of +-1e4 give exact, finite losses.
    """
    _check_reduction(reduction, "cross_entropy")
    _check_real("cross_entropy", "label_smoothing", label_smoothing, 0, 1)
    _check_ignore_index(ignore_index, "cross_entropy")
    input = _as_tensor(input)
    if input.ndim == 0:
        raise ValueError("cross_entropy: input must hold one logit per class, got a 0-d Tensor")
    class_axis = 1 if input.ndim >= 2 else 0
    num_classes = input.shape[class_axis]
    plain_weight = weight is None
    target_shape = target.shape if isinstance(target, Tensor) else np.shape(target)

    if target_shape == input.shape:                    # probabilities
        weight = _class_weight(weight, num_classes, "cross_entropy")    # checked, or ones if None
        log_probs = input.log_softmax(axis=class_axis)
        target = _as_float_target(target, input, "cross_entropy")
        if label_smoothing:
            target = target * (1 - label_smoothing) + label_smoothing / num_classes
        loss = -(log_probs * target * _along_classes(weight, input, class_axis)).sum(axis=class_axis)
        if reduction == "mean":
            return loss.sum() / (input.size // num_classes)
        return _reduce(loss, reduction, "cross_entropy")

    labels, ignored = _class_labels(target, input, ignore_index, "cross_entropy")
    if input.ndim == 2 and plain_weight and not label_smoothing and reduction != "none" and not ignored:
        return _SoftmaxCrossEntropy.apply(input, labels, reduction == "mean")
    weight = _class_weight(weight, num_classes, "cross_entropy")        # checked, or ones if None
    log_probs = input.log_softmax(axis=class_axis)
    loss = _nll(log_probs, labels, weight, ignore_index, reduction, "cross_entropy")
    if not label_smoothing:
        return loss
    keep = labels != ignore_index
    smooth = -(log_probs * _along_classes(weight, input, class_axis)).sum(axis=class_axis)
    smooth = smooth * keep.astype(input.dtype)
    if reduction == "mean":
        smooth = smooth.sum() / float(np.where(keep, weight[np.where(keep, labels, 0)], 0).sum())
    else:
        smooth = _reduce(smooth, reduction, "cross_entropy")
    return (1 - label_smoothing) * loss + (label_smoothing / num_classes) * smooth
