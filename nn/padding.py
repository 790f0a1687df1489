"""Padding layers: ZeroPad1d/2d, ConstantPad1d/2d, ReflectionPad1d/2d, ReplicationPad1d/2d,
CircularPad1d/2d. Each holds its padding, (left, right) for 1-d and (left, right, top, bottom)
for 2-d (an int pads every side alike), and calls ``nn.functional.pad``."""

import math

from . import functional as F
from .functional._checks import check_ints
from .module import Module

__all__ = [
    "ZeroPad1d",
    "ZeroPad2d",
    "ConstantPad1d",
    "ConstantPad2d",
    "ReflectionPad1d",
    "ReflectionPad2d",
    "ReplicationPad1d",
    "ReplicationPad2d",
    "CircularPad1d",
    "CircularPad2d",
]


class _PadNd(Module):
    dims = None
    mode = None

    def __init__(self, padding):
        super().__init__()
        self.padding = check_ints(padding, 2 * self.dims, "padding", type(self).__name__, -math.inf)

    def forward(self, x):
        return F.pad(x, self.padding, self.mode)

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    mode = "constant"

    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, x):
        return F.pad(x, self.padding, "constant", self.value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dimension with ``value`` (negative pads crop)."""

    dims = 1


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two dimensions with ``value`` (negative pads crop)."""

    dims = 2


class ZeroPad1d(ConstantPad1d):
    """Pad the last dimension with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pad the last two dimensions with zeros."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Mirror (N, C, L) or (C, L) at its ends without repeating the edge (pads < L)."""

    dims, mode = 1, "reflect"


class ReflectionPad2d(_PadNd):
    """Mirror (N, C, H, W) or (C, H, W) at its edges without repeating them (pads < H, W)."""

    dims, mode = 2, "reflect"


class ReplicationPad1d(_PadNd):
    """Repeat the edge elements of (N, C, L) or (C, L)."""

    dims, mode = 1, "replicate"


class ReplicationPad2d(_PadNd):
    """Repeat the edge rows and columns of (N, C, H, W) or (C, H, W)."""

    dims, mode = 2, "replicate"


class CircularPad1d(_PadNd):
    """Wrap (N, C, L) or (C, L) around (pads <= L)."""

    dims, mode = 1, "circular"


class CircularPad2d(_PadNd):
    """Wrap (N, C, H, W) or (C, H, W) around in both dimensions (pads <= H, W)."""

    dims, mode = 2, "circular"
