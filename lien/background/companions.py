"""Work that the task worker does beside its tasks, each in a thread of its own, until it
stops: an app above registers it here when it is ready (this layer imports none of
them). The audit log's sealer is one (lien/audit/apps.py)."""

import threading
from collections.abc import Callable

# A companion runs until the event is set, then returns.
Companion = Callable[[threading.Event], None]

_companions: dict[str, Companion] = {}


def beside_the_tasks(name: str, companion: Companion) -> None:
    """Registers `companion` under `name` (registering a name again replaces it)."""
    _companions[name] = companion


def start_companions(stop: threading.Event) -> list[threading.Thread]:
    """Starts every registered companion in a daemon thread named after it."""
    threads = [
        threading.Thread(target=companion, args=(stop,), name=name, daemon=True)
        for name, companion in _companions.items()
    ]
    for thread in threads:
        thread.start()
    return threads
