"""Benchmarks of issues 7 and 15: parse floor and overhead, workers, Dask, SQLite ingest and queries, job memory.

    python bench/run.py            # about 11 minutes on an idle 2-core machine (--repeat 3: 12)
    python bench/run.py --quick    # 60 articles, 100,000 quotes, 200 and 2,000 short documents
    python bench/run.py --only memory --memory-docs 1000,100000   # about 15 minutes

Prints one table (Markdown) on stdout and progress on stderr. Articles are
``examples/*.txt`` plus ``../shared/corpus/polnear-dev/*.txt`` when present,
repeated to ``--docs`` documents; each repeat gets a distinct last line
(``(copy N)``) so the job does not skip it as already stored, and every
measurement parses exactly the same texts. Times exclude model loading except
in the ``--workers`` rows, which time the whole ``attribution extract``
command as a user runs it. Numbers are wall-clock and noisy on a shared
machine: the parse/job pair is run ``--repeat`` times alternately and the
fastest of each kept.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIRS = (REPO / "examples", REPO.parent / "shared" / "corpus" / "polnear-dev")

TARGET_OVERHEAD = 0.05
TARGET_EXTRACTION = 0.03
TARGET_SPEEDUP = 1.9
TARGET_DASK = 0.10
TARGET_INGEST = 50_000
TARGET_QUERY_MS = 10.0
TARGET_STORE_DOCUMENTS = 1_000
#: Rows a full-text search with many hits is limited to in the query rows (a page of results).
SEARCH_PAGE = 100
TARGET_MEMORY_GROWTH = 0.10


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    met: bool | None = None


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


# --- the articles ----------------------------------------------------------------------


def base_articles() -> list[str]:
    texts = []
    for directory in CORPUS_DIRS:
        if directory.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no articles found in {', '.join(map(str, CORPUS_DIRS))}")
    return texts


def repeated(texts: list[str], count: int) -> list[str]:
    """``count`` distinct texts: the articles in turn, each repeat with a ``(copy N)`` last line."""
    return [
        texts[i % len(texts)] + ("" if i < len(texts) else f"\n\n(copy {i // len(texts)})") for i in range(count)
    ]


def short_documents(texts: list[str], count: int) -> list[str]:
    """``count`` distinct short documents: paragraphs of 10 to 40 words, numbered."""
    paragraphs = [p.strip() for t in texts for p in t.split("\n\n") if 10 <= len(p.split()) <= 40]
    return [f"{paragraphs[i % len(paragraphs)]} ({i})" for i in range(count)]


def write_jsonl(path: Path, texts: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"doc-{i}", "text": text}) + "\n")
    return path


# --- 1. parse, extraction, storage ---------------------------------------------------------


def bench_overhead(texts: list[str], model: str | None, batch_size: int, repeat: int, workdir: Path) -> list[Row]:
    from attribution.pipeline import quotes_from_doc
    from attribution.jobs import run_job
    from attribution.model import Document
    from attribution.pipeline import load_pipeline
    from attribution.store import open_database

    nlp = load_pipeline(model)
    n_words = words(texts)
    parse_times, job_times = [], []
    docs = None
    for round_ in range(repeat):
        log(f"bare nlp.pipe on {len(texts)} documents, {n_words} words (round {round_ + 1})")
        seconds, parsed = timed(lambda: list(nlp.pipe(texts, batch_size=batch_size, disable=["quote_attribution"])))
        parse_times.append(seconds)
        docs = docs or parsed
        del parsed
        log(f"attribution job into a new SQLite file (round {round_ + 1})")
        engine = open_database(workdir / f"overhead-{round_}.db")
        documents = (Document(name=f"doc-{i}", text=t) for i, t in enumerate(texts))
        seconds, summary = timed(lambda: run_job(engine, documents, model=model, batch_size=batch_size))
        engine.dispose()
        assert summary.stored == len(texts), summary
        job_times.append(seconds)
    log("quote extraction alone, ours and textacy's, on the parsed documents")
    ours, _ = timed(lambda: [quotes_from_doc(doc) for doc in docs])
    theirs, refused = timed(lambda: textacy_quotations(docs))
    parse, job = min(parse_times), min(job_times)
    overhead = job / parse - 1
    components = [name for name in nlp.pipe_names if name != "quote_attribution"]
    return [
        Row("pipeline components run", ", ".join(components)),
        Row("documents / words parsed", f"{len(texts)} / {n_words}"),
        Row("bare nlp.pipe", f"{n_words / parse:,.0f} words/s"),
        Row("attribution job (parse + extract + store in SQLite)", f"{n_words / job:,.0f} words/s"),
        Row("overhead of the job over the bare parse", f"{overhead:+.1%}", f"<= {TARGET_OVERHEAD:.0%}", overhead <= TARGET_OVERHEAD),
        Row(
            "  of which: our quote extraction alone",
            f"{ours / parse:+.1%} ({n_words / (parse + ours):,.0f} words/s with parse)",
            f"<= {TARGET_EXTRACTION:.0%}",
            ours / parse <= TARGET_EXTRACTION,
        ),
        Row(
            "textacy direct_quotations alone",
            f"{theirs / parse:+.1%} ({n_words / (parse + theirs):,.0f} words/s with parse; "
            f"{refused} documents refused: odd number of quotation marks)",
        ),
    ]


def textacy_quotations(docs: list) -> int:
    """Run textacy's ``direct_quotations`` on every doc; returns how many it refused (ValueError)."""
    import textacy.extract

    refused = 0
    for doc in docs:
        try:
            list(textacy.extract.direct_quotations(doc))
        except ValueError:
            refused += 1
    return refused


# --- 2. one worker against two -----------------------------------------------------------


def extract_command(db: Path, source: Path, workers: int, batch_size: int, model: str | None) -> list[str]:
    command = [sys.executable, "-m", "attribution", "extract", "--quiet", "--db", f"sqlite:///{db}"]
    command += ["--workers", str(workers), "--batch-size", str(batch_size), str(source)]
    return command + (["--model", model] if model else [])


def bench_workers(texts: list[str], model: str | None, batch_size: int, workdir: Path) -> tuple[list[Row], float]:
    """The rows, and the seconds of the ``--workers 2`` command (what the Dask row is held to)."""
    source = write_jsonl(workdir / "workers.jsonl", texts)
    n_words = words(texts)
    seconds = {}
    for workers in (1, 2):
        log(f"attribution extract --workers {workers} on {len(texts)} documents")
        command = extract_command(workdir / f"workers-{workers}.db", source, workers, batch_size, model)
        seconds[workers], _ = timed(lambda: subprocess.run(command, check=True))
    speedup = seconds[1] / seconds[2]
    return [
        Row("attribution extract --workers 1 (whole command)", f"{n_words / seconds[1]:,.0f} words/s ({seconds[1]:.1f} s)"),
        Row("attribution extract --workers 2 (whole command)", f"{n_words / seconds[2]:,.0f} words/s ({seconds[2]:.1f} s)"),
        Row("speed-up of --workers 2", f"{speedup:.2f}x", f">= {TARGET_SPEEDUP}x", speedup >= TARGET_SPEEDUP),
    ], seconds[2]


# --- 2b. the same on a Dask cluster ---------------------------------------------------------


def bench_dask(texts: list[str], model: str | None, batch_size: int, workdir: Path, workers_2: float | None) -> list[Row]:
    """``run_dask_job`` on a two-worker ``LocalCluster`` (one thread each) that is up, models loaded."""
    import distributed

    from attribution.distributed import PipelinePreloader, run_dask_job
    from attribution.model import Document
    from attribution.spacy_models import resolve_model_name

    model_name = resolve_model_name(model)
    n_words = words(texts)
    log("Dask: a LocalCluster of 2 worker processes, 1 thread each, loading the model")
    start_up, cluster = timed(lambda: distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None))
    with cluster, distributed.Client(cluster) as client:
        loading, _ = timed(lambda: client.register_plugin(PipelinePreloader(model_name), name=f"attribution-pipeline-{model_name}"))
        log(f"Dask: run_dask_job on {len(texts)} documents")
        documents = (Document(name=f"doc-{i}", text=t) for i, t in enumerate(texts))
        seconds, summary = timed(
            lambda: run_dask_job(f"sqlite:///{workdir / 'dask.db'}", documents, scheduler=client, model=model, batch_size=batch_size)
        )
    assert summary.stored == len(texts), summary
    rows = [
        Row("Dask LocalCluster start (2 workers) + model load in each", f"{start_up:.1f} s + {loading:.1f} s"),
        Row("attribution job on that Dask cluster (client stores into SQLite)", f"{n_words / seconds:,.0f} words/s ({seconds:.1f} s)"),
    ]
    if workers_2 is not None:
        slower = seconds / workers_2 - 1
        rows.append(Row("  Dask job against --workers 2 (whole command)", f"{slower:+.1%}", f"within {TARGET_DASK:.0%}", slower <= TARGET_DASK))
    return rows


# --- 3. SQLite ingest and queries ----------------------------------------------------------

GIVEN_NAMES = "Anna Boris Carlos Dmitri Elena Farid Grace Hassan Ingrid Jamal Karin Leila Marco Nadia Oleg".split()
SYLLABLES = "ba ko ri ta mu se lo ven dar pil qua zo nek tru fi gan".split()


def pseudo_words(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct made-up words (no stop words, so every word is indexed)."""
    found: dict[str, None] = {}
    while len(found) < count:
        found["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(found)


def synthetic_documents(
    count: int, quotes_each: int, speakers: list[str], vocabulary: list[str], rng: random.Random, tag: str
) -> Iterator[tuple[object, list]]:
    """``count`` documents of ``quotes_each`` direct quotes (12 to 25 made-up words each), as a
    job hands them to the store: a text with each quote and its speaker's name, and
    ``Quote``s whose offsets index it. Each document quotes five speakers of ``speakers``;
    ``tag`` makes the texts new to a database an earlier benchmark wrote into."""
    from attribution.model import Document, Quote

    for i in range(count):
        cast = rng.sample(speakers, min(5, len(speakers)))
        quotes, text = [], ""
        for _ in range(quotes_each):
            said = " ".join(rng.choices(vocabulary, k=rng.randint(12, 25)))
            speaker = rng.choice(cast)
            start = len(text) + 1
            text += f"“{said},” said {speaker}. "
            mention = start + len(said) + 8
            quotes.append(Quote(type="direct", text=said, start=start, end=start + len(said), speaker=speaker,
                                speaker_kind="person", speaker_mention=speaker, speaker_start=mention,
                                speaker_end=mention + len(speaker), cue="said", confidence=0.9))
        yield Document(name=f"{tag}-{i}", text=text + f"({tag}, document {i})"), quotes


def store_as_a_job(engine, run_id: int, documents: Iterator[tuple[object, list]]) -> tuple[float, int]:
    """Store ``documents`` the way ``jobs.run_job`` does: through a ``DocumentWriter``, flushed
    after every ``jobs.DEFAULT_BATCH_SIZE`` documents. Returns the seconds spent in the writer
    (making the documents excluded) and the number of documents stored."""
    from attribution.jobs import DEFAULT_BATCH_SIZE
    from attribution.store.documents import DocumentWriter

    statuses = []
    writer = DocumentWriter(engine, run_id, lambda result: statuses.append(result.status))
    seconds = 0.0
    for number, (document, quotes) in enumerate(documents, 1):
        started = time.perf_counter()
        writer.add(document, quotes)
        if number % DEFAULT_BATCH_SIZE == 0:
            writer.flush()
        seconds += time.perf_counter() - started
    started = time.perf_counter()
    writer.flush()
    seconds += time.perf_counter() - started
    assert set(statuses) == {"stored"}, "a benchmark document was not stored"
    return seconds, len(statuses)


def latency_ms(action: Callable[[], list]) -> tuple[float, float, int]:
    """(first call, median of 5 further calls) in milliseconds, and the number of rows."""
    first, rows = timed(action)
    again = [timed(action)[0] for _ in range(5)]
    return first * 1000, statistics.median(again) * 1000, len(rows)


def synthetic_database(path: Path, quotes: int) -> tuple[object, float, list[str], list[str]]:
    """A new SQLite database (real schema) holding ``quotes`` synthetic quotes.

    The quotes come in documents of 50 (five speakers each, of ``quotes / 50``
    speakers) stored as a job stores them (``store_as_a_job``: speakers
    merged, the FTS5 index kept). Returns the engine, the seconds spent
    storing, speaker names and the vocabulary.
    """
    from attribution.store import open_database, start_run

    rng = random.Random(7)
    n_documents, n_speakers = max(1, quotes // 50), max(1, quotes // 50)
    engine = open_database(path)
    run_id = start_run(engine, model_name="synthetic", model_version=None, extractor_version="bench", options={})
    names = [f"{rng.choice(GIVEN_NAMES)} {surname.title()}" for surname in pseudo_words(n_speakers, rng)]
    vocabulary = pseudo_words(5_000, rng)
    documents = synthetic_documents(n_documents, quotes // n_documents, names, vocabulary, rng, f"run {run_id}")
    seconds, _ = store_as_a_job(engine, run_id, documents)
    return engine, seconds, names, vocabulary


def bench_sqlite(quotes: int, workdir: Path) -> list[Row]:
    from attribution.store import find_quotes

    log(f"SQLite: {quotes:,} quotes stored as a job stores them")
    engine, seconds, names, vocabulary = synthetic_database(workdir / "ingest.db", quotes)
    rate = quotes / seconds
    rows = [Row(f"SQLite ingest of {quotes:,} quotes as a job stores them (FTS5 index kept)", f"{rate:,.0f} quotes/s",
                f">= {TARGET_INGEST:,}", rate >= TARGET_INGEST)]
    speaker = names[len(names) // 2]
    one_word, two_words = vocabulary[100], f"{vocabulary[200]} {vocabulary[300]}"
    log("queries on the ingested database")
    for label, action in (
        (f"find_quotes(speaker={speaker!r})", lambda: find_quotes(engine, speaker=speaker)),
        (f"find_quotes(search={two_words!r})", lambda: find_quotes(engine, search=two_words)),
        (f"find_quotes(search={one_word!r}, limit={SEARCH_PAGE})", lambda: find_quotes(engine, search=one_word, limit=SEARCH_PAGE)),
        (f"find_quotes(search={one_word!r})", lambda: find_quotes(engine, search=one_word)),
    ):
        first, median, found = latency_ms(action)
        unpaged = "limit" not in label and found > SEARCH_PAGE
        rows.append(Row(f"  {label}: {found} rows", f"{median:.1f} ms (first call {first:.1f} ms)",
                        "" if unpaged else f"< {TARGET_QUERY_MS:.0f} ms", None if unpaged else median < TARGET_QUERY_MS))
    engine.dispose()
    return rows


def bench_store_documents(url: str, label: str, documents: int) -> list[Row]:
    """Documents/s and quotes/s of 10-quote documents stored as a job stores them
    (``store_as_a_job``), and one transaction each (``documents.store_document``)."""
    from attribution.store import open_database, start_run, store_document

    rng = random.Random(11)
    vocabulary = pseudo_words(2_000, rng)
    engine = open_database(url)
    run_id = start_run(engine, model_name="synthetic", model_version=None, extractor_version="bench", options={})
    speakers = [f"{rng.choice(GIVEN_NAMES)} {w.title()}" for w in pseudo_words(500, rng)]
    batch = list(synthetic_documents(documents, 10, speakers, vocabulary, rng, f"run {run_id}"))
    log(f"{label}: {documents} documents of 10 quotes as a job stores them")
    seconds, _ = store_as_a_job(engine, run_id, iter(batch))
    alone = list(synthetic_documents(documents, 10, speakers, vocabulary, rng, f"run {run_id}, alone"))
    log(f"{label}: store_document of {documents} documents of 10 quotes")
    alone_seconds, stored = timed(lambda: [store_document(engine, run_id, d, q) for d, q in alone])
    engine.dispose()
    assert all(stored), "a benchmark document was already stored"
    rate, alone_rate = documents / seconds, documents / alone_seconds
    return [
        Row(f"documents into {label} as a job stores them (a transaction per 16, written together)",
            f"{rate:,.0f} documents/s = {10 * rate:,.0f} quotes/s", f">= {TARGET_STORE_DOCUMENTS:,} documents/s",
            rate >= TARGET_STORE_DOCUMENTS),
        Row(f"  store_document into {label} (one transaction per document)",
            f"{alone_rate:,.0f} documents/s = {10 * alone_rate:,.0f} quotes/s"),
    ]


# --- 4. memory of a long job -------------------------------------------------------------


#: Runs its arguments as a command and prints that child's peak RSS in kilobytes. A child
#: forked straight from this (large) process would report this process's peak instead:
#: Linux carries the peak RSS of the forking image over ``exec``.
_PEAK_RSS_WRAPPER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of ``command``, run as a child of a small wrapper process."""
    wrapped = subprocess.run([sys.executable, "-c", _PEAK_RSS_WRAPPER, *command], capture_output=True, text=True)
    if wrapped.returncode:
        raise SystemExit(f"{' '.join(command)} failed with {wrapped.returncode}:\n{wrapped.stderr}")
    return int(wrapped.stdout.split()[-1]) / 1024  # kilobytes on Linux


def bench_memory(texts: list[str], counts: list[int], model: str | None, batch_size: int, workdir: Path) -> list[Row]:
    """Peak RSS of ``attribution extract --workers 1`` on each count of short documents; growth
    is against the smallest count."""
    peaks = {}
    for count in sorted(counts):
        source = write_jsonl(workdir / f"short-{count}.jsonl", short_documents(texts, count))
        log(f"peak memory of attribution extract on {count} short documents")
        seconds, peaks[count] = timed(lambda: peak_rss_mb(extract_command(workdir / f"memory-{count}.db", source, 1, batch_size, model)))
        log(f"{count} short documents: {peaks[count]:.0f} MB in {seconds:.0f} s")
        source.unlink()
    small, *larger = sorted(counts)
    rows = [Row(f"peak RSS, {small:,}-document job", f"{peaks[small]:.0f} MB")]
    for count in larger:
        growth = peaks[count] / peaks[small] - 1
        rows.append(Row(f"peak RSS, {count:,}-document job", f"{peaks[count]:.0f} MB ({growth:+.1%})", f"within {TARGET_MEMORY_GROWTH:.0%}", abs(growth) <= TARGET_MEMORY_GROWTH))
    return rows


# --- the table ---------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    print("| measure | value | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        print(f"| {row.measure} | {row.value} | {row.target} | {met} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="60 articles, 100,000 quotes, 200 and 2,000 short documents")
    parser.add_argument("--docs", type=int, help="articles per run (default 300, quick 60)")
    parser.add_argument("--quotes", type=int, help="synthetic quotes to ingest (default 1,000,000, quick 100,000)")
    parser.add_argument("--repeat", type=int, help="rounds of parse and job, fastest kept (default 2, quick 1)")
    parser.add_argument("--model", help="spaCy model (default: as attribution extract)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get("ATTRIBUTION_TEST_PG_URL"),
                        help="also time store_document into this PostgreSQL database (default $ATTRIBUTION_TEST_PG_URL)")
    parser.add_argument("--memory-docs", metavar="N,N,...",
                        help="short-document job sizes for peak RSS (default 1000,10000; quick 200,2000)")
    parser.add_argument("--only", choices=("overhead", "workers", "dask", "sqlite", "memory"), action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args()
    docs = args.docs or (60 if args.quick else 300)
    quotes = args.quotes or (100_000 if args.quick else 1_000_000)
    repeat = args.repeat or (1 if args.quick else 2)
    memory_docs = [int(n) for n in (args.memory_docs or ("200,2000" if args.quick else "1000,10000")).split(",")]
    parts = set(args.only or ("overhead", "workers", "dask", "sqlite", "memory"))

    articles = base_articles()
    texts = repeated(articles, docs)
    rows: list[Row] = [Row("machine", f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="attribution-bench-") as tmp:
        workdir = Path(tmp)
        if "overhead" in parts:
            rows += bench_overhead(texts, args.model, args.batch_size, repeat, workdir)
        workers_2 = None
        if "workers" in parts:
            worker_rows, workers_2 = bench_workers(texts, args.model, args.batch_size, workdir)
            rows += worker_rows
        if "dask" in parts:
            rows += bench_dask(texts, args.model, args.batch_size, workdir, workers_2)
        if "sqlite" in parts:
            rows += bench_sqlite(quotes, workdir)
            rows += bench_store_documents(f"sqlite:///{workdir / 'writes.db'}", "SQLite", 300 if args.quick else 1_000)
            if args.pg:
                rows += bench_store_documents(args.pg, "PostgreSQL", 300 if args.quick else 1_000)
        if "memory" in parts:
            rows += bench_memory(articles, memory_docs, args.model, args.batch_size, workdir)
    rows.append(Row("benchmark time", f"{time.monotonic() - started:.0f} s, load average {os.getloadavg()[0]:.1f} at the end"))
    print_table(rows)


if __name__ == "__main__":
    main()
