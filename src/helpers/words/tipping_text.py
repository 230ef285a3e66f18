"""Tipping points in words, Dutch and English: where each verdict and headline finding flips, and on which choice.

The numbers are :func:`helpers.sensitivity.tipping.tipping_points` (one row per item and choice);
this module turns each into a short cell ("undetermined at n ≤ 422", "never"), a compact table
heading, and the paragraph that says what was searched.
"""

from __future__ import annotations

import math

from . import labels, verdict_text
from .audit_text import MINUS
from .multiverse_text import outcome

TEMPLATES: dict[str, dict[str, str]] = {
    "col.kind": {"en": "Kind", "nl": "Soort"},
    "col.item": {"en": "Finding or claim", "nl": "Bevinding of bewering"},
    "col.outcome": {"en": "At the defaults", "nl": "Bij de standaardinstelling"},
    "col.threshold": {"en": "Threshold (declared)", "nl": "Drempel (vastgelegd)"},
    "col.n": {"en": "n", "nl": "n"},
    "col.reading": {"en": "Other reading", "nl": "Andere lezing"},
    "col.middle": {"en": "Middle answer counted in", "nl": "Middenantwoord meegeteld"},
    "middle.same": {"en": "same outcome", "nl": "zelfde uitkomst"},
    "col.confidence": {"en": "Confidence", "nl": "Betrouwbaarheid"},
    "col.deff": {"en": "Design effect", "nl": "Design-effect"},
    "never": {"en": "never", "nl": "nooit"},
    "n.stated": {"en": "(the article states n = {n})", "nl": "(het artikel vermeldt n = {n})"},
    "not_applicable": {"en": "\u2014", "nl": "\u2014"},
    "same": {"en": "{reading}: same outcome", "nl": "{reading}: zelfde uitkomst"},
    "other": {"en": "{reading}: {outcome}", "nl": "{reading}: {outcome}"},
    "declared": {"en": "{value} \u2192 ", "nl": "{value} \u2192 "},
    "flip.above": {"en": "{outcome} above {value}", "nl": "{outcome} boven {value}"},
    "flip.below": {"en": "{outcome} below {value}", "nl": "{outcome} onder {value}"},
    "flip.n.above": {"en": "{outcome} at n \u2265 {value}", "nl": "{outcome} bij n \u2265 {value}"},
    "flip.n.below": {"en": "{outcome} at n \u2264 {value}", "nl": "{outcome} bij n \u2264 {value}"},
    "alternates.above": {"en": "{outcome} at some n \u2265 {value}, at every n \u2265 {settled}",
                         "nl": "{outcome} bij sommige n \u2265 {value}, bij elke n \u2265 {settled}"},
    "alternates.below": {"en": "{outcome} at some n \u2264 {value}, at every n \u2264 {settled}",
                         "nl": "{outcome} bij sommige n \u2264 {value}, bij elke n \u2264 {settled}"},
    "alternates.open": {"en": "{outcome} at some n {sign} {value}, not throughout",
                        "nl": "{outcome} bij sommige n {sign} {value}, niet overal"},
    "flip.margin.above": {"en": "{outcome} with a margin above \u00b1{value}",
                          "nl": "{outcome} bij een marge boven \u00b1{value}"},
    "flip.margin.below": {"en": "{outcome} with a margin below \u00b1{value}",
                          "nl": "{outcome} bij een marge onder \u00b1{value}"},
    "kind.verdict": {"en": "audit verdict", "nl": "oordeel van de audit"},
    "kind.finding": {"en": "headline finding", "nl": "hoofdbevinding"},
    "intro": {
        "en": "Where each verdict and headline finding flips when one choice moves away from the reports' "
              "defaults and the others stay. Moving a threshold or margin changes the hypothesis, not the evidence: "
              "it shows how far the verdict rests on the declared threshold. A cell gives the outcome it flips to and where (\"undetermined at "
              "n \u2264 422\": at every compatible n up to 422); \"never\": it does not flip within the range searched. "
              "Searched: the declared threshold (for a claim of equality, its margin) over every value; n over every n "
              "from 1 to {participants} at which the item's printed figures fit (where the article states the item's n, "
              "the cell says so: the search then only asks what a smaller sample would have allowed; a finding at the point counts may switch "
              "back and forth, since those counts jump with n; a verdict cannot); confidence from {conf_low} to "
              "{conf_high}%; design effect from 1 to {deff_high}. The other reading is the chart title's polarity or "
              "each group on its own, where the claim has one; the middle answer (e.g. 'not against') is counted "
              "with the positive side where the claim or finding counts the positive side of a scale with a middle. Leaving out 'don't know' asks another question and is "
              "not a tipping point (see the multiverse table).",
        "nl": "Waar elk oordeel en elke hoofdbevinding omslaat als één keuze afwijkt van de standaardinstelling van "
              "de rapporten en de rest gelijk blijft. Een andere drempel of marge verandert de hypothese, niet de "
              "gegevens: het laat zien hoezeer het oordeel op de vastgelegde drempel rust. Een cel geeft de uitkomst waarnaar het omslaat en waar "
              "(\"onbeslist bij n \u2264 422\": bij elke passende n tot en met 422); \"nooit\": het slaat niet om "
              "binnen het doorzochte bereik. Doorzocht: de vastgelegde drempel (bij een bewering over gelijkheid: "
              "haar marge) over elke waarde; n over elke n van 1 tot {participants} waarbij de gedrukte cijfers van "
              "de vraag passen (waar het artikel de n van de vraag vermeldt, zegt de cel dat: de zoektocht vraagt dan "
              "alleen wat een kleinere steekproef had toegelaten; een bevinding bij de puntaantallen kan daarbij heen en weer springen, omdat die aantallen met n verspringen; een oordeel niet); betrouwbaarheid van {conf_low} tot {conf_high}%; design-effect van 1 tot "
              "{deff_high}. De andere lezing is de polariteit van de grafiektitel of elke groep apart, waar de "
              "bewering er een heeft; het middenantwoord (bijvoorbeeld 'niet tegen') wordt "
              "meegeteld met de positieve kant als de bewering of bevinding de positieve kant telt van een schaal met "
              "een midden. 'Weet niet' weglaten stelt een andere vraag en is geen omslagpunt (zie de "
              "tabel van het multiversum).",
    },
    "chart.title": {"en": "How much weaker may the sample be before a verdict or finding flips?",
                    "nl": "Hoeveel zwakker mag de steekproef zijn voordat een oordeel of bevinding omslaat?"},
    "chart.caption": {"en": "Per decided verdict and shown finding, the design effect at which it flips (a "
                            "design effect d assumes the sample as informative as a simple random sample of n / d); "
                            "hatched: it "
                            "does not flip up to {limit}. Undetermined verdicts cannot be flipped by a larger design "
                            "effect and are left out. Source: {source}.",
                      "nl": "Per beslist oordeel en aangetoonde bevinding het design-effect waarbij het omslaat (een "
                            "design-effect d neemt de steekproef aan als zo informatief als een aselecte steekproef "
                            "van n / d); gearceerd: het slaat niet om tot {limit}. Onbesliste oordelen kan een groter "
                            "design-effect niet doen omslaan; die ontbreken. Bron: {source}."},
    "chart.xlabel": {"en": "design effect at which the outcome flips", "nl": "design-effect waarbij de uitkomst omslaat"},
    "chart.never": {"en": "not up to {limit}", "nl": "niet tot {limit}"},
    "chart.alt": {"en": "{items} bars, one per decided verdict or shown finding; {never} do not flip up to the chart's "
                        "end; the first flips at a design effect of {lowest}",
                  "nl": "{items} balken, één per beslist oordeel of aangetoonde bevinding; {never} slaan niet om tot "
                        "het eind van de grafiek; de eerste slaat om bij een design-effect van {lowest}"},
    "csv_note": {
        "en": "Every row (item and choice) is exported as `tables/tipping_points.csv`.",
        "nl": "Elke rij (item en keuze) staat in `tables/tipping_points.csv`.",
    },
}

READINGS = {"title_polarity": {"en": "chart title", "nl": "grafiektitel"},
            "per_option": {"en": "each group on its own", "nl": "elke groep apart"},
            "other_hypothesis": {"en": "against another question", "nl": "tegen een andere vraag"},
            "both_poles": {"en": "each side on its own", "nl": "elke kant apart"}}


def text(key: str, lang: str, **fields: object) -> str:
    """Fill template ``key`` in ``lang`` (:func:`helpers.words.labels.render`)."""
    return labels.render(TEMPLATES, key, lang, what="tipping template", **fields)


def _outcome(kind: str, code: str, lang: str) -> str:
    return outcome(kind, code, lang)


def value_text(choice: str, unit: str, value: float, lang: str) -> str:
    """A choice's value in words: "24.8%", "4.8 points", "422", "95.9%", "1.12"."""
    if choice == "n":
        return labels.count(int(round(value)), lang)
    if choice == "confidence":
        percent = 100 * value
        return labels.number(percent, lang, 1 if percent < 99 else 2, trim=True) + "%"
    if choice == "deff":
        return labels.number(value, lang, 2, trim=True)
    number = labels.number(value, lang, 1, trim=True).replace("-", MINUS)
    return number + ("%" if unit == "percent" else verdict_text.text("unit.points", lang))


def cell(row: dict, lang: str) -> str:
    """One tipping row in words: where it flips and to what, "never", or the other reading's outcome."""
    kind, choice = row["kind"], row["choice"]
    if choice == "middle":
        return _outcome(kind, row["flips_to"], lang) if row["flips_to"] else text("middle.same", lang)
    if choice == "reading":
        name = READINGS[row["side"]][labels.check_lang(lang)]  # KeyError for a reading without words
        if not row["flips_to"]:
            return text("same", lang, reading=name)
        return text("other", lang, reading=name, outcome=_outcome(kind, row["flips_to"], lang))
    if math.isnan(row["flips_at"]):
        return text("never", lang)
    value = value_text(choice, row["unit"], row["flips_at"], lang)
    settled = row.get("settled_at", row["flips_at"])
    if choice == "n" and settled != row["flips_at"]:  # a finding at the point counts may alternate over n
        flipped_to = _outcome(kind, row["flips_to"], lang)
        if isinstance(settled, float) and math.isnan(settled):
            return text("alternates.open", lang, outcome=flipped_to, value=value,
                        sign="\u2265" if row["side"] == "above" else "\u2264")
        return text(f"alternates.{row['side']}", lang, outcome=flipped_to, value=value,
                    settled=value_text(choice, row["unit"], settled, lang))
    key = {"n": f"flip.n.{row['side']}", "margin": f"flip.margin.{row['side']}"}.get(choice, f"flip.{row['side']}")
    flipped = text(key, lang, outcome=_outcome(kind, row["flips_to"], lang), value=value)
    if choice in ("threshold", "margin"):
        declared = value_text(choice, row["unit"], float(row["reference_value"]), lang)
        if choice == "margin":
            declared = "\u00b1" + declared
        return text("declared", lang, value=declared) + flipped
    return flipped
