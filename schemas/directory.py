"""The words of the directory: kinds of issuer, people's sex and category.

An issuer (cơ quan ban hành) is the body whose head awards: Luật Thi đua, khen thưởng 2022 Điều 80–81 and
NĐ 152/2025/NĐ-CP give the heads of People's Committees at every level, and of Sở, ban, ngành, the Giấy khen.
"""

from enum import StrEnum


class IssuerKind(StrEnum):
    xa = "xa"
    phuong = "phuong"
    dac_khu = "dac_khu"
    tinh = "tinh"
    thanh_pho_tw = "thanh_pho_tw"
    so_ban_nganh = "so_ban_nganh"
    # the district level, abolished from 1/7/2025: for plans issued before
    huyen = "huyen"
    quan = "quan"
    thi_xa = "thi_xa"
    thanh_pho_thuoc_tinh = "thanh_pho_thuoc_tinh"


# The head's title by kind of issuer, where the admin gives none: a People's Committee's Chairman, a Sở's Director
# (Giám đốc; a ban or ngành whose head is called otherwise, Trưởng ban, sets it).
HEAD_TITLES = {kind: "Giám đốc" if kind == IssuerKind.so_ban_nganh else "Chủ tịch" for kind in IssuerKind}

ISSUER_KIND_NAMES = {
    IssuerKind.xa: "UBND xã",
    IssuerKind.phuong: "UBND phường",
    IssuerKind.dac_khu: "UBND đặc khu",
    IssuerKind.tinh: "UBND tỉnh",
    IssuerKind.thanh_pho_tw: "UBND thành phố trực thuộc trung ương",
    IssuerKind.so_ban_nganh: "Sở, ban, ngành",
    IssuerKind.huyen: "UBND huyện",
    IssuerKind.quan: "UBND quận",
    IssuerKind.thi_xa: "UBND thị xã",
    IssuerKind.thanh_pho_thuoc_tinh: "UBND thành phố thuộc tỉnh",
}

# The level's word in "Chánh Văn phòng HĐND và UBND xã"; a Sở, ban, ngành has a Văn phòng of its own.
LEVEL_WORDS = {
    IssuerKind.xa: "xã",
    IssuerKind.phuong: "phường",
    IssuerKind.dac_khu: "đặc khu",
    IssuerKind.tinh: "tỉnh",
    IssuerKind.thanh_pho_tw: "thành phố",
    IssuerKind.huyen: "huyện",
    IssuerKind.quan: "quận",
    IssuerKind.thi_xa: "thị xã",
    IssuerKind.thanh_pho_thuoc_tinh: "thành phố",
}


class Sex(StrEnum):
    nam = "nam"
    nu = "nu"


SEX_NAMES = {Sex.nam: "Nam", Sex.nu: "Nữ"}


class PersonCategory(StrEnum):
    """As the yearly statistics of awards count people (NĐ 152/2025 Điều 4 khoản 2: a share for those who
    work directly): leaders from deputy head of office up, those who work or labour directly, entrepreneurs
    (doanh nhân), others."""

    lanh_dao = "lanh_dao"
    truc_tiep = "truc_tiep"
    doanh_nhan = "doanh_nhan"  # an entrepreneur (doanh nhân), counted apart in the statistics
    khac = "khac"


PERSON_CATEGORY_NAMES = {
    PersonCategory.lanh_dao: "Lãnh đạo (từ cấp phó trưởng phòng trở lên)",
    PersonCategory.truc_tiep: "Người trực tiếp công tác, lao động",
    PersonCategory.doanh_nhan: "Doanh nhân",
    PersonCategory.khac: "Khác",
}
