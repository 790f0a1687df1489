"""Sums and moments: nansum, nanmean, var_mean, std_mean, cov, corrcoef.

All are composed of differentiable ops (where, sum, mean, var, matmul), whose derivatives they
inherit: a NaN that nansum or nanmean skips gets a zero gradient, as in PyTorch.

cov of variables in rows, observations in columns, with frequency weights f and importance
weights a (w = f a, each 1 if not given):

    mean_i = sum_k w_k x_ik / sum w,      cov_ij = sum_k w_k (x_ik - mean_i)(x_jk - mean_j) / D
    D = sum w - correction (sum w a / sum w  with aweights),  0 if that is negative

corrcoef_ij = cov_ij / sqrt(cov_ii cov_jj), clamped to [-1, 1].
"""

import numbers
import warnings

import numpy as np

from .. import dtypes
from ..tensor import Tensor, tensor
from .checks import ArgumentError, DtypeError
from .elementwise import where
from .layout import diagonal
from .reduction import Sum, _dims


def _tensor(x):
    return x if isinstance(x, Tensor) else tensor(x)


def _floating(input, op):
    x = _tensor(input)
    if x.dtype.kind != "f":
        raise DtypeError(f"{op}(): input must be a floating-point Tensor, got dtype {x.dtype}")
    return x


def _without_nan(x):
    return where(np.isnan(x._data), 0, x) if x.dtype.kind == "f" else x


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """The sum over dim (all of x if None or ()), NaN counted as zero (its gradient is zero)."""
    x = _tensor(input)
    x = x if dtype is None else x.astype(dtype)
    return Sum.apply(_without_nan(x), axis=_dims(dim, x.ndim, "nansum"), keepdims=keepdim)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the non-NaN values over dim (NaN where a slice holds nothing else)."""
    x = _floating(input, "nanmean")
    x = x if dtype is None else x.astype(dtype)
    dims = _dims(dim, x.ndim, "nanmean")
    count = np.sum(~np.isnan(x._data), axis=dims, keepdims=keepdim).astype(x.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return Sum.apply(_without_nan(x), axis=dims, keepdims=keepdim) / count


def _moments(input, dim, unbiased, keepdim, correction, op):
    """(var, mean) of x over dim; ``op(x, 2)`` positional bool is PyTorch's unbiased."""
    x = _floating(input, op)
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    dims = _dims(dim, x.ndim, op)
    return x.var(dims, unbiased, keepdim, correction=correction), x.mean(dims, keepdim)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(var, mean)`` over dim, with var's correction (1 by default, unbiased=False is 0)."""
    return _moments(input, dim, unbiased, keepdim, correction, "var_mean")


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """``(std, mean)`` over dim: the square root of var_mean's variance."""
    variance, mean = _moments(input, dim, unbiased, keepdim, correction, "std_mean")
    return variance.sqrt(), mean


def _weights(weights, name, observations, integral):
    if weights is None:
        return None
    if not isinstance(weights, Tensor):
        raise TypeError(f"cov(): {name} must be a Tensor, not {type(weights).__name__}")
    if weights.ndim > 1:
        raise ArgumentError(
            f"cov(): expected {name} to have one or fewer dimensions, got shape {list(weights.shape)}"
        )
    if weights.numel() != observations:
        raise ArgumentError(
            f"cov(): expected {name} to have the same numel as there are observations in the input "
            f"but got {weights.numel()} != {observations}"
        )
    kind = weights.dtype.kind
    if (integral and kind not in "iu") or (not integral and kind != "f"):
        wanted = "an integral" if integral else "a floating-point"
        raise DtypeError(f"cov(): expected {name} to have {wanted} dtype, got {weights.dtype}")
    if (weights._data < 0).any():
        raise ArgumentError(f"cov(): {name} cannot be negative")
    return weights.reshape(-1)


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in input's rows (a 1-D input is one variable),
    observations in columns, with optional frequency and importance weights (see above)."""
    x = _tensor(input)
    if x.ndim > 2:
        raise ArgumentError(
            f"cov(): expected input to have two or fewer dimensions, got shape {list(x.shape)}"
        )
    if x.dtype == bool:
        raise DtypeError("cov(): bool input is not supported")
    if isinstance(correction, bool) or not isinstance(correction, numbers.Integral):
        raise TypeError(f"cov(): correction must be an int, got {correction!r:.60}")
    if x.dtype.kind != "f":
        x = x.astype(dtypes.get_default_dtype())
    x = x.reshape(1, -1) if x.ndim < 2 else x
    observations = x.shape[1]
    f = _weights(fweights, "fweights", observations, integral=True)
    a = _weights(aweights, "aweights", observations, integral=False)
    w = f.astype(x.dtype) if f is not None else None
    if a is not None:
        a = a.astype(x.dtype)
        w = a if w is None else w * a
    with np.errstate(invalid="ignore", divide="ignore"):  # no observations: NaN, as PyTorch
        if w is None:
            mean, factor = x.sum(1, keepdim=True) / observations, observations - correction
        else:
            total = w.sum()
            if total.item() == 0:
                raise ArgumentError("cov(): weights sum to zero, can't be normalized")
            mean = (x * w).sum(1, keepdim=True) / total
            factor = total - (correction * (w * a).sum() / total if a is not None else correction)
        if float(factor) <= 0:
            warnings.warn("cov(): degrees of freedom is <= 0", UserWarning, stacklevel=2)
            factor = 0 * factor
        centred = x - mean
        product = centred @ (centred if w is None else centred * w).T
        return (product / factor).squeeze()


def corrcoef(input):
    """The Pearson correlation coefficients of input's rows: cov normalised by the standard
    deviations, clamped to [-1, 1]."""
    c = cov(input)
    with np.errstate(invalid="ignore", divide="ignore"):
        if c.ndim == 0:
            return c / c
        deviation = diagonal(c).sqrt()
        c = c / deviation.reshape(-1, 1) / deviation.reshape(1, -1)
    return c.clamp(-1, 1)
