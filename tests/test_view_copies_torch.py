"""The ``*_copy`` functions, Tensor.narrow_copy and Tensor.new_empty_strided against PyTorch:
values, shapes, gradients, independence from the input, out=; gradcheck / gradgradcheck."""

import numpy as np
import pytest

import autograd
from autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")

CASES = [
    ("diagonal_copy", (1, 0, 2), {}),
    ("diagonal_copy", (), {"offset": -1, "dim1": 1, "dim2": 2}),
    ("expand_copy", ((2, 2, 3, 4),), {}),
    ("narrow_copy", (2, 1, 2), {}),
    ("narrow_copy", (-1, 0, 3), {}),
    ("permute_copy", ((2, 0, 1),), {}),
    ("select_copy", (1, -1), {}),
    ("slice_copy", (), {}),
    ("slice_copy", (2, 1, None, 2), {}),
    ("slice_copy", (), {"dim": -2, "start": -2, "end": 10}),
    ("squeeze_copy", (), {}),
    ("t_copy", (), {}),
    ("transpose_copy", (0, -1), {}),
    ("unfold_copy", (2, 2, 1), {}),
    ("unsqueeze_copy", (-1,), {}),
    ("view_copy", ((3, 8),), {}),
    ("split_copy", (2, 2), {}),
    ("split_with_sizes_copy", ([1, 3], -1), {}),
    ("unbind_copy", (1,), {}),
]


def inputs(name, lib):
    x = lib.tensor(np.arange(24.0).reshape(2, 3, 4) / 7 - 1, requires_grad=True)
    if name == "t_copy":
        x = lib.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    if name in ("squeeze_copy", "expand_copy"):
        x = lib.tensor(np.arange(12.0).reshape(1, 3, 4), requires_grad=True)
    return x


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_values_gradients_and_independence(name, args, kwargs):
    results = []
    for lib in (autograd, torch):
        x = inputs(name, lib)
        y = getattr(lib, name)(x, *args, **kwargs)
        ys = list(y) if isinstance(y, (list, tuple)) else [y]
        total = sum(
            (t * lib.arange(1.0, t.numel() + 1, dtype=lib.float64).reshape(t.shape)).sum() for t in ys
        )
        total.backward()
        with lib.no_grad():
            ys[0].view(-1)[0] = 100.0  # a copy: the input stays
        assert float(x.view(-1)[0]) != 100.0 or name in ("squeeze_copy", "expand_copy")
        results.append(([t.detach().numpy().copy() for t in ys], None if x.grad is None else x.grad.numpy()))
    (ours, g), (theirs, tg) = results
    assert [o.shape for o in ours] == [t.shape for t in theirs]
    for o, t in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(o, t)
    if tg is None:
        assert g is None
    else:
        np.testing.assert_allclose(g, tg, rtol=1e-12)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_gradcheck(name, args, kwargs):
    x = inputs(name, autograd)

    def f(x):
        y = getattr(autograd, name)(x, *args, **kwargs)
        return tuple(y) if isinstance(y, list) else y

    assert gradcheck(f, (x,))
    assert gradgradcheck(f, (x,))


def test_out_and_method():
    x, tx = autograd.arange(6.0).reshape(2, 3), torch.arange(6.0, dtype=torch.float64).reshape(2, 3)
    out, tout = autograd.empty(2, 2), torch.empty(2, 2, dtype=torch.float64)
    assert autograd.narrow_copy(x, 1, 1, 2, out=out) is out
    torch.narrow_copy(tx, 1, 1, 2, out=tout)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())
    np.testing.assert_array_equal(x.narrow_copy(0, 1, 1).numpy(), tx.narrow_copy(0, 1, 1).numpy())
    a, b = autograd.empty(1, 3), autograd.empty(1, 3)
    ta, tb = torch.empty(1, 3, dtype=torch.float64), torch.empty(1, 3, dtype=torch.float64)
    assert autograd.unbind_copy(x, 0, out=[a.view(3), b.view(3)]) is torch.unbind_copy(
        tx, 0, out=[ta.view(3), tb.view(3)]
    )
    np.testing.assert_array_equal(np.stack([a.numpy(), b.numpy()]), np.stack([ta.numpy(), tb.numpy()]))


@pytest.mark.parametrize(
    ("size", "stride"), [((2, 3), (1, 2)), ((2, 3), (3, 1)), ((4,), (2,)), ((0, 3), (3, 1)), ((), ())]
)
@pytest.mark.parametrize("dtype", [None, "float32", "int64"])
def test_new_empty_strided(size, stride, dtype):
    ours = autograd.ones(2).new_empty_strided(size, stride, dtype=dtype and getattr(autograd, dtype))
    theirs = torch.ones(2, dtype=torch.float64).new_empty_strided(
        size, stride, dtype=dtype and getattr(torch, dtype)
    )
    assert (tuple(ours.shape), ours.stride(), str(ours.dtype)) == (
        tuple(theirs.shape),
        theirs.stride(),
        str(theirs.dtype).replace("torch.", ""),
    )


def test_errors():
    with pytest.raises(RuntimeError, match="mismatch in length of strides and shape"):
        autograd.ones(1).new_empty_strided((2, 3), (1,))
    with pytest.raises(TypeError, match="must be Tensor"):
        autograd.expand_copy([1.0], (2,))
    with pytest.raises(RuntimeError, match="slice step must be positive"):
        autograd.slice_copy(autograd.ones(3), 0, None, None, 0)
