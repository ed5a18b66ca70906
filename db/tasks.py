"""What waits for a user ("Việc cần làm"): one function per role family, each a list of groups of tasks, every
task with the page (and place on it) to act on and, where there is one, its deadline and the days left.

Read from the database only: the read model the workflows save (dossier, campaignrun, their histories), the
registrations, the reform reports, the outbox; never Temporal. The caller scopes by issuer as every page does
(web/scope.py): it passes the user's issuer's campaigns, and the queries that take an issuer are given the
user's. The deadlines are those the rest of the service uses, not computed again here: the appraisal queue's
due dates (db/queries.py appraisal_queue, working days of the plan), a supplement's due date, the submission
deadline or the unit's extension as the campaign run holds them (as mail/reminders.py reads them), the
registration's (db/registrations.py deadline_of), each step's last day as the campaign workflow resolved it
(CampaignState.due), a reform report's due day (schemas/reform.py report_periods).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from common.text import vn_date
from common.workdays import WorkCalendar
from db import models, queries, registrations
from db.one_off import proposer_of
from db.reform import find_report
from mail.reminders import working_days_between
from schemas.campaign import EmulationPlan, ReformPlan
from schemas.council import BEFORE_SESSION, CampaignState, Phase
from schemas.deadlines import STEP_NAMES, STEPS
from schemas.dossier_actions import STAGE_NAMES, Role, Stage
from schemas.reform import report_periods

PREPARING = (Stage.draft.value, Stage.minutes_recorded.value)


@dataclass
class Due:
    """A deadline as a clerk reads it: "trước ngày 05/12/2026" (`before`: that day is already late) or "hạn
    19/12/2026" (the last day itself), and the days from today to the last day, in working days where the plan
    counts them so (`working`)."""

    day: date
    today: date
    calendar: WorkCalendar
    before: bool = False
    working: bool = False

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.day.toordinal() - 1) if self.before else self.day

    @property
    def overdue(self) -> bool:
        return self.today > self.last_day

    def _days(self, start: date, end: date) -> int:
        return working_days_between(self.calendar, start, end) if self.working else (end - start).days

    @property
    def deadline_text(self) -> str:
        return f"trước ngày {vn_date(self.day)}" if self.before else f"hạn {vn_date(self.day)}"

    @property
    def days_text(self) -> str:
        """"còn 3 ngày", "còn 2 ngày làm việc", "hôm nay là ngày cuối", "quá hạn 4 ngày"."""
        unit = "ngày làm việc" if self.working else "ngày"
        if self.overdue:
            return f"quá hạn {max(self._days(self.last_day, self.today), 1)} {unit}"
        left = self._days(self.today, self.last_day)
        return f"còn {left} {unit}" if left > 0 else "hôm nay là ngày cuối"


@dataclass
class Task:
    title: str
    link: str  # the page to act on, with its anchor where it has one
    detail: str | None = None
    due: Due | None = None
    count: int = 1  # what the task counts for in its group (a campaign's units not registered: each one)


@dataclass
class Group:
    key: str  # the anchor of the group on the page: "ho-so-can-nop"
    name: str
    tasks: list[Task] = field(default_factory=list)
    empty: str = "Không có."

    @property
    def count(self) -> int:
        return sum(task.count for task in self.tasks)

    @property
    def overdue(self) -> int:
        return sum(1 for task in self.tasks if task.due and task.due.overdue)


@dataclass
class Family:
    name: str  # "Thủ trưởng đơn vị"
    groups: list[Group]

    def __post_init__(self) -> None:  # the nearest deadline first, those without one last
        for group in self.groups:
            group.tasks.sort(key=lambda task: (task.due is None, task.due.last_day if task.due else date.max))


@dataclass
class Context:
    """What every family reads: the session, today in Vietnam, the working calendar, the user's issuer's
    campaigns (web/scope.py visible_campaigns) and the state of each one's run."""

    session: Session
    today: date
    calendar: WorkCalendar
    campaigns: list[models.Campaign]

    def __post_init__(self) -> None:
        self.states: dict[str, CampaignState] = {}
        for campaign in self.campaigns:
            run = self.session.get(models.CampaignRun, campaign.code) if campaign.kind == "emulation" else None
            if run is not None:
                self.states[campaign.code] = CampaignState.model_validate(run.state)

    def due(self, day: date | None, before: bool = False, working: bool = False) -> Due | None:
        return day and Due(day, self.today, self.calendar, before, working)

    def emulation(self) -> list[tuple[models.Campaign, EmulationPlan, CampaignState]]:
        """The emulation campaigns whose workflow has saved its start, with their plan and state."""
        return [
            (campaign, EmulationPlan.model_validate(campaign.settings), self.states[campaign.code])
            for campaign in self.campaigns
            if campaign.code in self.states
        ]

    def step_due(self, plan: EmulationPlan, state: CampaignState, step: str) -> Due | None:
        """A step's last day as the workflow resolved it, counted as the plan counts it."""
        rule = plan.deadlines.rule(step)
        return self.due(state.due.get(step), working=bool(rule and rule.event and rule.count == "working"))


def _dossiers(ctx: Context, *conditions) -> list[models.Dossier]:
    codes = [campaign.code for campaign in ctx.campaigns]
    query = select(models.Dossier).where(col(models.Dossier.campaign_code).in_(codes), *conditions)
    return list(ctx.session.exec(query.order_by(models.Dossier.campaign_code, models.Dossier.id)))


# --- the unit's head ------------------------------------------------------------------------------


def unit_deadline(state: CampaignState, unit_id: int) -> date | None:
    """The unit's submission deadline ("trước ngày"): its extension, or the plan's when an event's date moved
    that past the extension (as mail/reminders.py reminds of it)."""
    extension = state.extensions.get(unit_id)
    if extension is None:
        return state.submit_before
    if state.submit_before and state.submit_before > extension.until:
        return state.submit_before
    return extension.until


def unit_tasks(ctx: Context, unit: models.Unit) -> Family:
    submit = Group("ho-so-can-nop", "Hồ sơ cần nộp", empty="Không có hồ sơ nào đang chờ nộp.")
    supplement = Group("ho-so-can-bo-sung", "Hồ sơ cần bổ sung", empty="Không có hồ sơ nào phải bổ sung.")
    register = Group("dang-ky-thi-dua", "Chưa đăng ký thi đua", empty="Đơn vị đã đăng ký ở mọi đợt có yêu cầu.")
    reports = Group("bao-cao-den-han", "Báo cáo đến hạn", empty="Không có báo cáo nào đến hạn.")
    ours = {d.id: d for d in _dossiers(ctx, models.Dossier.unit_id == unit.id)}
    for campaign, plan, state in ctx.emulation():
        deadline = unit_deadline(state, unit.id)
        due = ctx.due(deadline, before=True)
        still_open = state.phase == Phase.open or (unit.id in state.extensions and due is not None and not due.overdue)
        if still_open:
            drafts = [d for d in ours.values() if d.campaign_code == campaign.code and d.stage in PREPARING]
            for dossier in drafts:
                submit.tasks.append(Task(dossier.title, f"/unit/dossiers/{dossier.id}",
                                         f"{campaign.title} · {STAGE_NAMES[Stage(dossier.stage)]}", due))
            kinds = [kind.code for kind in plan.subject_kinds if kind.group == "collective"]
            started = any(d.campaign_code == campaign.code and d.stage not in (Stage.withdrawn, Stage.lapsed)
                          for d in ours.values())
            proposer = proposer_of(campaign.code)  # a one-off award waits on its proposing unit only
            if not started and (unit.id == proposer if proposer else not kinds or unit.kind in kinds):
                submit.tasks.append(Task(f"Chưa lập hồ sơ: {campaign.title}", "/unit",
                                         "Lập hồ sơ ở trang «Hồ sơ của đơn vị», nếu đơn vị có đề nghị khen thưởng.", due))
        register.tasks += _unit_registration(ctx, campaign, plan, unit)
    for dossier in ours.values():
        if dossier.stage == Stage.supplement_requested:
            items = "; ".join(dossier.supplement_items or [])
            supplement.tasks.append(Task(dossier.title, f"/unit/dossiers/{dossier.id}",
                                         f"Cần bổ sung: {items}" if items else None, ctx.due(dossier.supplement_due)))
    reports.tasks += _reform_reports(ctx, unit)
    groups = [submit, supplement, register] + ([reports] if _reform_plans(ctx) else [])
    return Family("Thủ trưởng đơn vị", groups)


def _unit_registration(ctx: Context, campaign: models.Campaign, plan: EmulationPlan, unit: models.Unit) -> list[Task]:
    if not plan.registration.asked or unit.id not in {u.id for u in registrations.expected_units(ctx.session, campaign, plan)}:
        return []
    if registrations.registrations(ctx.session, campaign.code, unit.id):
        return []
    required = " (bắt buộc để được đề nghị khen thưởng)" if plan.registration.mode == "required" else ""
    due = ctx.due(registrations.deadline_of(ctx.session, campaign, plan), before=True)
    return [Task(campaign.title, f"/unit/registration/{campaign.code}", f"Đơn vị chưa đăng ký thi đua{required}.", due)]


def _reform_plans(ctx: Context) -> list[tuple[models.Campaign, ReformPlan]]:
    return [(c, ReformPlan.model_validate(c.settings)) for c in ctx.campaigns if c.kind == "reform_plan"]


def _reform_reports(ctx: Context, unit: models.Unit) -> list[Task]:
    """The reports of the issuer's reform plans the unit has not sent, of the periods already open."""
    tasks = []
    for campaign, plan in _reform_plans(ctx):
        for period in report_periods(plan):
            if period.opens_on > ctx.today or find_report(ctx.session, campaign.code, unit.id, period.code):
                continue
            # No page to send it yet: the API (POST /api/reform-reports) takes it; the link is the plan's list.
            tasks.append(Task(period.name, "/unit", f"{campaign.title} · gửi báo cáo cho cơ quan thường trực",
                              ctx.due(period.due_before, before=True)))
    return tasks


# --- the appraising office ------------------------------------------------------------------------


def office_tasks(ctx: Context, issuer_id: int | None) -> Family:
    take_in = Group("cho-tiep-nhan", "Hồ sơ chờ tiếp nhận thẩm định", empty="Không có hồ sơ mới nộp.")
    appraising = Group("dang-tham-dinh", "Hồ sơ đang thẩm định", empty="Không có hồ sơ đang thẩm định.")
    supplemented = Group("da-bo-sung", "Hồ sơ đã bổ sung, chờ xem lại", empty="Không có hồ sơ mới bổ sung.")
    register = Group("don-vi-chua-dang-ky", "Đơn vị chưa đăng ký thi đua", empty="Không có đơn vị nào còn thiếu.")
    codes = {campaign.code: campaign for campaign in ctx.campaigns}
    for entry in queries.appraisal_queue(ctx.session, ctx.calendar, ctx.today, issuer_id):
        dossier = entry.dossier
        if dossier.campaign_code not in codes or dossier.stage == Stage.supplement_requested:
            continue  # another issuer's (the super-admin's view is not here); waiting on the unit, not the office
        received = f"nhận ngày {vn_date(entry.received_on)}" if entry.received_on else None
        detail = " · ".join(part for part in (dossier.unit_name, codes[dossier.campaign_code].title, received) if part)
        task = Task(dossier.title, f"/appraisal/dossiers/{dossier.id}", detail, ctx.due(entry.due, working=True))
        if dossier.stage == Stage.submitted:
            take_in.tasks.append(task)
        elif _supplemented_last(ctx.session, dossier.id):
            supplemented.tasks.append(task)
        else:
            appraising.tasks.append(task)
    for campaign, plan, _state in ctx.emulation():
        if not plan.registration.asked:
            continue
        overview = registrations.overview(ctx.session, campaign)
        missing = overview.not_registered
        if missing:
            expected = len(missing) + len(overview.registered)
            names = ", ".join(unit.name for unit in missing[:10]) + (", …" if len(missing) > 10 else "")
            due = ctx.due(registrations.deadline_of(ctx.session, campaign, plan), before=True)
            register.tasks.append(Task(campaign.title, f"/appraisal/registration/{campaign.code}",
                                       f"{len(missing)}/{expected} đơn vị chưa đăng ký: {names}", due, len(missing)))
    return Family("Thẩm định hồ sơ", [take_in, appraising, supplemented, register])


def _supplemented_last(session: Session, dossier_id: str) -> bool:
    """Whether the dossier's latest step of its appraisal is the unit's supplement (nothing appraised since)."""
    last = session.exec(
        select(models.HistoryEntry.action)
        .where(
            models.HistoryEntry.dossier_id == dossier_id,
            col(models.HistoryEntry.action).in_(["supplement", "request_supplement", "start_appraisal", "appraise"]),
        )
        .order_by(col(models.HistoryEntry.seq).desc())
    ).first()
    return last == "supplement"


# --- the council ----------------------------------------------------------------------------------


def council_tasks(ctx: Context, user: models.User) -> Family:
    secretary, member = user.holds(Role.council_secretary), user.holds(Role.council_member)
    to_open = Group("phien-can-khai-mac", "Phiên họp cần khai mạc", empty="Không có phiên họp nào chờ khai mạc.")
    sitting = Group("phien-dang-hop", "Phiên họp đang diễn ra", empty="Không có phiên họp nào đang diễn ra.")
    called = Group("lich-hop", "Phiên họp đã triệu tập", empty="Chưa có giấy triệu tập nào.")
    ballots = Group("phieu-can-bo", "Phiếu cần bỏ", empty="Bạn không còn phiếu nào phải bỏ.")
    ties = Group("bang-phieu", "Bằng phiếu chờ xử lý", empty="Không có trường hợp bằng phiếu nào.")
    for campaign, plan, state in ctx.emulation():
        link = f"/council/{campaign.code}"
        if state.phase in BEFORE_SESSION:
            call = state.call
            when = f"triệu tập họp ngày {vn_date(call.session_date)}" if call else "chưa gửi giấy triệu tập"
            candidates = len(queries.council_candidates(ctx.session, campaign.code))
            if secretary and (candidates or call):
                open_note = "; chưa hết hạn nộp hồ sơ" if state.phase == Phase.open else ""
                to_open.tasks.append(Task(campaign.title, link, f"{candidates} người trình Hội đồng; {when}{open_note}",
                                          ctx.step_due(plan, state, "council")))
            if member and call:
                called.tasks.append(Task(campaign.title, link, _call_text(call), ctx.due(call.session_date)))
            continue
        s = state.session
        if state.phase != Phase.in_session or s is None:
            continue
        voted = len(s.ballots) + len(s.written_opinions)
        if secretary:
            sitting.tasks.append(Task(campaign.title, link, f"Khai mạc ngày {vn_date(s.session_date)}; "
                                      f"{voted}/{len(s.members)} thành viên đã có phiếu; chốt kết quả khi đủ."))
        tie = s.open_tie()
        present = user.id in s.present
        if member and present and user.id not in s.ballots and not s.ties:
            ballots.tasks.append(Task(campaign.title, link, f"Phiếu biểu quyết: {len(s.candidates)} người trình Hội đồng"))
        if tie is not None:
            group = "tập thể" if tie.group == "collective" else "cá nhân"
            if member and present and not tie.by_chair and user.id not in tie.ballots:
                ballots.tasks.append(Task(campaign.title, link, f"Bỏ phiếu lại vòng {tie.number} giữa {len(tie.refs)} "
                                          f"{group} bằng phiếu, chọn nhiều nhất {tie.places}"))
            waiting = [m for m in s.members if m.user_id in s.present and m.user_id not in tie.ballots]
            if tie.by_chair:
                state_text = "chờ Chủ tịch Hội đồng quyết định" if tie.chosen is None else "Chủ tịch Hội đồng đã quyết định: chốt kết quả"
            else:
                state_text = f"chờ {len(waiting)} thành viên bỏ phiếu lại" if waiting else "đủ phiếu bỏ lại: chốt kết quả"
            ties.tasks.append(Task(campaign.title, link, f"{len(tie.refs)} {group} bằng phiếu ở ranh giới chỉ tiêu "
                                   f"({tie.places} suất): {state_text}"))
    groups = ([to_open, sitting] if secretary else []) + ([called, ballots] if member else []) + [ties]
    return Family("Hội đồng Thi đua - Khen thưởng", groups)


def _call_text(call) -> str:
    parts = [f"Ngày {vn_date(call.session_date)}", call.session_time, call.location]
    return ", ".join(part for part in parts if part)


# --- the Chairman, his deputy, communications -----------------------------------------------------


SIGNER_NOTES = {
    Role.deputy_chairman: "kế hoạch ghi Phó Chủ tịch ký thay (KT. CHỦ TỊCH)",
    Role.chairman: "kế hoạch ghi Chủ tịch ký",
}


def signer_role(plan: EmulationPlan) -> Role:
    """The one the plan says signs: the head, or the deputy who signs "KT." for him (as mail/reminders.py)."""
    return Role.deputy_chairman if plan.signer.sign_as == "KT" else Role.chairman


def chairman_tasks(ctx: Context, user: models.User) -> Family:
    sign = Group("quyet-dinh-cho-ky", "Quyết định chờ ký", empty="Không có quyết định nào chờ ký.")
    ties = Group("bang-phieu-cho-chu-tich", "Bằng phiếu chờ Chủ tịch quyết định", empty="Không có.")
    for campaign, plan, state in ctx.emulation():
        if state.phase == Phase.decided and state.decision is not None:
            decision = state.decision
            note = "" if user.holds(signer_role(plan)) else f" · {SIGNER_NOTES[signer_role(plan)]}"
            sign.tasks.append(Task(campaign.title, f"/decision/{campaign.code}",
                                   f"{len(decision.awardees)} tập thể, cá nhân được đề nghị khen thưởng{note}",
                                   ctx.step_due(plan, state, "signature")))
        tie = state.session.open_tie() if state.phase == Phase.in_session and state.session else None
        if tie is not None and tie.by_chair and tie.chosen is None and user.holds(Role.chairman):
            ties.tasks.append(Task(campaign.title, f"/council/{campaign.code}",
                                   f"{len(tie.refs)} người bằng phiếu, chọn đúng {tie.places}"))
    groups = [sign] + ([ties] if user.holds(Role.chairman) else [])
    return Family("Lãnh đạo ký quyết định", groups)


def communications_tasks(ctx: Context) -> Family:
    publicise = Group("cho-cong-bo", "Quyết định đã ký, chưa công bố", empty="Không có quyết định nào chờ công bố.")
    for campaign, _plan, state in ctx.emulation():
        if state.phase == Phase.signed and state.decision is not None:
            decision = state.decision
            signed = f"số {decision.number}, ký ngày {vn_date(decision.signed_on)}" if decision.signed_on else decision.number
            publicise.tasks.append(Task(campaign.title, f"/decision/{campaign.code}",
                                        f"Quyết định {signed}: {len(decision.awardees)} tập thể, cá nhân"))
    return Family("Truyền thông, tôn vinh", [publicise])


# --- the issuer's admin ---------------------------------------------------------------------------


def admin_tasks(ctx: Context, refused_mails: int) -> Family:
    """Events a campaign's deadlines hang on and whose dates nobody has entered; the mails a server refused
    (counted by the caller over the mails the admin may read, web/scope.py visible_mails)."""
    dates = Group("moc-chua-co-ngay", "Đợt thi đua chưa có ngày của mốc", empty="Mọi mốc thời gian đã có ngày.")
    mails = Group("thu-khong-gui-duoc", "Thư không gửi được", empty="Không có thư nào bị từ chối.")
    for campaign, plan, state in ctx.emulation():
        if state.phase == Phase.recognised:
            continue
        missing = [name for code, name in plan.deadlines.event_names().items() if code not in state.event_dates]
        if missing:
            rules = {step: plan.deadlines.rule(step) for step in STEPS}
            steps = [STEP_NAMES[step] for step, rule in rules.items()
                     if rule is not None and rule.relative and rule.event not in state.event_dates]
            hangs = f"; chưa tính được: {', '.join(steps)}" if steps else ""
            dates.tasks.append(Task(campaign.title, f"/admin/campaigns/{campaign.code}#events-title",
                                    f"Chưa ghi ngày: {', '.join(missing)}{hangs}", count=len(missing)))
    if refused_mails:
        mails.tasks.append(Task(f"{refused_mails} thư bị máy chủ thư từ chối", "/admin/mail?status=refused",
                                "Máy chủ thư đã từ chối hẳn (địa chỉ sai hoặc hộp thư không nhận): xem lý do, sửa địa chỉ của người nhận.", count=refused_mails))
    return Family("Quản trị", [dates, mails])
