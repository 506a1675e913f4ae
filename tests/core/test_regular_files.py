"""Only regular files are opened: a FIFO, a device or a folder is refused before any read."""

from __future__ import annotations

import errno
import os

import pytest

from mockview.core.regular_files import NotRegularFile, open_regular, reason_of


@pytest.mark.timeout(20)  # opening a FIFO for reading would block until this kills the test
def test_special_files_are_refused_unopened(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "named pipe"), ("/dev/null", "device"), (tmp_path, "folder")):
        with pytest.raises(NotRegularFile, match=kind):
            open_regular(path)


def test_a_regular_file_and_a_link_to_one_open(tmp_path):
    target = tmp_path / "answer.txt"
    target.write_bytes(b"words")
    (tmp_path / "link").symlink_to(target)
    for path in (target, tmp_path / "link"):
        with os.fdopen(open_regular(path), "rb") as f:
            assert f.read() == b"words"


def test_a_link_loop_and_a_missing_file_read_plainly(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OSError) as loop:
        open_regular(tmp_path / "a")
    assert loop.value.errno == errno.ELOOP
    assert reason_of(loop.value) == "it is a symbolic link that loops"
    with pytest.raises(OSError) as missing:
        open_regular(tmp_path / "none")
    assert reason_of(missing.value) == "it does not exist"
