"""Datasets, PyTorch's map-style kind: anything with ``dataset[i]`` and ``len(dataset)``.

    class Squares(nn.data.Dataset):
        def __len__(self):
            return 100

        def __getitem__(self, i):
            return float(i), float(i * i)        # one example: (input, target)

``TensorDataset`` holds arrays whose rows belong together; ``Subset`` and
``ConcatDataset`` view other datasets; ``random_split`` cuts one into random
disjoint parts. A ``DataLoader`` turns any of them into mini-batches.
"""

import bisect
import math
import numbers

import numpy as np

from autograd import from_numpy

from ._checks import as_rows, randperm

__all__ = ["Dataset", "TensorDataset", "Subset", "ConcatDataset", "random_split"]


class Dataset:
    """Base class of map-style datasets: define ``__getitem__(index)`` (one example) and
    ``__len__()``. ``a + b`` is ``ConcatDataset([a, b])``."""

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(index)")

    def __add__(self, other):
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """Arrays whose rows belong together: example i is ``tuple(a[i] for a in arrays)``.

    The arrays (numpy arrays, nested lists or Tensors) are kept as numpy
    arrays without copying; all must have the same length (first dimension).
    Indexing with an int, a slice or an integer array indexes every array
    at once and returns a tuple of Tensors sharing the arrays' memory (as PyTorch's does).
    """

    def __init__(self, *arrays):
        if not arrays:
            raise ValueError("TensorDataset needs at least one array")
        self.arrays = tuple(as_rows(f"TensorDataset argument {i}", a) for i, a in enumerate(arrays))
        lengths = [len(a) for a in self.arrays]
        if len(set(lengths)) > 1:
            shapes = ", ".join(str(a.shape) for a in self.arrays)
            raise ValueError(
                f"TensorDataset: every array needs the same number of rows, "
                f"got lengths {lengths} (shapes {shapes})"
            )

    @property
    def tensors(self):
        """The arrays as Tensors sharing their memory (PyTorch's attribute)."""
        return tuple(from_numpy(a) for a in self.arrays)

    def __len__(self):
        return len(self.arrays[0])

    def __getitem__(self, index):
        return tuple(from_numpy(np.asarray(a[index])) for a in self.arrays)


class Subset(Dataset):
    """The examples of ``dataset`` at ``indices``, in that order: ``Subset(d, idx)[k] == d[idx[k]]``."""

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, index):
        if isinstance(index, list):
            return [self.dataset[self.indices[i]] for i in index]
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after the other: index i runs through the first, then the second, ..."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset needs at least one dataset")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        if isinstance(index, bool) or not isinstance(index, numbers.Integral):
            raise TypeError(f"ConcatDataset indices must be integers, got {type(index).__name__}")
        if not -len(self) <= index < len(self):
            raise IndexError(f"ConcatDataset index {index} is out of range for {len(self)} examples")
        index %= len(self)
        which = bisect.bisect_right(self.cumulative_sizes, index)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][index - start]


def _split_lengths(n, lengths):
    """Whole lengths as given, or fractions summing to 1 turned into counts as PyTorch does:
    floor(n * fraction) each, then the rows left over go one by one to the first parts."""
    lengths = list(lengths)
    if not lengths or any(isinstance(x, bool) or not isinstance(x, numbers.Real) for x in lengths):
        raise TypeError(
            f"random_split: lengths must be a non-empty list of ints or of fractions, got {lengths!r}"
        )
    if all(isinstance(x, numbers.Integral) for x in lengths):
        counts = [int(x) for x in lengths]
    elif math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        if any(not 0 <= x <= 1 for x in lengths):
            raise ValueError(f"random_split: every fraction must lie in [0, 1], got {lengths!r}")
        counts = [math.floor(n * x) for x in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
    else:
        raise ValueError(
            f"random_split: fractional lengths must sum to 1, got {lengths!r} (sum {sum(lengths)})"
        )
    if any(c < 0 for c in counts) or sum(counts) != n:
        raise ValueError(
            f"random_split: the lengths {counts} must be non-negative and add up to the "
            f"dataset's {n} examples"
        )
    return counts


def random_split(dataset, lengths, generator=None):
    """Split ``dataset`` into random disjoint ``Subset``s of the given ``lengths`` (ints adding
    up to ``len(dataset)``, or fractions adding up to 1). The permutation comes from
    ``generator`` (None: the library's, so ``autograd.manual_seed`` makes it repeatable)."""
    counts = _split_lengths(len(dataset), lengths)
    order = randperm(sum(counts), generator).tolist()
    ends = np.cumsum(counts).tolist()
    return [Subset(dataset, order[end - count : end]) for count, end in zip(counts, ends)]
