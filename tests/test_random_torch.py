"""autograd.random against PyTorch 2.x on the CPU: the same seed and calls give the same bits.

Every comparison is exact (``array_equal`` of values and dtype), never allclose. Sizes
straddle each threshold where PyTorch changes algorithm: normal_'s 16 (scalar Box-Muller
with a spare below, blocks of 16 from there, a redone last block when the size is not a
multiple of 16), random_'s range of 2**28 (one word or a 64-bit draw), multinomial's one
sample (the exponential race even with replacement). randperm's second algorithm starts
at n = 214748364, beyond what a test can afford; it is not compared.
"""

import warnings

import numpy as np
import pytest

import autograd
import nn
from autograd import random
from autograd.random import sampling

torch = pytest.importorskip("torch")

SEEDS = [0, 42, 2147483647, 2**40 + 7]  # the last one needs more than 32 bits
FLOATS = [(np.float32, torch.float32), (np.float64, torch.float64)]
SIZES = [0, 1, 2, 5, 15, 16, 17, 31, 32, 33, 100, 1000, 100_000]


def same(ours, theirs):
    ours = ours.numpy() if isinstance(ours, autograd.Tensor) else np.asarray(ours)
    theirs = theirs.detach().numpy()
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert np.array_equal(ours, theirs, equal_nan=True), f"{np.sum(ours != theirs)} of {ours.size} differ"


def pair(seed):
    return random.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)


@pytest.fixture
def float64_default():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
def test_uniform_normal_exponential_bernoulli_on_one_generator(seed, dtype, tdtype):
    g, tg = pair(seed)
    for n in SIZES:  # one generator for all: the sequence must stay in step
        same(random.rand(n, generator=g, dtype=dtype), torch.rand(n, generator=tg, dtype=tdtype))
        same(random.randn(n, generator=g, dtype=dtype), torch.randn(n, generator=tg, dtype=tdtype))
        same(
            sampling.normal(n, 0.3, 1.7, dtype, g),
            torch.empty(n, dtype=tdtype).normal_(0.3, 1.7, generator=tg),
        )
        same(
            sampling.normal(n, 0.0, 0.02, dtype, g),
            torch.empty(n, dtype=tdtype).normal_(0, 0.02, generator=tg),
        )
        same(
            sampling.normal(n, -1.5, 1.0, dtype, g),
            torch.empty(n, dtype=tdtype).normal_(-1.5, 1, generator=tg),
        )
        same(
            sampling.uniform(n, -0.035, 0.035, dtype, g),
            torch.empty(n, dtype=tdtype).uniform_(-0.035, 0.035, generator=tg),
        )
        same(
            sampling.uniform(n, 2.5, 1e4, dtype, g),
            torch.empty(n, dtype=tdtype).uniform_(2.5, 1e4, generator=tg),
        )
        same(
            sampling.exponential(n, 1.5, dtype, g),
            torch.empty(n, dtype=tdtype).exponential_(1.5, generator=tg),
        )
        same(sampling.bernoulli(n, 0.3, dtype, g), torch.empty(n, dtype=tdtype).bernoulli_(0.3, generator=tg))
    same(random.randn(3, generator=g, dtype=np.float64), torch.randn(3, generator=tg, dtype=torch.float64))


@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
def test_shapes_are_filled_in_row_major_order(dtype, tdtype):
    g, tg = pair(5)
    for shape in [(3, 7), (4, 4), (2, 3, 17), (0, 5), (1000, 100)]:
        same(random.rand(*shape, generator=g, dtype=dtype), torch.rand(*shape, generator=tg, dtype=tdtype))
        same(random.randn(shape, generator=g, dtype=dtype), torch.randn(shape, generator=tg, dtype=tdtype))


def test_uniform_rounding_up_to_the_upper_bound_gives_the_lower_one():
    g, tg = pair(0)
    same(
        sampling.uniform(1000, 1.0, 1 + 2**-23, np.float32, g),
        torch.empty(1000).uniform_(1.0, 1 + 2**-23, generator=tg),
    )


INTEGER_DTYPES = [
    (np.int8, torch.int8),
    (np.int16, torch.int16),
    (np.int32, torch.int32),
    (np.int64, torch.int64),
    (np.uint8, torch.uint8),
    (np.float32, torch.float32),
    (np.float64, torch.float64),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype,tdtype", INTEGER_DTYPES, ids=lambda d: str(d))
def test_randint_and_random_for_each_dtype(seed, dtype, tdtype):
    g, tg = pair(seed)
    low = 3 if dtype == np.uint8 else -5
    for n in [0, 1, 7, 1000, 100_000]:
        same(
            random.randint(low, 100, (n,), generator=g, dtype=dtype),
            torch.randint(low, 100, (n,), generator=tg, dtype=tdtype),
        )
        same(
            random.random_(autograd.tensor(np.empty(n, dtype)), generator=g),
            torch.empty(n, dtype=tdtype).random_(generator=tg),
        )
        same(
            random.random_(autograd.tensor(np.empty(n, dtype)), 7, generator=g),
            torch.empty(n, dtype=tdtype).random_(7, generator=tg),
        )


@pytest.mark.parametrize("span", [2**28 - 1, 2**28, 2**31, 2**32, 2**40])
def test_randint_switches_to_64_bit_draws_at_a_range_of_2_to_the_28(span):
    g, tg = pair(42)
    for dtype, tdtype in [(np.int64, torch.int64), (np.float64, torch.float64)] + (
        [(np.int32, torch.int32)] if span < 2**31 else []
    ):
        same(
            random.randint(-7, span - 7, (1001,), generator=g, dtype=dtype),
            torch.randint(-7, span - 7, (1001,), generator=tg, dtype=tdtype),
        )
    same(random.randint(span, (3,), generator=g), torch.randint(span, (3,), generator=tg))


def test_random_to_the_dtypes_max_and_the_full_64_bit_range():
    g, tg = pair(1)
    for dtype, tdtype in [
        (np.int64, torch.int64),
        (np.int32, torch.int32),
        (np.uint8, torch.uint8),
        (np.float32, torch.float32),
        (np.bool_, torch.bool),
    ]:
        same(
            random.random_(autograd.tensor(np.empty(500, dtype)), 0, None, generator=g),
            torch.empty(500, dtype=tdtype).random_(0, None, generator=tg),
        )
    same(
        random.random_(autograd.tensor(np.empty(500, np.int64)), -(2**63), None, generator=g),
        torch.empty(500, dtype=torch.int64).random_(-(2**63), None, generator=tg),
    )
    same(
        random.random_(autograd.tensor(np.empty(500, np.bool_)), generator=g),
        torch.empty(500, dtype=torch.bool).random_(generator=tg),
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_randperm(seed):
    g, tg = pair(seed)
    for n in [0, 1, 2, 3, 10, 1000, 100_000]:
        same(random.randperm(n, generator=g), torch.randperm(n, generator=tg))
        same(
            random.randperm(n, generator=g, dtype=np.int32),
            torch.randperm(n, generator=tg, dtype=torch.int32),
        )
    same(
        random.randperm(300, generator=g, dtype=np.float32),
        torch.randperm(300, generator=tg, dtype=torch.float32),
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize("shape", [(5,), (3, 7), (2, 30_000)], ids=["1-D", "2-D", "wide"])
def test_multinomial_with_and_without_replacement(seed, dtype, tdtype, shape):
    g, tg = pair(seed)
    probs = torch.rand(shape, generator=torch.Generator().manual_seed(seed + 1), dtype=tdtype)
    probs[..., 1] = 0  # a category that can never be drawn
    weights = probs.numpy().copy()
    for _ in range(2):  # two rounds: the stream stays in step
        for k, replacement in [(1, False), (3, False), (1, True), (2, True), (50, True)]:
            same(
                random.multinomial(weights, k, replacement, generator=g),
                torch.multinomial(probs, k, replacement, generator=tg),
            )
    # all the drawable categories (unnormalised weights); among 30,000 float32 races p/q a few tie
    # exactly, and PyTorch's topk leaves the order of ties undefined: there, the first 100 only
    k = min(shape[-1] - 1, 100)
    same(random.multinomial(weights * 7.5, k, generator=g), torch.multinomial(probs * 7.5, k, generator=tg))


@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
def test_bernoulli_with_tensor_probabilities_and_broadcasting(dtype, tdtype):
    g, tg = pair(2147483647)
    for shape in [(5,), (3, 7), (1000, 30)]:
        p = torch.rand(shape, generator=tg, dtype=tdtype)
        ours = p.numpy().copy()
        g.manual_seed(9), tg.manual_seed(9)
        same(random.bernoulli(autograd.tensor(ours), generator=g), torch.bernoulli(p, generator=tg))
        same(
            random.bernoulli(autograd.tensor(ours), 0.25, generator=g), torch.bernoulli(p, 0.25, generator=tg)
        )
        same(
            random.bernoulli_(
                autograd.tensor(np.empty((2,) + shape, np.float32)), autograd.tensor(ours), generator=g
            ),
            torch.empty((2,) + shape).bernoulli_(p, generator=tg),
        )


def test_normal_with_tensor_means_and_deviations():
    g, tg = pair(3)
    mean = torch.rand(4, 20, dtype=torch.float64, generator=tg)
    std = torch.rand(4, 20, dtype=torch.float64, generator=tg) * 3
    m, s = autograd.tensor(mean.numpy()), autograd.tensor(std.numpy())
    same(
        random.normal(m, s, generator=g.manual_seed(1)), torch.normal(mean, std, generator=tg.manual_seed(1))
    )
    same(random.normal(m, 2.5, generator=g), torch.normal(mean, 2.5, generator=tg))
    same(random.normal(0.5, s, generator=g), torch.normal(0.5, std, generator=tg))
    same(random.normal(m[0], s, generator=g), torch.normal(mean[0], std, generator=tg))
    same(
        random.normal(2.0, 3.0, size=(5, 4), generator=g, dtype=np.float32),
        torch.normal(2.0, 3.0, size=(5, 4), generator=tg, dtype=torch.float32),
    )


def test_like_functions_and_size_forms(float64_default):
    g, tg = pair(11)
    x = torch.empty(3, 17, dtype=torch.float32)
    ours = autograd.tensor(np.empty((3, 17), np.float32))
    same(random.rand_like(ours, generator=g), torch.rand_like(x, generator=tg))
    same(random.randn_like(ours, generator=g), torch.randn_like(x, generator=tg))
    same(random.randint_like(ours, 10, generator=g), torch.randint_like(x, 10, generator=tg))
    same(random.randint_like(ours, -3, 10, generator=g), torch.randint_like(x, -3, 10, generator=tg))
    same(random.rand(2, 3, generator=g), torch.rand(2, 3, generator=tg))
    same(random.rand((2, 3), generator=g), torch.rand((2, 3), generator=tg))
    same(random.randn(size=(2, 3), generator=g), torch.randn(size=(2, 3), generator=tg))
    same(random.randint(10, size=(4,), generator=g), torch.randint(10, size=(4,), generator=tg))
    same(
        random.randint(low=2, high=10, size=(4,), generator=g),
        torch.randint(low=2, high=10, size=(4,), generator=tg),
    )


def test_default_generator_interleaved_with_separate_generators(float64_default):
    autograd.manual_seed(2147483647)
    torch.manual_seed(2147483647)
    g, tg = pair(0)
    same(autograd.randn(3), torch.randn(3))  # leaves a spare normal in the default generators
    same(autograd.randn(5, generator=g), torch.randn(5, generator=tg))
    same(autograd.randn(1), torch.randn(1))  # the spare
    same(autograd.rand(20), torch.rand(20))
    same(autograd.randint(0, 27, (8,)), torch.randint(0, 27, (8,)))
    same(autograd.randn(40, generator=g), torch.randn(40, generator=tg))
    same(autograd.randperm(30), torch.randperm(30))
    same(autograd.multinomial(autograd.rand(27), 10, True), torch.multinomial(torch.rand(27), 10, True))
    assert autograd.initial_seed() == torch.initial_seed() == 2147483647


def test_states_round_trip_with_the_spare_normal():
    g, tg = pair(42)
    same(random.randn(3, generator=g), torch.randn(3, generator=tg, dtype=torch.float64))
    state, tstate = g.get_state(), tg.get_state()
    first = random.randn(7, generator=g)
    assert np.array_equal(random.randn(7, generator=g.set_state(state)).numpy(), first.numpy())
    tg.set_state(tstate)
    same(first, torch.randn(7, generator=tg, dtype=torch.float64))
    autograd.manual_seed(5)
    torch.manual_seed(5)
    same(autograd.randn(5), torch.randn(5, dtype=torch.float64))
    saved, tsaved = autograd.get_rng_state(), torch.get_rng_state()
    same(autograd.rand(4), torch.rand(4, dtype=torch.float64))
    autograd.set_rng_state(saved)
    torch.set_rng_state(tsaved)
    same(autograd.randn(9), torch.randn(9, dtype=torch.float64))


def test_a_new_generator_starts_from_pytorchs_seed():
    g, tg = random.Generator(), torch.Generator()
    assert g.initial_seed() == tg.initial_seed() == 67280421310721
    same(random.rand(5, generator=g), torch.rand(5, generator=tg, dtype=torch.float64))
    for negative in [-1, -(2**63)]:
        assert (
            random.Generator().manual_seed(negative).initial_seed()
            == torch.Generator().manual_seed(negative).initial_seed()
        )


# ---- the layers -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_linear_layers_get_pytorchs_initial_weights(seed, float64_default):
    autograd.manual_seed(seed)
    torch.manual_seed(seed)
    for fan_in, fan_out in [(784, 256), (256, 10), (2, 1)]:
        ours, theirs = nn.Linear(fan_in, fan_out), torch.nn.Linear(fan_in, fan_out)
        same(ours.weight, theirs.weight)
        same(ours.bias, theirs.bias)


def test_float32_default_gives_pytorchs_numbers_out_of_the_box():
    autograd.set_default_dtype(autograd.float32)
    try:
        autograd.manual_seed(0)
        torch.manual_seed(0)
        same(autograd.randn(100), torch.randn(100))
        same(autograd.rand(3, 5), torch.rand(3, 5))
        layer, theirs = nn.Linear(784, 256), torch.nn.Linear(784, 256)
        # nn.Linear makes float64 Parameters whatever the default (not this module's business):
        # made float32, its reset_parameters draws PyTorch's float32 weights
        layer.weight._data = layer.weight._data.astype(np.float32)
        layer.bias._data = layer.bias._data.astype(np.float32)
        torch.manual_seed(1)
        theirs.reset_parameters()
        autograd.manual_seed(1)
        layer.reset_parameters()
        same(layer.weight, theirs.weight)
        same(layer.bias, theirs.bias)
    finally:
        autograd.set_default_dtype(autograd.float64)


INITS = [
    ("uniform_", {"a": -2.0, "b": 3.0}),
    ("normal_", {"mean": 0.5, "std": 0.02}),
    ("xavier_uniform_", {"gain": 1.3}),
    ("xavier_normal_", {}),
    ("kaiming_uniform_", {"a": 0.1}),
    ("kaiming_normal_", {"mode": "fan_out", "nonlinearity": "relu"}),
]


@pytest.mark.parametrize("name,options", INITS, ids=[name for name, _ in INITS])
@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
def test_init_functions(name, options, dtype, tdtype):
    for shape in [(30, 40), (7, 3), (64, 16, 3)]:
        g, tg = pair(7)
        ours = getattr(nn.init, name)(nn.Parameter(np.empty(shape, dtype)), **options, generator=g)
        same(ours, getattr(torch.nn.init, name)(torch.empty(shape, dtype=tdtype), **options, generator=tg))
        autograd.manual_seed(8)
        torch.manual_seed(8)
        same(
            getattr(nn.init, name)(nn.Parameter(np.empty(shape, dtype)), **options),
            getattr(torch.nn.init, name)(torch.empty(shape, dtype=tdtype), **options),
        )


@pytest.mark.parametrize("dtype,tdtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.3])
def test_dropout_draws_pytorchs_masks(dtype, tdtype, p):
    x = np.random.default_rng(0).standard_normal((64, 100)).astype(dtype)
    autograd.manual_seed(1)
    torch.manual_seed(1)
    ours, theirs = nn.Dropout(p), torch.nn.Dropout(p)
    for _ in range(3):
        same(ours(autograd.tensor(x)), theirs(torch.tensor(x)))
    same(
        nn.functional.dropout(autograd.tensor(x[:3]), p), torch.nn.functional.dropout(torch.tensor(x[:3]), p)
    )


@pytest.mark.parametrize(
    "view", [lambda x: x.transpose(0, 2), lambda x: x.permute(1, 2, 0), lambda x: x[:, ::2], lambda x: x[:1]]
)
@pytest.mark.parametrize("contiguous", [False, True])
def test_dropout_draws_in_pytorchs_memory_order(view, contiguous):
    """PyTorch fills the mask of a transposed or permuted input in the order of its memory, of a
    gapped view (and of a contiguous copy) in row order; so does chainrule."""
    x = np.random.default_rng(0).standard_normal((3, 4, 5))
    autograd.manual_seed(1)
    torch.manual_seed(1)
    ours, theirs = view(autograd.tensor(x)), view(torch.tensor(x))
    if contiguous:
        ours, theirs = ours.contiguous(), theirs.contiguous()
    same(nn.functional.dropout(ours, 0.4), torch.nn.functional.dropout(theirs, 0.4))


@pytest.mark.filterwarnings("ignore:dropout")
@pytest.mark.parametrize(
    "name,shape",
    [
        ("dropout1d", (4, 6)),
        ("dropout1d", (3, 4, 6)),
        ("dropout2d", (8, 6)),
        ("dropout2d", (3, 4, 6)),
        ("dropout2d", (2, 3, 4, 5)),
        ("dropout2d", (2, 3, 4, 5, 2)),
        ("dropout3d", (3, 4, 5)),
        ("dropout3d", (3, 4, 2, 5)),
        ("dropout3d", (2, 3, 4, 2, 5)),
    ],
)
@pytest.mark.parametrize("inplace", [False, True])
def test_channel_dropouts_draw_pytorchs_masks(name, shape, inplace):
    """dropout1d/2d/3d of every rank PyTorch accepts (dropout2d of a 2-D input: element-wise, as
    pytorch/examples' mnist_rnn uses it; unbatched inputs: one sample), layers and functions."""
    x = np.random.default_rng(0).standard_normal(shape)
    autograd.manual_seed(1)
    torch.manual_seed(1)
    ours, theirs = autograd.tensor(x), torch.tensor(x)
    layer = "Dropout" + name[-2:]
    for _ in range(2):
        same(getattr(nn, layer)(0.4)(ours), getattr(torch.nn, layer)(0.4)(theirs))
    out = getattr(nn.functional, name)(ours, 0.3, inplace=inplace)
    same(out, getattr(torch.nn.functional, name)(theirs, 0.3, inplace=inplace))
    if inplace:
        same(ours, theirs)
    same(getattr(nn.functional, name)(ours, 1.0), getattr(torch.nn.functional, name)(theirs, 1.0))
    same(nn.functional.dropout(ours, 1.0), torch.nn.functional.dropout(theirs, 1.0))


@pytest.mark.parametrize("dims", [1, 2])
def test_dropout_after_a_convolution_draws_pytorchs_masks(dims):
    """conv2d returns channels-last memory where PyTorch's result is in row order; dropout on it
    (and on what elementwise ops make of it) still draws PyTorch's masks."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 3) + (6,) * dims), rng.standard_normal((4, 3) + (3,) * dims)
    ours_conv, theirs_conv = (
        getattr(nn.functional, f"conv{dims}d"),
        getattr(torch.nn.functional, f"conv{dims}d"),
    )
    autograd.manual_seed(1)
    torch.manual_seed(1)
    ours = ours_conv(autograd.tensor(x), autograd.tensor(w), padding=1).relu()
    theirs = theirs_conv(torch.tensor(x), torch.tensor(w), padding=1).relu()
    for _ in range(2):  # the convolutions' sums differ in the last bit: compare masks, then values
        dropped, expected = (
            nn.functional.dropout(ours, 0.4).numpy(),
            torch.nn.functional.dropout(theirs, 0.4).numpy(),
        )
        np.testing.assert_array_equal(dropped == 0, expected == 0)
        np.testing.assert_allclose(dropped, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("batch_size,drop_last", [(10, False), (10, True), (103, False), (1, False)])
@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("own_generator", [False, True])
def test_dataloader_visits_pytorchs_order(batch_size, drop_last, shuffle, own_generator):
    from torch.utils.data import DataLoader, TensorDataset

    X, y = np.arange(206, dtype=np.float64).reshape(103, 2), np.arange(103)
    autograd.manual_seed(7)
    torch.manual_seed(7)
    g, tg = pair(3)
    ours = nn.data.DataLoader(
        (X, y),
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=drop_last,
        generator=g if own_generator else None,
    )
    theirs = DataLoader(
        TensorDataset(torch.tensor(X), torch.tensor(y)),
        batch_size=batch_size,
        shuffle=shuffle,
        drop_last=drop_last,
        generator=tg if own_generator else None,
    )
    for _ in range(3):  # epochs; after each, both default generators and g still agree
        batches, tbatches = list(ours), list(theirs)
        assert len(batches) == len(tbatches)
        for (xb, yb), (txb, tyb) in zip(batches, tbatches):
            same(yb, tyb)
            same(xb, txb)
        same(autograd.rand(3), torch.rand(3, dtype=torch.float64))
        same(random.rand(3, generator=g), torch.rand(3, generator=tg, dtype=torch.float64))


def test_makemore_style_initial_loss_and_samples(float64_default):
    """Karpathy's makemore (part 2): seeded embedding and MLP, the initial loss, sampled names."""
    words = ["emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia"]
    chars = sorted(set("".join(words)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    xs, ys = [], []
    for w in words:
        context = [0, 0, 0]
        for ch in w + ".":
            xs.append(context)
            ys.append(stoi[ch])
            context = context[1:] + [stoi[ch]]
    V = len(stoi)

    def run(lib, gen, F):
        g = gen().manual_seed(2147483647)
        C = lib.randn((V, 10), generator=g)
        W1 = lib.randn((30, 200), generator=g)
        b1 = lib.randn(200, generator=g)
        W2 = lib.randn((200, V), generator=g)
        b2 = lib.randn(V, generator=g)
        X = np.array(xs)
        emb = C.numpy()[X].reshape(len(X), 30)
        h = np.tanh(emb @ W1.numpy() + b1.numpy())
        logits = h @ W2.numpy() + b2.numpy()
        logits = logits - logits.max(axis=1, keepdims=True)
        loss = -(logits[np.arange(len(ys)), ys] - np.log(np.exp(logits).sum(axis=1))).mean()
        names = []
        for _ in range(5):
            out, context = [], [0, 0, 0]
            while True:
                hh = np.tanh(C.numpy()[context].reshape(1, 30) @ W1.numpy() + b1.numpy())
                lg = hh @ W2.numpy() + b2.numpy()
                probs = np.exp(lg - lg.max())
                probs = probs / probs.sum()
                ix = int(lib.multinomial(F(probs[0]), num_samples=1, replacement=True, generator=g).item())
                context = context[1:] + [ix]
                if ix == 0 or len(out) > 20:
                    break
                out.append(ix)
            names.append("".join(chars[i - 1] for i in out))
        return loss, names

    ours = run(autograd, random.Generator, lambda a: a)
    theirs = run(torch, torch.Generator, torch.tensor)
    assert f"{ours[0]:.4f}" == f"{theirs[0]:.4f}"
    assert ours[1] == theirs[1]


@pytest.mark.parametrize("low, high", [(-5e307, 5e307), (-1e300, 1e300), (0.0, 8e307)])
def test_uniform_over_huge_float64_ranges_matches_torch(low, high):
    """x * (to - from) + from near the largest float64: the fused multiply-add's emulation
    must not overflow in its exact product (Veltkamp's split of numbers beyond 2**995)."""
    torch = pytest.importorskip("torch")
    ours = autograd.empty(2000, dtype=autograd.float64)
    autograd.manual_seed(11)
    ours.uniform_(low, high)
    theirs = torch.empty(2000, dtype=torch.float64)
    torch.manual_seed(11)
    theirs.uniform_(low, high)
    assert np.isfinite(ours.numpy()).all()
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("n", [3, 40])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_normal_with_a_std_near_the_largest_float_overflows_to_inf_as_torch(n, dtype):
    torch = pytest.importorskip("torch")
    ours = autograd.empty(n, dtype=getattr(autograd, dtype))
    autograd.manual_seed(5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warning leaks out
        nn.init.normal_(ours, std=1.797e308)
    theirs = torch.empty(n, dtype=getattr(torch, dtype))
    torch.manual_seed(5)
    torch.nn.init.normal_(theirs, std=1.797e308)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
