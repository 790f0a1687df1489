"""``nn.parallel``: PyTorch's multi-GPU wrappers, for the programs that use them. chainrule runs
on the CPU only, so, as in PyTorch without CUDA, ``DataParallel`` runs its module as it is (its
parameters are named ``module.*``) and ``data_parallel`` calls the module."""

from .module import Module

__all__ = ["DataParallel", "data_parallel"]


class DataParallel(Module):
    """``module`` run on the one device there is (PyTorch's DataParallel without GPUs)."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids, self.output_device, self.dim = [], None, dim

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0, module_kwargs=None):
    """``module(*inputs, **module_kwargs)`` (``inputs`` a Tensor or a tuple of them)."""
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    return module(*inputs, **(module_kwargs or {}))
