"""Names as the archive compares them."""

import unicodedata


def normalize_name(name: str) -> str:
    """The key under which a speaker's name is shared: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed.casefold() if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())


# Words a named speaker's name may carry that do not tell two people apart, as normalize_name leaves them
# (lower case, no dots): "Dr. Priya Raman" is "Priya Raman". The database takes them off a name when it
# looks for likely duplicates (Speaker.name_key); they are matched as whole words, titles at the start of a
# name, suffixes at its end, and never the name's only word.
PERSON_TITLES = [
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "fr",
    "father",
    "sister",
    "brother",
    "president",
    "vice",
    "prime",
    "minister",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "gov",
    "governor",
    "mayor",
    "chancellor",
    "premier",
    "ambassador",
    "secretary",
    "chief",
    "judge",
    "justice",
    "gen",
    "general",
    "col",
    "colonel",
    "maj",
    "capt",
    "captain",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "cmdr",
    "commander",
    "adm",
    "admiral",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "rabbi",
    "imam",
]
PERSON_SUFFIXES = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "mp", "qc", "kc", "esq"]
ORGANIZATION_TITLES = ["the"]
ORGANIZATION_SUFFIXES = ["inc", "ltd", "llc", "plc", "corp", "co", "sa", "ag", "gmbh"]
