"""scikit-learn's 8x8 handwritten digits (ships inside scikit-learn, no download)."""

import numpy as np


def load_digits():
    """The 1797 8x8 digit images of scikit-learn, scaled like MNIST in E5.

    Returns ``(X, y)``: ``X`` float64 of shape (1797, 64), each pixel's
    grey level 0..16 mapped to [-1, 1] with (x - 8) / 8; ``y`` int64 digits
    0..9.  Needs scikit-learn (``pip install chainrule[notebooks]``).
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise ImportError(
            "load_digits needs scikit-learn, which is an optional extra: pip install chainrule[notebooks]"
        ) from None
    digits = sklearn_digits()
    X = (np.asarray(digits.data, dtype=np.float64) - 8.0) / 8.0
    return X, np.asarray(digits.target, dtype=np.int64)
