import pytest

from .tokens import forget_throttles


@pytest.fixture(autouse=True)
def _fresh_throttles():
    forget_throttles()
    yield
    forget_throttles()
