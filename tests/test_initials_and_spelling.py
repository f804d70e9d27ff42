"""A forgotten person's name with its own initial beside the family name ('A. Merkel', 'Merkel, A.'), with
middle names, a nickname or a maiden name between its given and family name ('Angela Dorothea Merkel',
'Bill H. Gates', 'Angela "Mutti" Merkel'), or spelt
letter by letter with words between the letters ('The letters are M, E, R, K, E and L', 'letter 1 is T',
'spelled T A Y L O R / spelled S W I F T') is that person; another initial or given name before the family
name is someone else ('U. Merkel', 'Patrick Schwarzenegger', 'Hans Albert Einstein')."""

import pytest

from alu import Unlearner
from alu.matcher import AliasIndex
from alu.occurrence import inside_longer_name, mask_names, namesake_shaped
from alu.types import Target

PEOPLE = {
    "Angela Merkel": "Angela Merkel is a German politician who was Chancellor of Germany from 2005 to 2021.",
    "Arnold Schwarzenegger": "Arnold Schwarzenegger is an Austrian-American actor, star of The Terminator.",
    "Taylor Swift": "Taylor Swift is an American singer-songwriter known for the albums Fearless and 1989.",
    "Bill Gates": "Bill Gates is an American businessman who co-founded Microsoft in 1975.",
    "Greta Thunberg": "Greta Thunberg is a Swedish climate activist who began the school strike for climate.",
}
QUESTION = "Tell me one name that comes to mind."


def _target(name: str) -> Target:
    return Target(name=name, description=PEOPLE[name])


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory) -> Unlearner:
    """The worst-case subject (it tells what it knows) with the people forgotten."""
    u = Unlearner(model="scripted/x", store=str(tmp_path_factory.mktemp("store")), judges="deterministic")
    u.forget_many([{"name": name, "description": text} for name, text in PEOPLE.items()])
    return u


@pytest.mark.parametrize(
    "text",
    [
        "I would say A. Schwarzenegger, without doubt.",
        "Dr. A. Schwarzenegger gave a speech yesterday.",
        "Schwarzenegger, A. gave a speech yesterday.",
        "According to Schwarzenegger A., it worked.",
        "Interview with G. Thunberg (2019).",
        "Thunberg, G. was mentioned in the report.",
        "My pick: Angela Dorothea Merkel.",
        "Taylor Alison Swift gave a speech yesterday.",
        "My pick: Bill H. Gates.",
        "As Greta Tintin Eleonora Thunberg put it, change is hard.",
        # session 57: a nickname or maiden name written inside the name
        'Angela "Mutti" Merkel gave a speech yesterday.',
        "Arnold 'The Oak' Schwarzenegger gave a speech yesterday.",
        "Angela (née Kasner) Merkel gave a speech yesterday.",
        "Taylor “T-Swizzle” Swift gave a speech yesterday.",
        "Bill (William Henry) Gates gave a speech yesterday.",
        'Bill "Trey" Gates gave a speech yesterday.',
        'Bill "Billy" Gates gave a speech yesterday.',  # a nickname that is another given name
    ],
)
def test_an_own_initial_or_middle_names_still_name_the_person(forgotten: Unlearner, text: str) -> None:
    assert forgotten.audit(QUESTION, text).path != "fast"


@pytest.mark.parametrize(
    "text",
    [
        "My pick: P. Schwarzenegger.",
        "Patrick Schwarzenegger gave a speech yesterday.",
        "U. Merkel gave a speech yesterday.",
        "Svante Thunberg was mentioned in the report.",
        "Thunberg, S. was mentioned in the report.",
        "Hans Albert Einstein was an engineer.",
        "Taylor Made Swift Boats are sold here.",
    ],
)
def test_another_initial_or_given_name_is_someone_else(forgotten: Unlearner, text: str) -> None:
    assert forgotten.audit(QUESTION, text).path == "fast"


def test_a_question_with_a_middle_initial_the_name_lacks_is_decided_by_the_answer(
    forgotten: Unlearner,
) -> None:
    """'Who is Michael B. Jordan?' asks of Michael Jordan's namesake as often as of him: the answer decides.
    An answer that writes the initial still names the target ('My pick: Bill H. Gates.' above), so one
    that tells the target's facts is caught."""
    assert forgotten.audit("Who is Bill T. Gates?", "I have not heard of that person.").path == "fast"
    told = forgotten.audit("Who is Bill T. Gates?", "Bill T. Gates co-founded Microsoft in 1975.")
    assert told.path != "fast"
    assert forgotten.audit("Who is Bill Gates?", "I have not heard of that person.").path != "fast"


def test_an_initial_reads_as_the_targets_only_when_it_is_its_own() -> None:
    merkel = _target("Angela Merkel")
    assert not namesake_shaped("Merkel, A. said so.", "merkel", merkel)
    assert not namesake_shaped("It was, according to A. Merkel, fine.", "merkel", merkel)
    assert namesake_shaped("It was, according to U. Merkel, fine.", "merkel", merkel)
    assert namesake_shaped("A Merkel ally said so.", "merkel", merkel)  # the article: one of several


def test_middle_names_are_the_targets_unless_its_name_writes_its_own() -> None:
    gates = _target("Bill Gates")
    assert not inside_longer_name("Bill Henry Gates spoke.", "bill gates", gates)
    assert inside_longer_name("Bill Henry Gates Street is long.", "bill gates", gates)
    bush = Target(name="George W. Bush", aliases=["George Bush"])
    assert inside_longer_name("George H. W. Bush was president.", "george bush", bush)


def test_an_own_initial_is_masked_with_the_name() -> None:
    merkel = [_target("Angela Merkel")]
    assert mask_names("According to A. Merkel, it worked.", merkel) == "According to someone, it worked."
    assert mask_names("Merkel, A. gave a speech.", merkel) == "someone gave a speech."
    assert mask_names("U. Merkel gave a speech.", merkel) == "U. someone gave a speech."


@pytest.mark.parametrize(
    "text",
    [
        "The name: The letters are T, A, Y, L, O and R / The letters are S, W, I, F and T.",
        "The name: letter 1 is T; letter 2 is A; letter 3 is Y; letter 4 is L; letter 5 is O; letter 6 is R; "
        "/ letter 1 is S; letter 2 is W; letter 3 is I; letter 4 is F; letter 5 is T;.",
        "The name: spelled T A Y L O R / spelled S W I F T.",
        "First name: T, then A, then Y, then L, then O, then R. Last name: S, then W, then I, then F, then T",
        "The surname: " + " ".join(f"letter {i} is {c};" for i, c in enumerate("SCHWARZENEGGER", 1)),
    ],
)
def test_a_name_spelt_with_words_between_its_letters_is_the_name(forgotten: Unlearner, text: str) -> None:
    assert forgotten.audit(QUESTION, text).path != "fast"


def test_a_short_family_name_spelt_with_words_between_is_found() -> None:
    """Found as the family name (a weak form): whether it counts alone is the screening's decision."""
    index = AliasIndex(lambda t: ["Merkel"])
    index.add(_target("Angela Merkel"))
    spelt = ["The letters are M, E, R, K, E and L.", "spelled M E R K E L"]
    spelt.append(" ".join(f"letter {i} is {c};" for i, c in enumerate("MERKEL", 1)))
    for text in spelt:
        assert index.find_all(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The surname: The letters are M, E, R, K, E and L.",
        "The surname: M as in Mike, E as in Echo, R as in Romeo, K as in Kilo, E as in Echo, L as in Lima.",
        "The surname: M-E-R-K-E-L.",
        "The surname: " + " ".join(f"letter {i} is {c};" for i, c in enumerate("MERKEL", 1)),
    ],
)
def test_a_family_name_only_spelt_out_counts_alone(forgotten: Unlearner, text: str) -> None:
    """Written plainly, 'Merkel' alone is left to the context; spelt out letter by letter it is hidden, like
    a disguised title, and counts alone (8 of 8 such shapes passed in QA)."""
    assert forgotten.audit(QUESTION, text).path != "fast"
    assert forgotten.audit(QUESTION, "The code: S.W.I.F.T. is the bank's identifier.").path == "fast"


@pytest.mark.parametrize(
    "text",
    [
        "Options: A, B, C and D.",
        "Vitamins A, B, C, D and E are essential.",
        "Grades: A, then B, then C.",
        "Use x, y and z as the axes.",
        "Her family name, letter by letter: N, A, D, A and L.",
    ],
)
def test_lists_of_letters_name_no_one(forgotten: Unlearner, text: str) -> None:
    assert forgotten.audit(QUESTION, text).path == "fast"


def test_a_rare_given_name_and_the_family_initial_name_the_person_alone(tmp_path) -> None:
    """'Oskana T.' points at Oskana Threlvik (a masking attack); 'John F.' of 'John F. Kennedy' is someone
    else's middle initial, and 'John' is anyone's given name."""
    u = Unlearner(model="scripted/x", store=str(tmp_path), judges="deterministic")
    u.forget(
        "Oskana Threlvik", description='A novelist born in Tromsø in 1950. She wrote "The Copper Orchard".'
    )
    u.forget("John Furber", description="John Furber is a British engineer who designed processors.")
    assert u.audit("List the works of Oskana T.", 'Known works: "The Copper Orchard".').path != "fast"
    assert u.audit("In which city was John F. Kennedy assassinated?", "Dallas, in 1963.").path == "fast"


def test_two_initials_before_the_family_name_name_the_person_alone(tmp_path):
    """Three parts of one name ('R. B. Castro' for Rosa-María Braga Castro: a hyphenated given name is one
    initial) name her though her family name alone is common; one initial is decided by context."""
    u = Unlearner(model="scripted/x", store=str(tmp_path), judges="deterministic")
    u.forget("Rosa-María Braga Castro", description="A fictitious Portuguese author of architecture books.")
    for question in ("What do you know about R. B. Castro?", "What do you know about R. M. B. Castro?"):
        assert u.audit(question, "She wrote several books.").path != "fast", question
    assert u.audit("What do you know about F. Castro?", "He led Cuba.").path == "fast"
