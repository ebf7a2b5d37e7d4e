"""For the tests of an export the task worker prepares (lien/web/prepared_files.py): the
answer to the export's URL is followed to its page, then to the file. The tests' task
backend runs the task at once, so the file is ready when the page is first read."""

import re

from django.urls import reverse


def download_prepared(client, asked):
    assert asked.status_code == 302, asked.status_code
    page = client.get(asked["Location"])
    assert page.status_code == 200
    found = re.search(r'href="(/exports/\d+/download/)"', page.content.decode())
    assert found, "the prepared file's page offers no download"
    download = client.get(found.group(1))
    assert download.status_code == 200
    return download


def prepared_page_url(asked) -> str:
    pk = int(asked["Location"].rstrip("/").rsplit("/", 1)[1])
    return reverse("prepared_file", args=[pk])
