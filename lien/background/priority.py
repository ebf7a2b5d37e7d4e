"""The task worker gives way to the agents at the desk.

Its work (a 100,000-household import, a statistics publication, a key rotation) is
never urgent to the second, while every agent's request is: on a server where the worker
and the web workers share the cores, an import at the same priority took a whole core
for minutes and tripled the readers' p95 (bench/import_while_reading.py). The worker
process therefore lowers its own priority when it starts (`nice`, which needs no
privilege). Its database session is not lowered, but it works only when the worker asks:
a worker waiting for the processor asks less. On PostgreSQL its long jobs also pause
between their steps (`Pacing`): the server's processes that do the job's inserts and
index updates run at everybody's priority, and without pauses they held a core for the
whole import.
"""

import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections


def give_way_to_the_desk() -> int:
    """Lowers this process's priority by LIEN_TASK_NICENESS (0 leaves it); returns the
    niceness now in force."""
    step = int(getattr(settings, "LIEN_TASK_NICENESS", 10))
    return os.nice(step) if step > 0 else os.nice(0)


class Pacing:
    """A long job's steps, each followed by a pause `ratio` times as long as the step
    took: with 1, the job keeps the database server busy half the time at most, and the
    agents' requests meet a free core between its steps."""

    def __init__(
        self,
        ratio: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ratio, self._sleep, self._clock = ratio, sleep, clock
        self._since = clock()

    def step_done(self) -> float:
        """Pauses after a step; returns the pause, in seconds."""
        pause = (self._clock() - self._since) * self.ratio
        if pause > 0:
            self._sleep(pause)
        self._since = self._clock()
        return pause


def pacing_for(using: str = "default") -> Pacing:
    """LIEN_TASK_PACE on PostgreSQL. No pause on SQLite: its writers wait for the job's
    transaction to end, and a pause would only make them wait longer."""
    ratio = float(getattr(settings, "LIEN_TASK_PACE", 1.0))
    return Pacing(ratio if connections[using].vendor == "postgresql" else 0.0)
