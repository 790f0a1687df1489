"""Connectionist temporal classification: ``ctc_loss``, -log of the total probability of every
alignment of a target sequence to the T steps of an input.

Each target l (length S) is extended with blanks, l' = (blank, l_1, blank, l_2, ..., l_S, blank)
of length 2S + 1, and the forward variables run in log space (Graves et al., 2006):

    alpha_0(0) = y_0(blank),  alpha_0(1) = y_0(l_1),  alpha_0(s) = -inf for s > 1
    alpha_t(s) = y_t(l'_s) + logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2))

where y_t = log_probs[t] and the s-2 term (a skip over a blank) counts only if l'_s is no blank
and differs from l'_{s-2}; the loss is -logsumexp(alpha_{T-1}(2S), alpha_{T-1}(2S-1)).

The recursion is written with Tensor operations, so the engine differentiates it (twice). A
state that cannot be reached at step t (known from the lengths and labels alone) is -inf as a
constant, so no 0 * inf reaches the gradients. As in PyTorch, the derivative with respect to
log_probs has an extra exp(log_probs) at each step t < input_length: that is the derivative of
the loss of log_softmax(log_probs), which is the same wherever log_probs are normalised (and so
through a log_softmax, the usual use) and makes the gradients PyTorch's numbers.
"""

import numpy as np

from autograd import Tensor, cat, stack, where

from ._checks import as_tensor, check_reduction

__all__ = ["ctc_loss"]


def _lengths(value, count, name):
    data = np.asarray(value._data if isinstance(value, Tensor) else value)
    if data.dtype.kind not in "iu" or data.shape not in ((count,), ()) or data.ndim == 0 and count != 1:
        raise RuntimeError(
            f"ctc_loss: {name} must be {count} integers (one per sample), got {data.tolist()!r}"
        )
    return data.reshape(count).astype(np.int64)


def _targets(targets, target_lengths, batch):
    """The targets as an (N, S) integer array (padded; S the longest target)."""
    data = np.asarray(targets._data if isinstance(targets, Tensor) else targets)
    if data.dtype.kind not in "iuf":
        raise RuntimeError(f"ctc_loss: targets must be integers, got dtype {data.dtype}")
    data = data.astype(np.int64)
    longest = int(target_lengths.max(initial=0))
    if data.ndim == 2 and data.shape[0] == batch:
        if data.shape[1] < longest:
            raise RuntimeError(
                f"ctc_loss: padded targets of shape {data.shape} are shorter than the longest target length {longest}"
            )
        return data[:, :longest]
    if data.ndim == 1:  # concatenated, split by target_lengths
        if data.size < target_lengths.sum():
            raise RuntimeError(
                f"ctc_loss: {data.size} concatenated targets are fewer than the target lengths' sum "
                f"{target_lengths.sum()}"
            )
        padded = np.zeros((batch, longest), dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(target_lengths)[:-1]])
        for n, (start, length) in enumerate(zip(starts, target_lengths)):
            padded[n, :length] = data[start : start + length]
        return padded
    raise RuntimeError(
        f"ctc_loss: targets must be (N, S) padded or 1-D concatenated, got shape {data.shape} for {batch} samples"
    )


def _log_add(values, reachable):
    """logsumexp over the first axis, -inf where ``reachable`` is False (a constant there)."""
    top = values.detach().max(dim=0).values._data
    top = np.where(np.isfinite(top), top, 0.0)
    total = (values - top).exp().sum(0)
    return where(Tensor(reachable), where(Tensor(reachable), total, 1.0).log() + top, -np.inf)


def _shift(array, by, fill):
    """``array`` moved ``by`` places along its last axis, ``fill`` coming in."""
    pad = np.full(array.shape[:-1] + (by,), fill, dtype=array.dtype)
    return np.concatenate([pad, array], axis=-1)[..., : array.shape[-1]]


def _shifted(alpha, by):
    """The (N, L) Tensor ``alpha`` moved ``by`` states along, -inf coming in."""
    pad = Tensor(np.full((alpha.shape[0], by), -np.inf, dtype=alpha.dtype))
    return cat([pad, alpha], 1)[:, : alpha.shape[1]]


def _pytorchs_gradient_term(lp, input_lengths, kept):
    """Zero, with the derivative exp(log_probs) at each step t < input_length of the ``kept``
    samples (the module docstring says why)."""
    mask = (np.arange(lp.shape[0])[:, None] < input_lengths) & kept  # (T, N)
    total = (lp.exp() * Tensor(mask[:, :, None].astype(lp.dtype))).sum((0, 2))
    return total - total.detach()


def ctc_loss(
    log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False
):
    """-log p(target | input) summed over all alignments (module docstring), for ``log_probs``
    (T, N, C) (or unbatched (T, C)) of log-probabilities (a log_softmax), ``targets`` (N, S)
    padded or concatenated 1-D, and the N ``input_lengths`` and ``target_lengths``.
    ``reduction="mean"``: each loss divided by its target length, then averaged; an impossible
    alignment costs inf (``zero_infinity``: 0, and no gradient)."""
    check_reduction(reduction, "ctc_loss")
    lp = as_tensor(log_probs, "log_probs")
    unbatched = lp.ndim == 2
    if unbatched:
        lp = lp.unsqueeze(1)
    if lp.ndim != 3 or lp.dtype.kind != "f":
        raise RuntimeError(
            f"ctc_loss: log_probs must be floats of shape (T, N, C) or (T, C), got {tuple(lp.shape)}"
        )
    steps, batch, classes = lp.shape
    if isinstance(blank, bool) or not isinstance(blank, (int, np.integer)) or not 0 <= blank < classes:
        raise RuntimeError(f"ctc_loss: blank must be in the label range [0, {classes}), got {blank!r}")
    input_lengths = _lengths(input_lengths, batch, "input_lengths")
    target_lengths = _lengths(target_lengths, batch, "target_lengths")
    if (input_lengths > steps).any() or (input_lengths < 0).any() or (target_lengths < 0).any():
        raise RuntimeError(
            f"ctc_loss: input_lengths must be in [0, {steps}] and target_lengths non-negative, got "
            f"{input_lengths.tolist()} and {target_lengths.tolist()}"
        )
    labels = _targets(
        targets[None] if unbatched and np.ndim(targets) == 1 else targets, target_lengths, batch
    )
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise RuntimeError(
            f"ctc_loss: targets must be class indices in [0, {classes}), got {labels.min()}..{labels.max()}"
        )
    loss = _negative_log_likelihood(lp, labels, input_lengths, target_lengths, blank)
    finite = np.isfinite(loss._data)
    if zero_infinity:
        loss = where(Tensor(~finite), 0.0, loss)
    loss = loss + _pytorchs_gradient_term(lp, input_lengths, finite)
    if reduction == "mean":
        loss = (loss / np.maximum(target_lengths, 1).astype(lp.dtype)).mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss[0] if unbatched and reduction == "none" else loss


def _negative_log_likelihood(lp, labels, input_lengths, target_lengths, blank):
    """-log of the sum over alignments, (N,), by the forward recursion."""
    steps, batch, _ = lp.shape
    width = 2 * labels.shape[1] + 1
    extended = np.full((batch, width), blank, dtype=np.int64)
    extended[:, 1::2] = labels
    valid = np.arange(width) < (2 * target_lengths + 1)[:, None]  # (N, L): inside each l'
    skip = valid & (extended != blank) & (extended != _shift(extended, 2, blank))
    emissions = lp.gather(2, Tensor._make(np.broadcast_to(extended, (steps, batch, width)).copy()))
    reach = valid & (np.arange(width) < 2)
    alpha = where(Tensor(reach), emissions[0], -np.inf)
    for t in range(1, steps):
        reach_next = valid & (reach | _shift(reach, 1, False) | (_shift(reach, 2, False) & skip))
        before = stack([alpha, _shifted(alpha, 1), where(Tensor(skip), _shifted(alpha, 2), -np.inf)])
        step = _log_add(before, reach_next) + emissions[t]
        active = t < input_lengths  # each sample stops at its own last step
        alpha = where(Tensor(active[:, None]), step, alpha)
        reach = np.where(active[:, None], reach_next, reach)
    last = 2 * target_lengths
    ends = np.stack([last, np.maximum(last - 1, 0)], axis=1)  # (N, 2): l'_end and the last label
    use = np.stack([np.ones(batch, bool), target_lengths > 0], axis=1)
    final_reach = np.take_along_axis(reach, ends, 1) & use
    finals = alpha.gather(1, Tensor._make(ends))
    finals = where(Tensor(use), finals, -np.inf)
    return -_log_add(finals.T, final_reach.any(1))
