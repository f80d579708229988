"""Session-state keys, the accessors pages use to read shared choices, and the page link.

Shared filters live in the entrypoint's sidebar; pages read them here, with defaults, so every
page also runs on its own (e.g. under AppTest). This module is the only one that reads or writes
the URL's query parameters (``?countries=LA,KH``, ``?asof=2008-08-15``, ``?station=011901``), so
every view can be reopened from its link.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lmc_geo import paths
from lmc_geo.filters import normalise_countries
from lmc_geo.i18n import DEFAULT_LANG, normalise_lang, supported, t
from lmc_geo.schema import COUNTRIES
from lmc_geo.text import md_text

COUNTRIES_KEY = "countries"
LANG_KEY = "lang"
ONLINE_TILES_KEY = "online_tiles"
SELECTED_FEATURE_KEY = "selected_feature"
AS_OF_KEY = "as_of"

#: Query parameters of the link, one name each.
QUERY_COUNTRIES = "countries"
QUERY_AS_OF = "asof"
QUERY_STATION = "station"
QUERY_LANG = "lang"


def query_value(name: str) -> str | None:
    """One parameter of the page link, or None when absent or empty."""
    return st.query_params.get(name) or None


def set_query_value(name: str, value: str | None) -> None:
    """Write one parameter of the page link (``None`` removes it); unchanged values are not rewritten."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def countries_from_query() -> tuple[str, ...]:
    """Countries named in the page link (``?countries=LA,KH``), else all six."""
    raw = query_value(QUERY_COUNTRIES)
    return normalise_countries(raw.split(",") if raw else None)


def selected_countries() -> tuple[str, ...]:
    """The sidebar's countries (all six when none is chosen or the sidebar has not run)."""
    if COUNTRIES_KEY in st.session_state:
        return normalise_countries(st.session_state[COUNTRIES_KEY])
    return countries_from_query()


def _countries_param(countries: tuple[str, ...]) -> str | None:
    """The link's value for a selection: ``LA,KH``, or None for all six (the default, left out)."""
    return None if tuple(countries) == COUNTRIES else ",".join(countries)


def write_countries_query(countries: tuple[str, ...]) -> None:
    """Keep the link shareable: the selection in the link (omitted when all six)."""
    set_query_value(QUERY_COUNTRIES, _countries_param(countries))


def lang_from_link_or_browser() -> str:
    """The language the link asks for (``?lang=zh``), else the browser's (Chinese for a zh browser),
    else English; an unknown ``?lang=`` is English, with no error."""
    asked = query_value(QUERY_LANG)
    if asked:
        return normalise_lang(asked)
    try:
        browser = st.context.locale
    except (AttributeError, RuntimeError):  # no browser (AppTest, bare mode)
        browser = None
    return normalise_lang(browser) if browser else DEFAULT_LANG


def lang() -> str:
    """The session's interface language: the sidebar's choice, else the link's or the browser's."""
    chosen = st.session_state.get(LANG_KEY)
    return chosen if supported(chosen) else lang_from_link_or_browser()


def write_lang_query(value: str) -> None:
    """Keep the language in the link, so the link opens in it on any browser."""
    set_query_value(QUERY_LANG, value)


def shared_params() -> dict[str, str]:
    """The link parameters every page shares: the language, and the countries when not all six."""
    params = {}
    countries = _countries_param(selected_countries())
    if countries:
        params[QUERY_COUNTRIES] = countries
    params[QUERY_LANG] = lang()
    return params


def restore_from_link(key: str, param: str, options, many: bool = False) -> None:
    """Before a widget first draws in this session: its value from the link (``?param=a,b`` when
    ``many``), keeping only values among ``options`` (compared as text); an odd value is ignored."""
    if key in st.session_state:
        return
    raw = query_value(param)
    if raw is None:
        return
    by_text = {str(option): option for option in options}
    parts = [p.strip() for p in raw[:2000].split(",") if p.strip()] if many else [raw.strip()]
    chosen = [by_text[p] for p in parts if p in by_text]
    if many:
        if chosen:
            st.session_state[key] = list(dict.fromkeys(chosen))
    elif chosen:
        st.session_state[key] = chosen[0]


def keep_in_link(param: str, value, default=None) -> None:
    """Write a widget's value into the link (a list as ``a,b``); the default is left out."""
    if isinstance(value, (list, tuple)):
        text = ",".join(map(str, value)) if value else None
    else:
        text = None if value is None else str(value)
    if value == default:
        text = None
    set_query_value(param, text)


def view_link() -> str:
    """The address of this view: the page's URL with every parameter of its link."""
    try:
        base = (st.context.url or "").split("?")[0]
    except (AttributeError, RuntimeError):  # no browser (AppTest, bare mode)
        base = ""
    query = urlencode({k: st.query_params.get(k) for k in st.query_params}, safe=",", quote_via=quote)
    return f"{base or '.'}?{query}" if query else (base or ".")


def render_view_link(where) -> None:
    """"Copy link to this view": the view's address with a copy button, in ``where`` (a placeholder
    filled after the page has written its choices into the link)."""
    language = lang()
    with where.popover(t("link.copy", language), icon=":material/link:"):
        st.code(view_link(), language=None, wrap_lines=True)
        st.caption(t("link.copy_help", language))


def online_tiles() -> bool:
    """Whether the user switched on online base maps (off by default: offline first)."""
    return bool(st.session_state.get(ONLINE_TILES_KEY, False))


def page_link(page: str, label: str, params: dict[str, str], icon: str | None = None) -> None:
    """A link to another page (``page``: its script name in ``app_pages/``) with the given parameters
    and the shared ones (countries, language), so the page opens as this one shows.

    When the page runs alone (tests, or no menu), Streamlit has no page to link to: a plain link
    to the page's URL is shown instead.
    """
    params = {**shared_params(), **params}
    try:
        st.page_link(str(paths.page_script(page)), label=label, query_params=params, icon=icon)
    except StreamlitAPIException:
        st.markdown(f"[{md_text(label)}](./{page}?{urlencode(params, safe='', quote_via=quote)})")


def show(render: Callable[[tuple[str, ...], str], None]) -> None:
    """Run one page's view with the shared choices: ``render(countries, lang)``.

    Every page script is this one call, so every view has the same signature and runs alone
    (under AppTest, or on a deep link) with the link's or the default choices.
    """
    slot = st.container(horizontal_alignment="right", key="view_link")
    render(selected_countries(), lang())
    render_view_link(slot)
