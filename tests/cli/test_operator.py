"""The command line's part in issue 17: a mistyped switch stops every command (finding 7),
and a change is audited as the operating-system user who made it, any name they give
themself marked as claimed (finding 8: ``UNIONSTATS_USER=华新工会 … undo 27`` was recorded
as 华新工会)."""

from __future__ import annotations

import os
import pwd

import pytest

from tests.workbooks import xlsx
from unionstats.cli.main import main
from unionstats.store import list_batches, open_store
from unionstats.store.audit import list_entries, operator_name

MEMBERSHIP = xlsx([["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", 2024, 100, 90]])
SYSTEM_USER = pwd.getpwuid(os.geteuid()).pw_name


@pytest.fixture
def membership_file(tmp_path):
    path = tmp_path / "会员.xlsx"
    path.write_bytes(MEMBERSHIP)
    return path


@pytest.mark.parametrize("command", [["batches"], ["metrics"], ["user", "list"]])
def test_an_unknown_sign_in_switch_stops_every_command_with_exit_2(store_url, capsys, monkeypatch, command):
    monkeypatch.setenv("UNIONSTATS_AUTH", "enable")
    assert main([*command, "--db", store_url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("错误:环境变量 UNIONSTATS_AUTH 的值无法识别") and "on、1、true、yes" in err


def test_a_cli_change_is_audited_as_the_system_user_and_a_claimed_name_as_claimed(
    store_url, membership_file, monkeypatch, capsys
):
    # the claim, and the variables getpass.getuser() would believe
    for variable in ("UNIONSTATS_USER", "USER", "LOGNAME", "USERNAME"):
        monkeypatch.setenv(variable, "华新工会")
    assert main(["import", str(membership_file), "--db", store_url]) == 0
    engine = open_store(store_url)
    batch = list_batches(engine)[0]["id"]
    assert main(["undo", str(batch), "--db", store_url]) == 0
    monkeypatch.delenv("UNIONSTATS_USER")
    assert main(["undo", str(batch), "--db", store_url, "--user", "区总工会"]) == 1  # already undone: refused, not logged
    capsys.readouterr()
    claimed = f"{SYSTEM_USER}(自称「华新工会」)"
    entries = list(reversed(list_entries(engine)))
    assert [(e["user"], e["action"]) for e in entries] == [(claimed, "import"), (claimed, "undo")]
    assert list_batches(engine)[0]["created_by"] == claimed
    # before: both entries (and the batch) named 华新工会 alone


def test_the_command_line_user_option_is_a_claim_too(store_url, membership_file, monkeypatch, capsys):
    monkeypatch.delenv("UNIONSTATS_USER", raising=False)
    assert main(["import", str(membership_file), "--db", store_url, "--user", "区总工会"]) == 0
    capsys.readouterr()
    (entry,) = list_entries(open_store(store_url))
    assert entry["user"] == f"{SYSTEM_USER}(自称「区总工会」)"


def test_without_a_claim_the_system_user_alone_and_a_long_claim_fits_the_column(monkeypatch):
    monkeypatch.delenv("UNIONSTATS_USER", raising=False)
    assert operator_name() == SYSTEM_USER
    monkeypatch.setenv("UNIONSTATS_USER", SYSTEM_USER)
    assert operator_name() == SYSTEM_USER  # claiming to be oneself marks nothing
    long = operator_name(claimed="工" * 300)
    assert len(long) == 100 and long.startswith(f"{SYSTEM_USER}(自称「") and long.endswith("」)")
    assert operator_name("张敏") == "张敏"  # a signed-in viewer's name, proven by their password
