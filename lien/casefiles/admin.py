"""The case files register only configuration in the administration site: the aid
schemes (schemes/admin.py). No model holding a person's data is registered."""

from .schemes import admin  # noqa: F401  (registers the aid schemes)
