"""Shared fixtures: the shipped data folder, a writable copy of it, the reference data."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from lmc_geo import paths

ROOT = Path(__file__).resolve().parent.parent


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def shipped_data() -> Path:
    return ROOT / "data"


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A writable copy of data/, made the app's data folder for this test."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    monkeypatch.setenv("LMC_DATA_DIR", str(dest))
    return dest


@pytest.fixture(scope="session")
def reference() -> Path:
    ref = paths.reference_dir()
    if not ref.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"reference data not found at {ref} (CI must have ../shared)")
        pytest.skip(f"reference data not found at {ref}")
    return ref
