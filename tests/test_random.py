"""autograd.random without PyTorch: the stream pinned by a table recorded from PyTorch, the
exact arithmetic it rests on, states, and the errors for bad input.

tests/data/random_reference.json comes from tests/make_random_reference.py (run it with
PyTorch installed to regenerate it); tests/test_random_torch.py compares with PyTorch
directly and much more widely.
"""

import json
import math
import pathlib
from fractions import Fraction

import numpy as np
import pytest
from make_random_reference import CASES, summary  # noqa: I100 (tests/ is on the path)

import autograd
import nn
from autograd import random
from autograd.random import floats, sampling

TABLE = json.loads((pathlib.Path(__file__).parent / "data" / "random_reference.json").read_text())["cases"]


def ours(name, seed, dtype, args):
    g = random.Generator().manual_seed(seed)
    if name in ("rand", "randn"):
        return getattr(random, name)(args[0], generator=g, dtype=dtype).numpy()
    if name in ("normal_", "uniform_", "exponential_", "bernoulli_"):
        return getattr(random, name)(
            autograd.tensor(np.empty(args[0], dtype)), *args[1:], generator=g
        ).numpy()
    if name == "randint":
        return random.randint(args[0], args[1], (args[2],), generator=g, dtype=dtype).numpy()
    if name == "random_":
        return random.random_(autograd.tensor(np.empty(args[0], dtype)), generator=g).numpy()
    if name == "randperm":
        return random.randperm(args[0], generator=g, dtype=dtype).numpy()
    probs = random.rand(2, 7, generator=g, dtype=dtype)
    return random.multinomial(probs, args[0], args[1], generator=g).numpy()


def test_the_table_has_every_case_of_the_script():
    assert [(c["function"], c["seed"], c["dtype"], c["args"]) for c in TABLE] == [
        (name, seed, dtype, list(args)) for name, seed, dtype, args in CASES
    ]


@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c['function']}-{c['dtype']}-{c['seed']}-{c['args']}")
def test_values_recorded_from_pytorch(case):
    expected = {k: case[k] for k in ("result_dtype", "shape", "first", "last", "sha256")}
    assert summary(ours(case["function"], case["seed"], case["dtype"], case["args"])) == expected


def test_the_engine_is_the_reference_mersenne_twister():
    # The C++ standard fixes the 10000th output of std::mt19937 seeded with 5489: 4123659995.
    # numpy's private MT19937._legacy_seeding gives that seeding (Generator.manual_seed uses it).
    words = random.Generator().manual_seed(5489).words(10000)
    assert words.dtype == np.uint32 and int(words[-1]) == 4123659995 and int(words[0]) == 3499211612


def test_64_bit_draws_are_two_words_first_one_high():
    a, b = random.Generator().manual_seed(3), random.Generator().manual_seed(3)
    hi, lo = (int(w) for w in a.words(2))
    assert int(b.words64(1)[0]) == hi << 32 | lo


def test_seeds_use_their_low_32_bits_and_wrap_negative_ones():
    a = random.Generator().manual_seed(2**40 + 7)
    assert np.array_equal(a.words(5), random.Generator().manual_seed(7).words(5))
    assert a.initial_seed() == 2**40 + 7
    assert random.Generator().manual_seed(-1).initial_seed() == 2**64 - 1
    assert random.Generator().initial_seed() == 67280421310721


def test_libm_values_are_the_c_librarys():
    x = np.random.default_rng(0).random(20000)
    for ufunc, function, argument in [
        (np.log, math.log, 1 - x),
        (np.log1p, math.log1p, -x),
        (np.cos, math.cos, 6.3 * x),
        (np.sin, math.sin, 6.3 * x),
    ]:
        assert np.array_equal(floats.libm(ufunc, argument), [function(v) for v in argument.tolist()])


def test_libm_falls_back_to_math_when_numpy_would_not_call_the_c_library(monkeypatch):
    monkeypatch.setitem(floats._numpy_calls_libm, np.log1p, False)
    x = -np.random.default_rng(3).random((30, 7))
    assert np.array_equal(floats.libm(np.log1p, x), np.vectorize(math.log1p)(x))


def _exact_fma(a, b, c, dtype):
    return np.array(
        [float(Fraction(float(p)) * Fraction(float(q)) + Fraction(float(r))) for p, q, r in zip(a, b, c)]
    ).astype(dtype)


def test_fma64_rounds_once():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal(3000), rng.standard_normal(3000)
    c = np.concatenate([-a[:1000] * b[:1000], rng.standard_normal(1000) * 1e-20, rng.standard_normal(1000)])
    exact = np.array([float(Fraction(p) * Fraction(q) + Fraction(r)) for p, q, r in zip(a, b, c)])
    assert np.array_equal(floats.fma64(a, b, c), exact)
    assert not np.array_equal(a * b + c, exact)  # two roundings differ somewhere


def test_fma64_rounds_once_near_the_largest_float64():
    """Operands beyond 2**995, where Veltkamp's split would overflow unscaled; and a product
    that overflows, where the sum does too."""
    rng = np.random.default_rng(4)
    a = rng.random(2000) * 1.5
    b = np.concatenate([rng.uniform(1e307, 1e308, 1000), -rng.uniform(1e300, 1e307, 1000)])
    c = rng.uniform(-1e307, 1e307, 2000)
    exact = np.array([float(Fraction(p) * Fraction(q) + Fraction(r)) for p, q, r in zip(a, b, c)])
    assert np.array_equal(floats.fma64(a, b, c), exact)
    with np.errstate(over="ignore"):
        assert np.array_equal(floats.fma64(np.array([1e308]), 10.0, -1e300), [np.inf])


def test_fma32_rounds_once_even_where_float64_lands_halfway():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal(3000).astype(np.float32), rng.standard_normal(3000).astype(np.float32)
    c = (rng.standard_normal(3000) * np.repeat([1, 1e-9, 1e-30], 1000)).astype(np.float32)
    assert np.array_equal(floats.fma32(a, b, c), _exact_fma(a, b, c, np.float32))
    # 1 + 2**-24 + 2**-60: float64 keeps 1 + 2**-24 (halfway between two float32), which would
    # round down to 1; the exact sum is above halfway and rounds up
    tie = floats.fma32(np.float32([2**-30]), np.float32([2**-30]), np.float32([1 + 2**-23]))
    assert tie[0] == np.float32(1 + 2**-23)
    a, b, c = np.float32([1 + 2**-12]), np.float32([1 + 2**-12]), np.float32([-(1 + 2**-11)])
    assert np.array_equal(floats.fma32(a, b, c), _exact_fma(a, b, c, np.float32))


def test_state_round_trips_with_the_spare_normal():
    g = random.Generator().manual_seed(42)
    random.randn(3, generator=g)  # leaves a spare normal
    assert g.spare_normal is not None
    state = g.get_state()
    after = random.randn(40, generator=g).numpy(), random.randint(0, 10, (5,), generator=g).numpy()
    g.manual_seed(0)
    g.set_state(state)
    assert g.initial_seed() == 42
    again = random.randn(40, generator=g).numpy(), random.randint(0, 10, (5,), generator=g).numpy()
    assert all(np.array_equal(x, y) for x, y in zip(after, again))
    autograd.manual_seed(3)
    saved = autograd.get_rng_state()
    first = autograd.rand(4).numpy()
    autograd.set_rng_state(saved)
    assert np.array_equal(autograd.rand(4).numpy(), first)


def test_seed_draws_a_fresh_seed():
    g = random.Generator()
    s = g.seed()
    assert g.initial_seed() == s and np.array_equal(g.words(3), random.Generator().manual_seed(s).words(3))
    assert autograd.seed() == autograd.initial_seed()


def test_everything_random_in_the_library_follows_manual_seed():
    def draw():
        autograd.manual_seed(11)
        layer, drop = nn.Linear(5, 3), nn.Dropout(0.5)
        masks = drop(autograd.tensor(np.ones((4, 6)))).numpy()
        X, y = nn.data.make_moons(20)
        order = [b.numpy() for _, b in nn.data.DataLoader((X, y), batch_size=7, shuffle=True)]
        split = nn.data.train_test_split(X, y)[3]
        return [layer.weight.numpy(), layer.bias.numpy(), masks, X, *order, split]

    first, second = draw(), draw()
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


# ---- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call,error,words",
    [
        (lambda: random.rand(2, -1), ValueError, "negative"),
        (lambda: random.randn((2, 1.5)), TypeError, "ints"),
        (lambda: random.rand(3, dtype=np.int64), TypeError, "float32 or float64"),
        (lambda: random.randint(5, 5, (3,)), ValueError, "less than"),
        (lambda: random.randint(0, 300, (3,), dtype=np.uint8), ValueError, "does not fit"),
        (lambda: random.randint(0, 2.5, (3,)), TypeError, "int"),
        (lambda: random.randint(10), TypeError, "needs high"),
        (lambda: random.randperm(-1), ValueError, "non-negative"),
        (lambda: random.randperm(300, dtype=np.int8), ValueError, "too large"),
        (lambda: random.normal(0.0, -1.0, size=(3,)), ValueError, "std >= 0"),
        (lambda: random.normal(0.0, 1.0), TypeError, "size"),
        (lambda: random.normal(autograd.tensor([0.0, 1.0]), autograd.tensor([1.0, -1.0])), ValueError, "std"),
        (lambda: sampling.uniform(3, 1.0, 0.0), ValueError, "from <= to"),
        (lambda: sampling.exponential(3, 0.0), ValueError, "lambda > 0"),
        (lambda: sampling.bernoulli(3, 1.5), ValueError, "[0, 1]"),
        (lambda: random.bernoulli(autograd.tensor([0.5, np.nan])), ValueError, "[0, 1]"),
        (lambda: random.multinomial(autograd.tensor([0.5, -0.1]), 1), ValueError, "< 0"),
        (lambda: random.multinomial(autograd.tensor([0.5, np.nan]), 1), ValueError, "nan"),
        (lambda: random.multinomial(autograd.tensor([[0.5, 0.5], [0.0, 0.0]]), 1), ValueError, "sums to 0"),
        (lambda: random.multinomial(autograd.tensor([0.5, 0.5]), 3), ValueError, "without replacement"),
        (lambda: random.multinomial(autograd.tensor([0.5, 0.5]), 0, True), ValueError, "n_sample <= 0"),
        (lambda: random.multinomial(autograd.tensor(np.ones((2, 2, 2))), 1), ValueError, "1 or 2 dim"),
        (lambda: random.multinomial(autograd.tensor(np.array([1, 2])), 1), TypeError, "float"),
        (lambda: random.rand(3, generator=np.random.default_rng()), TypeError, "Generator"),
        (lambda: autograd.manual_seed(1.5), TypeError, "int"),
        (lambda: autograd.manual_seed(2**64), ValueError, "2**64"),
        (lambda: random.Generator().set_state(np.zeros(3, np.uint8)), ValueError, "get_state"),
        (lambda: random.uniform_(autograd.tensor([1.0], requires_grad=True)), RuntimeError, "no_grad"),
        (lambda: random.randn(3, device="cuda"), RuntimeError, "CPU only"),
        (lambda: random.normal_(np.zeros(3)), TypeError, "Tensor"),
        (
            lambda: nn.data.DataLoader(np.zeros((4, 2)), seed=1, generator=random.Generator()),
            ValueError,
            "not both",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error) as caught:
        call()
    assert words in str(caught.value)
