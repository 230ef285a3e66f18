"""The runner's papermill engine: the same executed notebook as papermill's own, written once, also on failure."""

from __future__ import annotations

import nbformat
import papermill
import pytest
from papermill import engines
from papermill.exceptions import PapermillExecutionError

from helpers.build import engine as notebook_engine, kernels


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


@pytest.fixture
def writes(monkeypatch):
    """Every write of the executed notebook by the engine (papermill.engines.write_ipynb), in order."""
    seen: list[int] = []
    original = engines.write_ipynb

    def counting(nb, path):
        seen.append(sum(1 for cell in nb.cells if cell.get("outputs")))
        return original(nb, path)

    monkeypatch.setattr(engines, "write_ipynb", counting)
    return seen


def run(nb, path, engine_name):
    return papermill.execute_notebook(nb, str(path), kernel_name="python3", progress_bar=False,
                                      engine_name=engine_name, shutdown_kernel="immediate",
                                      kernel_manager_class=kernels.AsyncIpcKernelManager)


def test_the_notebook_is_written_once_with_every_output(tmp_path, writes):
    cells = ("print(1)", "print(2)", "x = 3", "print(x * 2)")
    done = run(notebook(*cells), tmp_path / "out.ipynb", notebook_engine.ENGINE_NAME)
    assert writes == [3]  # one write, at the end, holding the three cells with output
    saved = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert [c.outputs[0]["text"] for c in saved.cells if c.outputs] == ["1\n", "2\n", "6\n"]
    assert [c.outputs for c in done.cells] == [c.outputs for c in saved.cells]


def test_same_outputs_as_papermills_engine_which_writes_at_every_cell(tmp_path, writes):
    cells = ("print('a')", "from IPython.display import Markdown\nMarkdown('**b**')", "1 + 1")
    ours = run(notebook(*cells), tmp_path / "ours.ipynb", notebook_engine.ENGINE_NAME)
    ours_writes = len(writes)
    theirs = run(notebook(*cells), tmp_path / "theirs.ipynb", None)
    assert ours_writes == 1 and len(writes) - ours_writes > 2 * len(cells)  # papermill: before and after each cell
    assert [c.outputs for c in ours.cells] == [c.outputs for c in theirs.cells]


def test_a_failing_cell_still_leaves_the_notebook_up_to_that_cell(tmp_path, writes):
    with pytest.raises(PapermillExecutionError):
        run(notebook("print('before')", "1 / 0", "print('never')"), tmp_path / "failed.ipynb",
            notebook_engine.ENGINE_NAME)
    saved = nbformat.read(tmp_path / "failed.ipynb", as_version=4)
    code = [c for c in saved.cells if c.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "before\n"
    assert code[1].outputs[0]["ename"] == "ZeroDivisionError"
    assert code[2].outputs == []
    assert writes[0] == 2  # the engine's single write already held the failure
