"""Which catalogue items a role may see: the one rule the file page, the situation form
and the services share."""

from lien.accounts.policy import office_roles


def roles_in_office(actor, office_id: int) -> frozenset[str]:
    return office_roles(actor).get(office_id, frozenset())


def visible_to(item, roles) -> bool:
    return bool(set(item.visible_to_roles or ()) & set(roles))
