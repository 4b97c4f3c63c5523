"""Domain-free helpers shared by every layer: atomic file writes (:mod:`.files`), TOML
values (:mod:`.toml`) and decimal years (:mod:`.dates`).

Nothing here knows about Limburg, scenarios or indicators; it may import only
:mod:`model.i18n` and :mod:`model.errors`.
"""
