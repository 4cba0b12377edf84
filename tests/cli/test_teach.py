"""``python main.py teach MODEL FOLDER --out OUT``: the user's own drawings, end to end, and bad folders."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine import load_model
from engine.data.judge_sets import pen_traces, render_pen_trace

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def run(*args, cwd):
    result = subprocess.run([sys.executable, str(MAIN), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    return result.returncode, result.stdout, result.stderr


def drawings(root: Path, per_class: int, classes=range(10)) -> Path:
    """A folder of real pen digits drawn as black strokes on white PNGs, as a user's drawings would be."""
    points, labels = pen_traces()
    for digit in classes:
        (root / str(digit)).mkdir(parents=True, exist_ok=True)
        for k, index in enumerate(np.flatnonzero(labels == digit)[:per_class]):
            Image.fromarray(render_pen_trace(points[index])).save(root / str(digit) / f"{k}.png")
    return root


def test_teach_prints_before_and_after_and_saves_the_taught_model(tmp_path):
    folder = drawings(tmp_path / "mine", per_class=2)
    code, out, err = run("teach", "default", folder, "--out", "taught.npz", "--epochs", "1", cwd=tmp_path)
    assert code == 0, err
    lines = out.splitlines()
    assert "teaching default 20 drawings" in lines[0] and "replaying mnist-embedded" in lines[0]
    for prefix in ("before: ", "after: ", "mnist-embedded test before: ", "mnist-embedded test after: "):
        (line,) = [line for line in lines if line.startswith(prefix)]
        assert 0.0 <= float(line.removeprefix(prefix)) <= 1.0
    assert "held out 5 of the drawings; learned from 15" in out
    assert lines[-1] == "saved taught.npz"
    taught = load_model(tmp_path / "taught.npz")
    assert taught.metadata["taught"]["drawings"] == 20
    assert taught.metadata["class_names"] == [str(d) for d in range(10)]
    assert taught.metadata["normalization"] == load_model("default").metadata["normalization"]
    assert "Epoch 1/1" in err  # the progress bar


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda root: drawings(root, 2, classes=[3]) and (root / "cat").mkdir(), "'cat': not a class of the model"),
        (lambda root: drawings(root, 2, classes=[3]) and (root / "4").mkdir(), "no usable image in the class folder"),
        (lambda root: drawings(root, 1, classes=[3]), "only 1 image; teaching needs at least 2"),
        (lambda root: root.mkdir(), "no class sub-folders"),
    ],
    ids=["unknown class", "empty class", "one image", "no classes"],
)
def test_a_bad_folder_is_one_clear_error_naming_it(tmp_path, make, message):
    root = tmp_path / "mine"
    make(root)
    code, out, err = run("teach", "default", root, "--out", "taught.npz", cwd=tmp_path)
    assert code == 1 and message in err and str(root) in err and "Traceback" not in err, err
    assert not (tmp_path / "taught.npz").exists()


def test_an_unwritable_out_is_refused_before_teaching(tmp_path):
    folder = drawings(tmp_path / "mine", per_class=1, classes=[1, 7])
    code, out, err = run("teach", "default", folder, "--out", tmp_path, cwd=tmp_path)
    assert code == 1 and err.startswith("error: --out") and "teaching" not in out
