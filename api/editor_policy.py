"""The query page's Content-Security-Policy when the editor (YASGUI) is installed: the site's policy plus the
hashes of the few fixed stylesheets the editor's table writes into `<style>` elements, and nothing else.

The result table's column resizer (a library bundled in YASGUI) adds one fixed stylesheet when a table is drawn
and one fixed cursor rule while a column is dragged. Their text is read from the installed file itself, so the
hashes follow the locked version; no 'unsafe-inline', no 'unsafe-eval'. A rule this misses is blocked, not
allowed (the browser tests then report the violation).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .http_headers import PAGE_POLICY, policy_for

# `createStyle(head, `…`)`: the resizer's stylesheet, a template literal without substitutions.
_FIXED_STYLE = re.compile(r"createStyle\([\w.]+,`([^`$]*)`\)")
# `createStyle(…, `*{cursor:`+n.opt.dragCursor+`!important}`)` with the option's default `dragCursor:`col-resize``.
_DRAG_RULE = re.compile(r"createStyle\([^,]+,`(\*\{cursor:)`\+[\w.]+\.dragCursor\+`(!important\})`\)")
_DRAG_DEFAULT = re.compile(r"dragCursor:`([\w-]+)`")


def editor_styles(script: str) -> list[str]:
    """The fixed stylesheets the editor's script writes into the page."""
    styles = _FIXED_STYLE.findall(script)
    drag, default = _DRAG_RULE.search(script), _DRAG_DEFAULT.search(script)
    if drag and default:
        styles.append(drag.group(1) + default.group(1) + drag.group(2))
    return styles


@lru_cache(maxsize=4)
def _policy(path: Path, mtime_ns: int) -> str:
    styles = editor_styles(path.read_text(encoding="utf-8"))
    return policy_for("".join(f"<style>{css}</style>" for css in styles))


def editor_policy(script: Path) -> str:
    """The policy for the query page with the editor at `script`; the site's own if it is not installed."""
    try:
        return _policy(script, script.stat().st_mtime_ns)
    except OSError:
        return PAGE_POLICY
