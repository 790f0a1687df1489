"""Pooling and upsampling layers: MaxPool1d/2d, MaxUnpool1d/2d, AvgPool1d/2d, LPPool1d/2d,
AdaptiveAvgPool1d/2d, AdaptiveMaxPool1d/2d,
Upsample (and its older names UpsamplingNearest2d, UpsamplingBilinear2d), PixelShuffle,
PixelUnshuffle, ChannelShuffle. They hold settings only (no parameters) and call ``nn.functional``; settings are kept
as given (the stride defaults to the kernel size), as PyTorch shows them."""

from . import functional as F
from .functional.pooling import _avg_pool, _max_pool
from .module import Module

__all__ = [
    "MaxPool1d",
    "MaxPool2d",
    "AvgPool1d",
    "AvgPool2d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool2d",
    "AdaptiveAvgPool1d",
    "AdaptiveMaxPool1d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "LPPool1d",
    "LPPool2d",
    "Upsample",
    "UpsamplingNearest2d",
    "UpsamplingBilinear2d",
    "PixelShuffle",
    "PixelUnshuffle",
    "ChannelShuffle",
]


class _MaxPoolNd(Module):
    dims = None

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False
    ):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, kernel_size if stride is None else stride
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, x):
        return _max_pool(
            x,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
            self.dims,
            repr(self),
        )

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool1d(_MaxPoolNd):
    """The maximum of each window of (N, C, L) (or (C, L)); see ``nn.functional.max_pool1d``."""

    dims = 1


class MaxPool2d(_MaxPoolNd):
    """The maximum of each window of (N, C, H, W) (or (C, H, W)); see ``nn.functional.max_pool2d``."""

    dims = 2


class _AvgPoolNd(Module):
    dims = None

    def __init__(
        self,
        kernel_size,
        stride=None,
        padding=0,
        ceil_mode=False,
        count_include_pad=True,
        divisor_override=None,
    ):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, kernel_size if stride is None else stride
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, x):
        return _avg_pool(
            x,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
            self.dims,
            repr(self),
        )

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """The mean of each window of (N, C, L) (or (C, L)); see ``nn.functional.avg_pool1d``."""

    dims = 1

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__(
            _single(kernel_size), _single(stride), _single(padding), ceil_mode, count_include_pad
        )


def _single(value):
    """AvgPool1d keeps its sizes as 1-tuples, as PyTorch does."""
    return value if value is None or isinstance(value, tuple) else (value,)


class AvgPool2d(_AvgPoolNd):
    """The mean of each window of (N, C, H, W) (or (C, H, W)); see ``nn.functional.avg_pool2d``."""

    dims = 2


class AdaptiveAvgPool2d(Module):
    """Average over output_size windows that tile the input, whatever its size (``None`` keeps a
    size); ``AdaptiveAvgPool2d(1)`` is global average pooling. See ``nn.functional.adaptive_avg_pool2d``."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return F.adaptive_avg_pool2d(x, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool2d(Module):
    """The maximum over output_size windows that tile the input; see ``nn.functional.adaptive_max_pool2d``."""

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, x):
        return F.adaptive_max_pool2d(x, self.output_size, self.return_indices)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(Module):
    """Average over output_size windows that tile (N, C, L) (or (C, L)); see
    ``nn.functional.adaptive_avg_pool1d``."""

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return F.adaptive_avg_pool1d(x, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(Module):
    """The maximum over output_size windows that tile (N, C, L) (or (C, L)); see
    ``nn.functional.adaptive_max_pool1d``."""

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size, self.return_indices = output_size, return_indices

    def forward(self, x):
        return F.adaptive_max_pool1d(x, self.output_size, self.return_indices)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class _MaxUnpoolNd(Module):
    dims = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        sizes = _single if self.dims == 1 else _pair  # kept as tuples, as PyTorch does
        self.kernel_size = sizes(kernel_size)
        self.stride = sizes(kernel_size if stride is None else stride)
        self.padding = sizes(padding)

    def forward(self, input, indices, output_size=None):
        unpool = F.max_unpool1d if self.dims == 1 else F.max_unpool2d
        return unpool(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """(N, C, L) (or (C, L)) values put back where MaxPool1d took them, zeros elsewhere; see
    ``nn.functional.max_unpool1d``."""

    dims = 1


class MaxUnpool2d(_MaxUnpoolNd):
    """(N, C, H, W) (or (C, H, W)) values put back where MaxPool2d took them, zeros elsewhere; see
    ``nn.functional.max_unpool2d``."""

    dims = 2


def _pair(value):
    return value if isinstance(value, tuple) else (value, value)


class _LPPoolNd(Module):
    dims = None

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = (
            norm_type,
            kernel_size,
            stride,
            ceil_mode,
        )

    def forward(self, x):
        pool = F.lp_pool1d if self.dims == 1 else F.lp_pool2d
        return pool(x, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self):
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
            f"ceil_mode={self.ceil_mode}"
        )


class LPPool1d(_LPPoolNd):
    """The norm_type-norm of each window of (N, C, L) (or (C, L)); see ``nn.functional.lp_pool1d``."""

    dims = 1


class LPPool2d(_LPPoolNd):
    """The norm_type-norm of each window of (N, C, H, W) (or (C, H, W)); see ``nn.functional.lp_pool2d``."""

    dims = 2


class Upsample(Module):
    """Resize the spatial dimensions to ``size`` or by ``scale_factor``; ``mode`` "nearest",
    "nearest-exact", "linear", "bilinear" or "bicubic". See ``nn.functional.interpolate``."""

    def __init__(
        self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None
    ):
        super().__init__()
        self.size, self.mode, self.align_corners = size, mode, align_corners
        self.scale_factor = (
            None
            if scale_factor is None
            else tuple(float(f) for f in scale_factor)
            if isinstance(scale_factor, (tuple, list))
            else float(scale_factor)
        )
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, x):
        return F.interpolate(
            x, self.size, self.scale_factor, self.mode, self.align_corners, self.recompute_scale_factor
        )

    def extra_repr(self):
        shown = (
            f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        )
        return f"{shown}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """``Upsample(size, scale_factor, mode="nearest")`` (PyTorch's older name)."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """``Upsample(size, scale_factor, mode="bilinear", align_corners=True)`` (PyTorch's older name)."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


class PixelShuffle(Module):
    """(*, C r^2, H, W) -> (*, C, H r, W r), r = upscale_factor; see ``nn.functional.pixel_shuffle``."""

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, x):
        return F.pixel_shuffle(x, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H r, W r) -> (*, C r^2, H, W), r = downscale_factor; see ``nn.functional.pixel_unshuffle``."""

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, x):
        return F.pixel_unshuffle(x, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"


class ChannelShuffle(Module):
    """(N, C, *) with the channels of its ``groups`` groups dealt out in turn; see
    ``nn.functional.channel_shuffle``."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        return F.channel_shuffle(x, self.groups)

    def extra_repr(self):
        return f"groups={self.groups}"
