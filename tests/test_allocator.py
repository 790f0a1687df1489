"""autograd.allocator: freed memory kept for reuse (glibc's mallopt), and the way to turn it off."""

import os
import subprocess
import sys

import pytest

from autograd import allocator

GLIBC = allocator._glibc() is not None
needs_glibc = pytest.mark.skipif(not GLIBC, reason="the C library is not glibc: nothing to tune")


# A "step" as training makes them, in a fresh process: four 3 MiB arrays alive together, then
# all freed; once, then three times more, printing the page faults of the three. 3 MiB: above
# glibc's default mmap threshold (128 KiB), below the 4 MiB from which numpy asks for huge
# pages (which would fault 2 MiB at a time).
FAULTS = """
import resource, numpy as np, autograd
faults = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_minflt
step = lambda: [np.ones(786432, dtype=np.float32) for _ in range(4)]
step()
before = faults()
for _ in range(3):
    step()
print(faults() - before)
"""
PAGES = 3 * 4 * 3 * 1024 * 1024 // 4096  # of the three steps' arrays


def _faults(reuse):
    env = dict(os.environ, CHAINRULE_REUSE_MEMORY=reuse)
    out = subprocess.run([sys.executable, "-c", FAULTS], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout)


@needs_glibc
def test_it_is_on_after_import_and_can_be_turned_off_and_on():
    assert allocator.reusing_freed_memory()
    try:
        assert allocator.reuse_freed_memory(False) is False
        assert not allocator.reusing_freed_memory()
    finally:
        assert allocator.reuse_freed_memory() is True
    assert allocator.reusing_freed_memory()


@needs_glibc
def test_a_large_array_made_again_reuses_its_pages():
    assert _faults("1") < PAGES // 10  # not one fault per page again


@needs_glibc
def test_the_system_defaults_fault_in_fresh_pages_each_time():
    """The effect the module exists for: without it, each new large array is new pages."""
    assert _faults("0") >= PAGES // 2


def test_the_environment_variable_keeps_the_system_defaults():
    code = "import autograd.allocator as a; print(a.reusing_freed_memory())"
    env = dict(os.environ, CHAINRULE_REUSE_MEMORY="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    env["CHAINRULE_REUSE_MEMORY"] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(GLIBC)
