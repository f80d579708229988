"""Every word a person reads: the message catalogues (one TOML file per locale in ``locales/``), and
dates, numbers, ordinals and country names in the reader's language through Babel (CLDR).

``t(key, lang, **values)`` looks a message up in the reader's language, falling back to English,
then to the key itself. A catalogue that cannot be read, or a message whose placeholders do not
match the values given, falls back to the English text: the page never breaks over a
translation (``CATALOGUE_PROBLEMS`` says what went wrong; a test fails on any).

Never install a translation process-wide: every call names the language of its own session.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_interval, format_skeleton, get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANG = "en"
#: The interface languages, in the order of the switch, with each language's own name.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
#: The CLDR locale of each interface language (British English: "15 Aug 2008").
CLDR_LOCALES: dict[str, str] = {"en": "en_GB", "zh": "zh_Hans_CN"}
#: Each country's own language (CLDR), for its name in its own script.
NATIONAL_LOCALES: dict[str, str] = {"CN": "zh_Hans", "MM": "my", "LA": "lo", "TH": "th", "KH": "km", "VN": "vi"}
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
#: A test language: English with every message, date and name wrapped in markers, so a test can
#: find any text that did not come from the catalogue. Accepted only where ``LMC_PSEUDO_LOCALE`` is set.
PSEUDO_LANG = "qps"
PSEUDO_MARKS = ("⟦", "⟧")

Message = str | dict[str, str]


@dataclass(frozen=True)
class CatalogueProblem:
    """One problem of a catalogue file: where it is and what is wrong."""

    file: str
    line: int | None
    key: str | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key + ': ' if self.key else ''}{self.problem}"


def placeholders(message: Message) -> set[str]:
    """The ``{name}`` fields of a message (of every plural form), format specs included.

    >>> sorted(placeholders("{n:,} of {total} dams"))
    ['{n:,}', '{total}']
    >>> sorted(placeholders({"one": "{n} dam", "other": "{n} dams"}))
    ['{n}']
    """
    texts = message.values() if isinstance(message, dict) else [message]
    out = set()
    for text in texts:
        for _, name, spec, conv in string.Formatter().parse(text):
            if name is not None:
                out.add("{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    return out


def _key_lines(text: str) -> dict[str, int]:
    """Line of each quoted key in a catalogue file (for messages that name the line)."""
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r'\s*"([^"]+)"\s*=', line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def read_catalogue(path: Path) -> tuple[dict[str, Message], dict[str, str], list[CatalogueProblem]]:
    """(messages, area of each key, problems) of one catalogue file; messages empty when it cannot be read."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        return {}, {}, [CatalogueProblem(name, None, None, f"cannot be read ({exc.strerror or exc})")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        match = re.search(r"line (\d+)", str(exc))
        return {}, {}, [CatalogueProblem(name, line or (int(match.group(1)) if match else None), None,
                                         f"invalid TOML ({exc})")]
    lines = _key_lines(text)
    messages: dict[str, Message] = {}
    areas: dict[str, str] = {}
    problems = []
    for area, table in data.items():
        if not isinstance(table, dict):
            problems.append(CatalogueProblem(name, lines.get(area), area, "a message outside an area table"))
            continue
        for key, value in table.items():
            where = lines.get(key)
            if key in messages:
                problems.append(CatalogueProblem(name, where, key, f"defined twice (areas {areas[key]} and {area})"))
                continue
            if isinstance(value, dict):
                bad = [k for k, v in value.items() if k not in PLURAL_FORMS or not isinstance(v, str)]
                if bad or "other" not in value:
                    problems.append(CatalogueProblem(name, where, key, "plural forms must be text under "
                                                     f"{', '.join(PLURAL_FORMS)}, with 'other'"))
                    continue
            elif not isinstance(value, str):
                problems.append(CatalogueProblem(name, where, key, "a message must be text"))
                continue
            try:
                placeholders(value)
            except ValueError as exc:
                problems.append(CatalogueProblem(name, where, key, f"broken placeholder ({exc})"))
                continue
            messages[key], areas[key] = value, area
    return messages, areas, problems


def compare_catalogues(reference: dict[str, Message], other: dict[str, Message], file: str,
                       lines: dict[str, int] | None = None) -> list[CatalogueProblem]:
    """Keys missing from or extra in ``other``, and messages whose placeholders differ from ``reference``'s."""
    lines = lines or {}
    problems = [CatalogueProblem(file, None, k, "missing (in en.toml)") for k in reference if k not in other]
    problems += [CatalogueProblem(file, lines.get(k), k, "not in en.toml") for k in other if k not in reference]
    for key in reference.keys() & other.keys():
        if placeholders(reference[key]) != placeholders(other[key]):
            mine, english = sorted(placeholders(other[key])), sorted(placeholders(reference[key]))
            problems.append(
                CatalogueProblem(file, lines.get(key), key, f"placeholders {mine} differ from English {english}"))
    return problems


def load_catalogues(folder: Path = LOCALES_DIR) -> tuple[dict[str, dict[str, Message]], list[CatalogueProblem]]:
    """Every language's messages (a broken locale is left out, so English shows) and every problem."""
    catalogues: dict[str, dict[str, Message]] = {}
    problems: list[CatalogueProblem] = []
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        messages, _, found = read_catalogue(path)
        problems += found
        if lang != DEFAULT_LANG and DEFAULT_LANG in catalogues:
            lines = _key_lines(path.read_text(encoding="utf-8")) if messages else {}
            problems += compare_catalogues(catalogues[DEFAULT_LANG], messages, path.name, lines)
        if messages:
            catalogues[lang] = messages
    return catalogues, problems


def pseudo(text: str) -> str:
    """``text`` between the pseudo-locale's markers."""
    return f"{PSEUDO_MARKS[0]}{text}{PSEUDO_MARKS[1]}"


def pseudo_enabled() -> bool:
    """Whether the pseudo-locale may be chosen (``LMC_PSEUDO_LOCALE`` set: tests only)."""
    return bool(os.environ.get("LMC_PSEUDO_LOCALE"))


def supported(lang) -> bool:
    """Whether ``lang`` is an interface language (the pseudo-locale too, where enabled)."""
    return lang in LANGUAGES or (lang == PSEUDO_LANG and pseudo_enabled())


@dataclass(frozen=True)
class Text:
    """A message to be read later, in the reader's language: a catalogue key and its values.

    Core code that cannot know the reader's language (an error raised while reading a file)
    says what went wrong as a ``Text``; ``str()`` gives the English (logs, the command line).

    >>> problem = Text("datafile.not_found")
    >>> str(problem).startswith("file not found"), problem.in_lang("zh").startswith("找不到文件")
    (True, True)
    """

    key: str
    values: tuple = ()

    @classmethod
    def of(cls, key: str, **values) -> Text:
        return cls(key, tuple(sorted(values.items())))

    def in_lang(self, lang: str = DEFAULT_LANG) -> str:
        return t(self.key, lang, **{k: said(v, lang) if isinstance(v, Text) else v for k, v in self.values})

    def __str__(self) -> str:
        return self.in_lang(DEFAULT_LANG)


def said(message, lang: str = DEFAULT_LANG) -> str:
    """A :class:`Text` in ``lang``; any other message as it is."""
    return message.in_lang(lang) if isinstance(message, Text) else str(message)


CATALOGUE, CATALOGUE_PROBLEMS = load_catalogues()
EN: dict[str, Message] = CATALOGUE.get(DEFAULT_LANG, {})
CATALOGUE[PSEUDO_LANG] = {
    key: {form: pseudo(text) for form, text in message.items()} if isinstance(message, dict) else pseudo(message)
    for key, message in EN.items()
}


def normalise_lang(value) -> str:
    """A supported interface language from a link parameter or a browser locale, else English.

    >>> normalise_lang("zh-CN"), normalise_lang("ZH"), normalise_lang("xx"), normalise_lang(None)
    ('zh', 'zh', 'en', 'en')
    """
    code = str(value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if supported(code) else DEFAULT_LANG


def _plural(message: Message, lang: str, values: dict) -> str:
    if not isinstance(message, dict):
        return message
    count = values.get("count", values.get("n"))
    try:
        form = Locale.parse(_cldr(lang)).plural_form(abs(float(count)))
    except (TypeError, ValueError):
        form = "other"
    return message.get(form) or message["other"]


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """Look up a message, falling back to English, then to the key itself.

    A message with plural forms takes the form of ``count`` (or ``n``) in ``lang``.

    >>> t("layer.dams"), t("layer.dams", "zh")
    ('Dams', '大坝')
    >>> t("map.caption", stations=3, dams=4, projects=5, countries="Laos")[:24]
    '3 gauging stations, 4 da'
    >>> t("no.such.key")
    'no.such.key'
    """
    message = CATALOGUE.get(lang, EN).get(key) or EN.get(key)
    if message is None:
        return key
    text = _plural(message, lang, values)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation whose placeholders went wrong: English
        english = EN.get(key)
        return _plural(english, DEFAULT_LANG, values).format(**values) if english else key


def country_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """A country's name (ISO alpha-2 code) in the reader's language, as the LMC writes it.

    >>> country_name("LA"), country_name("LA", "zh")
    ('Laos', '老挝')
    """
    return t(f"country.{code}", lang)


def native_country_name(code: str) -> str:
    """A country's own name in its own script (Unicode CLDR).

    >>> [native_country_name(c) for c in ("CN", "MM", "LA", "TH", "KH", "VN")]
    ['中国', 'မြန်မာ', 'ລາວ', 'ไทย', 'កម្ពុជា', 'Việt Nam']
    """
    return Locale.parse(NATIONAL_LOCALES[code]).territories[code]


def country_label(code: str, lang: str = DEFAULT_LANG) -> str:
    """The reader's name of a country with its own name beside it, e.g. "Laos · ລາວ" (once if the same).

    >>> country_label("LA"), country_label("CN", "zh")
    ('Laos · ລາວ', '中国')
    """
    name, own = country_name(code, lang), native_country_name(code)
    if lang == PSEUDO_LANG:
        own = pseudo(own)
    return name if name == own else f"{name} · {own}"


def _cldr(lang: str) -> str:
    return CLDR_LOCALES.get(lang, CLDR_LOCALES[DEFAULT_LANG])


def _as_date(day) -> dt.date:
    if isinstance(day, str):
        return dt.date.fromisoformat(day[:10])
    if isinstance(day, dt.datetime):
        return day.date()
    if not isinstance(day, dt.date) and hasattr(day, "date"):  # pandas Timestamp
        return day.date()
    return day


def format_day(day, lang: str = DEFAULT_LANG, skeleton: str = "yMMMd") -> str:
    """A date as the reader writes it (a CLDR skeleton: ``yMMMd`` day, ``yMMM`` month, ``MMMd`` no year).

    >>> format_day("2008-08-15"), format_day(dt.date(2008, 8, 15), "zh")
    ('15 Aug 2008', '2008年8月15日')
    >>> format_day("2018-11-01", skeleton="yMMM"), format_day("2018-11-01", "zh", skeleton="yMMM")
    ('Nov 2018', '2018年11月')
    """
    text = format_skeleton(skeleton, _as_date(day), locale=_cldr(lang))
    return pseudo(text) if lang == PSEUDO_LANG else text


def format_day_range(start, end, lang: str = DEFAULT_LANG) -> str:
    """Two dates as one span, as the reader writes it.

    >>> format_day_range("2019-04-02", "2019-04-03"), format_day_range("2019-04-02", "2019-04-03", "zh")
    ('2\u2009–\u20093 Apr 2019', '2019年4月2日\u2009–\u20093日')
    """
    text = format_interval(_as_date(start), _as_date(end), "yMMMd", locale=_cldr(lang))
    return pseudo(text) if lang == PSEUDO_LANG else text


_DATE_TOKEN = re.compile(r"'[^']*'|y+|M+|L+|d+|[^'yMLd]+")


def format_days(dates, lang: str = DEFAULT_LANG, skeleton: str = "yMMMd") -> np.ndarray:
    """:func:`format_day` of many dates at once (hover texts of long records), as an object array.

    The CLDR pattern of the skeleton is filled column-wise, not date by date.

    >>> format_days(["2008-08-15", "2019-01-02"]).tolist(), format_days(["2008-08-15"], "zh").tolist()
    (['15 Aug 2008', '2 Jan 2019'], ['2008年8月15日'])
    """
    index = pd.DatetimeIndex(pd.to_datetime(dates))
    pattern = Locale.parse(_cldr(lang)).datetime_skeletons[skeleton].pattern
    months = np.array([""] + month_names(DEFAULT_LANG if lang == PSEUDO_LANG else lang), dtype=object)
    parts = []
    for token in _DATE_TOKEN.findall(pattern):
        kind = token[0]
        if kind == "'":
            parts.append(token.strip("'") or "'")
        elif kind == "y":
            parts.append(index.year.astype(str).to_numpy(dtype=object))
        elif kind in "ML":
            parts.append(months[index.month] if len(token) >= 3 else index.month.astype(str).to_numpy(dtype=object))
        elif kind == "d":
            days = index.day.astype(str).to_numpy(dtype=object)
            parts.append(np.char.zfill(days.astype(str), 2).astype(object) if len(token) == 2 else days)
        else:
            parts.append(token)
    out = np.full(len(index), PSEUDO_MARKS[0] if lang == PSEUDO_LANG else "", dtype=object)
    for part in parts:
        out = out + part
    return out + PSEUDO_MARKS[1] if lang == PSEUDO_LANG else out


def month_names(lang: str = DEFAULT_LANG, width: str = "abbreviated") -> list[str]:
    """The twelve month names, January first (CLDR ``abbreviated`` or ``wide``).

    >>> month_names()[:2], month_names("zh")[:2]
    (['Jan', 'Feb'], ['1月', '2月'])
    """
    names = get_month_names(width, context="stand-alone" if lang == "zh" else "format", locale=_cldr(lang))
    return [pseudo(names[m]) if lang == PSEUDO_LANG else names[m] for m in range(1, 13)]


def format_number(value: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A number with the reader's separators and ``digits`` decimals.

    >>> format_number(795934.2), format_number(1234.5, "zh", 1)
    ('795,934', '1,234.5')
    """
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_cldr(lang))


def ordinal(n: int, lang: str = DEFAULT_LANG) -> str:
    """``n`` as an ordinal in the reader's language, from the CLDR ordinal rules and the catalogue.

    >>> [ordinal(k) for k in (1, 2, 3, 4, 11, 12, 13, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '22nd', '101st']
    >>> ordinal(4, "zh")
    '第4'
    """
    n = int(n)
    form = Locale.parse(_cldr(lang)).ordinal_form(n)
    key = f"ordinal.{form}"
    return t(key if key in CATALOGUE.get(lang, EN) else "ordinal.other", lang, n=n)


def text_list(items, lang: str = DEFAULT_LANG) -> str:
    """Phrases as a list the reader writes (CLDR list patterns).

    >>> text_list(["a", "b", "c"]), text_list(["甲", "乙"], "zh")
    ('a, b and c', '甲和乙')
    """
    return format_list(list(items), locale=_cldr(lang)) if items else ""


def country_list(codes, lang: str = DEFAULT_LANG) -> str:
    """Countries' names as a list the reader writes (CLDR list patterns).

    >>> country_list(["CN", "MM", "LA"]), country_list(["CN", "MM", "LA"], "zh")
    ('China, Myanmar and Laos', '中国、缅甸和老挝')
    """
    text = text_list([country_name(c, lang) for c in codes], lang)
    return pseudo(text) if lang == PSEUDO_LANG else text


#: Columns of names shown in the reader's language, and the column that holds their Chinese form.
NAME_COLUMNS = {"zh": {"name": "name_zh", "river": "river_zh"}}


def localised_names(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """``frame`` with its names in ``lang`` where the data has an established name in it.

    A name without one stays romanised; the romanised name is kept in ``name_romanised``.

    >>> f = pd.DataFrame({"name": ["Pakse", "Ban Don"], "name_zh": ["巴色", None]})
    >>> localised_names(f, "zh")["name"].tolist(), localised_names(f, "en")["name"].tolist()
    (['巴色', 'Ban Don'], ['Pakse', 'Ban Don'])
    """
    columns = {col: own for col, own in NAME_COLUMNS.get(lang, {}).items() if col in frame and own in frame}
    if not columns:
        return frame
    out = frame.copy()
    if "name" in out:
        out["name_romanised"] = out["name"]
    for column, own in columns.items():
        out[column] = out[own].where(out[own].notna() & (out[own].astype(str) != ""), out[column])
    return out
