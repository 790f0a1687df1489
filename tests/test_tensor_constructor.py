"""The legacy constructor's own behaviour: sizes give zeros, chainrule's keywords, and the
errors that name what went wrong (PyTorch's comparisons: test_tensor_constructor_torch.py)."""

import numpy as np
import pytest

import autograd
from autograd import Tensor


@pytest.mark.parametrize(
    "sizes, shape",
    [
        ((3,), (3,)),
        ((2, 3), (2, 3)),
        ((autograd.Size([2, 3]),), (2, 3)),
        ((np.int64(4), 1), (4, 1)),
        ((), (0,)),
    ],
)
def test_sizes_make_zeros_of_the_default_dtype(sizes, shape):
    t = Tensor(*sizes)
    assert t.shape == shape and t.dtype == autograd.get_default_dtype()
    np.testing.assert_array_equal(t.numpy(), np.zeros(shape))


def test_sizes_follow_set_default_dtype():
    autograd.set_default_dtype(autograd.float32)
    try:
        assert Tensor(2, 2).dtype == np.float32 and Tensor([1, 2]).dtype == np.float32
    finally:
        autograd.set_default_dtype(autograd.float64)


def test_chainrules_keywords_work_with_sizes_and_data():
    w = Tensor(2, 3, requires_grad=True, name="w")
    assert w.requires_grad and w.name == "w" and w.shape == (2, 3)
    assert Tensor(4, dtype=autograd.int32).dtype == np.int32
    assert Tensor([1.5], dtype=autograd.float32).dtype == np.float32
    assert Tensor(3, device="cpu").shape == (3,)


def test_a_zero_d_tensor_is_autograd_tensor():
    assert autograd.tensor(3.0).shape == () and autograd.tensor(3).dtype == np.int64
    assert Tensor(np.array(3.0)).shape == ()  # a 0-d float array is data


ERRORS = [
    (
        lambda: Tensor(3.0),
        TypeError,
        r"Tensor\(\): data must be a sequence \(got float\); .*autograd.tensor\(3.0\)",
    ),
    (lambda: Tensor(True), TypeError, r"Tensor\(\): data must be a sequence \(got bool\)"),
    (lambda: Tensor(None), TypeError, r"Tensor\(\): data must be a sequence \(got NoneType\)"),
    (lambda: Tensor(2, 3.0), TypeError, r"give one piece of data .* or sizes \(ints\); got \(int, float\)"),
    (lambda: Tensor([1.0], 2), TypeError, r"got \(list, int\)"),
    (lambda: Tensor(2, -3), RuntimeError, r"negative dimension: \[2, -3\]"),
    (lambda: Tensor(10**400), RuntimeError, r"cannot make a Tensor of sizes"),
    (lambda: Tensor(2, size=(3,)), TypeError, r"give sizes or data, positionally or as one of size=, data="),
    (lambda: Tensor(sizes=(3,)), TypeError, r"the keywords \['sizes'\]"),
    (lambda: Tensor(3, device="cuda"), RuntimeError, r"cuda"),
    (lambda: autograd.FloatTensor(1.5), TypeError, r"FloatTensor\(\): data must be a sequence \(got float\)"),
    (lambda: autograd.LongTensor(2, -1), RuntimeError, r"LongTensor\(\): .*negative dimension"),
    (lambda: Tensor(2, True), TypeError, r"got \(int, bool\)"),
]


@pytest.mark.parametrize("call, error, message", ERRORS)
def test_errors_name_the_problem(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_internal_conversions_read_numbers_as_data():
    """Ops that turn a user's number into a Tensor mean a 0-d Tensor, never a size."""
    x = autograd.tensor([1.0, 5.0])
    np.testing.assert_array_equal(autograd.maximum(3, x).numpy(), [3.0, 5.0])
    np.testing.assert_array_equal(autograd.where(x > 2, 1, 0).numpy(), [0.0, 1.0])
    assert autograd.stack([1, 2]).shape == (2,)
