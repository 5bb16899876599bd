"""Direct quotes and their cue: after, before, a dash signature; terms and titles left out; partial and
mixed quotes of a fragment's governing verb."""

from attribution.extraction import direct, extract

from .helpers import quote_at


def test_the_speaker_after_the_quote_is_the_subject_of_the_cue_verb(nlp):
    text = "“The reservoir is half empty,” said Greta Lindqvist, the water board chair."
    q = quote_at(extract(text, nlp), "reservoir")
    assert q.kind == "direct"
    assert q.cue == "said"
    assert q.speaker.name == "Greta Lindqvist"
    assert q.speaker.kind == "person"
    assert q.speaker.anonymous is False


def test_the_speaker_before_the_quote_with_a_colon(nlp):
    text = "The fire chief, Ramon Ortiz, told reporters: “Nobody was hurt in the blaze.”"
    q = quote_at(extract(text, nlp), "Nobody was hurt")
    assert q.kind == "direct"
    assert "Ortiz" in q.speaker.name


def test_a_quote_with_the_name_before_the_verb(nlp):
    text = "“We lost three days of harvest,” farmer Jonas Weber explained on Sunday."
    q = quote_at(extract(text, nlp), "harvest")
    assert q.cue == "explained"
    assert q.speaker.name == "Jonas Weber"


def test_a_relayed_quote_belongs_to_the_person_quoted(nlp):
    text = (
        "The Daily Ledger interviewed a retired lighthouse keeper last week. "
        "“The lamp has not been lit since 1990,” the newspaper quoted the keeper, "
        "adding that tourists still visit."
    )
    q = quote_at(extract(text, nlp), "lamp")
    assert "keeper" in q.speaker.name
    assert q.speaker.name == "a retired lighthouse keeper"
    assert q.speaker.anonymous is True


def test_a_name_after_a_dash_signs_the_quote(nlp):
    text = (
        "Readers wrote in.\n“The buses never come on time.” ― Maria Costa\n"
        "“Fix the lights first.” ― Jon Eide\n"
    )
    quotes = extract(text, nlp)
    assert quote_at(quotes, "buses").speaker.name == "Maria Costa"
    assert quote_at(quotes, "lights").speaker.name == "Jon Eide"


def test_an_embedded_post_and_a_pull_quote_are_quotes_of_who_signs_them(nlp):
    text = (
        "Ana Lima has run the bakery on Quay Street for ten years.\n\n"
        "I never thought I would love getting up at four in the morning. Ana Lima\n\n"
        "She opens the shop at six every day.\n\n"
        "Our best wishes to the bakery on its anniversary! https://t.co/a1b2c3 — Lena Park (@lenapark) "
        "May 2, 2019\n"
    )
    quotes = extract(text, nlp)
    assert [(q.text, q.speaker.name) for q in quotes] == [
        ("I never thought I would love getting up at four in the morning.", "Ana Lima"),
        ("Our best wishes to the bakery on its anniversary!", "Lena Park"),
    ]


def test_a_quote_joined_by_and_to_the_quote_before_is_a_second_quote_of_its_cue(nlp):
    text = "The coach yelled, “Run faster!” and “Keep your head up!” His players laughed."
    quotes = extract(text, nlp)
    assert [(q.text, q.speaker.name) for q in quotes] == [
        ("“Run faster!”", "The coach"),
        ("“Keep your head up!”", "The coach"),
    ]
    # quoted words in a list are terms, never a second quote
    listed = "Readers picked “yeet,” “crusty” and “optics” as the worst words of the year."
    assert extract(listed, nlp) == []


def test_words_whose_opening_mark_was_left_out_continue_the_quote_before(nlp):
    text = "“We lost the match,” the coach said. Nobody played well today, not even me.”"
    first, second = extract(text, nlp)
    assert second.text == "Nobody played well today, not even me.”"
    assert first.speaker.name == second.speaker.name == "the coach"


def test_a_chant_is_speech(nlp):
    text = "Marchers crossed the square at dusk and chanted “Open the gates!”"
    q = quote_at(extract(text, nlp), "Open the gates")
    assert q.kind == "direct"
    assert q.speaker.name == "Marchers"


def test_as_someone_put_it_is_a_cue(nlp):
    text = "The mayor is, as one columnist put it, “the postponer.”"
    q = quote_at(extract(text, nlp), "postponer")
    assert q.kind == "direct"
    assert q.cue == "put"
    assert q.speaker.name == "one columnist"


def test_a_fragment_under_a_parenthetical_cue_is_a_partial_quote(nlp):
    text = (
        "Mayor Elena Ruiz visited the depot on Monday.\n"
        "The plan, she explained, would keep buses running «around the clock» on weekends."
    )
    q = quote_at(extract(text, nlp), "around the clock")
    assert q.kind == "partial"
    assert q.text == "«around the clock»"
    assert q.speaker.name == "Elena Ruiz"


def test_a_naming_verb_keeps_what_it_names_in_the_quote(nlp):
    text = "Councillor Mia Holt on Tuesday called the decision “a gift to developers” in her column."
    q = quote_at(extract(text, nlp), "gift to developers")
    assert q.kind == "mixed"
    assert q.text == "the decision “a gift to developers”"
    assert "Mia Holt" in q.speaker.name


def test_scare_quotes_without_a_speech_verb_are_left_out(nlp):
    text = "The so-called “green corridor” has drawn crowds of cyclists all summer."
    assert extract(text, nlp) == []


def test_a_quoted_title_is_not_a_quote(nlp):
    text = "The director said the documentary “Rivers of Iron” will premiere in Lisbon."
    assert all(q.text != "“Rivers of Iron”" for q in extract(text, nlp))


def test_it_never_invents_a_speaker_for_a_term(nlp):
    text = "A proposed “four-day week” was discussed at length. Attendance rose."
    for q in extract(text, nlp):
        assert q.speaker is None or q.speaker.name


def test_one_or_two_quoted_words_in_a_sentence_are_a_term(nlp):
    text = (
        "The mayor, who spoke on Friday, said the council had voted, "
        "and residents complained about the “parking fee” at length."
    )
    assert all(q.text != "“parking fee”" for q in extract(text, nlp))


def test_one_quoted_word_after_a_speech_verb_is_a_term(nlp):
    text = "Most applicants specified “other” as their occupation."
    assert all("other" not in q.text for q in extract(text, nlp))


def test_a_title_after_a_comma_is_neither_a_quote_nor_reported_content(nlp):
    text = "In her 2010 guide, “Grow Your Own Vegetables,” Ms. Okafor suggested starting with beans."
    assert all("Grow Your Own" not in q.text for q in extract(text, nlp))


def test_a_title_after_tell_of_is_not_a_quote(nlp):
    text = "A new exhibit will tell of ‘Storms and Harvests.’"
    assert all("Storms and Harvests" not in q.text for q in extract(text, nlp))


def test_an_unclosed_mark_without_a_cue_is_not_a_quote(nlp):
    text = "The crowd waited outside.\n“Nobody came out of the building.\nThe doors stayed shut all night.\n"
    assert extract(text, nlp) == []


def test_a_short_name_set_off_by_commas_is_not_a_quote(nlp):
    text = "Watch the trailer for her new film, “Tides,” below."
    assert extract(text, nlp) == []


def test_a_short_quote_after_a_colon_without_a_cue_or_final_punctuation_is_a_name(nlp):
    text = "Two more phrases made the list: “Last call for the ferry” and a slogan."
    assert extract(text, nlp) == []
    spoken = "The sign on the door read differently: “Closed until the ferry returns.”"
    assert [q.text for q in extract(spoken, nlp)] == ["“Closed until the ferry returns.”"]


# -- the stage's own functions, on one parsed chunk --------------------------------------------------------


def spoken(chunk, cands):
    return [
        (c.kind, chunk.text[c.start : c.end], c.cue and c.cue.text, c.speaker and c.speaker.name)
        for c in cands
    ]


def test_a_cue_after_the_quote_names_its_speaker(parse):
    chunk, ctx = parse("“The reservoir is half empty,” said Greta Lindqvist, the water board chair.")
    assert spoken(chunk, direct.candidates(chunk, ctx)) == [
        ("direct", "“The reservoir is half empty,”", "said", "Greta Lindqvist")
    ]


def test_a_cue_before_a_colon_names_its_speaker(parse):
    chunk, ctx = parse("The fire chief, Ramon Ortiz, told reporters: “Nobody was hurt in the blaze.”")
    (cand,) = direct.candidates(chunk, ctx)
    assert (cand.cue.text, cand.speaker.name, cand.how) == ("told", "Ramon Ortiz", "direct")


def test_a_colon_ending_the_paragraph_before_is_the_cue(parse):
    chunk, ctx = parse("The mayor said:\n“We will not move.”")
    (cand,) = direct.candidates(chunk, ctx)
    assert cand.cue.text == "said"
    assert cand.speaker.name == "The mayor"


def test_a_fragment_widens_to_the_complement_of_its_verb_it_sits_in(parse):
    chunk, _ctx = parse("Senator Ada Moreno criticized the new toll as a “highway robbery” in Leeds.")
    (qs,) = chunk.spans
    span = chunk.tokens(qs.start, qs.end)
    verb, child = direct.governing_verb(chunk, span)
    assert verb.text == "criticized"
    start, end = direct.fragment_clause(chunk, verb, child, span)
    # up to the end of its quote, not "in Leeds"; reported speech has the whole "the new toll as a ..."
    assert chunk.text[start:end] == "as a “highway robbery”"


def test_a_dash_and_a_name_sign_a_quote(parse):
    chunk, ctx = parse("Readers wrote in.\n“The buses never come on time.” ― Maria Costa\n")
    (qs,) = chunk.spans
    cue = direct.dash_signature(chunk, qs)
    assert cue.text == "―" and cue.speaker_head.text == "Costa"


def test_a_scare_quote_has_no_candidate(parse):
    chunk, ctx = parse("The so-called “green corridor” has drawn crowds of cyclists all summer.")
    assert direct.candidates(chunk, ctx) == []


def test_a_fragment_governed_by_a_naming_verb_widens_to_a_mixed_quote(parse):
    chunk, ctx = parse(
        "Councillor Mia Holt on Tuesday called the decision “a gift to developers” in her column."
    )
    assert spoken(chunk, direct.candidates(chunk, ctx)) == [
        ("mixed", "the decision “a gift to developers”", "called", "Councillor Mia Holt")
    ]


def test_a_fragment_under_a_parenthetical_verb_is_partial_and_its_pronoun_unresolved_alone(parse):
    chunk, ctx = parse("The plan, she explained, would keep buses running «around the clock» on weekends.")
    (cand,) = direct.candidates(chunk, ctx)
    assert (cand.kind, cand.cue.text, cand.how) == ("partial", "explained", "unresolved")


def test_the_point_of_an_abbreviated_rank_does_not_end_the_sentence_of_the_cue(nlp):
    text = "“The gate was open when we arrived,” Harbour Police Sgt. Ivo Marsh said."
    q = quote_at(extract(text, nlp), "gate was open")
    assert q.cue == "said"
    assert q.speaker.name == "Ivo Marsh"
