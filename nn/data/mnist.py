"""MNIST from local IDX files (no downloads), scaled as in experiment E5.

The IDX format: two zero bytes, one byte naming the element type, one byte
giving the number of dimensions d, then d big-endian uint32 sizes, then the
elements themselves, big-endian, in C order.
"""

import gzip
import os
import zlib

import numpy as np

_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}

MNIST_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def _read_bytes(path):
    """The file's bytes, gunzipped if it starts with the gzip signature."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as error:
        raise ValueError(f"{path}: damaged or truncated gzip file ({error})") from None


def read_idx(path):
    """Read one IDX file (plain or gzipped) into a numpy array of its type and shape.

    A bad magic number, an unknown element type or a size that does not
    match the header is a ValueError naming the file.
    """
    path = os.fspath(path)  # a path, never an open file descriptor such as 1 (stdout)
    raw = _read_bytes(path)
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_TYPES:
        raise ValueError(
            f"{path}: not an IDX file (magic number {raw[:4].hex() or 'missing'}; "
            f"expected 0000 then a type byte in "
            f"{', '.join(f'0x{t:02x}' for t in _IDX_TYPES)} and a dimension count)"
        )
    dtype, ndim = np.dtype(_IDX_TYPES[raw[2]]), raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: truncated IDX header ({len(raw)} bytes, the header needs {header})")
    shape = tuple(int(s) for s in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    expected = header + dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    if len(raw) != expected:
        problem = "truncated" if len(raw) < expected else "has extra bytes"
        raise ValueError(
            f"{path}: {problem}: the header promises shape {shape} of {dtype.name} "
            f"({expected} bytes in all), the file has {len(raw)} bytes"
        )
    data = np.frombuffer(raw, dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="))


def _find(folder, name):
    """``folder/name`` or ``folder/name.gz``, whichever exists, else None."""
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            return path
    return None


def _images_and_labels(images_path, labels_path):
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(
            f"{images_path}: expected uint8 images of shape (n, rows, cols), "
            f"got {images.dtype} {tuple(images.shape)}"
        )
    if labels.ndim != 1 or len(labels) != len(images):
        raise ValueError(
            f"{labels_path}: expected {len(images)} labels (one per image in "
            f"{images_path}), got shape {tuple(labels.shape)}"
        )
    X = (images.reshape(len(images), -1).astype(np.float32) - 127.5) / 127.5
    return X, labels.astype(np.int64)


def load_mnist(path):
    """Load MNIST from the folder ``path`` holding the four standard IDX files.

    The files are ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte``, each plain or
    with a ``.gz`` suffix (as distributed).  Returns
    ``(X_train, y_train), (X_test, y_test)``: images flattened to rows
    (28 x 28 -> 784) and scaled with (x - 127.5) / 127.5 to [-1, 1] as
    float32, labels as int64.  Nothing is downloaded; missing files raise
    FileNotFoundError saying which files to put where.
    """
    folder = os.path.abspath(os.fspath(path))
    found = {name: _find(folder, name) for name in MNIST_FILES}
    missing = [name for name, where in found.items() if where is None]
    if missing:
        absent = "" if os.path.isdir(folder) else " (the folder does not exist)"
        raise FileNotFoundError(
            f"load_mnist: missing {', '.join(missing)} in {folder}{absent}. "
            f"Put these four MNIST IDX files (plain or .gz) into that folder: "
            f"{', '.join(MNIST_FILES)}. Nothing is downloaded; get them from an MNIST mirror by hand."
        )
    train = _images_and_labels(found[MNIST_FILES[0]], found[MNIST_FILES[1]])
    test = _images_and_labels(found[MNIST_FILES[2]], found[MNIST_FILES[3]])
    return train, test
