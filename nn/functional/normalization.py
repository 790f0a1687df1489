"""Normalisation layers as functions: batch_norm (per channel, over the batch), layer_norm (per
sample), rms_norm (per sample, by the root mean square), group_norm (per group of channels of a
sample), instance_norm (per channel of a sample) and local_response_norm (across neighbouring
channels). All are built from Tensor operations, so they are differentiable twice."""

import math

import numpy as np

from autograd import Tensor, no_grad

from ._checks import as_tensor, check_real
from .resampling import pad as _pad

__all__ = ["batch_norm", "layer_norm", "rms_norm", "group_norm", "instance_norm", "local_response_norm"]


def batch_norm(
    input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5
):
    """Normalise each channel (axis 1) of an (N, C), (N, C, L) or (N, C, H, W) input:

        y = (x - mean) / sqrt(var + eps) * weight + bias

    With ``training=True`` mean and var are the batch's (biased var, over every axis but 1) and
    the running statistics, if given, move towards them in place:
    ``running = (1 - momentum) * running + momentum * batch``, where running_var receives the
    unbiased batch variance (times n / (n - 1)). Otherwise ``running_mean``/``running_var`` are used.
    """
    check_real("batch_norm", "eps", eps, low=0)
    check_real("batch_norm", "momentum", momentum, 0, 1)
    x = as_tensor(input)
    if x.ndim < 2:
        raise ValueError(f"batch_norm: expected an input of shape (N, C, ...), got shape {tuple(x.shape)}")
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if training:
        count = x.numel() // x.shape[1]
        if count <= 1:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, "
                f"got input of shape {tuple(x.shape)}"
            )
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True, correction=0)
        if running_mean is not None:
            with no_grad():
                running_mean[...] = (1 - momentum) * np.asarray(running_mean) + momentum * mean._data.reshape(
                    -1
                )
                running_var[...] = (1 - momentum) * np.asarray(running_var) + momentum * var._data.reshape(
                    -1
                ) * count / (count - 1)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: running_mean and running_var are needed when not training")
        mean = Tensor(np.asarray(running_mean).reshape(shape))
        var = Tensor(np.asarray(running_var).reshape(shape))
    out = (x - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * as_tensor(weight, "weight").reshape(shape)
    if bias is not None:
        out = out + as_tensor(bias, "bias").reshape(shape)
    return out


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` axes of each sample:

    y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var)
    """
    check_real("layer_norm", "eps", eps, low=0)
    x = as_tensor(input)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(normalized_shape)
    if k == 0 or x.shape[x.ndim - k :] != normalized_shape or x.ndim < k:
        raise ValueError(
            f"layer_norm: expected an input whose last dimensions are {normalized_shape}, got shape {tuple(x.shape)}"
        )
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, correction=0)
    out = (x - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Divide each sample by its root mean square over the last ``len(normalized_shape)`` axes:

    y = x / sqrt(mean(x^2) + eps) * weight      (eps=None: the machine epsilon of x's dtype)
    """
    x = as_tensor(input)
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(normalized_shape)
    if k == 0 or x.ndim < k or x.shape[x.ndim - k :] != normalized_shape:
        raise RuntimeError(
            f"rms_norm: given normalized_shape={list(normalized_shape)}, expected an input whose last "
            f"dimensions are {list(normalized_shape)}, got shape {list(x.shape)}"
        )
    if weight is not None:
        weight = as_tensor(weight, "weight")
        if weight.shape != normalized_shape:
            raise RuntimeError(
                f"rms_norm: weight must have shape {list(normalized_shape)} (normalized_shape), "
                f"got {list(weight.shape)}"
            )
    if eps is None:
        eps = float(np.finfo(x.dtype if x.dtype.kind == "f" else np.float64).eps)
    check_real("rms_norm", "eps", eps, low=0)
    axes = tuple(range(x.ndim - k, x.ndim))
    out = x * ((x * x).mean(axis=axes, keepdims=True) + eps).rsqrt()
    return out if weight is None else out * weight


def _per_channel(owner, value, name, x):
    """A per-channel vector (C,) as a Tensor shaped to broadcast along axis 1 of x."""
    value = as_tensor(value, name)
    if value.shape != (x.shape[1],):
        raise ValueError(
            f"{owner}: expected {name} of shape ({x.shape[1]},), one per channel of the input of shape "
            f"{tuple(x.shape)}, got shape {tuple(value.shape)}"
        )
    return value.reshape((1, -1) + (1,) * (x.ndim - 2))


def _affine(owner, out, weight, bias):
    if weight is not None:
        out = out * _per_channel(owner, weight, "weight", out)
    if bias is not None:
        out = out + _per_channel(owner, bias, "bias", out)
    return out


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the C channels of an (N, C, ...) input into ``num_groups`` groups of C / num_groups
    and normalise each group of each sample over its channels and positions:

        y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var; weight, bias per channel)

    One group is layer norm over (C, ...); C groups is instance norm.
    """
    check_real("group_norm", "eps", eps, low=0)
    x = as_tensor(input)
    if x.ndim < 2:
        raise ValueError(f"group_norm: expected an input of shape (N, C, ...), got shape {tuple(x.shape)}")
    if isinstance(num_groups, bool) or not isinstance(num_groups, (int, np.integer)) or num_groups < 1:
        raise ValueError(f"group_norm: num_groups must be a positive int, got {num_groups!r}")
    if x.shape[1] % num_groups:
        raise ValueError(
            f"group_norm: num_groups={num_groups} must divide the number of channels "
            f"{x.shape[1]} (input of shape {tuple(x.shape)})"
        )
    if x.shape[0] * x.shape[1] // num_groups * math.prod(x.shape[2:]) == 1:  # PyTorch's check
        raise ValueError(
            f"group_norm: expected more than 1 value per channel when training, got input of "
            f"shape {tuple(x.shape)}"
        )
    groups = x.reshape(x.shape[0], num_groups, -1)
    mean = groups.mean(axis=2, keepdims=True)
    var = groups.var(axis=2, keepdims=True, correction=0)
    out = ((groups - mean) / (var + eps).sqrt()).reshape(x.shape)
    return _affine("group_norm", out, weight, bias)


def instance_norm(
    input,
    running_mean=None,
    running_var=None,
    weight=None,
    bias=None,
    use_input_stats=True,
    momentum=0.1,
    eps=1e-5,
):
    """Normalise each channel of each sample of an (N, C, ...) input over its positions:

        y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var of x[n, c])

    With ``use_input_stats=True`` (the default) mean and var are each instance's, and
    running statistics, if given, move towards their average over the batch in place:
    ``running = (1 - momentum) * running + momentum * mean_n(stat[n])`` (unbiased var, as
    batch_norm). With ``use_input_stats=False``, running_mean / running_var are used.
    """
    owner = "instance_norm"
    check_real(owner, "eps", eps, low=0)
    check_real(owner, "momentum", momentum, 0, 1)
    x = as_tensor(input)
    if x.ndim < 3:
        raise ValueError(f"{owner}: expected an input of shape (N, C, ...), got shape {tuple(x.shape)}")
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if use_input_stats:
        count = math.prod(x.shape[2:])
        if count <= 1:
            raise ValueError(
                f"{owner}: expected more than 1 spatial element when training, got input of "
                f"shape {tuple(x.shape)}"
            )
        axes = tuple(range(2, x.ndim))
        mean = x.mean(axis=axes, keepdims=True)
        var = x.var(axis=axes, keepdims=True, correction=0)
        if running_mean is not None or running_var is not None:
            _check_running(owner, running_mean, running_var, x)
            with no_grad():
                batch_mean = mean._data.reshape(x.shape[:2]).mean(axis=0)
                batch_var = var._data.reshape(x.shape[:2]).mean(axis=0) * count / (count - 1)
                running_mean[...] = (1 - momentum) * np.asarray(running_mean) + momentum * batch_mean
                running_var[...] = (1 - momentum) * np.asarray(running_var) + momentum * batch_var
    else:
        _check_running(owner, running_mean, running_var, x)
        mean = Tensor(np.asarray(running_mean).reshape(shape))
        var = Tensor(np.asarray(running_var).reshape(shape))
    return _affine(owner, (x - mean) / (var + eps).sqrt(), weight, bias)


def _check_running(owner, running_mean, running_var, x):
    for name, value in (("running_mean", running_mean), ("running_var", running_var)):
        if value is None or np.shape(value) != (x.shape[1],):
            got = "None" if value is None else f"shape {tuple(np.shape(value))}"
            raise ValueError(
                f"{owner}: expected {name} of shape ({x.shape[1]},), one per channel of the input "
                f"of shape {tuple(x.shape)}, got {got}"
            )


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Divide each element of an (N, C, ...) input by a power of the mean square of its
    neighbours across channels (AlexNet's normalisation):

        y[c] = x[c] / (k + alpha / size * sum_{c' = c - size//2}^{c + (size-1)//2} x[c']^2) ** beta

    (channels outside 0..C-1 count as zeros).
    """
    owner = "local_response_norm"
    x = as_tensor(input)
    if x.ndim < 3:
        raise ValueError(f"{owner}: expected an input of shape (N, C, ...), got shape {tuple(x.shape)}")
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"{owner}: size must be a positive int, got {size!r}")
    for name, value in (("alpha", alpha), ("beta", beta), ("k", k)):
        check_real(owner, name, value)
    squares = _pad(x * x, (0, 0) * (x.ndim - 2) + (size // 2, (size - 1) // 2))
    channels = x.shape[1]
    total = squares[:, 0:channels]
    for offset in range(1, size):
        total = total + squares[:, offset : offset + channels]
    return x / (total * (alpha / size) + k) ** beta
