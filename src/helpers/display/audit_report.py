"""The audit as a report: the verdict counts, the main claims in plain words with their derivation, the
list of every claim with its verdict badge and anchor, the claims and sampling tables of the audit
notebook (06) from the claims table of :func:`helpers.words.claim_table.check_claims`, and the overview
chart of every item's headline share beside its claim's verdict (the landing page shows it).
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Image, Markdown

from ..core import data
from . import interval_plots, plots
from ..audit import verdicts as verdict_records
from ..words import audit_text, labels, plain
from ..inference import stats
from ..words.audit_text import claim_wording, n_assumed
from ..core.params import Settings
from .report import cell_text, chart_image, html_table


# verdicts in reading order: what a reader should look at first (problems), the plain "holds" last
VERDICT_ORDER = ("contradicted", "depends_on_reading", "undetermined", "not_verifiable", "supported",
                 "transcription")


def _verdicts(checked: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(checked["status"]))
    return [s for s in VERDICT_ORDER if s in present] + [s for s in present if s not in VERDICT_ORDER]


def _status(status: str, lang: str) -> str:
    return audit_text.text(f"status.{status}", lang)


def audit_counts(checked: pd.DataFrame, settings: Settings) -> HTML:
    """How many claims got each verdict (its icon and plain label), problems first, as statements and as
    distinct claims (each hypothesis once, as the summary sentence counts them): an HTML table in
    ``settings.lang``."""
    lang = settings.lang
    # claims that test a hypothesis an earlier claim tests: counted as statements, not as distinct claims
    distinct = checked[checked["counted"].astype(bool) | (checked["status"] == "transcription")]
    rows = [(f"{plain.verdict_icon(status)} {plain.verdict_label(status, lang)}", int((checked["status"] == status).sum()),
             int((distinct["status"] == status).sum())) for status in _verdicts(checked)]
    rows.append((labels.text("audit.col.total", lang), len(checked), len(distinct)))
    frame = pd.DataFrame(rows, columns=[labels.text("audit.col.status", lang), labels.text("audit.col.claims", lang),
                                        labels.text("audit.col.distinct", lang)])
    return HTML(html_table(frame))


def audit_checked(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> Markdown:
    """One sentence on what was checked: claims, sections, questions."""
    return Markdown(labels.text("audit.checked", settings.lang, claims=len(checked),
                                sections=checked["section"].nunique(), questions=len(survey.questions)))


def _claims_frame(claims: pd.DataFrame, lang: str, with_status: bool = False,
                  confidence: float | None = None) -> pd.DataFrame:
    """The claims as a table; ``with_status`` adds the verdict and, with ``confidence``, each verbal
    claim's confidence interval and whether its rule holds in it (the verdict is about rounding only)."""
    shown = {labels.text("audit.col.claim", lang): claim_wording(claims, lang, quoted=True)}
    shown[labels.text("audit.col.published", lang)] = [labels.number(v, lang, trim=True) for v in claims["published"]]
    shown[labels.text("audit.col.recomputed", lang)] = claims["recomputed"]
    if with_status:
        shown[labels.text("audit.col.status", lang)] = [_status(s, lang) for s in claims["status"]]
    if with_status and confidence is not None:
        shown[labels.text("audit.col.deciding", lang)] = _deciding(claims, lang)
    shown[labels.text("audit.col.rule", lang)] = claims["rule"]
    shown[labels.text("audit.col.note", lang)] = claims["note"]
    return pd.DataFrame(shown).reset_index(drop=True)


# the verdict's colour (the icon of :func:`helpers.words.plain.verdict_icon` is its non-colour cue);
# each dark enough for text on white (contrast at least 4.5:1)
VERDICT_COLOURS = {"supported": "#1a7f37", "contradicted": "#b3261e", "undetermined": "#8a5300",
                   "depends_on_reading": "#6f42c1", "not_verifiable": "#57606a", "transcription": "#57606a"}


def verdict_badge(outcome: str, lang: str) -> str:
    """A verdict as HTML: its icon and plain label in the verdict's colour, framed."""
    colour = VERDICT_COLOURS[outcome]
    return (f'<span class="verdict verdict-{html.escape(outcome)}" style="color:{colour};border:1px solid {colour};'
            f'border-radius:0.8em;padding:0 0.45em;white-space:nowrap;font-weight:600">'
            f'<span class="verdict-icon" aria-hidden="true">{html.escape(plain.verdict_icon(outcome))}</span> '
            f"{html.escape(plain.verdict_label(outcome, lang))}</span>")


def _derivation(row: pd.Series, lang: str, confidence: float | None) -> str:
    """The derivation of one verdict (recomputed range, deciding interval, rule, notes) in a
    collapsed ``<details>``: one click away from the plain verdict."""
    fields = [("audit.col.published", labels.number(row["published"], lang, trim=True)),
              ("audit.col.recomputed", row["recomputed"]),
              ("audit.col.deciding", _deciding(row.to_frame().T, lang)[0] if confidence is not None else ""),
              ("audit.col.rule", row["rule"]), ("col.note", row["note"])]
    items = "".join(f"<dt>{html.escape(labels.text(key, lang) if key.startswith('audit.') else plain.text(key, lang))}"
                    f"</dt><dd>{html.escape(cell_text(value))}</dd>"
                    for key, value in fields if cell_text(value))
    return (f'<details class="derivation"><summary>{html.escape(plain.text("derivation", lang))}</summary>'
            f"<dl>{items}</dl></details>")


def n_caveats(survey: data.Survey, claim_id: str, settings: Settings) -> list[tuple[str, str, int]]:
    """``(basis, question_id, n)`` for each item a claim's verdict reads (its hypothesis and a second
    reading's, :func:`helpers.audit.verdicts.reading_options`) whose n the article does not print for
    it: basis ``assumed`` (``n_status`` unknown) or ``shared_caption`` (under ``settings.n_scenario``)."""
    claim = survey.claims.set_index("claim_id").loc[claim_id].to_dict() | {"claim_id": claim_id}
    if not claim["hypothesis_id"]:
        return []
    rows = survey.hypotheses.set_index("hypothesis_id")
    items = [item for _, hypothesis_id, _ in verdict_records.reading_options(survey, claim)
             for item in (rows.at[hypothesis_id, "question_id"], rows.at[hypothesis_id, "other_question_id"]) if item]
    out = []
    for question_id in dict.fromkeys(items):
        n = data.n_for(survey, question_id, settings.n_scenario)
        if str(data.question(survey, question_id)["n_status"]) == "unknown":
            out.append(("assumed", question_id, n))
        elif data.n_basis(survey, question_id, settings.n_scenario) == "shared_caption":
            out.append(("shared_caption", question_id, n))
    return out


def _plain_parts(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> list[dict]:
    """Per claim shown (claims that test a hypothesis an earlier claim tests are folded into that one):
    its outcome, claim sentence, the article's words, the why sentences, the other wordings and the
    derivation (HTML-escaped where it is HTML)."""
    lang = settings.lang
    records = verdict_records.verdicts(survey, settings).set_index("claim_id", drop=False)
    claims = survey.claims.set_index("claim_id", drop=False)
    family = verdict_records.holm(verdict_records.holm_family(records.reset_index(drop=True)), settings.alpha)
    lost = {claim for ids, survives, decided in zip(family["claim_ids"], family["survives"], family["verdict"])
            if decided and not survives for claim in ids}  # every claim of a hypothesis Holm takes away
    out = []
    for _, row in checked.iterrows():
        record = records.loc[row["claim_id"]]
        if record["hypothesis_id"] and not record["counted"]:
            continue  # shown once, with the claim that counts it
        claim = claims.loc[row["claim_id"]]
        why = plain.why_sentences(record, lang, survives_holm=row["claim_id"] not in lost,
                                  n_caveats=n_caveats(survey, row["claim_id"], settings))
        others = [claims.loc[other] for other in record["shares_with"]]
        if others:
            why.append(plain.also_said(others, lang))
        out.append({"claim_id": row["claim_id"], "outcome": record["outcome"],
                    "claim": plain.claim_sentence(survey, claim, lang),
                    "article": plain.quoted(claim["phrase_nl"]), "why": " ".join(why),
                    "derivation": _derivation(row, lang, settings.confidence)})
    return out


def _plain_table(parts: list[dict], lang: str) -> str:
    heads = [labels.text("audit.col.claim", lang), labels.text("audit.col.published", lang),
             labels.text("audit.col.status", lang), plain.text("col.why", lang)]
    rows = []
    for part in parts:
        cells = (html.escape(part["claim"]), html.escape(part["article"]), verdict_badge(part["outcome"], lang),
                 f'<span class="why">{html.escape(part["why"])}</span>{part["derivation"]}')
        anchor = html.escape(f"{MAIN_CLAIM_PREFIX}{part['claim_id']}", quote=True)
        rows.append(f'<tr id="{anchor}" data-outcome="{html.escape(part["outcome"], quote=True)}">'
                    + "".join(f'<td data-label="{html.escape(head)}">{cell}</td>'
                              for head, cell in zip(heads, cells)) + "</tr>")
    header = "".join(f"<th>{html.escape(head)}</th>" for head in heads)
    return (f'<div class="table-scroll">\n<table class="report-table wide plain-verdicts">\n<thead><tr>{header}</tr>'
            f"</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def main_claims(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> HTML:
    """The claims of the article's lead paragraph (the landing page shows this too): per claim the
    claim, the article's words, the verdict in plain words with its icon, one or two sentences why,
    and the derivation one click away."""
    lead = checked[checked["claim_id"].astype(str).str.startswith("lead_")]
    return HTML(_plain_table(_plain_parts(survey, lead, settings), settings.lang))


def verdict_list(survey: data.Survey, checked: pd.DataFrame, settings: Settings) -> HTML:
    """Every claim's verdict in plain words, problems first, for scanning: per claim the verdict
    badge, the claim and why, the derivation one click away. Copied figures are folded into one
    collapsed group at the end."""
    lang = settings.lang
    parts = _plain_parts(survey, checked, settings)

    def item(part: dict) -> str:
        return (f'<li>{verdict_badge(part["outcome"], lang)} <strong>{html.escape(part["claim"])}</strong>'
                f'<p class="why">{html.escape(part["why"])}</p>{part["derivation"]}</li>')

    order = {outcome: index for index, outcome in enumerate(VERDICT_ORDER)}
    ranked = sorted(parts, key=lambda part: order.get(part["outcome"], len(order)))
    shown = [part for part in ranked if part["outcome"] != "transcription"]
    copied = [part for part in ranked if part["outcome"] == "transcription"]
    out = '<ul class="verdict-list" style="list-style:none;padding-left:0">' + "".join(
        item(part).replace("<li>", '<li style="margin:0 0 0.9em">', 1) for part in shown) + "</ul>"
    if copied:
        summary = plain.text("copied", lang, count=len(copied))
        out += (f'<details class="copied"><summary>{verdict_badge("transcription", lang)} {html.escape(summary)}'
                f'</summary><ul class="verdict-list" style="list-style:none;padding-left:0">'
                + "".join(item(part).replace("<li>", '<li style="margin:0 0 0.9em">', 1) for part in copied)
                + "</ul></details>")
    return HTML(out)


CLAIM_PREFIX = "claim-"  # the anchor of a claim's row in the audit's list of every claim: claim-<claim_id>
MAIN_CLAIM_PREFIX = "main-claim-"  # of its row in the main-claims table (audit page and landing page)


def claim_rows(claims: pd.DataFrame, prefix: str) -> list[dict[str, str]]:
    """Each claim row's attributes: its anchor (``prefix`` + claim id) and its verdict code."""
    return [{"id": f"{prefix}{claim_id}", "data-outcome": str(status)}
            for claim_id, status in zip(claims["claim_id"], claims["status"])]


def audit_claims(checked: pd.DataFrame, settings: Settings) -> HTML:
    """Every claim, grouped by verdict (problems first), full text wrapped, no row numbers."""
    parts = []
    for status in _verdicts(checked):
        group = checked[checked["status"] == status]
        heading = labels.text("audit.group", settings.lang, status=_status(status, settings.lang), count=len(group))
        parts.append(f"<h3>{html.escape(heading[0].upper() + heading[1:])}</h3>\n"
                     + html_table(_claims_frame(group, settings.lang), "report-table wide",
                                  claim_rows(group, CLAIM_PREFIX)))
    return HTML("\n".join(parts))


def _deciding(claims: pd.DataFrame, lang: str) -> list[str]:
    """Each claim's deciding interval with its level, "45.2–54.8 (90%)"; empty for a claim without one."""
    return [f"{labels.span(low, high, lang)} ({labels.level(level, lang)}%)" if hypothesis and pd.notna(low) else ""
            for hypothesis, low, high, level in zip(claims["hypothesis_id"], claims["ci_low"], claims["ci_high"],
                                                    claims["level"])]


def audit_sampling(checked: pd.DataFrame, settings: Settings) -> HTML:
    """The claims with a declared hypothesis: the hypothesis, the point, the deciding interval and the outcome."""
    lang = settings.lang
    decided = checked[checked["hypothesis_id"] != ""]
    frame = pd.DataFrame({
        labels.text("audit.col.claim", lang): claim_wording(decided, lang, quoted=True),
        labels.text("audit.col.hypothesis", lang): decided["rule"],
        labels.text("audit.col.estimate", lang): [labels.number(v, lang, 1) for v in decided["share"]],
        labels.text("audit.col.deciding", lang): _deciding(decided, lang),
        labels.text("audit.col.status", lang): [_status(s, lang) for s in decided["status"]],
    })
    return HTML(html_table(frame, "report-table wide"))


OVERVIEW_FIGURE = "overview"  # the exported name of the overview chart (the landing page shows it)
OVERVIEW_SECTIONS = ("sample",)  # items left out of the overview: who answered, not what they think


def overview_table(survey: data.Survey, settings: Settings) -> pd.DataFrame:
    """Every item's headline share (:func:`helpers.core.data.headline_options`; the counts' share, count / n,
    never a sum of printed rounded parts) with its interval under ``settings`` and its n and how that n is
    known, largest first, with the article's checked claims on that item (icon and key words)."""
    lang = settings.lang
    records = verdict_records.verdicts(survey, settings).set_index("claim_id", drop=False)
    rows = []
    for question in survey.questions.itertuples():
        if question.section in OVERVIEW_SECTIONS:
            continue
        result = stats.combined_share(survey, question.question_id, data.headline_options(survey, question.question_id),
                                      settings)
        claims = survey.claims[(survey.claims["question_id"] == question.question_id)
                               & (survey.claims["hypothesis_id"] != "")]
        shown, outcomes = [], []
        for claim in claims.itertuples():
            record = records.loc[claim.claim_id]
            if not record["counted"]:
                continue  # the same hypothesis as a claim already shown
            term = f" ({data.rule_row(survey, claim.rule_id)['term_en']})" if lang == "en" and claim.rule_id else ""
            shown.append(f"{plain.verdict_icon(record['outcome'])} {plain.quoted(claim.phrase_nl)}{term}")
            outcomes.append(record["outcome"])
        status = n_assumed(survey, question.question_id, lang, short=True, scenario=settings.n_scenario, inside=True)
        n_text = f"n = {labels.count(int(result['n']), lang)}{status}"
        rows.append({"question_id": question.question_id,
                     "label": f"{plain.topic(question.question_id, lang)} ({n_text})",
                     "share": float(result["share_count"]), "ci_low": float(result["ci_low"]),
                     "ci_high": float(result["ci_high"]), "claim": "\n".join(shown), "outcomes": outcomes})
    return pd.DataFrame(rows).sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def overview_chart(survey: data.Survey, settings: Settings) -> Image:
    """The overview chart: every headline share with its interval, sorted, the article's claim beside
    it; exported as ``figures/overview.png``/``.svg`` with a phone variant (:func:`chart_image`)."""
    lang = settings.lang
    table = overview_table(survey, settings)
    level = labels.level(settings.confidence, lang)
    outcomes = [outcome for row in table["outcomes"] for outcome in row]
    order = {outcome: index for index, outcome in enumerate(VERDICT_ORDER)}
    chart_title = plain.text("overview.title", lang, level=level)
    shown_caption = plain.text("overview.caption", lang,
                               icons=plain.icon_legend(sorted(set(outcomes), key=order.get), lang))
    figures = [interval_plots.overview_plot(table, title=chart_title, caption=shown_caption, lang=lang,
                                   claims_heading=plain.text("overview.claims", lang), width=width,
                                   name=OVERVIEW_FIGURE) for width in (plots.WIDTH, plots.NARROW_WIDTH)]
    rows = [plain.text("overview.alt_row", lang, label=row.label, share=labels.number(row.share, lang, 0),
                       low=labels.number(row.ci_low, lang, 0), high=labels.number(row.ci_high, lang, 0),
                       n=data.n_for(survey, row.question_id, settings.n_scenario),
                       claim=plain.text("overview.alt_claim", lang, claims=row.claim.replace("\n", "; "))
                       if row.claim else "")
            for row in table.itertuples()]
    alt = labels.text("alt.chart", lang, title=chart_title + ":", shares="; ".join(rows),
                      caption=shown_caption.rstrip("."))
    return chart_image(*figures, OVERVIEW_FIGURE, alt, chart_title)
