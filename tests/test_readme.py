"""The README cannot show a command that fails: every `python main.py ...` line in its fenced
blocks runs here as a subprocess, in order, exactly as written but smaller (one or two epochs,
a few hundred images), and so does the Python example of "The engine in five minutes"."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

import main
from engine.data import write_idx
from engine.data.cifar import ARCHIVE, unpack
from tests.http_server import FileServer, serve_fake_mnist
from tests.own_data import cifar_archive, homework_mat, kaggle_csv, photo_folder, serve_cifar

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")  # its commands must run too


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """``(language, body)`` of every fenced block."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.M | re.S)


def readme_commands() -> list[str]:
    """Every ``python main.py`` command of the fenced blocks of README.md and README.zh-CN.md: continuations
    joined, comments cut."""
    commands = []
    for _, body in fenced_blocks(README) + fenced_blocks(README_ZH):
        for line in body.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("python main.py"):
                commands.append(" ".join(shlex.split(line, comments=True)))
    return commands


def shortened(command: str) -> list[str]:
    """The command's arguments after ``main.py``, with the size knobs turned down."""
    args = shlex.split(command)[2:]

    def setting(flag: str, value: str) -> None:
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args.extend([flag, value])

    if args[0] == "train":
        setting("--epochs", "2" if "--resume" in args else "1")
        setting("--max-images", "300")
    elif args[0] in ("evaluate", "report"):
        setting("--max-images", "300")
    elif args[0] == "bench":
        setting("--steps", "2")
    elif args[0] == "gradcheck":
        setting("--max-checks", "5")
    elif args[0] == "teach":
        setting("--epochs", "1")
    return args


def test_the_readme_shows_the_everyday_commands():
    names = {shlex.split(c)[2] for c in readme_commands()}
    assert {"train", "evaluate", "predict", "summary", "export-weights", "gradcheck", "bench", "download",
            "teach", "report"} <= names  # fmt: skip


def image_files(folder: Path) -> None:
    """The README's ``photo_of_a_7.jpg`` (grey paper, dark ink), ``drawing.png`` (white on black) and a
    ``my_digits`` folder of three 7s and three 1s."""
    photo = Image.new("L", (240, 240), 180)
    ImageDraw.Draw(photo).line([(60, 50), (180, 50), (100, 200)], fill=40, width=16)
    photo.convert("RGB").save(folder / "photo_of_a_7.jpg")
    drawing = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(drawing).line([(100, 30), (100, 170)], fill=255, width=14)
    drawing.save(folder / "drawing.png")
    for digit, path in ((7, [(60, 50), (180, 50), (100, 200)]), (1, [(120, 30), (120, 210)])):  # my_digits/7/*.png
        (folder / "my_digits" / str(digit)).mkdir(parents=True)
        for k, width in enumerate((10, 18, 26)):
            picture = Image.new("L", (240, 240), 255)
            ImageDraw.Draw(picture).line(path, fill=0, width=width)
            picture.save(folder / "my_digits" / str(digit) / f"{k}.png")


def tiny_fashion(cache: Path) -> None:
    """A 200 + 50 image stand-in for Fashion-MNIST in the cache folder (used where Debian's is not installed)."""
    rng = np.random.default_rng(0)
    folder = cache / "fashion-mnist"
    folder.mkdir(parents=True)
    for part, count in (("train", 200), ("t10k", 50)):
        write_idx(folder / f"{part}-images-idx3-ubyte", rng.integers(0, 256, (count, 28, 28), dtype=np.uint8))
        write_idx(folder / f"{part}-labels-idx1-ubyte", rng.integers(0, 10, count).astype(np.uint8))


def own_data_files(folder: Path, digits: dict) -> None:
    """The files of the README's *Your own data* commands: a colour photo folder and one photo, Kaggle's CSVs,
    the homework's .mat, an .npz under other names, a TF2-notes picture list, and an unpacked CIFAR-10."""
    photo_folder(folder / "flowers", per_class=10)
    Image.open(folder / "flowers" / "disc" / "0.png").save(folder / "my_rose.jpg")
    kaggle_csv(folder / "train.csv", digits["x_train"][:300], digits["y_train"][:300])
    kaggle_csv(folder / "test.csv", digits["x_test"][:20], None)
    homework_mat(folder / "MNISTData.mat", digits)
    np.savez(folder / "arrays.npz", pics=digits["x_train"][:100], answers=digits["y_train"][:100])
    pictures = folder / "mnist_train_jpg_60000"
    pictures.mkdir()
    lines = []
    for i in range(30):
        Image.fromarray(255 - digits["x_train"][i]).save(pictures / f"{i}_{digits['y_train'][i]}.jpg")
        lines.append(f"{i}_{digits['y_train'][i]}.jpg {digits['y_train'][i]}")
    (folder / "mnist_train_jpg_60000.txt").write_text("\n".join(lines) + "\n")
    cifar = folder / "cache" / "cifar10"
    cifar.mkdir(parents=True)
    (cifar / ARCHIVE).write_bytes(cifar_archive(np.random.default_rng(0))[0])
    unpack(cifar)


def test_every_readme_command_runs(tmp_path, monkeypatch, capsys, digits):
    image_files(tmp_path)
    own_data_files(tmp_path, digits)
    tiny_fashion(tmp_path / "cache")
    env = {**os.environ, "CNN_STUDIO_DATA": str(tmp_path / "cache")}
    failures = []
    for command in readme_commands():
        args = shortened(command)
        if args[0] == "download":
            continue  # below: it needs a server to download from
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        if result.returncode != 0:
            failures.append(f"{command}\n  ran as: main.py {' '.join(args)}\n  exit {result.returncode}: "
                            f"{result.stderr.strip()[-800:]}")  # fmt: skip
    assert not failures, "\n".join(failures)
    assert (tmp_path / "m20.npz").exists() and (tmp_path / "m_weights").is_dir()


def test_the_readme_download_commands_run_against_a_local_server(tmp_path, monkeypatch, capsys):
    """``python main.py download mnist`` and ``... cifar10`` as written, in-process, with the mirrors on
    127.0.0.1 (no internet in tests)."""
    commands = [c for c in readme_commands() if shlex.split(c)[2] == "download"]
    assert [shlex.split(c)[3] for c in commands] == ["mnist", "cifar10"]
    with FileServer() as server:
        serve_fake_mnist(server, tmp_path, monkeypatch)
        serve_cifar(server, tmp_path, monkeypatch)
        for command in commands:
            assert main.main(shortened(command)) == 0
    out = capsys.readouterr().out
    assert "mnist: ready in" in out and "cifar10: ready in" in out


def test_the_engine_in_five_minutes_example_runs(tmp_path):
    section = README.split("## The engine in five minutes", 1)[1]
    language, code = fenced_blocks(section)[0]
    assert language == "python" and "model.fit(" in code
    code = code.replace("epochs=3", "epochs=1").replace('"digits.npz"', repr(str(tmp_path / "digits.npz")))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    scores = eval(result.stdout.strip().splitlines()[-1])  # the printed evaluate() dict
    assert scores["accuracy"] > 0.8  # one epoch on 7,200 real digits
    assert (tmp_path / "digits.npz").exists()


@pytest.mark.parametrize("command", readme_commands())
def test_each_readme_command_is_a_known_command_with_known_flags(command):
    """Parsing alone catches a renamed flag at once, before the slow run above."""
    args = shlex.split(command)[2:]
    parser = main.build_parser()
    parsed = parser.parse_args(args)
    assert parsed.command == args[0]
