"""Samplers on numpy arrays, each giving the values PyTorch's CPU kernels give.

Every function takes the shape, the dtype and a ``generator`` (None: the default one)
and reads the generator's words as PyTorch does, in row-major order:

- a float32 uniform takes one word (its low 24 bits: k / 2**24), a float64 one a
  64-bit draw (its low 53 bits: k / 2**53);
- an integer in [low, high) is ``word % (high - low) + low``, with one word, or a
  64-bit draw when high - low >= 2**28;
- normals pair uniforms by Box-Muller (see ``normal``).
"""

import math

import numpy as np

from .. import dtypes
from .floats import avx_log, avx_sincos, f32, fma32, fma64, libm
from .generator import as_generator

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
_MANTISSA = {np.dtype(np.float32): 24, np.dtype(np.float64): 53}
_WIDE = 2**28  # from this range on, integers take 64-bit draws (PyTorch's public builds)


def default_float():
    """The default float dtype of Tensors (float64 unless changed)."""
    return np.dtype(dtypes.get_default_dtype())


def as_shape(size, name="size"):
    """A tuple of non-negative ints from an int or a sequence of ints."""
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (size,)
    try:
        shape = tuple(
            int(n) if isinstance(n, (int, np.integer)) and not isinstance(n, bool) else None for n in size
        )
    except TypeError:
        shape = (None,)
    if None in shape:
        raise TypeError(f"{name} must be ints or a tuple of ints, got {size!r}")
    if any(n < 0 for n in shape):
        raise ValueError(f"{name}: cannot make an array with a negative dimension, got {list(shape)}")
    return shape


def float_dtype(dtype, what):
    dtype = default_float() if dtype is None else np.dtype(dtype)
    if dtype not in _FLOATS:
        raise TypeError(f"{what}: needs dtype float32 or float64, got {dtype}")
    return dtype


def _unit(generator, n, dtype):
    """n uniforms in [0, 1): k / 2**24 from a word (float32) or k / 2**53 from a 64-bit draw."""
    if dtype == np.float32:
        words = generator.words(n)
        return np.multiply(np.bitwise_and(words, 0xFFFFFF, out=words), f32(2.0**-24), dtype=f32)
    words = generator.words64(n)
    return np.multiply(np.bitwise_and(words, np.uint64(2**53 - 1), out=words), 2.0**-53)


def _fma(dtype):
    return fma32 if dtype == np.float32 else fma64


def uniform(size, low=0.0, high=1.0, dtype=None, generator=None):
    """U(low, high): ``u * (high - low) + low`` with one rounding (PyTorch fuses it) in the
    dtype, u from ``_unit``; a value rounded up to ``high`` becomes ``low``."""
    dtype, shape = float_dtype(dtype, "uniform_"), as_shape(size)
    if not low <= high:
        raise ValueError(f"uniform_ expects a [from, to) range with from <= to, got from={low} > to={high}")
    low, high = dtype.type(low), dtype.type(high)
    with np.errstate(over="ignore"):
        span = high - low
    if not np.isfinite(span):
        raise ValueError(f"uniform_: to - from must be finite in {dtype}, got from={low}, to={high}")
    g = as_generator(generator)
    x = _unit(g, math.prod(shape), dtype)
    if (low, high) != (0, 1):
        x = _fma(dtype)(x, high - low, low)
        x[x == high] = low
    return x.reshape(shape)


def uniform_real(n, low, high, generator=None):
    """n float64 values ``u * (high - low) + low`` rounded twice (not fused), u from a 64-bit
    draw: ATen's ``uniform_real_distribution<double>``, which rrelu draws its slopes from."""
    return _unit(as_generator(generator), n, np.dtype(np.float64)) * (high - low) + low


def normal(size, mean=0.0, std=1.0, dtype=None, generator=None):
    """N(mean, std^2) by Box-Muller, as PyTorch's normal_ does it.

    From 16 values up, in blocks of 16 uniforms: u1 = 1 - u[0:8], u2 = u[8:16],

        r = sqrt(-2 log u1),  z[0:8] = r cos(2 pi u2),  z[8:16] = r sin(2 pi u2),

    each then ``z * std + mean`` with one rounding; if the size is not a multiple of 16,
    16 fresh uniforms redo the last 16 values. float32 is computed in float32 (avx_log,
    avx_sincos), float64 with libm. Below 16 values, one at a time in float64 from two
    64-bit uniforms u1, u2: r = sqrt(-2 log1p(-u2)), z = r cos(2 pi u1), and r sin(2 pi u1)
    is kept in the generator for the next value.
    """
    dtype, shape = float_dtype(dtype, "normal_"), as_shape(size)
    _check_std(std)
    g = as_generator(generator)
    n = math.prod(shape)
    with np.errstate(over="ignore"):  # a std near the dtype's largest number: inf, as in PyTorch
        if n < 16:
            return np.array([_scalar_normal(g, mean, std) for _ in range(n)]).astype(dtype).reshape(shape)
        mean, std = dtype.type(mean), dtype.type(std)
        out = _unit(g, n, dtype)
        _box_muller(out[: n // 16 * 16].reshape(-1, 16), mean, std)
        if n % 16:
            out[n - 16 :] = _box_muller(_unit(g, 16, dtype).reshape(1, 16), mean, std).ravel()
    return out.reshape(shape)


def _check_std(std):
    if not std >= 0:
        raise ValueError(f"normal expects std >= 0.0, but found std {std}")


def _box_muller(u, mean, std):
    """Rows of 16 uniforms -> rows of 16 normals (see ``normal``), in place."""
    if u.dtype == np.float32:
        log = avx_log(f32(1) - u[:, :8])
        sin, cos = avx_sincos(f32(2 * math.pi) * u[:, 8:])
    else:
        log = libm(np.log, 1.0 - u[:, :8])
        theta = (2 * math.pi) * u[:, 8:]
        sin, cos = libm(np.sin, theta), libm(np.cos, theta)
    radius = np.sqrt(np.multiply(log, u.dtype.type(-2), out=log), out=log)
    z = u
    np.multiply(radius, cos, out=z[:, :8])
    np.multiply(radius, sin, out=z[:, 8:])
    if std == 1:
        return np.add(z, mean, out=z)  # = fma(z, 1, mean)
    if mean == 0:
        return np.add(np.multiply(z, std, out=z), 0, out=z)  # = fma(z, std, 0): -0 becomes 0 too
    z[...] = _fma(u.dtype)(z, std, mean)
    return z


def _scalar_normal(g, mean, std):
    if g.spare_normal is not None:
        z, g.spare_normal = g.spare_normal, None
    else:
        u1, u2 = _unit(g, 2, np.dtype(np.float64)).tolist()
        radius = math.sqrt(-2.0 * math.log1p(-u2))
        theta = 2.0 * math.pi * u1
        g.spare_normal = radius * math.sin(theta)
        z = radius * math.cos(theta)
    return float(fma64(z, float(std), float(mean)))


def exponential(size, lambd=1.0, dtype=None, generator=None):
    """Exp(lambd): -1/lambd * log1p(-u) in float64 (u from a 64-bit draw), then the dtype."""
    dtype, shape = float_dtype(dtype, "exponential_"), as_shape(size)
    if not (lambd > 0 and math.isfinite(lambd)):
        raise ValueError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    u = _unit(as_generator(generator), math.prod(shape), np.dtype(np.float64))
    return ((-1.0 / lambd) * libm(np.log1p, -u)).astype(dtype).reshape(shape)


def bernoulli(size, p=0.5, dtype=None, generator=None):
    """1 with probability p, else 0, in ``dtype``: ``u < p``.

    A float p (or a float64 array) compares with 53-bit uniforms, a float32 array p with
    24-bit ones; an array p broadcasts to ``size``.
    """
    shape = as_shape(size)
    dtype = default_float() if dtype is None else np.dtype(dtype)
    if isinstance(p, (np.ndarray, np.generic)) and p.ndim > 0:
        if p.dtype not in _FLOATS:
            raise TypeError(f"bernoulli: p must hold float32 or float64 probabilities, got {p.dtype}")
        try:
            p = np.broadcast_to(p, shape)
        except ValueError:
            raise ValueError(
                f"bernoulli: p of shape {tuple(p.shape)} does not broadcast to {shape}"
            ) from None
        if not ((p >= 0) & (p <= 1)).all():
            raise ValueError("bernoulli: every probability in p must lie in [0, 1]")
        u = _unit(as_generator(generator), math.prod(shape), p.dtype).reshape(shape)
    else:
        if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) or not 0 <= p <= 1:
            raise ValueError(f"bernoulli_ expects p to be in [0, 1], but got p={p!r}")
        u = _unit(as_generator(generator), math.prod(shape), np.dtype(np.float64)).reshape(shape)
    return (u < p).astype(dtype)


# ---- integers ------------------------------------------------------------------------


def _bounds(dtype):
    """The integers a dtype holds exactly: [min, max]."""
    if dtype == np.bool_:
        return 0, 1
    if dtype.kind == "f":
        return -(2 ** _MANTISSA[dtype]), 2 ** _MANTISSA[dtype]
    return int(np.iinfo(dtype).min), int(np.iinfo(dtype).max)


def integer_dtype(dtype, what):
    dtype = np.dtype(np.int64) if dtype is None else np.dtype(dtype)
    if dtype.kind not in "biu" and dtype not in _FLOATS:
        raise TypeError(f"{what}: needs an integer, bool, float32 or float64 dtype, got {dtype}")
    return dtype


def _as_int(value, name, what):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{what}: {name} must be an int, got {value!r} ({type(value).__name__})")
    return int(value)


def integers(size, low, high, dtype=None, generator=None):
    """Integers in [low, high) as random_(low, high): ``draw % (high - low) + low``; the draw
    is one word, or a 64-bit one when high - low >= 2**28."""
    dtype, shape = integer_dtype(dtype, "random_"), as_shape(size)
    low, high = _as_int(low, "low", "random_"), _as_int(high, "high", "random_")
    if not low < high:
        raise ValueError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    smallest, largest = _bounds(dtype)
    if low < smallest or high - 1 > largest:
        raise ValueError(
            f"random_: [from, to) = [{low}, {high}) does not fit in {dtype} "
            f"(which holds {smallest} .. {largest})"
        )
    return _from_range(as_generator(generator), shape, high - low, low, dtype)


def _from_range(g, shape, span, low, dtype):
    n = math.prod(shape)
    draws = g.words64(n) if span >= _WIDE else g.words(n)
    values = (draws % np.uint64(span) + np.uint64(low % 2**64)).view(np.int64)  # wraps as C's uint64
    return values.astype(dtype).reshape(shape)


def integers_to_max(size, low, dtype=None, generator=None):
    """random_(from): integers in [low, the dtype's largest] (2**mantissa for floats)."""
    dtype, shape = integer_dtype(dtype, "random_"), as_shape(size)
    low = _as_int(low, "from", "random_")
    smallest, largest = _bounds(dtype)
    g = as_generator(generator)
    if dtype == np.int64 and low == smallest:  # all 2**64 values: the 64-bit draw itself
        return g.words64(math.prod(shape)).view(np.int64).reshape(shape)
    if not smallest <= low <= largest:
        raise ValueError(f"random_: from={low} does not fit in {dtype} (which holds {smallest} .. {largest})")
    return _from_range(g, shape, largest - low + 1, low, dtype)


def random_bits(size, dtype=None, generator=None):
    """random_() without bounds: [0, max] of an integer dtype (``draw % (max + 1)``), [0, 2**mantissa]
    of a float one (``draw % (2**mantissa + 1)``), 0/1 for bool (the draw's lowest bit); the draw
    is 64-bit for int64 and float64, one word otherwise."""
    dtype, shape = integer_dtype(dtype, "random_"), as_shape(size)
    g = as_generator(generator)
    n = math.prod(shape)
    draws = g.words64(n) if dtype in (np.int64, np.float64) else g.words(n)
    modulus = 2 if dtype == np.bool_ else _bounds(dtype)[1] + 1
    return (draws % np.uint64(modulus)).astype(dtype).reshape(shape)


def permutation(n, dtype=None, generator=None):
    """A random permutation of 0 .. n-1, PyTorch's randperm on the CPU.

    Below n = (2**32 - 1) // 20 (what PyTorch calls small): Fisher-Yates from the front,
    swapping item i with item i + word % (n - i) for i = 0 .. n-2. From there on, the
    inside-out variant: for i = 0 .. n-1, item i takes item z = draw64 % (i + 1) and z
    takes i. The swaps depend on each other, so they run in a Python loop over a list.
    """
    dtype = integer_dtype(dtype, "randperm")
    if dtype == np.bool_:
        raise TypeError("randperm: a permutation cannot have dtype bool")
    n = _as_int(n, "n", "randperm")
    if n < 0:
        raise ValueError(f"randperm: n must be non-negative, got {n}")
    if n - 1 > _bounds(dtype)[1]:
        raise ValueError(f"randperm: n={n} is too large for dtype {dtype}")
    g = as_generator(generator)
    if n < (2**32 - 1) // 20:
        i = np.arange(max(n - 1, 0), dtype=np.uint64)
        targets = (g.words(len(i)) % (np.uint64(n) - i) + i).tolist()
        items = list(range(n))
        for i, j in enumerate(targets):
            items[i], items[j] = items[j], items[i]
    else:
        targets = (g.words64(n) % np.arange(1, n + 1, dtype=np.uint64)).tolist()
        items = [0] * n
        for i, z in enumerate(targets):
            items[i] = items[z]
            items[z] = i
    return np.array(items, dtype=np.int64).astype(dtype)


def multinomial(probs, num_samples, replacement=False, generator=None):
    """Indices (int64) drawn from the categories of each row of ``probs`` (1-D or 2-D,
    non-negative weights, not necessarily summing to 1), as PyTorch's CPU kernel draws them.

    Without replacement, and with it for one sample: q ~ Exp(1) of probs' shape and dtype
    (``exponential``), then the indices of the ``num_samples`` largest probs / q, largest
    first (the exponential race / Gumbel trick). With replacement: per row, cumulative
    sums in the dtype divided by their total (the last set to 1), and for each sample the
    first category whose cumulative value is >= u, u a 64-bit uniform.
    """
    probs = np.asarray(probs)
    num_samples = _as_int(num_samples, "num_samples", "multinomial")
    if probs.ndim not in (1, 2):
        raise ValueError(f"multinomial: prob_dist must be 1 or 2 dim, got shape {tuple(probs.shape)}")
    if probs.dtype not in _FLOATS:
        raise TypeError(f"multinomial only supports float32 or float64 probabilities, got {probs.dtype}")
    if num_samples <= 0:
        raise ValueError(f"multinomial: cannot sample n_sample <= 0 samples, got {num_samples}")
    categories = probs.shape[-1]
    if not replacement and num_samples > categories:
        raise ValueError(
            f"multinomial: cannot sample n_sample > prob_dist.size(-1) samples without "
            f"replacement, got {num_samples} samples of {categories} categories"
        )
    if categories > 2**24:
        raise ValueError(f"multinomial: number of categories cannot exceed 2^24, got {categories}")
    if probs.size == 0:
        return np.empty(probs.shape[:-1] + (num_samples,), dtype=np.int64)
    if not (np.isfinite(probs).all() and (probs >= 0).all()):
        raise ValueError("multinomial: the probability tensor contains either inf, nan or an element < 0")
    if (probs.sum(axis=-1) == 0).any():
        raise ValueError("multinomial: invalid distribution, a row of probabilities sums to 0")
    g = as_generator(generator)
    if not replacement or num_samples == 1:
        race = probs / exponential(probs.shape, 1.0, probs.dtype, g)
        order = np.argsort(-race, axis=-1, kind="stable")
        return order[..., :num_samples].astype(np.int64)
    rows = probs.reshape(-1, categories)
    out = np.empty((len(rows), num_samples), dtype=np.int64)
    for r, row in enumerate(rows):
        cumulative = np.cumsum(row)
        cumulative /= cumulative[-1]
        cumulative[-1] = 1
        out[r] = np.searchsorted(cumulative, _unit(g, num_samples, np.dtype(np.float64)), side="left")
    return out.reshape(probs.shape[:-1] + (num_samples,))
