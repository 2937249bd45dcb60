"""Run factpull on a Dask cluster: the same pure pipeline mapped over partitions of inputs.

Inputs (page files, JSON Lines dumps, WARC/WET archives) are cut into partitions: runs of up
to ``PAGES_PER_PARTITION`` page files, and every dump or archive on its own. Each partition
is processed by one Dask task on some worker and written atomically as one JSON Lines shard,
``part-00000.jsonl``, ``part-00001.jsonl``, ... in input order, so the shards read in order
equal the local ``--jsonl`` output. Error records stand in for inputs that fail, as in the
local batch. Each worker process loads the spaCy pipeline once (``nlp.load_pipeline`` is
cached per process; the Extractor travels without it).

Needs the ``dask`` extra (``pip install 'factpull[dask]'``); the core never imports this module.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import FactpullError, OutputError
from .archives import is_archive
from .batch import Settings, SettingsError
from .emit import atomic_writer
from .inputs import Input
from .output import Reporter, Summary, json_format, remove_stale_temporaries
from .pool import Worker
from .records import pages

PAGES_PER_PARTITION = 32


class DaskError(FactpullError):
    """Dask is not installed, or the scheduler cannot be reached."""

    code = "E500"


@dataclass
class ShardReport:
    """What one partition's task sends back to the client."""

    shard: str
    documents: int = 0
    failed: int = 0
    skipped_records: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def partitions(items: Iterable[Input], *, jsonl_in: bool, size: int = PAGES_PER_PARTITION) -> Iterator[list[Input]]:
    """Consecutive runs of page files, at most ``size`` long; each dump or archive alone."""
    run: list[Input] = []
    for item in items:
        alone = jsonl_in or (item.path is not None and item.problem is None and is_archive(item.path))
        if alone:
            if run:
                yield run
                run = []
            yield [item]
            continue
        run.append(item)
        if len(run) >= size:
            yield run
            run = []
    if run:
        yield run


def process_partition(index: int, items: Sequence[Input], worker: Worker, out_dir: str, jsonl_in: bool) -> ShardReport:
    """Run on a Dask worker: process the partition's pages in order into one shard."""
    from .archives import ArchiveStats

    path = Path(out_dir) / f"part-{index:05}.jsonl"
    report = ShardReport(path.name)
    stats = ArchiveStats()
    try:
        with atomic_writer(path) as handle:
            for item in items:
                for page in pages(item, jsonl_in=jsonl_in, stats=stats):
                    result = worker(page)
                    handle.write(result.output)
                    if result.error is not None:
                        report.failed += 1
                        report.errors.append(result.error)
                    else:
                        report.documents += 1
                        report.warnings.extend(result.warnings)
    except OutputError as exc:
        report.failed += 1
        report.errors.append(exc.message)
    report.skipped_records = stats.skipped
    return report


def run_dask(
    items: Iterable[Input],
    worker: Worker,
    out_dir: Path,
    scheduler: str,
    *,
    jsonl_in: bool = False,
    resume: bool = False,
    on_report: Callable[[ShardReport], None] | None = None,
) -> Summary:
    """Process ``items`` on the Dask cluster ``scheduler`` (``local``, ``local:N`` or an address
    such as ``tcp://host:8786``), writing shards to ``out_dir``."""
    try:
        from distributed import as_completed
    except ImportError:
        raise DaskError("--dask needs the dask extra: pip install 'factpull[dask]'") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    parts = list(partitions(items, jsonl_in=jsonl_in))
    summary.inputs = sum(len(p) for p in parts)
    done = {i for i in range(len(parts)) if resume and (out_dir / f"part-{i:05}.jsonl").exists()}
    todo = [(i, p) for i, p in enumerate(parts) if i not in done]
    summary.skipped = sum(len(parts[i]) for i in done)
    with _client(scheduler) as client:
        futures = [
            client.submit(
                process_partition, i, p, worker, str(out_dir), jsonl_in, key=f"factpull-part-{i:05}", pure=False
            )
            for i, p in todo
        ]
        for future in as_completed(futures):
            report: ShardReport = future.result()
            summary.documents += report.documents
            summary.failed += report.failed
            summary.failures.extend(report.errors)
            summary.archive.skipped += report.skipped_records
            if on_report is not None:
                on_report(report)
    return summary


@contextlib.contextmanager
def _client(scheduler: str) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler == "local" or scheduler.startswith("local:"):
        _, _, count = scheduler.partition(":")
        try:
            workers = int(count) if count else None
        except ValueError:
            raise DaskError(f"--dask {scheduler}: the worker count must be a number, as in local:4") from None
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    with client:
        yield client


def run_on_dask(settings: Settings, extractor: Any, scheduler: str, reporter: Reporter) -> Summary:
    """``factpull extract --dask SCHEDULER``: the inputs of ``settings`` as shards under ``-o FOLDER``."""
    output = settings.output
    if output is None or (output.exists() and not output.is_dir()):
        raise SettingsError("--dask needs -o FOLDER for its part-NNNNN.jsonl shards")
    if not settings.inputs or "-" in settings.inputs:
        raise SettingsError("--dask reads files, folders or archives, not stdin")

    def on_report(report: ShardReport) -> None:
        for message in report.errors:
            reporter.error(message)
        for message in report.warnings:
            reporter.warning(message)

    worker = Worker(
        extractor, json_format(pretty=False), debug=settings.debug, page_timeout=settings.page_timeout or None
    )
    if settings.resume and output.is_dir():
        remove_stale_temporaries(output)
    items = settings.found()
    return run_dask(
        items, worker, output, scheduler, jsonl_in=settings.jsonl_in, resume=settings.resume, on_report=on_report
    )
