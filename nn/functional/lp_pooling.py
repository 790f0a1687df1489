"""Power-average pooling: lp_pool1d / lp_pool2d, the p-norm of each window,

    y = (sum over the window of x^p) ^ (1/p)       (p = inf: the largest |x|, p = -inf: the smallest)

computed as PyTorch does, from the window averages of x^p times the window's size (no padding),
so the same numbers; a composite of avg_pool, sign, abs, relu and pow, twice differentiable.
"""

import math

from ._checks import as_tensor, check_ints
from .activations import relu
from .pooling import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d

__all__ = ["lp_pool1d", "lp_pool2d"]


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, dims, owner):
    x = as_tensor(input)
    kernel = check_ints(kernel_size, dims, "kernel_size", owner, 1)
    max_pool, avg_pool = (max_pool1d, avg_pool1d) if dims == 1 else (max_pool2d, avg_pool2d)
    if norm_type == math.inf:
        return max_pool(x.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -math.inf:
        return -max_pool(-x.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = avg_pool(x**norm_type, kernel_size, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs()) * math.prod(kernel)) ** (1.0 / norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The ``norm_type``-norm of each kernel_size window of (N, C, H, W) (or (C, H, W))."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2, "lp_pool2d")


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The ``norm_type``-norm of each kernel_size window of (N, C, L) (or (C, L))."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1, "lp_pool1d")
