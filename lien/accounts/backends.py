"""django-axes' lockout backend, for the test settings only: Django's test client
authenticates without a request (`client.login`), which axes refuses outright. Production
keeps axes' own backend, which requires the request of every login."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


# django-axes ships no type information: its backend is Any to the type checker.
class LockoutBackendForTests(AxesStandaloneBackend):  # type: ignore[misc]
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None  # let the next backend check the password, as without axes
        return super().authenticate(request, username=username, password=password, **kwargs)
