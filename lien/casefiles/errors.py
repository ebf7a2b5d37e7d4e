from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ConflictError(ValidationError):
    """Someone else saved the same thing since it was read: nothing is overwritten."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this in the meantime. Reload the page to see their changes, then try again."
            ),
            code="conflict",
        )
