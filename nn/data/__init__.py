"""Data for training: mini-batch loading, toy datasets, MNIST and the 8x8 digits.

- ``TensorDataset``, ``DataLoader``: mini-batches of Tensors (loader.py)
- ``make_circles``, ``make_moons``, ``make_spirals``, ``make_xor``,
  ``seven_segment``, ``binary_function``: small synthetic datasets (toy.py)
- ``train_test_split``, ``one_hot`` (preprocessing.py)
- ``load_mnist``, ``read_idx`` (mnist.py), ``load_digits`` (digits.py)
"""
from .digits import load_digits
from .loader import DataLoader, TensorDataset
from .mnist import load_mnist, read_idx
from .preprocessing import one_hot, train_test_split
from .toy import binary_function, make_circles, make_moons, make_spirals, make_xor, seven_segment

__all__ = ["TensorDataset", "DataLoader", "make_circles", "make_moons", "make_spirals", "make_xor",
           "seven_segment", "binary_function", "train_test_split", "one_hot", "load_mnist", "read_idx",
           "load_digits"]
