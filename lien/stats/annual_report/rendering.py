"""The annual report as a tagged PDF (PDF/UA-1) or an OpenDocument text the author can
rework, both made by lien.base.documents, with the same words in the same order."""

from django.utils.translation import gettext as _

from lien.base import documents

from .content import AnnualReport

FORMATS = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
}


def title_of(report: AnnualReport) -> str:
    return _("Annual report %(year)d") % {"year": report.year}


def reading_notes(report: AnnualReport) -> list[str]:
    notes = [
        _(
            "Every figure is a published cell of a statistics grid, after statistical "
            "secrecy: its reference names the grid and its year, the number of the table in "
            "the grid, its row and its column, as on the statistics page."
        ),
        _("“s”: withheld by statistical secrecy. “—”: not computed, its total is nil."),
        _(
            "A section prints each table's row totals and its total; the full tables are "
            "on the statistics page and in its exports."
        ),
    ]
    if report.published_at:
        notes.append(
            _("Figures as published on %(date)s.")
            % {"date": report.published_at.strftime("%d/%m/%Y")}
        )
    if report.missing_years:
        years = ", ".join(map(str, report.missing_years))
        notes.append(
            _("Years without any figure, left out of the trends: %(years)s.") % {"years": years}
        )
    return notes


def abs_declaration() -> list[str]:
    return [
        _(
            "The analyse des besoins sociaux of a CCAS (Code de l'action sociale et des "
            "familles, R123-1) rests on many sources. Lien computes from its published "
            "tables only the indicators below, about the households the service received; "
            "the figures of the census, of the family allowance fund and of the partners "
            "are not in Lien and are left to the author."
        ),
    ]


def _context(report: AnnualReport) -> dict[str, object]:
    return {
        "report": report,
        "title": title_of(report),
        "sources": report.sources,
        "reading": reading_notes(report),
        "abs_declaration": abs_declaration(),
    }


def as_pdf(report: AnnualReport) -> bytes:
    return documents.pdf_of("stats/annual_report_pdf.html", _context(report))


def _blocks(report: AnnualReport) -> list[documents.Block]:
    blocks: list[documents.Block] = [
        documents.Heading(title_of(report)),
        documents.Paragraph(f"{report.scope_label} · {report.year}"),
        documents.Heading(_("How to read this report"), 2),
        documents.Paragraph(report.sources),
        *(documents.Paragraph(line) for line in reading_notes(report)),
    ]
    if report.introduction:
        blocks += [
            documents.Heading(_("Introduction"), 2),
            documents.Paragraph(report.introduction),
        ]
    for section in report.sections:
        blocks.append(documents.Heading(section.title, 2))
        if section.commentary:
            blocks.append(documents.Paragraph(section.commentary))
        for table in section.tables:
            blocks += [documents.Heading(table.title, 3), documents.Paragraph(table.source)]
            blocks += [
                documents.Paragraph(f"{f.label} : {f.shown} ({f.reference})") for f in table.figures
            ]
        for chart in section.charts:
            blocks.append(documents.Heading(chart.title, 3))
            blocks.append(documents.Picture(chart.svg, chart.alt))
            blocks.append(
                documents.TableBlock(
                    header=[_("Row"), *map(str, chart.years)],
                    rows=[[label, *values] for label, values in chart.rows()],
                    caption=f"{chart.title} — {chart.source}",
                )
            )
    if report.indicators:
        blocks.append(documents.Heading(_("Indicators of the analyse des besoins sociaux"), 2))
        blocks += [documents.Paragraph(line) for line in abs_declaration()]
        for indicator in report.indicators:
            cells = " ; ".join(f"{f.shown} ({f.reference})" for f in indicator.figures)
            blocks.append(
                documents.Paragraph(
                    f"{indicator.label} : {indicator.shown}. {indicator.explanation} "
                    f"{_('Cells used:')} {cells}"
                )
            )
    return blocks


def as_odt(report: AnnualReport) -> bytes:
    return documents.odt_of(_blocks(report))


def render(report: AnnualReport, fmt: str) -> bytes:
    return as_pdf(report) if fmt == "pdf" else as_odt(report)
