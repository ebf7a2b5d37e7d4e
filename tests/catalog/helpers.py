"""Large catalogues for tests: a département's own nomenclature of hundreds of items."""

from lien.catalog.models import Status


def big_catalog_rows(count: int, *, roles=("social_worker", "manager")) -> list[dict]:
    """`count` valid, active situation items of every value type."""
    kinds = ["yes_no", "choice", "integer", "amount", "date", "short_text", "multiple_choice"]
    coarsening = {
        "yes_no": "as_is",
        "choice": "as_is",
        "multiple_choice": "as_is",
        "integer": "count_band",
        "amount": "amount_band",
        "date": "age_band",
        "short_text": "none",
    }
    rows = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        row = {
            "_row": n + 1,
            "code": f"dept-item-{n:04d}",
            "family": "situation",
            "label_fr": f"Élément départemental {n}",
            "label_en": f"Departmental item {n}",
            "value_type": kind,
            "purposes": ["social_support", "activity_statistics"],
            "legal_basis": "public_task",
            "retention_family": "active_file",
            "visible_to_roles": list(roles),
            "feeds_statistics": kind != "short_text",
            "coarsening": coarsening[kind],
            "justification": f"Indicateur départemental n° {n}.",
            "status": Status.ACTIVE,
        }
        if kind in ("choice", "multiple_choice"):
            row["choices"] = [
                {"code": f"c{c}", "fr": f"Choix {c}", "en": f"Choice {c}"} for c in range(4)
            ]
        rows.append(row)
    return rows
