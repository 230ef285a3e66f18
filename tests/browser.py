"""Headless Chromium for the browser test: Debian's ``chromium`` and ``chromium-driver`` via Selenium.

The network is blocked (a proxy that does not exist, plus DevTools URL blocking), so any request
outside ``file://`` fails and is recorded in the performance log that :func:`check_page` reads.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver", "chromium-driver")
LEGIBLE_PX = 8.0           # the smallest chart text must render at least this tall (CSS px)
SMALLEST_CHART_PT = 7.5    # the smallest font in helpers.display.plots (segment values), in points
PNG_DPI = 150              # helpers.display.export.FIGURE_DPI: pixels per inch of every chart PNG (both variants)


def find_browser() -> tuple[str, str] | None:
    """(chromium binary, chromedriver binary), or None when either is missing."""
    browser = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    driver = next((found for name in DRIVER if (found := shutil.which(name))), None)
    return (browser, driver) if browser and driver else None


def start(width: int, height: int = 900):
    """A headless Chromium at ``width`` CSS pixels, network blocked; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = find_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tempfile.mkdtemp(prefix="digivaardig-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}",
                 "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 f"--window-size={width},{height}", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    session = _chrome(webdriver, options, lambda: Service(executable_path=driver))
    session.profile_dir = profile
    session.get("about:blank")
    session.get_log("performance"), session.get_log("browser")  # drop what the start-up page logged
    session.execute_cdp_cmd("Network.enable", {})
    session.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    return session


def _chrome(webdriver, options, service, attempts: int = 3):
    """Start chromedriver and a session. selenium picks chromedriver's port (bind port 0, close) before
    chromedriver binds it, so a parallel test can take it in between (the kernels' race, see
    helpers.build.kernels): on a failed start, try again with a newly picked port, a bounded number of times."""
    from selenium.common.exceptions import WebDriverException

    for attempt in range(attempts):
        try:
            return webdriver.Chrome(options=options, service=service())
        except (WebDriverException, ConnectionError):
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def stop(session) -> None:
    profile = getattr(session, "profile_dir", None)
    session.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)


PAGE_CHECK = """
const width = document.documentElement.clientWidth;
function cutBy(el) {
  // the first ancestor whose box does not show the whole element (overflow hidden, or scrolled), or the window
  const r = el.getBoundingClientRect();
  if (r.left < -1 || r.right > width + 1) return 'window ' + Math.round(r.left) + '..' + Math.round(r.right);
  for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    const q = p.getBoundingClientRect();
    if (getComputedStyle(p).overflowX !== 'visible' && (r.left < q.left - 1 || r.right > q.right + 1))
      return p.tagName + '.' + p.className + ' ' + Math.round(q.left) + '..' + Math.round(q.right);
  }
  return '';
}
const images = Array.from(document.images).map(img => ({
  src: img.currentSrc.slice(0, 60), complete: img.complete, natural: img.naturalWidth,
  shown: img.getBoundingClientRect().width, declared: parseFloat(img.getAttribute('width') || '0'),
  chart: img.classList.contains('report-chart'), alt: img.getAttribute('alt'), cut: cutBy(img)}));
function scrolls(el) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll') return true;
  }
  return false;
}
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || getComputedStyle(el).display === 'none') continue;
  if ((r.right > width + 1 || r.left < -1) && !scrolls(el)) {
    wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
}
// wide tables that scroll sideways in a box narrower than the window allows (3em margin, at most 88em),
// or whose box is cut by an ancestor
const em = parseFloat(getComputedStyle(document.documentElement).fontSize);
const room = Math.min(width - 3 * em, 88 * em);
function clipped(el) {
  const r = el.getBoundingClientRect();
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX, q = p.getBoundingClientRect();
    if (o !== 'visible' && (r.left < q.left - 1 || r.right > q.right + 1)) return true;
  }
  return false;
}
const cramped = Array.from(document.querySelectorAll('.table-scroll'))
  .filter(box => box.querySelector(':scope > table.report-table.wide'))
  .filter(box => (box.scrollWidth > box.clientWidth + 1 && box.clientWidth < room - 1) || clipped(box))
  .map(box => (box.querySelector('th') || box).textContent.slice(0, 40) + ' ' + box.scrollWidth + '>' + box.clientWidth);
// any table wider than the box it sits in (which then scrolls or cuts it)
const over = Array.from(document.querySelectorAll('table'))
  .filter(t => getComputedStyle(t).display !== 'none' && t.parentElement
               && t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => (t.querySelector('th, td') || t).textContent.slice(0, 40) + ' ' +
            Math.round(t.getBoundingClientRect().width) + '>' + t.parentElement.clientWidth);
return {width: width, scrollWidth: document.documentElement.scrollWidth, images: images, wide: wide.slice(0, 10),
        cramped: cramped.slice(0, 10), over: over.slice(0, 10)};
"""


def smallest_text_px(image: dict) -> float:
    """CSS pixels of a chart's smallest text as shown: its PNG holds PNG_DPI pixels per inch, so the
    chart is shown at ``shown / natural * PNG_DPI`` CSS px per inch, whichever variant the page picked."""
    return SMALLEST_CHART_PT / 72 * PNG_DPI * image["shown"] / image["natural"]


def check_page(session, path: Path, screenshot: Path) -> dict:
    """Open ``path``; return what the test asserts on, and save a full-page screenshot."""
    session.get_log("performance"), session.get_log("browser")  # only this page's requests count
    session.get(path.resolve().as_uri())
    session.execute_script("return document.fonts ? document.fonts.ready.then(() => true) : true")
    for img in session.find_elements("tag name", "img"):
        session.execute_script("arguments[0].loading = 'eager'; arguments[0].scrollIntoView();", img)
    session.execute_script("window.scrollTo(0, 0)")
    result = session.execute_script(PAGE_CHECK)
    result["console"] = [entry for entry in session.get_log("browser") if entry.get("level") == "SEVERE"]
    requests = []
    for entry in session.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    result["outside"] = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    height = session.execute_script("return Math.min(document.documentElement.scrollHeight, 16000)")
    session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": result["width"], "height": int(height), "deviceScaleFactor": 1,
                             "mobile": result["width"] < 600})
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    session.save_screenshot(str(screenshot))
    session.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": result["width"], "height": 900, "deviceScaleFactor": 1,
                             "mobile": result["width"] < 600})
    return result
