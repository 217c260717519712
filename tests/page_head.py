"""The one script element a page holds: its JSON-LD, data for search engines that never runs.

Tests that look for script elements from content take it out first, once it is seen to be what
it claims: one element, of type application/ld+json, whose text is JSON with no `<`, `>` or `&`.
"""

from __future__ import annotations

import json
import re

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>\n', re.S)


def split_json_ld(html: str) -> tuple[dict, str]:
    """The page's JSON-LD, and the page without it."""
    found = JSON_LD.findall(html)
    assert len(found) == 1, f"{len(found)} JSON-LD elements"
    text = found[0]
    assert not set(text) & set("<>&"), text
    return json.loads(text), JSON_LD.sub("", html, count=1)
