"""Normalisation layers as functions: batch_norm (per channel) and layer_norm (per sample)."""

import numpy as np

from autograd import Tensor, no_grad

from ._checks import as_tensor, check_real

__all__ = ["batch_norm", "layer_norm"]


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
