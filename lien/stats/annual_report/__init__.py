"""The annual report of a scope (an office, or the whole département) and a year: the
published figures of its grids by section, five-year trends with their charts and
tables, the indicators of a CCAS's analyse des besoins sociaux, and the author's
commentary; as a tagged PDF or an OpenDocument text, built by the task worker."""
