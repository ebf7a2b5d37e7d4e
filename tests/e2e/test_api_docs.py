"""The API's documentation page renders in Chromium under Lien's CSP: Swagger UI from
Lien's own static files (drf-spectacular-sidecar), its start-up script a file of its
own, no CDN, no violation; and it lists the endpoints read from /api/schema/."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_renders_under_the_csp(page, live_server):
    violations, outside = [], []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    page.set_default_timeout(15_000)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lien")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/aid/decisions/" in p for p in paths)
    assert violations == []
    assert outside == []
