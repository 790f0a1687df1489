"""The losses beyond the common ones (smooth_l1, the distribution, ranking and margin losses)
and the distance modules: values against numpy formulas for every reduction, first and second
derivatives (gradcheck, gradgradcheck) with batch sizes 1 and more and with broadcasting,
the modules, and errors that name the argument and the shapes."""

import math

import numpy as np
import pytest

import nn
import nn.functional as F
from autograd import Tensor, gradcheck, gradgradcheck

REDUCTIONS = ["mean", "sum", "none"]


def leaf(array):
    return Tensor(np.array(array, dtype=np.float64), requires_grad=True)


def reduce(values, reduction):
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](values)


def signs(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape)


def logsigmoid(x):
    return -np.logaddexp(0, -x)


def away_from(rng, shape, kinks, scale=2.0, margin=0.05):
    x = rng.standard_normal(shape) * scale
    for k in kinks:
        x = np.where(np.abs(x - k) < margin, k + margin * 2 * np.sign(x - k + 1e-300), x)
    return x


def check_twice(function, *inputs):
    assert gradcheck(function, inputs)
    assert gradgradcheck(function, inputs)


# ---- values against the formulas ------------------------------------------------------------


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("n", [1, 4])
def test_losses_match_their_formulas(rng, reduction, n):
    x, y = rng.standard_normal((n, 5)), rng.standard_normal((n, 5))
    d = x - y
    s = signs(rng, (n, 5))
    p = rng.dirichlet(np.ones(5), n)
    counts = rng.integers(0, 5, (n, 5)).astype(float)
    var = rng.uniform(0.1, 2.0, (n, 5))
    labels = rng.integers(0, 5, n)
    cases = {
        "smooth_l1": (
            F.smooth_l1_loss(Tensor(x), y, reduction=reduction, beta=0.7),
            np.where(np.abs(d) < 0.7, 0.5 * d**2 / 0.7, np.abs(d) - 0.35),
        ),
        "kl_div": (
            F.kl_div(Tensor(np.log(p)), p[::-1], reduction=reduction),
            p[::-1] * (np.log(p[::-1]) - np.log(p)),
        ),
        "kl_div log_target": (
            F.kl_div(Tensor(np.log(p)), np.log(p[::-1]), reduction=reduction, log_target=True),
            p[::-1] * (np.log(p[::-1]) - np.log(p)),
        ),
        "poisson_nll": (F.poisson_nll_loss(Tensor(x), counts, reduction=reduction), np.exp(x) - counts * x),
        "poisson_nll rate full": (
            F.poisson_nll_loss(Tensor(var), counts, log_input=False, full=True, reduction=reduction),
            var
            - counts * np.log(var + 1e-8)
            + np.where(
                counts > 1,
                counts * np.log(np.maximum(counts, 1))
                - counts
                + 0.5 * np.log(2 * np.pi * np.maximum(counts, 1)),
                0,
            ),
        ),
        "gaussian_nll": (
            F.gaussian_nll_loss(Tensor(x), y, var, full=True, reduction=reduction),
            0.5 * (np.log(var) + d**2 / var + np.log(2 * np.pi)),
        ),
        "soft_margin": (F.soft_margin_loss(Tensor(x), s, reduction=reduction), np.log1p(np.exp(-s * x))),
        "hinge_embedding": (
            F.hinge_embedding_loss(Tensor(x), s, 0.5, reduction=reduction),
            np.where(s == 1, x, np.maximum(0, 0.5 - x)),
        ),
        "margin_ranking": (
            F.margin_ranking_loss(Tensor(x), Tensor(y), s, 0.2, reduction=reduction),
            np.maximum(0, -s * (x - y) + 0.2),
        ),
        "multilabel_soft_margin": (
            F.multilabel_soft_margin_loss(Tensor(x), (s > 0) * 1.0, reduction=reduction),
            -((s > 0) * logsigmoid(x) + (s < 0) * logsigmoid(-x)).mean(1),
        ),
        "multi_margin": (
            F.multi_margin_loss(Tensor(x), labels, p=2, margin=0.8, reduction=reduction),
            np.array(
                [
                    sum(max(0, 0.8 - x[i, labels[i]] + x[i, c]) ** 2 for c in range(5) if c != labels[i]) / 5
                    for i in range(n)
                ]
            ),
        ),
    }
    for name, (ours, formula) in cases.items():
        expected = reduce(formula, reduction)
        np.testing.assert_allclose(ours.numpy(), expected, rtol=1e-12, atol=1e-14, err_msg=name)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_vector_losses_match_their_formulas(rng, reduction):
    a, b, c = (rng.standard_normal((4, 3)) for _ in range(3))
    s = signs(rng, 4)
    cos = (a * b).sum(1) / np.sqrt(((a * a).sum(1) + 1e-12) * ((b * b).sum(1) + 1e-12))
    np.testing.assert_allclose(
        F.cosine_embedding_loss(Tensor(a), Tensor(b), s, 0.1, reduction=reduction).numpy(),
        reduce(np.where(s == 1, 1 - cos, np.maximum(0, cos - 0.1)), reduction),
        rtol=1e-12,
    )
    d_ap = np.linalg.norm(a - b + 1e-6, axis=1)
    d_an = np.linalg.norm(a - c + 1e-6, axis=1)
    d_pn = np.linalg.norm(b - c + 1e-6, axis=1)
    np.testing.assert_allclose(
        F.triplet_margin_loss(Tensor(a), Tensor(b), Tensor(c), 1.5, reduction=reduction).numpy(),
        reduce(np.maximum(0, 1.5 + d_ap - d_an), reduction),
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        F.triplet_margin_loss(Tensor(a), Tensor(b), Tensor(c), 1.5, swap=True, reduction=reduction).numpy(),
        reduce(np.maximum(0, 1.5 + d_ap - np.minimum(d_an, d_pn)), reduction),
        rtol=1e-12,
    )


@pytest.mark.filterwarnings("error")
def test_triplet_margin_loss_with_overflowing_distances_is_nan_without_a_warning(rng):
    """p near 0 makes every distance (sum |d|^p)^(1/p) overflow to inf; inf - inf is nan, as
    PyTorch gives, and numpy's 'invalid value' warning does not reach the user."""
    a, b, c = (Tensor(rng.normal(size=(3, 4))) for _ in range(3))
    assert np.isnan(nn.TripletMarginLoss(p=2.8e-81)(a, b, c).item())


def test_kl_div_batchmean_is_the_sum_over_the_batch_size_and_zero_targets_count_nothing(rng):
    p, q = rng.dirichlet(np.ones(4), 3), rng.dirichlet(np.ones(4), 3)
    p[0, 1] = 0
    p[0] /= p[0].sum()
    kl = np.where(p > 0, p * np.log(np.where(p > 0, p, 1) / q), 0).sum(1)
    np.testing.assert_allclose(
        F.kl_div(Tensor(np.log(q)), p, reduction="batchmean").item(), kl.mean(), rtol=1e-12
    )
    np.testing.assert_allclose(
        nn.KLDivLoss(reduction="batchmean")(Tensor(np.log(q)), p).item(), kl.mean(), rtol=1e-12
    )
    target = leaf(p)
    F.kl_div(leaf(np.log(q)), target, reduction="sum").backward()
    assert np.isfinite(target.grad.numpy()).all()


def test_poisson_nll_full_has_a_finite_gradient_for_zero_and_one_counts():
    counts = leaf([0.0, 1.0, 3.0])
    F.poisson_nll_loss(leaf([0.2, -0.1, 1.0]), counts, full=True, reduction="sum").backward()
    np.testing.assert_allclose(counts.grad.numpy(), [-0.2, 0.1, math.log(3) + 1 / 6 - 1.0], rtol=1e-12)


def test_multilabel_margin_loss_counts_each_listed_class_against_each_other_class(rng):
    x = rng.standard_normal((3, 4))
    target = np.array([[3, 0, -1, 1], [1, -1, 2, 2], [0, 1, 2, 3]])  # classes {3, 0}, {1}, all
    expected = []
    for scores, row in zip(x, target):
        listed = list(row[: list(row).index(-1)] if -1 in row else row)
        others = [c for c in range(4) if c not in listed]
        expected.append(sum(max(0, 1 - scores[j] + scores[c]) for j in listed for c in others) / 4)
    for reduction in REDUCTIONS:
        np.testing.assert_allclose(
            F.multilabel_margin_loss(Tensor(x), target, reduction=reduction).numpy(),
            reduce(expected, reduction),
            rtol=1e-12,
        )
    np.testing.assert_allclose(
        F.multilabel_margin_loss(Tensor(x[0]), target[0]).item(), expected[0], rtol=1e-12
    )


def test_smooth_l1_with_beta_zero_is_the_l1_loss(rng):
    x, y = rng.standard_normal(5), rng.standard_normal(5)
    assert F.smooth_l1_loss(Tensor(x), y, beta=0).item() == F.l1_loss(Tensor(x), y).item()


def test_gaussian_nll_takes_one_variance_per_vector_or_a_number_and_clamps_at_eps(rng):
    x, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    var = rng.uniform(0.5, 2, 4)
    full = F.gaussian_nll_loss(Tensor(x), y, np.repeat(var[:, None], 3, 1), reduction="none")
    for v in (Tensor(var), Tensor(var[:, None])):
        np.testing.assert_allclose(
            F.gaussian_nll_loss(Tensor(x), y, v, reduction="none").numpy(), full.numpy()
        )
    np.testing.assert_allclose(
        F.gaussian_nll_loss(Tensor(x), y, 0.7).item(),
        F.gaussian_nll_loss(Tensor(x), y, np.full((4, 3), 0.7)).item(),
    )
    tiny = leaf(np.full((4, 3), 1e-9))
    loss = F.gaussian_nll_loss(Tensor(x), y, tiny, eps=1e-3, reduction="sum")
    np.testing.assert_allclose(loss.item(), (0.5 * (np.log(1e-3) + (x - y) ** 2 / 1e-3)).sum(), rtol=1e-12)
    loss.backward()  # the clamp passes the gradient on, evaluated at the clamped variance
    np.testing.assert_allclose(tiny.grad.numpy(), 0.5 * (1 / 1e-3 - (x - y) ** 2 / 1e-6), rtol=1e-9)


# ---- derivatives, twice -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_losses_derivatives_twice(rng, n):
    x, y = leaf(away_from(rng, (n, 4), [])), leaf(rng.standard_normal((n, 4)))
    p, q = leaf(rng.dirichlet(np.ones(4), n)), leaf(rng.dirichlet(np.ones(4), n))
    var = leaf(rng.uniform(0.3, 2, (n, 4)))
    counts = Tensor(rng.integers(0, 5, (n, 4)).astype(float))
    s = Tensor(signs(rng, (n, 4)))
    d = away_from(rng, (n, 4), [-0.7, 0.7])
    check_twice(lambda a, b: F.smooth_l1_loss(a, b, beta=0.7), leaf(d), leaf(np.zeros((n, 4))))
    check_twice(lambda a, b: F.kl_div(a.log(), b, reduction="batchmean"), q, p)
    check_twice(lambda a, b: F.kl_div(a, b, log_target=True), x, y)
    check_twice(lambda a: F.poisson_nll_loss(a, counts, reduction="sum"), x)
    check_twice(lambda a, t: F.poisson_nll_loss(a, t * 5, log_input=False, full=True), var, p)
    check_twice(lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=True), x, y, var)
    check_twice(
        lambda a, b, v: F.gaussian_nll_loss(a, b, v, reduction="none"), x, y, leaf(rng.uniform(0.3, 2, n))
    )
    check_twice(lambda a: F.soft_margin_loss(a, s), x)
    check_twice(lambda a, t: F.multilabel_soft_margin_loss(a, t, weight=np.arange(1.0, 5.0)), x, p)
    check_twice(lambda a: F.hinge_embedding_loss(a, s, margin=0.0), leaf(away_from(rng, (n, 4), [0])))
    check_twice(
        lambda a, b: F.margin_ranking_loss(a, b, s, 0.1, reduction="sum"),
        x,
        leaf(x.numpy() - away_from(rng, (n, 4), [0.1, -0.1])),
    )


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("p", [1, 2])
def test_class_margin_losses_derivatives_twice(rng, n, p):
    labels = rng.integers(0, 4, n)
    x = rng.standard_normal((n, 4))
    true = x[np.arange(n), labels]
    x = np.where(np.abs(1 - true[:, None] + x) < 0.05, x + 0.2, x)  # away from the hinges
    x[np.arange(n), labels] = true
    weight = rng.uniform(0.5, 2, 4)
    check_twice(lambda a: F.multi_margin_loss(a, labels, p=p, weight=weight), leaf(x))
    targets = np.array([[2, 0, -1, 3]] * n)
    check_twice(lambda a: F.multilabel_margin_loss(a, targets, reduction="none"), leaf(x))


@pytest.mark.parametrize("swap", [False, True])
@pytest.mark.parametrize(
    "shapes",
    [((3, 4), (3, 4), (3, 4)), ((1, 4), (3, 4), (3, 4)), ((3, 4), (1, 4), (3, 4)), ((4,), (4,), (4,))],
)
def test_vector_losses_derivatives_twice_with_broadcasting(rng, swap, shapes):
    a, p, n = (leaf(rng.standard_normal(shape)) for shape in shapes)
    check_twice(lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=5.0, p=2, swap=swap), a, p, n)
    check_twice(lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=5.0, p=3, swap=swap), a, p, n)
    labels = Tensor(signs(rng, (3,) if len(shapes[0]) == 2 else ()))
    check_twice(lambda a, p: F.cosine_embedding_loss(a, p, labels, margin=-2.0), a, p)


def test_margin_ranking_loss_broadcasts_inputs_of_one_number_of_dimensions(rng):
    x1, x2 = leaf(rng.standard_normal((3, 1))), leaf(rng.standard_normal((1, 4)))
    y = signs(rng, (3, 4))
    loss = F.margin_ranking_loss(x1, x2, y, 5.0, reduction="none")
    np.testing.assert_allclose(loss.numpy(), 5.0 - y * (x1.numpy() - x2.numpy()), rtol=1e-12)
    check_twice(lambda a, b: F.margin_ranking_loss(a, b, y, 5.0), x1, x2)


# ---- modules -------------------------------------------------------------------------------------


def test_modules_call_their_function(rng):
    x, y, v = (
        Tensor(rng.standard_normal((3, 4))),
        Tensor(rng.standard_normal((3, 4))),
        Tensor(np.ones((3, 4))),
    )
    s, labels = Tensor(signs(rng, (3, 4))), rng.integers(0, 4, 3)
    s3, z = Tensor(signs(rng, 3)), Tensor(rng.standard_normal((3, 4)))
    targets = np.array([[1, -1, 0, 0]] * 3)
    cases = [
        (nn.SmoothL1Loss(reduction="sum", beta=0.5)(x, y), F.smooth_l1_loss(x, y, reduction="sum", beta=0.5)),
        (nn.KLDivLoss(log_target=True)(x, y), F.kl_div(x, y, log_target=True)),
        (
            nn.PoissonNLLLoss(False, True, reduction="none")(v, y.abs()),
            F.poisson_nll_loss(v, y.abs(), False, True, reduction="none"),
        ),
        (nn.GaussianNLLLoss(full=True)(x, y, v), F.gaussian_nll_loss(x, y, v, full=True)),
        (nn.MarginRankingLoss(0.5)(x, y, s), F.margin_ranking_loss(x, y, s, 0.5)),
        (nn.HingeEmbeddingLoss(2.0)(x, s), F.hinge_embedding_loss(x, s, 2.0)),
        (nn.CosineEmbeddingLoss(0.3)(x, y, s3), F.cosine_embedding_loss(x, y, s3, 0.3)),
        (nn.TripletMarginLoss(2.0, 1, swap=True)(x, y, z), F.triplet_margin_loss(x, y, z, 2.0, 1, swap=True)),
        (nn.SoftMarginLoss(reduction="sum")(x, s), F.soft_margin_loss(x, s, reduction="sum")),
        (
            nn.MultiLabelSoftMarginLoss([1.0, 2, 3, 4])(x, s.relu()),
            F.multilabel_soft_margin_loss(x, s.relu(), [1.0, 2, 3, 4]),
        ),
        (
            nn.MultiMarginLoss(2, 0.5, [1.0, 2, 3, 4])(x, labels),
            F.multi_margin_loss(x, labels, 2, 0.5, [1.0, 2, 3, 4]),
        ),
        (nn.MultiLabelMarginLoss()(x, targets), F.multilabel_margin_loss(x, targets)),
        (nn.CosineSimilarity(0, 1e-6)(x, y), F.cosine_similarity(x, y, 0, 1e-6)),
        (nn.PairwiseDistance(1.0, 1e-3, True)(x, y), F.pairwise_distance(x, y, 1.0, 1e-3, True)),
    ]
    for ours, expected in cases:
        np.testing.assert_array_equal(ours.numpy(), expected.numpy())


def test_get_loss_knows_the_new_losses_by_name():
    assert isinstance(nn.loss.get_loss("smooth_l1", beta=0.5), nn.SmoothL1Loss)
    assert nn.loss.get_loss("kl_div", reduction="batchmean").reduction == "batchmean"
    assert isinstance(nn.loss.get_loss("triplet_margin"), nn.TripletMarginLoss)


# ---- errors ---------------------------------------------------------------------------------------


def test_shape_mismatches_name_the_arguments_and_shapes():
    x, row = Tensor(np.zeros((4, 1))), np.ones(4)
    for call in [
        lambda: F.gaussian_nll_loss(x, np.ones((3, 2)), 1.0),
        lambda: F.kl_div(x, np.ones((3, 2))),
        lambda: F.poisson_nll_loss(x, np.ones((3, 1))),
        lambda: F.hinge_embedding_loss(x, np.ones((2, 3))),
        lambda: F.multilabel_soft_margin_loss(Tensor(np.zeros((4, 2))), np.ones((4, 3))),
    ]:
        with pytest.raises(
            ValueError, match=r"input shape \((4, 1|4, 2)\) and target shape .* cannot be broadcast"
        ):
            call()
    with pytest.raises(ValueError, match=r"soft_margin_loss: .* cannot be broadcast to the input's shape"):
        F.soft_margin_loss(x, row)
    cases = [
        (
            r"margin_ranking_loss: the inputs must have the same number of dimensions, "
            r"got shapes input1 \(4, 1\), input2 \(4,\), target \(4,\)",
            lambda: F.margin_ranking_loss(x, Tensor(row), row),
        ),
        (
            r"margin_ranking_loss: shapes input1 \(4, 1\), input2 \(3, 2\), target \(4, 1\) cannot be broadcast",
            lambda: F.margin_ranking_loss(x, Tensor(np.ones((3, 2))), np.ones((4, 1))),
        ),
        (
            r"triplet_margin_loss: the inputs must have the same number of dimensions, "
            r"got shapes anchor \(4, 1\), positive \(4, 1\), negative \(4,\)",
            lambda: F.triplet_margin_loss(x, x, Tensor(row)),
        ),
        (
            r"cosine_embedding_loss: expected vectors .* got input1 \(4, 1\), input2 \(4, 1\), target \(4, 1\)",
            lambda: F.cosine_embedding_loss(x, x, np.ones((4, 1))),
        ),
        (
            r"cosine_embedding_loss: 4 pairs of vectors but 3 target labels",
            lambda: F.cosine_embedding_loss(x, x, np.ones(3)),
        ),
        (
            r"gaussian_nll_loss: var of shape \(3,\) does not fit the input of shape \(4, 1\)",
            lambda: F.gaussian_nll_loss(x, np.zeros((4, 1)), Tensor(np.ones(3))),
        ),
        (
            r"multi_margin_loss: for scores of shape \(4, 3\) the target must have shape \(4,\), got shape \(4, 1\)",
            lambda: F.multi_margin_loss(Tensor(np.zeros((4, 3))), np.zeros((4, 1), int)),
        ),
        (
            r"multilabel_margin_loss: for scores of shape \(4, 3\) the target must have shape \(4, 3\), got shape \(4,\)",
            lambda: F.multilabel_margin_loss(Tensor(np.zeros((4, 3))), np.zeros(4, int)),
        ),
        (
            r"multi_margin_loss: expected scores of shape \(N, C\) or \(C,\), got shape \(2, 3, 4\)",
            lambda: F.multi_margin_loss(Tensor(np.zeros((2, 3, 4))), np.zeros((2, 4), int)),
        ),
        (
            r"multi_margin_loss: weight must have one entry per class, shape \(3,\), got shape \(2,\)",
            lambda: F.multi_margin_loss(Tensor(np.zeros((4, 3))), np.zeros(4, int), weight=[1.0, 2.0]),
        ),
    ]
    for message, call in cases:
        with pytest.raises(ValueError, match=message):
            call()


def test_bad_labels_options_and_values_are_clear_errors():
    x = Tensor(np.zeros((2, 3)))
    cases = [
        (
            ValueError,
            "soft_margin_loss: target labels must be -1 or \\+1, got the values 0, 1",
            lambda: F.soft_margin_loss(x, [[0, 1, 1]] * 2),
        ),
        (
            ValueError,
            "hinge_embedding_loss: target labels must be -1 or \\+1",
            lambda: F.hinge_embedding_loss(x, np.zeros((2, 3))),
        ),
        (
            ValueError,
            "margin_ranking_loss: target labels must be -1 or \\+1",
            lambda: F.margin_ranking_loss(x, x, np.full((2, 3), 2.0)),
        ),
        (
            ValueError,
            "cosine_embedding_loss: target labels must be -1 or \\+1",
            lambda: F.cosine_embedding_loss(x, x, [0, 1]),
        ),
        (
            IndexError,
            r"multi_margin_loss: class label 3 is out of range for 3 classes \(labels must be in \[0, 2\]\)",
            lambda: F.multi_margin_loss(x, [0, 3]),
        ),
        (
            IndexError,
            r"multilabel_margin_loss: class label -2 is out of range for 3 classes \(labels must be in \[-1, 2\]\)",
            lambda: F.multilabel_margin_loss(x, [[0, -2, 1], [0, 1, 2]]),
        ),
        (
            ValueError,
            "multi_margin_loss: class labels must be integers, got dtype float64",
            lambda: F.multi_margin_loss(x, np.array([0.0, 1.0])),
        ),
        (
            ValueError,
            "multi_margin_loss: p must be 1 or 2, got 3",
            lambda: F.multi_margin_loss(x, [0, 1], p=3),
        ),
        (ValueError, "MultiMarginLoss: p must be 1 or 2, got 3", lambda: nn.MultiMarginLoss(p=3)),
        (
            ValueError,
            "kl_div: reduction must be 'mean', 'batchmean', 'sum' or 'none', got 'avg'",
            lambda: F.kl_div(x, x, reduction="avg"),
        ),
        (ValueError, "KLDivLoss: reduction must be", lambda: nn.KLDivLoss(reduction="avg")),
        (
            ValueError,
            "smooth_l1_loss: reduction must be 'mean', 'sum' or 'none', got 'batchmean'",
            lambda: F.smooth_l1_loss(x, x, reduction="batchmean"),
        ),
        (
            ValueError,
            "smooth_l1_loss: beta must be a number >= 0, got -1",
            lambda: F.smooth_l1_loss(x, x, beta=-1),
        ),
        (ValueError, "SmoothL1Loss: beta must be a number >= 0", lambda: nn.SmoothL1Loss(beta=-0.5)),
        (
            ValueError,
            "TripletMarginLoss: margin must be positive, got 0",
            lambda: nn.TripletMarginLoss(margin=0),
        ),
        (
            ValueError,
            "gaussian_nll_loss: var must be >= 0 everywhere, got a minimum of -1",
            lambda: F.gaussian_nll_loss(x, x, -np.ones((2, 3))),
        ),
        (
            TypeError,
            "gaussian_nll_loss: var must be a Tensor or array-like, got str",
            lambda: F.gaussian_nll_loss(x, x, "1"),
        ),
        (
            TypeError,
            "poisson_nll_loss: eps must be a real number",
            lambda: F.poisson_nll_loss(x, x, eps=None),
        ),
        (
            ValueError,
            "multilabel_soft_margin_loss: weight must have one entry per class",
            lambda: F.multilabel_soft_margin_loss(x, x, weight=[1.0]),
        ),
    ]
    for error, message, call in cases:
        with pytest.raises(error, match=message):
            call()


def test_soft_margin_loss_is_finite_for_huge_scores():
    loss = F.soft_margin_loss(leaf([1000.0, -1000.0]), [-1.0, -1.0], reduction="none")
    np.testing.assert_allclose(loss.numpy(), [1000.0, 0.0], atol=1e-300)
    assert math.isfinite(F.soft_margin_loss(leaf([1e4]), [1.0]).item())
