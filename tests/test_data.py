"""nn.data: toy datasets, splitting, one-hot, the loader, IDX/MNIST files and the 8x8 digits."""

import gzip
import struct
import sys

import numpy as np
import pytest

import autograd
from autograd import Tensor
from nn import data
from nn.data import (
    DataLoader,
    TensorDataset,
    binary_function,
    load_digits,
    load_mnist,
    make_circles,
    make_moons,
    make_spirals,
    make_xor,
    one_hot,
    read_idx,
    seven_segment,
    train_test_split,
)


def linear_fit_accuracy(X, y):
    """Accuracy of the least-squares straight line (with bias) fitted to labels coded as -1/+1."""
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A, 2.0 * y - 1.0, rcond=None)[0]
    return np.mean((A @ w > 0) == (y == 1))


def nearest_neighbour_accuracy(X_train, y_train, X_test, y_test):
    distances = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=-1)
    return np.mean(y_train[distances.argmin(axis=1)] == y_test)


# ---------------------------------------------------------------- toy datasets


@pytest.mark.parametrize("make", [make_circles, make_moons, make_spirals])
@pytest.mark.parametrize("n", [7, 100, 101])
def test_two_class_datasets_shapes_dtypes_and_balance(make, n):
    X, y = make(n=n, seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert np.bincount(y, minlength=2).tolist() == [n // 2, n - n // 2]
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", [make_circles, make_moons, make_spirals])
def test_two_class_datasets_are_seeded(make):
    X1, y1 = make(n=50, seed=3)
    X2, y2 = make(n=50, seed=3)
    X3, _ = make(n=50, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)
    # seed=None draws from the library generator: manual_seed makes it repeatable
    autograd.manual_seed(11)
    X4, y4 = make(n=50)
    autograd.manual_seed(11)
    X5, y5 = make(n=50)
    np.testing.assert_array_equal(X4, X5)
    np.testing.assert_array_equal(y4, y5)


@pytest.mark.parametrize("make", [make_circles, make_moons, make_spirals])
def test_two_class_datasets_shuffle_the_rows(make):
    _, y = make(n=200, seed=0)
    assert 0 < y[:100].sum() < 100  # not all of class 0 first


def test_circles_without_noise_lie_on_two_circles():
    X, y = make_circles(n=60, factor=0.3, noise=0.0, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)
    # evenly spaced: the 30 angles of each circle are multiples of 2 pi / 30
    angles = np.sort(np.mod(np.arctan2(X[y == 0, 1], X[y == 0, 0]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 30, atol=1e-12)


def test_circles_noise_and_e2_defaults():
    X, y = make_circles(n=4000, seed=1)  # E2: factor 0.6, noise 0.1
    radius = np.hypot(X[:, 0], X[:, 1])
    assert abs(radius[y == 0].mean() - 1.0) < 0.02
    assert abs(radius[y == 1].mean() - 0.6) < 0.02
    # on the outer circle, noise of 0.1 per coordinate moves the radius by about 0.1
    assert 0.09 < radius[y == 0].std() < 0.11


def test_moons_without_noise_lie_on_two_half_circles():
    X, y = make_moons(n=51, noise=0.0, seed=0)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(top[:, 0], top[:, 1]), 1.0)
    assert np.all(top[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1.0, bottom[:, 1] - 0.5), 1.0)
    assert np.all(bottom[:, 1] <= 0.5 + 1e-12)


def test_spirals_without_noise_follow_two_arms_half_a_turn_apart():
    turns = 1.5
    X, y = make_spirals(n=300, noise=0.0, turns=turns, seed=2)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() <= 1.0
    # on arm k the angle is 2 pi turns r + pi k (mod 2 pi)
    angle = np.arctan2(X[:, 1], X[:, 0])
    offset = np.mod(angle - 2 * np.pi * turns * radius - np.pi * y + np.pi, 2 * np.pi) - np.pi
    np.testing.assert_allclose(offset, 0.0, atol=1e-9)


@pytest.mark.parametrize("make", [make_circles, make_spirals])
def test_circles_and_spirals_are_not_linearly_separable(make):
    X, y = make(n=400, seed=0)
    assert linear_fit_accuracy(X, y) < 0.75


def test_spirals_are_learnable_from_neighbours():
    # the classes are cleanly separated, just not by a line: 1-nearest neighbour
    # trained on one draw classifies a fresh draw almost perfectly
    X_train, y_train = make_spirals(seed=0)
    X_test, y_test = make_spirals(n=200, seed=1)
    assert nearest_neighbour_accuracy(X_train, y_train, X_test, y_test) >= 0.97


@pytest.mark.parametrize(
    "make, kwargs",
    [
        (make_circles, {"n": 1}),
        (make_circles, {"n": 10.0}),
        (make_circles, {"factor": 1.0}),
        (make_circles, {"factor": -0.1}),
        (make_circles, {"noise": -1.0}),
        (make_moons, {"noise": float("nan")}),
        (make_moons, {"n": True}),
        (make_spirals, {"turns": 0}),
        (make_spirals, {"noise": "a"}),
        (make_spirals, {"seed": -1}),
        (make_moons, {"seed": 1.5}),
    ],
)
def test_toy_dataset_arguments_are_checked(make, kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        make(**kwargs)


def test_xor():
    X, y = make_xor()
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, X[:, 0] != X[:, 1])
    assert linear_fit_accuracy(X, y) < 1.0


def test_seven_segment_display():
    X, Y = seven_segment()
    assert X.shape == (10, 7) and X.dtype == np.float64
    assert set(np.unique(X)) == {0.0, 1.0}
    np.testing.assert_array_equal(Y, np.eye(10))
    # how many segments each digit lights on a standard display
    assert X.sum(axis=1).tolist() == [6, 2, 5, 5, 4, 5, 6, 3, 7, 6]
    # columns a..g: 1 is the two right-hand segments b and c, 7 adds the top a,
    # 0 is everything but the middle g, 8 is all seven
    np.testing.assert_array_equal(X[1], [0, 1, 1, 0, 0, 0, 0])
    np.testing.assert_array_equal(X[7], [1, 1, 1, 0, 0, 0, 0])
    np.testing.assert_array_equal(X[0], [1, 1, 1, 1, 1, 1, 0])
    np.testing.assert_array_equal(X[8], np.ones(7))
    assert len({tuple(row) for row in X}) == 10


def test_binary_function_inputs_enumerate_the_cube():
    X, y = binary_function()
    assert X.shape == (2**14, 14) and X.dtype == np.float64
    assert y.shape == (2**14,) and y.dtype == np.int64
    assert set(np.unique(X)) == {-1.0, 1.0}
    # row i is i in binary, most significant bit first, with 0 -> -1
    powers = 2 ** np.arange(13, -1, -1)
    np.testing.assert_array_equal(((X + 1) / 2) @ powers, np.arange(2**14))


def test_binary_function_labels():
    X, y = binary_function()
    assert np.bincount(y).tolist() == [4096] * 4
    by_row = {tuple(row): label for row, label in zip(X.astype(int).tolist(), y.tolist())}
    # all -1: the first half votes "no", every neighbouring pair agrees -> 2*0 + 1
    assert by_row[(-1,) * 14] == 1
    assert by_row[(1,) * 14] == 3
    # alternating +1 -1 ...: first 7 hold four +1 (majority yes), no pair agrees -> 2*1 + 0
    assert by_row[(1, -1) * 7] == 2
    assert by_row[(-1, 1) * 7] == 0
    # the second bit of the label is XOR-like: no straight line predicts it
    assert linear_fit_accuracy(X, y % 2) < 0.6
    np.testing.assert_array_equal(binary_function()[1], y)


@pytest.mark.parametrize("bits", [6, 10])
def test_binary_function_other_sizes_are_balanced(bits):
    X, y = binary_function(bits)
    assert X.shape == (2**bits, bits)
    assert np.bincount(y).tolist() == [2**bits // 4] * 4


@pytest.mark.parametrize("bits", [1, 21, 14.0, True])
def test_binary_function_checks_bits(bits):
    with pytest.raises(ValueError, match="bits"):
        binary_function(bits)


# ---------------------------------------------------------------- split and one-hot


def test_train_test_split_partitions_the_rows():
    X = np.arange(50.0).reshape(25, 2)
    y = np.arange(25) * 10
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=0)
    assert X_train.shape == (20, 2) and X_test.shape == (5, 2)
    # rows stay aligned with their labels, and each row lands in exactly one part
    np.testing.assert_array_equal(X_train[:, 0] / 2 * 10, y_train)
    np.testing.assert_array_equal(X_test[:, 0] / 2 * 10, y_test)
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == y.tolist()
    # it is shuffled, reproducibly
    assert y_train.tolist() != sorted(y_train.tolist())
    again = train_test_split(X, y, test_size=0.2, seed=0)
    np.testing.assert_array_equal(again[3], y_test)


def test_train_test_split_sizes():
    X, y = np.zeros((10, 3)), np.zeros(10)
    assert len(train_test_split(X, y, test_size=0.25, seed=0)[1]) == 3  # ceil(2.5)
    assert len(train_test_split(X, y, test_size=4, seed=0)[1]) == 4
    X_train, X_test, _, _ = train_test_split(make_circles(n=300, seed=0)[0], np.zeros(300), 100, seed=1)
    assert (len(X_train), len(X_test)) == (200, 100)


@pytest.mark.parametrize(
    "test_size, error",
    [
        (0.0, ValueError),
        (1.0, ValueError),
        (1.5, ValueError),
        (0, ValueError),
        (10, ValueError),
        (-2, ValueError),
        ("0.2", TypeError),
        (None, TypeError),
        (True, TypeError),
    ],
)
def test_train_test_split_checks_test_size(test_size, error):
    with pytest.raises(error, match="test_size"):
        train_test_split(np.zeros((10, 2)), np.zeros(10), test_size=test_size, seed=0)


def test_train_test_split_checks_lengths():
    with pytest.raises(ValueError, match=r"\(10, 2\).*\(9,\)"):
        train_test_split(np.zeros((10, 2)), np.zeros(9))


def test_one_hot():
    labels = np.array([2, 0, 1, 2])
    encoded = one_hot(labels)
    assert encoded.shape == (4, 3) and encoded.dtype == np.float64
    np.testing.assert_array_equal(encoded.argmax(axis=1), labels)
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)
    assert one_hot([1, 0], num_classes=5).shape == (2, 5)
    assert one_hot(np.array([[0, 1], [1, 1]]), 2).shape == (2, 2, 2)
    np.testing.assert_array_equal(one_hot(autograd.tensor(np.array([1, 0])), 2), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(one_hot(3, 5), [0, 0, 0, 1, 0])


@pytest.mark.parametrize(
    "labels, num_classes, error, match",
    [
        ([0, 3], 3, ValueError, "3"),
        ([-1, 0], None, ValueError, "-1"),
        ([0.5, 1.0], None, TypeError, "float"),
        ([True, False], None, TypeError, "bool"),
        (np.array([], dtype=int), None, ValueError, "num_classes"),
        ([0, 1], 0, ValueError, "num_classes"),
        (["1"], None, TypeError, "<U1"),
    ],
)
def test_one_hot_errors(labels, num_classes, error, match):
    with pytest.raises(error, match=match):
        one_hot(labels, num_classes)


# ---------------------------------------------------------------- dataset and loader


def test_tensor_dataset():
    X, y = np.arange(12.0).reshape(6, 2), np.arange(6)
    dataset = TensorDataset(X, y)
    assert len(dataset) == 6
    x2, y2 = dataset[2]
    np.testing.assert_array_equal(x2, [4.0, 5.0])
    assert y2 == 2
    xs, ys = dataset[np.array([5, 0])]
    np.testing.assert_array_equal(ys, [5, 0])
    assert len(TensorDataset(Tensor(X))) == 6


def test_tensor_dataset_errors():
    with pytest.raises(ValueError, match=r"\[6, 5\]"):
        TensorDataset(np.zeros((6, 2)), np.zeros(5))
    with pytest.raises(ValueError, match="at least one"):
        TensorDataset()
    with pytest.raises(ValueError, match="dimension"):
        TensorDataset(np.zeros(3), 1.0)


def batches_of(loader):
    return [[b.numpy().copy() for b in batch] for batch in loader]


def test_loader_yields_tensor_batches_in_order():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    loader = DataLoader((X, y), batch_size=3)
    batches = list(loader)
    assert len(loader) == len(batches) == 4
    assert [len(yb.numpy()) for _, yb in batches] == [3, 3, 3, 1]
    for xb, yb in batches:
        assert isinstance(xb, Tensor) and isinstance(yb, Tensor)
        assert xb.dtype == np.float64 and yb.dtype == np.int64
        assert not xb.requires_grad
    np.testing.assert_array_equal(np.concatenate([xb.numpy() for xb, _ in batches]), X)
    np.testing.assert_array_equal(np.concatenate([yb.numpy() for _, yb in batches]), y)


def test_loader_batches_do_not_share_memory_with_the_data():
    X = np.zeros((4, 2))
    (xb,) = next(iter(DataLoader((X,), batch_size=4)))
    xb.data += 1
    assert np.all(X == 0)


def test_loader_drop_last():
    loader = DataLoader(np.arange(10.0), batch_size=3, drop_last=True)
    assert len(loader) == 3
    assert [b.shape for b in loader] == [(3,)] * 3
    assert len(DataLoader(np.arange(9.0), batch_size=3, drop_last=True)) == 3
    assert len(DataLoader(np.arange(2.0), batch_size=3, drop_last=True)) == 0
    assert [b.shape for b in DataLoader(np.arange(2.0), batch_size=3)] == [(2,)]


def test_loader_accepts_dataset_list_single_array_and_tensor():
    X, y = np.ones((5, 3)), np.arange(5)
    assert isinstance(next(iter(DataLoader(TensorDataset(X, y), batch_size=2))), list)  # as PyTorch
    assert len(next(iter(DataLoader((X, y, y), batch_size=2)))) == 3
    single = next(iter(DataLoader(X, batch_size=2)))
    assert isinstance(single, Tensor) and single.shape == (2, 3)
    from_tensor = next(iter(DataLoader(Tensor(X), batch_size=4)))
    assert isinstance(from_tensor, Tensor) and from_tensor.shape == (4, 3)


def test_loader_shuffle_visits_every_row_once_per_epoch_in_a_new_order():
    n = 103
    rows = np.arange(n)
    loader = DataLoader((rows * 2.0, rows), batch_size=10, shuffle=True, seed=0)
    epochs = []
    for _ in range(3):
        seen = []
        for xb, yb in loader:
            np.testing.assert_array_equal(xb.numpy(), 2.0 * yb.numpy())  # rows stay aligned
            seen.extend(yb.numpy().tolist())
        assert sorted(seen) == rows.tolist()
        epochs.append(seen)
    assert epochs[0] != rows.tolist()
    assert epochs[0] != epochs[1] != epochs[2]


def test_loader_shuffle_with_drop_last_draws_distinct_rows():
    loader = DataLoader(np.arange(10), batch_size=4, shuffle=True, drop_last=True, seed=1)
    seen = np.concatenate([b.numpy() for b in loader])
    assert len(seen) == 8 and len(set(seen.tolist())) == 8


def test_loader_seed_reproduces_all_epochs():
    X = np.arange(40.0).reshape(20, 2)
    first = DataLoader(X, batch_size=6, shuffle=True, seed=7)
    second = DataLoader(X, batch_size=6, shuffle=True, seed=7)
    for _ in range(2):
        np.testing.assert_array_equal(
            np.concatenate([b.numpy() for b in first]), np.concatenate([b.numpy() for b in second])
        )
    other = DataLoader(X, batch_size=6, shuffle=True, seed=8)
    assert not np.array_equal(
        np.concatenate([b.numpy() for b in first]), np.concatenate([b.numpy() for b in other])
    )


def test_loader_without_seed_uses_the_library_generator():
    X = np.arange(30.0)
    autograd.manual_seed(5)
    a = [np.concatenate([b.numpy() for b in DataLoader(X, batch_size=4, shuffle=True)]) for _ in range(2)]
    autograd.manual_seed(5)
    b = [np.concatenate([b.numpy() for b in DataLoader(X, batch_size=4, shuffle=True)]) for _ in range(2)]
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])


@pytest.mark.parametrize(
    "batch_size, error",
    [(0, ValueError), (-3, ValueError), (2.0, TypeError), (True, TypeError), ("8", TypeError)],
)
def test_loader_checks_batch_size(batch_size, error):
    with pytest.raises(error, match="batch_size"):
        DataLoader(np.zeros(4), batch_size=batch_size)


def test_loader_checks_its_data_and_seed():
    with pytest.raises(TypeError, match="dict"):
        DataLoader({"x": np.zeros(3)})
    with pytest.raises(ValueError, match=r"\[4, 3\]"):
        DataLoader((np.zeros(4), np.zeros(3)))
    with pytest.raises(ValueError, match="seed"):
        DataLoader(np.zeros(4), shuffle=True, seed=-1)
    with pytest.raises(ValueError, match=r"np.asarray\(data\)"):
        DataLoader((1.0, 2.0, 3.0))
    assert len(DataLoader((Tensor(np.zeros(3)),), batch_size=2)) == 2


def test_loader_is_fast_on_mnist_sized_data():
    # one epoch over 60000 rows must index whole batches, not loop over samples
    X = np.zeros((60000, 64), dtype=np.float32)
    y = np.zeros(60000, dtype=np.int64)
    loader = DataLoader((X, y), batch_size=64, shuffle=True, seed=0)
    assert sum(len(yb.numpy()) for _, yb in loader) == 60000


# ---------------------------------------------------------------- IDX files and MNIST

IDX_TYPE_CODES = {
    np.uint8: 0x08,
    np.int8: 0x09,
    np.int16: 0x0B,
    np.int32: 0x0C,
    np.float32: 0x0D,
    np.float64: 0x0E,
}


def idx_bytes(array):
    """The IDX encoding, written here from the format's description."""
    header = bytes([0, 0, IDX_TYPE_CODES[array.dtype.type], array.ndim])
    header += b"".join(struct.pack(">I", size) for size in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path, array, zipped=False):
    raw = idx_bytes(array)
    path.write_bytes(gzip.compress(raw) if zipped else raw)
    return path


@pytest.mark.parametrize("zipped", [False, True])
@pytest.mark.parametrize(
    "array",
    [
        np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4),
        np.array([-70000, 0, 5, 2**31 - 1], dtype=np.int32),
        np.array([[-1.5, 2.25], [1e300, -0.0]], dtype=np.float64),
        np.array([1.5, -3.0], dtype=np.float32),
        np.array([-128, 127], dtype=np.int8),
        np.array([[-300], [300]], dtype=np.int16),
    ],
)
def test_read_idx_round_trip(tmp_path, array, zipped):
    path = write_idx(tmp_path / "a.idx", array, zipped)
    back = read_idx(path)
    assert back.dtype == array.dtype and back.dtype.isnative
    np.testing.assert_array_equal(back, array)


def test_read_idx_rejects_bad_files(tmp_path):
    good = idx_bytes(np.arange(24, dtype=np.uint8).reshape(2, 3, 4))
    cases = {
        "bad_magic": b"\x12\x34" + good[2:],
        "bad_type": good[:2] + b"\x07" + good[3:],
        "empty": b"",
        "short_header": good[:9],
        "truncated": good[:-1],
        "extra": good + b"\x00",
    }
    messages = {
        "bad_magic": "magic",
        "bad_type": "magic",
        "empty": "magic",
        "short_header": "header",
        "truncated": "truncated",
        "extra": "extra",
    }
    for name, raw in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        with pytest.raises(ValueError, match=messages[name]) as caught:
            read_idx(path)
        assert name in str(caught.value)  # names the file
    broken_gzip = tmp_path / "broken.gz"
    broken_gzip.write_bytes(gzip.compress(good)[:-6])
    with pytest.raises(ValueError, match="gzip"):
        read_idx(broken_gzip)


def write_fake_mnist(folder, n_train=5, n_test=3, zipped=(False, True, True, False)):
    rng = np.random.default_rng(0)
    arrays = [
        rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=n_train, dtype=np.uint8),
        rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        rng.integers(0, 10, size=n_test, dtype=np.uint8),
    ]
    arrays[0][0, 0, :2] = [0, 255]
    for name, array, z in zip(data.mnist.MNIST_FILES, arrays, zipped):
        write_idx(folder / (name + (".gz" if z else "")), array, z)
    return arrays


def test_load_mnist_reads_and_scales(tmp_path):
    images, labels, test_images, test_labels = write_fake_mnist(tmp_path)
    (X_train, y_train), (X_test, y_test) = load_mnist(tmp_path)
    assert X_train.shape == (5, 784) and X_test.shape == (3, 784)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64 and y_test.dtype == np.int64
    assert X_train[0, 0] == -1.0 and X_train[0, 1] == 1.0
    np.testing.assert_allclose(X_train, (images.reshape(5, 784) - 127.5) / 127.5, rtol=1e-6)
    np.testing.assert_allclose(X_test, (test_images.reshape(3, 784) - 127.5) / 127.5, rtol=1e-6)
    np.testing.assert_array_equal(y_train, labels)
    np.testing.assert_array_equal(y_test, test_labels)
    assert load_mnist(str(tmp_path))[1][1].tolist() == test_labels.tolist()


def test_load_mnist_says_which_files_are_missing_and_where(tmp_path):
    write_fake_mnist(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError) as caught:
        load_mnist(tmp_path)
    message = str(caught.value)
    assert str(tmp_path) in message
    missing_part = message.split(" in ")[0]
    assert "t10k-images-idx3-ubyte" in missing_part and "train-labels-idx1-ubyte" in missing_part
    assert "train-images-idx3-ubyte" not in missing_part
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.*does not exist"):
        load_mnist(tmp_path / "nowhere")


def test_load_mnist_rejects_inconsistent_files(tmp_path):
    write_fake_mnist(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(4, dtype=np.uint8))  # 3 images, 4 labels
    with pytest.raises(ValueError, match="t10k-labels"):
        load_mnist(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(3, dtype=np.uint8))
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((3, 784), dtype=np.uint8))
    with pytest.raises(ValueError, match="t10k-images"):
        load_mnist(tmp_path)


# ---------------------------------------------------------------- 8x8 digits


def test_load_digits():
    pytest.importorskip("sklearn")
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == -1.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
    assert np.bincount(y).min() >= 170


def test_load_digits_without_sklearn_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r"pip install chainrule\[notebooks\]"):
        load_digits()


def test_pytorchs_module_paths_import_the_loader():
    """``from torch.utils.data.dataloader import DataLoader`` (minGPT's trainer) ports to
    ``nn.data.dataloader``; ``torch.utils.data.dataset`` / ``.sampler`` exist too."""
    from nn.data.dataloader import DataLoader, default_collate
    from nn.data.dataset import Dataset
    from nn.data.sampler import RandomSampler

    assert DataLoader is data.DataLoader and default_collate is data.default_collate
    assert Dataset is data.Dataset and RandomSampler is data.RandomSampler
