"""A papermill engine that writes the executed notebook once, when execution ends, not at every cell.

papermill's own engine (``NBClientEngine``) saves the whole notebook, every output included, to the
output file before and after every cell (``request_save_on_cell_execute``), so that a crash leaves
a partial notebook behind. For a report notebook of twenty-odd cells with inline charts that is
forty JSON dumps of a few hundred kilobytes: measured here, 0.2-0.4 s of the runner's CPU per
render, about a third of what papermill itself costs (``make bench`` shows the effect as a ratio).

:class:`FinalSaveEngine` runs the cells exactly as ``NBClientEngine`` does and writes the notebook
once when execution ends, however it ends: after the last cell, after a failing cell, and when the
kernel dies or a cell times out (papermill completes the notebook in a ``finally``). So the runner
still finds which cell was running when a kernel died (:func:`helpers.build.runner` reads the file), it
just does not get the intermediate states nobody reads. Select it with ``engine_name=ENGINE_NAME``;
importing this module registers it with papermill.
"""

from __future__ import annotations

from typing import Any

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

ENGINE_NAME = "digivaardig-final-save"


class FinalSaveManager(NotebookExecutionManager):
    """papermill's execution manager, whose :meth:`save` writes only once :meth:`notebook_complete` runs."""

    completed = False

    def save(self, **kwargs: Any) -> None:
        """Write the notebook if execution has ended; before that only keep papermill's bookkeeping."""
        if kwargs.get("nb"):  # as papermill's catch_nb_assignment does: a replaced notebook object
            self.nb = kwargs["nb"]
        if self.completed:
            super().save()
        else:
            self.last_save_time = self.now()

    def notebook_complete(self, **kwargs: Any) -> None:
        """End the run (papermill calls this in a ``finally``) and write the notebook once."""
        self.completed = True
        super().notebook_complete(**kwargs)


class FinalSaveEngine(NBClientEngine):
    """``NBClientEngine`` with :class:`FinalSaveManager`: the same execution, one write at the end."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, output_path: str | None = None, progress_bar: bool = True,
                         log_output: bool = False, autosave_cell_every: int = 30, **kwargs: Any) -> Any:
        """papermill's ``Engine.execute_notebook`` with the manager above (same steps, same order)."""
        manager = FinalSaveManager(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                   autosave_cell_every=autosave_cell_every)
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


papermill_engines.register(ENGINE_NAME, FinalSaveEngine)
