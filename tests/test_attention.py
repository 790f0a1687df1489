"""F.scaled_dot_product_attention: derivatives (gradcheck, gradgradcheck) and PyTorch's values
and gradients (float64, 1e-10); tril/triu keep their input's dtype (the causal mask is bool)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor
from nn.functional import scaled_dot_product_attention as sdpa

TOL = dict(rtol=1e-10, atol=1e-12)
CASES = [
    dict(),
    dict(is_causal=True),
    dict(scale=0.3),
    dict(mask="bool"),
    dict(mask="float"),
]


def _inputs(rng, q_shape=(2, 3, 4, 5), kv_len=4):
    q = rng.standard_normal(q_shape)
    k = rng.standard_normal(q_shape[:-2] + (kv_len, q_shape[-1]))
    v = rng.standard_normal(q_shape[:-2] + (kv_len, 6))
    return q, k, v


def _mask(kind, rng, length, kv_len):
    if kind == "bool":
        mask = rng.random((length, kv_len)) < 0.7
        mask[:, 0] = True  # every query attends somewhere (else its row is nan, as in PyTorch)
        return mask
    return rng.standard_normal((length, kv_len))


def _call(q, k, v, case, mask):
    options = {key: value for key, value in case.items() if key != "mask"}
    return sdpa(q, k, v, attn_mask=mask, **options)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gradcheck_and_gradgradcheck(rng, case):
    q, k, v = (Tensor(a, requires_grad=True) for a in _inputs(rng, (2, 3, 4), 3))
    mask = _mask(case["mask"], rng, 3, 3) if "mask" in case else None
    mask = None if mask is None else autograd.tensor(mask)
    fn = lambda q, k, v: _call(q, k, v, case, mask)  # noqa: E731
    assert autograd.gradcheck(fn, (q, k, v))
    assert autograd.gradgradcheck(fn, (q, k, v))


@pytest.mark.parametrize(
    "case, kv_len",
    [(case, kv_len) for case in CASES for kv_len in (4, 7) if kv_len == 4 or not case.get("is_causal")],
    ids=str,
)  # PyTorch's causal mask is the top-left triangle: the causal cases are tested on a square
def test_matches_torch(rng, case, kv_len):
    torch = pytest.importorskip("torch")
    q, k, v = _inputs(rng, kv_len=kv_len)
    mask = _mask(case["mask"], rng, 4, kv_len) if "mask" in case else None
    upstream = rng.standard_normal((2, 3, 4, 6))
    ours_in = [Tensor(a, requires_grad=True) for a in (q, k, v)]
    ours = _call(*ours_in, case, None if mask is None else autograd.tensor(mask))
    ours.backward(Tensor(upstream))
    theirs_in = [torch.tensor(a, requires_grad=True) for a in (q, k, v)]
    theirs = _call_torch(torch, theirs_in, case, None if mask is None else torch.tensor(mask))
    theirs.backward(torch.tensor(upstream))
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), **TOL)
    for a, b in zip(ours_in, theirs_in):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), **TOL)


def _call_torch(torch, inputs, case, mask):
    options = {key: value for key, value in case.items() if key != "mask"}
    return torch.nn.functional.scaled_dot_product_attention(*inputs, attn_mask=mask, **options)


def test_dropout_keeps_the_shape_and_drops_only_while_asked(rng):
    q, k, v = (Tensor(a) for a in _inputs(rng))
    autograd.manual_seed(0)
    dropped = sdpa(q, k, v, dropout_p=0.5)
    assert dropped.shape == (2, 3, 4, 6)
    assert not np.allclose(dropped.numpy(), sdpa(q, k, v).numpy())


def test_bad_arguments_are_clear_errors(rng):
    q, k, v = (Tensor(a) for a in _inputs(rng))
    with pytest.raises(ValueError, match="do not fit"):
        sdpa(q, k[..., :3], v)
    with pytest.raises(ValueError, match="not both"):
        sdpa(q, k, v, attn_mask=autograd.ones(4, 4, dtype=autograd.bool), is_causal=True)
    with pytest.raises(ValueError, match="at least 2 dims"):
        sdpa(Tensor(np.ones(3)), k, v)


@pytest.mark.parametrize("dtype", ["bool", "int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("op", ["tril", "triu"])
def test_tril_triu_keep_the_dtype_as_torch(op, dtype):
    torch = pytest.importorskip("torch")
    values = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    ours = getattr(autograd.tensor(values), op)(1)
    theirs = getattr(torch.tensor(values), op)(1)
    assert str(ours.dtype) == str(theirs.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
