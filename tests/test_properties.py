"""Property-based tests: random expression graphs (with shared sub-expressions)
agree with numpy in the forward pass and with finite differences in the backward."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd as ag
from autograd import Tensor

# Smooth ops on values in [-1, 1]: (our op, numpy's op).
UNARY = [
    (lambda x: x.tanh(), np.tanh),
    (lambda x: x.sin(), np.sin),
    (lambda x: x.sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (lambda x: (x * x + 1).log(), lambda x: np.log(x * x + 1)),
    (lambda x: x * 0.5, lambda x: x * 0.5),
    (lambda x: x.exp() * 0.3, lambda x: np.exp(x) * 0.3),
]
BINARY = [
    (lambda a, b: a + b, np.add),
    (lambda a, b: a * b, np.multiply),
    (lambda a, b: a - b, np.subtract),
    (lambda a, b: a / (b * b + 1), lambda a, b: a / (b * b + 1)),
]

shapes = st.sampled_from([((), ()), ((3,), ()), ((2, 3), (3,)), ((4, 1), (1, 3)), ((2, 2), (2, 2))])
programs = st.lists(
    st.tuples(
        st.integers(0, len(UNARY) - 1),
        st.integers(0, len(BINARY) - 1),
        st.integers(0, 10),
        st.integers(0, 10),
    ),
    min_size=1,
    max_size=6,
)


def evaluate(program, a, b, ours):
    """Each step combines two earlier values (picked by index), so sub-expressions are shared."""
    values = [a, b]
    for unary, binary, i, j in program:
        u = UNARY[unary][0 if ours else 1]
        f = BINARY[binary][0 if ours else 1]
        values.append(f(u(values[i % len(values)]), values[j % len(values)]))
    return values[-1]


@settings(max_examples=60, deadline=None)
@given(shape_pair=shapes, program=programs, data=st.data())
def test_random_graphs_match_numpy_and_finite_differences(shape_pair, program, data):
    a0 = data.draw(hnp.arrays(np.float64, shape_pair[0], elements=st.floats(-1, 1)))
    b0 = data.draw(hnp.arrays(np.float64, shape_pair[1], elements=st.floats(-1, 1)))
    a, b = Tensor(a0, requires_grad=True), Tensor(b0, requires_grad=True)
    out = evaluate(program, a, b, ours=True)
    np.testing.assert_allclose(out.numpy(), evaluate(program, a0, b0, ours=False), rtol=1e-12, atol=1e-12)
    if out.requires_grad:
        assert ag.gradcheck(lambda a, b: evaluate(program, a, b, ours=True), (a, b))


@settings(max_examples=40, deadline=None)
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), data=st.data())
def test_reductions_match_numpy_on_any_shape(shape, data):
    x0 = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-10, 10)))
    axis = data.draw(st.one_of(st.none(), st.integers(-len(shape), len(shape) - 1)))
    x = Tensor(x0)
    np.testing.assert_allclose(x.sum(axis=axis).numpy(), x0.sum(axis=axis), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(x.mean(axis=axis).numpy(), x0.mean(axis=axis), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(x.amax(axis=axis).numpy(), x0.max(axis=axis))
    np.testing.assert_allclose(x.var(axis=axis, ddof=0).numpy(), x0.var(axis=axis), rtol=1e-9, atol=1e-12)
