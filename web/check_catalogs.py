#!/usr/bin/env python3
"""Check the message catalogs and the templates that use them.

Run from anywhere:  python3 web/check_catalogs.py
Exit status 0 when everything is fine, 1 otherwise.

Checks:
  1. web/i18n/ja.toml and en.toml parse, and every leaf value is a non-empty string.
  2. Both catalogs have exactly the same set of keys.
  3. For every key, both languages use the same {placeholder} names.
  4. Every t("...") key used in web/templates exists in both catalogs.
     Dynamic keys such as t("verification.level." ~ level ~ ".name") are expanded
     when the template names the possible values in a literal list
     (`for level in [...]` or `level in [...]`); otherwise their literal prefix
     must at least be a table in both catalogs.
  5. Every placeholder of a literally-keyed message is passed as a keyword
     argument, and every keyword argument is used by the message.
  6. Templates contain nothing the Content Security Policy forbids
     (inline scripts, inline event handlers, style attributes) and no |safe.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

WEB = Path(__file__).resolve().parent
LANGS = ("ja", "en")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

errors: list[str] = []


def error(msg: str) -> None:
    errors.append(msg)


def flatten(table: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = value
    return out


def tables(table: dict, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in table.items():
        if isinstance(value, dict):
            path = f"{prefix}{key}"
            out.add(path)
            out |= tables(value, path + ".")
    return out


def load_catalogs() -> tuple[dict[str, dict[str, object]], dict[str, set[str]]]:
    flat: dict[str, dict[str, object]] = {}
    tabs: dict[str, set[str]] = {}
    for lang in LANGS:
        path = WEB / "i18n" / f"{lang}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            error(f"{path.name}: cannot parse: {exc}")
            continue
        flat[lang] = flatten(data)
        tabs[lang] = tables(data)
        for key, value in flat[lang].items():
            if not isinstance(value, str):
                error(f"{lang}.toml: {key} is {type(value).__name__}, expected a string")
            elif not value.strip():
                error(f"{lang}.toml: {key} is empty")
    return flat, tabs


def compare_catalogs(flat: dict[str, dict[str, object]]) -> None:
    ja, en = set(flat["ja"]), set(flat["en"])
    for key in sorted(ja - en):
        error(f"key only in ja.toml: {key}")
    for key in sorted(en - ja):
        error(f"key only in en.toml: {key}")
    for key in sorted(ja & en):
        pj = set(PLACEHOLDER.findall(str(flat["ja"][key])))
        pe = set(PLACEHOLDER.findall(str(flat["en"][key])))
        if pj != pe:
            error(f"{key}: placeholders differ: ja {sorted(pj)} / en {sorted(pe)}")


# ---- template scanning -------------------------------------------------------

STRING = re.compile(r"""("([^"\\]|\\.)*"|'([^'\\]|\\.)*')""")


def find_calls(src: str) -> list[tuple[int, str]]:
    """Return (line, argument text) for every t(...) call."""
    calls = []
    for m in re.finditer(r"(?<![\w.])t\(", src):
        i, depth, quote = m.end(), 1, None
        while i < len(src) and depth:
            ch = src[i]
            if quote:
                if ch == "\\":
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            i += 1
        calls.append((src.count("\n", 0, m.start()) + 1, src[m.end() : i - 1]))
    return calls


def split_top(args: str) -> list[str]:
    parts, depth, quote, cur = [], 0, None, ""
    for idx, ch in enumerate(args):
        if quote:
            cur += ch
            if ch == quote and args[idx - 1] != "\\":
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def literal_values(src: str, var: str) -> list[str] | None:
    """Values of `var` when the template lists them: `for var in [...]` or `var in [...]`."""
    pattern = rf"(?:for\s+)?{re.escape(var)}\s+in\s+\[([^\]]*)\]"
    values: list[str] = []
    for m in re.finditer(pattern, src):
        values += [s[1:-1] for s, *_ in STRING.findall(m.group(1))]
    return values or None


def check_templates(flat: dict[str, dict[str, object]], tabs: dict[str, set[str]]) -> int:
    used = 0
    for path in sorted((WEB / "templates").rglob("*.html")):
        rel = path.relative_to(WEB)
        raw = path.read_text(encoding="utf-8")
        # Drop {# comments #}, keeping line numbers.
        src = re.sub(r"\{#.*?#\}", lambda m: "\n" * m.group(0).count("\n"), raw, flags=re.S)
        for line, args in find_calls(src):
            parts = split_top(args)
            if not parts:
                error(f"{rel}:{line}: t() without a key")
                continue
            key_expr, kwargs = parts[0], parts[1:]
            kw_names = set()
            for kw in kwargs:
                m = re.match(r"([A-Za-z_]\w*)\s*=", kw)
                if not m:
                    error(f"{rel}:{line}: t() takes only keyword arguments after the key: {kw!r}")
                else:
                    kw_names.add(m.group(1))
            pieces = [p.strip() for p in key_expr.split("~")]
            if len(pieces) == 1:
                if not STRING.fullmatch(pieces[0]):
                    error(f"{rel}:{line}: cannot read the key of t({args})")
                    continue
                keys = [pieces[0][1:-1]]
            else:
                # Expand "prefix" ~ var ~ "suffix" using literal lists in the template.
                keys = [""]
                prefix_only = None
                for piece in pieces:
                    if STRING.fullmatch(piece):
                        keys = [k + piece[1:-1] for k in keys]
                    else:
                        values = literal_values(src, piece)
                        if values is None:
                            prefix_only = keys[0]
                            break
                        keys = [k + v for k in keys for v in values]
                if prefix_only is not None:
                    table = prefix_only.rstrip(".")
                    for lang in LANGS:
                        if table not in tabs.get(lang, set()):
                            error(f"{rel}:{line}: dynamic key prefix {table!r} is not a table in {lang}.toml")
                    used += 1
                    continue
            for key in keys:
                used += 1
                for lang in LANGS:
                    if key not in flat.get(lang, {}):
                        error(f"{rel}:{line}: key {key!r} missing from {lang}.toml")
                        continue
                    wanted = set(PLACEHOLDER.findall(str(flat[lang][key])))
                    for name in sorted(wanted - kw_names):
                        error(f"{rel}:{line}: {key} needs {name}=… ({lang})")
                    for name in sorted(kw_names - wanted):
                        error(f"{rel}:{line}: {key} does not use {name}= ({lang})")

        # Things the CSP (or safe output) forbids.
        for n, text in enumerate(src.splitlines(), 1):
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I):
                error(f"{rel}:{n}: inline <script> (the CSP forbids it)")
            if re.search(r"\son[a-z]+\s*=", text, re.I):
                error(f"{rel}:{n}: inline event handler (the CSP forbids it)")
            if re.search(r"\sstyle\s*=", text, re.I) or re.search(r"<style[\s>]", text, re.I):
                error(f"{rel}:{n}: inline style (the CSP forbids it)")
            if re.search(r"\|\s*safe\b", text):
                error(f"{rel}:{n}: |safe disables escaping")
    return used


def main() -> int:
    flat, tabs = load_catalogs()
    if set(flat) == set(LANGS):
        compare_catalogs(flat)
        used = check_templates(flat, tabs)
    else:
        used = 0
    if errors:
        for msg in errors:
            print(f"error: {msg}", file=sys.stderr)
        print(f"{len(errors)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(flat['ja'])} keys in each catalog, {used} template key uses checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
