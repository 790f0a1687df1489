"""conv3d and nn.Conv3d: gradcheck and gradgradcheck in float64, shapes, and bad input."""

import numpy as np
import pytest

import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

SETTINGS = [
    dict(),
    dict(stride=2, padding=1),
    dict(stride=(1, 2, 1), padding=(1, 0, 1), dilation=(2, 1, 1)),
    dict(groups=2, padding="same", dilation=(1, 2, 1)),
    dict(padding="valid"),
]


@pytest.mark.parametrize("kwargs", SETTINGS)
def test_conv3d_gradcheck_and_gradgradcheck(rng, kwargs):
    groups = kwargs.get("groups", 1)
    x = Tensor(rng.standard_normal((1, 2, 4, 4, 4)), requires_grad=True)
    w = Tensor(rng.standard_normal((2, 2 // groups, 2, 3, 2)), requires_grad=True)
    b = Tensor(rng.standard_normal(2), requires_grad=True)

    def fn(x, w, b):
        return F.conv3d(x, w, b, **kwargs)

    assert gradcheck(fn, (x, w, b))
    assert gradgradcheck(fn, (x, w, b))


def test_conv3d_unbatched_shape(rng):
    x, w = Tensor(rng.standard_normal((2, 4, 5, 6))), Tensor(rng.standard_normal((3, 2, 2, 2, 2)))
    assert F.conv3d(x, w).shape == (3, 3, 4, 5)


@pytest.mark.parametrize(
    "x_shape, w_shape, kwargs",
    [
        ((1, 2, 4, 4), (3, 2, 2, 2, 2), {}),  # 3-d input is neither batched nor unbatched 3-d
        ((1, 2, 4, 4, 4, 4), (3, 2, 2, 2, 2), {}),
        ((1, 2, 2, 4, 4), (3, 2, 3, 2, 2), {}),  # kernel deeper than the input
        ((1, 3, 4, 4, 4), (3, 2, 2, 2, 2), {}),  # channels
        ((1, 2, 4, 4, 4), (3, 2, 2, 2), {}),  # weight rank
        ((1, 2, 4, 4, 4), (3, 2, 2, 2, 2), dict(padding="same", stride=2)),
    ],
)
def test_conv3d_errors(x_shape, w_shape, kwargs):
    with pytest.raises(ValueError):
        F.conv3d(Tensor(np.zeros(x_shape)), Tensor(np.zeros(w_shape)), **kwargs)


def test_conv3d_layer_shapes_and_errors(rng):
    layer = nn.Conv3d(2, 4, 3, stride=2, padding=1)
    assert layer.weight.shape == (4, 2, 3, 3, 3)
    assert layer(Tensor(rng.standard_normal((2, 2, 5, 6, 7)))).shape == (2, 4, 3, 3, 4)
    with pytest.raises(ValueError):
        layer(Tensor(rng.standard_normal((2, 3, 5, 6, 7))))


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_5d_gradcheck_and_gradgradcheck(rng, mode):
    x = Tensor(rng.standard_normal((1, 2, 3, 3, 3)), requires_grad=True)

    def fn(x):
        return F.pad(x, (1, 0, 2, 1, 1, 2), mode=mode)

    assert gradcheck(fn, (x,))
    assert gradgradcheck(fn, (x,))
