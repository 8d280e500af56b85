import datetime as dt

from frontline import momentum
from frontline.alerts import capital_alert, momentum_alert
from frontline.control import apply_event

from .factories import HTS, SAA, TOWN, event

D = dt.date.fromisoformat


def _state() -> momentum.MomentumState:
    return momentum.MomentumState(actor=HTS.name, actor_kind=HTS.kind, country_code="SY")


def _change(day: str, loc=TOWN, weight=1.0, prev=None):
    s0 = (
        apply_event(None, event("holds", actor=prev, loc=loc, day="2024-01-01"))[0]
        if prev
        else None
    )
    return apply_event(s0, event("capture", loc=loc, day=day, importance=weight))[1]


def test_change_is_gain_for_taker_and_loss_for_holder():
    cs = momentum.contributions(_change("2024-12-01", prev=SAA))
    assert [(c.actor, c.gained) for c in cs] == [(HTS.name, True), (SAA.name, False)]


def test_repeated_contribution_counts_once():
    st = _state()
    c = momentum.contributions(_change("2024-12-01"))[0]
    assert momentum.add(st, c, D("2024-12-01"), 3)
    assert not momentum.add(st, c, D("2024-12-01"), 3)
    assert momentum.net(st, D("2024-12-01"), 7) == 1.0


def test_window_slides_with_stream_time_and_late_events_are_dropped():
    st = _state()
    c = momentum.contributions(_change("2024-12-01", weight=3.0))[0]
    momentum.add(st, c, D("2024-12-01"), 3)
    assert momentum.net(st, D("2024-12-07"), 7) == 3.0
    assert momentum.net(st, D("2024-12-08"), 7) == 0.0
    assert momentum.net(st, D("2024-12-01"), 1) == 3.0
    late = momentum.contributions(_change("2024-11-20"))[0]
    assert not momentum.add(st, late, D("2024-12-01"), 3)


def test_evaluate_publishes_changes_and_closed_windows_once():
    st = _state()
    momentum.add(st, momentum.contributions(_change("2024-12-01"))[0], D("2024-12-01"), 3)
    ups = momentum.evaluate(st, D("2024-12-01"), (7, 1), 3)
    assert [(u.window_days, u.net_momentum, u.closed) for u in ups] == [
        (7, 1.0, False),
        (1, 1.0, False),
    ]
    assert momentum.evaluate(st, D("2024-12-01"), (7, 1), 3) == []
    ups = momentum.evaluate(st, D("2024-12-06"), (7, 1), 3)
    closed = [(u.window_days, u.window_end.isoformat()) for u in ups if u.closed]
    assert closed == [(7, "2024-12-01"), (1, "2024-12-01"), (7, "2024-12-02")]
    again = momentum.evaluate(st, D("2024-12-06"), (7, 1), 3)
    assert not [u for u in again if u.closed]


def test_alert_fires_once_and_resolves_with_hysteresis():
    st = _state()
    assert momentum_alert(st, 5, D("2024-12-01"), 8, 3) is None
    a = momentum_alert(st, 9, D("2024-12-02"), 8, 3)
    assert a.state == "firing" and a.severity == "warning"
    assert momentum_alert(st, 12, D("2024-12-03"), 8, 3) is None
    assert momentum_alert(st, 4, D("2024-12-04"), 8, 3) is None
    r = momentum_alert(st, 2, D("2024-12-10"), 8, 3)
    assert r.state == "resolved" and r.alert_id == a.alert_id


def test_capital_alert_only_for_capitals_gained():
    gain = momentum.contributions(_change("2024-12-01", loc=event("capture").location))[0]
    assert capital_alert(gain).rule == "capital_changed_hands"
    town = momentum.contributions(_change("2024-12-01"))[0]
    assert capital_alert(town) is None


def test_a_quiet_week_of_scattered_town_captures_does_not_fire():
    """Three small towns in a week (importance 0.2-0.35) stay below the default threshold."""
    from frontline.settings import Settings

    s = Settings(_env_file=None)
    st = _state()
    fired = []
    for i, (day, w) in enumerate((("2024-03-01", 0.35), ("2024-03-04", 0.2), ("2024-03-07", 0.35))):
        loc = TOWN.model_copy(update={"geonameid": 1000 + i, "name": f"town{i}"})
        c = momentum.contributions(_change(day, loc=loc, weight=w))[0]
        momentum.add(st, c, D(day), s.momentum_grace_days)
        a = momentum_alert(
            st,
            momentum.net(st, D(day), 7),
            D(day),
            s.momentum_alert_threshold,
            s.momentum_resolve_threshold,
        )
        fired += [a] if a else []
    assert momentum.net(st, D("2024-03-07"), 7) == 0.9
    assert fired == []


def _changes_with_ids():
    """Three captures (different weights and days) and a loss, as the control rule makes them."""
    saa_held = apply_event(None, event("holds", actor=SAA, loc=TOWN, day="2024-11-01"))[0]
    town = apply_event(saa_held, event("capture", loc=TOWN, day="2024-12-02", importance=0.3))[1]
    big = apply_event(None, event("capture", day="2024-12-01", article="a2", importance=3.0))[1]
    far = TOWN.model_copy(update={"geonameid": 42, "name": "Ţarţūs"})
    small = apply_event(
        None, event("capture", loc=far, day="2024-12-03", article="a3", importance=0.3)
    )[1]
    return town, big, small


def test_contributions_carry_the_change_event_and_article_ids():
    town, *_ = _changes_with_ids()
    gain, loss = momentum.contributions(town)
    assert gain.change_id == loss.change_id == town.change_id
    assert gain.event_ids == town.event_ids and gain.article_ids == ["a1"] == town.article_ids
    assert not loss.gained and loss.actor == SAA.name


def test_updates_and_alerts_name_the_places_behind_the_number_heaviest_first():
    st = _state()
    for ch in _changes_with_ids():
        for c in momentum.contributions(ch):
            if c.actor == HTS.name:
                momentum.add(st, c, D("2024-12-03"), 3)
    (u7,) = [u for u in momentum.evaluate(st, D("2024-12-03"), (7,), 3) if not u.closed]
    assert [p.display_name for p in u7.places] == ["Aleppo", "Tartus", "Saraqib"]
    assert [p.weight for p in u7.places] == [3.0, 0.3, 0.3]  # ties: newest first
    assert all(p.gained and p.change_id and p.event_ids for p in u7.places)
    assert u7.places[0].article_ids == ["a2"] and u7.places[0].place_key == "gn:170063"
    a = momentum_alert(st, momentum.net(st, D("2024-12-03"), 7), D("2024-12-03"), 3, 1)
    assert a.places == u7.places
    assert a.summary.endswith("over 7 days: Aleppo, Tartus, Saraqib")
    # A one-day window holds only that day's place; limits bound the list.
    (u1,) = momentum.evaluate(st, D("2024-12-04"), (1,), 3)[:1]
    assert u1.places == [] and u1.net_momentum == 0.0
    assert len(momentum.window_places(st, D("2024-12-03"), 7, limit=2)) == 2


def test_places_are_pruned_with_the_buckets_and_a_capital_alert_names_its_place():
    st = _state()
    _, big, _ = _changes_with_ids()
    gain = momentum.contributions(big)[0]
    momentum.add(st, gain, D("2024-12-01"), 3)
    assert capital_alert(gain).places[0].change_id == big.change_id
    momentum.evaluate(st, D("2024-12-30"), (7, 1), 3)
    assert st.moves == {} and st.buckets == {}
    # A row saved before places existed (no `moves`) still loads.
    old = momentum.MomentumState.model_validate(
        {"actor": HTS.name, "actor_kind": "non_state", "country_code": "SY"}
    )
    assert old.moves == {}


def test_a_row_keeps_each_days_top_places_and_the_window_list_stays_exact():
    from frontline.models import MAX_PLACES

    st = _state()
    everything = []
    for i in range(3 * MAX_PLACES):
        loc = TOWN.model_copy(update={"geonameid": 2000 + i, "name": f"town{i}"})
        day = f"2024-12-0{1 + i % 3}"
        c = momentum.contributions(_change(day, loc=loc, weight=0.1 + (i * 7 % 23) / 10))[0]
        momentum.add(st, c, D("2024-12-03"), 3)
        everything.append(momentum.place_move(c))
    assert len(st.moves) == 3 * MAX_PLACES  # ten a day: nothing dropped yet
    more = momentum.contributions(_change("2024-12-03", weight=0.05))[0]
    momentum.add(st, more, D("2024-12-03"), 3)
    assert len(st.moves) == 3 * MAX_PLACES  # the day's lightest went
    best = sorted(everything, key=lambda m: momentum._rank(m.model_dump(mode="json")))[:MAX_PLACES]
    assert momentum.window_places(st, D("2024-12-03"), 7) == best
    assert momentum.net(st, D("2024-12-03"), 7) == round(
        sum(m.weight for m in everything) + 0.05, 3
    )
