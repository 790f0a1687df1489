"""``skip_init``: build a module without spending random draws on its initial values."""

import inspect

from autograd import random

from ..module import Module


def skip_init(module_cls, *args, **kwargs):
    """``module_cls(*args, **kwargs)`` whose parameters and buffers are left uninitialized.

    As in PyTorch the class must take a ``device`` argument. PyTorch builds it on the ``meta``
    device and allocates empty memory; chainrule has no meta device, so the constructor runs
    and the default generator is then put back as it was: the values are whatever the
    constructor left (undefined, as ``torch.empty``'s are), and the random stream is untouched,
    so later draws give PyTorch's numbers."""
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    state = random.get_rng_state()
    try:
        return module_cls(*args, **kwargs)
    finally:
        random.set_rng_state(state)
