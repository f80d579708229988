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
from lmc_geo.i18n import DEFAULT_LANG
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


def write_countries_query(countries: tuple[str, ...]) -> None:
    """Keep the link shareable: the selection in the link (omitted when all six)."""
    set_query_value(QUERY_COUNTRIES, None if tuple(countries) == COUNTRIES else ",".join(countries))


def lang() -> str:
    """Current UI language (English until another locale is added)."""
    return st.session_state.get(LANG_KEY, DEFAULT_LANG)


def online_tiles() -> bool:
    """Whether the user switched on online base maps (off by default: offline first)."""
    return bool(st.session_state.get(ONLINE_TILES_KEY, False))


def page_link(page: str, label: str, params: dict[str, str], icon: str | None = None) -> None:
    """A link to another page (``page``: its script name in ``app_pages/``) with the given parameters.

    When the page runs alone (tests, or no menu), Streamlit has no page to link to: a plain link
    to the page's URL is shown instead.
    """
    try:
        st.page_link(str(paths.page_script(page)), label=label, query_params=params, icon=icon)
    except StreamlitAPIException:
        st.markdown(f"[{md_text(label)}](./{page}?{urlencode(params, safe='', quote_via=quote)})")


def show(render: Callable[[tuple[str, ...], str], None]) -> None:
    """Run one page's view with the shared choices: ``render(countries, lang)``.

    Every page script is this one call, so every view has the same signature and runs alone
    (under AppTest, or on a deep link) with the link's or the default choices.
    """
    render(selected_countries(), lang())
