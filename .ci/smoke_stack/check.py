"""The CI smoke test of the whole stack (.ci/smoke-stack): every request goes through
nginx over HTTPS (its self-signed certificate checked), to gunicorn with the production
settings, PostgreSQL, and the task worker. Fails at the first surprise, saying what it
asked and what came back.

    SMOKE_HTTPS=https://127.0.0.1:8443 SMOKE_HTTP=http://127.0.0.1:8080 SMOKE_CERT=cert.pem \
    SMOKE_PASSWORD=… SMOKE_TOTP_KEY=… LIEN_METRICS_TOKEN=… python .ci/smoke_stack/check.py
"""

import datetime
import hashlib
import hmac
import os
import re
import struct
import sys
import time

import requests

HTTPS, HTTP, CERTIFICATE = (os.environ[f"SMOKE_{name}"] for name in ("HTTPS", "HTTP", "CERT"))
PASSWORD = os.environ["SMOKE_PASSWORD"]
TOTP_KEY = bytes.fromhex(os.environ["SMOKE_TOTP_KEY"])
METRICS_TOKEN = os.environ["LIEN_METRICS_TOKEN"]
DEADLINE_SECONDS = 90  # for the worker's tasks


TIMEOUT = 30  # seconds, for any one request


def plain_get(url: str, **options) -> requests.Response:
    """A request outside any session (no cookie), with the stack's certificate."""
    return requests.get(url, timeout=TIMEOUT, **{"verify": CERTIFICATE, **options})


def plain_post(url: str, **options) -> requests.Response:
    return requests.post(url, timeout=TIMEOUT, **{"verify": CERTIFICATE, **options})


class SmokeFailure(AssertionError):
    pass


def expect(condition: bool, what: str, response: requests.Response | None = None) -> None:
    if condition:
        print(f"  ok: {what}")
        return
    detail = ""
    if response is not None:
        detail = f"\n  {response.request.method} {response.url} → {response.status_code}\n"
        detail += response.text[:1500]
    raise SmokeFailure(f"FAILED: {what}{detail}")


def totp_now() -> str:
    """RFC 6238, as django-otp computes it (30 s steps, 6 digits, SHA-1)."""
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(TOTP_KEY, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def csrf_of(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    expect(found is not None, f"a CSRF token on {page.url}", page)
    assert found is not None
    return found.group(1)


def post(session: requests.Session, path: str, data: dict, page: requests.Response, **kw):
    """A form posted as the browser would: its CSRF token, and a Referer on the same
    HTTPS origin (Django's CSRF check over HTTPS needs it)."""
    data = {"csrfmiddlewaretoken": csrf_of(page), **data}
    return session.post(HTTPS + path, data=data, headers={"Referer": page.url}, **kw)


def log_in(username: str, *, second_factor: bool = True) -> requests.Session:
    """Logs in as the agent; the roles that read personal data are asked for their
    second factor in production, the others are not."""
    session = requests.Session()
    # The certificate given, never one named by the environment (REQUESTS_CA_BUNDLE).
    session.trust_env = False
    session.verify = CERTIFICATE
    page = session.get(HTTPS + "/login/")
    expect(page.status_code == 200, f"{username}: the login page", page)
    answer = post(session, "/login/", {"username": username, "password": PASSWORD}, page)
    if not second_factor:
        expect(
            answer.status_code == 200 and answer.url == HTTPS + "/",
            f"{username}: logged in with the password alone (no personal data in reach)",
            answer,
        )
        return session
    expect(
        "/account/two-factor/" in answer.url,
        f"{username}: password accepted, second factor asked",
        answer,
    )
    # A code is refused when it was already used: wait for the next step if needed.
    answer = post(session, "/account/two-factor/", {"token": totp_now()}, answer)
    if "/account/two-factor/" in answer.url:
        time.sleep(31 - time.time() % 30)
        answer = post(session, "/account/two-factor/", {"token": totp_now()}, answer)
    expect(
        answer.status_code == 200 and "/account/two-factor/" not in answer.url,
        f"{username}: second factor accepted",
        answer,
    )
    return session


def wait_until(what: str, probe, session: requests.Session, path: str) -> requests.Response:
    started = time.monotonic()
    while True:
        answer = session.get(HTTPS + path)
        if probe(answer):
            print(f"  ok: {what} (after {time.monotonic() - started:.1f} s)")
            return answer
        if time.monotonic() - started > DEADLINE_SECONDS:
            expect(False, f"{what} within {DEADLINE_SECONDS} s", answer)
        time.sleep(1)


def machines() -> None:
    print("health, metrics, TLS, static files")
    health = plain_get(HTTPS + "/healthz")
    body = health.json()
    expect(health.status_code == 200 and body["status"] == "ok", "/healthz answers ok", health)
    expect(
        set(body["checks"]) >= {"database", "audit"},
        "/healthz checks the database and the audit chain",
        health,
    )
    refused = plain_get(HTTPS + "/metrics")
    expect(refused.status_code == 403, "/metrics refused without its token", refused)
    metrics = plain_get(HTTPS + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    expect(
        metrics.status_code == 200 and 'lien_health_check_up{check="database"} 1.0' in metrics.text,
        "/metrics answers with its token",
        metrics,
    )
    redirect = plain_get(HTTP + "/login/", allow_redirects=False)
    expect(
        redirect.status_code == 301 and redirect.headers["Location"].startswith("https://"),
        "plain HTTP is sent to HTTPS",
        redirect,
    )
    login = plain_get(HTTPS + "/login/")
    expect(
        "max-age=31536000" in login.headers.get("Strict-Transport-Security", ""),
        "HSTS on pages",
        login,
    )
    expect("X-Request-Id" in login.headers, "pages come from Django through nginx", login)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', login.text)
    expect(stylesheet is not None, "the login page links a stylesheet", login)
    assert stylesheet is not None
    static = plain_get(HTTPS + stylesheet.group(1))
    expect(
        static.status_code == 200
        and "X-Request-Id" not in static.headers
        and static.headers.get("X-Content-Type-Options") == "nosniff",
        f"{stylesheet.group(1)} served by nginx from collectstatic's folder",
        static,
    )
    too_big = plain_post(HTTPS + "/login/", data=b"x" * (12 * 1024 * 1024))
    expect(too_big.status_code == 413, "a body over 11 MB refused by nginx", too_big)


def social_worker() -> None:
    print("social worker: search, file page")
    session = log_in("smoke-worker")
    found = session.get(HTTPS + "/persons/search/", params={"q": "Fumeroux"})
    # The terms are shown back in the search field: a result is a link to a file.
    link = re.search(r'href="(/files/\d+/)"', found.text)
    expect(
        found.status_code == 200 and link is not None,
        "the search finds an imported person's file",
        found,
    )
    assert link is not None
    casefile = session.get(HTTPS + link.group(1))
    expect(
        casefile.status_code == 200 and "odile" in casefile.text.lower(),
        f"the file page {link.group(1)} shows its household",
        casefile,
    )


def manager() -> None:
    print("manager: an import run by the task worker")
    session = log_in("smoke-manager")
    page = session.get(HTTPS + "/offices/imports/")
    expect(page.status_code == 200, "the import page", page)
    office = re.search(r'name="office"[^>]*>\s*<option value="(\d+)"', page.text)
    expect(office is not None, "the import page offers the office", page)
    assert office is not None
    sheet = "foyer;lien;nom_naissance;prenoms\nG1;référence;Brindaveau;Lise\nG2;référence;Ostermayer;Paul\n"
    checked = post(
        session,
        "/offices/imports/",
        {"office": office.group(1)},
        page,
        files={"file": ("smoke.csv", sheet.encode(), "text/csv")},
    )
    expect(
        checked.status_code == 200
        and re.search(r"/offices/imports/\d+/$", checked.url) is not None,
        "the file is checked",
        checked,
    )
    number = checked.url.rstrip("/").rsplit("/", 1)[1]
    started = post(session, f"/offices/imports/{number}/start/", {}, checked)
    expect(started.status_code == 200, "the import is queued for the worker", started)
    done = wait_until(
        "the worker imported the households",
        lambda r: "text-success" in r.text or "text-danger" in r.text,
        session,
        f"/offices/imports/{number}/progress/",
    )
    expect("text-success" in done.text, "the import succeeded", done)
    found = session.get(HTTPS + "/persons/search/", params={"q": "Ostermayer"})
    expect(
        re.search(r'href="/files/\d+/"', found.text) is not None,
        "the imported household is found",
        found,
    )


def statistician() -> None:
    print("statistician: statistics decided by the worker, an export prepared by it")
    session = log_in("smoke-statistician", second_factor=False)
    # The imports above were counted in the current year; the page's default is the last
    # complete year, so the current one is asked for by name.
    query = f"?year={datetime.date.today().year}"
    wait_until(
        "the worker decided the statistical secrecy of the year",
        lambda r: r.status_code == 200,
        session,
        "/statistics/" + query,
    )
    grid = session.get(HTTPS + "/statistics/" + query)
    export = re.search(r'href="(/statistics/export/csv/[^"]*)"', grid.text)
    expect(export is not None, "the statistics page offers a CSV export", grid)
    assert export is not None
    asked = session.get(HTTPS + export.group(1).replace("&amp;", "&"))
    expect(
        re.search(r"/exports/\d+/$", asked.url) is not None,
        "the export is asked for and its page opens",
        asked,
    )
    page = asked.url.removeprefix(HTTPS)
    wait_until(
        "the worker prepared the export",
        lambda r: 'data-state="ready"' in r.text or 'data-state="failed"' in r.text,
        session,
        page,
    )
    answer = session.get(HTTPS + page + "download/")
    expect(
        answer.status_code == 200
        and answer.headers["Content-Type"].startswith("text/csv")
        and len(answer.content) > 50,
        "the statistics export downloads",
        answer,
    )


def main() -> None:
    started = time.monotonic()
    machines()
    social_worker()
    manager()
    statistician()
    print(f"smoke test passed in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    except SmokeFailure as failure:
        print(failure, file=sys.stderr)
        sys.exit(1)
