"""Data for training: datasets and mini-batch loading (PyTorch's ``torch.utils.data``), toy
datasets, MNIST and the 8x8 digits.

- ``Dataset``, ``TensorDataset``, ``Subset``, ``ConcatDataset``, ``random_split`` (dataset.py)
- ``DataLoader`` (loader.py), ``default_collate``, ``default_convert`` (collate.py) and the
  samplers that order its batches (sampler.py)
- ``make_circles``, ``make_moons``, ``make_spirals``, ``make_xor``,
  ``seven_segment``, ``binary_function``: small synthetic datasets (toy.py)
- ``train_test_split``, ``one_hot`` (preprocessing.py)
- ``load_mnist``, ``read_idx`` (mnist.py), ``load_digits`` (digits.py)
"""

from .collate import default_collate, default_convert
from .dataset import ConcatDataset, Dataset, Subset, TensorDataset, random_split
from .digits import load_digits
from .loader import DataLoader
from .mnist import load_mnist, read_idx
from .preprocessing import one_hot, train_test_split
from .sampler import (
    BatchSampler,
    RandomSampler,
    Sampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)
from .toy import binary_function, make_circles, make_moons, make_spirals, make_xor, seven_segment

__all__ = [
    "Dataset",
    "TensorDataset",
    "Subset",
    "ConcatDataset",
    "random_split",
    "DataLoader",
    "default_collate",
    "default_convert",
    "Sampler",
    "SequentialSampler",
    "RandomSampler",
    "SubsetRandomSampler",
    "WeightedRandomSampler",
    "BatchSampler",
    "make_circles",
    "make_moons",
    "make_spirals",
    "make_xor",
    "seven_segment",
    "binary_function",
    "train_test_split",
    "one_hot",
    "load_mnist",
    "read_idx",
    "load_digits",
]
