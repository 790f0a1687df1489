"""The legacy constructors ``Tensor(...)``, ``FloatTensor(...)``, ``LongTensor(...)`` against
PyTorch's: which arguments are sizes and which are data, the shape and dtype they give, and
the arguments PyTorch refuses. Sizes give zeros here (PyTorch leaves the memory uninitialised,
so only shapes and dtypes are compared there)."""

import re

import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def float64_default_in_torch():
    """chainrule's default float dtype is float64: compare with PyTorch's set to the same."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


def both(make):
    """``make(library)`` for chainrule and for PyTorch (Size and the typed classes by name)."""
    return make(autograd), make(torch)


SIZES = {
    "Tensor(3)": lambda m: m.Tensor(3),
    "Tensor(0)": lambda m: m.Tensor(0),
    "Tensor(2, 3)": lambda m: m.Tensor(2, 3),
    "Tensor(2, 0, 4)": lambda m: m.Tensor(2, 0, 4),
    "Tensor(Size([2, 3]))": lambda m: m.Tensor(m.Size([2, 3])),
    "Tensor(Size([]))": lambda m: m.Tensor(m.Size([])),
    "Tensor(x.shape)": lambda m: m.Tensor(m.ones(4, 2).shape),
    "Tensor(np.int64(3))": lambda m: m.Tensor(np.int64(3)),
    "Tensor(np.int32(2), 3)": lambda m: m.Tensor(np.int32(2), 3),
    "Tensor(np.array(3))": lambda m: m.Tensor(np.array(3)),
    "Tensor(2, tensor(3))": lambda m: m.Tensor(2, m.tensor(3)),
    "Tensor(size=(2, 3))": lambda m: m.Tensor(size=(2, 3)),
    "Tensor(size=())": lambda m: m.Tensor(size=()),
    "FloatTensor(size=[2, 1])": lambda m: m.FloatTensor(size=[2, 1]),
    "FloatTensor(2, 3)": lambda m: m.FloatTensor(2, 3),
    "DoubleTensor(4)": lambda m: m.DoubleTensor(4),
    "LongTensor(2, 2)": lambda m: m.LongTensor(2, 2),
    "IntTensor(Size([3]))": lambda m: m.IntTensor(m.Size([3])),
    "BoolTensor(3)": lambda m: m.BoolTensor(3),
    "ByteTensor(2)": lambda m: m.ByteTensor(2),
}


@pytest.mark.parametrize("call", sorted(SIZES))
def test_sizes_give_a_tensor_of_that_shape_and_the_default_or_class_dtype(call):
    ours, theirs = both(SIZES[call])
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    assert not ours.numpy().any(), "chainrule fills the new Tensor with zeros"


DATA = {
    "Tensor()": lambda m: m.Tensor(),
    "Tensor([3])": lambda m: m.Tensor([3]),
    "Tensor([2, 3])": lambda m: m.Tensor([2, 3]),
    "Tensor((2, 3))": lambda m: m.Tensor((2, 3)),
    "Tensor([[1, 2], [3, 4]])": lambda m: m.Tensor([[1, 2], [3, 4]]),
    "Tensor([])": lambda m: m.Tensor([]),
    "Tensor([True, False])": lambda m: m.Tensor([True, False]),
    "Tensor([1.5, 2])": lambda m: m.Tensor([1.5, 2]),
    "Tensor(np.array([1, 2]))": lambda m: m.Tensor(np.array([1, 2])),
    "Tensor(np.array([[1.5, 2.0]]))": lambda m: m.Tensor(np.array([[1.5, 2.0]])),
    "Tensor(np.array(3.5))": lambda m: m.Tensor(np.array(3.5)),
    "Tensor(np.array(True))": lambda m: m.Tensor(np.array(True)),
    "Tensor(np.array([True]))": lambda m: m.Tensor(np.array([True])),
    "Tensor(tensor(3.5))": lambda m: m.Tensor(m.tensor(3.5)),
    "Tensor(tensor([1.0, 2.0]))": lambda m: m.Tensor(m.tensor([1.0, 2.0])),
    "Tensor([tensor(1.0), tensor(2.0)])": lambda m: m.Tensor([m.tensor(1.0), m.tensor(2.0)]),
    "Tensor(data=[2, 3])": lambda m: m.Tensor(data=[2, 3]),
    "FloatTensor([1, 2])": lambda m: m.FloatTensor([1, 2]),
    "DoubleTensor(np.array(3.0))": lambda m: m.DoubleTensor(np.array(3.0)),
    "LongTensor([1.5, -2.5])": lambda m: m.LongTensor([1.5, -2.5]),
    "LongTensor([[1, 2]])": lambda m: m.LongTensor([[1, 2]]),
    "BoolTensor([0, 2])": lambda m: m.BoolTensor([0, 2]),
    "FloatTensor()": lambda m: m.FloatTensor(),
}


@pytest.mark.parametrize("call", sorted(DATA))
def test_data_keeps_its_meaning(call):
    ours, theirs = both(DATA[call])
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert str(ours.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


MIXED = r"give one piece of data \(a list, array or Tensor\) or sizes \(ints\)"
REFUSED = {
    "Tensor(3.0)": (lambda m: m.Tensor(3.0), TypeError, "data must be a sequence \\(got float\\)"),
    "Tensor(-1.5)": (lambda m: m.Tensor(-1.5), TypeError, "data must be a sequence \\(got float\\)"),
    "Tensor(True)": (lambda m: m.Tensor(True), TypeError, "data must be a sequence \\(got bool\\)"),
    "Tensor(np.float64(3))": (lambda m: m.Tensor(np.float64(3)), TypeError, "data must be a sequence"),
    "Tensor(np.float32(3))": (lambda m: m.Tensor(np.float32(3)), TypeError, "data must be a sequence"),
    "Tensor(np.bool_(True))": (lambda m: m.Tensor(np.bool_(True)), TypeError, "data must be a sequence"),
    "Tensor(None)": (lambda m: m.Tensor(None), TypeError, "data must be a sequence \\(got NoneType\\)"),
    "Tensor(2, 3.0)": (
        lambda m: m.Tensor(2, 3.0),
        TypeError,
        MIXED,
    ),
    "Tensor(2.0, 3)": (
        lambda m: m.Tensor(2.0, 3),
        TypeError,
        MIXED,
    ),
    "Tensor([2], 3)": (
        lambda m: m.Tensor([2], 3),
        TypeError,
        MIXED,
    ),
    "Tensor(np.array(2.5), 3)": (
        lambda m: m.Tensor(np.array(2.5), 3),
        TypeError,
        MIXED,
    ),
    "Tensor(True, 2)": (
        lambda m: m.Tensor(True, 2),
        TypeError,
        MIXED,
    ),
    "Tensor(2, Size([3]))": (
        lambda m: m.Tensor(2, m.Size([3])),
        TypeError,
        MIXED,
    ),
    "Tensor(-1)": (lambda m: m.Tensor(-1), RuntimeError, "negative dimension"),
    "Tensor(2, -1)": (lambda m: m.Tensor(2, -1), RuntimeError, "negative dimension"),
    "FloatTensor(3.0)": (lambda m: m.FloatTensor(3.0), TypeError, "data must be a sequence \\(got float\\)"),
    "LongTensor(np.float64(3))": (
        lambda m: m.LongTensor(np.float64(3)),
        TypeError,
        "data must be a sequence",
    ),
    "FloatTensor(-1)": (lambda m: m.FloatTensor(-1), RuntimeError, "negative dimension"),
}


@pytest.mark.parametrize("call", sorted(REFUSED))
def test_what_torch_refuses_is_refused_with_its_error_type(call):
    """The same type; the same words for a lone number, ours where PyTorch lists its overloads."""
    make, error, message = REFUSED[call]
    with pytest.raises(error) as theirs:
        make(torch)
    with pytest.raises(error, match=message):
        make(autograd)
    if message is not MIXED:
        assert re.search(message, str(theirs.value)), str(theirs.value)


def test_sizes_then_in_place_initialisation_as_a_pytorch_module_writes_it():
    """``nn.Parameter(torch.Tensor(in, out))`` then an init: the GCN layer's idiom."""
    import nn

    autograd.manual_seed(0)
    torch.manual_seed(0)
    ours = nn.Parameter(autograd.Tensor(3, 5))
    theirs = torch.nn.Parameter(torch.Tensor(3, 5))
    nn.init.xavier_normal_(ours)
    torch.nn.init.xavier_normal_(theirs)
    assert ours.shape == (3, 5) and ours.requires_grad
    np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "dtype, args",
    [("float64", (2, 3)), ("float32", ([1.5, 2.0],)), ("int64", ([1.7, -2.2],)), ("float64", ())],
)
def test_new_makes_a_tensor_of_the_same_dtype_as_torch(dtype, args):
    torch = pytest.importorskip("torch")
    ours = autograd.zeros(1, dtype=getattr(autograd, dtype)).new(*args)
    theirs = torch.zeros(1, dtype=getattr(torch, dtype)).new(*args)
    assert ours.dtype == theirs.numpy().dtype and tuple(ours.shape) == tuple(theirs.shape)
    if args and isinstance(args[0], list):
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    assert not ours.requires_grad and ours.grad_fn is None
