"""``save`` and ``load`` as PyTorch spells them: any object (a ``state_dict()``, a whole
Module, an optimiser's state, a dict of Tensors) pickled to a path or an open binary file.

    torch.save(model.state_dict(), "model.pth")
    model.load_state_dict(torch.load("model.pth"))

``load`` unpickles only plain data by default (``weights_only=True``, PyTorch's default
since 2.6): containers, numbers, strings, numpy arrays and Tensors. A pickled Module or any
other class needs ``weights_only=False``, which runs the file's pickle as Python would -- do
that only for files you trust. (``nn.save`` / ``nn.load`` write numpy's ``.npz`` instead.)
"""

import os
import pickle

from . import dtypes
from .atomic import atomic_write

__all__ = ["save", "load"]

# (module, name) that a weights-only load may construct: containers, numpy arrays, Tensors.
_PLAIN = {
    ("collections", "OrderedDict"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "slice"),
    ("_codecs", "encode"),
    ("copyreg", "_reconstructor"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("autograd.tensor", "Tensor"),
    ("nn.module", "Parameter"),
}


class UnpicklingError(pickle.UnpicklingError):
    """A weights-only ``load`` met something other than plain data."""


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in _PLAIN or (module == "numpy.dtypes" and name.endswith("DType")):
            return super().find_class(module, name)
        raise UnpicklingError(
            f"load(weights_only=True) refuses {module}.{name}: the file holds more than "
            "Tensors, arrays and containers (a pickled Module?). If you trust the file, "
            "pass weights_only=False"
        )


def save(obj, f, pickle_protocol=pickle.DEFAULT_PROTOCOL, **unused):
    """Pickle ``obj`` to the path ``f`` (written atomically) or the open binary file ``f``."""
    if isinstance(f, (str, os.PathLike)):
        with atomic_write(f) as file:
            pickle.dump(obj, file, protocol=pickle_protocol)
    elif hasattr(f, "write"):
        pickle.dump(obj, f, protocol=pickle_protocol)
    else:
        raise TypeError(f"save: f must be a path or a binary file, got {type(f).__name__}")


def load(f, map_location=None, weights_only=True, **unused):
    """Unpickle what ``save`` wrote (from a path or an open binary file); see the module docstring.

    ``map_location`` may name the CPU (chainrule has no other device) or be a dict/function,
    which are accepted and ignored: everything loads onto the CPU.
    """
    if isinstance(map_location, (str, dtypes.device)):
        dtypes.check_device(map_location)
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as file:
            return _load(file, weights_only)
    if hasattr(f, "read"):
        return _load(f, weights_only)
    raise TypeError(f"load: f must be a path or a binary file, got {type(f).__name__}")


def _load(file, weights_only):
    if weights_only is False:
        return pickle.load(file)
    return _PlainUnpickler(file).load()
