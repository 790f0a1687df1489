"""PyTorch's ``nn.utils.stateless``: ``functional_call``, autograd.func's (which needs only the
Module protocol) under this module's older signature."""

from autograd import func


def functional_call(
    module, parameters_and_buffers, args=None, kwargs=None, *, tie_weights=True, strict=False
):
    """``module(*args, **kwargs)`` with the Tensors of ``parameters_and_buffers`` (a dict of
    qualified names) in place of its parameters and buffers; see ``autograd.func.functional_call``."""
    return func.functional_call(
        module, parameters_and_buffers, args, kwargs, tie_weights=tie_weights, strict=strict
    )


__all__ = ["functional_call"]
