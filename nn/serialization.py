"""Save and load a module's ``state_dict()`` as a ``.npz`` file (numpy's zip of arrays; no pickle).

``save`` writes a temporary file beside the target and renames it over the
target only when it is complete (``os.replace`` is atomic), so a crash while
writing never leaves a half-written model file: the old one stays intact.
``load`` reads and checks everything before touching the model.
"""
import os
import tempfile
import zipfile
import zlib

import numpy as np

from .module import Module

__all__ = ["save", "load"]


def _check_module(module, name):
    if not isinstance(module, Module):
        raise TypeError(f"{name}: expected a Module as the first argument, got {type(module).__name__}")


def save(module, path):
    """Write ``module.state_dict()`` to ``path`` (an .npz archive: one ``<name>.npy`` per entry).

    Atomic: the file at ``path`` is either the old one or the complete new one. Returns ``path``.
    """
    _check_module(module, "nn.save")
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(handle, "wb") as file:
            with zipfile.ZipFile(file, "w") as archive:
                for key, array in module.state_dict().items():
                    with archive.open(key + ".npy", "w") as member:
                        np.lib.format.write_array(member, array, allow_pickle=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
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
        raise ValueError(f"nn.load: {path!r} is not a readable .npz archive written by nn.save "
                         f"(truncated, or another format?): {exc}") from exc
    module.load_state_dict(state)
    return module
