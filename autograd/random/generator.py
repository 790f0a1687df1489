"""The generator: PyTorch's CPU random stream, a 32-bit Mersenne Twister.

PyTorch's CPU generator is MT19937 seeded as in Matsumoto and Nishimura's reference
code with the low 32 bits of the seed; numpy ships the same engine. Every sampler
reads it in 32-bit words (``words``) or in 64-bit draws made of two words, the first
one high (``words64``). Box-Muller's spare normal (see ``sampling.normal``) is part of
the state too.
"""

import os

import numpy as np

NEW_GENERATOR_SEED = 67280421310721  # torch.Generator()'s seed
_KEY_WORDS = 624  # MT19937's state: 624 words and a position
draw_hooks = []  # called with the generator before each draw (vmap's randomness= modes)


class Generator:
    """A stream of random numbers, PyTorch's ``torch.Generator`` on the CPU.

    ``Generator().manual_seed(s)`` followed by the same calls as in PyTorch gives the
    same numbers. A new Generator starts from the seed PyTorch's do (67280421310721).
    """

    def __init__(self):
        self._bits = np.random.MT19937()
        self._integers = np.random.Generator(self._bits).integers  # the fast way to the words
        self.manual_seed(NEW_GENERATOR_SEED)

    def manual_seed(self, seed):
        """Restart the stream from ``seed`` (an int in [-2**63, 2**64)); returns the generator."""
        seed = _as_seed(seed)
        # numpy's private ``_legacy_seeding`` seeds MT19937 as the reference code
        # (init_genrand) and as PyTorch do; tests/test_random.py pins it.
        self._bits._legacy_seeding(seed & 0xFFFFFFFF)
        self._seed = seed
        self.spare_normal = None
        return self

    def seed(self):
        """Seed from the operating system's entropy; returns the seed (as ``torch.seed``)."""
        seed = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(seed)
        return seed

    def initial_seed(self):
        """The seed of the last ``manual_seed`` / ``seed``."""
        return self._seed

    def get_state(self):
        """The whole state as a uint8 array (for ``set_state``); it does not match PyTorch's layout."""
        mt = self._bits.state["state"]
        spare = np.nan if self.spare_normal is None else self.spare_normal
        parts = [
            mt["key"].astype("<u4"),
            np.array([mt["pos"]], "<u4"),
            np.array([self._seed], "<u8"),
            np.array([self.spare_normal is not None], "u1"),
            np.array([spare], "<f8"),
        ]
        return np.concatenate([p.view(np.uint8) for p in parts])

    def set_state(self, state):
        """Go back to a state from ``get_state`` (a uint8 array or Tensor)."""
        state = np.asarray(getattr(state, "_data", state))
        if state.dtype != np.uint8 or state.shape != (_STATE_BYTES,):
            raise ValueError(
                f"set_state: expected the uint8 array of {_STATE_BYTES} bytes that "
                f"get_state() returns, got dtype {state.dtype} and shape {tuple(state.shape)}"
            )
        key_end = 4 * _KEY_WORDS
        key = state[:key_end].view("<u4").astype(np.uint32)
        pos = int(state[key_end : key_end + 4].view("<u4")[0])
        if pos > _KEY_WORDS:
            raise ValueError(f"set_state: the state is corrupt (position {pos} > {_KEY_WORDS})")
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._seed = int(state[key_end + 4 : key_end + 12].view("<u8")[0])
        has_spare = bool(state[key_end + 12])
        self.spare_normal = float(state[key_end + 13 :].view("<f8")[0]) if has_spare else None
        return self

    def words(self, n):
        """The next ``n`` 32-bit words, uint32."""
        for hook in draw_hooks:
            hook(self)
        # numpy returns the engine's words unchanged for the full uint32 range
        return self._integers(0, 2**32, size=n, dtype=np.uint32)

    def words64(self, n):
        """The next ``n`` 64-bit draws, uint64: two words each, the first one high."""
        for hook in draw_hooks:
            hook(self)
        if _NUMPY_HIGH_WORD_FIRST:
            return self._integers(0, 2**64, size=n, dtype=np.uint64)
        w = self._bits.random_raw(2 * n)
        return (w[0::2] << np.uint64(32)) | w[1::2]

    def __repr__(self):
        return f"<autograd.random.Generator initial_seed={self._seed}>"


_STATE_BYTES = 4 * _KEY_WORDS + 4 + 8 + 1 + 8


def _numpy_high_word_first():
    """Whether numpy's 64-bit draws from MT19937 put the first word high, as PyTorch's do
    (numpy's C leaves the order of the two calls to its compiler)."""
    words, wide = np.random.MT19937(), np.random.MT19937()
    words._legacy_seeding(1)
    wide._legacy_seeding(1)
    first, second = (int(w) for w in words.random_raw(2))
    return int(np.random.Generator(wide).integers(0, 2**64, dtype=np.uint64)) == first << 32 | second


_NUMPY_HIGH_WORD_FIRST = _numpy_high_word_first()


def _as_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"manual_seed: the seed must be an int, got {seed!r} ({type(seed).__name__})")
    seed = int(seed)
    if not -(2**63) <= seed < 2**64:
        raise ValueError(f"manual_seed: the seed must lie in [-2**63, 2**64), got {seed}")
    return seed % 2**64  # negative seeds wrap around, as in PyTorch


def as_generator(generator):
    """``generator``, or the default generator for None."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(
            f"generator must be an autograd.random.Generator or None, got {type(generator).__name__}"
        )
    return generator


default_generator = Generator()  # as PyTorch's, seeded from the system's entropy at start-up
default_generator.seed()
