"""The benchmarks compute what they claim: each workload's engines agree on loss and gradients.

Correctness only, never timings. Every workload runs for one or two steps;
our engine is compared with the hand-written numpy reference (float32
workloads to float32 precision, float64 ones to float64 precision), and with
PyTorch / micrograd when they are installed.
"""

import numpy as np
import pytest

from benchmarks import (
    big_graph,
    chain,
    conv,
    float32_check,
    harness,
    micrograd_demo,
    mnist,
    plain,
    run,
    spirals,
)

F32 = dict(rtol=1e-4, atol=1e-6)  # float32: a few ulps of error per op, accumulated
F64 = dict(rtol=1e-10, atol=1e-12)
APPROX64 = dict(rel=1e-10, abs=1e-12)


def _setup(workload):
    return workload.make_data(), workload.initial_params()


def _assert_same_step(a, b, tolerance):
    """Two steps from the same start: same loss, same gradients, same updated parameters."""
    loss_a, loss_b = a.step(), b.step()
    np.testing.assert_allclose(loss_a, loss_b, **tolerance)
    for grad_a, grad_b in zip(a.gradients(), b.gradients(), strict=True):
        np.testing.assert_allclose(grad_a, grad_b, **tolerance)
    for p_a, p_b in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_allclose(p_a, p_b, **tolerance)


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_our_engine_matches_hand_written_numpy(workload):
    data, params = _setup(workload)
    ours, numpy_ref = workload.Ours(*data, params), workload.Numpy(*data, params)
    for _ in range(2):  # the second step uses the optimiser's state
        _assert_same_step(ours, numpy_ref, F32)


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_plain_op_step_matches_hand_written_numpy(workload):
    data, params = _setup(workload)
    ours, numpy_ref = workload.Plain(*data, params), workload.Numpy(*data, params)
    for _ in range(2):
        _assert_same_step(ours, numpy_ref, F32)


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
@pytest.mark.parametrize("variant", ["Ours", "Plain"])
def test_compiled_steps_match_hand_written_numpy(workload, variant):
    data, params = _setup(workload)
    ours = harness.compiled(getattr(workload, variant)(*data, params))
    numpy_ref = workload.Numpy(*data, params)
    for _ in range(3):  # traced, then replayed (and checked), then replayed
        _assert_same_step(ours, numpy_ref, F32)
    assert ours.loss().grad_fn.name == "compiled"


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_pytorch_plain_op_step_matches_hand_written_numpy(workload):
    pytest.importorskip("torch")
    data, params = _setup(workload)
    theirs, numpy_ref = workload.Plain(*data, params, plain.torch), workload.Numpy(*data, params)
    for _ in range(2):
        _assert_same_step(theirs, numpy_ref, F32)


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_float32_stays_float32_in_our_training_step(workload):
    data, params = _setup(workload)
    ours = workload.Ours(*data, params)
    ours.step()
    ours.step()
    assert ours.loss().dtype == np.float32
    for p in ours.model.parameters():
        assert p.dtype == np.float32 and p.grad.dtype == np.float32
        for value in ours.optimizer.state[p].values():
            if isinstance(value, np.ndarray):
                assert value.dtype == np.float32
    problems = [p for p in float32_check.check(workload) if not p.startswith("(not checked")]
    assert problems == []


def test_float32_check_sees_a_hidden_upcast():
    from autograd import Tensor

    with float32_check._WatchNewArrays() as watch:
        x = Tensor(np.ones(3, np.float32), requires_grad=True)
        (x * np.array(2.0)).sum().backward()  # a float64 0-d array upcasts the product
    assert x.grad.dtype == np.float32  # ...which the cast back to x's dtype hides
    if watch.original is not None:
        assert any(other.startswith("float64") for other in watch.others)


def test_float32_check_sees_a_gradient_cast_back_by_the_engine():
    from autograd import Function, Tensor

    class Upcasting(Function):  # a derivative that returns float64 for float32
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * np.array(2.0)

    with float32_check._WatchBackwardGradients() as watch:
        x = Tensor(np.ones(3, np.float32), requires_grad=True)
        Upcasting.apply(x).sum().backward()
    assert x.grad.dtype == np.float32
    if watch.name is not None:
        assert any(other.startswith("float64 for a float32") for other in watch.others)


def test_matmuls_alone_runs_the_eight_products_of_a_step():
    data, params = _setup(mnist)
    assert mnist.MatmulsAlone(*data, params).step() is None


SCALAR_TYPES = ["Scalar", "tensor"]  # the demo runs with autograd.Scalar and with 0-d Tensors


@pytest.mark.parametrize("scalar_name", SCALAR_TYPES)
def test_scalar_demo_matches_hand_written_numpy(scalar_name):
    import autograd

    scalar = getattr(autograd, scalar_name)
    X, y = micrograd_demo.make_data()
    params = micrograd_demo.initial_params()
    ours = micrograd_demo.ScalarMLP(params, scalar)
    numpy_ref = micrograd_demo.Numpy(X, y, params)
    loss, accuracy = micrograd_demo.demo_step(ours, X.tolist(), y.tolist(), scalar, k=0)
    assert (loss, accuracy) == pytest.approx(numpy_ref.step(), **APPROX64)
    grads = [float(p.grad) for p in ours.parameters()]
    np.testing.assert_allclose(grads, micrograd_demo.per_neuron(numpy_ref.grads), **F64)
    values = [float(p) for p in ours.parameters()]
    np.testing.assert_allclose(values, micrograd_demo.per_neuron(numpy_ref.params), **F64)


@pytest.mark.parametrize("scalar_name", SCALAR_TYPES)
def test_scalar_demo_matches_micrograd(scalar_name):
    pytest.importorskip("micrograd")
    from micrograd.engine import Value

    import autograd

    scalar = getattr(autograd, scalar_name)
    X, y = micrograd_demo.make_data()
    X, y = X[:20], y[:20]  # the same program on fewer points: quicker, as telling
    params = micrograd_demo.initial_params()
    ours, theirs = micrograd_demo.ScalarMLP(params, scalar), micrograd_demo.micrograd_mlp(params)
    for k in range(2):
        ours_result = micrograd_demo.demo_step(ours, X.tolist(), y.tolist(), scalar, k)
        theirs_result = micrograd_demo.demo_step(theirs, X.tolist(), y.tolist(), Value, k)
        assert ours_result == pytest.approx(theirs_result, **APPROX64)
        np.testing.assert_allclose(
            [float(p.grad) for p in ours.parameters()], [p.grad for p in theirs.parameters()], **F64
        )
    assert micrograd_demo.micrograd_graph_size() > 60_000


def test_chain_gradient_is_the_product_of_the_scales():
    expected = chain.expected_gradient()
    np.testing.assert_allclose(chain.ours(), np.full(4, expected), **F64)
    from autograd import Tensor

    np.testing.assert_allclose(chain.chain(Tensor(np.ones(4))).numpy(), chain.numpy_forward(), **F64)


def test_chain_in_pytorch_and_micrograd():
    pytest.importorskip("torch")
    pytest.importorskip("micrograd")
    expected = chain.expected_gradient()
    np.testing.assert_allclose(chain.torch_chain(), np.full(4, expected), **F64)
    assert chain.micrograd_chain() == pytest.approx(expected, **APPROX64)


@pytest.mark.parametrize("workload", [spirals, mnist], ids=["spirals", "mnist"])
def test_pytorch_version_matches_hand_written_numpy(workload):
    pytest.importorskip("torch")
    data, params = _setup(workload)
    _assert_same_step(workload.Torch(*data, params), workload.Numpy(*data, params), F32)


def test_big_graph_in_process_and_in_a_subprocess():
    result = big_graph.measure("ours", 2000)
    assert result["grad"] == pytest.approx(chain.SCALE**1000, **APPROX64)
    assert result["build_s"] > 0 and result["peak_mib"] >= 0
    assert big_graph.measure("numpy", 2000)["grad"] is None
    assert big_graph.run_subprocess("ours", 1000)["grad"] == pytest.approx(chain.SCALE**500, **APPROX64)


def test_interleaving_times_every_engine_and_the_table_shows_ratios():
    calls = []
    engines = [
        harness.Engine("a", lambda: calls.append("a"), role="numpy"),
        harness.Engine("b", lambda: calls.append("b")),
    ]
    samples = harness.interleave(engines, seconds=0, min_rounds=3, warmup=1, block_seconds=0)
    assert [len(samples["a"]), len(samples["b"])] == [3, 3]
    assert calls[2:] == ["a", "b", "b", "a", "a", "b"]  # after warm-up: turns rotate
    rows = [
        dict(engine="a", threads="1", role="numpy", median=2.0, min=1.0, steps=3, peak=2**20, numpy=1.0),
        dict(engine="b", threads="1", role=None, median=3.0, min=2.0, steps=3, peak=None, numpy=1.5),
    ]
    table = "\n".join(run.format_table("t", rows, ["a note"]))
    assert "| b | 1 | 3 | 2 | 1.50 | — | 3 |" in table and "- a note" in table
    rows[1]["min"] = 1.0  # median 3x the minimum: noisy
    assert "| b ⚠ | 1 | 3 | 1 |" in "\n".join(run.format_table("t", rows, []))
    rows[1]["engine"], rows[0]["engine"] = run.NN, "numpy by hand"
    other = [dict(row, threads="2 (default)", median=row["median"] * 2) for row in rows]
    other[1]["median"] = 2.0  # at 2 threads, b is as fast as numpy
    targets = "\n".join(run.target_lines({"spirals": rows + other}))
    assert "| target | threads 1 | threads 2 (default) |" in targets
    assert "| spirals nn.MLP: ≤ 1.5× numpy by hand | 1.50× yes ⚠ | 0.50× yes ⚠ |" in targets
    assert "| spirals nn.MLP: ≤ 1.0× plain ops | not measured | not measured |" in targets
    rows[1]["median"] = 4.0
    assert "| spirals nn.MLP: ≤ 1.5× numpy by hand | 2.00× **no** ⚠ |" in "\n".join(
        run.target_lines({"spirals": rows})
    )


def test_thread_settings_become_each_childs_environment():
    assert run.thread_settings("1,default") == [1, None]
    with pytest.raises(ValueError, match="'two'"):
        run.thread_settings("1,two")
    one = harness.thread_environment(1)
    assert [one[name] for name in harness.THREAD_VARIABLES] == ["1", "1", "1"]
    assert not set(harness.THREAD_VARIABLES) & set(harness.thread_environment(None))


def test_lenet_workload_matches_hand_written_im2col():
    """The VGG block runs the same code on larger arrays (and takes seconds a step): not repeated."""
    workload = conv.LENET
    data, params = workload.make_data(), workload.initial_params()
    ours, numpy_ref = workload.Ours(*data, params), workload.Numpy(*data, params)
    for _ in range(2):
        _assert_same_step(ours, numpy_ref, F32)


def test_bytecode_count_sees_where_a_step_runs_python():
    """One step's bytecodes, per function: the engine's for plain ops, none of it for numpy by hand."""
    from benchmarks import instructions

    plain_counts = instructions.bytecodes(instructions.warm_step("plain"))
    numpy_counts = instructions.bytecodes(instructions.warm_step("numpy"))
    engine = {name for (filename, name, _) in plain_counts if filename.endswith("autograd/engine.py")}
    assert {"run_backward", "_through_ops"} <= engine
    assert not any(filename.endswith("autograd/engine.py") for filename, _, _ in numpy_counts)
    assert sum(plain_counts.values()) > sum(numpy_counts.values()) > 0
    assert instructions.bytecodes(instructions.warm_step("numpy")) == numpy_counts  # deterministic
