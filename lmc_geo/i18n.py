"""Message catalogue: every UI string goes through ``t(key, lang)``.

English is complete; another locale only adds a dict to :data:`CATALOGUE`
(missing keys fall back to English, a test checks completeness per locale).
Country names on the map come from the countries layer (CLDR names in every
national language); the short English names for controls are here.
"""

from __future__ import annotations

from lmc_geo.messages import about, common, dams, hydrology, overview, projects

DEFAULT_LANG = "en"

_AREAS = (common, hydrology, projects, dams, overview, about)


def _merge(dicts) -> dict[str, str]:
    merged: dict[str, str] = {}
    for d in dicts:
        clash = set(merged) & set(d)
        if clash:
            raise ValueError(f"message keys defined twice: {sorted(clash)}")
        merged.update(d)
    return merged


EN: dict[str, str] = _merge(area.EN for area in _AREAS)

CATALOGUE: dict[str, dict[str, str]] = {"en": EN}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """Look up a message, falling back to English, then to the key itself.

    >>> t("layer.dams")
    'Dams'
    >>> t("map.caption", stations=3, dams=4, projects=5, countries="Laos")[:24]
    '3 gauging stations, 4 da'
    >>> t("no.such.key")
    'no.such.key'
    """
    text = CATALOGUE.get(lang, EN).get(key) or EN.get(key) or key
    return text.format(**values) if values else text


def ordinal(n: int, lang: str = DEFAULT_LANG) -> str:
    """``n`` as an ordinal in the UI language (English: 1st, 2nd, 3rd, 4th, 11th, 22nd).

    >>> [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '22nd', '101st']
    """
    n = int(n)
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """A country's name (ISO alpha-2 code) in the reader's language."""
    return t(f"country.{code}", lang)
