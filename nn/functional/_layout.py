"""How an array's elements lie in memory, for functions that follow the layout of their input."""


def dense_order(array):
    """The axes of ``array`` from the slowest-varying in memory to the fastest, if its elements
    fill one block of memory without gaps or repeats (a row-order, transposed or permuted
    array); else None."""
    order = sorted(range(array.ndim), key=lambda axis: -array.strides[axis])
    stride = array.itemsize
    for axis in reversed(order):
        if array.shape[axis] != 1 and array.strides[axis] != stride:
            return None
        stride *= array.shape[axis]
    return order
