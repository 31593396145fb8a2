"""'Did you mean' and the automatic retry never replace a real word, on the demo forum.

The demo data is what a new user searches first; the words below are real clinical
words that the index's own spelling corrector would otherwise turn into a posted word
one or two letters away ("stent" into "spent", "hypotension" into "hypertension").
"""

import re

import pytest

from forum.search import query, results, service, vocabulary
from forum.search.index import Filters, Reader
from tests.factories import make_thread

# Clinical words the demo index would "correct" without the vocabulary (each has a
# posted word within the corrector's reach), found by asking Reader.suggest on the demo.
NEAR_A_POSTED_WORD = [
    "stent",
    "stenting",
    "thrombosis",
    "infarction",
    "infarct",
    "hypotension",
    "hypertensive",
    "hemorrhage",
    "hypoglycemia",
    "tumor",
    "cranium",
    "patella",
    "trachea",
    "abscess",
    "gout",
    "scabies",
    "shingles",
    "codeine",
    "heparin",
    "propofol",
    "anastomosis",
    "cannulation",
    "oximeter",
    "scalpel",
    "forceps",
    "splint",
    "crutches",
    "guidewire",
    "contusion",
    "neurotoxicity",
    "syncopal",
    "systolic",
    "morbidity",
    "placebo",
    "carbapenemase",
    "remission",
    "caries",
    "perioral",
    "actinic",
    "pharmacogenetics",
    "recessive",
]

# A broad sample of clinical vocabulary, by kind; every word must count as spelt right.
CLINICAL = {
    "anatomy": "acetabulum adrenal alveolus amygdala aorta arteriole axilla brachial "
    "bronchiole caecum cecum calcaneus carotid cerebellum clavicle coccyx cochlea cornea "
    "duodenum endometrium epididymis epiglottis femur fibula gallbladder glomerulus "
    "hippocampus humerus hypothalamus ileum jejunum larynx mandible mediastinum meniscus "
    "myocardium nasopharynx oesophagus esophagus omentum pericardium peritoneum pharynx "
    "pituitary placenta pleura popliteal scapula sternum synovium thalamus tibia trachea "
    "ureter urethra uvula vertebra vertebrae",
    "diseases": "achalasia alopecia amyloidosis anaphylaxis aneurysm atelectasis "
    "bronchiectasis cardiomyopathy cholangitis cholecystitis cirrhosis diverticulitis "
    "eclampsia endocarditis endometriosis fibromyalgia glomerulonephritis hydrocephalus "
    "hyperkalaemia hyperkalemia hyponatraemia intussusception leukaemia leukemia "
    "mesothelioma myasthenia osteomyelitis pancreatitis pneumothorax pyelonephritis "
    "rhabdomyolysis sarcoidosis scleroderma septicaemia thrombocytopenia vasculitis",
    "drugs": "adrenaline amiodarone amoxicillin apixaban atorvastatin bisoprolol "
    "ceftriaxone clopidogrel dabigatran dapagliflozin empagliflozin enoxaparin frusemide "
    "furosemide gentamicin levetiracetam lignocaine lidocaine metformin metronidazole "
    "nivolumab paracetamol pembrolizumab rivaroxaban salbutamol semaglutide sertraline "
    "suxamethonium tirzepatide ticagrelor trastuzumab vancomycin warfarin",
    "procedures": "angioplasty appendicectomy arthroplasty bronchoscopy cardioversion "
    "cholecystectomy colonoscopy craniotomy discectomy endarterectomy extubation "
    "fasciotomy fundoplication hemicolectomy hysterectomy intubation laparoscopy "
    "nephrectomy oesophagectomy paracentesis pericardiocentesis pleurodesis "
    "sternotomy thoracotomy thrombectomy thrombolysis tracheostomy",
    "devices": "cannula catheter defibrillator dermatoscope endoscope glucometer "
    "guidewire inhaler laryngoscope nebuliser nebulizer ophthalmoscope otoscope "
    "pacemaker prosthesis sphygmomanometer spirometer stent stethoscope ventilator",
    "tests": "albumin bilirubin creatinine electrophoresis ferritin fibrinogen "
    "haematocrit hematocrit haemoglobin hemoglobin karyotype lactate osmolality "
    "procalcitonin prothrombin spirometry troponin urinalysis",
}
CLINICAL_WORDS = sorted({w for words in CLINICAL.values() for w in words.split()})

# Ordinary words spelt right, posted on the demo forum or not.
ENGLISH = "spent student kettle umbrella fortnight neighbour neighbor colour color quietly"


def _page(app, text: str, **args) -> str:
    with app.test_client() as client:
        response = client.get("/search", query_string={"q": text, **args})
        assert response.status_code == 200
        return response.get_data(as_text=True)


def _titles(html: str) -> list[str]:
    return re.findall(r'<p class="thread-title">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)


def test_demo_index_would_correct_these_words_without_the_vocabulary(demo):
    # The premise of the tests below: each word is near a posted word.
    with Reader(service.store()) as reader:
        assert all(reader.suggest(word) for word in NEAR_A_POSTED_WORD)


def test_stent_is_never_corrected_to_spent(demo_app):
    html = _page(demo_app, "stent")
    assert "Showing results for" not in html and "Did you mean" not in html
    assert "spent" not in html.split('id="results-heading"')[1]
    assert "0 threads matched" in html


def test_thrombosis_is_never_corrected_to_thrombolysis(demo):
    page = results.search_page("thrombosis", Filters())
    assert page.query.text == "thrombosis"
    assert (page.suggestion, page.used_suggestion, page.total) == (None, False, 0)


def test_myocardial_infarction_is_never_corrected_to_infection(demo):
    page = results.search_page("myocardial infarction", Filters())
    assert page.query.text == "myocardial infarction"
    assert page.suggestion is None and not page.used_suggestion
    titles = [row.thread.title for row in page.rows]
    assert not any("infection" in title.lower() for title in titles)


@pytest.mark.parametrize("word", NEAR_A_POSTED_WORD)
def test_clinical_word_near_a_posted_word_is_searched_as_typed(demo, word):
    page = results.search_page(word, Filters())
    assert page.query.text == word
    assert page.suggestion is None, f"{word} -> {page.suggestion}"
    assert not page.used_suggestion


@pytest.mark.parametrize("word", CLINICAL_WORDS)
def test_clinical_vocabulary_counts_as_spelt_right(word):
    assert query.known_word(word)


@pytest.mark.parametrize("word", ENGLISH.split())
def test_ordinary_english_word_spelt_right_is_not_corrected(demo, word):
    assert query.known_word(word)
    page = results.search_page(word, Filters())
    assert page.suggestion is None and not page.used_suggestion


def test_vocabulary_is_broad_and_keeps_misspellings_out():
    generated = {path.name: vocabulary.read_words(path) for path in vocabulary.GENERATED}
    assert len(generated["medical.txt"]) > 20_000
    assert len(generated["english.txt"]) > 40_000
    assert len(vocabulary.read_words(vocabulary.CURATED)) > 1_000
    for typo in ("anticoagulaton", "stentz", "thrombosiss", "pnuemonia", "diabtes", "recieve"):
        assert not query.known_word(typo), typo


def test_regular_forms_of_a_listed_word_are_known():
    for word in ("stents", "stented", "thrombi", "vertebrae", "fibrotic", "pruritic"):
        assert query.known_word(word), word
    assert query.known_word("drug-eluting")  # each part of a hyphenated word
    assert query.known_word("neurotoxicity")  # a prefix and a known word


def test_a_word_of_a_synonym_term_is_never_corrected(demo):
    # "hep" alone is no word, but "hep A" is a term in synonyms.txt.
    page = results.search_page("hep A vaccine", Filters())
    assert page.suggestion is None and not page.used_suggestion
    assert page.query.text == "hep A vaccine"


def test_stent_and_stents_find_the_same_threads(app, client):
    make_thread(title="Covered versus bare-metal stents", body="We place stents weekly.")
    make_thread(title="Stent thrombosis after a missed dose", body="A stent and clopidogrel.")
    make_thread(title="An unrelated question", body="Nothing about the devices here.")
    service.sync()
    singular = _titles(client.get("/search?q=stent").get_data(as_text=True))
    plural = _titles(client.get("/search?q=stents").get_data(as_text=True))
    assert sorted(singular) == sorted(plural) and len(singular) == 2


def test_unknown_word_is_retried_and_the_page_offers_the_words_as_typed(demo_app):
    html = _page(demo_app, "anticoagulaton")
    assert "Showing results for" in html and "<strong>anticoagulation</strong>" in html
    link = re.search(r'Search instead for <a class="as-typed" href="([^"]+)">([^<]+)</a>', html)
    assert link and link.group(2) == "anticoagulaton"
    href = link.group(1).replace("&amp;", "&")
    assert "as_typed=y" in href and "q=anticoagulaton" in href
    with demo_app.test_client() as client:
        as_typed = client.get(href).get_data(as_text=True)
    assert "Showing results for" not in as_typed
    assert "0 threads matched" in as_typed
    assert "Did you mean" in as_typed and "anticoagulation" in as_typed


def test_suggestion_replaces_only_the_unknown_word(demo):
    page = results.search_page("anticoagulaton stent", Filters())
    assert page.suggestion == "anticoagulation stent"


def test_an_unknown_word_shaped_like_a_clinical_term_is_offered_not_retried(app):
    make_thread(title="Gastritis after NSAIDs", body="Gastritis and PPI cover.")
    service.sync()
    assert not query.known_word("gasritis") and vocabulary.looks_clinical("gasritis")
    page = results.search_page("gasritis", Filters())
    assert page.suggestion == "gastritis"
    assert not page.used_suggestion and page.total == 0
