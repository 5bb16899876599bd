"""Speaker labels ("WALLACE: ...") and quotes running over several paragraphs, transcripts among them."""

from attribution.extraction import direct, extract, transcripts


def test_a_quote_over_several_paragraphs_is_a_quote_per_paragraph_of_its_cue(nlp):
    text = (
        "Anna Berg spoke at the harbour.\n\n"
        "“The ferries will run again in May, once the new pier is finished.\n\n"
        "“Until then, the buses will replace them,” said Anna Berg.\n"
    )
    first, second = extract(text, nlp)
    assert first.text == "“The ferries will run again in May, once the new pier is finished."
    assert second.text == "“Until then, the buses will replace them,”"
    assert first.speaker.name == second.speaker.name == "Anna Berg"


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


def test_a_sign_off_inside_a_quoted_transcript_is_not_a_turn(nlp):
    text = (
        "A partial transcript follows:\n\n"
        "“HOST: Welcome back. What happened at the bridge this morning?\n\n"
        "“GUEST: The bridge closed at noon after a crack was found.\n\n"
        "“Follow Lena Park on Twitter @lenapark.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.speaker.name for q in quotes] == ["HOST", "GUEST"]


# -- the stage's own functions, on one parsed chunk --------------------------------------------------------


def test_a_label_in_capitals_is_a_turn_and_a_named_one_a_headline(parse):
    chunk, ctx = parse(
        "WALLACE: Let's start with the economy today.\nRush Limbaugh: Clinton Is Afraid Of The Voters\n"
    )
    directs, labelled = transcripts.label_candidates(chunk, ctx, [])
    assert directs == []
    assert [(c.kind, chunk.text[c.start : c.end], c.speaker.name) for c in labelled] == [
        ("direct", "Let's start with the economy today", "WALLACE"),
        ("indirect", "Clinton Is Afraid Of The Voters", "Rush Limbaugh"),
    ]


def test_a_word_before_a_colon_that_names_no_one_is_no_label(parse):
    chunk, _ctx = parse("Correction: An earlier version misspelled a name.\nweather: rain all week.\n")
    assert [transcripts.label_cue(chunk, a, b) for a, b in chunk.paragraphs] == [None, None]


def test_a_wholly_quoted_turn_takes_its_label_as_cue_without_changing_the_candidate_given(parse):
    chunk, ctx = parse("“HOST: Welcome back to the show tonight.”\n")
    given = direct.candidates(chunk, ctx)
    assert [c.cue for c in given] == [None]
    directs, labelled = transcripts.label_candidates(chunk, ctx, given)
    assert labelled == [] and given[0].cue is None
    assert directs[0].cue.text == ":" and directs[0].speaker.name == "HOST"


def test_a_section_label_in_capitals_is_no_speaker_but_its_paragraph_may_report(nlp):
    text = (
        "Markets rose on Tuesday.\n\n"
        "KEEPING SCORE: The main index gained 18 points, or 0.7 per cent, by midday.\n\n"
        "ENERGY: Crude oil slipped 20 cents to $52 a barrel.\n\n"
        "EARNINGS: Acme Corp. said its quarterly profit fell by a third.\n"
    )
    quotes = extract(text, nlp)
    assert [(q.text, q.speaker.name) for q in quotes] == [
        ("its quarterly profit fell by a third", "Acme Corp."),
    ]


def test_a_label_in_capitals_speaks_when_it_is_a_role_a_known_name_or_a_recurring_turn(parse):
    chunk, ctx = parse(
        "Governor Mike Pence spoke to the host on Sunday.\n"
        "HOST: Welcome to the programme this morning.\n"
        "PENCE: Thank you for having me on the show.\n"
        "ALVAREZ: Let us begin with the budget then.\n"
        "ALVAREZ: And then we will turn to the roads.\n"
    )
    _directs, labelled = transcripts.label_candidates(chunk, ctx, [])
    assert [c.speaker.name for c in labelled] == ["HOST", "Mike Pence", "ALVAREZ", "ALVAREZ"]
