"""Writing files so that nothing is ever half-written or lost.

``writable_target(path)`` checks, before any work is done, that a save to ``path`` can
succeed: the folder exists or can be made and takes new files, and the target is not a
folder, a device, a pipe or a socket. A symlink is written through to its target, and
stays a symlink. ``atomic_write(path, write)`` writes a temporary file beside the target
and renames it over the target only when complete (``os.replace`` is atomic), so a crash
or a full disk never leaves half a file and never destroys the previous one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UnwritablePathError
from .words import said

TEMP_SUFFIX = ".tmp"


def not_a_file(path) -> str | None:
    """Why ``path`` cannot be read as a file, in words ("no such file", "is a folder", ...), or None if it can."""
    path = Path(path)
    try:
        if path.is_file():
            return None
        if path.is_dir():
            return said("is a folder, not a file")
        if path.is_symlink() and not path.exists():
            try:
                path.resolve(strict=True)
            except RuntimeError:  # Python 3.11-3.12 raise this for a loop of links
                return said("is a symlink loop")
            except OSError as error:
                return said("is a symlink loop") if error.errno == 40 else said(
                    "is a broken symlink (its target does not exist)"
                )
            return said("is a broken symlink (its target does not exist)")
        if path.exists():
            return said("is not a regular file (a pipe, device or socket)")
    except OSError as error:  # e.g. a symlink loop
        return said("cannot be read ({error})", error=error.strerror or error)
    return said("no such file")


def writable_target(path) -> Path:
    """The file a save to ``path`` writes (a symlink's target), or ``UnwritablePathError`` saying why not."""
    path = Path(path)
    target = path
    if path.is_symlink():
        try:
            target = path.resolve(strict=False)
        except (RuntimeError, OSError):  # a loop of links
            raise UnwritablePathError(said("{path}: is a symlink loop", path=path)) from None
    if target.is_dir():
        raise UnwritablePathError(said("{path}: is a folder; give a file name, e.g. {value}",
                                       path=path, value=path / 'model.npz'))
    if target.exists() and not target.is_file():
        raise UnwritablePathError(said("{path}: is not a regular file (a device, pipe or socket); give a file name",
                                       path=path))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UnwritablePathError(said("{path}: cannot create the folder {folder} ({value})",
                                       path=path, folder=folder, value=error.strerror or error)) from None
    if not folder.is_dir():
        raise UnwritablePathError(said("{path}: {folder} is not a folder", path=path, folder=folder))
    try:  # the one sure test: read-only mounts, /proc and permissions all show here
        handle, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise UnwritablePathError(said("{path}: cannot write in {folder} ({value})",
                                       path=path, folder=folder, value=error.strerror or error)) from None
    return target


def _temp_prefix(target: Path, pid: int | str) -> str:
    return f".{target.name}.{pid}."


def remove_orphans(target: Path) -> list[Path]:
    """Delete temporary files of earlier saves to ``target`` whose process is gone (killed mid-save)."""
    removed = []
    for temp in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
        pid = temp.name[len(f".{target.name}.") :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            temp.unlink()
            removed.append(temp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def atomic_write(path, write) -> Path:
    """Call ``write(file_object)`` on a temporary file, then move it onto ``path``; returns the file written.

    Either the new file is complete at ``path`` (a symlink's target) or the old one is still
    there untouched. The temporary file's name carries this process's id, so the next save
    can tell a killed save's leftover from a save in progress and delete it. A failure
    names ``path``, never the temporary file.
    """
    target = writable_target(path)
    remove_orphans(target)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=_temp_prefix(target, os.getpid()), suffix=TEMP_SUFFIX,
                                             dir=target.parent)  # fmt: skip
    except OSError as error:
        raise UnwritablePathError(said("{path}: could not write ({value})",
                                       path=path, value=error.strerror or error)) from None
    try:
        # mkstemp makes the file private (0600); give it the permissions a normal save would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        with os.fdopen(handle, "wb") as temp_file:
            write(temp_file)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise UnwritablePathError(said("{path}: could not write ({value})",
                                       path=path, value=error.strerror or error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target
