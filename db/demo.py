"""Demo data: the Kẻ Sặt plan as a campaign, the commune's offices, a dozen staff, a user for each role.

The offices, staff and users are the issuer Kẻ Sặt's; the other issuers of issuers.yaml are
added without any, and a super-admin (quantri.hethong) who creates issuers and their first admin.

Loading twice changes nothing: every row is found by its code, user name or name before it is added.
Run: python -m db.demo
"""

import sys
from datetime import date, datetime
from functools import cache

from sqlmodel import Session, select

from common.passwords import hash_password
from common.settings import ROOT, get_settings
from common.text import VN_TZ, fold
from db.campaigns import save_campaign
from db.engine import create_tables, make_engine
from db.issuers import add_repository_issuers
from db.api_tokens import add_token
from db.models import ApiToken, Person, PersonPosition, Unit, User, token_hash
from schemas.campaign import EmulationPlan
from schemas.campaign_file import load_campaign

UNITS = [  # code, name, kind, the symbol its documents' numbers carry ("12/TTr-KT"), as the admin sets it
    ("vp-hdnd-ubnd", "Văn phòng HĐND và UBND xã", "phong_chuyen_mon", "VP"),
    ("phong-kinh-te", "Phòng Kinh tế", "phong_chuyen_mon", "KT"),
    ("phong-vhxh", "Phòng Văn hóa - Xã hội", "phong_chuyen_mon", "VHXH"),
    ("tt-phuc-vu-hcc", "Trung tâm Phục vụ hành chính công", "don_vi_su_nghiep", "TTPVHCC"),
    ("tt-vhttt", "Trung tâm Văn hóa, Thể thao và Truyền thông", "don_vi_su_nghiep", "TTVH"),
]

STAFF = [  # full name, sex, date of birth, position, unit code
    ("Nguyễn Văn An", "nam", date(1982, 3, 14), "Chánh Văn phòng", "vp-hdnd-ubnd"),
    ("Trần Thị Bích Ngọc", "nu", date(1990, 7, 2), "Chuyên viên", "vp-hdnd-ubnd"),
    ("Lê Minh Đức", "nam", date(1979, 11, 23), "Trưởng phòng", "phong-kinh-te"),
    ("Phạm Thị Hồng Nhung", "nu", date(1988, 5, 9), "Chuyên viên", "phong-kinh-te"),
    ("Vũ Quang Huy", "nam", date(1993, 1, 30), "Chuyên viên", "phong-kinh-te"),
    ("Đỗ Thị Thanh Hương", "nu", date(1985, 9, 17), "Trưởng phòng", "phong-vhxh"),
    ("Hoàng Văn Thắng", "nam", date(1991, 4, 5), "Chuyên viên", "phong-vhxh"),
    ("Bùi Thị Lan Anh", "nu", date(1994, 12, 12), "Chuyên viên", "phong-vhxh"),
    ("Ngô Đức Thịnh", "nam", date(1983, 6, 21), "Giám đốc", "tt-phuc-vu-hcc"),
    ("Đặng Thu Trang", "nu", date(1996, 2, 8), "Viên chức", "tt-phuc-vu-hcc"),
    ("Đinh Văn Toàn", "nam", date(1980, 8, 19), "Giám đốc", "tt-vhttt"),
    ("Mai Thị Yến", "nu", date(1992, 10, 3), "Viên chức", "tt-vhttt"),
]
LEADERS = {"Chánh Văn phòng", "Trưởng phòng", "Giám đốc"}  # from deputy head of office up

USERS = [  # user name, full name, role, unit code; the API token and the password: demo_secret()
    ("truongphong.kinhte", "Lê Minh Đức", "unit_head", "phong-kinh-te"),
    ("chanhvanphong", "Nguyễn Văn An", "unit_head", "vp-hdnd-ubnd"),
    ("thamdinh", "Hoàng Văn Thắng", "appraiser", "phong-vhxh"),
    ("truongphong.vhxh", "Đỗ Thị Thanh Hương", "office_head", "phong-vhxh"),
    ("thuky.hoidong", "Bùi Thị Lan Anh", "council_secretary", "phong-vhxh"),
    ("uyvien.hoidong", "Ngô Đức Thịnh", "council_member", "tt-phuc-vu-hcc"),
    ("uyvien.2", "Trịnh Văn Hải", "council_member", None),
    ("uyvien.3", "Lương Thị Mai", "council_member", None),
    ("uyvien.4", "Cao Minh Tuấn", "council_member", None),
    ("uyvien.5", "Tạ Thị Hà", "council_member", None),
    ("chutich", "Phạm Thị Thu Hiền", "chairman", None),
    ("phochutich", "Trần Quốc Việt", "deputy_chairman", None),
    ("truyenthong", "Đinh Văn Toàn", "communications", "tt-vhttt"),
    ("quantri", "Quản trị UBND xã Kẻ Sặt", "admin", None),
]
SUPER_ADMIN = ("quantri.hethong", "Quản trị hệ thống", "super_admin", None)
ISSUER = "ke-sat"  # the issuer of the demo's units, people and users
# Each other issuer of issuers.yaml has only its admin, who loads its plans: quantri.<issuer's code>.

CAMPAIGN_FILE = ROOT / "campaigns" / "ke-sat-2025.yaml"


def demo_secret(username: str) -> str:
    """The demo user's API token and password: known to all, so refused outside development (web/logins.py)."""
    return f"demo-{username}"


@cache
def demo_password_hash(username: str) -> str:
    """The hash of the demo password, made once per process (scrypt is slow on purpose)."""
    return hash_password(demo_secret(username))


def rehearsal(settings: EmulationPlan, today: date) -> EmulationPlan:
    """The plan as written, or, once its deadline has passed, a rehearsal with the deadline a year on.

    Kẻ Sặt's dossiers were due before 05/12/2025; a demo after that date moves the deadline forward by
    whole years so that dossiers can still be submitted in the demo.
    """
    deadline = settings.deadlines.submit_before
    if deadline is None or deadline > today:
        return settings
    years = today.year - deadline.year + (1 if deadline.replace(year=today.year) <= today else 0)
    moved = settings.with_deadline(f"{settings.code}-dien-tap", deadline.replace(year=deadline.year + years))
    return moved.model_copy(update={"plan": settings.plan.model_copy(update={"title": f"{settings.plan.title} (diễn tập)"})})


def load_demo(session: Session, today: date) -> None:
    issuers = add_repository_issuers(session)
    issuer = issuers[ISSUER]
    units = {}
    for code, name, kind, symbol in UNITS:
        unit = session.exec(select(Unit).where(Unit.issuer_id == issuer.id, Unit.code == code)).first() or Unit(
            issuer_id=issuer.id, code=code, name=name, kind=kind, symbol=symbol
        )
        session.add(unit)
        units[code] = unit
    session.flush()
    for full_name, sex, born, position, unit_code in STAFF:
        exists = session.exec(select(Person).where(Person.full_name == full_name, Person.birth_date == born)).first()
        if exists is None:
            person = Person(
                issuer_id=issuer.id, full_name=full_name, name_key=fold(full_name), sex=sex, birth_date=born,
                position=position, unit_id=units[unit_code].id, category="lanh_dao" if position in LEADERS else "truc_tiep",
            )
            session.add(person)
            session.flush()
            session.add(PersonPosition(person_id=person.id, unit_id=person.unit_id, position=position))
    accounts = [(*user, issuer) for user in USERS] + [(*SUPER_ADMIN, None)] + [
        (f"quantri.{other.code}", f"Quản trị {other.name}", "admin", None, other) for other in issuers.values()
        if other is not issuer
    ]
    for username, full_name, role, unit_code, of_issuer in accounts:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                roles=[role],
                issuer_id=of_issuer and of_issuer.id,
                unit_id=units[unit_code].id if unit_code else None,
                email=f"{username}@kesat.example",
            )
        user.password_hash = user.password_hash or demo_password_hash(username)
        session.add(user)
        session.flush()
        if session.exec(select(ApiToken).where(ApiToken.token_hash == token_hash(demo_secret(username)))).first() is None:
            add_token(session, user, "Mã truy cập thử nghiệm", demo_secret(username))
    session.commit()
    save_campaign(session, rehearsal(load_campaign(CAMPAIGN_FILE), today))


def main() -> None:
    settings = get_settings()
    if settings.environment != "development":
        sys.exit("The demo data is for development only (ENVIRONMENT=development): its passwords are known to all.")
    if settings.database_url.startswith("sqlite:///"):
        (ROOT / ".data").mkdir(exist_ok=True)
    engine = make_engine(settings.database_url)
    create_tables(engine)
    with Session(engine) as session:
        load_demo(session, datetime.now(VN_TZ).date())
    print(
        "Demo data loaded. API tokens and passwords: demo-<user name>, e.g. Authorization: Bearer "
        "demo-truongphong.kinhte; log in at /login as truongphong.kinhte with the password demo-truongphong.kinhte"
    )


if __name__ == "__main__":
    main()
