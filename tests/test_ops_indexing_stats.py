"""repeat_interleave, the indexed writes (index_add, index_put, index_reduce, put and their
in-place forms, the view scatters), kthvalue, nansum/nanmean, var_mean/std_mean and
cov/corrcoef: first and second derivatives against finite differences (float64), broadcasting
and repeated indices included; the in-place forms in the graph; errors on bad input."""

import warnings

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor, gradcheck, gradgradcheck


def var(rng, shape, low=-2.0, high=2.0):
    return Tensor(rng.uniform(low, high, size=shape), requires_grad=True)


def distinct(rng, shape):
    """Values far apart (no ties within the finite-difference step)."""
    n = int(np.prod(shape))
    return Tensor((rng.permutation(n).reshape(shape) - n / 2) * 4 / max(n, 1) + 0.05, requires_grad=True)


def check(fn, *inputs):
    assert gradcheck(fn, inputs)
    assert gradgradcheck(fn, inputs)


def idx(values):
    return ag.tensor(np.array(values, dtype=np.int64))


# ---- repeat_interleave ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, repeats, dim",
    [((2, 3), 2, None), ((2, 3), [1, 0, 3], 1), ((3, 2), [2, 2, 1], 0), ((4,), [2], -1)],
)
def test_repeat_interleave_gradcheck(rng, shape, repeats, dim):
    counts = repeats if isinstance(repeats, int) else idx(repeats)
    check(lambda x: ag.repeat_interleave(x, counts, dim), var(rng, shape))
    check(lambda x: x.repeat_interleave(counts, dim=dim), var(rng, shape))


# ---- index_add / index_reduce / index_put / put ----------------------------------------------


@pytest.mark.parametrize("dim, index", [(0, [0, 2, 0, 0]), (1, [3, 3]), (-1, [1])])
@pytest.mark.parametrize("alpha", [1, -0.5])
def test_index_add_gradcheck_with_repeated_indices(rng, dim, index, alpha):
    x = var(rng, (3, 4))
    shape = list(x.shape)
    shape[dim] = len(index)
    check(lambda x, s: ag.index_add(x, dim, idx(index), s, alpha=alpha), x, var(rng, tuple(shape)))


def test_index_add_adds_once_per_repetition(rng):
    x, s = var(rng, (3, 2)), var(rng, (3, 2))
    y = ag.index_add(x, 0, idx([1, 1, 1]), s)
    np.testing.assert_allclose(y.numpy()[1], x.numpy()[1] + s.numpy().sum(0), rtol=1e-12)
    y.sum().backward()
    np.testing.assert_array_equal(s.grad.numpy(), np.ones((3, 2)))


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_gradcheck(rng, reduce, include_self):
    source = Tensor(distinct(rng, (2, 3)).numpy() + 0.0123, requires_grad=True)  # no ties with x
    check(
        lambda x, s: x.index_reduce(1, idx([2, 0, 2]), s, reduce, include_self=include_self),
        distinct(rng, (2, 3)),
        source,
    )


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize(
    "indices, values_shape",
    [
        ((idx([0, 2, 2]), idx([1, 3, 3])), (3,)),
        ((idx([2, 0]),), (4,)),
        ((idx([[0], [2]]), idx([1, 3])), ()),
        ((idx([1]),), (1, 1)),
    ],
)
def test_index_put_gradcheck_with_broadcasting(rng, accumulate, indices, values_shape):
    if not accumulate and indices[0].tolist() == [0, 2, 2]:
        indices = (idx([0, 2, 1]), idx([1, 3, 3]))  # a repeated place: which write wins is unspecified
    check(lambda x, v: x.index_put(indices, v, accumulate), var(rng, (3, 4)), var(rng, values_shape))


def test_index_put_with_a_mask_gradcheck(rng):
    mask = ag.tensor([[True, False], [False, True], [True, True]])
    check(lambda x, v: ag.index_put(x, (mask,), v, accumulate=True), var(rng, (3, 2)), var(rng, (4,)))


@pytest.mark.parametrize("accumulate", [False, True])
def test_put_gradcheck(rng, accumulate):
    index = idx([[5, -1], [0, 2]]) if accumulate else idx([[5, 1], [0, 2]])  # repeats added up
    check(lambda x, s: x.put(index, s, accumulate), var(rng, (2, 3)), var(rng, (4,)))


# ---- select_scatter / slice_scatter / diagonal_scatter ----------------------------------------


def test_view_scatters_gradcheck(rng):
    check(lambda x, s: ag.select_scatter(x, s, 1, -1), var(rng, (2, 3)), var(rng, (2,)))
    check(lambda x, s: ag.slice_scatter(x, s, 0, 1, None, 2), var(rng, (5, 2)), var(rng, (2, 2)))
    check(lambda x, s: ag.diagonal_scatter(x, s, 1), var(rng, (3, 4)), var(rng, (3,)))
    check(lambda x, s: ag.diagonal_scatter(x, s, -1, 2, 0), var(rng, (3, 2, 4)), var(rng, (2, 3)))


def test_a_scattered_source_gets_exactly_the_gradient_of_its_place(rng):
    x, s = var(rng, (3, 3)), var(rng, (3,))
    weights = Tensor(rng.standard_normal((3, 3)))
    (ag.diagonal_scatter(x, s) * weights).sum().backward()
    np.testing.assert_array_equal(s.grad.numpy(), np.diag(weights.numpy()))
    np.testing.assert_array_equal(x.grad.numpy(), weights.numpy() * (1 - np.eye(3)))


# ---- kthvalue, nansum, nanmean, var_mean, std_mean, cov, corrcoef ----------------------------


@pytest.mark.parametrize("k, dim, keepdim", [(1, -1, False), (2, 0, True), (3, 1, False)])
def test_kthvalue_gradcheck(rng, k, dim, keepdim):
    check(lambda x: ag.kthvalue(x, k, dim, keepdim).values, distinct(rng, (3, 4)))


@pytest.mark.parametrize("dim, keepdim", [(None, False), (0, True), ((0, 2), False)])
def test_nansum_nanmean_gradcheck_give_nan_no_gradient(rng, dim, keepdim):
    data = rng.uniform(-2, 2, (2, 3, 2))
    nan = np.zeros(data.shape, dtype=bool)
    nan.reshape(-1)[::4] = True

    def with_nans(x):
        return ag.where(ag.tensor(nan), np.nan, x)

    for op in (ag.nansum, ag.nanmean):
        check(lambda x, op=op: op(with_nans(x), dim, keepdim), Tensor(data, requires_grad=True))
    x = Tensor(np.where(nan, np.nan, data), requires_grad=True)
    ag.nanmean(x).backward()
    np.testing.assert_allclose(x.grad.numpy(), np.where(nan, 0, 1 / (~nan).sum()), rtol=1e-12)


@pytest.mark.parametrize(
    "dim, kwargs",
    [(None, {}), (1, {"correction": 0}), ((0, 2), {"keepdim": True}), (-1, {"unbiased": False})],
)
def test_var_mean_std_mean_gradcheck(rng, dim, kwargs):
    check(lambda x: ag.var_mean(x, dim, **kwargs), var(rng, (3, 2, 4)))
    check(lambda x: ag.std_mean(x, dim, **kwargs), var(rng, (3, 2, 4)))


def test_cov_gradcheck_with_weights(rng):
    fweights = idx([1, 3, 0, 2, 1])
    check(lambda x: ag.cov(x), var(rng, (3, 5)))
    check(lambda x: ag.cov(x, correction=0), var(rng, (5,)))
    check(lambda x, a: ag.cov(x, fweights=fweights, aweights=a), var(rng, (2, 5)), var(rng, (5,), 0.5, 2))


def test_corrcoef_gradcheck(rng):
    check(ag.corrcoef, var(rng, (3, 6)))
    check(ag.corrcoef, var(rng, (2, 4)))


def test_cov_of_one_variable_is_its_variance(rng):
    x = var(rng, (7,))
    np.testing.assert_allclose(ag.cov(x).item(), x.var().item(), rtol=1e-12)
    assert ag.corrcoef(x).item() == pytest.approx(1.0, rel=1e-12)


def test_cov_without_degrees_of_freedom_warns_and_divides_by_zero(rng):
    with pytest.warns(UserWarning, match="degrees of freedom"):
        c = ag.cov(var(rng, (2, 3)), correction=3)
    assert np.isinf(c.numpy()).all()


# ---- in place: the one mechanism of autograd.inplace ------------------------------------------


IN_PLACE = [
    (
        "index_add_",
        lambda t, s: t.index_add_(0, idx([1, 1]), s[:2]),
        lambda t, s: t.index_add(0, idx([1, 1]), s[:2]),
    ),
    (
        "index_put_",
        lambda t, s: t.index_put_((idx([0, 0]),), s[0], True),
        lambda t, s: t.index_put((idx([0, 0]),), s[0], True),
    ),
    (
        "index_reduce_",
        lambda t, s: t.index_reduce_(0, idx([2, 0]), s[:2], "amax"),
        lambda t, s: t.index_reduce(0, idx([2, 0]), s[:2], "amax"),
    ),
    (
        "put_",
        lambda t, s: t.put_(idx([5, 0]), s[0, :2], accumulate=True),
        lambda t, s: t.put(idx([5, 0]), s[0, :2], True),
    ),
]


@pytest.mark.parametrize("name, in_place, out_of_place", IN_PLACE, ids=[n for n, _, _ in IN_PLACE])
def test_in_place_forms_are_recorded_like_the_out_of_place_ones(rng, name, in_place, out_of_place):
    x, s = distinct(rng, (3, 2)), distinct(rng, (3, 2))

    def through_in_place(x, s):
        h = x * 1.5  # not a leaf
        result = in_place(h, s)
        assert result is h
        return h.sin()

    check(through_in_place, x, s)
    expected = out_of_place(x * 1.5, s).sin()
    np.testing.assert_array_equal(through_in_place(x, s).numpy(), expected.numpy())


@pytest.mark.parametrize("name, in_place, out_of_place", IN_PLACE, ids=[n for n, _, _ in IN_PLACE])
def test_in_place_forms_write_into_the_array_outside_a_graph(rng, name, in_place, out_of_place):
    t, s = distinct(rng, (3, 2)).detach(), distinct(rng, (3, 2)).detach()
    view = t.numpy()
    expected = out_of_place(t, s).numpy().copy()
    in_place(t, s)
    np.testing.assert_array_equal(view, expected)  # the same memory, changed


@pytest.mark.parametrize("name, in_place, out_of_place", IN_PLACE, ids=[n for n, _, _ in IN_PLACE])
def test_in_place_forms_refuse_a_leaf_that_requires_grad(rng, name, in_place, out_of_place):
    x = distinct(rng, (3, 2))
    with pytest.raises(RuntimeError, match=f"{name} on a leaf"):
        in_place(x, distinct(rng, (3, 2)).detach())


@pytest.mark.parametrize("name, in_place, out_of_place", IN_PLACE, ids=[n for n, _, _ in IN_PLACE])
def test_overwriting_a_value_backward_needs_raises(rng, name, in_place, out_of_place):
    t, w = distinct(rng, (3, 2)).detach(), distinct(rng, (3, 2))
    y = (t * w).sum()  # mul saves t for w's gradient
    in_place(t, distinct(rng, (3, 2)).detach())
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_the_other_in_place_forms_of_indexed_writes_exist_and_record(rng):
    x, s = var(rng, (3, 2)), var(rng, (2, 2))

    def fn(x, s):
        h = x * 1.0
        h.index_copy_(0, idx([2, 0]), s)
        h.index_fill_(1, idx([1]), -1.0)
        h.masked_scatter_(ag.tensor([[True, False], [False, False], [False, False]]), s * 2)
        h.scatter_reduce_(0, idx([[0, 1]]), s[:1], "sum")
        return h

    check(fn, x, s)


# ---- errors ------------------------------------------------------------------------------------


def test_errors_name_the_problem():
    x = ag.zeros(3, 2)
    with pytest.raises(IndexError, match="index 3 is out of range for a dimension of size 3"):
        x.index_add(0, idx([3]), ag.ones(1, 2))
    with pytest.raises(RuntimeError, match=r"self \(float64\) and source \(float32\)"):
        x.index_add(0, idx([0]), ag.ones(1, 2, dtype=ag.float32))
    with pytest.raises(RuntimeError, match="number of indices"):
        x.index_add(0, idx([0, 1]), ag.ones(1, 2))
    with pytest.raises(ValueError, match=r"shape \[3, 2\] except along dim 0"):
        x.index_add(0, idx([0]), ag.ones(1, 3))
    with pytest.raises(RuntimeError, match="reduce must be one of prod, mean, amax, amin"):
        x.index_reduce(0, idx([0]), ag.ones(1, 2), "sum")
    with pytest.raises(
        ValueError, match=r"value tensor of shape \[3\] cannot be broadcast to indexing result of shape"
    ):
        x.index_put((idx([0, 1]),), ag.ones(3))
    with pytest.raises(IndexError, match="index 6 is out of range for a Tensor of 6 elements"):
        x.put(idx([6]), ag.ones(1))
    with pytest.raises(ValueError, match="src size = \\[2\\], slice size = \\[3\\]"):
        ag.select_scatter(x, ag.ones(2), 1, 0)
    with pytest.raises(ValueError, match="slice step must be positive"):
        ag.slice_scatter(x, ag.ones(3, 0), 1, 0, 2, 0)
    with pytest.raises(RuntimeError, match="k = 3 out of range for dimension 1 of size 2"):
        x.kthvalue(3)
    with pytest.raises(TypeError, match="floating-point"):
        ag.nanmean(ag.tensor([1, 2]))
    with pytest.raises(ValueError, match="repeats must be non-negative"):
        ag.repeat_interleave(x, -2)
    with pytest.raises(ValueError, match=r"repeats.size\(0\) = 2 and input.size\(1\) = 3"):
        ag.repeat_interleave(ag.zeros(2, 3), idx([1, 2]), dim=1)
    with pytest.raises(ValueError, match="fweights cannot be negative"):
        ag.cov(x, fweights=idx([1, -1]))
    with pytest.raises(ValueError, match="bins must be > 0"):
        ag.histogram(x, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ag.nanmean(ag.tensor([np.nan, np.nan]))  # NaN, without numpy's warnings


def test_adding_into_a_buffer_of_zeros_in_place_differentiates_the_source(rng):
    """PyTorch's pattern ``out = zeros(n); out.index_add_(0, segment, values)``: the buffer
    joins the graph, and the values get their gradient."""
    values = var(rng, (5, 2))

    def segment_sums(values):
        out = ag.zeros(3, 2)
        out.index_add_(0, idx([0, 2, 0, 1, 2]), values)
        return out

    check(segment_sums, values)
    segment_sums(values).sum().backward()
    np.testing.assert_array_equal(values.grad.numpy(), np.ones((5, 2)))
