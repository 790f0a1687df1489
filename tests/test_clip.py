"""Gradient clipping: clip_grad_norm_ and clip_grad_value_ in nn.utils."""

import math

import numpy as np
import pytest

from autograd import Tensor
from nn.utils import clip_grad_norm_, clip_grad_value_


def params_with_grads(*grads, dtype=np.float64):
    params = []
    for g in grads:
        p = Tensor(np.zeros(np.shape(g), dtype=dtype), requires_grad=True)
        p.grad = None if g is None else np.array(g, dtype=dtype)
        params.append(p)
    return params


def test_clip_grad_norm_scales_all_grads_together():
    params = params_with_grads([3.0, 0.0], [[4.0], [0.0]])  # joint 2-norm 5
    total = clip_grad_norm_(params, max_norm=1.0)
    assert isinstance(total, Tensor) and total.shape == () and total.item() == pytest.approx(5.0, rel=1e-15)
    factor = 1.0 / (5.0 + 1e-6)
    np.testing.assert_allclose(params[0].grad, [3.0 * factor, 0.0], rtol=1e-15)
    np.testing.assert_allclose(params[1].grad, [[4.0 * factor], [0.0]], rtol=1e-15)
    joint = math.sqrt(sum((p.grad**2).sum() for p in params))
    assert joint == pytest.approx(1.0, abs=1e-6)


def test_clip_grad_norm_leaves_small_grads_alone():
    params = params_with_grads([0.3, -0.4])
    assert clip_grad_norm_(params, max_norm=1.0).item() == pytest.approx(0.5)
    np.testing.assert_array_equal(params[0].grad, [0.3, -0.4])


@pytest.mark.parametrize(
    "norm_type, expected", [(1, 7.0 + 2.0 + 1.0), (math.inf, 7.0), (3, (7.0**3 + 2.0**3 + 1.0) ** (1 / 3))]
)
def test_clip_grad_norm_other_norms(norm_type, expected):
    params = params_with_grads([-7.0, 2.0], [1.0])
    total = clip_grad_norm_(params, max_norm=2.0, norm_type=norm_type)
    assert total.item() == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(params[0].grad, np.array([-7.0, 2.0]) * 2.0 / (expected + 1e-6), rtol=1e-14)


def test_clip_grad_norm_skips_missing_grads_and_takes_one_tensor():
    params = params_with_grads(None, [6.0, 8.0])
    assert clip_grad_norm_(params, 5.0).item() == pytest.approx(10.0)
    assert params[0].grad is None
    single = params_with_grads([0.0, 2.0])[0]
    assert clip_grad_norm_(single, 1.0).item() == pytest.approx(2.0)
    np.testing.assert_allclose(single.grad, [0.0, 2.0 / (2.0 + 1e-6)])
    assert clip_grad_norm_(params_with_grads(None), 1.0).item() == 0.0


def test_clip_grad_norm_keeps_float32_and_reports_non_finite():
    params = params_with_grads([30.0, 40.0], dtype=np.float32)
    clip_grad_norm_(params, 5.0)
    assert params[0].grad.dtype == np.float32
    np.testing.assert_allclose(params[0].grad, [3.0, 4.0], rtol=1e-6)
    with pytest.raises(RuntimeError, match="total norm of the gradients is nan"):
        clip_grad_norm_(params_with_grads([np.nan, 1.0]), 1.0, error_if_nonfinite=True)


def test_clip_grad_norm_errors():
    params = params_with_grads([1.0])
    with pytest.raises(ValueError, match="max_norm must be >= 0, got -1"):
        clip_grad_norm_(params, -1)
    with pytest.raises(ValueError, match="norm_type must be > 0"):
        clip_grad_norm_(params, 1.0, norm_type=0)
    with pytest.raises(TypeError, match="parameter 0 is a ndarray"):
        clip_grad_norm_([np.ones(2)], 1.0)


def test_clip_grad_norm_matches_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for norm_type in (2.0, 1.0, math.inf, 1.5):
        grads = [rng.normal(size=(3, 4)), rng.normal(size=(5,)), rng.normal(size=())]
        ours = params_with_grads(*grads)
        theirs = [torch.zeros(np.shape(g), dtype=torch.float64, requires_grad=True) for g in grads]
        for q, g in zip(theirs, grads):
            q.grad = torch.tensor(g)
        total = clip_grad_norm_(ours, 0.7, norm_type=norm_type)
        torch_total = torch.nn.utils.clip_grad_norm_(theirs, 0.7, norm_type=norm_type)
        assert total.dtype == np.float64 and total.item() == pytest.approx(torch_total.item(), rel=1e-13)
        for p, q in zip(ours, theirs):
            np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-13)


def test_clip_grad_value():
    params = params_with_grads([-3.0, 0.5, 2.0], None)
    assert clip_grad_value_(params, 1.0) is None
    np.testing.assert_array_equal(params[0].grad, [-1.0, 0.5, 1.0])
    assert params[1].grad is None
    with pytest.raises(ValueError, match="clip_value must be >= 0, got -0.5"):
        clip_grad_value_(params, -0.5)
