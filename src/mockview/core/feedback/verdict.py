"""Whether a take holds enough speech to judge: nothing heard, too short, or judged ("").

A take that is not judged shows a plain verdict instead of rate figures, is kept in the history
but never ranked (best, latest, weakest first, charts), and can be discarded with one key.

The bound comes from bench/too_short.py: stretches of L seconds cut from a 2-minute answer of
real read speech (222 words, every start word) give a pace this far from the whole answer's:

    L_s   words  WPM_err_med  WPM_err_p90   one filler reads as
      5      11       23.2%        42.7%         12.0 /min
     10      19       18.0%        33.2%          6.0 /min
     15      29       14.5%        27.6%          4.0 /min

(eSpeak speech: 12.2 / 7.0 / 5.3 % median.) Under 10 s of speech the pace error is wider than
the whole "good" band (130-160 WPM) and a single filler counts as more than 5 a minute, the rate
that reads as hesitant (Corley & Stewart 2008): such a take is a false start, not an answer.
Twenty words is what 10 s of that real speech holds (median 19), so a take with long silences
between a few words is caught by the word count.
"""

from __future__ import annotations

MIN_SPEECH_S = 10.0
MIN_WORDS = 20

NO_SPEECH = "no_speech"
TOO_SHORT = "too_short"

# Figures that are rates over the speaking time: meaningless on a take that is not judged.
RATE_FIGURES = ("words_per_minute", "articulation_wpm", "fillers_per_minute")


def judge(word_count: int, content_word_count: int, speaking_s: float | None) -> tuple[str, str]:
    """(verdict, the sentence the user reads) for a take; ("", "") when it can be judged.
    `speaking_s` None: the words have no times (a text), so only the word count can tell."""
    if content_word_count == 0:
        return NO_SPEECH, (
            "Nothing was heard in this take, so there is nothing to judge. If you spoke, check "
            "the microphone in Settings; otherwise press Delete to discard it."
        )
    short = speaking_s is not None and speaking_s < MIN_SPEECH_S
    if short or word_count < MIN_WORDS:
        words = "word" if word_count == 1 else "words"
        said = f"{speaking_s:.0f} s and " if speaking_s is not None else ""
        return TOO_SHORT, (
            f"Too short to judge: {said}{word_count} {words} of speech. Pace "
            f"and filler rates need at least {MIN_SPEECH_S:.0f} s and {MIN_WORDS} words, so "
            "this take is kept but not ranked. Press Delete to discard it."
        )
    return "", ""
