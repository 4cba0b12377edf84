"""``main.py report`` as a user runs it: the page, its PNGs, two models compared, a real browser opening it."""

import base64
import io
import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from .test_commands import run

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

# Appended to a copy of the report: in the browser, every image must have decoded and not be one flat colour.
CHECK_IMAGES = """<script>
window.addEventListener("load", () => {
  const lines = [...document.images].map((img) => {
    if (!img.complete || img.naturalWidth === 0) return "undecoded " + img.alt;
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let low = 255, high = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      low = Math.min(low, pixels[i], pixels[i + 1], pixels[i + 2]);
      high = Math.max(high, pixels[i], pixels[i + 1], pixels[i + 2]);
    }
    return (high - low > 64 ? "ok " : "blank ") + img.naturalWidth + "x" + img.naturalHeight + " " + img.alt;
  });
  const out = document.createElement("pre");
  out.id = "checked";
  out.textContent = lines.join("\\n");
  document.body.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def trained(tmp_path_factory, digits):
    """Two small models trained on the same tiny digits with a different learning rate and seed."""
    folder = tmp_path_factory.mktemp("report")
    np.savez(folder / "tiny.npz", x_train=digits["x_train"][:300], y_train=digits["y_train"][:300],
             x_test=digits["x_test"][:200], y_test=digits["y_test"][:200])  # fmt: skip
    for name, lr, seed in (("first.npz", "0.003", "0"), ("second.npz", "0.01", "1")):
        code, _, err = run("train", "--data", "tiny.npz", "--model", "lab-cnn-light", "--epochs", "2",
                           "--batch-size", "20", "--lr", lr, "--seed", seed, "--val-split", "0.1", "--out", name,
                           cwd=folder)  # fmt: skip
        assert code == 0, err
    return folder


def test_report_writes_one_page_with_every_section_and_figure_embedded(trained):
    code, out, err = run("report", "first.npz", "--data", "tiny.npz", "--out", "report.html", "--png", "figures",
                         cwd=trained)  # fmt: skip
    assert code == 0, err
    assert re.fullmatch(r"wrote report\.html and 6 PNGs in figures in \d+\.\d s\n", out)
    assert err == ""  # not even Qt's notes about the offscreen platform
    page = (trained / "report.html").read_text(encoding="utf-8")
    for heading in ("Results", "Recipe", "Model", "Data", "Training curves", "Confusion matrix (counts)",
                    "Confusion matrix (each row as shares of its true class)", "Per-class accuracy",
                    "Misclassified test images", "The first layer's filters"):  # fmt: skip
        assert f"<h2>{heading}" in page
    assert "Total params: 26,698" in page and "lab-cnn-light" in page  # the summary and the preset
    assert "<th>seed</th><td>0</td>" in page and "<th>lr</th><td>0.003</td>" in page  # the recipe
    assert "tiny: 300 training and 200 test images, 28x28 grey, 10 classes" in page  # the data
    sources = re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)
    assert len(sources) == 6 and len(re.findall(r"<img ", page)) == 6  # every picture inside the page: offline
    for source in sources:
        embedded = Image.open(io.BytesIO(base64.b64decode(source)))
        embedded.load()  # the whole PNG decodes (a truncated one raises here)
        assert np.ptp(np.asarray(embedded.convert("L"))) > 100
    assert not re.search(r"<(script|link)\b", page)  # nothing fetched from anywhere
    names = sorted(p.name for p in (trained / "figures").iterdir())
    assert names == ["confusion_counts.png", "confusion_normalised.png", "curves.png", "filters.png",
                     "misclassified.png", "per_class_accuracy.png"]  # fmt: skip
    for name in names:
        picture = np.asarray(Image.open(trained / "figures" / name).convert("L"))
        assert picture.shape[1] >= 400 and np.ptp(picture) > 100, name  # decodes, and is not one flat colour


def test_the_per_class_table_matches_what_evaluate_counts(trained):
    code, out, err = run("evaluate", "first.npz", "--data", "tiny.npz", cwd=trained)
    assert code == 0, err
    code, _, err = run("report", "first.npz", "--data", "tiny.npz", "--out", "counted.html", cwd=trained)
    assert code == 0, err
    page = (trained / "counted.html").read_text(encoding="utf-8")
    for name, correct, total in re.findall(r"^  (\d)\s+\S+\s+\((\d+)/(\d+)\)$", out, re.M):
        assert re.search(rf"<tr><th>{name}</th><td>[\d.]+% \({correct}/{total}\)</td></tr>", page), name
    accuracy = float(re.search(r"^accuracy: ([\d.]+)", out, re.M).group(1))
    assert f"<b>{accuracy:.2%}</b>" in page


def test_two_models_are_compared_side_by_side_labelled_with_what_differs(trained):
    code, out, err = run("report", "first.npz", "second.npz", "--data", "tiny.npz", "--out", "both.html", "--png",
                         "both", cwd=trained)  # fmt: skip
    assert code == 0, err
    assert "and 11 PNGs" in out  # one curves figure for both, five figures for each model
    page = (trained / "both.html").read_text(encoding="utf-8")
    assert "first.npz: lr 0.003, seed 0" in page and "second.npz: lr 0.01, seed 1" in page
    assert "<th>lr</th><td><b>0.003</b></td><td><b>0.01</b></td>" in page  # the settings that differ, in bold
    assert page.count("<div class=runs>") == 6  # model summaries and the five per-model figures, in pairs
    names = {p.name for p in (trained / "both").iterdir()}
    assert {"curves.png", "confusion_counts_1.png", "confusion_counts_2.png", "filters_2.png"} <= names
    # The two runs' curves are on the same axes: the curves figure holds the first run's blue and the second's red.
    curves = np.asarray(Image.open(trained / "both" / "curves.png").convert("RGB")).reshape(-1, 3).astype(int)
    assert (np.abs(curves - (31, 119, 180)).sum(axis=1) < 30).sum() > 200
    assert (np.abs(curves - (214, 39, 40)).sum(axis=1) < 30).sum() > 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["first.npz", "--data", "tiny.npz", "--out", "report.txt"], "--out report.txt: the report is an HTML page"),
        (["first.npz", "second.npz", "first.npz", "--out", "r.html"], "compares at most two models, got 3"),
        (["missing.npz", "--out", "r.html"], "missing.npz"),
        (["first.npz", "--data", "nowhere.npz", "--out", "r.html"], "nowhere.npz"),
    ],
)
def test_report_errors_are_one_line(trained, args, message):
    code, out, err = run("report", *args, cwd=trained)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1, err


def test_the_default_model_reports_without_a_history_and_says_why(trained):
    code, out, err = run("report", "default", "--max-images", "300", "--out", "default.html", cwd=trained)
    assert code == 0, err
    page = (trained / "default.html").read_text(encoding="utf-8")
    assert "No training history is saved in this model" in page
    assert "<th>preset</th><td>mini-resnet</td>" in page and "<th>seed</th><td>0</td>" in page
    assert page.count("<img ") == 5  # everything but the curves


@pytest.mark.skipif(BROWSER is None, reason="no Chromium here (Debian: apt-get install chromium) to open the page in")
def test_the_page_opens_in_a_real_browser_and_every_image_decodes(trained, tmp_path):
    code, _, err = run("report", "first.npz", "second.npz", "--data", "tiny.npz", "--out", tmp_path / "both.html",
                       cwd=trained)  # fmt: skip
    assert code == 0, err
    checked = tmp_path / "checked.html"
    page = (tmp_path / "both.html").read_text(encoding="utf-8")
    checked.write_text(page.replace("</body>", CHECK_IMAGES + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom",
         checked.as_uri()], capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    lines = re.search(r'<pre id="checked">(.*?)</pre>', dom, re.S).group(1).splitlines()
    assert len(lines) == 11 and all(line.startswith("ok ") for line in lines), lines
    widths = [int(re.match(r"ok (\d+)x", line).group(1)) for line in lines]
    assert min(widths) >= 400


def test_a_chinese_report_for_a_chinese_lab_report(trained):
    """``--language zh_CN``: the page's words and its figures' labels in Chinese; names, numbers, the Keras-style
    model summary and the command's own line stay as they are."""
    code, out, err = run("report", "first.npz", "second.npz", "--data", "tiny.npz", "--language", "zh_CN", "--out",
                         "zh.html", "--png", "zh", cwd=trained)  # fmt: skip
    assert code == 0 and err == "", err
    page = (trained / "zh.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    for heading in ("结果", "训练配置", "模型", "数据", "训练曲线", "混淆矩阵（数量）", "各类别的准确率",
                    "第一层的卷积核"):  # fmt: skip
        assert f"<h2>{heading}</h2>" in page
    assert "first.npz：学习率 0.003, 随机种子 0" in page  # what differs, in Chinese
    assert "<th>学习率</th><td><b>0.003</b></td><td><b>0.01</b></td>" in page
    assert "tiny：300 张训练图片和 200 张测试图片，28x28 灰度，10 个类别" in page
    shown = re.sub(r"<pre>.*?</pre>|<style>.*?</style>|<[^>]+>|data:image/png;base64,[^\"]+", " ", page, flags=re.S)
    names = {"Studio", "tiny", "first", "second", "rotation", "shift", "zoom", "shear", "elastic", "adam", "constant"}
    english = set(re.findall(r"[A-Za-z]{4,}", shown.replace("lab-cnn-light", ""))) - names
    assert not english, english  # no English sentence: only names
    # The figures' labels are drawn in Chinese too: the confusion matrix's axis titles are no longer the English ones.
    chinese = np.asarray(Image.open(trained / "zh" / "confusion_counts_1.png").convert("L"))
    code, _, err = run("report", "first.npz", "--data", "tiny.npz", "--png", "en", "--out", "en.html", cwd=trained)
    assert code == 0, err
    english_figure = np.asarray(Image.open(trained / "en" / "confusion_counts.png").convert("L"))
    width = min(chinese.shape[1], english_figure.shape[1])  # (the row labels' width follows the font)
    title = (slice(0, 40), slice(0, width))  # the "predicted" / "预测" title over the columns
    assert not np.array_equal(chinese[title], english_figure[title])


def test_report_language_must_be_one_it_speaks(trained):
    code, _, err = run("report", "first.npz", "--data", "tiny.npz", "--language", "fr", "--out", "fr.html",
                       cwd=trained)  # fmt: skip
    assert code == 1 and "--language fr: choose one of en, zh_CN" in err and len(err.strip().splitlines()) == 1


def test_report_help_names_its_flags(trained):
    code, out, _ = run("report", "--help", cwd=trained)
    assert code == 0 and "--png DIR" in out and "--out OUT" in out
