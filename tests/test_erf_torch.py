"""erf, erfc and erfinv against PyTorch's, in units in the last place, float64 and float32."""

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")


def ulps(ours, theirs):
    spacing = np.spacing(np.maximum(np.abs(ours), np.abs(theirs)).astype(ours.dtype))
    spacing[spacing == 0] = np.finfo(ours.dtype).smallest_subnormal
    same = (ours == theirs) | (np.isnan(ours) & np.isnan(theirs))  # inf and NaN included
    with np.errstate(invalid="ignore"):
        return np.where(same, 0, np.abs(ours.astype(np.float64) - theirs.astype(np.float64)) / spacing)


@pytest.mark.parametrize("dtype, bounds", [(np.float64, (4, 7, 8)), (np.float32, (1, 1, 2))])
def test_erf_erfc_erfinv_within_ulps_of_torch(rng, dtype, bounds):
    x = np.concatenate([rng.uniform(-7, 7, 20000), rng.uniform(-30, 30, 5000), np.geomspace(1e-300, 1, 2000)])
    x = np.concatenate([x, -x, [0.0, np.inf, -np.inf, np.nan]]).astype(dtype)
    p = np.concatenate(
        [rng.uniform(-1, 1, 20000), 1 - np.geomspace(1e-16, 1e-2, 500), [-1.0, 1.0, 0.0]]
    ).astype(dtype)
    for (ours, theirs, arg), bound in zip(
        [(ag.erf, torch.erf, x), (ag.erfc, torch.erfc, x), (ag.erfinv, torch.erfinv, p)], bounds
    ):
        mine, pytorchs = ours(ag.tensor(arg)).numpy(), theirs(torch.tensor(arg)).numpy()
        assert mine.dtype == pytorchs.dtype
        np.testing.assert_array_equal(np.isnan(mine), np.isnan(pytorchs))
        assert ulps(mine, pytorchs).max() <= bound


def test_erf_gradients_match_torch(rng):
    x = rng.uniform(-4, 4, 50)
    for ours, theirs in [(ag.erf, torch.erf), (ag.erfc, torch.erfc)]:
        a, t = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        (g,) = ag.grad(ours(a).sum(), [a], create_graph=True)
        (h,) = torch.autograd.grad(theirs(t).sum(), [t], create_graph=True)
        np.testing.assert_allclose(g.numpy(), h.detach().numpy(), rtol=1e-13)
        second, torch_second = ag.grad(g.sum(), [a])[0], torch.autograd.grad(h.sum(), [t])[0]
        np.testing.assert_allclose(second.numpy(), torch_second.numpy(), rtol=1e-12)
