"""Samplers: the order in which a DataLoader visits a dataset's indices, as in PyTorch.

A sampler is any iterable of indices with a ``len``; a batch sampler one of
lists of indices. ``DataLoader(shuffle=True)`` uses ``RandomSampler`` (a new
permutation every epoch), otherwise ``SequentialSampler``, and cuts either
into batches with ``BatchSampler``.
"""

import numbers

from ._checks import random_seed, randperm, seeded_generator

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "BatchSampler"]


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
    """A new random permutation of the indices at every pass, drawn from ``generator`` (None: the
    library's generator). Sampling with replacement is not supported."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        if replacement or num_samples is not None:
            raise NotImplementedError("RandomSampler: replacement=True and num_samples are not supported")
        self.data_source, self.generator = data_source, generator

    def __iter__(self):
        # PyTorch's order of draws: without a generator, a seed from the library's generator
        # seeds a new one, which draws the permutation
        generator = self.generator if self.generator is not None else seeded_generator(random_seed())
        yield from randperm(len(self.data_source), generator).tolist()
        # PyTorch then draws one more permutation for the remainder of num_samples (none here):
        # drawn too, so that a generator passed in stays in step with PyTorch's
        randperm(len(self.data_source), generator)

    def __len__(self):
        return len(self.data_source)


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a new random order at every pass."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        return (self.indices[i] for i in randperm(len(self.indices), self.generator).tolist())

    def __len__(self):
        return len(self.indices)


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
