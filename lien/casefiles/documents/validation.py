"""What an uploaded document must be: a PDF, a JPEG or a PNG, judged on its first bytes
(a renamed .exe stays an .exe), and no larger than the limit."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024  # a scanned multi-page proof fits comfortably

# Signature → (content type, extension).
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff(uploaded) -> tuple[str, str]:
    """The content type and extension of an upload, or a ValidationError."""
    if uploaded is None or not uploaded.size:
        raise ValidationError({"file": _("Choose a file.")}, code="required")
    if uploaded.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(MAX_DOCUMENT_SIZE),
                }
            },
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    raise ValidationError(
        {"file": _("Only PDF, JPEG and PNG files are accepted.")}, code="file_type"
    )
