"""`glossary suggest` driven through typer's runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from glossary.cli import app

runner = CliRunner()


def test_jsonl_in_input_order() -> None:
    result = runner.invoke(app, ["suggest", "彭建真", "欧阳修", "香港", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["hanzi"] for r in rows] == ["彭建真", "欧阳修", "香港"]
    assert [r["korean"] for r in rows] == ["펑젠전", "구양수", "홍콩"]
    assert [r["rule"] for r in rows] == ["table", "historical", "customary"]
    assert set(rows[0]) == {"hanzi", "pinyin", "korean", "sino_korean", "rule", "official", "official_rule",
                            "customary"}


def test_bad_items_do_not_stop_the_others() -> None:
    result = runner.invoke(app, ["suggest", "abc", "彭建真", "", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert rows[1]["korean"] == "펑젠전"
    assert "not Hanzi" in rows[0]["error"] and "empty" in rows[2]["error"]
    assert "not Hanzi" in result.stderr


def test_all_bad_exits_non_zero() -> None:
    result = runner.invoke(app, ["suggest", "abc"])
    assert result.exit_code == 1


def test_check() -> None:
    result = runner.invoke(app, ["suggest", "--check", "펑지엔전", "彭建真", "왕쥔조우", "王填", "--format", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["variant", "not-a-rendering"]
    assert rows[0]["official"] == "펑젠전"


def test_check_needs_pairs() -> None:
    result = runner.invoke(app, ["suggest", "--check", "펑지엔전"])
    assert result.exit_code == 2
    assert "pairs" in result.stderr


def test_user_exceptions_file(tmp_path) -> None:
    table = tmp_path / "mine.tsv"
    table.write_text("hanzi\tkorean\tkind\n步步高\t부부가오\tcustomary\n", encoding="utf-8")
    result = runner.invoke(app, ["suggest", "步步高", "--exceptions", str(table), "--format", "jsonl"])
    assert json.loads(result.stdout)["rule"] == "customary"
    bad = tmp_path / "bad.tsv"
    bad.write_text("foo\tbar\n1\t2\n", encoding="utf-8")
    result = runner.invoke(app, ["suggest", "步步高", "--exceptions", str(bad)])
    assert result.exit_code == 2 and "columns" in result.stderr


def test_person_flag_forces_or_forbids_the_surname_reading() -> None:
    forced = runner.invoke(app, ["suggest", "单位", "--person", "--format", "jsonl"])
    assert json.loads(forced.stdout)["korean"] == "산웨이"
    forbidden = runner.invoke(app, ["suggest", "单田芳", "--not-person", "--format", "jsonl"])
    assert json.loads(forbidden.stdout)["korean"] == "단톈팡"
