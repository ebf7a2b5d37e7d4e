"""The case files' configuration in the administration site: the letter templates only
(no model holding a person's data is registered there)."""

from .letters import admin as letters_admin  # noqa: F401  (registers the templates)
