"""Phenomena of real commune and ward reports, each in a sentence of our own (never
copied from a report): the figure the extractor must give, or that it must give none."""
from __future__ import annotations

import pytest

from extractor.model import Block, Cell, Document
from extractor.pipeline import document_to_report, text_to_report

CASES = [
    # thousands separated by spaces
    ("Tổng số hồ sơ tiếp nhận: 15 090 hồ sơ.", ("dossiers_received", None, 15090)),
    # the words of a system's name ("Hệ thống thông tin giải quyết TTHC") name no figure
    ("Tổng số hồ sơ tiếp nhận trên Hệ thống thông tin giải quyết TTHC thành phố: 8.420 hồ sơ.", ("dossiers_received", None, 8420)),
    ("Quy mô dân số 43 000 người.", ("population", None, 43000)),
    ("Kinh phí sửa chữa nhà làm việc là 2 850 000 000 đồng.", ("repair_funding_vnd", None, 2850000000)),
    # periods: halves, months, quarters
    ("Trong 6 tháng cuối năm 2025, UBND xã đã ban hành 3.518 văn bản.", ("documents_issued", None, 3518, "2025-07-01", "2025-12-31")),
    ("05 tháng đầu năm 2026, UBND phường ban hành 1.677 văn bản.", ("documents_issued", None, 1677, "2026-01-01", "2026-05-31")),
    # the start of a year as a range's start; a rough period restated with dates in parentheses
    ("Ngày 20/5/2026\nTừ đầu năm 2026 đến ngày 15/5/2026, UBND xã ban hành 1.312 văn bản.",
     ("documents_issued", None, 1312, "2026-01-01", "2026-05-15")),
    ("Năm 2025 (6 tháng cuối năm, từ 01/7/2025 đến 31/12/2025): ban hành 2.018 văn bản.",
     ("documents_issued", None, 2018, "2025-07-01", "2025-12-31")),
    ("Từ ngày 01/7/2025 đến ngày 31/12/2025 (quý III và quý IV/2025): đã ban hành 2.377 văn bản.",
     ("documents_issued", None, 2377, "2025-07-01", "2025-12-31")),
    # stock figures carry no period even after "hiện nay"
    ("Hiện nay xã đang quản lý 31 cơ sở nhà, đất.", ("premises", None, 31, None, None)),
    # a count that continues a dated figure takes its period
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026, xã tiếp nhận 6.867 hồ sơ.\nĐã giải quyết 6.789 hồ sơ.",
     ("dossiers_resolved", None, 6789, "2025-07-01", "2026-04-30")),
    # a later section that states no period goes on counting over the report's period
    ("5. Thủ tục hành chính\na) Kết quả từ ngày 01/7/2025 đến ngày 30/4/2026:\n- Tổng số hồ sơ tiếp nhận: 8.120 hồ sơ.\n"
     "b) Số hóa hồ sơ:\n- Số hồ sơ có lưu kho 5.600 hồ sơ.", ("archived_dossiers", None, 5600, "2025-07-01", "2026-04-30")),
    # ... a count on a day takes only its end, and a stock no period
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026 tiếp nhận 8.120 hồ sơ.\n6. Đội ngũ\nSố cán bộ, công chức có mặt: 47 người.",
     ("staff_present", None, 47, None, "2026-04-30")),
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026 tiếp nhận 8.120 hồ sơ.\n7. Cơ sở vật chất\nXã quản lý 31 cơ sở nhà, đất.",
     ("premises", None, 31, None, None)),
    # a lead-in's period holds the quarters it mentions in passing: it, not the last, governs
    ("5. Thủ tục hành chính\nSố liệu dưới đây lũy kế từ ngày 01/7/2025 đến hết ngày 30/4/2026; hồ sơ tăng nhiều nhất "
     "vào quý IV/2025 và giảm trong quý I/2026.\n- Tổng số hồ sơ tiếp nhận: 8.820 hồ sơ.",
     ("dossiers_received", None, 8820, "2025-07-01", "2026-04-30")),
    # a paragraph that only states the period governs the section's figures below it
    ("6. Giải quyết thủ tục hành chính\nThời gian tính số liệu: từ ngày 01/7/2025 đến ngày 20/5/2026.\n"
     "- Số lượt tiếp công dân: 4 200 lượt.", ("citizen_receptions", None, 4200, "2025-07-01", "2026-05-20")),
    # ... and a lead-in's period runs through the lettered sub-items under it
    ("5. Cải cách thủ tục hành chính\nSố liệu dưới đây tính từ ngày 01/7/2025 đến ngày 14/5/2026:\n"
     "a) Tổng số hồ sơ tiếp nhận 8.120 hồ sơ.\nb) Hồ sơ đã giải quyết 8.004 hồ sơ.",
     ("dossiers_resolved", None, 8004, "2025-07-01", "2026-05-14")),
    # ... even past a sub-item that sets a scope of its own
    ("2. Thủ tục hành chính\n* Số liệu từ ngày 01/7/2025 đến ngày 15/5/2026:\n"
     "d) Hồ sơ trên hệ thống các Bộ: tiếp nhận 610; đã giải quyết 598.\nđ) Tiếp công dân: 3.100 lượt.",
     ("citizen_receptions", None, 3100, "2025-07-01", "2026-05-15")),
    # ... and survives a deeper sub-item that states the same period and ends
    ("5. Thủ tục hành chính\nTừ ngày 01/7/2025 đến ngày 20/5/2026, Trung tâm tiếp nhận, giải quyết TTHC với kết quả như sau\n"
     "b) Tình hình giải quyết hồ sơ từ ngày 01/7/2025 đến ngày 20/5/2026:\n- Số lượt tiếp công dân: 1.200 lượt.\n"
     "c) Hồ sơ trên hệ thống của các Bộ: tiếp nhận 310 hồ sơ.", ("ministry_dossiers_received", None, 310, "2025-07-01", "2026-05-20")),
    ("Số liệu từ ngày 01/7/2025 đến hết ngày 30/4/2026: tiếp nhận 4.100 hồ sơ.",
     ("dossiers_received", None, 4100, "2025-07-01", "2026-04-30")),
    # ... but not past the next heading of its own level
    ("5. Cải cách thủ tục hành chính\nSố liệu dưới đây tính từ ngày 01/7/2025 đến ngày 14/5/2026:\n"
     "6. Tiếp công dân\nSố lượt tiếp công dân: 900 lượt.", ("citizen_receptions", None, 900, None, None)),
    # a share of the services offered is a state, with no period
    ("Từ ngày 01/7/2025 đến nay, tỷ lệ DVCTT cung cấp cho doanh nghiệp đạt 100%.",
     ("business_online_service_share_pct", None, 100, None, None)),
    # abbreviations offices use
    ("- ĐVSNCL: 03 (ba) đơn vị.", ("public_service_units", None, 3)),
    ("- Tiếp nhận 27 người HĐKCT từ các xã cũ.", ("part_time_staff_received", None, 27)),
    # a label right before a general noun narrows it
    ("- Số thôn: 25 thôn; số thôn đạt danh hiệu thôn văn hóa: 24 thôn.", ("cultural_villages", None, 24)),
    # the category named in the topic names the dossiers after the services
    ("a) Một phần: 38 DVCTT phát sinh hồ sơ; 14.020 hồ sơ (trực tuyến 12.900, trực tiếp 1.120).",
     ("partial_service_dossiers", None, 14020)),
    # ... and a longer label of another indicator still ends the breakdown
    ("DVCTT toàn trình: 62 dịch vụ phát sinh 1.210 hồ sơ, gồm: trực tuyến 1.100 hồ sơ; trực tiếp 110 hồ sơ; "
     "hồ sơ trực tuyến toàn trình: 1.050 hồ sơ.", ("full_online_dossiers", None, 1050)),
    # a sum of money whose label stands far back in the sentence, when nothing else names it
    ("Xã chi hỗ trợ đi lại cho 12 CBCC có nơi ở cách trụ sở trên 15 km, tổng kinh phí 216 triệu đồng.",
     ("travel_support_vnd", None, 216000000)),
    ("Về chính sách hỗ trợ đi lại, xã lập danh sách và chi trả cho 09 cán bộ, công chức, tổng số tiền 194,4 triệu đồng.",
     ("travel_support_vnd", None, 194400000)),
    # zero in words, and a period phrase that is not a kind of document
    ("Đánh giá công chức năm 2025: 40 người hoàn thành tốt nhiệm vụ, không có công chức không hoàn thành nhiệm vụ.",
     ("staff_rating", "không hoàn thành", 0)),
    ("- Tiếp nhận 2.310 hồ sơ (trực tiếp 410, qua mạng 1.900, không có hồ sơ tồn kỳ trước), giải quyết 2.290 hồ sơ.",
     ("dossiers_resolved", None, 2290)),
    ("- Từ ngày 01/01/2026 đến ngày báo cáo, UBND xã đã ban hành 1.204 văn bản.", ("documents_issued", None, 1204)),
    # the number's own noun phrase beats the topic before a colon
    ("* Thanh toán trực tuyến: 5.210 hồ sơ phát sinh phí, lệ phí; đã thanh toán trực tuyến 5.002 hồ sơ.",
     ("fee_dossiers", None, 5210)),
    ("- Thanh toán trực tuyến: 4.870/5.013 hồ sơ phát sinh phí, lệ phí được thanh toán trực tuyến.",
     ("online_fee_payments", None, 4870)),
    # a purpose clause after a sum of money runs on past its commas
    ("UBND xã bố trí 410 triệu đồng để sửa chữa nhà làm việc và được thành phố cấp 1,9 tỷ đồng để sửa chữa, trang bị phòng họp trực tuyến.",
     ("meeting_room_funding_vnd", None, 1900000000)),
    # a percentage right after a count is its share when the outline has one
    ("- Đào tạo, bồi dưỡng: 141 lượt cán bộ, công chức, viên chức được cử tham gia, đạt 94,1%.",
     ("training_share_pct", None, 94.1)),
    ("- Đào tạo, bồi dưỡng: 120 lượt cán bộ, công chức; tỷ lệ 90%.", ("training_share_pct", None, 90)),
    # a breakdown whose parts are named by their category alone
    ("Xã có 12 trường (04 MN, 05 TH, 03 THCS).", ("schools", "tiểu học", 5)),
    # "A trong tổng số B": B is the whole of A
    ("Toàn xã có 22 thôn đạt danh hiệu văn hóa trên tổng số 25 thôn.", ("villages", None, 25)),
    ("Về thanh toán trực tuyến: 3.120 trong tổng số 3.300 hồ sơ phát sinh phí, lệ phí được thanh toán trực tuyến.",
     ("online_fee_payments", None, 3120)),
    # a dash between the number and its label or noun
    ("- 8.120 – tổng số hồ sơ tiếp nhận, gồm: 1.020 – trực tiếp; 7.100 – trực tuyến.", ("dossiers_received", "trực tiếp", 1020)),
    # a counter word before the noun; a compound noun "thôn, khu dân cư" narrowed after it
    ("Trung tâm đã tiếp nhận 9.120 bộ hồ sơ.", ("dossiers_received", None, 9120)),
    ("Xã có 24 thôn, khu dân cư; trong đó 22 thôn, khu dân cư đạt danh hiệu văn hóa.", ("cultural_villages", None, 22)),
    # other names of the same things
    ("Tỷ lệ hồ sơ xử lý trên môi trường mạng đạt 98%.", ("e_processing_share_pct", None, 98)),
    ("- Về cung cấp DVCTT: có 24/169 DVCTT một phần phát sinh hồ sơ (tỷ lệ 14,2%).",
     ("services_with_dossiers_share_pct", "một phần", 14.2)),
    # the sentence's topic ("Về ...," or a colon) names a sum of money far from it
    ("Chính sách hỗ trợ đi lại: xã đã chi trả cho 10 CBCC đủ điều kiện theo Nghị quyết số 36/2025/NQ-HĐND "
     "của HĐND thành phố, tổng kinh phí 180 triệu đồng.", ("travel_support_vnd", None, 180000000)),
    # items before "lần lượt" take the numbers after it in order
    ("Tỷ lệ hồ sơ được số hóa đầu vào, đầu ra lần lượt là 97,9% và 99,2%.", ("digitized_output_share_pct", None, 99.2)),
    ("Số hồ sơ tiếp nhận, đã giải quyết, đang giải quyết lần lượt là 1.310, 1.262 và 48 hồ sơ.",
     ("dossiers_pending", None, 48)),
    ("Tỷ lệ DVCTT phát sinh hồ sơ (chung, một phần, toàn trình) tương ứng là 12,5%; 10,1% và 14,2%.",
     ("services_with_dossiers_share_pct", "toàn trình", 14.2)),
    # a number followed by itself in words: the noun comes after the parenthesis
    ("Trên địa bàn phường có 03 (ba) điểm trạm y tế.", ("health_stations", None, 3)),
    ("UBND xã có 04 (bốn) phòng chuyên môn và 02 đơn vị sự nghiệp.", ("specialized_departments", None, 4)),
    ("Phường gồm 61 (sáu mươi mốt) tổ dân phố.", ("villages", None, 61)),
    # a general noun narrowed by the words after it
    ("Xã có 22 thôn, trong đó 20 thôn được công nhận danh hiệu thôn văn hóa.", ("cultural_villages", None, 20)),
    ("Toàn xã có 15/15 thôn đạt danh hiệu thôn văn hóa.", ("cultural_villages", None, 15)),
    # a lead before a colon names the parts after it; light words inside a label
    ("- Số hóa: đầu vào 97,2%; đầu ra 99,1%.", ("digitized_output_share_pct", None, 99.1)),
    ("Tỷ lệ DVCTT có phát sinh hồ sơ: 21,4%.", ("services_with_dossiers_share_pct", None, 21.4)),
    ("- DVCTT một phần: 17 dịch vụ phát sinh 806 hồ sơ.", ("partial_services_with_dossiers", None, 17)),
    # a topic before the colon does not rule out the figure its own words name
    ("- Thanh toán phí, lệ phí trực tuyến: tổng số hồ sơ phát sinh phí, lệ phí 7.240; thanh toán trực tuyến 6.915 hồ sơ.",
     ("fee_dossiers", None, 7240)),
    ("Về thanh toán trực tuyến: có 5.310 hồ sơ phát sinh phí, lệ phí, trong đó 5.002 hồ sơ được thanh toán trực tuyến.",
     ("fee_dossiers", None, 5310)),
    ("Thanh toán phí, lệ phí: hồ sơ có phí, lệ phí: 4.880; thanh toán trực tuyến: 4.410.", ("fee_dossiers", None, 4880)),
    ("c) Thanh toán trực tuyến: hồ sơ phát sinh phí, lệ phí: 5.930; thanh toán trực tuyến: 5.411 hồ sơ.", ("fee_dossiers", None, 5930)),
    # a counted noun before the colon is the number's noun ("hồ sơ: 8.412" is "8.412 hồ sơ")
    ("- DVCTT một phần phát sinh hồ sơ: 27 dịch vụ; hồ sơ: 8.412; trực tuyến 8.001; trực tiếp 411.",
     ("partial_service_dossiers", None, 8412)),
    # a chain of counts: each takes the words between it and the one before, not the next one's
    ("Trên hệ thống của các Bộ, xã đã tiếp nhận 702 hồ sơ, đã giải quyết 688 hồ sơ và đang giải quyết 14 hồ sơ.",
     ("ministry_dossiers_resolved", None, 688)),
    ("Về dịch vụ công trực tuyến: 36 DVCTT một phần và 47 DVCTT toàn trình có phát sinh hồ sơ.",
     ("full_services_with_dossiers", None, 47)),
    ("Về dịch vụ công trực tuyến: 36 DVCTT một phần và 47 DVCTT toàn trình có phát sinh hồ sơ.",
     ("partial_services_with_dossiers", None, 36)),
    # a total, then its categories after semicolons
    ("Tổng số TTHC thuộc thẩm quyền: 379; toàn trình: 221; một phần: 158.", ("procedures_total", "một phần", 158)),
    ("Tổng số TTHC: 380 thủ tục; trong đó TTHC trực tuyến toàn trình: 219; TTHC một phần: 161.",
     ("procedures_total", "toàn trình", 219)),
    # several shares after one lead noun, the later ones named by their last words only
    ("+ Số hóa hồ sơ: tỷ lệ số hóa đầu vào 98,1%, đầu ra 97,4%, cả đầu vào và đầu ra 96,9%.",
     ("digitized_output_share_pct", None, 97.4)),
    ("- Số hóa hồ sơ: đầu vào 96,5%; đầu ra 99,2%; cả đầu vào và đầu ra 96,5%.", ("digitized_input_share_pct", None, 96.5)),
    # a sum's purpose runs past its commas to the next sum; a sum named on its left keeps that name
    ("UBND xã đã bố trí 520 triệu đồng sửa chữa nhà làm việc và 1,3 tỷ đồng sửa chữa, lắp đặt thiết bị cho 02 phòng họp trực tuyến.",
     ("meeting_room_funding_vnd", None, 1300000000)),
    ("Kinh phí sửa chữa nhà làm việc 1,4 tỷ đồng, sửa chữa phòng họp trực tuyến 870 triệu đồng.",
     ("repair_funding_vnd", None, 1400000000)),
    # ... and an indicator named only in the sentence before does not take a sum from its label
    ("UBND xã bố trí 380 triệu đồng sửa chữa nhà làm việc và 1,2 tỷ đồng lắp đặt phòng họp trực tuyến. Thực hiện chính sách "
     "hỗ trợ đi lại theo Nghị quyết của HĐND thành phố, xã đã chi hỗ trợ cho 05 cán bộ, công chức với tổng kinh phí 96 triệu đồng.",
     ("travel_support_vnd", None, 96000000)),
    # a longer label holding another indicator's label and category names its own figure
    ("- DVCTT toàn trình phát sinh hồ sơ: 64; hồ sơ: 1.402; trực tuyến 1.250; trực tiếp 152; trực tuyến toàn trình 1.101.",
     ("full_online_dossiers", None, 1101)),
    # a part the outline does not ask for, after "trong đó", is not the figure again
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026, Trung tâm tiếp công dân 8.200 lượt (trong đó người từ 60 tuổi trở lên khoảng "
     "1.950 lượt).", ("citizen_receptions", None, 8200)),
    # an abbreviation in parentheses does not end the words that name the category
    ("Tổng số thủ tục hành chính là 391 thủ tục, trong đó 221 thủ tục được cung cấp dưới dạng dịch vụ công trực tuyến (DVCTT) "
     "toàn trình.", ("procedures_total", "toàn trình", 221)),
    # a breakdown opened by a colon runs through all its bullets
    ("Tổng số nhiệm vụ xã nhận phân quyền, phân cấp: 30 nhiệm vụ, trong đó:\n- Tư pháp: 4; thanh tra: 2;\n"
     "- Xây dựng: 1; đất đai: 3.", ("decentralized_tasks", "đất đai", 3)),
    # abbreviated counted nouns and money: "HS" (hồ sơ), "ng." (người), "trđ" (triệu đồng)
    ("Số hồ sơ phát sinh phí, lệ phí: 9.214 HS; thanh toán trực tuyến 8.007 HS.", ("fee_dossiers", None, 9214)),
    ("Tổng biên chế cán bộ, công chức trước sắp xếp là 64 ng.; sau sắp xếp được giao 51 ng.", ("staff_quota_after", None, 51)),
    ("Bố trí 1.480 trđ để sửa chữa, cải tạo nhà làm việc.", ("repair_funding_vnd", None, 1480000000)),
    ("Kinh phí nâng cấp phòng họp trực tuyến 730 tr.đồng.", ("meeting_room_funding_vnd", None, 730000000)),
    # a period inside an aside that states its own number governs only that number
    ("Từ ngày 01/01/2026 đến ngày 20/5/2026 ban hành 1.160 văn bản (bằng 48% số văn bản của 6 tháng cuối năm 2025), "
     "gồm: 402 quyết định; 77 kế hoạch.", ("documents_issued", "quyết định", 402, "2026-01-01", "2026-05-20")),
    # ... a period alone in brackets still heads the figure after it
    ("Số văn bản ban hành (6 tháng cuối năm 2025): 2.240 văn bản.", ("documents_issued", None, 2240, "2025-07-01", "2025-12-31")),
    # the report's own year counts up to the report date
    ("Ngày 11 tháng 5 năm 2026\nNăm 2026, UBND xã ban hành 910 văn bản.", ("documents_issued", None, 910, "2026-01-01", "2026-05-11")),
    # a lead-in bullet's sibling is not its item: "toàn trình" is not read under "một phần"
    ("Về dịch vụ công trực tuyến:\n• DVCTT một phần: có 38 dịch vụ phát sinh hồ sơ với 5.120 hồ sơ, trong đó:\n"
     "+ trực tuyến: 4.800 hồ sơ;\n• DVCTT toàn trình: có 61 dịch vụ phát sinh hồ sơ với 2.004 hồ sơ, trong đó:",
     ("full_services_with_dossiers", None, 61)),
    # two periods listed before "lần lượt": the numbers after it take them in order
    ("Ngày 20 tháng 5 năm 2026\nSố văn bản UBND xã ban hành trong 6 tháng cuối năm 2025 và từ đầu năm 2026 đến nay lần lượt "
     "là 2.410 và 1.377 văn bản.", ("documents_issued", None, 2410, "2025-07-01", "2025-12-31")),
    ("Trong 6 tháng cuối năm 2025 và 5 tháng đầu năm 2026, UBND phường ban hành lần lượt 2.410 và 1.377 văn bản.",
     ("documents_issued", None, 2410, "2025-07-01", "2025-12-31")),
    # ... even when each period is restated with its dates in brackets
    ("Ngày 15 tháng 6 năm 2026\nSố văn bản ban hành trong 6 tháng cuối năm 2025 (từ 01/7 đến 31/12/2025) và 5 tháng đầu "
     "năm 2026 (từ 01/01 đến 31/5/2026) lần lượt là 2.930 và 2.115 văn bản.", ("documents_issued", None, 2930, "2025-07-01", "2025-12-31")),
    # a pair of words before "lần lượt" shares the words around it ("trước và sau sắp xếp")
    ("Biên chế cán bộ, công chức trước và sau sắp xếp lần lượt là 97 người và 81 người.", ("staff_quota_before", None, 97)),
    # a period in brackets right after a number is its own
    ("Ngày 20 tháng 5 năm 2026\nUBND xã ban hành 2.410 văn bản (6 tháng cuối năm 2025) và 1.377 văn bản (từ 01/01/2026 "
     "đến nay).", ("documents_issued", None, 1377, "2026-01-01", "2026-05-20")),
    # labels typed without marks on an old keyboard
    ("Tong so thu tuc hanh chinh: 401.", ("procedures_total", None, 401)),
    ("Ty le ho so truc tuyen tren tong so ho so: 87,4%.", ("online_dossier_share_pct", None, 87.4)),
    ("So ho so tiep nhan tu ngày 01/7/2025 đến ngày 15/5/2026: 9.120 hồ sơ.", ("dossiers_received", None, 9120)),
    # a heading numbered "2)" names what the short lines under it count
    ("2) Cán bộ, công chức\n+ Số có mặt: 88 người.", ("staff_present", None, 88)),
    # a year before a dash and words ("năm 2025 - Hoàn thành tốt"), unlike a range of years
    ("Xếp loại năm 2025 - Hoàn thành tốt nhiệm vụ: 58 người.", ("staff_rating", "hoàn thành tốt", 58, "2025-01-01", "2025-12-31")),
]

NOT_FIGURES_BESIDE = [
    # (text, the figure that is not given)
    # "none of the rest" in words after the parts is not the total
    ("Xếp loại năm 2025: hoàn thành xuất sắc nhiệm vụ 11 người; hoàn thành tốt nhiệm vụ 70 người; không có công chức "
     "xếp loại thấp hơn.", ("staff_rating", 0)),
    # the ones still trying are not the villages
    ("Xã có 31 thôn; 28 thôn đạt danh hiệu văn hóa, 3 thôn đang phấn đấu đạt lại danh hiệu.", ("villages", 3)),
    # a change between two periods is no figure of either
    ("Ngày 20 tháng 5 năm 2026\nTừ 01/01/2026 đến nay UBND xã ban hành 1.377 văn bản, tăng 245 văn bản so với cùng kỳ.",
     ("documents_issued", 245)),
    ("Ngày 15 tháng 6 năm 2026\nSố văn bản 5 tháng đầu năm 2026 ít hơn 1.205 văn bản so với 6 tháng cuối năm 2025.",
     ("documents_issued", 1205)),
    ("Đến nay 26/29 thôn được công nhận danh hiệu văn hóa (3 thôn còn lại đang tiếp tục xây dựng).", ("cultural_villages", 3)),
    ("Ngày 15 tháng 6 năm 2026\nTrong 6 tháng cuối năm 2025 (từ 01/7 đến 31/12/2025) UBND xã ban hành 2.930 văn bản.",
     ("documents_issued", 1)),
    # a table's number in a lead-in
    ("Kết quả đánh giá, xếp loại cán bộ, công chức năm 2025 (Bảng 1):", ("staff_rating", 1)),
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026, Trung tâm tiếp công dân 8.200 lượt (trong đó người từ 60 tuổi trở lên khoảng "
     "1.950 lượt).", ("citizen_receptions", 1950)),
]

NOT_FIGURES = [
    "Năm 2025, xã đã xử lý 07 trường hợp vi phạm hành chính.",
    "Câu hỏi 3: Số trạm y tế, điểm trạm y tế trên địa bàn?",
    "Tỷ lệ hồ sơ trực tuyến: vượt chỉ tiêu thành phố giao năm 2026 (85%).",
    "Tỷ lệ thanh toán trực tuyến (chỉ tiêu Nghị quyết Đảng ủy phường: 75%).",
    "Tỷ lệ hồ sơ trực tuyến năm nay phấn đấu đạt 90%.",
    "Năm 2025, xã xếp thứ 12/114 xã, phường về chỉ số cải cách hành chính.",
    "Đã bàn giao 12,5 ha đất cho dự án khu công nghiệp.",
]


@pytest.mark.parametrize("text,want", CASES, ids=[c[0][:45] for c in CASES])
def test_phenomenon_gives_the_figure(text, want):
    figs = text_to_report(text).figures
    got = [(f.indicator, f.category, f.value, f.period_start, f.period_end)[: len(want)] for f in figs]
    assert want in got, got


@pytest.mark.parametrize("text", NOT_FIGURES, ids=[t[:45] for t in NOT_FIGURES])
def test_numbers_that_are_not_outline_figures(text):
    assert text_to_report(text).figures == ()


@pytest.mark.parametrize("text,figure", NOT_FIGURES_BESIDE, ids=[t[:45] for t, _ in NOT_FIGURES_BESIDE])
def test_numbers_beside_figures_that_are_not_figures(text, figure):
    assert figure not in {(f.indicator, f.value) for f in text_to_report(text).figures}


def _cells(rows):
    return tuple(Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row))


def _table(rows: list[list[str]]) -> Document:
    cells = _cells(rows)
    text = "\n".join(" | ".join(row) for row in rows)
    lead = Block(0, "paragraph", "Kết quả thực hiện từ ngày 01/7/2025 đến ngày 31/5/2026 (phân quyền, phân cấp; giải quyết thủ tục hành chính):")
    return Document("bang.docx", "docx", (lead, Block(1, "table", text, cells=cells)))


TABLE_CASES = [
    # a "details" cell holds several figures, each named by its own words after the row's label
    ([["Nội dung", "Số lượng", "Chi tiết"],
      ["Hồ sơ tiếp nhận", "9.120", "Trực tiếp: 2.004; trực tuyến: 7.116"]],
     [("dossiers_received", None, 9120), ("dossiers_received", "trực tiếp", 2004),
      ("dossiers_received", "trực tuyến", 7116)]),
    # a unit column that says "Đồng" makes the number a sum of money; a note names the row's period
    ([["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"],
      ["1", "Kinh phí hỗ trợ đi lại", "Đồng", "186 000 000", ""],
      ["2", "Số cán bộ, công chức có mặt", "Người", "58", "Tính đến ngày 20/5/2026"]],
     [("travel_support_vnd", None, 186000000), ("staff_present", None, 58)]),
    # a note column's words label no number ("tiếp nhận" there is no dossier received)
    ([["STT", "Cơ quan, đơn vị", "Số lượng", "Tên / ghi chú"],
      ["1", "Trường học trực thuộc", "12 (04 MN, 05 TH, 03 THCS)", "tiếp nhận nguyên trạng từ 01/7/2025"]],
     [("schools", None, 12), ("schools", "mầm non", 4), ("schools", "trung học cơ sở", 3)]),
    # a row of labels over a row of numbers, twice: the first column the total, the others its parts
    ([["Tiếp nhận", "Trực tiếp", "Trực tuyến"], ["2 480", "310", "2 170"],
      ["Đang giải quyết", "Trong hạn", "Quá hạn"], ["35", "35", "không"]],
     [("dossiers_received", None, 2480), ("dossiers_received", "trực tuyến", 2170),
      ("dossiers_pending", None, 35), ("dossiers_pending", "quá hạn", 0)]),
    # the header over the rows' labels says what they name ("Loại DVCTT" over "Một phần")
    ([["Loại DVCTT", "Số DVCTT phát sinh hồ sơ", "Tổng số hồ sơ", "Trực tuyến", "Trực tiếp"],
      ["Một phần", "12", "5.040", "4.700", "340"], ["Toàn trình", "30", "1.210", "1.100", "110"]],
     [("partial_service_dossiers", None, 5040), ("full_service_dossiers", "trực tiếp", 110)]),
    # "qua mạng" for "trực tuyến" in a breakdown of DVCTT dossiers
    ([["Nội dung", "Kết quả"],
      ["DVCTT toàn trình", "41 DVCTT phát sinh 1.020 hồ sơ (qua mạng 960, trực tiếp 60)"]],
     [("full_service_dossiers", "trực tuyến", 960)]),
    # each column names its own figure, in two bands of labels and numbers; notes on the right
    ([["Diện tích tự nhiên (km²)", "Dân số (người)", "Số tổ dân phố", "Ghi chú"],
      ["21,05", "48.120", "52", "Giữ nguyên các TDP"],
      ["Số điểm trạm y tế", "Trường mầm non", "Số điểm trường", "Ghi chú"],
      ["03", "05", "12", "Tổng số 14 trường công lập"]],
     [("population", None, 48120), ("health_stations", None, 3), ("schools", "mầm non", 5), ("school_sites", None, 12)]),
    # a second band of labels under the same row labels (periods) renames the columns
    ([["Thời gian", "Tổng số", "Quyết định", "Kế hoạch"],
      ["Từ 01/7/2025 đến 31/12/2025", "1.510", "700", "95"],
      ["Thời gian", "Báo cáo", "Chỉ thị", "Đề án"],
      ["Từ 01/7/2025 đến 31/12/2025", "150", "02", "01"]],
     [("documents_issued", "kế hoạch", 95), ("documents_issued", "báo cáo", 150), ("documents_issued", "đề án", 1)]),
    # a band's first label names the indicator of the rows under it, its other labels the
    # categories, its scope ("các Bộ") the figures; "-" states nothing
    ([["Tiếp nhận", "Tổng số", "Trực tiếp", "Trực tuyến"],
      ["Hệ thống TP", "8.610", "702", "7.908"],
      ["Đã giải quyết", "Tổng số", "Quá hạn", "Từ chối"],
      ["Hệ thống TP", "8.540", "-", "61"],
      ["Hệ thống các Bộ", "Tiếp nhận", "Đã giải quyết", "Đang giải quyết"],
      ["Số lượng", "415", "402", "13"]],
     [("dossiers_received", None, 8610), ("dossiers_resolved", None, 8540), ("dossiers_resolved", "từ chối giải quyết", 61),
      ("ministry_dossiers_received", None, 415), ("ministry_dossiers_pending", None, 13)]),
    # a column that names its own figure still takes the row's period
    ([["Kỳ", "Tổng số", "Quyết định"], ["6 tháng cuối năm 2025", "2.010", "700"],
      ["Kỳ", "Chương trình", "Văn bản khác"], ["6 tháng cuối năm 2025", "02", "131"]],
     [("documents_issued", "khác", 131)]),
    # a total with its parts in one cell
    ([["Chỉ tiêu", "Số lượng"], ["Số trường học", "13 (05 MN, 04 TH, 04 THCS)"]],
     [("schools", None, 13), ("schools", "mầm non", 5), ("schools", "trung học cơ sở", 4)]),
    # a row whose label ends "(%)" holds percentages
    ([["Nội dung", "DVCTT một phần", "DVCTT toàn trình"], ["Tỷ lệ DVCTT phát sinh hồ sơ (%)", "22,6", "26,98"]],
     [("services_with_dossiers_share_pct", "một phần", 22.6), ("services_with_dossiers_share_pct", "toàn trình", 26.98)]),
    # a cell with two figures, its header naming each
    ([["Nội dung", "Từ chối / Rút hồ sơ", "Quá hạn"], ["Hồ sơ đã giải quyết", "75 / 74", "12"]],
     [("dossiers_resolved", "từ chối giải quyết", 75), ("dossiers_resolved", "rút hồ sơ", 74)]),
    # a cell of figures separated by slashes, one per item of the row's label
    ([["Nội dung", "Kết quả"], ["Hồ sơ trên hệ thống các Bộ: tiếp nhận / đã giải quyết / đang giải quyết", "512 / 498 / 14"]],
     [("ministry_dossiers_received", None, 512), ("ministry_dossiers_resolved", None, 498), ("ministry_dossiers_pending", None, 14)]),
    ([["Nội dung", "Kết quả"], ["Tỷ lệ DVCTT phát sinh hồ sơ (chung / một phần / toàn trình)", "15,2% / 12,8% / 19,6%"]],
     [("services_with_dossiers_share_pct", None, 15.2), ("services_with_dossiers_share_pct", "một phần", 12.8),
      ("services_with_dossiers_share_pct", "toàn trình", 19.6)]),
    ([["TT", "Nội dung", "Kết quả"], ["1", "DVCTT một phần phát sinh hồ sơ: số dịch vụ / số hồ sơ", "31 / 8.950"]],
     [("partial_services_with_dossiers", None, 31), ("partial_service_dossiers", None, 8950)]),
    # ... a total and its parts in parentheses, the row under its service kind
    ([["TT", "Nội dung", "Đơn vị tính", "Số liệu"], ["1", "DVCTT toàn trình phát sinh hồ sơ", "dịch vụ", "57"],
      ["", "Số hồ sơ (trực tuyến / trực tiếp)", "hồ sơ", "2 140 (1 903 / 237)"]],
     [("full_services_with_dossiers", None, 57), ("full_service_dossiers", None, 2140),
      ("full_service_dossiers", "trực tuyến", 1903), ("full_service_dossiers", "trực tiếp", 237)]),
    # ... paired words swap across the slash, the words around them shared
    ([["TT", "Nội dung", "Số liệu"], ["1", "Tổng biên chế CBCC trước / sau sắp xếp", "81 / 60"]],
     [("staff_quota_before", None, 81), ("staff_quota_after", None, 60)]),
    # ... a sub-row's own label split, its parent's slashes aside
    ([["TT", "Nội dung", "Kết quả"], ["1", "DVCTT toàn trình phát sinh hồ sơ: số dịch vụ / số hồ sơ", "41 / 2.315"],
      ["", "- Hồ sơ trực tuyến / trực tiếp", "2.080 / 235"]],
     [("full_service_dossiers", None, 2315), ("full_service_dossiers", "trực tuyến", 2080),
      ("full_service_dossiers", "trực tiếp", 235)]),
    # a row with no label: the column's header names the figures of a cell with words
    ([["Phòng chuyên môn", "Trường học"], ["03", "14 (05 MN, 05 TH, 04 THCS)"]],
     [("schools", None, 14), ("schools", "mầm non", 5), ("schools", "tiểu học", 5)]),
    # columns of the two kinds of online service: their dossiers, not all dossiers received
    ([["STT", "Nội dung", "Một phần", "Toàn trình"], ["1", "Tổng số hồ sơ", "5120", "1377"]],
     [("partial_service_dossiers", None, 5120), ("full_service_dossiers", None, 1377)]),
    # a sub-row's own noun in parentheses, not its parent's
    ([["STT", "Chỉ tiêu", "Kết quả"], ["1", "Số DVCTT một phần phát sinh hồ sơ (dịch vụ)", "38"],
      ["", "Số hồ sơ của DVCTT một phần (hồ sơ)", "4.215"]],
     [("partial_services_with_dossiers", None, 38), ("partial_service_dossiers", None, 4215)]),
    # a row's own label before its section's words ("..., thanh toán trực tuyến" over "Hồ sơ có lưu kho")
    ([["STT", "Chỉ tiêu", "ĐVT", "Số liệu"], ["IV", "Số hóa, tái sử dụng dữ liệu, thanh toán trực tuyến", "", ""],
      ["1", "Hồ sơ có lưu kho", "hồ sơ", "15.230"], ["2", "Hồ sơ phát sinh phí, lệ phí", "hồ sơ", "8.904"]],
     [("archived_dossiers", None, 15230), ("fee_dossiers", None, 8904)]),
    # an unnumbered sub-row heads the "-" rows under it; its unnumbered sibling does not
    ([["STT", "Chỉ tiêu", "Kết quả"], ["1", "Số DVCTT toàn trình phát sinh hồ sơ (dịch vụ)", "71"],
      ["", "Số hồ sơ của DVCTT toàn trình (hồ sơ)", "1.240"], ["", "- Trực tuyến", "1.130"], ["", "- Trực tiếp", "110"],
      ["", "Hồ sơ trực tuyến toàn trình (hồ sơ)", "1.090"]],
     [("full_services_with_dossiers", None, 71), ("full_service_dossiers", None, 1240),
      ("full_service_dossiers", "trực tuyến", 1130), ("full_service_dossiers", "trực tiếp", 110),
      ("full_online_dossiers", None, 1090)]),
    # a column "as at" a date; a note of figures that opens with a period gives the row its period
    ([["STT", "Chỉ tiêu", "ĐVT", "Số liệu chung (tại 20/5/2026)", "Ghi chú"], ["1", "CBCC có mặt", "người", "64", ""],
      ["2", "Đánh giá, xếp loại CBCC", "người", "64", "Năm 2025: HTXS 10; HTT 54"]],
     [("staff_present", None, 64), ("staff_rating", None, 64)]),
    # a note's figures count the row's unit ("Đơn vị tính")
    ([["STT", "Chỉ tiêu", "ĐVT", "Tổng", "Ghi chú"], ["1", "Dịch vụ công trực tuyến phát sinh hồ sơ", "dịch vụ", "95",
                                                    "Toàn trình: 64; một phần: 31"]],
     [("full_services_with_dossiers", None, 64), ("partial_services_with_dossiers", None, 31)]),
    # a detail cell of one item per line, no punctuation between them
    ([["Nội dung", "Tổng số", "Chi tiết"], ["Hồ sơ tiếp nhận", "9.020", "Trực tiếp: 1.210\nTrực tuyến: 7.810"]],
     [("dossiers_received", "trực tiếp", 1210), ("dossiers_received", "trực tuyến", 7810)]),
    # zero in words in a cell
    ([["Nội dung", "Số lượng"], ["Hồ sơ đang giải quyết", "12"], ["- Quá hạn", "không có"]],
     [("dossiers_pending", "quá hạn", 0)]),
    # a field of tasks whose name holds another indicator's word ("đào tạo", "trường")
    ([["Lĩnh vực", "Số nhiệm vụ"],
      ["Giáo dục và đào tạo", "06"],
      ["Nông nghiệp và môi trường", "04"]],
     [("decentralized_tasks", "giáo dục và đào tạo", 6), ("decentralized_tasks", "nông nghiệp và môi trường", 4)]),
    # label and number side by side, twice in a row
    ([["Lĩnh vực", "Số nhiệm vụ", "Lĩnh vực", "Số nhiệm vụ"],
      ["Tư pháp", "02", "Nội vụ", "05"],
      ["Thanh tra", "01", "Y tế", "03"]],
     [("decentralized_tasks", "tư pháp", 2), ("decentralized_tasks", "nội vụ", 5),
      ("decentralized_tasks", "thanh tra", 1), ("decentralized_tasks", "y tế", 3)]),
    ([["Nội dung", "Tổng", "Ghi chú"],
      ["Hồ sơ đang giải quyết", "41", "trong hạn 39, quá hạn 02"]],
     [("dossiers_pending", None, 41), ("dossiers_pending", "trong hạn", 39), ("dossiers_pending", "quá hạn", 2)]),
    # a "Kỳ báo cáo" column: each row's first cell is its period ("kỳ báo cáo" names no document)
    ([["Kỳ báo cáo", "Hồ sơ tiếp nhận", "Hồ sơ tiếp nhận trực tiếp"], ["01/7/2025 - 15/5/2026", "4.210", "610"]],
     [("dossiers_received", None, 4210), ("dossiers_received", "trực tiếp", 610)]),
]


@pytest.mark.parametrize("rows,want", TABLE_CASES, ids=[c[0][1][0] for c in TABLE_CASES])
def test_table_phenomenon_gives_the_figures(rows, want):
    figs = document_to_report(_table(rows)).figures
    got = {(f.indicator, f.category, f.value) for f in figs}
    assert set(want) <= got, got
    periods = {(f.indicator, f.category): (f.period_start, f.period_end) for f in figs}
    if ("staff_present", None) in periods:
        assert periods[("staff_present", None)] == (None, "2026-05-20")
    if ("staff_rating", None) in periods:
        assert periods[("staff_rating", None)] == ("2025-01-01", "2025-12-31")
    if ("documents_issued", "khác") in periods:
        assert periods[("documents_issued", "khác")] == ("2025-07-01", "2025-12-31")
    if ("dossiers_received", "trực tiếp", 610) in got:
        assert periods[("dossiers_received", "trực tiếp")] == ("2025-07-01", "2026-05-15")
    for f in figs:  # the evidence points into the cell as written
        cell = next(c for c in _table(rows).blocks[1].cells if (c.row, c.col) == (f.source.row, f.source.col))
        assert f.quote == cell.text and cell.text[f.source.start:f.source.end] == f.text


def test_a_merged_header_over_the_columns_sets_their_scope():
    """"Hệ thống TTHC của các Bộ" merged over "Tiếp nhận | Đã giải quyết": the ministries' dossiers."""
    cells = (Cell(0, 0, "Kỳ báo cáo"), Cell(0, 1, "Hồ sơ đang giải quyết"), Cell(0, 2, "Hệ thống TTHC của các Bộ", col_span=3),
             Cell(1, 2, "Tiếp nhận"), Cell(1, 3, "Đã giải quyết"), Cell(1, 4, "Đang giải quyết"),
             Cell(2, 0, "01/7/2025 - 30/4/2026"), Cell(2, 1, "52"), Cell(2, 2, "640"), Cell(2, 3, "622"), Cell(2, 4, "18"))
    doc = Document("bang.docx", "docx", (Block(0, "table", "…", cells=cells),))
    got = {(f.indicator, f.value) for f in document_to_report(doc).figures}
    assert {("ministry_dossiers_received", 640), ("ministry_dossiers_resolved", 622), ("ministry_dossiers_pending", 18),
            ("dossiers_pending", 52)} <= got, got


def test_a_table_going_on_over_a_page_keeps_its_header_and_open_rows():
    """A header alone at the foot of a page heads the rows on the next; a table cut after a
    row keeps that row as the parent of the sub-rows on the next page, and its first row counts."""
    lead = Block(0, "paragraph", "Số liệu từ ngày 01/7/2025 đến ngày 31/5/2026:")
    header = Block(1, "table", "…", cells=_cells([["STT", "Loại văn bản", "6 tháng cuối năm 2025", "Từ 01/01/2026 đến nay"]]))
    body = Block(2, "table", "…", cells=_cells([["1", "Quyết định", "1.040", "731"], ["2", "Kế hoạch", "212", "98"]]))
    doc = Document("bang.pdf", "pdf", (lead, header, body))
    got = {(f.indicator, f.category, f.value, f.period_start) for f in document_to_report(doc).figures}
    assert {("documents_issued", "quyết định", 1040, "2025-07-01"), ("documents_issued", "quyết định", 731, "2026-01-01")} <= got, got
    first = Block(1, "table", "…", cells=_cells([["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
                                                 ["7", "Hồ sơ trên hệ thống của các Bộ - tiếp nhận", "Hồ sơ", "146"],
                                                 ["", "- Đã giải quyết", "Hồ sơ", "113"]]))
    rest = Block(2, "table", "…", cells=_cells([["", "- Đang giải quyết", "Hồ sơ", "33"], ["8", "Lượt tiếp công dân", "Lượt", "900"]]))
    got = {(f.indicator, f.value) for f in document_to_report(Document("b.pdf", "pdf", (lead, first, rest))).figures}
    assert ("ministry_dossiers_pending", 33) in got and ("dossiers_pending", 33) not in got, got


def test_a_row_cut_by_a_page_break_is_made_whole():
    """"6 | Số DVCTT toàn | Dịch vụ | 63" at the foot of a page, "| trình phát sinh hồ sơ | |"
    atop the next: one row, "Số DVCTT toàn trình phát sinh hồ sơ"; the rows after it keep the header."""
    lead = Block(0, "paragraph", "Số liệu từ ngày 01/7/2025 đến ngày 31/5/2026:")
    first = Block(1, "table", "…", pages=(6,), cells=_cells([["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
                                                                ["5", "Tổng số TTHC", "Thủ tục", "380"],
                                                                ["6", "Số DVCTT toàn", "Dịch vụ", "63"]]))
    rest = Block(2, "table", "…", pages=(7,), cells=_cells([["", "trình phát sinh hồ sơ", "", ""],
                                                            ["7", "Tỷ lệ DVCTT phát sinh hồ sơ", "%", "27,6"]]))
    got = {(f.indicator, f.value) for f in document_to_report(Document("b.pdf", "pdf", (lead, first, rest))).figures}
    assert {("full_services_with_dossiers", 63), ("services_with_dossiers_share_pct", 27.6)} <= got, got
    assert not any(v == 7 for _, v in got), got  # the row number on the next page is no figure


def test_a_header_row_cut_after_its_first_line_by_a_page_break_is_made_whole():
    """"Tổng số | Hoàn thành" at the foot of a page, "được đánh giá | xuất sắc nhiệm vụ" and
    the figures atop the next: one header, whose columns name the categories."""
    lead = Block(0, "paragraph", "Kết quả đánh giá, xếp loại cán bộ, công chức năm 2025:")
    first = Block(1, "table", "…", pages=(3,), cells=_cells([["Tổng số", "Hoàn thành", "Tỷ lệ", "Hoàn thành", "Tỷ lệ"]]))
    rest = Block(2, "table", "…", pages=(4,), cells=_cells([["được đánh giá", "xuất sắc nhiệm vụ", "(%)", "tốt nhiệm vụ", "(%)"],
                                                            ["72", "9", "12,5", "61", "84,72"]]))
    got = {(f.indicator, f.category, f.value) for f in document_to_report(Document("b.pdf", "pdf", (lead, first, rest))).figures}
    assert {("staff_rating", None, 72), ("staff_rating", "hoàn thành xuất sắc", 9), ("staff_rating", "hoàn thành tốt", 61)} <= got, got


def test_a_table_typed_without_marks_keeps_its_unit_column():
    """"TT | Chi tieu | DVT | Ket qua": the unit column ("DVT", ĐVT) is known without its marks."""
    lead = Block(0, "paragraph", "Kết quả từ ngày 01/7/2025 đến ngày 15/5/2026:")
    table = Block(1, "table", "…", cells=_cells([["TT", "Chi tieu", "DVT", "Ket qua"],
                                                ["1", "Số DVCTT một phần phát sinh hồ sơ", "dịch vụ", "23"],
                                                ["2", "Tỷ lệ hồ sơ trực tuyến", "%", "87,4"]]))
    got = {(f.indicator, f.value) for f in document_to_report(Document("b.docx", "docx", (lead, table))).figures}
    assert {("partial_services_with_dossiers", 23), ("online_dossier_share_pct", 87.4)} <= got, got


def test_table_takes_the_period_and_unit_its_section_and_caption_state():
    """A line "Thời gian tính số liệu: ..." before the table gives its period; the
    caption's "(đơn vị: hồ sơ)" its counted noun."""
    rows = [["Tiếp nhận", "Trực tiếp", "Trực tuyến"], ["1 120", "220", "900"]]
    cells = _cells(rows)
    blocks = (Block(0, "paragraph", "6. Giải quyết thủ tục hành chính"),
              Block(1, "paragraph", "Thời gian tính số liệu: từ ngày 01/7/2025 đến ngày 15/5/2026."),
              Block(2, "paragraph", "Bảng 3. Tình hình tiếp nhận hồ sơ TTHC (đơn vị: hồ sơ)"),
              Block(3, "table", "\n".join(" | ".join(r) for r in rows), cells=cells))
    figs = document_to_report(Document("bang.docx", "docx", blocks)).figures
    got = {(f.indicator, f.category, f.value, f.period_start, f.period_end) for f in figs}
    assert ("dossiers_received", None, 1120, "2025-07-01", "2026-05-15") in got, got


def test_a_row_number_column_headed_st_t_in_a_narrow_pdf_column_is_no_data():
    rows = [["ST T", "Nội dung", "Số liệu"], ["1", "Tổng số hồ sơ tiếp nhận", "1.250"], ["2", "Số hồ sơ đã giải quyết", "1.198"],
            ["3", "Tỷ lệ hồ sơ trực tuyến trên tổng hồ sơ (%)", "84,3"]]
    got = {(f.indicator, f.value) for f in document_to_report(_table(rows)).figures}
    assert {("dossiers_received", 1250), ("dossiers_resolved", 1198), ("online_dossier_share_pct", 84.3)} <= got
    assert not {v for _, v in got} & {1, 2, 3}


def test_sector_names_abbreviated_in_a_table_header_name_their_categories():
    rows = [["NN và MT", "KH và CN", "VH, TT và DL", "GD và ĐT", "ANTT"], ["03", "02", "04", "01", "02"]]
    cells = _cells(rows)
    doc = Document("bang.docx", "docx", (
        Block(0, "paragraph", "Biểu số 02. Số nhiệm vụ nhận phân quyền, phân cấp theo lĩnh vực"),
        Block(1, "table", "\n".join(" | ".join(row) for row in rows), cells=cells)))
    got = {(f.category, f.value) for f in document_to_report(doc).figures if f.indicator == "decentralized_tasks"}
    assert got == {("nông nghiệp và môi trường", 3), ("khoa học công nghệ", 2), ("văn hóa thể thao và du lịch", 4),
                   ("giáo dục và đào tạo", 1), ("an ninh trật tự", 2)}
