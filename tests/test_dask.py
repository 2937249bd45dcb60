"""factpull on a real Dask LocalCluster gives the same records as the local batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factpull.cli import main

pytest.importorskip("distributed")


def test_local_cluster_shards_equal_local_jobs_output(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(40):
        (pages / f"p{i:02}.txt").write_text(
            f"The county hired {i + 2} nurses in March 2021 and spent ${i + 1} million on clinic {i}.\n",
            encoding="utf-8",
        )
    (pages / "p13.txt").write_bytes(b"\x00\x01 not text")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"id": "r1", "text": "Prices rose 4% last year."}) + "\nnot json\n", encoding="utf-8")
    runner = CliRunner()
    local = runner.invoke(main, ["extract", str(pages), "--jobs", "2", "--jsonl"])
    out = tmp_path / "shards"
    result = runner.invoke(main, ["extract", str(pages), "--dask", "local:2", "-o", str(out)])
    assert result.exit_code == local.exit_code == 1
    shards = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl"]  # 32 pages a partition
    assert "".join(p.read_text(encoding="utf-8") for p in shards) == local.stdout
    assert result.stderr.count("factpull: error:") == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]

    # JSON Lines dumps are partitions of their own, error records included
    result = runner.invoke(main, ["extract", "--jsonl-in", str(dump), "--dask", "local:2", "-o", str(tmp_path / "d")])
    lines = (tmp_path / "d" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line).get("id") for line in lines] == ["r1", None]
    assert json.loads(lines[1])["error"]["code"] == "E106"


def test_dask_needs_an_output_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--dask", "local"])
    assert result.exit_code == 2
    assert "--dask needs -o FOLDER" in result.stderr
