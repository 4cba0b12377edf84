"""Update the window's translations and compile them: python tools/build_translations.py

Collects every ``tr("...")`` text in ``gui/`` (``gui/i18n.py``), adds the new ones to each
``resources/translations/cnn_studio_<language>.ts`` (keeping every translation already written,
dropping texts the code no longer has), then compiles each ``.ts`` to the ``.qm`` the app loads, with
Qt's ``lrelease`` (PySide6 ships it: ``pip install -r requirements-dev.txt``). Prints how many texts
each language still lacks; ``--check`` exits with 1 while any does, without writing anything.

Last, it cuts Debian's WenQuanYi Micro Hei (``apt-get install fonts-wqy-microhei``; Apache 2.0) down to
the characters the Chinese translation uses, into ``resources/fonts/``: a few hundred kilobytes that the
window loads for 中文 (``gui/i18n.py``), so that a machine without a Chinese font shows characters, not
empty boxes.
"""

from __future__ import annotations

import argparse
import ast
import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fontTools.subset import Subsetter  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from gui.i18n import CONTEXT, FOLDER, LANGUAGE_WORDS, LANGUAGES  # noqa: E402


def texts_in_code() -> list[str]:
    """Every literal ``tr("...")`` and ``translatable("...")`` argument of ``gui/`` and every ``said("...")`` template
    of ``engine/`` (``engine/words.py``), in the order the files have them, each once."""
    found: dict[str, None] = {}
    paths = [*sorted((ROOT / "gui").glob("*.py")), *sorted((ROOT / "engine").rglob("*.py"))]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "translatable", "said")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found[node.args[0].value] = None  # fmt: skip
    return list(found)


def ts_path(language: str) -> Path:
    return FOLDER / f"cnn_studio_{language}.ts"


def read_ts(path: Path) -> dict[str, str]:
    """source -> translation ('' where none is written yet) of a Qt Linguist file."""
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()
    result = {}
    for message in root.iter("message"):
        source, translation = message.find("source"), message.find("translation")
        result[source.text or ""] = (translation.text or "") if translation is not None else ""
    return result


def write_ts(path: Path, language: str, texts: list[str], translations: dict[str, str]) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text in texts:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if translations.get(text):
            translation.text = translations[text]
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def lrelease() -> str:
    tool = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if tool is None:
        raise SystemExit("error: Qt's lrelease is not installed: pip install -r requirements-dev.txt (PySide6 has it)")
    return tool


SOURCE_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = ROOT / "resources" / "fonts" / "wqy-microhei-subset.ttf"


def cut_font(characters: str) -> None:
    """``FONT``: ``SOURCE_FONT`` with only ``characters`` (and ASCII), for the window's Chinese."""
    if not SOURCE_FONT.exists():
        raise SystemExit(f"error: {SOURCE_FONT} is missing: apt-get install fonts-wqy-microhei")
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # not its note on each table it drops
    font = TTFont(SOURCE_FONT, fontNumber=0)
    keep = Subsetter()
    keep.populate(text="".join(sorted(set(characters))) + "".join(map(chr, range(32, 127))))
    keep.subset(font)
    FONT.parent.mkdir(parents=True, exist_ok=True)
    font.save(FONT)
    print(f"wrote {FONT.relative_to(ROOT)} ({FONT.stat().st_size // 1024} KB, {len(set(characters))} characters)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say what is missing; exit 1 if anything is")
    args = parser.parse_args(argv)
    texts = texts_in_code()
    missing_any = False
    for language in LANGUAGES:
        if language == "en":
            continue
        translations = read_ts(ts_path(language))
        missing = [text for text in texts if not translations.get(text)]
        missing_any = missing_any or bool(missing)
        print(f"{language}: {len(texts) - len(missing)} of {len(texts)} texts translated")
        for text in missing:
            print(f"  missing: {text!r}")
        if not args.check:
            write_ts(ts_path(language), language, texts, translations)
            qm = FOLDER / f"cnn_studio_{language}.qm"
            subprocess.run([lrelease(), "-silent", str(ts_path(language)), "-qm", str(qm)], check=True)
            print(f"wrote {ts_path(language).relative_to(ROOT)} and {qm.relative_to(ROOT)}")
    if not args.check:
        cut_font("".join(read_ts(ts_path("zh_CN")).values()) + "".join(LANGUAGES.values()) + LANGUAGE_WORDS)
    return 1 if args.check and missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
