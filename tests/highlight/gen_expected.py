#!/usr/bin/env python3
"""Writes what Pygments makes of each snippet, for the differential test.

For every file in tests/highlight/snippets/ this writes
tests/highlight/expected/<stem>.tokens: one line per Pygments token, its type and its
text, tab-separated, the text escaped (backslash, tab, newline and carriage return as
\\\\, \\t, \\n, \\r). The expected files are checked in, so the Rust test
(tests/highlight/mod.rs) and CI need no Python; run this again only when a snippet
changes or Pygments is upgraded on purpose:

    tests/highlight/gen_expected.py

It makes a virtual environment under target/ with the pinned Pygments the first time,
and re-runs itself inside it.
"""

import os
import subprocess
import sys
from pathlib import Path

PYGMENTS = "2.21.0"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV = ROOT / "target" / "pygments-venv"

# The file stem is Bulletin's language name; the value is Pygments' lexer for it.
LEXERS = {
    "python": "python",
    "pycon": "pycon",
    "console": "console",
    "bash": "bash",
    "powershell": "powershell",
    "rust": "rust",
    "c": "c",
    "cpp": "cpp",
    "go": "go",
    "javascript": "javascript",
    "typescript": "typescript",
    "json": "json",
    "yaml": "yaml",
    "toml": "toml",
    "ini": "ini",
    "html": "html",
    "css": "css",
    "sql": "sql",
    "diff": "diff",
    "markdown": "markdown",
    "dockerfile": "docker",
    "makefile": "make",
}


def in_venv():
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"pygments=={PYGMENTS}"], check=True
    )
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def escape(text):
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def main():
    in_venv()
    import pygments
    from pygments.lexers import get_lexer_by_name

    assert pygments.__version__ == PYGMENTS, pygments.__version__
    out_dir = HERE / "expected"
    out_dir.mkdir(exist_ok=True)
    snippets = sorted((HERE / "snippets").iterdir())
    for path in snippets:
        stem = path.name.split(".")[0]
        text = path.read_text(encoding="utf-8")
        # Keep the text exactly: no newline added or stripped, tabs kept.
        lexer = get_lexer_by_name(
            LEXERS[stem], stripnl=False, stripall=False, ensurenl=False, tabsize=0
        )
        tokens = list(lexer.get_tokens(text))
        assert "".join(v for _, v in tokens) == text, f"{path.name}: text changed"
        lines = [
            f"# Pygments {PYGMENTS}, lexer {LEXERS[stem]!r}, from snippets/{path.name}:"
            " written by gen_expected.py, do not edit"
        ]
        lines += [f"{str(t)[len('Token.'):] or 'Token'}\t{escape(v)}" for t, v in tokens if v]
        (out_dir / f"{stem}.tokens").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{stem}: {len(tokens)} tokens")


if __name__ == "__main__":
    main()
