"""The passes choosing among the stages' candidates: reports over quotes, one quote per clause, fragments
folded into their clause, cue-less quotes continuing the speaker before them."""

from attribution.extraction import direct, extract, passes
from attribution.extraction.chunk import Candidate, Cue

from .helpers import quote_at, token


def test_indirect_content_with_a_quoted_fragment_is_mixed(nlp):
    text = "The coach said that his team had played “the best half of the season” on Saturday."
    quotes = extract(text, nlp)
    assert len(quotes) == 1
    assert quotes[0].kind == "mixed"
    assert "“the best half of the season”" in quotes[0].text


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


def test_a_report_in_a_relative_clause_of_another_report_is_kept(nlp):
    text = "He attacked rivals for taking his donations, which he said were accompanied by favours."
    quotes = extract(text, nlp)
    assert [(q.text, q.cue) for q in quotes] == [
        ("rivals for taking his donations, which he said were accompanied by favours", "attacked"),
        ("were accompanied by favours", "said"),
    ]


# -- each pass alone, on hand-made candidates -------------------------------------------------------------


def test_a_report_nested_in_another_is_left_out():
    outer, inner, apart = (
        Candidate(0, 50, "indirect"),
        Candidate(10, 40, "indirect"),
        Candidate(60, 70, "indirect"),
    )
    assert passes.outer_reports([inner, outer, apart]) == {outer, apart}


def test_a_partial_quote_inside_a_kept_clause_is_left_out():
    clause, inside, apart = (
        Candidate(0, 50, "indirect"),
        Candidate(10, 20, "partial"),
        Candidate(60, 70, "partial"),
    )
    assert passes.fragments_outside_clauses([inside, apart], [clause]) == [apart]


def test_two_fragments_of_one_cue_fold_into_a_new_mixed_quote(parse):
    text = "She told residents to “boil the water first” and then “call the hotline.”"
    chunk, _ctx = parse(text)
    cue = Cue(token(chunk, "told"), 0, None, "told")
    first = Candidate(text.index("“boil"), text.index(" and"), "partial", cue)
    second = Candidate(text.index("“call"), len(text), "partial", cue)
    (folded,) = passes.fold_fragments(text, [first, second])
    assert (folded.start, folded.end, folded.kind) == (first.start, second.end, "mixed")
    assert first.kind == "partial" and first.end == text.index(" and")  # the given candidate is unchanged


def test_a_cue_less_quote_keeps_the_speaker_of_the_quote_before(parse):
    chunk, ctx = parse(
        "“The bridge will reopen in May,” said engineer Lucia Ferrante.\n“Until then, take the ferry.”"
    )
    named, cueless = direct.candidates(chunk, ctx)
    named_after, continued = passes.continue_speakers(chunk, [named, cueless])
    assert named_after is named
    assert (continued.speaker, continued.how) == (named.speaker, "continuation")
    assert cueless.speaker is None


def test_a_quote_after_a_colon_is_the_subject_of_the_clause_before_it(nlp):
    text = (
        "“The roads were closed by noon,” said the mayor, Lena Park.\n\n"
        "Fire chief Omar Haddad, who has led the crews for a decade, was more blunt: "
        "“We had one truck for the whole valley that night.”"
    )
    q = quote_at(extract(text, nlp), "one truck")
    assert q.speaker.name == "Omar Haddad"


def test_a_quote_after_a_colon_whose_subject_is_a_thing_keeps_the_speaker_before(nlp):
    text = (
        "“The roads were closed by noon,” said the mayor, Lena Park.\n\n"
        "The message on the town hall door was short: “Stay home tonight.”"
    )
    q = quote_at(extract(text, nlp), "Stay home")
    assert q.speaker is None or "message" not in q.speaker.name


def test_a_cue_less_quote_after_a_paragraph_naming_no_one_keeps_the_speaker_before(nlp):
    text = (
        "“The river rose two metres overnight,” said hydrologist Ana Ruiz.\n\n"
        "The water reached the lower town before dawn and closed both bridges.\n\n"
        "“We have never seen it rise so fast.”"
    )
    assert quote_at(extract(text, nlp), "never seen").speaker.name == "Ana Ruiz"


def test_a_cue_less_quote_after_a_paragraph_naming_someone_else_is_not_the_speaker_befores(nlp):
    text = (
        "“The river rose two metres overnight,” said hydrologist Ana Ruiz.\n\n"
        "The water reached the lower town before dawn, and the bridges were closed.\n\n"
        "Mayor Tom Reid ordered everyone out of the lower town.\n\n"
        "“We have never seen it rise so fast.”"
    )
    q = quote_at(extract(text, nlp), "never seen")
    assert q.speaker is None or q.speaker.name != "Ana Ruiz"


def _report(chunk, line: int, content: str, verb: str) -> Candidate:
    """A report of ``content`` by ``verb``, the first of their words on the ``line``-th line of the chunk."""
    ps, pe = chunk.paragraphs[line]
    start = chunk.text.index(content, ps, pe)
    cue = next(t for t in chunk.doc if t.text == verb and ps <= t.idx < pe)
    return Candidate(start, start + len(content), "indirect", Cue(cue, 0, None, verb))


def test_reported_content_runs_on_over_a_reason_or_a_second_that_clause(parse):
    chunk, _ctx = parse(
        "The harbour master said the pier would close, but that ferries would still run. Boats left.\n"
        "The baker said she was tired because the ovens had failed twice. She went home.\n"
    )
    pier = passes.whole_report(chunk, _report(chunk, 0, "the pier would close", "said"))
    assert chunk.text[pier.start : pier.end] == "the pier would close, but that ferries would still run"
    ovens = passes.whole_report(chunk, _report(chunk, 1, "she was tired", "said"))
    assert chunk.text[ovens.start : ovens.end] == "she was tired because the ovens had failed twice"


def test_reported_content_runs_on_over_a_second_clause_of_its_own_joined_by_and(parse):
    chunk, _ctx = parse(
        "The union said the crews were exhausted, and the new trucks were late. Nobody came.\n"
        "The union said the crews were exhausted, and the mayor promised more trucks. Nobody came.\n"
        "The union said the crews were exhausted, but asked for patience. Nobody came.\n"
    )
    crews = passes.whole_report(chunk, _report(chunk, 0, "the crews were exhausted", "said"))
    assert chunk.text[crews.start : crews.end] == "the crews were exhausted, and the new trucks were late"
    quoted, _ctx = parse("The union said the crews were “worn out,” and the new trucks were late. Then rain.")
    crews = passes.whole_report(quoted, _report(quoted, 0, "the crews were “worn out,”", "said"))
    assert quoted.text[crews.start : crews.end] == "the crews were “worn out,” and the new trucks were late"
    for line in (1, 2):  # a clause that reports speech itself, or no subject of its own
        report = _report(chunk, line, "the crews were exhausted", "said")
        assert passes.whole_report(chunk, report) is report


def test_reported_content_keeps_its_end_before_narration_or_its_own_cue(parse):
    chunk, _ctx = parse(
        "The pier would close, the harbour master said, but the ferries ran all day.\n"
        "The ovens failed because they were old, the baker said.\n"
        "The baker said she was tired because “the ovens failed twice.” She went home.\n"
    )
    pier = _report(chunk, 0, "The pier would close", "said")
    assert passes.whole_report(chunk, pier) is pier
    ovens = _report(chunk, 1, "The ovens failed", "said")
    assert passes.whole_report(chunk, ovens) is ovens
    tired = _report(chunk, 2, "she was tired", "said")  # the quote after it is a candidate of its own
    assert passes.whole_report(chunk, tired) is tired


def test_a_name_given_by_a_participle_is_no_report_even_unquoted(nlp):
    text = (
        "The dairy board runs a school program called Milk Matters across the province. "
        "The union began a campaign last year called Safe Shifts."
    )
    assert extract(text, nlp) == []


def test_a_name_people_give_themselves_is_no_report(nlp):
    text = "A small group of men calling themselves the River Guard shouted at the boaters for an hour."
    assert extract(text, nlp) == []
