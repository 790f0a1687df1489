"""PyTorch's pruning methods (``nn.utils.prune``): which entries a mask keeps.

``amount`` is a count (a non-negative int) or a fraction in [0, 1] of the entries (unstructured)
or channels along ``dim`` (structured), rounded half to even as Python's ``round``.
"""

import numbers

import autograd

from .prune_base import BasePruningMethod

__all__ = [
    "CustomFromMask",
    "Identity",
    "L1Unstructured",
    "LnStructured",
    "RandomStructured",
    "RandomUnstructured",
]


def check_amount(amount):
    """``amount`` must be a non-negative int or a float in [0, 1]."""
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if (amount < 0) if isinstance(amount, numbers.Integral) else not 0.0 <= float(amount) <= 1.0:
        raise ValueError(
            f"amount={amount} should either be a float in the range [0, 1] or a non-negative integer"
        )


def count_to_prune(amount, size):
    """The number of the ``size`` entries or channels that ``amount`` prunes (checked <= size)."""
    if not isinstance(amount, numbers.Integral):
        return round(amount * size)
    if amount > size:
        raise ValueError(f"amount={amount} should be smaller than the number of parameters to prune={size}")
    return amount


def check_structured(t, dim):
    """A structured method needs a tensor of 2 dimensions or more and ``dim`` < t.ndim."""
    if t.ndim <= 1:
        raise ValueError(
            "Structured pruning can only be applied to multidimensional tensors. "
            f"Found tensor of shape {t.shape} with {t.ndim} dims"
        )
    if dim >= t.ndim:
        raise IndexError(f"Invalid index {dim} for tensor of size {t.shape}")


def channels_mask(t, dim, channels):
    """Ones in the ``channels`` (indices or a boolean mask) along ``dim``, zeros elsewhere."""
    mask = autograd.zeros_like(t)
    mask[tuple(channels if d == dim % t.ndim else slice(None) for d in range(t.ndim))] = 1
    return mask


class Identity(BasePruningMethod):
    """Keep everything (the mask of ones)."""

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        return super().apply(module, name)


class _Unstructured(BasePruningMethod):
    """Prune the ``amount`` entries that come first by ``_scores(t)``: the largest, or with
    ``_largest = False`` the smallest."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        check_amount(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        k = count_to_prune(self.amount, t.numel())
        mask = default_mask.clone()
        if k:
            mask.view(-1)[autograd.topk(self._scores(t).view(-1), k=k, largest=self._largest).indices] = 0
        return mask


class RandomUnstructured(_Unstructured):
    """Prune ``amount`` entries at random: those of the largest ``rand_like(t)`` draws."""

    _scores, _largest = staticmethod(autograd.rand_like), True

    @classmethod
    def apply(cls, module, name, amount):
        return super().apply(module, name, amount=amount)


class L1Unstructured(_Unstructured):
    """Prune the ``amount`` entries of smallest absolute value."""

    _scores, _largest = staticmethod(autograd.abs), False

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomStructured(BasePruningMethod):
    """Prune ``amount`` channels along ``dim`` at random: one ``rand`` draw per channel, those at
    or below the ``amount``-th smallest go."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        check_amount(amount)
        self.amount, self.dim = amount, dim

    def compute_mask(self, t, default_mask):
        check_structured(t, self.dim)
        size = t.shape[self.dim]
        k = count_to_prune(self.amount, size)
        if not k:
            return default_mask
        draws = autograd.rand(size)
        mask = channels_mask(t, self.dim, draws > autograd.kthvalue(draws, k=k).values)
        return mask * default_mask.to(dtype=mask.dtype)

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prune the ``amount`` channels along ``dim`` of smallest L``n`` norm (over the other dims)."""

    PRUNING_TYPE = "structured"

    def __init__(self, amount, n, dim=-1):
        check_amount(amount)
        self.amount, self.n, self.dim = amount, n, dim

    def compute_mask(self, t, default_mask):
        check_structured(t, self.dim)
        size = t.shape[self.dim]
        k = count_to_prune(self.amount, size)
        dim = self.dim % t.ndim
        norm = autograd.norm(t, p=self.n, dim=[d for d in range(t.ndim) if d != dim])
        keep = autograd.topk(norm, k=size - k, largest=True).indices
        if not k:
            return default_mask
        mask = channels_mask(t, self.dim, keep)
        return mask * default_mask.to(dtype=mask.dtype)

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        return super().apply(module, name, amount=amount, n=n, dim=dim, importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prune where the given ``mask`` is 0."""

    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if default_mask.shape != self.mask.shape:
            raise AssertionError(
                f"default_mask shape {default_mask.shape} must match self.mask shape {self.mask.shape}"
            )
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        return super().apply(module, name, mask=mask)
