"""Pluggable SMS backends, like Django's e-mail backends: `LIEN_SMS_BACKEND` names the
class (the console by default, which prints the message, as the demo prints its e-mails).

`HttpJsonSmsBackend` posts to a provider's JSON API (the shape of Brevo's transactional
SMS: `{"sender", "recipient", "content"}` with an `api-key` header; OVH and others take
the same three things), configured by `LIEN_SMS_API_URL`, `LIEN_SMS_API_KEY` and
`LIEN_SMS_SENDER`. Its transport is a function, so that the tests give it a fake one.
"""

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Protocol, TextIO

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not take the message. `refused`: it answered no (a bad number,
    no credit), trying again will not help; otherwise it could not be reached."""

    def __init__(self, *, refused: bool):
        self.refused = refused
        super().__init__("refused" if refused else "unreachable")


class SmsBackend(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleSmsBackend:
    """Prints each message (the demo, the tests)."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout

    def send(self, to: str, text: str) -> None:
        self.stream.write(f"SMS to {to}: {text}\n")
        self.stream.flush()


# (url, headers, body) → the HTTP status; raises OSError when the provider is unreachable.
Transport = Callable[[str, dict[str, str], bytes], int]


def urllib_transport(url: str, headers: dict[str, str], body: bytes) -> int:
    # The URL is a setting of the operator's, never typed by a user; https only.
    if not url.startswith("https://"):
        raise OSError("the SMS provider's URL must be https")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class HttpJsonSmsBackend:
    def __init__(self, transport: Transport | None = None):
        self.transport = transport or urllib_transport
        self.url = settings.LIEN_SMS_API_URL
        self.key = settings.LIEN_SMS_API_KEY
        self.sender = settings.LIEN_SMS_SENDER

    def send(self, to: str, text: str) -> None:
        body = json.dumps(
            {
                "sender": self.sender,
                "recipient": to.lstrip("+"),
                "content": text,
                "type": "transactional",
            }
        ).encode()
        headers = {
            "api-key": self.key,
            "content-type": "application/json",
            "accept": "application/json",
        }
        try:
            status = self.transport(self.url, headers, body)
        except OSError:
            raise SmsError(refused=False) from None
        if status >= 500 or status == 429:
            raise SmsError(refused=False)
        if status >= 400:
            raise SmsError(refused=True)


def get_backend() -> SmsBackend:
    backend_class = import_string(
        getattr(
            settings,
            "LIEN_SMS_BACKEND",
            "lien.casefiles.reminders.sms.ConsoleSmsBackend",
        )
    )
    return backend_class()
