"""conv3d: the 3-d convolution of (N, C, D, H, W) input, written with conv2d.

A 3-d cross-correlation is a sum over the kernel's depth offsets of 2-d ones: for offset k the
input's depth slices k*dd, k*dd + sd, ... (one per output depth) are convolved with w[:, :, k],

    y[n, :, t] = b + sum_k conv2d(x_pad[n, :, t*sd + k*dd], w[:, :, k])

so each offset is one conv2d of all N*Do depth slices at once (depth folded into the batch).
Its derivatives, of any order, are those of conv2d, slicing and sums.
"""

from ._checks import as_tensor
from .convolution import _bias, _check_dtypes, _geometry, conv2d
from .resampling import pad

__all__ = ["conv3d"]


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-d convolution of (N, C, D, H, W) (or (C, D, H, W)) with weight (O, C/groups, kd, kh, kw):
    (N, O, Do, Ho, Wo), Do = (D + 2 padding - dilation (kd - 1) - 1) // stride + 1 (Ho, Wo alike);
    ``padding``: an int, a triple, "valid" or "same" (stride 1). Zero padding."""
    owner = "conv3d"
    x, weight = as_tensor(input), as_tensor(weight, "weight")
    if x.ndim not in (4, 5):
        raise ValueError(
            f"{owner}: expected an input of shape (N, C, D, H, W) or (C, D, H, W), got shape "
            f"{tuple(x.shape)} ({x.ndim} dimensions)"
        )
    if x.ndim == 4:
        return conv3d(x.reshape((1,) + x.shape), weight, bias, stride, padding, dilation, groups)[0]
    geometry = _geometry(owner, x.shape, weight.shape, stride, padding, dilation, groups)
    bias = _bias(bias, weight.shape[0], owner)
    _check_dtypes(owner, x, weight, bias)
    (front, back), (sd, _, _), (dd, _, _) = geometry.padding[0], geometry.stride, geometry.dilation
    if front or back:
        x = _pad_depth(x, front, back)
    n, c, depth = x.shape[:3]
    kd = weight.shape[2]
    out_depth = (depth - dd * (kd - 1) - 1) // sd + 1
    plane_padding = padding if isinstance(padding, str) else tuple(a for a, _ in geometry.padding[1:])
    out = None
    for k in range(kd):
        start = k * dd
        slices = x[:, :, start : start + sd * (out_depth - 1) + 1 : sd]  # (N, C, Do, H, W)
        flat = slices.permute(0, 2, 1, 3, 4).reshape((n * out_depth, c) + tuple(x.shape[3:]))
        term = conv2d(
            flat,
            weight[:, :, k],
            None,
            geometry.stride[1:],
            plane_padding,
            geometry.dilation[1:],
            geometry.groups,
        )
        out = term if out is None else out + term
    out = out.reshape((n, out_depth) + tuple(out.shape[1:])).permute(0, 2, 1, 3, 4)
    return out if bias is None else out + bias.reshape(-1, 1, 1, 1)


def _pad_depth(x, front, back):
    """x zero-padded along depth (H and W are padded by conv2d)."""
    return pad(x, (0, 0, 0, 0, front, back))
