"""Small PyTorch APIs the public learner programs use (makemore's torch.unbind, printed
return_types, TensorDataset items), checked with gradcheck/gradgradcheck and against PyTorch."""

import numpy as np
import pytest

import autograd
from autograd import Tensor
from nn.data import TensorDataset

TOL = dict(rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_unbind_gradcheck_and_gradgradcheck(rng, dim):
    x = Tensor(rng.standard_normal((3, 4, 2)), requires_grad=True)
    weights = [Tensor(rng.standard_normal(p.shape)) for p in autograd.unbind(x, dim)]

    def fn(x):
        return autograd.stack([p * w for p, w in zip(x.unbind(dim), weights)])

    assert autograd.gradcheck(fn, (x,))
    assert autograd.gradgradcheck(fn, (x,))


@pytest.mark.parametrize("dim", [0, 1, 2, -2])
def test_unbind_matches_torch(rng, dim):
    torch = pytest.importorskip("torch")
    values = rng.standard_normal((5, 3, 2))
    upstream = rng.standard_normal((5, 6)) if dim == 1 else None
    ours_x, theirs_x = Tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    ours, theirs = autograd.unbind(ours_x, dim), torch.unbind(theirs_x, dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.numpy(), b.detach().numpy(), **TOL)
    if upstream is not None:  # makemore's torch.cat(torch.unbind(emb, 1), 1)
        autograd.cat(ours, 1).backward(Tensor(upstream))
        torch.cat(theirs, 1).backward(torch.tensor(upstream))
        np.testing.assert_allclose(ours_x.grad.numpy(), theirs_x.grad.numpy(), **TOL)


def test_unbind_refuses_a_0d_tensor_and_a_bad_dim():
    with pytest.raises(ValueError, match="0-d"):
        autograd.tensor(1.0).unbind()
    with pytest.raises((IndexError, ValueError), match="unbind"):
        autograd.ones(2, 3).unbind(2)


def test_return_types_print_as_pytorch():
    torch = pytest.importorskip("torch")
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        values = [[1.0, 5.0, 3.0], [7.0, 2.0, 0.5]]
        ours, theirs = autograd.tensor(values), torch.tensor(values)
        assert repr(ours.max(1)) == repr(theirs.max(1))
        assert repr(ours.min(dim=0)) == repr(theirs.min(dim=0))
        assert repr(ours.topk(2)) == repr(theirs.topk(2))
        assert repr(ours.sort(1)) == repr(theirs.sort(1))
        values, indices = ours.max(1)  # still a (values, indices) pair
        assert indices.tolist() == [1, 0]
    finally:
        torch.set_default_dtype(before)


def test_tensor_dataset_items_are_tensors_as_in_pytorch():
    torch = pytest.importorskip("torch")
    X, y = np.arange(12.0).reshape(6, 2), np.arange(6)
    ours = TensorDataset(X, y)
    theirs = torch.utils.data.TensorDataset(torch.tensor(X), torch.tensor(y))
    for index in (2, slice(1, 4)):
        for a, b in zip(ours[index], theirs[index]):
            assert isinstance(a, Tensor) and a.shape == b.shape and str(a.dtype) == str(b.dtype)[6:]
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    x, label = ours[2]
    assert x.to("cpu").shape == (2,) and label.item() == 2
    x[0] = -1.0  # a view: the dataset's memory, as PyTorch's indexing gives
    assert ours.arrays[0][2, 0] == -1.0


def test_next_functions_walk_back_as_in_pytorch():
    torch = pytest.importorskip("torch")
    ours_w, theirs_w = autograd.ones(3, requires_grad=True), torch.ones(3, requires_grad=True)
    ours = ((ours_w * 2).relu() + 1.0).sum()
    theirs = ((theirs_w * 2).relu() + 1.0).sum()
    ours_chain, theirs_chain = [], []
    for node, chain in ((ours.grad_fn, ours_chain), (theirs.grad_fn, theirs_chain)):
        while node is not None and node.next_functions:
            chain.append(len(node.next_functions))
            node = node.next_functions[0][0]
        chain.append(type(node).__name__)
    assert ours_chain == theirs_chain  # sum, add (x, 1.0), relu, mul (w, 2), then AccumulateGrad
    leaf = ours.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].next_functions[0][0]
    assert leaf.variable is ours_w and repr(leaf) == "<AccumulateGrad>"
    assert ours.grad_fn.next_functions[0][0].next_functions[1] == (None, 0)


def test_a_named_tensor_prints_as_pytorch_prints_it():
    t = autograd.ones(2)
    t.name = "w"
    assert repr(t) == "tensor([1., 1.])"


MODULES = [
    "nn.ReLU()",
    "nn.ReLU(inplace=True)",
    "nn.LeakyReLU(0.1)",
    "nn.LeakyReLU(0.1, inplace=True)",
    "nn.ELU(inplace=True)",
    "nn.Dropout(0.2)",
    "nn.Dropout(p=0.3, inplace=True)",
    "nn.LayerNorm(4)",
    "nn.LayerNorm(4, bias=False)",
    "nn.BatchNorm1d(4)",
    "nn.BatchNorm2d(3, affine=False)",
    "nn.MSELoss(reduction='sum')",
    "nn.CrossEntropyLoss()",
    "nn.SiLU(inplace=True)",
    "nn.Hardtanh(-2.0, 2.0)",
    "nn.PReLU(4)",
    "nn.KLDivLoss(reduction='batchmean')",
    "nn.TripletMarginLoss(margin=0.5)",
]


@pytest.mark.parametrize("text", MODULES)
def test_modules_print_as_pytorch(text):
    torch = pytest.importorskip("torch")
    import nn

    assert repr(eval(text, {"nn": nn})) == repr(eval(text, {"nn": torch.nn}))


@pytest.mark.parametrize(
    "name, args",
    [
        ("relu", ()),
        ("leaky_relu", (0.2,)),
        ("elu", (0.5,)),
        ("dropout", (0.0,)),
        ("silu", ()),
        ("mish", ()),
        ("selu", ()),
        ("celu", (0.5,)),
        ("hardtanh", (-0.5, 0.7)),
        ("relu6", ()),
        ("hardsigmoid", ()),
        ("hardswish", ()),
        ("threshold", (0.1, -1.0)),
        ("rrelu", ()),
    ],
)
def test_inplace_activations_overwrite_the_input_and_differentiate_as_pytorch(rng, name, args):
    torch = pytest.importorskip("torch")
    import nn.functional as F

    values, upstream = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    ours_leaf, theirs_leaf = Tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    ours_x, theirs_x = ours_leaf * 1.5, theirs_leaf * 1.5
    ours = getattr(F, name)(ours_x, *args, inplace=True)
    theirs = getattr(torch.nn.functional, name)(theirs_x, *args, inplace=True)
    np.testing.assert_allclose(ours_x.numpy(), theirs_x.detach().numpy(), **TOL)  # overwritten
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), **TOL)
    ours.backward(Tensor(upstream))
    theirs.backward(torch.tensor(upstream))
    np.testing.assert_allclose(ours_leaf.grad.numpy(), theirs_leaf.grad.numpy(), **TOL)


def test_inplace_on_a_leaf_that_requires_grad_is_refused():
    import nn.functional as F

    with pytest.raises(RuntimeError):
        F.relu(autograd.ones(2, requires_grad=True), inplace=True)


LEGACY = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor"]
LEGACY += ["ByteTensor", "BoolTensor"]


@pytest.mark.parametrize("name", LEGACY)
def test_legacy_typed_constructors_match_torch(name):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(autograd, name), getattr(torch, name)
    for args in (([1, 0, 2],), (np.array([[1.7, -2.2]]),), (2, 3), (autograd.Size([4]),), ()):
        targs = tuple(torch.Size(a) if isinstance(a, autograd.Size) else a for a in args)
        a, b = ours(*args), theirs(*targs)
        assert tuple(a.shape) == tuple(b.shape) and str(a.dtype) == str(b.dtype).removeprefix("torch.")
        if args and not isinstance(
            args[0], (int, autograd.Size)
        ):  # data, not sizes (torch leaves those unset)
            np.testing.assert_array_equal(a.numpy(), b.numpy())
    t = ours([1, 0])
    assert isinstance(t, ours) and isinstance(t, Tensor)
    assert isinstance(autograd.tensor([1.0, 2.0]), ours) == (name == "DoubleTensor")  # float64 Tensors
    assert ours(autograd.tensor([1, 0])).dtype == t.dtype


def test_legacy_constructor_errors():
    with pytest.raises(
        TypeError, match=r"LongTensor\(\): give one piece of data .* or sizes \(ints\); got \(list, list\)"
    ):
        autograd.LongTensor([1], [2])
