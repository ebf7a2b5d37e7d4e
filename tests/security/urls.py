"""Every URL of the URL conf, with its name and the arguments it takes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    arguments: tuple[str, ...]


def all_routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                converters = tuple(pattern.pattern.converters) or tuple(
                    pattern.pattern.regex.groupindex
                )
                found.append(Route(f"{namespace}{pattern.name}", str(pattern.pattern), converters))

    walk(get_resolver().url_patterns)
    return found
