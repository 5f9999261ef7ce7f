"""The last sheet of ``comparison.xlsx``, "Ghi chú": how to read the workbook, the
reporting rounds, the replaced reports and why, unknown units, cells with two values."""
from __future__ import annotations

from openpyxl.styles import Alignment as Align

from ..sheets import BOLD, FILES_SHEET, printable
from ..wording import vn_date
from .cells import (FILL_CONFLICT, FILL_DERIVED, FILL_ERROR, FILL_UNKNOWN, FILL_WARNING, KEY, MAIN,
                    SOURCES, WorkbookInput)
from ..wording import vn_number
from .labels import column_header

def _notes_sheet(ws, inp: WorkbookInput) -> None:
    al, outline = inp.alignment, inp.outline
    row = 1

    st = inp.settings.outliers

    def put(text, bold=False, fill=None):
        nonlocal row
        cell = ws.cell(row, 1, text)
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 120)
        cell.alignment = Align(wrap_text=True, vertical="top")
        if bold:
            cell.font = BOLD
        if fill:
            cell.fill = fill
        row += 1

    put("CÁCH ĐỌC BẢNG SO SÁNH", bold=True)
    for line in (
        f"Trang '{KEY}': các chỉ tiêu chính (chọn trong patterns/compare.yaml, mục key_sheet) của mọi đơn vị, in vừa khổ A4 ngang, "
        "tên đơn vị lặp lại ở mỗi trang; mỗi chỉ tiêu lấy cột có nhiều đơn vị báo cáo nhất.",
        f"Trang '{MAIN}': bảng đầy đủ; mỗi hàng là một đơn vị (tên chính thức theo danh mục), mỗi cột là một chỉ tiêu × phân loại × kỳ. "
        "Cột theo ĐỢT BÁO CÁO, không theo ngày riêng của từng báo cáo: số liệu 'đến nay', 'tính đến ngày báo cáo' hay "
        f"'đến 30/4' (kết thúc trong vòng {inp.settings.rounds.current_days} ngày trước ngày báo cáo) của các báo cáo cùng đợt "
        "và cùng ngày bắt đầu chung một cột; ghi chú của mỗi ô nêu kỳ chính xác. Các kỳ khác (năm, quý, 6 tháng...) "
        "gộp theo tháng kết thúc. Một báo cáo có hai kỳ trong cùng cột thì hiện số của kỳ kết thúc muộn hơn, số kia nêu trong ghi chú.",
        "Đợt báo cáo: báo cáo có ngày nằm trong khoảng của một đợt đặt tên (patterns/compare.yaml, mục rounds) thuộc đợt đó; "
        f"các báo cáo khác cách nhau không quá {inp.settings.rounds.gap_days} ngày là một đợt. Báo cáo không ghi ngày lấy "
        "ngày kết thúc muộn nhất của các kỳ nêu trong báo cáo.",
        "Mỗi ô có ghi chú (kỳ chính xác, trích dẫn câu hoặc ô bảng, tệp, trang, đoạn) và liên kết tới hàng của nó ở trang "
        f"'{SOURCES}', nơi mọi số liệu được liệt kê với kỳ chính xác. Trang, đoạn, hàng và cột bảng đều đếm từ 1.",
        "Hai báo cáo của cùng một đơn vị trong cùng đợt: dùng báo cáo sau — ngày báo cáo muộn hơn (báo cáo không ghi ngày coi là "
        "sớm nhất); cùng ngày thì bản có lớp chữ hơn bản quét, rồi tệp sửa sau, rồi số báo cáo lớn hơn, rồi tên tệp đứng sau "
        "theo thứ tự chữ cái; báo cáo kia ghi là bị thay và lựa chọn được nêu dưới đây.",
        "Báo cáo không xác định được đơn vị vẫn có hàng riêng (theo tên tệp), tô xám.",
        "Một báo cáo nêu hai giá trị khác nhau cho cùng chỉ tiêu, phân loại và kỳ: bảng lấy giá trị mà phần kiểm tra thấy khớp "
        "với các số liệu khác của báo cáo, nếu không thì giá trị nêu trước (theo trang, đoạn, hàng, cột), và tô màu ô.",
        f"Tệp lỗi hoặc không phải báo cáo: trang '{FILES_SHEET}', với lý do.",
        f"Giá trị khác thường: so với các đơn vị cùng cấp (hoặc mọi đơn vị khi cùng cấp có ít hơn "
        f"{st.min_peers} đơn vị khác), tính trên 1.000 dân (theo thang log) với các chỉ tiêu đếm tăng theo dân số, hoặc "
        f"theo tỷ lệ như báo cáo; khác thường khi cách trung vị quá {vn_number(st.robust_z)} lần độ lệch chuẩn ước lượng "
        f"bền vững (1,4826 × MAD) và chênh quá {vn_number(st.min_relative_gap * 100)}% so với trung vị; cần ít nhất "
        f"{st.min_peers} đơn vị khác (thiết lập trong patterns/compare.yaml).",
    ):
        put(line)
    row += 1
    put("CÁC ĐỢT BÁO CÁO", bold=True)
    by_round: dict[str, list[str]] = {}
    for doc, rnd in sorted((inp.rounds or {}).items()):
        by_round.setdefault(rnd.name, []).append(doc)
    for name, docs in by_round.items():
        estimated = [d for d in docs if (inp.dates or {}).get(d, (None, False))[1]]
        rnd = inp.rounds[docs[0]]
        span = "" if rnd.first is None else f", ngày báo cáo {vn_date(rnd.first)}–{vn_date(rnd.last)}"
        put(f"{name}: {len(docs)} báo cáo{span}"
            + (f"; {len(estimated)} báo cáo không ghi ngày, xếp đợt theo kỳ muộn nhất nêu trong báo cáo" if estimated else ""))
    if not by_round:
        put("Không có.")
    row += 1
    put("MÀU Ô", bold=True)
    put("Lỗi do phần kiểm tra phát hiện (severity error)", fill=FILL_ERROR)
    put("Cảnh báo, kể cả giá trị bất thường so với đơn vị khác", fill=FILL_WARNING)
    put("Báo cáo nêu hai giá trị khác nhau cho cùng ô", fill=FILL_CONFLICT)
    put("Đơn vị chưa xác định", fill=FILL_UNKNOWN)
    put("Số suy ra (tính toán), không phải số báo cáo", fill=FILL_DERIVED)
    row += 1
    put("BÁO CÁO BỊ THAY (cùng đơn vị)", bold=True)
    any_replaced = False
    for r in al.rows:
        for d in r.replaced:
            any_replaced = True
            put(f"{r.unit} ({r.unit_code}): dùng {r.document} (ngày {vn_date(r.date) if r.date else 'không ghi'}, "
                f"số {r.number or 'không ghi'}), bỏ {d}")
        if r.choice:
            put(f"{r.unit}: {r.choice}")
    if not any_replaced:
        put("Không có.")
    row += 1
    put("ĐƠN VỊ CHƯA XÁC ĐỊNH", bold=True)
    unknown = [r for r in al.rows if not r.known]
    for r in unknown:
        put(f"{r.document}: {r.unit}")
    if not unknown:
        put("Không có.")
    row += 1
    put("Ô CÓ HAI GIÁ TRỊ (báo cáo nêu khác nhau)", bold=True)
    rows = {r.key: r for r in al.rows}
    conflicts = [c for c in al.cells if c.conflict]
    for c in conflicts:
        h = column_header(c.column, outline)
        others = ", ".join(vn_number(o.get("value")) for o in c.others)
        put(f"{rows[c.row].unit} — {h.text}: lấy {vn_number(c.value)}; giá trị khác: {others}")
    if not conflicts:
        put("Không có.")
    ws.column_dimensions["A"].width = 110
    printable(ws)
