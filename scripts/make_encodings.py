"""Write the tables of the old Vietnamese font encodings into patterns/encodings/:

- tcvn3.csv: what each byte of the TCVN3 (ABC) encoding (.VnTime, .VnArial…) stands
  for, taken from iconv's TCVN5712-1 (the bytes 0xA0–0xFF, where the Vietnamese letters
  are; below them it is ASCII);
- vni.csv: the VNI (VNI-Times…) sequences, a base letter followed by a mark character
  ("aù" is "á", "oâ" is "ô", "oá" is "ố"), and its single letters ("ô" is "ơ", "ñ" is
  "đ"), built from the VNI layout below (iconv has no VNI).

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


# VNI: the mark characters, lower case (upper case letters take the upper case marks)
TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}  # acute grave hook tilde dot
CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ"}


def vni_table() -> dict[str, str]:
    """VNI sequence → Unicode letter, lower and upper case."""
    nfc = lambda t: unicodedata.normalize("NFC", t)  # noqa: E731
    out = {}
    for base in "aeouy":
        for mark, tone in TONES.items():
            out[base + mark] = nfc(base + tone)
    for base, real in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in TONES.items():
            out[base + mark] = nfc(real + tone)
    for base in "aeo":
        for mark, tone in CIRCUMFLEX.items():
            out[base + mark] = nfc(base + "\u0302" + tone)
    for mark, tone in BREVE.items():
        out["a" + mark] = nfc("a\u0306" + tone)
    out.update(SINGLE)
    return out | {k.upper(): v.upper() for k, v in out.items()}


def main() -> int:
    vni = ROOT / "patterns" / "encodings" / "vni.csv"
    with open(vni, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["vni", "char"])
        for seq, ch in vni_table().items():
            w.writerow([seq, ch])
    print(f"{vni}: {len(vni_table())} sequences")
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
