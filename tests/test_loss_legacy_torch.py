"""The losses against PyTorch: the same parameters in the same order (functions and classes),
the deprecated ``size_average``/``reduce`` with PyTorch's meaning and warning, the regression
losses' broadcasting (with PyTorch's warning) and their ``weight``."""

import inspect
import warnings

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F

torch = pytest.importorskip("torch")
tF = torch.nn.functional

# PyTorch losses chainrule does not have (yet): left out of the signature comparison.
MISSING = {"LinearCrossEntropyLoss"}
TORCH_FUNCTIONS = sorted(
    name
    for name in dir(tF)
    if (name.endswith("_loss") or name in ("cross_entropy", "binary_cross_entropy", "kl_div"))
    or name == "binary_cross_entropy_with_logits"
)
TORCH_CLASSES = sorted(name for name in dir(torch.nn) if name.endswith("Loss") and name != "_Loss")


def parameters(function):
    return list(inspect.signature(function).parameters)


@pytest.mark.parametrize("name", [n for n in TORCH_FUNCTIONS if n not in MISSING])
def test_loss_function_takes_torchs_parameters_in_torchs_order(name):
    assert parameters(getattr(F, name)) == parameters(getattr(tF, name))


@pytest.mark.parametrize("name", [n for n in TORCH_CLASSES if n not in MISSING])
def test_loss_class_takes_torchs_parameters_in_torchs_order(name):
    assert parameters(getattr(nn, name).__init__) == parameters(getattr(torch.nn, name).__init__)


def test_the_missing_losses_are_really_missing():
    """The exceptions above are losses chainrule lacks, not ones with other parameters."""
    assert all(not hasattr(F, n) and not hasattr(nn, n) for n in MISSING)
    assert MISSING <= set(TORCH_FUNCTIONS) | set(TORCH_CLASSES)


# ---- size_average / reduce -------------------------------------------------------------------

rng = np.random.default_rng(7)
X, Y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
P, T = rng.uniform(0.1, 0.9, (4, 3)), rng.uniform(0, 1, (4, 3))
SIGNS = np.where(rng.standard_normal((4, 3)) > 0, 1.0, -1.0)
LABELS = np.array([0, 2, 1, 2])
MULTI = np.array([[0, 2, -1], [1, -1, 0], [2, 0, 1], [1, -1, -1]])
ROWS = np.where(rng.standard_normal(4) > 0, 1.0, -1.0)

# name: (the arrays it takes, the positions of those that are constants: labels, signs)
LOSSES = {
    "mse_loss": ((X, Y), ()),
    "l1_loss": ((X, Y), ()),
    "smooth_l1_loss": ((X, Y), ()),
    "binary_cross_entropy": ((P, T), ()),
    "binary_cross_entropy_with_logits": ((X, T), ()),
    "kl_div": ((np.log(P), T), ()),
    "poisson_nll_loss": ((X, np.abs(Y)), ()),
    "soft_margin_loss": ((X, SIGNS), (1,)),
    "multilabel_soft_margin_loss": ((X, T), ()),
    "multi_margin_loss": ((X, LABELS), (1,)),
    "multilabel_margin_loss": ((X, MULTI), (1,)),
    "hinge_embedding_loss": ((X, SIGNS), (1,)),
    "margin_ranking_loss": ((X[:, 0], Y[:, 0], ROWS), (2,)),
    "cosine_embedding_loss": ((X, Y, ROWS), (2,)),
    "triplet_margin_loss": ((X, Y, P), ()),
    "cross_entropy": ((X, LABELS), (1,)),
    "nll_loss": ((np.log(P), LABELS), (1,)),
}
LEGACY = [
    (None, False),
    (False, None),
    (True, None),
    (None, True),
    (False, True),
    (True, False),
    (False, False),
]


def ours_and_theirs(name):
    arrays, constants = LOSSES[name]
    ours = [autograd.tensor(a, requires_grad=i not in constants) for i, a in enumerate(arrays)]
    theirs = [torch.tensor(a, requires_grad=i not in constants) for i, a in enumerate(arrays)]
    return ours, theirs


def messages(record):
    return [str(w.message) for w in record if "size_average" in str(w.message)]


@pytest.mark.parametrize("size_average, reduce", LEGACY)
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_legacy_reduction_arguments_mean_what_they_mean_in_torch(name, size_average, reduce):
    ours, theirs = ours_and_theirs(name)
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        mine = getattr(F, name)(*ours, size_average=size_average, reduce=reduce)
    with warnings.catch_warnings(record=True) as torch_warned:
        warnings.simplefilter("always")
        expected = getattr(tF, name)(*theirs, size_average=size_average, reduce=reduce)
    assert messages(ours_warned) == messages(torch_warned) and messages(ours_warned)
    np.testing.assert_allclose(mine.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = rng.standard_normal(tuple(mine.shape))
    mine.backward(upstream)
    expected.backward(torch.tensor(upstream))
    for a, b in zip(ours, theirs):
        if b.requires_grad:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-10, atol=1e-12)


CLASSES = {
    "MSELoss": "mse_loss",
    "L1Loss": "l1_loss",
    "SmoothL1Loss": "smooth_l1_loss",
    "BCELoss": "binary_cross_entropy",
    "BCEWithLogitsLoss": "binary_cross_entropy_with_logits",
    "KLDivLoss": "kl_div",
    "PoissonNLLLoss": "poisson_nll_loss",
    "SoftMarginLoss": "soft_margin_loss",
    "MultiLabelSoftMarginLoss": "multilabel_soft_margin_loss",
    "MultiMarginLoss": "multi_margin_loss",
    "MultiLabelMarginLoss": "multilabel_margin_loss",
    "HingeEmbeddingLoss": "hinge_embedding_loss",
    "MarginRankingLoss": "margin_ranking_loss",
    "CosineEmbeddingLoss": "cosine_embedding_loss",
    "TripletMarginLoss": "triplet_margin_loss",
    "CrossEntropyLoss": "cross_entropy",
    "NLLLoss": "nll_loss",
}


@pytest.mark.parametrize("size_average, reduce", LEGACY)
@pytest.mark.parametrize("name", sorted(CLASSES))
def test_loss_classes_take_the_legacy_arguments_as_torch(name, size_average, reduce):
    ours, theirs = ours_and_theirs(CLASSES[name])
    with warnings.catch_warnings(record=True) as ours_warned:
        warnings.simplefilter("always")
        loss = getattr(nn, name)(size_average=size_average, reduce=reduce)
    with warnings.catch_warnings(record=True) as torch_warned:
        warnings.simplefilter("always")
        torch_loss = getattr(torch.nn, name)(size_average=size_average, reduce=reduce)
    assert messages(ours_warned) == messages(torch_warned) and messages(ours_warned)
    assert loss.reduction == torch_loss.reduction
    np.testing.assert_allclose(
        loss(*ours).numpy(), torch_loss(*theirs).detach().numpy(), rtol=1e-10, atol=1e-12
    )


def test_size_average_by_position_as_torch():
    """``nn.MSELoss(False)`` and ``F.mse_loss(x, y, False)``: PyTorch's positional size_average."""
    x, y = autograd.tensor(X), autograd.tensor(Y)
    with pytest.warns(UserWarning, match="reduction='sum'"):
        ours = [
            nn.MSELoss(False)(x, y).item(),
            F.mse_loss(x, y, False).item(),
            nn.NLLLoss(None, False)(x, LABELS).item(),
        ]
    with pytest.warns(UserWarning, match="reduction='sum'"):
        tx, ty = torch.tensor(X), torch.tensor(Y)
        nll = torch.nn.NLLLoss(None, False)(tx, torch.tensor(LABELS)).item()
        theirs = [torch.nn.MSELoss(False)(tx, ty).item(), tF.mse_loss(tx, ty, False).item(), nll]
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


# ---- broadcasting and weights of the regression losses ------------------------------------------

REGRESSION = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"]
SHAPE_PAIRS = [((4, 1), (4, 3)), ((4, 3), (3,)), ((4, 3), (4, 1)), ((3,), (4, 1)), ((4, 3), ()), ((), (2, 3))]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("name", REGRESSION)
def test_regression_losses_broadcast_with_torchs_warning(name, shapes, reduction):
    a, b = (rng.standard_normal(shape) * 2 for shape in shapes)
    x, y = autograd.tensor(a, requires_grad=True), autograd.tensor(b, requires_grad=True)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    with pytest.warns(UserWarning, match="Using a target size") as ours_warned:
        mine = getattr(F, name)(x, y, reduction=reduction)
    with pytest.warns(UserWarning, match="Using a target size") as torch_warned:
        expected = getattr(tF, name)(tx, ty, reduction=reduction)
    assert str(ours_warned[0].message) == str(torch_warned[0].message)
    np.testing.assert_allclose(mine.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = rng.standard_normal(tuple(mine.shape))
    mine.backward(upstream)
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(y.grad.numpy(), ty.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
def test_regression_weights_as_torch(name, reduction):
    a, b, w = rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), rng.uniform(0.1, 2, (4, 3))
    x, weight = autograd.tensor(a, requires_grad=True), autograd.tensor(w, requires_grad=True)
    tx, tw = torch.tensor(a, requires_grad=True), torch.tensor(w, requires_grad=True)
    mine = getattr(F, name)(x, b, reduction=reduction, weight=weight)
    expected = getattr(tF, name)(tx, torch.tensor(b), reduction=reduction, weight=tw)
    np.testing.assert_allclose(mine.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = rng.standard_normal(tuple(mine.shape))
    mine.backward(upstream)
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(weight.grad.numpy(), tw.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["binary_cross_entropy", "binary_cross_entropy_with_logits"])
def test_losses_torch_refuses_to_broadcast_refuse_here(name):
    """PyTorch's binary cross-entropies refuse other target shapes (ValueError); so do ours."""
    p, t = rng.uniform(0.1, 0.9, (4, 1)), rng.uniform(0, 1, 4)
    with pytest.raises(ValueError):
        getattr(tF, name)(torch.tensor(p), torch.tensor(t))
    with pytest.raises(ValueError, match=r"input shape \(4, 1\) and target shape \(4,\)"):
        getattr(F, name)(autograd.tensor(p), t)


# name: (input, target) makers for a pair of shapes; PyTorch broadcasts these without a warning
SILENT = {
    "kl_div": lambda a, b: (np.log(np.abs(a) + 0.1), np.abs(b)),
    "poisson_nll_loss": lambda a, b: (a, np.abs(b)),
    "hinge_embedding_loss": lambda a, b: (a, np.sign(b) + (b == 0)),
    "soft_margin_loss": lambda a, b: (a, np.sign(b) + (b == 0)),
    "multilabel_soft_margin_loss": lambda a, b: (a, 1 / (1 + np.exp(-b))),
    "gaussian_nll_loss": lambda a, b: (a, b),
}
SILENT_SHAPES = [((4, 3), (3,)), ((4, 3), (4, 1)), ((4, 1), (4, 3)), ((3,), (4, 1)), ((4, 3), ())]


@pytest.mark.parametrize("shapes", SILENT_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(SILENT))
def test_losses_torch_broadcasts_silently_broadcast_or_refuse_as_torch(name, shapes):
    a, b = SILENT[name](*(rng.standard_normal(shape) for shape in shapes))
    x, tx = autograd.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    extra = (np.abs(a) + 0.5,) if name == "gaussian_nll_loss" else ()  # var, input's shape
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            expected = getattr(tF, name)(tx, torch.tensor(b), *map(torch.tensor, extra), reduction="sum")
        except RuntimeError:  # soft_margin_loss: the result must keep the input's shape
            with pytest.raises(ValueError, match=r"cannot be broadcast to the input's shape"):
                getattr(F, name)(x, b, *extra, reduction="sum")
            return
        mine = getattr(F, name)(x, b, *extra, reduction="sum")
    np.testing.assert_allclose(mine.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    mine.backward()
    expected.backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
