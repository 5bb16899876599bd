"""Reported speech: the content of a speech verb, of "according to", of a content noun or a claim."""

import pytest
from spacy.tokens import Doc

from attribution.extraction import clauses, extract, reported

from .helpers import quote_at


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


def test_according_to_takes_the_side_with_the_main_verb(nlp):
    text = (
        "Turnout rose by nine percent, according to the clerk, more than twice what she had projected "
        "for the previous local election across the region."
    )
    q = quote_at(extract(text, nlp), "Turnout")
    assert q.text == "Turnout rose by nine percent"
    assert q.speaker.name == "the clerk"


def test_a_content_noun_takes_the_that_clause(nlp):
    text = "The union leader expressed concern that the factory might move its production abroad."
    q = quote_at(extract(text, nlp), "factory")
    assert q.kind == "indirect"
    assert q.text == "the factory might move its production abroad"


def test_told_someone_that_reports_the_clause_not_the_listener(nlp):
    text = "The coach told a meeting of parents that the new pitch would be ready by autumn."
    q = quote_at(extract(text, nlp), "pitch")
    assert q.kind == "indirect"
    assert q.text == "the new pitch would be ready by autumn"
    assert q.speaker.name == "The coach"


def test_what_follows_a_listener_is_not_reported_content(nlp):
    text = "The senator attacked rivals as well as allies during the long debate."
    assert all(not q.text.startswith("as well as") for q in extract(text, nlp))


def test_reported_content_stays_in_the_paragraph_of_its_cue(nlp):
    text = "Harbour Rates Rise Again.\nThe fees are “too high,” the shipping union said on Monday.\n"
    assert all("Harbour Rates" not in q.text for q in extract(text, nlp))


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


def test_a_thing_that_promises_is_not_a_speaker(nlp):
    assert extract("The new engines promise to cut fuel use by half within a decade.", nlp) == []
    q = quote_at(extract("Critics say the rules go too far.", nlp), "go too far")
    assert q.speaker.name == "Critics"


def test_an_agent_noun_can_speak_but_an_illness_cannot(nlp):
    assert extract("The moderator said the debate would start late.", nlp)[0].speaker.name == "The moderator"
    assert extract("Her cancer, which confirmed what they feared, spread quickly.", nlp) == []


# -- the stage's own functions, on one parsed chunk --------------------------------------------------------


def reports(chunk, ctx, direct_bounds=()):
    return [
        (c.kind, chunk.text[c.start : c.end], c.cue.text, c.speaker.name)
        for c in reported.candidates(chunk, ctx, list(direct_bounds))
    ]


def test_the_content_clause_of_said_that_is_reported(parse):
    chunk, ctx = parse("Mayor Elena Ruiz said that the new tram line would open before the summer holidays.")
    assert reports(chunk, ctx) == [
        ("indirect", "the new tram line would open before the summer holidays", "said", "Elena Ruiz")
    ]


def test_according_to_reports_the_other_side_of_the_sentence(parse):
    chunk, ctx = parse("According to the weather service, the heatwave will last until Thursday.")
    assert reports(chunk, ctx) == [
        ("indirect", "the heatwave will last until Thursday", "according to", "the weather service")
    ]


def test_a_claim_with_an_owner_reports_its_that_clause(parse):
    chunk, ctx = parse("Trump's claim that the vote was rigged spread quickly.")
    assert reports(chunk, ctx) == [("indirect", "the vote was rigged", "claim", "Trump")]


def test_content_holding_a_quote_is_mixed(parse):
    chunk, ctx = parse("The coach said that his team had played “the best half of the season” on Saturday.")
    ((kind, text, _cue, speaker),) = reports(chunk, ctx)
    assert kind == "mixed" and "“the best half of the season”" in text and speaker == "The coach"


def test_content_the_direct_quotes_mostly_cover_is_theirs(parse):
    chunk, ctx = parse("The coach said that “his team had played the best half of the season.”")
    assert [kind for kind, *_ in reports(chunk, ctx)] == ["mixed"]
    assert reports(chunk, ctx, chunk.span_bounds) == []


# -- where reported content ends, and who says it when the parse misses the subject ------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Critics say the money would be better spent on the Harbour Line, the old ferry service that "
            "links the two islands.",
            "the money would be better spent on the Harbour Line",
        ),
        (
            "The mayor claimed that the budget was balanced, although she refused to publish the accounts.",
            "the budget was balanced",
        ),
        ("The union called for higher wages in a statement on Friday.", "higher wages"),
        ("The mayor said Monday the budget was balanced.", "the budget was balanced"),
        (
            "Officials said the bridge was safe and the tunnel would reopen soon.",
            "the bridge was safe and the tunnel would reopen soon",
        ),
        (
            "Farmers said the drought was severe and ranchers accused the province of ignoring them.",
            "the drought was severe",
        ),
    ],
)
def test_reported_content_leaves_out_what_the_narrator_adds(nlp, text, content):
    assert quote_at(extract(text, nlp), content.split()[1]).text == content


def test_the_agent_of_a_passive_cue_is_the_speaker(nlp):
    q = quote_at(extract("The minister was told by her aides that the vote would fail.", nlp), "vote")
    assert q.text == "the vote would fail"
    assert q.speaker.name == "her aides"


@pytest.mark.parametrize(
    "text, speaker",
    [
        # the parse hangs the name on "board of ..." and leaves "said" with no subject
        (
            "At a dinner with the board of the Daily Courier Ramirez said that the port would grow.",
            "Ramirez",
        ),
        # the parse makes "said" an adverb of the clause
        ("Still, Okafor said stress can complicate a marriage.", "Okafor"),
    ],
)
def test_a_name_right_before_a_verb_without_subject_speaks(nlp, text, speaker):
    q = quote_at(extract(text, nlp), "would" if "port" in text else "stress")
    assert speaker in q.speaker.name


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Her aunt, Mira Costa, said the family is waiting for news from the court.", "Mira Costa"),
        ("The 26-year-old winger said his new linemates keep creating chances for him.", "winger"),
    ],
)
def test_a_common_noun_named_or_aged_is_a_person(nlp, text, speaker):
    q = quote_at(extract(text, nlp), "his new" if "winger" in text else "family")
    assert speaker in q.speaker.name


def test_denying_a_team_a_chance_is_not_speech(nlp):
    assert extract("The goalie denied the Rovers on several chances in the third period.", nlp) == []
    q = quote_at(extract("The minister denied the allegations of fraud.", nlp), "allegations")
    assert q.speaker.name == "The minister"


# -- speech verbs that report nothing said ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The ministry declined to say why the hospital wing had closed.",
        "The company did not say whether it would refund the passengers.",
        # the subject of a passive "asked" or "told" is the listener, and nobody is named as the speaker
        "The premier was asked twice what the province is doing about the closures.",
        "The nurse was told she could go home on Monday.",
        "The new law promises to double the price of steel.",
    ],
)
def test_a_speech_verb_that_reports_nothing_said_gives_no_quote(nlp, text):
    assert [q for q in extract(text, nlp) if q.kind == "indirect"] == []


def test_an_absolute_participle_after_a_quote_is_not_its_content(nlp):
    quotes = extract("“I will miss this town,” she said, eyes welling up with tears.", nlp)
    assert [q.text for q in quotes] == ["“I will miss this town,”"]


def test_a_question_asked_is_reported(nlp):
    q = quote_at(extract("The mayor asked whether the council had read the audit.", nlp), "council")
    assert q.text == "whether the council had read the audit"
    assert q.speaker.name == "The mayor"


# -- verbs whose object is what was said: cited, questioned, mentioned -------------------------------------


@pytest.mark.parametrize(
    "text, content, cue",
    [
        (
            "At the hearing, the senator cited rising costs at the county hospital.",
            "rising costs at the county hospital",
            "cited",
        ),
        (
            "The coach questioned whether the referee had seen the foul.",
            "whether the referee had seen the foul",
            "questioned",
        ),
        (
            "The mayor mentioned the long delays on the northern line.",
            "the long delays on the northern line",
            "mentioned",
        ),
    ],
)
def test_what_was_cited_questioned_or_mentioned_is_reported(nlp, text, content, cue):
    q = quote_at(extract(text, nlp), content.split()[1])
    assert (q.text, q.cue, q.kind) == (content, cue, "indirect")


def test_a_cited_source_or_a_bare_mention_is_no_report(nlp):
    # what is cited is the source ("an interview"), not what it says; "the case" alone says nothing
    assert extract("The magazine cites an interview with a former prison guard.", nlp) == []
    assert extract("She mentioned the case.", nlp) == []


# -- a cue in the middle of its content: "X, he said, Y" gives both sides ----------------------------------


@pytest.mark.parametrize(
    "text, first, second",
    [
        (
            "The difference now, he told me on Friday, is that he runs a straight news program.",
            "The difference now",
            "is that he runs a straight news program",
        ),
        (
            "Though the transition was relatively seamless, he said, replacing the nominee would be harder.",
            "Though the transition was relatively seamless",
            "replacing the nominee would be harder",
        ),
        (
            "But to prevent problems, the official said, local clerks should be vigilant.",
            "But to prevent problems",
            "local clerks should be vigilant",
        ),
    ],
)
def test_a_parenthetical_cue_reports_both_sides_of_its_clause(nlp, text, first, second):
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == [first, second]


@pytest.mark.parametrize(
    "text, first, second",
    [
        (
            "The pills have a narrow set of uses, the pharmacist says, and are meant to be taken briefly.",
            "The pills have a narrow set of uses",
            "are meant to be taken briefly",
        ),
        (
            "Her nephew made the choice alone that night, she says, and lost his life over a debt of $20.",
            "Her nephew made the choice alone that night",
            "lost his life over a debt of $20",
        ),
    ],
)
def test_a_predicate_joined_after_a_parenthetical_cue_goes_on_with_the_content(nlp, text, first, second):
    quotes = extract(text, nlp)
    assert [q.text for q in quotes] == [first, second]


def test_the_narrators_predicate_joined_to_a_final_cue_is_not_content(nlp):
    quotes = extract("The plan is flawed, the councillor said, and left the meeting early.", nlp)
    assert [q.text for q in quotes] == ["The plan is flawed"]


def test_a_subordinate_clause_holding_a_speech_verb_stays_in_the_content(nlp):
    text = "A council source said he could not answer because the auditors had only asked for the files."
    q = quote_at(extract(text, nlp), "answer")
    assert q.text == "he could not answer because the auditors had only asked for the files"


def test_content_run_over_a_paragraph_break_keeps_the_cue_side(nlp):
    # "U.S." ends the paragraph: the parse runs the sentence into the next one
    text = (
        "The governor has said that the state cannot afford the new levy imposed by the U.S.\n\n"
        "Farmers in the valley were not consulted."
    )
    q = quote_at(extract(text, nlp), "levy")
    assert q.text == "the state cannot afford the new levy imposed by the U.S"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The spokesman says that the mayor called the coach on Friday to express her thanks to the team.",
            "the mayor called the coach on Friday to express her thanks to the team",
        ),
        (
            "An aide said the senator was headed to the studio to take part in interviews, which she was "
            "giving when the power failed.",
            "the senator was headed to the studio to take part in interviews, which she was giving when the "
            "power failed",
        ),
        (
            "The senator said after the convention she would not accept the endorsement.",
            "after the convention she would not accept the endorsement",
        ),
    ],
)
def test_a_purpose_an_interview_described_or_a_time_stays_in_the_content(nlp, text, content):
    assert quote_at(extract(text, nlp), content.split()[1]).text == content


def test_a_weak_cue_reports_the_that_clause_it_opens(nlp):
    text = "The auditor then pointed out that one ledger may list a payment twice."
    q = quote_at(extract(text, nlp), "ledger")
    assert (q.text, q.cue) == ("one ledger may list a payment twice", "pointed out")
    assert q.speaker.name == "The auditor"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The chief spoke for an hour, adding that more charges are possible and seeking a longer term is "
            "an option under state law.",
            "more charges are possible and seeking a longer term is an option under state law",
        ),
        (
            "She said nurses rarely get a break and are asked to work past their shifts.",
            "nurses rarely get a break and are asked to work past their shifts",
        ),
        (
            "The mayor said the critics are wrong when they say the levy breaks the charter.",
            "the critics are wrong when they say the levy breaks the charter",
        ),
        (
            "The union says burnout is critical among its members, and members are tired and overworked.",
            "burnout is critical among its members, and members are tired and overworked",
        ),
    ],
)
def test_clauses_joined_to_the_content_are_part_of_it(nlp, text, content):
    assert quote_at(extract(text, nlp), content.split()[1]).text == content


def test_a_clause_the_narrator_adds_with_but_is_not_reported(nlp):
    text = "His lawyer said the client would testify in private, but the chairman declined the offer."
    assert quote_at(extract(text, nlp), "client").text == "the client would testify in private"


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "He says he is unaware if that has happened before, and there are no plans for such a meeting.",
            "he is unaware if that has happened before, and there are no plans for such a meeting",
        ),
        (
            "But he said smaller bakers who are always trying new recipes — especially those that rely on "
            "exports — are likely to suffer most.",
            "smaller bakers who are always trying new recipes — especially those that rely on exports — are "
            "likely to suffer most",
        ),
        (
            "A local man robbed his neighbour, two young cousins and a grocer in the street they all shared, "
            "officers said Saturday.",
            "A local man robbed his neighbour, two young cousins and a grocer in the street they all shared",
        ),
    ],
)
def test_content_the_parse_hung_on_the_cue_is_part_of_it(nlp, text, content):
    assert quote_at(extract(text, nlp), content.split()[1]).text == content


def test_a_second_cue_between_joined_clauses_ends_the_content(nlp):
    text = (
        "The minister said he's a long way from a decision, noting that he's served for 40 years, and "
        "there's much to consider."
    )
    assert quote_at(extract(text, nlp), "decision").text == "he's a long way from a decision"


def test_a_participle_hung_on_the_content_speaks_for_the_reporter(nlp):
    text = (
        "Premier Ann Hale has said the province will keep its pledge to spend $10 million, insisting her "
        "government won't spend another penny."
    )
    q = quote_at(extract(text, nlp), "penny")
    assert (q.text, q.speaker.name) == ("her government won't spend another penny", "Ann Hale")


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        ("Twelve percent indicated that they were not sure.", "they were not sure", "Twelve percent"),
        ("Another 19 percent said they would stay home.", "they would stay home", "Another 19 percent"),
    ],
)
def test_a_share_of_a_poll_speaks(nlp, text, content, speaker):
    q = quote_at(extract(text, nlp), content.split()[1])
    assert (q.text, q.speaker.name) == (content, speaker)


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "According to talk radio host Dan Miller, the move reeks of “fear” and desperation.",
            "the move reeks of “fear” and desperation",
            "Dan Miller",
        ),
        (
            "As a boss on the show, the chef repeatedly belittled his staff with crude language, according "
            "to show insiders.",
            "As a boss on the show, the chef repeatedly belittled his staff with crude language",
            "insiders",
        ),
    ],
)
def test_according_to_whatever_the_parse_made_of_it(nlp, text, content, speaker):
    q = quote_at(extract(text, nlp), content.split()[1])
    assert (q.text, q.speaker.name) == (content, speaker)


def test_a_speech_verb_tagged_as_a_plural_noun_reports_its_that_clause(nlp):
    # the tagger sometimes reads "claims" after a name as a noun: "Dawson claims that she is exempt"
    doc = Doc(
        nlp.vocab,
        words=["Dawson", "claims", "that", "she", "is", "exempt", "."],
        pos=["PROPN", "NOUN", "SCONJ", "PRON", "AUX", "ADJ", "PUNCT"],
        tags=["NNP", "NNS", "IN", "PRP", "VBZ", "JJ", "."],
        deps=["compound", "ROOT", "mark", "nsubj", "ccomp", "acomp", "punct"],
        heads=[1, 1, 4, 4, 1, 4, 1],
        lemmas=["Dawson", "claim", "that", "she", "be", "exempt", "."],
    )
    assert clauses.claim_noun(doc[1]) == (doc[0], doc[4])
    assert clauses.claim_noun(doc[0]) is None


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The mayor reminded residents to check their smoke alarms every month.",
            "to check their smoke alarms every month",
        ),
        (
            "The coach told his players to stay away from social media during the playoffs.",
            "to stay away from social media during the playoffs",
        ),
    ],
)
def test_what_a_listener_is_told_to_do_is_reported_without_the_listener(nlp, text, content):
    assert quote_at(extract(text, nlp), content.split()[1]).text == content


def test_being_told_to_leave_reports_no_words(nlp):
    assert extract("The guard told her to leave.", nlp) == []


def test_a_claim_by_someone_reports_its_that_clause(nlp):
    q = quote_at(extract("The claims by the company that the water was clean were false.", nlp), "water")
    assert (q.text, q.speaker.name) == ("the water was clean", "the company")


def test_nominal_content_ends_before_the_narrators_description(nlp):
    text = "Some members, however, question the wisdom of backing the candidate, who has never run a race."
    assert quote_at(extract(text, nlp), "wisdom").text == "the wisdom of backing the candidate"


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "Those close to him say that he would have to consider other candidates.",
            "he would have to consider other candidates",
            "Those close to him",
        ),
        (
            "Some in the community say the support has dried up.",
            "the support has dried up",
            "Some in the community",
        ),
        (
            "Then someone asked how the mayor could win back young voters.",
            "how the mayor could win back young voters",
            "someone",
        ),
    ],
)
def test_unnamed_people_an_indefinite_pronoun_stands_for_speak(nlp, text, content, speaker):
    q = quote_at(extract(text, nlp), content.split()[1])
    assert (q.text, q.speaker.name, q.speaker.kind) == (content, speaker, "group")


def test_the_writer_reporting_a_clause_in_the_first_person_speaks(nlp):
    q = quote_at(extract("We asked whether the new stadium would ever pay for itself.", nlp), "stadium")
    assert (q.text, q.speaker.name) == ("whether the new stadium would ever pay for itself", "We")
    assert extract("I mentioned the long delays on the northern line.", nlp) == []


def test_a_condition_the_parse_hung_on_the_cue_opens_the_content(nlp):
    # "said when rivals dismiss concerns, he is insulting voters", "when" parsed as a clause of "said"
    doc = Doc(
        nlp.vocab,
        words=[
            "Scheer",
            "said",
            "when",
            "rivals",
            "dismiss",
            "concerns",
            ",",
            "he",
            "is",
            "insulting",
            "voters",
            ".",
        ],
        pos=[
            "PROPN",
            "VERB",
            "SCONJ",
            "NOUN",
            "VERB",
            "NOUN",
            "PUNCT",
            "PRON",
            "AUX",
            "VERB",
            "NOUN",
            "PUNCT",
        ],
        tags=["NNP", "VBD", "WRB", "NNS", "VBP", "NNS", ",", "PRP", "VBZ", "VBG", "NNS", "."],
        deps=[
            "nsubj",
            "ROOT",
            "advmod",
            "nsubj",
            "advcl",
            "dobj",
            "punct",
            "nsubj",
            "ccomp",
            "acomp",
            "dobj",
            "punct",
        ],
        heads=[1, 1, 4, 4, 1, 4, 8, 8, 1, 8, 9, 1],
        lemmas=[
            "Scheer",
            "say",
            "when",
            "rival",
            "dismiss",
            "concern",
            ",",
            "he",
            "be",
            "insult",
            "voter",
            ".",
        ],
    )
    assert clauses.content_tokens(doc[1]) == (2, 11, False)


def test_two_clauses_of_a_cue_the_second_with_that_are_both_its_content(nlp):
    # "She said costs rose and that pools closed", both clauses parsed as complements of "said"
    doc = Doc(
        nlp.vocab,
        words=["She", "said", "costs", "rose", "and", "that", "pools", "closed", "."],
        pos=["PRON", "VERB", "NOUN", "VERB", "CCONJ", "SCONJ", "NOUN", "VERB", "PUNCT"],
        tags=["PRP", "VBD", "NNS", "VBD", "CC", "IN", "NNS", "VBD", "."],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "cc", "mark", "nsubj", "ccomp", "punct"],
        heads=[1, 1, 3, 1, 1, 7, 7, 1, 1],
        lemmas=["she", "say", "cost", "rise", "and", "that", "pool", "close", "."],
    )
    assert clauses.content_tokens(doc[1]) == (2, 8, False)


@pytest.mark.parametrize(
    "text",
    [
        "The parole board released him in May. Asked about the case, the board declined to comment.",
        "When asked for comment about the judge's ruling, the station's manager said nothing.",
    ],
)
def test_what_someone_is_asked_about_is_not_their_words(nlp, text):
    assert [q.text for q in extract(text, nlp)] == []


def test_what_someone_asks_about_is_reported(nlp):
    quotes = extract("Senator Ann Lee asked about the cost of the bridge at the hearing.", nlp)
    assert [q.speaker.name for q in quotes] == ["Ann Lee"]


def test_a_clause_the_parser_takes_for_the_object_of_said_is_its_content(nlp):
    text = (
        "Jane Doe, a spokeswoman for the coalition, which is made up of investors and developers, said many "
        "of the projects that critics point to as failures helped transform poor towns."
    )
    q = quote_at(extract(text, nlp), "projects")
    assert q.text == "many of the projects that critics point to as failures helped transform poor towns"
    assert q.speaker.name == "Jane Doe"


def test_words_said_as_an_object_are_no_clause(nlp):
    assert extract("The pastor said a prayer that moved everyone in the hall.", nlp) == []
