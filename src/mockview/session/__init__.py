"""The practice session outside Qt: its states, the one processing pipeline, the model thread.

`ui` adapts a `PracticeSession` to widgets; the CLI and crash recovery use `pipeline` directly.
Imports go ui -> session -> engines -> core.
"""
