import pytest

from frontline_dev import kafka_local


def test_missing_java_or_maven_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    with pytest.raises(kafka_local.KafkaError, match=r"`java` not found.*openjdk"):
        kafka_local.fetch(tmp_path / "cache", "4.1.1")


def test_status_of_a_never_started_broker(tmp_path):
    assert kafka_local.status(tmp_path) == ("stopped", None)
    assert kafka_local.stop(tmp_path) is False


def test_stale_pid_file_is_reported(tmp_path):
    (tmp_path / "broker.json").write_text(
        '{"pid": 999999, "port": 1, "controller_port": 2, "state_dir": "x", "version": "4.1.1"}'
    )
    state, info = kafka_local.status(tmp_path)
    assert state == "stale" and info.pid == 999999
