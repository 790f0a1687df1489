"""What a parameter or a sample may be (``torch.distributions.constraints``): each constraint
``check``s a Tensor and answers with a bool Tensor, one entry per event."""

import numpy as np

from ..tensor import Tensor


class Constraint:
    """A set of values; ``check(value)`` is True where value lies in it. ``event_dim`` is how
    many rightmost dimensions make one event (checked together)."""

    is_discrete = False
    event_dim = 0

    def check(self, value):
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__[1:] + "()"


def _bools(array):
    return Tensor._make(np.asarray(array, dtype=bool))


class _Real(Constraint):
    def check(self, value):
        return _bools(value._data == value._data)  # not NaN


class _Boolean(Constraint):
    is_discrete = True

    def check(self, value):
        return _bools((value._data == 0) | (value._data == 1))


def _array(bound):
    return bound._data if isinstance(bound, Tensor) else np.asarray(bound)


class _GreaterThan(Constraint):
    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return _bools(_array(self.lower_bound) < value._data)

    def __repr__(self):
        return f"GreaterThan(lower_bound={self.lower_bound})"


class _GreaterThanEq(_GreaterThan):
    def check(self, value):
        return _bools(_array(self.lower_bound) <= value._data)

    def __repr__(self):
        return f"GreaterThanEq(lower_bound={self.lower_bound})"


class _LessThan(Constraint):
    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return _bools(value._data < _array(self.upper_bound))

    def __repr__(self):
        return f"LessThan(upper_bound={self.upper_bound})"


class _Interval(Constraint):
    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        low, high = _array(self.lower_bound), _array(self.upper_bound)
        return _bools((low <= value._data) & (value._data <= high))

    def __repr__(self):
        return f"Interval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _HalfOpenInterval(_Interval):
    def check(self, value):
        low, high = _array(self.lower_bound), _array(self.upper_bound)
        return _bools((low <= value._data) & (value._data < high))

    def __repr__(self):
        return f"HalfOpenInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _IntegerInterval(_Interval):
    is_discrete = True

    def check(self, value):
        v = value._data
        return _bools((v % 1 == 0) & (self.lower_bound <= v) & (v <= self.upper_bound))

    def __repr__(self):
        return f"IntegerInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value):
        v = value._data
        with np.errstate(invalid="ignore"):  # inf - inf: not a simplex
            return _bools(np.all(v >= 0, axis=-1) & (np.abs(v.sum(-1) - 1) < 1e-6))


class _OneHot(Constraint):
    is_discrete = True
    event_dim = 1

    def check(self, value):
        v = value._data
        return _bools(np.all((v == 0) | (v == 1), axis=-1) & (v.sum(-1) == 1))


class _IndependentReal(Constraint):
    """Real numbers, one event per vector (the last dimension)."""

    event_dim = 1

    def check(self, value):
        return _bools(np.all(value._data == value._data, axis=-1))

    def __repr__(self):
        return "IndependentConstraint(Real(), 1)"


class _LowerCholesky(Constraint):
    event_dim = 2

    def check(self, value):
        v = value._data
        lower = np.all(np.triu(v, 1) == 0, axis=(-2, -1))
        return _bools(lower & np.all(np.diagonal(v, axis1=-2, axis2=-1) > 0, axis=-1))


class _PositiveDefinite(Constraint):
    event_dim = 2

    def check(self, value):
        v = value._data
        symmetric = np.all(np.isclose(v, np.swapaxes(v, -1, -2), atol=1e-6), axis=(-2, -1))
        return _bools(symmetric & np.all(np.linalg.eigvalsh(v) > 0, axis=-1))


class _Dependent(Constraint):
    """Set by the other parameters (Uniform's low and high): not checked on its own."""

    def check(self, value):
        raise ValueError("cannot check a dependent constraint on its own")


real = _Real()
real_vector = _IndependentReal()
boolean = _Boolean()
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
unit_interval = _Interval(0.0, 1.0)
simplex = _Simplex()
one_hot = _OneHot()
lower_cholesky = _LowerCholesky()
positive_definite = _PositiveDefinite()
dependent = _Dependent()
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
interval = _Interval
half_open_interval = _HalfOpenInterval
integer_interval = _IntegerInterval


class _Independent(Constraint):
    """``base_constraint`` on each entry, checked together over the ``reinterpreted_batch_ndims``
    rightmost dimensions."""

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.base_constraint, self.reinterpreted_batch_ndims = base_constraint, reinterpreted_batch_ndims
        self.event_dim = base_constraint.event_dim + reinterpreted_batch_ndims
        self.is_discrete = base_constraint.is_discrete

    def check(self, value):
        ok = self.base_constraint.check(value)._data
        n = self.reinterpreted_batch_ndims
        return _bools(ok.reshape(ok.shape[: ok.ndim - n] + (-1,)).all(-1) if n else ok)

    def __repr__(self):
        return f"IndependentConstraint({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


independent = _Independent


class _IntegerGreaterThan(Constraint):
    is_discrete = True

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        v = value._data
        return _bools((v % 1 == 0) & (v >= self.lower_bound))

    def __repr__(self):
        return f"IntegerGreaterThan(lower_bound={self.lower_bound})"


nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
integer_greater_than = _IntegerGreaterThan
