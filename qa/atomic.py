"""Atomic replacement of a directory, and an exclusive build lock."""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from qa.errors import BusyError

logger = logging.getLogger(__name__)

# A build's temp directory holds this file until just before it is swapped into place, so that a
# later build removes only temp directories a build made (a user's ".index.tmp-notes" stays).
TEMP_MARKER = ".qa-build-temp"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_dir(new: Path, target: Path) -> None:
    """Put directory ``new`` at ``target``; the old ``target`` (if any) is removed.

    Readers see either the whole old or the whole new directory: the swap is one
    atomic syscall where the kernel supports it. Elsewhere there is a moment with
    only ``.<target>.qa-old``, which ``recover_dir`` puts back. Callers check first
    that ``target`` holds nothing but a previous index (``qa.index.check_target``).
    """
    fsync_dir(new)
    if not target.exists():
        os.rename(new, target)
    elif _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old index
    else:
        old = _old_name(target)  # a name only qa uses; one that is not an old index is refused below
        if os.path.lexists(old):
            if not _holds_index(old):
                raise OSError(errno.EEXIST, "a path qa did not create is in the way; move it away", str(old))
            shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(target.parent)


def _old_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.qa-old")


def _holds_index(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (path / "manifest.json").is_file()


def recover_dir(target: Path) -> None:
    """Undo an interrupted non-atomic swap: bring the old index back if ``target`` is gone."""
    old = _old_name(target)
    if not os.path.lexists(target) and _holds_index(old):
        logger.warning("restoring %s from an interrupted build", target)
        os.rename(old, target)


def make_temp_dir(target: Path) -> Path:
    """A new, marked temp directory beside ``target`` for a build to fill (see ``TEMP_MARKER``)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    (tmp / TEMP_MARKER).write_bytes(b"")
    return tmp


def clean_stale_temps(target: Path, is_ours: Callable[[Path], bool] | None = None) -> None:
    """Remove temp dirs left by builds that were killed: those still holding ``TEMP_MARKER``, those
    ``is_ours`` recognises (the old index a swap put there, killed while it was being removed: it has
    no marker), and empty ones (killed before the marker was written). A user's directory that
    merely matches the name stays."""
    for p in target.parent.glob(f".{target.name}.tmp-*"):
        if not p.is_dir() or p.is_symlink():
            continue
        if ((p / TEMP_MARKER).is_file() and not (p / TEMP_MARKER).is_symlink()) or (is_ours is not None and is_ours(p)):
            shutil.rmtree(p, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):  # only when empty: nothing of anyone's is lost
                p.rmdir()


@contextlib.contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock for building ``target``; BusyError if another build has it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    try:  # never through a symbolic link: it could make qa create a file elsewhere
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "the build lock is a symbolic link; remove it", str(lock_path)) from None
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BusyError(f"another build of the index in `{target.as_posix()}/` is running; "
                            "wait for it to finish") from exc
        yield
    finally:
        os.close(fd)
