"""Every parameter set a user may write in reports.yml passes the tests over the reports (issue 17, kind 12).

Two tests broke on a set the README invites (``en_exclude: {lang: en, dont_know: exclude}``): one
required the shipped reports.yml to draw no "not passed" line (07_multiverse takes no ``dont_know``),
the other compared a report's recorded parameters with the whole set. Both now compare with what
the runner does for any set: a parameter goes only to the notebooks that declare it, and each one a
notebook does not declare is named once per set (tests/build/test_runner.py ``expected_not_passed``,
tests/reports/test_reports.py ``passed_parameters``).

Here those two functions are fed generated sets, over the real notebooks, without rendering them:
each allowed value of each parameter of :mod:`helpers.core.params` alone, the README's example, and
combinations drawn by hypothesis; each set is written into a copy of the shipped reports.yml as a
user writes YAML. One end-to-end render of an extra set on the smallest fixture project (two
one-cell notebooks) checks the same two functions against what the real runner writes and prints.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from helpers.build import runner
from helpers.build.cli import EXIT_OK, build_parser, declared_parameters, find_notebooks, load_config
from helpers.build.plan import make_plan
from helpers.core import params, paths
from test_reports import passed_parameters
from test_runner import arguments, expected_not_passed, not_passed, origins, plain_and_charts

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "reports.yml"
NUMBERS = {"confidence": (0.51, 0.8, 0.9, 0.95, 0.99, 0.999), "deff": (1.0, 1.5, 2, 10.0)}


def allowed(name: str) -> tuple:
    """The values of a parameter a user may write: every choice, or numbers across the allowed range."""
    if name in NUMBERS:
        return NUMBERS[name]
    if name == "interval_charts":
        return (True, False)
    return tuple(params.allowed_values(name).split(", "))


VALUES = {name: allowed(name) for name in params.DEFAULTS}
SINGLES = [{name: value} for name, values in VALUES.items() for value in values]
README_EXAMPLE = {"lang": "en", "dont_know": "exclude"}  # docs/runner.md: en_exclude
DECLARED = {path.stem: declared_parameters(path) for path in find_notebooks(paths.NOTEBOOKS_DIR, [])}


def yaml_value(value) -> str:
    """A value as a user writes it in YAML (true, 0.9, exclude)."""
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def config_with(tmp: Path, set_name: str, values: dict) -> Path:
    """The shipped reports.yml with one more set, in flow style: ``  name: {lang: en, dont_know: exclude}``."""
    written = ", ".join(f"{name}: {yaml_value(value)}" for name, value in values.items())
    path = tmp / f"reports-{len(list(tmp.glob('reports-*.yml')))}.yml"
    path.write_text(SHIPPED.read_text(encoding="utf-8").rstrip() + f"\n  {set_name}: {{{written}}}\n", encoding="utf-8")
    return path


def check_set(tmp: Path, set_name: str, values: dict) -> None:
    """The two reports tests' logic holds for the shipped sets plus this one, as the runner plans them."""
    path = config_with(tmp, set_name, values)
    config = load_config(path)
    assert config[set_name] == values, (config[set_name], values)  # YAML reads back what was meant
    plan = make_plan(build_parser().parse_args(["--config", str(path), "--out", str(tmp / "out")]))  # no UsageError
    assert {job.name for job in plan.jobs} == {f"{name}/{stem}" for name in config for stem in DECLARED}
    # tests/reports/test_reports.py: each report records the set's values its notebook declares
    for job in plan.jobs:
        assert job.parameters == passed_parameters(config[job.set_name], list(DECLARED[job.notebook.stem])), job.name
    # tests/build/test_runner.py: the 'not passed' lines are exactly one per set, notebook and undeclared name
    assert origins(not_passed(plan.ignored)) == expected_not_passed(config, DECLARED, path.name)
    # every set validates as the notebooks validate it (tests/display/test_charts.py renders with it)
    params.validate(**config[set_name])


def test_the_generated_values_are_every_allowed_value(survey):
    assert set(VALUES) == set(params.DEFAULTS)
    assert set(VALUES["n_scenario"]) == set(survey.scenarios) and set(VALUES["ci_method"]) == set(params.CI_METHODS)
    for name, values in VALUES.items():
        for value in values:
            assert params.check(name, value) == value, (name, value)


@pytest.mark.parametrize("values", [README_EXAMPLE, *SINGLES],
                         ids=lambda values: ",".join(f"{name}={value}" for name, value in values.items()))
def test_a_set_of_each_allowed_value_passes_the_reports_tests(tmp_path, values):
    name = "en_exclude" if values is README_EXAMPLE else "extra"
    while name in load_config(SHIPPED):  # a user may have added it already: then one more beside it
        name += "_2"
    check_set(tmp_path, name, values)


SETS = st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=len(VALUES)).flatmap(
    lambda names: st.fixed_dictionaries({name: st.sampled_from(VALUES[name]) for name in names}))
# a set's name as the runner allows it (letters, digits, '_', '-'), read by YAML as text (not 1_0, no or null)
SET_NAMES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,11}", fullmatch=True).filter(
    lambda name: name not in {"interactive", *load_config(SHIPPED)} and
    isinstance(next(iter(yaml.safe_load(f"{name}: 1"))), str))


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(set_name=SET_NAMES, values=SETS)
def test_any_combination_of_allowed_values_passes_the_reports_tests(tmp_path, set_name, values):
    check_set(tmp_path, set_name, values)


# ---------------------------------------------------------------- one end-to-end render of an extra set


@pytest.mark.kernel
def test_an_extra_set_renders_and_its_reports_pass_the_reports_tests(tmp_path, capsys):
    """Through the real runner, on the smallest fixture (01_plain declares lang and confidence, 02_charts
    also interval_charts): the set the user added gives interval_charts, which 01_plain does not take.
    The run succeeds; each report records exactly passed_parameters(set, declared); the summary's
    'not passed' lines are exactly expected_not_passed."""
    notebooks, config, out = plain_and_charts(tmp_path)
    config.write_text("sets:\n  nl:\n    lang: nl\n  en_charts: {lang: en, interval_charts: true}\n", encoding="utf-8")
    assert runner.main(arguments(notebooks, config, out)) == EXIT_OK
    console = capsys.readouterr().out.splitlines()
    sets = load_config(config)
    declared = {path.stem: declared_parameters(path) for path in find_notebooks(notebooks, [])}
    lines = [line for line in console if line.startswith("not passed")]
    assert origins(not_passed(lines)) == expected_not_passed(sets, declared, config.name) != {}, console
    for set_name, values in sets.items():
        for stem, names in declared.items():
            executed = nbformat.read(out / set_name / f"{stem}.ipynb", as_version=4)
            assert executed.metadata.papermill.parameters == passed_parameters(values, list(names)), (set_name, stem)
            printed = executed.cells[-1].outputs[0].text.split()
            assert printed[-1] == values.get("lang", "nl")  # the set's language reached the kernel
