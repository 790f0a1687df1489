"""repeat_interleave, the indexed writes (index_add, index_put, index_reduce, put, the view
scatters), kthvalue, nansum/nanmean, var_mean/std_mean, cov/corrcoef, argwhere, unravel_index,
isin and histograms against PyTorch (float64): values and dtypes, gradients and Hessian-vector
products to 1e-10, integer results exactly, the errors PyTorch raises. Optional: skipped when
torch is not installed."""

import warnings

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

from test_ops_new_torch import compare, distinct, uniform  # noqa: E402  (after the skip)


def ints(values):
    return np.array(values, dtype=np.int64)


def both(value):
    """(ours, theirs) of a constant: an int array becomes a Tensor on both sides."""
    if isinstance(value, np.ndarray):
        return ag.tensor(value), torch.tensor(value)
    return value, value


def exact(ours, theirs):
    """Equal integer / bool / picked results, dtype and shape included (tuples element-wise)."""
    ours, theirs = (ours, theirs) if isinstance(ours, tuple) else ((ours,), (theirs,))
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.dtype == t.numpy().dtype, (o.dtype, t.dtype)
        assert tuple(o.shape) == tuple(t.shape)
        np.testing.assert_array_equal(o.numpy(), t.numpy())


# ---- repeat_interleave -------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, repeats, dim",
    [
        ((2, 3), 2, None),
        ((2, 3), 3, 1),
        ((2, 3), ints([1, 0, 2]), 1),
        ((2, 3), ints([2, 1]), 0),
        ((2, 3), ints([2]), -1),
        ((4,), ints([0, 3, 1, 1]), 0),
        ((2, 3), ints(2), None),
        ((), 3, None),
    ],
)
def test_repeat_interleave_matches_torch(shape, repeats, dim):
    ours_r, theirs_r = both(repeats)
    compare(
        lambda x: ag.repeat_interleave(x, ours_r, dim),
        lambda x: torch.repeat_interleave(x, theirs_r, dim),
        uniform(shape),
    )
    compare(
        lambda x: x.repeat_interleave(ours_r, dim),
        lambda x: x.repeat_interleave(theirs_r, dim),
        uniform(shape),
    )


def test_repeat_interleave_of_counts_alone_and_output_size_match_torch():
    exact(ag.repeat_interleave(ag.tensor([1, 0, 3])), torch.repeat_interleave(torch.tensor([1, 0, 3])))
    counts = ints([1, 2, 0])
    ours = ag.repeat_interleave(ag.tensor(np.eye(3)), ag.tensor(counts), 0, output_size=3)
    theirs = torch.repeat_interleave(torch.tensor(np.eye(3)), torch.tensor(counts), 0, output_size=3)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    exact(ag.tensor([1, 2]).repeat_interleave(2), torch.tensor([1, 2]).repeat_interleave(2))


@pytest.mark.parametrize(
    "call",
    [
        lambda m, x: m.repeat_interleave(x, m.tensor([1, 2]), dim=1),  # one count per slice
        lambda m, x: m.repeat_interleave(x, -1),
        lambda m, x: m.repeat_interleave(x, m.tensor([1, -1, 1]), dim=1),
        lambda m, x: m.repeat_interleave(x, m.tensor([[1, 2, 1]]), dim=1),
        lambda m, x: m.repeat_interleave(x, 2, dim=0, output_size=5),
    ],
)
def test_repeat_interleave_errors_as_torch(call):
    with pytest.raises(RuntimeError):
        call(torch, torch.zeros(2, 3))
    with pytest.raises(RuntimeError):
        call(ag, ag.zeros(2, 3))


# ---- index_add / index_reduce -------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, dim, index, alpha",
    [
        ((3, 4), 0, [0, 2, 0, 0], 1),  # repeated rows add up
        ((3, 4), 1, [3, 3, 1], 2.5),
        ((2, 3, 4), -1, [0, 1], -1.0),
        ((5,), 0, [4, 4, 4], 1),
        ((5,), 0, 2, 3.0),  # a 0-d index
    ],
)
def test_index_add_matches_torch(shape, dim, index, alpha):
    index = ints(index)
    source_shape = list(shape)
    source_shape[dim] = index.size
    ours_i, theirs_i = both(index)
    if index.ndim == 0:
        source_shape[dim] = 1
    compare(
        lambda x, s: ag.index_add(x, dim, ours_i, s, alpha=alpha),
        lambda x, s: torch.index_add(x, dim, theirs_i, s, alpha=alpha),
        uniform(shape),
        uniform(tuple(source_shape), seed=2),
    )


def test_index_add_on_integers_and_out_match_torch():
    x, s = ints([[1, 2], [3, 4]]), ints([[5, 6], [7, 8]])
    index = ints([1, 1])
    for alpha in (1, 2, 2.5):
        ours = ag.tensor(x).index_add(0, ag.tensor(index), ag.tensor(s), alpha=alpha)
        exact(ours, torch.tensor(x).index_add(0, torch.tensor(index), torch.tensor(s), alpha=alpha))
    out, tout = ag.zeros(2, 2), torch.zeros(2, 2, dtype=torch.float64)
    ag.index_add(ag.tensor(x * 1.0), 1, ag.tensor(index), ag.tensor(s * 1.0), out=out)
    torch.index_add(torch.tensor(x * 1.0), 1, torch.tensor(index), torch.tensor(s * 1.0), out=tout)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize(
    "shape, dim, index", [((3, 2), 0, [0, 0, 2, 0]), ((2, 4), 1, [3, 1, 3]), ((4,), 0, [1])]
)
def test_index_reduce_matches_torch(reduce, include_self, shape, dim, index):
    index = ints(index)
    source_shape = list(shape)
    source_shape[dim] = index.size
    ours_i, theirs_i = both(index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # PyTorch: "index_reduce() is in beta"
        compare(
            lambda x, s: x.index_reduce(dim, ours_i, s, reduce, include_self=include_self),
            lambda x, s: x.index_reduce(dim, theirs_i, s, reduce, include_self=include_self),
            distinct(shape),
            distinct(tuple(source_shape), seed=2),
        )


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_of_integers_matches_torch(reduce):
    x, s, index = ints([1, -2, 3]), ints([4, -7, 6, 5]), ints([0, 0, 1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for include_self in (True, False):
            exact(
                ag.tensor(x).index_reduce(
                    0, ag.tensor(index), ag.tensor(s), reduce, include_self=include_self
                ),
                torch.tensor(x).index_reduce(
                    0, torch.tensor(index), torch.tensor(s), reduce, include_self=include_self
                ),
            )


def test_index_reduce_ties_share_the_gradient_as_torch():
    x, s, index = np.array([[2.0, 1.0]]), np.array([[2.0, 1.0], [2.0, 0.5]]), ints([0, 0])
    ours_i, theirs_i = both(index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        compare(
            lambda x, s: x.index_reduce(0, ours_i, s, "amax"),
            lambda x, s: x.index_reduce(0, theirs_i, s, "amax"),
            x,
            s,
            second=False,
        )


# ---- index_put / put ------------------------------------------------------------------------


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize(
    "indices, values_shape",
    [
        (([0, 2, 0], [1, 3, 1]), (3,)),  # duplicates: added with accumulate
        (([0, 2, 0], [1, 3, 1]), ()),  # a 0-d value broadcasts
        (([1, -1],), (2, 4)),  # whole rows, a negative index
        (([1, 0],), (4,)),  # rows broadcast
        (([[0], [2]], [1, 3]), (2, 2)),  # index Tensors broadcast together
        ((np.array([True, False, True]),), (1, 4)),  # a bool mask
        ((np.array([True, False, True]), [3, 0]), (2,)),
    ],
)
def test_index_put_matches_torch(accumulate, indices, values_shape):
    indices = [np.asarray(i) if np.asarray(i).dtype == bool else ints(i) for i in indices]
    ours_i = tuple(ag.tensor(i) for i in indices)
    theirs_i = tuple(torch.tensor(i) for i in indices)
    if not accumulate and len(indices) == 2 and np.asarray(indices[0]).tolist() == [0, 2, 0]:
        values = uniform(values_shape) * 0 + 1.5 if values_shape else np.array(1.5)  # one value per place
    else:
        values = uniform(values_shape, seed=2)
    compare(
        lambda x, v: x.index_put(ours_i, v, accumulate),
        lambda x, v: x.index_put(theirs_i, v, accumulate),
        uniform((3, 4)),
        values,
    )
    compare(
        lambda x, v: ag.index_put(x, ours_i, v, accumulate=accumulate),
        lambda x, v: torch.index_put(x, theirs_i, v, accumulate=accumulate),
        uniform((3, 4)),
        values,
    )


def test_index_put_of_integers_matches_torch():
    x, index, values = ints([1, 2, 3]), ints([0, 0, 2]), ints([4, 5, 6])
    exact(
        ag.tensor(x).index_put((ag.tensor(index),), ag.tensor(values), accumulate=True),
        torch.tensor(x).index_put((torch.tensor(index),), torch.tensor(values), accumulate=True),
    )


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize("index", [[0, 5, 2], [-1, 0, -6], [[1, 1], [4, 1]]])
def test_put_matches_torch(accumulate, index):
    index = ints(index)
    if not accumulate and len(set(index.reshape(-1).tolist())) < index.size:
        index = np.unique(index)  # which of the duplicate writes wins is unspecified
    ours_i, theirs_i = both(index)
    compare(
        lambda x, s: x.put(ours_i, s, accumulate),
        lambda x, s: x.put(theirs_i, s, accumulate),
        uniform((2, 3)),
        uniform(index.shape, seed=2),
    )
    compare(
        lambda x, s: ag.put(x, ours_i, s, accumulate=accumulate),
        lambda x, s: torch.put(x, theirs_i, s, accumulate=accumulate),
        uniform((2, 3)),
        uniform(index.shape[::-1], seed=2),  # source of any shape with index's numel
    )


# ---- select_scatter / slice_scatter / diagonal_scatter ------------------------------------


@pytest.mark.parametrize("dim, index", [(0, 1), (1, -1), (-1, 0)])
def test_select_scatter_matches_torch(dim, index):
    shape = (2, 3)
    view = shape[: dim % 2] + shape[dim % 2 + 1 :]
    compare(
        lambda x, s: ag.select_scatter(x, s, dim, index),
        lambda x, s: torch.select_scatter(x, s, dim, index),
        uniform(shape),
        uniform(view, seed=2),
    )


@pytest.mark.parametrize(
    "dim, start, end, step",
    [
        (0, None, None, 1),
        (0, 1, 3, 1),
        (1, -2, None, 1),
        (1, None, -1, 1),
        (0, 0, 10, 2),
        (1, -10, 1, 1),
        (1, 2, 1, 1),
    ],
)
def test_slice_scatter_matches_torch(dim, start, end, step):
    x = uniform((4, 3))
    size = len(range(*slice(start, end, step).indices(x.shape[dim])))
    src_shape = (size, 3) if dim == 0 else (4, size)
    compare(
        lambda x, s: ag.slice_scatter(x, s, dim, start, end, step),
        lambda x, s: torch.slice_scatter(x, s, dim, start, end, step),
        x,
        uniform(src_shape, seed=2),
    )
    compare(
        lambda x, s: x.slice_scatter(s, dim=dim, start=start, end=end, step=step),
        lambda x, s: x.slice_scatter(s, dim=dim, start=start, end=end, step=step),
        x,
        uniform(src_shape, seed=2),
    )


@pytest.mark.parametrize(
    "shape, offset, dim1, dim2",
    [
        ((3, 3), 0, 0, 1),
        ((3, 4), 2, 0, 1),
        ((3, 4), -1, 0, 1),
        ((3, 4), 1, 1, 0),
        ((2, 3, 4), 0, 0, 1),
        ((2, 3, 4), -1, 2, 0),
    ],
)
def test_diagonal_scatter_matches_torch(shape, offset, dim1, dim2):
    view = tuple(torch.zeros(shape).diagonal(offset, dim1, dim2).shape)
    compare(
        lambda x, s: ag.diagonal_scatter(x, s, offset, dim1, dim2),
        lambda x, s: torch.diagonal_scatter(x, s, offset, dim1, dim2),
        uniform(shape),
        uniform(view, seed=2),
    )
    compare(
        lambda x, s: x.diagonal_scatter(s, offset, dim1=dim1, dim2=dim2),
        lambda x, s: x.diagonal_scatter(s, offset, dim1=dim1, dim2=dim2),
        uniform(shape),
        uniform(view, seed=2),
    )


def test_view_scatters_cast_src_to_self_as_torch():
    x, src = np.zeros((2, 3), dtype=np.float32), ints([1, 2])
    exact(
        ag.select_scatter(ag.tensor(x), ag.tensor(src), 1, 0),
        torch.select_scatter(torch.tensor(x), torch.tensor(src), 1, 0),
    )


# ---- kthvalue -----------------------------------------------------------------------------


@pytest.mark.parametrize("k, dim, keepdim", [(1, -1, False), (3, 1, True), (2, 0, False), (4, -1, False)])
def test_kthvalue_matches_torch(k, dim, keepdim):
    compare(
        lambda x: ag.kthvalue(x, k, dim, keepdim),
        lambda x: torch.kthvalue(x, k, dim, keepdim),
        distinct((3, 4, 5)),
    )
    method = lambda x: x.kthvalue(k, dim=dim, keepdim=keepdim)  # noqa: E731  (the same call on both)
    compare(method, method, distinct((3, 4)))


@pytest.mark.parametrize("seed", range(20))
def test_kthvalue_picks_the_index_torch_picks_among_ties(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, size=(3, int(rng.integers(1, 40)))).astype(np.float64)
    values[rng.random(values.shape) < 0.1] = np.nan
    for k in sorted({1, values.shape[1], int(rng.integers(1, values.shape[1] + 1))}):
        exact(ag.kthvalue(ag.tensor(values), k).indices, torch.kthvalue(torch.tensor(values), k).indices)
        ours, theirs = (
            ag.kthvalue(ag.tensor(values), k).values,
            torch.kthvalue(torch.tensor(values), k).values,
        )
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    for k in (1, 2, 3):
        exact(tuple(ag.kthvalue(ag.tensor(values), k, 0)), tuple(torch.kthvalue(torch.tensor(values), k, 0)))


def test_kthvalue_of_integers_and_0d_and_out_match_torch():
    exact(
        tuple(ag.kthvalue(ag.tensor([5, 1, 3, 3]), 3)), tuple(torch.kthvalue(torch.tensor([5, 1, 3, 3]), 3))
    )
    exact(
        tuple(ag.kthvalue(ag.tensor(2.5), 1)),
        tuple(torch.kthvalue(torch.tensor(2.5, dtype=torch.float64), 1)),
    )
    assert repr(ag.kthvalue(ag.tensor([[1.0, 2.0]]), 1)).startswith("torch.return_types.kthvalue(")
    values, indices = ag.zeros(2), ag.zeros(2, dtype=ag.int64)
    result = ag.kthvalue(ag.tensor([[3.0, 1.0], [0.0, 2.0]]), 2, out=(values, indices))
    assert result.values is values and values.tolist() == [3.0, 2.0] and indices.tolist() == [0, 1]


# ---- nansum / nanmean / var_mean / std_mean --------------------------------------------------


def _with_nans(shape, seed=1):
    x = uniform(shape, seed=seed)
    x.reshape(-1)[::3] = np.nan
    return x


@pytest.mark.parametrize(
    "dim, keepdim", [(None, False), (1, False), (-1, True), ((0, 2), False), ((), False)]
)
@pytest.mark.parametrize("name", ["nansum", "nanmean"])
def test_nansum_nanmean_match_torch(name, dim, keepdim):
    compare(
        lambda x: getattr(ag, name)(x, dim, keepdim),
        lambda x: getattr(torch, name)(x, dim, keepdim),
        _with_nans((2, 3, 4)),
    )
    compare(
        lambda x: getattr(x, name)(dim=dim, keepdim=keepdim),
        lambda x: getattr(x, name)(dim=dim, keepdim=keepdim),
        _with_nans((2, 3, 4)),
    )


def test_nansum_nanmean_dtypes_and_all_nan_slices_match_torch():
    for data in ([1, 2, 3], [True, True], np.array([1, 2], dtype=np.int32)):
        exact(ag.nansum(ag.tensor(data)), torch.nansum(torch.tensor(data)))
    x = np.array([[np.nan, np.nan], [1.0, np.nan]])
    np.testing.assert_array_equal(
        ag.nanmean(ag.tensor(x), 1).numpy(), torch.nanmean(torch.tensor(x), 1).numpy()
    )
    ours = ag.nansum(ag.tensor(x), dtype=ag.float32)
    assert (
        ours.dtype == np.float32 and ours.item() == torch.nansum(torch.tensor(x), dtype=torch.float32).item()
    )
    out, tout = ag.zeros(2), torch.zeros(2, dtype=torch.float64)
    ag.nanmean(ag.tensor(x), 0, out=out)
    torch.nanmean(torch.tensor(x), 0, out=tout)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())


@pytest.mark.parametrize("name", ["var_mean", "std_mean"])
@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((), {}),
        ((1,), {}),
        ((1, False), {}),
        ((1, True, True), {}),
        ((False,), {}),
        (((0, 2),), {"correction": 0, "keepdim": True}),
        ((), {"dim": -1, "correction": 2}),
        ((), {"dim": [0, 1], "unbiased": False}),
        ((), {"dim": None, "keepdim": True}),
    ],
)
def test_var_mean_std_mean_match_torch(name, args, kwargs):
    compare(
        lambda x: getattr(ag, name)(x, *args, **kwargs),
        lambda x: getattr(torch, name)(x, *args, **kwargs),
        uniform((3, 4, 5)),
    )


# ---- cov / corrcoef ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, correction, fweights, aweights",
    [
        ((3, 6), 1, None, None),
        ((3, 6), 0, None, None),
        ((6,), 1, None, None),
        ((2, 6), 1, [1, 2, 1, 3, 0, 2], None),
        ((2, 6), 1, None, [0.5, 1, 2, 1, 0.1, 3]),
        ((3, 6), 2, [1, 2, 1, 3, 1, 2], [0.5, 1, 2, 1, 0.1, 3]),
        ((1, 6), 1, None, None),
    ],
)
def test_cov_matches_torch(shape, correction, fweights, aweights):
    f = None if fweights is None else ints(fweights)
    arrays = [uniform(shape)] + ([] if aweights is None else [np.asarray(aweights, dtype=float)])

    def call(module, x, *a):
        return module.cov(
            x,
            correction=correction,
            fweights=None if f is None else module.tensor(f),
            aweights=a[0] if a else None,
        )

    compare(lambda *xs: call(ag, *xs), lambda *xs: call(torch, *xs), *arrays)
    compare(lambda x: x.cov(correction=correction), lambda x: x.cov(correction=correction), uniform(shape))


def test_cov_without_degrees_of_freedom_and_of_integers_matches_torch():
    x = uniform((2, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ours, theirs = ag.cov(ag.tensor(x), correction=5), torch.cov(torch.tensor(x), correction=5)
        empty = ag.cov(ag.zeros(2, 0)), torch.cov(torch.zeros(2, 0, dtype=torch.float64))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    np.testing.assert_array_equal(empty[0].numpy(), empty[1].numpy())
    data = ints([[1, 2, 4], [3, 1, 0]])
    np.testing.assert_allclose(
        ag.cov(ag.tensor(data)).numpy(), torch.cov(torch.tensor(data).double()).numpy(), rtol=1e-12
    )


@pytest.mark.parametrize("shape", [(3, 6), (2, 4), (6,), (1, 5)])
def test_corrcoef_matches_torch(shape):
    compare(ag.corrcoef, torch.corrcoef, uniform(shape))
    compare(lambda x: x.corrcoef(), lambda x: x.corrcoef(), uniform(shape, seed=3))


# ---- argwhere / unravel_index / isin ----------------------------------------------------------


@pytest.mark.parametrize(
    "data", [[[1.0, 0.0], [0.0, 2.0]], [0.0, np.nan, 3.0], 3.0, 0.0, np.zeros((2, 0)), [[True, False]]]
)
def test_argwhere_matches_torch(data):
    exact(ag.argwhere(ag.tensor(data)), torch.argwhere(torch.tensor(data)))
    exact(ag.tensor(data).argwhere(), torch.tensor(data).argwhere())


@pytest.mark.parametrize(
    "indices, shape",
    [(4, (2, 3)), ([4, 1, -1, 6, -7], (2, 3)), ([[1, 5]], (2, 3)), ([1, 2], 6), ([3], [2, 2, 2])],
)
def test_unravel_index_matches_torch(indices, shape):
    exact(ag.unravel_index(ag.tensor(indices), shape), torch.unravel_index(torch.tensor(indices), shape))


@pytest.mark.parametrize("invert", [False, True])
@pytest.mark.parametrize(
    "elements, test_elements",
    [
        ([1, 2, 3, 4], [2, 4]),
        ([[1, 2], [3, 4]], [[2], [4]]),
        ([1.0, 2.0, np.nan], [np.nan, 2.0]),
        ([1, 2], [2.0]),
        ([1, 2], 2),
        (3, [1, 2, 3]),
        ([1, 2], 2.5),
    ],
)
def test_isin_matches_torch(elements, test_elements, invert):
    def make(module, v):
        return v if isinstance(v, (int, float)) else module.tensor(v)

    ours = ag.isin(make(ag, elements), make(ag, test_elements), invert=invert)
    theirs = torch.isin(make(torch, elements), make(torch, test_elements), invert=invert)
    exact(ours, theirs)
    assert (
        ag.isin(
            elements=make(ag, elements), test_elements=make(ag, test_elements), assume_unique=True
        ).tolist()
        == torch.isin(make(torch, elements), make(torch, test_elements), assume_unique=True).tolist()
    )


# ---- histogram / histogramdd -------------------------------------------------------------------


def _same_histogram(ours, theirs):
    hist, edges = ours
    assert hist.dtype == theirs.hist.numpy().dtype
    np.testing.assert_allclose(
        hist.numpy(), theirs.hist.numpy(), rtol=1e-12 if hist.dtype == np.float64 else 1e-6
    )
    ours_edges = edges if isinstance(edges, tuple) else (edges,)
    theirs_edges = theirs.bin_edges if isinstance(theirs.bin_edges, tuple) else (theirs.bin_edges,)
    for a, b in zip(ours_edges, theirs_edges, strict=True):
        assert a.dtype == b.numpy().dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())  # bit for bit, as PyTorch's linspace


@pytest.mark.parametrize(
    "bins, kwargs",
    [
        (3, {}),
        (5, {"range": (0.0, 2.0)}),
        (4, {"density": True}),
        (4, {"weight": "w"}),
        (4, {"weight": "w", "density": True}),
        (np.array([-2.0, -0.5, 0.0, 1.5, 2.0]), {}),
        (np.array([-1.0, 0.0, 1.0]), {"density": True, "weight": "w"}),
        (100, {}),
    ],
)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_histogram_matches_torch(bins, kwargs, dtype):
    x = uniform((4, 6)).astype(dtype)
    w = uniform((4, 6), 0, 1, seed=3).astype(dtype)
    ours_kwargs = {k: ag.tensor(w) if v == "w" else v for k, v in kwargs.items()}
    theirs_kwargs = {k: torch.tensor(w) if v == "w" else v for k, v in kwargs.items()}
    ours_bins = ag.tensor(bins.astype(dtype)) if isinstance(bins, np.ndarray) else bins
    theirs_bins = torch.tensor(bins.astype(dtype)) if isinstance(bins, np.ndarray) else bins
    ours, theirs = ag.tensor(x), torch.tensor(x)
    _same_histogram(
        ag.histogram(ours, ours_bins, **ours_kwargs), torch.histogram(theirs, theirs_bins, **theirs_kwargs)
    )
    _same_histogram(ours.histogram(ours_bins, **ours_kwargs), theirs.histogram(theirs_bins, **theirs_kwargs))


@pytest.mark.parametrize("data", [np.ones(3), np.zeros(0), np.array([1.0, 2.0, 3.0])])
def test_histogram_of_a_single_value_or_none_matches_torch(data):
    _same_histogram(ag.histogram(ag.tensor(data), 2), torch.histogram(torch.tensor(data), 2))
    ours, theirs = ag.tensor(data), torch.tensor(data)
    _same_histogram(ag.histogram(ours, 2, range=(1.0, 1.0)), torch.histogram(theirs, 2, range=(1.0, 1.0)))


@pytest.mark.parametrize(
    "bins, kwargs",
    [
        (2, {}),
        ([2, 3], {}),
        ([np.array([-2.0, 0.0, 2.0]), np.array([-1.0, 0.5, 1.0, 2.0])], {}),
        (2, {"range": [0.0, 1.0, -1.0, 2.0]}),
        ([3, 2], {"density": True, "weight": "w"}),
    ],
)
def test_histogramdd_matches_torch(bins, kwargs):
    x = uniform((5, 2))
    w = uniform((5,), 0, 1, seed=3)
    ours_kwargs = {k: ag.tensor(w) if v == "w" else v for k, v in kwargs.items()}
    theirs_kwargs = {k: torch.tensor(w) if v == "w" else v for k, v in kwargs.items()}
    ours_bins = (
        [ag.tensor(b) for b in bins] if isinstance(bins, list) and isinstance(bins[0], np.ndarray) else bins
    )
    theirs_bins = (
        [torch.tensor(b) for b in bins]
        if isinstance(bins, list) and isinstance(bins[0], np.ndarray)
        else bins
    )
    ours, theirs = ag.tensor(x), torch.tensor(x)
    _same_histogram(
        ag.histogramdd(ours, ours_bins, **ours_kwargs),
        torch.histogramdd(theirs, theirs_bins, **theirs_kwargs),
    )


def test_histogram_out_matches_torch():
    x = uniform((10,))
    hist, edges = ag.zeros(3), ag.zeros(4)
    result = ag.histogram(ag.tensor(x), 3, out=(hist, edges))
    theirs = torch.histogram(torch.tensor(x), 3)
    assert result.hist is hist
    _same_histogram((hist, edges), theirs)


# ---- errors, as PyTorch raises them -----------------------------------------------------------------


def _float(module, data):
    return module.tensor(np.asarray(data, dtype=np.float64))


def _single(module, data):
    return module.tensor(np.asarray(data, dtype=np.float32))


ERRORS = [
    (
        "index_add dtypes",
        lambda m: m.zeros(3, 2, dtype=m.float64).index_add(0, m.tensor([0]), m.ones(1, 2, dtype=m.float32)),
        RuntimeError,
    ),
    ("index_add index", lambda m: m.zeros(3, 2).index_add(0, m.tensor([3]), m.ones(1, 2)), RuntimeError),
    ("index_add count", lambda m: m.zeros(3, 2).index_add(0, m.tensor([0, 1]), m.ones(1, 2)), RuntimeError),
    ("index_add shape", lambda m: m.zeros(3, 2).index_add(0, m.tensor([0]), m.ones(1, 3)), RuntimeError),
    ("index_add 2-d index", lambda m: m.zeros(3, 2).index_add(0, m.tensor([[0]]), m.ones(1, 2)), IndexError),
    (
        "index_add float index",
        lambda m: m.zeros(3, 2).index_add(0, m.tensor([0.0]), m.ones(1, 2)),
        RuntimeError,
    ),
    ("index_add dim", lambda m: m.zeros(3, 2).index_add(2, m.tensor([0]), m.ones(1, 2)), IndexError),
    (
        "index_reduce reduce",
        lambda m: m.zeros(3).index_reduce(0, m.tensor([0]), m.ones(1), "sum"),
        RuntimeError,
    ),
    (
        "index_reduce index",
        lambda m: m.zeros(3).index_reduce(0, m.tensor([-1]), m.ones(1), "prod"),
        IndexError,
    ),
    (
        "index_put dtypes",
        lambda m: _float(m, [1, 2]).index_put((m.tensor([0]),), _single(m, [1])),
        RuntimeError,
    ),
    ("index_put index", lambda m: m.zeros(3).index_put((m.tensor([3]),), m.tensor(1.0)), IndexError),
    ("index_put shape", lambda m: m.zeros(3, 4).index_put((m.tensor([0, 1]),), m.ones(2, 3)), RuntimeError),
    (
        "index_put too many",
        lambda m: m.zeros(3).index_put((m.tensor([0]), m.tensor([0])), m.tensor(1.0)),
        IndexError,
    ),
    ("index_put float index", lambda m: m.zeros(3).index_put((m.tensor([0.0]),), m.tensor(1.0)), IndexError),
    (
        "index_put mask shape",
        lambda m: m.zeros(3, 2).index_put((m.tensor([True, False]),), m.tensor(1.0)),
        IndexError,
    ),
    (
        "index_put broadcast",
        lambda m: m.zeros(3, 3).index_put((m.tensor([0, 1]), m.tensor([0, 1, 2])), m.ones(())),
        IndexError,
    ),
    ("index_put not a tuple", lambda m: m.zeros(3).index_put(m.tensor([0]), m.tensor(1.0)), TypeError),
    ("put index", lambda m: m.zeros(2, 3).put(m.tensor([6]), m.tensor([1.0])), IndexError),
    ("put negative index", lambda m: m.zeros(2, 3).put(m.tensor([-7]), m.tensor([1.0])), IndexError),
    ("put numel", lambda m: m.zeros(2, 3).put(m.tensor([0, 1]), m.tensor([1.0])), IndexError),
    (
        "put int32 index",
        lambda m: m.zeros(2, 3).put(m.tensor([0], dtype=m.int32), m.tensor([1.0])),
        RuntimeError,
    ),
    ("put dtypes", lambda m: _float(m, [[0, 0]]).put(m.tensor([0]), _single(m, [1])), RuntimeError),
    ("select_scatter index", lambda m: m.select_scatter(m.zeros(2, 3), m.ones(2), 1, 3), IndexError),
    ("select_scatter shape", lambda m: m.select_scatter(m.zeros(2, 3), m.ones(3), 1, 0), RuntimeError),
    ("slice_scatter step", lambda m: m.slice_scatter(m.zeros(4, 3), m.ones(4, 2), 1, 0, 3, 0), RuntimeError),
    (
        "slice_scatter shape",
        lambda m: m.slice_scatter(m.zeros(4, 3), m.ones(4, 3), 1, 0, 10, 2),
        RuntimeError,
    ),
    ("diagonal_scatter shape", lambda m: m.diagonal_scatter(m.zeros(3, 4), m.ones(2)), RuntimeError),
    ("diagonal_scatter dims", lambda m: m.diagonal_scatter(m.zeros(3, 4), m.ones(3), 0, 0, 0), RuntimeError),
    ("diagonal_scatter dim", lambda m: m.diagonal_scatter(m.zeros(3, 4), m.ones(3), 0, 0, 2), IndexError),
    ("kthvalue k", lambda m: m.kthvalue(m.zeros(2, 3), 4), RuntimeError),
    ("kthvalue k 0", lambda m: m.kthvalue(m.zeros(2, 3), 0), RuntimeError),
    ("kthvalue empty", lambda m: m.kthvalue(m.zeros(2, 0), 1), IndexError),
    ("nanmean ints", lambda m: m.nanmean(m.tensor([1, 2])), RuntimeError),
    ("nanmean ints to floats", lambda m: m.nanmean(m.tensor([1, 2]), dtype=m.float64), RuntimeError),
    (
        "index_put uint8 mask",
        lambda m: m.zeros(3).index_put((m.tensor([1, 0, 1], dtype=m.uint8),), m.ones(())),
        RuntimeError,
    ),
    ("var_mean ints", lambda m: m.var_mean(m.tensor([1, 2])), RuntimeError),
    ("cov 3-d", lambda m: m.cov(m.zeros(2, 2, 2)), RuntimeError),
    ("cov float fweights", lambda m: m.cov(m.zeros(2, 3), fweights=m.tensor([1.0, 1.0, 1.0])), RuntimeError),
    ("cov int aweights", lambda m: m.cov(m.zeros(2, 3), aweights=m.tensor([1, 1, 1])), RuntimeError),
    ("cov negative", lambda m: m.cov(m.zeros(2, 3), fweights=m.tensor([1, -1, 1])), RuntimeError),
    ("cov weights numel", lambda m: m.cov(m.zeros(2, 3), fweights=m.tensor([1, 1])), RuntimeError),
    ("cov zero weights", lambda m: m.cov(m.zeros(2, 3), fweights=m.tensor([0, 0, 0])), RuntimeError),
    ("cov float correction", lambda m: m.cov(m.zeros(2, 3), correction=1.5), TypeError),
    ("cov bool", lambda m: m.cov(m.tensor([[True, False]])), RuntimeError),
    ("unravel_index float", lambda m: m.unravel_index(m.tensor([1.0]), (2, 3)), TypeError),
    ("unravel_index negative shape", lambda m: m.unravel_index(m.tensor([1]), (2, -3)), ValueError),
    ("isin bool", lambda m: m.isin(m.tensor([True]), m.tensor([1])), RuntimeError),
    ("histogram bins", lambda m: m.histogram(_float(m, [1, 2]), 0), RuntimeError),
    ("histogram range", lambda m: m.histogram(_float(m, [1, 2]), 2, range=(2.0, 1.0)), RuntimeError),
    ("histogram nan", lambda m: m.histogram(_float(m, [1, np.nan]), 2), RuntimeError),
    (
        "histogram weight dtype",
        lambda m: m.histogram(_float(m, [1, 2]), 2, weight=_single(m, [1, 1])),
        RuntimeError,
    ),
    (
        "histogram weight shape",
        lambda m: m.histogram(_float(m, [1, 2]), 2, weight=_float(m, [1])),
        RuntimeError,
    ),
    ("histogram ints", lambda m: m.histogram(m.tensor([1, 2]), 2), (RuntimeError, TypeError)),
    ("histogramdd 1-d", lambda m: m.histogramdd(_float(m, [1, 2]), 2), RuntimeError),
    ("histogramdd bins", lambda m: m.histogramdd(_float(m, [[1, 2]]), [2, 3, 4]), RuntimeError),
]


@pytest.mark.parametrize("call, error", [(c, e) for _, c, e in ERRORS], ids=[name for name, _, _ in ERRORS])
def test_errors_are_the_ones_torch_raises(call, error):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(error):
            call(torch)
        with pytest.raises(error):
            call(ag)


def test_an_index_out_of_range_is_an_index_error_naming_the_index_and_the_size():
    with pytest.raises(IndexError, match="index 3 is out of range for a dimension of size 3"):
        ag.zeros(3, 2).index_add(0, ag.tensor([0, 3]), ag.ones(2, 2))
    with pytest.raises(IndexError, match="index 3 is out of range for a dimension of size 3"):
        ag.zeros(3, 2).index_reduce(0, ag.tensor([3]), ag.ones(1, 2), "amax")
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 1 with size 2"):
        ag.zeros(3, 2).index_put((ag.tensor([0]), ag.tensor([5])), ag.tensor(1.0))
    with pytest.raises(RuntimeError, match="float64.*float32"):
        ag.zeros(3, 2).index_add(0, ag.tensor([0]), ag.ones(1, 2, dtype=ag.float32))


OUT_CALLS = [
    (
        "index_reduce",
        lambda m, out: m.index_reduce(
            _float(m, [1, 2, 3]), 0, m.tensor([0, 0]), _float(m, [4, 5]), "amax", out=out
        ),
    ),
    ("slice_scatter", lambda m, out: m.slice_scatter(_float(m, [1, 2, 3]), _float(m, [7]), 0, 1, 2, out=out)),
    ("nansum", lambda m, out: m.nansum(_float(m, [[1, np.nan], [2, 3]]), 1, out=out)),
]


@pytest.mark.parametrize("call", [c for _, c in OUT_CALLS], ids=[n for n, _ in OUT_CALLS])
def test_out_forms_match_torch(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # PyTorch: "index_reduce() is in beta"
        expected = call(torch, None).numpy()
        out = ag.zeros(*expected.shape)
        assert call(ag, out) is out
    np.testing.assert_array_equal(out.numpy(), expected)
    flags = ag.zeros(3, dtype=ag.bool)
    assert ag.isin(ag.tensor([1, 2, 3]), ag.tensor([3, 1]), out=flags) is flags
    assert flags.tolist() == torch.isin(torch.tensor([1, 2, 3]), torch.tensor([3, 1])).tolist()


@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_prod_at_a_zero_matches_torch(include_self):
    x, s, index = (
        np.array([[2.0, 0.0], [3.0, 1.5]]),
        np.array([[0.0, 2.0], [4.0, 0.5], [1.5, 3.0]]),
        ints([0, 0, 1]),
    )
    ours_i, theirs_i = both(index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        compare(
            lambda x, s: x.index_reduce(0, ours_i, s, "prod", include_self=include_self),
            lambda x, s: x.index_reduce(0, theirs_i, s, "prod", include_self=include_self),
            x,
            s,
        )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_equal_bin_edges_are_pytorchs_bit_for_bit(dtype):
    rng = np.random.default_rng(5)
    for _ in range(40):
        low, high = sorted(rng.uniform(-5, 5, 2))
        bins = int(rng.integers(1, 300))
        x = np.array([low, high], dtype=dtype)
        ours = ag.histogram(ag.tensor(x), bins).bin_edges
        np.testing.assert_array_equal(ours.numpy(), torch.histogram(torch.tensor(x), bins).bin_edges.numpy())
