"""Normalisation layers beyond batch norm: GroupNorm, InstanceNorm1d/2d, LocalResponseNorm, RMSNorm
(BatchNorm and LayerNorm are in ``nn.layers``). PyTorch's parameters, buffers, defaults and reprs;
the computations are in ``nn.functional.normalization``."""

import numpy as np

from autograd import get_default_dtype, no_grad

from . import functional as F
from .functional._checks import as_tensor, check_real
from .layers import _BatchNorm, _check_size, _check_sizes, _factory_dtype
from .module import Module, Parameter

__all__ = ["GroupNorm", "InstanceNorm1d", "InstanceNorm2d", "LocalResponseNorm", "RMSNorm"]


class GroupNorm(Module):
    """Normalise each of ``num_groups`` groups of channels of each sample of (N, C, ...):

        y = (x - mean) / sqrt(var + eps) * weight + bias     (biased var over the group's channels
                                                             and positions; weight 1, bias 0 at start)

    The same computation in training and eval. See ``nn.functional.group_norm``.
    """

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, *, bias=True):
        super().__init__()
        self.num_groups = _check_size(num_groups, "num_groups", "GroupNorm")
        self.num_channels = _check_size(num_channels, "num_channels", "GroupNorm")
        if self.num_channels % self.num_groups:
            raise ValueError(
                f"GroupNorm: num_channels ({num_channels}) must be divisible by num_groups ({num_groups})"
            )
        self.eps = check_real("GroupNorm", "eps", eps, low=0)
        self.affine = affine
        if affine:
            self.weight = Parameter(np.ones(self.num_channels, get_default_dtype()))
            if bias:
                self.bias = Parameter(np.zeros(self.num_channels, get_default_dtype()))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, x):
        x = as_tensor(x)
        if x.ndim < 2 or x.shape[1] != self.num_channels:
            raise ValueError(
                f"{self!r}: expected input of shape (N, {self.num_channels}, ...), got shape {tuple(x.shape)}"
            )
        return F.group_norm(x, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self.bias is not None}"
        )


class _InstanceNorm(_BatchNorm):
    """Instance normalisation of the C channels (axis 1) of an (N, C, ...) input:

        y = (x - mean) / sqrt(var + eps) * weight + bias     (mean and biased var of each x[n, c])

    By default without parameters (``affine=False``) and without running statistics
    (``track_running_stats=False``), so training and eval compute the same. With
    ``track_running_stats=True``, training updates ``running_mean`` / ``running_var`` from the
    batch's average statistics (``momentum=None`` leaves them unchanged, as PyTorch does) and eval
    normalises with them. ``num_batches_tracked`` is kept but not counted, as in PyTorch.
    """

    no_batch_dims = None  # the number of dimensions of an unbatched input

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False):
        super().__init__(num_features, eps, momentum, affine, track_running_stats)

    def forward(self, x):
        x = as_tensor(x)
        owner, dims = type(self).__name__, self.no_batch_dims
        if x.ndim not in (dims, dims + 1):
            raise ValueError(
                f"{owner}(num_features={self.num_features}): expected a {dims}-d (unbatched) or "
                f"{dims + 1}-d input, got shape {tuple(x.shape)}"
            )
        channels = x.shape[x.ndim - dims]
        if channels != self.num_features and (self.affine or self.track_running_stats):
            raise ValueError(
                f"{owner}(num_features={self.num_features}): expected input with "
                f"{self.num_features} channels (dimension {x.ndim - dims}), got shape {tuple(x.shape)}"
            )
        unbatched = x.ndim == dims
        out = F.instance_norm(
            x.reshape((1,) + x.shape) if unbatched else x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_input_stats=self.training or not self.track_running_stats,
            momentum=0.0 if self.momentum is None else self.momentum,
            eps=self.eps,
        )
        return out.reshape(x.shape) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of (N, C, L) or (C, L): each channel of each sample over its L
    positions (see ``_InstanceNorm``, ``nn.functional.instance_norm``)."""

    no_batch_dims = 2


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of (N, C, H, W) or (C, H, W): each channel of each sample over its
    H x W positions (fast neural style's normalisation; see ``_InstanceNorm``)."""

    no_batch_dims = 3


class LocalResponseNorm(Module):
    """y[c] = x[c] / (k + alpha / size * sum of x[c']^2 over the ``size`` channels around c) ** beta;
    see ``nn.functional.local_response_norm``."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = _check_size(size, "size", "LocalResponseNorm")
        self.alpha, self.beta, self.k = alpha, beta, k

    def forward(self, x):
        return F.local_response_norm(x, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"


class RMSNorm(Module):
    """Divide each sample by its root mean square over its last dimensions (``normalized_shape``):

        y = x / sqrt(mean(x^2) + eps) * weight        (weight 1 at start; eps=None: the machine
                                                       epsilon of x's dtype)

    See ``nn.functional.rms_norm``.
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        dtype = _factory_dtype(device, dtype)
        self.normalized_shape = _check_sizes(
            normalized_shape, "normalized_shape", "RMSNorm", "each size in normalized_shape"
        )
        self.eps = None if eps is None else check_real("RMSNorm", "eps", eps, low=0)
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype))
        else:
            self.register_parameter("weight", None)

    def reset_parameters(self):
        """weight back to 1 (if ``elementwise_affine``)."""
        if self.weight is not None:
            with no_grad():
                self.weight[...] = 1.0

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
