"""nn.utils.prune: the reparametrization (<name>_orig, <name>_mask, the hook), composed masks,
remove, gradients through the mask, and the error cases."""

import numpy as np
import pytest

import autograd
import nn
from nn.utils import prune


def make():
    autograd.manual_seed(0)
    return nn.Linear(4, 3)


def test_reparametrization_and_gradient():
    m = make()
    prune.l1_unstructured(m, "weight", amount=5)
    assert [n for n, _ in m.named_parameters()] == ["bias", "weight_orig"]
    assert [n for n, _ in m.named_buffers()] == ["weight_mask"]
    assert list(m.state_dict()) == ["bias", "weight_orig", "weight_mask"]
    assert int((m.weight_mask == 0).sum()) == 5
    np.testing.assert_array_equal(m.weight.numpy(), (m.weight_orig * m.weight_mask).detach().numpy())
    m(autograd.ones(2, 4)).sum().backward()
    np.testing.assert_array_equal(m.weight_orig.grad.numpy() == 0, m.weight_mask.numpy() == 0)
    assert prune.is_pruned(m)


def test_forward_recomputes_from_orig():
    m = make()
    prune.random_unstructured(m, "weight", amount=0.5)
    with autograd.no_grad():
        m.weight_orig.fill_(2.0)
    m(autograd.ones(1, 4))
    np.testing.assert_array_equal(m.weight.numpy(), 2.0 * m.weight_mask.numpy())


def test_iterative_pruning_composes_in_a_container():
    m = make()
    prune.l1_unstructured(m, "weight", amount=3)
    first = m.weight_mask.clone()
    prune.l1_unstructured(m, "weight", amount=3)
    hooks = list(m._forward_pre_hooks.values())
    assert len(hooks) == 1 and isinstance(hooks[0], prune.PruningContainer)
    assert [type(h) for h in hooks[0]] == [prune.L1Unstructured, prune.L1Unstructured]
    assert int((m.weight_mask == 0).sum()) == 6 and bool((m.weight_mask <= first).all())


def test_structured_prunes_whole_channels():
    m = make()
    prune.ln_structured(m, "weight", amount=1, n=2, dim=0)
    rows = m.weight_mask.sum(dim=1)
    assert sorted(rows.tolist()) == [0.0, 4.0, 4.0]
    kept = autograd.linalg.vector_norm(m.weight_orig, dim=1)[rows == 0]
    assert float(kept) == float(autograd.linalg.vector_norm(m.weight_orig, dim=1).min())


def test_remove_makes_it_permanent():
    m = make()
    prune.random_structured(m, "weight", amount=1, dim=1)
    pruned = m.weight.detach().clone()
    prune.remove(m, "weight")
    assert [n for n, _ in m.named_parameters()] == ["bias", "weight"]
    assert not list(m.named_buffers()) and not prune.is_pruned(m)
    assert isinstance(m.weight, nn.Parameter)
    np.testing.assert_array_equal(m.weight.detach().numpy(), pruned.numpy())


def test_global_unstructured_and_custom_from_mask():
    a, b = make(), nn.Linear(3, 2)
    prune.global_unstructured([(a, "weight"), (b, "weight")], pruning_method=prune.L1Unstructured, amount=6)
    everything = autograd.cat([a.weight_orig.view(-1), b.weight_orig.view(-1)]).abs()
    masks = autograd.cat([a.weight_mask.view(-1), b.weight_mask.view(-1)])
    assert float(everything[masks == 0].max()) <= float(everything[masks == 1].min())
    prune.custom_from_mask(b, "bias", mask=autograd.tensor([0, 1]))
    assert b.bias_mask.tolist() == [0.0, 1.0] and b.bias.tolist()[0] == 0.0


def test_identity_and_prune_method():
    m = make()
    prune.identity(m, "bias")
    assert m.bias_mask.tolist() == [1.0, 1.0, 1.0]
    t = autograd.tensor([3.0, -1.0, 2.0])
    assert prune.L1Unstructured(amount=1).prune(t).tolist() == [3.0, 0.0, 2.0]


def test_failed_pruning_restores_the_parameter():
    m = make()
    with pytest.raises(ValueError, match="should be smaller than the number of parameters to prune=12"):
        prune.l1_unstructured(m, "weight", amount=13)
    # re-registered last, as PyTorch does
    assert [n for n, _ in m.named_parameters()] == ["bias", "weight"] and not prune.is_pruned(m)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda m: prune.l1_unstructured(m, "weight", amount=-1), ValueError, "non-negative integer"),
        (lambda m: prune.l1_unstructured(m, "weight", amount=1.5), ValueError, r"range \[0, 1\]"),
        (lambda m: prune.l1_unstructured(m, "weight", amount="a"), TypeError, "Must be int or float"),
        (lambda m: prune.ln_structured(m, "bias", amount=1, n=2, dim=0), ValueError, "multidimensional"),
        (lambda m: prune.random_structured(m, "weight", amount=1, dim=2), IndexError, "Invalid index 2"),
        (lambda m: prune.remove(m, "weight"), ValueError, "has to be pruned before pruning can be removed"),
        (
            lambda m: prune.l1_unstructured(m, "weight", 1, importance_scores=autograd.ones(2)),
            AssertionError,
            "importance_scores should have the same shape",
        ),
        (
            lambda m: prune.global_unstructured(3, prune.L1Unstructured, amount=1),
            TypeError,
            "not an Iterable",
        ),
        (
            lambda m: prune.global_unstructured([(m, "weight")], prune.RandomStructured, amount=1),
            TypeError,
            'Only "unstructured" PRUNING_TYPE',
        ),
    ],
)
def test_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(make())


def test_container_rejects_other_tensors_and_non_methods():
    container = prune.PruningContainer(prune.Identity())
    with pytest.raises(TypeError, match="is not a BasePruningMethod subclass"):
        container.add_pruning_method(3)
    other = prune.Identity()
    other._tensor_name = "bias"
    with pytest.raises(ValueError, match="Can only add pruning methods acting on the parameter named"):
        container.add_pruning_method(other)
