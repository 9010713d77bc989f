"""The B1 check warns about long sentences and long words; it never blocks (never raises)."""
from __future__ import annotations

from hypothesis import given, strategies as st

from ketenregie.domain.readability import check_text, check_texts, count_syllables, split_sentences


def test_a_deliberately_long_sentence_is_flagged():
    text = ("Wij hebben vandaag samen met u besproken dat u de komende weken alle brieven van schuldeisers die u "
            "ontvangt ongeopend in de map doet en die map meeneemt naar de volgende afspraak bij ons.")
    report = check_text(text)
    assert [w.kind for w in report.warnings if w.kind == "long_sentence"] == ["long_sentence"]
    assert "Lange zin" in report.warnings[0].message and "Wij hebben vandaag samen met" in report.warnings[0].message
    assert "U kunt de tekst toch gebruiken" in report.summary_nl()


def test_short_b1_sentences_pass():
    report = check_text("Doe de brieven in de map. Neem de map mee. Bel ons als u een vraag heeft.")
    assert report.ok and report.sentences == 3
    assert report.summary_nl() == "De tekst lijkt goed leesbaar (B1)."


def test_long_words_are_flagged_once_and_known_words_are_not():
    report = check_text("De betalingsachterstandsregeling loopt. De betalingsachterstandsregeling is klaar. "
                        "De schuldhulpverlening helpt. Uw BSN is niet nodig.")
    words = [w for w in report.warnings if w.kind == "long_word"]
    assert len(words) == 1 and "betalingsachterstandsregeling" in words[0].message


def test_syllables_follow_dutch_vowel_groups():
    assert count_syllables("map") == 1
    assert count_syllables("afspraak") == 2
    assert count_syllables("huiswerk") == 2
    assert count_syllables("financiële") == 5
    assert count_syllables("ideeën") == 3


def test_list_items_and_paragraphs_are_separate_sentences():
    assert len(split_sentences("Eerste punt\n\nTweede punt\n- derde punt")) == 3
    assert check_texts(["Kort.", "", "Ook kort."]).sentences == 2


@given(st.text(max_size=400))
def test_never_raises_on_any_text(text):
    report = check_text(text)
    assert report.words >= 0
    for warning in report.warnings:
        assert 0 <= warning.start <= warning.end <= len(text)
