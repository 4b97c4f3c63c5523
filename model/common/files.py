"""Writing files so that a failure never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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
        ``path``, with the permissions a plain :func:`open` would give it (the umask's).

    Raises
    ------
    FileNotFoundError
        The folder does not exist.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hallo").read_text()
    'hallo'
    """
    path = Path(path).expanduser()
    folder = path.resolve().parent
    if not folder.is_dir():
        raise FileNotFoundError(f"--out {path}: folder {folder} does not exist")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(name)
    try:
        if callable(content):
            os.close(fd)
            content(tmp)
        else:
            data = content.encode(encoding) if isinstance(content, str) else bytes(content)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as a plain open() would (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
