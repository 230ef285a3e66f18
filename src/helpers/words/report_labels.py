"""The labels of the site's chrome (top bar, landing page, run details) and of the audit as a report, in
Dutch and English: template catalogues that :mod:`helpers.words.labels` adds to its own.
"""

from __future__ import annotations

SITE: dict[str, dict[str, str]] = {
    "site.home": {"en": "All reports (English)", "nl": "Alle rapporten (Nederlands)"},
    "site.failed": {"en": "this run failed; see the error below", "nl": "deze run is mislukt; zie de fout hieronder"},
    "site.settings": {"en": "Settings: {parts}.", "nl": "Instellingen: {parts}."},
    "site.settings_all": {"en": "Settings: every combination of the choices, side by side.",
                          "nl": "Instellingen: elke combinatie van de keuzes, naast elkaar."},
    "setting.confidence": {"en": "{level}% intervals ({method} method)", "nl": "{level}%-intervallen (methode {method})"},
    "setting.confidence_only": {"en": "{level}% intervals", "nl": "{level}%-intervallen"},
    "setting.dont_know.keep": {"en": "'don't know' counted in", "nl": "'weet niet' meegeteld"},
    "setting.dont_know.exclude": {"en": "'don't know' left out", "nl": "'weet niet' weggelaten"},
    "setting.n_scenario.layout": {"en": "n as laid out in the article", "nl": "n volgens de opmaak van het artikel"},
    "setting.n_scenario.attrition": {"en": "n shrinking with attrition", "nl": "n afnemend door uitval"},
    "setting.n_scenario.smallest": {"en": "the smallest printed n", "nl": "de kleinste gedrukte n"},
    "setting.n_scenario.other": {"en": "n scenario {name}", "nl": "n-scenario {name}"},
    "setting.rounding.both": {"en": "either rounding rule", "nl": "beide afrondingsregels"},
    "setting.rounding.half_up": {"en": "rounding half up", "nl": "afronding naar boven bij een half"},
    "setting.rounding.half_even": {"en": "rounding half to even", "nl": "afronding naar even bij een half"},
    "setting.deff": {"en": "design effect {deff}", "nl": "design-effect {deff}"},
    "setting.ci_method": {"en": "{method} intervals", "nl": "{method}-intervallen"},
    "setting.confidence_level": {"en": "{level}% confidence", "nl": "{level}% betrouwbaarheid"},
    # the interval methods of statsmodels' proportion_confint, as the literature names them
    "method.wilson": {"en": "Wilson", "nl": "Wilson"},
    "method.normal": {"en": "normal approximation (Wald)", "nl": "normale benadering (Wald)"},
    "method.agresti_coull": {"en": "Agresti–Coull", "nl": "Agresti–Coull"},
    "method.beta": {"en": "Clopper–Pearson", "nl": "Clopper–Pearson"},
    "method.jeffreys": {"en": "Jeffreys", "nl": "Jeffreys"},
    "method.binom_test": {"en": "exact binomial test", "nl": "exacte binomiale toets"},
    "setting.interval_charts": {"en": "with interval charts", "nl": "met intervalgrafieken"},
    "site.title": {"en": "Digital skills of civil servants: a re-analysis",
                   "nl": "Digitale vaardigheden van ambtenaren: een heranalyse"},
    "site.intro": {
        "en": "A re-analysis of a Dutch magazine article about a survey of 577 civil servants' digital skills "
              "(source: {source}). Every number below is recomputed from the article's own published "
              "percentages: the key numbers with their confidence interval, the article's claims with the range "
              "its rounded figures allow and, for a share, its confidence interval; the audit checks every claim "
              "of the article against them.",
        "nl": "Een heranalyse van een artikel in een Nederlands vakblad over een enquête naar de digitale "
              "vaardigheden van 577 ambtenaren (bron: {source}). Elk getal hieronder is opnieuw berekend uit "
              "de percentages die het artikel zelf publiceert: de kerngetallen met hun betrouwbaarheidsinterval, "
              "de beweringen van het artikel met het bereik dat de afgeronde cijfers toelaten en, voor een aandeel, "
              "het betrouwbaarheidsinterval; de controle toetst elke bewering van het artikel daaraan.",
    },
    "site.caveat": {"en": "These are the survey's respondents, not all Dutch civil servants: the article does not say "
                          "how respondents were recruited, so no number here speaks for civil servants in general.",
                    "nl": "Het gaat om de respondenten van de enquête, niet om alle Nederlandse ambtenaren: het artikel "
                          "zegt niet hoe de respondenten zijn geworven, dus geen getal hier spreekt voor ambtenaren in "
                          "het algemeen."},
    "site.verdicts": {"en": "The verdicts in one line", "nl": "De oordelen in één regel"},
    "site.claims": {"en": "The article's main claims and what the re-analysis finds",
                    "nl": "De belangrijkste beweringen van het artikel en wat de heranalyse vindt"},
    "site.overview": {"en": "Every headline share at a glance", "nl": "Alle kerncijfers in één beeld"},
    "site.findings": {"en": "Key numbers per section", "nl": "Kerncijfers per hoofdstuk"},
    "site.problems": {"en": "Main problems the audit found", "nl": "Belangrijkste problemen uit de controle"},
    "site.charts": {"en": "The charts", "nl": "De grafieken"},
    "site.sections": {"en": "The reports in reading order", "nl": "De rapporten in leesvolgorde"},
    "site.more": {"en": "read the section", "nl": "lees het hoofdstuk"},
    "site.details": {"en": "Run details (settings, status and files of every report)",
                     "nl": "Details van de uitvoering (instellingen, status en bestanden van elk rapport)"},
    "site.details_title": {"en": "Run details", "nl": "Details van de uitvoering"},
    "site.details_intro": {
        "en": "Every report of this folder as found on disk, with the settings read from its executed "
              "notebook. Durations are not recorded here (they change on every run); the runner prints them.",
        "nl": "Elk rapport in deze map zoals het op schijf staat, met de instellingen uit het uitgevoerde "
              "notebook. Looptijden staan hier niet (die veranderen bij elke uitvoering); het script dat de rapporten maakt, drukt ze af.",
    },
    "site.col.report": {"en": "Report", "nl": "Rapport"},
    "site.col.status": {"en": "Status", "nl": "Status"},
    "site.col.settings": {"en": "Settings", "nl": "Instellingen"},
    "site.col.parameters": {"en": "Parameters (as given to the notebook)", "nl": "Parameters (zoals aan het notebook meegegeven)"},
    "site.col.files": {"en": "Files", "nl": "Bestanden"},
    "site.status.ok": {"en": "rendered", "nl": "gemaakt"},
    "site.status.failed": {"en": "failed", "nl": "mislukt"},
    "site.status.incomplete": {"en": "incomplete: its page is missing", "nl": "onvolledig: de pagina ontbreekt"},
    "site.status.failed_kept": {"en": "last run failed; the earlier good report is kept",
                                "nl": "laatste run mislukt; het eerdere goede rapport blijft staan"},
    "site.back": {"en": "Back to the overview", "nl": "Terug naar het overzicht"},
    "site.language": {"en": "English", "nl": "Nederlands"},
    "site.choose": {"en": "Reports in English", "nl": "Rapporten in het Nederlands"},
    "site.set": {"en": "(parameter set {name})", "nl": "(parameterset {name})"},
    "site.article_name": {"en": "Magazine article on a survey by Publiek Denken and Overheid in Nederland among 577 "
                                "civil servants",
                          "nl": "Tijdschriftartikel over een enquête van Publiek Denken en Overheid in Nederland "
                                "onder 577 ambtenaren"},
    # the page chrome of every report page (helpers.build.chrome): navigation, contents, downloads
    "site.nav": {"en": "Sections", "nl": "Hoofdstukken"},
    "site.landing": {"en": "Overview", "nl": "Overzicht"},
    "site.previous": {"en": "Previous: {title}", "nl": "Vorige: {title}"},
    "site.next": {"en": "Next: {title}", "nl": "Volgende: {title}"},
    "site.toc": {"en": "On this page", "nl": "Op deze pagina"},
    "site.downloads": {"en": "Downloads", "nl": "Downloaden"},
    "site.download.notebook": {"en": "executed notebook (.ipynb)", "nl": "uitgevoerd notebook (.ipynb)"},
    "site.download.tables": {"en": "tables (CSV)", "nl": "tabellen (CSV)"},
    "site.download.figures": {"en": "figures (SVG)", "nl": "figuren (SVG)"},
}


AUDIT: dict[str, dict[str, str]] = {
    "audit.col.status": {"en": "Verdict", "nl": "Oordeel"},
    "audit.col.claims": {"en": "Claims", "nl": "Beweringen"},
    "audit.col.distinct": {"en": "Distinct (a repeated claim once)", "nl": "Verschillend (een herhaalde bewering één keer)"},
    "audit.col.claim": {"en": "Claim", "nl": "Bewering"},
    "audit.col.claim_nl": {"en": "Claim (key words as printed, Dutch)", "nl": "Bewering (kernwoorden zoals gedrukt)"},
    "audit.col.published": {"en": "Article", "nl": "Artikel"},
    "audit.col.recomputed": {"en": "Recomputed (rounding range)", "nl": "Herberekend (afrondingsbereik)"},
    "audit.col.rule": {"en": "Rule applied", "nl": "Toegepaste regel"},
    "audit.col.note": {"en": "Why", "nl": "Toelichting"},
    "audit.col.total": {"en": "Total", "nl": "Totaal"},
    "audit.col.interval": {"en": "{level}% interval of the share", "nl": "{level}%-interval van het aandeel"},
    "audit.col.holds_in_ci": {"en": "Rule holds in the interval", "nl": "Regel geldt in het interval"},
    "audit.col.deciding": {"en": "Deciding interval (level)", "nl": "Beslissend interval (niveau)"},
    "audit.col.hypothesis": {"en": "Declared hypothesis", "nl": "Vastgelegde hypothese"},
    "audit.col.estimate": {"en": "Point estimate", "nl": "Puntschatting"},
    "value.holds.all": {"en": "everywhere", "nl": "overal"},
    "value.holds.some": {"en": "in part", "nl": "deels"},
    "value.holds.none": {"en": "nowhere", "nl": "nergens"},
    "audit.group": {"en": "{status}: {count} {count:claim|claims}", "nl": "{status}: {count} {count:bewering|beweringen}"},
    "audit.checked": {
        "en": "{claims} claims of the article checked against its own published percentages, in {sections} "
              "sections; {questions} questions' printed percentages checked for rounding at every plausible n.",
        "nl": "{claims} beweringen uit het artikel getoetst aan de eigen gepubliceerde percentages, in "
              "{sections} hoofdstukken; van {questions} vragen is nagegaan of de gedrukte percentages bij elke "
              "plausibele n door afronding kunnen ontstaan.",
    },
    # headings and values of the detail tables
    "detail.question_id": {"en": "Question", "nl": "Vraag"},
    "detail.total": {"en": "Printed total (%)", "nl": "Gedrukt totaal (%)"},
    "detail.chart": {"en": "Chart", "nl": "Grafiek"},
    "detail.smallest_n_half_up": {"en": "Smallest n (half up)", "nl": "Kleinste n (half naar boven)"},
    "detail.smallest_n": {"en": "Smallest n (either rule)", "nl": "Kleinste n (een van beide regels)"},
    "detail.smallest_n_half_even": {"en": "Smallest n (half to even)", "nl": "Kleinste n (half naar even)"},
    "detail.ruled_out": {"en": "Ruled out", "nl": "Uitgesloten"},
    "detail.assignment": {"en": "Reading of the captions", "nl": "Lezing van de onderschriften"},
    "detail.fits_half_up": {"en": "Fits (half up)", "nl": "Past (half naar boven)"},
    "detail.fits_half_even": {"en": "Fits (half to even)", "nl": "Past (half naar even)"},
    "detail.published": {"en": "Published (%)", "nl": "Gepubliceerd (%)"},
    "detail.layout": {"en": "n as laid out", "nl": "n volgens opmaak"},
    "detail.attrition": {"en": "n with attrition", "nl": "n met uitval"},
    "detail.smallest": {"en": "smallest n", "nl": "kleinste n"},
    "detail.n": {"en": "n", "nl": "n"},
    "detail.rounding": {"en": "Rounding", "nl": "Afronding"},
    "detail.options": {"en": "Options", "nl": "Antwoorden"},
    "detail.published_total": {"en": "Printed total (%)", "nl": "Gedrukt totaal (%)"},
    "detail.completeness": {"en": "Completeness", "nl": "Volledigheid"},
    "detail.missing": {"en": "Missing (%)", "nl": "Ontbreekt (%)"},
    "detail.could_fill": {"en": "Could hold the missing share", "nl": "Kan het ontbrekende deel bevatten"},
    "detail.exists": {"en": "Counts exist", "nl": "Aantallen bestaan"},
    "detail.counts": {"en": "Compatible counts", "nl": "Passende aantallen"},
    "detail.remainder": {"en": "Remainder", "nl": "Rest"},
    "detail.explanation": {"en": "Explanation", "nl": "Verklaring"},
    "value.both": {"en": "both rules", "nl": "beide regels"},
    "value.half_up": {"en": "half up", "nl": "half naar boven"},
    "value.half_even": {"en": "half to even", "nl": "half naar even"},
    "value.none": {"en": "neither", "nl": "geen van beide"},
    "value.all charts": {"en": "all charts", "nl": "alle grafieken"},
    "value.layout": {"en": "n as laid out", "nl": "n volgens opmaak"},
    "value.attrition": {"en": "n with attrition", "nl": "n met uitval"},
    "value.smallest": {"en": "smallest n", "nl": "kleinste n"},
    "value.True": {"en": "yes", "nl": "ja"},
    "value.False": {"en": "no", "nl": "nee"},
    "value.complete": {"en": "complete", "nl": "volledig"},
    "value.any (each caption once or more)": {"en": "any assignment (each caption used at least once)",
                                              "nl": "elke toewijzing (elk onderschrift minstens eens gebruikt)"},
    "value.x_of_y": {"en": "{x} of {y}", "nl": "{x} van {y}"},
    "value.incomplete": {"en": "incomplete", "nl": "onvolledig"},
}
