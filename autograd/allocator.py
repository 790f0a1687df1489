"""Freed memory kept for reuse: large arrays come back from the C heap, not as fresh pages.

A training step allocates and frees the same large arrays every time (a convolution's
unfolded input, the gradients of a layer's output). glibc's malloc, which numpy uses, serves
a large block (above 128 KiB at first, 32 MiB at most as it adapts) with a fresh ``mmap`` and
gives it back on free, and returns the freed top of its heap to the kernel once more than
twice that lies there. Either way the next
step touches new pages, and the kernel stops it once per 4 KiB page to hand out a zeroed one:
on a LeNet-5 step (batch 64) those page faults were half the step's time.

``reuse_freed_memory()`` changes both (``mallopt``): every block comes from the heap, and up
to 1 GiB of freed memory is kept there for the next allocation. The process's resident
memory stays near its peak instead of falling back between steps; nothing else changes. It
is applied when ``autograd`` is imported (set ``CHAINRULE_REUSE_MEMORY=0`` before to keep the
system's defaults), only where the C library is glibc. PyTorch's performance guide gives the
same advice (jemalloc or tcmalloc preloaded) for the same reason.
"""

import ctypes
import ctypes.util
import os

__all__ = ["reuse_freed_memory", "reusing_freed_memory"]

# mallopt's parameters (glibc's malloc.h) and glibc's defaults for them
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_MMAP_MAX = -1, -3, -4
DEFAULTS = {M_TRIM_THRESHOLD: 128 * 1024, M_MMAP_THRESHOLD: 128 * 1024, M_MMAP_MAX: 65536}
KEPT = {M_TRIM_THRESHOLD: 1 << 30, M_MMAP_MAX: 0}  # no block gets its own mmap

_state = {"reusing": False}


def _glibc():
    """The C library if it is glibc (it has mallopt and gnu_get_libc_version), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.gnu_get_libc_version  # noqa: B018  (an AttributeError: not glibc)
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def reuse_freed_memory(enabled=True):
    """Keep freed memory for reuse (``enabled``), or go back to glibc's default limits (fixed
    at 128 KiB, without the adjusting glibc does when left alone) and return what is kept to
    the system (``malloc_trim``). Returns whether freed memory is now kept:
    False where the C library is not glibc (macOS, musl), where this does nothing."""
    libc = _glibc()
    if libc is None:
        return False
    for parameter, value in (KEPT if enabled else DEFAULTS).items():
        if not libc.mallopt(parameter, value):
            raise OSError(f"mallopt({parameter}, {value}) was refused by the C library")
    if not enabled:
        libc.malloc_trim(0)
    _state["reusing"] = bool(enabled)
    return _state["reusing"]


def reusing_freed_memory():
    """Whether freed memory is kept for reuse (see ``reuse_freed_memory``)."""
    return _state["reusing"]


if os.environ.get("CHAINRULE_REUSE_MEMORY", "1") != "0":
    reuse_freed_memory()
