"""Which worker process runs a job, and whether it is still alive.

A job names its worker "host:pid". On the same host, whether that process lives is known at
once; a worker on another host is known only by its job's signs of progress (the job's
heartbeat), which is why a job is failed as stuck only after LIEN_TASK_STUCK_AFTER."""

import os
import socket


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def is_alive(worker: str) -> bool | None:
    """True or False for a worker of this host; None for another host's (unknown)."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True
