"""Errors a user can cause: a stable code for programs, an HTTP status, a Vietnamese message for people.

Workflow validators raise them as `ApplicationError(message, details, type=code)`; the API maps the
type back to the status. The message names what was wrong, so a person can fix it.
"""

from dataclasses import dataclass
from typing import Any

from temporalio.exceptions import ApplicationError


@dataclass(frozen=True)
class ErrorKind:
    status: int
    message: str  # a str.format template over the details


ERRORS: dict[str, ErrorKind] = {
    # who may act
    "NOT_AUTHENTICATED": ErrorKind(401, "Chưa đăng nhập hoặc mã truy cập không hợp lệ."),
    "WRONG_ROLE": ErrorKind(403, "Vai trò {role} không được thực hiện thao tác «{action}»."),
    "LOGIN_THROTTLED": ErrorKind(
        429, "Có quá nhiều lần đăng nhập hoặc mã truy cập sai từ địa chỉ này. Hãy thử lại sau {minutes} phút."
    ),
    "OTHER_UNIT": ErrorKind(403, "Việc này thuộc đơn vị khác; bạn chỉ thao tác trên hồ sơ, báo cáo của đơn vị mình."),
    "ACTION_NOT_SIGNED": ErrorKind(
        403, "Thao tác không được gửi qua hệ thống (thiếu chữ ký hợp lệ) nên không được thực hiện."
    ),
    # accounts: passwords (common/passwords.py), links to set one (db/password_links.py), API tokens
    "PASSWORD_TOO_SHORT": ErrorKind(422, "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự (tối đa {max_length})."),
    "PASSWORD_TOO_LONG": ErrorKind(422, "Mật khẩu quá dài: tối đa {max_length} ký tự."),
    "PASSWORD_TOO_COMMON": ErrorKind(
        422, "Mật khẩu này quá phổ biến, dễ bị đoán (ví dụ «matkhau123», «123456789», «admin@123»). Hãy chọn mật "
        "khẩu khác, chẳng hạn một câu ngắn dễ nhớ với nhiều từ."
    ),
    "PASSWORD_IS_NAME": ErrorKind(422, "Mật khẩu không được là tên đăng nhập hoặc họ tên của bạn."),
    "PASSWORDS_DIFFER": ErrorKind(422, "Hai lần nhập mật khẩu mới không khớp."),
    "PASSWORD_WRONG": ErrorKind(403, "Mật khẩu hiện tại không đúng."),
    "PASSWORD_LINK_UNKNOWN": ErrorKind(
        400, "Liên kết đặt mật khẩu không hợp lệ. Hãy mở đúng liên kết trong thư, hoặc đề nghị quản trị gửi liên kết mới."
    ),
    "PASSWORD_LINK_USED": ErrorKind(
        410, "Liên kết đặt mật khẩu này đã được dùng; mỗi liên kết chỉ dùng được một lần. Nếu bạn chưa đặt mật khẩu, "
        "hãy đề nghị quản trị gửi liên kết mới."
    ),
    "PASSWORD_LINK_VOIDED": ErrorKind(
        410, "Liên kết đặt mật khẩu này đã hết hiệu lực vì một liên kết mới hơn đã được gửi; hãy dùng liên kết trong "
        "thư mới nhất."
    ),
    "PASSWORD_LINK_EXPIRED": ErrorKind(
        410, "Liên kết đặt mật khẩu đã hết hạn (chỉ dùng được trong {hours} giờ). Hãy đề nghị quản trị gửi liên kết mới."
    ),
    "USER_EMAIL_MISSING": ErrorKind(
        422, "Người dùng «{username}» chưa có địa chỉ thư điện tử nên không gửi được liên kết đặt mật khẩu."
    ),
    "TOKEN_NOT_FOUND": ErrorKind(404, "Không có mã truy cập số {token_id} của bạn."),
    "TOKENS_TOO_MANY": ErrorKind(
        409, "Bạn đã có {limit} mã truy cập chưa thu hồi, là số tối đa; hãy thu hồi mã không còn dùng trước khi tạo mã mới."
    ),
    # what exists
    "DOSSIER_NOT_FOUND": ErrorKind(404, "Không tìm thấy hồ sơ {dossier_id}."),
    "USER_NOT_FOUND": ErrorKind(404, "Không có người dùng «{username}»."),
    "DOCUMENT_NOT_FOUND": ErrorKind(404, "Không tìm thấy tài liệu {document_id}."),
    "CAMPAIGN_NOT_FOUND": ErrorKind(404, "Không có đợt thi đua mã «{campaign}»."),
    "DECISION_NUMBER_TAKEN": ErrorKind(
        409, "Số {number} đã dùng cho một văn bản khác trong sổ Quyết định năm nay của cơ quan; số tiếp theo còn trống là "
        "{next_free}. Hãy xem lại sổ văn bản đi."
    ),
    "NUMBER_SERIES_PASSED": ErrorKind(
        409, "Sổ {type_code} năm {year} đã dùng đến số {last}: không thể bắt đầu lại từ số {first_number}."
    ),
    "AWARD_CODE_NOT_FOUND": ErrorKind(
        404, "Không có khen thưởng nào mang mã xác minh «{typed}». Hãy xem lại mã in trên Giấy khen (12 ký tự, ví dụ 7K2M-QX4P-9D31)."
    ),
    "CAMPAIGN_OF_OTHER_ISSUER": ErrorKind(
        403, "Đợt thi đua «{campaign}» do cơ quan khác phát động: đơn vị của bạn không đề nghị khen thưởng trong đợt "
        "này. Hãy chọn một đợt thi đua của cơ quan mình."
    ),
    "UNKNOWN_NOMINEE": ErrorKind(422, "Hồ sơ không có người/tập thể được đề nghị mã «{nominee}»."),
    # when
    "WRONG_STAGE": ErrorKind(
        409, "Không thể «{action}» khi hồ sơ đang ở bước «{stage_name}»; thao tác này chỉ làm được ở bước {allowed}."
    ),
    "NOMINEE_NOT_IN_PLAY": ErrorKind(
        409, "«{name}» đang ở trạng thái «{status_name}», không thể «{action}»."
    ),
    "SUBMISSION_LATE": ErrorKind(
        409,
        "Đã quá hạn nộp hồ sơ: phải nộp trước ngày {deadline}. Nếu có lý do chính đáng, đơn vị đề nghị cơ quan "
        "thường trực thi đua, khen thưởng gia hạn.",
    ),
    # what was sent
    "INVALID_INPUT": ErrorKind(422, "Dữ liệu không hợp lệ: {problems}"),
    "SUBJECT_KIND_NOT_ALLOWED": ErrorKind(
        422, "Đợt thi đua này không xét đối tượng «{subject_kind}»; đối tượng được xét: {allowed}."
    ),
    "NO_NOMINEES": ErrorKind(422, "Hồ sơ chưa có tập thể hoặc cá nhân nào được đề nghị."),
    "DUPLICATE_NOMINEE": ErrorKind(422, "«{name}» đã có trong hồ sơ."),
    "MINUTES_NO_QUORUM": ErrorKind(
        422, "Cuộc họp không đủ số lượng: có mặt {present}/{members} thành viên, cần ít nhất {required}."
    ),
    "MINUTES_VOTES_INVALID": ErrorKind(
        422, "Số phiếu của «{name}» ({votes}) vượt quá số thành viên dự họp ({present})."
    ),
    "MINUTES_MISSING_VOTES": ErrorKind(422, "Biên bản chưa ghi số phiếu của: {names}."),
    "MINUTES_NOBODY_SELECTED": ErrorKind(
        422, "Không ai đạt quá {threshold} số phiếu ({basis}); không có ai để đề nghị khen thưởng."
    ),
    "MINUTES_DATE_IN_FUTURE": ErrorKind(422, "Ngày họp {meeting_date} chưa tới."),
    "UNKNOWN_DOCUMENT_KIND": ErrorKind(
        422, "Loại tài liệu «{kind}» không có trong thành phần hồ sơ của đợt thi đua; các loại: {allowed}."
    ),
    "DOCUMENT_FOR_DOSSIER": ErrorKind(422, "Tài liệu «{title}» là của cả hồ sơ, không gắn với từng người."),
    "DOCUMENT_NEEDS_NOMINEE": ErrorKind(422, "Tài liệu «{title}» phải gắn với một tập thể hoặc cá nhân."),
    "MISSING_DOCUMENTS": ErrorKind(422, "Hồ sơ còn thiếu: {missing}."),
    # quotas per unit (schemas/quotas.py): counted at submission over the unit's dossiers in the campaign
    "UNIT_QUOTA_EXCEEDED": ErrorKind(
        409,
        "Đơn vị đã đề nghị {count} {what} (hồ sơ này {here}, các hồ sơ đã nộp {before}); kế hoạch cho phép tối đa "
        "{limit} {what} mỗi đơn vị{basis}. Bớt người được đề nghị trong hồ sơ này, hoặc rút một hồ sơ đã nộp.",
    ),
    "UNIT_QUOTA_MINIMUM": ErrorKind(
        409, "Đơn vị mới đề nghị {count} {what}; kế hoạch yêu cầu mỗi đơn vị đề nghị ít nhất {minimum} {what}."
    ),
    "FILE_TOO_LARGE": ErrorKind(
        413, "Tệp lớn hơn {limit}, không nhận. Hãy gửi tệp nhỏ hơn (ví dụ quét với độ phân giải thấp hơn, hoặc nén PDF)."
    ),
    "REQUEST_TOO_LARGE": ErrorKind(413, "Dữ liệu gửi lên lớn hơn {limit}, không nhận."),
    "FILE_TYPE_NOT_ALLOWED": ErrorKind(
        415, "Tệp «{filename}» không phải tệp {allowed} (theo nội dung của tệp, không theo tên); không nhận."
    ),
    "REASON_REQUIRED": ErrorKind(422, "Cần ghi rõ lý do để «{action}»."),
    # a unit recalling its submitted dossier (workflows/dossier_recall.py)
    "RECALL_APPRAISAL_STARTED": ErrorKind(
        409,
        "Không rút lại được: cơ quan thẩm định đã tiếp nhận, bắt đầu thẩm định hồ sơ (hồ sơ đang ở bước "
        "«{stage_name}»). Cần sửa, bổ sung gì, đơn vị liên hệ cơ quan thẩm định.",
    ),
    "RECALL_NOT_SUBMITTED": ErrorKind(409, "Hồ sơ chưa nộp (đang ở bước «{stage_name}»): không có gì để rút lại."),
    "RECALL_TOO_LATE": ErrorKind(
        409,
        "Không rút lại được: đã quá hạn nộp (trước ngày {deadline}), rút lại thì không nộp lại được nữa. Nếu cần "
        "sửa, đơn vị đề nghị gia hạn trước.",
    ),
    # the unit correcting its work (workflows/dossier_corrections.py, schemas/corrections.py)
    "NOMINEE_GROUP_FIXED": ErrorKind(
        422, "Không đổi được «{name}» giữa tập thể và cá nhân: hãy xóa khỏi hồ sơ rồi thêm lại đúng đối tượng."
    ),
    "NOMINEE_LOCKED": ErrorKind(
        409, "Hồ sơ đang ở bước «{stage_name}»: chỉ sửa được tóm tắt thành tích của «{name}»; các thông tin khác đã "
        "nộp cho cơ quan thẩm định, không sửa được."
    ),
    "MINUTES_WOULD_LAPSE": ErrorKind(
        409, "{what} thì kết quả họp bình xét ngày {meeting_date} không còn đúng: biên bản hết hiệu lực, hồ sơ trở về "
        "bước «Đang lập hồ sơ» và phải ghi lại biên bản sau khi họp lại. Nếu đồng ý, hãy đánh dấu ô xác nhận rồi "
        "gửi lại."
    ),
    "DOCUMENT_REMOVED": ErrorKind(409, "Tài liệu {document_id} đã được gỡ bỏ hoặc thay thế trước đó."),
    "SUPPLEMENT_ITEMS_REQUIRED": ErrorKind(422, "Cần liệt kê nội dung phải bổ sung."),
    "DUE_DATE_PASSED": ErrorKind(422, "Hạn {due_date} phải sau ngày hôm nay ({today})."),
    "SESSION_DATE_PASSED": ErrorKind(422, "Ngày họp {session_date} đã qua: phải từ hôm nay ({today}) trở đi."),
    "ELIGIBILITY_BLOCKED": ErrorKind(409, "«{name}» chưa đủ điều kiện khen thưởng: {reasons}"),
    # whom a nominee is: the service ties it to the registry of people, never what a unit sends
    "NOMINEE_LINK_REFUSED": ErrorKind(
        422,
        "«{name}»: mã {field} gửi kèm ({sent}) không phải hồ sơ mà hệ thống đối chiếu được từ {basis}. "
        "Bỏ mã này: hệ thống tự đối chiếu.",
    ),
    "NOMINEE_IDENTITY_MISMATCH": ErrorKind(
        422,
        "«{name}»: số CCCD, họ tên và ngày sinh đã ghi không cùng là của một người trong danh sách cán bộ. "
        "Kiểm tra lại các thông tin này.",
    ),
    "NOMINEE_UNMATCHED": ErrorKind(
        409,
        "«{name}»: chưa đối chiếu được với hồ sơ cá nhân (thiếu ngày sinh và số CCCD, hoặc có nhiều người trùng), "
        "nên chưa kiểm tra được kỷ luật, xếp loại của người này. Cán bộ thẩm định liên kết với một hồ sơ cá nhân, "
        "hoặc xác nhận người này không có hồ sơ (ghi lý do), rồi mới ghi Đạt.",
    ),
    "NOMINEE_ALREADY_LINKED": ErrorKind(
        409, "«{name}» đã được đối chiếu với hồ sơ cá nhân ({basis}): không đổi liên kết được."
    ),
    "NOT_AN_INDIVIDUAL": ErrorKind(422, "«{name}» là tập thể: chỉ cá nhân được đối chiếu với hồ sơ cá nhân."),
    "COUNCIL_NO_QUORUM": ErrorKind(
        422, "Phiên họp Hội đồng không đủ số lượng: có mặt {present}/{members}, cần ít nhất {required}."
    ),
    # the campaign
    "CAMPAIGN_FILE_INVALID": ErrorKind(422, "Tệp kế hoạch {source} không hợp lệ, chưa nạp gì: {problems}"),
    "CAMPAIGN_EXISTS": ErrorKind(409, "Tệp kế hoạch {source} chưa được nạp: {problems}"),
    "CAMPAIGN_WRONG_PHASE": ErrorKind(
        409, "Không thể «{action}» khi đợt thi đua đang ở giai đoạn «{phase_name}»; chỉ làm được khi {allowed}."
    ),
    "UNIT_NOT_FOUND": ErrorKind(422, "Không có đơn vị mã {unit_id}."),
    "LODGING_UNIT_REQUIRED": ErrorKind(
        422, "Cơ quan lập hồ sơ thay đơn vị: hãy chọn đơn vị đề nghị (unit_id), đơn vị đang hoạt động của cơ quan."
    ),
    "UNKNOWN_EVENT": ErrorKind(422, "Kế hoạch không có mốc thời gian «{event}»; các mốc: {allowed}."),
    "NO_CANDIDATES": ErrorKind(409, "Chưa có hồ sơ nào đã thẩm định xong để trình Hội đồng."),
    # a one-off award without the council (CouncilRule.sits false: workflows/campaign_decision.py)
    "COUNCIL_SITS": ErrorKind(
        409, "Đợt «{campaign}» xét qua Hội đồng Thi đua - Khen thưởng: kết quả thẩm định được trình Hội đồng, không "
        "trình thẳng Chủ tịch."
    ),
    "COUNCIL_DOES_NOT_SIT": ErrorKind(
        409, "Đợt «{campaign}» không qua Hội đồng Thi đua - Khen thưởng (quy định thường trực của cơ quan): không họp "
        "Hội đồng; Phòng trình Chủ tịch kết quả thẩm định."
    ),
    "NOTHING_APPRAISED": ErrorKind(409, "Chưa có hồ sơ nào đã thẩm định xong để trình Chủ tịch."),
    # the session opened while units may still submit (workflows/council_opening.py)
    "SESSION_BEFORE_DEADLINE": ErrorKind(
        409,
        "Chưa khai mạc: các đơn vị còn được nộp hồ sơ ({deadlines}) và còn {count} đơn vị chưa nộp: {units}. Khai "
        "mạc lúc này thì các đơn vị đó không nộp được nữa. Hãy chờ hết hạn, hoặc ghi lý do khai mạc trước hạn.",
    ),
    # a running campaign's settings changed (schemas/campaign_changes.py) and its events' dates
    "SETTINGS_OUT_OF_DATE": ErrorKind(
        409, "Cấu hình của đợt thi đua vừa được đổi (nay là phiên bản {version}): hãy xem lại các thay đổi rồi áp dụng."
    ),
    "SETTINGS_UNCHANGED": ErrorKind(422, "Tệp kế hoạch không thay đổi gì so với cấu hình đang áp dụng."),
    "SETTINGS_FIELD_FIXED": ErrorKind(
        422, "Không đổi được «{field}» của đợt thi đua đang chạy: nạp kế hoạch đó dưới một mã mới."
    ),
    "SETTINGS_TOO_MANY_CHANGES": ErrorKind(
        422, "Tệp thay đổi {count} mục (tối đa {max}): đó là một kế hoạch khác, hãy nạp dưới một mã mới."
    ),
    "SETTINGS_IN_SESSION": ErrorKind(
        409, "Hội đồng đang họp: không đổi đối tượng, tiêu chuẩn, hình thức, chỉ tiêu hay quy tắc của Hội đồng lúc này."
    ),
    "SUBJECT_KIND_IN_USE": ErrorKind(
        409, "Không bỏ được đối tượng {kinds}: đã có hồ sơ đề nghị khen thưởng đối tượng này."
    ),
    "QUOTA_BELOW_AWARDS": ErrorKind(
        409, "Không hạ chỉ tiêu {group_name} xuống {max}: Hội đồng đã đề nghị khen thưởng {count} {group_name}."
    ),
    "DEADLINE_BEFORE_SUBMISSION": ErrorKind(
        409, "Không đổi hạn nộp thành trước ngày {deadline}: đã có hồ sơ nộp ngày {submitted_on}."
    ),
    "DEADLINE_IN_THE_PAST": ErrorKind(422, "{step} tính ra là ngày {deadline}, đã qua (hôm nay {today})."),
    "EVENT_DATES_CHANGED": ErrorKind(
        409, "Ngày của các mốc vừa được người khác ghi: hãy tải lại trang rồi ghi lại."
    ),
    "DOCUMENT_CANNOT_BE_MADE": ErrorKind(409, "Không lập được văn bản từ dữ liệu hiện có ({reason}); báo quản trị hệ thống."),
    "SESSION_OPENING": ErrorKind(409, "Phiên họp Hội đồng đang được khai mạc; vui lòng tải lại trang sau giây lát."),
    "NOT_A_MEMBER": ErrorKind(403, "{name} không phải thành viên Hội đồng Thi đua - Khen thưởng."),
    "MEMBER_ABSENT": ErrorKind(
        409, "{name} vắng mặt tại phiên họp: ý kiến bằng văn bản do thư ký Hội đồng ghi nhận."
    ),
    "MEMBER_PRESENT": ErrorKind(422, "{name} có mặt tại phiên họp, tự bỏ phiếu; không ghi ý kiến bằng văn bản."),
    "BALLOT_INCOMPLETE": ErrorKind(422, "Phiếu chưa biểu quyết cho: {names}."),
    "BALLOT_PAGE_OUT_OF_ORDER": ErrorKind(
        409, "Phần {page}/{pages} của phiếu không theo thứ tự đã gửi; hãy gửi lại cả phiếu từ đầu."
    ),
    "UNKNOWN_CANDIDATE": ErrorKind(422, "Không có «{ref}» trong danh sách trình Hội đồng."),
    "BALLOTS_MISSING": ErrorKind(409, "Chưa bỏ phiếu: {names}."),
    # a tie at a hard quota's edge (workflows/tally.py): a re-vote of the members present, then the chair
    "BALLOTS_CLOSED": ErrorKind(
        409, "Hội đồng đang xét lại những người bằng phiếu ở chỉ tiêu: phiếu biểu quyết, ý kiến bằng văn bản đã chốt."
    ),
    "NO_REVOTE": ErrorKind(409, "Không có vòng bỏ phiếu lại nào đang chờ phiếu."),
    "REVOTE_NOT_TIED": ErrorKind(422, "«{name}» không thuộc những người bằng phiếu được bỏ phiếu lại: {names}."),
    "REVOTE_TOO_MANY": ErrorKind(422, "Chỉ còn {places} suất: chọn nhiều nhất {places} người, phiếu này chọn {chosen}."),
    "REVOTE_BALLOTS_MISSING": ErrorKind(409, "Chưa bỏ phiếu lại (vòng {round}): {names}."),
    "NO_TIE_DECISION": ErrorKind(409, "Không có trường hợp bằng phiếu nào chờ Chủ tịch Hội đồng quyết định."),
    "TIE_DECISION_MISSING": ErrorKind(
        409, "Bỏ phiếu lại vẫn bằng nhau: chờ Chủ tịch Hội đồng quyết định chọn {places} trong số {names}."
    ),
    "TIE_CHOICE_COUNT": ErrorKind(422, "Còn {places} suất: cần chọn đúng {places} trong số {names} (đã chọn {chosen})."),
    "QUOTA_REASON_REQUIRED": ErrorKind(
        422, "Số {group_name} đạt ngưỡng ({count}) vượt chỉ tiêu {max:02d}: cần ghi lý do đề nghị vượt chỉ tiêu."
    ),
    # registration (đăng ký thi đua): db/registrations.py
    "NOT_REGISTERED": ErrorKind(
        409, "Chưa đăng ký thi đua: {names}. Kế hoạch chỉ xét đề nghị khen thưởng cho đơn vị, tập thể, cá nhân đã "
        "đăng ký thi đua (hạn đăng ký {deadline}, gửi {office}). Hãy đăng ký (hoặc kiểm tra tên đã đăng ký) rồi lập lại."
    ),
    "REGISTRATION_NOT_ASKED": ErrorKind(409, "Kế hoạch của đợt thi đua «{campaign}» không yêu cầu đăng ký thi đua."),
    "REGISTRANT_NOT_ASKED": ErrorKind(422, "Kế hoạch nhận đăng ký thi đua của {allowed}; không nhận đăng ký của {registrant}."),
    "REGISTRATION_NAME_REQUIRED": ErrorKind(422, "Cần ghi tên {registrant} đăng ký thi đua."),
    "REGISTRATION_TARGETS_REQUIRED": ErrorKind(
        422, "Kế hoạch yêu cầu bản đăng ký ghi chỉ tiêu, danh hiệu đăng ký: cần ít nhất một chỉ tiêu."
    ),
    "REGISTRATION_TOO_MANY_TARGETS": ErrorKind(422, "Bản đăng ký ghi {count} chỉ tiêu; kế hoạch nhận tối đa {max}."),
    "REGISTRATION_LATE": ErrorKind(
        409, "Đã quá hạn đăng ký thi đua: phải đăng ký trước ngày {deadline}. Bản đăng ký giấy đã gửi đúng hạn do "
        "{office} nhập, ghi ngày nhận."
    ),
    "REGISTRATION_RECEIVED_LATE": ErrorKind(
        409, "Bản đăng ký nhận ngày {received_on}, không trước hạn đăng ký (trước ngày {deadline}): đã quá hạn, không nhập."
    ),
    "REGISTRATION_RECEIVED_IN_FUTURE": ErrorKind(422, "Ngày nhận bản đăng ký {received_on} chưa tới (hôm nay {today})."),
    "REGISTRATION_EXISTS": ErrorKind(409, "«{name}» đã đăng ký thi đua trong đợt này (ngày {registered_on})."),
    "REGISTRATION_NOT_FOUND": ErrorKind(404, "Không có bản đăng ký thi đua số {registration_id}."),
    "REGISTRATION_WITHDRAWN": ErrorKind(409, "Bản đăng ký thi đua số {registration_id} đã được rút."),
    # the registry of records
    "RECORD_NOT_FOUND": ErrorKind(404, "Không tìm thấy bản ghi số {record_id} trong sổ theo dõi."),
    "RECORD_INVALID": ErrorKind(422, "Bản ghi không hợp lệ: {problems}."),
    "RECORD_DUPLICATE": ErrorKind(409, "Sổ theo dõi đã có việc này: bản ghi số {record_id} ({summary})."),
    "PERSON_NOT_FOUND": ErrorKind(422, "Không có cá nhân mã {person_id} trong danh sách."),
    "MATCH_NOT_A_CANDIDATE": ErrorKind(
        422,
        "Mã {chosen} không nằm trong số người, đơn vị có thể là «{name}» của bản ghi số {record_id}; "
        "chọn một trong: {candidates}.",
    ),
    "MATCH_ALREADY_RESOLVED": ErrorKind(409, "Bản ghi số {record_id} đã xác định được đối tượng: {name}."),
    "IMPORT_FILE_INVALID": ErrorKind(422, "Tệp {filename} không nhập được, chưa nhận dòng nào: {problems}."),
    # the register of awards (db/awards.py)
    "AWARD_INVALID": ErrorKind(422, "Khen thưởng không ghi được: {problems}."),
    "AWARD_NOT_FOUND": ErrorKind(404, "Không có khen thưởng số {award_id} trong sổ khen thưởng của cơ quan."),
    "AWARD_DUPLICATE": ErrorKind(409, "Sổ khen thưởng đã có khen thưởng này (số {award_id}: {summary}); không ghi lại."),
    "AWARD_ALREADY_REVOKED": ErrorKind(409, "Khen thưởng số {award_id} đã bị hủy bỏ theo Quyết định số {number}."),
    # the directory: an issuer's units, people and users (db/directory.py), the issuers
    "ISSUER_NOT_FOUND": ErrorKind(404, "Không có cơ quan mã số {issuer_id}."),
    "ISSUER_CODE_TAKEN": ErrorKind(409, "Đã có cơ quan mã «{issuer_code}»; hãy chọn mã khác."),
    "NO_OWN_ISSUER": ErrorKind(
        403, "Tài khoản quản trị hệ thống không thuộc cơ quan nào: đơn vị, cán bộ, người dùng do quản trị của từng cơ quan quản lý."
    ),
    "DIRECTORY_UNIT_NOT_FOUND": ErrorKind(404, "Cơ quan của bạn không có đơn vị mã số {unit_id}."),
    "DIRECTORY_PERSON_NOT_FOUND": ErrorKind(404, "Cơ quan của bạn không có cán bộ mã số {person_id}."),
    "DIRECTORY_USER_NOT_FOUND": ErrorKind(404, "Cơ quan của bạn không có tài khoản mã số {user_id}."),
    "UNIT_CODE_TAKEN": ErrorKind(409, "Đã có đơn vị mã «{unit_code}» ({name}); hãy chọn mã khác."),
    "UNIT_INACTIVE": ErrorKind(
        422, "Đơn vị «{name}» đã ngừng hoạt động: không chọn được cho cán bộ, tài khoản hay đơn vị mới."
    ),
    "UNIT_PARENT_INVALID": ErrorKind(422, "Đơn vị cấp trên không hợp lệ: {reason}."),
    "ID_NUMBER_INVALID": ErrorKind(422, "Số CCCD không hợp lệ: {reason}."),
    "ID_NUMBER_TAKEN": ErrorKind(409, "Số CCCD này đã là của cán bộ khác trong cơ quan: {name} (mã số {person_id})."),
    "USERNAME_TAKEN": ErrorKind(409, "Tên đăng nhập «{username}» đã có người dùng; hãy chọn tên khác."),
    "ROLE_NOT_ALLOWED": ErrorKind(422, "Không giao được vai trò «{role}» cho tài khoản của cơ quan."),
    "CANNOT_DEACTIVATE_SELF": ErrorKind(409, "Không tự ngừng tài khoản của chính mình; nhờ một quản trị khác của cơ quan."),
    "DIRECTORY_IMPORT_REFUSED": ErrorKind(
        422,
        "Tệp {filename} có {refused} dòng không nhận được nên chưa ghi dòng nào của tệp. Sửa các dòng đó "
        "(xem lý do từng dòng) rồi nhập lại cả tệp.",
    ),
    # reform reports
    "REFORM_PLAN_NOT_FOUND": ErrorKind(422, "Không có kế hoạch cải cách hành chính mã «{campaign}»."),
    "UNKNOWN_REPORT_PERIOD": ErrorKind(
        422, "Kế hoạch «{campaign}» không có kỳ báo cáo «{period}»; các kỳ: {allowed}."
    ),
    "REPORT_PERIOD_NOT_OPEN": ErrorKind(409, "Chưa đến kỳ gửi «{period_name}»: báo cáo được nhận từ ngày {opens_on}."),
    "REPORT_FIGURES_INVALID": ErrorKind(422, "Số liệu báo cáo không hợp lệ: {problems}"),
    "NO_HIGHER_AWARD": ErrorKind(422, "Kế hoạch không có hình thức đề nghị cấp trên khen thưởng."),
    "HIGHER_NOT_AWARDED": ErrorKind(422, "Chỉ đề nghị cấp trên cho tập thể, cá nhân được Hội đồng đề nghị khen thưởng: {names}."),
    # generated documents
    "MINUTES_NOT_RECORDED": ErrorKind(409, "Hồ sơ {dossier_id} chưa ghi biên bản họp bình xét nên chưa lập được biên bản."),
    "NO_COUNCIL_RESULTS": ErrorKind(
        409, "Hội đồng chưa họp xét đợt thi đua «{campaign}»: chưa có kết quả để lập tờ trình, dự thảo quyết định."
    ),
    "DECISION_NOT_SIGNED": ErrorKind(
        409, "Quyết định khen thưởng của đợt thi đua «{campaign}» chưa được ký: chưa có số, ngày để lập văn bản này."
    ),
    "UNKNOWN_AWARDEE": ErrorKind(404, "Quyết định không có «{ref}» trong danh sách được khen thưởng."),
    "DOCUMENT_ALTERED": ErrorKind(
        409,
        "Tệp Quyết định số {number} đã bị thay đổi sau khi ký (mã SHA-256 lúc ký {recorded}, hiện nay {current}); "
        "không cấp tệp này. Đối chiếu bản gốc đã ký lưu tại văn thư.",
    ),
    "PDF_UNAVAILABLE": ErrorKind(503, "{reason}"),
    "SERVER_ERROR": ErrorKind(
        500, "Máy chủ gặp lỗi khi xử lý yêu cầu này (mã yêu cầu {request_id}); lỗi đã được ghi lại. Hãy thử lại sau ít phút."
    ),
    # the workflow service: try again (Retry-After), with the same request id
    "ACTION_PENDING": ErrorKind(
        503,
        "Thao tác đang được xử lý, chưa xong sau {seconds} giây; khi xong, nó được thực hiện một lần. Hãy thử lại "
        "sau ít phút với cùng mã yêu cầu {request_id}: thao tác không bị thực hiện hai lần.",
    ),
    "TEMPORAL_UNAVAILABLE": ErrorKind(
        503, "Hệ thống đang tạm ngưng xử lý thao tác (máy chủ quy trình chưa sẵn sàng). Hãy thử lại sau ít phút."
    ),
}


def error_message(code: str, details: dict[str, Any]) -> str:
    return ERRORS[code].message.format(**details)


def user_error(code: str, **details: Any) -> ApplicationError:
    """The exception a validator raises: rejected before anything is written to the history."""
    return ApplicationError(error_message(code, details), details, type=code, non_retryable=True)
