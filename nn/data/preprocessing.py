"""Getting arrays ready for training: a random train/test split and one-hot labels."""

import numbers

import numpy as np

from autograd import Tensor, random

from ._checks import as_rows, generator_for


def train_test_split(X, y, test_size=0.2, seed=None):
    """Shuffle the rows of ``X`` and ``y`` together and cut off a test part.

    ``test_size`` is a fraction in (0, 1) -- the test set gets
    ceil(test_size * n) rows -- or a whole number of rows.  Both parts keep
    at least one row.  Returns ``X_train, X_test, y_train, y_test``
    (scikit-learn's order).  ``seed`` as for the toy datasets; the order is
    ``randperm(n)`` (test rows first).
    """
    X, y = as_rows("X", X), as_rows("y", y)
    n = len(X)
    if len(y) != n:
        raise ValueError(
            f"X and y must have the same number of rows, got X {tuple(X.shape)} and y {tuple(y.shape)}"
        )
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"test_size must be a fraction in (0, 1) or a number of rows, got {test_size!r}")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
    elif 0 < test_size < 1:
        n_test = int(np.ceil(test_size * n))
    else:
        raise ValueError(f"test_size as a fraction must lie in (0, 1), got {test_size!r}")
    if not 1 <= n_test <= n - 1:
        raise ValueError(
            f"test_size={test_size!r} leaves {n_test} of {n} rows for testing; "
            f"both the train and the test part need at least one row"
        )
    order = random.sampling.permutation(n, np.int64, generator_for(seed))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def one_hot(labels, num_classes=None):
    """Integer class labels -> rows of 0.0 with a 1.0 at the label's position.

    ``labels`` of any shape S (a single int too) give a float64 array of
    shape S + (num_classes,);
    ``num_classes`` defaults to ``labels.max() + 1``.
    """
    labels = labels._data if isinstance(labels, Tensor) else np.asarray(labels)
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(
            f"labels must be integers, got dtype {labels.dtype} "
            f"(use labels.astype(np.int64) if they hold whole numbers)"
        )
    if num_classes is None:
        if labels.size == 0:
            raise ValueError("one_hot: cannot infer num_classes from empty labels; pass num_classes")
        num_classes = int(labels.max()) + 1
    elif isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    outside = (labels < 0) | (labels >= num_classes)
    if outside.any():
        raise ValueError(
            f"labels must lie in [0, {num_classes - 1}] for num_classes={num_classes}, "
            f"got {labels[outside].ravel()[0]}"
        )
    return np.eye(num_classes)[labels]
