"""django-axes' lockout backend, for the test settings only: Django's test client
authenticates without a request (`client.login`), which axes refuses outright. Production
keeps axes' own backend, which requires the request of every login."""

from axes.backends import AxesStandaloneBackend


class LockoutBackendForTests(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None  # let the next backend check the password, as without axes
        return super().authenticate(request, username=username, password=password, **kwargs)
