"""What the OpenAPI schema says of the token (drf-spectacular reads this extension)."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lien.api.authentication.ApiTokenAuthentication"
    name = "jeton"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Un jeton créé par un administrateur et approuvé par une seconde personne "
                "(docs/admin/api.md) : Authorization: Bearer lien_…"
            ),
        }
