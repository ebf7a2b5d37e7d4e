from datetime import date
from decimal import Decimal

from lien.catalog.coarsening import Coarsening, age_band, amount_band, coarsen, count_band


def test_bands():
    assert [age_band(a) for a in (0, 17, 18, 24, 25, 59, 60, 74, 75, 99)] == [
        "0-17", "0-17", "18-24", "18-24", "25-39", "40-59", "60-74", "60-74", "75+", "75+"
    ]  # fmt: skip
    assert [amount_band(a) for a in (0, 99.99, 100, 599, 600, 1000, 25000)] == [
        "0-99", "0-99", "100-299", "300-599", "600-999", "1000+", "1000+"
    ]  # fmt: skip
    assert [count_band(n) for n in (0, 3, 4, 9)] == ["0", "3", "4+", "4+"]


def test_coarsen_reads_stored_values_and_refuses_what_it_cannot_read():
    assert coarsen(Coarsening.AMOUNT_BAND, "450.00") == "300-599"
    assert coarsen(Coarsening.AMOUNT_BAND, Decimal("1200")) == "1000+"
    assert coarsen(Coarsening.AGE_BAND, "1990-06-01", on=date(2026, 5, 31)) == "25-39"
    assert coarsen(Coarsening.AGE_BAND, "42") == "40-59"
    assert coarsen(Coarsening.COUNT_BAND, "6") == "4+"
    assert coarsen(Coarsening.AS_IS, "social-rent") == "social-rent"
    assert coarsen(Coarsening.AS_IS, ["b", "a"]) == "a+b"
    assert coarsen(Coarsening.NONE, "anything") is None
    assert coarsen(Coarsening.AMOUNT_BAND, "not a number") is None
    assert coarsen(Coarsening.AS_IS, "") is None


def _lien_imports(module) -> list[str]:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(module.__file__).read_text())
    imported = [
        ("." * node.level) + (node.module or "")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    return [name for name in imported if name.startswith(("lien", "."))]


def test_what_stats_may_import_reaches_no_case_file_account_or_privacy_module():
    # The stats app may read the coarsening and the items' declarations; the walled
    # statistical layer (docs/architecture.md, "Layers") forbids it to reach casefiles,
    # accounts or privacy, even indirectly.
    import lien.base.fields
    import lien.catalog.coarsening
    import lien.catalog.models
    import lien.catalog.value_types

    assert _lien_imports(lien.catalog.coarsening) == []
    # and the shared form fields (French amounts and dates), of the base below every app
    assert _lien_imports(lien.catalog.value_types) == ["lien.base.fields", ".coarsening"]
    assert _lien_imports(lien.base.fields) == []
    assert sorted(_lien_imports(lien.catalog.models)) == [".coarsening", ".value_types"]


def test_statistical_value_follows_the_items_declaration():
    from types import SimpleNamespace

    from lien.catalog.value_types import statistical_value

    amount = SimpleNamespace(feeds_statistics=True, coarsening="amount_band", value_type="amount")
    private = SimpleNamespace(feeds_statistics=False, coarsening="as_is", value_type="choice")
    several = SimpleNamespace(
        feeds_statistics=True, coarsening="as_is", value_type="multiple_choice"
    )
    assert statistical_value(amount, "845.50") == "600-999"
    assert statistical_value(private, "owner") is None
    assert statistical_value(several, "rsa|salary") == "rsa+salary"
