"""Session-state keys and the accessors pages use to read shared choices.

Shared filters live in the entrypoint's sidebar; pages read them here, with
defaults, so every page also runs on its own (e.g. under AppTest).
"""

from __future__ import annotations

import streamlit as st

from lmc_geo.filters import normalise_countries
from lmc_geo.i18n import DEFAULT_LANG
from lmc_geo.schema import COUNTRIES

COUNTRIES_KEY = "countries"
LANG_KEY = "lang"
ONLINE_TILES_KEY = "online_tiles"
SELECTED_FEATURE_KEY = "selected_feature"
QUERY_COUNTRIES = "countries"
AS_OF_KEY = "as_of"
QUERY_AS_OF = "asof"


def countries_from_query() -> tuple[str, ...]:
    """Countries named in the page link (``?countries=LA,KH``), else all six."""
    raw = st.query_params.get(QUERY_COUNTRIES, "")
    return normalise_countries(raw.split(",") if raw else None)


def selected_countries() -> tuple[str, ...]:
    """The sidebar's countries (all six when none is chosen or the sidebar has not run)."""
    if COUNTRIES_KEY in st.session_state:
        return normalise_countries(st.session_state[COUNTRIES_KEY])
    return countries_from_query()


def write_query(countries: tuple[str, ...]) -> None:
    """Keep the link shareable: the selection in ``st.query_params`` (omitted when all six)."""
    value = ",".join(countries)
    if tuple(countries) == COUNTRIES:
        if QUERY_COUNTRIES in st.query_params:
            del st.query_params[QUERY_COUNTRIES]
    elif st.query_params.get(QUERY_COUNTRIES) != value:
        st.query_params[QUERY_COUNTRIES] = value


def lang() -> str:
    """Current UI language (English until another locale is added)."""
    return st.session_state.get(LANG_KEY, DEFAULT_LANG)


def online_tiles() -> bool:
    """Whether the user switched on online base maps (off by default: offline first)."""
    return bool(st.session_state.get(ONLINE_TILES_KEY, False))
