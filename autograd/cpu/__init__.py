"""``torch.cpu`` for ported code: the CPU, where chainrule always computes."""

from . import amp  # noqa: F401  (torch.cpu.amp.autocast)


def is_available():
    return True


def device_count():
    return 1


def synchronize(device=None):
    """Nothing runs asynchronously."""
