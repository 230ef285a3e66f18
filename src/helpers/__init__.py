"""Shared code of the digivaardig re-analysis, one subpackage per layer (each imports only those below it):

``core`` (paths, atomic writes, tables, parameters) < ``inference`` (numbers only) < ``audit`` and
``sensitivity`` (verdicts) < ``words`` (all wording, nl and en) < ``display`` (what a notebook shows).
``build`` (the batch runner ``python -m helpers.build.runner`` and the site) may import the analysis;
no kernel imports ``build``.
"""

__version__ = "0.1.0"
