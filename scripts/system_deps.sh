#!/usr/bin/env bash
# What the atlas needs from the system beyond pip, for the Makefile. Each mode is quick and silent
# when all is there; otherwise it installs with apt where it may (as root, or with sudo that needs
# no password), and where it may not, it stops with one line naming the command to run.
#
#   system_deps.sh browser   Chromium, the Noto fonts, libatomic and poppler-utils, for the tests (make test, bench)
#   system_deps.sh check     the same check, never installing (the browser tests' failure message)
#   system_deps.sh fonts     warn, never fail, when the Noto fonts are missing (make run)
#   system_deps.sh venv PY   Python 3.11+ with its venv module (Debian ships it apart, as python3.X-venv)
#   system_deps.sh services  PostgreSQL with PostGIS and HAProxy, for the backend and cluster tests (never
#                            fails: without them those tests fail in CI and are skipped elsewhere, said here)
#
# The browser tests drive Debian's Chromium (Playwright cannot download a build of its own here);
# LMC_CHROMIUM names another one. The Noto fonts draw Thai, Lao, Khmer, Burmese and Chinese names.
set -euo pipefail

DEFAULT_CHROMIUM=/usr/bin/chromium
CHROMIUM="${LMC_CHROMIUM:-$DEFAULT_CHROMIUM}"
CHROMIUM_PACKAGES="chromium chromium-driver"
FONT_PACKAGES="fonts-noto-core fonts-noto-cjk"
FONT_FAMILIES=("Noto Sans CJK SC" "Noto Sans Thai" "Noto Sans Lao" "Noto Sans Khmer" "Noto Sans Myanmar")
# Playwright's driver (the node binary in its wheel) links libatomic, which Chromium does not pull in.
DRIVER_PACKAGES="libatomic1"
# poppler's pdfinfo and pdffonts check the briefing PDFs in the tests.
POPPLER_PACKAGES="poppler-utils"
# The shared-database backend and the cluster behind a load balancer (Debian bookworm: PostgreSQL 15).
SERVICE_PACKAGES="postgresql-15 postgresql-15-postgis-3 haproxy"

services_present() {
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
        ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 &&
        command -v haproxy >/dev/null 2>&1
}

say() { echo "$*" >&2; }

chromium_present() { [ -x "$CHROMIUM" ]; }

poppler_present() { command -v pdfinfo >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; }

driver_libs_present() {
    local libs  # read whole first: grep -q ending the pipe early would fail it under pipefail
    libs="$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null)"
    grep -qF "libatomic.so.1 " <<<"$libs"
}

fonts_present() {
    if command -v fc-list >/dev/null 2>&1; then
        local families family
        families="$(fc-list : family 2>/dev/null)"
        for family in "${FONT_FAMILIES[@]}"; do
            grep -qF "$family" <<<"$families" || return 1
        done
        return 0
    fi
    # No fontconfig tools (Chromium needs only the library): ask dpkg instead.
    local package
    for package in $FONT_PACKAGES; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || return 1
    done
}

# "sudo " for the hint unless root already.
sudo_hint() { [ "$(id -u)" -eq 0 ] || printf 'sudo '; }

# Sets SUDO to "" (root) or "sudo" (passwordless), or fails when apt may not be run from here.
may_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo"
    else
        return 1
    fi
}

# Installs what is missing; upgrades nothing already installed.
apt_install() {
    say "installing with apt: $*"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade "$@"
}

# Sets MISSING (in words: "A", "A and B", "A, B and C") and PACKAGES (what apt installs for it)
# for what the browser tests need; fails when nothing is missing.
browser_missing() {
    local what=() packages=() i
    if ! chromium_present; then
        if [ "$CHROMIUM" = "$DEFAULT_CHROMIUM" ]; then what+=("Chromium"); else what+=("Chromium at $CHROMIUM"); fi
        packages+=("$CHROMIUM_PACKAGES")
    fi
    if ! fonts_present; then
        what+=("Noto fonts")
        packages+=("$FONT_PACKAGES")
    fi
    if ! driver_libs_present; then
        what+=("libatomic (for Playwright)")
        packages+=("$DRIVER_PACKAGES")
    fi
    if ! poppler_present; then
        what+=("poppler's PDF tools")
        packages+=("$POPPLER_PACKAGES")
    fi
    [ "${#what[@]}" -gt 0 ] || return 1
    PACKAGES="${packages[*]}"
    MISSING="${what[0]}"
    for ((i = 1; i < ${#what[@]}; i++)); do
        if ((i == ${#what[@]} - 1)); then MISSING+=" and ${what[i]}"; else MISSING+=", ${what[i]}"; fi
    done
}

browser_line() { echo "missing $MISSING: run '$(sudo_hint)apt-get install -y $PACKAGES'"; }

case "${1:-}" in
    check)
        browser_missing || exit 0
        say "$(browser_line)"
        exit 1
        ;;
    browser)
        browser_missing || exit 0
        # shellcheck disable=SC2086 # PACKAGES is a list of words
        if may_install && apt_install $PACKAGES; then
            browser_missing || exit 0
        fi
        say "$(browser_line)"
        exit 1
        ;;
    fonts)
        fonts_present ||
            say "warning: Noto fonts missing, so a browser on this machine may draw Thai, Lao, Khmer," \
                "Burmese and Chinese names as boxes: run '$(sudo_hint)apt-get install -y $FONT_PACKAGES'"
        exit 0
        ;;
    venv)
        python="${2:-python3}"
        if ! version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"; then
            say "$python not found: install Python 3.11 or newer, or name one with 'make PYTHON=python3.12 ...'"
            exit 1
        fi
        if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            say "$python is Python $version; the atlas needs 3.11 or newer: name one with 'make PYTHON=python3.12 ...'"
            exit 1
        fi
        has_venv() { "$python" -c 'import ensurepip, venv' 2>/dev/null; }
        has_venv && exit 0
        package="python$version-venv"
        if may_install && apt_install "$package" && has_venv; then
            exit 0
        fi
        say "missing the venv module of $python: run '$(sudo_hint)apt-get install -y $package'"
        exit 1
        ;;
    services)
        services_present && exit 0
        # shellcheck disable=SC2086 # a list of words
        if may_install && apt_install $SERVICE_PACKAGES && services_present; then
            exit 0
        fi
        say "note: PostgreSQL/PostGIS or HAProxy missing, so the backend and cluster tests cannot run here:" \
            "run '$(sudo_hint)apt-get install -y $SERVICE_PACKAGES'"
        exit 0
        ;;
    *)
        say "usage: $0 browser|check|fonts|services|venv [PYTHON]"
        exit 2
        ;;
esac
