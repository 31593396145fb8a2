"""The demo content as plain data: specialties, research topics, people and their threads.

Everyone and everything here is invented, including institutions and cases. The
threads themselves live in three modules grouped by specialty, to keep each readable.
"""

from forum.demo import threads_acute, threads_community, threads_medicine

# (slug, name, description), in the order the home page lists them.
SPECIALTIES = [
    (
        "cardiology",
        "Cardiology",
        "Heart rhythm, heart failure, imaging and interventions, and the devices and algorithms "
        "now reading ECGs alongside us.",
    ),
    (
        "oncology",
        "Oncology",
        "Cancer care from diagnosis to survivorship: immunotherapy, liquid biopsy, precision "
        "oncology and the trials behind them.",
    ),
    (
        "neurology",
        "Neurology",
        "Stroke, epilepsy, movement disorders and neuro-rehabilitation, including tele-stroke "
        "networks and digital biomarkers.",
    ),
    (
        "emergency-medicine",
        "Emergency Medicine",
        "The front door: triage, resuscitation, point-of-care ultrasound and tools that help "
        "under time pressure.",
    ),
    (
        "radiology",
        "Radiology",
        "Diagnostic and interventional imaging, and the practicalities of validating and running "
        "imaging AI in a real department.",
    ),
    (
        "paediatrics",
        "Paediatrics",
        "Neonates to adolescents: weight-based everything, family-centred care and technology "
        "that has to work for children.",
    ),
    (
        "surgery",
        "Surgery",
        "General and specialty surgery, robotics, 3D-printed planning models and how surgeons "
        "learn new techniques safely.",
    ),
    (
        "psychiatry",
        "Psychiatry",
        "Mental health care, digital therapeutics, measurement-based care and the ethics of "
        "prediction in psychiatry.",
    ),
    (
        "infectious-disease",
        "Infectious Disease",
        "Infection management, antimicrobial stewardship, outbreak genomics and sepsis: the "
        "evidence and the implementation.",
    ),
    (
        "endocrinology",
        "Endocrinology",
        "Diabetes technology, CGM data, closed-loop insulin delivery and the rest of the "
        "endocrine system.",
    ),
    (
        "critical-care",
        "Critical Care",
        "Intensive care medicine and nursing: tele-ICU, early warning, ventilation and life "
        "after critical illness.",
    ),
    (
        "primary-care",
        "Primary Care",
        "General practice and community medicine, where remote monitoring, patient-held data "
        "and every other innovation eventually lands.",
    ),
    (
        "nursing-practice",
        "Nursing Practice",
        "Nursing across settings: virtual wards, documentation, informatics careers and leading "
        "change from the bedside.",
    ),
    (
        "pharmacy",
        "Pharmacy",
        "Hospital and community pharmacy: pharmacogenomics, decision support, medicines safety "
        "and pharmacists in digital roles.",
    ),
]

# (slug, name, description), listed alphabetically by name on the site.
TOPICS = [
    (
        "ai-diagnostics",
        "AI diagnostics",
        "Machine-learning models that detect or predict disease from clinical data, and how to "
        "tell whether one works where you are.",
    ),
    (
        "surgical-robotics",
        "Surgical robotics",
        "Robot-assisted surgery: platforms, training pathways, outcomes and costs.",
    ),
    (
        "wearables-remote-monitoring",
        "Wearables & remote monitoring",
        "Consumer and medical-grade sensors, home monitoring and virtual wards; what the data "
        "is good for and who reads it.",
    ),
    (
        "genomics-precision-medicine",
        "Genomics & precision medicine",
        "Using genomic information to diagnose, stratify and treat, from polygenic scores to "
        "pathogen sequencing.",
    ),
    (
        "telehealth",
        "Telehealth",
        "Video and phone consultations, tele-specialist networks and remote care that keeps the "
        "clinical relationship intact.",
    ),
    (
        "clinical-decision-support",
        "Clinical decision support",
        "Alerts, calculators, order sets and risk scores inside clinical workflows, and how to "
        "keep them useful rather than noisy.",
    ),
    (
        "medical-imaging-ai",
        "Medical imaging AI",
        "Detection, triage and quantification tools for radiology, cardiology and pathology "
        "images; validation, procurement and monitoring.",
    ),
    (
        "digital-therapeutics",
        "Digital therapeutics",
        "Software that treats: app-based CBT, coaching programmes and prescribable digital "
        "interventions, and the evidence for them.",
    ),
    (
        "3d-printing",
        "3D printing",
        "Patient-specific anatomical models, surgical guides and devices printed from imaging "
        "data.",
    ),
    (
        "crispr-gene-editing",
        "CRISPR & gene editing",
        "Gene-editing therapies and CRISPR-based diagnostics, from first approvals to what "
        "clinicians are asked by patients.",
    ),
    (
        "immunotherapy",
        "Immunotherapy",
        "Checkpoint inhibitors, CAR-T and other immune therapies, including toxicity "
        "management and shared care.",
    ),
    (
        "interoperability-fhir",
        "Interoperability & FHIR",
        "Getting data out of one system and into another: HL7 FHIR, standards, integration "
        "engines and the people who make them work.",
    ),
    (
        "clinical-nlp",
        "Clinical NLP & ambient documentation",
        "Language models, ambient scribes and text mining of clinical notes and reports.",
    ),
    (
        "point-of-care-ultrasound",
        "Point-of-care ultrasound",
        "Bedside ultrasound by the treating clinician: training, credentialing, governance and "
        "the protocols worth learning.",
    ),
    (
        "real-world-evidence",
        "Real-world evidence",
        "What routine data can and cannot tell us: registries, EHR cohorts, post-deployment "
        "monitoring and pragmatic evaluation.",
    ),
    (
        "trial-design",
        "Clinical trial design",
        "Designing, running and reading trials, including adaptive designs, digital endpoints and "
        "trials of software.",
    ),
    (
        "regulatory-science",
        "Regulation of medical software",
        "Software as a medical device, CE/UKCA marking and FDA clearance, and what they do and "
        "do not guarantee.",
    ),
    (
        "simulation-training",
        "Simulation & VR training",
        "Simulation, virtual and augmented reality for learning procedures and rehearsing "
        "difficult cases.",
    ),
    (
        "implementation-science",
        "Implementation & quality improvement",
        "Getting good ideas to stick: QI methods, change management and measuring whether it "
        "worked.",
    ),
    (
        "closed-loop-systems",
        "Closed-loop systems",
        "Automated insulin delivery and other systems that sense and act: what they automate "
        "and what still needs a human.",
    ),
    (
        "liquid-biopsy",
        "Liquid biopsy",
        "Circulating tumour DNA and other blood-based tests for detection, minimal residual "
        "disease and monitoring.",
    ),
    (
        "pharmacogenomics",
        "Pharmacogenomics",
        "Genotype-guided prescribing: which tests, which drugs, and who acts on the result.",
    ),
    (
        "health-equity-bias",
        "Algorithmic bias & health equity",
        "Who a model or device works for, who it fails, and how to check before it reaches "
        "patients.",
    ),
    (
        "careers-innovation",
        "Careers in clinical innovation",
        "Paths into research, informatics, industry and clinical leadership, and the mentors who "
        "have walked them.",
    ),
    (
        "health-data-privacy",
        "Health data & privacy",
        "Consent, de-identification, information governance and the rules for sharing clinical "
        "data safely.",
    ),
]


def _person(username, display_name, role, profession, specialty, institution, bio):
    return {
        "username": username,
        "display_name": display_name,
        "roles": role.split(),  # "mentor moderator" holds both
        "profession": profession,
        "specialty": specialty,
        "institution": institution,
        "bio": bio,
    }


HARBOURVIEW = "Harbourview University Hospital"
ST_BRENDANS = "St Brendan's General Hospital"
NORTHFIELD = "Northfield Medical Centre"
WESTBROOK = "Westbrook Heart Institute"
LAKESIDE = "Lakeside Cancer Centre"
ROYAL_CALDER = "Royal Calder Infirmary"
MERIDIAN = "Meridian Imaging Institute"
EASTGATE = "Eastgate University Hospital"
KINGSFORD = "Kingsford Neuroscience Centre"
BROOKFIELD = "Brookfield Community Health Trust"
RIVERSIDE = "Riverside Mental Health Partnership"
EASTGATE_CHILDRENS = "Children's Hospital of Eastgate"
ATLANTIC = "Atlantic Coast Regional Hospital"

USERS = [
    # Staff
    _person(
        "ines_marchetti",
        "Inês Marchetti",
        "admin",
        "physician",
        "emergency-medicine",
        HARBOURVIEW,
        "Emergency physician and clinical informatics lead. I keep Rounds running, so tell me "
        "when something is broken.",
    ),
    _person(
        "tom_adebayo",
        "Tom Adebayo",
        "moderator",
        "nurse",
        "nursing-practice",
        ST_BRENDANS,
        "Critical care nurse turned nurse informaticist. Moderating because good questions "
        "deserve good answers.",
    ),
    _person(
        "karin_lindqvist",
        "Karin Lindqvist",
        "moderator",
        "physician",
        "infectious-disease",
        NORTHFIELD,
        "Infectious diseases physician, antimicrobial stewardship lead. Moderator: please flag "
        "anything that could identify a patient.",
    ),
    # Mentors
    _person(
        "rohan_patel",
        "Rohan Patel",
        "mentor",
        "physician",
        "cardiology",
        WESTBROOK,
        "Interventional cardiologist. Co-led an AI-ECG validation across three sites; happy to "
        "talk study design and careers in cardiology innovation.",
    ),
    _person(
        "mei_chen",
        "Mei Chen",
        "mentor",
        "physician",
        "oncology",
        LAKESIDE,
        "Medical oncologist working on liquid biopsy and immunotherapy toxicity. I mentor "
        "trainees moving into translational research.",
    ),
    _person(
        "javier_garcia",
        "Javier García-Ruiz",
        "mentor",
        "surgeon",
        "surgery",
        ROYAL_CALDER,
        "Colorectal surgeon and robotic surgery proctor. I've trained about forty surgeons on "
        "the console and still remember my first docking.",
    ),
    _person(
        "sade_okonkwo",
        "Sade Okonkwo",
        "mentor",
        "physician",
        "radiology",
        MERIDIAN,
        "Neuroradiologist; chair of our imaging-AI governance group. Ask me about validation, "
        "procurement and what the brochure leaves out.",
    ),
    _person(
        "hannah_fischer",
        "Hannah Fischer",
        "mentor",
        "pharmacist",
        "pharmacy",
        EASTGATE,
        "Consultant pharmacist in pharmacogenomics and decision support. I help pharmacists "
        "find their way into informatics.",
    ),
    _person(
        "aziz_rahman",
        "Aziz Rahman",
        "mentor",
        "physician",
        "neurology",
        KINGSFORD,
        "Stroke neurologist and tele-stroke network lead. I also run a small wearables lab "
        "looking at Parkinson's monitoring.",
    ),
    _person(
        "lucy_whitaker",
        "Lucy Whitaker",
        "mentor",
        "nurse",
        "nursing-practice",
        BROOKFIELD,
        "Nurse consultant for virtual wards and remote monitoring. Mentor for nurses who want "
        "to lead digital projects.",
    ),
    _person(
        "ousmane_ndiaye",
        "Ousmane Ndiaye",
        "mentor",
        "researcher",
        "endocrinology",
        EASTGATE,
        "Endocrinologist and clinical scientist: closed-loop insulin trials and real-world "
        "evidence. I read every methods section twice.",
    ),
    _person(
        "eszter_varga",
        "Eszter Varga",
        "mentor",
        "physician",
        "psychiatry",
        RIVERSIDE,
        "Consultant psychiatrist evaluating digital therapeutics for depression and insomnia. "
        "Mentor for early-career researchers.",
    ),
    _person(
        "nana_osei",
        "Nana Osei",
        "mentor",
        "physician",
        "paediatrics",
        EASTGATE_CHILDRENS,
        "Paediatric intensivist. Early warning in children, 3D-printed airway models, and "
        "making adult technology fit small people.",
    ),
    _person(
        "maria_lopez",
        "María López",
        "mentor",
        "physician",
        "critical-care",
        HARBOURVIEW,
        "Intensivist; tele-ICU and sepsis pathways. Ask me about running a QI project without "
        "losing your weekends.",
    ),
    # Members
    _person(
        "kwame_asante",
        "Kwame Asante",
        "member",
        "physician",
        "emergency-medicine",
        HARBOURVIEW,
        "Emergency medicine resident (PGY-3). POCUS enthusiast, mildly obsessed with ED flow.",
    ),
    _person(
        "lena_hoffmann",
        "Lena Hoffmann",
        "member",
        "student",
        "cardiology",
        "Northfield Medical School",
        "Fourth-year medical student working out whether cardiology and machine learning can be "
        "one career.",
    ),
    _person(
        "priya_iyer",
        "Priya Iyer",
        "member",
        "physician",
        "oncology",
        LAKESIDE,
        "Medical oncology fellow. Immunotherapy toxicities and trial design.",
    ),
    _person(
        "marcus_bell",
        "Marcus Bell",
        "member",
        "nurse",
        "emergency-medicine",
        ST_BRENDANS,
        "ED charge nurse, fourteen years in. Interested in anything that gets patients out of "
        "corridors.",
    ),
    _person(
        "sofia_romero",
        "Sofía Romero",
        "member",
        "surgeon",
        "surgery",
        ROYAL_CALDER,
        "General surgery registrar (ST5), hoping to get real console time before I finish "
        "training.",
    ),
    _person(
        "yuki_tanaka",
        "Yuki Tanaka",
        "member",
        "researcher",
        "radiology",
        MERIDIAN,
        "Imaging scientist. I build the evaluation pipelines that tell us whether our imaging AI "
        "still works.",
    ),
    _person(
        "daniel_mensah",
        "Daniel Mensah",
        "member",
        "pharmacist",
        "pharmacy",
        ST_BRENDANS,
        "Hospital pharmacist: antimicrobial stewardship, oncology pharmacy and EHR order sets.",
    ),
    _person(
        "aoife_brennan",
        "Aoife Brennan",
        "member",
        "nurse",
        "paediatrics",
        EASTGATE_CHILDRENS,
        "Paediatric nurse specialist supporting families with home oxygen, feeding pumps and "
        "far too many alarms.",
    ),
    _person(
        "omar_haddad",
        "Omar Haddad",
        "member",
        "physician",
        "neurology",
        KINGSFORD,
        "Neurology registrar with an interest in epilepsy, EEG and seizure-detection devices.",
    ),
    _person(
        "grace_kim",
        "Grace Kim",
        "member",
        "physician",
        "psychiatry",
        RIVERSIDE,
        "Psychiatry resident. Digital CBT, measurement-based care and a lot of questions.",
    ),
    _person(
        "felix_wagner",
        "Felix Wagner",
        "member",
        "researcher",
        "infectious-disease",
        NORTHFIELD,
        "PhD student in clinical bioinformatics: pathogen genomics and sepsis prediction. "
        "Writes Python, reads guidelines.",
    ),
    _person(
        "nadia_karimi",
        "Nadia Karimi",
        "member",
        "physician",
        "endocrinology",
        EASTGATE,
        "Endocrinology fellow running our diabetes technology clinic.",
    ),
    _person(
        "ben_okoro",
        "Ben Okoro",
        "member",
        "allied",
        "radiology",
        BROOKFIELD,
        "Sonographer and POCUS educator. I teach doctors to find the IVC and then to doubt it.",
    ),
    _person(
        "isabel_costa",
        "Isabel Costa",
        "member",
        "other",
        "surgery",
        ROYAL_CALDER,
        "Biomedical engineer running the hospital's 3D printing lab: models, guides and a lot of "
        "segmentation.",
    ),
    _person(
        "tariq_aziz",
        "Tariq Aziz",
        "member",
        "physician",
        "cardiology",
        WESTBROOK,
        "Cardiology registrar, electrophysiology-bound. AF detection, wearables and ECG AI.",
    ),
    _person(
        "hannah_liu",
        "Hannah Liu",
        "member",
        "student",
        None,
        "Northfield School of Public Health",
        "MSc health data science student, previously a community pharmacist.",
    ),
    _person(
        "joao_silva",
        "João Silva",
        "member",
        "physician",
        "infectious-disease",
        ATLANTIC,
        "Infectious diseases consultant in a district hospital; telehealth for our outlying "
        "clinics.",
    ),
    _person(
        "rachel_obi",
        "Rachel Obi",
        "member",
        "nurse",
        "oncology",
        LAKESIDE,
        "Oncology nurse navigator. Remote symptom monitoring during systemic therapy.",
    ),
    _person(
        "dev_malhotra",
        "Dev Malhotra",
        "member",
        "other",
        None,
        None,
        "Product lead at a small clinical-AI start-up, formerly an ICU nurse. Here to listen more "
        "than talk, and I'll always say when I have a conflict of interest.",
    ),
    _person(
        "emma_schulz",
        "Emma Schulz",
        "member",
        "physician",
        "paediatrics",
        EASTGATE_CHILDRENS,
        "Paediatrics registrar; neonatal sepsis, antibiotics and telehealth follow-up.",
    ),
    _person(
        "samir_qureshi",
        "Samir Qureshi",
        "member",
        "physician",
        "primary-care",
        "Millbrook Family Practice",
        "GP partner. Remote monitoring for hypertension, and the inbox problem that comes with it.",
    ),
    _person(
        "ellen_fraser",
        "Ellen Fraser",
        "member",
        "physician",
        "primary-care",
        "Harbour Street Surgery",
        "GP with a special interest in dermatology. Sceptical optimist.",
    ),
    _person(
        "olga_petrova",
        "Olga Petrova",
        "member",
        "surgeon",
        "surgery",
        KINGSFORD,
        "Neurosurgery fellow: navigation, augmented reality and printed models for planning.",
    ),
    _person(
        "liam_oconnor",
        "Liam O'Connor",
        "member",
        "surgeon",
        "surgery",
        ATLANTIC,
        "Core surgical trainee, leaning towards urology.",
    ),
    _person(
        "chloe_martin",
        "Chloe Martin",
        "member",
        "student",
        "nursing-practice",
        "Brookfield School of Nursing",
        "Final-year nursing student with an interest in informatics.",
    ),
    _person(
        "ahmed_farouk",
        "Ahmed Farouk",
        "member",
        "pharmacist",
        "pharmacy",
        "Millbrook Community Pharmacy",
        "Community pharmacist: deprescribing, adherence and the blister-pack economy.",
    ),
    _person(
        "ravi_shankar",
        "Ravi Shankar",
        "member",
        "physician",
        "neurology",
        ATLANTIC,
        "Neurology resident: EEG, headache and too many half-finished Python notebooks.",
    ),
    _person(
        "aisha_bello",
        "Aisha Bello",
        "member",
        "physician",
        "radiology",
        MERIDIAN,
        "Radiology resident (R3), equally curious and worried about AI.",
    ),
    _person(
        "miriam_cohen",
        "Miriam Cohen",
        "member",
        "allied",
        "psychiatry",
        RIVERSIDE,
        "Clinical psychologist building a guided self-help programme for perinatal anxiety.",
    ),
    _person(
        "zara_ahmed",
        "Zara Ahmed",
        "member",
        "pharmacist",
        "pharmacy",
        EASTGATE,
        "Rotational pharmacist, two years qualified. Learning SQL on the train.",
    ),
    _person(
        "sam_whitfield",
        "Sam Whitfield",
        "member",
        "allied",
        "critical-care",
        HARBOURVIEW,
        "ICU physiotherapist. Early mobilisation, weaning and post-ICU rehab.",
    ),
    _person(
        "julia_novak",
        "Julia Novak",
        "member",
        "researcher",
        "oncology",
        LAKESIDE,
        "Trial methodologist. Will ask about your estimand.",
    ),
]

# Pins and locks the demo threads (set_thread_state needs a moderator).
MODERATOR = "tom_adebayo"
SHOWCASE_LOGINS = (
    "rohan_patel (mentor), lena_hoffmann (his mentee), tom_adebayo (moderator), "
    "amara_nwosu (cardiology moderator), victor_hale (suspended) or ines_marchetti (admin)"
)

# Each thread: title, specialty and topic slugs, kind, author, Markdown body, replies as
# (author, body) in order, and optionally pinned/locked.
THREADS = [*threads_medicine.THREADS, *threads_acute.THREADS, *threads_community.THREADS]
