"""The pack as one self-contained HTML file: the same pages, readable on a phone, nothing fetched.

Charts are inline SVG with their text kept as text (searchable, read aloud, sharp at
any zoom; on a phone they keep a readable width and scroll sideways, as the tables
do); every
string is escaped, and marked ``dir="auto"`` so that a right-to-left name reads right.
"""

from __future__ import annotations

import re

from ..escape import html_text

STYLE = """
body{font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;margin:0 auto;max-width:62rem;padding:0 1rem 3rem;
line-height:1.45;color:#111;background:#fff}
header{border-bottom:1px solid #ccc;padding:.8rem 0;color:#555;font-size:.85rem}
nav ol{padding-left:1.2rem;font-size:.9rem}
section{border-top:2px solid #222;margin-top:2rem}
h1{font-size:1.5rem;margin:.8rem 0}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.sentences li{font-size:1.1rem;margin:.4rem 0}
.note,.tablenote{color:#555;font-size:.85rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;min-width:100%}
th,td{padding:.3rem .45rem;border-bottom:1px solid #ccc;vertical-align:top}
th{text-align:left;border-bottom:2px solid #222}
td.figure{text-align:right;white-space:nowrap}
td.figure small{display:block;color:#555;white-space:normal}
figure{margin:1rem 0;overflow-x:auto}
figure svg{width:100%;min-width:38rem;height:auto}
section.columns{columns:2 28rem;column-gap:2rem}
section.columns h1{column-span:all}
ul li{margin:.2rem 0}
footer{color:#555;font-size:.8rem;margin-top:2rem}
"""


def text(value: str) -> str:
    return html_text(value)


def inline_svg(chart) -> str:
    """The chart's SVG for inlining: no prologue or metadata, scaled to the column, ids made its own."""
    svg = chart.svg.decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
    prefix = f"{chart.kind}-"
    svg = svg.replace('id="', f'id="{prefix}').replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    return svg.replace("<svg ", '<svg role="img" ', 1)


def block(b: dict, charts: dict) -> str:
    kind = b["kind"]
    if kind == "sentences":
        return '<ul class="sentences">' + "".join(f'<li dir="auto">{text(s)}</li>' for s in b["items"]) + "</ul>"
    if kind == "heading":
        return f'<h2 dir="auto">{text(b["text"])}</h2>'
    if kind in ("text", "note"):
        return f'<p class="{kind}" dir="auto">{text(b["text"])}</p>'
    if kind == "bullets":
        return "<ul>" + "".join(f'<li dir="auto">{text(s)}</li>' for s in b["items"]) + "</ul>"
    if kind == "table":
        head = "".join(f'<th scope="col" dir="auto">{text(h)}</th>' for h in b["header"])
        rows = []
        for row in b["rows"]:
            cells = "".join(f'<td class="figure">{text(main)}' + (f"<small>{text(sub)}</small>" if sub else "")
                            + "</td>" for main, sub in row["cells"])
            rows.append(f'<tr><th scope="row" dir="auto">{text(row["label"])}</th>{cells}</tr>')
        note = f'<p class="tablenote" dir="auto">{text(b["note"])}</p>' if b.get("note") else ""
        return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{note}'
    if kind == "chart":
        chart = next(c for c in charts.values() if c.file == b["file"])
        return f"<figure>{inline_svg(chart)}</figure>"
    raise ValueError(kind)


def render(document: dict, charts: dict) -> str:
    """The HTML page of a pack's :func:`sim.report.pack.document` and its charts."""
    pages = document["pages"]
    contents = "".join(f'<li><a href="#page-{i + 1}">{text(p["title"])}</a></li>' for i, p in enumerate(pages))
    sections = "".join(f'<section id="page-{i + 1}"' + (' class="columns"' if p.get("columns", 1) > 1 else "")
                       + f'><h1 dir="auto">{text(p["title"])}</h1>'
                       + "".join(block(b, charts) for b in p["blocks"]) + "</section>"
                       for i, p in enumerate(pages))
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{text(document["title"])}</title>'
            f'<meta name="description" content="{text(document["subject"])}">'
            f"<style>{STYLE}</style></head><body>"
            f'<header>{text(document["title"])} · {text(document["made"])}</header>'
            f"<nav><ol>{contents}</ol></nav>{sections}"
            f'<footer>{text(document["footer"])}</footer></body></html>\n')
