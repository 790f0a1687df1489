"""``torch.backends`` for ported code: no accelerator back end is available here, and the
flags programs set for them (``torch.backends.cudnn.deterministic = True``) are kept and
have no effect."""


class _Backend:
    def __init__(self, name):
        self.name = name
        self.deterministic = False
        self.benchmark = False
        self.enabled = False

    def is_available(self):
        return False

    def is_built(self):
        return False


cudnn = _Backend("cudnn")
mps = _Backend("mps")
cuda = _Backend("cuda")
