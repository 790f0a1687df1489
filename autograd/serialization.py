"""``torch.save`` / ``torch.load`` for ported code: a state_dict (any nest of dicts, lists and
tuples of Tensors, arrays, numbers and strings) to a file and back, without pickle; other
objects (a whole Module, as the tutorials save it) pickled, and loaded only on request.

The file is a zip archive (like PyTorch's, but not its format): ``tree.json`` describes the
nest, each Tensor or array is one ``<i>.npy`` entry, and each object that is not plain data
is one ``<k>.pkl`` entry. ``load`` reads plain data by default (PyTorch's ``weights_only=True``);
a pickled object needs ``weights_only=False``, which runs code from the file: only for files
you trust. Saving a ``state_dict()`` and loading it into a new model, as PyTorch recommends,
never needs that. Two entries that share memory come back as two copies.
"""

import json
import os
import pickle
import zipfile
import zlib

import numpy as np

from .atomic import atomic_write
from .tensor import Tensor, tensor

__all__ = ["save", "load"]

_KEY_TYPES = (str, int, float, bool, type(None))


def _encode(obj, arrays, pickles, where):
    """obj -> its JSON description; Tensors and arrays are appended to ``arrays``, the pickles of
    other objects to ``pickles``."""
    if isinstance(obj, Tensor):
        arrays.append(obj.numpy())
        return {"tensor": len(arrays) - 1, "requires_grad": obj.requires_grad}
    if isinstance(obj, (np.ndarray, np.generic)):
        arrays.append(np.asarray(obj))
        return {"array": len(arrays) - 1, "scalar": isinstance(obj, np.generic)}
    if isinstance(obj, dict):
        if all(isinstance(key, _KEY_TYPES) for key in obj):
            items = obj.items()
            return {
                "dict": [[key, _encode(value, arrays, pickles, f"{where}[{key!r}]")] for key, value in items]
            }
    elif isinstance(obj, (list, tuple)) and type(obj) in (list, tuple):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_encode(value, arrays, pickles, f"{where}[{i}]") for i, value in enumerate(obj)]}
    elif isinstance(obj, _KEY_TYPES):
        return {"value": obj}
    try:
        pickles.append(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # pickle raises PicklingError, AttributeError, TypeError, ...
        raise TypeError(
            f"save: {where} is a {type(obj).__name__} that cannot be pickled ({exc}); "
            "for a model or an optimiser, save its state_dict()"
        ) from None
    return {"pickle": len(pickles) - 1, "type": type(obj).__name__}


def _decode(node, arrays, pickles):
    if "pickle" in node:
        return pickle.loads(pickles[node["pickle"]])
    if "tensor" in node:
        return tensor(arrays[node["tensor"]], requires_grad=node["requires_grad"])
    if "array" in node:
        array = arrays[node["array"]]
        return array[()] if node["scalar"] else array
    if "dict" in node:
        return {key: _decode(value, arrays, pickles) for key, value in node["dict"]}
    if "list" in node:
        return [_decode(value, arrays, pickles) for value in node["list"]]
    if "tuple" in node:
        return tuple(_decode(value, arrays, pickles) for value in node["tuple"])
    return node["value"]


def save(obj, f):
    """Write ``obj`` (e.g. ``model.state_dict()``, or a whole model) to ``f``, a path or a binary
    file object.

    Writing to a path is atomic: the file is either the old one or the complete new one.
    """
    arrays, pickles = [], []
    tree = json.dumps(_encode(obj, arrays, pickles, "obj"))
    if isinstance(f, (str, os.PathLike)):
        with atomic_write(f) as file:
            _write(file, tree, arrays, pickles)
    else:
        _write(f, tree, arrays, pickles)


def _write(file, tree, arrays, pickles):
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("tree.json", tree)
        for i, array in enumerate(arrays):
            with archive.open(f"{i}.npy", "w") as member:
                np.lib.format.write_array(member, array, allow_pickle=False)
        for k, data in enumerate(pickles):
            archive.writestr(f"{k}.pkl", data)


def load(f, map_location=None, weights_only=True):
    """Read what ``save`` wrote to ``f`` (a path or a binary file object): Tensors come back as
    Tensors (with their ``requires_grad``), arrays as arrays, dicts as dicts, and pickled
    objects -- only with ``weights_only=False`` -- as themselves.

    ``map_location`` may be None or the CPU (there is no other device).
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
            pickled = sum(n.endswith(".pkl") for n in names)
            if pickled and weights_only:
                raise pickle.UnpicklingError(
                    f"load: {name!r} holds {pickled} pickled object(s) (a whole {_first_type(tree)}, not only "
                    "Tensors); unpickling runs code from the file, so it needs weights_only=False: pass it "
                    "only for a file you trust (PyTorch's rule), or save and load a state_dict() instead"
                )
            pickles = [archive.read(f"{k}.pkl") for k in range(pickled)]
        return _decode(tree, arrays, pickles)
    except (OSError, KeyError, IndexError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise ValueError(f"load: {name!r} is not a file written by autograd.save: {exc}") from None


def _first_type(node):
    """The type name of the first pickled object in a tree."""
    if "pickle" in node:
        return node["type"]
    for key in ("dict", "list", "tuple"):
        for child in node.get(key, ()):
            found = _first_type(child[1] if key == "dict" else child)
            if found:
                return found
    return None
