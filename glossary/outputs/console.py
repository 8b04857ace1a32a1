"""What the command line shows a person: tables that fit the terminal (rich) and the lines of an entry,
a suggestion or a run's summary. The CLI only chooses what to show; the shapes are here.

Design: docs/how-it-works.md
"""

from __future__ import annotations

from collections.abc import Iterable

from glossary.base.progress import span_s
from glossary.base.words import plural


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr)


def print_suggestions(results: Iterable) -> None:
    """The suggestions as a table: the recommended spelling first, then its official and customary ones."""
    from rich.table import Table

    table = Table("hanzi", "pinyin or reading", "recommended", "official", "customary", "sino-korean", "rule")
    for r in results:
        korean = r.korean or f"[red]{r.error}[/red]"
        official = f"{r.official} ({r.official_rule})" if r.official else ""
        customary = "; ".join(f"{k} ({src})" for k, src in r.customary)
        table.add_row(r.hanzi, r.pinyin or "", korean, official, customary, r.sino_korean or "", r.rule or "")
    _console().print(table)


def verdict_line(r) -> str:
    """A KOREAN HANZI pair judged: official, variant or another name, with the official spelling."""
    extra = f" (official {r.official}, distance {r.distance})" if r.verdict != "official" else ""
    return f"{r.korean}\t{r.hanzi}\t{r.verdict}{extra}"


def print_occurrences(rows: list[dict]) -> None:
    from rich.table import Table

    table = Table("doc", "line", "korean", "hanzi", "english", "type", "origin", "score")
    for r in rows:
        table.add_row(r["doc"], str(r["line"]), r["korean"] or "", r["hanzi"], r["english"] or "", r["type"],
                      r["origin"], f"{r['score']:.2f}")
    _console().print(table)


def build_line(s: dict, db) -> str:
    """A build's summary in one line."""
    created = plural(s["entries_created"], "new entry", "new entries")
    aside = f" ({plural(s['korean_words'], 'Korean word')} in Hanzi set aside)" if s["korean_words"] else ""
    return (f"{plural(s['added'], 'document')} added, {s['unchanged']} unchanged, {s['failed']} failed; "
            f"{plural(s['occurrences'], 'occurrence')} of names, {created} in {db}{aside}")


def entry_text(info: dict) -> str:
    """An entry as a person reads it: the name, the decisions, the spellings with counts, the history."""
    lines = [f"{info['hanzi']}  →  {info['recommended'] or '?'}   [{info['status']}] {info['type'] or ''} "
             f"{info['origin'] or ''}".rstrip(),
             f"  key {info['key']}; pinyin {info['pinyin'] or '-'}; official {info['official'] or '-'}"
             + (f" ({info['rule']})" if info.get("rule") else "")
             + (f"; customary {info['customary']}" if info.get("customary") else "")]
    for label, field in (("chosen Korean", "chosen_korean"), ("note", "note"), ("English", "english")):
        if info.get(field):
            lines.append(f"  {label}: {info[field]}")
    lines.append(f"  why: {info['reason']}")
    if info.get("type_confidence") is not None:
        lines.append(f"  type {info['type']}: {info['type_confidence']:.2f} sure")
    if info.get("origin_evidence"):
        lines.append(f"  origin {info['origin']}: " + "; ".join(info["origin_evidence"]))
    lines.append(f"  {plural(info['occurrences'], 'occurrence')} in {info['documents']}")
    lines.append("  spellings:")
    for sp in info["spellings"]:
        status = f", {sp['status']}" if sp.get("status") else ""
        lines.append(f"    {sp['korean']:<12} {sp['count']:>4}×  {sp['kind']}{status}")
    if info["seen"]:
        lines.append("  seen at: " + ", ".join(info["seen"][:10]) + (" …" if len(info["seen"]) > 10 else ""))
    if info.get("first_context"):
        lines.append(f"  first context: {info['first_context']}")
    lines.append("  history:")
    for h in info["history"]:
        who = f" by {h['reviewer']}" if h.get("reviewer") else ""
        change = f"{h['new']} kept" if h["old"] == h["new"] else f"{h['old']} → {h['new']}"
        lines.append(f"    {h['at']}  {h['field']}: {change}  ({h['source']}{who})")
    return "\n".join(lines)


def print_stages(stages: list[dict], worker_peak_mb: int) -> None:
    """Where the time went, on standard error: stage, wall time, rate, peak memory, notes."""
    from rich import box
    from rich.table import Table

    table = Table("stage", "wall s", "rate", "peak MB", "notes", title="glossary run", title_justify="left",
                  box=box.SIMPLE)
    for s in stages:
        rate = f"{s['rate']:,.1f} {s['rate_unit']}" if s.get("rate") else ""
        table.add_row(s["name"], f"{s['wall_s']:.1f}", rate, str(s["peak_mb"]), s.get("note", ""))
    table.add_row("total", f"{span_s(stages):.1f}", "", f"workers {worker_peak_mb}", "")
    _console(stderr=True).print(table)


def run_line(report, built: dict, log) -> str:
    """A batch run's closing line: documents, the glossary, the check's findings, the log."""
    found = report.findings
    findings = (f"; {plural(found.get('error', 0), 'error')}, {plural(found.get('warning', 0), 'warning')}, "
                f"{plural(found.get('info', 0), 'note')} found" if found else "")
    return (f"{report.extracted} extracted, {report.cached} from cache, {len(report.failed)} failed; "
            f"{plural(built.get('added', 0), 'document')} merged, "
            f"{plural(built.get('entries_created', 0), 'new entry', 'new entries')}{findings}; log {log}")
