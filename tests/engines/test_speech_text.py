"""Text prepared for eSpeak: acronyms spelt, money and A/B said as people say them."""

import pytest

from mockview.engines.speech_text import SAID_AS_WORDS, prepare_for_speech


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("PSI", "P-S-I"),
        ("Track AUC and PSI weekly.", "Track A-U-C and P-S-I weekly."),
        ("Our OKRs and ACLs", "Our O-K-R's and A-C-L's"),
        ("the SLO for PII", "the S-L-O for P-I-I"),
        ("AI", "A-I"),
        ("an EU rule", "an E-U rule"),
        ("GDPR", "G-D-P-R"),
        ("LLMs", "L-L-M's"),
        ("the TFLOP budget", "the teraflop budget"),
    ],
)
def test_acronyms_are_spelt(text, spoken):
    assert prepare_for_speech(text) == spoken


def test_pronounceable_acronyms_and_other_words_stay():
    assert prepare_for_speech("NASA uses RAG with FAISS") == "NASA uses RAG with FAISS"
    assert all(w.isupper() and 2 <= len(w) <= 6 for w in SAID_AS_WORDS)
    # Not all caps, too long, a single letter, or mixed case: left to eSpeak.
    for text in ("MLOps and QLoRA", "EBITDA", "I said A", "Hello World", "KServe"):
        assert prepare_for_speech(text) == text


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("$4 million", "4 million dollars"),
        ("a $4 million budget", "a 4 million dollars budget"),
        ("$2.5M in ARR", "2.5 million dollars in A-R-R"),
        ("$40k", "40 thousand dollars"),
        ("$1,200 a month", "1,200 dollars a month"),
        ("$3bn", "3 billion dollars"),
        ("$15", "15 dollars"),
    ],
)
def test_money(text, spoken):
    assert prepare_for_speech(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("an A/B test", "an A B test"),
        ("our CI/CD pipeline", "our C-I C-D pipeline"),
        ("and/or", "and/or"),
        ("TCP/IP", "T-C-P I-P"),
    ],
)
def test_slashes_between_acronyms(text, spoken):
    assert prepare_for_speech(text) == spoken


def test_speaker_synthesizes_the_prepared_text_under_a_versioned_key(tmp_path, monkeypatch):
    import mockview.engines.tts as tts
    from tests.engines.test_tts import _fake_job

    log = []
    speaker = tts.Pyttsx3Speaker(tmp_path / "cache")
    monkeypatch.setattr(speaker, "_job", _fake_job(log))
    path = speaker.synthesize("Watch the PSI and the $4 million A/B test.")
    assert log[0][0] == "Watch the P-S-I and the 4 million dollars A B test."
    # The key is the raw text's; a new version of the rules makes a new entry.
    assert path == speaker.path_for("Watch the PSI and the $4 million A/B test.")
    monkeypatch.setattr(tts, "PREPARATION_VERSION", tts.PREPARATION_VERSION + 1)
    assert speaker.path_for("Watch the PSI and the $4 million A/B test.") != path


@pytest.mark.slow
def test_real_speech_says_psi_as_letters(tmp_path):
    """Through eSpeak and back through tiny.en: letters ("P S I", "PSI"), not "sigh"."""
    from mockview.engines.transcriber import WhisperTranscriber
    from mockview.engines.tts import Pyttsx3Speaker

    wav = Pyttsx3Speaker(tmp_path).synthesize("We watch the PSI every week.")
    text = WhisperTranscriber(prompt_mode="none").transcribe(wav).text
    words = text.replace("-", " ").replace(".", " ").replace(",", " ").split()
    assert "sigh" not in text.lower(), text
    # tiny.en writes spelt letters together or apart; it hears P as B now and then.
    letters = "".join(w for w in words if w.isupper() and len(w) <= 3)
    assert letters in ("PSI", "BSI"), text


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("See https://example.com/a?b=1 for it.", "See link for it."),
        ("Read [the docs](http://docs.example.org) first.", "Read the docs first."),
        ("**Bold** and `code()` here.", "Bold and code() here."),
        ("# Title\n- first point\n> quoted", "Title first point quoted"),
        ("Ship it 🚀 now ✅.", "Ship it now ."),
        ("Tab\tand\x07bell\u200b.", "Tab and bell ."),
    ],
)
def test_what_is_not_speech_is_not_read(text, spoken):
    assert " ".join(prepare_for_speech(text).split()) == spoken
