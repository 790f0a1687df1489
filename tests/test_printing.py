"""Tensors print as PyTorch prints them (autograd/printing.py): the same text, character for character."""

import math

import numpy as np
import pytest

import autograd
import nn

rng = np.random.default_rng(0)
ARRAYS = {
    "scalar": np.array(3.5),
    "int scalar": np.array(2),
    "whole": np.array([[1.0, 0.0, 1.0], [2.0, -3.0, 4.0]]),
    "zeros": np.zeros(3),
    "fixed": rng.random((2, 3)),
    "negative": rng.standard_normal((5, 3)),
    "tiny": np.array([1e-5, 1.0]),
    "huge": np.array([1e9, 1.0]),
    "spread": np.array([1.0, 2000.5]),
    "whole spread": np.array([1.0, 5000.0]),
    "non-finite": np.array([math.nan, math.inf, -math.inf, 1.5]),
    "nan zero": np.array([math.nan, 0.0]),
    "wide row": rng.standard_normal((3, 20)),
    "3-d": rng.standard_normal((2, 3, 4)),
    "summarized": np.arange(2000.0).reshape(40, 50),
    "summarized 1-d": rng.standard_normal(1500),
    "summarized 3-d": rng.standard_normal((11, 12, 13)),
    "ints": np.array([1, -200, 35]),
    "wide ints": np.arange(100).reshape(4, 25),
    "bools": np.array([True, False]),
    "int32": np.array([1, 2], dtype=np.int32),
    "float32": rng.standard_normal(4).astype(np.float32),
    "uint8": np.array([[0, 255]], dtype=np.uint8),
    "empty": np.zeros(0),
    "empty 2-d": np.zeros((2, 0)),
    "empty int": np.zeros(0, dtype=np.int64),
}


@pytest.fixture
def torch64():
    torch = pytest.importorskip("torch")
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield torch
    torch.set_default_dtype(before)


@pytest.mark.parametrize(
    "name, requires_grad",
    [(name, False) for name in ARRAYS] + [(name, True) for name in ARRAYS if ARRAYS[name].dtype.kind == "f"],
)  # only float Tensors require grad
def test_repr_as_pytorch(torch64, name, requires_grad):
    array = ARRAYS[name]
    ours = autograd.tensor(array, requires_grad=requires_grad)
    theirs = torch64.tensor(array, requires_grad=requires_grad)
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)
    assert f"{ours}" == f"{theirs}"


def test_repr_after_an_op_names_the_node(torch64):
    x = autograd.ones(2, 2, requires_grad=True)
    y = x + 2
    assert repr(y).startswith(repr(torch64.ones(2, 2) + 2)[:-1] + ", grad_fn=<")


def test_repr_with_a_float32_default(torch64):
    torch64.set_default_dtype(torch64.float32)
    autograd.set_default_dtype(autograd.float32)
    try:
        for array in (ARRAYS["fixed"], ARRAYS["whole"], ARRAYS["empty"], np.array([1.0, 2.0])):
            assert repr(autograd.tensor(array)) == repr(torch64.tensor(array))
    finally:
        autograd.set_default_dtype(autograd.float64)


def test_parameter_repr(torch64):
    values = ARRAYS["fixed"]
    assert repr(nn.Parameter(autograd.tensor(values))) == repr(torch64.nn.Parameter(torch64.tensor(values)))


@pytest.mark.parametrize(
    "options",
    [
        {"precision": 2},
        {"sci_mode": True},
        {"sci_mode": False},
        {"threshold": 5, "edgeitems": 1},
        {"linewidth": 40},
    ],
)
def test_printoptions_as_pytorch(torch64, options):
    array = ARRAYS["wide row"] * 1000
    try:
        autograd.set_printoptions(**options)
        torch64.set_printoptions(**options)
        assert repr(autograd.tensor(array)) == repr(torch64.tensor(array))
    finally:
        autograd.set_printoptions(profile="default")
        torch64.set_printoptions(profile="default")


def test_printoptions_refuse_bad_values():
    with pytest.raises(ValueError, match="precision"):
        autograd.set_printoptions(precision=-1)
    with pytest.raises(ValueError, match="profile"):
        autograd.set_printoptions(profile="full")


def test_format_of_a_0d_tensor_is_its_number():
    assert f"{autograd.tensor(2.5):.2f}" == "2.50"
    assert f"{autograd.tensor(3):>4d}" == "   3"


def test_format_spec_on_a_1d_tensor_is_a_type_error():
    # PyTorch's Tensor.__format__ formats only 0-d Tensors as numbers
    with pytest.raises(TypeError, match="0-d"):
        f"{autograd.tensor([2.5]):.2f}"


def test_size_prints_as_pytorch(torch64):
    ours, theirs = autograd.zeros(2, 3), torch64.zeros(2, 3)
    assert repr(ours.shape) == repr(theirs.shape) == str(ours.size())
    assert repr(ours.shape[1:]) == repr(theirs.shape[1:])
    assert ours.shape == (2, 3) and ours.shape.numel() == theirs.shape.numel() == 6
    assert repr(autograd.Size([4, 5])) == repr(torch64.Size([4, 5]))


def test_devices_can_be_named_but_hold_no_tensors(torch64):
    cuda = autograd.device("cuda")
    assert (cuda.type, cuda.index) == (torch64.device("cuda").type, torch64.device("cuda").index)
    assert repr(autograd.device("cuda:1")) == repr(torch64.device("cuda:1"))
    assert str(autograd.device("cpu")) == str(torch64.device("cpu"))
    with pytest.raises(RuntimeError, match="CPU only"):
        autograd.ones(2).to(cuda)
    with pytest.raises(RuntimeError, match="CPU only"):
        autograd.zeros(2, device="cuda")
    with pytest.raises(RuntimeError, match="expected one of"):
        autograd.device("gpu")


def test_no_accelerator_as_pytorch_on_a_cpu_machine(torch64):
    assert autograd.accelerator.is_available() is torch64.accelerator.is_available() is False
    assert autograd.accelerator.current_accelerator() is torch64.accelerator.current_accelerator() is None
    assert autograd.accelerator.device_count() == torch64.accelerator.device_count() == 0
