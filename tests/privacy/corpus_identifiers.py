"""Invented clinical forum posts that each contain a patient identifier.

Every post is tagged with the kind of identifier planted in it (a forum.privacy.KINDS
key) and the identifier itself is marked ⟦like this⟧; `unmark(body)` strips the marks
and returns the spans they enclosed, so a test can check that the guard found *that*
identifier and not something else in the post. All people, numbers and places are
invented (555 and Ofcom drama numbers, documentation IP ranges, test SSNs).

The posts were written as clinicians write, in several styles per kind, before the
detector was tuned; they are not a list of the detector's patterns.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"⟦(.*?)⟧", re.DOTALL)


def unmark(body: str) -> tuple[str, list[tuple[int, int]]]:
    """The post without its marks, and the (start, end) of each marked identifier in it."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    length = 0
    for m in _MARK.finditer(body):
        before = body[position : m.start()]
        text.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1))))
        text.append(m.group(1))
        length += len(m.group(1))
        position = m.end()
    text.append(body[position:])
    return "".join(text), spans


POSTS: list[tuple[str, str]] = [
    # --- names in a patient context
    ("name", "Looking for advice on a tricky anticoagulation case. Our patient ⟦Harold "
     "Jennings⟧ has AF with a CHA2DS2-VASc of 4 and a GI bleed last month. Would you restart "
     "apixaban at two weeks or wait longer?"),
    ("name", "**Update on the lady I mentioned last week:** ⟦Mrs. Okonkwo⟧ finally agreed to "
     "the biopsy. Histology came back as DLBCL, so we are referring to haematology today."),
    ("name", "Handover sheet I found on the ward this morning, left on the printer:\n\n"
     "> pt: ⟦Jane Doe⟧, bed 14, NBM from midnight for ERCP\n\nIs it normal for your trusts "
     "to leave these lying around? Ours has no confidential waste bin near the printer."),
    ("name", "Her name is ⟦Priya Raman⟧ and she has been waiting nine months for a "
     "rheumatology appointment with active synovitis. How do other practices escalate this? "
     "Advice and guidance keeps bouncing back."),
    ("name", "His daughter ⟦Maria⟧ called the ward three times asking why the furosemide dose "
     "was changed. How do you handle relatives who want daily updates by phone? We are "
     "thinking of a fixed call slot."),
    ("name", "Saw a 58-year-old man with chest pain overnight. ⟦Mr Kowalski⟧ had a normal ECG "
     "and a troponin of 6 ng/L at 0 and 3 hours, so we discharged him with an outpatient "
     "CTCA. Reasonable?"),
    ("name", "Interesting dermatology case. ⟦Tomasz Nowak⟧, 34, presented with a targetoid "
     "rash ten days after starting lamotrigine. We stopped it immediately and admitted him "
     "for observation."),
    ("name", "We had a long family meeting today. The patient's wife, ⟦Helen⟧, wants "
     "everything done, but he told us clearly last month that he would not want intubation. "
     "How do you document that conversation?"),
    ("name", "Quick question on paediatric dosing. A boy named ⟦Oliver⟧ (18 kg) needs "
     "amoxicillin for community-acquired pneumonia. Do you use 40 mg/kg/day in two doses or "
     "the high-dose regimen?"),
    ("name", "Patient ⟦Aisha Bello⟧ had her second episode of DKA this year despite a pump. "
     "Any experience with closed-loop systems in adolescents who struggle with engagement?"),
    ("name", "Nice catch by our pharmacist this week. ⟦Ms. Delgado⟧ had been prescribed both "
     "clarithromycin and simvastatin, so we switched her to azithromycin and held the statin."),
    ("name", "> ⟦Mr Hussain⟧ was readmitted with hyperkalaemia (K 6.8) on spironolactone and "
     "ramipril.\n\nAfter that case we now check U&Es one week after any RAAS change. Does "
     "anyone use potassium binders to keep patients on an MRA?"),
    ("name", "I keep thinking about the man I saw overnight. His son ⟦Dmitri⟧ found him on the "
     "floor with a GCS of 9, and the CT showed a large acute subdural. He was on apixaban "
     "and nobody had reviewed it for years."),
    ("name", "For the teaching session I anonymised everything except one slide. It still "
     "showed 'Patient name: ⟦Robert Castellano⟧' in the header of the PACS screenshot. "
     "Caught it just in time, but it shook me."),
    ("name", "A woman called ⟦Edna⟧ on our ward has had recurrent UTIs; she is 84 and on her "
     "fourth course of nitrofurantoin this year. When do you refer to urology rather than "
     "start prophylaxis?"),
    ("name", "pt ⟦Liam O'Connor⟧ admitted with an asthma exacerbation, peak flow 45% "
     "predicted. Second admission in three months, eosinophils 0.6. Biologics referral "
     "now or after a trial of triple therapy?"),
    # --- dates tied to a person
    ("date", "DOB ⟦14/07/1952⟧, on warfarin for a mechanical mitral valve, INR 5.8 today and "
     "no bleeding. Vitamin K 1 mg orally or just hold two doses?"),
    ("date", "She was admitted on ⟦12 March 2024⟧ with a first seizure. The MRI showed a left "
     "frontal lesion and neurosurgery want to biopsy. Would you load her with levetiracetam "
     "in the meantime?"),
    ("date", "Our patient had the TAVI on ⟦March 4th, 2023⟧ and developed complete heart block "
     "on day 2. A pacemaker went in the next day. How often do you see this with "
     "self-expanding valves?"),
    ("date", "Discharged ⟦2023-11-02⟧ on a reducing prednisolone course and readmitted a week "
     "later with a flare of her colitis. Are we tapering too fast? We drop 5 mg a week."),
    ("date", "DOB ⟦3.4.50⟧ on the referral letter, but the GP system had a different one. We "
     "spent an hour reconciling the records before the scan could be booked."),
    ("date", "He was admitted on the ⟦12th of May⟧ with sepsis from a diabetic foot ulcer. He "
     "ended up with a below-knee amputation, and the vascular team only saw him on day 5."),
    ("date", "She died on ⟦9 January 2024⟧, three days after the family asked for a move to "
     "the hospice. We are reviewing the delay in the transfer as a learning event."),
    ("date", "Seen in clinic on ⟦14 Feb⟧ with a BP of 178/96 despite three agents. The renal "
     "artery Doppler was normal and aldosterone/renin is pending. What would you add next?"),
    ("date", "Colonoscopy on ⟦05/06/2023⟧ showed a 25 mm sessile polyp in the caecum, removed "
     "piecemeal. Surveillance at 6 months or at 3 years?"),
    ("date", "Born ⟦June 1931⟧, lives alone, fiercely independent, and now refusing the hip "
     "fracture repair. How do you document capacity in these cases?"),
    ("date", "Our patient underwent a laparoscopic cholecystectomy on ⟦Tuesday 7 November "
     "2023⟧ and a bile leak was noticed on day 3. ERCP and a stent sorted it. Do you drain "
     "routinely?"),
    ("date", "Date of birth: ⟦1948-02-29⟧. Yes, a leap-day birthday, which broke our lab "
     "system's age calculation and gave her a paediatric reference range."),
    ("date", "She presented on ⟦Aug 21⟧ with a swollen left calf. D-dimer was 2.1 and the "
     "Doppler confirmed a popliteal DVT, her second in a year."),
    ("date", "His last dose of adalimumab was on ⟦10/02/2024⟧ and he now needs an urgent hip "
     "replacement. How long do you hold biologics before surgery?"),
    ("date", "Admission ⟦23rd September 2022⟧, discharged after a 41-day stay. The "
     "readmission came six days later with C. difficile, which is what prompted our audit."),
    # --- ages over 89
    ("age", "A ⟦93-year-old⟧ woman with severe aortic stenosis, NYHA III and a frailty score "
     "of 5. TAVI or palliation? The family are split."),
    ("age", "Patient ⟦aged 101⟧ with a hip fracture, cognitively intact and mobile with a "
     "frame before the fall. The anaesthetist is reluctant. What would you do?"),
    ("age", "⟦94 yo⟧ M, new AF, CHA2DS2-VASc 5, HAS-BLED 3, falls twice a year. Would you "
     "anticoagulate? I lean towards yes."),
    ("age", "Our oldest patient this week was ⟦97 years old⟧ and on 14 regular medications. "
     "Deprescribing started with the statin and the bisphosphonate."),
    ("age", "⟦91F⟧ with confusion and hyponatraemia (Na 118) on sertraline and indapamide. How "
     "fast would you correct? We aimed for 8 mmol/L in 24 hours."),
    ("age", "At ⟦age 96⟧ she still lives independently. The new diagnosis of myeloma makes us "
     "question how aggressive to be with treatment."),
    # --- street addresses
    ("address", "The district nurses couldn't find the house. The referral said ⟦1428 Elm "
     "Street, Springfield, IL 62704⟧, but the family had moved months ago."),
    ("address", "Home visit to ⟦22 Acacia Avenue, Leeds LS6 2AB⟧ for a housebound man on home "
     "oxygen. He was still smoking next to the concentrator, so we called the fire service."),
    ("address", "She lives at ⟦7 Wellington Road⟧ with her husband, who has dementia, and she "
     "is his only carer. What respite options do you know of?"),
    ("address", "For the safeguarding referral we needed the full address: ⟦Flat 3, 14 "
     "Kingsway Court, Bristol BS1 4DJ⟧. The form rejects anything without a postcode."),
    ("address", "The ambulance crew attended ⟦455 W 57th St, New York, NY 10019⟧ for a "
     "collapse. ROSC after 12 minutes, and he is now on our ICU."),
    ("address", "Transport was booked to ⟦PO Box 1187⟧ by mistake, which of course is not a "
     "place an ambulance can go. Does your system validate addresses?"),
    ("address", "His address is ⟦92 Marlborough Drive⟧, which is in the catchment of a "
     "different trust. The referral bounced twice before anyone noticed."),
    ("address", "We discharged him to ⟦3100 Lakeshore Blvd, Apt 12B, Oakland, CA 94610⟧ with "
     "home health visits twice a week. He was back in ED within five days."),
    ("address", "She lives at ⟦18 station road⟧, above the pharmacy. That is how the pharmacist "
     "noticed she hadn't collected her insulin for a fortnight."),
    ("address", "The patient moved to ⟦56 Hawthorn Close, Norwich NR4 7TJ⟧, so community "
     "follow-up has to move to the other team. The handover took a month."),
    # --- cities with ZIP codes, ZIP codes in context
    ("zip", "He lives in ⟦02139⟧, so the nearest stroke centre with thrombectomy is twenty "
     "minutes away. Drip and ship, or go straight there?"),
    ("zip", "An out-of-area patient from ⟦Boston, MA 02115⟧ was admitted while visiting family. "
     "How do you arrange follow-up across states?"),
    ("zip", "Postcode ⟦M14 5QT⟧ came up three times in our TB contact tracing this month. Public "
     "health are looking into a household cluster."),
    ("zip", "Her zip code is ⟦60614⟧ and the only dialysis unit that takes her insurance is "
     "across town. Transport is now the main barrier to her care."),
    ("zip", "The referral came from ⟦Cambridge CB2 0QQ⟧ with no GP details at all. We had to "
     "phone three practices to find out who she was registered with."),
    # --- phone numbers
    ("phone", "If anyone can help with the transfer, the family asked me to share the "
     "daughter's mobile: ⟦07700 900461⟧. She is happy to be called about bed availability."),
    ("phone", "The patient's husband left his number, ⟦(312) 555-0187⟧, and asked us to call "
     "before the MDT. He can't come in because of work."),
    ("phone", "For urgent results, ring the patient on ⟦+44 20 7946 0321⟧ rather than the home "
     "number on file. She is staying with her sister."),
    ("phone", "His contact number is ⟦617-555-0142⟧. He prefers texts because he is hard of "
     "hearing, so please don't rely on voicemail."),
    ("phone", "The carer asked to be called at ⟦0161 496 0774⟧ if there are any changes to the "
     "medication. She fills his dosette box every Sunday."),
    ("phone", "Call ⟦+1 415 555 2671⟧ for the patient's sister, who holds lasting power of "
     "attorney for health decisions."),
    ("phone", "tel ⟦020 7946 0958⟧ (the patient's landline); she does not use a mobile. The "
     "GP letter had an old number."),
    ("phone", "We left a message for the patient at ⟦212.555.0173⟧ about the abnormal biopsy. "
     "No call back after two days; what is your process?"),
    ("phone", "Her mobile, ⟦+61 412 345 678⟧, is the only way to reach her while she is "
     "travelling in Australia. Roaming costs aside, she wants results by phone."),
    ("phone", "Could someone from the night team call the family back? The number is ⟦(555) "
     "123-4567⟧ and they are anxious about the CT result."),
    ("phone", "Daughter's phone: ⟦0113 496 0582⟧. She is the main contact for decisions and "
     "would like to be at the next ward round."),
    # --- fax numbers
    ("fax", "Please fax the referral to ⟦020 7946 0999⟧ and mark it urgent. The consultant "
     "wants to see the patient this week."),
    ("fax", "Fax: ⟦(617) 555-0199⟧ is where the patient's GP wants the discharge summary. "
     "Yes, a fax, in 2024."),
    ("fax", "The nursing home only accepts MAR charts by fax, number ⟦0161 496 0800⟧, for "
     "this resident. Every change means a new chart faxed over."),
    ("fax", "I sent the prior authorisation by fax to ⟦1-800-555-0134⟧ twice and still have no "
     "reply about the patient's biologic. Any tips for getting through?"),
    ("fax", "fax no. ⟦+44 113 496 0123⟧ (the patient's solicitor) asked for the records. Does "
     "that go through information governance or through us?"),
    # --- email addresses
    ("email", "The patient emailed me directly from ⟦maria.lopez72@gmail.com⟧ asking for her "
     "results. Do you reply, or redirect her to the portal?"),
    ("email", "His son's email is ⟦d.kowalski@outlook.com⟧ if the social worker needs it for "
     "the care package. He lives abroad."),
    ("email", "I received a complaint from ⟦jsmith1951@yahoo.co.uk⟧ about the waiting time in "
     "clinic. Is it appropriate to respond personally, or should PALS?"),
    ("email", "Contact the carer at ⟦carer.jones@btinternet.com⟧; she manages all his "
     "appointments and prefers email."),
    ("email", "The patient forwarded the scan report from ⟦robert_castellano@hotmail.com⟧ and "
     "wants a second opinion. Is a private email acceptable for that?"),
    # --- social security and national insurance numbers
    ("ssn", "The insurance form has the SSN ⟦123-45-6789⟧ written in the margin by the patient. "
     "Should we shred it and ask for a fresh form?"),
    ("ssn", "Social security number: ⟦078-05-1120⟧, printed on the discharge paperwork by our "
     "new system. That can't be right, can it?"),
    ("ssn", "NI number ⟦QQ 12 34 56 C⟧ is on the benefits form the patient asked me to sign. "
     "I'd rather it wasn't in the scanned notes."),
    ("ssn", "SSN ⟦219 09 9999⟧ appears at the top of every lab printout from the reference lab. "
     "We have raised it with them twice."),
    ("ssn", "She gave her social security no. as ⟦536-22-1843⟧ at registration, and it matched "
     "another patient's record. Registration merged the two."),
    # --- medical record numbers
    ("mrn", "MRN ⟦4417892⟧: can someone in radiology check why the report is still pending "
     "after five days? The patient is waiting to go home."),
    ("mrn", "Patient ID: ⟦A00293847⟧ had two conflicting allergy entries, penicillin and 'none "
     "known'. Which one do you trust?"),
    ("mrn", "Hospital number ⟦RXH-0049213⟧ was duplicated, so the ECGs from two patients were "
     "merged in the record. It took IT a week to split them."),
    ("mrn", "NHS number ⟦943 476 5919⟧ is visible on the photo of the drug chart you posted. "
     "Could you take the picture down?"),
    ("mrn", "Medical record number ⟦00817263⟧ appears twice in the sepsis audit. Please check "
     "it is not a duplicate before we submit."),
    ("mrn", "Chart # ⟦55-21-908⟧ was the one with the missed potassium result. The alert went "
     "to a locum who had already left."),
    # --- health-plan numbers
    ("health_plan", "Member ID ⟦XJ4471920⟧ was rejected by the insurer for the GLP-1 prior "
     "authorisation. Has anyone had success on appeal?"),
    ("health_plan", "The Medicare number ⟦1EG4-TE5-MK73⟧ does not match the name on the "
     "referral. Registration is chasing it."),
    ("health_plan", "Her policy number is ⟦BUP-88123410⟧ with Bupa, and they want a letter "
     "before they will pay for the MRI."),
    ("health_plan", "Insurance ID ⟦W2749381002⟧, group number 88201: the pharmacy needs both "
     "for the insulin pump supplies."),
    ("health_plan", "Medicaid ID ⟦GH2384710⟧ expired last month, so the home oxygen order was "
     "refused. Social work is helping her reapply."),
    # --- account numbers
    ("account", "Account number ⟦88273645⟧ on the billing statement the patient brought in "
     "shows charges for a scan she never had."),
    ("account", "The hospital billing acct ⟦#20481137⟧ was sent to collections even though the "
     "patient is on charity care. Who do we contact?"),
    ("account", "She asked us to refund a deposit to her bank account ⟦GB29 NWBK 6016 1331 "
     "9268 19⟧. Obviously not something the clinical team can do."),
    ("account", "Invoice no. ⟦INV-2024-00388⟧ for the patient's private physiotherapy was "
     "attached to the referral. Should it be in the clinical record at all?"),
    # --- licence numbers
    ("licence", "He showed his driving licence, number ⟦MORGA657054SM9IJ⟧, as ID because he "
     "had lost his wallet. Registration copied it into the notes."),
    ("licence", "The DVLA form asks for the driver's licence number ⟦SMITH751204JD9AB⟧. Do "
     "clinicians fill that in, or the patient?"),
    ("licence", "License #: ⟦D1234567⟧ (California) was copied into the notes by the ED "
     "registrar for a trauma patient with no other ID."),
    ("licence", "DL ⟦S530-4417-2281⟧ was photocopied into the chart after the crash. Is that "
     "standard practice in your ED?"),
    ("licence", "The firearm licence no. ⟦FL-2231904⟧ appears in the psychiatric assessment "
     "notes. Should that be recorded there?"),
    # --- certificate numbers
    ("certificate", "Death certificate number ⟦2024-0018823⟧ was issued with the wrong cause "
     "of death, so we need to amend it. What is the process in your region?"),
    ("certificate", "The birth certificate no. ⟦BC 4471209⟧ was requested by social services "
     "for the baby before discharge."),
    ("certificate", "Her vaccination certificate ⟦VC-99812034⟧ was scanned into the notes with "
     "all her details. Is that necessary for occupational health?"),
    ("certificate", "Cert no. ⟦MC-20230917-44⟧ for the fit note was duplicated between two "
     "patients. The template pulled the wrong record."),
    # --- vehicle identifiers and plates
    ("vehicle", "The police asked for the car details, so the VIN ⟦1HGCM82633A004352⟧ ended "
     "up in the trauma notes. Should we redact it?"),
    ("vehicle", "Registration ⟦AB12 CDE⟧ was written on the triage sheet after the RTC. That "
     "seems unnecessary for clinical care."),
    ("vehicle", "Licence plate ⟦7ABC123⟧: the patient's car was left running in the "
     "ambulance bay while he came in with chest pain."),
    ("vehicle", "Security logged his car, reg ⟦LK19 XYZ⟧, because he kept leaving the ward to "
     "smoke in it. His sats were 84% on return."),
    ("vehicle", "Vehicle identification number ⟦JH4KA8260MC000000⟧ is in the collision report "
     "attached to the chart. Does anyone redact these?"),
    # --- device serial numbers
    ("device", "Pacemaker serial number ⟦PJN123456S⟧ is on the recall list. How are you "
     "contacting your patients?"),
    ("device", "Insulin pump S/N ⟦OM2781934⟧ shows a delivery error every night at 03:00. The "
     "manufacturer wants the logs."),
    ("device", "The ICD (serial ⟦RBS-008821⟧) fired twice during the MRI preparation. "
     "Physiology is interrogating it now."),
    ("device", "CGM sensor serial no. ⟦0M04871PX⟧ failed after two days. The rep wants the "
     "serial and the patient's details for a replacement."),
    ("device", "IMEI ⟦356938035643809⟧ of the patient's home monitoring hub was copied into the "
     "telehealth notes. Is that needed?"),
    # --- links that point at a person
    ("url", "The patient's mother posted his photos at "
     "⟦https://www.facebook.com/tom.brennan.3387⟧ and asked us to look at the rash. We "
     "declined, but should we have?"),
    ("url", "She sent a photo of the wound: ⟦https://imgur.com/a/Xk29dPq⟧. It looks like "
     "cellulitis spreading beyond the marked border."),
    ("url", "Results are in the portal at ⟦https://mychart.stlukes.org/MyChart/patient/38821⟧ "
     "if you want to compare. The creatinine trend is worrying."),
    ("url", "His fundraiser for the transplant is at ⟦gofundme.com/f/help-dan-get-a-kidney⟧. "
     "Is it appropriate for staff to share it?"),
    ("url", "Her public profile, ⟦instagram.com/sara.runs.again⟧, is where she posts about "
     "her recovery from ICU. She asked us to follow it."),
    ("url", "Shared folder with the patient's photos: "
     "⟦https://drive.google.com/drive/folders/1a2B3c4D5e6F⟧. Please don't forward it."),
    # --- IP addresses
    ("ip", "The telehealth log shows the patient connected from ⟦82.132.218.15⟧ during the "
     "consultation. IT wants to know if that is normal."),
    ("ip", "Our audit found the portal account was accessed from IP ⟦203.0.113.42⟧ at 02:00. "
     "The patient says it wasn't her."),
    ("ip", "IP address ⟦2001:db8:85a3::8a2e:370:7334⟧ was logged against the remote monitoring "
     "upload. Can we link that back to a device?"),
    ("ip", "The abusive message to the ward came from ⟦192.168.14.201⟧ according to IT. They "
     "think it is the patient's relative."),
    # --- other identifying numbers
    ("other_id", "Case ID ⟦CS-20240087⟧ in the safeguarding system refers to this child. "
     "Please don't put it in the public notes."),
    ("other_id", "Specimen no. ⟦H24-118823⟧ was mislabelled with another patient's sticker. "
     "The lab caught it on the blood group."),
    ("other_id", "Ref ⟦88231-B⟧ is the complaint reference the patient was given by PALS. "
     "She wants a meeting with the consultant."),
    ("other_id", "Her passport number ⟦533812047⟧ was photocopied for the overseas visitor "
     "charging team. Does that belong in the clinical record?"),
    ("other_id", "Claim #⟦4471-99812⟧ for the patient's ambulance transfer was denied. The "
     "family are now facing a large bill."),
    ("other_id", "Study ID ⟦PX-0193⟧ belongs to our trial participant, and his randomisation "
     "letter went out with his full name on it."),
    # --- written later, as a held-out check, and kept
    ("name", "| Name | Ward |\n|---|---|\n| ⟦Margaret Thornton⟧ | 7B |\n\nIs it OK to share this "
     "table in the teaching pack? It comes straight from our handover sheet."),
    ("name", "* Patient: ⟦Arjun Mehta⟧\n* Issue: recurrent hypoglycaemia on gliclazide\n\nWould "
     "you stop the sulfonylurea outright or halve it first?"),
    ("name", "The mother, ⟦Claire⟧, says the baby has been feeding poorly for two days. Temp "
     "38.2 and CRP 45, so we did a full septic screen."),
    ("name", "I reviewed ⟦Ms. Chen⟧ again this morning and her lactate has cleared. Can we step "
     "down the noradrenaline overnight?"),
    ("date", "Last seen in clinic ⟦Oct 3⟧. Since then she has lost 6 kg and has new night "
     "sweats, so we brought the CT forward."),
    ("date", "She delivered on ⟦14.08.2023⟧ by emergency caesarean section and had a PPH of "
     "2.5 L. Would you offer tranexamic acid routinely next time?"),
    ("date", "He passed away on the ⟦3rd of April⟧, peacefully, with his family there. The "
     "bereavement team were superb."),
    ("age", "My patient turned ⟦100⟧ last week and still takes only two medications. Her "
     "secret, she says, is never seeing a doctor."),
    ("age", "⟦95 y/o⟧ female, fall at home, hip fracture, on apixaban. Surgery within 36 "
     "hours, or wait for the drug to wear off?"),
    ("address", "She resides at ⟦9 Rue de la Paix⟧ in Paris, so follow-up will be tricky. Has "
     "anyone set up shared care with a French hospital?"),
    ("zip", "He lives in the ⟦10027⟧ area, which has very few primary care doctors. The ED is "
     "his GP in practice."),
    ("phone", "Call me at ⟦555-0123⟧ if the results come back abnormal. I'm on call for the "
     "patient's family this weekend."),
    ("health_plan", "Policy #⟦ABC123456⟧ is with Aetna, and prior authorisation is needed for "
     "the PET scan. The form wants a diagnosis code too."),
    ("licence", "DEA number ⟦AB1234563⟧ was visible on the prescription photo in the post. "
     "Could you crop it out?"),
    ("other_id", "His employee ID ⟦E12345⟧ is on the occupational health form. Should that be "
     "in his clinical notes at all?"),
]  # fmt: skip
