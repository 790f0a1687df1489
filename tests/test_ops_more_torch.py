"""The tensor functions added in session 8 (outer ... diagflat) against PyTorch (float64): values,
gradients and Hessian-vector products to 1e-10, integer and bool results exactly, ties broken as
PyTorch breaks them. Optional: skipped when torch is not installed."""

import math

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

from test_ops_new_torch import compare, distinct, uniform  # noqa: E402  (after the skip)


def same(name, *args, second=True, **kwargs):
    """``torch.<name>(*args, **kwargs)`` against ours, through compare (float arrays become
    leaves on both sides; anything else is passed as it is); ``second=False`` where PyTorch
    has no second derivative."""
    floats = [a for a in args if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    slots = [isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in args]

    def call(module, convert):
        def f(*leaves):
            leaves, out = iter(leaves), []
            for a, slot in zip(args, slots):
                out.append(next(leaves) if slot else convert(a))
            return getattr(module, name)(*out, **kwargs)

        return f

    compare(call(ag, _ours), call(torch, _theirs), *floats, second=second)


def _ours(a):
    return ag.tensor(a) if isinstance(a, np.ndarray) else a


def _theirs(a):
    return torch.tensor(a) if isinstance(a, np.ndarray) else a


def exact(name, *args, **kwargs):
    """Integer, bool or picked results: equal, with the same dtype and shape."""
    ours = getattr(ag, name)(*(_ours(a) for a in args), **{k: _ours(v) for k, v in kwargs.items()})
    theirs = getattr(torch, name)(*(_theirs(a) for a in args), **{k: _theirs(v) for k, v in kwargs.items()})
    ours, theirs = (ours, theirs) if isinstance(ours, tuple) else ((ours,), (theirs,))
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert o.dtype == t.numpy().dtype, (o.dtype, t.dtype)
        np.testing.assert_array_equal(o.numpy(), t.numpy())


# ---- products and distances --------------------------------------------------------------


def test_products():
    same("outer", uniform(3), uniform(4, seed=2))
    same("ger", uniform(3), uniform(2, seed=2))
    same("trace", uniform((3, 4)))
    same("kron", uniform((2, 3)), uniform((2, 2), seed=2))
    same("kron", uniform((2,)), uniform((2, 3), seed=2))
    exact("kron", np.arange(4).reshape(2, 2), np.arange(3))
    exact("trace", np.arange(6).reshape(2, 3))


def test_cross():
    same("cross", uniform((4, 3)), uniform((4, 3), seed=2), dim=1)
    same("cross", uniform((3, 2)), uniform((3, 2), seed=2), dim=0)
    same("cross", uniform((2, 1, 3)), uniform((1, 4, 3), seed=2), dim=-1)  # broadcasting
    a, b = uniform((2, 3)), uniform((2, 3), seed=2)
    compare(lambda a, b: ag.linalg.cross(a, b), lambda a, b: torch.linalg.cross(a, b), a, b)


@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, 0.5, math.inf])
def test_cdist(p):
    same("cdist", uniform((4, 3)), uniform((5, 3), seed=2), p=p, second=False)
    same("cdist", uniform((2, 4, 3)), uniform((1, 5, 3), seed=2), p=p, second=False)  # batches broadcast


def test_cdist_p0_and_compute_modes():
    exact("cdist", np.array([[0.0, 1, 2], [1, 1, 1]]), np.array([[0.0, 1, 3]]), p=0.0)
    for mode in ("use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"):
        same("cdist", uniform((30, 3)), uniform((26, 3), seed=2), compute_mode=mode, second=False)


# ---- pointwise ---------------------------------------------------------------------------


def test_lerp():
    same("lerp", uniform((2, 3)), uniform((3,), seed=2), 0.3)
    same("lerp", uniform((2, 3)), uniform((3,), seed=2), 0.8)
    same("lerp", uniform((2, 3)), uniform((2, 3), seed=2), uniform((2, 1), 0, 1, seed=3))


@pytest.mark.parametrize("name", ["logaddexp", "logaddexp2", "hypot"])
def test_binary(name):
    same(name, uniform((2, 3)), uniform((3,), seed=2))
    same(name, uniform((4, 1)), uniform((1, 5), seed=2))
    same(name, uniform(()), uniform((3,), seed=2))


def test_logaddexp_extremes():
    a = np.array([1000.0, -1000.0, -math.inf, 3.0])
    b = np.array([999.0, -1001.0, -math.inf, math.inf])
    for name in ("logaddexp", "logaddexp2"):
        np.testing.assert_array_equal(
            getattr(ag, name)(ag.tensor(a), ag.tensor(b)).numpy(),
            getattr(torch, name)(torch.tensor(a), torch.tensor(b)).numpy(),
        )


def test_heaviside_and_nan_to_num():
    x = np.array([-1.5, 0.0, 2.0, -0.0])
    exact("heaviside", x, np.array([0.5]))
    exact("heaviside", np.array([-2, 0, 3]), np.array([7]))
    with_inf = np.array([1.0, math.nan, math.inf, -math.inf, -2.0])
    exact("nan_to_num", with_inf)
    exact("nan_to_num", with_inf, nan=1.5, posinf=9.0, neginf=-9.0)
    exact("nan_to_num", with_inf.astype(np.float32))
    compare(lambda x: ag.nan_to_num(x, 2.0), lambda x: torch.nan_to_num(x, 2.0), with_inf)


# ---- order statistics --------------------------------------------------------------------

TIES = np.array([[3.0, 1, 3, 1, 2, 2], [5, 5, 1, 1, 7, 7], [2, 2, 1, 1, 3, 1], [4, 0, 4, 0, 4, 0]])


@pytest.mark.parametrize("name", ["median", "nanmedian"])
def test_median(name):
    same(name, distinct((3, 5)))
    same(name, distinct((3, 4)), 1)
    same(name, distinct((3, 4)), 0, keepdim=True)
    same(name, TIES)  # the gradient shared among the elements equal to the median
    same(name, TIES, 1)  # the index among ties: rank (n - 1) // 2 of a stable sort
    same(name, TIES.T.copy(), 0)
    same(name, np.array(distinct(())), 0)


def test_median_with_nan():
    x = np.array([[1.0, math.nan, 3, 2], [4, 1, math.nan, math.nan], [2, 2, 1, 5]])
    same("median", x)
    same("median", x, 1)
    same("nanmedian", x)
    same("nanmedian", x, 1)
    same("nanmedian", x, 0, keepdim=True)


def test_mode():
    exact("mode", TIES)
    exact("mode", TIES, 0)
    exact("mode", TIES.astype(np.int64), 1, keepdim=True)
    exact("mode", np.array([2.0, 2, 1, 1, 3, 1, 2]))
    same("mode", TIES, 1)  # the gradient goes to the index


@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
def test_quantile(name, interpolation):
    for q in (0.3, 0.5, np.array([0.0, 0.25, 0.5, 0.9, 1.0])):
        same(name, distinct((3, 5)), q, interpolation=interpolation)
        same(name, distinct((3, 5)), q, 1, interpolation=interpolation)
        same(name, distinct((3, 5)), q, 0, True, interpolation=interpolation)
        same(name, distinct((2, 3)), q, None, True, interpolation=interpolation)


def test_quantile_with_nan():
    x = np.array([[1.0, math.nan, 3, 2], [4, 1, 0.5, 2], [math.nan] * 4])
    for name in ("quantile", "nanquantile"):
        same(name, x, np.array([0.1, 0.5, 0.8]), 1)
        same(name, x, 0.4)


def test_aminmax_count_nonzero():
    same("aminmax", distinct((3, 4)))
    same("aminmax", TIES, dim=1)
    same("aminmax", TIES, dim=0, keepdim=True)
    exact("count_nonzero", np.array([[0, 1, 2], [0, 0, 3]]))
    exact("count_nonzero", np.array([[0.0, 1, 2], [0, 0, 3]]), dim=1)
    exact("count_nonzero", np.array([[0.0, 1, 2], [0, 0, 3]]), dim=(0, 1))


def test_histc():
    x = np.array([0.0, 1, 2, 2, 3, 4, -1, 5, math.nan])
    exact("histc", x, bins=4, min=0, max=4)
    exact("histc", x[:-1], bins=7)
    exact("histc", np.random.default_rng(0).normal(size=200), bins=13, min=-2, max=2.5)
    exact("histc", np.full(3, 2.0), bins=4)
    exact("histc", np.array([0.1, 0.7], dtype=np.float32), bins=3)


# ---- sets and sorted positions -----------------------------------------------------------


def test_unique():
    x = np.array([[3, 1, 2], [1, 3, 3]])
    for flags in [
        {},
        {"return_inverse": True},
        {"return_counts": True},
        {"return_inverse": True, "return_counts": True},
    ]:
        exact("unique", x, **flags)
        exact("unique", x, sorted=False, **flags)
        exact("unique", np.array([[1, 2], [0, 5], [1, 2]]), dim=0, **flags)
        exact("unique", np.array([[1, 2, 1], [0, 5, 0]]), dim=1, **flags)
    exact("unique", np.array([math.nan, 1.0, math.nan, 1.0]), return_counts=True)


def test_unique_consecutive():
    x = np.array([1, 1, 2, 2, 3, 1, 1, 2])
    exact("unique_consecutive", x, return_inverse=True, return_counts=True)
    exact("unique_consecutive", x.reshape(2, 4), return_inverse=True)
    exact("unique_consecutive", np.array([[1, 1, 2], [1, 1, 3], [1, 1, 3]]), return_counts=True, dim=0)
    exact(
        "unique_consecutive", np.array([[1, 1, 2], [1, 1, 3]]), return_inverse=True, return_counts=True, dim=1
    )


def test_searchsorted_bucketize():
    seq = np.array([1.0, 3, 3, 5, 7])
    values = np.array([[0.0, 3, 6], [7, 8, 1]])
    for kwargs in [{}, {"right": True}, {"side": "right"}, {"side": "left"}, {"out_int32": True}]:
        exact("searchsorted", seq, values, **kwargs)
        exact("bucketize", values, seq, **{k: v for k, v in kwargs.items() if k != "side"})
    exact("searchsorted", np.array([[1, 3, 5], [2, 4, 6]]), np.array([[3, 6], [1, 4]]), right=True)
    exact("searchsorted", np.array([5.0, 1, 3]), np.array([2.0, 4]), sorter=np.array([1, 2, 0]))
    assert (
        ag.searchsorted(ag.tensor([1, 3, 5]), 3).item()
        == torch.searchsorted(torch.tensor([1, 3, 5]), 3).item()
    )


# ---- picking and cutting -----------------------------------------------------------------


def test_masked_select_and_take():
    x = uniform((3, 4))
    mask = np.random.default_rng(2).uniform(size=(4,)) > 0.4
    same("masked_select", x, mask)
    same("masked_select", uniform((4,)), np.random.default_rng(3).uniform(size=(3, 4)) > 0.5)
    same("take", x, np.array([[0, 5], [-1, 5]]))


@pytest.mark.parametrize("split", [3, 4, 1, [1, 5], [2, 2, 6], (0, 9)])
def test_tensor_split(split):
    same("tensor_split", uniform((7, 2)), split)
    same("tensor_split", uniform((2, 7)), split, dim=1)
    exact("tensor_split", np.arange(7), np.array(split) if isinstance(split, list) else split)


def test_diff():
    same("diff", uniform((3, 5)))
    same("diff", uniform((3, 5)), n=2, dim=0)
    same("diff", uniform((3, 5)), 1, 1, uniform((3, 1), seed=2), uniform((3, 2), seed=3))
    exact("diff", np.array([1, 4, 9, 16]), n=3)
    exact("diff", np.array([True, True, False, True]))


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_running_extremes(name):
    same(name, distinct((3, 5)), 1)
    same(name, distinct((3, 5)), 0)
    exact(name, np.array([1.0, 3, 3, 2, 3, 1, 1]), 0)  # ties: the latest index
    exact(name, np.array([1.0, math.nan, 3, math.nan, 0]), 0)
    exact(name, np.array([[4, 2, 2], [1, 5, 1]]), 1)


def test_logcumsumexp():
    same("logcumsumexp", uniform((3, 5)), 1)
    same("logcumsumexp", uniform((3, 5), -30, 30), 0)
    exact("logcumsumexp", np.array([-math.inf, 0.0, 1000.0, -math.inf]), 0)


# ---- building ----------------------------------------------------------------------------


@pytest.mark.parametrize("k", [-1, 0, 1, 2, 3, 6])
def test_rot90(k):
    same("rot90", uniform((2, 3, 4)), k)
    same("rot90", uniform((2, 3, 4)), k, [2, 0])


def test_vander():
    # values only: PyTorch's vander cannot backpropagate (its backward trips over its own
    # in-place cumprod); our gradients are checked against finite differences in test_ops_more
    for x, kwargs in [(uniform(4), {}), (np.array([0.0, 1.5, -2.0]), {"N": 5, "increasing": True})]:
        np.testing.assert_allclose(
            ag.vander(ag.tensor(x), **kwargs).numpy(),
            torch.vander(torch.tensor(x), **kwargs).numpy(),
            rtol=1e-15,
        )
    exact("vander", np.array([1, 2, 3]))
    exact("vander", np.array([1, 2, 3]), N=0)


def test_block_diag_cartesian_prod_combinations():
    same("block_diag", uniform((2, 3)), uniform(2, seed=2), uniform((), seed=3), uniform((1, 1), seed=4))
    exact("block_diag", np.array([[1, 2]]), np.array([[3.0], [4.0]]))
    same("cartesian_prod", uniform(2), uniform(3, seed=2), uniform(2, seed=3))
    same("cartesian_prod", uniform(3))
    for r, repeat in [(2, False), (3, False), (2, True), (4, False), (0, False)]:
        exact("combinations", np.arange(4), r, repeat)
    same("combinations", uniform(4), 3, True)


@pytest.mark.parametrize("indexing", ["ij", "xy"])
def test_meshgrid(indexing):
    compare(
        lambda a, b, c: ag.meshgrid(a, b, c, indexing=indexing),
        lambda a, b, c: torch.meshgrid(a, b, c, indexing=indexing),
        uniform(2),
        uniform(3, seed=2),
        uniform(4, seed=3),
    )
    compare(
        lambda a, b: ag.meshgrid([a, b], indexing=indexing),
        lambda a, b: torch.meshgrid([a, b], indexing=indexing),
        uniform(2),
        uniform(()),
    )


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
def test_atleast(name):
    for shape in [(), (3,), (2, 3), (2, 3, 4), (1, 2, 3, 4)]:
        same(name, uniform(shape))
    compare(
        lambda a, b: getattr(ag, name)(a, b), lambda a, b: getattr(torch, name)(a, b), uniform(()), uniform(3)
    )
    compare(lambda a: getattr(ag, name)([a]), lambda a: getattr(torch, name)([a]), uniform(2))


def test_diagonals_and_triangles():
    for offset, dims in [(0, (-2, -1)), (1, (0, 2)), (-2, (2, 0)), (0, (1, 0))]:
        same("diag_embed", uniform((2, 3)), offset, *dims)
    same("diagflat", uniform((2, 2)), 1)
    same("diagflat", uniform(3), -1)
    for row, col, offset in [(3, 3, 0), (4, 3, 1), (3, 5, -1), (0, 2, 0), (3, 2, 5)]:
        exact("tril_indices", row, col, offset)
        exact("triu_indices", row, col, offset)
    assert (
        ag.tril_indices(3, 4, dtype=ag.int32).tolist() == torch.tril_indices(3, 4, dtype=torch.int32).tolist()
    )
    assert ag.tril_indices(3, 4, dtype=ag.int32).dtype == np.int32


# ---- the method spellings ----------------------------------------------------------------


def test_methods_match_functions():
    x, y = ag.tensor(distinct((3, 4))), ag.tensor(uniform((3, 4), seed=2))
    tx, ty = torch.tensor(distinct((3, 4))), torch.tensor(uniform((3, 4), seed=2))
    calls = [
        ("median", (1,), {}),
        ("nanmedian", (), {}),
        ("mode", (), {"dim": 0}),
        ("quantile", (0.3,), {"dim": 1}),
        ("nanquantile", (0.7,), {"keepdim": True}),
        ("aminmax", (), {"dim": 1}),
        ("count_nonzero", (0,), {}),
        ("cummax", (1,), {}),
        ("cummin", (0,), {}),
        ("logcumsumexp", (1,), {}),
        ("diff", (), {"dim": 0}),
        ("tensor_split", (2,), {"dim": 1}),
        ("rot90", (), {}),
        ("diag_embed", (), {}),
        ("diagflat", (), {}),
        ("trace", (), {}),
        ("take", ("index",), {}),
        ("histc", (), {"bins": 5}),
        ("nan_to_num", (), {}),
    ]
    for name, args, kwargs in calls:
        ours = getattr(x, name)(*(ag.tensor([0, 5]) if a == "index" else a for a in args), **kwargs)
        theirs = getattr(tx, name)(*(torch.tensor([0, 5]) if a == "index" else a for a in args), **kwargs)
        for o, t in zip(*(v if isinstance(v, tuple) else (v,) for v in (ours, theirs))):
            np.testing.assert_allclose(o.numpy(), t.numpy(), rtol=1e-12, err_msg=name)
    for name in ("logaddexp", "logaddexp2", "hypot", "kron"):
        np.testing.assert_allclose(getattr(x, name)(y).numpy(), getattr(tx, name)(ty).numpy(), rtol=1e-12)
    np.testing.assert_allclose(x.lerp(y, 0.25).numpy(), tx.lerp(ty, 0.25).numpy(), rtol=1e-12)
    np.testing.assert_array_equal(
        x.unique(return_counts=True)[1].numpy(), tx.unique(return_counts=True)[1].numpy()
    )
    np.testing.assert_allclose(x[0].outer(y[1]).numpy(), tx[0].outer(ty[1]).numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        x[:, :3].cross(y[:, :3], dim=1).numpy(), tx[:, :3].cross(ty[:, :3], dim=1).numpy()
    )
    assert (x > 0).masked_select(x > 1).tolist() == (tx > 0).masked_select(tx > 1).tolist()
    assert x.median(dim=1, keepdim=True).indices.shape == tx.median(dim=1, keepdim=True).indices.shape
    assert x.median(axis=1).values.shape == (3,)  # numpy's spelling, normalised once


def test_return_types_print_as_pytorchs():
    x = np.array([[3, 1, 3, 1], [2, 2, 0, 5]])
    for name, args, kwargs in [
        ("median", (1,), {}),
        ("mode", (), {}),
        ("cummax", (1,), {}),
        ("aminmax", (), {"dim": 0}),
    ]:
        ours = getattr(ag, name)(ag.tensor(x), *args, **kwargs)
        theirs = getattr(torch, name)(torch.tensor(x), *args, **kwargs)
        assert repr(ours) == repr(theirs)
        assert type(ours).__name__ == type(theirs).__name__ and ours[0].equal(ag.tensor(theirs[0].numpy()))
