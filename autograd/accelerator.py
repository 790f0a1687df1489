"""``torch.accelerator`` for ported code: chainrule has no accelerator (it computes with numpy
on the CPU), so ``device = torch.accelerator.current_accelerator().type if
torch.accelerator.is_available() else "cpu"`` picks the CPU."""


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    """None: there is no accelerator (PyTorch's answer on a machine without one)."""
    return None


def synchronize(device=None):
    """Nothing runs asynchronously."""
