"""SQLite's write transactions take turns on a lock file (lien/base/sqlite3_writers): a
second writer waits for the first to commit instead of failing with "database is
locked", and the turn is given back at commit, at rollback and when the connection
closes."""

import threading
import time

import pytest
from django.db.utils import load_backend

from config.settings.base import database_from_url


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These connections are to files of the test's own, not to the test database."""
    with django_db_blocker.unblock():
        yield


def _connection(path, alias):
    settings_dict = database_from_url(f"sqlite:///{path}")
    settings_dict.update(
        {"ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_HEALTH_CHECKS": False}
    )
    settings_dict.setdefault("TIME_ZONE", None)
    settings_dict.setdefault("TEST", {})
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias)


def test_a_second_writer_waits_for_the_first_and_both_commit(tmp_path):
    path = tmp_path / "writers.sqlite3"
    first, second = _connection(path, "first"), _connection(path, "second")
    second.inc_thread_sharing()  # used by the thread below only
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
    order: list[str] = []

    def write_later():
        with _atomic(second):
            second.cursor().execute("INSERT INTO t VALUES (2)")
            order.append("second")

    with _atomic(first):
        first.cursor().execute("INSERT INTO t VALUES (1)")
        other = threading.Thread(target=write_later)
        other.start()
        time.sleep(0.3)
        assert order == []  # waiting for its turn, not failed
        order.append("first")
    other.join(10)
    assert order == ["first", "second"]
    assert first._writer_lock is None and second._writer_lock is None
    with first.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone() == (2,)
    first.close()
    second.dec_thread_sharing()
    second.close()


def test_the_turn_is_given_back_at_rollback(tmp_path):
    path = tmp_path / "writers.sqlite3"
    connection = _connection(path, "alone")
    with pytest.raises(RuntimeError), _atomic(connection):
        assert connection._writer_lock is not None
        raise RuntimeError
    assert connection._writer_lock is None
    connection.close()


class _atomic:
    """What transaction.atomic does, on a connection outside settings.DATABASES."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.connection.ensure_connection()
        self.connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.connection.commit()
        else:
            self.connection.rollback()
        self.connection.set_autocommit(True)
