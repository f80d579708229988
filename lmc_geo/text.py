"""Text shown as typed: one escaper per renderer (HTML blocks, markdown, SVG, plotly) and the
spreadsheet formula guard used by every export and undone by the import.

Data text (a station, dam or project name, a note, a source) can hold anything a spreadsheet
holds, including ``<script>`` or ``=HYPERLINK(...)``: every renderer takes it through one of
these functions and never as markup.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

#: Characters that make a spreadsheet read a text cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_MD_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\`\x00-\x1f\x7f]")


def raw_html_text(text) -> str:
    """Text escaped for a raw HTML block shown through markdown (cards, server-drawn charts).

    ``$`` is written as an entity: the page would otherwise load its maths renderer for it.

    >>> raw_html_text('<b title="x">5 $</b>')
    '&lt;b title=&quot;x&quot;&gt;5 &#36;&lt;/b&gt;'
    """
    return html.escape(str(text), quote=True).replace("$", "&#36;")


def facts_html(facts: list[tuple[str, str]]) -> str:
    """A card's facts as one HTML table on one line: every label and value escaped, line breaks
    as ``<br>`` (so the table stays one raw HTML block for the markdown renderer).

    >>> html_table = facts_html([("Name", "<img src=x onerror=alert(1)>"), ("Note", "a\\n\\nb")])
    >>> html_table.startswith('<table class="lmc-facts"><tbody><tr><th scope="row">Name</th>')
    True
    >>> html_table.split("</tr>")[0].split("<td>")[1], html_table.split("</tr>")[1]
    ('&lt;img src=x onerror=alert(1)&gt;</td>', '<tr><th scope="row">Note</th><td>a<br><br>b</td>')
    """
    def cell(text) -> str:
        return re.sub(r"[ \t]*(\r\n?|\n)[ \t]*", "<br>", raw_html_text(text))

    rows = "".join(f'<tr><th scope="row">{cell(label)}</th><td>{cell(value)}</td></tr>' for label, value in facts)
    return f'<table class="lmc-facts"><tbody>{rows}</tbody></table>'


def md_text(text) -> str:
    r"""Text for a Markdown renderer that shows it literally.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all
    of them), so nothing becomes emphasis, a link, an autolinked URL, an emoji code or
    HTML: a name like ``<img src=x onerror=...>`` or ``[a](javascript:...)`` shows as typed.

    >>> md_text("<b>x</b> www.a.org")
    '\\<b\\>x\\<\\/b\\> www\\.a\\.org'
    """
    return "".join("\\" + ch if ch in _MD_PUNCTUATION else ch for ch in str(text))


def svg_text(text) -> str:
    """Text safe inside an SVG element or a quoted attribute, on one line (a blank line would end
    the raw HTML block the chart is shown in).

    Escaped by :func:`raw_html_text` (``$`` too).

    >>> svg_text('<b onclick="x">A & B</b>'), svg_text("a\\n\\nb $5")
    ('&lt;b onclick=&quot;x&quot;&gt;A &amp; B&lt;/b&gt;', 'a b &#36;5')
    """
    return " ".join(raw_html_text(text).split())


def svg_tip(text) -> str:
    """A tooltip (``<title>``) text: :func:`svg_text` per line, lines kept, blank lines dropped.

    >>> svg_tip("Jinghong (China)\\n\\n1,750 MW <b>")
    'Jinghong (China)\\n1,750 MW &lt;b&gt;'
    """
    return "\n".join(svg_text(line) for line in str(text).splitlines() if line.strip())


def plot_text(text) -> str:
    """Text plotly shows as typed: ``&``, ``<`` and ``>`` escaped (plotly decodes the entities).

    >>> plot_text('<a href="x">Pakse</a> & co')
    '&lt;a href="x"&gt;Pakse&lt;/a&gt; &amp; co'
    """
    return html.escape(str(text), quote=False)


def hover_text(text) -> str:
    """:func:`plot_text` for a hover template, where ``%`` would start a ``%{...}`` field.

    >>> hover_text("50%{y} <b>")
    '50&#37;{y} &lt;b&gt;'
    """
    return plot_text(text).replace("%", "&#37;")


def safe_url(url: Any) -> str | None:
    """The URL if it is a plain http(s) address, else ``None``.

    Examples
    --------
    >>> safe_url(" https://www.lmcwater.org.cn/ ")
    'https://www.lmcwater.org.cn/'
    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url("data:text/html,hi") is None, safe_url("http://") is None
    (True, True)
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def guard_formula(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in one text cell (every export uses it).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
    Excel, LibreOffice and Google Sheets as a formula; a leading single quote makes it
    plain text. Other values (numbers, empty cells) are returned unchanged.
    :func:`unguard_formula` undoes it on import.

    Examples
    --------
    >>> guard_formula("=HYPERLINK(\\"http://x\\")"), guard_formula("@SUM(A1)"), guard_formula("Dam safety")
    ('\\'=HYPERLINK("http://x")', "'@SUM(A1)", 'Dam safety')
    >>> guard_formula(12.5)
    12.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unguard_formula(value: Any) -> Any:
    """Undo :func:`guard_formula`: drop the one leading quote written before a formula character.

    So an export loads back to the values it was made from. Only a single quote directly
    followed by ``=``, ``+``, ``-``, ``@``, tab or carriage return is dropped.

    Examples
    --------
    >>> unguard_formula("'=1+1"), unguard_formula("'-5 % loss"), unguard_formula("'quoted'")
    ('=1+1', '-5 % loss', "'quoted'")
    """
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def shown_value(value, limit: int = 60) -> str:
    """A value from a link or a file as a message may quote it: at most ``limit`` characters.

    >>> shown_value("x" * 10_000)[-3:], len(shown_value("x" * 10_000)), shown_value("011901")
    ('xx…', 61, '011901')
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
