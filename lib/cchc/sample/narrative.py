"""The analysts' narrative of each report, by section (params/<year>/<slug>.yaml `narrative`).

Sentences that carry a figure the registers compute (counts of staff, dossiers, computers,
signatures, percentages, "không ban hành văn bản QPPL") are not here: the notebooks write them.
Documents are cited with `{vb:...}` placeholders resolved from the documents register.
"""
from __future__ import annotations

import random


def seed_2023(vb: dict[str, str]) -> dict[str, list[str]]:
    """Report 227/BC-UBND of phường Nguyễn Nghiêm, its own words (figures and stale text left out)."""
    return {
        "direction": [
            "Trên cơ sở chức năng, nhiệm vụ của cán bộ, công chức, những người hoạt động không chuyên trách, "
            f"UBND phường Nguyễn Nghiêm đã ban hành {vb['plan']}, trong đó tập trung vào các nội dung như: "
            "Công tác chỉ đạo, điều hành; Cải cách thể chế; Cải cách thủ tục hành chính; Cải cách tổ chức bộ "
            "máy; Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức; Cải cách tài chính công; Xây dựng "
            "và phát triển chính quyền điện tử, chính quyền số; trong đó phân công cụ thể nhiệm vụ đối với "
            "từng cán bộ, công chức, bộ phận có liên quan và tiến độ triển khai thực hiện nhiệm vụ.",
            "Xác định chỉ đạo, điều hành CCHC là một trong các giải pháp trọng tâm, UBND phường đã chỉ đạo cán "
            "bộ, công chức tập trung thực hiện các nhiệm vụ nêu trong kế hoạch CCHC, phân công trách nhiệm, "
            "quy định mối quan hệ phối hợp của cán bộ, công chức bảo đảm cho việc quản lý, điều hành công tác "
            "CCHC thống nhất, đồng bộ, phù hợp với chức năng, nhiệm vụ của các cán bộ, công chức; đẩy mạnh công "
            "tác CCHC nhằm nâng cao hiệu lực, hiệu quả quản lý của bộ máy nhà nước trên địa bàn; tiếp tục tập "
            "trung cải cách TTHC theo cơ chế “Một cửa”.",
            "Việc thống kê, báo cáo công tác CCHC và tuyên truyền CCHC theo định kỳ luôn được thực hiện đúng "
            "thời gian và đúng nội dung quy định.",
            "Về kiểm tra công tác CCHC: Nội dung kiểm tra tập trung vào việc chấp hành kỷ luật, kỷ cương hành "
            "chính; việc thực hiện tiếp nhận và giải quyết hồ sơ cho tổ chức, cá nhân.",
        ],
        "communication": [
            f"UBND phường Nguyễn Nghiêm đã ban hành {vb['comm']}; nội dung tập trung tuyên truyền công tác cải "
            "cách hành chính của tỉnh, thị xã giai đoạn 2022-2025 và các văn bản khác về công tác CCHC để nâng "
            "cao nhận thức của đội ngũ cán bộ, công chức và các tầng lớp nhân dân về vai trò, ý nghĩa của công "
            "tác CCHC, góp phần nâng cao chất lượng, hiệu quả công tác CCHC trên địa bàn phường.",
            "Giao cho bộ phận Văn hóa – Xã hội, Đài truyền thanh, Tư pháp – Hộ tịch phối hợp xây dựng chương "
            "trình, kế hoạch tuyên truyền về nhiệm vụ CCHC của địa phương đến cán bộ, công chức và nhân dân; "
            "niêm yết công khai các thủ tục, quy định về giải quyết thủ tục hành chính để nhân dân theo dõi và "
            "thực hiện.",
        ],
        "institutions": [
            f"UBND phường đã ban hành nhiều văn bản chỉ đạo, triển khai như: {vb['inst1']}; {vb['inst2']}; "
            f"{vb['inst3']}.",
            f"Việc xây dựng, ban hành văn bản quy phạm pháp luật được thực hiện theo {vb['nd34']}.",
            "Đối với công tác soạn thảo và ban hành văn bản hành chính, bảo đảm tuân thủ chặt chẽ theo trình "
            "tự, thủ tục và đúng thẩm quyền đối với từng loại văn bản theo hướng dẫn về thể thức và kỹ thuật "
            f"trình bày văn bản hành chính tại {vb['nd30']}.",
        ],
        "procedures": [
            f"UBND phường đã ban hành {vb['tthc']}; Phân công công chức Văn phòng - Thống kê làm đầu mối kiểm "
            "soát thủ tục hành chính chủ trì, phối hợp với các công chức chuyên môn thường xuyên rà soát các "
            "thủ tục, các danh mục thủ tục hành chính và kiến nghị đơn giản hóa thủ tục hành chính.",
            "Chỉ đạo cán bộ kiểm soát TTHC thường xuyên cập nhật các quyết định của UBND tỉnh về công bố danh "
            "mục thủ tục hành chính được sửa đổi, bổ sung, bãi bỏ để niêm yết công khai tại bộ phận Một cửa, "
            "trên Cổng thông tin điện tử phường. Duy trì công khai đầy đủ số điện thoại và địa chỉ thư điện tử "
            "của người đứng đầu cơ quan và công chức được phân công tiếp nhận phản ánh, kiến nghị; số điện "
            "thoại và địa chỉ của Phòng Cải cách hành chính – UBND tỉnh.",
        ],
        "one_stop": [
            "Bộ phận một cửa đang sử dụng phần mềm một cửa dùng chung và được cài đặt đến tất cả công chức phụ "
            "trách một cửa, sử dụng và cập nhật ổn định.",
            "UBND phường thực hiện nghiêm túc việc niêm yết công khai, minh bạch các quy trình, biểu mẫu, thủ "
            "tục hành chính; nội quy làm việc của bộ phận tiếp nhận và trả kết quả.",
            "Việc khảo sát, đánh giá mức độ hài lòng đối với tổ chức, cá nhân về thực hiện thủ tục hành chính "
            "tại bộ phận “Một cửa” được thực hiện thường xuyên.",
        ],
        "organisation": [
            "Cán bộ, công chức, người lao động của phường Nguyễn Nghiêm luôn thực hiện tốt nội quy, quy chế làm "
            "việc của UBND; Quy chế thi đua, khen thưởng, quy tắc ứng xử.",
            "Tiếp tục sử dụng và bố trí các cán bộ, công chức, người lao động đảm nhiệm các công việc theo đúng "
            f"quy định tại {vb['qd947']} và {vb['nq20']}.",
            # The seed's sentence on salary policy opens the computed raises sentence (prose.staff).
        ],
        "staff": [
            "Tạo điều kiện thuận lợi cho CBCC tham gia các lớp đào tạo, bồi dưỡng chuyên môn, nghiệp vụ, đáp "
            "ứng nhu cầu vị trí việc làm.",
            "Thường xuyên tổ chức, kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính của cán bộ, công chức "
            f"theo {vb['qd48']}. Tổ chức bình xét khen thưởng, kỷ luật, nhắc nhở cán bộ công chức hằng quý "
            "theo đúng quy định.",
        ],
        "staff_conclusion": [  # after the figures it sums up
            "Nhìn chung, đội ngũ CBCC được bố trí các chức danh chuyên môn đáp ứng được yêu cầu nhiệm vụ ở địa "
            "phương, đảm bảo được các công việc đều có người phụ trách để tham mưu cho Lãnh đạo UBND, đảm bảo "
            "thực hiện nhiệm vụ phát triển kinh tế - xã hội, an ninh quốc phòng ở địa phương.",
        ],
        "public_finance": [
            "UBND phường đã chủ động thực hiện dự toán ngân sách hằng năm, sắp xếp bộ máy tinh gọn, hợp lý, sử "
            f"dụng kinh phí tiết kiệm hiệu quả; ban hành {vb['finance']}; nâng cao chất lượng hoạt động, đẩy "
            "mạnh xã hội hóa để tăng cường khai thác các nguồn thu, tiết kiệm chi và phát triển hoạt động sự "
            "nghiệp.",
        ],
        "e_government": [
            # The computers, the signatures and the website's activity are computed sentences
            # (prose.indicators): the narrative does not repeat them.
            f"UBND phường đã ban hành {vb['it']}. Hiện nay, cơ quan sử dụng phần mềm một cửa điện tử thuộc "
            "Trung tâm dịch vụ hành chính công trực tuyến của Tỉnh.",
            "Chủ tịch, Phó Chủ tịch UBND, Công chức Văn phòng – Thống kê, Tư pháp – Hộ tịch phường đều có tài "
            "khoản dịch vụ công Quốc gia để thực hiện nhiệm vụ báo cáo công tác KSTTHC và giải quyết hồ sơ thủ "
            "tục hành chính; tất cả cán bộ, công chức chuyên môn đều có tài khoản và sử dụng thành thạo phần "
            "mềm Eoffice; Trang thông tin điện tử, Facebook của phường do công chức Văn hóa – Xã hội trực tiếp "
            "phụ trách.",
        ],
        "iso": [
            f"UBND phường đã ban hành {vb['iso']} và tổ chức thực hiện theo nội dung kế hoạch. Giao cho Thư ký "
            "ISO (Công chức Văn phòng - Thống kê) theo dõi, đôn đốc các công chức chuyên môn thực hiện đúng theo "
            "quy trình ISO. Thực hiện đánh giá nội bộ tại cơ quan.",
        ],
        "strengths": [
            "Công tác xây dựng, phát triển đội ngũ cán bộ, công chức được quan tâm, từ đó chất lượng đội ngũ cán "
            "bộ, công chức trong bộ máy hành chính nhà nước được nâng lên đáp ứng yêu cầu nhiệm vụ.",
            "Cơ sở vật chất, trang thiết bị được quan tâm, đầu tư là điều kiện để nâng cao chất lượng, hiệu quả "
            "trong thực hiện nhiệm vụ phát triển kinh tế - xã hội của địa phương.",
            "Trình tự thực hiện các TTHC ngày càng được quy định cụ thể rõ ràng, được công khai, minh bạch, việc "
            "hướng dẫn và tiếp nhận hồ sơ nhìn chung thực hiện tương đối tốt, các tổ chức, cá nhân đến liên hệ "
            "và nộp hồ sơ đều thông qua bộ phận tiếp nhận và trả kết quả. Nơi tiếp nhận và trả kết quả hồ sơ "
            "được đầu tư khang trang, lịch sự, thể hiện sự trân trọng của cơ quan hành chính Nhà nước đối với "
            "nhân dân. TTHC được niêm yết công khai, minh bạch về quy trình, phí (lệ phí) và thời gian giải "
            "quyết hồ sơ tạo được nhiều thuận lợi cho công dân. Đồng thời, giúp cho nhân dân tham gia giám sát "
            "các hoạt động giải quyết TTHC của cơ quan hành chính Nhà nước và của CBCC.",
            "Cải cách TTHC có nhiều chuyển biến tích cực, thái độ phục vụ của cán bộ, công chức có nhiều chuyển "
            "biến tốt và đang tạo được lòng tin từ công dân.",
            "Việc ứng dụng công nghệ thông tin trong hoạt động cải cách hành chính, hoạt động của các phần mềm, "
            "trang thông tin điện tử dần đi vào nề nếp giúp nâng cao chất lượng hoạt động và góp phần xây dựng "
            "nền hành chính hiện đại, chuyên nghiệp.",
        ],
        "limitations": [
            "Chất lượng đường truyền trên hệ thống phần mềm Một cửa đôi lúc còn chậm, làm ảnh hưởng đến việc trả "
            "kết quả, số hóa hồ sơ.",
            "Lỗi hệ thống phần mềm từ Bộ Tư pháp nên dẫn đến việc không thực hiện ký số hồ sơ được.",
        ],
        "directions": [
            "Tăng cường công tác tuyên truyền về đẩy mạnh CCHC, nâng cao hiệu lực, hiệu quả quản lý của bộ máy "
            "nhà nước cho toàn thể cán bộ, công chức; thực hiện niêm yết công khai đầy đủ, kịp thời các TTHC "
            "theo quy định.",
            "Đổi mới và nâng cao chất lượng, hiệu quả công tác xây dựng và ban hành văn bản quy phạm pháp luật; "
            "thực hiện tốt công tác kiểm tra, tự kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật tại "
            "địa phương.",
            "Triển khai thực hiện có hiệu quả hoạt động kiểm soát thủ tục hành chính; nâng cao chất lượng thực "
            "hiện giải quyết thủ tục hành chính theo cơ chế một cửa tại Ủy ban nhân dân phường.",
            "Tiếp tục chỉ đạo thực hiện có hiệu quả kế hoạch CCHC năm 2024, kế hoạch kiểm soát TTHC năm 2024, "
            "triển khai và ứng dụng CNTT năm 2024 của phường.",
            "Tiếp tục nâng cao lề lối, phương pháp làm việc, tăng cường kỷ cương, kỷ luật hành chính theo Chỉ "
            f"thị số 31/CT của Ban Thường vụ Tỉnh ủy và {vb['qd48']}.",
            "Chú trọng công tác quy hoạch, đào tạo, bồi dưỡng cán bộ, công chức nâng cao trình độ chuyên môn, "
            "nghiệp vụ; đảm bảo thực hiện đúng chế độ, chính sách đối với cán bộ, công chức theo quy định hiện "
            "hành.",
            "Thực hiện tốt quản lý chi tiêu chặt chẽ, tạo sự chủ động và tăng cường trách nhiệm của các ban, "
            "ngành, đơn vị, đảm bảo minh bạch, hiệu quả và công khai trong việc chi tiêu ngân sách.",
            "Tham gia đầy đủ các lớp tập huấn về cải cách hành chính do cấp trên triển khai.",
            "Thực hiện tốt việc tiếp nhận và trả kết quả thủ tục hành chính cho người dân, lấy sự hài lòng của "
            "tổ chức và nhân dân là thước đo trong công tác cải cách hành chính.",
            "Kịp thời ban hành các văn bản chỉ đạo CCHC theo chỉ đạo của cấp trên. Tăng cường trang bị cơ sở vật "
            "chất, ứng dụng những tiến bộ về công nghệ trong quản lý, xử lý công việc nhằm nâng cao chất lượng "
            "lãnh đạo, chỉ đạo điều hành; cập nhật các TTHC do UBND tỉnh Quảng Ngãi công bố thuộc thẩm quyền "
            "giải quyết để niêm yết, công khai theo quy định.",
        ],
        "recommendations": [
            "Đầu tư các điều kiện thiết yếu cho CCHC như cơ sở vật chất, trang thiết bị, nhằm hiện đại hóa công "
            "sở, nâng cao chất lượng dịch vụ công để phục vụ tốt hơn cho các tổ chức, cá nhân khi đến giao "
            "dịch; ban hành các chính sách, chế độ cho đội ngũ làm công tác CCHC.",
            "Thường xuyên mở lớp đào tạo, bồi dưỡng, triển khai ứng dụng phần mềm mới, khoa học quản lý cho công "
            "chức tại “Bộ phận một cửa” để cơ chế “Một cửa” và Chương trình CCHC nhà nước tại địa phương thực sự "
            "đem lại hiệu quả cao.",
        ],
    }


# Pools of paragraphs for the other units; {u} is "phường Phổ Hòa", {k} the kind, {vb:role} a citation.
POOLS = {
    "direction": [
        "Ngay từ đầu năm, UBND {u} đã ban hành {plan}, xác định rõ nhiệm vụ trọng tâm, phân công trách "
        "nhiệm cụ thể cho từng cán bộ, công chức và thời hạn hoàn thành.",
        "Thực hiện {town}, UBND {u} đã cụ thể hóa các nhiệm vụ cải cách hành chính phù hợp với tình hình "
        "thực tế của địa phương.",
        "Chủ tịch UBND {k} trực tiếp chỉ đạo công tác cải cách hành chính; định kỳ hằng quý đánh giá kết "
        "quả thực hiện tại cuộc họp giao ban của UBND.",
        "Công tác kiểm tra cải cách hành chính tập trung vào việc chấp hành kỷ luật, kỷ cương hành chính và "
        "việc tiếp nhận, giải quyết hồ sơ tại Bộ phận Một cửa.",
    ],
    "communication": [
        "UBND {u} đã ban hành {comm}; nội dung tuyên truyền được lồng ghép trong các buổi sinh hoạt của "
        "{{to_dan_pho}} và trên hệ thống truyền thanh của {k}.",
        "Đài truyền thanh {k} thường xuyên phát các tin, bài về thủ tục hành chính, dịch vụ công trực "
        "tuyến và thanh toán trực tuyến để người dân biết, thực hiện.",
        "Đoàn Thanh niên {k} phối hợp hướng dẫn người dân cài đặt ứng dụng VNeID và nộp hồ sơ trực tuyến "
        "tại Bộ phận Một cửa.",
    ],
    "institutions": [
        "UBND {u} đã ban hành {inst3} và {inst1}; công tác rà soát văn bản được thực hiện thường xuyên.",
        "Việc xây dựng, ban hành văn bản quy phạm pháp luật của {k} được thực hiện theo {nd34}.",
        "Văn bản hành chính của UBND {k} được soạn thảo, trình bày đúng thể thức theo {nd30}.",
    ],
    "procedures": [
        "UBND {u} đã ban hành {tthc}; công chức Văn phòng - Thống kê làm đầu mối kiểm soát thủ tục hành "
        "chính, thường xuyên rà soát, cập nhật danh mục thủ tục hành chính được công bố.",
        "{{neu:trang_thong_tin}}Các thủ tục hành chính thuộc thẩm quyền giải quyết của {k} được niêm yết công khai đầy đủ tại Bộ "
        "phận Một cửa và trên Trang thông tin điện tử của {k}.",
    ],
    "one_stop": [
        "Bộ phận Một cửa được bố trí ở vị trí thuận tiện, có đủ bàn ghế, máy tính, máy quét và màn hình tra "
        "cứu cho người dân.",
        "Công chức Bộ phận Một cửa hướng dẫn tận tình, hỗ trợ người dân nộp hồ sơ trực tuyến ngay tại chỗ.",
        "Hồ sơ tiếp nhận qua dịch vụ bưu chính công ích được cập nhật kịp thời vào phần mềm một cửa.",
        "Việc lấy ý kiến đánh giá mức độ hài lòng của người dân được thực hiện qua phiếu khảo sát và trên "
        "phần mềm một cửa điện tử.",
    ],
    "organisation": [
        "UBND {k} thực hiện nghiêm quy chế làm việc, phân công nhiệm vụ rõ ràng cho từng thành viên UBND và "
        "công chức chuyên môn.",
        "Việc bố trí cán bộ, công chức, người hoạt động không chuyên trách thực hiện theo {qd947} và {nq20}.",
    ],
    "staff": [
        "UBND {k} tạo điều kiện cho cán bộ, công chức tham gia các lớp đào tạo, bồi dưỡng chuyên môn, nghiệp "
        "vụ và lý luận chính trị theo kế hoạch của thị xã.",
        "Việc chấp hành kỷ luật, kỷ cương hành chính được kiểm tra thường xuyên theo {qd48}.",
        "Đội ngũ cán bộ, công chức cơ bản đáp ứng yêu cầu nhiệm vụ; tinh thần, thái độ phục vụ nhân dân có "
        "nhiều chuyển biến tích cực.",
    ],
    "public_finance": [
        "UBND {k} thực hiện nghiêm túc {finance}; công khai dự toán, quyết toán ngân sách theo quy định.",
        "Việc quản lý, sử dụng tài sản công đúng mục đích, tiết kiệm; không để xảy ra thất thoát, lãng phí.",
    ],
    "e_government": [
        "UBND {u} đã ban hành {it}; hệ thống mạng nội bộ và đường truyền Internet hoạt động ổn định.",
        "Cán bộ, công chức sử dụng thành thạo phần mềm quản lý văn bản và điều hành, hộp thư điện tử công vụ "
        "và phần mềm một cửa điện tử của tỉnh.",
        "{{neu:trang_thong_tin}}Công chức Văn hóa - Xã hội phụ trách Trang thông tin điện tử của {k}, đăng tải "
        "kịp thời văn bản chỉ đạo và thủ tục hành chính.",
    ],
    "iso": [
        "UBND {u} đã ban hành {iso}; công chức Văn phòng - Thống kê làm thư ký ISO, theo dõi việc áp dụng các "
        "quy trình.",
        "Các quy trình ISO được cập nhật khi có thủ tục hành chính mới được công bố; đánh giá nội bộ được "
        "thực hiện theo kế hoạch.",
    ],
    "strengths": [
        "Công tác chỉ đạo, điều hành cải cách hành chính được quan tâm, triển khai kịp thời, đồng bộ.",
        "Thủ tục hành chính được niêm yết công khai, minh bạch; thái độ phục vụ của công chức Bộ phận Một cửa "
        "được người dân đánh giá cao.",
        "Việc ứng dụng công nghệ thông tin trong giải quyết công việc ngày càng đi vào nề nếp.",
        "Người dân ngày càng quen với việc nộp hồ sơ trực tuyến và thanh toán phí, lệ phí qua mạng.",
    ],
    "limitations": [
        "Một số người dân, nhất là người cao tuổi, chưa quen sử dụng dịch vụ công trực tuyến.",
        "Trang thiết bị phục vụ số hóa hồ sơ còn thiếu; đường truyền đôi lúc chậm.",
        "Công chức kiêm nhiệm nhiều việc nên việc số hóa kết quả giải quyết có lúc chưa kịp thời.",
        "Phần mềm một cửa điện tử có thời điểm gặp lỗi, ảnh hưởng đến việc tiếp nhận và trả kết quả.",
    ],
    "directions": [
        "Tiếp tục thực hiện có hiệu quả kế hoạch cải cách hành chính năm {n} của {k}.",
        "Đẩy mạnh tiếp nhận hồ sơ trực tuyến, thanh toán trực tuyến và số hóa hồ sơ, kết quả giải quyết thủ "
        "tục hành chính.",
        "Tăng cường kỷ luật, kỷ cương hành chính; nâng cao tinh thần, thái độ phục vụ nhân dân.",
        "Tạo điều kiện cho cán bộ, công chức tham gia đào tạo, bồi dưỡng nâng cao trình độ chuyên môn, "
        "nghiệp vụ.",
        "Tiếp tục duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",
    ],
    "recommendations": [
        "Đề nghị UBND thị xã quan tâm đầu tư trang thiết bị cho Bộ phận Một cửa, nhất là máy quét phục vụ số "
        "hóa hồ sơ.",
        "Đề nghị tổ chức các lớp tập huấn về số hóa hồ sơ và sử dụng phần mềm một cửa điện tử cho công chức.",
        "Đề nghị khắc phục kịp thời lỗi của phần mềm một cửa điện tử và nâng cấp đường truyền.",
    ],
}


def generic(rng: random.Random, unit_full: str, kind: str, year: int, vb: dict[str, str],
            postal: bool = False) -> dict[str, list[str]]:
    """A shorter narrative, different from unit to unit: a random subset of each pool, in order."""
    fill = dict(vb, u=unit_full, k=kind, n=year + 1)
    out = {}
    for section, pool in POOLS.items():
        k = rng.randint(1, min(len(pool), 3))
        picked = sorted(rng.sample(range(len(pool)), k))
        paras = []
        for i in picked:
            para = pool[i]
            if "bưu chính" in para and not postal:
                continue
            try:
                paras.append(para.format(**fill))
            except KeyError:  # cites a document this unit does not have
                continue
        if paras:
            out[section] = paras
    # The conclusion on the staff follows the staff figures (narrative key staff_conclusion).
    conclusion = [p for p in out.get("staff", []) if p.startswith(STAFF_CONCLUSION)]
    if conclusion:
        out["staff"] = [p for p in out["staff"] if p not in conclusion]
        if not out["staff"]:
            del out["staff"]
        out = _insert_after(out, "staff", "staff_conclusion", conclusion)
    return out


STAFF_CONCLUSION = "Đội ngũ cán bộ, công chức cơ bản đáp ứng yêu cầu nhiệm vụ"


def _insert_after(d: dict, after: str, key: str, value) -> dict:
    """`d` with `key` placed right after `after` (or after the sections before it), as in NARRATIVE_KEYS."""
    from ..model import NARRATIVE_KEYS

    order = list(NARRATIVE_KEYS)
    d = dict(d, **{key: value})
    return {k: d[k] for k in order if k in d}
