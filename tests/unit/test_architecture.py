"""Architectural rules, enforced: the core never imports Streamlit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = sorted(
    p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
    for p in (ROOT / "lmc_geo").rglob("*.py")
    if "ui" not in p.relative_to(ROOT / "lmc_geo").parts and p.name != "__main__.py"
)


def test_core_modules_found():
    assert "lmc_geo.maps.basin_map" in CORE and "lmc_geo.loaders" in CORE and "lmc_geo.build.layers" in CORE


def test_importing_the_core_never_imports_streamlit():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')]\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"core imported streamlit: {result.stdout} {result.stderr}"


def test_pages_read_data_only_through_loaders():
    """Pages and ui never open data files themselves: no read_parquet/read_csv/read_file outside the core."""
    offenders = []
    for path in list((ROOT / "app_pages").glob("*.py")) + list((ROOT / "lmc_geo" / "ui").glob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text()
        for call in ("read_parquet(", "read_csv(", "read_file(", "duckdb.connect("):
            if call in text:
                offenders.append(f"{path.name}: {call}")
    assert not offenders, offenders
