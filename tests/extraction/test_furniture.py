"""Web furniture: link lines, captions and credits, widgets, bylines and headlines are nobody's speech, and
never give a speaker to the quotes around them."""

from attribution.extraction import extract
from attribution.extraction.furniture import furniture_bounds, signed
from attribution.extraction.spans import paragraph_bounds


def _furniture(text: str) -> list[str]:
    return [text[a:b] for a, b in furniture_bounds(text, paragraph_bounds(text))]


# -- the scan of the raw text ------------------------------------------------------------------------------


def test_link_lines_are_furniture_whatever_their_case():
    text = (
        "READ MORE: Council delays vote on transit plan\n"
        "WATCH: Firefighters battle blaze near highway\n"
        "Watch BELOW | Crews clear the last of the snow\n"
        "Related: Mayor says the budget “is balanced, finally”\n"
        "Also on the Daily Ledger: Ten bakeries worth the drive\n"
        "The council met on Tuesday and the budget passed.\n"
    )
    assert _furniture(text) == text.splitlines()[:5]


def test_widgets_bylines_and_sign_offs_are_furniture():
    lines = [
        "Story continues below advertisement",
        "Article Continued Below",
        "3 of 12",
        "Open this photo in gallery A ferry leaves the harbour at dawn.",
        "Share | Tweet | Email",
        "Click here to sign up for our morning newsletter.",
        "Follow Lena Park on Twitter @lenapark.",
        "Dana Whitfield, The Canadian Press",
        "By Omar Haddad and Ruth Bell",
        "With files from Marco Santos in Halifax.",
        "FILE PHOTO: A ferry leaves the harbour at dawn.",
    ]
    text = "\n".join(lines) + "\nThe ferry left at dawn, the captain said.\n"
    assert _furniture(text) == lines


def test_an_editors_note_is_furniture_even_broken_over_lines(nlp):
    text = (
        "The council met on Tuesday and the budget passed.\n"
        "Editor’s note: The mayor, who has repeatedly promised\n"
        "to cut fares, owns shares in the ferry company.\n"
        "The fares rose anyway, the clerk said.\n"
    )
    assert _furniture(text) == text.splitlines()[1:3]
    assert [q.text for q in extract(text, nlp)] == ["The fares rose anyway"]


def test_a_photo_caption_is_known_by_its_credit_at_either_end():
    lines = [
        "Mayor Ellen Kowalski said the pier would reopen in May. (Dana Whitfield/The Canadian Press)",
        "A crane lifts the last span of the bridge into place. (CBC)",
        "Ellen Kowalski tours the pier on Monday. Dana Whitfield/The Canadian Press.",
        "The Canadian Press Mayor Ellen Kowalski tours the pier on Monday.",
        "Dana Whitfield / The Canadian Press Ellen Kowalski, left, and Tom Reyes at the pier.",
    ]
    kept = [
        "The Canadian Press reported the pier would reopen in May.",
        "CP Rail said the line would close for a week.",
        "Kowalski said the work (and the paving) would end by May.",
    ]
    text = "\n".join(lines + kept) + "\n"
    assert _furniture(text) == lines


def test_a_short_line_without_final_punctuation_is_a_headline_unless_a_colon_announced_a_list():
    text = (
        "Ferry service returns to the island\n"
        "The ferry returned on Monday after a month in dry dock.\n"
        "The mayor set three goals for the spring:\n"
        "Reopen the pier\n"
        "Pave the harbour road (both lanes)\n"
        "Hire two lifeguards\n"
        "\n"
        "Jane Doe: Fares Must Fall Next Year\n"
    )
    assert _furniture(text) == ["Ferry service returns to the island"]


def test_a_short_wholly_quoted_line_without_final_punctuation_is_a_headline():
    text = (
        "“We are not leaving this harbour”\n"
        "The crews voted on Monday to stay.\n"
        "“We are not leaving this harbour.”\n"
        "“Nobody asked us,” a deckhand said.\n"
    )
    assert _furniture(text) == ["“We are not leaving this harbour”"]


def test_an_embedded_post_is_signed_by_its_author_after_its_link():
    post = "The pier reopens Monday! #harbour pic.twitter.com/x1Y2z3 — Port of Leeds (@portleeds) May 2, 2019"
    (ws, we), (ns, ne), is_post = signed(post)
    assert (post[ws:we], post[ns:ne], is_post) == ("The pier reopens Monday! #harbour", "Port of Leeds", True)


def test_an_embedded_post_kept_as_markup_is_signed_by_its_author_attribute():
    post = '<tweet pic="x" author="portleeds" tweet_id="123">The pier reopens Monday!</tweet>.'
    (ws, we), (ns, ne), is_post = signed(post)
    assert (post[ws:we], post[ns:ne], is_post) == ("The pier reopens Monday!", "portleeds", True)
    # markup left without its words, or broken, is furniture
    text = '<tweet tweet-id="123"><tweet/>.\n<tweet tweet-author=" a pier">Jo said it<tweet/>.\nIt opened.\n'
    assert _furniture(text) == text.splitlines()[:2]


def test_a_pull_quote_speaks_in_the_first_person_and_ends_with_a_name():
    pull = "I never thought we would see the mill open again in my lifetime. Ana Lima"
    (ws, we), (ns, ne), is_post = signed(pull)
    assert (pull[ws:we], pull[ns:ne], is_post) == (pull[:-9], "Ana Lima", False)
    # a caption signed by its photographer, or a name's initial, signs no pull quote
    assert signed("The mill on the river reopened after ten years of repairs. Ana Lima") is None
    assert signed("We saw the mill reopen after ten years of repairs, said Ana Q. Lima") is None


# -- the extractor over whole articles ---------------------------------------------------------------------


def test_a_link_line_gives_no_quote_even_with_a_speech_verb_or_quotation_marks(nlp):
    text = (
        "The council voted on Tuesday to delay the transit plan.\n\n"
        "READ MORE: Mayor says the delay “will cost the city millions”\n\n"
        "WATCH: Councillor Tom Reyes explains why he voted against the plan\n\n"
        "“We owe the riders an answer by spring,” Councillor Tom Reyes said.\n"
    )
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == ["“We owe the riders an answer by spring,”"]


def test_a_caption_is_no_quote_and_its_credit_never_speaks(nlp):
    text = (
        "Mayor Ellen Kowalski opened the new pier on Monday.\n\n"
        "Kowalski said the pier cost less than planned. (Dana Whitfield/The Canadian Press)\n\n"
        "“It came in under budget and on time,” she said.\n\n"
        "“The ferries will dock here from May.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == [
        "“It came in under budget and on time,”",
        "“The ferries will dock here from May.”",
    ]
    assert [q.speaker.name for q in quotes] == ["Ellen Kowalski", "Ellen Kowalski"]


def test_a_credit_glued_before_a_caption_is_no_speaker_of_the_next_quote(nlp):
    text = (
        "Councillor Tom Reyes toured the flooded basement on Friday.\n\n"
        "Dana Whitfield / The Canadian Press Omar Haddad, left, and Ruth Bell at the flooded school.\n\n"
        "“Nobody should have to teach in a room like this,” he said.\n"
    )
    (quote,) = extract(text, nlp)
    assert quote.speaker.name == "Tom Reyes"


def test_a_quote_keeps_its_speaker_across_a_caption_or_a_widget(nlp):
    text = (
        "“The pier will open in May,” Mayor Ellen Kowalski said.\n\n"
        "Story continues below advertisement\n\n"
        "“The ferries will dock here every hour.”\n"
    )
    quotes = extract(text, nlp)
    assert [q.speaker.name for q in quotes] == ["Ellen Kowalski", "Ellen Kowalski"]


def test_a_headline_of_another_story_gives_no_quote(nlp):
    text = (
        "Ferry Captain Says “Safety Comes First”\n\n"
        "The ferry returned to service on Monday, the operator said.\n"
    )
    quotes = extract(text, nlp)
    assert all("Safety" not in q.text for q in quotes)


def test_a_credit_the_parse_takes_for_a_subject_never_speaks(nlp):
    text = (
        "The two leaders could meet again in the coming months. (Dana Whitfield/Associated Press)\n\n"
        '"The port is eager to show it has other partners," Omar Haddad, director of trade studies at '
        "the Harbour Institute, said in an e-mailed statement.\n"
    )
    (quote,) = extract(text, nlp)
    assert quote.speaker.name == "Omar Haddad"


def test_a_speaker_after_a_headline_the_parse_glued_on_is_found_in_its_own_paragraph(nlp):
    text = (
        "Rachel Ames, Morning Show producer\n\n\n\n"
        "Harbour Party Leader Jane Doe says she would not sign a new ferry contract this year.\n\n"
        "Ferry riders rally across the province after fare hike\n\n"
        "Commuters said the new fares have done nothing to shorten the wait.\n"
    )
    quotes = extract(text, nlp)
    assert [q.speaker.name for q in quotes] == ["Jane Doe", "Commuters"]


def test_a_caption_credit_may_have_spaces_inside_its_parentheses():
    text = "A commuter waits at the ferry dock on Monday. ( Dana Whitfield / Harbour Star )\n"
    assert _furniture(text) == [text.strip()]
