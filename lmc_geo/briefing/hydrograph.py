"""The selected station's water level through the briefing's year against its long-term band, for paper.

The band is the station's own record by day of year (10th to 90th percentile shaded, lowest and
highest as thin lines, the median dashed); the year's days are drawn by quality as on screen
(gap-filled values in a lighter tone); alarm and flood levels where the station has them.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from lmc_geo.briefing.static_map import STYLE
from lmc_geo.hydrology.meta import GAP_FILLED_SERIES, display_quality
from lmc_geo.hydrology.timeseries import noleap_doy
from lmc_geo.i18n import format_day, month_names, t
from lmc_geo.schema import PALETTE, STATUS_COLOURS

MONTH_STARTS = np.array([1, 32, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335])


def draw_hydrograph(series: pd.DataFrame, band: pd.DataFrame | None, row: pd.Series, as_of: str, lang: str,
                    width_in: float = 10.4, height_in: float = 4.6) -> bytes | None:
    """SVG of the water level through ``as_of``'s year against the band; None when that year has no value."""
    year = pd.Timestamp(as_of).year
    dates = pd.to_datetime(series["date"])
    part = series[dates.dt.year == year].copy()
    part = part[pd.to_numeric(part["value"], errors="coerce").notna()]
    if part.empty:
        return None
    part["doy"] = noleap_doy(pd.DatetimeIndex(pd.to_datetime(part["date"])))
    part["shown_quality"] = display_quality(part).to_numpy()
    fig = Figure(figsize=(width_in, height_in), dpi=100)
    with rc_context(STYLE):
        ax = fig.add_axes((0.07, 0.13, 0.9, 0.8))
        if band is not None and not band.empty:
            ax.fill_between(band["doy"], band["p10"], band["p90"], color=PALETTE["mainstream"], alpha=0.16, lw=0,
                            label=t("briefing.hydro.band", lang))
            ax.plot(band["doy"], band["min"], color=PALETTE["mainstream"], lw=0.6, alpha=0.6,
                    label=t("briefing.hydro.extremes", lang))
            ax.plot(band["doy"], band["max"], color=PALETTE["mainstream"], lw=0.6, alpha=0.6)
            ax.plot(band["doy"], band["p50"], color=PALETTE["mainstream"], lw=0.9, ls="--",
                    label=t("briefing.hydro.median", lang))
        measured = part["shown_quality"] == "measured"
        ax.plot(part["doy"].where(measured), part["value"].where(measured), color="#222222", lw=1.4,
                label=t("briefing.hydro.year", lang, year=year))
        filled = part["shown_quality"].isin(["gap_filled", GAP_FILLED_SERIES])
        if filled.any():
            ax.plot(part["doy"].where(filled), part["value"].where(filled), color="#888888", lw=1.4,
                    label=t("briefing.hydro.filled", lang))
        for level, key, colour in ((row.get("alarm_m"), "briefing.hydro.alarm", STATUS_COLOURS["alarm"]),
                                   (row.get("flood_m"), "briefing.hydro.flood", STATUS_COLOURS["flood"])):
            if level is not None and pd.notna(level):
                ax.axhline(float(level), color=colour, lw=1.1, label=t(key, lang, level=f"{float(level):.2f}"))
        day = noleap_doy(pd.DatetimeIndex([pd.Timestamp(as_of)]))[0]
        ax.axvline(day, color="#444444", lw=0.8, ls=":")
        ax.text(day, ax.get_ylim()[1], format_day(as_of, lang), ha="center", va="bottom", fontsize=7)
        ax.set_xlim(1, 365)
        ax.set_xticks(MONTH_STARTS, month_names(lang))
        ax.set_ylabel(t("briefing.hydro.axis", lang))
        ax.grid(color="#e5e5e5", lw=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(loc="upper left", fontsize=7, frameon=False, ncol=2)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
