"""Mini-batches: a dataset of row-aligned arrays and a loader that cuts it into Tensor batches."""
import numbers

import numpy as np

from autograd import random, tensor

from ._checks import as_rows, generator_for


class TensorDataset:
    """Arrays whose rows belong together: example i is ``(a[i] for a in arrays)``.

    The arrays (numpy arrays, nested lists or Tensors) are kept as numpy
    arrays without copying; all must have the same length (first dimension).
    Indexing with an int, a slice or an integer array indexes every array
    at once and returns a tuple.
    """

    def __init__(self, *arrays):
        if not arrays:
            raise ValueError("TensorDataset needs at least one array")
        self.arrays = tuple(as_rows(f"TensorDataset argument {i}", a) for i, a in enumerate(arrays))
        lengths = [len(a) for a in self.arrays]
        if len(set(lengths)) > 1:
            shapes = ", ".join(str(a.shape) for a in self.arrays)
            raise ValueError(f"TensorDataset: every array needs the same number of rows, "
                             f"got lengths {lengths} (shapes {shapes})")

    def __len__(self):
        return len(self.arrays[0])

    def __getitem__(self, index):
        return tuple(a[index] for a in self.arrays)


class DataLoader:
    """Iterate over a dataset in mini-batches of Tensors.

    ``data`` is a TensorDataset, a tuple/list of arrays (e.g. ``(X, y)``) or a
    single array.  Each batch is a tuple of Tensors, one per array -- or a
    single Tensor when ``data`` was a single array.  ``len(loader)`` is the
    number of batches per epoch: ceil(n / batch_size), or floor with
    ``drop_last=True`` (which skips a last, smaller batch).

    With ``shuffle=True`` every pass over the loader (epoch) visits the rows
    in a new random order, PyTorch's: the same seed gives the order
    ``torch.utils.data.DataLoader`` gives. Each pass first draws a 64-bit
    number (PyTorch's base seed for workers) from ``generator``; then, with
    ``generator=None``, it draws a seed from the library's generator
    (``autograd.manual_seed``) and takes ``randperm(n)`` from a new Generator
    seeded with it; with a ``generator``, ``randperm(n)`` from that generator,
    and at the end of the pass one more (PyTorch's RandomSampler asks for it).
    ``seed=s`` is ``generator=autograd.random.Generator().manual_seed(s)``.
    """

    def __init__(self, data, batch_size=32, shuffle=False, drop_last=False, seed=None, generator=None):
        if isinstance(data, TensorDataset):
            self.dataset, self._single = data, False
        elif isinstance(data, (tuple, list)):
            if any(np.ndim(a) == 0 for a in data):
                raise ValueError("DataLoader: a tuple/list is read as several arrays, e.g. (X, y), but it holds "
                                 "a scalar; pass np.asarray(data) to load a single array")
            self.dataset, self._single = TensorDataset(*data), False
        elif hasattr(data, "shape"):
            self.dataset, self._single = TensorDataset(data), True
        else:
            raise TypeError(f"DataLoader: data must be a TensorDataset, a tuple/list of arrays or an array, "
                            f"got {type(data).__name__}")
        for i, array in enumerate(self.dataset.arrays):
            if array.dtype.kind not in "biuf":
                raise TypeError(f"DataLoader: array {i} must hold numbers (its batches become Tensors), "
                                f"got dtype {array.dtype}")
        if not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool):
            raise TypeError(f"DataLoader: batch_size must be an int, got {batch_size!r}")
        if batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be >= 1, got {batch_size}")
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        if seed is not None and generator is not None:
            raise ValueError("DataLoader: give seed or generator, not both")
        if generator is not None and not isinstance(generator, random.Generator):
            raise TypeError(f"DataLoader: generator must be an autograd.random.Generator, "
                            f"got {type(generator).__name__}")
        self.generator = generator if seed is None else generator_for(seed)

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        random.sampling.random_bits((), np.int64, self.generator)        # PyTorch's base seed
        if self.shuffle:
            generator = self.generator
            if generator is None:
                seed = int(random.sampling.random_bits((), np.int64))
                generator = random.Generator().manual_seed(seed)
            order = random.sampling.permutation(n, np.int64, generator)
        full_batches = n // self.batch_size
        for number in range(len(self)):
            if number == full_batches and self.shuffle and self.generator is not None:
                random.sampling.permutation(n, np.int64, generator)     # the sampler's next epoch
            start = number * self.batch_size
            rows = order[start:start + self.batch_size] if self.shuffle else slice(start, start + self.batch_size)
            batch = tuple(tensor(a) for a in self.dataset[rows])   # keeps the dtypes, as PyTorch
            yield batch[0] if self._single else batch
        if len(self) == full_batches and self.shuffle and self.generator is not None:
            random.sampling.permutation(n, np.int64, generator)
