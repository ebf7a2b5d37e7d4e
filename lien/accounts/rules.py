"""The policy exposed to Django's permission API, for templates and the admin:
`{% if perms.lien.view_social %}` or `user.has_perm("lien.view_social", casefile)`.
The selectors and services do not go through here; they call `policy` directly."""

import rules

from .policy import Can, can


def _office_id(obj):
    if obj is None:
        return None
    return getattr(obj, "office_id", None) or getattr(obj, "pk", None)


def _predicate(capability: Can):
    @rules.predicate(name=f"can_{capability.value}")
    def check(user, obj=None):
        return can(user, capability, _office_id(obj))

    return check


for _capability in Can:
    rules.add_perm(f"lien.{_capability.value}", _predicate(_capability))
