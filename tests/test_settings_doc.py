"""docs/campaign-settings.md documents every campaign setting, with the default the code has.

Format of the reference: each model has a section whose heading starts with the class name in code type
(``### `Deadlines` ``); each field is a table row `` | `field` | type | default | meaning | `` in it, where
the default is "required" or a Python literal (or `Model()` for a nested model's own defaults).
"""

import ast
import re
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from schemas.campaign import Bonus, CouncilRule, EmulationPlan, ReformPlan
from schemas.deadlines import Deadlines

DOC = Path(__file__).resolve().parent.parent / "docs" / "campaign-settings.md"
HEADING = re.compile(r"^#{1,6}\s")
MODEL_HEADING = re.compile(r"^#{2,6} `(\w+)`(?:\s.*)?$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def reachable_models(*roots: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every pydantic model reachable from the roots through their fields' annotations."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        for arg in typing.get_args(annotation):  # list, dict, Union / X | Y, Annotated, Literal
            if isinstance(arg, type | types.GenericAlias | types.UnionType) or typing.get_origin(arg) is not None:
                visit(arg)

    for root in roots:
        visit(root)
    return found


MODELS = reachable_models(EmulationPlan, ReformPlan)


def doc_lines() -> list[str]:
    """The reference's lines outside fenced code blocks (where "#" starts a comment, not a heading)."""
    lines, fenced = [], False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def sections() -> dict[str, list[str]]:
    """Model name -> the lines of its section, up to the next heading of any level."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc_lines():
        if HEADING.match(line):
            match = MODEL_HEADING.match(line)
            current = None
            if match:
                assert match.group(1) not in found, f"two sections for {match.group(1)}"
                current = found[match.group(1)] = []
            continue
        if current is not None:
            current.append(line)
    return found


def field_rows(lines: list[str]) -> dict[str, list[str]]:
    """Field name -> the cells of its table row (type, default, meaning)."""
    rows: dict[str, list[str]] = {}
    for line in lines:
        match = re.match(r"^\| `(\w+)` \|", line)
        if match:
            cells = [cell.strip() for cell in CELL_SPLIT.split(line.strip().strip("|"))]
            assert len(cells) == 4, f"a row needs 4 cells: {line}"
            assert match.group(1) not in rows, f"field {match.group(1)} documented twice"
            rows[match.group(1)] = cells[1:]
    return rows


SECTIONS = sections()


def documented_default(model: type[BaseModel], name: str) -> str:
    return field_rows(SECTIONS[model.__name__])[name][1]


def parse_default(cell: str):
    """The value a default cell shows: a literal in code type, or `Model()`."""
    match = re.fullmatch(r"`(.+)`", cell)
    assert match, f"a default is `required` or a literal in code type, not {cell!r}"
    text = match.group(1)
    model = re.fullmatch(r"(\w+)\(\)", text)
    if model:
        return MODELS[model.group(1)]()
    return ast.literal_eval(text)


def test_the_walk_finds_the_nested_models():
    assert {
        "EmulationPlan", "Issuer", "Plan", "Period", "SubjectKind", "SubjectStandards", "StandardGroup", "Standard",
        "Eligibility", "AwardForm", "Quota", "HigherAward", "RequiredDocument", "Deadlines", "AppraisalDeadline",
        "EventDeadline", "MeetingRule", "CouncilRule", "Signer", "Bonus",
        "ReformPlan", "Target", "ReformTask", "ReportSchedule",
    } <= set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_has_a_section(name: str):
    assert name in SECTIONS, f"docs/campaign-settings.md has no section headed `{name}`"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_field_has_a_row_in_its_section(name: str):
    rows = field_rows(SECTIONS.get(name, []))
    fields = MODELS[name].model_fields
    missing = [field for field in fields if field not in rows]
    assert not missing, f"{name}: no row `| `field` |` for {missing}"
    unknown = [field for field in rows if field not in fields]
    assert not unknown, f"{name}: rows for fields the code does not have: {unknown}"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_documented_default_is_the_code_default(name: str):
    model = MODELS[name]
    for field_name, info in model.model_fields.items():
        cell = documented_default(model, field_name)
        if info.default is PydanticUndefined and info.default_factory is None:
            assert cell == "required", f"{name}.{field_name} has no default, the doc says {cell}"
            continue
        code_default = info.get_default(call_default_factory=True)
        assert cell != "required", f"{name}.{field_name} has the default {code_default!r}"
        assert parse_default(cell) == code_default, f"{name}.{field_name}: doc {cell}, code {code_default!r}"


KEY_SETTINGS = [
    (Deadlines, "reminder_days_before"),
    (Deadlines, "supplement_working_days"),
    (Deadlines, "appraisal_working_days"),
    (Deadlines, "submit_before"),
    (CouncilRule, "quorum"),
    (CouncilRule, "threshold"),
    (CouncilRule, "threshold_inclusive"),
    (CouncilRule, "denominator"),
    (Bonus, "base_salary_vnd"),
    (Bonus, "rounding_vnd"),
    (EmulationPlan, "recurrence"),
]


@pytest.mark.parametrize(("model", "field_name"), KEY_SETTINGS, ids=lambda v: getattr(v, "__name__", v))
def test_key_defaults_match_the_code(model: type[BaseModel], field_name: str):
    code_default = model.model_fields[field_name].get_default(call_default_factory=True)
    assert code_default is not PydanticUndefined, f"{model.__name__}.{field_name} lost its default"
    shown = parse_default(documented_default(model, field_name))
    assert shown == code_default
    assert type(shown) is type(code_default)


def test_key_defaults_as_documented():
    """The figures the domain notes rely on, read from the classes and from the doc."""
    defaults = Deadlines()
    assert parse_default(documented_default(Deadlines, "reminder_days_before")) == defaults.reminder_days_before
    assert parse_default(documented_default(Deadlines, "supplement_working_days")) == defaults.supplement_working_days
    assert parse_default(documented_default(Deadlines, "appraisal_working_days")) == defaults.appraisal_working_days
    assert parse_default(documented_default(CouncilRule, "quorum")) == CouncilRule().quorum
    assert parse_default(documented_default(Bonus, "base_salary_vnd")) == Bonus().base_salary_vnd
    # The worked example of the bonus section follows the default base salary and multiples.
    text = DOC.read_text(encoding="utf-8")
    amount = Bonus().amount(0.15)
    assert f"{amount:,}".replace(",", ".") + " đồng" in text


def verified_fields() -> list[tuple[str, str]]:
    """(class, field) for each setting whose comment in the code says "verify"."""
    source = (Path(__file__).resolve().parent.parent / "schemas" / "campaign.py").read_text(encoding="utf-8")
    marked, current, pending = [], None, False
    for line in source.splitlines():
        if match := re.match(r"^class (\w+)", line):
            current, pending = match.group(1), False
            continue
        code, _, comment = line.partition("#")
        field = re.match(r"^\s+(\w+)\s*:", code)
        if "verify" in comment.lower():
            pending = True
        if field and pending and current in MODELS:
            marked.append((current, field.group(1)))
            pending = False
    return marked


def test_verify_marks_are_documented():
    """A value the code marks "verify" is marked so in its row of the reference."""
    marked = verified_fields()
    assert ("AwardForm", "bonus_multiple") in marked and ("Bonus", "rounding_vnd") in marked
    for model, field_name in marked:
        meaning = field_rows(SECTIONS[model])[field_name][2]
        assert "**Verify**" in meaning, f"{model}.{field_name} is marked verify in the code, not in the doc"
