"""What the dossier workflow and its parts share: timeouts, patch names, the nominees in play at each step, the
names of verdicts and steps."""

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.dossier_actions import NomineeStatus

SAVE_TIMEOUT = timedelta(seconds=30)
SAME_CONTENT = "same-content-once"  # the patch of the retries told apart by their content
# The patch of a dossier that reads its rules from the campaign once it is saved (a deadline an event's date set,
# a new version of the settings), as it does each time the campaign tells it they changed.
RULES_FROM_CAMPAIGN = "dossier-rules-from-campaign"
# A submission over the unit's quotas (schemas/quotas.py), refused by its save.
QUOTA_REFUSALS = {"UNIT_QUOTA_EXCEEDED", "UNIT_QUOTA_MINIMUM"}
PROPOSED_WITHOUT_MEETING = "Đơn vị đề nghị (kế hoạch không yêu cầu họp bình xét)."
MINUTES_DOCUMENT = "bien_ban_hop"  # the kind of the minutes' document in the plans (docs/campaign-settings.md)
# Nominees still competing at each step: the others keep their status and reasons but take no part.
IN_APPRAISAL = {NomineeStatus.selected, NomineeStatus.passed, NomineeStatus.failed}
OUT = {NomineeStatus.not_selected, NomineeStatus.failed, NomineeStatus.not_approved, NomineeStatus.disqualified}
VERDICT_NAMES = {"pass": "đạt", "warn": "có cảnh báo", "block": "không đủ điều kiện", "suspend": "tạm dừng xét"}
# The matches the service made from the registry, as a refusal names them.
LINK_NAMES = {"id_number": "khớp số CCCD", "name_and_birth_date": "khớp họ tên và ngày sinh"}
STEP_NAMES = {
    "submit": "Khi nộp hồ sơ (cảnh báo)",
    "appraisal": "Khi thẩm định",
    "council": "Khi họp Hội đồng",
    "signing": "Trước khi ký quyết định",
}
