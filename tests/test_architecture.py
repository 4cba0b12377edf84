"""Project-wide contracts: the engine never imports Qt; imports sit at the top; the README is well formed."""

import ast
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


def python_files(*folders):
    return [path for folder in folders for path in (ROOT / folder).rglob("*.py")]


def test_the_engine_and_its_tools_never_import_the_command_line():
    """The CLI is one user of the engine; tools, benchmarks and engine tests use the engine directly."""
    offenders = []
    for path in python_files("engine", "tools", "benchmarks", "tests/engine"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(name == "cli" or name.startswith("cli.") for name in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# Imports inside functions that are there on purpose, each for the reason in its comment:
# Pillow and Qt load only when needed (the window, the report's pictures), onnx (half a second) only for
# export --format onnx, PyTorch only in its benchmark subprocess.
LAZY_IMPORTS_ALLOWED = {"PIL", "gui.app", "gui.report", "engine.export_onnx", "torch", "resource",
                        "readme_commands", "main"}  # fmt: skip
# benchmarks/speed.py runs each engine in its own subprocess, which imports only that engine.
LAZY_FILES_ALLOWED = {"benchmarks/speed.py"}


def test_imports_sit_at_the_top_of_every_module():
    """No import hidden inside a function (the way import cycles hide), except the deliberate lazy ones."""
    offenders = []
    for path in python_files("engine", "cli", "gui", "tools", "benchmarks") + [ROOT / "main.py"]:
        if str(path.relative_to(ROOT)) in LAZY_FILES_ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    modules = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    modules = [("." * node.level) + (node.module or "")]
                else:
                    continue
                for module in modules:
                    if module.split(".")[0] not in LAZY_IMPORTS_ALLOWED and module not in LAZY_IMPORTS_ALLOWED:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert offenders == [], "imports inside functions: " + ", ".join(offenders)
