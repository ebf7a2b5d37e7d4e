"""Import and export of the catalogue, as YAML (for people who keep the catalogue in a
repository) and XLSX (for people who keep it in a spreadsheet). Both carry the same
columns (`snapshot.ROW_FIELDS`); validation names the row and the rule it breaks."""

import io
import re
from dataclasses import dataclass

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from lien.base.yaml_loading import load_yaml
from lien.spreadsheet_safety import restore, safe_row

from .models import Status
from .rules import activation_faults, shape_faults
from .snapshot import BOOL_FIELDS, LIST_FIELDS, ROW_FIELDS, row_of

MAX_ROWS = 5000
_SLUG = re.compile(r"^[-a-z0-9_]+$")

DEFAULTS = {
    "help_fr": "",
    "help_en": "",
    "value_type": "yes_no",
    "choices": [],
    "sensitivity": "ordinary",
    "purposes": [],
    "legal_basis": "",
    "retention_family": "",
    "visible_to_roles": [],
    "feeds_statistics": False,
    "coarsening": "none",
    "owner": "",
    "justification": "",
    "status": Status.DRAFT,
    "counts_as_contact": False,
}


class ImportFormatError(ValidationError):
    pass


@dataclass
class ValidRow:
    code: str
    status: str
    fields: dict


# --- reading ---------------------------------------------------------------------------


def read_yaml(data: bytes | str) -> list[dict]:
    """Rows of a YAML catalogue: `items:` followed by a list of items."""
    try:
        document = load_yaml(data)
    except yaml.YAMLError as error:
        raise ImportFormatError(_("This is not a readable YAML file: %s") % error) from None
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ImportFormatError(_("The file must contain a list named “items”."))
    return [
        {**row, "_row": index} if isinstance(row, dict) else {"_row": index, "_bad": True}
        for index, row in enumerate(items, start=1)
    ]


def read_xlsx(data: bytes) -> list[dict]:
    """Rows of the first sheet; the first line names the columns (ROW_FIELDS)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFormatError(_("This is not a readable XLSX file.")) from None
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(lines, [])]
    missing = [name for name in ("code", "family", "label_fr", "label_en") if name not in header]
    if missing:
        raise ImportFormatError(
            _("The first line of the sheet must name the columns; missing: %s.")
            % ", ".join(missing)
        )
    rows = []
    for number, line in enumerate(lines, start=2):
        if line is None or all(c in (None, "") for c in line):
            continue
        cells = dict(zip(header, line, strict=False))
        row: dict[str, object] = {"_row": number}
        for name in ROW_FIELDS:
            value = cells.get(name)
            if value is None:
                continue
            value = restore(value)  # the quote the export put before = + - @
            if name in LIST_FIELDS:
                value = [part.strip() for part in str(value).split(",") if part.strip()]
            elif name in BOOL_FIELDS:
                value = _bool_cell(value)
            elif name == "choices":
                value = _choices_cell(str(value))
            else:
                value = str(value).strip()
            row[name] = value
        rows.append(row)
        if len(rows) > MAX_ROWS:
            break
    workbook.close()
    return rows


def _bool_cell(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return {
        "yes": True,
        "oui": True,
        "true": True,
        "1": True,
        "no": False,
        "non": False,
        "false": False,
        "0": False,
        "": False,
    }.get(text, text)


def _choices_cell(text: str) -> list:
    """One choice per line: `code | French label | English label`."""
    choices = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        choices.append(dict(zip(("code", "fr", "en"), parts, strict=False)))
    return choices


# --- validating ------------------------------------------------------------------------


def validate_rows(rows: list[dict], *, existing: dict[str, dict]) -> list[ValidRow]:
    """Every row checked; a ValidationError lists each fault as "Row N (code): rule"."""
    errors: list[str] = []
    valid: list[ValidRow] = []
    seen: set[str] = set()
    positions: dict[str, int] = {}
    if len(rows) > MAX_ROWS:
        raise ImportFormatError(_("At most %(max)s items per file.") % {"max": MAX_ROWS})
    for row in rows:
        number = row.get("_row", "?")
        code = str(row.get("code") or "").strip()

        def fault(message, number=number, code=code):
            errors.append(
                _("Row %(row)s (%(code)s): %(fault)s")
                % {"row": number, "code": code or "?", "fault": message}
            )

        if row.get("_bad"):
            fault(_("an item must be a set of fields."))
            continue
        unknown = set(row) - set(ROW_FIELDS) - {"_row", "position"}
        if unknown:
            fault(_("unknown column %s.") % ", ".join(sorted(unknown)))
        if not code or not _SLUG.match(code) or len(code) > 60:
            fault(_("the code must be made of lower-case letters, digits and dashes."))
            continue
        if code in seen:
            fault(_("this code appears twice in the file."))
            continue
        seen.add(code)
        data = {**DEFAULTS, **{k: v for k, v in row.items() if k in ROW_FIELDS}}
        for name in ("label_fr", "label_en"):
            if not str(data.get(name) or "").strip():
                fault(_("the %s is missing.") % name)
        type_faults = _type_faults(data)
        for message in type_faults:
            fault(message)
        if type_faults:
            continue
        if data["status"] not in Status.values:
            fault(_("the status must be one of: %s.") % ", ".join(Status.values))
            continue
        if code in existing and existing[code]["family"] != data["family"]:
            fault(_("the family of an existing item cannot change; create a new item."))
        checks = (
            activation_faults(data)
            if data["status"] in (Status.ACTIVE, Status.DEPRECATED)
            else shape_faults(data)
        )
        for message in checks:
            fault(message)
        family = data["family"]
        positions[family] = positions.get(family, -1) + 1
        fields = {k: data[k] for k in ROW_FIELDS if k not in ("code", "status")}
        fields["position"] = positions[family]
        for name in ("label_fr", "label_en", "help_fr", "help_en", "owner", "justification"):
            fields[name] = str(fields[name] or "").strip()
        valid.append(ValidRow(code=code, status=data["status"], fields=fields))
    if errors:
        raise ValidationError([ValidationError(e, code="import") for e in errors])
    return valid


def _type_faults(data: dict) -> list[str]:
    faults = []
    for name in LIST_FIELDS:
        if not isinstance(data[name], list) or not all(isinstance(v, str) for v in data[name]):
            faults.append(_("%s must be a list of codes.") % name)
    for name in BOOL_FIELDS:
        if not isinstance(data[name], bool):
            faults.append(_("%s must be yes or no.") % name)
    if not isinstance(data["choices"], list) or not all(
        isinstance(c, dict) for c in data["choices"]
    ):
        faults.append(_("choices must be a list of code, French and English labels."))
    for name in ("label_fr", "label_en", "help_fr", "help_en", "owner", "justification"):
        if not isinstance(data.get(name) or "", str):
            faults.append(_("%s must be text.") % name)
    for name, limit in (
        ("label_fr", 200),
        ("label_en", 200),
        ("help_fr", 300),
        ("help_en", 300),
        ("owner", 150),
    ):
        if len(str(data.get(name) or "")) > limit:
            faults.append(
                _("%(field)s is longer than %(max)s characters.") % {"field": name, "max": limit}
            )
    return faults


# --- writing ---------------------------------------------------------------------------


def to_yaml(items) -> str:
    rows = [row_of(item) for item in items]
    header = "# Lien catalogue export. Import it back with the same columns.\n"
    return header + yaml.safe_dump({"items": rows}, allow_unicode=True, sort_keys=False, width=100)


def to_xlsx(items) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "items"
    sheet.append(list(ROW_FIELDS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        row = row_of(item)
        line = []
        for name in ROW_FIELDS:
            value = row[name]
            if name in LIST_FIELDS:
                value = ", ".join(value)
            elif name in BOOL_FIELDS:
                value = "yes" if value else "no"
            elif name == "choices":
                value = "\n".join(
                    f"{c['code']} | {c.get('fr', '')} | {c.get('en', '')}" for c in value
                )
            line.append(value)
        sheet.append(safe_row(line))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
