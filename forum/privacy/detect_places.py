"""Street addresses, cities with ZIP or postcodes, and ZIP codes in an address context.

A cheap pattern finds where an address may start ("<number> <Name> Street", "PO Box 12",
"Flat 3"); `usaddress` then reads only a window there, to carry the address on to its
city, state and ZIP code. usaddress over a whole post would be slow, and it calls almost
anything with a number in front an address ("3 patients on the ward").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import usaddress

from forum.privacy.detect_words import Words, triggers
from forum.privacy.findings import Finding

_STREET_TYPES = (
    r"Street|St|Avenue|Ave|Av|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Terrace|Ter|Way|Close|Crescent|Cres|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq"
    r"|Row|Mews|Grove|Gardens|Gdns|Trail|Trl|Loop|Alley|Walk|Rise|Crossing|Pike|Turnpike"
    r"|Plaza|Parade|Esplanade|Quay|Wharf|Embankment|Wynd|Heights|Hts"
)
# Words a street's name is made of: capitalised, or ordinals (5th Avenue).
_STREET_WORD = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))"
_STREET = re.compile(
    r"(?=[\dFAUS])(?<![\w.,/-])(?:(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?)\s*\w{1,5},?\s+)?"
    r"\d{1,6}[A-Za-z]?(?:-\d{1,6})?,?\s+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,4}}(?:{_STREET_TYPES})\b\.?"
)
# After "lives at", "address:", a street in lower case counts too.
_CUED_STREET_WORDS = triggers(
    "live lives living reside resides residing staying address home".split()
)
_CUED_STREET = re.compile(
    r"(?i)(?:lives?|living|resides?|residing|staying|address(?:\s+is)?|home)\s*(?:at|on|:)?\s*"
    r"(?P<a>\d{1,6}[a-z]?,?\s+(?:[a-z][\w'’.-]*\s+){1,4}"
    rf"(?:{_STREET_TYPES.lower()})\b\.?)"
)
# Streets whose type comes first ("9 Rue de la Paix", "12 Via Roma") or last and before the
# number ("Hauptstraße 12").
_FOREIGN_STREET = re.compile(
    r"(?=\d)(?<![\w.,/-])\d{1,5}[a-z]?,?\s+(?:Rue|Via|Viale|Calle|Avenida|Rua|Chemin|Boulevard"
    r"|Piazza|Corso|Paseo|Travessa|Carrer|Avenue|Place)\s+(?:(?:de|del|della|di|la|le|du|des|da"
    r"|do|dos|das|d'|l')\s*)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
)
_STREET_FIRST = re.compile(
    r"(?=[A-Z])(?<![\w-])[A-Z][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|damm)"
    r"\s+\d{1,4}[a-z]?(?![\w-])"
)
_PO_BOX = re.compile(r"(?i)(?=[p])\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box)\s+\d{1,6}\b")
_ADDRESS_LABELS = {
    "AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetName",
    "StreetNamePreDirectional", "StreetNamePreModifier", "StreetNamePreType",
    "StreetNamePostDirectional", "StreetNamePostModifier", "StreetNamePostType",
    "OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier",
    "PlaceName", "StateName", "ZipCode", "USPSBoxType", "USPSBoxID", "BuildingName",
}  # fmt: skip
_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV"
    r"|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_STATE_NAMES = (
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia"
    r"|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    r"|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada"
    r"|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma"
    r"|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah"
    r"|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_CITY = r"(?:[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|on|upon)){0,3})"
_ZIP5 = r"\d{5}(?:-\d{4})?"
# A UK postcode, written in capitals with its space: LS6 2AB, SW1A 1AA.
_UK_POSTCODE = r"(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2})"
_STATE_ZIP = re.compile(rf"(?=[A-Z])(?<![\w-])(?:{_STATES}|{_STATE_NAMES})\.?\s+{_ZIP5}(?![\w-])")
_POSTCODE = re.compile(rf"(?=[A-Z])(?<![\w-]){_UK_POSTCODE}(?![\w-])")
_QUANTITY_AFTER = re.compile(
    r"(?i)\s*(?:%|mg|mcg|µg|g\b|kg|ml|l\b|units?|iu|patients|people|cases|scans|tests|admissions"
    r"|beds|staff|deaths|per\b|/)"
)
# The city or town just before a ZIP or postcode: "Springfield, IL 62704", "Leeds LS6 2AB".
_CITY_BEFORE = re.compile(rf"(?<![\w-])(?P<city>{_CITY}),?\s+$")
_ZIP_WORDS = triggers(
    "zip zipcode post postcode postal live lives living resides residing moved area".split()
)
_ZIP_CUE = re.compile(
    r"(?i)(?:zip(?:\s*code)?|post\s?code|postal\s+code|lives?\s+in|living\s+in|resides\s+in"
    r"|residing\s+in|moved\s+to|area\s+code)\b[*_]*\s*(?:is\s+|of\s+|:\s*|#\s*|the\s+)?[*_`]*"
    rf"(?P<z>{_ZIP5}|(?-i:{_UK_POSTCODE}|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{{2}}))"
    r"(?![\w-])"
)
# Words that start a sentence, not a city ("In LS6 2AB" is never written, "She MA 02115").
_NOT_CITY = frozenset(
    "The A An In On At From To And Or Of For With Her His She He They We Our Your Their Lives"
    " Living Address Home Patient Postcode Post Code Zip ZIP Postal Near Moved Referral".split()
)


def _extend(text: str, start: int, end: int) -> int:
    """Where the address that starts at `start` ends, read by usaddress up to 100 chars on."""
    window = text[start : min(len(text), end + 100)]
    cut = re.search(r"\n|[.;!?](?:\s|$)(?!\s*[A-Z]{2}\b)", window[end - start :])
    if cut:
        window = window[: end - start + cut.start()]
    try:
        parsed = usaddress.parse(window)
    except Exception:  # noqa: BLE001 -- a model that cannot read a window reads nothing
        return end
    position = 0
    last = end
    for token, label in parsed:
        found = window.find(token, position)
        if found < 0:
            break
        position = found + len(token)
        if label not in _ADDRESS_LABELS:
            break
        beyond = start + found >= end  # past the street the pattern found
        if beyond and not (token[0].isupper() or token[0].isdigit() or label == "OccupancyType"):
            break  # "... NY 10019 for a collapse": the address ended before "for"
        if label == "ZipCode" and not re.fullmatch(rf"{_ZIP5}[.,]?", token):
            break
        last = max(last, start + position)
        if label == "ZipCode":
            break  # nothing of an address comes after its ZIP code
    while last > end and text[last - 1] in ".,;:":
        last -= 1
    return last


def _city_start(text: str, start: int) -> int | None:
    """Where the city just before `start` begins, less the words that start a sentence."""
    window = text[max(0, start - 48) : start]
    m = _CITY_BEFORE.search(window)
    if m is None:
        return None
    offset = start - len(window) + m.start("city")
    for word in m.group("city").split():
        if word not in _NOT_CITY:
            return offset + m.group("city").index(word)
    return None


# usaddress reads at most this many windows a post (a post that is a list of hundreds of
# addresses is found street by street after that, without its cities and ZIP codes).
MAX_USADDRESS_WINDOWS = 25


def find(text: str, words: Words) -> Iterator[Finding]:
    for i, m in enumerate(_STREET.finditer(text)):
        end = _extend(text, m.start(), m.end()) if i < MAX_USADDRESS_WINDOWS else m.end()
        yield Finding(m.start(), end, "address", "looks like a street address")
    for m in words.matches(_CUED_STREET, _CUED_STREET_WORDS):
        end = _extend(text, m.start("a"), m.end("a"))
        yield Finding(m.start("a"), end, "address", "looks like a street address")
    for pattern in (_FOREIGN_STREET, _STREET_FIRST):
        for m in pattern.finditer(text):
            yield Finding(m.start(), m.end(), "address", "looks like a street address")
    for m in _PO_BOX.finditer(text):
        yield Finding(m.start(), m.end(), "address", "looks like a postal address")
    for pattern, city_label, code_label in (
        (_STATE_ZIP, "looks like a city and ZIP code", "looks like a ZIP code"),
        (_POSTCODE, "looks like a town and postcode", "looks like a postcode"),
    ):
        for m in pattern.finditer(text):
            if _QUANTITY_AFTER.match(text, m.end()):
                continue  # "PA 25000 patients", "CT 12000 scans": counts, not places
            start = _city_start(text, m.start())
            if start is None:
                yield Finding(m.start(), m.end(), "zip", code_label)
            else:
                yield Finding(start, m.end(), "zip", city_label)
    for m in words.matches(_ZIP_CUE, _ZIP_WORDS):
        yield Finding(m.start("z"), m.end("z"), "zip", "looks like a ZIP or postcode")
