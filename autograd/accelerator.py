"""``torch.accelerator`` for ported code: chainrule computes with numpy on the CPU, so there is
no accelerator. ``device = torch.accelerator.current_accelerator() if
torch.accelerator.is_available() else torch.device("cpu")`` picks the CPU."""


def is_available():
    return False


def device_count():
    return 0


def current_accelerator(check_available=False):
    """None: there is no accelerator (PyTorch returns None too when it finds none)."""
    return None


def synchronize(device=None):
    """Nothing runs asynchronously."""
