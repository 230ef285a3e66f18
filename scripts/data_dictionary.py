"""Write the column tables of ``data/README.md`` from ``data/datapackage.json`` (or check them).

``data/datapackage.json`` (a Frictionless Data Package) is the one machine-readable data dictionary;
the README shows each table's columns, types, allowed values and meaning between the markers
``<!-- datapackage: NAME -->`` and ``<!-- /datapackage -->``, generated from it, so the two cannot
drift apart. Prose outside the markers is the README's own.

    python scripts/data_dictionary.py           # rewrite the generated parts of data/README.md
    python scripts/data_dictionary.py --check   # exit 1 (naming the table) if they are out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "data" / "datapackage.json"
README = ROOT / "data" / "README.md"
BLOCK = re.compile(r"(<!-- datapackage: (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- /datapackage -->)", re.DOTALL)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rules(field: dict) -> str:
    """A field's constraints in words: allowed values, required, unique, bounds, pattern."""
    constraints = field.get("constraints", {})
    parts = []
    if "enum" in constraints:
        parts.append(", ".join(f"`{value}`" for value in constraints["enum"])
                     + ("" if constraints.get("required") else ", or empty"))
    if "minimum" in constraints or "maximum" in constraints:
        low, high = constraints.get("minimum"), constraints.get("maximum")
        parts.append(f"{low} to {high}" if low is not None and high is not None
                     else f">= {low}" if low is not None else f"<= {high}")
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if constraints.get("unique"):
        parts.append("unique")
    if constraints.get("required") and "enum" not in constraints:
        parts.append("required")
    elif not constraints.get("required") and "enum" not in constraints:
        parts.append("may be empty")
    return "; ".join(parts)


def table(resource: dict) -> str:
    """The Markdown table of one resource: column, type, allowed values, meaning; then its keys."""
    schema = resource["schema"]
    lines = [f"{resource['description']}", "",
             "| column | type | allowed | meaning |", "|---|---|---|---|"]
    for field in schema["fields"]:
        lines.append(f"| `{field['name']}` | {field['type']} | {_cell(_rules(field))} | {_cell(field['description'])} |")
    keys = [f"primary key: {' + '.join(f'`{name}`' for name in schema['primaryKey'])}"]
    for key in schema.get("foreignKeys", []):
        reference = key["reference"]
        keys.append(f"`{', '.join(key['fields'])}` refers to `{reference['resource']}.{', '.join(reference['fields'])}`")
    lines += ["", "Keys: " + "; ".join(keys) + "."]
    return "\n".join(lines) + "\n"


def generated(readme: str, package: dict) -> str:
    """``readme`` with every generated block rewritten from ``package``; unknown names raise KeyError."""
    resources = {resource["name"]: resource for resource in package["resources"]}

    def replace(match: re.Match) -> str:
        name = match.group("name")
        if name not in resources:
            raise KeyError(f"data/README.md names table {name!r}, which datapackage.json does not list; "
                           f"allowed: {', '.join(resources)}")
        return match.group(1) + table(resources[name]) + match.group(4)

    return BLOCK.sub(replace, readme)


def blocks(readme: str) -> list[str]:
    """The table names of the generated blocks, in README order."""
    return [match.group("name") for match in BLOCK.finditer(readme)]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the README's generated tables, or with ``--check`` report which are out of date."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a table is out of date")
    args = parser.parse_args(argv)
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    current = README.read_text(encoding="utf-8")
    wanted = generated(current, package)
    if args.check:
        stale = [name for name, old, new in zip(blocks(current), BLOCK.findall(current), BLOCK.findall(wanted))
                 if old != new]
        if stale:
            print(f"data/README.md: the tables of {', '.join(stale)} differ from data/datapackage.json; "
                  "run `python scripts/data_dictionary.py`", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
