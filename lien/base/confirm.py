"""Acts that remove, hand over or cannot be taken back (cancelling an appointment,
transferring or closing a file, approving a sensitive item) ask first: the view answers
the first post with a page saying what will happen, whose button posts the same fields
again with `confirmed`. It works without JavaScript and cannot be skipped by a double
click, as a browser dialog could."""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "yes"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm_label: str,
    back_url: str,
    back_label: str,
    consequences: Iterable[str] = (),
) -> HttpResponse:
    """The page that asks; what was posted goes along, unchanged, with the answer."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "base/confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": list(consequences),
            "confirm_label": confirm_label,
            "back_url": back_url,
            "back_label": back_label,
            "fields": fields,
            "action": request.get_full_path(),
        },
    )
