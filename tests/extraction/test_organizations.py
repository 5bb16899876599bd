"""Organizations named once, then described ("the company") or shortened ("EDC", "Suncor")."""

import pytest
from spacy.tokens import Doc

from attribution.extraction import extract
from attribution.extraction.chunk import Chunk
from attribution.extraction.coreference import ArticleContext
from attribution.extraction.organizations import full_names

from .helpers import quote_at


def test_the_company_is_the_company_named_before(nlp):
    text = (
        "Maple Leaf Foods reported higher sales on Tuesday.\n\n"
        "The company said its new plant in Winnipeg would open in March."
    )
    q = quote_at(extract(text, nlp), "new plant")
    assert q.speaker.mention == "The company"
    assert q.speaker.name == "Maple Leaf Foods"
    assert q.speaker.kind == "organization"


def test_a_described_organization_prefers_the_name_holding_its_noun(nlp):
    text = (
        "The Department of Fisheries met Acme Marine Corp. on Monday to discuss the quota.\n\n"
        "The department said the quota would be cut by a third."
    )
    q = quote_at(extract(text, nlp), "quota would be cut")
    assert "Fisheries" in q.speaker.name


def test_a_description_with_no_organization_named_stays_as_written(nlp):
    q = quote_at(extract("The company said its new plant would open in March.", nlp), "new plant")
    assert q.speaker.name == "The company"


def test_an_acronym_and_a_short_form_give_the_full_name(nlp):
    doc = nlp(
        "Export Development Canada (EDC) lent money to Suncor Energy last year, and Suncor repaid it in full."
    )
    names = full_names(doc, {"ORG"})
    assert names["EDC"] == "Export Development Canada (EDC)"
    assert names["Suncor"] == "Suncor Energy"


def test_a_short_form_of_two_organizations_stands_for_neither(nlp):
    doc = nlp("The Bank of Montreal and the Bank of Nova Scotia both raised rates.")
    assert "Bank" not in full_names(doc, {"ORG"})


def test_it_as_the_subject_of_said_is_the_organization_before(nlp):
    text = (
        "Harbour Power Corp. restored electricity to most homes on Sunday.\n\n"
        "“Crews will work through the night,” it said in a statement."
    )
    q = quote_at(extract(text, nlp), "Crews")
    assert q.speaker.mention == "it"
    assert q.speaker.name.startswith("Harbour Power")
    assert q.speaker.kind == "organization"


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("It advised residents never to run a generator indoors.", "never to run a generator indoors"),
        ("It urged drivers to stay off the roads until Monday.", "to stay off the roads until Monday"),
        (
            "It denied that any crews had been pulled from the valley.",
            "any crews had been pulled from the valley",
        ),
    ],
)
def test_it_urging_or_denying_is_the_organization_before(nlp, sentence, words):
    text = f"Harbour Power Corp. restored electricity to most homes on Sunday.\n\n{sentence}"
    q = quote_at(extract(text, nlp), words.split()[1])
    assert q.text == words
    assert q.speaker.name.startswith("Harbour Power")


def test_an_expletive_it_is_no_speaker(nlp):
    text = "Harbour Power Corp. raised its rates.\n\nIt goes without saying that customers were angry."
    assert not [q for q in extract(text, nlp) if q.speaker is not None and q.speaker.mention == "It"]


def test_an_untagged_acronym_of_an_organization_named_in_full_is_that_organization(nlp):
    text = (
        "Export Development Canada (EDC) lent money to the mine last year.\n\n"
        "EDC says it is self-funding and will not need help."
    )
    q = quote_at(extract(text, nlp), "self-funding")
    assert q.speaker.name == "Export Development Canada (EDC)"
    assert q.speaker.kind == "organization"


def test_it_after_an_untagged_acronym_of_a_named_organization_is_that_organization(nlp):
    # the tagger leaves the acronym untagged in the sentence before "it said"
    words = [
        "Northern",
        "Ferry",
        "Services",
        "(",
        "NFS",
        ")",
        "runs",
        "ferries",
        ".",
        "NFS",
        "declined",
        ".",
        "It",
        "said",
        "so",
        ".",
    ]
    doc = Doc(
        nlp.vocab,
        words=words,
        pos=[
            "PROPN",
            "PROPN",
            "PROPN",
            "PUNCT",
            "PROPN",
            "PUNCT",
            "VERB",
            "NOUN",
            "PUNCT",
            "PROPN",
            "VERB",
            "PUNCT",
            "PRON",
            "VERB",
            "ADV",
            "PUNCT",
        ],
        heads=[2, 2, 6, 4, 2, 4, 6, 6, 6, 10, 10, 10, 13, 13, 13, 13],
        deps=[
            "compound",
            "compound",
            "nsubj",
            "punct",
            "appos",
            "punct",
            "ROOT",
            "dobj",
            "punct",
            "nsubj",
            "ROOT",
            "punct",
            "nsubj",
            "ROOT",
            "advmod",
            "punct",
        ],
        lemmas=[
            "Northern",
            "Ferry",
            "Services",
            "(",
            "NFS",
            ")",
            "run",
            "ferry",
            ".",
            "NFS",
            "decline",
            ".",
            "it",
            "say",
            "so",
            ".",
        ],
        ents=["B-ORG", "I-ORG", "I-ORG"] + ["O"] * 13,
    )
    ctx = ArticleContext(Chunk.of(doc.text, doc))
    speaker, _how = ctx.speaker(doc[12], 0)
    assert speaker.name == "Northern Ferry Services (NFS)"


def test_an_organization_whose_name_the_parse_splits_keeps_its_whole_name(nlp):
    text = (
        "Soap and razor maker Procter & Gamble rose 6 per cent on Tuesday after its profit beat estimates. "
        "The company said its yearly sales could be stronger than it had expected."
    )
    q = quote_at(extract(text, nlp), "yearly sales")
    assert q.speaker.name == "Procter & Gamble"


def test_the_company_is_the_subject_of_the_main_clause_before_one_of_a_clause_inside_it(nlp):
    text = (
        "Air Canada said on Monday that WestJet had cancelled a fuel contract with its cargo unit.\n\n"
        "The company said it would appeal the decision in court."
    )
    q = quote_at(extract(text, nlp), "appeal the decision")
    assert q.speaker.name == "Air Canada"
