"""Texts the engine writes for people, translatable without the engine knowing any language.

``said("the loss rose from {older:.3f} to {newer:.3f}", older=2.1, newer=3.4)`` is the English text
itself, a ``str`` (the terminal prints it, a test compares it, JSON writes it), that also keeps its
template and values. The window looks the template up in its translation and formats the same values
into it (``gui/i18n.tr_said``); ``python tools/build_translations.py`` collects every literal
``said("...")`` template of ``engine/`` into the translation files, as it does the window's ``tr("...")``.

A value may itself be ``said(...)`` (a word chosen by the code, such as "largest value"): the window
translates it too. Names of layers, presets and files stay as they are in every language.
"""

from __future__ import annotations

import html


class Said(str):
    """An English text with the template and values it was made from (``said``)."""

    def __new__(cls, template: str, values: dict):
        # An exception among the values is kept as its message: a kept exception would keep its traceback's
        # frames (and the arrays they hold) alive as long as the message.
        values = {name: str(value) if isinstance(value, BaseException) else value for name, value in values.items()}
        text = super().__new__(cls, template.format(**values))
        text.template, text.values = template, values
        return text

    def __getnewargs__(self):  # copies and pickles rebuild it from its template (copy.deepcopy of a hint)
        return self.template, self.values


def said(template: str, /, **values) -> Said:
    """``template.format(**values)``, kept translatable (see the module's docstring)."""
    return Said(template, values)


def joined(parts, separator: str = ", ") -> Said:
    """``parts`` (texts, some of them ``said``) joined into one text whose parts each stay translatable."""
    names = [f"part{i}" for i in range(len(parts))]
    return Said(separator.join("{" + name + "}" for name in names), dict(zip(names, parts, strict=True)))


def page_text(translate):
    """For an HTML page (the report, the Backprop handout): a function giving each text in the page's language
    (``translate``: ``str`` for English, the window's ``tr_said``), escaped for the page."""
    return lambda text: html.escape(translate(text), quote=False)
