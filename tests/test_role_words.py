import re

import pytest

from attribution.models import Article, Quote
from attribution.role_words import ROLE_CATEGORIES, ROLE_RULES, role_category, role_pattern

# Roles as the extractor gives them (from the seed article, the Gender Gap Tracker's and PolNeAR's texts, or
# written the same way), and the category each is counted under.
ROLES = [
    ("French President", "president"),
    ("Harbourview mayor", "mayor"),
    ("RCMP Sgt.", "police"),
    ("a spokeswoman for the ministry", "spokesperson"),
    ("associate professor of economics at McGill", "academic"),
    ("Foreign Minister", "minister"),
    ("deputy police chief", "police"),
    ("CEO of Acme", "executive"),
    ("Prime Minister", "president"),
    ("Ontario Premier", "president"),
    ("U.S. Secretary of State", "minister"),
    ("Health Minister", "minister"),
    ("Veterans Affairs Minister", "minister"),
    ("Attorney General", "minister"),
    ("deputy prime minister", "minister"),
    ("Police Minister", "minister"),
    ("Deputy Mayor", "mayor"),
    ("city councillor", "councillor"),
    ("Councilwoman", "councillor"),
    ("another GOP state senator", "legislator"),
    ("Nova Scotia Liberal MP", "legislator"),
    ("Sen.", "legislator"),
    ("Conservative Leader", "legislator"),
    ("Council candidate", "legislator"),
    ("St. Charles Police Lt.", "police"),
    ("Const.", "police"),
    ("Staff Sgt.", "police"),
    ("police officer", "police"),
    ("a senior police official", "police"),
    ("Army Sgt.", "military"),
    ("Col.", "military"),
    ("fire chief", "emergency"),
    ("paramedic", "emergency"),
    ("the addictions doctor on Nova Scotia's South Shore", "health"),
    ("Nova Scotia's chief medical officer of health", "health"),
    ("Nova Scotia's chief medical examiner", "health"),
    ("a family doctor", "health"),
    ("Dr.", "health"),
    ("nurse practitioner", "health"),
    ("a drug policy researcher with St. Michael's Hospital in Toronto", "academic"),
    ("President of the University of Toronto", "academic"),
    ("chief U.K. economist at Capital Economics in London", "analyst"),
    ("BMO Research analyst", "analyst"),
    ("a senior strategist for the Asia-Pacific for Rabobank", "analyst"),
    ("St. Charles County Prosecuting Attorney", "lawyer"),
    ("Crown prosecutor", "lawyer"),
    ("a lawyer for the minister", "lawyer"),
    ("Supreme Court Justice", "judge"),
    ("Justice", "judge"),
    ("Justice Minister", "minister"),
    ("Justice Department official", "official"),
    ("a social justice activist", "activist"),
    ("a Clinton surrogate", "spokesperson"),
    ("presidential nominee", "legislator"),
    ("the assistant leader of the Democratic caucus", "legislator"),
    ("a Halifax radiation oncologist", "health"),
    ("Schellenberg's aunt", "public"),
    ("a Syrian refugee", "public"),
    ("Veterans Affairs official", "official"),
    ("a senior Ukrainian defense official", "official"),
    ("a European Union diplomat", "official"),
    ("White House economic adviser", "official"),
    ("an aide to the mayor", "official"),
    ("UN Secretary-General", "official"),
    ("Chinese Foreign Ministry", "official"),
    ("police spokesperson", "spokesperson"),
    ("University spokesman", "spokesperson"),
    ("White House press secretary", "spokesperson"),
    ("communications officer", "spokesperson"),
    ("a spokesperson for the prime minister", "spokesperson"),
    ("Chairman", "executive"),
    ("President and CEO", "executive"),
    ("restaurant owner", "executive"),
    ("president of the Canadian Medical Association", "executive"),
    ("union president", "union"),
    ("president of the teachers' union", "union"),
    ("police union president", "union"),
    ("president of the steelworkers' union", "union"),
    ("Carolina coach", "sport"),
    ("goaltender", "sport"),
    ("oil and gas worker", "worker"),
    ("medical student", "student"),
    ("the Covington Catholic student", "student"),
    ("student union president", "union"),
    ("chief executive officer of Acme", "executive"),
    ("Officer", "police"),
    ("Harbourview resident", "public"),
    ("His father", "public"),
    ("a climate activist", "activist"),
    ("Rev.", "clergy"),
    ("Governor", "president"),
    ("Vice-President", "president"),
    ("vice president", "president"),
    ("Québec Premier", "president"),
    ("porte-parole de l'Élysée", None),
    ("director of systems change", None),
    ("Both", None),
    ("@MichelleRempel", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("role", "category"), ROLES)
def test_a_role_is_counted_under_the_category_of_its_first_matching_rule(role, category):
    assert role_category(role) == category


def test_words_match_whole_words_in_any_case_with_a_plural_s():
    assert role_category("MAYOR") == role_category("mayors") == "mayor"
    assert role_category("mayoral candidate") == "legislator"  # "mayoral" is not "mayor"
    assert role_category("Ministers") == "minister"
    assert role_category("administrative assistant") is None  # "minister" inside a word does not count
    assert role_category("doctoral candidate") == "student"  # nor "doctor" inside "doctoral"
    assert role_category("secretary general") == role_category("secretary-general") == "official"


def test_a_spokesperson_is_a_spokesperson_whoever_they_speak_for():
    for whose in ("police", "hospital", "union", "army", "Prime Minister's Office", "company"):
        assert role_category(f"{whose} spokesperson") == "spokesperson"


def test_a_president_alone_heads_a_state_and_one_of_an_institution_heads_that():
    assert role_category("U.S. President") == "president"
    assert role_category("president of Acme Inc.") == "executive"
    assert role_category("university president") == "academic"
    assert role_category("Senate president") == "legislator"
    # a limit of words: an organisation named without an institution word is taken for a state
    assert role_category("Acme president") == "president"


def test_every_rule_names_a_category_and_every_category_has_a_rule():
    keys = [key for key, _ in ROLE_CATEGORIES]
    assert len(keys) == len(set(keys))
    assert {key for key, _ in ROLE_RULES} == set(keys)
    assert len(ROLE_RULES) <= 30  # PostgreSQL's cache of compiled regular expressions holds 32


def test_the_words_are_lower_case_words_the_patterns_join_with_spaces_or_hyphens():
    for _, words in ROLE_RULES:
        for word in words:
            assert re.fullmatch(r"[a-z]+( [a-z]+)*", word), word
    assert re.search(role_pattern(("vice president",)), "the vice-president", re.IGNORECASE)
    assert (
        role_pattern(("mayor", "vice president"), start=r"\m", end=r"\M")
        == r"\m(?:mayor|vice['’]?[\s-]+president)s?\M"
    )


def test_postgresql_puts_every_role_in_the_same_category_as_python(db):
    text = "x" * len(ROLES)
    article = Article.objects.create(
        title="Roles", text=text, content_hash="r" * 64, state=Article.State.DONE
    )
    Quote.objects.bulk_create(
        Quote(article=article, start=n, end=n + 1, text="x", kind="direct", confidence=1.0, speaker_role=role)
        for n, (role, _) in enumerate(ROLES)
    )
    rows = Quote.objects.with_role_category().values_list("speaker_role", "role_category")
    assert dict(rows) == {role: role_category(role) for role, _ in ROLES}
