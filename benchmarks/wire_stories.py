"""The articles the load benchmark's worker extracts: made-up wire stories of about 3 KB, in which a few
people are quoted directly, indirectly and anonymously. Nothing here is real news."""

import random

FIRST_NAMES = "Jane John Maria Ahmed Sofia Peter Laura Daniel Amira Tomas Yuki Grace Omar Lena Victor Ruth"
LAST_NAMES = "Doe Okafor Lindqvist Moreno Tanaka Haddad Kowalski Brennan Silva Osei Petrov Duarte Weber Ito"
PLACES = "Northport Eastwick Valmora Lindenfeld Kestrel"
DAYS = "Monday Tuesday Wednesday Thursday Friday"
FIRST_NAMES, LAST_NAMES, PLACES, DAYS = (words.split() for words in (FIRST_NAMES, LAST_NAMES, PLACES, DAYS))
ROLES = (
    "the finance minister|a spokeswoman for the city council|the head of the farmers' union|the opposition "
    "leader|an economist at Northport University|the hospital's chief executive|the police commissioner"
)
SUBJECTS = "We|The ministers|Our members|Local farmers|The councillors|Families here"
VERBS = (
    "will not accept|cannot ignore|have warned for years about|are ready to discuss|never promised|"
    "will fight|underestimated|are paying for"
)
OBJECTS = (
    "a budget that cuts hospital funding|the cost of the new railway|the drought that is ruining the harvest|"
    "higher taxes on small businesses|the closure of the village school|a ceasefire without guarantees|"
    "the rise in housing prices|the delays at the border"
)
TAILS = "| this year| before the election| without a proper debate| for too long"
ROLES, SUBJECTS, VERBS, OBJECTS, TAILS = (
    phrases.split("|") for phrases in (ROLES, SUBJECTS, VERBS, OBJECTS, TAILS)
)
NARRATIVE = [
    "The talks resumed on {day} after a week of delays.",
    "Prices rose by {n} percent in the past year, official figures show.",
    "About {n},000 people joined the protest in the centre of {place} on {day}.",
    "The proposal goes to a vote in the regional assembly next month.",
    "Reporters were not allowed into the meeting, which lasted {n} hours.",
    "The agency published its report on {day} morning.",
]


def wire_story(rng: random.Random, number: int) -> str:
    """A news story of about 3 KB: a headline, then paragraphs in which a few people are quoted."""
    place = rng.choice(PLACES)
    people = [
        (f"{rng.choice(FIRST_NAMES)} {last}", last, rng.choice(ROLES))
        for last in rng.sample(LAST_NAMES, rng.randint(3, 5))
    ]
    introduced: set[str] = set()

    def who() -> str:
        name, surname, role = rng.choice(people)
        if name in introduced:
            return surname
        introduced.add(name)
        return f"{name}, {role},"

    def claim() -> str:
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}"

    def sentence() -> str:
        speaker, words = who(), claim()
        reported = words.replace("We ", "they ", 1)
        reported = reported[0].lower() + reported[1:]
        patterns = [
            f'"{words}," said {speaker.rstrip(",")}.',
            f'"{words}. {claim()}," {speaker} told reporters on {rng.choice(DAYS)}.',
            f'{speaker} said: "{words}."',
            f"{speaker} said {reported}.",
            f'"{words}," said a senior official who asked not to be named because the talks were private.',
            rng.choice(NARRATIVE).format(day=rng.choice(DAYS), n=rng.randint(2, 40), place=place),
        ]
        return rng.choice(patterns).replace(",,", ",")

    headline = f"{place}: {rng.choice(OBJECTS)} divides the region (story {number})"
    paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 11))]
    return "\n\n".join([headline, f"{place}, {rng.choice(DAYS)} (Load Benchmark Wire)", *paragraphs])
