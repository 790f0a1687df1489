"""``out=`` against PyTorch (float64): the same values written into the same kind of Tensor,
the same casts allowed and refused, the same refusal to differentiate. Optional: skipped
when torch is not installed."""

import numpy as np
import pytest

import autograd as ag

torch = pytest.importorskip("torch")

rng = np.random.default_rng(0)
A, B = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
M, V = rng.normal(size=(4, 2)), rng.normal(size=(4,))
P = np.abs(A) + 0.5

# (name, arrays, other arguments): lib.name(*arrays, *args, out=out) in both libraries.
CASES = [
    ("add", (A, B), ()),
    ("sub", (A, B), ()),
    ("mul", (A, B), ()),
    ("div", (A, P), ()),
    ("pow", (P, A), ()),
    ("maximum", (A, B), ()),
    ("minimum", (A, B), ()),
    ("matmul", (A, M), ()),
    ("matmul", (A, V), ()),
    ("mm", (A, M), ()),
    ("dot", (V, V), ()),
    ("exp", (A,), ()),
    ("log", (P,), ()),
    ("sqrt", (P,), ()),
    ("tanh", (A,), ()),
    ("sigmoid", (A,), ()),
    ("abs", (A,), ()),
    ("neg", (A,), ()),
    ("clamp", (A,), (-0.5, 0.5)),
    ("sum", (A,), (1,)),
    ("mean", (A,), (0,)),
    ("var", (A,), (1,)),
    ("std", (A,), (0,)),
    ("prod", (A,), (1,)),
    ("cumsum", (A,), (1,)),
    ("amax", (A,), (1,)),
    ("logsumexp", (A,), (1,)),
    ("softmax", (A,), (1,)),
    ("log_softmax", (A,), (0,)),
    ("argmax", (A,), (1,)),
    ("tril", (A,), ()),
    ("norm", (A,), ()),
]


def _result(name, arrays, args, lib, out=None):
    tensors = [ag.tensor(a) if lib is ag else torch.tensor(a) for a in arrays]
    kwargs = {} if out is None else {"out": out}
    return getattr(lib, name)(*tensors, *args, **kwargs)


@pytest.mark.parametrize("name, arrays, args", CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_out_holds_pytorchs_result(name, arrays, args):
    shape = tuple(_result(name, arrays, args, torch).shape)
    dtype = _result(name, arrays, args, torch).dtype
    ours = ag.full(shape, 7.0, dtype=str(dtype).removeprefix("torch."))
    theirs = torch.full(shape, 7.0, dtype=dtype)
    assert _result(name, arrays, args, ag, ours) is ours
    assert _result(name, arrays, args, torch, theirs) is theirs
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-12)
    assert ours.dtype == theirs.numpy().dtype


def test_cat_stack_where_and_pairs_match_pytorch():
    a, b = ag.tensor(A), ag.tensor(B)
    ta, tb = torch.tensor(A), torch.tensor(B)
    for ours, theirs in [
        (
            ag.cat([a, b], 1, out=ag.empty(3, 8)),
            torch.cat([ta, tb], 1, out=torch.empty(3, 8, dtype=torch.float64)),
        ),
        (
            ag.stack([a, b], out=ag.empty(2, 3, 4)),
            torch.stack([ta, tb], out=torch.empty(2, 3, 4, dtype=torch.float64)),
        ),
        (
            ag.where(a > 0, a, b, out=ag.empty(3, 4)),
            torch.where(ta > 0, ta, tb, out=torch.empty(3, 4, dtype=torch.float64)),
        ),
    ]:
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    for name, args in [("max", (1,)), ("min", (0,)), ("sort", (1,)), ("topk", (2,))]:
        shape = tuple(getattr(torch, name)(ta, *args).values.shape)
        ours = getattr(ag, name)(a, *args, out=(ag.empty(shape), ag.empty(shape, dtype=ag.int64)))
        theirs = getattr(torch, name)(
            ta, *args, out=(torch.empty(shape, dtype=torch.float64), torch.empty(shape, dtype=torch.long))
        )
        np.testing.assert_array_equal(ours.values.numpy(), theirs.values.numpy())
        np.testing.assert_array_equal(ours.indices.numpy(), theirs.indices.numpy())


@pytest.mark.parametrize(
    "result, out",
    [
        ("float64", "float32"),
        ("int64", "float64"),
        ("int64", "int32"),
        ("bool", "int64"),
        ("float64", "int64"),
        ("float64", "bool"),
        ("int64", "bool"),
    ],
)
def test_the_same_casts_are_allowed(result, out):
    """PyTorch's rule for out= (and in-place ops): no float into integers, nothing into bool
    but bool; narrower floats and other integer widths are fine."""
    data = np.array([[1, 0], [2, 3]]).astype(result)
    theirs = torch.empty(2, 2, dtype=getattr(torch, out))
    try:
        torch.add(torch.tensor(data), torch.tensor(data), out=theirs)
        allowed = True
    except RuntimeError:
        allowed = False
    ours = ag.empty(2, 2, dtype=out)
    if allowed:
        ag.add(ag.tensor(data), ag.tensor(data), out=ours)
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    else:
        with pytest.raises(RuntimeError, match="cannot hold"):
            ag.add(ag.tensor(data), ag.tensor(data), out=ours)


def test_both_refuse_to_differentiate_and_accept_under_no_grad():
    w, tw = ag.tensor(A, requires_grad=True), torch.tensor(A, requires_grad=True)
    message = "functions with out=... arguments don't support automatic differentiation"
    with pytest.raises(RuntimeError, match=message):
        torch.exp(tw, out=torch.empty(3, 4, dtype=torch.float64))
    with pytest.raises(RuntimeError, match=message):
        ag.exp(w, out=ag.empty(3, 4))
    with torch.no_grad(), ag.no_grad():
        ours, theirs = (
            ag.exp(w, out=ag.empty(3, 4)),
            torch.exp(tw, out=torch.empty(3, 4, dtype=torch.float64)),
        )
    # out= holds what the function gives without it (exp itself differs between numpy's and
    # PyTorch's vector kernels in the last bit on some CPUs, so each side is compared with itself)
    np.testing.assert_array_equal(ours.numpy(), ag.exp(ag.tensor(A)).numpy())
    np.testing.assert_array_equal(theirs.numpy(), torch.exp(torch.tensor(A)).numpy())
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-15, atol=0)
    assert ours.requires_grad == theirs.requires_grad == False  # noqa: E712


def test_methods_take_no_out_in_either():
    with pytest.raises(TypeError):
        torch.tensor(A).sum(1, out=torch.empty(3, dtype=torch.float64))
    with pytest.raises(TypeError):
        ag.tensor(A).sum(1, out=ag.empty(3))
