"""The Lancang-Mekong water cooperation timeline, from the Center's 2021 progress report.

Every event carries its date, a title in English and Chinese, and its source. Dates are
those of the seed report (``lmc_water_cooperation_progress_2021.txt``, 7 Dec 2021); the
Chinese titles follow its wording. ``precision`` says how much of the date the report
gives ("day" or "month"); an event given as a date range keeps its first and last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lmc_geo.i18n import format_day, format_day_range, t

SEED_SOURCE = "Lancang-Mekong Water Resources Cooperation Center, 2021 progress report"
SEED_SOURCE_ZH = "澜湄水资源合作中心，澜湄水资源合作进展（2021年12月7日）"


@dataclass(frozen=True)
class Event:
    """One dated event of the cooperation."""

    start: date
    title_en: str
    title_zh: str
    kind: str
    end: date | None = None
    precision: str = "day"
    source: str = SEED_SOURCE

    def date_text(self, lang: str = "en") -> str:
        """The date as the report gives it.

        >>> Event(date(2019, 4, 2), "JWG", "联合工作组", "jwg", end=date(2019, 4, 3)).date_text()
        '2\u2009–\u20093 Apr 2019'
        >>> Event(date(2018, 11, 1), "Forum", "论坛", "forum", precision="month").date_text("zh")
        '2018年11月'
        """
        if self.precision == "month":
            return format_day(self.start, lang, skeleton="yMMM")
        if self.end:
            return format_day_range(self.start, self.end, lang)
        return format_day(self.start, lang)


#: Kinds of event, in the order of the report's sections.
KINDS = ("leaders", "foreign_ministers", "ministerial", "jwg", "forum", "information_sharing", "capacity_building")

#: The cooperation timeline (any order here; :func:`cooperation_events` sorts it).
EVENTS: tuple[Event, ...] = (
    Event(
        date(2018, 11, 1),
        "First Lancang-Mekong Water Resources Cooperation Forum",
        "首届澜湄水资源合作论坛",
        "forum",
        precision="month",
    ),
    Event(date(2018, 12, 17), "Fourth LMC Foreign Ministers' Meeting", "澜湄合作第四次外长会", "foreign_ministers"),
    Event(date(2019, 4, 2), "Joint Working Group meeting", "联合工作组会议", "jwg", end=date(2019, 4, 3)),
    Event(date(2019, 8, 10), "Joint Working Group meeting", "联合工作组会议", "jwg"),
    Event(date(2019, 10, 29), "Joint Working Group meeting", "联合工作组会议", "jwg", end=date(2019, 10, 30)),
    Event(
        date(2019, 12, 17),
        "First Lancang-Mekong Water Resources Cooperation Ministerial Meeting",
        "首届澜湄水资源合作部长级会议",
        "ministerial",
    ),
    Event(
        date(2020, 1, 8),
        "River-basin planning and management workshop (100+ participants)",
        "澜湄水资源合作流域综合规划管理研讨班（100多位学员）",
        "capacity_building",
        end=date(2020, 1, 13),
    ),
    Event(date(2020, 2, 20), "Fifth LMC Foreign Ministers' Meeting", "澜湄合作第五次外长会", "foreign_ministers"),
    Event(date(2020, 5, 21), "Joint Working Group meeting", "联合工作组会议", "jwg"),
    Event(
        date(2020, 8, 24),
        "Third LMC Leaders' Meeting: Vientiane Declaration",
        "澜湄合作第三次领导人会议：万象宣言",
        "leaders",
    ),
    Event(
        date(2020, 9, 24),
        "Joint Working Group meeting: letter of intent on the Information Sharing Platform signed",
        "联合工作组会议：签署澜湄水资源合作信息共享平台建设意向书",
        "jwg",
    ),
    Event(
        date(2020, 11, 1),
        "China begins year-round Lancang hydrological data to the five countries and the MRC",
        "中国开始向其他五个成员国和湄委会提供澜沧江全年水文信息",
        "information_sharing",
    ),
    Event(
        date(2020, 11, 30),
        "Information Sharing Platform website opens in Beijing",
        "澜湄水资源合作信息共享平台网站开通",
        "information_sharing",
    ),
    Event(date(2021, 6, 8), "Sixth LMC Foreign Ministers' Meeting", "澜湄合作第六次外长会", "foreign_ministers"),
    Event(date(2021, 9, 14), "Joint Working Group meeting", "联合工作组会议", "jwg"),
)

#: Data sharing with the Mekong River Commission and the member countries (About page).
DATA_SHARING: tuple[Event, ...] = (
    Event(date(2002, 1, 1), "China provides flood-season hydrological data to the MRC",
          "中国开始向湄委会提供雨季水文信息", "information_sharing", precision="year"),
    Event(date(2020, 9, 24), "Letter of intent on the Information Sharing Platform signed (Joint Working Group)",
          "联合工作组会议签署澜湄水资源合作信息共享平台建设意向书", "information_sharing"),
    Event(date(2020, 11, 1), "Year-round Lancang hydrological data to the five other countries and the MRC",
          "向其他五个成员国和湄委会提供澜沧江全年水文信息", "information_sharing"),
    Event(date(2020, 11, 30), "Information Sharing Platform website opens (www.lmcwater.org.cn)",
          "澜湄水资源合作信息共享平台网站开通（www.lmcwater.org.cn）", "information_sharing"),
)


def _frame(events: tuple[Event, ...], lang: str) -> pd.DataFrame:
    rows = []
    for e in sorted(events, key=lambda e: (e.start, e.title_en)):
        text = (str(e.start.year) + ("年" if lang == "zh" else "")) if e.precision == "year" else e.date_text(lang)
        rows.append({
            "date": pd.Timestamp(e.start), "end": pd.Timestamp(e.end) if e.end else pd.NaT, "date_text": text,
            "title": e.title_zh if lang == "zh" else e.title_en, "title_en": e.title_en, "title_zh": e.title_zh,
            "kind": e.kind, "source": SEED_SOURCE_ZH if lang == "zh" else e.source,
        })
    return pd.DataFrame(rows)


def cooperation_events(lang: str = "en") -> pd.DataFrame:
    """The cooperation timeline, oldest first and newest last.

    Columns: ``date, end, date_text, title, title_en, title_zh, kind, source``.

    >>> ev = cooperation_events()
    >>> ev.date_text.iloc[0], ev.title.iloc[-1], ev.date.is_monotonic_increasing
    ('Nov 2018', 'Joint Working Group meeting', True)
    """
    return _frame(EVENTS, lang)


def data_sharing_events(lang: str = "en") -> pd.DataFrame:
    """Hydrological data sharing since 2002, oldest first (same columns as :func:`cooperation_events`).

    >>> data_sharing_events().date_text.tolist()[:2]
    ['2002', '24 Sept 2020']
    """
    return _frame(DATA_SHARING, lang)


def event_table(events: pd.DataFrame, lang: str = "en", both_languages: bool = False) -> pd.DataFrame:
    """Events as shown on the pages: indexed by their date text, then the event and its source.

    ``both_languages`` gives the English and Chinese titles side by side (the landing page);
    otherwise the title is in ``lang``. One table layout for every timeline of the atlas.

    >>> table = event_table(data_sharing_events())
    >>> table.index.name, list(table.columns), table.index[0]
    ('Date', ['Event', 'Source'], '2002')
    >>> list(event_table(cooperation_events(), both_languages=True).columns)
    ['Event', '事件 (Chinese)', 'Source']
    """
    columns = {t("timeline.event", lang): events["title_en"] if both_languages else events["title"]}
    if both_languages:
        columns[t("timeline.event_zh", lang)] = events["title_zh"]
    columns[t("timeline.source", lang)] = events["source"]
    table = pd.DataFrame(columns)
    table.index = pd.Index(events["date_text"], name=t("timeline.date", lang))
    return table
