"""The transition table: every state can quit, nothing leaves CLOSED, every state is reachable."""

from __future__ import annotations

from mockview.session.states import (
    RECORD_ENABLED_STATES,
    RECORDING_STATES,
    TRANSITIONS,
    State,
    Trigger,
    next_state,
)


def test_every_open_state_can_quit_and_closed_is_final():
    for state in State:
        if state is State.CLOSED:
            assert all(next_state(state, t) is None for t in Trigger)
        else:
            assert next_state(state, Trigger.QUIT) is State.CLOSED


def test_every_state_is_reachable_from_idle():
    seen, frontier = {State.IDLE}, [State.IDLE]
    while frontier:
        state = frontier.pop()
        for (source, _trigger), target in TRANSITIONS.items():
            if source is state and target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(State)


def test_every_busy_state_has_a_way_back_to_idle_without_quitting():
    for state in RECORDING_STATES | {State.PROCESSING}:
        path, current = [], state
        for _ in range(len(State)):
            moves = [
                target
                for (source, trigger), target in TRANSITIONS.items()
                if source is current and trigger is not Trigger.QUIT and target is not current
            ]
            assert moves, f"{current} is a dead end"
            current = State.IDLE if State.IDLE in moves else moves[0]
            path.append(current)
            if current is State.IDLE:
                break
        assert current is State.IDLE, f"{state} never gets back to idle: {path}"


def test_failure_triggers_end_in_idle():
    assert next_state(State.STOPPING, Trigger.STOP_FAILED) is State.IDLE
    assert next_state(State.STARTING, Trigger.START_REFUSED) is State.IDLE
    assert next_state(State.PROCESSING, Trigger.PROCESS_FAILED) is State.IDLE
    assert next_state(State.PROCESSING, Trigger.CANCELLED) is State.IDLE


def test_wrong_state_triggers_are_refused():
    assert next_state(State.IDLE, Trigger.STOP) is None
    assert next_state(State.STOPPING, Trigger.RECORD) is None
    assert next_state(State.STARTING, Trigger.RECORD) is None
    assert State.STOPPING not in RECORD_ENABLED_STATES
