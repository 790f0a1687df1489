"""DataLoader: a dataset in mini-batches of Tensors, PyTorch's signature and defaults.

    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    for xb, yb in loader:                  # each batch: default_collate of 64 examples
        ...

Per batch the loader takes a list of indices from its batch sampler
(``BatchSampler`` over a ``SequentialSampler``, or a ``RandomSampler`` with
``shuffle=True``: a new order every epoch), fetches ``dataset[i]`` for each,
and calls ``collate_fn`` on the list (``default_collate``: stack into
Tensors). A ``TensorDataset`` is indexed with all the batch's rows at once
instead: the same batches, one numpy call per array.
"""

import numbers
from collections.abc import Mapping

import numpy as np

from ._checks import generator_for, random_seed
from .collate import default_collate, default_convert
from .dataset import TensorDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader"]


def _as_dataset(data):
    """``(dataset, rows)``: the dataset to index, and the TensorDataset whose rows a batch can take
    at once (None for other datasets). A tuple of arrays such as ``(X, y)`` is read as
    ``TensorDataset(X, y)``; one array or Tensor is a dataset of its rows."""
    if isinstance(data, tuple):
        if any(np.ndim(a) == 0 for a in data):
            raise ValueError(
                "DataLoader: a tuple is read as several arrays, e.g. (X, y), but it holds "
                "a scalar; pass a list of examples, or np.asarray(data) for one array"
            )
        data = TensorDataset(*data)
    if isinstance(data, TensorDataset):
        rows = data
    elif hasattr(data, "shape"):
        rows = TensorDataset(data)
    elif isinstance(data, Mapping) or not (hasattr(data, "__getitem__") and hasattr(data, "__len__")):
        raise TypeError(
            f"DataLoader: data must be a dataset (with __getitem__ and __len__, e.g. an "
            f"nn.data.Dataset or a list of examples), a tuple of arrays such as (X, y), or "
            f"an array; got {type(data).__name__}"
        )
    else:
        return data, None
    for i, array in enumerate(rows.arrays):
        if array.dtype.kind not in "biuf":
            raise TypeError(
                f"DataLoader: array {i} must hold numbers (its batches become Tensors), "
                f"got dtype {array.dtype}"
            )
    return data, rows


class DataLoader:
    """``DataLoader(dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None,
    num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, generator=None, *,
    seed=None)``, PyTorch's arguments (``num_workers``, ``pin_memory`` and the other worker
    options are accepted and change nothing: examples are loaded in this process).

    ``dataset``: any map-style dataset (``nn.data.Dataset``, a list of examples, ...), or
    chainrule's shorthands, a tuple of arrays ``(X, y)`` or a single array. ``len(loader)`` is
    the number of batches per epoch: ceil(n / batch_size), or floor with ``drop_last=True``.
    ``batch_size=None`` yields the examples one by one, unbatched.

    With ``shuffle=True`` every pass over the loader (epoch) visits the examples in a new
    random order, drawn from ``generator``, or from the loader's own
    ``autograd.random.Generator`` seeded with ``seed`` when it is given (the same seed gives the same
    sequence of epochs), else from the library's generator (``autograd.manual_seed``).
    """

    def __init__(
        self,
        dataset,
        batch_size=1,
        shuffle=None,
        sampler=None,
        batch_sampler=None,
        num_workers=0,
        collate_fn=None,
        pin_memory=False,
        drop_last=False,
        timeout=0,
        worker_init_fn=None,
        multiprocessing_context=None,
        generator=None,
        *,
        prefetch_factor=None,
        persistent_workers=False,
        pin_memory_device="",
        in_order=True,
        seed=None,
    ):
        self.dataset, self._rows = _as_dataset(dataset)
        if isinstance(num_workers, bool) or not isinstance(num_workers, numbers.Integral) or num_workers < 0:
            raise ValueError(f"DataLoader: num_workers must be a non-negative int, got {num_workers!r}")
        if seed is not None:
            if generator is not None:
                raise ValueError("DataLoader: give either generator or seed, not both")
            generator = generator_for(seed)
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "DataLoader: batch_sampler is mutually exclusive with batch_size, shuffle, "
                    "sampler and drop_last"
                )
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("DataLoader: batch_size=None (no batching) is mutually exclusive with drop_last")
        if sampler is not None and shuffle:
            raise ValueError(
                "DataLoader: sampler is mutually exclusive with shuffle (the sampler sets the order)"
            )
        if sampler is None:
            sampler = (
                RandomSampler(self.dataset, generator=generator)
                if shuffle
                else SequentialSampler(self.dataset)
            )
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size, self.drop_last, self.generator = batch_size, bool(drop_last), generator
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.num_workers, self.pin_memory = num_workers, pin_memory
        self.collate_fn = collate_fn
        if collate_fn is None:
            self.collate_fn = default_collate if batch_sampler is not None else default_convert

    def __len__(self):
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self):
        # PyTorch draws a base seed for its worker processes at every pass, workers or not: drawn
        # (and unused) here too, so the random numbers after a pass are the ones PyTorch gets
        random_seed(self.generator)
        return self._batches()

    def _batches(self):
        if self.batch_sampler is None:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
            return
        rows_at_once = self._rows is not None and self.collate_fn is default_collate
        single = self._rows is not self.dataset  # a dataset of one array's rows
        for indices in self.batch_sampler:
            if rows_at_once:
                batch = [default_convert(a) for a in self._rows[np.asarray(indices, dtype=np.int64)]]
                yield batch[0] if single else batch
            else:
                yield self.collate_fn([self.dataset[i] for i in indices])
