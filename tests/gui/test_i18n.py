"""The window in Chinese: every wrapped text translated, the compiled file up to date, nothing cut off."""

import ast
import re
import sys
from pathlib import Path

import pyqtgraph as pg
import pytest
from pyqtgraph.Qt import QtCore, QtWidgets

from engine.architecture import NEW_LAYER_SETTINGS, setting_names
from engine.data import KNOWN
from engine.doctor import TrainingDoctor
from engine.presets import PRESETS
from engine.training_config import OPTIMIZER_NAMES
from gui.i18n import CONTEXT, FONT, chosen_language, install_translator, tr

from .test_layout import check_every_tab_fits
from .test_main_window import child, click, stroke

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from build_translations import read_ts, texts_in_code, ts_path  # noqa: E402


def test_every_text_the_window_translates_has_its_chinese_and_the_compiled_file_has_it_too(qapp):
    translations = read_ts(ts_path("zh_CN"))
    missing = [text for text in texts_in_code() if not translations.get(text)]
    assert not missing, f"tr() texts without a Chinese translation (python tools/build_translations.py): {missing}"
    install_translator(qapp, "zh_CN")
    try:
        stale = [text for text in texts_in_code() if qapp.translate(CONTEXT, text) != translations[text]]
    finally:
        install_translator(qapp, "en")
    assert not stale, f"the .qm is older than the .ts (python tools/build_translations.py): {stale}"
    assert tr("Train") == "Train", "English again"


def test_the_language_is_the_saved_one_else_the_systems():
    assert chosen_language("en", system="zh_CN") == "en"
    assert chosen_language(None, system="zh_TW") == "zh_CN" and chosen_language(None, system="de_DE") == "en"
    assert chosen_language("klingon", system="en_US") == "en"


@pytest.fixture
def chinese_window(open_window, qapp):
    assert install_translator(qapp, "zh_CN") == "zh_CN" and FONT.exists()
    yield open_window()
    install_translator(qapp, "en")


@pytest.mark.parametrize("size", [(800, 600), (1280, 800)])
def test_the_window_in_chinese_speaks_chinese_and_every_tab_still_fits(qtbot, chinese_window, size):
    window = chinese_window
    assert window.controls.trainButton.text() == "训练"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())][:3] == ["绘制 && 预测", "曲线", "卷积核"]
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    check_every_tab_fits(qtbot, window, size)


def test_the_language_menu_remembers_the_choice_and_restarts_when_asked_to(qtbot, window, monkeypatch):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Language / 语言")
    assert isinstance(menu, QtWidgets.QMenu)
    chinese = next(a for a in menu.actions() if a.text() == "中文")
    assert not chinese.isChecked() or chosen_language(None) == "zh_CN"
    questions, started = [], []
    monkeypatch.setattr(window, "confirm", lambda question: questions.append(question) or False)
    chinese.trigger()  # "restart now?" No: remembered for the next start
    assert window.settings.value("language") == "zh_CN" and chinese.isChecked()
    assert "下次启动" in window.statusBar().currentMessage() and "切换到中文" in questions[0]
    assert window.isVisible()
    monkeypatch.setattr(window, "confirm", lambda question: True)
    monkeypatch.setattr(QtCore.QProcess, "startDetached", lambda program, args: started.append((program, args)))
    next(a for a in menu.actions() if a.text() == "English").trigger()  # Yes: the app starts again, in English
    assert window.settings.value("language") == "en"
    assert started == [(sys.executable, sys.argv)] and not window.isVisible()


# ---------------------------------------------------------------------------------------- no English left in sight
# A token that stays as it is in the Chinese window: a name (a layer, a preset, an optimizer, a dataset, a file), a
# number or shape (28x28, conv2d_1, lr=0.1), maths, or a term Chinese deep-learning courses keep in English.
KEPT = """
CNN Studio Language English CSV HTML PNG IDX MNIST ReLU ReLUs LeakyReLU BatchNorm Dropout softmax logits logit
one-hot MLP SGD Adam Nesterov RMSProp TF He Xavier tanh sigmoid max sum mean var sqrt eps gamma beta alpha exp ln
col im cols floor dL dW dX dY dy dx db dh dz dc Wx Wh dWx dWh dgamma dbeta out in lr log ms px MB npm mnist
H_out W_out x_hat y_t x_t h_t c_t row-lstm cosine constant step exponential handwriting-like flips and erasing
Ctrl Delete Pillow Python Netron ONNX PyTorch Qt N K p y x z r f g i o s t b c h w W L T
epoch base decay
stride pad padding bias same sequences tokens identity projection shortcut pool
LeCun VGG Simonyan Zisserman Inception Szegedy C-B-A-P-D
zip npz npy mat csv txt png features
"""  # "stride ... pool": a layer's one-line summary, ResidualBlock(16->32, stride 2, 1x1 projection shortcut), is
# in code words; then people and networks named in the presets' descriptions, and file extensions.
KEPT_WORDS = frozenset(KEPT.split())
NAME_LIKE = re.compile(r"[\w.-]*[\d_=.][\w.=-]*")  # conv2d_1, bn1.beta, 28x28, kernel_size=3, LeNet-5, CIFAR-10


def visible_texts(window) -> dict[str, str]:
    """Every text the window shows now, where it is: labels, buttons, menu entries, tooltips, list, table
    and combo entries, tab titles, plot titles, axes and legends, the progress bar, status bar and title."""
    found = {"title": window.windowTitle(), "status bar": window.statusBar().currentMessage()}

    def note(where, text):
        if text:
            found[f"{where}: {text[:60]}"] = re.sub(r"<[^>]+>|&\w+;", " ", str(text))

    for widget in window.findChildren(QtWidgets.QWidget):
        where = widget.objectName() or type(widget).__name__
        if where == "backpropCode":  # the engine's Python source, shown as it is
            continue
        note(where, widget.toolTip())
        for kind, read in ((QtWidgets.QLabel, "text"), (QtWidgets.QAbstractButton, "text"),
                           (QtWidgets.QGroupBox, "title"), (QtWidgets.QProgressBar, "format")):  # fmt: skip
            if isinstance(widget, kind):
                note(where, getattr(widget, read)())
        if isinstance(widget, QtWidgets.QComboBox):
            for i in range(widget.count()):
                note(where, widget.itemText(i))
                note(where, widget.itemData(i, QtCore.Qt.ItemDataRole.ToolTipRole))
        if isinstance(widget, QtWidgets.QTabWidget):
            for i in range(widget.count()):
                note(where, widget.tabText(i))
                note(where, widget.tabToolTip(i))
        if isinstance(widget, QtWidgets.QListWidget):
            for i in range(widget.count()):
                note(where, widget.item(i).text())
                note(where, widget.item(i).toolTip())
        if isinstance(widget, QtWidgets.QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                note(where, header.text() if header else "")
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    note(where, item.toolTip() if item else "")
        if isinstance(widget, pg.PlotWidget):
            plot = widget.getPlotItem()
            note(where, plot.titleLabel.text)
            for side in ("left", "bottom"):
                note(where, plot.getAxis(side).labelText)
            for _, label in plot.legend.items if plot.legend is not None else []:
                note(where, label.text)
    for menu in window.menuBar().actions():
        note("menu", menu.text())
        for action in menu.menu().actions() if menu.menu() else []:
            note("menu", action.text())
            note("menu", action.toolTip())
    return found


def english_words(text: str, names: set[str]) -> list[str]:
    words = []
    text = re.sub(r"<[^>]+>|&\w+;", " ", text)  # rich text: its tags are not shown
    text = re.sub(r"\d[\d.,]*e[-+]?\d+", " ", text)  # 2.3e-08
    for token in re.findall(r"[A-Za-z][\w.'=-]*", text):
        token = token.strip(".'-")
        if token in names or token in KEPT_WORDS or NAME_LIKE.fullmatch(token) or len(token) < 2:
            continue
        words.append(token)
    return words


def test_the_window_in_chinese_shows_no_english_sentence_after_a_run_a_walk_a_drawing_and_an_evaluation(
    qtbot, chinese_window
):
    """Looks where the user looks: every text on screen, in every tab, after the things a student does."""
    window = chinese_window
    window.resize(1280, 800)
    window.controls.epochsSpin.setValue(1)
    names = {*PRESETS, *NEW_LAYER_SETTINGS, *OPTIMIZER_NAMES, *KNOWN, window.dataset.name}
    names |= {name for name, _, _ in window.model.named_parameters()} | {layer.name for layer in window.model.layers}
    names |= {setting for kind in NEW_LAYER_SETTINGS for setting in setting_names(kind)}
    texts = {}
    click(window, "stepButton")  # one batch, then paused: Stop is offered once the window has drawn the pause
    qtbot.waitUntil(lambda: child(window, "stopButton").isEnabled() and window.training.session.state == "paused",
                    timeout=30_000)  # fmt: skip
    window.training.refresh(force_curves=True)
    doctor = TrainingDoctor(window.training._arrived, classes=10)
    doctor._check_first_loss(1, 50.0)  # a hint, as the doctor words it
    texts.update(visible_texts(window))
    click(window, "stopButton")
    qtbot.waitUntil(lambda: not window.training.running(), timeout=30_000)
    window.tabs.setCurrentWidget(window.draw)
    stroke(child(window, "drawCanvas"), [(80, 40), (180, 40), (120, 240)])  # a 7
    qtbot.waitUntil(lambda: window.draw.processed is not None, timeout=5_000)
    window.tabs.setCurrentWidget(window.backprop)
    click(window, "backpropWalkButton")
    steps = child(window, "backpropLayerList")
    for row in range(steps.count()):  # every step's title, explanation, captions and code note
        steps.setCurrentRow(row)
        texts.update(visible_texts(window))
    click(window, "backpropApplyButton")
    texts.update(visible_texts(window))
    click(window, "evaluateButton")
    qtbot.waitUntil(lambda: window.evaluation.result is not None, timeout=60_000)
    for name in PRESETS:  # each preset's measured time and description, as the measuring worker reports them
        window.preset_times._arrived((name, 2.5, "mnist-embedded (28x28 灰度)"))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        texts.update(visible_texts(window))
    english = {where: words for where, text in texts.items() if (words := english_words(text, names))}
    assert not english, f"English in the Chinese window: {english}"


def test_the_check_sees_an_english_sentence_but_not_names_shapes_or_maths():
    names = {"mini-resnet", "conv2d_1"}
    assert english_words("Training stopped: the loss became NaN", names) == ["Training", "stopped", "the", "loss",
                                                                             "became", "NaN"]  # fmt: skip
    assert english_words("mini-resnet：77,754 个参数，输入 (N, 1, 28, 28)；conv2d_1 · 8 张 28x28 的特征图", names) == []
    assert english_words("dL/dW = x^T · dY，kernel_size=3，log10 |dL/dW|", names) == []


def test_every_engine_text_is_a_literal_template_the_translation_tools_can_find():
    """``said(template, ...)`` with a template built at run time would never reach the translation files."""
    built = []
    for path in sorted((Path(__file__).resolve().parents[2] / "engine").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_said = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "said"
            if is_said and not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value,
                                                                                                    str)):  # fmt: skip
                built.append(f"{path.name}:{node.lineno}")
    assert not built, f"said() needs a literal template: {built}"


def test_errors_in_the_chinese_window_are_chinese_but_for_names_of_files_and_layers(qtbot, chinese_window, tmp_path):
    """The engine's messages (a broken model file, a broken dataset, a layer that does not fit) reach the
    window in Chinese: only the file's name and the layers' names stay as they are."""
    window = chinese_window
    names = {*PRESETS, *NEW_LAYER_SETTINGS, *re.findall(r"[A-Za-z][\w.-]*", str(tmp_path))}
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"PK\x03\x04 a zip that ends here")
    assert not window.open_model(str(broken), ask=False)
    said = {"model file": window.last_error}
    truncated = tmp_path / "train-images-idx3-ubyte"
    truncated.write_bytes(b"\x00\x00\x08\x03\x00\x00")  # an IDX header cut short
    with qtbot.waitSignal(window.dataset_loader.failed, timeout=20_000):
        assert window.load_dataset(str(truncated))
    said["dataset"] = window.last_error
    window.choose_model("lab-cnn-light")
    editor = window.model_view.editor
    flatten = next(row for row, spec in enumerate(editor.specs) if spec.kind == "Flatten")
    editor.table.selectRow(flatten)
    editor.remove_layer()  # Dense now meets images
    said["layer editor"] = editor.statusLabel.text()
    editor.set_settings_text(0, "out_channels=")
    said["settings"] = editor.statusLabel.text()
    assert all(re.search("[\u4e00-\u9fff]", text) for text in said.values()), said
    english = {where: words for where, text in said.items() if (words := english_words(text, names))}
    assert not english, f"English in the Chinese window's errors: {english} in {said}"


def test_the_backprop_handout_exported_from_the_chinese_window_is_chinese(qtbot, chinese_window, tmp_path):
    """Export handout... writes the walk in the window's language: every step's title, explanation and captions;
    the Python source stays as it is."""
    window = chinese_window
    window.choose_model("lab-cnn-light")
    window.tabs.setCurrentWidget(window.backprop)
    click(window, "backpropWalkButton")
    window.backprop.export_handout(tmp_path / "walk.html")
    page = (tmp_path / "walk.html").read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in page and "反向传播逐步演示：lab-cnn-light，输入为第 0 张测试数字" in page
    assert "损失：softmax 和交叉熵" in page and "每层的梯度范数" in page
    shown = re.sub(r"<pre>.*?</pre>|<style>.*?</style>|data:image/png;base64,[^\"']+", " ", page, flags=re.S)
    names = {*NEW_LAYER_SETTINGS, *PRESETS} | {layer.name for layer in window.model.layers}
    english = english_words(shown, names)
    assert not english, f"English in the Chinese handout: {english}"
