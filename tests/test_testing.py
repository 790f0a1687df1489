"""autograd.testing (torch.testing): assert_close passes and fails where PyTorch's does, with
PyTorch's messages; make_tensor draws PyTorch's values."""

import math

import numpy as np
import pytest

import autograd
from autograd.testing import assert_close, make_tensor


def cases(lib):
    """(actual, expected, options) written against autograd or torch."""

    def t(values, dtype="float64"):
        return lib.tensor(values, dtype=getattr(lib, dtype))

    nan, inf = math.nan, math.inf
    return {
        "equal": (t([1.0, 2.0]), t([1.0, 2.0]), {}),
        "within float64 tolerance": (t([1.0, 2.0]), t([1.0, 2.0 + 1e-8]), {}),
        "beyond float64 tolerance": (t([1.0, 2.0, 3.0]), t([1.0, 2.5, 3.1]), {}),
        "float32 tolerance": (t([1.0, 2.0], "float32"), t([1.0, 2.000001], "float32"), {}),
        "beyond float32 tolerance": (t([0.0, 1.0], "float32"), t([1e-4, 1.0], "float32"), {}),
        "float16 tolerance": (t([1.0, 2.0], "float16"), t([1.0, 2.001], "float16"), {}),
        "ints exact": (t([[1, 2], [3, 4]], "int64"), t([[1, 2], [3, 5]], "int64"), {}),
        "bools": (t([True, False], "bool"), t([True, True], "bool"), {}),
        "0-d": (t(2.0), t(3.0), {}),
        "0-d ints": (t(1, "int64"), t(2, "int64"), {}),
        "shape": (t([1.0]), t([1.0, 2.0]), {}),
        "dtype": (t([1.0], "float32"), t([1.0]), {}),
        "dtype unchecked": (t([1, 2], "int32"), t([1.0, 2.0]), {"check_dtype": False}),
        "given tolerances": (t([1.0, 2.0]), t([1.0, 2.1]), {"rtol": 0.1, "atol": 0.0}),
        "given tolerances fail": (t([1.0, 2.0]), t([1.0, 2.5]), {"rtol": 0.1, "atol": 0.01}),
        "zero tolerances": (t([1.0, 2.0]), t([1.0, 2.0 + 1e-12]), {"rtol": 0, "atol": 0}),
        "nan": (t([1.0, nan]), t([1.0, nan]), {}),
        "equal_nan": (t([1.0, nan]), t([1.0, nan]), {"equal_nan": True}),
        "infinities": (t([1.0, inf]), t([1.0, inf]), {}),
        "opposite infinities": (t([1.0, inf]), t([1.0, -inf]), {}),
        "relative to zero": (t([0.0, 0.0]), t([0.0, 1e-3]), {}),
        "many elements": (lib.zeros(1000, dtype=lib.float64), lib.ones(1000, dtype=lib.float64), {}),
        "2-d index": (t([[1.0, 2.0], [3.0, 4.0]]), t([[1.0, 2.0], [3.5, 4.0]]), {}),
        "requires_grad": (t([1.0]).requires_grad_(), t([1.5]), {}),
        "message": (t([1.0, 3.0]), t([1.0, 2.0]), {"msg": "custom"}),
        "message callable": (t([1.0, 3.0]), t([1.0, 2.0]), {"msg": lambda m: "<" + m + ">"}),
        "floats": (1.0, 1.5, {}),
        "floats close": (1.0, 1.0 + 1e-8, {}),
        "float zero": (1.0, 0.0, {}),
        "ints": (1, 2, {}),
        "int and float": (2, 2.0, {}),
        "int and float unchecked": (1, 1.0, {"check_dtype": False}),
        "float nan": (nan, nan, {"equal_nan": True}),
        "booleans": (True, False, {}),
        "none": (None, None, {}),
        "none mismatch": (None, 1, {}),
        "sequence": ([t([1.0]), t([2.0])], [t([1.0]), t([2.5])], {}),
        "sequence kinds": ((1, 2), [1, 2], {}),
        "sequence length": ([1.0, 2.0], [1.0, 2.0, 3.0], {}),
        "mapping": ({"a": t([1.0])}, {"a": t([1.5])}, {}),
        "mapping keys": ({"a": 1, "b": 2}, {"a": 1, "c": 2}, {}),
        "nested": ([[1.0], {"a": t([1.0, 2.0])}], [[1.0], {"a": t([1.0])}], {}),
        "nested with message": ([t([1.0]), t([2.0])], [t([1.0]), t([2.5])], {"msg": lambda m: "<" + m + ">"}),
        "numpy arrays": (np.array([1.0, 2.0]), np.array([1.0, 2.5]), {}),
    }


UNSUPPORTED = {
    "tensor and number": lambda lib: (lib.tensor(1.0), 1.0),
    "tensor and list": lambda lib: (lib.tensor([1.0, 2.0]), [1.0, 2.0]),
    "strings": lambda lib: ("a", "a"),
    "objects": lambda lib: (object(), object()),
}


def outcome(actual, expected, options, check):
    try:
        check(actual, expected, **options)
    except AssertionError as error:
        return "AssertionError", str(error)
    return "pass", ""


@pytest.fixture
def torch64():
    """PyTorch with chainrule's default dtype (integer differences are divided in it)."""
    torch = pytest.importorskip("torch")
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(before)


@pytest.mark.parametrize("name", list(cases(autograd)))
def test_assert_close_matches_torch(name, torch64):
    ours = outcome(*cases(autograd)[name], assert_close)
    theirs = outcome(*cases(torch64)[name], torch64.testing.assert_close)
    assert ours == theirs


@pytest.mark.parametrize(
    "name", ["equal", "within float64 tolerance", "float16 tolerance", "sequence kinds", "none"]
)
def test_assert_close_passes(name):
    assert_close(*cases(autograd)[name][:2], **cases(autograd)[name][2])


def test_assert_close_message():
    with pytest.raises(AssertionError) as info:
        assert_close(autograd.tensor([1.0, 2.0, 3.0]), autograd.tensor([1.0, 2.5, 3.1]))
    assert str(info.value) == (
        "Tensor-likes are not close!\n\n"
        "Mismatched elements: 2 / 3 (66.7%)\n"
        "Greatest absolute difference: 0.5 at index (1,) (up to 1e-07 allowed)\n"
        "Greatest relative difference: 0.2 at index (1,) (up to 1e-07 allowed)"
    )
    with pytest.raises(AssertionError, match=r"The failure occurred for item \['a'\]\[1\]"):
        assert_close({"a": [1, 2]}, {"a": [1, 3]})


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_assert_close_refuses_what_torch_refuses(name):
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(*UNSUPPORTED[name](autograd))
    with pytest.raises(TypeError, match="No comparison pair"):
        torch.testing.assert_close(*UNSUPPORTED[name](torch))


def test_assert_close_tolerances_come_in_pairs():
    with pytest.raises(ValueError, match="no atol"):
        assert_close(autograd.tensor(1.0), autograd.tensor(1.0), rtol=1e-3)
    with pytest.raises(ValueError, match="no rtol"):
        assert_close(autograd.tensor(1.0), autograd.tensor(1.0), atol=1e-3)


def test_assert_close_stride_and_subclasses():
    a = autograd.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert_close(a.t(), a.t().contiguous())
    with pytest.raises(AssertionError, match=r"'stride\(\)' do not match: \(1, 2\) != \(2, 1\)"):
        assert_close(a.t(), a.t().contiguous(), check_stride=True)
    import nn

    p = nn.Parameter(autograd.tensor([1.0]))
    assert_close(p, autograd.tensor([1.0]))
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(p, autograd.tensor([1.0]), allow_subclasses=False)


# ---- make_tensor -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,dtype,options",
    [
        ((3,), "float64", {}),
        ((2, 3), "float32", {}),
        ((4,), "float64", {"low": -1, "high": 1}),
        ((2, 2), "int64", {}),
        ((5,), "int32", {"low": 0, "high": 3}),
        ((6,), "uint8", {}),
        ((4,), "bool", {}),
        ((2, 3), "float64", {"noncontiguous": True}),
        ((8,), "int64", {"low": -1, "high": 1, "exclude_zero": True}),
    ],
)
def test_make_tensor_draws_as_torch(shape, dtype, options):
    torch = pytest.importorskip("torch")
    autograd.manual_seed(0)
    ours = make_tensor(*shape, dtype=getattr(autograd, dtype), device="cpu", **options)
    torch.manual_seed(0)
    theirs = torch.testing.make_tensor(*shape, dtype=getattr(torch, dtype), device="cpu", **options)
    assert ours.dtype == np.dtype(dtype) and tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    if options.get("noncontiguous"):
        assert not ours.numpy().flags.c_contiguous


def test_make_tensor_options_and_errors():
    x = make_tensor((2, 3), dtype=autograd.float64, device="cpu", requires_grad=True)
    assert x.requires_grad and tuple(x.shape) == (2, 3)
    assert ((x >= -9) & (x < 9)).all()
    with pytest.raises(ValueError, match="requires_grad"):
        make_tensor(2, dtype=autograd.int64, device="cpu", requires_grad=True)
    with pytest.raises(ValueError, match="less than"):
        make_tensor(2, dtype=autograd.float64, device="cpu", low=1, high=0)
    with pytest.raises(ValueError, match="NaN"):
        make_tensor(2, dtype=autograd.float64, device="cpu", low=math.nan)
    with pytest.raises(ValueError, match="only supports"):
        make_tensor(2, dtype=autograd.uint8, device="cpu", low=300, high=400)
    with pytest.raises(RuntimeError, match="CPU"):
        make_tensor(2, dtype=autograd.float64, device="cuda")
