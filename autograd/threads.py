"""``set_num_threads`` and friends: how many threads the computation uses.

chainrule computes with numpy, whose matrix products run on its BLAS library's thread pool
(OpenBLAS or MKL); elementwise numpy runs on one thread. So:

- ``set_num_threads(n)`` sets the BLAS pool to ``n`` threads, in this process, at once, through
  threadpoolctl. Without threadpoolctl installed it cannot reach the pool: it warns and does
  nothing (start the process with ``OPENBLAS_NUM_THREADS=n`` instead).
- ``get_num_threads()`` is the pool's size as BLAS reports it (threadpoolctl), else the
  number set last, else the number of CPUs this process may use.
- There is no inter-op pool (ops run one after another on the calling thread):
  ``set_num_interop_threads(n)`` only records ``n``, which ``get_num_interop_threads()``
  returns (1 until set), and changes nothing else.
"""

import numbers
import os
import warnings

_set = {"intra": None, "interop": None}


def _count(n, name):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{name}: expects a positive int, got {n!r}")
    return int(n)


def _blas_pools():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [info for info in threadpool_info() if info.get("user_api") == "blas"]


def set_num_threads(n):
    """Use ``n`` threads for numpy's BLAS (matrix products) from now on."""
    n = _count(n, "set_num_threads")
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        warnings.warn(
            "set_num_threads: threadpoolctl is not installed, so numpy's BLAS keeps its threads "
            "(pip install threadpoolctl, or set OPENBLAS_NUM_THREADS before starting Python)",
            RuntimeWarning,
            stacklevel=2,
        )
    else:
        threadpool_limits(limits=n, user_api="blas")
    _set["intra"] = n


def get_num_threads():
    """The number of threads numpy's BLAS uses."""
    pools = _blas_pools()
    if pools:
        return max(pool["num_threads"] for pool in pools)
    if _set["intra"] is not None:
        return _set["intra"]
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def set_num_interop_threads(n):
    """Record ``n`` (chainrule has no inter-op thread pool: see the module's docstring)."""
    _set["interop"] = _count(n, "set_num_interop_threads")


def get_num_interop_threads():
    """The number given to ``set_num_interop_threads``, 1 until then (ops run one at a time)."""
    return _set["interop"] or 1
