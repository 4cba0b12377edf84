"""The window in Chinese: every wrapped text translated, the compiled file up to date, nothing cut off."""

import sys
from pathlib import Path

import pytest
from pyqtgraph.Qt import QtCore, QtWidgets

from gui.i18n import CONTEXT, FONT, chosen_language, install_translator, tr
from gui.main_window import MainWindow

from .test_layout import check_every_tab_fits

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
def chinese_window(qtbot, qapp):
    assert install_translator(qapp, "zh_CN") == "zh_CN" and FONT.exists()
    window = MainWindow()
    window.ask_before_closing = False
    window.confirm = lambda question: pytest.fail(f"the window asked: {question}")
    qtbot.addWidget(window)
    window.show()
    yield window
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
