"""Shared by the browser tests: accessibility checks with axe, and the screenshots that
illustrate the user guide."""

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
_axe = Axe()


def assert_accessible(page, what: str) -> None:
    """No serious or critical WCAG 2.1 A/AA violation, as axe-core judges it."""
    results = _axe.run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        },
    )
    bad = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{what}: {bad}"


def guide_screenshot(page, name: str) -> None:
    """Refreshes the guide's illustrations when LIEN_GUIDE_SCREENSHOTS=1 (so that an
    ordinary test run leaves the working tree clean)."""
    if os.environ.get("LIEN_GUIDE_SCREENSHOTS") == "1":
        GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(GUIDE_IMAGES / f"{name}.png"))
