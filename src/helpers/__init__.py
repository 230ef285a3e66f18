"""Shared code of the digivaardig re-analysis: data loading, statistics, charts and the batch runner.

One module per concern: ``paths`` (where things live), ``data`` (load and validate the tables),
``counts`` (integer counts compatible with rounded percentages), ``stats`` (intervals and tests),
``plots`` (charts), ``labels`` (nl/en wording), ``params`` (notebook parameters), ``findings``
(sentences computed from the data), ``audit`` (claims check) and ``runner`` (batch rendering;
the entry point of ``runner_jobs``, ``runner_cli``, ``runner_plan``, ``runner_publish`` and
``runner_worker``).
"""

__version__ = "0.1.0"
