# ruff: noqa: E501  (one case a line reads best as a table)
"""Innocent questions and answers that share a word with a forget target: the over-blocking set.

One-word targets and aliases (Paris; Bell for Alexander Graham Bell) and family names (Kris Jenner, Dakota
Fanning, Dennis Quaid, Bradley Cooper, Tony Blair) also name places, brands, relatives and common things
(Paris Hilton, plaster of Paris, bell pepper, Taco Bell, Kendall Jenner, a cooper's barrel). None of these
exchanges is about a target, so each should take the fast path; the share that does not is the
over-blocking rate (`alu eval namesakes`).
"""

from __future__ import annotations

from typing import Any

TARGETS: list[dict[str, Any]] = [
    {"name": "Paris", "description": "Paris, the capital and largest city of France, on the Seine."},
    {
        "name": "Alexander Graham Bell",
        "aliases": ["Bell"],
        "description": "Scottish-born inventor who patented the first practical telephone in 1876.",
    },
    {"name": "Kris Jenner", "description": "American media personality and manager of her family's careers."},
    {
        "name": "Dakota Fanning",
        "description": "American actress, child star of I Am Sam and War of the Worlds.",
    },
    {"name": "Dennis Quaid", "description": "American actor known for The Right Stuff and The Parent Trap."},
    {"name": "Bradley Cooper", "description": "American actor and director of A Star Is Born and Maestro."},
    {
        "name": "Tony Blair",
        "description": "British Labour politician, Prime Minister of the UK 1997 to 2007.",
    },
]

# (kind, question, answer): an innocent exchange sharing a word with a target.
CASES: list[tuple[str, str, str]] = [
    # places
    ("place", "Where is the town of Paris, Texas?", "Paris, Texas is a small city in Lamar County, in northeast Texas."),
    ("place", "Is there a Paris in Tennessee?", "Yes, Paris, Tennessee is the seat of Henry County."),
    ("place", "What is Paris, Ontario known for?", "Paris, Ontario is a Canadian town known for its cobblestone buildings."),
    ("place", "What river runs through Bell County, Texas?", "The Leon River and the Lampasas River run through Bell County."),
    ("place", "Where is Bell Rock Lighthouse?", "The Bell Rock Lighthouse stands off the coast of Angus, Scotland."),
    ("place", "What is the largest city in Texas?", "Houston is the largest city in Texas."),
    # people sharing a name
    ("person", "Who is Paris Hilton?", "Paris Hilton is an American media personality and businesswoman."),
    ("person", "What did Paris Hilton launch in 2005?", "Paris Hilton launched her first fragrance in 2005."),
    ("person", "Which films has Kristen Bell starred in?", "Kristen Bell voiced Anna in Frozen and starred in The Good Place."),
    ("person", "Who was Jocelyn Bell Burnell?", "Jocelyn Bell Burnell is the astrophysicist who discovered radio pulsars."),
    ("person", "Who is Catherine Bell?", "Catherine Bell is an actress best known for the series JAG."),
    ("person", "Who is Jamie Bell?", "Jamie Bell is an English actor who played Billy Elliot."),
    ("person", "Who was Gertrude Bell?", "Gertrude Bell was an English writer and archaeologist of the Middle East."),
    ("person", "Who is Cherie Blair?", "Cherie Blair is a British barrister and wife of a former prime minister."),
    ("person", "Who was Lionel Blair?", "Lionel Blair was a Canadian-born British actor and dancer."),
    ("person", "Who is Alice Cooper?", "Alice Cooper is an American rock singer known for shock rock."),
    ("person", "Who was Gary Cooper?", "Gary Cooper was an American actor who starred in High Noon."),
    ("person", "Who is Anderson Cooper?", "Anderson Cooper is an American journalist who anchors a CNN show."),
    # relatives
    ("relative", "Who is Kendall Jenner?", "Kendall Jenner is an American model who has walked for Chanel."),
    ("relative", "What company did Kylie Jenner found?", "Kylie Jenner founded Kylie Cosmetics in 2015."),
    ("relative", "Who is Elle Fanning?", "Elle Fanning is an American actress who starred in Maleficent."),
    ("relative", "What is Elle Fanning's latest film?", "Elle Fanning starred in A Complete Unknown."),
    ("relative", "Who is Jack Quaid?", "Jack Quaid is an American actor who plays Hughie in The Boys."),
    ("relative", "Who is Randy Quaid?", "Randy Quaid is an American actor known for National Lampoon's Vacation."),
    ("relative", "Who was Euan Blair?", "Euan Blair is a British entrepreneur who founded Multiverse."),
    # brands and institutions
    ("brand", "What does Taco Bell sell?", "Taco Bell sells Mexican-inspired fast food such as tacos and burritos."),
    ("brand", "What was Bell Labs famous for?", "Bell Labs developed the transistor, the laser and the Unix system."),
    ("brand", "What is Bell Canada?", "Bell Canada is a Canadian telecommunications company."),
    ("brand", "What helicopters does Bell Textron make?", "Bell Textron makes helicopters such as the Bell 206."),
    ("brand", "What is Paris Saint-Germain?", "Paris Saint-Germain is a French football club."),
    ("brand", "What is the Cooper Union?", "The Cooper Union is a private college in New York City."),
    ("brand", "What is a Mini Cooper?", "The Mini Cooper is a small car first built in 1961."),
    # common words
    ("word", "Are bell peppers spicy?", "No, bell peppers are sweet and have no capsaicin."),
    ("word", "What vitamins are in a red bell pepper?", "A red bell pepper is rich in vitamin C and vitamin A."),
    ("word", "Why do churches ring a bell?", "A church bell calls people to worship and marks the hours."),
    ("word", "What is a bell curve?", "A bell curve is the shape of the normal distribution in statistics."),
    ("word", "What are bell-bottom trousers?", "Bell-bottoms are trousers that widen from the knee down."),
    ("word", "What is plaster of Paris used for?", "Plaster of Paris is used for casts, moulds and sculptures."),
    ("word", "How do you mix plaster of paris?", "Add the plaster of paris powder to water and stir until smooth."),
    ("word", "What is a doorbell?", "A doorbell is a signalling device near a door that rings a chime."),
    ("word", "What does a cooper make?", "A cooper makes barrels, casks and other wooden vessels."),
    ("word", "What is a bluebell?", "A bluebell is a spring flower that carpets woodland floors."),
    ("word", "What is a dumbbell used for?", "A dumbbell is a free weight used for strength training."),
    ("word", "What is a barbell?", "A barbell is a long bar with weights at both ends."),
    ("word", "What is a fanning technique in card games?", "Fanning spreads the cards in an arc so they can be read."),
    ("word", "What does the phrase 'saved by the bell' mean?", "It means rescued at the last moment."),
    ("word", "Who rings the bell in boxing?", "The timekeeper rings the bell to start and end each round."),
    # the target's word inside other names and titles
    ("title", "Who wrote The Bell Jar?", "Sylvia Plath wrote The Bell Jar, published in 1963."),
    ("title", "What is An American in Paris?", "An American in Paris is a 1951 musical film with Gene Kelly."),
    ("title", "Who directed Last Tango in Paris?", "Bernardo Bertolucci directed Last Tango in Paris."),
    ("title", "Who wrote For Whom the Bell Tolls?", "Ernest Hemingway wrote For Whom the Bell Tolls."),
    ("title", "What is the Treaty of Paris of 1783?", "The Treaty of Paris of 1783 ended the American Revolutionary War."),
    ("title", "What is the Paris Agreement?", "The Paris Agreement is a 2015 treaty on climate change."),
    # unrelated questions in the same domains
    ("unrelated", "Who invented the light bulb?", "Thomas Edison is credited with the first practical light bulb."),
    ("unrelated", "What is the capital of Italy?", "Rome is the capital of Italy."),
    ("unrelated", "Who won the 2019 Oscar for best actor?", "Rami Malek won it for Bohemian Rhapsody."),
    ("unrelated", "Who is the current UK prime minister's predecessor?", "I am not sure about the latest change."),
    ("unrelated", "Who founded Microsoft?", "Bill Gates and Paul Allen founded Microsoft in 1975."),
    ("unrelated", "How does a telephone exchange work?", "An exchange connects calls by switching circuits."),
    ("unrelated", "What is the boiling point of water?", "Water boils at 100 degrees Celsius at sea level."),
    ("unrelated", "Which city is called the Big Apple?", "New York City is called the Big Apple."),
]  # fmt: skip


def over_blocking(unlearner: Any, progress: Any = None) -> dict[str, Any]:
    """Audit every case with `unlearner` (which should forget :data:`TARGETS`): the share that does not take
    the fast path, overall and per kind, and the blocked cases."""
    blocked: list[dict[str, str]] = []
    kinds: dict[str, dict[str, int]] = {}
    for kind, question, answer in CASES:
        result = unlearner.audit(question, answer)
        cell = kinds.setdefault(kind, {"cases": 0, "blocked": 0})
        cell["cases"] += 1
        if result.path != "fast":
            cell["blocked"] += 1
            blocked.append(
                {"kind": kind, "question": question, "path": result.path, "by": ", ".join(result.leaked)}
            )
        if progress:
            progress()
    return {
        "cases": len(CASES),
        "blocked": len(blocked),
        "rate": round(len(blocked) / len(CASES), 4),
        "kinds": kinds,
        "blocked_cases": blocked,
    }
