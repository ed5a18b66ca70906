"""Administrative phrases whose diacritics the reader restores wherever OCR lost them. Each is written once,
as a plan writes it; it is matched without diacritics and with a little noise (plan_reader/normalise.py)."""

PHRASES = (
    # The letterhead and the document's own words
    "Ủy ban nhân dân", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc", "Kế hoạch", 
    "Căn cứ", "Thực hiện", "ban hành", "như sau", "Về việc", "Nơi nhận", "Lưu: VT",
    "TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch", "Chủ tịch", "Chủ tịch UBND",
    # Levels and places
    "xã", "phường", "thị trấn", "huyện", "thành phố", "thôn, xóm", "trên địa bàn",
    # Legal documents
    "Quyết định", "Nghị định", "Nghị quyết", "Chỉ thị", "Thông tư", "Tờ trình", "Công văn", "Luật Thi đua, khen thưởng",
    "Hội đồng Thi đua - Khen thưởng", "Mẫu số",
    # The plan's parts
    "Mục đích, yêu cầu", "Mục đích", "Yêu cầu", "Đối tượng", "Đối tượng thi đua", "Đối tượng khen thưởng",
    "Nguyên tắc khen thưởng", "Tiêu chuẩn khen thưởng", "Tiêu chuẩn", "Tiêu chí thi đua", "Tiêu chí",
    "Nội dung thi đua", "Thời gian thực hiện", "Thời gian", "Hình thức khen thưởng", "Hình thức, số lượng khen thưởng",
    "Số lượng", "Thủ tục, hồ sơ", "Hồ sơ", "Hồ sơ đề nghị khen thưởng", "Thời gian nộp hồ sơ", "Tổ chức thực hiện",
    "Khen thưởng", "thi đua, khen thưởng", "phong trào thi đua", "đăng ký thi đua",
    # Who
    "Tập thể", "Cá nhân", "tập thể, cá nhân", "Đối với tập thể", "Đối với cá nhân", "Cán bộ, công chức, viên chức",
    "cán bộ, công chức", "người lao động", "Phòng chuyên môn", "đơn vị sự nghiệp", "cơ quan, đơn vị", "các phòng, ban",
    "Phòng Văn hóa - Xã hội", "Phòng Nội vụ", "Phòng Kinh tế", "Văn phòng HĐND và UBND",
    "Trung tâm Dịch vụ sự nghiệp công", "Trung tâm Phục vụ hành chính công", "Đài Truyền thanh - Truyền hình",
    "Ủy ban Mặt trận Tổ quốc Việt Nam", "tổ chức chính trị - xã hội",
    # Awards and dossiers
    "Giấy khen", "Bằng khen", "Tiền thưởng", "Báo cáo thành tích", "Biên bản họp", "Biên bản họp xét khen thưởng",
    "Tờ trình đề nghị khen thưởng", "đề nghị khen thưởng", "tóm tắt thành tích", "danh sách",
    "thành tích xuất sắc", "tiêu biểu", "phát động", "đẩy mạnh", "Nhà nước", "Hoàn thành tốt nhiệm vụ", "trở lên", "không vượt quá", "tối thiểu",
    "đề xuất thêm", "gửi về", "trước ngày", "chậm nhất", "hằng năm",
    # The reform's words, and the areas of the state administrative reform programme
    "Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy", "Cải cách chế độ công vụ",
    "Cải cách tài chính công", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "Công tác chỉ đạo, điều hành",
    "Văn phòng HĐND và UBND",
    "cải cách hành chính", "thủ tục hành chính", "công tác", "nhiệm vụ", "thực hiện", "6 tháng cuối năm",
    "6 tháng đầu năm", "giai đoạn", "Mức độ hài lòng", "người dân và doanh nghiệp", "tuyên truyền", "nêu gương",
    "điển hình tiên tiến", "biểu dương",
)
