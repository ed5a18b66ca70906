"""Downloads from the pages, with the login of the page instead of an API token.

Each route calls the JSON API's download (web/routes/documents.py) with the logged-in user, so the same
role rules apply and the same file comes out; a refusal is a page (403 for a dossier of another unit).
The pages list the links a user may follow now (`dossier_downloads`, `campaign_downloads`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from sqlmodel import Session

from db import blanks
from db.documents import BlankLayout
from documents.blank_print import on_blanks
from documents.pdf import PdfUnavailable, libreoffice
from db.models import User
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState
from schemas.dossier import DossierState
from web.deps import FileStoreDep, SessionDep, get_filestore
from web.errors import ServiceError
from web.pages.deps import Login, current_login
from web.routes import documents as documents_api
from web.routes import dossiers as dossiers_api
from web.routes.documents import DecisionIntegrity, DocumentsDep, Format
from web.scope import campaign_of_user

router = APIRouter(prefix="/downloads", include_in_schema=False)

LoggedIn = Annotated[Login, Depends(current_login)]


@dataclass(frozen=True)
class Download:
    title: str
    url: str
    docx: bool = True  # a .docx, also offered as PDF where LibreOffice is installed


def pdf_available() -> bool:
    return libreoffice() is not None


def dossier_downloads(dossier_id: str, state: DossierState) -> list[Download]:
    """A dossier's documents: its tờ trình, its minutes once recorded, each nominee's draft report."""
    base = f"/downloads/dossiers/{dossier_id}"
    links = [Download("Tờ trình đề nghị khen thưởng của đơn vị", f"{base}/proposal")]
    if state.minutes is not None:
        links.append(Download("Biên bản họp bình xét", f"{base}/minutes"))
    for nominee in state.nominees:
        links.append(Download(f"Dự thảo báo cáo thành tích — {nominee.name}", f"{base}/achievement-reports/{nominee.key}"))
    return links


def campaign_downloads(
    code: str, plan: EmulationPlan, state: CampaignState, user: User, integrity: DecisionIntegrity | None,
    blank_layouts: Sequence[BlankLayout] = (),
) -> list[Download]:
    """The campaign's documents the user's roles may take now; the signed decision only while its file is intact;
    the certificates, once signed, also in one file to print and on each of the issuer's `blank_layouts`."""
    base = f"/downloads/campaigns/{code}"
    committee = user.holds(*documents_api.COMMITTEE)
    decision = state.decision if user.holds(*documents_api.DECISION_READERS) else None
    signed = decision is not None and decision.number is not None
    links = []
    if committee and state.session is not None and state.results:
        links.append(Download("Tờ trình của cơ quan thường trực kèm kết quả họp Hội đồng", f"{base}/appraisal-report"))
    elif committee and not plan.council.sits and state.results:  # reported to the head without the council
        links.append(Download("Tờ trình của cơ quan thường trực kèm kết quả thẩm định", f"{base}/appraisal-report"))
    if decision is not None and not signed:
        links.append(Download("Dự thảo quyết định khen thưởng", f"{base}/decision"))
    if signed and integrity is not None and integrity.intact:
        uploaded = integrity.content_type == "application/pdf"  # signed in the e-office: the PDF itself
        title = f"Quyết định khen thưởng số {decision.number} (bản đã ký{' số, PDF' if uploaded else ''})"
        links.append(Download(title, f"{base}/decision", docx=not uploaded))
    if signed:
        links.append(Download("Giấy khen của tất cả tập thể, cá nhân (.zip)", f"{base}/certificates.zip", docx=False))
        links.append(Download("Bản in Giấy khen: tất cả trong một tệp, theo thứ tự quyết định", f"{base}/certificates-print"))
        for layout in blank_layouts:
            title = f"In trên phôi «{layout.name}»: tất cả Giấy khen, theo thứ tự quyết định (PDF)"
            links.append(Download(title, f"{base}/blanks/{layout.id}", docx=False))
        for awardee in decision.awardees:
            candidate = awardee.candidate
            links.append(Download(f"Giấy khen — {candidate.name}", f"{base}/certificates/{candidate.ref}"))
    if committee and signed and plan.higher_award is not None and state.higher_proposal:
        links.append(Download(f"Tờ trình đề nghị {plan.higher_award.name}", f"{base}/higher-proposal"))
    if committee:
        links.append(Download("Danh sách đề nghị và danh sách khen thưởng (.xlsx)", f"{base}/lists.xlsx", docx=False))
    return links


def decision_integrity(
    request: Request, session: Session, code: str, state: CampaignState, user: User
) -> DecisionIntegrity | None:
    """The signed decision's file checked against the hash recorded at signing; None before signing or
    for a role that may not take the decision."""
    signed = state.decision is not None and state.decision.number is not None
    if not signed or not user.holds(*documents_api.DECISION_READERS):
        return None
    documents = documents_api.get_documents(session, get_filestore(request), request.app.state.settings)
    return documents_api.decision_integrity(code, session, documents, user)


# --- a dossier's documents ---------------------------------------------------------------------------


@router.get("/dossiers/{dossier_id}/proposal")
def proposal(dossier_id: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx") -> Response:
    return documents_api.proposal(dossier_id, session, documents, login.user, format)


@router.get("/dossiers/{dossier_id}/minutes")
def minutes(dossier_id: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx") -> Response:
    return documents_api.minutes(dossier_id, session, documents, login.user, format)


@router.get("/dossiers/{dossier_id}/achievement-reports/{nominee_key}")
def achievement_report(
    dossier_id: str, nominee_key: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn,
    format: Format = "docx",
) -> Response:
    return documents_api.achievement_report(dossier_id, nominee_key, session, documents, login.user, format)


@router.get("/dossiers/{dossier_id}/files/{document_id}")
def attached_file(
    dossier_id: str, document_id: str, session: SessionDep, files: FileStoreDep, login: LoggedIn, inline: bool = False,
) -> Response:
    """A file the unit attached, as the API gives it: to save, or (`inline`) a PDF or an image to look at."""
    return dossiers_api.download_document(dossier_id, document_id, session, login.user, files, inline)


# --- a campaign's documents --------------------------------------------------------------------------


@router.get("/campaigns/{code}/appraisal-report")
def appraisal_report(code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx") -> Response:
    return documents_api.appraisal_report(code, session, documents, login.user, format)


@router.get("/campaigns/{code}/decision")
def decision(code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx") -> Response:
    return documents_api.decision(code, session, documents, login.user, format)


@router.get("/campaigns/{code}/certificates.zip")
def all_certificates(code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn) -> Response:
    return documents_api.all_certificates(code, session, documents, login.user)


@router.get("/campaigns/{code}/certificates-print")
def certificates_print_file(
    code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx"
) -> Response:
    return documents_api.certificates_print_file(code, session, documents, login.user, format)


@router.get("/campaigns/{code}/blanks/{layout_id}")
def on_blank(code: str, layout_id: Annotated[int, Path(ge=1, le=2**31)], session: SessionDep, documents: DocumentsDep, login: LoggedIn) -> Response:
    """Every certificate of the signed decision on the issuer's blank, in the decision's order (PDF)."""
    campaign_of_user(session, login.user, code)  # another issuer's campaign is not found, before the role is asked
    documents_api.allow(login.user, documents_api.DECISION_READERS, "In Giấy khen trên phôi")
    layout = blanks.layout_of(session, login.user.issuer_id, layout_id)
    if layout is None:  # another issuer's blank is not found either
        raise HTTPException(404)
    plan, decision, text, faces = documents_api.built(lambda: documents.faces(code))
    try:
        content = on_blanks(layout, plan, decision, text, faces)
    except PdfUnavailable as error:
        raise ServiceError("PDF_UNAVAILABLE", reason=str(error)) from None
    number = decision.number.replace("/", "-")
    return documents_api.attachment(content, f"Giấy khen {number} - in trên phôi {layout.name}.pdf", "application/pdf")


@router.get("/campaigns/{code}/certificates/{dossier_id}/{nominee_key}")
def certificate(
    code: str, dossier_id: str, nominee_key: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn,
    format: Format = "docx",
) -> Response:
    return documents_api.certificate(code, dossier_id, nominee_key, session, documents, login.user, format)


@router.get("/campaigns/{code}/higher-proposal")
def higher_proposal(code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn, format: Format = "docx") -> Response:
    return documents_api.higher_proposal(code, session, documents, login.user, format)


@router.get("/campaigns/{code}/lists.xlsx")
def lists(code: str, session: SessionDep, documents: DocumentsDep, login: LoggedIn) -> Response:
    return documents_api.lists(code, session, documents, login.user)
