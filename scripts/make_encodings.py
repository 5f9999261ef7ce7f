"""Write patterns/encodings/tcvn3.csv: what each byte of the TCVN3 (ABC) encoding of
old Vietnamese fonts (.VnTime, .VnArial…) stands for, taken from iconv's TCVN5712-1
(the bytes 0xA0–0xFF, where the Vietnamese letters are; below them it is ASCII).

    python scripts/make_encodings.py     # needs the iconv program
"""
from __future__ import annotations

import csv
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST, LAST = 0xA0, 0xFF


def iconv_table() -> dict[int, str]:
    """Byte → character as iconv decodes TCVN5712-1 (one byte at a time)."""
    out = {}
    for b in range(FIRST, LAST + 1):
        r = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([b]), capture_output=True, check=True)
        out[b] = r.stdout.decode("utf-8")
    return out


def main() -> int:
    table = iconv_table()
    path = ROOT / "patterns" / "encodings" / "tcvn3.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["byte", "char", "name"])
        for b, ch in table.items():
            w.writerow([f"0x{b:02X}", ch, " + ".join(unicodedata.name(c, "?") for c in ch)])
    print(f"{path}: {len(table)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
