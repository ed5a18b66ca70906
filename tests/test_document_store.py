"""Documents built once per change of their data and served from the file store (db/document_store.py), after
real steps of a real campaign: the same data serves the same stored file without building it again; a name
corrected in the campaign's data before signing gives a new draft; the certificates, their zip and the print
file are built once; the print file holds every certificate in the decision's order."""

import io
import json
import zipfile

import docx
import pytest
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, func, select

import documents.assemble
from db import models
from db.documents import BuiltDocument, GeneratedDocument
from tests.conftest import Service
from tests.dossier_steps import (
    APPRAISER, CHAIRMAN, COMMUNICATIONS, SECRETARY, campaign_post, confirm_unmatched, ok, open_session, post,
    under_appraisal, vote,
)


async def download(service: Service, path: str, user: str = COMMUNICATIONS):
    response = await service.api.get(path, headers=service.as_user(user))
    assert response.status_code == 200, response.text
    return response


def built_count(service: Service) -> int:
    with Session(service.engine) as session:
        return session.exec(select(func.count()).select_from(BuiltDocument)).one()


def rename_candidate(service: Service, old: str, new: str) -> None:
    """The campaign's data corrected: the candidate's name as the council's results and the decision hold it."""
    with Session(service.engine) as session:
        run = session.get(models.CampaignRun, service.campaign)
        text = json.dumps(run.state, ensure_ascii=False)
        assert old in text
        run.state = json.loads(text.replace(old, new))
        flag_modified(run, "state")
        session.add(run)
        session.commit()


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """What documents.assemble builds, in order: "decision", "certificates" (how many), "print file"."""
    made: list[str] = []
    decision, certificates, print_file = (
        documents.assemble.decision_document, documents.assemble.certificate_files, documents.assemble.print_file
    )

    def counted_decision(*args):
        made.append("decision")
        return decision(*args)

    def counted_certificates(plan, decision_, text, faces):
        made.append(f"certificates {len(faces)}")
        return certificates(plan, decision_, text, faces)

    def counted_print_file(*args):
        made.append("print file")
        return print_file(*args)

    monkeypatch.setattr(documents.assemble, "decision_document", counted_decision)
    monkeypatch.setattr(documents.assemble, "certificate_files", counted_certificates)
    monkeypatch.setattr(documents.assemble, "print_file", counted_print_file)
    return made


async def closed_council(service: Service) -> None:
    dossier = await confirm_unmatched(service, await under_appraisal(service))
    for nominee in dossier["nominees"]:
        path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
        ok(await post(service, APPRAISER, path, json={"passed": True}))
    await vote(service, await open_session(service))
    ok(await campaign_post(service, SECRETARY, service.campaign, "/session/close", json={}))


async def test_the_draft_is_built_once_per_change_of_its_data(running: Service, builds):
    base = f"/api/campaigns/{running.campaign}/generated"
    await closed_council(running)
    first = await download(running, f"{base}/decision", CHAIRMAN)
    again = await download(running, f"{base}/decision", CHAIRMAN)
    assert builds == ["decision"]  # the second download served the stored file
    assert again.content == first.content
    assert again.headers["x-document-sha256"] == first.headers["x-document-sha256"]

    rename_candidate(running, "Phạm Thị Hồng Nhung", "Phạm Thị Hồng Nhụng")  # corrected before signing
    corrected = await download(running, f"{base}/decision", CHAIRMAN)
    assert builds == ["decision", "decision"]
    assert corrected.headers["x-document-sha256"] != first.headers["x-document-sha256"]
    names = "\n".join(cell.text for table in docx.Document(io.BytesIO(corrected.content)).tables for cell in table._cells)
    assert "Phạm Thị Hồng Nhụng" in names and "Phạm Thị Hồng Nhung" not in names
    with Session(running.engine) as session:  # the first draft's file and row are still there, as before
        assert session.exec(
            select(GeneratedDocument).where(GeneratedDocument.sha256 == first.headers["x-document-sha256"])
        ).first() is not None


async def test_certificates_zip_and_print_file_are_built_once_and_served_from_the_store(running: Service, builds):
    base = f"/api/campaigns/{running.campaign}/generated"
    await closed_council(running)
    ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    builds.clear()  # signing built the decision it records
    with Session(running.engine) as session:
        state = session.get(models.CampaignRun, running.campaign).state
    awardees = [a["candidate"] for a in state["decision"]["awardees"]]

    one = await download(running, f"{base}/certificates/{awardees[1]['ref']}")
    assert builds == ["certificates 1"]  # one certificate builds only its own
    bundle = await download(running, f"{base}/certificates.zip")
    assert builds == ["certificates 1", f"certificates {len(awardees) - 1}"]  # the others, once
    before = built_count(running)
    again = await download(running, f"{base}/certificates/{awardees[1]['ref']}")
    assert (await download(running, f"{base}/certificates.zip")).content == bundle.content
    assert again.content == one.content and again.headers["x-document-sha256"] == one.headers["x-document-sha256"]
    assert builds == ["certificates 1", f"certificates {len(awardees) - 1}"] and built_count(running) == before
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    assert archive.read(archive.namelist()[1]) == one.content

    printed = await download(running, f"{base}/certificates-print")
    assert (await download(running, f"{base}/certificates-print")).content == printed.content
    assert builds[-1] == "print file" and builds.count("print file") == 1
    paragraphs = [p.text for p in docx.Document(io.BytesIO(printed.content)).paragraphs]
    names = [candidate["name"] for candidate in awardees]
    assert [text for text in paragraphs if text in names] == names  # every certificate, in the decision's order
    assert paragraphs.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == len(awardees)
