"""Every rendered page in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) through Selenium, network blocked, at a desktop and a phone width.

Asserts per page and width: every image loaded (natural width > 0), no console error, no request
outside ``file://``, no element wider than the page (wide tables scroll inside their own box), every
chart whole (not cut by the window or by any box around it, so never in a sideways-scrolling box) with
its smallest text at least 8 CSS px high, and at the desktop width no table wider than its box. A screenshot per page and width is saved in
``$DIGIVAARDIG_SCREENSHOTS`` (default: a scratch folder under the system temp dir) to look at.

Skipped, with a message saying so, when no Chromium or chromedriver is installed (``.ci/run``
installs them on Debian).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from helpers.core import paths

import browser

pytestmark = pytest.mark.reports

WIDTHS = (1280, 390)
DESKTOP = 1280
PAGES = sorted(paths.REPORTS_DIR.glob("*.html")) + sorted(paths.REPORTS_DIR.glob("*/*.html"))
SHOTS = Path(os.environ.get("DIGIVAARDIG_SCREENSHOTS", Path(tempfile.gettempdir()) / "digivaardig-screenshots"))

if browser.find_browser() is None:
    pytest.skip("SKIPPED the browser test: no chromium + chromedriver found "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def session(request):
    driver = browser.start(request.param)
    driver.test_width = request.param
    yield driver
    browser.stop(driver)


def test_there_are_pages():
    assert PAGES, "reports/ has no HTML page: run `make reports`"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.relative_to(paths.REPORTS_DIR).as_posix())
def test_page_in_browser(session, page):
    name = page.relative_to(paths.REPORTS_DIR).as_posix().replace("/", "_").removesuffix(".html")
    result = browser.check_page(session, page, SHOTS / f"{name}-{session.test_width}.png")
    assert result["width"] == session.test_width
    assert [image["src"] for image in result["images"] if not image["natural"]] == [], "images not loaded"
    assert result["console"] == [], "console errors"
    assert result["outside"] == [], "requests outside file://"
    assert result["wide"] == [] and result["scrollWidth"] <= result["width"], "elements wider than the page"
    if session.test_width >= DESKTOP:  # on a desktop a wide table takes the window's width before it scrolls
        assert result["cramped"] == [], "wide tables scrolling in a box narrower than the window, or cut"
    assert result["over"] == [], "tables wider than their box (on a phone every table shows its rows as cards)"
    charts = [image for image in result["images"] if image["chart"]]
    assert [(image["src"], image["cut"]) for image in charts if image["cut"]] == [], "charts cut by a box or the window"
    for image in charts:
        smallest = browser.smallest_text_px(image)
        assert smallest >= browser.LEGIBLE_PX, f"chart text {smallest:.1f}px high: below legible size"
