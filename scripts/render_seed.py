#!/usr/bin/env python3
"""Render the real seed report (plain text) to an official-looking DOCX and a PDF.

    python scripts/render_seed.py [--seed TXT] [--out-dir corpus/real] [--stem ke_sat] [--no-pdf]

The DOCX follows the layout of a Vietnamese administrative report (Nghị định
30/2020/NĐ-CP): A4, margins 2/2/3/2 cm (top/bottom/left/right), Times New Roman 14pt,
a borderless two-column header table (number | place and date), the centred title,
bold headings, justified body, a page number in the footer and the two-column
"Nơi nhận" / signature table at the end. Only the text of the seed is used; nothing
is added to it.

Blank lines in the seed separate paragraphs, except where a blank line cuts a
sentence (a page break of the original PDF): a chunk that starts with a lower-case
letter (and is not an ``a)`` heading) is joined to the chunk before it.

``**...**`` and ``*...*`` markers of the seed become bold / italic runs.

The DOCX is byte-stable: core properties carry fixed dates and the zip members carry
a fixed timestamp. The PDF is made with LibreOffice (``soffice --headless
--convert-to pdf``) when it is installed; otherwise the step is skipped with a notice.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx_stable  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = Path("/work/shared/seed/000_8fc0629b4dcf6616.txt")
FIXED_DATE = dt.datetime(2026, 5, 1, 8, 0, 0)
ZIP_DATE = (2026, 5, 1, 8, 0, 0)
FONT = "Times New Roman"

HEADING = re.compile(
    r"^(?:(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s"  # I. II. ...
    r"|\d+(?:\.\d+)*\.\s"  # 1.  2.1.
    r"|[a-zđ]\)\s)"  # a)  b)
)
LOWER_HEADING = re.compile(r"^[a-zđ]\)\s")


# --------------------------------------------------------------------------- text


def read_chunks(text: str) -> list[str]:
    """Split the seed on blank lines; join chunks cut by a page break."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    raw = [c.strip() for c in re.split(r"\n[ \t]*\n", text) if c.strip()]
    chunks: list[str] = []
    for c in raw:
        if chunks and c[0].islower() and not LOWER_HEADING.match(c):
            chunks[-1] = chunks[-1] + " " + c
        else:
            chunks.append(c)
    return chunks


def unwrap(chunk: str) -> tuple[str, bool, bool]:
    """Whole-chunk markers: ``**x**`` -> (x, bold), ``*x*`` -> (x, italic).

    ``*** Về công tác cán bộ:**`` gives bold ``* Về công tác cán bộ:`` and
    ``** Số hóa hồ sơ:*`` gives italic ``* Số hóa hồ sơ:`` (the inner ``*`` is text).
    """
    m = re.fullmatch(r"\*\*(.+)\*\*", chunk, flags=re.S)
    if m:
        return m.group(1).strip(), True, False
    m = re.fullmatch(r"\*(.+)\*", chunk, flags=re.S)
    if m:
        return m.group(1).strip(), False, True
    return chunk, False, False


INLINE = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*|(?<!\*)\*(\S(?:.*?\S)?)\*(?!\*)")


def inline_runs(text: str, bold: bool = False, italic: bool = False):
    """Split ``text`` into (piece, bold, italic) on inline ``**b**`` / ``*i*`` markers."""
    out, pos = [], 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], bold, italic))
        if m.group(1) is not None:
            out.append((m.group(1), True, italic))
        else:
            out.append((m.group(2), bold, True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], bold, italic))
    return out


# --------------------------------------------------------------------------- docx


def set_run_font(run, size: float | None = None, bold=None, italic=None):
    docx_stable.set_run_font(run, FONT, size, bold, italic)


def fmt(par, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=0, after=6, line=1.15):
    pf = par.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Cm(1.27) if indent else None
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    pf.widow_control = True


def add_text(container, text, *, bold=False, italic=False, size=14, **kw):
    par = container.add_paragraph()
    fmt(par, **kw)
    for piece, b, i in inline_runs(text, bold, italic):
        set_run_font(par.add_run(piece), size, b, i)
    return par


def no_borders(table):
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblPr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)


def two_col_table(doc, widths_cm):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for cell, w in zip(table.rows[0].cells, widths_cm):
        cell.width = Cm(w)
    return table


def cell_text(cell, text, *, first=False, **kw):
    """Write a paragraph in a cell (reusing the cell's empty first paragraph)."""
    if first:
        par = cell.paragraphs[0]
        fmt(par, **{k: v for k, v in kw.items() if k in ("align", "indent", "before", "after", "line")})
        for piece, b, i in inline_runs(text, kw.get("bold", False), kw.get("italic", False)):
            set_run_font(par.add_run(piece), kw.get("size", 14), b, i)
        return par
    return add_text(cell, text, **kw)


def add_page_number_footer(section):
    footer = section.footer
    par = footer.paragraphs[0]
    fmt(par, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, line=1.0)
    run = par.add_run()
    set_run_font(run, 13)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)


def setup(doc, title):
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(2)
    sec.header_distance, sec.footer_distance = Cm(1), Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    add_page_number_footer(sec)
    cp = doc.core_properties
    cp.title = title
    cp.subject = ""
    cp.author = "solieu"
    cp.last_modified_by = "solieu"
    cp.comments = "Rendered from the seed text by scripts/render_seed.py"
    cp.keywords = ""
    cp.category = ""
    cp.language = "vi-VN"
    cp.revision = 1
    cp.created = FIXED_DATE
    cp.modified = FIXED_DATE
    cp.last_printed = FIXED_DATE


def build(chunks: list[str]) -> Document:
    # --- locate the parts of the letter
    i_title = chunks.index("BÁO CÁO")
    head = chunks[:i_title]  # "Số: ..." and the place/date line
    i_noi = chunks.index("Nơi nhận:")
    body = chunks[i_title + 2 : i_noi]
    tail = chunks[i_noi + 1 :]
    title_line = chunks[i_title + 1]
    recipients = [c for c in tail if c.startswith("- ")]
    signature = [c for c in tail if not c.startswith("- ")]

    doc = Document()
    setup(doc, title_line)
    # python-docx starts from an empty body paragraph only in some templates; drop it
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)

    # --- header: number (left) | place and date in italics (right)
    number = next(c for c in head if c.startswith("Số"))
    date = next(c for c in head if not c.startswith("Số"))
    t = two_col_table(doc, (6.0, 10.0))
    cell_text(t.rows[0].cells[0], number, first=True, size=13,
              align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, line=1.0)
    cell_text(t.rows[0].cells[1], date, first=True, size=14, italic=True,
              align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, line=1.0)

    # --- title
    add_text(doc, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
             before=18, after=0, line=1.0)
    add_text(doc, title_line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
             before=0, after=18, line=1.0)

    # --- body
    for chunk in body:
        text, bold, italic = unwrap(chunk)
        if HEADING.match(text):
            bold = True
        add_text(doc, text, bold=bold, italic=italic)

    # --- recipients (left) | signature (right)
    t = two_col_table(doc, (7.5, 8.5))
    left, right = t.rows[0].cells
    cell_text(left, "Nơi nhận:", first=True, bold=True, italic=True, size=12,
              align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, before=12, after=0, line=1.0)
    for c in recipients:
        for line in c.split("\n"):
            cell_text(left, line.strip(), size=11, align=WD_ALIGN_PARAGRAPH.LEFT,
                      indent=False, after=0, line=1.0)
    first = True
    name = signature[-1] if signature else None
    for c in signature[:-1]:
        text, bold, italic = unwrap(c)
        for line in text.split("\n"):
            cell_text(right, line.strip(), first=first, bold=bold, italic=italic, size=14,
                      align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                      before=12 if first else 0, after=0, line=1.0)
            first = False
    if name:
        for _ in range(4):  # room for the signature and seal
            cell_text(right, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, line=1.0)
        text, _, italic = unwrap(name)
        cell_text(right, text, bold=True, italic=italic, size=14,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0, line=1.0)
    return doc


def save_stable(doc, path: Path) -> None:
    """Save with fixed zip timestamps so the same input gives the same bytes."""
    docx_stable.save_stable(doc, path, ZIP_DATE)


def to_pdf(docx: Path, out_dir: Path) -> Path | None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        print("LibreOffice (soffice) not found: PDF skipped "
              "(apt-get install -y libreoffice-writer-nogui fonts-dejavu)", file=sys.stderr)
        return None
    cmd = [exe, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)]
    print("running:", " ".join(cmd))
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"soffice did not produce {pdf}")
    return pdf


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    ap.add_argument("--out-dir", type=Path, default=REPO / "corpus" / "real")
    ap.add_argument("--stem", default="ke_sat")
    ap.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    args = ap.parse_args(argv)

    chunks = read_chunks(args.seed.read_text(encoding="utf-8"))
    doc = build(chunks)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    docx_path = args.out_dir / f"{args.stem}.docx"
    save_stable(doc, docx_path)
    print(f"wrote {docx_path} ({len(chunks)} paragraphs from the seed)")
    if not args.no_pdf:
        pdf = to_pdf(docx_path, args.out_dir)
        if pdf:
            print(f"wrote {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
