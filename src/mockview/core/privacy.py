"""Private by default: what MockView writes can be read by its user only.

Recordings and transcripts are someone's rehearsed answers. Folders are created 0700 and files
0600 (the process umask, set once at start), and folders an earlier version created 0755 are
tightened, which also closes every file inside them to other users.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mockview.core import paths

PRIVATE_UMASK = 0o077  # new folders 0700, new files 0600


def keep_private() -> None:
    """Set the umask and tighten MockView's own folders; called once by each entry point."""
    os.umask(PRIVATE_UMASK)
    for folder in (paths.data_dir(), paths.config_dir(), paths.cache_dir()):
        tighten(folder)


def tighten(folder: Path) -> None:
    """Make an existing folder of ours 0700; a missing one is left to be created under the umask."""
    try:
        info = folder.lstat()
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return  # a link or someone else's folder (a shared portable install): not ours to change
    if info.st_mode & 0o077:
        try:
            folder.chmod(0o700)
        except OSError:
            pass  # a read-only mount: nothing more can be done, and nothing is written there
