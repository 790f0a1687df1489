"""``torch.save`` / ``torch.load`` for ported code: a state_dict (or any nest of dicts, lists and
tuples of Tensors, arrays, numbers and strings) to a file and back, without pickle.

The file is a zip archive (like PyTorch's, but not its format): ``tree.json`` describes the
nest, and each Tensor or array is one ``<i>.npy`` entry in it. Nothing in it is code, so
``load`` is always what PyTorch calls ``weights_only=True``. Modules, optimisers and other
objects are not saved whole: save their ``state_dict()`` and load it into a new one, as
PyTorch recommends. Two entries that share memory come back as two copies.
"""

import json
import os
import zipfile
import zlib

import numpy as np

from .atomic import atomic_write
from .tensor import Tensor, tensor

__all__ = ["save", "load"]

_KEY_TYPES = (str, int, float, bool, type(None))


def _encode(obj, arrays, where):
    """obj -> its JSON description; Tensors and arrays are appended to ``arrays``."""
    if isinstance(obj, Tensor):
        arrays.append(obj.numpy())
        return {"tensor": len(arrays) - 1, "requires_grad": obj.requires_grad}
    if isinstance(obj, (np.ndarray, np.generic)):
        arrays.append(np.asarray(obj))
        return {"array": len(arrays) - 1, "scalar": isinstance(obj, np.generic)}
    if isinstance(obj, dict):
        bad = [key for key in obj if not isinstance(key, _KEY_TYPES)]
        if bad:
            raise TypeError(
                f"save: {where} has a key {bad[0]!r} of type {type(bad[0]).__name__}; "
                "keys must be str, int, float, bool or None"
            )
        return {"dict": [[key, _encode(value, arrays, f"{where}[{key!r}]")] for key, value in obj.items()]}
    if isinstance(obj, (list, tuple)):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_encode(value, arrays, f"{where}[{i}]") for i, value in enumerate(obj)]}
    if isinstance(obj, _KEY_TYPES):
        return {"value": obj}
    raise TypeError(
        f"save: {where} is a {type(obj).__name__}, which save does not store (it stores Tensors, arrays, "
        "numbers, strings and dicts/lists/tuples of them); for a model or an optimiser, save its state_dict()"
    )


def _decode(node, arrays):
    if "tensor" in node:
        return tensor(arrays[node["tensor"]], requires_grad=node["requires_grad"])
    if "array" in node:
        array = arrays[node["array"]]
        return array[()] if node["scalar"] else array
    if "dict" in node:
        return {key: _decode(value, arrays) for key, value in node["dict"]}
    if "list" in node:
        return [_decode(value, arrays) for value in node["list"]]
    if "tuple" in node:
        return tuple(_decode(value, arrays) for value in node["tuple"])
    return node["value"]


def save(obj, f):
    """Write ``obj`` (e.g. ``model.state_dict()``) to ``f``, a path or a binary file object.

    Writing to a path is atomic: the file is either the old one or the complete new one.
    """
    arrays = []
    tree = json.dumps(_encode(obj, arrays, "obj"))
    if isinstance(f, (str, os.PathLike)):
        with atomic_write(f) as file:
            _write(file, tree, arrays)
    else:
        _write(f, tree, arrays)


def _write(file, tree, arrays):
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("tree.json", tree)
        for i, array in enumerate(arrays):
            with archive.open(f"{i}.npy", "w") as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def load(f, map_location=None, weights_only=True):
    """Read what ``save`` wrote to ``f`` (a path or a binary file object): Tensors come back as
    Tensors (with their ``requires_grad``), arrays as arrays, dicts as dicts.

    ``map_location`` may be None or the CPU (there is no other device); ``weights_only`` is
    accepted for PyTorch's signature: the file never holds code, so it is always weights only.
    """
    if map_location not in (None, "cpu") and str(map_location) != "cpu":
        raise RuntimeError(f"load: map_location={map_location!r}, but chainrule runs on the CPU only")
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", "the file")
    if isinstance(f, (str, os.PathLike)) and not os.path.isfile(name):
        raise FileNotFoundError(f"load: no such file {name!r}")
    try:
        with zipfile.ZipFile(f) as archive:
            names = archive.namelist()
            if "tree.json" not in names:
                pytorch = any(n.endswith("data.pkl") for n in names)
                raise ValueError(
                    "it is a PyTorch file (pickled), which chainrule does not read"
                    if pytorch
                    else "it has no tree.json"
                )
            tree = json.loads(archive.read("tree.json"))
            arrays = [
                np.load(archive.open(f"{i}.npy"), allow_pickle=False)
                for i in range(sum(n.endswith(".npy") for n in names))
            ]
        return _decode(tree, arrays)
    except (OSError, KeyError, IndexError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise ValueError(f"load: {name!r} is not a file written by autograd.save: {exc}") from None
