"""Story structure (STAR) of behavioural answers: hand-made transcripts, and (slow) speech."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mockview.core.feedback.structure import PARTS, advice, find_structure
from mockview.core.feedback.tokens import tokenize
from mockview.core.transcript import Segment, Transcript, Word
from tests.core.feedback.helpers import STEP_S, transcript

COMPLETE = (
    "Last year our checkout service kept timing out during sales. "
    "My task was to make it stable before the holiday season. "
    "I profiled the service, found a slow database query and added an index. "
    "Then I set up load tests that run before every release. "
    "As a result, timeouts dropped by 90 percent and sales went up 12 percent."
)
NO_RESULT = (
    "A few years ago our team had no code reviews and bugs kept reaching customers. "
    "I had to change that without slowing everyone down. "
    "I wrote a short review guide and paired with each developer for a week. "
    "Then I added a rule that every change needs one approval."
)
VAGUE_RESULT = (
    "When I joined the team, two senior engineers kept arguing about the design. "
    "I needed to get them working together. "
    "I met each of them separately and then we agreed on written guidelines together. "
    "In the end the team was much happier and the project was delivered."
)
OPINIONS = (
    "I think conflict is a normal part of working in any team. "
    "My general approach is to listen first and understand the other side. "
    "I believe it's important to keep the discussion about the work. "
    "Good communication usually solves most problems."
)


def _structure(text: str):
    return find_structure(tokenize(transcript(text)))


def test_complete_story_finds_four_parts_in_order_with_times():
    s = _structure(COMPLETE)
    assert s.checked and s.missing == () and s.thin == ()
    assert [p.part for p in s.parts] == list(PARTS)
    words = COMPLETE.split()
    # Each part starts at its sentence ("Last", "My", "I", "As") and they do not overlap.
    assert [words[p.start_index] for p in s.parts] == ["Last", "My", "I", "As"]
    assert all(a.end_index < b.start_index for a, b in zip(s.parts, s.parts[1:], strict=False))
    for p in s.parts:
        assert p.start_s == pytest.approx(0.5 + p.start_index * STEP_S)
        assert p.end_s > p.start_s and p.word_count == p.end_index - p.start_index + 1
        assert p.cues and not p.thin
    assert s.result_has_numbers
    assert "my task" in s.parts[1].cues


def test_no_result_is_missing_result():
    s = _structure(NO_RESULT)
    assert s.missing == ("result",)
    assert [p.part for p in s.parts] == ["situation", "task", "action"]
    assert advice(s) == ["no result: what changed, by how much?"]


def test_result_without_numbers():
    s = _structure(VAGUE_RESULT)
    assert "result" not in s.missing and not s.result_has_numbers
    assert s.parts[-1].part == "result"


def test_vague_short_result_is_thin():
    s = _structure(
        "When I was a team lead two developers kept clashing over reviews. "
        "I needed to sort it out. I met each of them and we agreed on guidelines. "
        "After that things were better."
    )
    assert "result" in s.thin and not s.result_has_numbers
    assert advice(s)[-1].startswith("thin result")


def test_story_without_cues_for_situation_or_task():
    s = _structure(
        "I negotiated exit clauses with the vendor. I also ran a bake-off every quarter. "
        "The result was a 24 percent discount."
    )
    assert s.missing == ("situation", "task")


def test_a_non_story_answer_returns_few_parts():
    s = _structure(OPINIONS)
    assert len(s.parts) <= 1 and len(s.missing) >= 3


def test_hypothetical_answer_is_no_story():
    s = _structure(
        "If that happened, I would first talk to everyone involved. "
        "I would propose a plan with clear owners. And I would check in every week."
    )
    assert s.parts == [] and s.missing == PARTS


def test_empty_transcript():
    s = find_structure(tokenize(Transcript("")))
    assert s.checked and s.parts == [] and s.missing == PARTS and not s.result_has_numbers


def test_the_lesson_is_not_the_result():
    s = _structure(NO_RESULT + " What I learned is that small rules beat big speeches.")
    assert s.missing == ("result",)


def test_result_told_first():
    s = _structure(
        "I cut our cloud bill by 35 percent in six months. "
        "At the time we were training models on demand instances and nobody watched the spend. "
        "The CFO asked me to bring costs down. "
        "I moved the training jobs to spot instances and switched off idle clusters at night."
    )
    assert [p.part for p in s.parts] == ["result", "situation", "task", "action"]
    assert s.result_has_numbers


def test_every_part_thin_in_a_very_short_story():
    s = _structure("We had an outage once. I fixed it. It was fine.")
    assert s.missing == ("task",)
    assert s.thin == ("situation", "action", "result")


def test_run_on_answer_without_punctuation():
    text = COMPLETE.replace(".", "").replace(",", "").lower()
    s = _structure(text)
    assert {"situation", "task", "action", "result"} - set(s.missing) >= {"task", "result"}
    assert len(s.parts) >= 3


def test_percent_sign_as_its_own_word_counts_as_a_percentage():
    words = "Churn fell from 8 % to 5 % within a year .".split()
    ws = tuple(Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate(words))
    t = Transcript(" ".join(words), (Segment(" ".join(words), 0.0, 4.0, ws),), 4.0)
    story = (
        "Last year customers left in their first month. My goal was to keep them. "
        "I redesigned the setup flow and called every new customer. "
    )
    lead = tokenize(transcript(story))
    s = find_structure(tokenize(Transcript(t.text, (*transcript(story).segments, *t.segments))))
    result = next(p for p in s.parts if p.part == "result")
    assert result.start_index == len(lead) and s.result_has_numbers
    assert "percent" in result.cues


def test_indices_point_into_all_words_with_bare_punctuation():
    words = ["Last", "year", "we", "were", "losing", "money", "-", "fast."]
    words += "My task was to stop it. I cut the costs. Costs went down 20 percent.".split()
    ws = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(words))
    t = Transcript(" ".join(words), (Segment(" ".join(words), 0.0, 9.0, ws),), 9.0)
    s = find_structure(tokenize(t))
    assert [words[p.start_index] for p in s.parts] == ["Last", "My", "I", "Costs"]
    assert s.parts[0].end_index == 7 and s.parts[0].word_count == 7  # "-" is not a word


# --- through speech: espeak-ng and the bundled model -------------------------------------------

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "star_answers.yaml"


@pytest.fixture(scope="module")
def tiny():
    from mockview.engines.transcriber import WhisperTranscriber

    engine = WhisperTranscriber(device="cpu")
    engine.load()
    return engine


@pytest.mark.slow
@pytest.mark.parametrize("answer_id", ["a01", "a03", "a12"])
def test_labelled_answers_through_speech(answer_id, tiny, tmp_path):
    """Complete, no result, no story: the missing parts come out as labelled."""
    from tests.support.speech import espeak_wav, load_16k

    answers = {a["id"]: a for a in yaml.safe_load(DATA.read_text())["answers"]}
    answer = answers[answer_id]
    text = " ".join(t for _, t in answer["parts"])
    audio = load_16k(espeak_wav(text, tmp_path / "answer.wav", rate_wpm=165))
    s = find_structure(tokenize(tiny.transcribe(audio)))
    assert s.missing == tuple(answer["missing"])
    if answer["missing"] != list(PARTS):
        said = [p for p in PARTS if p not in answer["missing"]]
        assert [p.part for p in s.parts] == said
        assert all(a.end_s <= b.start_s for a, b in zip(s.parts, s.parts[1:], strict=False))
