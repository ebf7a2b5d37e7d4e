"""The demo's directory of partners, each with what it may receive: enough to refer a
person and to send a child-protection concern to the CRIP in the demo."""

from lien.casefiles.models import Partner, PartnerKind
from lien.catalog.models import Item

# (name, kind, codes of the catalogue items it may receive)
PARTNERS = [
    ("CAF de la Seine-Saint-Denis", PartnerKind.CAF, ["household-type", "main-resource"]),
    ("CCAS de Bobigny", PartnerKind.CCAS, ["household-type", "housing-status"]),
    ("MDPH de la Seine-Saint-Denis", PartnerKind.MDPH, ["household-type"]),
    ("France Travail Bobigny", PartnerKind.FRANCE_TRAVAIL, ["main-resource"]),
    ("Restos du cœur (antenne de Bobigny)", PartnerKind.ASSOCIATION, ["household-type"]),
    ("CRIP de la Seine-Saint-Denis", PartnerKind.CRIP, []),
]


def ensure_partners() -> list[Partner]:
    partners = []
    for name, kind, codes in PARTNERS:
        partner, created = Partner.objects.get_or_create(name=name, defaults={"kind": kind})
        if created:
            partner.receivable_items.set(Item.objects.filter(code__in=codes))
        partners.append(partner)
    return partners
