"""The reports' site: the top bar of each page, a landing page per language and the run details.

Everything here is built from what is on disk, never from one runner's memory: :func:`scan` walks
``reports/<set>/``, reads each executed notebook's parameters from the notebook itself (the
defaults of its ``parameters`` cell overridden by what papermill recorded in its metadata) and
whether a failed run lies beside it. So two runner invocations writing different sets into one
folder give an index listing both, each with its real parameters.

Pages (all self-contained, no script, no network):

* ``reports/index.html``: the entry page, one link per set in the set's own language (the runner's
  bookkeeping, status and exported files per report, lives beside it in ``reports/state.json``).
* ``reports/<set>/index.html``: the landing page in the set's language: the article's main claims
  beside what the re-analysis finds, the audit's main problems, the charts as thumbnails linking to
  their sections, and the sections in reading order.
* ``reports/<set>/runs.html``: the run details (settings, parameters, status, files).

Durations change on every run, so no committed page holds them (``make reports`` on an unchanged
tree leaves ``git status`` clean); the runner prints them and keeps them in the untracked
``reports/durations.json`` to schedule long notebooks first. Wording comes from
:mod:`helpers.words.labels`.
"""

from __future__ import annotations

import ast
import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import claimreview
from ..words import labels
from ..core import paths

FAILED_SUFFIX = ".failed"
DURATIONS_FILE = "durations.json"  # untracked (.gitignore), never a committed page
IGNORED_FOLDERS = ("interactive",)
FIGURE_NAME = re.compile(r"\w+")  # an exported figure's name (a question id, or a notebook's own chart)
FINDINGS_PER_SECTION = 2
PROBLEMS_SHOWN = 4
OVERVIEW_FIGURE = "overview"  # helpers.display.audit_report.OVERVIEW_FIGURE: the audit's chart of every headline share
NARROW_MEDIA = "(max-width: 600px)"  # where the landing page shows a chart's phone variant


@dataclass
class Report:
    """One report found on disk: ``reports/<set>/<stem>.ipynb`` (and its page), or only a failed run."""

    set_name: str
    stem: str
    title: str
    lang: str
    parameters: dict[str, Any]
    status: str                      # "ok", "failed" (only a failed run), "failed_kept" (both), "incomplete"
    files: list[str]                 # paths relative to the output folder
    charts: list[tuple[str, str, str, str]] = field(default_factory=list)  # (figure, cell id, alt, title)
    findings: list[str] = field(default_factory=list)             # Markdown bullets of the findings cell
    problems: list[str] = field(default_factory=list)             # Markdown bullets of the audit's issues
    claims_html: str = ""                                         # the audit's main-claims table (HTML)
    headline: str = ""                                            # the audit's verdict counts in one sentence (Markdown)
    overview: dict[str, str] = field(default_factory=dict)        # the overview chart: figure, alt, title, narrow (base64)


# ---------------------------------------------------------------- reading the executed notebooks

def notebook_parameters(notebook: dict[str, Any]) -> dict[str, Any]:
    """The parameters a notebook ran with: its ``parameters`` cell's defaults, then papermill's values."""
    values: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            for statement in _statements(_source(cell)):
                target = getattr(statement, "target", None) or (getattr(statement, "targets", [None]) or [None])[0]
                if isinstance(target, ast.Name) and getattr(statement, "value", None) is not None:
                    try:
                        values[target.id] = ast.literal_eval(statement.value)
                    except ValueError:
                        values[target.id] = ast.unparse(statement.value)
            break
    values.update(notebook.get("metadata", {}).get("papermill", {}).get("parameters", {}))
    return values


def _statements(source: str) -> list[ast.stmt]:
    """The statements of a parameters cell; where the cell is not Python as a whole (a magic such as
    ``%matplotlib inline``, a syntax error), those of each line that is, the others skipped."""
    try:
        return ast.parse(source).body
    except SyntaxError:
        pass
    statements: list[ast.stmt] = []
    for line in source.splitlines():
        try:
            statements += ast.parse(line).body
        except SyntaxError:
            continue
    return statements


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


class UnreadableReport(Exception):
    """An executed notebook under the output folder that is not a readable nbformat 4 notebook
    (empty, not JSON, nbformat 3, ...); the message names the file and why."""


def load_notebook(path: Path) -> dict[str, Any]:
    """An executed notebook's JSON; raises :class:`UnreadableReport` naming ``path`` when it is
    empty, not UTF-8 JSON, not an object or not nbformat 4."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UnreadableReport(f"{path}: cannot read it ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells", []), list) \
            or not isinstance(notebook.get("metadata", {}), dict):
        raise UnreadableReport(f"{path}: not a notebook (a JSON object with cells and metadata)")
    if notebook.get("nbformat") != 4:
        raise UnreadableReport(f"{path}: nbformat {notebook.get('nbformat')!r}, not 4")
    return notebook


def _output_text(cell: dict[str, Any], mime: str) -> str:
    for output in cell.get("outputs", []):
        value = output.get("data", {}).get(mime)
        if value is not None:
            return value if isinstance(value, str) else "".join(value)
    return ""


def _bullets(markdown: str) -> list[str]:
    return [line[2:].strip() for line in markdown.splitlines() if line.startswith(("- ", "* "))]


def read_report(folder: Path, stem: str, set_name: str) -> Report | None:
    """What one report on disk holds (None when neither a good nor a failed run is there)."""
    good, failed = folder / f"{stem}.ipynb", folder / f"{stem}{FAILED_SUFFIX}.ipynb"
    source = good if good.is_file() else failed if failed.is_file() else None
    if source is None:
        return None
    notebook = load_notebook(source)
    parameters = notebook_parameters(notebook)
    complete = good.is_file() and (folder / f"{stem}.html").is_file()  # never "rendered" with its page missing
    status = ("ok" if complete else "incomplete") if not failed.is_file() else "failed_kept" if complete else "failed"
    files = [f"{set_name}/{name}" for name in (f"{stem}.html", f"{stem}.ipynb",
                                               f"{stem}{FAILED_SUFFIX}.html", f"{stem}{FAILED_SUFFIX}.ipynb")
             if (folder / name).is_file()]
    title = stem
    report = Report(set_name, stem, title, str(parameters.get("lang", "en")), parameters, status, files)
    for cell in notebook.get("cells", []):
        text = _source(cell)
        if cell.get("cell_type") == "markdown" and title == stem:
            heading = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), None)
            if heading:
                title = report.title = heading
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):  # every chart names its exported figure in its metadata
            shown = output.get("metadata", {}).get("image/png", {})
            figure = shown.get("figure") if isinstance(shown, dict) else None
            if figure == OVERVIEW_FIGURE and "image/png" in output.get("data", {}) \
                    and (folder / "figures" / f"{figure}.png").is_file():
                report.overview = {"figure": f"figures/{figure}.png", "alt": str(shown.get("alt", "")),
                                   "title": str(shown.get("title", "")), "narrow": str(shown.get("narrow", ""))}
                continue
            if "image/png" in output.get("data", {}) and isinstance(figure, str) and FIGURE_NAME.fullmatch(figure) \
                    and not figure.endswith("_intervals") and (folder / "figures" / f"{figure}.png").is_file():
                report.charts.append((f"figures/{figure}.png", str(cell.get("id", "")),
                                      str(shown.get("alt", "")), str(shown.get("title", report.title))))
        if "findings.section(" in text:
            report.findings = _bullets(_output_text(cell, "text/markdown"))
        if "headline_text(" in text:
            report.headline = _output_text(cell, "text/markdown").strip()
        if "audit.issues_found(" in text or "issues_markdown(issues" in text:
            report.problems = _bullets(_output_text(cell, "text/markdown"))
        if "main_claims" in cell.get("metadata", {}).get("tags", []):
            report.claims_html = _output_text(cell, "text/html")
    return report


def scan(out: Path, unreadable: list[str] | None = None) -> dict[str, list[Report]]:
    """Every report under ``out``: ``{set: [reports in notebook order]}``, sets in folder-name order.

    A notebook that cannot be read (:class:`UnreadableReport`) is left out and its reason appended
    to ``unreadable``: nothing a report folder holds stops the site from being written.
    """
    sets: dict[str, list[Report]] = {}
    unreadable = [] if unreadable is None else unreadable
    for folder in sorted(path for path in out.iterdir() if path.is_dir()):
        if folder.name.startswith(".") or folder.name in IGNORED_FOLDERS:
            continue
        stems = sorted({path.name.removesuffix(".ipynb").removesuffix(FAILED_SUFFIX)
                        for path in folder.glob("*.ipynb")})
        reports = []
        for stem in stems:
            try:
                report = read_report(folder, stem, folder.name)
            except UnreadableReport as error:
                unreadable.append(str(error))
                continue
            if report is not None:
                reports.append(report)
        if reports:
            sets[folder.name] = reports
    return sets


# ---------------------------------------------------------------- the top bar of a report page

def top_bar(lang: str, parameters: dict[str, Any], failed: bool) -> dict[str, Any]:
    """What the offline template's top bar shows, in ``lang``: the link home and the settings in words."""
    return {"lang": lang, "home": "index.html", "home_text": labels.text("site.home", lang),
            "settings": labels.settings_text(parameters, lang), "failed": failed,
            "failed_text": labels.text("site.failed", lang)}


# ---------------------------------------------------------------- pages

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 60em; padding: 0 1em; color: #222;
  line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
.thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(16em, 1fr)); gap: 1em; padding: 0; list-style: none; }
.thumbs li { border: 1px solid #ddd; padding: 0.5em; }
.thumbs img { width: 100%; height: auto; display: block; }
.thumbs span { font-size: 0.9em; }
.failed { color: #b00020; font-weight: bold; }
.caveat { border-left: 4px solid #bf812d; padding: 0.3em 0.7em; background: #fbf6ee; }
code { background: #f4f4f4; padding: 0 0.2em; }
nav.top { font-size: 0.95em; border-bottom: 1px solid #ddd; padding-bottom: 0.5em; }
"""


def _style() -> str:
    """The pages' stylesheet: their own rules and the report tables' (shared with the report pages)."""
    return STYLE + (paths.TEMPLATES_DIR / "offline" / "tables.css").read_text(encoding="utf-8")


def _page(lang: str, title: str, body: str, extra_head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_style()}</style>\n{extra_head}</head>\n<body>\n"
            f"{body}\n</body>\n</html>\n")


def _inline(text: str) -> str:
    """A bullet of findings or problems (Markdown whose data text is escaped, see
    :func:`helpers.words.markup.escape_markdown`) as HTML text: escapes undone, then HTML-escaped."""
    return html.escape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text), quote=False)


def _href(name: str) -> str:
    """A file name as a link target: URL-encoded (``#``, ``%``, ``?`` and spaces are not a URL's own),
    ``/`` kept, then HTML-escaped for the attribute."""
    return html.escape(urllib.parse.quote(name, safe="/"))


def _page_href(stem: str) -> str:
    """The link to a report's page (see :func:`_href`)."""
    return _href(f"{stem}.html")


def _anchor(cell_id: str) -> str:
    return f"#cell-id={cell_id}" if cell_id else ""


def _has_page(report: Report) -> bool:
    """Is the report's own page on disk (not only a failed run's, not a half-written report)?"""
    return f"{report.set_name}/{report.stem}.html" in report.files


def distinct_problems(problems: list[str]) -> list[str]:
    """The audit's problem bullets with identical findings shown once: bullets ``"<claim> <verdict>: <why>"``
    whose ``<why>`` is the same (two wordings of one claim checked against the same numbers, e.g.
    'blaken van vertrouwen' and 'groot vertrouwen') become one bullet naming both claims."""
    merged: dict[str, list[str]] = {}
    for problem in problems:
        head, sep, why = problem.partition(": ")
        key = why if sep else problem
        merged.setdefault(key, []).append(head if sep else problem)
    return [f"{'; '.join(heads)}: {why}" if len(heads) > 1 or why != heads[0] else heads[0]
            for why, heads in merged.items()]


def _overview(chart: dict[str, str]) -> str:
    """The overview chart as a figure: the exported PNG, and on a phone its narrow variant (inline,
    from the output's metadata), so that the whole chart shows at 390 px."""
    escape = html.escape
    source = (f'<source media="{NARROW_MEDIA}" srcset="data:image/png;base64,{escape(chart["narrow"])}">'
              if re.fullmatch(r"[A-Za-z0-9+/=]+", chart.get("narrow", "")) else "")
    return (f'<figure class="overview" style="margin:0.5em 0 1em"><picture>{source}'
            f'<img src="{_href(chart["figure"])}" alt="{escape(chart["alt"])}" title="{escape(chart["title"])}" '
            f'style="max-width:100%;height:auto;display:block"></picture></figure>')


def landing_page(set_name: str, reports: list[Report]) -> str:
    """The landing page of one set, in its language."""
    lang = reports[0].lang
    t = lambda key, **fields: html.escape(labels.text(key, lang, **fields))  # noqa: E731
    escape = html.escape
    parts = [f'<nav class="top"><a href="../index.html">{t("site.back")}</a></nav>',
             f"<h1>{t('site.title')}</h1>", f"<p>{t('site.intro', source=labels.SOURCE)}</p>",
             f'<p class="caveat">{t("site.caveat")}</p>']
    audit = next((report for report in reports if report.claims_html or report.problems), None)
    sections = [report for report in reports if report is not audit]
    if audit and audit.headline:
        parts += [f"<h2>{t('site.verdicts')}</h2>", f"<p>{_inline(audit.headline)}</p>"]
    if audit and audit.overview:
        parts += [f"<h2>{t('site.overview')}</h2>", _overview(audit.overview)]
    if audit and audit.claims_html:
        parts += [f"<h2>{t('site.claims')}</h2>", audit.claims_html]
    if audit and audit.problems:
        items = "".join(f"<li>{_inline(problem)}</li>" for problem in distinct_problems(audit.problems)[:PROBLEMS_SHOWN])
        parts += [f"<h2>{t('site.problems')}</h2>", f"<ul>{items}</ul>",
                  f'<p><a href="{_page_href(audit.stem)}">{escape(audit.title)}</a></p>']
    rows = []
    for report in sections:
        if report.findings and _has_page(report):
            items = "".join(f"<li>{_inline(finding)}</li>" for finding in report.findings[:FINDINGS_PER_SECTION])
            rows.append(f'<h3><a href="{_page_href(report.stem)}">{escape(report.title)}</a></h3><ul>{items}</ul>')
    if rows:
        parts += [f"<h2>{t('site.findings')}</h2>"] + rows
    thumbs = [f'<li><a href="{_page_href(report.stem)}{escape(_anchor(cell_id))}">'
              f'<img src="{_href(figure)}" alt="{escape(alt)}">'
              f"<span>{escape(chart_title)}</span></a></li>"
              for report in sections if _has_page(report) for figure, cell_id, alt, chart_title in report.charts]
    if thumbs:
        parts += [f"<h2>{t('site.charts')}</h2>", f'<ul class="thumbs">{"".join(thumbs)}</ul>']
    items = "".join("<li>" + (f'<a href="{_page_href(report.stem)}">{escape(report.title)}</a>'
                              if _has_page(report) else escape(report.title))
                    + (f' <span class="failed">({t("site.status." + report.status)})</span>'
                       if report.status != "ok" else "") + "</li>" for report in reports)
    parts += [f"<h2>{t('site.sections')}</h2>", f"<ol>{items}</ol>",
              f'<p><a href="runs.html">{t("site.details")}</a></p>']
    page = _page(lang, labels.text("site.title", lang), "\n".join(parts))
    return claimreview.add_claim_reviews(page, claimreview.MAIN_PREFIX, "index.html", lang)


def runs_page(set_name: str, reports: list[Report]) -> str:
    """The run details of one set: per report its status, settings in words, raw parameters and files."""
    lang = reports[0].lang
    t = lambda key, **fields: html.escape(labels.text(key, lang, **fields))  # noqa: E731
    escape = html.escape
    rows = []
    columns = [t(key) for key in ("site.col.report", "site.col.status", "site.col.settings",
                                  "site.col.parameters", "site.col.files")]
    for report in reports:
        status = t(f"site.status.{report.status}")
        css = ' class="failed"' if report.status != "ok" else ""
        raw = " ".join(f"<code>{escape(name)} = {escape(repr(value))}</code>" for name, value in report.parameters.items())
        links = " ".join(f'<a href="{_href(name.split("/", 1)[1])}"><code>{escape(name.split("/", 1)[1])}</code></a>'
                         for name in report.files)
        cells = (escape(report.title), status, escape(labels.settings_text(report.parameters, lang)), raw, links)
        rows.append("<tr>" + "".join(f'<td data-label="{label}"{css if index == 1 else ""}>{cell}</td>'
                                     for index, (label, cell) in enumerate(zip(columns, cells))) + "</tr>")
    head = "".join(f"<th>{column}</th>" for column in columns)
    body = (f'<nav class="top"><a href="index.html">{t("site.back")}</a></nav>\n<h1>{t("site.details_title")}</h1>\n'
            f"<p>{t('site.details_intro')}</p>\n<div class=\"table-scroll\"><table class=\"report-table wide\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")
    return _page(lang, labels.text("site.details_title", lang), body)


def entry_page(sets: dict[str, list[Report]]) -> str:
    """``reports/index.html``: one link per set, each in its own language."""
    items = []
    for set_name, reports in sets.items():
        lang = reports[0].lang
        items.append(f'<li lang="{html.escape(lang)}"><a href="{_href(set_name)}/index.html">'
                     f"{html.escape(labels.text('site.choose', lang))}</a> "
                     f"{html.escape(labels.text('site.set', lang, name=set_name))}</li>")
    titles = " / ".join(dict.fromkeys(labels.text("site.title", reports[0].lang) for reports in sets.values()))
    body = f"<h1>{html.escape(titles)}</h1>\n<ul>{''.join(items)}</ul>"
    langs = {reports[0].lang for reports in sets.values()}
    return _page(langs.pop() if len(langs) == 1 else "mul", titles, body)


def write(out: Path, write_text: Any, unreadable: list[str] | None = None) -> Path:
    """Write every page of the site under ``out`` from what is on disk; return the entry page's path.

    ``write_text(path, text)`` writes atomically; each notebook under ``out`` that could not be
    read is named in ``unreadable`` (see :func:`scan`).
    """
    sets = scan(out, unreadable)
    for set_name, reports in sets.items():
        write_text(out / set_name / "index.html", landing_page(set_name, reports))
        write_text(out / set_name / "runs.html", runs_page(set_name, reports))
    index = out / "index.html"
    write_text(index, entry_page(sets))
    return index
