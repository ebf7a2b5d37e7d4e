"""Social workers reading through the views, each in a process of its own: what the
read-logging and import-while-reading benches both measure.

An agent requests, until its deadline or until `stop` is set, the pages of reads a
social worker makes: a file page of their own (60 %), a person search by a prefix of a
name of their office (30 %), their caseload (10 %); with a pause drawn around `pause`
seconds between two requests (0: back to back, the server's saturation).
"""

import random
import time
from dataclasses import dataclass
from typing import NamedTuple

from common import warm_up


@dataclass(frozen=True)
class Agent:
    username: str
    files: list[int]
    terms: list[str]
    seed: int


def plan_agents(usernames: list[str]) -> list[Agent]:
    """Each user's files (up to 100 they are the referent of) and search terms (prefixes
    of 2 to 6 letters of birth names of their office)."""
    from lien.accounts.models import User
    from lien.casefiles.models import CaseFile, HouseholdMember

    agents = []
    for n, username in enumerate(usernames):
        user = User.objects.get(username=username)
        files = list(CaseFile.objects.filter(referent=user).values_list("pk", flat=True)[:100])
        office = user.memberships.values_list("office_id", flat=True).first()
        names = HouseholdMember.objects.filter(household__casefiles__office_id=office).values_list(
            "person__birth_name", flat=True
        )[:200]
        terms = [name[: 2 + k % 5].lower() for k, name in enumerate(names)]
        agents.append(Agent(username, files, terms, seed=n))
    return agents


# What each request of an agent is, for the figures by kind.
KINDS = ("file page", "search", "caseload")


class Reading(NamedTuple):
    kind: str
    started: float  # time.monotonic(), the same clock in every process of the machine
    ms: float


def pick(agent: Agent, rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """The agent's next request: (kind, url, headers)."""
    from urllib.parse import urlencode

    draw = rng.random()
    if draw < 0.6:
        return KINDS[0], f"/files/{rng.choice(agent.files)}/", {}
    if draw < 0.9:
        url = f"/persons/search/?{urlencode({'q': rng.choice(agent.terms)})}"
        return KINDS[1], url, {"HTTP_HX_REQUEST": "true"}
    return KINDS[2], "/", {}


def read(
    agent: Agent, *, seconds: float, pause: float = 0.0, logged=None, stop=None, ready=None
) -> list[Reading]:
    """The agent's requests for `seconds` after its warm-up, or until `stop` (an Event).
    Runs in a forked process: it opens its own connections. With `ready` (a Barrier), the
    agents start together once all have warmed up: a fresh process's warm-up takes a core
    for a second or more, and 20 of them would load the first seconds of the measure."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.db import connections
    from django.test import Client

    from lien.accounts.models import User

    if logged is not None:
        settings.LIEN_AUDIT_READS = logged
    connections.close_all()
    warm_up()
    # The same requests in every run of the same agent: runs compared with each other
    # (reads logged or not) then differ by what they measure, not by their draw.
    rng = random.Random(agent.seed)
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=agent.username))
    # One untimed request of each kind first: a fresh process loads its templates and
    # lazy modules on its first pages, which no agent at work waits for.
    client.get(f"/files/{agent.files[0]}/")
    client.get(f"/persons/search/?{urlencode({'q': agent.terms[0]})}", HTTP_HX_REQUEST="true")
    client.get("/")
    if ready is not None:
        ready.wait()
    timings: list[Reading] = []
    until = time.monotonic() + seconds
    while time.monotonic() < until and not (stop is not None and stop.is_set()):
        kind, url, headers = pick(agent, rng)
        started = time.perf_counter()
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        elapsed = time.perf_counter() - started
        timings.append(Reading(kind, time.monotonic() - elapsed, elapsed * 1000))
        if pause:
            time.sleep(rng.uniform(0.5 * pause, 1.5 * pause))
    connections.close_all()
    return timings
