"""Speaker attribution rules: cues, resolution, kinds, anonymity, partial and indirect quotes."""

import pytest

from attribution.extraction import extract, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def quote_at(quotes, fragment):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


# -- direct quotes and their cue -------------------------------------------------------------------------


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


def test_a_pronoun_speaker_resolves_to_the_last_person_mentioned(nlp):
    text = (
        "Harbour master Tomas Berg inspected the pier on Monday.\n"
        "“The storm damaged two of the cranes,” he said."
    )
    q = quote_at(extract(text, nlp), "cranes")
    assert q.speaker.mention == "he"
    assert q.speaker.name == "Tomas Berg"
    assert q.confidence < 0.9


def test_a_pronoun_skips_people_of_the_other_gender(nlp):
    text = (
        "Mrs. Olga Petrova runs the bakery. Her neighbour Mr. Ivan Sokol runs the pharmacy.\n"
        "“Business is slow this winter,” she said."
    )
    q = quote_at(extract(text, nlp), "Business is slow")
    assert q.speaker.name == "Olga Petrova"


def test_a_quote_without_a_cue_continues_the_previous_speaker(nlp):
    text = (
        "“The bridge will reopen in May,” said engineer Lucia Ferrante.\n"
        "“Until then, the ferry is the only way across.”"
    )
    quotes = extract(text, nlp)
    second = quote_at(quotes, "Until then")
    assert second.kind == "direct"
    assert second.cue is None
    assert second.speaker.name == "Lucia Ferrante"
    assert second.confidence < quote_at(quotes, "bridge").confidence


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


def test_the_source_resolves_to_the_last_anonymous_speaker(nlp):
    text = (
        "A customs officer at the border post spoke to us on Tuesday. "
        "“Trucks wait for two days,” the officer said.\n"
        "“Nobody has fixed the scanner,” the source added."
    )
    quotes = extract(text, nlp)
    first, second = quote_at(quotes, "Trucks"), quote_at(quotes, "scanner")
    assert first.speaker.name == "A customs officer at the border post"
    assert second.speaker.mention == "the source"
    assert second.speaker.name == first.speaker.name
    assert second.speaker.kind == "anonymous"


# -- kinds, names and anonymity ------------------------------------------------------------------------


def test_a_named_person_gets_the_fullest_name_without_title(nlp):
    text = (
        "Dutch Prime Minister Willem Jansen met farmers in Utrecht.\n"
        "“We hear your concerns,” Jansen said during the meeting.\n"
        "“The subsidy will stay,” Prime Minister Jansen added."
    )
    quotes = extract(text, nlp)
    for fragment in ("concerns", "subsidy"):
        q = quote_at(quotes, fragment)
        assert q.speaker.name == "Willem Jansen"
        assert q.speaker.kind == "person"


def test_the_role_is_kept_apart_from_the_name(nlp):
    text = "“Exports are growing,” said Norwegian Trade Minister Kari Solberg."
    q = quote_at(extract(text, nlp), "Exports")
    assert q.speaker.name == "Kari Solberg"
    assert q.speaker.role is not None and "Minister" in q.speaker.role


def test_an_unnamed_official_is_anonymous_with_the_reason(nlp):
    text = (
        "“The talks have stalled again,” said a senior Danish trade official, who requested anonymity "
        "because the negotiations are confidential."
    )
    q = quote_at(extract(text, nlp), "talks")
    assert q.speaker.name == "a senior Danish trade official"
    assert q.speaker.kind == "anonymous"
    assert q.speaker.anonymous is True
    assert q.speaker.anonymity_reason == "who requested anonymity"


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("said an airline pilot, who spoke on condition of anonymity.", "on condition of anonymity"),
        (
            "said a bank employee who was not authorized to speak publicly.",
            "not authorized to speak publicly",
        ),
        ("said a nurse at the clinic, who asked not to be named.", "who asked not to be named"),
    ],
)
def test_it_captures_the_reason_for_anonymity(nlp, sentence, reason):
    text = "“The schedule changed overnight,” " + sentence
    q = quote_at(extract(text, nlp), "schedule")
    assert q.speaker.anonymous is True
    assert reason in q.speaker.anonymity_reason


def test_a_plural_unnamed_speaker_is_a_group(nlp):
    text = "Several local fishermen said that the catch had fallen by half since the spring."
    q = quote_at(extract(text, nlp), "the catch had fallen")
    assert q.speaker.name == "Several local fishermen"
    assert q.speaker.kind == "group"
    assert q.speaker.anonymous is True


def test_an_institution_is_an_organization(nlp):
    text = "“The minister has no plans to resign,” the Finance Ministry said in a statement on Friday."
    q = quote_at(extract(text, nlp), "resign")
    assert q.speaker.kind == "organization"
    assert q.speaker.anonymous is False
    assert "Ministry" in q.speaker.name


# -- indirect, partial and scare quotes ---------------------------------------------------------------


def test_indirect_speech_after_said_that_is_the_content_clause(nlp):
    text = "Mayor Elena Ruiz said that the new tram line would open before the summer holidays."
    q = quote_at(extract(text, nlp), "tram")
    assert q.kind == "indirect"
    assert q.text == "the new tram line would open before the summer holidays"
    assert q.speaker.name == "Elena Ruiz"


def test_indirect_speech_with_the_cue_after_the_content(nlp):
    text = "The museum will close for repairs until March, a spokeswoman for the city said."
    q = quote_at(extract(text, nlp), "museum")
    assert q.kind == "indirect"
    assert q.text == "The museum will close for repairs until March"
    assert "spokeswoman" in q.speaker.name


def test_according_to_attributes_the_rest_of_the_sentence(nlp):
    text = "According to the weather service, the heatwave will last until Thursday."
    q = quote_at(extract(text, nlp), "heatwave")
    assert q.kind == "indirect"
    assert q.cue == "according to"
    assert q.text == "the heatwave will last until Thursday"
    assert q.speaker.name == "the weather service"


def test_a_content_noun_takes_the_that_clause(nlp):
    text = "The union leader expressed concern that the factory might move its production abroad."
    q = quote_at(extract(text, nlp), "factory")
    assert q.kind == "indirect"
    assert q.text == "the factory might move its production abroad"


def test_indirect_content_with_a_quoted_fragment_is_mixed(nlp):
    text = "The coach said that his team had played “the best half of the season” on Saturday."
    quotes = extract(text, nlp)
    assert len(quotes) == 1
    assert quotes[0].kind == "mixed"
    assert "“the best half of the season”" in quotes[0].text


def test_a_fragment_under_a_parenthetical_cue_is_a_partial_quote(nlp):
    text = (
        "Mayor Elena Ruiz visited the depot on Monday.\n"
        "The plan, she explained, would keep buses running «around the clock» on weekends."
    )
    q = quote_at(extract(text, nlp), "around the clock")
    assert q.kind == "partial"
    assert q.text == "«around the clock»"
    assert q.speaker.name == "Elena Ruiz"


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


def test_long_chains_of_the_same_description_resolve_without_recursion(nlp):
    text = "A port official spoke to us.\n" + "“Late,” the official said.\n" * 1100  # > recursion limit
    quotes = extract(text, nlp)
    assert len(quotes) == 1100
    assert {q.speaker.name for q in quotes} == {"A port official"}


def test_a_name_after_a_dash_signs_the_quote(nlp):
    text = (
        "Readers wrote in.\n“The buses never come on time.” ― Maria Costa\n"
        "“Fix the lights first.” ― Jon Eide\n"
    )
    quotes = extract(text, nlp)
    assert quote_at(quotes, "buses").speaker.name == "Maria Costa"
    assert quote_at(quotes, "lights").speaker.name == "Jon Eide"


def test_told_someone_that_reports_the_clause_not_the_listener(nlp):
    text = "The coach told a meeting of parents that the new pitch would be ready by autumn."
    q = quote_at(extract(text, nlp), "pitch")
    assert q.kind == "indirect"
    assert q.text == "the new pitch would be ready by autumn"
    assert q.speaker.name == "The coach"


# -- terms, non-speakers, transcripts --------------------------------------------------------------------


def test_one_or_two_quoted_words_in_a_sentence_are_a_term(nlp):
    text = (
        "The mayor, who spoke on Friday, said the council had voted, "
        "and residents complained about the “parking fee” at length."
    )
    assert all(q.text != "“parking fee”" for q in extract(text, nlp))


def test_one_quoted_word_after_a_speech_verb_is_a_term(nlp):
    text = "Most applicants specified “other” as their occupation."
    assert all("other" not in q.text for q in extract(text, nlp))


def test_a_thing_that_promises_is_not_a_speaker(nlp):
    assert extract("The new engines promise to cut fuel use by half within a decade.", nlp) == []
    q = quote_at(extract("Critics say the rules go too far.", nlp), "go too far")
    assert q.speaker.name == "Critics"


def test_what_follows_a_listener_is_not_reported_content(nlp):
    text = "The senator attacked rivals as well as allies during the long debate."
    assert all(not q.text.startswith("as well as") for q in extract(text, nlp))


def test_a_quote_over_several_paragraphs_is_one_quote(nlp):
    text = (
        "Anna Berg spoke at the harbour.\n\n"
        "“The ferries will run again in May, once the new pier is finished.\n\n"
        "“Until then, the buses will replace them,” said Anna Berg.\n"
    )
    (quote,) = extract(text, nlp)
    assert quote.text.startswith("“The ferries w") and quote.text.endswith("replace them,”")
    assert quote.speaker.name == "Anna Berg"


def test_a_quoted_transcript_gives_each_turn_its_speaker(nlp):
    text = (
        "A partial transcript follows:\n\n"
        "“HOST: Welcome back. What happened at the bridge this morning?\n\n"
        "“GUEST: The bridge closed at noon after a crack was found.\n\n"
        "“(CROSSTALK)\n\n"
        "“It reopened an hour later, and traffic is flowing again.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.speaker.name for q in quotes] == ["HOST", "GUEST", "GUEST"]
    assert all("CROSSTALK" not in q.text for q in quotes)


def test_a_fragment_continuing_a_reported_clause_joins_it(nlp):
    text = (
        "Mayor Elena Ruiz spoke on Monday.\n"
        "The mayor said the water was “safe to drink” but “nobody should swim in the lake yet.”"
    )
    quotes = extract(text, nlp)
    assert len(quotes) == 1
    assert quotes[0].kind == "mixed"
    assert quotes[0].text == "the water was “safe to drink” but “nobody should swim in the lake yet.”"
    assert quotes[0].speaker.name == "Elena Ruiz"


def test_a_title_after_a_comma_is_neither_a_quote_nor_reported_content(nlp):
    text = "In her 2010 guide, “Grow Your Own Vegetables,” Ms. Okafor suggested starting with beans."
    assert all("Grow Your Own" not in q.text for q in extract(text, nlp))


def test_a_title_after_tell_of_is_not_a_quote(nlp):
    text = "A new exhibit will tell of ‘Storms and Harvests.’"
    assert all("Storms and Harvests" not in q.text for q in extract(text, nlp))


def test_reported_content_stays_in_the_paragraph_of_its_cue(nlp):
    text = "Harbour Rates Rise Again.\nThe fees are “too high,” the shipping union said on Monday.\n"
    assert all("Harbour Rates" not in q.text for q in extract(text, nlp))


def test_a_sign_off_inside_a_quoted_transcript_is_not_a_turn(nlp):
    text = (
        "A partial transcript follows:\n\n"
        "“HOST: Welcome back. What happened at the bridge this morning?\n\n"
        "“GUEST: The bridge closed at noon after a crack was found.\n\n"
        "“Follow Lena Park on Twitter @lenapark.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.speaker.name for q in quotes] == ["HOST", "GUEST"]


def test_two_fragments_of_one_cue_joined_by_and_are_one_quote(nlp):
    text = (
        "Mayor Elena Ruiz spoke on Monday.\n"
        "She told residents to “boil the water first” and then “call the hotline if it smells odd.”\n"
    )
    quotes = extract(text, nlp)
    assert len(quotes) == 1
    assert quotes[0].kind == "mixed"
    assert "boil the water first" in quotes[0].text and "call the hotline" in quotes[0].text
    assert quotes[0].speaker.name == "Elena Ruiz"


def test_an_unclosed_mark_without_a_cue_is_not_a_quote(nlp):
    text = "The crowd waited outside.\n“Nobody came out of the building.\nThe doors stayed shut all night.\n"
    assert extract(text, nlp) == []


def test_a_chant_is_speech(nlp):
    text = "Marchers crossed the square at dusk and chanted “Open the gates!”"
    q = quote_at(extract(text, nlp), "Open the gates")
    assert q.kind == "direct"
    assert q.speaker.name == "Marchers"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Senator Ada Moreno criticized the new toll as a “highway robbery” during a visit to Leeds.",
            "the new toll as a “highway robbery”",
        ),
        (
            "Senator Ada Moreno blasted the mayor as a “menace” Wednesday on a local radio show.",
            "the mayor as a “menace”",
        ),
    ],
)
def test_nominal_content_ends_with_its_quote_before_the_setting(nlp, text, content):
    q = quote_at(extract(text, nlp), "“")
    assert q.kind == "mixed"
    assert q.text == content


def test_according_to_takes_the_side_with_the_main_verb(nlp):
    text = (
        "Turnout rose by nine percent, according to the clerk, more than twice what she had projected "
        "for the previous local election across the region."
    )
    q = quote_at(extract(text, nlp), "Turnout")
    assert q.text == "Turnout rose by nine percent"
    assert q.speaker.name == "the clerk"


def test_an_agent_noun_can_speak_but_an_illness_cannot(nlp):
    assert extract("The moderator said the debate would start late.", nlp)[0].speaker.name == "The moderator"
    assert extract("Her cancer, which confirmed what they feared, spread quickly.", nlp) == []


def test_a_naming_verb_keeps_what_it_names_in_the_quote(nlp):
    text = "Councillor Mia Holt on Tuesday called the decision “a gift to developers” in her column."
    q = quote_at(extract(text, nlp), "gift to developers")
    assert q.kind == "mixed"
    assert q.text == "the decision “a gift to developers”"
    assert "Mia Holt" in q.speaker.name


@pytest.mark.parametrize(
    "text",
    [
        "The council called an emergency meeting to discuss the flooding.",
        "She called in to a radio phone-in about the parking rules last night.",
    ],
)
def test_calling_a_meeting_or_calling_in_is_not_speech(nlp, text):
    assert extract(text, nlp) == []


def test_a_short_name_set_off_by_commas_is_not_a_quote(nlp):
    text = "Watch the trailer for her new film, “Tides,” below."
    assert extract(text, nlp) == []


def test_as_someone_put_it_is_a_cue(nlp):
    text = "The mayor is, as one columnist put it, “the postponer.”"
    q = quote_at(extract(text, nlp), "postponer")
    assert q.kind == "direct"
    assert q.cue == "put"
    assert q.speaker.name == "one columnist"


def test_a_quote_inside_a_mixed_quote_of_its_own_cue_is_part_of_it(nlp):
    text = (
        "The Ledger claimed “Brown inflates” the size of the deficit through a “selective use of figures,” "
        "and concluded her budget was wrong."
    )
    quotes = extract(text, nlp)
    assert all(q.text != "“Brown inflates”" for q in quotes)
    q = quote_at(quotes, "Brown inflates")
    assert q.kind == "mixed"
    assert "selective use of figures" in q.text
