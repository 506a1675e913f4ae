"""Opening a file the user named only when it is a regular file, without ever blocking.

A FIFO named as a bank, an audio file or a transcript made a read wait forever (for a writer that
never comes), a device could be acted on by opening it, and a symbolic link loop raised a
traceback. The kind is checked before opening and again on the open descriptor (opened
non-blocking), in case the path changed in between. Every reader of user files (banks, articles,
audio, transcripts) goes through `open_regular`; each turns `NotRegularFile` and OSError into
its own error type with `reason_of`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFile(Exception):
    """The path names a folder, FIFO, socket or device; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_regular(path: Path | str, *, writable: bool = False) -> int:
    """A blocking descriptor of `path` (links followed), opened only if it is a regular file.

    Raises NotRegularFile, or OSError (ENOENT, ELOOP...) as the system gave it.
    """
    check_regular(os.stat(path).st_mode)
    flags = (os.O_RDWR if writable else os.O_RDONLY) | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        check_regular(os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "a folder" if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )  # fmt: skip
    raise NotRegularFile(f"it is {kind}")


def reason_of(exc: OSError) -> str:
    """An OSError from opening a user's file, as the end of a sentence."""
    if exc.errno == errno.ENOENT:
        return "it does not exist"
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that loops"
    return str(exc.strerror or exc)[:200]
