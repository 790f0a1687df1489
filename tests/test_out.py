"""PyTorch's ``out=`` on the top-level functions (``autograd.mul(a, b, out=c)``): the result
is written into ``c``, outside any graph; bad ``out=`` arguments are clear errors."""

import numpy as np
import pytest

import autograd as ag
from autograd import functions
from autograd.inplace import InPlaceShapeError


def a23():
    return ag.tensor(np.arange(6.0).reshape(2, 3) - 2.5)


def test_the_result_is_written_into_out_and_out_is_returned():
    a, out = a23(), ag.zeros(2, 3)
    view = out.numpy()  # memory shared with out sees the write
    assert ag.mul(a, a, out=out) is out
    np.testing.assert_array_equal(view, (a * a).numpy())


def test_every_function_of_OUT_takes_out():
    a = a23()
    missing = [name for name in functions.OUT if not callable(getattr(ag, name, None))]
    assert missing == []
    for name in ("exp", "neg", "sum", "mean", "cumsum", "tril"):
        args = (1,) if name in ("sum", "mean", "cumsum") else ()
        expected = getattr(a, name)(*args)
        out = ag.empty(expected.shape)
        assert getattr(ag, name)(a, *args, out=out) is out
        np.testing.assert_array_equal(out.numpy(), expected.numpy())


def test_the_functions_written_out_take_out():
    a = a23()
    for call, expected in [
        (lambda out: ag.cat([a, a], 0, out=out), np.concatenate([a.numpy()] * 2)),
        (lambda out: ag.stack([a, a], out=out), np.stack([a.numpy()] * 2)),
        (lambda out: ag.where(a > 0, a, 0.0, out=out), np.where(a.numpy() > 0, a.numpy(), 0.0)),
        (lambda out: ag.maximum(a, 0.5, out=out), np.maximum(a.numpy(), 0.5)),
        (lambda out: ag.minimum(a, 0.5, out=out), np.minimum(a.numpy(), 0.5)),
    ]:
        out = ag.empty(expected.shape)
        assert call(out) is out
        np.testing.assert_array_equal(out.numpy(), expected)


def test_out_may_be_an_input():
    """The result is computed before it is written, so out= aliasing an input is safe."""
    b = ag.tensor(np.arange(4.0).reshape(2, 2))
    expected = (b @ b.T).numpy()
    ag.mm(b, b.T, out=b)
    np.testing.assert_array_equal(b.numpy(), expected)


def test_values_and_indices_go_into_a_pair():
    a = a23()
    values, indices = ag.empty(2), ag.empty(2, dtype=ag.int64)
    result = ag.max(a, 1, out=(values, indices))
    assert result.values is values and result.indices is indices
    np.testing.assert_array_equal(values.numpy(), a.numpy().max(1))
    np.testing.assert_array_equal(indices.numpy(), a.numpy().argmax(1))
    with pytest.raises(TypeError, match=r"max\(\): out= must be 2 Tensor\(s\), one per result; got 1"):
        ag.max(a, 1, out=ag.empty(2))


def test_out_of_another_shape_is_a_ValueError_naming_both_shapes():
    a, out = a23(), ag.zeros(3, 2)
    with pytest.raises(
        InPlaceShapeError, match=r"mul\(\): out= has shape \(3, 2\) but the result has shape \(2, 3\)"
    ):
        ag.mul(a, a, out=out)
    assert isinstance(InPlaceShapeError("x"), ValueError)
    np.testing.assert_array_equal(out.numpy(), np.zeros((3, 2)))  # untouched


def test_the_result_is_cast_to_outs_dtype_where_pytorch_allows():
    a = a23()
    out32 = ag.empty(2, 3, dtype=ag.float32)
    ag.add(a, 1, out=out32)
    assert out32.dtype == ag.float32
    np.testing.assert_array_equal(out32.numpy(), (a.numpy() + 1).astype(np.float32))
    ints = ag.tensor([[1, 2], [3, 4]])
    out = ag.empty(2, 2)
    ag.mul(ints, ints, out=out)
    np.testing.assert_array_equal(out.numpy(), [[1.0, 4.0], [9.0, 16.0]])
    for dtype in (ag.int64, ag.bool):
        with pytest.raises(
            RuntimeError,
            match=rf"add\(\): the result has dtype float64, which out= of dtype {dtype} cannot hold",
        ):
            ag.add(a, 1, out=ag.zeros(2, 3, dtype=dtype))


def test_out_must_be_a_tensor():
    with pytest.raises(TypeError, match=r"add\(\): argument 'out' must be a Tensor .*not \[1\]"):
        ag.add(a23(), 1, out=[1])
    with pytest.raises(TypeError, match=r"argument 'out' must be a Tensor .*not array"):
        ag.add(a23(), 1, out=np.zeros((2, 3)))


@pytest.mark.parametrize("which", ["input", "out leaf", "out in a graph"])
def test_out_does_not_differentiate(which):
    w = ag.ones(2, 3, requires_grad=True)
    a, out = a23(), ag.empty(2, 3)
    if which == "input":
        a = w
    elif which == "out leaf":
        out = w
    else:
        out = w * 2
    with pytest.raises(
        RuntimeError,
        match=r"add\(\): functions with out=\.\.\. arguments don't support automatic differentiation",
    ):
        ag.add(a, 1, out=out)
    with ag.no_grad():  # as in PyTorch, fine without grad mode
        assert ag.add(a, 1, out=out) is out
    np.testing.assert_array_equal(out.numpy(), a.numpy() + 1)


def test_writing_into_a_value_saved_for_backward_is_caught():
    w = ag.ones(2, 3, requires_grad=True)
    x = a23()
    y = (w * x).sum()  # saves x for the gradient of w
    ag.add(x, 1, out=x)
    with pytest.raises(RuntimeError, match="was modified in place after it was used"):
        y.backward()


def test_methods_and_functions_without_out_refuse_it():
    a = a23()
    with pytest.raises(TypeError, match="sum: Tensor methods take no out= \\(as in PyTorch\\)"):
        a.sum(1, out=ag.empty(2))
    with pytest.raises(TypeError, match="out"):
        ag.reshape(a, (6,), out=ag.empty(6))
    with pytest.raises(TypeError, match="out"):
        a.add(1, out=ag.empty(2, 3))


def test_numpy_reductions_still_work_on_tensors():
    """numpy's np.sum(t) calls t.sum(axis=None, dtype=None, out=None): out=None is accepted."""
    a = a23()
    assert float(np.sum(a)) == float(a.numpy().sum())
    np.testing.assert_array_equal(np.asarray(np.sum(a, axis=0)), a.numpy().sum(0))
