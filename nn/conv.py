"""Convolution layers: Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d (PyTorch's parameters, init and repr)."""

import math

import numpy as np

from autograd import get_default_dtype

from . import functional as F
from . import init as initializers
from .functional._checks import as_tensor, check_ints
from .functional.convolution import _convolve, _transpose_convolve
from .module import Module, Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d"]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """What the convolution layers share: checked settings, parameters, init, repr."""

    dims = None  # spatial dimensions
    transposed = False
    _sizes_from_input = False  # the lazy convolutions: in_channels 0 until their first forward

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        output_padding=0,
    ):
        super().__init__()
        owner, dims = type(self).__name__, self.dims
        smallest = 0 if self._sizes_from_input else 1
        (self.in_channels,) = check_ints(in_channels, 1, "in_channels", owner, smallest)
        (self.out_channels,) = check_ints(out_channels, 1, "out_channels", owner, 1)
        (self.groups,) = check_ints(groups, 1, "groups", owner, 1)
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise ValueError(
                f"{owner}: groups={groups} must divide in_channels ({in_channels}) and "
                f"out_channels ({out_channels})"
            )
        self.kernel_size = check_ints(kernel_size, dims, "kernel_size", owner, 1)
        self.stride = check_ints(stride, dims, "stride", owner, 1)
        self.dilation = check_ints(dilation, dims, "dilation", owner, 1)
        self.output_padding = check_ints(output_padding, dims, "output_padding", owner, 0)
        if padding in ("same", "valid") and not self.transposed:
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{owner}: padding='same' is not supported for strided convolutions")
            self.padding = padding
        else:
            self.padding = check_ints(padding, dims, "padding", owner, 0)
        if padding_mode not in PADDING_MODES or self.transposed and padding_mode != "zeros":
            modes = ("zeros",) if self.transposed else PADDING_MODES
            raise ValueError(
                f"{owner}: padding_mode must be one of {', '.join(map(repr, modes))}, got {padding_mode!r}"
            )
        self.padding_mode = padding_mode
        channels = (
            (self.in_channels, self.out_channels // self.groups)
            if self.transposed
            else (self.out_channels, self.in_channels // self.groups)
        )
        self.weight = Parameter(np.empty(channels + self.kernel_size, get_default_dtype()))
        if bias:
            self.bias = Parameter(np.empty(self.out_channels, get_default_dtype()))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """PyTorch's default: weight by kaiming_uniform_(a=sqrt(5)), i.e. U(-1/sqrt(fan_in),
        1/sqrt(fan_in)), and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in computed from
        the weight's shape (weight.shape[1] * prod(kernel_size)), weight first."""
        initializers.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = initializers.calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            initializers.uniform_(self.bias, -bound, bound)

    def _check_channels(self, x, layout):
        """The input as a Tensor with in_channels channels (axis 1, or 0 if unbatched)."""
        x = as_tensor(x)
        if x.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(f"{self!r}: expected an input of shape {layout}, got shape {tuple(x.shape)}")
        channels = x.shape[x.ndim - self.dims - 1]
        if channels != self.in_channels:
            raise ValueError(
                f"{self!r}: expected input with {self.in_channels} channels, got {channels} "
                f"channels (input of shape {tuple(x.shape)})"
            )
        return x

    def _padded(self, x):
        """x padded by padding_mode (not "zeros"), and the padding left for the convolution."""
        if self.padding_mode == "zeros":
            return x, self.padding
        if isinstance(self.padding, str):
            totals = (
                (0,) * self.dims
                if self.padding == "valid"
                else tuple(d * (k - 1) for k, d in zip(self.kernel_size, self.dilation))
            )
            pairs = [(t // 2, t - t // 2) for t in totals]
        else:
            pairs = [(p, p) for p in self.padding]
        flat = [side for pair in reversed(pairs) for side in pair]  # last dimension first
        return F.pad(x, flat, mode=self.padding_mode), 0

    def extra_repr(self):
        text = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        )
        if self.padding != (0,) * self.dims:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * self.dims:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * self.dims:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Convolution(_ConvNd):
    """Conv1d and Conv2d: the input checked against ``layout``, padded, convolved."""

    layout = None  # the input shapes accepted, for errors

    def __init__(  # PyTorch's signature: no output_padding
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
    ):
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode
        )

    def forward(self, x):
        x, padding = self._padded(self._check_channels(x, self.layout))
        return _convolve(
            x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups, self.dims, repr(self)
        )


class Conv1d(_Convolution):
    """1-d convolution of (N, C_in, L) (or (C_in, L)): (N, C_out, L_out), weight (C_out, C_in/groups, k),
    L_out = (L + 2 padding - dilation (k - 1) - 1) // stride + 1. See ``nn.functional.conv1d``."""

    dims, layout = 1, "(N, C, L) or (C, L)"


class Conv2d(_Convolution):
    """2-d convolution of (N, C_in, H, W) (or (C_in, H, W)): (N, C_out, H_out, W_out), weight
    (C_out, C_in/groups, kh, kw), H_out = (H + 2 padding - dilation (kh - 1) - 1) // stride + 1
    (and W_out alike). See ``nn.functional.conv2d``."""

    dims, layout = 2, "(N, C, H, W) or (C, H, W)"


class Conv3d(_Convolution):
    """y = conv3d(x, weight) + bias on (N, C_in, D, H, W) or (C_in, D, H, W), weight
    (C_out, C_in/groups, kd, kh, kw); each output size as Conv2d's. See ``nn.functional.conv3d``."""

    dims, layout = 3, "(N, C, D, H, W) or (C, D, H, W)"

    def forward(self, x):
        x, padding = self._padded(self._check_channels(x, self.layout))
        return F.conv3d(x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class _ConvTransposeNd(_ConvNd):
    """ConvTranspose1d and ConvTranspose2d: PyTorch's signature (output_padding after padding)."""

    transposed = True
    layout = None  # the input shapes accepted, for errors

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups=1,
        bias=True,
        dilation=1,
        padding_mode="zeros",
    ):
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            output_padding,
        )

    def forward(self, x, output_size=None):
        """``output_size`` (the spatial sizes, or the whole shape) picks the output_padding that
        gives it, between the smallest output and stride - 1 more, as in PyTorch."""
        x = self._check_channels(x, self.layout)
        output_padding = self.output_padding if output_size is None else self._output_padding(x, output_size)
        return _transpose_convolve(
            x,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
            self.dims,
            repr(self),
        )

    def _output_padding(self, x, output_size):
        sizes = tuple(output_size)[-self.dims :] if len(output_size) > self.dims else tuple(output_size)
        smallest = tuple(
            (n - 1) * s - 2 * p + d * (k - 1) + 1
            for n, s, p, d, k in zip(
                x.shape[-self.dims :], self.stride, self.padding, self.dilation, self.kernel_size
            )
        )
        if len(sizes) != self.dims or not all(
            low <= n <= low + s - 1 for n, low, s in zip(sizes, smallest, self.stride)
        ):
            largest = tuple(low + s - 1 for low, s in zip(smallest, self.stride))
            raise ValueError(
                f"{self!r}: output_size {tuple(output_size)} must give spatial sizes from {smallest} "
                f"to {largest} for an input of shape {tuple(x.shape)}"
            )
        return tuple(n - low for n, low in zip(sizes, smallest))


class ConvTranspose1d(_ConvTransposeNd):
    """Transposed 1-d convolution: (N, C_in, L) (or (C_in, L)) -> (N, C_out, L_out), weight
    (C_in, C_out/groups, k), L_out = (L - 1) stride - 2 padding + dilation (k - 1) + output_padding + 1.
    See ``nn.functional.conv_transpose1d``."""

    dims, layout = 1, "(N, C, L) or (C, L)"


class ConvTranspose2d(_ConvTransposeNd):
    """Transposed 2-d convolution (the adjoint of Conv2d in its input, an "upsampling convolution"):
    (N, C_in, H, W) -> (N, C_out, H_out, W_out), weight (C_in, C_out/groups, kh, kw),
    H_out = (H - 1) stride - 2 padding + dilation (kh - 1) + output_padding + 1.
    See ``nn.functional.conv_transpose2d``."""

    dims, layout = 2, "(N, C, H, W) or (C, H, W)"
