"""conv3d and nn.Conv3d against PyTorch: values and gradients in float64."""

import numpy as np
import pytest

import nn
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
TOL = dict(rtol=1e-10, atol=1e-12)

SETTINGS = [
    dict(),
    dict(stride=2, padding=1),
    dict(stride=(1, 2, 3), padding=(1, 0, 2), dilation=(2, 1, 2)),
    dict(groups=2, padding=(0, 1, 1)),
    dict(groups=4, dilation=2, padding="same"),
    dict(padding="valid", stride=(2, 1, 1)),
]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("kwargs", SETTINGS)
def test_conv3d_matches_torch(rng, kwargs, bias):
    groups = kwargs.get("groups", 1)
    x = rng.standard_normal((2, 4, 5, 6, 7))
    w = rng.standard_normal((8, 4 // groups, 3, 2, 3))
    b = rng.standard_normal(8) if bias else None
    ours = [Tensor(a, requires_grad=True) if a is not None else None for a in (x, w, b)]
    theirs = [torch.tensor(a, requires_grad=True) if a is not None else None for a in (x, w, b)]
    y, ty = F.conv3d(*ours, **kwargs), torch.nn.functional.conv3d(*theirs, **kwargs)
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), **TOL)
    upstream = rng.standard_normal(tuple(ty.shape))
    y.backward(Tensor(upstream))
    ty.backward(torch.tensor(upstream))
    for a, t in zip(ours, theirs):
        if a is not None:
            np.testing.assert_allclose(a.grad.numpy(), t.grad.numpy(), **TOL)


def test_conv3d_unbatched_matches_torch(rng):
    x, w = rng.standard_normal((2, 4, 5, 6)), rng.standard_normal((3, 2, 2, 3, 2))
    expected = torch.nn.functional.conv3d(torch.tensor(x), torch.tensor(w), padding=1).numpy()
    np.testing.assert_allclose(F.conv3d(Tensor(x), Tensor(w), padding=1).numpy(), expected, **TOL)


@pytest.mark.parametrize("padding_mode", ["zeros", "reflect", "replicate", "circular"])
def test_conv3d_layer_matches_torch(rng, padding_mode):
    theirs = torch.nn.Conv3d(
        2, 4, (3, 2, 3), padding=(1, 1, 2), padding_mode=padding_mode, dtype=torch.float64
    )
    ours = nn.Conv3d(2, 4, (3, 2, 3), padding=(1, 1, 2), padding_mode=padding_mode)
    ours.weight.data[...] = theirs.weight.detach().numpy()
    ours.bias.data[...] = theirs.bias.detach().numpy()
    x = rng.standard_normal((2, 2, 4, 5, 6))
    tx, ox = torch.tensor(x, requires_grad=True), Tensor(x, requires_grad=True)
    ty, oy = theirs(tx), ours(ox)
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), **TOL)
    ty.sum().backward()
    oy.sum().backward()
    np.testing.assert_allclose(ox.grad.numpy(), tx.grad.numpy(), **TOL)
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), **TOL)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_5d_matches_torch(rng, mode):
    x = rng.standard_normal((2, 3, 4, 5, 6))
    ox, tx = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    oy, ty = (
        F.pad(ox, (1, 2, 2, 1, 1, 3), mode=mode),
        torch.nn.functional.pad(tx, (1, 2, 2, 1, 1, 3), mode=mode),
    )
    np.testing.assert_allclose(oy.detach().numpy(), ty.detach().numpy(), **TOL)
    upstream = rng.standard_normal(tuple(ty.shape))
    oy.backward(Tensor(upstream))
    ty.backward(torch.tensor(upstream))
    np.testing.assert_allclose(ox.grad.numpy(), tx.grad.numpy(), **TOL)
