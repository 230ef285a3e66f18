"""The claims audit: does each statement in the article hold up against the article's own figures?

One import for the notebook; the work is split by concern into modules small enough to read at once:

* :mod:`helpers.audit_text`: every reader-facing string (statuses, notes, issues) in Dutch and English;
* :mod:`helpers.audit_ranges`: the range of true shares a printed figure allows (the tables'
  compatible counts) and the verbal rule tests;
* :mod:`helpers.audit_claims`: the check of each claim, its status and the headline counts;
* :mod:`helpers.audit_rounding`: do the printed figures fit the plausible n, and the n puzzle;
* :mod:`helpers.audit_readings`: the skills chart's two readings (title against text);
* :mod:`helpers.audit_issues`: the issues found, each with its evidence.

Statuses: ``consistent``, ``consistent within rounding``, ``depends on reading``,
``inconsistent``, ``not verifiable`` and ``transcription`` (see :mod:`helpers.audit_claims`).
The headline (:func:`headline`, :func:`headline_text`) counts the claims that carry information
(all but the transcription checks) and how many of those hold, depend on reading, fail or cannot
be checked.
"""

from __future__ import annotations

from .audit_claims import (CHECKS, CLAIM_COLUMNS, VERBAL_CHECKS, bases_text, check_claims, claim_status, headline,
                           headline_text, status_counts, summary, value_and_range)
from .audit_issues import anomalies, issues_found, issues_markdown
from .audit_ranges import (POLE_TESTS, SHARE_TESTS, STATUS_OF_EXTENT, evaluate, point_share, printed_share,
                           rule_text, share_range)
from .audit_readings import CONFIDENCE_CLAIMS, TRAINING_LINK, WORDING_QUESTION, wording_readings
from .audit_rounding import (assignment_counts, candidate_n, charts, could_fill, headline_intervals,
                             headline_overview, n_assignments, n_compatibility, rounding_consistency,
                             rounding_overview, smallest_n, unusual_totals)
from .audit_text import DASH, HOLDS, MINUS, PRINTED_N, STATUSES, TEMPLATES, text

__all__ = [
    "CHECKS", "CLAIM_COLUMNS", "CONFIDENCE_CLAIMS", "DASH", "HOLDS", "MINUS", "POLE_TESTS", "PRINTED_N",
    "SHARE_TESTS", "STATUSES", "STATUS_OF_EXTENT", "TEMPLATES", "TRAINING_LINK", "VERBAL_CHECKS",
    "WORDING_QUESTION", "anomalies", "assignment_counts", "bases_text", "candidate_n", "charts", "check_claims", "claim_status",
    "could_fill", "evaluate", "headline", "headline_intervals", "headline_overview", "headline_text",
    "issues_found", "issues_markdown", "n_assignments", "n_compatibility", "point_share", "printed_share",
    "rounding_consistency", "rounding_overview", "rule_text", "share_range", "smallest_n", "status_counts",
    "summary", "text", "unusual_totals", "value_and_range", "wording_readings",
]
