"""DOCX reader: body paragraphs and tables in document order, nothing lost.

``docx_to_blocks(path)`` walks the children of ``w:body`` (descending into content
controls ``w:sdt``): each non-empty ``w:p`` is a paragraph Block, each ``w:tbl`` a
table Block whose ``cells`` sit on the table grid (a merged cell is read once, at
its top-left position, with ``row_span``/``col_span``). Also read:

* text boxes (``w:txbxContent``): extra paragraph Blocks with ``origin="textbox"``
  right after the paragraph that anchors them; their text is not in the anchor's
  text. Of a DrawingML box and its VML fallback (``mc:Fallback``) only one is read;
* footnotes and endnotes (``word/footnotes.xml``, ``word/endnotes.xml``): Blocks with
  ``origin="footnote"`` at the end;
* nested tables: flattened into the text of the containing cell;
* the two-column header table of an official letter (the first table before any
  body paragraph longer than 200 characters): a table Block with ``origin="header"``.

Page headers and footers of the sections are not report content and are skipped,
as are tracked deletions and field instructions. Text is NFC with runs of
spaces/tabs collapsed (``text.clean_text``); a line break inside a paragraph is kept
as ``\\n``.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..model import Block, Cell, Document
from .errors import MAX_GRID_COLUMNS, CorruptFile, EmptyDocument, EncryptedFile, check_zip_budget
from .legacy import CAPS_OFF, CAPS_ON, capitals_font
from .text import clean_line, clean_text

HEADER_TABLE_BEFORE = 200  # a header table comes before any paragraph this long

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDTCONTENT, W_CUSTOMXML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_T, W_TAB, W_PTAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
W_NOBREAKHYPHEN, W_SOFTHYPHEN, W_SYM = qn("w:noBreakHyphen"), qn("w:softHyphen"), qn("w:sym")
W_TXBXCONTENT = qn("w:txbxContent")
W_R, W_RPR, W_RFONTS, W_ASCII, W_HANSI = qn("w:r"), qn("w:rPr"), qn("w:rFonts"), qn("w:ascii"), qn("w:hAnsi")
W_TCPR, W_GRIDSPAN, W_VMERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge")
W_TRPR, W_GRIDBEFORE = qn("w:trPr"), qn("w:gridBefore")
W_PPR, W_PSTYLE, W_TBLPR, W_TBLSTYLE = qn("w:pPr"), qn("w:pStyle"), qn("w:tblPr"), qn("w:tblStyle")
W_VAL, W_CHAR, W_TYPE, W_ID = qn("w:val"), qn("w:char"), qn("w:type"), qn("w:id")
MC_FALLBACK = f"{{{_MC}}}Fallback"

# Subtrees whose text is not report text: tracked deletions and moves-away,
# field instructions, properties (no text, skipped for speed), the VML copy of a
# DrawingML object, comments' anchors.
_SKIPPED = {
    qn("w:del"), qn("w:moveFrom"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText"),
    qn("w:rPr"), W_PPR, qn("w:sectPr"), MC_FALLBACK, qn("w:commentReference"),
}
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


@dataclass
class _Raw:
    """A block before its index is known."""

    kind: str
    text: str
    cells: tuple[Cell, ...] = ()
    style: str | None = None
    origin: str = "body"


@dataclass
class _Styles:
    """Style id -> name, and the name of the default paragraph style."""

    names: dict[str, str] = field(default_factory=dict)
    default_paragraph: str | None = None

    def paragraph_style(self, p) -> str | None:
        """The style name of a ``w:p`` element."""
        ppr = p.find(W_PPR)
        pstyle = ppr.find(W_PSTYLE) if ppr is not None else None
        if pstyle is None:
            return self.default_paragraph
        sid = pstyle.get(W_VAL)
        return self.names.get(sid, sid)

    def table_style(self, tbl) -> str | None:
        """The style name of a ``w:tbl`` element (None when it has none)."""
        tblpr = tbl.find(W_TBLPR)
        tstyle = tblpr.find(W_TBLSTYLE) if tblpr is not None else None
        if tstyle is None:
            return None
        sid = tstyle.get(W_VAL)
        return self.names.get(sid, sid)


# --------------------------------------------------------------------- opening


def _check_package(path: str) -> None:
    """Raise EncryptedFile / CorruptFile when ``path`` is not a DOCX zip package.

    A password-protected DOCX is an OLE compound file holding an
    ``EncryptionInfo`` stream; an old binary ``.doc`` renamed ``.docx`` is OLE too.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise CorruptFile("không mở được tệp", f"cannot open the file: {exc}") from exc
    if not data:
        raise EmptyDocument("tệp rỗng (0 byte)", "the file is empty (0 bytes)")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise EncryptedFile("tệp Word được đặt mật khẩu", "the Word file is password-protected")
        raise CorruptFile(
            "tệp là định dạng Word cũ (.doc) nhưng có đuôi .docx",
            "the file is an old binary Word file (.doc) named .docx",
        )
    if not zipfile.is_zipfile(path):
        raise CorruptFile("tệp Word bị hỏng hoặc không phải .docx", "the Word file is damaged or not a .docx")
    check_zip_budget(path, "Word")


def _open_docx(path: str):
    """A python-docx Document, or CorruptFile."""
    import docx

    _check_package(path)
    try:
        return docx.Document(path)
    except Exception as exc:  # python-docx raises KeyError, ValueError, BadZipFile...
        raise CorruptFile(
            "tệp Word bị hỏng, không đọc được nội dung",
            f"the Word file is damaged: {type(exc).__name__}: {exc}",
        ) from exc


def _styles_of(document) -> _Styles:
    """Style names by id, from the document's styles part."""
    try:
        from docx.enum.style import WD_STYLE_TYPE

        names = {s.style_id: s.name for s in document.styles}
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        return _Styles(names, default.name if default is not None else None)
    except Exception:  # a package without a styles part
        return _Styles()


# ------------------------------------------------------------------ paragraphs


def _sym_char(sym) -> str:
    """The character of a ``w:sym`` (Symbol-font codes F0xx map to 00xx)."""
    try:
        code = int(sym.get(W_CHAR, ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    return chr(code)


def _run_font(run) -> str | None:
    """The font a ``w:r`` names itself (its ``w:rFonts``), None when it names none."""
    rpr = run.find(W_RPR)
    fonts = rpr.find(W_RFONTS) if rpr is not None else None
    return None if fonts is None else (fonts.get(W_ASCII) or fonts.get(W_HANSI))


def _collect_runs(el, out: list[str], boxes: list) -> None:
    """Append the text of ``el``'s subtree to ``out``; text boxes go to ``boxes``."""
    for child in el:
        tag = child.tag
        if tag == W_T:
            out.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NOBREAKHYPHEN:
            out.append("-")
        elif tag == W_SOFTHYPHEN:
            continue
        elif tag == W_SYM:
            out.append(_sym_char(child))
        elif tag == W_TXBXCONTENT:
            boxes.append(child)
        elif tag == W_R and capitals_font(_run_font(child)):  # TCVN3's capitals font: marked for decoding
            out.append(CAPS_ON)
            _collect_runs(child, out, boxes)
            out.append(CAPS_OFF)
        elif tag in _SKIPPED or not isinstance(tag, str):
            continue  # comments / processing instructions have a non-str tag
        else:
            _collect_runs(child, out, boxes)


def paragraph_text(p) -> tuple[str, list]:
    """The clean text of a ``w:p`` without its text boxes, and the boxes' ``w:txbxContent``."""
    out: list[str] = []
    boxes: list = []
    _collect_runs(p, out, boxes)
    return clean_text("".join(out)), boxes


# ---------------------------------------------------------------------- tables


def _children(el, tag: str) -> Iterator:
    """Children of ``el`` with ``tag``, looking through ``w:sdt``/``w:customXml`` wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W_CUSTOMXML:
            yield from _children(child, tag)


def _int_val(parent, tag: str, default: int) -> int:
    """The integer ``w:val`` of ``parent``'s child ``tag``."""
    if parent is None:
        return default
    el = parent.find(tag)
    try:
        return int(el.get(W_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def _vmerge(tc) -> str | None:
    """``"restart"``, ``"continue"`` or None for a cell's vertical merge."""
    tcpr = tc.find(W_TCPR)
    el = tcpr.find(W_VMERGE) if tcpr is not None else None
    if el is None:
        return None
    return "restart" if el.get(W_VAL) == "restart" else "continue"


def _block_items(container) -> Iterator:
    """``w:p`` and ``w:tbl`` children of a body-like element, in order."""
    for child in container:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _block_items(content)
        elif child.tag == W_CUSTOMXML:
            yield from _block_items(child)


def container_text(container) -> str:
    """All the text of a cell or text box: paragraphs, their text boxes, nested tables."""
    parts: list[str] = []
    for item in _block_items(container):
        if item.tag == W_P:
            text, boxes = paragraph_text(item)
            parts.append(text)
            parts.extend(container_text(box) for box in boxes)
        else:
            parts.append(table_text(table_cells(item)))
    return clean_text("\n".join(parts))


def table_cells(tbl) -> tuple[Cell, ...]:
    """The cells of a ``w:tbl`` on its grid; a merged cell once, at its top-left.

    Horizontal merges come from ``w:gridSpan`` (and ``w:gridBefore`` for rows that
    start later); vertical ones from ``w:vMerge``: a continuation cell extends the
    cell above it (its text, normally empty, is appended so nothing is lost).
    """
    cells: list[dict] = []
    open_merge: dict[int, int] = {}  # grid column -> index in ``cells`` of the merge's top cell
    for r, tr in enumerate(_children(tbl, W_TR)):
        col = min(MAX_GRID_COLUMNS, max(0, _int_val(tr.find(W_TRPR), W_GRIDBEFORE, 0)))
        for tc in _children(tr, W_TC):
            span = min(MAX_GRID_COLUMNS, max(1, _int_val(tc.find(W_TCPR), W_GRIDSPAN, 1)))  # a damaged span: Word's limit
            text = container_text(tc)
            merge = _vmerge(tc)
            top = open_merge.get(col)
            if merge == "continue" and top is not None:
                cell = cells[top]
                cell["row_span"] = r - cell["row"] + 1
                if text:
                    cell["text"] = f"{cell['text']}\n{text}" if cell["text"] else text
            else:
                cells.append({"row": r, "col": col, "text": text, "row_span": 1, "col_span": span})
                if merge is not None:
                    open_merge[col] = len(cells) - 1
                else:
                    open_merge.pop(col, None)
            col += span
    return tuple(Cell(**c) for c in cells)


def table_text(cells: Iterable[Cell]) -> str:
    """Rows joined by ``\\n``, cells by `` | `` (a cell's own line breaks become spaces)."""
    rows: dict[int, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(cell.row, []).append(cell)
    lines = []
    for r in sorted(rows):
        texts = [c.text.replace("\n", " ") for c in sorted(rows[r], key=lambda c: c.col)]
        lines.append(clean_line(" | ".join(texts)))
    return "\n".join(lines)


# -------------------------------------------------------------------- the body


def body_to_raw(container, styles: _Styles, origin: str = "body") -> Iterator[_Raw]:
    """Raw blocks of a body (or text box) in document order; empty paragraphs dropped."""
    for item in _block_items(container):
        if item.tag == W_P:
            text, boxes = paragraph_text(item)
            if text:
                yield _Raw("paragraph", text, style=styles.paragraph_style(item), origin=origin)
            for box in boxes:
                yield from body_to_raw(box, styles, origin="textbox")
        else:
            cells = table_cells(item)
            text = table_text(cells)
            if any(c.text for c in cells):
                yield _Raw("table", text, cells, styles.table_style(item), origin)


def mark_header_table(raws: list[_Raw]) -> list[_Raw]:
    """Set ``origin="header"`` on the first table that precedes every long body paragraph."""
    for raw in raws:
        if raw.kind == "paragraph" and raw.origin == "body" and len(raw.text) > HEADER_TABLE_BEFORE:
            break
        if raw.kind == "table" and raw.origin == "body":
            raw.origin = "header"
            break
    return raws


def notes_to_raw(document, styles: _Styles) -> Iterator[_Raw]:
    """One raw block per footnote and endnote (``origin="footnote"``), in file order."""
    for reltype, tag in ((RT.FOOTNOTES, "w:footnote"), (RT.ENDNOTES, "w:endnote")):
        for rel in list(document.part.rels.values()):
            if rel.is_external or rel.reltype != reltype:
                continue
            try:
                root = parse_xml(rel.target_part.blob)
            except Exception:
                continue
            for note in root.iter(qn(tag)):
                if note.get(W_TYPE) in _NOTE_SEPARATORS:
                    continue
                text = container_text(note)
                if text:
                    yield _Raw("paragraph", text, style=None, origin="footnote")


def raws_to_blocks(raws: Iterable[_Raw]) -> tuple[Block, ...]:
    """Blocks numbered in reading order (``pages=()`` for DOCX)."""
    return tuple(
        Block(index=i, kind=r.kind, text=r.text, cells=r.cells, style=r.style, origin=r.origin)
        for i, r in enumerate(raws)
    )


def docx_to_blocks(path: str) -> Document:
    """Read a ``.docx`` into a Document of paragraph and table Blocks in reading order.

    Raises CorruptFile, EncryptedFile, or EmptyDocument (no text anywhere).
    """
    document = _open_docx(path)
    styles = _styles_of(document)
    raws = mark_header_table(list(body_to_raw(document.element.body, styles)))
    raws.extend(notes_to_raw(document, styles))
    if not raws:
        raise EmptyDocument("tệp Word không có chữ", "the Word file has no text")
    return Document(path=str(path), format="docx", blocks=raws_to_blocks(raws), pages=None)
