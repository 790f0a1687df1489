"""nn.utils.prune against PyTorch: the same masks (random ones after the same seed), names,
state_dict keys, hooks and gradients."""

import numpy as np
import pytest

import autograd
import nn
from nn.utils import prune

torch = pytest.importorskip("torch")
tprune = pytest.importorskip("torch.nn.utils.prune")

STEPS = {
    "random_unstructured": [("random_unstructured", "weight", {"amount": 0.3})],
    "l1_int": [("l1_unstructured", "bias", {"amount": 2})],
    "ln_structured": [("ln_structured", "weight", {"amount": 0.5, "n": 1, "dim": 0})],
    "ln_inf_dim_neg": [("ln_structured", "weight", {"amount": 1, "n": float("inf"), "dim": -3})],
    "random_structured": [("random_structured", "weight", {"amount": 2, "dim": 1})],
    "random_structured_dim_neg": [("random_structured", "weight", {"amount": 0.5, "dim": -1})],
    "iterative": [
        ("random_unstructured", "weight", {"amount": 0.2}),
        ("ln_structured", "weight", {"amount": 1, "n": 2, "dim": 0}),
        ("l1_unstructured", "weight", {"amount": 0.25}),
        ("random_structured", "weight", {"amount": 0.4, "dim": 1}),
    ],
    "identity_then_l1": [("identity", "weight", {}), ("l1_unstructured", "weight", {"amount": 10})],
}


def run(lib, nnlib, pr, steps):
    lib.manual_seed(3)
    m = nnlib.Conv2d(3, 5, 2)
    for fn, name, kwargs in steps:
        getattr(pr, fn)(m, name, **kwargs)
    x = lib.ones(2, 3, 4, 4)
    m(x).sum().backward()
    return {
        "state": list(m.state_dict()),
        "buffers": [n for n, _ in m.named_buffers()],
        "hooks": [type(h).__name__ for h in m._forward_pre_hooks.values()],
        "masks": {n: b.numpy().copy() for n, b in m.named_buffers()},
        "grads": {n: p.grad.numpy().copy() for n, p in m.named_parameters()},
    }


@pytest.fixture
def float64():
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


@pytest.mark.parametrize("steps", list(STEPS))
def test_masks_and_gradients_match(steps, float64):
    ours, theirs = run(autograd, nn, prune, STEPS[steps]), run(torch, torch.nn, tprune, STEPS[steps])
    for key in ("state", "buffers", "hooks"):
        assert ours[key] == theirs[key]
    for key in ("masks", "grads"):
        assert ours[key].keys() == theirs[key].keys()
        for name in ours[key]:
            np.testing.assert_allclose(ours[key][name], theirs[key][name], rtol=1e-10, atol=0)


def test_global_and_remove_match(float64):
    def go(lib, nnlib, pr):
        lib.manual_seed(1)
        a, b = nnlib.Linear(6, 4), nnlib.Conv2d(2, 3, 2)
        pr.global_unstructured([(a, "weight"), (b, "weight"), (b, "bias")], pr.L1Unstructured, amount=0.3)
        pr.global_unstructured([(a, "weight"), (b, "weight")], pr.RandomUnstructured, amount=5)
        pr.remove(b, "weight")
        return [
            a.weight.detach().numpy().copy(),
            b.weight.detach().numpy().copy(),
            b.bias_mask.numpy().copy(),
        ], [n for n, _ in b.named_parameters()]

    (ours, names), (theirs, tnames) = go(autograd, nn, prune), go(torch, torch.nn, tprune)
    assert names == tnames
    for x, y in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("amount", [0, 1, 0.0, 0.5, 1.0, 7, -1, 1.1, "x", None])
def test_amount_validation_matches(amount):
    def outcome(pr, lib):
        try:
            return pr.L1Unstructured(amount).compute_mask(lib.arange(6.0), lib.ones(6)).tolist()
        except Exception as e:  # noqa: BLE001 - the error type and message are the result
            return type(e).__name__, str(e)

    assert outcome(prune, autograd) == outcome(tprune, torch)
