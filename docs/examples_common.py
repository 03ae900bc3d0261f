"""What the scripts that write the docs' worked examples share (docs/drivers_examples.py, docs/examples_build.py).

Each script runs the commands its page shows, keeps their reports in docs/data/, and rewrites the
page's `<!-- example:NAME -->` ... `<!-- /example:NAME -->` blocks from the kept reports. This module
runs a command as a reader would type it (in a scratch folder that sees the repository's
`scenarios/`, so the paths it prints are the page's paths), fills the blocks, and writes files
atomically.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = "100"  # the width the pages' output blocks are printed at
CHART_DATE = "1735689600"  # SOURCE_DATE_EPOCH for the charts' footer (1 Jan 2025): the same bytes every day


@contextmanager
def ran(command: str) -> Iterator[tuple[str, Path]]:
    """Run ``command`` (``ceasefire-sim ...`` as a page shows it, with this repository's code) in a scratch
    folder where ``scenarios/`` is the repository's; yield its standard output and the folder (its ``--out``
    files are there, under the path the command names). A failing command stops the script."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "scenarios").symlink_to(ROOT / "scenarios", target_is_directory=True)
        environment = {**os.environ, "COLUMNS": COLUMNS, "SOURCE_DATE_EPOCH": CHART_DATE,
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-m", "sim", *command.split()[1:]], cwd=folder, env=environment,
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{command}\nfailed with exit code {done.returncode}:\n{done.stderr}")
        yield done.stdout, Path(folder)


def out_folder(command: str) -> str:
    """The folder a command's ``--out`` names."""
    words = command.split()
    return words[words.index("--out") + 1]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``path`` whole or not at all: a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(staged, 0o666 & ~mask)  # as a file written the ordinary way (mkstemp makes it private)
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def filled(page: str, page_path: Path, blocks: dict[str, Callable[[], str]]) -> str:
    """``page`` with each `<!-- example:NAME -->` block's text replaced by ``blocks[NAME]()``."""
    for name, render in blocks.items():
        block = re.compile(rf"(<!-- example:{re.escape(name)} -->\n).*?(<!-- /example:{re.escape(name)} -->)", re.S)
        if not block.search(page):
            raise SystemExit(f"{page_path}: no <!-- example:{name} --> ... <!-- /example:{name} --> block")
        text = render()
        page = block.sub(lambda m: m.group(1) + text + "\n" + m.group(2), page)
    return page
