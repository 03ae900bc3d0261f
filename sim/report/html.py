"""The pack as one self-contained HTML file: the same pages, readable on a phone, nothing fetched.

Charts are inline SVG with their text kept as text (searchable, sharp at any zoom), each
named for screen readers by its finding; they scale to the screen's width. A table of
scenarios is written twice: as on paper (a column a scenario) for wide screens, and with
the scenarios as rows for a phone, where a column a scenario would not fit; CSS shows one.
Every string is escaped, and marked ``dir="auto"`` so that a right-to-left name reads right.
"""

from __future__ import annotations

import re

from ..escape import html_text

STYLE = """
body{font-family:"DejaVu Sans",Verdana,system-ui,sans-serif;margin:0 auto;max-width:75rem;padding:0 1rem 3rem;
line-height:1.45;color:#111;background:#fff;overflow-wrap:anywhere}
header{border-bottom:1px solid #ccc;padding:.8rem 0;color:#555;font-size:.85rem}
nav ol{padding-left:1.2rem;font-size:.9rem}
section{border-top:2px solid #222;margin-top:2rem}
h1{font-size:1.5rem;margin:.8rem 0}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.sentences li{font-size:1.1rem;margin:.4rem 0}
.note,.tablenote{color:#555;font-size:.85rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;width:100%}
table.narrow{display:none}
table.narrow th[scope=rowgroup]{padding-top:.9rem;border-bottom:2px solid #222}
table.narrow td{text-align:left}
@media (max-width:48rem){table.wide{display:none}table.narrow{display:table}}
th,td{padding:.3rem .45rem;border-bottom:1px solid #ccc;vertical-align:top}
th{text-align:left;border-bottom:2px solid #222}
td.figure{text-align:right}
td.figure small{display:block;color:#555;white-space:normal}
figure{margin:1rem 0}
figure svg{width:100%;height:auto;display:block}
figure.phone{display:none}
@media (max-width:48rem){figure.wide{display:none}figure.phone{display:block}}
section.columns{columns:2 28rem;column-gap:2rem}
section.columns h1{column-span:all}
ul li{margin:.2rem 0}
footer{color:#555;font-size:.8rem;margin-top:2rem}
"""


def text(value: str) -> str:
    return html_text(value)


def inline_svg(chart, name: str = "") -> str:
    """The chart's SVG for inlining: no prologue or metadata, scaled to the column, ids made its own, named
    (``name``) for screen readers."""
    svg = chart.svg.decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
    prefix = f"{chart.kind.replace('@', '-')}-"
    svg = svg.replace('id="', f'id="{prefix}').replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    label = text(name or chart.kind)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return re.sub(r"(<svg [^>]*>)", lambda m: f"{m.group(1)}<title>{label}</title>", svg, count=1)


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
        return table(b)
    if kind == "chart":
        chart = next(c for c in charts.values() if c.file == b["file"])
        kind, _, part = chart.kind.partition("-")  # "fan-2": the second part of a chart split across pages
        phone = charts.get(f"{kind}@phone")  # one figure for a phone, of every scenario: with the first part
        if phone is None:
            return f'<figure>{inline_svg(chart, b.get("name", ""))}</figure>'
        wide = f'<figure class="wide">{inline_svg(chart, b.get("name", ""))}</figure>'
        return wide if part else wide + f'<figure class="phone">{inline_svg(phone, phone.title)}</figure>'

    raise ValueError(kind)


def cell(parts: list[str]) -> str:
    """A figure, then its grey lines (the range over assumptions, the difference)."""
    return text(parts[0]) + "".join(f"<small>{text(line)}</small>" for line in parts[1:] if line)


def table(b: dict) -> str:
    """A table as on paper (a column a scenario) and, for a phone, with the scenarios as rows."""
    head = "".join(f'<th scope="col" dir="auto">{text(h)}</th>' for h in b["header"])
    rows = "".join(f'<tr><th scope="row" dir="auto">{text(row["label"])}</th>'
                   + "".join(f'<td class="figure">{cell(c)}</td>' for c in row["cells"]) + "</tr>" for row in b["rows"])
    title = f'<h2 dir="auto">{text(b["title"])}</h2>' if b.get("title") else ""
    wide = f'<div class="scroll"><table class="wide"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    columns = b["header"][1:]
    groups = "".join(
        f'<tbody><tr><th scope="rowgroup" colspan="2" dir="auto">{text(column)}</th></tr>'
        + "".join(f'<tr><th scope="row" dir="auto">{text(row["label"])}</th><td class="figure">{cell(row["cells"][k])}</td></tr>'
                  for row in b["rows"]) + "</tbody>"
        for k, column in enumerate(columns))
    narrow = f'<table class="narrow">{groups}</table>'
    note = f'<p class="tablenote" dir="auto">{text(b["note"])}</p>' if b.get("note") else ""
    return title + wide + narrow + note


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
