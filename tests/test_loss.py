"""Losses and penalties: values against numpy, gradients (twice), stability, errors, PyTorch."""

import warnings

import numpy as np
import pytest

import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck


def leaf(array):
    return Tensor(np.array(array, dtype=np.float64), requires_grad=True)


def reduce(values, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](values)


def log_softmax(x, axis=1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


REDUCTIONS = ["mean", "sum", "none"]


@pytest.fixture
def pair(rng):
    """Predictions and targets whose differences keep away from every kink (0, +-delta)."""
    x = rng.standard_normal((3, 4))
    size = np.where(rng.random((3, 4)) < 0.5, rng.uniform(0.1, 0.6, (3, 4)), rng.uniform(1.4, 2.5, (3, 4)))
    d = rng.choice([-1.0, 1.0], size=(3, 4)) * size
    return x, x - d


# ---- regression losses ------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_regression_losses_match_their_formulas(pair, reduction):
    x, y = pair
    d = x - y
    huber = np.where(np.abs(d) < 1.0, 0.5 * d**2, np.abs(d) - 0.5)
    huber_2 = np.where(np.abs(d) < 2.0, 0.5 * d**2, 2.0 * (np.abs(d) - 1.0))
    cases = [
        (nn.MSELoss(reduction=reduction), d**2),
        (nn.L1Loss(reduction=reduction), np.abs(d)),
        (nn.HuberLoss(reduction), huber),
        (nn.HuberLoss(reduction, delta=2.0), huber_2),
    ]
    for loss_fn, per_element in cases:
        assert np.allclose(loss_fn(Tensor(x), y).numpy(), reduce(per_element, reduction), rtol=1e-12)


@pytest.mark.parametrize(
    "loss_fn",
    [nn.MSELoss(), nn.L1Loss(reduction="sum"), nn.HuberLoss(), nn.HuberLoss(reduction="none", delta=0.9)],
    ids=repr,
)
def test_regression_losses_gradients_twice(pair, loss_fn):
    x, y = leaf(pair[0]), leaf(pair[1])
    assert gradcheck(loss_fn, (x, y))
    assert gradgradcheck(loss_fn, (x, y))


def test_losses_reject_mismatched_shapes():
    prediction, target = Tensor(np.zeros((4, 1))), np.zeros(4)
    for loss_fn in [
        nn.BCELoss(),
        nn.BCEWithLogitsLoss(),
        nn.HingeLoss(),
    ]:
        with pytest.raises(ValueError, match=r"input shape \(4, 1\) and target shape \(4,\) must be equal"):
            loss_fn(prediction, target if not isinstance(loss_fn, nn.HingeLoss) else np.ones(4))


def test_reduction_and_option_errors():
    with pytest.raises(ValueError, match="reduction must be 'mean', 'sum' or 'none', got 'avg'"):
        nn.MSELoss(reduction="avg")
    with pytest.raises(ValueError, match="reduction must be"):
        F.mse_loss(Tensor([1.0]), [1.0], reduction="average")
    with pytest.raises(ValueError, match="reduction must be"):
        F.cross_entropy(Tensor([[1.0, 2.0]]), [0], reduction="total")
    with pytest.raises(ValueError, match="delta must be positive"):
        nn.HuberLoss(delta=0)
    with pytest.raises(ValueError, match="label_smoothing"):
        nn.CrossEntropyLoss(label_smoothing=1.5)


# ---- binary losses ------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_and_with_logits_match_the_formula(rng, reduction):
    logits = rng.standard_normal((5, 3)) * 3
    p = 1 / (1 + np.exp(-logits))
    y = rng.random((5, 3))
    w = rng.uniform(0.5, 2, 3)
    expected = -w * (y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.allclose(
        nn.BCELoss(w, reduction=reduction)(Tensor(p), y).numpy(), reduce(expected, reduction), rtol=1e-10
    )
    assert np.allclose(
        nn.BCEWithLogitsLoss(w, reduction=reduction)(Tensor(logits), y).numpy(),
        reduce(expected, reduction),
        rtol=1e-10,
    )
    pos = rng.uniform(0.5, 3, 3)
    weighted = -(pos * y * np.log(p) + (1 - y) * np.log(1 - p))
    assert np.allclose(
        nn.BCEWithLogitsLoss(reduction=reduction, pos_weight=pos)(Tensor(logits), y).numpy(),
        reduce(weighted, reduction),
        rtol=1e-10,
    )


def test_binary_losses_gradients_twice(rng):
    p = leaf(rng.uniform(0.1, 0.9, (3, 2)))
    logits = leaf(rng.standard_normal((3, 2)) * 3)
    y = leaf(rng.random((3, 2)))
    for fn, x in [
        (nn.BCELoss(), p),
        (nn.BCELoss(reduction="none", weight=[0.5, 2.0]), p),
        (nn.BCEWithLogitsLoss(pos_weight=[2.0, 0.5]), logits),
        (nn.BCEWithLogitsLoss(reduction="sum"), logits),
    ]:
        assert gradcheck(fn, (x, y))
        assert gradgradcheck(fn, (x, y))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_fused_bce_with_a_constant_target_gradients_twice(rng, reduction):
    """A constant target and no weights run as one op (binary_cross_entropy): its derivatives."""
    p = leaf(rng.uniform(0.1, 0.9, (4, 3)))
    y = rng.random((4, 3))
    fn = lambda p: F.binary_cross_entropy(p, y, reduction=reduction)
    assert fn(p).grad_fn.name == "binary_cross_entropy"
    assert gradcheck(fn, (p,))
    assert gradgradcheck(fn, (p,))


def test_bce_clamps_its_log_at_minus_100():
    p = leaf([0.0, 1.0, 0.0, 1.0])
    y = Tensor([1.0, 0.0, 0.0, 1.0])
    loss = F.binary_cross_entropy(p, y, reduction="none")
    assert np.allclose(loss.numpy(), [100.0, 100.0, 0.0, 0.0])
    loss.sum().backward()
    assert np.all(np.isfinite(p.grad))


def test_bce_with_logits_is_exact_for_huge_logits():
    logits = leaf([1000.0, -1000.0, 1000.0, -1000.0, 0.0])
    y = Tensor([1.0, 0.0, 0.0, 1.0, 1.0])
    loss = F.binary_cross_entropy_with_logits(logits, y, reduction="none")
    assert np.allclose(loss.numpy(), [0.0, 0.0, 1000.0, 1000.0, np.log(2)], rtol=1e-12, atol=0)
    loss.sum().backward()
    assert np.allclose(logits.grad, [0.0, 0.0, 1.0, -1.0, -0.5])  # sigmoid(x) - y


def test_bce_rejects_values_outside_zero_one():
    with pytest.raises(ValueError, match=r"every target must be in \[0, 1\], got values from -0.5 to 1"):
        nn.BCELoss()(Tensor([0.5, 0.5]), [-0.5, 1.0])
    with pytest.raises(ValueError, match="target must be in"):
        nn.BCEWithLogitsLoss()(Tensor([0.5, 0.5]), [0.0, 2.0])
    with pytest.raises(ValueError, match=r"every input probability must be in \[0, 1\]"):
        nn.BCELoss()(Tensor([1.5, 0.5]), [0.0, 1.0])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bce_names_the_input_first_then_the_target_in_every_path(reduction, dtype):
    """The fused op (mean, sum) finds a wrong input from its nan loss; the messages are the same."""
    cases = [
        ([0.5, 1.5], [0.0, 1.0], "input probability", "values from 0.5 to 1.5"),
        ([0.5, -np.inf], [0.0, 1.0], "input probability", "values from -inf to 0.5"),
        ([np.inf, 0.5], [0.0, 1.0], "input probability", "values from 0.5 to inf"),
        ([np.nan, 0.5], [0.0, 1.0], "input probability", r"NaN \(1 of 2 values\)"),
        ([0.5, 0.5], [0.0, 2.0], "target", "values from 0 to 2"),
        ([0.5, 0.5], [np.nan, 1.0], "target", r"NaN \(1 of 2 values\)"),
        ([2.0, 0.5], [-1.0, 1.0], "input probability", "values from 0.5 to 2"),
    ]
    for p, y, what, found in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # and no numpy warning on the way
            with pytest.raises(
                ValueError, match=rf"binary_cross_entropy: every {what} must be in \[0, 1\], got {found}"
            ):
                nn.BCELoss(reduction=reduction)(
                    Tensor(np.array(p, dtype), requires_grad=True), np.array(y, dtype)
                )


def test_hinge_loss_is_micrograds_max_margin_loss(rng):
    scores = rng.standard_normal(6) * 2
    labels = np.array([1, -1, 1, 1, -1, -1])
    expected = np.maximum(0, 1 - labels * scores)
    assert np.allclose(nn.HingeLoss()(Tensor(scores), labels).numpy(), expected.mean())
    assert np.allclose(nn.HingeLoss(reduction="none")(Tensor(scores), labels).numpy(), expected)
    s = leaf(np.array([0.3, -2.0, 1.7, 0.5]))
    assert gradcheck(lambda s: F.hinge_loss(s, [1, -1, 1, -1]), (s,))
    assert gradgradcheck(lambda s: F.hinge_loss(s, [1, -1, 1, -1]), (s,))
    with pytest.raises(ValueError, match=r"labels must be -1 or \+1, got the values 0, 1$"):
        F.hinge_loss(Tensor([0.1, 0.2]), [0, 1])


# ---- multi-class losses --------------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_labels_probabilities_and_nll_agree_with_numpy(rng, reduction):
    x = rng.standard_normal((5, 4))
    labels = rng.integers(0, 4, 5)
    logp = log_softmax(x)
    expected = reduce(-logp[np.arange(5), labels], reduction)
    assert np.allclose(nn.CrossEntropyLoss(reduction=reduction)(Tensor(x), labels).numpy(), expected)
    with pytest.raises(ValueError, match="class labels must be integers, got dtype float64"):
        F.cross_entropy(x, labels.astype(float), reduction=reduction)  # refused, as in PyTorch
    one_hot = np.eye(4)[labels]
    assert np.allclose(F.cross_entropy(x, one_hot, reduction=reduction).numpy(), expected)
    assert np.allclose(nn.NLLLoss(reduction=reduction)(Tensor(logp), labels).numpy(), expected)
    probs = rng.dirichlet(np.ones(4), size=5)
    assert np.allclose(
        F.cross_entropy(x, probs, reduction=reduction).numpy(), reduce(-(probs * logp).sum(axis=1), reduction)
    )


def test_class_weights_ignore_index_and_label_smoothing(rng):
    x = rng.standard_normal((6, 3))
    labels = np.array([0, 2, 1, -100, 2, 0])
    w = np.array([0.5, 1.0, 2.0])
    logp = log_softmax(x)
    keep = labels != -100
    picked = -logp[np.arange(6)[keep], labels[keep]] * w[labels[keep]]
    assert np.allclose(F.cross_entropy(x, labels, weight=w).numpy(), picked.sum() / w[labels[keep]].sum())
    assert np.allclose(F.nll_loss(logp, labels, weight=w, reduction="none").numpy()[keep], picked)
    assert F.nll_loss(logp, labels, weight=w, reduction="none").numpy()[3] == 0
    eps = 0.1
    smooth = -(logp[keep] * w).sum(axis=1)
    expected = (1 - eps) * picked.sum() / w[labels[keep]].sum() + eps / 3 * smooth.sum() / w[
        labels[keep]
    ].sum()
    assert np.allclose(F.cross_entropy(x, labels, weight=w, label_smoothing=eps).numpy(), expected)
    targets = (1 - eps) * np.eye(3)[labels[keep]] + eps / 3
    assert np.allclose(
        F.cross_entropy(x[keep], np.eye(3)[labels[keep]], label_smoothing=eps).numpy(),
        -(targets * logp[keep]).sum(axis=1).mean(),
    )


def test_cross_entropy_single_sample_and_spatial_inputs(rng):
    x = rng.standard_normal(4)
    assert np.allclose(F.cross_entropy(x, 2).numpy(), -log_softmax(x, axis=0)[2])
    x3 = rng.standard_normal((2, 4, 3))
    labels = rng.integers(0, 4, (2, 3))
    logp = log_softmax(x3, axis=1)
    picked = np.take_along_axis(logp, labels[:, None, :], axis=1)[:, 0, :]
    assert np.allclose(F.cross_entropy(x3, labels, reduction="none").numpy(), -picked)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = leaf([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]])
    loss = F.cross_entropy(logits, [0, 0], reduction="none")
    assert np.allclose(loss.numpy(), [0.0, 2e4])
    loss.sum().backward()
    assert np.allclose(logits.grad, [[0, 0, 0], [-1, 1, 0]])


def test_multiclass_losses_gradients_twice(rng):
    x = leaf(rng.standard_normal((3, 4)))
    labels = np.array([1, 3, 0])
    probs = leaf(rng.dirichlet(np.ones(4), size=3))
    w = rng.uniform(0.5, 2, 4)
    cases = [
        (lambda x: F.cross_entropy(x, labels), (x,)),
        (lambda x: F.cross_entropy(x, np.array([1, -100, 0]), weight=w, label_smoothing=0.2), (x,)),
        (lambda x, t: F.cross_entropy(x, t, weight=w, reduction="none"), (x, probs)),
        (lambda x: F.nll_loss(x.log_softmax(axis=1), labels, weight=w, reduction="sum"), (x,)),
    ]
    for fn, inputs in cases:
        assert gradcheck(fn, inputs)
        assert gradgradcheck(fn, inputs)


def test_class_label_errors():
    x = Tensor(np.zeros((3, 4)))
    with pytest.raises(
        F.LabelError, match=r"label 4 is out of range for 4 classes \(labels must be in \[0, 3\]\)"
    ):
        F.cross_entropy(x, [0, 4, 1])
    with pytest.raises(IndexError, match="label -1 is out of range"):
        F.nll_loss(x, [0, -1, 1])
    with pytest.raises(ValueError, match="out of range"):
        nn.CrossEntropyLoss()(x, np.array([7, 0, 0]))
    with pytest.raises(ValueError, match="class labels must be integers, got dtype float64"):
        F.cross_entropy(x, [0.0, 0.5, 1.0])
    with pytest.raises(ValueError, match="class labels must be integers, got dtype bool"):
        F.cross_entropy(x, np.array([True, False, True]))
    with pytest.raises(
        ValueError,
        match=r"target must be class labels of shape \(3,\) or class probabilities "
        r"of shape \(3, 4\); got shape \(4,\)",
    ):
        F.cross_entropy(x, [0, 1, 2, 3])
    with pytest.raises(ValueError, match=r"weight must have one entry per class, shape \(4,\)"):
        F.cross_entropy(x, [0, 1, 2], weight=[1.0, 2.0])


# ---- penalties --------------------------------------------------------------------------------


def test_l1_and_l2_penalties_sum_over_parameters():
    a, b = leaf([[1.0, -2.0]]), leaf([3.0])
    assert nn.l1_penalty([a, b]).item() == 6.0
    l2 = nn.l2_penalty([a, b])
    assert l2.item() == 14.0
    l2.backward()
    assert np.array_equal(a.grad, [[2.0, -4.0]]) and np.array_equal(b.grad, [6.0])
    model = nn.Linear(2, 2)
    expected = sum(np.abs(p.numpy()).sum() for p in model.parameters())
    assert np.isclose(nn.l1_penalty(model).item(), expected)
    assert nn.l2_penalty(b).item() == 9.0 and nn.l2_penalty([]).item() == 0.0
    with pytest.raises(TypeError, match="expected Tensors"):
        nn.l2_penalty([np.ones(2)])


# ---- against PyTorch (optional) ----------------------------------------------------------


def test_losses_match_torch(rng):
    torch = pytest.importorskip("torch")
    tF = torch.nn.functional

    def compare(ours, theirs, *arrays):
        mine = [leaf(a) for a in arrays]
        their = [torch.tensor(a, requires_grad=True) for a in arrays]
        out, tout = ours(*mine), theirs(*their)
        assert np.allclose(out.numpy(), tout.detach().numpy(), rtol=1e-10, atol=1e-12)
        g = rng.standard_normal(out.shape)
        out.backward(g)
        tout.backward(torch.tensor(g))
        for m, t in zip(mine, their):
            assert np.allclose(m.grad, t.grad.numpy(), rtol=1e-9, atol=1e-12)

    x, y = rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    p, t = rng.uniform(0.05, 0.95, (6, 4)), rng.random((6, 4))
    labels = rng.integers(0, 4, 6)
    labels[2] = -100
    w = rng.uniform(0.5, 2, 4)
    tw = torch.tensor(w)
    for red in REDUCTIONS:
        compare(
            lambda a, b: F.mse_loss(a, b, reduction=red), lambda a, b: tF.mse_loss(a, b, reduction=red), x, y
        )
        compare(
            lambda a, b: F.l1_loss(a, b, reduction=red), lambda a, b: tF.l1_loss(a, b, reduction=red), x, y
        )
        compare(
            lambda a, b: F.huber_loss(a, b, red, 0.7),
            lambda a, b: tF.huber_loss(a, b, reduction=red, delta=0.7),
            x,
            y,
        )
        compare(
            lambda a, b: F.binary_cross_entropy(a, b, w, reduction=red),
            lambda a, b: tF.binary_cross_entropy(a, b, tw, reduction=red),
            p,
            t,
        )
        compare(
            lambda a, b: F.binary_cross_entropy_with_logits(a, b, w, reduction=red, pos_weight=w + 1),
            lambda a, b: tF.binary_cross_entropy_with_logits(a, b, tw, reduction=red, pos_weight=tw + 1),
            x * 10,
            t,
        )
        compare(
            lambda a: F.cross_entropy(a, labels, w, reduction=red, label_smoothing=0.2),
            lambda a: tF.cross_entropy(a, torch.tensor(labels), tw, reduction=red, label_smoothing=0.2),
            x,
        )
        compare(
            lambda a, b: F.cross_entropy(a, b, w, reduction=red, label_smoothing=0.1),
            lambda a, b: tF.cross_entropy(a, b, tw, reduction=red, label_smoothing=0.1),
            x * 1e4,
            p / p.sum(axis=1, keepdims=True),
        )
        compare(
            lambda a: F.nll_loss(a, labels, w, reduction=red),
            lambda a: tF.nll_loss(a, torch.tensor(labels), tw, reduction=red),
            x,
        )
