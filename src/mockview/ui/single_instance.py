"""One MockView per data folder: a second launch shows the first window, or says why it cannot.

Two instances on one data folder would each take the other's unfinished recording for a crashed
one: the second "recovered" the first's answer while it was still being recorded and wrote its
own result over it. A QLockFile in the data folder (stale when its process is gone, so a crash
never locks the user out) makes the first instance the only one; a local socket beside it lets a
second launch ask the first to come to the front.
"""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_NAME = "mockview.lock"
SHOWN = b"shown\n"
CONNECT_MS = 1000  # a local socket answers in microseconds; a second is a hung first instance


class SingleInstance(QObject):
    """Holds the data folder's lock; `show_requested` when another launch asks for the window."""

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
        self.server_name = f"mockview-{digest}"
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this process now holds the data folder (a dead holder's lock is taken)."""
        return self.lock.tryLock(0)

    def holder(self) -> str:
        """Who holds the lock, for the message: "process 1234 on this computer"."""
        info = self.lock.getLockInfo()  # (pid, host, app), or not a tuple when unreadable
        if not isinstance(info, tuple) or len(info) < 2:
            return "another MockView"
        pid, host = info[0], info[1]
        where = "this computer" if host == socket.gethostname() else f'computer "{host}"'
        return f"process {pid} on {where}"

    def ask_holder_to_show(self) -> bool:
        """Asks the running instance to bring its window forward; False if it did not answer."""
        client = QLocalSocket()
        client.connectToServer(self.server_name)
        if not client.waitForConnected(CONNECT_MS):
            return False
        answered = client.waitForReadyRead(CONNECT_MS)  # a hung holder accepts but never answers
        client.abort()
        return answered

    def listen(self) -> None:
        """Answers later launches (call once the window exists)."""
        QLocalServer.removeServer(self.server_name)  # a crashed holder's socket file
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if server.listen(self.server_name):
            self._server = server

    def _accept(self) -> None:
        # A connection is the request: a later launch connects only to ask for the window.
        assert self._server is not None
        while (client := self._server.nextPendingConnection()) is not None:
            client.disconnected.connect(client.deleteLater)
            client.write(SHOWN)
            client.flush()  # now: the window may take a while to come forward
            client.disconnectFromServer()  # after the answer is written
            self.show_requested.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self.lock.unlock()
