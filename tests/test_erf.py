"""erf and erfc on whole arrays (Cody's rational approximations, ``autograd.ops.error_function``)
against Python's math.erf / math.erfc, point by point in units in the last place: over the
whole real line, the tails and the subnormals included, in float64 and float32."""

import math

import numpy as np
import pytest

import autograd as ag
from autograd.ops.error_function import erf, erfc


def ulps(ours, reference):
    """|ours - reference| in units of the last place of the larger of the two."""
    dtype = ours.dtype
    spacing = np.spacing(np.maximum(np.abs(ours), np.abs(reference)).astype(dtype))
    spacing[spacing == 0] = np.finfo(dtype).smallest_subnormal
    return np.abs(ours.astype(np.float64) - reference.astype(np.float64)) / spacing


def points(rng):
    """Uniform over [-7, 7] and [-30, 30], near 0, log-spaced from 1e-310 to 1e3 (both signs), and
    the region edges of the approximations (0.46875, 4) and of underflow (26.5 to 28)."""
    logs = np.geomspace(1e-310, 1e3, 4000)
    edges = np.concatenate([np.linspace(a - 1e-3, a + 1e-3, 200) for a in (0.46875, 4.0, 26.5, 27.3)])
    x = np.concatenate(
        [rng.uniform(-7, 7, 20000), rng.uniform(-30, 30, 6000), rng.standard_normal(2000) * 1e-5]
    )
    return np.concatenate([x, logs, -logs, edges, -edges, [0.0, 5e-324, 1.0, 2.0, 6.0, 27.2]])


@pytest.mark.parametrize("name, ours, bound", [("erf", erf, 4), ("erfc", erfc, 7)])
def test_float64_within_a_few_ulps_of_math(rng, name, ours, bound):
    x = points(rng)
    reference = np.array([getattr(math, name)(v) for v in x])
    error = ulps(ours(x), reference)
    assert error.max() <= bound, (x[error.argmax()], error.max())
    assert error.mean() < 0.4  # mostly exact or one ulp away
    assert np.mean(error > 1) < 0.1


@pytest.mark.parametrize("name, ours", [("erf", erf), ("erfc", erfc)])
def test_float32_is_correctly_rounded(rng, name, ours):
    x = points(rng).astype(np.float32)
    reference = np.array([getattr(math, name)(float(v)) for v in x]).astype(np.float32)
    result = ag.tensor(x).erf() if name == "erf" else ag.tensor(x).erfc()
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result.numpy(), reference)
    np.testing.assert_array_equal(ours(x).astype(np.float32), reference)


def test_special_values():
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e300, 5e-324, -5e-324])
    e, c = erf(x), erfc(x)
    np.testing.assert_array_equal(e, [0.0, -0.0, 1, -1, np.nan, 1, -1, 5e-324, -5e-324])
    assert np.signbit(e[1]) and not np.signbit(e[0])
    np.testing.assert_array_equal(c, [1, 1, 0, 2, np.nan, 0, 2, 1, 1])
    assert erfc(np.array([26.5]))[0] > 0 and erfc(np.array([28.0]))[0] == 0  # to the subnormals
    assert erf(np.zeros((2, 0))).shape == (2, 0)


def test_tensor_ops_use_it_and_keep_their_derivatives(rng):
    x = ag.tensor(rng.uniform(-3, 3, (3, 4)), requires_grad=True)
    np.testing.assert_array_equal(x.erf().numpy(), erf(x.numpy()))
    np.testing.assert_array_equal(x.erfc().numpy(), erfc(x.numpy()))
    for f in (ag.erf, ag.erfc, lambda t: ag.erfinv(t / 4)):
        assert ag.gradcheck(f, (x,)) and ag.gradgradcheck(f, (x,))


def test_erfinv_inverts_erf(rng):
    y = rng.uniform(-2.5, 2.5, 5000)  # beyond, erf(y) rounds to few bits below 1: ill-posed
    np.testing.assert_allclose(ag.erfinv(ag.tensor(erf(y))).numpy(), y, rtol=1e-12, atol=1e-300)
    x = rng.uniform(-1, 1, 5000)
    np.testing.assert_allclose(
        erf(ag.erfinv(ag.tensor(x)).numpy()), x, rtol=2e-15, atol=1e-300
    )  # erf: <= 4 ulp
