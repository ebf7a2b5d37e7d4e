"""A batch of payment orders for the département's finance software, in the two formats
of docs/admin/payments.md: CSV (`;`, UTF-8, one line per order) and an XML of Lien's own
(LienOrdresPaiement, version 1). Both carry only what the payment needs: the order's
reference, the amount, the payee and the account, the aid and its date of decision;
never the file's content nor the person's situation."""

import csv
import io
from xml.etree import ElementTree as ET

from lien.spreadsheet_safety import safe_row

from .models import PaymentBatch
from .selectors import ExportLine

CSV_COLUMNS = (
    "reference",
    "lot",
    "montant",
    "beneficiaire_type",
    "beneficiaire_nom",
    "titulaire_compte",
    "iban",
    "aide",
    "date_decision",
)
XML_NAMESPACE = "urn:lien:ordres-paiement:1"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xml": "application/xml"}


def _fields(batch: PaymentBatch, line: ExportLine) -> dict[str, str]:
    order = line.order
    aid = order.aid_request
    return {
        "reference": order.reference,
        "lot": batch.reference,
        "montant": f"{order.amount:.2f}",
        "beneficiaire_type": order.payee_kind,
        "beneficiaire_nom": order.payee_name,
        "titulaire_compte": line.holder,
        "iban": line.iban,
        "aide": aid.aid_type.code,
        "date_decision": aid.decided_on.isoformat() if aid.decided_on else "",
    }


def batch_fields(batch: PaymentBatch, lines: list[ExportLine]) -> list[dict[str, str]]:
    """The CSV's columns of every order, for the API (the same fields, nothing more)."""
    return [_fields(batch, line) for line in lines]


def batch_csv(batch: PaymentBatch, lines: list[ExportLine]) -> str:
    out = io.StringIO()
    # RFC 4180 line ends: a field holding a line break is then quoted, never split.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        fields = _fields(batch, line)
        writer.writerow(safe_row(fields[column] for column in CSV_COLUMNS))
    return out.getvalue()


def batch_xml(batch: PaymentBatch, lines: list[ExportLine]) -> bytes:
    root = ET.Element(
        "LienOrdresPaiement",
        {"xmlns": XML_NAMESPACE, "version": "1", "lot": batch.reference},
    )
    total = sum((line.order.amount for line in lines), start=0)
    ET.SubElement(root, "NombreOrdres").text = str(len(lines))
    ET.SubElement(root, "MontantTotal").text = f"{total:.2f}"
    for line in lines:
        fields = _fields(batch, line)
        order = ET.SubElement(root, "Ordre", {"reference": fields["reference"]})
        ET.SubElement(order, "Montant").text = fields["montant"]
        payee = ET.SubElement(order, "Beneficiaire", {"type": fields["beneficiaire_type"]})
        ET.SubElement(payee, "Nom").text = fields["beneficiaire_nom"]
        account = ET.SubElement(order, "Compte")
        ET.SubElement(account, "Titulaire").text = fields["titulaire_compte"]
        ET.SubElement(account, "IBAN").text = fields["iban"]
        ET.SubElement(order, "Aide", {"decidee_le": fields["date_decision"]}).text = fields["aide"]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
