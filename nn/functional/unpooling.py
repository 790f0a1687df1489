"""Max unpooling: max_unpool1d/2d, the partial inverse of max pooling with ``return_indices``.

Each value goes back to the place its maximum was taken from, zeros everywhere else:

    y[n, c].flat[indices[n, c, k]] = x[n, c, k]        (the flat index into each Ho * Wo plane)

A scatter into zeros (``Tensor.scatter``), whose derivative is the gather of dy at the indices,
so twice differentiable. The output size is (in - 1) stride - 2 padding + kernel per spatial
axis, or ``output_size`` (within one stride of it, as PyTorch allows).
"""

import math

import numpy as np

from autograd import Tensor, zeros

from ._checks import as_tensor, check_ints

__all__ = ["max_unpool1d", "max_unpool2d"]


def _unpool_size(owner, size, kernel, stride, padding, output_size):
    """The output's spatial size: PyTorch's default, or ``output_size`` (spatial, or with N and C)."""
    default = [(n - 1) * s + k - 2 * p for n, k, s, p in zip(size, kernel, stride, padding)]
    if output_size is None:
        wanted = default
    else:
        wanted = [output_size] if isinstance(output_size, (int, np.integer)) else list(output_size)
        if len(wanted) == len(kernel) + 2:
            wanted = wanted[2:]
        if len(wanted) != len(kernel):
            raise ValueError(
                f"{owner}: output_size should be a sequence of {len(kernel)} or {len(kernel) + 2} "
                f"elements, got {len(wanted)}"
            )
        for d, (n, s) in enumerate(zip(default, stride)):
            if not n - s < wanted[d] < n + s:
                raise ValueError(
                    f'{owner}: invalid output_size "{output_size}" (dim {d} must be between {n - s} and {n + s})'
                )
    if any(n < 0 for n in wanted):
        raise ValueError(f"{owner}: the output size {tuple(wanted)} must not be negative")
    return tuple(int(n) for n in wanted)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, dims, owner):
    x = as_tensor(input)
    if x.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(
            f"{owner}: expected a {dims + 1}-D or {dims + 2}-D input (unbatched or batched), got shape {tuple(x.shape)}"
        )
    index = indices._data if isinstance(indices, Tensor) else np.asarray(indices)
    if index.dtype != np.int64:
        raise RuntimeError(f"{owner}: indices must be int64, got dtype {index.dtype}")
    if index.shape != x.shape:
        raise RuntimeError(
            f"{owner}: indices of shape {tuple(index.shape)} must have the input's shape {tuple(x.shape)}"
        )
    kernel = check_ints(kernel_size, dims, "kernel_size", owner, 1)
    stride = kernel if stride is None else check_ints(stride, dims, "stride", owner, 1)
    padding = check_ints(padding, dims, "padding", owner, 0)
    size = _unpool_size(owner, x.shape[-dims:], kernel, stride, padding, output_size)
    volume = math.prod(size)
    if index.size and (index.min() < 0 or index.max() >= volume):
        bad = index.min() if index.min() < 0 else index.max()
        raise RuntimeError(
            f"{owner}: found an invalid max index {bad} (the output planes are of size {'x'.join(map(str, size))})"
        )
    lead = x.shape[:-dims]
    flat = x.reshape(*lead, -1)
    out = zeros(*lead, volume, dtype=x.dtype).scatter(-1, Tensor._make(index.reshape(*lead, -1)), flat)
    return out.reshape(*lead, *size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """(N, C, H, W) (or (C, H, W)) values put back at ``indices`` (each into its Ho * Wo plane,
    as ``max_pool2d(..., return_indices=True)`` gives them) in zeros of (N, C, Ho, Wo)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, "max_unpool2d")


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """(N, C, L) (or (C, L)) values put back at ``indices`` in zeros of (N, C, Lo)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1, "max_unpool1d")
