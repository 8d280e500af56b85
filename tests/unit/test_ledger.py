"""The per-row delivery ledger: redelivery detection, outbox replay and pruning."""

from __future__ import annotations

from frontline import ledger


def test_a_row_knows_which_offsets_it_applied_and_what_they_published():
    row, led = ledger.split(None)
    assert row is None and not led.applied(0)
    led.record(7, [["alerts", "k", "{}", None]], committed=None)
    led.record(9, [], committed=None)
    raw = ledger.join({"x": 1}, led)
    row, back = ledger.split(raw)
    assert row == {"x": 1} and ledger.public(raw) == {"x": 1}
    assert back.applied(7) and back.applied(9) and not back.applied(10)
    assert back.replay(7) == [["alerts", "k", "{}", None]] and back.replay(9) == []


def test_outbox_of_committed_offsets_is_dropped():
    led = ledger.Ledger()
    for o in range(5):
        led.record(o, [["alerts", str(o), "{}", None]], committed=None)
    led.record(5, [["alerts", "5", "{}", None]], committed=3)
    assert sorted(led.outbox, key=int) == ["3", "4", "5"]
    assert led.offset == 5


def test_outbox_is_bounded():
    led = ledger.Ledger()
    for o in range(ledger.MAX_OUTBOX + 10):
        led.record(o, [["alerts", "k", "{}", None]], committed=None)
    assert len(led.outbox) == ledger.MAX_OUTBOX and str(ledger.MAX_OUTBOX + 9) in led.outbox


def test_the_outbox_keeps_its_own_copy_of_what_was_published():
    led, outs = ledger.Ledger(), [["alerts", "k", "{}", None]]
    led.record(3, outs, committed=None)
    outs.append(["momentum_input", None, "{}", 0])  # sent after, not part of the record
    assert led.replay(3) == [["alerts", "k", "{}", None]]
