"""The window's languages, through Qt's translation system.

Every text the window shows goes through ``tr("Train")``: ``QCoreApplication.translate`` in one
context for the whole app, so a translation is looked up by its English text. The translations
are Qt Linguist files, ``resources/translations/cnn_studio_<language>.ts`` (the source, written by
hand, which Qt Linguist also edits), compiled to ``.qm`` beside them by
``python tools/build_translations.py``, which also adds every new ``tr("...")`` text of ``gui/`` to
each ``.ts`` file. A ``tr`` text with placeholders is formatted after the lookup:
``tr("Saved {path}").format(path=path)``.

The engine's own words (a doctor's hint, a Backprop explanation, an error about a file) are ``said`` texts
(``engine/words.py``): ``tr_said`` and ``error_text`` show them in the window's language. A menu whose entries
are names the code passes on (a schedule, an augmentation) keeps each name as the entry's data and shows its
words (``add_choices``, ``choice``, ``choose``).

The language is chosen once, before the window is built (``install_translator``): the one saved in
the settings (the Language menu), else the system's if there is a translation for it, else English.
"""

from __future__ import annotations

from pathlib import Path

from pyqtgraph.Qt import QtCore, QtGui

from engine.words import Said

CONTEXT = "CNNStudio"
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"en": "English", "zh_CN": "中文"}  # what the Language menu offers, each in its own words
# What the Language menu says when a language is chosen (in that language: the window is not in it yet).
LANGUAGE_CHOSEN = {"en": "CNN Studio will be in English from its next start.",
                   "zh_CN": "CNN Studio 下次启动时将显示中文界面。"}  # fmt: skip
RESTART_QUESTION = {"en": "Restart CNN Studio now, in English? (Unsaved training is asked about first.)",
                    "zh_CN": "现在重新启动 CNN Studio，切换到中文吗？（未保存的训练会先询问。）"}  # fmt: skip
LANGUAGE_WORDS = "".join([*LANGUAGE_CHOSEN.values(), *RESTART_QUESTION.values()]) + "语言"  # for the cut font
FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei-subset.ttf"
_installed: list = []  # the translator in use: Qt does not keep a reference, and a collected one translates nothing


def tr(text: str) -> str:
    """``text`` in the window's language (itself when there is no translation)."""
    return QtCore.QCoreApplication.translate(CONTEXT, text)


def tr_said(text: str) -> str:
    """An engine text (``engine.words.said``) in the window's language: its template translated, with the same
    values (themselves translated where they are engine texts too); any other text as it is."""
    if not isinstance(text, Said):
        return text
    return tr(text.template).format(**{name: tr_said(value) for name, value in text.values.items()})


def error_text(error: BaseException) -> str:
    """An exception's message in the window's language: the engine raises its errors with ``said`` messages."""
    message = error.args[0] if len(error.args) == 1 else None
    return tr_said(message) if isinstance(message, Said) else str(error)


def translatable(text: str) -> str:
    """Marks a text kept in a table (a tooltip) for the translation files; ``tr`` translates it where it is shown
    (Qt's QT_TR_NOOP)."""
    return text


def translation_file(language: str) -> Path:
    return FOLDER / f"cnn_studio_{language}.qm"


def chosen_language(saved: str | None, system: str | None = None) -> str:
    """The language to show: the saved choice, else the system locale's (``zh_CN``, ``zh_TW``, ``zh``: 中文) when
    there is a translation for it, else English."""
    if saved in LANGUAGES:
        return saved
    system = system if system is not None else QtCore.QLocale.system().name()
    return "zh_CN" if system.startswith("zh") else "en"


def install_translator(app, language: str) -> str:
    """Make ``app`` speak ``language`` (English needs nothing); the language in effect."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return "en"
    translator = QtCore.QTranslator()
    if not translator.load(str(translation_file(language))):
        return "en"  # no compiled translation: English, as before
    app.installTranslator(translator)
    _installed.append(translator)
    if language == "zh_CN":
        add_chinese_font(app)
    return language


def current_language() -> str:
    """The language the installed translation speaks: ``zh_CN``, or ``en`` when none is installed."""
    return _installed[0].language() if _installed else "en"


def add_chinese_font(app) -> None:
    """The window's Chinese characters from the font in resources/ where the app's own font has none: loaded,
    and named as the fallback of the app's font family (Qt then takes from it what the first lacks)."""
    loaded = QtGui.QFontDatabase.addApplicationFont(str(FONT))
    families = QtGui.QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
    if families:
        QtGui.QFont.insertSubstitution(app.font().family(), families[0])


# ------------------------------------------------------------------ menus whose entries are names the code uses
# A combo box entry such as the schedule "cosine" is both a word the user reads and a name the code passes on
# (TrainingConfig(schedule="cosine")). Each entry keeps its name as the item's data and shows its words in the
# window's language, so the code never reads a translated text back.


def add_choices(combo, names, words: dict[str, str] | None = None) -> None:
    """Append one entry per name: shown as ``tr(words[name])`` where ``words`` has it (else the name itself:
    'adam', 'mini-resnet' are names in every language), keeping the name as the entry's data."""
    for name in names:
        combo.addItem(tr(words[name]) if words and name in words else name, name)


def choice(combo) -> str:
    """The name behind the current entry ('' in an empty menu)."""
    name = combo.currentData()
    return name if isinstance(name, str) else ""


def has_choice(combo, name: str) -> bool:
    return combo.findData(name) >= 0


def choose(combo, name: str) -> None:
    """Select the entry with this name (nothing happens when there is none, as with ``setCurrentText``)."""
    index = combo.findData(name)
    if index >= 0:
        combo.setCurrentIndex(index)
