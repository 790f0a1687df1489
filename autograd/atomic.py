"""Write a file so that it is either the old one or the complete new one, never half of each."""

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_write(path, mode="wb", **open_options):
    """``with atomic_write(path) as file:`` writes to a temporary file beside ``path`` and
    renames it over ``path`` (``os.replace`` is atomic) only when the block succeeds.

    If the block raises, the temporary file is removed and ``path`` is untouched.
    The new file gets the usual permissions (as ``open`` would create it).
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"the folder {folder!r} does not exist (writing {path!r})")
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        with os.fdopen(handle, mode, **open_options) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
