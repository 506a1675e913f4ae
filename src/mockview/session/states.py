"""The practice session's states and the one table of transitions between them.

Every state change of the practice loop goes through `PracticeSession._fire`, which looks the
pair (state, trigger) up in TRANSITIONS; a pair missing from the table is refused (the trigger is
ignored and logged), so a click in the wrong state can never leave the session half-way.
"""

from __future__ import annotations

import enum


class State(enum.Enum):
    IDLE = "idle"  # nothing recording; results (or nothing) on screen
    STARTING = "starting"  # the attempt row and the microphone are being opened
    RECORDING = "recording"
    STOPPING = "stopping"  # the recorder is closing its file
    PROCESSING = "processing"  # transcribing and analysing the answer just recorded
    CLOSED = "closed"  # the app is quitting; nothing more is accepted


class Trigger(enum.Enum):
    RECORD = "record"  # the user asks to record
    STARTED = "started"  # the microphone is open and the attempt row exists
    START_REFUSED = "start refused"  # no microphone, the store failed, ...
    STOP = "stop"  # the user asks to stop
    DEVICE_LOST = "device lost"  # the microphone failed mid-way; its audio so far is kept
    STOPPED = "stopped"  # the file is closed; processing is queued (it waits for the model)
    STOP_FAILED = "stop failed"  # the recorder could not be stopped cleanly; the audio is kept
    PROCESSED = "processed"  # transcript and feedback stored
    PROCESS_FAILED = "process failed"  # model unavailable or transcription failed; audio kept
    CANCELLED = "cancelled"  # processing was cancelled; the attempt stays recoverable
    RETRY = "retry"  # transcribe a failed attempt's kept audio again
    SETTINGS_CHANGED = "settings changed"  # microphone or model changed (applied when safe)
    QUIT = "quit"


S, T = State, Trigger

TRANSITIONS: dict[tuple[State, Trigger], State] = {
    (S.IDLE, T.RECORD): S.STARTING,
    (S.PROCESSING, T.RECORD): S.STARTING,  # answer again; the last answer finishes behind
    (S.STARTING, T.STARTED): S.RECORDING,
    (S.STARTING, T.START_REFUSED): S.IDLE,
    (S.RECORDING, T.STOP): S.STOPPING,
    (S.RECORDING, T.DEVICE_LOST): S.STOPPING,
    (S.STOPPING, T.STOPPED): S.PROCESSING,
    (S.STOPPING, T.STOP_FAILED): S.IDLE,
    (S.PROCESSING, T.PROCESSED): S.IDLE,
    (S.PROCESSING, T.PROCESS_FAILED): S.IDLE,
    (S.PROCESSING, T.CANCELLED): S.IDLE,
    (S.IDLE, T.RETRY): S.PROCESSING,
    (S.PROCESSING, T.RETRY): S.PROCESSING,
    # Settings: applied at once when nothing is recording, held until the attempt is recorded
    # otherwise (the recorder in use is never swapped under a recording).
    (S.IDLE, T.SETTINGS_CHANGED): S.IDLE,
    (S.PROCESSING, T.SETTINGS_CHANGED): S.PROCESSING,
    (S.STARTING, T.SETTINGS_CHANGED): S.STARTING,
    (S.RECORDING, T.SETTINGS_CHANGED): S.RECORDING,
    (S.STOPPING, T.SETTINGS_CHANGED): S.STOPPING,
    # Quitting from any state: the recorder is stopped (its audio kept for recovery) and
    # processing is cancelled within a bounded wait.
    **{(state, T.QUIT): S.CLOSED for state in State if state is not S.CLOSED},
}

# While one of these holds, the question cannot change and the microphone is in use.
RECORDING_STATES = frozenset({S.STARTING, S.RECORDING, S.STOPPING})
# Record is offered (as Record or as Stop) in these.
RECORD_ENABLED_STATES = frozenset({S.IDLE, S.RECORDING, S.PROCESSING})


def next_state(state: State, trigger: Trigger) -> State | None:
    """The state `trigger` leads to from `state`, or None when the table does not allow it."""
    return TRANSITIONS.get((state, trigger))
