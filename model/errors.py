"""The one base class of the project's input errors.

Every error a user can cause with a file, an option, a link or an upload says *where*
(``field``), *what* (``value``) and *what would be accepted* (``allowed``), in the
user's language: ``message(lang)`` reads its frame from the catalogue
(:func:`model.i18n.t`). ``reason`` and ``allowed`` may be catalogue keys (then they are
translated, with the error's ``fields``) or plain text. ``str(err)`` is the message in
the class's :attr:`~SamenlevenError.language` (None: the default language).

This module imports only :mod:`model.i18n`, so every layer may raise these errors.
"""

from __future__ import annotations

from typing import Any

from model.i18n import has_text, t


def text_or_key(text: str, lang: str | None, **fields: Any) -> str:
    """``text`` translated when it is a catalogue key, else ``text`` itself.

    Examples
    --------
    >>> text_or_key("allowed.text", "en"), text_or_key("a number", "en")
    ('text in quotes', 'a number')
    """
    return t(text, lang, **fields) if text and has_text(text) else text


class SamenlevenError(ValueError):
    """An invalid input: names the field, the value and what is allowed.

    Parameters
    ----------
    text : str, optional
        A complete message, or a catalogue key for one (formatted with ``file``,
        ``field``, ``value``, ``allowed`` and ``fields``); when given it replaces the
        ``field = value: reason; allowed: ...`` frame.
    field : str
        Where: the option, argument or dotted field, e.g. ``--format``, ``levers.allocation."2.1.a"``.
    value : object
        The offending value.
    allowed : str
        What would be accepted (text or a catalogue key).
    reason : str
        Why the value is refused (text or a catalogue key), optional.
    file : str
        The file the value comes from, optional; it leads the message.
    fields : object
        Values for the placeholders of ``text``, ``reason`` and ``allowed`` keys.

    Examples
    --------
    >>> err = SamenlevenError(field="--samples", value=0, allowed="a whole number of at least 1")
    >>> err.message("en")
    '--samples = 0; allowed: a whole number of at least 1'
    >>> err.message("nl")
    '--samples = 0; toegestaan: a whole number of at least 1'
    >>> SamenlevenError(field="seed", value=-1, allowed="allowed.whole_number", minimum=0).message("nl")
    'seed = -1; toegestaan: een geheel getal van minstens 0'
    >>> isinstance(err, ValueError), err.field, err.value, err.allowed
    (True, '--samples', 0, 'a whole number of at least 1')
    """

    language: str | None = None
    """Language of ``str(err)``; None: :func:`model.i18n.default_language`."""

    plain_language: str | None = None
    """The language of a ``reason`` or ``allowed`` given as plain text rather than a
    catalogue key (None: language-neutral, such as a list of ids). A message with such a
    part is written wholly in that language, never half in another."""

    def __init__(
        self,
        text: str = "",
        *,
        field: str = "",
        value: Any = None,
        allowed: str = "",
        reason: str = "",
        file: str = "",
        **fields: Any,
    ) -> None:
        self.field, self.value, self.allowed, self.reason, self.file = (
            field,
            value,
            allowed,
            reason,
            file,
        )
        self.text, self.fields = text, fields
        super().__init__(self.message(self.language))

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``"nl"`` or ``"en"``; None: the default language)."""
        if self.plain_language and any(
            part and not has_text(part) for part in (self.text, self.reason, self.allowed)
        ):
            lang = self.plain_language
        if self.text:
            given = {"file": self.file, "field": self.field, "value": self.value}
            given["allowed"] = text_or_key(self.allowed, lang, **self.fields)
            return text_or_key(self.text, lang, **{**given, **self.fields})
        parts = {
            "field": self.field,
            "value": repr(self.value),
            "reason": text_or_key(self.reason, lang, **self.fields),
            "allowed": text_or_key(self.allowed, lang, **self.fields),
        }
        key = "err.value" if parts["reason"] else "err.value_plain"
        text = t(key, lang, **parts)
        return t("err.in_file", lang, file=self.file, message=text) if self.file else text

    def __str__(self) -> str:
        return self.message(self.language)
