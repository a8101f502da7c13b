#!/usr/bin/env python3
"""Replaces the text between <!-- NAME:begin --> and <!-- NAME:end --> in bench/README.md with a file's content.

Usage: readme-section.py NAME FILE. The result scripts (process.sh, bigmodule.sh, arm-tiers.sh, run.sh tiers)
call it so that README shows exactly the last run's tables; everything outside the markers is left alone.
"""
import pathlib
import sys

name, source = sys.argv[1], pathlib.Path(sys.argv[2])
readme = pathlib.Path(__file__).resolve().parent / "README.md"
text = readme.read_text()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
b, e = text.find(begin), text.find(end)
if b < 0 or e < b:
    sys.exit(f"readme-section.py: {readme} has no {begin} ... {end} section")
readme.write_text(text[: b + len(begin)] + "\n" + source.read_text().rstrip("\n") + "\n" + text[e:])
print(f"wrote the {name} section of {readme}")
