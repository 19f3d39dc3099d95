"""Compare the fact extractor with the hand-checked gold set (``make eval``).

``cnil-sanctions eval [--gold tests/gold] [--raw data/raw] [-q]`` (or ``python -m
cnil_sanctions.evaluation``) prints, per
field, precision / recall / exact-match rate and the decisions that disagree, the speed of the
extractor (decisions per second), and exits 1 when a target of the development set is missed.
The targets are listed once, in ``tests/gold/targets.csv`` (:func:`load_targets`); the fields
scored come from the field dictionary (``Field.scored``).

Definitions, per field: *exact* = share of texts where the value equals the gold value (empty =
empty counts); *precision* = correct non-empty values / non-empty values extracted; *recall* =
correct non-empty values / non-empty gold values; *false positives* = texts with a value
extracted where the gold value is empty (for turnover_eur: a turnover where the decision
states none, the most misleading error).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cnil_sanctions import schema
from cnil_sanctions.extract import extract_facts

DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"
#: Gold records of texts the extraction rules were NOT written on (``tests/gold/heldout``).
HELDOUT_DIR = "heldout"
DEFAULT_RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

#: scalar fields compared value by value, and list fields compared item by item (micro
#: precision / recall / F1): both derived from the field dictionary (``Field.scored``)
SCALAR_FIELDS: list[str] = schema.scored_fields("value")
SET_FIELDS: list[str] = schema.scored_fields("items")
#: The accuracy targets, one row per (gold set, field, measure): the one list of them; the README
#: renders it (``make readme``) and ``tests/test_gold.py`` checks every row.
TARGETS_FILE = DEFAULT_GOLD / "targets.csv"
#: measure name in ``targets.csv`` → (label, :class:`FieldScore` attribute)
METRICS: dict[str, tuple[str, str]] = {
    "exact": ("exact", "exact_rate"),
    "stated_exact": ("exact (where stated)", "stated_exact_rate"),
    "f1": ("F1", "f1"),
    "false_positives": ("values where the gold has none", "false_positives"),
}


@dataclass(frozen=True)
class CorpusText:
    """One text of the corpus, parsed, with the corpus folder it came from."""

    source_md5: str
    decision_id: str
    decision_date: str
    text: str
    title: str | None
    header: str | None


def load_corpus(raw_root: Path = DEFAULT_RAW) -> list[CorpusText]:
    """The corpus texts, read from the project's raw store (``data/raw``) with the Légifrance
    text parser. This is the only place that knows where the texts come from."""
    from cnil_sanctions.sources import parse_stored
    from cnil_sanctions.store import RawStore

    out: list[CorpusText] = []
    for entry in RawStore(raw_root).entries("legifrance_text"):
        d = parse_stored(entry)
        if d.decision_id is None:
            raise ValueError(f"{entry.folder}: the text has no decision number")
        md5 = entry.meta.extra.get("mirror_folder", entry.folder.name)
        out.append(
            CorpusText(
                source_md5=md5,
                decision_id=d.decision_id,
                decision_date=d.decision_date.isoformat(),
                text=d.text,
                title=d.title,
                header=getattr(d, "header", None),
            )
        )
    if not out:
        raise FileNotFoundError(f"no legifrance_text documents in the raw store {raw_root}")
    return out


#: A gold record's file name is its decision number (``SAN-2022-009.json``); other JSON files
#: beside the records (``known_misses.json``) are not records.
_RECORD_NAME = re.compile(r"(?:SAN|MEDP)-\d{4}-\d{3}\.json")
#: Known misses of the extractor on held-out texts, one (decision, field) each (tests/test_gold.py).
KNOWN_MISSES = DEFAULT_GOLD / "known_misses.json"


def load_gold(gold_dir: Path = DEFAULT_GOLD) -> dict[str, dict[str, object]]:
    """Gold records by corpus folder (md5); a record covering two texts appears twice.

    Keys a record has beyond those the scoring reads (e.g. ``notes``) are ignored here."""
    by_md5: dict[str, dict[str, object]] = {}
    for path in sorted(p for p in gold_dir.glob("*.json") if _RECORD_NAME.fullmatch(p.name)):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        for md5 in rec.get("source_md5") or []:
            by_md5[md5] = rec
    return by_md5


def _norm(field_name: str, v: object) -> object:
    if isinstance(v, str):
        v = re.sub(r"\s+", " ", v.replace("[...]", "[…]").replace("’", "'")).strip()
        if field_name in {"organisation", "legal_form"}:
            v = v.casefold()
        if v == "":
            return None
    return v


def _items(field_name: str, v: object) -> set[str]:
    if v is None or v == "":
        return set()
    if isinstance(v, str):
        v = v.split(";") if field_name == "articles_violated" else json.loads(v)
    items: set[str] = set()
    assert isinstance(v, list), (field_name, v)
    for it in v:
        if field_name == "fines_by_entity":
            items.add(f"{str(it['entity']).casefold()}={it['fine_eur']}")
        elif field_name == "turnover_figures":
            # the gold records list euro figures only (tests/gold/README.md): a figure the
            # extractor reads in another currency (« 160 milliards de dollars ») is not scored
            if it.get("currency", "EUR") == "EUR":
                items.add(f"{it['kind']}:{it['value']}:{it['year']}")
        else:
            items.add(str(it).strip())
    return items


@dataclass
class FieldScore:
    """Counts for one field."""

    name: str
    n: int = 0
    exact: int = 0
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    stated: int = 0
    stated_exact: int = 0
    #: texts with a (non-boolean) value extracted where the gold value is empty
    false_positives: int = 0
    disagreements: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None or r is not None else None)

    @property
    def exact_rate(self) -> float | None:
        return self.exact / self.n if self.n else None

    @property
    def stated_exact_rate(self) -> float | None:
        return self.stated_exact / self.stated if self.stated else None


@dataclass
class Evaluation:
    """Scores of every field, speed, and the target verdicts."""

    scores: dict[str, FieldScore]
    n_texts: int
    seconds: float
    missing_gold: list[str]
    targets: list[tuple[str, float | None, float, bool]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.n_texts / self.seconds if self.seconds else float("inf")

    @property
    def passed(self) -> bool:
        return all(ok for *_, ok in self.targets)


def agrees(field_name: str, predicted: object, gold_value: object) -> bool:
    """Whether an extracted value counts as equal to the gold value (the scoring's own rule:
    whitespace, ``[...]``/``’`` and, for names and legal forms, case are normalised; list fields
    compare as sets of items)."""
    if field_name in SET_FIELDS:
        return _items(field_name, predicted) == _items(field_name, gold_value)
    return _norm(field_name, predicted) == _norm(field_name, gold_value)


def evaluate(
    corpus: Iterable[CorpusText],
    gold: dict[str, dict[str, object]],
    targets: Iterable[Target] | None = None,
    extract: Callable[[CorpusText], Mapping[str, object]] | None = None,
    skip: frozenset[tuple[str, str]] = frozenset(),
) -> Evaluation:
    """Run the extractor on every text that has a gold record and score it against ``targets``
    (default: the development set's, from :data:`TARGETS_FILE`).

    ``extract``: the facts of a text (default: :func:`extract_facts` on it, timed for the speed
    figure); the tests pass already extracted facts to score them without extracting twice.
    ``skip`` holds ``(decision_id, field)`` pairs left out of the scores (the known misses that
    ``tests/gold/known_misses.json`` tracks one by one); empty for every reported figure.
    """
    scores = {f: FieldScore(f) for f in SCALAR_FIELDS + SET_FIELDS}
    n = 0
    seconds = 0.0
    missing: list[str] = []
    for doc in corpus:
        g = gold.get(doc.source_md5)
        if g is None:
            missing.append(f"{doc.decision_id} ({doc.source_md5})")
            continue
        t0 = time.perf_counter()
        if extract is None:
            facts: Mapping[str, object] = extract_facts(
                doc.text,
                title=doc.title,
                header=doc.header,
                decision_date=date.fromisoformat(doc.decision_date),
            )
        else:
            facts = extract(doc)
        seconds += time.perf_counter() - t0
        n += 1
        pred: dict[str, object] = dict(facts)
        pred["decision_id"] = doc.decision_id
        pred["decision_date"] = doc.decision_date
        label = g["decision_id"] if list(gold.values()).count(g) == 1 else doc.decision_id
        label = f"{label}" + (
            f"[{doc.source_md5[:6]}]" if len(g.get("source_md5") or []) > 1 else ""  # type: ignore[arg-type]
        )
        did = str(g["decision_id"])
        for f in SCALAR_FIELDS:  # a key a gold record lacks (``regime`` before batch 4): not scored
            if (did, f) not in skip and f in g:
                _score_scalar(scores[f], str(label), _norm(f, pred.get(f)), _norm(f, g.get(f)))
        for f in SET_FIELDS:
            if (did, f) not in skip and f in g:
                _score_set(scores[f], str(label), _items(f, pred.get(f)), _items(f, g.get(f)))
    ev = Evaluation(scores, n, seconds, missing)
    ev.targets = _targets(
        scores, load_targets(gold_set="development") if targets is None else targets
    )
    return ev


def _score_scalar(s: FieldScore, label: str, p: object, g: object) -> None:
    s.n += 1
    ok = p == g
    s.exact += ok
    if p is not None and not isinstance(p, bool):
        s.n_pred += 1
    if g is not None and not isinstance(g, bool):
        s.n_gold += 1
        s.stated += 1
        s.stated_exact += ok
    if g is None and p is not None and not isinstance(p, bool):
        s.false_positives += 1
    if isinstance(g, bool) or isinstance(p, bool):  # booleans: precision/recall on True
        s.n_pred += p is True
        s.n_gold += g is True
        s.tp += p is True and g is True
    elif ok and p is not None:
        s.tp += 1
    if not ok:
        s.disagreements.append(f"{label}: got {p!r}, gold {g!r}")


def _score_set(s: FieldScore, label: str, p: set[str], g: set[str]) -> None:
    s.n += 1
    s.exact += p == g
    s.tp += len(p & g)
    s.n_pred += len(p)
    s.n_gold += len(g)
    if g:
        s.stated += 1
        s.stated_exact += p == g
    if p != g:
        s.disagreements.append(
            f"{label}: extra {sorted(p - g)}, missing {sorted(g - p)}".replace("'", "")
        )


@dataclass(frozen=True)
class Target:
    """One accuracy target: ``metric`` of ``field`` on ``gold_set`` is at least (``bound``
    ``min``) or at most (``max``) ``threshold``."""

    gold_set: str
    field: str
    metric: str
    bound: str
    threshold: float

    @property
    def name(self) -> str:
        """e.g. ``fine_eur exact``."""
        return f"{self.field} {METRICS[self.metric][0]}"

    def value(self, scores: dict[str, FieldScore]) -> float | None:
        """The measured value (``None``: nothing to score)."""
        v = getattr(scores[self.field], METRICS[self.metric][1])
        return None if v is None else float(v)

    def met(self, value: float | None) -> bool:
        """True when ``value`` reaches the target."""
        if value is None:
            return False
        if self.bound == "min":
            return value >= self.threshold - 1e-9
        return value <= self.threshold + 1e-9


def load_targets(path: Path = TARGETS_FILE, gold_set: str | None = None) -> list[Target]:
    """The targets of ``path`` (all, or those of one ``gold_set``); a bad row raises
    :class:`ValueError` naming the file, the line and the value."""
    scored = set(SCALAR_FIELDS) | set(SET_FIELDS)
    out: list[Target] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            where = f"{path}:{line}"
            if row["field"] not in scored:
                raise ValueError(f"{where}: field {row['field']!r} is not a scored field")
            if row["metric"] not in METRICS or row["bound"] not in ("min", "max"):
                raise ValueError(f"{where}: unknown metric or bound {row['metric']!r}")
            if row["gold_set"] not in ("development", "heldout"):
                raise ValueError(f"{where}: unknown gold set {row['gold_set']!r}")
            target = Target(
                row["gold_set"], row["field"], row["metric"], row["bound"], float(row["threshold"])
            )
            if gold_set is None or target.gold_set == gold_set:
                out.append(target)
    return out


def _targets(
    scores: dict[str, FieldScore], targets: Iterable[Target]
) -> list[tuple[str, float | None, float, bool]]:
    out = []
    for t in targets:
        v = t.value(scores)
        out.append((t.name, v, t.threshold, t.met(v)))
    return out


def targets_markdown(targets: Iterable[Target]) -> str:
    """The targets as a Markdown table (rendered into the README by ``make readme``)."""
    lines = ["| gold set | field | measure | target |", "|---|---|---|---|"]
    for t in targets:
        sign = "≥" if t.bound == "min" else "≤"
        level = f"{t.threshold:.0%}" if t.metric != "false_positives" else f"{t.threshold:g}"
        lines.append(f"| {t.gold_set} | `{t.field}` | {METRICS[t.metric][0]} | {sign} {level} |")
    return "\n".join(lines)


def _pct(v: float | None) -> str:
    return "   -  " if v is None else f"{100 * v:5.1f}%"


def format_report(
    ev: Evaluation, *, verbose: bool = True, title: str = "Fact extraction vs gold"
) -> str:
    """The table, the disagreements and the target verdicts as text."""
    lines = [
        f"{title}: {ev.n_texts} texts, {ev.seconds:.2f} s of extraction "
        f"({ev.docs_per_second:.1f} decisions/s)",
        "",
        f"{'field':<24} {'exact':>7} {'stated':>7} {'prec':>7} {'recall':>7} {'F1':>7}  n",
    ]
    for s in ev.scores.values():
        lines.append(
            f"{s.name:<24} {_pct(s.exact_rate):>7} {_pct(s.stated_exact_rate):>7} "
            f"{_pct(s.precision):>7} {_pct(s.recall):>7} {_pct(s.f1):>7}  {s.n}"
        )
    lines += ["", f"Targets ({TARGETS_FILE.name}):"]
    for name, v, threshold, ok in ev.targets:
        verdict = "PASS" if ok else "n/a " if v is None else "FAIL"  # n/a: nothing to score
        count = name.endswith(METRICS["false_positives"][0])
        shown = f"{v:g}" if count and v is not None else _pct(v)
        target = f"{threshold:g}" if count else f"{threshold:.0%}"
        lines.append(f"  {verdict}  {name}: {shown} (target {target})")
    if ev.missing_gold:
        lines += ["", f"Texts without a gold record ({len(ev.missing_gold)}): "]
        lines.append("  " + ", ".join(ev.missing_gold))
    if verbose:
        lines += ["", "Disagreements:"]
        for s in ev.scores.values():
            for d in s.disagreements:
                lines.append(f"  {s.name}: {d}")
    return "\n".join(lines)


def run_evaluation(
    gold_dir: Path = DEFAULT_GOLD, raw_dir: Path = DEFAULT_RAW, quiet: bool = False
) -> int:
    """Score the extractor and print the report; returns the exit status (1 if a
    development-set target is missed). ``cnil-sanctions eval`` / ``make eval``.

    Two sets are scored apart: the development set (``tests/gold/*.json``: the texts the rules
    were written while reading) and, when present, the held-out set (``tests/gold/heldout``:
    texts labelled by people who never saw the extractor, added after the rules were written).
    """
    corpus = load_corpus(raw_dir)
    dev = load_gold(gold_dir)
    heldout_dir = gold_dir / HELDOUT_DIR
    held = load_gold(heldout_dir) if heldout_dir.is_dir() else {}
    ev = evaluate(
        [d for d in corpus if d.source_md5 in dev],
        dev,
        load_targets(gold_dir / TARGETS_FILE.name, "development"),
    )
    ev.missing_gold = [
        f"{d.decision_id} ({d.source_md5})"
        for d in corpus
        if d.source_md5 not in dev and d.source_md5 not in held
    ]
    print(format_report(ev, verbose=not quiet, title="Development set (rules written on it)"))
    if held:
        evh = evaluate(
            [d for d in corpus if d.source_md5 in held],
            held,
            load_targets(gold_dir / TARGETS_FILE.name, "heldout"),
        )
        print()
        print(
            format_report(
                evh,
                verbose=not quiet,
                title="Held-out set (labelled independently, not used to write the rules)",
            )
        )
    return 0 if ev.passed else 1


def main(argv: list[str] | None = None) -> int:
    """``python -m cnil_sanctions.evaluation [ARGS]``: the same as ``cnil-sanctions eval [ARGS]``."""
    from cnil_sanctions.cli import main as cli_main

    return cli_main(["eval", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())


# --------------------------------------------------------------------------------------------
# The README's accuracy table (``make readme``, block ``ACCURACY``)
# --------------------------------------------------------------------------------------------

#: The log of first-run scores per batch of newly added decisions; its pooled table is the one
#: place of the unseen-data figures the README quotes.
FIRST_RUN_LOG = Path(__file__).resolve().parent.parent / "docs" / "evaluation.md"
_POOLED_HEADING = "### All held-out batches pooled, first runs only"
#: README row → (row label of the pooled table, field, measure of the current scores)
ACCURACY_ROWS: list[tuple[str, str, str, str]] = [
    ("`fine_eur` exact", "fine_eur exact", "fine_eur", "exact"),
    (
        "`turnover_eur` exact where stated",
        "turnover_eur exact where stated",
        "turnover_eur",
        "stated_exact",
    ),
    ("`people_affected` exact", "people_affected exact", "people_affected", "exact"),
    (
        "`articles_violated` precision / recall / F1",
        "articles precision / recall / F1",
        "articles_violated",
        "prf",
    ),
]


def pooled_first_run(log: Path = FIRST_RUN_LOG) -> tuple[str, dict[str, str]]:
    """The heading and the ``pooled`` column of the log's pooled first-run table, by row label.

    Raises ValueError naming the file when the table or one of :data:`ACCURACY_ROWS` is missing.
    """
    text = log.read_text(encoding="utf-8")
    at = text.find(_POOLED_HEADING)
    if at < 0:
        raise ValueError(f"{log}: no section « {_POOLED_HEADING} »")
    heading = text[at:].splitlines()[0].lstrip("# ").strip()
    rows: dict[str, str] = {}
    for line in text[at:].splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) > 2 and not set(cells[0]) <= {"-", ":"}:
            rows[cells[0]] = cells[-1].replace("**", "")
    missing = [label for _, label, _, _ in ACCURACY_ROWS if label not in rows]
    if missing:
        raise ValueError(f"{log}: the pooled first-run table lacks the rows {missing}")
    return heading, rows


def _measure(s: FieldScore, measure: str) -> str:
    if measure == "prf":
        return " / ".join(_pct(v).replace(" ", "") for v in (s.precision, s.recall, s.f1))
    value = s.exact_rate if measure == "exact" else s.stated_exact_rate
    return _pct(value).replace(" ", "")


def accuracy_markdown(dev: Evaluation, heldout: Evaluation, log: Path = FIRST_RUN_LOG) -> str:
    """The README's accuracy table: the development set (in-sample), the held-out set now (its
    texts have since been read to fix rules: no longer unseen) and the pooled first runs over
    every held-out batch (the unseen-data figure), for fines, turnover, people and articles."""
    heading, pooled = pooled_first_run(log)
    lines = [
        f"| field | development, now ({dev.n_texts} texts; in-sample) "
        f"| held-out, now ({heldout.n_texts} texts; rules since fixed on them) "
        f"| held-out, first runs pooled (unseen: {heading.split('(')[-1].rstrip(')')}) |",
        "|---|---:|---:|---:|",
    ]
    for label, pooled_label, field_name, measure in ACCURACY_ROWS:
        lines.append(
            f"| {label} | {_measure(dev.scores[field_name], measure)} "
            f"| {_measure(heldout.scores[field_name], measure)} | {pooled[pooled_label]} |"
        )
    return "\n".join(lines)


def current_accuracy_markdown(gold_dir: Path = DEFAULT_GOLD, raw_dir: Path = DEFAULT_RAW) -> str:
    """:func:`accuracy_markdown` with both sets scored now (runs the extractor on the corpus)."""
    corpus = load_corpus(raw_dir)
    dev = load_gold(gold_dir)
    held = load_gold(gold_dir / HELDOUT_DIR)
    return accuracy_markdown(
        evaluate([d for d in corpus if d.source_md5 in dev], dev, []),
        evaluate([d for d in corpus if d.source_md5 in held], held, []),
    )
