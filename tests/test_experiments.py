"""The figures the notebooks claim, re-computed by the same seeded code (notebooks/experiments.py).

Each test runs the experiment exactly as its notebook does (same data, seeds and settings) and
asserts the figure the notebook reports next to the published one. Where we do not reach the
published figure, the bound asserted is what we do reach, and the notebook says why.
"""
import pathlib
import sys

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "notebooks"))
import experiments as E  # noqa: E402

import nn  # noqa: E402


# ---- E2 (notebook 03) ----------------------------------------------------------------------------

# How far (percentage points) our mean accuracy may lie from the published one. Our spirals are
# not the source's; the 128-neuron network finds ours a little easier (notebook 03, section 3).
E2_TOLERANCE = {("circles", "gd"): 5.0, ("circles", "adam"): 3.0, ("spirals", "[128]"): 8.0,
                ("spirals", "[512]"): 3.0}


@pytest.mark.parametrize("row", E.E2_ROWS, ids=lambda r: f"{r[0]}-{'-'.join(map(str, r[1]))}-{r[2]}")
def test_e2_accuracies_near_published(row):
    problem, hidden, optimizer, lr, epochs, seeds, published_train, published_val = row
    result = E.e2_row(problem, hidden, optimizer, lr, epochs, seeds)
    if hidden == [40, 25, 10]:
        assert result["train_acc"] >= 99.0 and result["val_acc"] >= 99.0
        return
    key = (problem, optimizer) if problem == "circles" else (problem, str(hidden))
    tolerance = E2_TOLERANCE[key]
    assert abs(result["train_acc"] - published_train) <= tolerance, result["train_acc"]
    assert abs(result["val_acc"] - published_val) <= tolerance, result["val_acc"]


def test_e2_zero_init_learns_nothing():
    result = E.e2_init_case("zeros")
    assert result["train_acc"] == 50.0 and result["val_acc"] == 50.0   # one class everywhere
    assert not result["model"].layers[0].weight.data.any()              # no gradient ever reached it


def test_e2_identical_init_neurons_stay_copies():
    result = E.e2_init_case("identical")
    first = result["model"].layers[0]
    assert np.ptp(first.weight.data, axis=0).max() == 0 and np.ptp(first.bias.data) == 0
    assert np.abs(first.weight.data - 0.5).max() > 0.01                 # they did move, together
    assert result["val_acc"] <= 70.0


def test_e2_random_init_learns():
    assert E.e2_init_case("random")["val_acc"] >= 95.0


@pytest.mark.parametrize("problem", ["circles", "spirals"])
def test_e2_identity_activations_are_one_affine_layer(problem):
    run = E.e2_identity(problem)
    (X, y), _ = E.e2_data(problem)
    W, b = E.collapse_affine(run["model"])
    assert W.shape == (1, 2) and b.shape == (1,)
    collapsed = 1 / (1 + np.exp(-(X @ W.T + b)))
    np.testing.assert_allclose(nn.predict(run["model"], X), collapsed, rtol=0, atol=1e-12)
    assert run["train_acc"] <= 70.0      # a straight line cannot separate either problem
