import pytest

from lien.stats.definitions import GridDefinitionError, load_grid, parse_grid, shipped_codes

VALID = """
code: mini
title: {fr: Mini, en: Mini}
tables:
  - code: housing
    title: {fr: Logement, en: Housing}
    measure: households
    kinds: [situation]
    rows:
      field: housing
      categories:
        - {value: owner, fr: Propriétaire, en: Owner}
        - {value: hosted, fr: Hébergé, en: Hosted}
"""


def test_the_shipped_grids_are_valid():
    assert set(shipped_codes()) >= {"activity", "population"}
    for code in shipped_codes():
        grid = load_grid(code)
        assert grid.tables


def test_a_valid_definition_is_read():
    grid = parse_grid(VALID)
    table = grid.table("housing")
    assert table.row_values == ["owner", "hosted"]
    assert table.threshold == 5


def test_every_fault_is_named_with_its_table_and_cell():
    text = (
        VALID.replace("field: housing", "field: worker")
        .replace("measure: households", "measure: people")
        .replace("{value: hosted, fr: Hébergé, en: Hosted}", "{value: owner, fr: Bis}")
    )
    with pytest.raises(GridDefinitionError) as caught:
        parse_grid(text)
    errors = "\n".join(caught.value.errors)
    assert "'housing'" in errors
    assert "'worker'" in errors  # no field for a worker: no table by worker
    assert "'people'" in errors
    assert "catégorie 'owner'" in errors  # declared twice, and its English label missing


def test_unknown_kinds_and_filters_are_refused():
    text = VALID.replace(
        "kinds: [situation]", "kinds: [situation, gossip]\n    filters: {name: [x]}"
    )
    with pytest.raises(GridDefinitionError) as caught:
        parse_grid(text)
    errors = "\n".join(caught.value.errors)
    assert "gossip" in errors
    assert "'name'" in errors


def test_a_table_cannot_cut_the_same_field_twice():
    text = VALID + "    columns: {field: housing, categories: [{value: a, fr: A, en: A}]}\n"
    with pytest.raises(GridDefinitionError, match="même champ"):
        parse_grid(text)


def test_sensitive_tables_use_the_stricter_threshold(settings):
    settings.LIEN_STATS_SENSITIVE_THRESHOLD = 11
    grid = load_grid("activity")
    assert grid.table("problems").threshold == 11
    assert grid.table("housing").threshold == 5
