"""The task worker gives way to the agents at the desk.

Its work (a 100,000-household import, a statistics publication, a key rotation) is
never urgent to the second, while every agent's request is: on a server where the worker
and the web workers share the cores, an import at the same priority took a whole core
for minutes and tripled the readers' p95 (bench/import_while_reading.py). The worker
process therefore lowers its own priority when it starts (`nice`, which needs no
privilege). Its database session is not lowered, but it works only when the worker asks:
a worker waiting for the processor asks less.
"""

import os

from django.conf import settings


def give_way_to_the_desk() -> int:
    """Lowers this process's priority by LIEN_TASK_NICENESS (0 leaves it); returns the
    niceness now in force."""
    step = int(getattr(settings, "LIEN_TASK_NICENESS", 10))
    return os.nice(step) if step > 0 else os.nice(0)
