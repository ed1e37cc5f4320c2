"""Which process runs a piece of work, and whether it is still there.

Long work (an import, an undo, a queued task) records "host:pid" of the process that runs it. A
worker starting up (`qualitybrand worker`) settles work whose process is gone (`core/recovery.py`):
after a kill -9 or a power cut nothing stays "running" for ever."""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def process_gone(worker: str) -> bool:
    """True only when the process is known to be gone: on this host, and no such pid runs."""
    host, _sep, pid = (worker or "").rpartition(":")
    if not pid.isdigit() or host != socket.gethostname():
        return False  # another machine's process: it settles its own work when it starts
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    try:  # a zombie (killed, not yet reaped) is gone too
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
