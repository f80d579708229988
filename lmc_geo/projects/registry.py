"""The registry of the Lancang-Mekong water-cooperation projects: read, check, import.

The registry is one CSV file (:func:`lmc_geo.paths.projects_path`), one row per project.
It ships as a placeholder built from ``lmc_geo/build/projects_seed.csv`` and is replaced
by the Center's official list through :func:`import_registry` (the app's import page and
``python -m lmc_geo import-projects FILE``).

Every record says where it comes from: ``provenance`` is ``documented`` (a public source,
named in ``source_url``) or ``illustrative`` (a placeholder consistent with the 2021
progress report, with no source and no money).

``year_approved`` may be empty only for a documented record whose year is not published:
an empty year is better than an invented one.

Free text (names, partner, summary) is kept exactly as given, markup included: it is
plain data here and is escaped wherever it is rendered.

Problems name the line of the record as a spreadsheet shows the file: the header is line 1,
the first record line 2, and blank lines count as they show (empty rows).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from lmc_geo import database, paths, schema
from lmc_geo.i18n import Text
from lmc_geo.text import safe_url, unguard_formula

#: Columns of the registry, in file order.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "name_en",
    "name_zh",
    "countries",
    "theme",
    "year_approved",
    "status",
    "budget",
    "currency",
    "lat",
    "lon",
    "location_approximate",
    "partner",
    "summary",
    "source_url",
    "provenance",
)

#: Project statuses; ``unknown`` where no source says.
STATUSES: tuple[str, ...] = ("approved", "ongoing", "completed", "unknown")

#: First plausible approval year: the LMC Special Fund opened in 2016.
FIRST_YEAR = 2016

#: Rough box around the six countries, used when no country outlines are given.
BBOX = {"lon_min": 92.0, "lon_max": 110.0, "lat_min": 8.0, "lat_max": 34.0}

#: Tolerance (degrees, about 2 km) for points on a generalised coastline or border river.
COUNTRY_TOLERANCE_DEG = 0.02

#: Name of the index of :func:`read_upload`'s table: each record's line in a spreadsheet.
LINE_INDEX = "line"

#: Largest upload accepted (bytes); the official list is a few dozen rows.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COUNTRY_SEP = re.compile(r"[;,]")



@dataclass(frozen=True)
class Problem:
    """One reason a registry cannot be accepted.

    ``line`` is the record's line as a spreadsheet shows the file (the header is line 1, so
    the first record is line 2), ``column`` the column name; either is ``None`` when the
    problem concerns the whole file or a whole record.

    Examples
    --------
    >>> str(Problem(4, "theme", "'irrigation' is not a theme"))
    "line 4, column theme: 'irrigation' is not a theme"
    >>> str(Problem(None, "lat", "column is missing"))
    'column lat: column is missing'
    """

    line: int | None
    column: str | None
    message: str
    said: Text | None = None

    @classmethod
    def of(cls, line: int | None, column: str | None, key: str, **values) -> Problem:
        """A problem whose message is the catalogue's ``key`` (English in ``message``, any language by :meth:`text`)."""
        said = Text.of(key, **values)
        return cls(line, column, str(said), said)

    def text(self, lang: str = "en") -> str:
        """The problem in the reader's language."""
        return self.said.in_lang(lang) if self.said is not None else self.message

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class UploadError(ValueError):
    """An uploaded file that cannot be read as a registry: its name and the problem (a catalogue key)."""

    def __init__(self, name: str, key: str, **values):
        self.name, self.said = name, Text.of(key, **values)
        super().__init__(f"{name}: {self.said}")

    def problem(self) -> Problem:
        """The refusal as an import problem (the file's name, then the problem, in any language)."""
        return Problem.of(None, None, "import.file_problem", file=self.name, problem=self.said)


@dataclass
class ImportResult:
    """Outcome of :func:`import_registry`. Nothing was written unless ``ok``."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    path: Path | None = None
    backup: Path | None = None
    rows: int = 0
    ignored_columns: tuple[str, ...] = ()
    registry: pd.DataFrame | None = None


# --------------------------------------------------------------------------- helpers


def _text(value: Any) -> str:
    """A cell as stripped text; missing values become ``""``."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (tuple, list)):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _year(text: str) -> int | None:
    number = _number(text)
    if number is None or number != int(number):
        return None
    return int(number)


def _bool(text: str) -> bool | None:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


def _country_codes(text: str) -> list[str]:
    return [c.strip().upper() for c in _COUNTRY_SEP.split(text) if c.strip()]


def _is_blank_row(row: pd.Series) -> bool:
    return all(_text(v) == "" for v in row)


def _spreadsheet_lines(df: pd.DataFrame) -> list[int]:
    """The line of each record of ``df`` in a spreadsheet: the index of a :func:`read_upload`
    table, else the header is taken as line 1 and the records as the lines after it."""
    if df.index.name == LINE_INDEX:
        return [int(n) for n in df.index]
    return list(range(2, len(df) + 2))


def _csv_record_lines(text: str) -> list[int]:
    """The spreadsheet line of each record pandas reads from CSV ``text``, header first.

    A spreadsheet shows every record of the file on a line of its own, a blank line as an empty
    row and a quoted cell over several lines of the file still in one; pandas skips blank
    (empty or whitespace-only) lines. Raises ``csv.Error`` on text the csv module cannot split.
    """
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(physical)
    lines, read = [], 0
    for number, _record in enumerate(reader, start=1):
        first, read = read, reader.line_num
        if read - first == 1 and not physical[first].strip():
            continue  # a blank line: an empty row in a spreadsheet, skipped by pandas
        lines.append(number)
    return lines


def _as_geometry(countries_geom: Any):
    """One shapely geometry from a geometry, GeoSeries or GeoDataFrame."""
    if countries_geom is None:
        return None
    if hasattr(countries_geom, "union_all"):
        return countries_geom.union_all()
    if hasattr(countries_geom, "unary_union"):
        return countries_geom.unary_union
    return countries_geom


# --------------------------------------------------------------------------- validation


def validate_registry(df: pd.DataFrame, countries_geom: Any = None) -> list[Problem]:
    """Every problem in a registry table; an empty list means it can be used.

    Rules: required columns; ids present and unique; countries among the six; a known
    theme, status and provenance; a plausible year (empty only for a documented record);
    a non-negative budget with its currency, and none on an illustrative record; a
    location inside the six countries; ``location_approximate`` true or false; a plain
    http(s) ``source_url``, required for a documented record.

    Accepts the raw table of :func:`read_upload` (text cells) as well as the typed table
    of :func:`read_registry`. Locations are checked against ``countries_geom`` (a
    shapely geometry or GeoSeries of the six countries) when given, otherwise against
    the box lon 92-110, lat 8-34. Rows whose cells are all empty are ignored.

    Problems name the line a spreadsheet shows the record on: the index of a
    :func:`read_upload` table, else the header is line 1 and the first record line 2.

    Examples
    --------
    >>> raw = read_upload(template_csv(), "template.csv")
    >>> validate_registry(raw)
    []
    >>> raw.loc[2, "theme"] = "irrigation"  # the template's one record, on line 2
    >>> [str(p) for p in validate_registry(raw)]  # doctest: +ELLIPSIS
    ["line 2, column theme: 'irrigation' is not a theme; use one of ..."]
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        return [Problem.of(None, c, "import.missing_column") for c in missing]

    problems: list[Problem] = []
    geom = _as_geometry(countries_geom)
    if geom is not None:

        geom = geom.buffer(COUNTRY_TOLERANCE_DEG)
        shapely.prepare(geom)
    this_year = _dt.date.today().year
    first_line_of_id: dict[str, int] = {}
    data_rows = 0

    for line, (_, record) in zip(_spreadsheet_lines(df), df.iterrows()):
        if _is_blank_row(record[list(REQUIRED_COLUMNS)]):
            continue
        data_rows += 1
        cell = {c: _text(record[c]) for c in REQUIRED_COLUMNS}

        def add(column: str, key: str, line: int = line, **values) -> None:
            problems.append(Problem.of(line, column, f"import.{key}", **values))

        # id
        pid = cell["id"]
        if not pid:
            add("id", "id_empty")
        elif pid in first_line_of_id:
            add("id", "id_repeated", id=repr(pid), first=first_line_of_id[pid])
        else:
            first_line_of_id[pid] = line

        if not cell["name_en"]:
            add("name_en", "name_empty")

        # countries
        codes = _country_codes(cell["countries"])
        if not codes:
            add("countries", "no_country")
        for code in codes:
            if code not in schema.COUNTRIES:
                add("countries", "unknown_country", code=repr(code), codes=" ".join(schema.COUNTRIES))

        if cell["theme"].lower() not in schema.THEMES:
            add("theme", "unknown_theme", value=repr(cell["theme"]), themes=", ".join(schema.THEMES))

        provenance = cell["provenance"].lower()
        if provenance not in schema.PROVENANCES:
            add("provenance", "bad_provenance", value=repr(cell["provenance"]))

        # year
        if cell["year_approved"]:
            year = _year(cell["year_approved"])
            if year is None:
                add("year_approved", "bad_year", value=repr(cell["year_approved"]))
            elif not FIRST_YEAR <= year <= this_year:
                add("year_approved", "implausible_year", year=year, first=FIRST_YEAR, last=this_year)
        elif provenance != "documented":
            add("year_approved", "year_empty")

        if cell["status"].lower() not in STATUSES:
            add("status", "unknown_status", value=repr(cell["status"]), statuses=", ".join(STATUSES))

        # money
        if cell["budget"]:
            budget = _number(cell["budget"])
            if budget is None:
                add("budget", "not_a_number", value=repr(cell["budget"]))
            elif budget < 0:
                add("budget", "negative_budget", value=cell["budget"])
            if not cell["currency"]:
                add("currency", "currency_needed")
            if provenance == "illustrative":
                add("budget", "illustrative_budget")
        if cell["currency"] and not _CURRENCY.match(cell["currency"]):
            add("currency", "bad_currency", value=repr(cell["currency"]))

        # location
        lat, lon = _number(cell["lat"]), _number(cell["lon"])
        if lat is None:
            add("lat", "bad_lat", value=repr(cell["lat"]))
        if lon is None:
            add("lon", "bad_lon", value=repr(cell["lon"]))
        if lat is not None and lon is not None:
            if geom is not None:

                if not shapely.intersects_xy(geom, lon, lat):
                    add("lat", "outside_countries", lat=lat, lon=lon)
            elif not (BBOX["lat_min"] <= lat <= BBOX["lat_max"]
                      and BBOX["lon_min"] <= lon <= BBOX["lon_max"]):
                add("lat", "outside_region", lat=lat, lon=lon)
        if _bool(cell["location_approximate"]) is None:
            add("location_approximate", "bad_flag", value=repr(cell["location_approximate"]))

        # source
        if cell["source_url"] and safe_url(cell["source_url"]) is None:
            add("source_url", "bad_url")
        if provenance == "documented" and not cell["source_url"]:
            add("source_url", "url_needed")

    if data_rows == 0:
        problems.append(Problem.of(None, None, "import.no_rows"))
    return problems


# --------------------------------------------------------------------------- reading


def read_upload(file_bytes: bytes, filename: str) -> pd.DataFrame:
    """The table of an uploaded CSV (UTF-8, with or without BOM) or XLSX file, as text.

    Column names are stripped and lower-cased; every cell is a string (``""`` when
    empty). The index (named ``line``) is each record's line as a spreadsheet shows the
    file, the header being line 1. Raises ``ValueError`` with a message for staff when the
    file cannot be read (:class:`UploadError`, a ``ValueError``).

    Examples
    --------
    >>> read_upload(b"id,theme\\nLMC-P01,dam_safety\\n", "list.csv").to_dict("records")
    [{'id': 'LMC-P01', 'theme': 'dam_safety'}]
    >>> list(read_upload(b"id,theme\\nLMC-P01,dam_safety\\n\\nLMC-P02,dam_safety\\n", "list.csv").index)
    [2, 4]
    >>> read_upload(b"x", "list.pdf")
    Traceback (most recent call last):
    ...
    lmc_geo.projects.registry.UploadError: list.pdf: unsupported file type; upload a .csv (UTF-8) or .xlsx file
    """
    name = Path(filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UploadError(name, "import.file_xls" if suffix == ".xls" else "import.file_type")
    if len(file_bytes) > MAX_UPLOAD_BYTES:
        raise UploadError(name, "import.file_large", mb=MAX_UPLOAD_BYTES // 2**20)
    if not file_bytes.strip():
        raise UploadError(name, "import.file_empty")

    if suffix == ".csv":
        try:
            text = file_bytes.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UploadError(name, "import.file_encoding") from None
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
            lines = _csv_record_lines(text)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
            raise UploadError(name, "import.file_csv", detail=str(exc)) from None
        if len(lines) != len(frame) + 1:  # a file the two readers split differently
            lines = list(range(1, len(frame) + 2))
        frame.index = lines[1:]
    else:
        if not file_bytes.startswith(b"PK"):
            raise UploadError(name, "import.file_not_xlsx")
        try:
            frame = pd.read_excel(io.BytesIO(file_bytes), engine="openpyxl", sheet_name=0,
                                  dtype=str, keep_default_na=False)
        except Exception:  # openpyxl raises many types for damaged workbooks
            raise UploadError(name, "import.file_workbook") from None
        frame.index = range(2, len(frame) + 2)  # pandas keeps a sheet's empty rows: row 1 is the header

    frame.index.name = LINE_INDEX
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    # An export of the atlas quotes formula-looking text ('=...); load it back as it was.
    return frame.fillna("").astype(str).map(unguard_formula)


def parse_registry(raw: pd.DataFrame) -> pd.DataFrame:
    """The typed registry (see :func:`read_registry`) from a raw table that passed
    :func:`validate_registry`; rows whose cells are all empty are dropped."""
    rows = []
    for _, record in raw.iterrows():
        if _is_blank_row(record[list(REQUIRED_COLUMNS)]):
            continue
        cell = {c: _text(record[c]) for c in REQUIRED_COLUMNS}
        codes = _country_codes(cell["countries"])
        rows.append({
            **cell,
            # upstream to downstream, each once
            "countries": tuple(c for c in schema.COUNTRIES if c in codes),
            "theme": cell["theme"].lower(),
            "status": cell["status"].lower(),
            "provenance": cell["provenance"].lower(),
            "year_approved": _year(cell["year_approved"]) if cell["year_approved"] else None,
            "budget": _number(cell["budget"]) if cell["budget"] else math.nan,
            "currency": cell["currency"] or None,
            "lat": _number(cell["lat"]),
            "lon": _number(cell["lon"]),
            "location_approximate": _bool(cell["location_approximate"]),
            "source_url": cell["source_url"] or None,
        })
    frame = pd.DataFrame(rows, columns=list(REQUIRED_COLUMNS))
    frame["year_approved"] = frame["year_approved"].astype("Int64")
    frame["budget"] = frame["budget"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    frame["location_approximate"] = frame["location_approximate"].astype(bool)
    return frame


class RegistryError(ValueError):
    """A registry file that does not pass :func:`validate_registry`."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path}: {len(problems)} problem(s) in the project registry:\n{lines}")


def read_registry(path: Path | str | None = None, content: bytes | None = None) -> pd.DataFrame:
    """The project registry as a typed table.

    ``countries`` is a tuple of codes (upstream to downstream), ``year_approved`` an
    integer (``<NA>`` when unpublished), ``budget`` a float (NaN when unknown),
    ``location_approximate`` a bool; empty ``currency`` and ``source_url`` are ``None``.
    Raises :class:`RegistryError` naming every problem if the file is not valid.
    ``content`` is the file's bytes when they come from elsewhere (the shared database).
    """
    path = Path(path) if path is not None else paths.projects_path()
    raw = read_upload(path.read_bytes() if content is None else content, path.name)
    problems = validate_registry(raw)
    if problems:
        raise RegistryError(path, problems)
    return parse_registry(raw)


# --------------------------------------------------------------------------- writing


def _format_number(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.15g}"


def _opt(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def registry_csv(df: pd.DataFrame) -> bytes:
    """The typed registry as deterministic CSV bytes (UTF-8, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REQUIRED_COLUMNS)
    for record in df[list(REQUIRED_COLUMNS)].itertuples(index=False):
        rec = record._asdict()
        year = rec["year_approved"]
        writer.writerow([
            rec["id"], rec["name_en"], rec["name_zh"], ";".join(rec["countries"]),
            rec["theme"], "" if pd.isna(year) else str(int(year)), rec["status"],
            _format_number(rec["budget"]), _opt(rec["currency"]),
            _format_number(rec["lat"]), _format_number(rec["lon"]),
            "true" if rec["location_approximate"] else "false",
            _opt(rec["partner"]), _opt(rec["summary"]), _opt(rec["source_url"]), rec["provenance"],
        ])
    return out.getvalue().encode("utf-8")


def _backup_path(dest: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = paths.backup_path(dest, stamp)
    n = 1
    while candidate.exists():  # two imports within one second
        candidate = paths.backup_path(dest, stamp, n)
        n += 1
    return candidate


#: A temporary file of an import this old was left by a process that died: no import takes this long.
STALE_TEMPORARY_SECONDS = 600


def remove_stale_temporaries(dest: Path) -> list[Path]:
    """Remove the hidden temporary files that killed imports left beside ``dest`` and in its backups."""
    removed = []
    now = _dt.datetime.now().timestamp()
    for folder, pattern in ((dest.parent, f".{dest.name}.*.tmp"), (paths.backup_path(dest, "x").parent, ".*.tmp")):
        for path in folder.glob(pattern) if folder.is_dir() else []:
            try:
                if now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed


def _copy_atomically(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest`` whole or not at all (a hidden temporary beside it, then a rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle, open(src, "rb") as source:
            shutil.copyfileobj(source, handle)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copystat(src, tmp_name)
        os.replace(tmp_name, dest)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_registry(df: pd.DataFrame, dest: Path, backup: bool = True) -> Path | None:
    """Replace ``dest`` atomically with the typed registry ``df``.

    The previous file, if any and if different, is first copied to
    ``<dest folder>/backups/projects-YYYYmmdd-HHMMSS.csv``; that path is returned.
    """
    dest = Path(dest)
    content = registry_csv(df)
    if database.enabled():  # the shared database: one transaction, every process sees it at once
        database.write_registry(content, df)
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(dest)
    # mkstemp makes the file private (0600); keep the registry readable like any data file
    mode = dest.stat().st_mode & 0o777 if dest.exists() else 0o644
    # The new content is written first: a folder that cannot be written fails here, before any backup.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    backup_path = None
    try:
        os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and dest.exists() and dest.read_bytes() != content:
            backup_path = _backup_path(dest)
            _copy_atomically(dest, backup_path)
        os.replace(tmp_name, dest)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        if backup_path is not None:
            backup_path.unlink(missing_ok=True)
        raise
    return backup_path


def import_registry(src_path_or_bytes: Path | str | bytes, filename: str | None = None,
                    dest: Path | str | None = None,
                    countries_geom: Any = None) -> ImportResult:
    """Replace the project registry with an uploaded list, or refuse and say why.

    Everything is checked before anything is written: on any problem no file or folder
    is touched and the problems are returned. On success the previous registry is
    copied to ``backups/`` next to it and the new one replaces it atomically. A folder
    that cannot be written raises ``OSError`` and leaves no file behind.

    Parameters
    ----------
    src_path_or_bytes : path or bytes
        The uploaded file (CSV or XLSX).
    filename : str, optional
        Its name, which decides the format; defaults to the path's name.
    dest : path, optional
        Registry to replace; defaults to :func:`lmc_geo.paths.projects_path`.
    countries_geom : shapely geometry or GeoSeries, optional
        Outline of the six countries for the location check (else a bounding box).
    """
    if isinstance(src_path_or_bytes, (bytes, bytearray)):
        data = bytes(src_path_or_bytes)
        filename = filename or "upload.csv"
    else:
        src = Path(src_path_or_bytes)
        filename = filename or src.name
        try:
            data = src.read_bytes()
        except OSError as exc:
            return ImportResult(False, [Problem.of(None, None, "import.cannot_read", file=src.name,
                                                   detail=exc.strerror or str(exc))])
    try:
        raw = read_upload(data, filename)
    except UploadError as exc:
        return ImportResult(False, [exc.problem()])

    problems = validate_registry(raw, countries_geom=countries_geom)
    if problems:
        return ImportResult(False, problems)

    registry = parse_registry(raw)
    dest = Path(dest) if dest is not None else paths.projects_path()
    backup = write_registry(registry, dest)
    ignored = tuple(c for c in raw.columns if c not in REQUIRED_COLUMNS)
    return ImportResult(True, [], dest, backup, len(registry), ignored, registry)


def template_csv() -> bytes:
    """A CSV template for staff: the header and one example row.

    Examples
    --------
    >>> template_csv().decode().splitlines()[0].startswith("id,name_en,name_zh,countries")
    True
    """
    example = pd.DataFrame([{
        "id": "LMC-P01",
        "name_en": "Rural water supply demonstration",
        "name_zh": "农村供水示范",
        "countries": ("LA", "KH"),
        "theme": "water_infrastructure",
        "year_approved": 2020,
        "status": "ongoing",
        "budget": 1500000.0,
        "currency": "CNY",
        "lat": 17.9667,
        "lon": 102.6,
        "location_approximate": False,
        "partner": "Ministry of Natural Resources and Environment",
        "summary": "One line on what the project does.",
        "source_url": "https://www.lmcwater.org.cn/",
        "provenance": "documented",
    }])
    example["year_approved"] = example["year_approved"].astype("Int64")
    return registry_csv(example)
