"""``torch.cuda`` for ported code: chainrule computes with numpy on the CPU, so there is no
GPU. ``device = "cuda" if torch.cuda.is_available() else "cpu"`` picks the CPU, and the
seeding calls programs make for GPUs do nothing."""

from . import amp  # noqa: F401  (torch.cuda.amp.GradScaler, torch.cuda.amp.autocast)


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """No GPU generator to seed (the CPU one is ``autograd.manual_seed``)."""


manual_seed_all = manual_seed


def synchronize(device=None):
    """Nothing runs asynchronously."""
