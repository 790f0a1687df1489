"""Mini-batches: a dataset of row-aligned arrays and a loader that cuts it into Tensor batches."""
import numbers

import numpy as np

from autograd import tensor

from ._checks import as_rows, rng_for


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
    in a new random order.  The order comes from the loader's own
    ``numpy.random.default_rng(seed)`` when ``seed`` is given (the same seed
    gives the same sequence of epochs), else from the library's generator
    (``autograd.manual_seed``).
    """

    def __init__(self, data, batch_size=32, shuffle=False, drop_last=False, seed=None):
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
        self._rng = None if seed is None else rng_for(seed)

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        if self.shuffle:
            rng = self._rng if self._rng is not None else rng_for(None)
            order = rng.permutation(len(self.dataset))
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            stop = start + self.batch_size
            rows = order[start:stop] if self.shuffle else slice(start, stop)
            batch = tuple(tensor(a) for a in self.dataset[rows])    # each keeps its dtype: int labels stay int64
            yield batch[0] if self._single else batch
