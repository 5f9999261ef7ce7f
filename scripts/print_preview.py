"""Print a sheet of solieu's workbooks the way a clerk would: LibreOffice renders it to
PDF with the sheet's own page set-up; we count the pages, look for ``###`` (a number too
wide for its column) and save each page as a picture to look at.

    python scripts/print_preview.py out/comparison.xlsx "Chỉ tiêu chính" --png docs/print/chi_tieu_chinh
    python scripts/print_preview.py out/audit.xlsx "Phát hiện" --max-pages 3 --png docs/print/phat_hien

Prints the page count, the paper size and orientation of the first page, and whether any
``###`` shows; exits 1 when ``--max-pages`` is passed and exceeded.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

A4_LANDSCAPE = (841.9, 595.3)  # points


@dataclass(frozen=True)
class Preview:
    pdf: Path
    pages: int
    size: tuple[float, float]  # the first page, in points (width, height)
    text: str  # the text layer of every page

    @property
    def landscape_a4(self) -> bool:
        return all(abs(a - b) < 3 for a, b in zip(self.size, A4_LANDSCAPE))


def sheet_only(workbook: Path, sheet: str, dest: Path) -> Path:
    """A copy of ``workbook`` holding only ``sheet`` (page set-up kept)."""
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for name in wb.sheetnames:
        if name != sheet:
            del wb[name]
    wb.active = 0
    out = dest / "sheet.xlsx"
    wb.save(out)
    return out


def render(workbook: Path, sheet: str, workdir: Path, timeout: float = 300) -> Preview:
    """The sheet printed to PDF by LibreOffice headless (raises RuntimeError when it cannot)."""
    import pypdfium2 as pdfium

    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    src = sheet_only(workbook, sheet, workdir)
    profile = workdir / "profile"
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(workdir), str(src)], capture_output=True, timeout=timeout)
    pdf_path = workdir / "sheet.pdf"
    if not pdf_path.exists():
        raise RuntimeError(f"LibreOffice could not print the sheet: {r.stderr.decode(errors='replace')[-300:]}")
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        size = tuple(round(x, 1) for x in pdf[0].get_size())
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        return Preview(pdf_path, len(pdf), size, text)
    finally:
        pdf.close()


def save_pictures(pdf_path: Path, stem: Path, dpi: int = 60, most: int = 6) -> list[Path]:
    """The first ``most`` pages as PNG files ``<stem>_1.png``…"""
    import pypdfium2 as pdfium

    stem.parent.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    try:
        for i in range(min(most, len(pdf))):
            path = stem.parent / f"{stem.name}_{i + 1}.png"
            pdf[i].render(scale=dpi / 72).to_pil().save(path, optimize=True)
            out.append(path)
    finally:
        pdf.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workbook", type=Path)
    ap.add_argument("sheet")
    ap.add_argument("--max-pages", type=int)
    ap.add_argument("--png", type=Path, help="save the pages as <PNG>_1.png, …")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        p = render(args.workbook, args.sheet, Path(tmp))
        print(f"{args.workbook.name} / {args.sheet}: {p.pages} pages, first page {p.size[0]:g}×{p.size[1]:g} pt"
              f"{' (A4 landscape)' if p.landscape_a4 else ''}; '###' {'FOUND' if '###' in p.text else 'not found'}")
        if args.png:
            for path in save_pictures(p.pdf, args.png, args.dpi):
                print(f"  {path}")
    return 1 if args.max_pages and p.pages > args.max_pages else 0


if __name__ == "__main__":
    sys.exit(main())
