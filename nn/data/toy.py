"""Small synthetic datasets for the worked examples (E2, E4 and E6).

Every function returns numpy arrays ``(X, y)``: ``X`` holds float64 inputs,
one row per example, and ``y`` the int64 class labels (``seven_segment``
returns one-hot float targets instead; it says so).  The random ones take
``seed``: an int gives its own ``autograd.random.Generator().manual_seed(seed)``,
``None`` draws from the library's generator, so ``autograd.manual_seed(n)``
makes them repeatable too.
"""

import numbers

import numpy as np

from autograd import random

from ._checks import generator_for


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_count(name, value, minimum):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_noise(noise):
    if not _is_number(noise) or not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return float(noise)


def _shuffled(generator, X, y, noise):
    """Add N(0, noise^2) to every coordinate, then shuffle the rows (randperm)."""
    X = X + random.sampling.normal(X.shape, 0.0, noise, np.float64, generator) if noise > 0 else X
    order = random.sampling.permutation(len(y), np.int64, generator)
    return X[order], y[order]


def _two_classes(n_zero, n_one):
    return np.concatenate([np.zeros(n_zero, np.int64), np.ones(n_one, np.int64)])


def make_circles(n=100, factor=0.6, noise=0.1, seed=None):
    """Two concentric circles in 2-D (scikit-learn's convention).

    ``n // 2`` points lie evenly spaced on the unit circle (class 0) and the
    other ``n - n // 2`` on a circle of radius ``factor`` (class 1):

        x_k = r (cos 2 pi k / m, sin 2 pi k / m),  k = 0 .. m-1

    then every coordinate gets Gaussian noise of standard deviation
    ``noise`` and the rows are shuffled.  The defaults are E2's (factor 0.6,
    noise 0.1).  No straight line separates the classes.
    """
    n = _check_count("n", n, 2)
    if not _is_number(factor) or not 0 <= factor < 1:
        raise ValueError(f"factor must be a number in [0, 1), got {factor!r}")
    noise = _check_noise(noise)
    generator = generator_for(seed)
    n_out = n // 2
    n_in = n - n_out
    angle_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angle_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.concatenate(
        [
            np.stack([np.cos(angle_out), np.sin(angle_out)], axis=1),
            factor * np.stack([np.cos(angle_in), np.sin(angle_in)], axis=1),
        ]
    )
    return _shuffled(generator, X, _two_classes(n_out, n_in), noise)


def make_moons(n=100, noise=0.1, seed=None):
    """Two interleaving half circles (scikit-learn's convention).

    Class 0 (``n // 2`` points): (cos t, sin t) for t evenly in [0, pi].
    Class 1 (the rest): (1 - cos t, 1/2 - sin t), the same arc flipped and
    shifted so it hooks into the first.  Gaussian noise of standard
    deviation ``noise`` is added and the rows are shuffled.
    """
    n = _check_count("n", n, 2)
    noise = _check_noise(noise)
    generator = generator_for(seed)
    n_top = n // 2
    n_bottom = n - n_top
    t_top = np.linspace(0, np.pi, n_top)
    t_bottom = np.linspace(0, np.pi, n_bottom)
    X = np.concatenate(
        [
            np.stack([np.cos(t_top), np.sin(t_top)], axis=1),
            np.stack([1 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)], axis=1),
        ]
    )
    return _shuffled(generator, X, _two_classes(n_top, n_bottom), noise)


def make_spirals(n=400, noise=0.02, turns=2.0, seed=None):
    """Two interleaved spirals in 2-D: a classic that shallow nets find hard.

    Each class is an Archimedean spiral around the origin, the second one
    turned by half a revolution so that its arm runs between the first's:

        t = sqrt(u),  u ~ Uniform(0, 1)
        x = t (cos(2 pi turns t + pi k), sin(2 pi turns t + pi k)),  k = 0, 1

    Drawing ``t = sqrt(u)`` spreads the points evenly along the arms (arc
    length grows like t^2), so few fall at the centre, where the arms meet.
    Each revolution adds ``1 / turns`` to the radius, so neighbouring arms of
    the two classes are ``1 / (2 turns)`` apart; ``noise`` is the standard
    deviation of the Gaussian added to every coordinate.  ``n // 2`` points
    go to class 0, the rest to class 1; rows are shuffled.

    Why these defaults (n=400, noise=0.02, turns=2): trained full-batch for
    700 epochs with Adam (lr 0.003, sigmoid output, binary cross-entropy,
    weights and biases ~ N(0, 1/fan_in)), a 2-40-25-10-1 ReLU network reaches
    99-100 % on the training draw and on a fresh validation draw, one hidden
    layer of 512 about 97-99 %, and one hidden layer of 128 only 83-92 % --
    the ordering of experiment E2.  A least-squares straight line gets about
    60 %.
    """
    n = _check_count("n", n, 2)
    noise = _check_noise(noise)
    if not _is_number(turns) or not 0 < turns <= 1e6:  # beyond, cos(angle) is rounding noise
        raise ValueError(f"turns must be a number in (0, 1e6], got {turns!r}")
    generator = generator_for(seed)
    n_zero = n // 2
    t = np.sqrt(random.sampling.uniform(n, dtype=np.float64, generator=generator))
    half_turn = np.pi * _two_classes(n_zero, n - n_zero)
    angle = 2 * np.pi * turns * t + half_turn
    X = t[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _shuffled(generator, X, _two_classes(n_zero, n - n_zero), noise)


def make_xor():
    """The four XOR points (E4): y = 1 exactly when the two inputs differ.

    X = [[0, 0], [0, 1], [1, 0], [1, 1]],  y = [0, 1, 1, 0].
    No single neuron (a straight line) can separate them.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


# Which of the segments a..g are lit for each digit:
#
#      aaa
#     f   b
#      ggg
#     e   c
#      ddd
_SEGMENTS_LIT = ["abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"]


def seven_segment():
    """The seven-segment display (E4): which segments are lit -> which digit.

    Returns ``(X, Y)``: ``X`` is (10, 7) float64, row d holding 1.0 for every
    segment lit when digit d is shown and 0.0 otherwise, columns in the order
    a, b, c, d, e, f, g (a top, b upper right, c lower right, d bottom,
    e lower left, f upper left, g middle).  ``Y`` is the (10, 10) float64
    one-hot target: ``Y[d, d] = 1``.  Six shows its top bar and nine its
    bottom bar, so all ten rows differ.
    """
    X = np.array([[float(s in lit) for s in "abcdefg"] for lit in _SEGMENTS_LIT])
    return X, np.eye(10)


def binary_function(bits=14):
    """Every vector of {-1, 1}^bits with one of four classes (E6).

    ``X`` has ``2**bits`` rows: row i is i written in binary, most significant
    bit first, with 0 -> -1.0 and 1 -> +1.0 (so row 0 is all -1).
    With h = bits // 2 and x_1 .. x_bits the columns, the class is

        y = 2 [x_1 + ... + x_h > 0] + [x_1 x_2 + x_3 x_4 + ... > 0]

    The first bit of the label is the majority vote of the first half of the
    inputs (one straight cut); the second is the majority of the products of
    neighbouring pairs, i.e. whether most pairs agree -- an XOR-like part no
    linear model can learn, yet ReLU networks learn it: with E6's settings
    (Adam lr 0.002, batches of 32, 10 epochs, 80/20 split) a 14-100-40-4
    network reaches ~100 % test accuracy, while very deep narrow ones
    struggle to train at all.  When
    bits // 2 is odd (6, 10, 14, ...) both sums have an odd number of +-1
    terms, so neither is ever 0 and the four classes are exactly equal in
    size (4096 each for bits = 14); otherwise a tie counts as "not > 0".
    """
    bits = _check_count("bits", bits, 2)
    if bits > 20:
        raise ValueError(f"bits must be <= 20 (2**bits rows are built in memory), got {bits}")
    rows = np.arange(2**bits)
    zero_one = (rows[:, None] >> np.arange(bits - 1, -1, -1)) & 1
    X = 2.0 * zero_one - 1.0
    majority_first_half = X[:, : bits // 2].sum(axis=1) > 0
    pairs_agree = (X[:, 0 : bits - 1 : 2] * X[:, 1::2]).sum(axis=1) > 0
    y = 2 * majority_first_half.astype(np.int64) + pairs_agree.astype(np.int64)
    return X, y
