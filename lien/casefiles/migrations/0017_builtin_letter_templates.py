"""The built-in letter templates, which the administrator may then edit or replace. Their
placeholders are those every installation allows (no situation item)."""

from django.db import migrations

GREETING = "Madame, Monsieur,"
CLOSING = (
    "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
    "distinguées.\n\n{{ referent }}\n{{ service }}"
)

TEMPLATES = [
    {
        "name": "Décision : aide accordée",
        "kind": "granted",
        "purpose": "financial_aid",
        "subject": "Votre demande d'aide : {{ aide_type }}",
        "body": (
            f"{GREETING}\n\n"
            "Votre demande « {{ aide_type }} », déposée le {{ aide_date_demande }} pour un "
            "montant de {{ aide_montant_demande }}, a été examinée le {{ aide_date_decision }}."
            "\n\nUne aide de {{ aide_montant_accorde }} vous est accordée.\n\n"
            f"{CLOSING}"
        ),
    },
    {
        "name": "Décision : aide refusée",
        "kind": "refused",
        "purpose": "financial_aid",
        "subject": "Votre demande d'aide : {{ aide_type }}",
        "body": (
            f"{GREETING}\n\n"
            "Votre demande « {{ aide_type }} », déposée le {{ aide_date_demande }} pour un "
            "montant de {{ aide_montant_demande }}, a été examinée le {{ aide_date_decision }}."
            "\n\nNous sommes au regret de vous informer qu'elle n'a pas pu être accordée, "
            "pour les motifs suivants : {{ aide_motifs_refus }}\n\n"
            "Votre travailleur social reste à votre disposition pour en parler avec vous.\n\n"
            f"{CLOSING}"
        ),
    },
    {
        "name": "Décision : demande ajournée",
        "kind": "adjourned",
        "purpose": "financial_aid",
        "subject": "Votre demande d'aide : {{ aide_type }}",
        "body": (
            f"{GREETING}\n\n"
            "Votre demande « {{ aide_type }} », déposée le {{ aide_date_demande }}, ne peut "
            "pas encore être examinée. Il manque : {{ aide_pieces_manquantes }}\n\n"
            "Dès réception, votre demande sera présentée à nouveau.\n\n"
            f"{CLOSING}"
        ),
    },
    {
        "name": "Convocation",
        "kind": "convocation",
        "purpose": "social_support",
        "subject": "Rendez-vous avec votre travailleur social",
        "body": (
            f"{GREETING}\n\n"
            "Je vous propose de nous rencontrer au service {{ service }}. Merci de me "
            "contacter pour convenir d'une date, ou de vous présenter aux heures d'accueil.\n\n"
            f"{CLOSING}"
        ),
    },
    {
        "name": "Attestation de suivi",
        "kind": "attestation",
        "purpose": "social_support",
        "subject": "Attestation de suivi social",
        "body": (
            "Je soussigné·e, {{ referent }}, travailleur social au service {{ service }}, "
            "atteste que {{ nom }} est accompagné·e par notre service depuis le "
            "{{ date_ouverture }}.\n\n"
            "Attestation établie à la demande de l'intéressé·e pour servir et valoir ce que "
            "de droit.\n\n{{ referent }}"
        ),
    },
    {
        "name": "Courrier à un partenaire",
        "kind": "partner",
        "purpose": "social_support",
        "subject": "Situation de {{ nom }}",
        "body": (
            f"{GREETING}\n\n"
            "J'accompagne {{ nom }} au service {{ service }}. Avec son accord, je me permets "
            "de vous solliciter au sujet de sa situation.\n\n"
            f"{CLOSING}"
        ),
    },
]


def add_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("casefiles", "LetterTemplate")
    for template in TEMPLATES:
        LetterTemplate.objects.get_or_create(name=template["name"], defaults=template)


def remove_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("casefiles", "LetterTemplate")
    Letter = apps.get_model("casefiles", "Letter")
    used = set(Letter.objects.values_list("template_id", flat=True))
    LetterTemplate.objects.filter(name__in=[t["name"] for t in TEMPLATES]).exclude(
        pk__in=used
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0016_budget_report_letters")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
