"""Writing files so that a failure never leaves a half-written one behind."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

_TMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")
"""Temporary files of :func:`write_atomic`: ``.<name>.<pid of the writer>.<random>.tmp``."""


def check_writable(path: str | Path) -> Path:
    """Check, before any work is done, that ``path`` can be written as a file.

    Raises
    ------
    FileNotFoundError, IsADirectoryError, PermissionError
        Naming ``path`` as the user gave it: its folder is missing, it is a folder, or
        the folder or the existing file is not writable.

    Examples
    --------
    >>> import tempfile
    >>> check_writable(Path(tempfile.mkdtemp()) / "x.nc").name
    'x.nc'
    """
    path = Path(path).expanduser()
    folder = path.resolve().parent
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give a file name, e.g. {path / 'result.nc'}")
    if not folder.is_dir():
        raise FileNotFoundError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise PermissionError(f"{path}: no permission to write there")
    return path


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporary files that writes of ``path`` left behind when their process
    was killed (its process no longer exists); a write still running keeps its file.

    Returns the files removed.
    """
    path = Path(path).expanduser()
    folder = path.resolve().parent
    removed = []
    for tmp in folder.glob(f".{glob_escape(path.name)}.*.tmp"):
        m = _TMP.match(tmp.name)
        if m is None or m["name"] != path.name or _alive(int(m["pid"])):
            continue
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([\[\]*?])", r"[\1]", name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def write_atomic(
    path: str | Path, content: bytes | str | Callable[[Path], object], *, encoding: str = "utf-8"
) -> Path:
    """Write ``content`` to ``path`` atomically: a temporary file in the same folder, then
    :func:`os.replace`; on any failure the temporary file is removed and ``path`` is left
    as it was.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder must exist.
    content : bytes, str or callable
        The bytes, the text (written in ``encoding``), or a function that writes the
        file given the temporary path (e.g. ``lambda p: ds.to_netcdf(p)``).

    Returns
    -------
    Path
        ``path``. A file it replaces keeps its permissions; a new one gets those a plain
        :func:`open` would give it (the umask's).

    Raises
    ------
    FileNotFoundError, IsADirectoryError, PermissionError
        From :func:`check_writable`, naming ``path``.

    Notes
    -----
    The temporary file's name holds the writer's process id, so that the next write of
    the same file removes what a killed write left (:func:`remove_stale_temporaries`).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hallo").read_text()
    'hallo'
    """
    path = check_writable(path)
    folder = path.resolve().parent
    remove_stale_temporaries(path)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            data = content.encode(encoding) if isinstance(content, str) else bytes(content)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        if mode is None:  # as a plain open() would (mkstemp makes it private)
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
