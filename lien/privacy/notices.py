"""The default information notice (GDPR art. 13 and 14), loaded by `seed_demo` and
adaptable by the administrator, who publishes each change as a new version."""

from django.db import transaction

from .models import NoticeText

DEFAULT_TITLE_FR = "Vos données personnelles au service social départemental"
DEFAULT_TITLE_EN = "Your personal data at the departmental social service"

DEFAULT_TEXT_FR = """\
Le service social du Département enregistre des informations vous concernant pour vous \
accompagner : votre identité, la composition de votre foyer, votre situation (logement, \
ressources), les difficultés identifiées, les actions menées avec vous, vos demandes \
d'aide financière et les décisions prises, vos rendez-vous et passages à l'accueil.

Pourquoi : l'accompagnement social et l'attribution des aides relèvent de la mission \
d'intérêt public du Département (Code de l'action sociale et des familles).

Qui y a accès : uniquement les professionnels de l'antenne qui vous suit, selon leur \
fonction. Les notes d'un travailleur social restent privées à leur auteur, sauf partage \
nécessaire à votre accompagnement. Chaque consultation est enregistrée.

Statistiques : des chiffres anonymes (jamais votre nom) sont produits pour organiser le \
service. Vous pouvez vous y opposer ; cela ne change rien à l'aide que vous recevez.

Durée : votre dossier est conservé deux ans après le dernier contact, les décisions \
d'aide cinq ans en archive, puis les données sont anonymisées ou supprimées.

Vos droits : vous pouvez demander à voir toutes les informations vous concernant, les \
faire corriger, en limiter l'usage, vous opposer à leur utilisation statistique ou \
demander leur effacement quand la loi le permet. Adressez-vous à votre antenne ou au \
délégué à la protection des données du Département. Une réponse vous est donnée dans \
un délai d'un mois. Vous pouvez aussi saisir la CNIL (www.cnil.fr).
"""

DEFAULT_TEXT_EN = """\
The Département's social service records information about you in order to support \
you: your identity, your household, your situation (housing, resources), the \
difficulties identified, the actions taken with you, your requests for financial aid and \
the decisions made, your appointments and visits to the reception desk.

Why: social support and the granting of aid are part of the Département's public-interest \
task (Social Action and Families Code).

Who sees it: only the staff of the office that supports you, according to their role. \
A social worker's notes stay private to their author, unless sharing them is needed to \
support you. Every access is logged.

Statistics: anonymous figures (never your name) are produced to organise the service. \
You may object to this; it changes nothing to the help you receive.

How long: your file is kept two years after the last contact, aid decisions five years \
in an archive; then the data are anonymised or deleted.

Your rights: you may ask to see all the information about you, have it corrected, limit \
its use, object to its statistical use or ask for its erasure where the law allows. Ask \
your office or the Département's data protection officer. You will receive an answer \
within one month. You may also complain to the CNIL (www.cnil.fr).
"""


@transaction.atomic
def ensure_default_notice() -> NoticeText:
    """The notice in force, creating version 1 from the default texts when there is
    none yet: running it again changes nothing."""
    existing = NoticeText.objects.order_by("-version").first()
    if existing is not None:
        return existing
    return NoticeText.objects.create(
        version=1,
        title_fr=DEFAULT_TITLE_FR,
        title_en=DEFAULT_TITLE_EN,
        text_fr=DEFAULT_TEXT_FR,
        text_en=DEFAULT_TEXT_EN,
    )
