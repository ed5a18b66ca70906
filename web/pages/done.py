"""What a page says once a form was taken: `?done=<code>` on the page the browser is sent back to
(web/pages/render.py see_other, take_form), one message per code, shown once at the top of the page in a
role="status" box (templates/pages/_layout.html). Codes are the forms' names; an unknown code shows nothing.

{office} is the campaign's receiving office, where the page knows it (else «cơ quan thẩm định»).
"""

from typing import Any

DONE_MESSAGES: dict[str, str] = {
    # the unit's dossier
    "create": "Đã lập hồ sơ. Bước tiếp theo: thêm các tập thể, cá nhân đơn vị đề nghị khen thưởng.",
    "nominee": "Đã thêm vào danh sách đề nghị. Thêm người tiếp theo, hoặc làm bước tiếp theo ở dưới.",
    "minutes": "Đã ghi biên bản họp bình xét. Kết quả bình xét của từng người có trong danh sách đề nghị.",
    "document": "Đã đính kèm tài liệu vào hồ sơ.",
    "attach_missing": "Đã đính kèm tài liệu vào hồ sơ.",
    "submit": (
        "Đã nộp hồ sơ. Hồ sơ đã được gửi tới {office}; kết quả thẩm định sẽ được báo qua thư điện tử và trên "
        "trang này. Trước khi {office} tiếp nhận, đơn vị còn rút lại được để sửa."
    ),
    "supplement": "Đã gửi hồ sơ bổ sung. {office} tiếp tục thẩm định hồ sơ.",
    "recall": (
        "Đã rút lại hồ sơ. Hồ sơ trở về đơn vị để chỉnh sửa và {office} đã được báo. Sửa xong, đơn vị nộp lại "
        "trước hạn."
    ),
    "withdraw": "Đã rút hồ sơ khỏi đợt thi đua.",
    # the appraising office
    "start_appraisal": "Đã tiếp nhận hồ sơ, bắt đầu thẩm định. Đơn vị thấy việc tiếp nhận trên trang hồ sơ.",
    "appraise": "Đã ghi kết quả thẩm định.",
    "link": "Đã ghi kết quả đối chiếu hồ sơ cá nhân.",
    "supplement_request": "Đã gửi yêu cầu bổ sung tới đơn vị (qua thư điện tử và trên trang hồ sơ).",
    # the council and the decision
    "call_session": "Đã gửi giấy triệu tập họp Hội đồng tới các thành viên.",
    "open_session": "Đã khai mạc phiên họp. Các thành viên có mặt gửi phiếu biểu quyết trên trang này.",
    "ballot": "Đã gửi phiếu biểu quyết. Phiếu đã gửi không sửa được.",
    "written_opinion": "Đã ghi ý kiến bằng văn bản của thành viên vắng mặt.",
    "close_session": "Đã kết thúc phiên họp; kết quả biểu quyết đã được ghi lại.",
    "revote": "Đã gửi phiếu biểu quyết lại.",
    "tie_decision": "Đã ghi ý kiến quyết định của Chủ tịch Hội đồng đối với các trường hợp bằng phiếu.",
    "sign": "Đã ký quyết định khen thưởng. Các đơn vị có người được khen thưởng được báo qua thư điện tử.",
    "signed_pdf": "Đã nộp quyết định đã ký số; chữ ký số đã được kiểm tra, xem dưới đây. Các đơn vị có người được khen "
    "thưởng được báo qua thư điện tử.",
    "recognise": "Đã công bố kết quả khen thưởng trên trang tôn vinh.",
    "extension": "Đã gia hạn nộp hồ sơ; đơn vị được gia hạn đã được báo qua thư điện tử.",
    # the unit's corrections and registration
    "nominee_edit": "Đã lưu thông tin người được đề nghị.",
    "nominee_remove": "Đã xóa khỏi danh sách đề nghị. Biên bản họp bình xét giữ nguyên.",
    "document_replace": "Đã thay tệp. Tệp cũ vẫn được giữ làm chứng cứ trong lịch sử hồ sơ.",
    "document_remove": "Đã gỡ tệp khỏi hồ sơ. Tệp vẫn được giữ làm chứng cứ trong lịch sử hồ sơ.",
    "register": "Đã đăng ký thi đua. Cơ quan thường trực thấy đăng ký của đơn vị.",
    "registration_withdraw": "Đã rút đăng ký thi đua.",
    "paper_registration": "Đã ghi đăng ký thi đua nhận bằng văn bản giấy.",
    # the office's records, campaigns and settings
    "record": "Đã ghi vào sổ theo dõi.",
    "campaign_file": "Đã nạp kế hoạch; đợt thi đua có trong danh sách dưới đây.",
    "event_date": "Đã ghi ngày của sự kiện; các hạn tính theo ngày đó đã được tính lại.",
    "settings": "Đã áp dụng thay đổi của kế hoạch; lý do được ghi vào lịch sử của đợt thi đua.",
    # the directory and the accounts
    "units_saved": "Đã lưu đơn vị.",
    "units_stopped": "Đã ngừng đơn vị. Dữ liệu cũ của đơn vị vẫn được giữ.",
    "people_saved": "Đã lưu thông tin cán bộ.",
    "people_stopped": "Đã chuyển cán bộ sang «Đã nghỉ». Quá trình công tác vẫn được giữ.",
    "users_saved": "Đã lưu tài khoản. Tài khoản mới nhận thư có liên kết đặt mật khẩu (dùng được 72 giờ).",
    "users_stopped": "Đã ngừng tài khoản: không đăng nhập được nữa.",
    "unlock": "Đã mở khóa tài khoản; người dùng đăng nhập lại được.",
    "password_reset": (
        "Đã đặt lại mật khẩu: mật khẩu cũ không dùng được nữa, người dùng nhận thư có liên kết đặt mật khẩu mới "
        "(dùng được 72 giờ)."
    ),
    "issuers_saved": "Đã lưu cơ quan.",
    "issuer_admin": "Đã tạo tài khoản quản trị. Người đó nhận thư có liên kết đặt mật khẩu (dùng được 72 giờ).",
    "emblem": "Đã lưu biểu trưng. Biểu trưng hiện ở đầu và cuối mỗi trang của người dùng thuộc cơ quan.",
    "emblem_removed": "Đã bỏ biểu trưng.",
    "password": "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất.",
    "revoked": "Đã thu hồi mã truy cập; mã đó không còn dùng được.",
}


def done_code(form_name: str) -> str:
    """A form's code: its name, less the nominee it is about ("appraise_N2" → "appraise")."""
    head, _, tail = form_name.rpartition("_")
    return head if head and tail[:1] == "N" and tail[1:].isdigit() else form_name


def with_done(url: str, code: str | None) -> str:
    """`url` with ?done=<code> (before its #fragment, if it has one)."""
    if not code:
        return url
    path, hash_, fragment = url.partition("#")
    return f"{path}{'&' if '?' in path else '?'}done={code}{hash_}{fragment}"


def done_message(code: str | None, context: dict[str, Any]) -> str | None:
    """The message of `code`, for a page with this context; None for no code, or one this list does not know."""
    message = DONE_MESSAGES.get(code or "")
    if message is None:
        return None
    campaign = context.get("campaign")
    office = getattr(campaign, "receiving_office", None) or "cơ quan thẩm định"
    text = message.format(office=office)
    return text[0].upper() + text[1:]
