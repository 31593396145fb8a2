"""The word lists the name detector reads: known first and last names, and the
capitalised words that are not names (function words, eponyms, names of bodies).

The names are Faker's: the first- and last-name lists of its person providers for
English-speaking and other common locales (about 20,000 names). Faker is maintained,
ships its lists inside the package and needs no download at run time, and its locales
cover names from many countries (Nigerian, South Asian, Polish, Vietnamese, Spanish, ...),
not only the US census names of most name packages. They load once, on first use.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

# Faker locales whose person providers give first and last names in Latin script.
NAME_LOCALES = (
    "en_US en_GB en_IE en_IN en_NG en_NZ en_KE en_PK es_ES es_MX fr_FR de_DE it_IT pt_BR "
    "pt_PT nl_NL pl_PL vi_VN tr_TR sv_SE yo_NG ig_NG ha_NG sw zu_ZA tw_GH id_ID"
).split()

# Capitalised words that are never a name, even after "Mr" or "his daughter": function
# words, months and days, and the nouns that follow such words in clinical writing.
STOP_WORDS = frozenset(
    """
    A An And Are As At Be But By Can Could Did Do Does For From Had Has Have He Her His How I
    If In Is It Its May Me My No Not Of On Or Our She So That The Their Them Then There They
    This To Was We Were What When Where Which Who Will With Would Yes You Your Among Also
    All Any Both Each Few More Most Other Some Such Only Own Same Than Too Very Just Now
    January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tonight Yesterday
    Day Week Month Year Night Morning Evening Date Time Case Page Post Care Ward Unit Bed
    Baby Child Doctor Nurse Patient Mother Father Son Daughter Sister Brother Wife Husband
    Hospital Clinic Team Group Service Safety Education Information Experience Outcome
    Outcomes Reported Record Records Portal Access Advocate Liaison Services Survey Journey
    Voice Council Panel Engagement Flow Transport Company Forum Floor Street Zero One Two
    Three Four Five Six Seven Eight Nine Ten First Second Third Last Next New Old High Low
    Left Right Upper Lower Acute Chronic Type Grade Stage Score Scale English French German
    Mr Mrs Ms Miss Mx Dr Prof Sir Dame
    """.split()
)
# Names that are also ordinary words or eponyms ("Hope", "Mark", "Wells"): never taken
# as a name on a weak cue alone ("patient Hope" is not enough; "patient Hope Okafor" is).
AMBIGUOUS = frozenset(
    """
    Hope Grace Faith Joy Mark Bill Rose Dawn Eve Summer Autumn Winter Spring Guy Art Chance
    Sterling Rich Young White Black Green Brown Gray Grey Long Short Little Hill King Cook
    Baker Best Gross Rice Bush Banks Church Hall Law Lane Moss Park Price Ray Read Reed Stone
    Wood Woods West North South East Bell Love Wise Strong Good Major Sharp Snow Frost Gold
    Silver Hunt Cross Bond Chase Dean Fox Hart Lamb Walker Wells Glasgow Early Fair Fall
    Field Foot Ford Glass Golden Guard Harm House Ivy Iris Jet Job Judge Junior Key Kidney
    Killer Lance Man Marine Max Miner Moon Oak Olive Palm Pike Ring Rock Rush Rust Salmon
    Small Smart Urban Violet Wall Danish Deep Diamond Edit Colon Cord Coral Crystal Gene
    Bridge Bright Buck Bud Bull Canal Cannon Clay Cherry Dick Drew Frank Hardy Holly Hunter
    Jack Miles Norman Parker Porter Rob Sandy Stewart Tanner Taylor Victor Child Still Down
    """.split()
)
NOT_NAMES = STOP_WORDS | AMBIGUOUS
# Medical eponyms: a name that is a disease, sign or procedure here.
EPONYMS = frozenset(
    """
    Addison Alzheimer Apgar Asperger Babinski Barrett Barr Bell Billroth Brugada Burkitt Charcot
    Crohn Cushing Conn Creutzfeldt Dressler Dupuytren Ebstein Eisenmenger Epstein Ewing Fallot
    Foley Fontan Gilbert Glasgow Gleason Graves Guillain Barré Hartmann Hashimoto Heimlich
    Hodgkin Horner Huntington Jakob Kaposi Kawasaki Korsakoff Lyme Mallampati Marfan Meckel
    Meniere Ménière Murphy Nissen Osler Paget Parkinson Pugh Raynaud Reiter Romberg Roux Seldinger
    Sjogren Sjögren Stevens Johnson Still Swan Ganz Takayasu Tourette Trendelenburg Turner
    Valsalva Virchow Wegener Wernicke Whipple Wilms Wilson Wolff Zollinger Ellison Down Duchenne
    Becker Hirschsprung Kussmaul Cheyne Stokes Adams Beck Killip Ranson Wells Child Framingham
    Breslow Clark Gram Ziehl Neelsen Kernig Brudzinski Tinel Phalen Lachman McMurray Thompson
    Allen Rovsing McBurney Chvostek Trousseau Cullen Homan Homans Korotkoff Starling Frank
    Cockcroft Gault Hoffmann Hoffman Mobitz Wenckebach Prinzmetal Takotsubo Bartter Gitelman
    Liddle Fanconi Wiskott Aldrich DiGeorge Klinefelter Noonan Prader Willi Angelman Rett
    """.split()
)
# Words after a name that make it an eponym ("Parkinson disease", "Whipple's procedure").
EPONYM_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:disease|syndrome|sign|signs|procedure|operation|test|score|criteria"
    r"|classification|triad|reflex|law|phenomenon|manoeuvre|maneuver|tumou?r|palsy|ulcer"
    r"|fracture|lymphoma|sarcoma|disorder|thyroiditis|esophagus|oesophagus|contracture"
    r"|anomaly|node|nodes|catheter|repair|fundoplication|equation|formula|method|technique"
    r"|position|scale|staging|type|node|cells?|bodies|body|murmur|lesions?|spots?|rule|index"
    r"|virus|encephalopathy|pathway|incision|hernia|block|needle|tube|shunt|valve|circle|loop)\b",
    re.IGNORECASE,
)

# Words of the names of teams and bodies ("the child Protection Team"), never a person's.
BODIES = frozenset(
    """Protection Health Centre Center Trust Board Network Programme Program Support Benefit
    Allowance Fund Friendly Society Association Foundation Charity Agency Office Court School
    College University Services Development Welfare Social Safeguarding Hospital Hospitals
    Infirmary Clinic Surgery Practice Medical Centre Hospice Unit Ward Institute Memorial
    General Royal Children's Women's Street Road Avenue UK NHS""".split()
)


@cache
def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, last names) from Faker's person providers, loaded once."""
    first: set[str] = set()
    last: set[str] = set()
    for locale in NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attribute in dir(provider):
            if attribute.startswith(("first_names", "last_names")):
                values = getattr(provider, attribute)
                if isinstance(values, dict | tuple | list | set | frozenset):
                    target = first if attribute.startswith("first") else last
                    target.update(v for v in values if isinstance(v, str) and v.isalpha())
    return frozenset(first - NOT_NAMES), frozenset(last - NOT_NAMES)
