"""Initialisers: fill a weight in place with values suited to training.

Every function overwrites ``tensor._data`` in place (under ``no_grad``), draws
from ``generator`` (None: the library's default one, ``autograd.manual_seed``) and
returns the tensor. The draws are PyTorch's: after the same seed, the same calls
give the same weights (the bounds below are computed in PyTorch's order too).

Fans, for a weight of shape (out, in, *receptive) as in PyTorch::

    fan_in  = in  * prod(receptive)      (inputs feeding each output)
    fan_out = out * prod(receptive)

The scaled initialisers keep the variance of the signal about constant
from layer to layer:

=====================  =====================================================
xavier_uniform_        U(-b, b),  b = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))
xavier_normal_         N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))
kaiming_uniform_       U(-b, b),  b = gain * sqrt(3 / fan)
kaiming_normal_        N(0, std^2), std = gain / sqrt(fan)
lecun_normal_          N(0, 1 / fan_in)
orthogonal_            gain * Q, Q orthonormal rows or columns (QR of a normal draw)
trunc_normal_          N(mean, std^2) restricted to [a, b] (by rejection, as PyTorch)
sparse_                N(0, std^2) with a fraction ``sparsity`` of each column zero
eye_, dirac_           the identity of a Linear / of a convolution's channels
=====================  =====================================================

The names without the final underscore (``normal``, ``xavier_uniform``, ...) are PyTorch's
deprecated spellings: the same functions, with a FutureWarning.

with ``fan`` = fan_in (``mode="fan_in"``) or fan_out, and ``gain`` from
``calculate_gain(nonlinearity)``. Two classic choices in one call each::

    nn.init.kaiming_normal_(w, nonlinearity="relu")    # He: N(0, 2 / fan_in)
    nn.init.kaiming_normal_(w, nonlinearity="linear")  # N(0, 1 / fan_in), same as lecun_normal_(w)
"""

import math
import warnings

import numpy as np

from autograd import Tensor, no_grad, random
from autograd.random import sampling

__all__ = [
    "calculate_gain",
    "calculate_fan_in_and_fan_out",
    "zeros_",
    "ones_",
    "constant_",
    "uniform_",
    "normal_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "lecun_normal_",
    "orthogonal_",
    "trunc_normal_",
    "sparse_",
    "eye_",
    "dirac_",
    "uniform",
    "normal",
    "constant",
    "eye",
    "dirac",
    "xavier_uniform",
    "xavier_normal",
    "kaiming_uniform",
    "kaiming_normal",
    "orthogonal",
    "sparse",
]

_UNIT_GAIN = (
    "linear",
    "identity",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity, param=None):
    """The factor by which ``nonlinearity`` shrinks the standard deviation, to be undone:

    linear/identity/sigmoid 1, tanh 5/3, relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2))
    (slope ``param``, default 0.01), selu 3/4.
    """
    if nonlinearity in _UNIT_GAIN:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, bool) or not isinstance(param, (int, float)):
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a number")
        else:
            slope = _finite("calculate_gain: negative_slope", param)
        if abs(slope) > 1e150:  # slope**2 would overflow; there 1 + slope**2 is slope**2
            return math.sqrt(2.0) / abs(slope)
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(
        f"calculate_gain: unsupported nonlinearity {nonlinearity!r}; valid: "
        f"{', '.join(_UNIT_GAIN + ('tanh', 'relu', 'leaky_relu', 'selu'))}"
    )


def calculate_fan_in_and_fan_out(tensor):
    """(fan_in, fan_out) of a weight shaped (out, in, *receptive); needs at least 2 dimensions."""
    shape = np.shape(tensor)
    if len(shape) < 2:
        raise ValueError(
            f"fan in and fan out need a tensor with at least 2 dimensions "
            f"(out_features, in_features), got shape {tuple(shape)}"
        )
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


_calculate_fan_in_and_fan_out = calculate_fan_in_and_fan_out  # PyTorch's (private) name


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor, values):
    """Write ``values`` into ``tensor`` in place (cast to its dtype) and return it."""
    _check_tensor(tensor)
    with no_grad():
        tensor[...] = np.asarray(values).astype(tensor.dtype)
    return tensor


def _check_tensor(tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(
            f"init functions fill a Tensor (e.g. a Parameter) in place, got {type(tensor).__name__}"
        )


def _finite(name, value):
    """A finite real number (TypeError if not a number, ValueError if NaN or infinite)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # a Python int beyond float range
        finite = False
    if not finite:
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def constant_(tensor, val):
    """Fill with ``val``."""
    return _fill(tensor, np.full(np.shape(tensor), _finite("constant_: val", val)))


def zeros_(tensor):
    """Fill with 0."""
    return constant_(tensor, 0.0)


def ones_(tensor):
    """Fill with 1."""
    return constant_(tensor, 1.0)


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with samples of U(a, b)."""
    if not _finite("uniform_: a", a) <= _finite("uniform_: b", b):
        raise ValueError(f"uniform_: need a <= b, got a={a}, b={b}")
    if not math.isfinite(b - a):
        raise ValueError(f"uniform_: the range b - a overflows, got a={a}, b={b}")
    _check_tensor(tensor)
    with no_grad():
        return random.uniform_(tensor, a, b, generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with samples of N(mean, std^2)."""
    if not _finite("normal_: std", std) >= 0:
        raise ValueError(f"normal_: std must be >= 0, got {std}")
    _finite("normal_: mean", mean)
    _check_tensor(tensor)
    with no_grad():
        return random.normal_(tensor, mean, std, generator)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot: U(-b, b) with b = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = _finite("xavier_uniform_: gain", gain) * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = calculate_fan_in_and_fan_out(tensor)
    std = _finite("xavier_normal_: gain", gain) * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He: U(-b, b) with b = gain * sqrt(3 / fan), gain = calculate_gain(nonlinearity, a).

    (``a`` is leaky_relu's negative slope. nn.Linear's default init is
    ``kaiming_uniform_(w, a=sqrt(5))``, i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)).)
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He: N(0, std^2) with std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a).

    ``kaiming_normal_(w, nonlinearity="relu")``   -> N(0, 2 / fan_in)  (He et al.)
    ``kaiming_normal_(w, nonlinearity="linear")`` -> N(0, 1 / fan_in)
    """
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def lecun_normal_(tensor, generator=None):
    """LeCun: N(0, 1 / fan_in) -- a normal scaled by sqrt(1 / fan_in) (not truncated)."""
    fan_in, _ = calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, math.sqrt(1.0 / fan_in), generator)


def orthogonal_(tensor, gain=1.0, generator=None):
    """Saxe et al.: the weight seen as a (rows, cols) matrix (rows = shape[0]) is gain * Q with
    orthonormal columns (rows >= cols) or rows: Q from the QR decomposition of a N(0, 1) draw
    (transposed first when rows < cols), each column signed by its R diagonal so that Q is
    uniformly distributed. PyTorch's draws and steps, so the same seed gives the same weight."""
    _check_tensor(tensor)
    if tensor.ndim < 2:
        raise ValueError(
            f"orthogonal_: needs a tensor with at least 2 dimensions, got shape {tuple(tensor.shape)}"
        )
    gain = _finite("orthogonal_: gain", gain)
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    draw = Tensor(np.empty((rows, tensor.numel() // rows), tensor.dtype))
    with no_grad():
        random.normal_(draw, 0.0, 1.0, generator)
    matrix = draw.numpy() if rows >= draw.shape[1] else draw.numpy().T
    q, r = np.linalg.qr(matrix)
    q = q * np.sign(np.diag(r))
    if rows < draw.shape[1]:
        q = q.T
    return _fill(tensor, q.reshape(tensor.shape) * gain)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """N(mean, std^2) conditioned on [a, b], by PyTorch 2.13's rejection sampling (same draws).

    If the mass p of [a, b] is above 0.3: draw normals and redraw, for the whole tensor, while
    some value lies outside [a, b], keeping the new draw only where the value was outside. Else:
    draw x ~ U(a, b) and accept it if log U(0, 1) <= -((x - mean) / std)^2 / 2 - log_peak (the
    log-density relative to its peak on [a, b]); redraw a pair for the whole tensor, kept where
    still pending, until every value is accepted."""
    _check_tensor(tensor)
    mean, std, a, b = (
        _finite(f"trunc_normal_: {k}", v) for k, v in (("mean", mean), ("std", std), ("a", a), ("b", b))
    )
    if not std > 0:
        raise ValueError(f"trunc_normal_: std must be > 0, got {std}")
    if not a <= b:
        raise ValueError(f"trunc_normal_: need a <= b, got a={a}, b={b}")
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    shape, dtype = tensor.shape, tensor.dtype
    p = _norm_cdf((b - mean) / std) - _norm_cdf((a - mean) / std)
    if p > 0.3:
        lo, hi = dtype.type(a), dtype.type(b)
        result = sampling.normal(shape, mean, std, dtype, generator)
        while True:
            outside = (result < lo) | (result > hi)
            if not outside.any():
                break
            result = np.where(outside, sampling.normal(shape, mean, std, dtype, generator), result)
        return _fill(tensor, result)
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def log_density(x):
        return np.subtract(
            np.multiply(np.square(np.divide(np.subtract(x, mean), std)), -0.5), log_peak
        ).astype(dtype)

    result = sampling.uniform(shape, a, b, dtype, generator)
    pending = np.log(sampling.uniform(shape, 0.0, 1.0, dtype, generator)) > log_density(result)
    while pending.any():
        candidates = sampling.uniform(shape, a, b, dtype, generator)
        result = np.where(pending, candidates, result)
        rejected = np.log(sampling.uniform(shape, 0.0, 1.0, dtype, generator)) > log_density(candidates)
        pending = np.where(pending, rejected, pending)
    return _fill(tensor, result)


def _norm_cdf(x):
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def _dimensions(tensor, allowed, what):
    _check_tensor(tensor)
    if tensor.ndim not in allowed:
        raise ValueError(
            f"Only tensors with {what} dimensions are supported ({what}: got shape {tuple(tensor.shape)})"
        )


def eye_(tensor):
    """The identity matrix (ones on the main diagonal of a 2-d tensor, zeros elsewhere)."""
    _dimensions(tensor, (2,), "2")
    return _fill(tensor, np.eye(*tensor.shape))


def dirac_(tensor, groups=1):
    """A convolution weight (out, in, *kernel) of 3, 4 or 5 dimensions that passes each input
    channel through unchanged: for each of ``groups`` blocks of out // groups output channels,
    weight[g * out_per_group + d, d, centre] = 1 for d < min(out_per_group, in)."""
    _dimensions(tensor, (3, 4, 5), "3, 4, or 5")
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise ValueError(f"dirac_: groups must be a positive int, got {groups!r}")
    if tensor.shape[0] % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = tensor.shape[0] // groups
    values = np.zeros(tensor.shape)
    centre = tuple(size // 2 for size in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(per_group, tensor.shape[1])):
            values[(g * per_group + d, d) + centre] = 1
    return _fill(tensor, values)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Martens (2010): N(0, std^2) with ceil(sparsity * rows) entries of each column set to zero,
    the rows chosen by a permutation per column. (As in PyTorch the permutations come from the
    default generator, whatever ``generator`` is.)"""
    _dimensions(tensor, (2,), "2")
    rows, cols = tensor.shape
    zeros = math.ceil(_finite("sparse_: sparsity", sparsity) * rows)
    values = sampling.normal(tensor.shape, 0.0, _finite("sparse_: std", std), tensor.dtype, generator)
    for col in range(cols):
        values[random.randperm(rows).numpy()[:zeros], col] = 0
    return _fill(tensor, values)


def _deprecated(function):
    new = function.__name__
    old = new[:-1]

    def deprecated(*args, **kwargs):
        warnings.warn(
            f"`nn.init.{old}` is now deprecated in favor of `nn.init.{new}`.", FutureWarning, stacklevel=2
        )
        return function(*args, **kwargs)

    deprecated.__name__ = deprecated.__qualname__ = old
    deprecated.__doc__ = f"Deprecated (a FutureWarning, as in PyTorch): ``{new}``."
    return deprecated


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_)
eye = _deprecated(eye_)
dirac = _deprecated(dirac_)
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_)
sparse = _deprecated(sparse_)
