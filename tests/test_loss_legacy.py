"""The losses' legacy arguments and broadcasting: the errors (PyTorch's comparisons:
test_loss_legacy_torch.py)."""

import contextlib

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

X = autograd.tensor(np.ones((4, 3)))


ERRORS = [
    (
        lambda: F.mse_loss(X, np.ones((4, 3)), "sum"),
        TypeError,
        r"size_average must be .* or None .*reduction='sum'",
    ),
    (lambda: F.kl_div(X, X, None, "batchmean"), TypeError, r"reduce must be True, False or None"),
    (lambda: nn.MSELoss("none"), TypeError, r"size_average must be True, False or None"),
    (lambda: nn.BCELoss(None, "sum"), TypeError, r"size_average must be True, False or None"),
    (
        lambda: F.mse_loss(X, np.ones((2, 3))),
        ValueError,
        r"mse_loss: input shape \(4, 3\) and target shape \(2, 3\) cannot",
    ),
    (
        lambda: F.huber_loss(X, np.ones(2)),
        ValueError,
        r"huber_loss: input shape \(4, 3\) and target shape \(2,\) cannot",
    ),
    (
        lambda: F.l1_loss(X, X, weight=np.ones(3)),
        ValueError,
        r"l1_loss: weight shape \(3,\) and input shape \(4, 3\) must",
    ),
    (lambda: F.mse_loss(X, X, weight=X, reduction="avg"), ValueError, r"mse_loss: reduction must be"),
    (lambda: F.binary_cross_entropy(X * 0.5, np.ones(3)), ValueError, r"target shape \(3,\) must be equal"),
]


@pytest.mark.parametrize("call, error, message", ERRORS)
def test_errors_name_the_argument_and_the_problem(call, error, message):
    with pytest.warns(UserWarning) if "cannot" in message else contextlib.nullcontext():
        with pytest.raises(error, match=message):
            call()


def test_legacy_arguments_warn_and_decide_the_reduction():
    x, y = autograd.tensor([1.0, 2.0]), autograd.tensor([0.0, 0.0])
    with pytest.warns(UserWarning, match="please use reduction='none' instead"):
        assert F.mse_loss(x, y, reduce=False).tolist() == [1.0, 4.0]
    with pytest.warns(UserWarning, match="please use reduction='sum' instead"):
        assert nn.L1Loss(size_average=False)(x, y).item() == 3.0
    with pytest.warns(UserWarning, match="please use reduction='mean' instead"):
        assert F.l1_loss(x, y, size_average=True, reduction="sum").item() == 1.5  # they win


def test_regression_losses_broadcast_with_a_warning():
    with pytest.warns(UserWarning, match=r"Using a target size \(torch.Size\(\[3\]\)\) that is different"):
        loss = F.mse_loss(autograd.tensor([[1.0], [2.0]]), autograd.tensor([0.0, 1.0, 2.0]), reduction="none")
    np.testing.assert_array_equal(loss.numpy(), [[1.0, 0.0, 1.0], [4.0, 1.0, 0.0]])
