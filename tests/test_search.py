"""Lists with filters, and a search by nominee name that ignores diacritics and case."""

from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, OTHER_UNIT_HEAD, UNIT_HEAD, create, ok, submitted


async def listed(service: Service, user: str = APPRAISER, **params) -> list[str]:
    response = await service.api.get("/api/dossiers", params=params, headers=service.as_user(user))
    return [d["id"] for d in ok(response)]


async def test_search_and_filters(running: Service):
    economy = await submitted(running, NOMINEES[:3])  # Phòng Kinh tế, Lê Minh Đức, Phạm Thị Hồng Nhung
    office = await create(
        running,
        [{"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Nguyễn Văn A"}],
        user=OTHER_UNIT_HEAD,
    )

    assert await listed(running, q="nguyen van a") == [office["id"]]
    assert await listed(running, q="NGUYỄN VĂN A") == [office["id"]]
    assert await listed(running, q="hong nhung") == [economy["id"]]
    assert await listed(running, q="lê minh đức") == [economy["id"]]
    assert await listed(running, q="tran thi") == []

    assert await listed(running, stage="submitted") == [economy["id"]]
    assert await listed(running, stage="draft") == [office["id"]]
    assert sorted(await listed(running, campaign=running.campaign)) == sorted([economy["id"], office["id"]])
    assert await listed(running, campaign="khac") == []
    assert await listed(running, unit_id=office["unit_id"]) == [office["id"]]
    # A unit head sees only their own unit's dossiers, whatever the filter asks.
    assert await listed(running, user=UNIT_HEAD) == [economy["id"]]
    assert await listed(running, user=UNIT_HEAD, unit_id=office["unit_id"]) == [economy["id"]]
    response = await running.api.get("/api/dossiers", params={"stage": "khong-co"}, headers=running.as_user(APPRAISER))
    assert (response.status_code, response.json()["code"]) == (422, "INVALID_INPUT")


async def test_the_list_comes_in_pages_newest_first_with_the_count_of_all(running: Service):
    made = [(await create(running, NOMINEES[:1]))["id"] for _ in range(3)]  # one after the other: the last is newest

    async def page(**params) -> tuple[list[str], str]:
        response = await running.api.get("/api/dossiers", params=params, headers=running.as_user(APPRAISER))
        return [d["id"] for d in ok(response)], response.headers["X-Total-Count"]

    assert await page() == (made[::-1], "3")
    assert await page(limit=2) == (made[:0:-1], "3")
    assert await page(limit=2, offset=2) == ([made[0]], "3")
    assert await page(offset=3) == ([], "3")
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}):
        response = await running.api.get("/api/dossiers", params=bad, headers=running.as_user(APPRAISER))
        assert (response.status_code, response.json()["code"]) == (422, "INVALID_INPUT"), bad
