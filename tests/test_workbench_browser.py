"""The workbench as a clerk uses it: a real headless Chromium (Playwright) against
``solieu serve``'s app served for real on 127.0.0.1, over a fresh SQLite store.

The clerk uploads the corpus's report (DOCX and PDF) with a file that is no report,
reviews the doubtful figures with the keyboard alone (timed), waives a finding, opens
the comparison and downloads it, and signs in with a token on a workbench that needs one.

Needs Debian's Chromium (``/usr/bin/chromium``) and the ``playwright`` package (its
driver only: no browser is downloaded). With ``SOLIEU_SCREENSHOTS=1`` the main pages are
saved to ``docs/workbench/*.png`` (1400×900); otherwise nothing is written to the repository.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"the workbench's browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the workbench's browser tests need the playwright package "
                                                              "(pip install playwright; its bundled driver is enough)")
expect = sync_api.expect

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "corpus" / "real"
SHOTS = REPO / "docs" / "workbench"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1400, "height": 900}
REVIEWER = "Nguyễn Thị Lan"
TOKEN = "t0k"
READ_TIMEOUT = 60_000  # ms: reading a report in its own process, the first time in a fresh one

CURRENT = re.compile(r"(^|\s)current(\s|$)")
DONE = re.compile(r"(^|\s)done(\s|$)")


def has_class(name: str):
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


# ---- the workbench, served for real ------------------------------------------------------
class Served:
    """A WSGI app on 127.0.0.1 on a free port, in a thread of this process."""

    def __init__(self, app):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            def log(self, *args, **kwargs):  # no access log on the test's output
                pass

        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="workbench", daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)

    def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        """A request without the browser (no cookies): (status, body)."""
        req = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def api(self, path: str, token: str | None = None):
        status, data = self.get(path, token)
        assert status == 200, (path, status, data[:300])
        return json.loads(data)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from extractor.store import open_store

    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'workbench.db'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def served(store):
    from extractor.workbench.app import create_app

    srv = Served(create_app(store))
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def clerk(browser):
    """One clerk's browser profile for the module (the reviewer's name stays in localStorage)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="vi-VN")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(clerk):
    p = clerk.new_page()
    yield p
    p.close()


def screenshot(page, name: str) -> None:
    """Only with SOLIEU_SCREENSHOTS=1: a normal run writes nothing into the repository."""
    if os.environ.get("SOLIEU_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def changed(old) -> int:
    """The value a clerk types instead of ``old`` (a plausible slip: off by three)."""
    old = int(old or 0)
    return old - 3 if old >= 10 else old + 3


def vn(value) -> str:
    from extractor.wording import vn_number

    return vn_number(value)


# ---- what the clerk does first: upload -------------------------------------------------------
UPLOADS = [  # file, what the progress row must say
    ("ke_sat.docx", "đã đọc"),
    ("ke_sat.pdf", "đã đọc"),
    ("hong.pdf", "lỗi"),
    ("ghi_chu.txt", "bỏ qua"),
]


@pytest.fixture(scope="module")
def ingested(served, clerk, tmp_path_factory):
    """The clerk drops the two readings of Kẻ Sặt's report and two files that are not
    reports on the home page; returns the progress rows as the page shows them and the
    home page is left open for the test that looks at it."""
    extra = tmp_path_factory.mktemp("uploads")
    (extra / "hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nrac rac rac\n")
    (extra / "ghi_chu.txt").write_text("Danh sách việc cần làm tuần này.\n", encoding="utf-8")
    paths = [REAL / "ke_sat.docx", REAL / "ke_sat.pdf", extra / "hong.pdf", extra / "ghi_chu.txt"]
    page = clerk.new_page()
    page.goto(served.url + "/")
    expect(page.locator("#progress")).to_be_hidden()
    page.set_input_files("#files", [str(p) for p in paths])
    page.click("#upload")
    rows = page.locator("#progress tbody tr")
    expect(rows).to_have_count(len(UPLOADS), timeout=READ_TIMEOUT)
    for i, (_, status) in enumerate(UPLOADS):  # every row gets its result
        expect(rows.nth(i).locator("td").nth(1)).to_have_text(status, timeout=READ_TIMEOUT)
    expect(page.locator("#toast")).to_contain_text(f"Đã nạp xong {len(UPLOADS)} tệp")
    shown = [[c.strip() for c in r] for r in rows.evaluate_all("rs => rs.map(r => Array.from(r.cells, c => c.textContent))")]
    yield page, shown
    page.close()


def doc_id(served, name: str) -> int:
    return next(d["id"] for d in served.api("/api/documents") if d["document"] == name)


def figure_rows(page) -> list[str]:
    return page.locator("#figures > li.fig").evaluate_all("lis => lis.map(li => li.dataset.id)")


def fig(page, fid) -> "sync_api.Locator":
    return page.locator(f"#f-{fid}")


def ensure_reviewer(page) -> None:
    """The reviewer's name as a clerk types it (kept by the page in localStorage)."""
    box = page.locator("#reviewer")
    if box.input_value() != REVIEWER:
        box.fill(REVIEWER)
        box.press("Tab")


# ---- the tests --------------------------------------------------------------------------------
def test_ingest_shows_each_file_and_then_the_round(served, ingested):
    page, shown = ingested
    by_file = {r[0]: r for r in shown}
    assert set(by_file) == {name for name, _ in UPLOADS}
    for name, status in UPLOADS:
        assert by_file[name][1] == status, by_file[name]
    assert int(by_file["ke_sat.docx"][2]) > 50 and int(by_file["ke_sat.pdf"][2]) > 50
    assert "xem" in by_file["ke_sat.docx"][3]  # a link to its review
    # the file that is no report says why, in Vietnamese and English
    assert "PDF" in by_file["hong.pdf"][3] and "(" in by_file["hong.pdf"][3], by_file["hong.pdf"]
    assert "không phải tệp báo cáo" in by_file["ghi_chu.txt"][3], by_file["ghi_chu.txt"]
    (round_,) = served.api("/api/rounds")
    # the same page now lists the round (and the broken file), without the clerk reloading it
    expect(page.locator("#rounds")).to_contain_text(round_["name"])
    expect(page.locator("#rounds")).to_contain_text(f"1/{round_['units']}")
    screenshot(page, "home")
    page.reload()
    expect(page.locator("#rounds")).to_contain_text(round_["name"])
    expect(page.locator("main")).to_contain_text("hong.pdf")
    docs = {d["document"]: d for d in served.api("/api/documents")}
    assert docs["ke_sat.docx"]["status"] == docs["ke_sat.pdf"]["status"] == "ok"
    assert docs["hong.pdf"]["status"] == "error"


@pytest.fixture(scope="module")
def review(served, ingested):
    """What the keyboard review decided (filled by test_review_by_keyboard_only)."""
    return {}


def test_review_by_keyboard_only(served, clerk, review, tmp_path):
    page = clerk.new_page()
    docx = doc_id(served, "ke_sat.docx")
    page.goto(f"{served.url}/documents/{docx}")
    page.evaluate("localStorage.removeItem('solieu.reviewer')")
    page.reload()
    figures = {str(f["id"]): f for f in served.api("/api/figures?document=ke_sat.docx")}
    order = figure_rows(page)
    assert len(order) == len(figures)
    confidences = [figures[i]["confidence"] for i in order]
    assert confidences == sorted(confidences), "the list is lowest confidence first"
    doubtful = [i for i in order if figures[i]["check"]]
    assert doubtful and order[:len(doubtful)] == doubtful
    for i in doubtful:
        expect(fig(page, i)).to_have_class(has_class("check"))
    expect(fig(page, order[0])).to_have_class(CURRENT)

    # no name yet: the decision is refused with a toast, nothing changes
    expect(page.locator("#reviewer")).to_have_value("")
    page.keyboard.press("a")
    expect(page.locator("#toast")).to_have_text("Nhập tên người kiểm tra ở góc trên trước đã.")
    expect(page.locator("#toast")).to_have_class(has_class("bad"))
    expect(page.locator("#reviewer")).to_be_focused()
    expect(fig(page, order[0])).not_to_have_class(DONE)
    assert next(f for f in served.api("/api/figures?document=ke_sat.docx") if str(f["id"]) == order[0])["decision"] is None
    page.keyboard.type(REVIEWER)  # into the name box the toast pointed to
    page.keyboard.press("Tab")

    # the timed walk through the doubtful figures: accept each (a), correct one (s, value, Enter)
    counts: dict[tuple, int] = {}
    for f in figures.values():
        counts[(f["indicator"], f["category"])] = counts.get((f["indicator"], f["category"]), 0) + 1
    to_correct = next((i for i in doubtful if counts[(figures[i]["indicator"], figures[i]["category"])] == 1), doubtful[0])
    old = figures[to_correct]["value"]
    new = changed(old)
    started = time.perf_counter()
    for i in doubtful:
        expect(fig(page, i)).to_have_class(CURRENT)
        if i == to_correct:
            page.keyboard.press("s")
            box = fig(page, i).locator(".e-value")
            expect(box).to_be_focused()
            page.keyboard.type(str(new))  # the old value is selected: typing replaces it
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("a")
        expect(fig(page, i)).to_have_class(DONE)
    seconds = time.perf_counter() - started
    timing = {"document": "ke_sat.docx", "doubtful_figures": len(doubtful), "seconds": round(seconds, 3),
              "seconds_per_figure": round(seconds / len(doubtful), 3), "corrected": 1, "accepted": len(doubtful) - 1}
    (tmp_path / "review_time.json").write_text(json.dumps(timing, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nreview walk: {len(doubtful)} doubtful figures of ke_sat.docx in {seconds:.2f} s "
          f"({seconds / len(doubtful):.2f} s each; one corrected, the rest accepted) -> {tmp_path / 'review_time.json'}")
    expect(page.locator("#left-check")).to_have_text("0")  # the page counts what is left to check
    expect(fig(page, to_correct)).to_have_class(has_class("correct"))
    expect(fig(page, to_correct).locator(".v")).to_have_text(vn(new))
    for i in doubtful:
        if i != to_correct:
            expect(fig(page, i)).to_have_class(has_class("accept"))
    review.update(walk_corrected=to_correct, walk_new=new, walk_old=old, doubtful=doubtful, timing=timing)

    # then, after a reload (the name is remembered): s on the first figure, r on the next, a on the next
    page.reload()
    expect(page.locator("#reviewer")).to_have_value(REVIEWER)
    order = figure_rows(page)
    assert set(order[-len(doubtful):]) == set(doubtful), "decided figures go to the end"
    first, second, third = order[:3]
    expect(fig(page, first)).to_have_class(CURRENT)
    page.keyboard.press("j")
    expect(fig(page, second)).to_have_class(CURRENT)
    page.keyboard.press("k")
    expect(fig(page, first)).to_have_class(CURRENT)
    page.keyboard.press("s")  # Esc leaves the edit without deciding
    expect(fig(page, first).locator("form.edit")).to_be_visible()
    page.keyboard.press("Escape")
    expect(fig(page, first).locator("form.edit")).to_have_count(0)
    expect(fig(page, first)).not_to_have_class(DONE)
    expect(fig(page, first)).to_have_class(CURRENT)

    old1 = figures[first]["value"]
    new1 = changed(old1)
    page.keyboard.press("s")
    expect(fig(page, first).locator(".e-value")).to_be_focused()
    page.keyboard.type(str(new1))
    page.keyboard.press("Enter")
    expect(fig(page, first)).to_have_class(has_class("correct"))
    expect(fig(page, second)).to_have_class(CURRENT)
    page.keyboard.press("r")
    expect(fig(page, second)).to_have_class(has_class("reject"))
    expect(fig(page, third)).to_have_class(CURRENT)
    page.keyboard.press("a")
    expect(fig(page, third)).to_have_class(has_class("accept"))

    # the list shows the decisions, also after a reload
    expect(fig(page, first).locator(".v")).to_have_text(vn(new1))
    expect(fig(page, first).locator(".status")).to_have_text(f"Đã sửa bởi {REVIEWER} (giá trị cũ {vn(old1)})")
    expect(fig(page, second).locator(".status")).to_have_text(f"Đã loại bỏ bởi {REVIEWER}")
    expect(fig(page, third).locator(".status")).to_have_text(f"Đã chấp nhận bởi {REVIEWER}")
    page.reload()
    expect(fig(page, first)).to_have_class(has_class("correct"))
    expect(fig(page, first).locator(".status")).to_contain_text(f"Đã sửa bởi {REVIEWER}")
    expect(fig(page, first).locator(".status")).to_contain_text(f"(giá trị cũ {vn(old1)})")
    expect(fig(page, second).locator(".status")).to_contain_text(f"Đã loại bỏ bởi {REVIEWER}")
    expect(fig(page, third).locator(".status")).to_contain_text(f"Đã chấp nhận bởi {REVIEWER}")
    screenshot(page, "review")

    # and the API has them
    after = {str(f["id"]): f for f in served.api("/api/figures?document=ke_sat.docx")}
    a, b, c = after[first], after[second], after[third]
    assert a["value"] == new1 and a["decision"]["action"] == "correct" and a["decision"]["reviewer"] == REVIEWER
    assert a["decision"]["original_value"] == old1, a["decision"]
    assert b["decision"]["action"] == "reject" and b["value"] == figures[second]["value"]
    assert c["decision"]["action"] == "accept" and c["check"] is False
    w = after[to_correct]
    assert w["value"] == new and w["decision"]["action"] == "correct" and w["decision"]["original_value"] == old
    assert all(after[i]["decision"]["action"] == "accept" for i in doubtful if i != to_correct)
    assert not any(f["check"] for f in after.values() if f["decision"] and f["decision"]["action"] != "reject")
    review.update(corrected=first, new=new1, old=old1, rejected=second, accepted=third, figures=figures)
    page.close()


def needs_review(review):
    if "corrected" not in review:
        pytest.skip("needs the decisions of test_review_by_keyboard_only (run the module)")


def test_waive_a_finding_needs_a_reason(served, ingested, page):
    docx = doc_id(served, "ke_sat.docx")
    page.goto(f"{served.url}/documents/{docx}")
    ensure_reviewer(page)
    findings = served.api("/api/findings?document=ke_sat.docx")
    target = next(x for x in findings if x["decision"] is None and x["severity"] == "warning")
    li = page.locator(f"#x-{target['id']}")
    li.scroll_into_view_if_needed()
    li.locator("button[data-act=waive]").click()  # no reason
    expect(page.locator("#toast")).to_have_text("Bỏ qua thì ghi lý do.")
    expect(li.locator(".reason")).to_be_focused()
    expect(li).not_to_have_class(DONE)
    assert next(x for x in served.api("/api/findings?document=ke_sat.docx") if x["id"] == target["id"])["decision"] is None

    reason = "Đơn vị đã giải trình bằng văn bản, số liệu đúng"
    page.keyboard.type(reason)
    li.locator("button[data-act=waive]").click()
    expect(li).to_have_class(has_class("waive"))
    expect(li.locator(".status")).to_have_text(f"Đã bỏ qua bởi {REVIEWER}: {reason}")
    expect(page.locator("#toast")).to_have_text("Đã bỏ qua phát hiện")
    got = next(x for x in served.api("/api/findings?document=ke_sat.docx") if x["id"] == target["id"])
    assert got["decision"]["action"] == "waive" and got["decision"]["note"] == reason and got["decision"]["reviewer"] == REVIEWER
    page.reload()
    expect(page.locator(f"#x-{target['id']}")).to_have_class(has_class("waive"))
    expect(page.locator(f"#x-{target['id']} .status")).to_contain_text(reason)


def test_pdf_review_shows_page_images_with_the_current_figure(served, ingested, page):
    pdf = doc_id(served, "ke_sat.pdf")
    page.goto(f"{served.url}/documents/{pdf}")
    current = page.locator("#figures > li.fig.current")
    expect(current).to_have_count(1)
    fid = current.get_attribute("data-id")
    box = page.locator(f".page a.box[data-fig='{fid}']")
    expect(box).to_have_class(CURRENT)
    # the clerk sees it at once: its page's image shown, the box inside the visible part of the source panel
    page.wait_for_function("""box => {
        const img = box.closest('.page').querySelector('img'), src = box.closest('.source');
        const b = box.getBoundingClientRect(), s = src.getBoundingClientRect();
        return img.complete && img.naturalWidth > 500
            && b.top >= s.top && b.bottom <= s.bottom && b.left < s.right && b.right > s.left;
    }""", arg=box.element_handle())
    screenshot(page, "review_pdf")


def test_downloads_have_the_decisions(served, page, review, tmp_path):
    needs_review(review)
    import openpyxl

    page.goto(served.url + "/")
    links = page.locator(".downloads a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert "/api/export/comparison.xlsx" in links and "/api/export/comparison_long.csv" in links
    for href in links:  # every download the page offers answers
        assert page.request.get(served.url + href).status == 200, href
    with page.expect_download() as dl:
        page.click("a[href='/api/export/comparison.xlsx']")
    assert dl.value.suggested_filename == "comparison.xlsx"
    xlsx = tmp_path / "comparison.xlsx"
    dl.value.save_as(xlsx)
    figures = review["figures"]
    corrected = figures[review["walk_corrected"]]  # alone in its column
    sheet = openpyxl.load_workbook(xlsx)["So sánh"]  # row 1 the indicator (merged over its categories), row 2 the category
    labels, label = [], None
    for col in range(1, sheet.max_column + 1):
        label = sheet.cell(1, col).value or label
        labels.append((label, sheet.cell(2, col).value))
    cols = [i + 1 for i, lc in enumerate(labels) if lc == (corrected["label"], corrected["category"] or "tổng số")]
    unit_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Kẻ Sặt")
    cells = [sheet.cell(unit_row, c).value for c in cols]
    assert review["walk_new"] in cells, f"the corrected value in the workbook's column {corrected['label']!r}: {cells}"
    assert review["walk_old"] not in cells

    with page.expect_download() as dl:
        page.click("a[href='/api/export/comparison_long.csv']")
    long_csv = tmp_path / "comparison_long.csv"
    dl.value.save_as(long_csv)
    rows = list(csv.DictReader(io.StringIO(long_csv.read_text(encoding="utf-8-sig"))))
    assert rows

    def key(r):
        return (r["indicator"], r["category"] or "", r["period_start"] or "", r["period_end"] or "")

    def fkey(f):
        return (f["indicator"], f["category"] or "", f["period_start"] or "", f["period_end"] or "")

    got = [r for r in rows if key(r) == fkey(corrected)]
    assert got and float(got[0]["value"]) == review["walk_new"], got
    assert all(float(r["value"]) != review["walk_old"] for r in got)
    rejected = figures[review["rejected"]]
    same = [f for i, f in figures.items()
            if i != review["rejected"] and fkey(f) == fkey(rejected) and f["value"] == rejected["value"]]
    if not same:  # no other figure states the same: the rejected one is gone
        assert not [r for r in rows if key(r) == fkey(rejected) and float(r["value"]) == float(rejected["value"])]


def test_compare_marks_corrected_cells(served, page, review):
    needs_review(review)
    page.goto(served.url + "/")
    page.click("#rounds a:has-text('So sánh')")
    table = page.locator("#compare")
    expect(table).to_be_visible()
    expect(table.locator("td.corrected")).not_to_have_count(0)
    expect(table.locator("td.corrected", has_text=vn(review["walk_new"]))).to_have_count(1)
    # a cell is marked corrected when, and only when, its figure was corrected
    shown = table.locator("td:has(a)").evaluate_all(
        "tds => tds.map(td => [td.querySelector('a').getAttribute('href').split('#f-')[1], td.classList.contains('corrected')])")
    doc_of = {}
    for d in served.api("/api/documents"):
        if d["status"] == "ok":
            for f in served.api(f"/api/figures?document={d['id']}"):
                doc_of[str(f["id"])] = f
    for fid, marked in shown:
        action = (doc_of[fid]["decision"] or {}).get("action")
        assert marked == (action == "correct"), (fid, action, marked)
        assert action != "reject"
    table.locator("td.corrected").first.scroll_into_view_if_needed()
    screenshot(page, "compare")

    page.locator("#compare tbody th a").first.click()  # the unit's history
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("#history tr.corrected", has_text=vn(review["walk_new"]))).to_have_count(1)


def test_round_page_lists_the_report(served, ingested, page):
    (round_,) = served.api("/api/rounds")
    page.goto(served.url + "/")
    page.click(f"#rounds a:has-text('{round_['name']}')")
    expect(page.locator("h1")).to_contain_text(round_["name"])
    expect(page.locator("#reports")).to_contain_text("Kẻ Sặt")
    expect(page.locator("ul.missing li")).to_have_count(round_["units"] - 1)
    href = page.locator("a:has-text('comparison.xlsx của kỳ này')").get_attribute("href")
    answer = page.request.get(served.url + href)
    assert answer.status == 200 and answer.body()[:2] == b"PK"
    screenshot(page, "round")


def test_a_correction_clears_the_finding_it_explains_on_the_page(served, ingested, page):
    """On the PDF: "trước hạn và đúng hạn 118.981" of 12.258 resolved is an error; the clerk
    corrects it to 11.898 with the keyboard and the error leaves the list at once, with a
    toast saying so (the findings are worked out again from the figures as decided)."""
    pdf = doc_id(served, "ke_sat.pdf")
    found = served.api("/api/findings?document=ke_sat.pdf")
    part = next(x for x in found if x["rule"] == "part_exceeds_total" and x["decision"] is None)
    place = lambda s: tuple(s.get(k) for k in ("block", "row", "col", "start", "end"))
    ev = next(e for e in part["evidence"] if e["category"] == "trước hạn và đúng hạn")
    target = next(f for f in served.api("/api/figures?document=ke_sat.pdf") if place(f["source"]) == place(ev))
    page.goto(f"{served.url}/documents/{pdf}#f-{target['id']}")
    ensure_reviewer(page)
    expect(page.locator(f"#x-{part['id']}")).to_have_count(1)
    count = int(page.locator("#findings-count").inner_text())
    fig(page, target["id"]).click()
    expect(fig(page, target["id"])).to_have_class(CURRENT)
    page.keyboard.press("s")
    expect(fig(page, target["id"]).locator(".e-value")).to_be_focused()
    page.keyboard.type("11.898")
    page.keyboard.press("Enter")
    expect(page.locator(f"#x-{part['id']}")).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Đã kiểm tra lại báo cáo: 1 phát hiện không còn")
    expect(page.locator("#findings-count")).to_have_text(str(count - 1))
    assert all(x["id"] != part["id"] for x in served.api("/api/findings?document=ke_sat.pdf"))


def test_token_mode(store, browser, ingested):
    from extractor.workbench.app import create_app

    srv = Served(create_app(store, token=TOKEN))
    context = browser.new_context(viewport=VIEWPORT)  # cookies of its own
    try:
        page = context.new_page()
        resp = page.goto(srv.url + "/")
        assert resp.status == 401
        expect(page.locator("#token")).to_be_visible()
        expect(page.locator("#rounds")).to_have_count(0)
        screenshot(page, "login")
        page.fill("#token", "sai")
        page.keyboard.press("Enter")
        expect(page.locator("p.error")).to_contain_text("Mã truy cập không đúng")
        page.fill("#token", TOKEN)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("#rounds")).to_be_visible()
        expect(page.locator("a[href='/logout']")).to_be_visible()
        docx = doc_id_with(srv, "ke_sat.docx")
        assert page.goto(f"{srv.url}/documents/{docx}").status == 200
        expect(page.locator("#figures > li.fig").first).to_be_visible()
        (round_,) = srv.api("/api/rounds", TOKEN)
        assert page.goto(f"{srv.url}/compare/{urllib.parse.quote(round_['name'])}").status == 200
        expect(page.locator("#compare")).to_be_visible()
        assert page.request.get(srv.url + "/api/health").status == 200  # the signed-in browser

        status, data = srv.get("/api/health")
        assert status == 401 and json.loads(data)["error_vi"]
        assert srv.get("/api/health", "sai")[0] == 401
        status, data = srv.get("/api/health", TOKEN)
        assert status == 200 and json.loads(data) == {"status": "ok"}
        assert srv.get("/", None)[0] == 401
    finally:
        context.close()
        srv.close()


def doc_id_with(srv: Served, name: str) -> int:
    return next(d["id"] for d in srv.api("/api/documents", TOKEN) if d["document"] == name)
