"""Demo threads for the medical specialties: cardiology, oncology, neurology, infectious
disease and endocrinology, plus the two pinned house notices.

Every case, number and institution here is invented; nothing comes from real patients.
"""

THREADS = [
    # ------------------------------------------------------------------ house notices
    {
        "title": "Welcome to Rounds: how to ask a question colleagues can answer",
        "specialty": "cardiology",
        "topics": ["careers-innovation"],
        "kind": "discussion",
        "author": "ines_marchetti",
        "pinned": True,
        "body": """
            Welcome to Rounds. This is a place for doctors, nurses, pharmacists, allied
            professionals, scientists and students to talk about clinical innovation and to
            help each other get better at it. Many of the people answering are busy clinicians
            reading on a phone between patients, so a well-framed question gets a far better
            answer. A few habits that help:

            1. **Put the actual question in the title.** "How big does a local validation cohort
               need to be?" gets read; "AI question" does not.
            2. **Pick the right specialty and up to five topics.** That is how the people who
               know the answer find your thread.
            3. **Describe your setting.** Type of hospital or practice, health system, what you
               have already tried, and the constraints (budget, IT, governance, time).
            4. **Say what kind of answer you want:** a reference, a protocol someone has used,
               a sanity check, or career advice.
            5. **Choose "question" or "discussion" honestly.** Discussions are for opinions and
               experience; questions are for things that have an answer.
            6. **Declare conflicts of interest**, including your own company or a vendor you
               work with.

            Markdown works: lists, tables, `inline code` and fenced code blocks. Use the
            **Preview** button before you post.

            And please read the pinned privacy notice: every case on Rounds is invented or
            generalised, without exception.
        """,
        "replies": [
            ("lena_hoffmann", """
                Is it all right for students to ask fairly basic questions here? I don't want to
                clutter the specialty pages with things a registrar would find obvious.
            """),
            ("tom_adebayo", """
                Yes, please do. Basic questions are often the ones twenty other people were too
                shy to ask. Just mention in the post that you're a student so people pitch the
                answer at the right level, and don't be surprised if a mentor turns a short
                question into a long, generous answer. That's what they're here for.
            """),
        ],
    },
    {
        "title": "Patient privacy on Rounds: what never to post",
        "specialty": "infectious-disease",
        "topics": ["health-data-privacy"],
        "kind": "discussion",
        "author": "karin_lindqvist",
        "pinned": True,
        "body": """
            Rounds is public to anyone with an account, and case discussions are where privacy
            slips happen. The rule is simple: **no post should let anyone recognise a patient,
            including the patient themselves.**

            Never post:

            - names, initials, dates of birth or exact ages over 89
            - hospital, record or insurance numbers, even partial ones
            - exact dates of admission, procedures or death
            - addresses, postcodes, or the ward and bed
            - screenshots of the EHR, reports, monitoring strips or imaging
            - row-level data extracts, even ones you believe are de-identified

            Be especially careful with **combinations**. A rare diagnosis plus a small town plus
            "last Tuesday" identifies someone as surely as a name does.

            What works instead: age bands ("a man in his 60s"), approximate timelines ("a few
            weeks after discharge"), and changing details that don't matter clinically, saying
            that you have done so. If you need to share data, use synthetic data.

            One practical point: **editing a post does not erase it.** The earlier version stays
            in the post's edit history. If you realise you've posted something identifying,
            delete the post (deleted posts are hidden from everyone except moderators) and then
            tell a moderator in the thread, without repeating the details, so we can check any
            replies that quoted it.
        """,
        "replies": [
            ("joao_silva", """
                A question from a small district hospital: how do we discuss genuinely unusual
                infections? When there have only ever been a handful of cases of something in our
                region, "a man in his 50s" doesn't protect anyone.
            """),
            ("karin_lindqvist", """
                Good question, and it comes up a lot in infection work. Three suggestions:

                - **Decouple the organism from the place and time.** "A regional hospital" and
                  "recently" are usually enough for the clinical point.
                - **Wait.** Most learning questions are just as useful a few months later.
                - **Involve your infection prevention and public health colleagues first** if
                  it is part of a cluster or a notifiable disease; they may prefer it isn't
                  discussed publicly at all yet.

                If in doubt, post a draft question asking a moderator to check before you add
                the detail. We would much rather be asked.
            """),
        ],
    },
    # ------------------------------------------------------------------ cardiology
    {
        "title": "Validating a vendor AI-ECG for low ejection fraction on our own cohort: "
        "how many patients do we need?",
        "specialty": "cardiology",
        "topics": ["ai-diagnostics", "real-world-evidence", "health-equity-bias"],
        "kind": "question",
        "author": "tariq_aziz",
        "body": """
            Our trust is considering an AI-ECG tool that flags LVEF ≤40% from a standard 12-lead
            ECG. The vendor quotes an AUROC of 0.91, but their development data came from a very
            different population to ours (older, more deprived, more AF).

            Before anyone signs anything, my consultant has asked me to plan a retrospective
            local validation: ECGs paired with a transthoracic echo within 14 days. I'm happy
            with the idea but less sure about the details:

            - How do we decide how many patients we need?
            - What should we report beyond AUROC?
            - Many patients have several ECGs. One per patient, or all of them?
            - Should we analyse AF, paced rhythms and bundle branch block separately, or are
              they usually outside the intended use anyway?

            Any protocol outlines or lessons learnt would be very welcome.
        """,
        "replies": [
            ("rohan_patel", """
                Good instinct to do this before procurement rather than after. We did the same
                across three sites, and the short answer is that **the number of true positives
                drives everything**, not the total.

                Decide the precision you need for sensitivity, then divide by the prevalence of
                low EF in the population that will actually be screened:

                ```python
                from math import ceil

                def n_for_sensitivity(se, half_width, prevalence, z=1.96):
                    positives = ceil(z**2 * se * (1 - se) / half_width**2)
                    return positives, ceil(positives / prevalence)

                print(n_for_sensitivity(0.85, 0.05, 0.12))  # (196, 1634)
                ```

                Then report at least:

                | Check | Why it matters |
                |---|---|
                | AUROC with 95% CI | comparability with the vendor |
                | Sensitivity/specificity at the **locked** threshold | what clinicians will see |
                | Calibration plot | scores drift between populations |
                | Subgroups: sex, age band, AF, ECG machine | where it fails |
                | PPV at local prevalence | the referral workload |
            """),
            ("julia_novak", """
                Methodologist hat on. Two things that often get decided too late:

                1. **Fix the reference standard and time window in a written protocol before you
                   pull any data.** Echo within 14 days, which echo if there are several, and
                   how you treat borderline EF of 40-45%.
                2. **Unit of analysis.** I'd take the first eligible ECG per patient for the
                   primary analysis and use all ECGs only as a sensitivity analysis with
                   clustered confidence intervals. Otherwise frequent flyers dominate.

                Report it against STARD or TRIPOD+AI; both are on https://www.equator-network.org
                and reviewers will ask.
            """),
            ("yuki_tanaka", """
                From the pipeline side: record the exact model version with every score, and
                keep the raw outputs rather than just flagged/not flagged. When the vendor
                pushes an update in six months you'll want to rerun the same cohort and compare.

                Also log the ECG machine model and filter settings. In our imaging work the
                biggest performance drops came from acquisition differences nobody thought to
                record.
            """),
            ("dev_malhotra", """
                Declaring an interest first: I work for a start-up in clinical AI (not this
                vendor, and not in ECG). From the other side of the table, ask the vendor for:

                - the written **intended use** statement, which answers your paced/LBBB question
                - the scope of their regulatory clearance (the FDA device databases on
                  https://www.fda.gov are searchable if they cite a US clearance)
                - whether the threshold is fixed or site-configurable
                - their change-control process for model updates

                A good vendor will welcome a local validation. A reluctant one is telling you
                something.
            """),
            ("tariq_aziz", """
                This is brilliant, thank you all. Plan as it stands: first ECG per patient,
                echo within 14 days, EF ≤40% as the reference, target about 200 positives
                (roughly 1,700 patients at our prevalence), model version logged, and paced
                rhythms excluded because the intended use excludes them. Protocol goes to our
                audit committee next month.
            """),
            ("rohan_patel", """
                That's a solid plan. One last piece of advice: agree with your department now
                that you'll share the results **whatever they show**. A negative local
                validation is just as publishable and saves the next hospital from making an
                expensive mistake. Happy to read the protocol draft if it helps.
            """),
        ],
    },
    {
        "title": "Fourth-year student: can I realistically combine cardiology training with "
        "machine learning research?",
        "specialty": "cardiology",
        "topics": ["careers-innovation", "ai-diagnostics"],
        "kind": "question",
        "author": "lena_hoffmann",
        "body": """
            I'm a fourth-year medical student and I've been doing a small project on ECG
            classification with a data scientist at our school. I love it, and I also love
            cardiology, but everyone I ask gives me a different answer about whether the two
            fit together.

            Some say do an intercalated MSc or PhD now, others say focus on exams and
            foundation training and pick research up later. A registrar told me nobody takes
            "clinician who codes" seriously unless they publish in a clinical journal.

            For those of you who have done it: what would you do in my position? What actually
            mattered, looking back, and what was wasted effort?
        """,
        "replies": [
            ("rohan_patel", """
                I get asked this a lot, and I think the honest answer is that it fits very well,
                but not all at once. What I'd suggest:

                1. **Finish the current project properly.** A modest, well-written paper beats
                   three abandoned notebooks.
                2. **Learn the clinical question side as seriously as the code.** The people who
                   thrive in cardiology AI can explain why a false negative matters at 3 a.m.
                3. **Don't rush into a PhD.** Do it when you have a question you can't stop
                   thinking about, usually a few years into training.
                4. **Find two mentors**: a cardiologist and a methods person. One rarely covers
                   both well.

                And keep coding a little every month. It fades faster than ECG reading does.
            """),
            ("tariq_aziz", """
                Registrar perspective: nobody in my interviews cared that I could write Python.
                They cared that I'd led a validation study and could explain its limitations.
                The coding got me the project; the clinical framing got me the job.

                Also, electrophysiology and imaging are where most of the ML work is, if you
                want a clinical home that uses it daily.
            """),
            ("hannah_liu", """
                Different angle: I'm doing an MSc in health data science after some years in
                community pharmacy. Half my cohort are clinicians. The ones who get the most out
                of it came with a specific clinical question. If you do intercalate, go in with
                your ECG project already framed as one.
            """),
            ("lena_hoffmann", """
                Thank you, this is really reassuring. I'll aim to get the ECG project written up
                this year and start looking for a methods mentor. Dr Patel, I may take you up on
                the mentoring offer in your profile!
            """),
        ],
    },
    {
        "title": "Smartwatch AF alerts: are we screening, or just generating anxiety and "
        "referrals?",
        "specialty": "cardiology",
        "topics": [
            "wearables-remote-monitoring",
            "real-world-evidence",
            "clinical-decision-support",
        ],
        "kind": "discussion",
        "author": "samir_qureshi",
        "locked": True,
        "body": """
            A view from general practice. Every week I see several people, mostly well and in
            their 30s to 50s, who bring in a watch notification saying "possible atrial
            fibrillation". Most have a normal 12-lead. Some get a Holter, some get referred, and
            almost all of them leave more worried than they came in.

            I'm not against wearables. For an older patient with risk factors a confirmed AF
            diagnosis can change management. But we've effectively started an unplanned
            screening programme with no agreed pathway, no target population and nobody funded
            to read the data.

            So, to cardiologists in particular: is opportunistic smartwatch detection doing
            more good than harm at the moment? And if it's here to stay, who should own the
            pathway?
        """,
        "replies": [
            ("tariq_aziz", """
                I'd push back a little. In the patients where it matters, older people with
                hypertension or diabetes, a watch-detected episode confirmed on ECG is a real
                diagnosis that leads to anticoagulation. We've picked up several people in
                clinic this way who would otherwise have presented with a stroke.

                The problem is the population wearing the watches, not the technology.
            """),
            ("rohan_patel", """
                Both of you are right, which is why this is hard. The evidence that population
                screening for AF improves hard outcomes is mixed, and the yield in younger,
                low-risk people is low. The watches weren't designed as a screening programme,
                and we shouldn't pretend they are one.

                What I'd like to see is a simple shared pathway: a confirmatory ECG, then
                CHA₂DS₂-VASc, then a decision, with reassurance as a valid outcome and no
                automatic referral below a risk threshold. NICE guidance on AF
                (https://www.nice.org.uk) already covers most of the decision; what's missing is
                the front door.
            """),
            ("dev_malhotra", """
                Conflict of interest: the start-up I work for builds ECG triage software. With
                that said, I think automated over-reading of the single-lead trace before it
                reaches a GP could remove a lot of this workload. Most of the notifications you
                describe could be resolved without an appointment.
            """),
            ("samir_qureshi", """
                With respect, "the answer to too many alerts is another product" is exactly what
                I'd expect a vendor to say. Every layer of software we add ends up in my inbox in
                the end, and nobody is paying for the GP time to read it.
            """),
            ("dev_malhotra", """
                I declared my interest precisely so people could weigh what I said. I spent ten
                years as an ICU nurse before this job, and I don't appreciate the suggestion that
                I'm here to sell rather than to help.
            """),
            ("tariq_aziz", """
                Can we step back? I think everyone here agrees on more than it sounds: a
                confirmatory ECG, a risk-based threshold, and clarity about who reads what.
            """),
            ("tom_adebayo", """
                I'm locking this thread. The clinical debate was genuinely useful, and Rohan's
                and Tariq's summaries are worth keeping, but the last few posts moved from
                arguments to motives. On Rounds we challenge ideas, not each other's integrity.

                Declaring a conflict of interest is exactly what we ask people to do, and it
                shouldn't make someone a target. Equally, healthy scepticism about commercial
                solutions is fair game when it is aimed at the evidence.

                If anyone wants to draft a shared primary care and cardiology pathway for watch
                alerts, please start a new thread focused on that. It would make a great one.
            """),
        ],
    },
    {
        "title": "Has anyone mapped implantable loop recorder summaries to FHIR Observations?",
        "specialty": "cardiology",
        "topics": ["interoperability-fhir", "wearables-remote-monitoring"],
        "kind": "question",
        "author": "tariq_aziz",
        "body": """
            Our device clinic receives transmissions from implantable loop recorders through
            three manufacturer portals. At the moment a physiologist reads each portal and
            types a summary into the EHR by hand. We'd like to push a structured summary (AF
            burden, longest episode, pause count) into the record instead.

            Our integration team suggested FHIR `Observation` resources with components. This
            is my first draft, using local codes because I couldn't find suitable standard
            codes for AF burden:

            ```json
            {
              "resourceType": "Observation",
              "status": "final",
              "category": [{"coding": [{"code": "device-summary"}]}],
              "code": {"coding": [{
                "system": "http://example.org/fhir/CodeSystem/ilr-summary",
                "code": "transmission-summary"
              }]},
              "subject": {"reference": "Patient/example"},
              "device": {"reference": "Device/ilr-example"},
              "component": [
                {"code": {"text": "AF burden"},
                 "valueQuantity": {"value": 4.2, "unit": "%"}},
                {"code": {"text": "Longest AF episode"},
                 "valueQuantity": {"value": 310, "unit": "min"}}
              ]
            }
            ```

            Questions: is one Observation with components the right shape, or one per metric?
            And has anyone found terminology for these that works across manufacturers? I've
            been reading https://www.hl7.org/fhir/observation.html but would value real
            experience.
        """,
        "replies": [],
    },
    # ------------------------------------------------------------------ oncology
    {
        "title": "Remote symptom monitoring during checkpoint inhibitors: which reports should "
        "trigger a same-day call?",
        "specialty": "oncology",
        "topics": ["immunotherapy", "wearables-remote-monitoring", "telehealth"],
        "kind": "question",
        "author": "priya_iyer",
        "body": """
            We're setting up weekly electronic patient-reported outcomes for patients on
            checkpoint inhibitors. Patients answer a short questionnaire on their phone and the
            answers land in a nurse-monitored dashboard.

            The hard part is the escalation rules. Too sensitive and the nurses drown; too
            specific and we miss early colitis or pneumonitis. Our draft triggers:

            | Patient report | Draft action |
            |---|---|
            | 4-6 more stools a day than usual | Same-day nurse call |
            | 7+ more stools, blood or severe pain | Same-day assessment |
            | New cough or breathlessness on exertion | Same-day nurse call |
            | Rash over large areas or blistering | Same-day assessment |
            | Fatigue worse than usual | Review at next visit |

            How have others set these thresholds? And how did you handle patients who stop
            completing the questionnaire, which is often a warning sign in itself?
        """,
        "replies": [
            ("mei_chen", """
                Your table is close to what we run. A few refinements from our experience:

                - Anchor diarrhoea to **the patient's own baseline**, which you seem to do
                  already. Patients after bowel surgery otherwise trigger every week.
                - Add **new headache with visual change** and **marked fatigue with dizziness**
                  as same-day calls. Hypophysitis and adrenal problems present vaguely and late.
                - Treat **two missed questionnaires in a row** as a trigger for a call, not a
                  data-quality issue.

                Most importantly, make the thresholds an explicit local protocol signed off by
                the consultants, so the nurses are never left making judgement calls without
                cover.
            """),
            ("rachel_obi", """
                Nurse navigator here, and I read one of these dashboards daily. Practical
                points:

                1. Protect time to review it. We block 45 minutes each morning; when it was done
                   "between things" it didn't get done.
                2. Give patients a phone number on the same screen as the questionnaire. Some
                   people tick the box and wait for us instead of calling.
                3. Expect about one extra call per ten patients per week at first. It settles.
            """),
            ("daniel_mensah", """
                Pharmacy angle: make sure the pathway links to a steroid plan. When a same-day
                assessment confirms grade 2 or higher toxicity, the delay we saw was often in
                prescribing and supplying steroids and PPI cover, not the clinical decision. A
                pre-built order set helped us a lot.
            """),
            ("priya_iyer", """
                Thank you, all really useful. I'll add the endocrine triggers and the
                missed-questionnaire rule, and ask our pharmacy team about an order set. Rachel,
                may I quote your one-in-ten estimate in our staffing proposal?
            """),
            ("rachel_obi", """
                Of course. Label it as one team's experience rather than a benchmark, but it's
                been stable for us for over a year now.
            """),
        ],
    },
    {
        "title": "ctDNA-guided adjuvant therapy trials: which estimand are we actually "
        "estimating?",
        "specialty": "oncology",
        "topics": ["liquid-biopsy", "trial-design"],
        "kind": "discussion",
        "author": "julia_novak",
        "body": """
            A methods question that keeps coming up in our trials unit. Several recent trials
            randomise patients to ctDNA-guided versus standard adjuvant chemotherapy after
            resection. The headline comparison is usually recurrence-free survival, and the
            conclusion is framed as "ctDNA guidance is non-inferior".

            But what exactly is the treatment strategy being compared? In the guided arm, a
            ctDNA-negative patient usually receives no chemotherapy, and a positive one gets
            escalated treatment. Intercurrent events such as a missed blood draw, an assay
            failure or a clinician overriding the result change what the patient receives.

            I'd argue many of these are really treatment-policy estimands for a **testing
            strategy** and should be described that way, with assay failure rates reported as
            prominently as the survival curves. Interested in how clinicians read these
            papers. You can browse the designs on https://clinicaltrials.gov.
        """,
        "replies": [
            ("mei_chen", """
                As a clinician who uses these results: I agree, and it matters in practice.
                When I explain a negative ctDNA result to a patient, what I actually want to
                know is the recurrence risk *given a negative test in my lab, with our
                turnaround time*. Trials that report assay failure and time-to-result in a
                footnote make that much harder.
            """),
            ("priya_iyer", """
                Trainee perspective: I hadn't thought about overrides as intercurrent events
                until this post. In our MDT, clinicians regularly give chemotherapy to
                ctDNA-negative patients with high-risk pathology. If that happened in a trial's
                guided arm, the comparison is really "ctDNA plus clinical judgement".
            """),
            ("julia_novak", """
                Exactly. And that's a perfectly reasonable strategy to test! It just needs
                naming. My plea to anyone writing a protocol: write the estimand down in the
                ICH E9(R1) framing before the sample size, and ask a statistician to argue with
                you about it early.
            """),
        ],
    },
    {
        "title": "Oncology nurse navigator wanting to publish our ePRO pilot: where do I start?",
        "specialty": "oncology",
        "topics": ["careers-innovation", "implementation-science", "real-world-evidence"],
        "kind": "question",
        "author": "rachel_obi",
        "body": """
            For the past year I've coordinated a pilot of weekly electronic symptom reporting
            for patients on systemic therapy. We have numbers I'm proud of: completion rates,
            calls generated, and a small drop in unplanned attendances compared with the year
            before.

            Our service manager has encouraged me to write it up, but I've never published
            anything. I don't know whether this is research, audit or quality improvement, which
            journal would want it, or whether I need ethics approval retrospectively.

            Any advice from people who've taken a service project to publication, especially
            nurses, would be hugely appreciated.
        """,
        "replies": [
            ("mei_chen", """
                Congratulations. A year of well-kept data is worth writing up, and nurse-led
                evaluations of ePROs are still under-represented. Some steps:

                1. **Check how it was registered.** If it was approved as a service evaluation
                   or QI project, you usually won't need retrospective ethics, but confirm with
                   your R&D office in writing.
                2. **Frame it as quality improvement** and use the SQUIRE 2.0 guideline.
                3. **Be honest about the before-after design.** Seasonal and staffing changes
                   could explain part of the drop in attendances; say so.
                4. **Find a co-author who has published before.** I'm happy to be a sounding
                   board.
            """),
            ("lucy_whitaker", """
                Nurse consultant here, and I was exactly where you are a few years ago. Two
                things I wish I'd known: nursing and supportive care journals welcome service
                evaluations, and a conference abstract first is a gentle way in because it
                forces you to find your main message in 300 words.

                Also, put your name first. You did the work.
            """),
            ("julia_novak", """
                To add to Mei's point 3: if you have monthly data, plot attendances as a run
                chart across the whole period rather than comparing two annual totals. It shows
                whether the drop began when the pilot started, and reviewers find it far more
                convincing. SQUIRE and many other reporting guidelines are collected at
                https://www.equator-network.org.
            """),
        ],
    },
    {
        "title": "First grant for an MRD liquid biopsy pilot: small project grant or "
        "fellowship first?",
        "specialty": "oncology",
        "topics": ["careers-innovation", "liquid-biopsy"],
        "kind": "question",
        "author": "priya_iyer",
        "body": """
            I'm in the second year of my oncology fellowship and have an idea for a pilot: serial
            ctDNA sampling to look at molecular residual disease after curative-intent treatment,
            in a tumour type where it hasn't been studied much. Our lab can run the assay, and my
            supervisor is supportive.

            I could apply for a small project grant from a charity (enough for the assays and
            some research nurse time) or aim for a full research training fellowship, which
            would pay my salary for three years but is much more competitive.

            For those who have been through this: does a small grant first strengthen a
            fellowship application, or just delay it? And what did reviewers criticise in your
            first applications?
        """,
        "replies": [
            ("mei_chen", """
                In my experience a small grant first nearly always helps, as long as it's
                designed to answer the question a fellowship panel will ask: "Is this feasible,
                and can this person deliver?" So design the pilot to produce **feasibility
                data**: recruitment rate, sample completeness, assay failure rate and
                turnaround time.

                My own first fellowship application was criticised for being a list of
                experiments rather than a question. Start with one sentence describing what
                will change for patients if you are right.
            """),
            ("ousmane_ndiaye", """
                From a different field but the same funding system: panels want to see that
                your **training plan** is as well thought through as your science. Name the
                skills you will gain (statistics, assay validation, trial methods) and who
                will teach you each one. Applications with a vague training plan lose out to
                weaker science with a strong one.
            """),
            ("julia_novak", """
                Talk to a statistician before you submit the small grant, not after. "We will
                recruit 40 patients" with no justification is the most common reason pilots get
                marked down. For a feasibility study you can justify the number from the
                precision of your recruitment-rate estimate, and that is a perfectly acceptable
                answer.
            """),
            ("priya_iyer", """
                Thank you all. Plan: small grant this cycle framed explicitly as a feasibility
                study, meeting with our trials unit next week, fellowship application in
                eighteen months with the pilot data behind it.
            """),
        ],
    },
    {
        "title": "DPYD results arriving after the first cycle is booked: how are you handling "
        "the timing?",
        "specialty": "oncology",
        "topics": ["pharmacogenomics", "clinical-decision-support", "implementation-science"],
        "kind": "question",
        "author": "daniel_mensah",
        "body": """
            We test DPYD before all fluoropyrimidines, which is the right thing to do. The
            problem is timing. Our turnaround from the genomics lab is 7-10 days, and when a
            patient is keen to start, the first cycle is often booked before the result is
            back. Twice this quarter a pharmacist caught a missing result on the day of
            treatment.

            Ideas we're considering:

            - a hard stop in the e-prescribing system until a result is filed
            - sending the sample at the first oncology appointment rather than at consent
            - a pharmacist-led tracker of outstanding results

            How have other units solved this? And for those with a hard stop, how did you
            handle genuinely urgent starts?
        """,
        "replies": [
            ("hannah_fischer", """
                We went for a hard stop, plus a documented override that needs a consultant and
                a pharmacist. It fires rarely now because people learnt to send the sample early.
                Sending it at the first appointment made the biggest difference.

                We also built the dose suggestion into the order, so the result is acted on, not
                just filed. For an intermediate metaboliser, following CPIC, it looks like this:

                ```text
                BSA 1.9 m² × capecitabine 1000 mg/m²      = 1900 mg twice daily (full dose)
                Intermediate metaboliser: start at 50%    =  950 mg twice daily
                Tablet check (150 mg and 500 mg)          =  500 + 3 × 150 mg
                Titrate from cycle 2 according to toxicity
                ```

                Always check against your local protocol, since guidance differs slightly between
                bodies for some variants.
            """),
            ("mei_chen", """
                From the prescriber side, the hard stop was unpopular for about a month and then
                became invisible. For urgent starts we occasionally begin with a non-
                fluoropyrimidine regimen or delay by a few days. In practice a week's delay
                rarely changes outcomes, but severe DPD-related toxicity can be fatal.
            """),
            ("daniel_mensah", """
                Really helpful, thank you both. I'll take the early-sampling change and the
                override design to our chemotherapy group. Hannah, would you share the wording
                of your override reasons? Getting that list right seems to be half the battle.
            """),
        ],
    },
    # ------------------------------------------------------------------ neurology
    {
        "title": "Wrist-worn seizure detection devices: how do you counsel families about "
        "false alarms?",
        "specialty": "neurology",
        "topics": ["wearables-remote-monitoring", "clinical-decision-support"],
        "kind": "question",
        "author": "omar_haddad",
        "body": """
            More families in our epilepsy clinic are asking about wrist-worn devices that detect
            generalised tonic-clonic seizures and alert a carer. Some have already bought one.
            The published sensitivity for convulsive seizures looks reasonable, but the false
            alarm rate is what I hear about: carers woken several times a week by vigorous
            tooth-brushing or a restless child.

            I'd like to give consistent advice instead of improvising each time. Specifically:

            - Who do you think benefits most (living alone, nocturnal seizures, SUDEP risk)?
            - How do you explain that they detect convulsive seizures only, not focal ones?
            - Do you document device data in the notes, and how do you use it in clinic?

            Grateful for any clinic leaflets or approaches that have worked.
        """,
        "replies": [
            ("aziz_rahman", """
                I'd frame it around **what the alarm is for**. The strongest case is nocturnal
                convulsive seizures in someone who sleeps alone or whose carer sleeps elsewhere,
                because a prompt response is thought to reduce SUDEP risk. For people whose
                seizures are mainly focal, a device adds cost and false reassurance.

                In clinic I use device logs as a prompt for history, not as a seizure diary. A
                logged event with no witness and no post-ictal symptoms gets discussed before it
                is counted.
            """),
            ("aoife_brennan", """
                From paediatric home care: talk about false alarms **before** the device
                arrives. Families who expect one or two a week cope fine; families told it is
                "very accurate" lose trust after the first bad night and stop wearing it. We
                also agree what the carer does on an alarm (go and look, time it, rescue
                medication plan) so the alarm isn't just frightening noise.
            """),
            ("ravi_shankar", """
                One practical thing: ask the family to export the event log before clinic. The
                apps differ, but most let you download a CSV. Ten minutes going through it
                together with the carer's notes is far more useful than a summary screen.
            """),
            ("omar_haddad", """
                Thanks, this gives me a structure: who benefits, what it doesn't detect, what to
                expect from false alarms, and what to do on an alarm. I'll draft a one-page
                leaflet and share it here for comments.
            """),
        ],
    },
    {
        "title": "How do I turn a half-finished EEG spike-detection notebook into something "
        "publishable?",
        "specialty": "neurology",
        "topics": ["ai-diagnostics", "careers-innovation"],
        "kind": "question",
        "author": "ravi_shankar",
        "body": """
            Confession: I have a Jupyter notebook that detects interictal epileptiform
            discharges on routine EEG with surprisingly good performance (AUROC 0.94 on my
            test set). It's built on about 300 anonymised recordings our department already had
            approval to use for service development.

            I suspect the number is too good. I split the data randomly by 10-second epoch, and
            I've only just realised that means segments from the same recording can be in both
            training and test sets.

            Beyond fixing that, what would it take to make this a credible paper instead of a
            side project? I'm a neurology resident with limited protected time and no formal
            data-science training.
        """,
        "replies": [
            ("aziz_rahman", """
                Well spotted. That leakage is the most common flaw in EEG and wearables papers,
                and recognising it yourself is a good sign. Realistically, to be credible you
                need:

                1. **Patient-level splits**, and ideally a test set from a different time period
                   or site.
                2. **A clinically meaningful comparison**: agreement with two neurophysiologists,
                   not only against the original report.
                3. **A clear use case**: screening a long recording to save reporting time is a
                   different claim from diagnosing epilepsy.
                4. **Ethics and governance** that cover research use, not only service
                   development. Check before you write a word.

                Happy to talk it through; this could become a proper project.
            """),
            ("felix_wagner", """
                The split fix is easy in scikit-learn. Group by recording (or better, by
                patient if some patients have several recordings):

                ```python
                from sklearn.model_selection import GroupKFold

                cv = GroupKFold(n_splits=5)
                for train_idx, test_idx in cv.split(X, y, groups=patient_ids):
                    model.fit(X[train_idx], y[train_idx])
                    scores.append(evaluate(model, X[test_idx], y[test_idx]))
                ```

                Expect the AUROC to drop, possibly a lot. That's the real number, and it's
                still worth reporting.
            """),
            ("yuki_tanaka", """
                Also freeze everything: put the notebook into a Git repository, pin package
                versions, and write down the preprocessing (filters, montage, epoch length)
                before you touch the test data again. A reviewer's first question will be
                whether your choices were tuned on the test set.
            """),
            ("ravi_shankar", """
                Rerun with patient-level GroupKFold: AUROC 0.86. Humbling but believable!
                Dr Rahman, I'll email about meeting. I'd rather do this properly than fast.
            """),
        ],
    },
    {
        "title": "Tele-stroke thrombolysis decisions overnight: what our network audit showed",
        "specialty": "neurology",
        "topics": ["telehealth", "implementation-science", "medical-imaging-ai"],
        "kind": "discussion",
        "author": "aziz_rahman",
        "body": """
            Our tele-stroke network covers five hospitals overnight, with one on-call stroke
            consultant reviewing patients by video and reading imaging remotely. We audited
            twelve months of out-of-hours thrombolysis decisions against daytime decisions at
            the hub. Summary (medians, rounded):

            | Measure | Hub, daytime | Spokes, overnight |
            |---|---|---|
            | Door-to-needle (min) | 38 | 57 |
            | Door-to-imaging (min) | 14 | 22 |
            | Imaging-to-video-connect (min) | n/a | 13 |
            | Symptomatic haemorrhage | 3% | 3% |

            Safety looks equivalent; speed doesn't. The gap is almost entirely **before the
            consultant sees the patient**: scanner availability, transfer of images, and the
            first video connection.

            We're now trialling automated CT perfusion and large-vessel occlusion alerts that
            notify the on-call consultant as soon as the scan is done. I'm interested in how
            other networks have closed this gap, and what you measured.
        """,
        "replies": [
            ("sade_okonkwo", """
                Neuroradiology view: LVO alerting helps most when it changes **who is woken
                first**. Ours now pages the stroke consultant and the thrombectomy centre at the
                same time. The failure mode we watch for is alert fatigue from false positives
                in posterior circulation and distal occlusions, so we audit every alert against
                the final report monthly.
            """),
            ("kwame_asante", """
                ED resident at one of the spokes in a network like yours. Honestly, the biggest
                delays on my shifts are practical: finding a working video cart, a weak signal in
                resus, and getting a weight for dosing. A pre-checked stroke trolley with a
                tablet on a stand saved more minutes than any software.
            """),
            ("aziz_rahman", """
                Kwame, that matches our process mapping exactly. The video step is the least
                glamorous and the most fixable. Did your trolley come from a QI project? I'd like
                to copy it.
            """),
            ("marcus_bell", """
                Charge nurse at a spoke here, and yes, that was a nursing QI project. Ours has
                the tablet, a weighing scale that works on the trolley, the thrombolysis
                checklist and pre-drawn bloods labels. It's checked every shift on the same
                sheet as the defibrillator. Cost almost nothing; ownership was the hard part.
            """),
            ("omar_haddad", """
                Did you look at stroke mimics by time of day? On nights I suspect we thrombolyse
                slightly more seizure-related mimics, because the history is harder to get over
                video. It would be worth reporting alongside haemorrhage rates.
            """),
            ("aziz_rahman", """
                Good point. Mimic rates were 9% at the hub and 12% overnight at the spokes, with
                wide intervals. We'll add it to the next cycle. Thanks all. I'll post the
                re-audit after the perfusion alerts have been live for six months.
            """),
            ("sade_okonkwo", """
                When you re-audit, record the software version alongside each case. Vendors
                update these models quietly, and you'll want to know whether a change in
                performance coincides with an update.
            """),
        ],
    },
    {
        "title": "Ambient scribes in a first-seizure clinic: will they capture the witness "
        "history properly?",
        "specialty": "neurology",
        "topics": ["clinical-nlp", "health-data-privacy"],
        "kind": "question",
        "author": "omar_haddad",
        "body": """
            Our hospital is piloting an ambient AI scribe in outpatients, and the neurology
            clinics have been offered a place in the next wave. I'm enthusiastic about less
            typing, but first-seizure clinics worry me.

            The most important part of the consultation is often the witness account,
            sometimes given by a relative on speakerphone, sometimes interpreted, sometimes
            interrupted and corrected mid-sentence ("no, his eyes were open"). The details
            that separate syncope from seizure are exactly the ones a summariser might
            smooth over.

            Has anyone evaluated a scribe specifically on collateral histories? How did you
            check accuracy: comparing against audio, or against the clinician's own note? And
            how did you handle consent for the witness, who isn't the patient?
        """,
        "replies": [],
    },
    # ------------------------------------------------------------------ infectious disease
    {
        "title": "Our sepsis prediction model was trained at one hospital: what external "
        "validation would convince you?",
        "specialty": "infectious-disease",
        "topics": ["ai-diagnostics", "real-world-evidence", "health-equity-bias"],
        "kind": "question",
        "author": "felix_wagner",
        "body": """
            For my PhD I've built a gradient-boosted model that predicts sepsis within the next
            12 hours for adult inpatients, using vital signs, lab results and nursing
            observations. Internal validation looks good (AUROC 0.84, reasonable calibration).

            My supervisors want an external validation before we write it up, and two partner
            hospitals have agreed in principle. I want to design something clinicians would
            actually trust, so I'd value views from people who would be on the receiving end
            of the alerts:

            - What outcome definition would you accept? Sepsis-3 from retrospective data is
              messy.
            - Which subgroups would you want to see?
            - Is a silent prospective run (scores computed but not shown) worth the extra time
              over a retrospective validation?
        """,
        "replies": [
            ("karin_lindqvist", """
                Thank you for asking before publishing rather than after. My views as a
                stewardship lead:

                - **Outcome:** be explicit and pre-specify it. Suspected infection (cultures
                  plus antibiotics) with organ dysfunction is defensible. Report how many
                  positives are driven by blood cultures taken *because* someone was worried;
                  that's circularity.
                - **Timing:** show how many alerts fire after antibiotics have already been
                  given. Those alerts cost attention and save no one.
                - **Subgroups:** sex, age band, ethnicity where recorded, and wards such as
                  haematology where baseline observations are abnormal.

                A widely used commercial sepsis model performed much worse externally than
                advertised a few years ago, so clinicians will be sceptical. Earn it.
            """),
            ("maria_lopez", """
                Yes to the silent run. Retrospective data can't tell you what the nurses were
                already doing about a deteriorating patient. Run it silently for a couple of
                months and, for a sample of alerts, ask the ward team whether the patient was
                already on their radar. That "lead time over clinicians" is what matters for
                implementation. TRIPOD+AI on https://www.equator-network.org covers the reporting.
            """),
            ("emma_schulz", """
                Small plea from paediatrics: please state clearly in the paper that the model is
                adult-only, and build in an age check if it's ever deployed. We've had an adult
                early warning tool accidentally switched on for 16 and 17-year-olds on a mixed
                ward, and the thresholds were meaningless for them.
            """),
            ("felix_wagner", """
                This is exactly the kind of input I hoped for. The circularity point about blood
                cultures hadn't occurred to me, and I'll add "alerts after antibiotics" as a
                pre-specified secondary outcome. We'll propose a three-month silent run at one
                partner site.
            """),
        ],
    },
    {
        "title": "A year of outpatient antibiotic therapy reviews by video for our outlying "
        "clinics: lessons learnt",
        "specialty": "infectious-disease",
        "topics": ["telehealth", "implementation-science"],
        "kind": "discussion",
        "author": "joao_silva",
        "body": """
            We're a district hospital with three outlying community clinics, some of them an
            hour and a half away. Last year we moved most weekly outpatient parenteral
            antibiotic therapy (OPAT) reviews to video, with a community nurse present with
            the patient. Some reflections:

            **What worked**

            - Patients loved not travelling, and nobody declined video.
            - Having the nurse present meant we could look at line sites and wounds, and get
              bloods taken the same morning.
            - Reviews became shorter and more frequent, which suited bone and joint infections.

            **What didn't**

            - Blood results often arrived after the call, so decisions slipped a day.
            - Two clinics share one laptop, and scheduling became a constant puzzle.
            - Picking up early drug toxicity was harder without a face-to-face examination.

            Curious whether other OPAT services have found the same, and what you kept
            face-to-face.
        """,
        "replies": [
            ("karin_lindqvist", """
                Very similar to our experience. We kept the **first review and the end-of-
                treatment review face-to-face** and moved everything in between to video. That
                kept the important decisions (plan, oral switch, stop) in person, and nobody
                missed the weekly drive.

                For the results problem, we moved bloods to the day before the call. It sounds
                obvious, but it took three months to settle the community phlebotomy rota.
            """),
            ("daniel_mensah", """
                From the OPAT pharmacy side: build a weekly toxicity checklist the community
                nurse completes before the call, covering rash, diarrhoea, line problems and any
                new medicines. It means the video time is spent on decisions rather than on
                collecting information.
            """),
            ("lucy_whitaker", """
                Our virtual ward had the same laptop problem. We solved it with a shared booking
                calendar that the nurses owned rather than clinic admin. It also helped to agree
                a phone fallback: if the video drops twice, switch to phone and carry on, rather
                than rebooking.
            """),
        ],
    },
    {
        "title": "We replaced interruptive carbapenem alerts with a pharmacist review queue: "
        "six months of data",
        "specialty": "infectious-disease",
        "topics": ["clinical-decision-support", "implementation-science"],
        "kind": "discussion",
        "author": "karin_lindqvist",
        "body": """
            For years our EHR showed an interruptive pop-up on every carbapenem order, asking
            for an indication from a list. Prescribers clicked through it: the most common
            indication was "other". Last year we switched it off and replaced it with a
            **stewardship review queue**. Every new carbapenem order appears on a list that a
            stewardship pharmacist reviews within one working day.

            Results, comparing six months before and after:

            | Measure | Pop-up alert | Review queue |
            |---|---|---|
            | Carbapenem DOT per 1,000 patient-days | 41 | 33 |
            | Reviewed within 24 hours | not measured | 88% |
            | Switched or stopped after review | n/a | 29% |
            | Prescriber complaints logged | 17 | 2 |

            The obvious caveat is that we added people, not just removed an alert. But I'm
            increasingly convinced that interruptive alerts without a human behind them mostly
            teach people to click faster.
        """,
        "replies": [
            ("daniel_mensah", """
                I'm one of the pharmacists working the queue at a sister site, so I'm biased.
                What makes it work is the conversation: a two-minute call to the team with a
                specific suggestion ("cultures show a sensitive organism, could we switch to
                X?") changes more than any pop-up did. The queue just makes sure the call
                happens.
            """),
            ("zara_ahmed", """
                How did you calculate DOT? I'm trying to reproduce something similar for our
                site from the dispensing extract. This is what I have so far in R:

                ```r
                library(dplyr)

                dot <- administrations |>
                  filter(drug_class == "carbapenem") |>
                  distinct(admission_id, drug, admin_date) |>
                  count(month = format(admin_date, "%Y-%m"), name = "days_of_therapy")

                rates <- dot |>
                  inner_join(bed_days, by = "month") |>
                  mutate(dot_per_1000 = 1000 * days_of_therapy / patient_days)
                ```

                Is counting one day per drug per calendar day the usual convention?
            """),
            ("karin_lindqvist", """
                Yes, that's the standard definition: one day of therapy for each drug given on
                each calendar day, regardless of the number of doses. Two carbapenems on the same
                day would count as two, which should be rare. Use **administration** data if you
                have it, as you do; dispensing data overestimates use. Nice clean code, too.
            """),
        ],
    },
    # ------------------------------------------------------------------ endocrinology
    {
        "title": "CGM uploads are swamping our diabetes clinic: how do you decide which ones a "
        "clinician reviews?",
        "specialty": "endocrinology",
        "topics": [
            "wearables-remote-monitoring",
            "clinical-decision-support",
            "closed-loop-systems",
        ],
        "kind": "question",
        "author": "nadia_karimi",
        "body": """
            Our diabetes technology clinic now has several hundred people sharing continuous
            glucose monitoring data with us through the manufacturers' cloud platforms. In
            theory we review everyone before their appointment. In practice nobody has time,
            and the data only gets looked at when someone rings.

            I've drafted a weekly query against the 14-day summaries, to produce a short list
            for a clinician to look at:

            ```sql
            SELECT person_id, wear_pct, tir_pct, below_3_0_pct, below_3_9_pct
            FROM cgm_14_day_summary
            WHERE wear_pct >= 70
              AND (below_3_0_pct >= 1       -- level 2 hypoglycaemia
                   OR below_3_9_pct >= 4    -- all time below range
                   OR tir_pct < 50)
            ORDER BY below_3_0_pct DESC, tir_pct;
            ```

            Level 2 hypoglycaemia comes first because that's where harm happens. Those with low
            wear time go on a separate list for a nurse phone call. Does this look sensible?
            What have other clinics used, and how did you agree the thresholds?
        """,
        "replies": [
            ("ousmane_ndiaye", """
                That's close to the international consensus targets for time in ranges, which
                gives you a defensible starting point. Three suggestions from running something
                similar:

                1. Add a **change** criterion: a fall of 10 percentage points in time in range
                   since the last period often matters more than the absolute value.
                2. Separate people on automated insulin delivery. Their patterns and the
                   actions you'd take are different, especially around sensor and infusion-set
                   failures.
                3. Audit the list for a month: how many flagged people needed an action, and
                   how many unflagged people got into trouble anyway?

                Low wear time deserves its own list, as you've done. It's often the most
                important signal.
            """),
            ("samir_qureshi", """
                GP here with the same problem for home blood pressure readings. Whatever you do,
                decide who **owns** the list each week, by name, and what happens when they're
                on leave. Our first remote monitoring list lived in a shared inbox and everyone
                assumed someone else had looked at it.
            """),
            ("lucy_whitaker", """
                From our virtual wards: write down the action for each criterion (phone call,
                message, bring the appointment forward) next to the query. It stops the reviewer
                reinventing the decision each week, and it gives you something to audit.
            """),
            ("nadia_karimi", """
                Thank you. I'll add the 10-point drop rule and split out the closed-loop users,
                and we'll audit for a month before presenting it at our governance meeting.
                Named ownership is going on the rota tomorrow.
            """),
        ],
    },
    {
        "title": "Why do our real-world closed-loop outcomes look better than the trials?",
        "specialty": "endocrinology",
        "topics": ["closed-loop-systems", "real-world-evidence", "health-equity-bias"],
        "kind": "discussion",
        "author": "ousmane_ndiaye",
        "body": """
            We've just looked at our first year of registry data for adults with type 1 diabetes
            starting hybrid closed-loop insulin delivery. The headline numbers look better than
            the randomised trials:

            | Measure | Trials (typical) | Our registry |
            |---|---|---|
            | Time in range 3.9-10 mmol/L | around 70% | 76% |
            | Time below 3.9 mmol/L | 1-2% | 1.1% |
            | Discontinuation at 12 months | low | 4% |

            My instinct is not to celebrate. The people who got systems first in our service
            were those who asked for them, attended regularly and were already using CGM well.
            People who stopped using the system often stopped sharing their data, so they
            vanish from the denominator. And our registry under-represents people from the most
            deprived postcodes.

            I'm interested in how others have analysed real-world closed-loop data honestly,
            particularly the missing-data problem.
        """,
        "replies": [
            ("nadia_karimi", """
                We see the same selection in our clinic. One thing that helped: we compared each
                person with their own CGM data from the three months before starting, so at least
                the comparison is within-person. Improvements were smaller than the
                cross-sectional numbers but still meaningful.
            """),
            ("julia_novak", """
                Define the cohort by **intention**: everyone who was offered or started a system,
                not everyone still uploading data. Then report:

                - how many have data at 12 months
                - the baseline characteristics of those with and without follow-up
                - a sensitivity analysis assuming people lost to follow-up returned to their
                  baseline time in range

                If the result survives the pessimistic assumption, it's worth believing.
            """),
            ("hannah_liu", """
                MSc student question: would linking deprivation scores to the registry be enough
                to describe the equity gap, or does it need a different study design entirely?
                I'm looking for a dissertation topic and this seems important.
            """),
            ("ousmane_ndiaye", """
                Julia, agreed; that's the analysis we'll do. Hannah, linking deprivation is a
                good first step and would make a solid dissertation: describe who was offered,
                who started and who continued, by deprivation quintile. That tells us where the
                leak in the pipeline is. Email me and we can talk about data access through
                the proper route.
            """),
        ],
    },
    {
        "title": "Former community pharmacist, now a data science student: is there a place for "
        "me in diabetes technology research?",
        "specialty": "endocrinology",
        "topics": ["careers-innovation", "closed-loop-systems"],
        "kind": "question",
        "author": "hannah_liu",
        "body": """
            After several years in community pharmacy I'm now doing a full-time MSc in health
            data science. The diabetes side of pharmacy was always the part I enjoyed most:
            talking people through new meters and pens, spotting who was struggling with
            their insulin. Now I'm learning R, survival analysis and a bit of machine learning.

            I'd love to work on diabetes technology: CGM data, closed-loop systems, or how
            these reach people who currently miss out. But I'm not a clinician in that field,
            I don't have a PhD, and most job adverts I see ask for one or the other.

            What roles actually exist for someone like me? Research assistant posts, NHS
            analyst roles, industry? And is it worth approaching research groups directly,
            or is that considered pushy?
        """,
        "replies": [
            ("ousmane_ndiaye", """
                Not pushy at all. Most of the analysts in my group came to us by email, not
                through adverts. Your combination is rarer than you think: someone who
                understands medicines, has talked to thousands of patients, and can handle
                messy data.

                Roles worth looking at:

                - **research assistant or data analyst** posts on closed-loop and CGM studies,
                  often attached to a grant and advertised quietly
                - **NHS diabetes audit and analytics teams**, who badly need people who know
                  what the numbers mean clinically
                - **a funded PhD later**, once you've found the question that keeps you awake

                When you write to a group, send a short note about one of their papers and
                what you'd add. That stands out more than a CV.
            """),
            ("hannah_fischer", """
                Pharmacist-to-informatics convert here. Don't undersell the pharmacy years:
                device training, adherence conversations and spotting problems with insulin
                regimens are exactly the context data teams lack. Keep your registration
                active if you can; it opens doors to hybrid roles that need a registered
                professional.
            """),
            ("nadia_karimi", """
                Clinician view from a diabetes technology clinic: I'd hire you tomorrow if I had
                the funding. Most of our data questions go unanswered because nobody has time
                to clean the uploads. Reach out to your local clinic directly; some have small
                service evaluation budgets.
            """),
        ],
    },
    {
        "title": "Is anyone prescribing a digital therapeutic for type 2 diabetes, and how did "
        "you evaluate it?",
        "specialty": "endocrinology",
        "topics": ["digital-therapeutics", "real-world-evidence"],
        "kind": "question",
        "author": "nadia_karimi",
        "body": """
            Our commissioners have been approached by two companies offering app-based
            programmes for people with type 2 diabetes, combining coaching, food logging and
            connected glucose meters. Both cite improvements in HbA1c of around 8-10 mmol/mol,
            but the evidence is mostly single-arm studies in people who chose to enrol.

            I've been asked to give a clinical opinion on whether to run a local pilot. My
            concerns are the usual ones: who engages beyond the first month, whether it widens
            inequalities for people without smartphones or with limited English, and how we
            would know if it worked when HbA1c also improves with ordinary care.

            Has anyone evaluated one of these in practice? I'd especially like to hear how you
            chose a comparison group and what engagement looked like at six months. I've
            checked https://www.nice.org.uk for relevant guidance but found little that
            addresses these specific products.
        """,
        "replies": [],
    },
]
