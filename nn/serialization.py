"""Save and load a ``state_dict()`` as a ``.npz`` file (numpy's zip of arrays; no pickle).

Works for a Module (a flat dict of arrays) and for anything else with
``state_dict()`` / ``load_state_dict()``, such as an optimiser or a
scheduler, whose nested dicts and lists are flattened into keys like
``state/0/exp_avg`` and ``param_groups/[0]/lr`` (None, an empty dict or list: a marker key).

``save`` writes a temporary file beside the target and renames it over the
target only when it is complete (``os.replace`` is atomic), so a crash while
writing never leaves a half-written model file: the old one stays intact.
``load`` reads and checks everything before touching the model.
"""

import os
import zipfile
import zlib

import numpy as np

from autograd.atomic import atomic_write

from .module import Module

__all__ = ["save", "load"]


def _check_module(module, name):
    if not (
        isinstance(module, Module) or (hasattr(module, "state_dict") and hasattr(module, "load_state_dict"))
    ):
        raise TypeError(
            f"{name}: expected a Module (or an optimiser/scheduler with state_dict), "
            f"got {type(module).__name__}"
        )


def _flatten(tree, prefix=""):
    """Nested dicts/lists of values -> {"a/b/[0]/c": array}."""
    if isinstance(tree, dict):
        items = ((str(key), value) for key, value in tree.items())
    elif isinstance(tree, list):
        items = ((f"[{i}]", value) for i, value in enumerate(tree))
    elif tree is None:  # e.g. LBFGS's line_search_fn: a marker entry, as for empty containers
        return {f"{prefix}/None": np.zeros(0)}
    else:
        return {prefix: np.asarray(tree)}
    if not tree:  # keep empty containers: a marker entry
        return {f"{prefix}/{'{}' if isinstance(tree, dict) else '[]'}": np.zeros(0)}
    flat = {}
    for key, value in items:
        if "/" in key:
            raise ValueError(f"nn.save: state key {key!r} contains '/', which the file format reserves")
        flat.update(_flatten(value, f"{prefix}/{key}" if prefix else key))
    return flat


def _unflatten(flat):
    """The inverse of ``_flatten``: levels whose keys are all ``[i]`` become lists,
    and the markers ``{}`` / ``[]`` / ``None`` empty containers and None."""
    tree = {}
    for path, value in flat.items():
        parts = path.split("/")
        level = tree
        for part in parts[:-1]:
            level = level.setdefault(part, {})
        level[parts[-1]] = value

    def rebuild(node):
        if not isinstance(node, dict):
            return node
        if list(node) == ["None"]:
            return None
        if list(node) == ["{}"] or list(node) == ["[]"]:
            return {} if "{}" in node else []
        if node and all(k.startswith("[") and k.endswith("]") for k in node):
            return [rebuild(node[k]) for k in sorted(node, key=lambda k: int(k[1:-1]))]
        return {k: rebuild(v) for k, v in node.items()}

    return rebuild(tree)


def _state_of(obj):
    state = obj.state_dict()
    return state if isinstance(obj, Module) else _flatten(state)


def save(module, path):
    """Write ``module.state_dict()`` to ``path`` (an .npz archive: one ``<name>.npy`` per entry).

    ``module`` may also be an optimiser or scheduler (anything with ``state_dict``).
    Atomic: the file at ``path`` is either the old one or the complete new one. Returns ``path``.
    """
    _check_module(module, "nn.save")
    path = os.fspath(path)
    with atomic_write(path) as file, zipfile.ZipFile(file, "w") as archive:
        for key, value in _state_of(module).items():
            with archive.open(key + ".npy", "w") as member:  # a Module's values are Tensors
                np.lib.format.write_array(member, np.asarray(value), allow_pickle=False)
    return path


def load(module, path):
    """Load a state saved by ``save(module, path)`` into ``module`` in place; return ``module``.

    A missing file raises FileNotFoundError; a file that is not a complete .npz archive, or
    whose entries do not match the module (see ``Module.load_state_dict``), a ValueError.
    In every error case the module is left unchanged.
    """
    _check_module(module, "nn.load")
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"nn.load: no such file {path!r}")
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not an archive of named arrays")
        with archive:
            state = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        message = (
            f"nn.load: {path!r} is not a chainrule save: it is not a readable .npz archive "
            f"written by nn.save (truncated, or another format?)"
        )
        if "pickle" in str(exc):  # numpy's advice to allow pickles: we never unpickle
            raise ValueError(message) from None
        raise ValueError(f"{message}: {exc}") from exc
    module.load_state_dict(state if isinstance(module, Module) else _unflatten(state))
    return module
