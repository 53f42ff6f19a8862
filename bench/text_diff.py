"""Diff the visible text of two builds of the sample reports, and say why each difference is there.

Issue 13, "Done when": the visible text of every sample report (HTML body and PDF text) is
identical before and after a refactor, except where a bug is fixed. This script takes two output
folders (one built from the base commit, one from the refactored tree), pairs the reports by
relative path (YEAR/SLUG/bao-cao-cchc-SLUG-YEAR.html and .pdf), extracts the text a reader sees
from each, diffs it, and explains every change hunk with an entry of the reasons file (or marks it
UNEXPLAINED).

Text extraction:
  HTML  the <body> as a browser shows it: <script>, <style>, <head>, <template>, <noscript>
        dropped, and so are elements hidden by the `hidden` attribute, an inline
        `display:none` / `visibility:hidden`, or a rule `display: none` in the document's own
        <style> sheets (screen rules; `@media print` rules are left out). Then one line per
        block element (p, li, h1-h6, td, th, caption, div, ...; <br> breaks a line; inline
        elements such as <strong> stay inside their line; <pre> keeps its line breaks).
  PDF   `pdftotext -layout`: one line per printed line, a table row stays on one line with its
        label (a changed figure shows next to its row and column neighbours; the default
        reading-order mode splits tables into column blocks). Form feeds (page breaks) dropped;
        the page number atop each page is moved to one last line "⟨PDF: N pages; page numbers
        printed: 2 3 ...⟩", so a page break that moves is not a difference, but a page more or
        a numbering change is.
  Both  NFC, every run of whitespace (NBSP included) made one space, lines stripped, empty
        lines dropped.

Reasons file (default bench/text_diff_reasons.yaml, format documented at its top):
  `ignore: true` entries mask VOLATILE fields (build time, commit, input hashes, versions) in
  both builds before the diff; the other entries explain expected changes (bug fixes). A hunk is
  the run of removed lines plus the added lines that replace them (difflib opcodes).

Output: hunks grouped across reports (same medium, same removed/added text once every run of
digits is read as '#'), each with its reason or UNEXPLAINED, the number of reports and their
names; then the reports that differ; then a summary. Exit status 1 if a hunk is unexplained or
a report file exists on one side only, 0 otherwise (2: usage error).

Usage: .venv/bin/python bench/text_diff.py BEFORE_OUTPUT_DIR AFTER_OUTPUT_DIR
           [--reasons bench/text_diff_reasons.yaml] [--json out.json] [--full] [--jobs N]
"""
from __future__ import annotations

import argparse
import difflib
import filecmp
import fnmatch
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

MEDIA = ("html", "pdf")
MASK = "⟨ignored⟩"
DEFAULT_REASONS = Path(__file__).resolve().with_name("text_diff_reasons.yaml")
SHOW_LINES = 8        # lines per side shown for a hunk unless --full
SHOW_CHARS = 220      # characters per line shown unless --full
MAX_GROUPS_PER_FILE = 12   # hunks shown for one report's file (beyond those shared with others) unless --full


# ---- text extraction ---------------------------------------------------------------------------

def norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFC", line).split())


_BLOCK = frozenset("""address article aside blockquote body caption center dd details dialog dir
    div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li
    main menu nav ol option p pre section summary table tbody td tfoot th thead tr ul""".split())
_SKIP = frozenset("script style head template noscript title meta link".split())
_INLINE_HIDDEN = re.compile(r"(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
_BRACE = re.compile(r"[{}]")
_DATA_URI = re.compile(r"""(\s(?:src|href|srcset)\s*=\s*)(["'])data:[^"']*\2""", re.I)
_CSS_DATA_URI = re.compile(r"""url\(\s*(["']?)data:[^"')]*\1\s*\)""", re.I)


def _css_hidden_selectors(css: str, out: list[str]) -> None:
    """Selectors of the rules `display: none` that apply on screen (not in @media print only)."""
    i, n = 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            return
        prelude = css[i:j].rsplit(";", 1)[-1].strip()      # drop `@charset ...;` / `@import ...;`
        depth, k = 1, n
        for b in _BRACE.finditer(css, j + 1):
            depth += 1 if b.group() == "{" else -1
            if not depth:
                k = b.end()
                break
        body, i = css[j + 1:k - 1], k
        if prelude.startswith("@"):
            if prelude.lower().startswith("@media"):
                queries = {q.strip().removeprefix("only ").strip()
                           for q in prelude[6:].lower().split(",")}
                if queries & {"screen", "all", ""}:
                    _css_hidden_selectors(body, out)
            continue                                          # @page, @font-face, ...
        if re.search(r"(^|;)\s*display\s*:\s*none\b", body, re.I):
            out.extend(s.strip() for s in prelude.split(",") if s.strip())


def html_lines(path: str) -> list[str]:
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, PreformattedString, Tag

    text = Path(path).read_text(encoding="utf-8")
    text = _DATA_URI.sub(r'\1""', text)                      # embedded images and fonts:
    text = _CSS_DATA_URI.sub("url()", text)                   # ~2 MB of base64 per report
    soup = BeautifulSoup(text, "html.parser")

    css = re.sub(r"/\*.*?\*/", "", "\n".join(s.get_text() for s in soup.find_all("style")), flags=re.S)
    selectors: list[str] = []
    _css_hidden_selectors(css, selectors)
    hidden: set[int] = set()
    for sel in selectors:
        try:
            hidden.update(id(t) for t in soup.select(sel))
        except Exception:                                     # selector soupsieve cannot evaluate
            pass
    hidden.update(id(t) for t in soup.find_all(hidden=True))
    hidden.update(id(t) for t in soup.find_all(style=_INLINE_HIDDEN))

    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        s = norm("".join(buf))
        buf.clear()
        if s:
            lines.append(s)

    def walk(node: Tag, in_pre: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if isinstance(child, PreformattedString):     # comments, doctype, CDATA
                    continue
                if in_pre:
                    *heads, last = str(child).split("\n")
                    for h in heads:
                        buf.append(h)
                        flush()
                    buf.append(last)
                else:
                    buf.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name in _SKIP or id(child) in hidden:
                    continue
                if name == "br":
                    flush()
                elif name in _BLOCK:
                    flush()
                    walk(child, in_pre or name == "pre")
                    flush()
                else:
                    walk(child, in_pre)

    walk(soup.body or soup, False)
    flush()
    return lines


def pdf_lines(path: str) -> list[str]:
    """Printed lines; the page number heading each page from the 2nd (a line of digits alone, at
    the top in these reports) is taken out of the flow and listed in one last line, so a page
    break that moves does not show as a number jumping between paragraphs; a change in the page
    count or numbering still shows, in that last line."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()                                           # pdftotext ends every page with \f
    lines, numbers = [], []
    for i, page in enumerate(pages):
        ls = [s for s in (norm(raw) for raw in page.splitlines()) if s]
        if i > 0 and ls and re.fullmatch(r"\d{1,4}", ls[0]):
            numbers.append(ls.pop(0))
        lines += ls
    lines.append(f"⟨PDF: {len(pages)} pages; page numbers printed: {' '.join(numbers) or 'none'}⟩")
    return lines


def extract(job: tuple[str, str]) -> list[str]:
    medium, path = job
    return html_lines(path) if medium == "html" else pdf_lines(path)


# ---- reasons -----------------------------------------------------------------------------------

@dataclass
class Entry:
    index: int
    reason: str
    ignore: bool = False
    pattern: re.Pattern | None = None
    follows: re.Pattern | None = None
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    media: tuple[str, ...] = MEDIA
    reports: tuple[str, ...] = ("*",)
    hits: int = 0

    def applies(self, key: str, medium: str) -> bool:
        return medium in self.media and any(fnmatch.fnmatchcase(key, g) for g in self.reports)

    def label(self) -> str:
        return f"#{self.index}"


_KEYS = {"reason", "ignore", "pattern", "follows", "before", "after", "media", "reports"}


def load_reasons(path: Path | None) -> list[Entry]:
    if path is None:
        return []
    raw_text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        raw = json.loads(raw_text)
    else:
        import yaml
        raw = yaml.safe_load(raw_text)
    raw = raw or []
    if isinstance(raw, dict):
        raw = raw.get("entries", [])
    entries = []
    for i, r in enumerate(raw, 1):
        def fail(msg: str):
            print(f"text_diff: {path}: entry {i}: {msg}", file=sys.stderr)
            raise SystemExit(2)
        if not isinstance(r, dict):
            fail("not a mapping")
        if set(r) - _KEYS:
            fail(f"unknown key(s) {sorted(set(r) - _KEYS)}; allowed: {sorted(_KEYS)}")
        if not r.get("reason"):
            fail("no `reason`")

        def rx(k: str) -> re.Pattern | None:
            if r.get(k) is None:
                return None
            try:
                return re.compile(str(r[k]))
            except re.error as e:
                fail(f"`{k}` is not a valid regex: {e}")

        media = r.get("media", list(MEDIA))
        media = (media,) if isinstance(media, str) else tuple(media)
        if set(media) - set(MEDIA):
            fail(f"media must be among {MEDIA}")
        reports = r.get("reports", ["*"])
        reports = (reports,) if isinstance(reports, str) else tuple(reports)
        e = Entry(i, str(r["reason"]).strip(), bool(r.get("ignore")), rx("pattern"), rx("follows"),
                  rx("before"), rx("after"), media, reports)
        if e.ignore and (e.pattern is None or e.before or e.after):
            fail("an `ignore` entry needs `pattern` (and no before/after)")
        if not e.ignore and (e.pattern or e.follows):
            fail("`pattern`/`follows` are for `ignore: true` entries; use before/after")
        if not e.ignore and e.before is None and e.after is None:
            fail("needs `before` and/or `after`")
        entries.append(e)
    return entries


def mask(lines: list[str], ignores: list[Entry]) -> tuple[list[str], int]:
    """Volatile parts of lines replaced by MASK; `follows` is tested on the unmasked line above."""
    out, n_masked, prev = [], 0, None
    for line in lines:
        new = line
        for e in ignores:
            if e.follows is not None and (prev is None or not e.follows.search(prev)):
                continue
            new, n = e.pattern.subn(MASK, new)
            if n:
                e.hits += 1
        n_masked += new != line
        out.append(new)
        prev = line
    return out, n_masked


# ---- diff --------------------------------------------------------------------------------------

@dataclass
class Hunk:
    removed: list[str]
    added: list[str]
    at_before: int            # 1-based line of the first removed line (or where lines were added)
    at_after: int
    context: str              # the unchanged line just above, as a landmark
    entry: Entry | None = None
    note: str = ""
    group: int = 0

    def signature(self, medium: str) -> tuple:
        digits = lambda ls: tuple(re.sub(r"\d+", "#", s) for s in ls)
        return (medium, self.entry.index if self.entry else None, digits(self.removed), digits(self.added))


def diff(a: list[str], b: list[str]) -> list[Hunk]:
    hunks = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            hunks.append(Hunk(a[i1:i2], b[j1:j2], i1 + 1, j1 + 1, a[i1 - 1] if i1 else "(top)"))
    return hunks


def explain(h: Hunk, entries: list[Entry], key: str, medium: str) -> Entry | None:
    for e in entries:
        if e.ignore or not e.applies(key, medium):
            continue
        if (e.before is None and h.removed) or (e.after is None and h.added):
            continue
        by_line = (all(e.before.search(s) for s in h.removed) if h.removed else True) and \
                  (all(e.after.search(s) for s in h.added) if h.added else True)
        joined = medium == "pdf" and \
            (not h.removed or bool(e.before.search(" ".join(h.removed)))) and \
            (not h.added or bool(e.after.search(" ".join(h.added))))
        if by_line or joined:
            e.hits += 1
            return e
    return None


# ---- display -----------------------------------------------------------------------------------

def cut(s: str, full: bool, n: int = SHOW_CHARS) -> str:
    return s if full or len(s) <= n else s[:n - 1] + "…"


def word_diff(old: str, new: str, full: bool, ctx: int = 6) -> str:
    """One line: unchanged words elided beyond `ctx` around each change, [-old-]{+new+}."""
    a, b = old.split(" "), new.split(" ")
    parts = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            if not full and len(words) > 2 * ctx:
                head = words[:ctx] if k > 0 else []
                tail = words[-ctx:] if k < len(ops) - 1 else []
                words = head + ["…"] + tail
            parts.append(" ".join(words))
        else:
            if i2 > i1:
                parts.append("[-" + " ".join(a[i1:i2]) + "-]")
            if j2 > j1:
                parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(p for p in parts if p)


def show_hunk(h: Hunk, medium: str, full: bool, indent: str = "    ") -> list[str]:
    out = [f"{indent}@ line {h.at_before} before / {h.at_after} after, below: {cut(h.context, full, 90)!r}"]
    if h.note:
        out.append(f"{indent}({h.note})")
    if h.removed and h.added:
        if medium == "html" and len(h.removed) == len(h.added):
            # one block per line: show each changed block as a word diff
            for old, new in (list(zip(h.removed, h.added)) if full else list(zip(h.removed, h.added))[:SHOW_LINES]):
                out.append(f"{indent}~ {cut(word_diff(old, new, full), full, 2 * SHOW_CHARS)}")
            if not full and len(h.removed) > SHOW_LINES:
                out.append(f"{indent}  … {len(h.removed) - SHOW_LINES} more changed lines (--full)")
            return out
        old, new = " ".join(h.removed), " ".join(h.added)
        if difflib.SequenceMatcher(None, old.split(" "), new.split(" "), autojunk=False).ratio() >= 0.5:
            # PDF lines re-wrapped around a change: one word diff of the whole hunk
            out.append(f"{indent}~ {cut(word_diff(old, new, full), full, 3 * SHOW_CHARS)}")
            return out
    for sign, side in (("-", h.removed), ("+", h.added)):
        for s in (side if full else side[:SHOW_LINES]):
            out.append(f"{indent}{sign} {cut(s, full)}")
        if not full and len(side) > SHOW_LINES:
            out.append(f"{indent}{sign} … {len(side) - SHOW_LINES} more lines (--full)")
    return out


def names(keys: list[str], full: bool, limit: int = 12) -> str:
    if full or len(keys) <= limit:
        return ", ".join(keys)
    return ", ".join(keys[:limit]) + f", … and {len(keys) - limit} more"


# ---- main --------------------------------------------------------------------------------------

def reports_in(root: Path) -> dict[tuple[str, str], Path]:
    """(YEAR/SLUG, medium) -> file."""
    found = {}
    for medium in MEDIA:
        for p in sorted(root.glob(f"*/*/bao-cao-cchc-*.{medium}")):
            found[(f"{p.parent.parent.name}/{p.parent.name}", medium)] = p
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="output folder of the base build")
    ap.add_argument("after", type=Path, help="output folder of the new build")
    ap.add_argument("--reasons", type=Path, default=DEFAULT_REASONS if DEFAULT_REASONS.exists() else None,
                    help=f"expected differences (default {DEFAULT_REASONS.name} next to this script)")
    ap.add_argument("--json", type=Path, help="also write the full result as JSON here")
    ap.add_argument("--full", action="store_true", help="show whole lines, every line and every report name")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="extraction processes (default: cores)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()

    for d in (args.before, args.after):
        if not d.is_dir():
            ap.error(f"not a folder: {d}")
    entries = load_reasons(args.reasons)
    ignores = [e for e in entries if e.ignore]
    before, after = reports_in(args.before), reports_in(args.after)
    if not before and not after:
        ap.error("no */*/bao-cao-cchc-*.html or .pdf under either folder")

    pairs = sorted(set(before) & set(after))
    same_bytes = {p for p in pairs if filecmp.cmp(before[p], after[p], shallow=False)}
    todo = [(k, m, s) for (k, m) in pairs for s in ("before", "after")
            if s == "before" or (k, m) not in same_bytes]   # byte-identical files: extracted once
    jobs = [(m, str((before if s == "before" else after)[(k, m)])) for (k, m, s) in todo]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        texts = dict(zip(todo, pool.map(extract, jobs, chunksize=2)))
    for (k, m) in same_bytes:
        texts[(k, m, "after")] = texts[(k, m, "before")]
    t_extract = time.perf_counter() - t0

    keys = sorted({k for k, _ in set(before) | set(after)})
    results: dict[str, dict] = {k: {} for k in keys}
    groups: dict[tuple, dict] = {}
    for k in keys:
        for m in MEDIA:
            if (k, m) not in before and (k, m) not in after:
                continue
            if (k, m) not in after:
                results[k][m] = {"status": "only-before", "file": str(before[(k, m)])}
                continue
            if (k, m) not in before:
                results[k][m] = {"status": "only-after", "file": str(after[(k, m)])}
                continue
            ign = [e for e in ignores if e.applies(k, m)]
            a, na = mask(texts[(k, m, "before")], ign)
            b, nb = mask(texts[(k, m, "after")], ign)
            hunks = diff(a, b)
            for h in hunks:
                h.entry = explain(h, entries, k, m)
                if h.removed and h.added and " ".join(h.removed).split() == " ".join(h.added).split():
                    h.note = "same words, only the line breaks moved"
                g = groups.setdefault(h.signature(m), {"medium": m, "entry": h.entry, "first": h,
                                                      "reports": [], "texts": set()})
                g["reports"].append(k)
                g["texts"].add((tuple(h.removed), tuple(h.added)))
            status = ("identical" if not hunks else
                      "unexplained" if any(h.entry is None for h in hunks) else "explained")
            results[k][m] = {"status": status, "lines": [len(a), len(b)], "masked": [na, nb], "hunks": hunks}

    order = sorted(groups.values(), key=lambda g: (g["entry"] is not None, MEDIA.index(g["medium"])))
    for n, g in enumerate(order, 1):       # numbered as printed: unexplained first, HTML before PDF
        g["id"] = n
    for k, per in results.items():
        for m, r in per.items():
            for h in r.get("hunks", []):
                h.group = groups[h.signature(m)]["id"]

    # ---- print ----
    P = print
    P(f"text_diff  before: {args.before}  after: {args.after}")
    n_change = sum(not e.ignore for e in entries)
    P(f"reasons: {args.reasons or '(none)'}: {len(ignores)} ignored (volatile) entries, {n_change} expected-change entries")
    n_files = len(pairs)
    masked = {m: sorted({r[m]['masked'][0] for r in results.values() if m in r and 'masked' in r[m]}) for m in MEDIA}
    P(f"compared {n_files} file pairs ({len(same_bytes)} byte-identical); volatile lines masked per file: "
      + ", ".join(f"{m} {'/'.join(map(str, masked[m])) or '-'}" for m in MEDIA))

    if groups:
        P(f"\n== Differences: {sum(len(g['reports']) for g in groups.values())} hunks, "
          f"{len(groups)} distinct (grouped across reports; digits ignored when grouping) ==")
        shown: dict[tuple, int] = {}       # hunks seen in one report only, per (report, medium)
        hidden_n: dict[tuple, int] = {}
        for g in order:
            rs = list(dict.fromkeys(g["reports"]))
            if len(rs) == 1 and not args.full:
                k1 = (rs[0], g["medium"], g["entry"] is None)
                shown[k1] = shown.get(k1, 0) + 1
                if shown[k1] > MAX_GROUPS_PER_FILE:
                    hidden_n[k1] = hidden_n.get(k1, 0) + 1
                    continue
            why = f"explained by {g['entry'].label()}: {g['entry'].reason}" if g["entry"] else "UNEXPLAINED"
            P(f"\n[{g['id']}] {g['medium'].upper()}  {why}")
            times = f" ({len(g['reports'])} hunks)" if len(g["reports"]) != len(rs) else ""
            P(f"    in {len(rs)} report(s){times}: {names(rs, args.full)}")
            if len(g["texts"]) > 1:
                P(f"    (shown: {g['reports'][0]}; the text differs in digits across the {len(g['texts'])} variants)")
            P("\n".join(show_hunk(g["first"], g["medium"], args.full)))
        for (k1, m1, unexpl), n in hidden_n.items():
            P(f"\n… and {n} more {'UNEXPLAINED' if unexpl else 'explained'} {m1.upper()} hunks "
              f"found only in {k1} (see 'Reports that differ' below; --full shows them all)")

    missing = [(k, m, r["status"]) for k, per in results.items() for m, r in per.items()
               if r["status"].startswith("only-")]
    if missing:
        P("\n== Present on one side only ==")
        for k, m, st in missing:
            P(f"  {k} [{m}]: only in {'BEFORE' if st == 'only-before' else 'AFTER'}  ({results[k][m]['file']})")

    def report_status(per: dict) -> str:
        sts = {r["status"] for r in per.values()}
        if any(s.startswith("only-") for s in sts):
            return "missing"
        return "unexplained" if "unexplained" in sts else "explained" if "explained" in sts else "identical"

    statuses = {k: report_status(per) for k, per in results.items()}
    differing = [k for k in keys if statuses[k] != "identical"]
    if differing:
        P("\n== Reports that differ ==")
        w = max(map(len, differing))
        for k in differing:
            cells = []
            for m in MEDIA:
                r = results[k].get(m)
                if r is None:
                    cells.append(f"{m}: absent")
                elif "hunks" not in r:
                    cells.append(f"{m}: only in {'BEFORE' if r['status'] == 'only-before' else 'AFTER'}")
                elif not r["hunks"]:
                    cells.append(f"{m}: identical")
                else:
                    hs = r["hunks"]
                    un = sum(h.entry is None for h in hs)
                    state = f"{un} UNEXPLAINED" if un else "explained"
                    ids = list(dict.fromkeys(h.group for h in hs))
                    more = "" if args.full or len(ids) <= 15 else f",… +{len(ids) - 15}"
                    cells.append(f"{m}: {len(hs)} hunk(s), {state} [" + ",".join(map(str, ids[:None if args.full else 15])) + more + "]")
            P(f"  {k:<{w}}  " + "   ".join(cells))

    unused = [e for e in entries if e.hits == 0]
    count = lambda s: sum(v == s for v in statuses.values())
    elapsed = time.perf_counter() - t0
    P("\n== Summary ==")
    P(f"reports compared:                 {len(keys)} ({n_files} file pairs)")
    P(f"identical (HTML and PDF):         {count('identical')}")
    P(f"explained differences only:       {count('explained')}")
    P(f"with unexplained differences:     {count('unexplained')}")
    P(f"with a file on one side only:     {count('missing')}")
    for e in entries:
        if not e.ignore and e.hits:
            rs = {k for k, per in results.items() for r in per.values() for h in r.get("hunks", []) if h.entry is e}
            P(f"explained by {e.label()}: {e.hits} hunk(s) in {len(rs)} report(s) ({cut(e.reason, False, 70)})")
    if unused:
        P("reasons entries that matched nothing: " + ", ".join(f"{e.label()} ({cut(e.reason, False, 60)})" for e in unused))
    P(f"time: {elapsed:.1f} s (text extraction {t_extract:.1f} s, {args.jobs} processes)")
    bad = count("unexplained") + count("missing")
    P("RESULT: " + ("FAIL: unexplained differences or missing reports (exit 1)" if bad else
                    "OK: identical except for explained differences (exit 0)"))

    if args.json:
        def hj(h: Hunk) -> dict:
            return {"group": h.group, "at_before": h.at_before, "at_after": h.at_after, "context": h.context,
                    "removed": h.removed, "added": h.added, "explained": h.entry is not None,
                    "entry": h.entry.index if h.entry else None, "reason": h.entry.reason if h.entry else None,
                    "note": h.note or None}
        out = {
            "before": str(args.before), "after": str(args.after),
            "reasons_file": str(args.reasons) if args.reasons else None,
            "reports": {k: {"status": statuses[k], **{m: {kk: ([hj(h) for h in vv] if kk == "hunks" else vv)
                                                         for kk, vv in r.items()} for m, r in per.items()}}
                        for k, per in results.items()},
            "groups": [{"id": g["id"], "medium": g["medium"], "explained": g["entry"] is not None,
                        "entry": g["entry"].index if g["entry"] else None,
                        "reason": g["entry"].reason if g["entry"] else None,
                        "reports": g["reports"], "removed": g["first"].removed, "added": g["first"].added}
                       for g in groups.values()],
            "entries": [{"index": e.index, "reason": e.reason, "ignore": e.ignore, "hits": e.hits} for e in entries],
            "summary": {"reports": len(keys), "file_pairs": n_files, "identical": count("identical"),
                        "explained": count("explained"), "unexplained": count("unexplained"),
                        "missing": count("missing"), "seconds": round(elapsed, 2), "exit": 1 if bad else 0},
        }
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
        P(f"JSON: {args.json}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
