"""Samplers: the order in which a DataLoader visits a dataset's indices, as in PyTorch.

A sampler is any iterable of indices with a ``len``; a batch sampler one of
lists of indices. ``DataLoader(shuffle=True)`` uses ``RandomSampler`` (a new
permutation every epoch), otherwise ``SequentialSampler``, and cuts either
into batches with ``BatchSampler``.
"""

import numbers

import numpy as np

import autograd.random

from ._checks import random_seed, randperm, seeded_generator

__all__ = [
    "Sampler",
    "SequentialSampler",
    "RandomSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
    "BatchSampler",
]


class Sampler:
    """Base class: define ``__iter__`` (yield indices) and ``__len__``."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must define __iter__")


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """The indices in random order, drawn from ``generator`` (None: a new generator seeded from
    the library's, at every pass, as in PyTorch). Without replacement: a new permutation at every
    pass (``num_samples`` above the length: whole permutations, then part of one); with
    ``replacement=True``: ``num_samples`` (default the length) independent uniform indices."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if not isinstance(replacement, bool):
            raise TypeError(f"RandomSampler: replacement must be a bool, got {replacement!r}")
        if num_samples is not None and (
            isinstance(num_samples, bool) or not isinstance(num_samples, numbers.Integral) or num_samples <= 0
        ):
            raise ValueError(f"RandomSampler: num_samples must be a positive int, got {num_samples!r}")
        self.data_source, self.replacement, self.generator = data_source, replacement, generator
        self._num_samples = num_samples

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else int(self._num_samples)

    def __iter__(self):
        # PyTorch's order of draws: without a generator, a seed from the library's generator
        # seeds a new one, which draws the indices
        n = len(self.data_source)
        generator = self.generator if self.generator is not None else seeded_generator(random_seed())
        if self.replacement:  # in blocks of 32, then the rest, as PyTorch draws them
            for _ in range(self.num_samples // 32):
                yield from autograd.random.randint(high=n, size=(32,), generator=generator).tolist()
            yield from autograd.random.randint(
                high=n, size=(self.num_samples % 32,), generator=generator
            ).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from randperm(n, generator).tolist()
        # PyTorch then draws one more permutation for the remainder (also when it is empty: a
        # generator passed in stays in step with PyTorch's)
        yield from randperm(n, generator).tolist()[: self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a new random order at every pass."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        return (self.indices[i] for i in randperm(len(self.indices), self.generator).tolist())

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices 0 .. len(weights) - 1 drawn with probabilities proportional to
    ``weights`` (``multinomial``, PyTorch's draws), with replacement unless ``replacement=False``."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if isinstance(num_samples, bool) or not isinstance(num_samples, numbers.Integral) or num_samples <= 0:
            raise ValueError(
                f"WeightedRandomSampler: num_samples must be a positive int, got {num_samples!r}"
            )
        if not isinstance(replacement, bool):
            raise ValueError(f"WeightedRandomSampler: replacement must be a bool, got {replacement!r}")
        array = weights._data if isinstance(weights, autograd.Tensor) else weights
        try:
            array = np.asarray(array, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(
                f"WeightedRandomSampler: weights must be a sequence of numbers, got {weights!r}"
            ) from None
        if array.ndim != 1:
            raise ValueError(
                f"WeightedRandomSampler: weights should be a 1d sequence but given weights have shape {tuple(array.shape)}"
            )
        self.weights = autograd.tensor(array)
        self.num_samples, self.replacement, self.generator = int(num_samples), replacement, generator

    def __iter__(self):
        drawn = autograd.random.multinomial(
            self.weights, self.num_samples, self.replacement, generator=self.generator
        )
        yield from drawn.tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of ``batch_size`` indices from ``sampler``; the last one shorter, or dropped with
    ``drop_last=True``."""

    def __init__(self, sampler, batch_size, drop_last):
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
            raise TypeError(
                f"DataLoader: batch_size must be an int, got {batch_size!r} (or None: no batching)"
            )
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be >= 1, got {batch_size}")
        self.sampler, self.batch_size, self.drop_last = sampler, int(batch_size), bool(drop_last)

    def __iter__(self):
        batch = []
        for index in self.sampler:
            batch.append(index)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
