"""The pack's HTML as a reader sees it, in a real headless browser, on a phone and on a desktop (run on demand).

    python benchmarks/html_screens.py DIR/brief.html [--shots DIR]

Opens the page at 390 px (a phone) and 1280 px (a desktop) wide in headless Chromium (Playwright, with the
system's browser: ``--browser /usr/bin/chromium``; nothing is downloaded) and checks what a reader would
notice: nothing wider than the screen (no sideways scrolling of the page, no table or chart cut at the
right), every chart scaled to the screen with its smallest text at least 9 px tall, every chart named for
a screen reader, and the key-figure table with its scenarios as rows on the phone and as columns on the
desktop. Prints one line a check and exits 1 if any fails; ``--shots`` saves a screenshot of each width.
"""

from __future__ import annotations

import argparse
import os
import sys

WIDTHS = {"phone": 390, "desktop": 1280}
SMALLEST_TEXT_PX = 9.0

MEASURE = """() => {
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).display !== 'none';
  const page = document.documentElement;
  const svgs = [...document.querySelectorAll('figure svg')].filter(shown);
  const texts = svgs.flatMap(svg => [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()))
    .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
  const tables = [...document.querySelectorAll('table')].filter(shown);
  return {
    overflow: page.scrollWidth - page.clientWidth,
    charts: svgs.length,
    widest_chart: Math.max(0, ...svgs.map(s => s.getBoundingClientRect().right)),
    smallest_text: texts.length ? Math.min(...texts) : 0,
    unnamed: svgs.filter(s => !(s.getAttribute('aria-label') || '').trim()).length,
    wide_tables: tables.filter(t => t.classList.contains('wide')).length,
    narrow_tables: tables.filter(t => t.classList.contains('narrow')).length,
    widest_table: Math.max(0, ...tables.map(t => t.getBoundingClientRect().right)),
    screen: page.clientWidth,
  };
}"""


def measure(path: str, browser_path: str, shots: str | None) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            for name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto("file://" + os.path.abspath(path))
                out[name] = page.evaluate(MEASURE)
                if shots:
                    page.screenshot(path=os.path.join(shots, f"{name}.png"), full_page=True)
                page.close()
        finally:
            browser.close()
    return out


def failures(found: dict[str, dict]) -> list[str]:
    """What a reader would notice, in words (empty: all is well)."""
    out = []
    for name, m in found.items():
        if m["overflow"] > 1:
            out.append(f"{name}: the page scrolls sideways by {m['overflow']} px")
        if m["widest_chart"] > m["screen"] + 1 or m["widest_table"] > m["screen"] + 1:
            out.append(f"{name}: a chart or table runs past the right edge")
        if m["charts"] and m["smallest_text"] < SMALLEST_TEXT_PX:
            out.append(f"{name}: chart text as small as {m['smallest_text']:.1f} px (at least {SMALLEST_TEXT_PX} wanted)")
        if m["unnamed"]:
            out.append(f"{name}: {m['unnamed']} charts without a name for screen readers")
    if found["phone"]["wide_tables"] or not found["phone"]["narrow_tables"]:
        out.append("phone: tables should show the scenarios as rows")
    if found["desktop"]["narrow_tables"] or not found["desktop"]["wide_tables"]:
        out.append("desktop: tables should show a column a scenario")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html")
    parser.add_argument("--browser", default="/usr/bin/chromium")
    parser.add_argument("--shots", default=None, help="folder for a full-page screenshot at each width")
    args = parser.parse_args()
    found = measure(args.html, args.browser, args.shots)
    for name, m in found.items():
        print(f"{name:>8} {m['screen']:>5} px: {m['charts']} charts, smallest chart text {m['smallest_text']:.1f} px, "
              f"sideways overflow {m['overflow']} px, tables wide/narrow {m['wide_tables']}/{m['narrow_tables']}, "
              f"unnamed charts {m['unnamed']}")
    problems = failures(found)
    for problem in problems:
        print("FAIL", problem)
    print("ok" if not problems else f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
