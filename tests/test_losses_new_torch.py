"""The losses of test_losses_new and the distance modules against PyTorch (float64): values
and the gradients of every input that takes one, to 1e-10, for every reduction, batch
sizes 1 and 5; and the modules' printed form.

Optional: skipped when torch is not installed.
"""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

torch = pytest.importorskip("torch")
TF = torch.nn.functional
TOL = dict(rtol=1e-10, atol=1e-12)
# PyTorch warns that kl_div's reduction="mean" is not the KL divergence (ours computes the same)
pytestmark = pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss:UserWarning")


def cases(rng, n):
    """(name, call, inputs): ``call(f, *inputs)`` with f our F or torch.nn.functional, the
    inputs arrays that become Tensors requiring grad; labels and weights are ``Constant``s."""
    x, y, z = (rng.standard_normal((n, 5)) * 2 for _ in range(3))
    p, q = rng.dirichlet(np.ones(5), n), rng.dirichlet(np.ones(5), n)
    p[0, 0] = 0  # a zero target probability, a constant: PyTorch's gradient for it would be
    # nan, ours is finite (porting.md); so are the zero counts below
    s, s1 = rng.choice([-1.0, 1.0], (n, 5)), rng.choice([-1.0, 1.0], n)
    counts = rng.integers(0, 6, (n, 5)).astype(float)
    var = rng.uniform(0.05, 2.0, (n, 5))
    var[0, 0] = 1e-8  # below eps: clamped
    labels = rng.integers(0, 5, n)
    lists = np.array(
        [[3, 0, -1, 1, 2], [1, 2, 2, -1, 0], [0, 1, 2, 3, 4], [-1, 0, 0, 0, 0], [4, -1, 4, 4, 4]]
    )[:n]
    weight = rng.uniform(0.5, 2.0, 5)
    return [
        ("smooth_l1", lambda f, a, b, **k: f.smooth_l1_loss(a, b, **k), (x, y)),
        ("smooth_l1 beta", lambda f, a, b, **k: f.smooth_l1_loss(a, b, beta=1.7, **k), (x, y)),
        ("smooth_l1 beta 0", lambda f, a, b, **k: f.smooth_l1_loss(a, b, beta=0.0, **k), (x, y)),
        ("kl_div", lambda f, a, b, **k: f.kl_div(a, b, **k), (np.log(q), q[::-1].copy())),
        ("kl_div zero target", lambda f, a, **k: f.kl_div(a, Constant.of(f, p), **k), (np.log(q),)),
        (
            "kl_div log_target",
            lambda f, a, b, **k: f.kl_div(a, b, log_target=True, **k),
            (np.log(q), np.log(q[::-1])),
        ),
        ("poisson_nll", lambda f, a, b, **k: f.poisson_nll_loss(a, b, **k), (x, counts)),
        (
            "poisson_nll rate full",
            lambda f, a, **k: f.poisson_nll_loss(a, Constant.of(f, counts), False, True, eps=1e-4, **k),
            (var,),
        ),
        (
            "poisson_nll full, target > 0",
            lambda f, a, b, **k: f.poisson_nll_loss(a, b, full=True, **k),
            (x, counts + 0.5),
        ),
        ("gaussian_nll", lambda f, a, b, v, **k: f.gaussian_nll_loss(a, b, v, **k), (x, y, var)),
        (
            "gaussian_nll full, one var per row",
            lambda f, a, b, v, **k: f.gaussian_nll_loss(a, b, v, full=True, eps=1e-3, **k),
            (x, y, var[:, 0]),
        ),
        (
            "gaussian_nll var (N, 1)",
            lambda f, a, b, v, **k: f.gaussian_nll_loss(a, b, v, **k),
            (x, y, var[:, :1]),
        ),
        (
            "margin_ranking",
            lambda f, a, b, **k: f.margin_ranking_loss(a, b, Constant.of(f, s), 0.3, **k),
            (x, y),
        ),
        ("hinge_embedding", lambda f, a, **k: f.hinge_embedding_loss(a, Constant.of(f, s), 1.5, **k), (x,)),
        (
            "cosine_embedding",
            lambda f, a, b, **k: f.cosine_embedding_loss(a, b, Constant.of(f, s1), 0.2, **k),
            (x, y),
        ),
        ("triplet_margin", lambda f, a, b, c, **k: f.triplet_margin_loss(a, b, c, **k), (x, y, z)),
        (
            "triplet_margin p=1 swap",
            lambda f, a, b, c, **k: f.triplet_margin_loss(a, b, c, 3.0, 1, 1e-3, True, **k),
            (x, y, z),
        ),
        (
            "triplet_margin broadcast",
            lambda f, a, b, c, **k: f.triplet_margin_loss(a, b, c, 2.0, **k),
            (x[:1], y, z),
        ),
        ("soft_margin", lambda f, a, **k: f.soft_margin_loss(a, Constant.of(f, s), **k), (x,)),
        ("multilabel_soft_margin", lambda f, a, b, **k: f.multilabel_soft_margin_loss(a, b, **k), (x, p)),
        (
            "multilabel_soft_margin weight",
            lambda f, a, **k: f.multilabel_soft_margin_loss(
                a, Constant.of(f, s > 0), Constant.of(f, weight), **k
            ),
            (x,),
        ),
        ("multi_margin", lambda f, a, **k: f.multi_margin_loss(a, Constant.of(f, labels), **k), (x,)),
        (
            "multi_margin p=2 weight",
            lambda f, a, **k: f.multi_margin_loss(
                a, Constant.of(f, labels), 2, 0.7, Constant.of(f, weight), **k
            ),
            (x,),
        ),
        (
            "multilabel_margin",
            lambda f, a, **k: f.multilabel_margin_loss(a, Constant.of(f, lists), **k),
            (x,),
        ),
    ]


class Constant:
    """A label or weight array as the library ``f`` (ours or torch's) takes it."""

    @staticmethod
    def of(f, array):
        array = np.asarray(array)
        if array.dtype == bool:
            array = array.astype(np.float64)
        return torch.tensor(array) if f is TF else autograd.tensor(array)


def names(n):
    return [c[0] for c in cases(np.random.default_rng(0), n)]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("case", range(len(names(1))), ids=names(1))
def test_losses_match_torch_with_the_gradient_of_every_input(rng, case, n, reduction):
    name, call, arrays = cases(rng, n)[case]
    ours_in = [Tensor(a, requires_grad=True) for a in arrays]
    theirs_in = [torch.tensor(a, requires_grad=True) for a in arrays]
    ours = call(F, *ours_in, reduction=reduction)
    theirs = call(TF, *theirs_in, reduction=reduction)
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), **TOL, err_msg=name)
    upstream = rng.standard_normal(ours.shape)
    ours.backward(Tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    for a, b in zip(ours_in, theirs_in):
        if b.grad is not None or a.grad is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), **TOL, err_msg=name)


@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_batchmean_matches_torch(rng, log_target):
    q = rng.dirichlet(np.ones(4), 3)
    target = np.log(q[::-1]) if log_target else q[::-1].copy()
    ours_in, theirs_in = Tensor(np.log(q), requires_grad=True), torch.tensor(np.log(q), requires_grad=True)
    ours = F.kl_div(ours_in, target, reduction="batchmean", log_target=log_target)
    theirs = TF.kl_div(theirs_in, torch.tensor(target), reduction="batchmean", log_target=log_target)
    np.testing.assert_allclose(ours.item(), theirs.item(), **TOL)
    ours.backward()
    theirs.backward()
    np.testing.assert_allclose(ours_in.grad.numpy(), theirs_in.grad.numpy(), **TOL)


def test_single_vectors_match_torch(rng):
    a, b, c = (rng.standard_normal(4) for _ in range(3))
    x = rng.standard_normal(4)
    pairs = [
        (
            F.cosine_embedding_loss(Tensor(a), Tensor(b), autograd.tensor(-1.0), -0.5),
            TF.cosine_embedding_loss(torch.tensor(a), torch.tensor(b), torch.tensor(-1.0), -0.5),
        ),
        (
            F.triplet_margin_loss(Tensor(a), Tensor(b), Tensor(c)),
            TF.triplet_margin_loss(torch.tensor(a), torch.tensor(b), torch.tensor(c)),
        ),
        (
            F.multi_margin_loss(Tensor(x), autograd.tensor(2)),
            TF.multi_margin_loss(torch.tensor(x)[None], torch.tensor([2])),
        ),
        (
            F.multilabel_margin_loss(Tensor(x), autograd.tensor([1, 3, -1, 0])),
            TF.multilabel_margin_loss(torch.tensor(x), torch.tensor([1, 3, -1, 0])),
        ),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), **TOL)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda: nn.CosineSimilarity(), lambda: torch.nn.CosineSimilarity()),
        (lambda: nn.CosineSimilarity(dim=0, eps=1e-3), lambda: torch.nn.CosineSimilarity(dim=0, eps=1e-3)),
        (lambda: nn.PairwiseDistance(), lambda: torch.nn.PairwiseDistance()),
        (lambda: nn.PairwiseDistance(1.0, 1e-3, True), lambda: torch.nn.PairwiseDistance(1.0, 1e-3, True)),
    ],
)
def test_distance_modules_match_torch(rng, ours, theirs):
    x1, x2 = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    a, b = Tensor(x1, requires_grad=True), torch.tensor(x1, requires_grad=True)
    out, tout = ours()(a, Tensor(x2)), theirs()(b, torch.tensor(x2))
    np.testing.assert_allclose(out.numpy(), tout.detach().numpy(), **TOL)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), **TOL)


MODULES = [
    "nn.SmoothL1Loss(beta=0.5)",
    "nn.KLDivLoss(reduction='batchmean', log_target=True)",
    "nn.PoissonNLLLoss(log_input=False)",
    "nn.GaussianNLLLoss(full=True)",
    "nn.MarginRankingLoss(0.5)",
    "nn.HingeEmbeddingLoss()",
    "nn.CosineEmbeddingLoss(margin=0.2)",
    "nn.TripletMarginLoss(margin=2.0, swap=True)",
    "nn.SoftMarginLoss()",
    "nn.MultiLabelSoftMarginLoss()",
    "nn.MultiMarginLoss(p=2)",
    "nn.MultiLabelMarginLoss(reduction='sum')",
    "nn.CosineSimilarity(dim=0)",
    "nn.PairwiseDistance(p=1.0)",
]


@pytest.mark.parametrize("text", MODULES)
def test_modules_print_as_pytorch(text):
    ours, theirs = eval(text, {"nn": nn}), eval(text, {"nn": torch.nn})
    assert repr(ours) == repr(theirs)
    for attribute in (
        "reduction",
        "margin",
        "p",
        "eps",
        "swap",
        "beta",
        "log_target",
        "full",
        "dim",
        "norm",
        "keepdim",
    ):
        if hasattr(theirs, attribute):
            assert getattr(ours, attribute) == getattr(theirs, attribute), attribute


@pytest.mark.filterwarnings("ignore:size_average and reduce args will be deprecated:UserWarning")
@pytest.mark.parametrize("size_average", [None, True, False])
@pytest.mark.parametrize("reduce", [None, True, False])
@pytest.mark.parametrize("name", ["nll_loss", "cross_entropy"])
def test_legacy_size_average_and_reduce_match_torch(rng, name, size_average, reduce):
    """PyTorch's deprecated spellings of reduction, positional as in its signature (weight,
    size_average, ignore_index, reduce), with an ignored label."""
    x, y = rng.standard_normal((6, 4)), np.array([0, 3, 1, -100, 2, 3])
    weight = rng.random(4) + 0.5
    mine = Tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    ours = getattr(F, name)(mine, y, Tensor(weight), size_average, -100, reduce)
    expected = getattr(TF, name)(theirs, torch.tensor(y), torch.tensor(weight), size_average, -100, reduce)
    np.testing.assert_allclose(ours._data, expected.detach().numpy(), **TOL)
    ours.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(mine.grad._data, theirs.grad.numpy(), **TOL)


def test_legacy_size_average_warns_as_torch():
    with pytest.warns(UserWarning, match="please use reduction='sum' instead"):
        F.nll_loss(Tensor(np.zeros((2, 3))), np.array([0, 1]), size_average=False)
