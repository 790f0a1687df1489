"""Collate: a list of examples -> one batch, as PyTorch's ``default_collate`` does it.

The examples' structure is kept and every leaf becomes a Tensor with a new
first dimension, the batch:

====================================  ===============================================
examples are                          the batch is
====================================  ===============================================
Tensors / numpy arrays of one shape   their stack, a Tensor of the same dtype
Python floats                         a float64 Tensor (as PyTorch)
Python ints / bools                   an int64 / bool Tensor (labels stay integers)
numpy scalars                         a Tensor of their dtype
strings, bytes                        the list of them, unchanged
dicts                                 a dict of batches, key by key
tuples / lists of a fixed length      a list of batches, position by position
namedtuples                           the same namedtuple of batches
====================================  ===============================================

So a dataset of ``(image, label)`` pairs gives ``[images, labels]`` batches.
``default_convert`` is the same walk without stacking (numpy arrays become
Tensors), for a DataLoader with ``batch_size=None``.
"""

import copy
import numbers
from collections.abc import Mapping, MutableMapping, Sequence

import numpy as np

from autograd import Tensor, as_tensor, from_numpy, stack

__all__ = ["default_collate", "default_convert"]


def _numeric(array, where):
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"default_collate: {where} hold {array.dtype} values; batches become Tensors, "
            f"which hold numbers (bool, integer or float)"
        )
    return array


def _stack_tensors(batch):
    shapes = {t.shape for t in batch}
    if len(shapes) > 1:
        raise ValueError(
            f"default_collate: the examples' Tensors differ in shape ({sorted(shapes)}); "
            f"stacking them into a batch needs one shape (pad them, or pass a collate_fn)"
        )
    if any(t.requires_grad for t in batch):
        return stack(batch)  # keeps the graph, as torch.stack does
    return from_numpy(np.stack([t._data for t in batch]))


def _numbers(batch):
    """Python numbers -> a bool, int64 or float64 Tensor (the first that holds them all, as torch.tensor)."""
    if not all(isinstance(x, numbers.Real) for x in batch):
        kinds = sorted({type(x).__name__ for x in batch})
        raise TypeError(f"default_collate: the examples mix numbers with other kinds ({', '.join(kinds)})")
    if all(isinstance(x, bool) for x in batch):
        dtype = bool
    else:
        dtype = np.int64 if all(isinstance(x, numbers.Integral) for x in batch) else np.float64
    try:
        return from_numpy(np.array(batch, dtype=dtype))
    except OverflowError:
        raise ValueError(
            f"default_collate: a number among the examples does not fit {np.dtype(dtype)}: "
            f"{max(batch, key=abs)!r:.60}"
        ) from None


def default_collate(batch):
    """A list of examples -> a batch (see the module docstring for each kind of example)."""
    if not isinstance(batch, (list, tuple)) or not batch:
        raise TypeError(f"default_collate takes a non-empty list of examples, got {type(batch).__name__}")
    first = batch[0]
    if isinstance(first, Tensor):
        return _stack_tensors(batch)
    if isinstance(first, np.ndarray):
        shapes = {np.shape(a) for a in batch}
        if len(shapes) > 1:
            raise ValueError(
                f"default_collate: the examples' arrays differ in shape ({sorted(shapes)}); "
                f"stacking them into a batch needs one shape (pad them, or pass a collate_fn)"
            )
        return from_numpy(_numeric(np.stack(batch), "the examples' arrays"))
    if isinstance(first, np.generic):
        return from_numpy(_numeric(np.array(batch), "the examples' numpy scalars"))
    if isinstance(first, numbers.Real):
        return _numbers(batch)
    if isinstance(first, (str, bytes)):
        return list(batch)
    if isinstance(first, Mapping):
        batches = {key: default_collate([example[key] for example in batch]) for key in first}
        if isinstance(first, MutableMapping):
            clone = copy.copy(first)  # keeps a dict subclass's type and extras
            clone.update(batches)
            return clone
        return batches
    if isinstance(first, tuple) and hasattr(first, "_fields"):  # a namedtuple
        return type(first)(*(default_collate(list(column)) for column in zip(*batch)))
    if isinstance(first, Sequence):
        lengths = {len(example) for example in batch}
        if len(lengths) > 1:
            raise ValueError(
                f"default_collate: every example must have the same length, got lengths {sorted(lengths)}"
            )
        return [default_collate(list(column)) for column in zip(*batch)]
    raise TypeError(
        f"default_collate: examples must be Tensors, numpy arrays, numbers, strings, dicts "
        f"or lists/tuples of them; got {type(first).__name__}"
    )


def default_convert(example):
    """One example with its numpy arrays (and numpy scalars) as Tensors, the rest unchanged (lists, tuples and dicts
    walked through): what a DataLoader with ``batch_size=None`` yields."""
    if isinstance(example, (np.ndarray, np.generic)) and example.dtype.kind in "biuf":
        return as_tensor(example)  # sharing the array's memory, as PyTorch
    if isinstance(example, Mapping):
        return {key: default_convert(value) for key, value in example.items()}
    if isinstance(example, tuple) and hasattr(example, "_fields"):
        return type(example)(*(default_convert(value) for value in example))
    if isinstance(example, (list, tuple)):
        return [default_convert(value) for value in example]
    return example
