"""A mixed day at a département's social services, for `bench/load/run.sh`.

Each simulated agent logs in once with an account of the plan (bench/load/prepare.py),
then, until the run's time is up, acts and pauses 5 to 15 seconds between acts, as an
agent at a desk or in an interview would:

- secretaries (one agent in five): the reception desk, person searches, logging a
  visit for a household that has just arrived;
- social workers: their files' pages, person searches, and quick entries during an
  interview (an intervention recorded with htmx, now and then a note).

Every answer must be the expected page: a status other than 200 (or a redirect to the
login page) counts as a failure. The run is bounded by locust's --run-time.
"""

import datetime
import json
import os
import random
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

with open(os.environ["LIEN_LOAD_PLAN"]) as plan_file:
    PLAN = json.load(plan_file)
# Lien's TIME_ZONE: a date it is sent is compared with its own day, not the load machine's.
PARIS = ZoneInfo("Europe/Paris")
# Each simulated agent takes the next account of its role (secretaries and social workers
# come in the plan's proportion, one in five, as the classes' weights below).
_accounts = {
    role: iter([a for a in PLAN["agents"] if a["role"] == role])
    for role in {a["role"] for a in PLAN["agents"]}
}


class Agent(HttpUser):
    wait_time = between(5, 15)
    abstract = True
    role = ""

    def on_start(self):
        self.plan = next(_accounts[self.role], None)
        if self.plan is None:
            raise RuntimeError(f"the plan has too few {self.role} accounts for this run")
        self.client.get("/login/", name="login page")
        response = self.client.post(
            "/login/",
            {
                "username": self.plan["username"],
                "password": self.plan["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login",
            catch_response=True,
        )
        with response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"login refused for {self.plan['username']}")

    def _csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def page(self, url: str, name: str, headers: dict | None = None):
        with self.client.get(url, name=name, headers=headers, catch_response=True) as r:
            self._check(r)

    def post(self, url: str, data: dict, name: str, htmx: bool = False):
        headers = self._csrf() | ({"HX-Request": "true"} if htmx else {})
        with self.client.post(url, data, name=name, headers=headers, catch_response=True) as r:
            self._check(r)

    @staticmethod
    def _check(response):
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
        elif "/login/" in response.url:
            response.failure("sent back to the login page")

    def search(self):
        term = random.choice(self.plan["searches"])
        self.page(
            f"/persons/search/?{urlencode({'q': term})}", "person search", {"HX-Request": "true"}
        )

    def a_file(self) -> dict:
        return random.choice(self.plan["files"])


class Secretary(Agent):
    weight = 1
    role = "secretary"

    def on_start(self):
        super().on_start()
        self.desk = f"/reception/?office={self.plan['office']}"

    @task(4)
    def reception_desk(self):
        self.page(self.desk, "reception desk")

    @task(4)
    def person_search(self):
        self.search()

    @task(1)
    def log_visit(self):
        casefile = self.a_file()
        if casefile["person"] is None:
            return
        url = f"/files/{casefile['id']}/visits/new/"
        self.page(url, "visit form")
        self.post(url, {"person": casefile["person"], "reason": "information"}, "log a visit")


class SocialWorker(Agent):
    weight = 4
    role = "social_worker"

    @task(6)
    def file_page(self):
        self.page(f"/files/{self.a_file()['id']}/", "file page")

    @task(2)
    def person_search(self):
        self.search()

    @task(2)
    def record_intervention(self):
        self.post(
            f"/files/{self.a_file()['id']}/interventions/",
            {
                "intervention-item": random.choice(PLAN["intervention_items"]),
                "intervention-occurred_on": datetime.datetime.now(PARIS).date().isoformat(),
            },
            "quick entry: intervention",
            htmx=True,
        )

    @task(1)
    def write_note(self):
        self.post(
            f"/files/{self.a_file()['id']}/notes/",
            {"note-text": "Entretien : point sur les démarches.", "note-visibility": "team"},
            "quick entry: note",
            htmx=True,
        )
