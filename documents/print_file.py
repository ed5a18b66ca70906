"""Many Giấy khen at once, fast: each certificate's own .docx and the print file (every certificate of a
decision in one .docx, a page each, in the decision's order).

python-docx takes a quarter of a second to lay out one certificate, so a decision of 1,000 awardees would
take minutes. The certificates of a decision differ only in a few texts and the QR code: one prototype
of each layout (award form, with or without the position line, with or without a QR code) is laid out by
documents/certificate.py with markers for those texts, and each certificate is the prototype's package with
the markers replaced and its QR code's picture put in. The result is the document certificate.py would lay
out for that face (tests/test_print_file.py compares them).
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from documents.certificate import Face, document_of, qr_png
from documents.inputs import DecisionText, Verification
from schemas.campaign import EmulationPlan
from schemas.council import Decision

DOCUMENT = "word/document.xml"
RELATIONS = "word/_rels/document.xml.rels"
# Private-use characters around each marker: no text of the service holds them (common/text.py refuses them).
NAME, WHERE, REGISTER, CODE, URL = (f"\ue000{field}\ue001" for field in ("name", "where", "register", "code", "url"))
MARKER_URL = f"https://{URL}"  # the prototype's QR code is replaced whole, its text is not
_EMBED = re.compile(r'r:embed="(rId\d+)"')
_PICTURE_ID = re.compile(r'<wp:docPr id="\d+"')
_PAGE_BREAK = "<w:pageBreakBefore/>"


def _layout(face: Face) -> tuple[str, bool, bool]:
    return face.award_form, bool(face.where), face.verification is not None


class _Prototype:
    """One layout's package, laid out once with markers for the texts of a face."""

    def __init__(self, plan: EmulationPlan, decision: Decision, text: DecisionText, layout: tuple[str, bool, bool]):
        award_form, where, verified = layout
        marker = Face(
            NAME, WHERE if where else "", award_form, REGISTER, Verification(code=CODE, url=MARKER_URL) if verified else None
        )
        package = zipfile.ZipFile(io.BytesIO(document_of(plan, decision, text, [marker])))
        self.entries = [(item, package.read(item.filename)) for item in package.infolist()]
        self.xml = package.read(DOCUMENT).decode()
        self.picture = self._picture_name(package) if verified else None

    def part(self, name: str) -> bytes:
        return next(content for item, content in self.entries if item.filename == name)

    def _picture_name(self, package: zipfile.ZipFile) -> str:
        [embed] = _EMBED.findall(self.xml)
        relations = package.read(RELATIONS).decode()
        target = re.search(rf'Id="{embed}"[^>]*Target="([^"]+)"', relations) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{embed}"', relations
        )
        return f"word/{target.group(1)}"

    def filled(self, face: Face) -> str:
        """The document's XML with the face's texts in place of the markers."""
        xml = self.xml
        verification = face.verification
        values = {NAME: face.name, WHERE: face.where, REGISTER: face.register}
        if verification is not None:
            values |= {CODE: verification.code, MARKER_URL: verification.url}
        for marker, value in values.items():
            xml = xml.replace(escape(marker), escape(value))
        return xml

    def package(self, replaced: dict[str, bytes]) -> bytes:
        """The prototype's package with some of its parts replaced, entries in the same order and times."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item, content in self.entries:
                target.writestr(item, replaced.get(item.filename, content))
            for name in replaced.keys() - {item.filename for item, _ in self.entries}:
                entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(entry, replaced[name])
        return buffer.getvalue()


class _Prototypes(dict):
    def __init__(self, plan: EmulationPlan, decision: Decision, text: DecisionText) -> None:
        super().__init__()
        self.args = plan, decision, text

    def __missing__(self, layout) -> _Prototype:
        self[layout] = _Prototype(*self.args, layout)
        return self[layout]


def certificate_files(plan: EmulationPlan, decision: Decision, text: DecisionText, faces: list[Face]) -> list[bytes]:
    """Each face's Giấy khen as its own .docx, in the faces' order."""
    prototypes = _Prototypes(plan, decision, text)
    files = []
    for face in faces:
        prototype = prototypes[_layout(face)]
        replaced = {DOCUMENT: prototype.filled(face).encode()}
        if prototype.picture is not None:
            replaced[prototype.picture] = qr_png(face.verification.url)
        files.append(prototype.package(replaced))
    return files


def print_file(plan: EmulationPlan, decision: Decision, text: DecisionText, faces: list[Face]) -> bytes:
    """Every face's Giấy khen in one .docx, a page each, in the faces' order: the file to print them all."""
    if not faces:
        raise ValueError("Quyết định không có ai được khen thưởng.")
    prototypes = _Prototypes(plan, decision, text)
    first = prototypes[_layout(faces[0])]
    head, _, rest = first.xml.partition("<w:body>")
    section = rest[rest.rindex("<w:sectPr"):]
    pages, replaced, relations = [], {}, []
    for index, face in enumerate(faces):
        prototype = prototypes[_layout(face)]
        body = prototype.filled(face).partition("<w:body>")[2]
        body = body[: body.rindex("<w:sectPr")]
        if index > 0:  # each certificate after the first starts a page: its first paragraph's own property
            body = body.replace("<w:pPr>", f"<w:pPr>{_PAGE_BREAK}", 1)
        if prototype.picture is not None:
            name = f"word/media/giay-khen-{index + 1:04d}.png"
            relation = f"rIdGk{index + 1}"
            replaced[name] = qr_png(face.verification.url)
            relations.append(
                f'<Relationship Id="{relation}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/image" Target="media/giay-khen-{index + 1:04d}.png"/>'
            )
            body = _EMBED.sub(f'r:embed="{relation}"', body)
        body = _PICTURE_ID.sub(f'<wp:docPr id="{1000 + index}"', body)
        pages.append(body)
    replaced[DOCUMENT] = (head + "<w:body>" + "".join(pages) + section).encode()
    replaced[RELATIONS] = first.part(RELATIONS).decode().replace("</Relationships>", "".join(relations) + "</Relationships>").encode()
    return first.package(replaced)
