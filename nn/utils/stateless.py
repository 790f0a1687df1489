"""PyTorch's ``nn.utils.stateless``: ``functional_call`` (autograd.func's, which needs only
the Module protocol)."""

from autograd.func import functional_call

__all__ = ["functional_call"]
