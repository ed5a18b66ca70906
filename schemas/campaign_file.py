"""A settings file read into a campaign: YAML checked for its shape, validated, each problem said in Vietnamese
with its field's path; the issuers the files name by code."""

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from common.text import FORBIDDEN_CHARACTER, FORBIDDEN_CHARACTER_MESSAGE, size_text, vn_date
from schemas.campaign import CampaignFile, EmulationPlan, ReformPlan
from schemas.directory import HEAD_TITLES, IssuerKind
from schemas.settings_base import FIRST_DAY, LAST_DAY, SHARE_OUT_OF_RANGE

CAMPAIGN_FILE = TypeAdapter(CampaignFile)


class CampaignFileError(ValueError):
    """A settings file that does not validate: each problem with its field path, nothing loaded."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {path or '(tệp)'}: {reason}" for path, reason in problems))


_A_DATE = "Ngày không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2025-12-05."
_A_MAPPING = "Cần các mục con dạng «tên: giá trị»."
# Pydantic's problems in a settings file, said in Vietnamese by their type; {…} from the problem's context.
PROBLEMS = {
    "missing": "Thiếu mục bắt buộc này.",
    "extra_forbidden": "Kế hoạch không có mục này (tên mục viết sai?).",
    "string_type": "Cần một đoạn chữ.",
    "string_pattern_mismatch": "«{input}» không đúng quy định: {pattern}.",
    "int_type": "Cần một số nguyên.",
    "int_parsing": "Cần một số nguyên.",
    "int_from_float": "Cần một số nguyên.",
    "float_type": "Cần một số.",
    "float_parsing": "Cần một số.",
    "bool_type": "Cần true hoặc false.",
    "bool_parsing": "Cần true hoặc false.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "date_type": _A_DATE,
    "date_parsing": _A_DATE,
    "date_from_datetime_parsing": _A_DATE,
    "date_from_datetime_inexact": _A_DATE,
    "literal_error": "Phải là một trong các giá trị: {expected}.",
    "list_type": "Cần một danh sách.",
    "too_short": "Cần ít nhất {min_length} mục, mới có {actual_length}.",
    "too_long": "Nhiều nhất {max_length} mục, tệp có {actual_length}.",
    "finite_number": "Cần một số hữu hạn.",
    "share_out_of_range": SHARE_OUT_OF_RANGE,
    FORBIDDEN_CHARACTER: FORBIDDEN_CHARACTER_MESSAGE,
    "dict_type": _A_MAPPING,
    "model_type": _A_MAPPING,
    "model_attributes_type": _A_MAPPING,
    "union_tag_invalid": "Loại kế hoạch «{tag}» không có; kind phải là một trong: {expected_tags}.",
    "union_tag_not_found": "Thiếu loại kế hoạch: ghi kind: emulation hoặc kind: reform_plan.",
}
# The patterns of the settings' codes, said as a rule.
PATTERNS = {
    r"^[a-z0-9-]+$": "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (-)",
    r"^[a-z0-9_]+$": "chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới (_)",
    r"^\d{1,4}/\d{1,4}$": "một tỉ lệ dạng «2/3»",
}


def problem_in_vietnamese(issue: dict) -> str:
    """One of pydantic's problems said in Vietnamese; a custom validator's message is already Vietnamese, and
    a problem not known here keeps pydantic's English words after a Vietnamese lead."""
    context = {
        name: vn_date(value) if isinstance(value, date) else f"{value:g}" if isinstance(value, float)
        else str(value).replace("' or '", "' hoặc '")
        for name, value in issue.get("ctx", {}).items()
    }
    if issue["type"] == "value_error" and not context["error"].isascii():
        return context["error"]
    if issue["type"] in ("greater_than_equal", "less_than_equal") and isinstance(issue.get("input"), date):
        return f"Ngày phải từ {vn_date(FIRST_DAY)} đến {vn_date(LAST_DAY)}."
    if issue["type"] == "string_pattern_mismatch":
        context |= {"input": issue["input"], "pattern": PATTERNS.get(context["pattern"], f"mẫu {context['pattern']}")}
    if issue["type"] not in PROBLEMS:
        return f"Không hợp lệ ({issue['msg']})."
    return PROBLEMS[issue["type"]].format(**context)


def yaml_problem(error: yaml.YAMLError) -> str:
    """Where the text stops being YAML, in Vietnamese, with PyYAML's own words on what it found."""
    mark = getattr(error, "problem_mark", None)
    where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
    return f"Không phải YAML hợp lệ{where} ({getattr(error, 'problem', None) or error})."


# libyaml's loader when PyYAML has it: a file of 1 MB takes it a tenth of a second, and Python's, seconds.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 20  # a plan nests 7 levels deep: nothing needs more


def _shape_problem(text: str) -> str | None:
    """What no plan needs and an attack does, found in the events before any object is built: an alias (a
    few lines of them stand for billions of items, the "billion laughs") or nesting deeper than MAX_DEPTH."""
    def where(event: yaml.Event) -> str:
        return f"dòng {event.start_mark.line + 1}, cột {event.start_mark.column + 1}"

    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return (
                f"Tệp dùng bí danh YAML (*{event.anchor}) ở {where(event)}: tệp kế hoạch không nhận neo và bí "
                "danh (&, *), hãy viết đầy đủ từng mục."
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return f"Tệp lồng nhau quá {MAX_DEPTH} cấp ở {where(event)}: kế hoạch không có mục nào sâu như vậy."
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def with_issuer(data: object, issuers: Mapping[str, dict]) -> tuple[object, list[tuple[str, str]]]:
    """The file's data with its issuer's record written in for the code it names, and the problems if it
    names none or one not in `issuers` (code → the fields of schemas.campaign.Issuer). A plan that names
    no receiving office of its own sends dossiers to the issuer's."""
    if not isinstance(data, dict) or "issuer" not in data:
        return data, []  # validation says what is missing
    code = data["issuer"]
    if not isinstance(code, str):
        return data, [("issuer", "Ghi mã của cơ quan ban hành (ví dụ: issuer: ke-sat), không ghi chi tiết cơ quan.")]
    if code not in issuers:
        known = ", ".join(sorted(issuers)) or "chưa có cơ quan nào"
        return data, [("issuer", f"Không có cơ quan ban hành mã “{code}” (các mã hiện có: {known}).")]
    record = dict(issuers[code])
    office = record.pop("receiving_office", None)
    data = {**data, "issuer": record}
    if data.get("kind", "emulation") == "emulation" and office and "receiving_office" not in data:
        data["receiving_office"] = office
    return data, []


def parse_campaign(text: str, source: str, issuers: Mapping[str, dict]) -> EmulationPlan | ReformPlan:
    try:
        problem = _shape_problem(text)
        data = None if problem else yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise CampaignFileError(source, [("", yaml_problem(error))]) from None
    except ValueError as error:  # a date PyYAML cannot make, such as 2025-12-32
        raise CampaignFileError(source, [("", f"Có ngày không hợp lệ trong tệp ({error}).")]) from None
    if problem:
        raise CampaignFileError(source, [("", problem)])
    data, problems = with_issuer(data, issuers)
    if problems:
        raise CampaignFileError(source, problems)
    try:
        return CAMPAIGN_FILE.validate_python(data)
    except ValidationError as error:
        problems = [
            (".".join(str(part) for part in issue["loc"]), problem_in_vietnamese(issue)) for issue in error.errors()
        ]
        raise CampaignFileError(source, problems) from None


def read_campaign_file(
    content: bytes, source: str, max_bytes: int, issuers: Mapping[str, dict]
) -> EmulationPlan | ReformPlan:
    """A settings file as uploaded: refused whole when larger than `max_bytes` or not UTF-8 text, before it
    is parsed. Parsing takes a while (a tenth of a second a megabyte): call it off the event loop."""
    if len(content) > max_bytes:
        raise CampaignFileError(source, [("", f"Tệp lớn hơn {size_text(max_bytes)}: tệp kế hoạch không cần lớn như vậy.")])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise CampaignFileError(source, [("", "Tệp không phải văn bản UTF-8.")]) from None
    return parse_campaign(text, source, issuers)


ISSUERS_FILE = Path(__file__).resolve().parent.parent / "issuers.yaml"


def repository_issuers() -> list[dict]:
    """The issuers of the repository's plans (issuers.yaml), as the directory's records hold them."""
    return yaml.load(ISSUERS_FILE.read_text(encoding="utf-8"), Loader=_LOADER)


def issuer_settings(record: Mapping) -> dict:
    """What a campaign keeps of an issuer's record (db.models.Issuer's fields): schemas.campaign.Issuer's, and
    the receiving office. The superior is kept only where the issuer prints it."""
    return {
        "code": record["code"],
        "name": record["name"],
        "level": record["kind"],
        "place": record["place"],
        "superior": record.get("superior") if record.get("print_superior", True) else None,
        "body_code": record.get("symbol", "UBND"),
        "head_title": record.get("head_title") or HEAD_TITLES[IssuerKind(record["kind"])],
        "recipients": list(record.get("recipients") or []),
        "receiving_office": record["receiving_office"],
    }


def repository_issuer_settings() -> dict[str, dict]:
    """The repository's issuers as settings files name them: code → what a campaign keeps of each."""
    return {record["code"]: issuer_settings(record) for record in repository_issuers()}


def load_campaign(path: Path) -> EmulationPlan | ReformPlan:
    """A settings file of the repository (campaigns/), with the repository's issuers: for the demo data and tests."""
    path = Path(path)
    return parse_campaign(path.read_text(encoding="utf-8"), path.name, repository_issuer_settings())
