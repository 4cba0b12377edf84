"""Project-wide contracts: the engine never imports Qt; the README's commands are well formed."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PyQt5", "PyQt6", "PySide2", "PySide6", "pyqtgraph", "gui")


def test_engine_does_not_import_qt_or_gui():
    code = (
        "import sys, pkgutil, importlib, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'): importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"engine imported: {result.stdout.strip()}"


def test_engine_source_has_no_qt_imports():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "engine").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("import ", "from ")) and any(f" {name}" in line for name in FORBIDDEN)
    ]
    assert offenders == []


def test_readme_quick_start_has_one_run_and_one_test_command():
    sys.path.insert(0, str(ROOT / "tools"))
    from readme_commands import quick_start_blocks

    blocks = quick_start_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    assert all("\n" not in block for block in blocks[:2])
    assert "requirements.txt" in blocks[0] and "main.py" in blocks[0]
    assert "requirements-dev.txt" in blocks[1] and "pytest" in blocks[1]
