"""``torch.version`` for chainrule: ``__version__`` is chainrule's own version (setup.cfg's),
not a PyTorch version; there is no CUDA, ROCm or git build information."""

__version__ = "0.2.0"
cuda = None
hip = None
debug = False
