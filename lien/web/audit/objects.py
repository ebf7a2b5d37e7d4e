"""What an audit event is about, as the log's pages and extract say it: the words of
`lien.audit.object_kinds`, with a statistics grid named by its title rather than its
code ("grille statistique « Activité des circonscriptions » 2025", not
"statistics_grid activity:2025"). Here because the audit app may not read the grids."""

from lien.audit.object_kinds import kind_in_words, object_in_words
from lien.stats.definitions import grid_codes, load_grid

# Kinds whose object_id is "<grid code>:<year>[:<format>]".
GRID_KINDS = frozenset({"statistics_grid", "statistics_trends", "paper_grid", "paper_grid_history"})
# "<grid code>:<version number>"
VERSION_KINDS = frozenset({"grid_version"})


def event_object(kind: str, object_id: str) -> str:
    if kind in GRID_KINDS and ":" in object_id:
        code, _, rest = object_id.partition(":")
        if code in grid_codes():
            year, _, fmt = rest.partition(":")
            words = f"{kind_in_words(kind)} « {load_grid(code).title} » {year}"
            return f"{words} ({fmt})" if fmt else words
    if kind in VERSION_KINDS and ":" in object_id:
        code, _, number = object_id.partition(":")
        if code in grid_codes():
            return f"{kind_in_words(kind)} « {load_grid(code).title} » n° {number}"
    return object_in_words(kind, object_id)
