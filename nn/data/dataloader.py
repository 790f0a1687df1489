"""``torch.utils.data.dataloader``, the module path that programs import ``DataLoader`` from
(``from torch.utils.data.dataloader import DataLoader``, as minGPT's trainer does); the
loader itself is in loader.py, its collation in collate.py."""

from .collate import default_collate, default_convert
from .loader import DataLoader

__all__ = ["DataLoader", "default_collate", "default_convert"]
