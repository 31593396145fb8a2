"""Invented clinical forum posts with no patient identifier in them.

They are made of the same kind of bodies as corpus_identifiers.py, full of what only
looks like an identifier: doses, lab values and units, scores, ages up to 89, years,
trial names and NCT numbers, genes and variants, ICD-10 codes, DOIs and PMIDs, drug
names, eponyms, guideline years and dates of publications and meetings, clinicians'
names and sign-offs, times, blood pressures, ratios, ranges, versions, pages, and lab
numbers that look like phone numbers. The guard should stay quiet on all of them.
"""

from __future__ import annotations

POSTS: list[str] = [
    # --- doses
    "We switched from enoxaparin 1 mg/kg BD to 1.5 mg/kg OD for VTE treatment in 2023. Has "
    "anyone else seen more bleeding with the once-daily regimen in patients over 100 kg?",
    "Paracetamol 15 mg/kg every 6 hours, maximum 60 mg/kg/day in children under 50 kg. Our "
    "ED chart still says 1 g QDS for everyone, which is wrong for a 40 kg teenager.",
    "Gentamicin 5 mg/kg once daily with a level at 6–14 hours on the Hartford nomogram. Do "
    "you still use it for pyelonephritis, or have you moved to a single dose of ceftriaxone?",
    "Dose banding for carboplatin AUC 5: we round to the nearest 10 mg. Pharmacy say it "
    "saves about 12% of wastage without any change in outcomes.",
    "Levothyroxine 1.6 µg/kg/day is the full replacement dose, but we start at 25 µg in the "
    "elderly and in anyone with ischaemic heart disease. Recheck TSH at 6–8 weeks.",
    "Phenytoin loading at 20 mg/kg, no faster than 50 mg/min. Where fosphenytoin is "
    "available we use it, but the price difference is large.",
    "Ropivacaine 0.2% at 6–8 mL/h through the femoral catheter, maximum 3 mg/kg. The block "
    "has cut our opioid use after hip fracture by a third.",
    "Morphine 2.5–5 mg SC PRN, maximum 6 doses in 24 hours, for breathlessness at the end "
    "of life. If more than 3 doses are needed we start a syringe driver.",
    "Vancomycin trough target 15–20 mg/L used to be our standard. We have switched to AUC "
    "dosing with a target of 400–600 mg·h/L and fewer AKIs.",
    "Hyperkalaemia protocol: 10 units Actrapid in 50 mL of 50% glucose over 15 minutes. "
    "Recheck K at 1, 2, 4 and 6 hours, and glucose hourly for 6 hours.",
    "The dose is 0.5 mL of 1:1000 adrenaline IM, repeated every 5 minutes. We still see the "
    "1:10,000 preparation given IM by mistake, so we moved to mg/mL labelling.",
    "Semaglutide 0.25 mg weekly for 4 weeks, then 0.5 mg, then 1 mg. Nausea is the main "
    "reason our patients stop, usually in the first 8 weeks.",
    "Dexamethasone 6 mg daily for 10 days remains our standard for hypoxic COVID "
    "pneumonia. Has anyone moved to weight-based dosing?",
    "Metoprolol 25 mg PO at 06:00 on the day of surgery, but only if the HR is above 60. "
    "This replaced the old blanket beta-blocker rule.",
    # --- lab values and units
    "Na 128 mmol/L, K 5.9 mmol/L, urea 14.2 mmol/L. Is this enough to hold the ACE "
    "inhibitor, or would you wait for a repeat in the morning?",
    "Hb 9.2 g/dL and ferritin 18 µg/L in a 67-year-old before a hip replacement. IV iron, "
    "or oral iron for 6 weeks and delay the surgery?",
    "eGFR 45 and a rising creatinine after starting dapagliflozin 10 mg. The initial dip is "
    "expected, but how much is too much before you stop it?",
    "Troponin T 14 ng/L at 0 h and 16 ng/L at 1 h: ruled out by the 0/1 h algorithm. We "
    "still get pressure to admit for a second sample.",
    "Lactate 4.2 mmol/L and MAP 58 mmHg after 30 mL/kg of fluid. Would you start "
    "noradrenaline through a peripheral line while waiting for the CVC?",
    "Normal range for sodium is 135–145 mmol/L here. Our lab phones anything below 120, "
    "which the night team finds too late for symptomatic patients.",
    "Platelets 150 000–400 000 per µL is our reference range. This one was 1 250 000 "
    "after splenectomy, and haematology suggested aspirin.",
    "CD4 count 350 cells/mm³ and viral load 1 250 000 copies/mL at diagnosis. ART started "
    "within a week, as per the rapid-start pathway.",
    "Ferritin of 1500–2000 µg/L is common in adult-onset Still disease. Ours was 12 000, "
    "with a glycosylated fraction below 20%.",
    "HbA1c went from 86 to 58 mmol/mol in 6 months on semaglutide 1 mg weekly. Weight loss "
    "was 9 kg, which is about what the trials reported.",
    "Lithium level 1.4 mmol/L at 12 hours post-dose, so we held two doses and rechecked. "
    "Creatinine was stable at 92 µmol/L.",
    "Blood glucose 3.2 mmol/L at 02:00 on two nights, so we reduced the basal insulin by "
    "20%. The HbA1c target for her is 53 mmol/mol.",
    "UK diagnostic threshold is an HbA1c of 48 mmol/mol (6.5%); 42–47 is pre-diabetes. Our "
    "lab reports both units, which confuses the US-trained staff.",
    "Target INR 2.5 (range 2.0–3.0) for AF, and 3.5 for some mechanical mitral valves. The "
    "anticoagulation clinic reviews anyone outside range twice.",
    "WBC 4.0–11.0 × 10^9/L is the reference range. A value of 14.2 with neutrophils 12.1 "
    "made us start antibiotics before the cultures were back.",
    # --- scores
    "GCS 14 on arrival (E4 V4 M6) and a normal CT head. Do you still admit for observation "
    "after a fall on a DOAC?",
    "NIHSS 7 at 3.5 hours from onset, so we thrombolysed with tenecteplase 0.25 mg/kg. "
    "Door-to-needle time was 38 minutes, our best this year.",
    "CHA2DS2-VASc 3 and HAS-BLED 2. Our cardiologists still debate whether to anticoagulate "
    "in paroxysmal AF detected on a wearable.",
    "The CURB-65 score was 3 (confusion, urea 8.4, RR 32), so we admitted to HDU. Would you "
    "add clarithromycin or doxycycline?",
    "The APACHE II score was 24 on admission, with a predicted mortality around 40%. She "
    "went home on day 19.",
    "The Wells score was 4.5, so we went straight to CTPA. D-dimer wasn't needed, but the ED "
    "had already sent one.",
    "Child-Pugh B and MELD 16: is he a candidate for TIPS? Hepatology want a repeat "
    "paracentesis first.",
    "Gleason 3+4=7, PSA 8.2 and PI-RADS 4 on MRI. Active surveillance or radical treatment "
    "for a fit 62-year-old?",
    "Apgar 3 at 1 minute and 7 at 5 minutes, cord pH 7.12. Therapeutic hypothermia criteria "
    "were not met, so we observed on the postnatal ward.",
    "Killip class II with an inferior STEMI; door-to-balloon time 54 minutes. RCA stented, "
    "EF 45% on the day 2 echo.",
    "Breslow thickness 1.2 mm without ulceration, so a sentinel node biopsy was offered. "
    "Does anyone still do completion dissections?",
    "Since 2019 we have used the NEWS2 score on all wards. The escalation threshold is 5, or "
    "3 in a single parameter.",
    # --- ages up to 89, years, ratios, ranges, times, blood pressures
    "A 45-year-old with a new headache and papilloedema. LP opening pressure was 32 cmH2O "
    "and the MRV was normal.",
    "A 72-year-old with a GCS of 15 and a small SAH on CT. Neurosurgery advised a repeat CT "
    "in 24 hours and nimodipine for 21 days.",
    "An 89-year-old with delirium after a UTI, now eating and walking again. Would you "
    "restart her donepezil straight away?",
    "Aged 85 and on 12 medications: a classic deprescribing case. We stopped the aspirin, "
    "the PPI and the statin, and she felt better within weeks.",
    "She is in her early 80s, lives alone and has fallen three times in 2 months. The falls "
    "clinic wait is 14 weeks.",
    "For patients aged 90 and over, the benefit of statins for primary prevention is "
    "unclear. Do your frailty teams stop them routinely?",
    "Outcomes for people in their 90s after emergency laparotomy are poor. NELA data "
    "suggest a 30-day mortality of over 20%.",
    "In 2023 our unit saw 1,284 admissions with COPD, down from 1,530 in 2019. Most of the "
    "drop was in the winter months.",
    "In our 2022 audit, 14 of 120 patients (11.7%) had a missed dose of an anti-epileptic. "
    "We added the drugs to the time-critical list.",
    "Our QI project reduced CAUTI from 4.1 to 1.8 per 1,000 catheter-days between 2021 and "
    "2023. The main change was a nurse-led removal protocol.",
    "Our annual mortality review found 3 avoidable deaths out of 412 in 2022. Two involved "
    "delayed antibiotics for sepsis.",
    "We audited 250 discharge letters: 31% omitted the medication changes. The new template "
    "makes that section mandatory.",
    "BP 120/80 on three agents, but a drop to 95/60 on standing. Would you deprescribe, and "
    "which drug first?",
    "Ward round at 08:30, MDT at 13:00, and we still can't get an echo booked before 16:00. "
    "How do other units schedule cardiac physiology?",
    "Chest X-ray at 14:20 showed the NG tube in the right main bronchus. It was pulled back "
    "immediately, and no feed had gone in.",
    "The PaO2/FiO2 ratio was 150, so moderate ARDS by the Berlin criteria. We proned him for "
    "16 hours a day.",
    "Tidal volume 450 mL, RR 16, FiO2 0.4 and PEEP 8; the P/F ratio improved to 210. "
    "Extubated the next morning.",
    "SpO2 target 88–92% in COPD, but our ED still gives 15 L/min by default. Venturi masks "
    "are kept in a different cupboard.",
    "Heart rate 142, QRS 0.08 s, regular: SVT. Adenosine 6 mg and then 12 mg terminated it.",
    "Our ICU ventilation bundle: tidal volume 6 mL/kg IBW, plateau below 30 cmH2O, PEEP per "
    "the ARDSnet table. Compliance was 78% last quarter.",
    "Chest drain output of 1200 mL in the first hour means theatre per our trauma "
    "guideline. The threshold was 1500 mL before 2020.",
    "QTc 512 ms on methadone 80 mg daily. Cardiology suggests reducing to 60 mg and "
    "repeating the ECG in a week.",
    "BMI 42 and OSA with an AHI of 38, so CPAP comes before bariatric surgery in our "
    "pathway. Adherence is checked at 3 months.",
    "In our cohort of 2,314 patients, 23.4% had an eGFR below 60. Only half of them were on "
    "an SGLT2 inhibitor.",
    "Tanner stage 3 at age 10: precocious puberty workup or a variant of normal? Bone age is "
    "advanced by 2 years.",
    # --- trials, registries, genes, codes, references
    "The NCT01234567 trial (published 2021) randomised 4,000 patients and found no mortality "
    "benefit. The subgroup with diabetes looked different, but it was not pre-specified.",
    "The SGLT2 trial DAPA-HF (NCT03036124) included patients with an eGFR down to 30. "
    "Cardiology now starts dapagliflozin before discharge.",
    "The PIONEER 6 trial (NCT02692716) showed non-inferiority of oral semaglutide for MACE. "
    "Absorption needs 30 minutes fasting, which our patients find hard.",
    "There is an interesting registry (ISRCTN12345678) on early mobilisation after hip "
    "fracture surgery in patients over 80. Recruitment closes next year.",
    "BRCA1 c.68_69delAG carriers in our clinic are offered risk-reducing "
    "salpingo-oophorectomy from 35. Uptake is about 60%.",
    "EGFR L858R mutation, so osimertinib 80 mg daily first line per the FLAURA data. "
    "Would you add chemotherapy as in FLAURA2?",
    "HLA-B*57:01 screening before abacavir is standard here. Is anyone still seeing "
    "hypersensitivity despite a negative test?",
    "Stevens-Johnson syndrome after allopurinol: HLA-B*58:01 testing is recommended in Han "
    "Chinese and Korean patients. We don't test routinely.",
    "Huntington disease genetic counselling: the proband has a CAG repeat of 42. Predictive "
    "testing for the children is the next question.",
    "Coding question: do you code I21.4 for a type 2 MI, or I21.A1 since the ICD-10-CM "
    "update? Our coders disagree.",
    "E11.9 vs E11.65: our coders keep picking the unspecified code when the HbA1c is above "
    "75 mmol/mol. It affects the tariff.",
    "ICD-10 code J44.1 for a COPD exacerbation and J18.9 for unspecified pneumonia. Which "
    "comes first when both apply?",
    "See doi:10.1056/NEJMoa2034577 for the original data, and PMID: 33301246 for the "
    "follow-up. The absolute risk reduction was small.",
    "PMID 31535829 is the PARAGON-HF paper, if anyone wants it for journal club. The "
    "women subgroup is worth a look.",
    "Figure 2 at https://www.nejm.org/doi/full/10.1056/NEJMoa2107038 shows the "
    "Kaplan–Meier curves. They separate early and stay apart.",
    "ClinicalTrials.gov lists it as https://clinicaltrials.gov/study/NCT04184622, "
    "recruiting 3,000 patients. We are one of the UK sites.",
    "See the ESC guideline at "
    "https://www.escardio.org/Guidelines/Clinical-Practice-Guidelines/Heart-Failure for "
    "the 2023 focused update. The SGLT2 recommendation moved to class I.",
    "Reference [12] in the review is the 2017 meta-analysis; ref 14 is the updated one. "
    "Both found a similar effect size.",
    "See pages 112–118 of the BNF for the renal dosing tables. Our app copies them, but the "
    "page numbers are from the 2021 edition.",
    "Section 5.2.1.3 of the guideline covers bridging anticoagulation. Most of our surgeons "
    "have never read it.",
    "The 2019 Beers criteria list 30 medications to avoid in older adults. The 2023 "
    "update added a few more.",
    # --- eponyms and drugs
    "The Whipple procedure has a mortality under 3% in high-volume centres. Our unit does "
    "about 40 a year.",
    "Parkinson disease patients on levodopa kept missing doses on admission. We introduced a "
    "'time-critical medicines' alert in the EPR.",
    "Cushing syndrome screening: a 1 mg overnight dexamethasone suppression test, with a "
    "cortisol above 50 nmol/L abnormal. Late-night salivary cortisol is our second test.",
    "Graves disease in pregnancy: switch carbimazole to PTU in the first trimester and then "
    "back? Endocrinology here prefers to stay on PTU.",
    "Addison crisis: hydrocortisone 100 mg IV stat, then 200 mg over 24 hours. Our ED "
    "protocol had not been updated since 2019.",
    "Hartmann's procedure or primary anastomosis for perforated diverticulitis? What does "
    "your unit do at night?",
    "Alzheimer disease trials with lecanemab showed ARIA in about 12% of patients. Who "
    "will do the monitoring MRIs?",
    "Crohn disease on infliximab 5 mg/kg every 8 weeks: when do you check levels? We do it "
    "at loss of response only.",
    "Hodgkin lymphoma survivors treated with mediastinal radiotherapy in the 1990s need "
    "cardiac screening. Few of them get it.",
    "Kawasaki disease: IVIG 2 g/kg and aspirin, with an echo at 2 and 6 weeks. Would you "
    "add steroids for high-risk patients?",
    "Bell's palsy: prednisolone 50 mg for 10 days. Antivirals don't add much, according to "
    "the Cochrane review.",
    "Raynaud phenomenon is responding to nifedipine 10 mg TDS. We are considering "
    "sildenafil next if the ulcers don't heal.",
    "Wilson disease screening: ceruloplasmin, 24-hour urine copper and a slit-lamp exam for "
    "Kayser–Fleischer rings. Genetic testing is slow here.",
    "Down syndrome adults need annual thyroid function tests. Our clinic missed 30% last "
    "year, so we set up a recall list.",
    "Marfan syndrome with an aortic root of 4.8 cm: the surgical threshold is 5.0 cm, or 4.5 "
    "cm with risk factors. Losartan or a beta-blocker meanwhile?",
    "Guillain–Barré syndrome with an FVC of 1.8 L and falling. We transferred to ICU at "
    "20 mL/kg rather than waiting for 15.",
    # --- clinicians' names, sign-offs and handles
    "Happy to share our pathway for rapid-access chest pain. It cut waits from 6 weeks to 10 "
    "days.\n\n— Dr Amara Okafor, cardiology",
    "Thanks, @jlee, that is exactly the reference I was looking for. Our pharmacy team will "
    "update the formulary.",
    "Dr. Smith in radiology suggested a CT angiogram rather than a V/Q scan given the "
    "abnormal chest X-ray. Reasonable, I think.",
    "Dr Patel from nephrology recommends holding metformin if the eGFR falls below 30. "
    "Is that still the threshold in your trust?",
    "Our registrar, Dr Chen, presented the audit at the regional meeting. Compliance with "
    "VTE assessment was 82%.",
    "Dr. Nguyen in infectious diseases recommends 6 weeks of IV antibiotics for vertebral "
    "osteomyelitis. Some centres switch to oral at 2 weeks.",
    "Mr Jones, our colorectal consultant, now does most of his anterior resections "
    "robotically. Length of stay is down by a day.",
    "Miss Ahmed (breast surgeon) runs a one-stop clinic on Thursdays. Referral to diagnosis "
    "is under 7 days.",
    "Prof. Müller's group published the 10-year follow-up in 2021. Survival was 68%, better "
    "than expected.",
    "Thanks everyone for the replies on the heparin thread. I'll summarise them for our "
    "governance meeting.\n\nBest,\nSarah Lee, ED consultant",
    "Great summary, thanks Dr Okafor. I'll share it with our F1s at Wednesday teaching.",
    "Cheers, @mkhan and @r_osei, for the slides. The renal dosing table is the bit everyone "
    "asks about.",
    "**Edit:** Dr Garcia (microbiology) confirmed the organism is sensitive to co-amoxiclav, "
    "so we stepped down on day 3.",
    # --- dates of publications, meetings and deadlines; versions; lab phone-likes
    "For the journal club on 12 March 2025 we'll cover the STEP-HFpEF trial. Slides are on "
    "the shared drive.",
    "The abstract deadline for the national meeting is 15 May 2025. Our QI project on "
    "delirium is almost ready to submit.",
    "The FDA approved tirzepatide for weight management on 8 November 2023. NICE followed "
    "with its own appraisal later.",
    "NICE updated the hypertension guidance on 18 March 2023, with new thresholds for "
    "ambulatory monitoring. Our GP colleagues asked for a summary.",
    "Our hospital switched to Epic in 2021; the go-live date was delayed twice. The first "
    "month was chaos for discharge letters.",
    "We're on version 2.3.1 of the sepsis app. The update to 3.0 adds lactate trends and a "
    "fluid balance chart.",
    "The app runs on v10.4.2. Is anyone else having problems with the barcode scanner on "
    "the drug round?",
    "MRI at 3T or 1.5T for prostate imaging: PI-RADS v2.1 scoring was the same in our audit. "
    "Scan time was shorter at 3T.",
    "Call the lab on extension 4521 for critical values. There is no need to page the "
    "registrar for each one.",
    "The bleep for the on-call medical registrar is 2233, and outreach is 4001. NHS 111 "
    "refers to us after 22:00.",
    "Page 4 of the protocol covers insulin rates: a fixed rate of 0.1 units/kg/h for DKA. "
    "The glucose infusion starts when glucose falls below 14.",
    # --- written later, as a held-out check, and kept
    "Dr. Jane Smith presented grand rounds on sepsis. Her slides are on the intranet.",
    "Our speaker, Jane Smith, presented the data from the trial. It was a great talk, and "
    "the questions went on for half an hour.",
    "The patient was started on metformin in 2019 and on insulin in 2022. Is it too late to "
    "try a GLP-1 agonist?",
    "In March 2023 we launched a virtual ward for heart failure. Readmissions fell by 18% in "
    "the first six months.",
    "On 5 June the ward moved to the new building. The move went smoothly, apart from the "
    "oxygen outlets.",
    "The IRB protocol #2023-0456 was approved last month for our delirium study. Recruitment "
    "starts in the autumn.",
    "Grant number R01 HL123456 funds the trial, and we are recruiting now. Referrals from "
    "other sites are welcome.",
    "Lot number 12345 of the vaccine was recalled by the manufacturer. Pharmacy has "
    "quarantined our stock.",
    "Mean age 92, so these results don't generalise to younger patients. The confidence "
    "intervals are wide too.",
    "Power 4/5 in the left arm and 5/5 on the right. MRI is booked for tomorrow.",
    "GCS 3/15 on arrival, pupils fixed. CT showed a massive intracerebral haemorrhage.",
    "Temp 101.2 F, HR 112, BP 98/60. The sepsis bundle was started within the hour.",
    "Referral to Mr. Patel's clinic for the hernia. He operates on Fridays.",
    "Mrs Ahmed, the ward manager, agreed to trial the new handover sheet. We start next "
    "Monday on two wards.",
    "Thanks to Sister Thomas and the night team for their help. The audit would not have "
    "happened without them.",
    "Harold Ellis's anatomy book is still the best for surgical trainees. The new edition "
    "has better diagrams.",
    "Patients of 92 years and older were excluded from the trial. That is a shame, as they "
    "are most of our ward.",
    "Virchow's triad still frames how we think about VTE. Stasis is the one we forget.",
    "Passport to Health is our patient education programme. Sessions run monthly in the "
    "outpatient hall.",
    "Code blue at 03:15 and ROSC at 03:27. The debrief picked up a delay in getting the "
    "defibrillator.",
]
