"""Demo threads for psychiatry, primary care, nursing practice and pharmacy.

Everything here is invented: people, institutions and cases. See data.py for the format.
"""

THREADS = [
    # ------------------------------------------------------------------ psychiatry
    {
        "title": "Measurement-based care in outpatient psychiatry: PHQ-9 at every visit, "
        "or box-ticking?",
        "specialty": "psychiatry",
        "topics": ["implementation-science", "clinical-decision-support"],
        "kind": "question",
        "author": "grace_kim",
        "body": """
            Our community team is rolling out measurement-based care next quarter. The plan is
            that every outpatient completes a PHQ-9 and a GAD-7 on a tablet in the waiting room,
            and the scores appear in the note as a trend line.

            I'm broadly in favour (the evidence that routine measurement plus feedback improves
            outcomes seems reasonable), but colleagues keep raising three worries:

            1. **Questionnaire fatigue**: patients seen fortnightly filling in the same 16 items.
            2. **Scores replacing conversation**: "PHQ down from 18 to 11, continue" as the
               whole review.
            3. **Item 9**: who responds to a positive self-harm item when the form is completed
               40 minutes before the appointment and the clinician is running late?

            For those who have done this: what frequency did you settle on, and how did you
            handle item 9 safely? Did anyone build a rule into the EHR, or is it all
            clinician-led?
        """,
        "replies": [
            ("eszter_varga", """
                We had the same debate three years ago. All three worries turned out to be real,
                and all three were manageable.

                - **Frequency**: we measure at every contact for the first 12 weeks of a new
                  treatment, then monthly. Fortnightly-for-ever did produce fatigue and careless
                  responding.
                - **Conversation**: we made the score the *opening* of the review rather than
                  its conclusion. We trained people to say "your score has dropped; does that
                  match how things feel?" The mismatches are often the most useful part of the
                  appointment.
                - **Item 9**: please don't leave this to chance. Any response above 0 triggers a
                  same-session review by whoever is on duty before the patient leaves the
                  building, and the tablet tells the patient that someone will talk to them
                  today. We audited it for six months before trusting it.

                Happy to share our standard operating procedure if you message me.
            """),
            ("miriam_cohen", """
                From the psychology side: I agree with Eszter, and I'd add that the choice of
                measure matters more than people think. For some groups (perinatal, older adults,
                people with significant physical illness) the somatic items of the PHQ-9 inflate
                scores. We use the EPDS for perinatal referrals, and clinicians can add an
                idiographic measure: a goal the patient chooses, rated 0 to 10. Patients tell us
                the personal goal feels more like *their* treatment.
            """),
            ("samir_qureshi", """
                A primary-care view, because many of your patients come back to us: if scores go
                into a shared record, please send them as **coded values with dates** rather than
                as free text in a letter. I can plot coded values; I can't plot "PHQ 11
                (improving)". It also lets us continue the trend after discharge to the practice.
            """),
            ("grace_kim", """
                Thank you all, this is really helpful. I'm taking three things back to the
                implementation group: tapered frequency, a hard same-day pathway for item 9 with
                an audit, and coded outcomes in discharge summaries. Eszter, I'll message you
                about the SOP.
            """),
        ],
    },
    {
        "title": "Reading digital CBT-I trials critically: what counts as a fair control arm?",
        "specialty": "psychiatry",
        "topics": ["digital-therapeutics", "trial-design"],
        "kind": "discussion",
        "author": "eszter_varga",
        "body": """
            I'm reviewing the evidence on app-based CBT for insomnia for our formulary group,
            and the control arms vary so much that pooled effect sizes are close to meaningless.
            This is the rough taxonomy I've ended up with:

            | Control arm | What it controls for | Typical effect |
            |---|---|---|
            | Waiting list | Time only | Large |
            | Sleep hygiene leaflet | Contact, some expectation | Moderate |
            | Sham app (non-CBT content) | Engagement, expectation | Smaller |
            | Face-to-face CBT-I | Nothing: it's a comparative question | Non-inferiority |

            Waiting-list controls are known to inflate effects in psychotherapy trials, and I'd
            argue that an app with daily prompts creates a level of expectation a leaflet can't
            match.

            Questions for the group:

            - Which comparator would you want to see before recommending a product for routine
              prescribing?
            - How much weight do you give to **engagement data** reported by the manufacturer?
            - Has anyone found a digital therapeutic trial on https://clinicaltrials.gov whose
              primary outcome quietly changed by the time it was published?
        """,
        "replies": [
            ("julia_novak", """
                Happy to be the methodologist in the room. Before the comparator, ask what the
                **estimand** is. "The effect of being *offered* the app" (treatment policy) and
                "the effect in people who complete six sessions" are very different questions,
                and many app trials report the second while implying the first. For a formulary
                decision you want the first, because that's what happens when you prescribe it.

                On outcome switching: compare the registry entry's primary outcome *and time
                point* with the paper. Moving from 8 to 12 weeks counts.
            """),
            ("grace_kim", """
                Possibly naive question from a resident: is a sham app even possible? Anything
                that makes you log your sleep every day is partly sleep restriction therapy.
            """),
            ("eszter_varga", """
                @grace_kim Not naive at all; it's the central problem. Sleep diaries have a modest
                therapeutic effect of their own, so a "sham" that includes a diary is really an
                active control. The better trials describe what the sham contained in enough
                detail to judge; the TIDieR checklist is a good yardstick for that.
            """),
            ("miriam_cohen", """
                On engagement, I treat manufacturer figures like any outcome a sponsor measures
                on its own platform: useful, but I want the definitions. "Active user" has meant
                everything from "opened the app once in 30 days" to "completed a module". Ask for
                the distribution, not the mean.
            """),
            ("ousmane_ndiaye", """
                From diabetes technology, where we had the same arguments about device trials:
                add **durability** to the list. Many of these trials stop at 8 to 12 weeks, and
                insomnia is chronic and relapsing. A 12-month follow-up with modest attrition
                would move me more than a bigger effect at 8 weeks against a waiting list.
            """),
        ],
    },
    {
        "title": "Guided self-help app for perinatal anxiety: when does it become a medical "
        "device?",
        "specialty": "psychiatry",
        "topics": ["digital-therapeutics", "regulatory-science", "health-data-privacy"],
        "kind": "question",
        "author": "miriam_cohen",
        "body": """
            We've built a six-week guided self-help programme for perinatal anxiety. At the
            moment it's PDFs plus weekly calls with an assistant psychologist. Our trust's
            innovation team wants to turn it into an app, with a GAD-7 at each module and a
            message to the care team if scores rise.

            I'm a clinical psychologist, not a regulatory specialist, and the advice I'm getting
            conflicts. One colleague says it's "just a wellness app"; another says that the
            moment it scores a questionnaire and flags risk, it's software as a medical device.

            What I'd like to understand:

            - Which features tip it into being a device: the scoring, the escalation message,
              or both?
            - What clinical safety documentation we'll need before piloting with patients
            - What a sensible data-protection set-up looks like when the users are pregnant or
              postnatal and the content is this sensitive

            Pointers welcome, including anything you wish you'd known earlier.
        """,
        "replies": [
            ("eszter_varga", """
                The colleague who mentioned the escalation message is on the right track. The
                **intended purpose** decides it. Psychoeducation and exercises alone usually sit
                outside device regulation. Once the software interprets patient data to inform a
                clinical decision ("score has risen, alert the team"), most regulators will see
                a device. In the UK you'd also need clinical safety work under DCB0129 (for the
                manufacturer) and DCB0160 (for the deploying organisation), plus a DTAC
                assessment.

                Practical advice: write the intended purpose down in one paragraph *now*, before
                the developers add features, and check every feature request against it.
            """),
            ("dev_malhotra", """
                Conflict of interest first: I work for a start-up that has been through this
                process, though not in mental health. The FDA's digital health pages explain the
                logic clearly even if you're not in the US:
                https://www.fda.gov/medical-devices/digital-health-center-excellence

                What I'd tell my past self: the **hazard log** is not paperwork. Writing down
                "message fails to send" and "score shown to the wrong clinician" as hazards
                changed our architecture, and it's far cheaper to find those before the build.
            """),
            ("ines_marchetti", """
                On data protection: do the DPIA early and bring your information governance team
                to the first meeting, not the last. Something specific to perinatal users: think
                hard about **shared devices**. A notification preview on a family tablet saying
                "Your anxiety score has increased" is a real disclosure risk. Make notifications
                content-free by default and let each user choose.
            """),
        ],
    },
    {
        "title": "Suicide risk prediction models in the EHR: should we deploy them at all?",
        "specialty": "psychiatry",
        "topics": ["ai-diagnostics", "health-equity-bias", "real-world-evidence"],
        "kind": "discussion",
        "author": "grace_kim",
        "body": """
            A vendor has offered our trust a model that scores every patient with a mental
            health contact for the risk of a suicide attempt in the next 90 days. The slides
            report an AUROC of 0.84, which sounds impressive.

            Then I did the arithmetic for our service. If the outcome occurs in about 0.5% of
            patients over 90 days and we pick a threshold with 80% sensitivity and 90%
            specificity:

            ```text
            PPV = (0.80 x 0.005) / (0.80 x 0.005 + 0.10 x 0.995)
                = 0.0040 / 0.1035
                = about 3.9%
            ```

            So roughly 25 patients flagged for every one who goes on to make an attempt, and a
            fifth of attempts in people who were never flagged. The model is also trained on
            *recorded* attempts, which depend on who presents to services and who gets coded.

            I'm not against it, but I'd like to hear how others think about this. Is a low PPV
            acceptable if the action attached to a flag is low-harm, such as a safety-planning
            conversation? And how would you check whether it performs differently across ethnic
            groups before it goes live?
        """,
        "replies": [
            ("eszter_varga", """
                Your arithmetic is the conversation most procurement meetings skip, so thank
                you for doing it. I'd frame the decision around the **action attached to the
                flag** rather than the AUROC:

                1. If the flag prompts a structured safety-planning conversation we'd be glad to
                   offer anyone, a low PPV is tolerable and the real question is capacity.
                2. If the flag changes access to anything (leave, discharge, detention
                   decisions), a PPV of 4% is not acceptable.
                3. Either way, a flag must never *lower* concern. "Not flagged" should carry no
                   weight in a clinical assessment, and staff need to hear that explicitly.

                And ask the vendor for calibration on a local sample, not only discrimination.
            """),
            ("felix_wagner", """
                A methods point from someone who builds prediction models (sepsis, not
                psychiatry): for the subgroup check, get scores and outcomes for a retrospective
                local cohort and compare sensitivity and calibration by group at the proposed
                threshold. Something like:

                ```python
                import pandas as pd


                def by_group(df: pd.DataFrame, threshold: float, group: str) -> pd.DataFrame:
                    df = df.assign(flagged=df["score"] >= threshold)
                    return df.groupby(group).apply(
                        lambda g: pd.Series({
                            "n": len(g),
                            "events": g["outcome"].sum(),
                            "sensitivity": g.loc[g["outcome"] == 1, "flagged"].mean(),
                            "observed_rate": g["outcome"].mean(),
                            "mean_predicted": g["score"].mean(),
                        })
                    )
                ```

                Small subgroups give wide intervals, so report them, and treat "we can't tell"
                as a finding in its own right.
            """),
            ("miriam_cohen", """
                One more bias to look for: **recording**. In our area, self-harm in some
                communities is less likely to lead to hospital contact, and so less likely to
                become a coded outcome. A model can look well calibrated against the record and
                still be miscalibrated against what actually happens.
            """),
            ("ellen_fraser", """
                From general practice: if this goes live, please think about what reaches us. A
                risk flag in a discharge letter with no context and no plan lands in my inbox and
                creates anxiety without a clear action. If there was an intervention, tell us
                what it was and what you'd like us to do.
            """),
            ("grace_kim", """
                This has sharpened my thinking a lot. I've drafted a one-page note for our
                digital board proposing a local retrospective validation with subgroup
                calibration, a flag linked only to an offer of safety planning, explicit
                training that "no flag means nothing", and a review at 12 months. I'll report
                back.
            """),
        ],
    },
    {
        "title": "Psychiatry resident wanting a research year in digital mental health: "
        "where do I start?",
        "specialty": "psychiatry",
        "topics": ["careers-innovation", "digital-therapeutics"],
        "kind": "question",
        "author": "grace_kim",
        "body": """
            I'm in my second year of psychiatry training and I keep drifting towards digital
            mental health: app-based CBT, measurement-based care, and the evaluation side more
            than building things. I'd like to take a year out of programme for research,
            possibly leading to a PhD, but I have no publications beyond a case report and no
            idea how people actually land these posts.

            Specific questions:

            1. Is it better to find a **project** first or a **supervisor** first?
            2. Do I need to learn to code, or is a solid grounding in trial methods more useful?
            3. How did you fund your first research time? Fellowships seem to want preliminary
               data I don't have.

            All advice welcome, including "don't do it yet".
        """,
        "replies": [
            ("eszter_varga", """
                I took this path myself, so here's the honest version.

                **Supervisor first**, almost always. A good supervisor already has questions,
                data and a track record funders trust, and your first project will be shaped by
                what they can support. That's fine. Look for someone whose former trainees now
                hold independent posts, and ask those trainees what it was like.

                On skills: learn enough statistics and trial methodology to read a paper
                critically and to talk to a statistician as a colleague. Coding helps (R is the
                common language in our field), but you don't need to be a developer.

                On funding: most people's first year out is paid for by a supervisor's grant, or
                by a training fellowship whose preliminary data comes from the supervisor's
                group. A small service evaluation done now and written up properly is worth more
                than you think.

                Don't wait for the perfect moment. Message me if you'd like to talk through
                specific groups.
            """),
            ("rohan_patel", """
                Different specialty, same advice, with one addition: **write something this
                year**, even something small. A letter, a systematic review protocol, a service
                evaluation. Panels want evidence that you finish things. My first fellowship
                application was built on a modest audit and a review that took a year of
                evenings.
            """),
            ("maria_lopez", """
                Protect your clinical identity while you do it. The trainees I've seen thrive in
                research years keep some clinical work, stay connected to the service that will
                benefit, and can explain in one sentence why the question matters to patients.
                That sentence also becomes the first line of every grant you'll write.
            """),
        ],
    },
    {
        "title": "Passive smartphone sensing for early relapse signs in bipolar disorder: "
        "is anyone piloting it?",
        "specialty": "psychiatry",
        "topics": ["wearables-remote-monitoring", "health-data-privacy"],
        "kind": "discussion",
        "author": "eszter_varga",
        "body": """
            Several of our patients with bipolar disorder have asked whether their phone could
            warn them, or us, before an episode. The research on passive sensing (sleep timing
            from screen use, mobility from GPS, call and message volume) is intriguing but
            mostly small, single-site and short.

            Before we consider a pilot, I'd like to compare notes with anyone who has tried this
            in routine care rather than in a research study:

            - Which signals turned out to be useful, and which were mostly noise?
            - How did you handle **consent** for continuous location data, and the option to
              pause collection during a hypomanic period, when insight may change?
            - Who looked at the data, and how often? An unread dashboard seems worse than no
              dashboard at all.
            - Did patients find it reassuring or intrusive after the first few months?

            I'm particularly interested in co-design with people with lived experience. Our
            service user group has strong and mixed views, which seems exactly right.
        """,
        "replies": [],
    },
    # ---------------------------------------------------------------- primary care
    {
        "title": "Home BP monitoring flooded our inbox: how are other practices triaging "
        "the readings?",
        "specialty": "primary-care",
        "topics": [
            "wearables-remote-monitoring",
            "clinical-decision-support",
            "implementation-science",
        ],
        "kind": "question",
        "author": "samir_qureshi",
        "body": """
            We enrolled about 400 patients with hypertension in a home BP programme: Bluetooth
            cuffs, with readings flowing straight into the clinical system. Clinically it's
            great. Operationally it's a mess: every reading lands in a GP inbox, and we're
            getting around 1,200 readings a week.

            Our current rules, which nobody ever properly agreed:

            | Average of last 7 days | What happens now |
            |---|---|
            | Below 135/85 | Filed; nobody looks |
            | 135/85 to 159/99 | Sits in the inbox until someone gets to it |
            | 160/100 or above | Whoever sees it phones the patient |
            | Any single reading of 180/120 or above | Panic, mostly |

            I know NICE uses a home average of 135/85 as the diagnostic threshold
            (https://www.nice.org.uk/guidance/ng136), but that doesn't tell me who should
            *read* what.

            How have others set this up? A nurse or pharmacist role, rules in the system, or a
            separate monitoring hub?
        """,
        "replies": [
            ("lucy_whitaker", """
                We run something similar from our virtual ward hub. The biggest change was moving
                from **reading-level** to **patient-level** review: nobody looks at individual
                readings. A rule calculates the 7-day average and flags patients, not readings,
                into three queues:

                1. **Red** (a single reading at or above your urgent threshold, or symptoms
                   reported): same-day call from a nurse, following a protocol.
                2. **Amber** (average above target for two consecutive weeks): weekly review by
                   a nurse or pharmacist prescriber.
                3. **Green**: a monthly summary, no individual action.

                The GP inbox only receives patients who need a medical decision that the nurse
                or pharmacist can't make.
            """),
            ("ellen_fraser", """
                We're a smaller practice and did a simpler version: a list generated on Monday
                mornings and reviewed in a 30-minute huddle. Low-tech, but it fixed the inbox
                overnight. The trap we fell into early on was not agreeing what to do about
                **missing data**. A patient who stops sending readings is more worrying than one
                who sends high ones.
            """),
            ("tom_adebayo", """
                One implementation detail: put the escalation thresholds into the system as
                **versioned rules** with an owner and a review date, not in a Word document. When
                someone changes the amber threshold, you want to know who, when and why. We
                learned that after a well-meant change nobody could explain three months later.
            """),
            ("ahmed_farouk", """
                Community pharmacy here. Several local practices now refer amber patients to us
                for a medication review and adherence check before any dose change. A surprising
                number of "uncontrolled" readings turned out to be missed doses, or cuffs used
                over a sleeve. Worth having a pharmacy option in your amber pathway.
            """),
            ("rohan_patel", """
                Cardiology view on the red queue: make sure the protocol separates
                **asymptomatic** severe readings from readings with symptoms such as chest pain,
                breathlessness, neurological symptoms or visual change. The first usually needs
                a repeat measurement and a same-day conversation; the second needs urgent
                assessment. Mixing them produces both over- and under-reaction.
            """),
            ("samir_qureshi", """
                This is exactly what I needed. We're moving to patient-level queues using Lucy's
                structure, adding a "no readings for 14 days" flag as Ellen suggests, and piloting
                pharmacy referral for amber patients with Ahmed's team. I'll post our numbers
                after three months.
            """),
        ],
    },
    {
        "title": "Dermatology AI triage in general practice: our six-month local audit",
        "specialty": "primary-care",
        "topics": ["ai-diagnostics", "health-equity-bias", "real-world-evidence"],
        "kind": "discussion",
        "author": "ellen_fraser",
        "body": """
            Our area piloted a smartphone-based skin lesion triage tool for suspected skin
            cancer. Photos are taken in the surgery with a dermatoscope attachment, the tool
            classifies them, and during the pilot dermatologists reviewed every image. Here's
            our audit against the dermatologists' final diagnosis:

            | Group | Lesions | Melanomas | Sensitivity (melanoma) | Referred on |
            |---|---:|---:|---:|---:|
            | All patients | 1,140 | 31 | 94% (29/31) | 41% |
            | Fitzpatrick I to III | 1,020 | 29 | 97% (28/29) | 40% |
            | Fitzpatrick IV to VI | 120 | 2 | 50% (1/2) | 52% |

            The headline numbers look reassuring. But we had only **two melanomas** in patients
            with darker skin, so that 50% tells us almost nothing, and the higher referral rate
            suggests the tool is less certain for those patients.

            I'd welcome thoughts on:

            - Whether we can responsibly let the tool make "discharge" decisions given the
              subgroup data
            - How other areas designed their audits (we used STARD from
              https://www.equator-network.org as a loose guide)
            - How we'd ever accumulate enough cases in under-represented groups
        """,
        "replies": [
            ("sade_okonkwo", """
                This is a model local audit. The honest reading of your subgroup row is "not
                enough information", and that is itself decisive: you can't claim the tool is
                safe to discharge patients with Fitzpatrick IV to VI skin. Options I've seen
                work:

                - Go live with autonomous discharge only for groups where the evidence is
                  adequate, and send **every** other image to a dermatologist.
                - Pool data with neighbouring areas that use the same tool, under a common audit
                  protocol.
                - Ask the manufacturer for their validation data by skin type. If they can't
                  provide it, that's an answer too.
            """),
            ("yuki_tanaka", """
                On the analysis side: give a confidence interval for every sensitivity, not just
                the point estimate. With two melanomas, the exact 95% CI for 1/2 runs from about
                1% to 99%. Putting that in the table makes the argument far better than a
                paragraph of caveats. And keep auditing after go-live: case mix drifts, and so do
                dermatoscope attachments and phone cameras.
            """),
            ("samir_qureshi", """
                A practical question: how much time did the photography add to each
                consultation? We've been offered the same tool, and our nurses are worried
                because the photos are taken in an appointment that's already full.
            """),
            ("ellen_fraser", """
                @samir_qureshi About 4 to 6 minutes once staff were used to it, longer in the
                first month. Moving photography to a healthcare assistant clinic helped.

                Sade and Yuki, thank you. We're adding intervals to the report and proposing a
                restricted go-live along the lines Sade describes.
            """),
        ],
    },
    {
        "title": "Ambient AI scribe in GP consultations: what consent wording actually works?",
        "specialty": "primary-care",
        "topics": ["clinical-nlp", "health-data-privacy"],
        "kind": "question",
        "author": "samir_qureshi",
        "body": """
            We're about to trial an ambient scribe in four consulting rooms. It records the
            conversation and drafts the note, and the audio is deleted once the note is signed
            off (according to the supplier; we're checking that in the contract).

            Consent is where I'm stuck. Our first script ran to 140 words and patients glazed
            over. The current version:

            > "I'm trying out a tool that listens to our conversation and drafts my notes, so I
            > can look at you rather than the screen. The recording is deleted once I've
            > checked the note. Are you happy for me to use it today? It's completely fine to
            > say no."

            Questions:

            - Is verbal consent, recorded in the notes, enough, or do we need something in
              writing?
            - How do you handle a third person in the room, such as a parent or an interpreter?
            - Has anyone switched it off by default for some consultation types, for example
              safeguarding or sexual health?
        """,
        "replies": [
            ("ines_marchetti", """
                Your script is better than most I've seen: short, it states the purpose and the
                retention, and it makes "no" easy. Some additions from our emergency department
                pilot:

                - Record consent as a **coded entry**, not free text, so you can audit uptake and
                  refusals.
                - Everyone in the room should hear the question, interpreters included; with
                  phone interpreters, ask them directly too.
                - We default the scribe **off** for safeguarding, sexual health and any
                  consultation where the patient is visibly distressed, and overriding that
                  requires a documented reason.

                Whether verbal consent is sufficient is a question for your information
                governance lead and the DPIA, and the answer varies by jurisdiction, so get it
                from them in writing.
            """),
            ("ellen_fraser", """
                We trialled one last year. Two lessons: check the drafts for **confident
                invention** (ours occasionally documented examinations that never happened, like
                "chest clear" after a consultation about a rash), and tell patients they can ask
                to see the note. Very few do, but the offer builds trust.
            """),
            ("tom_adebayo", """
                Agree in advance what you'll measure, because "clinicians like it" isn't enough.
                We tracked documentation time, note accuracy on a sample checked by a second
                clinician, and corrections per note. The correction count was the most
                informative: it fell over the first month, then plateaued.
            """),
        ],
    },
    {
        "title": "Video vs phone follow-up for long-term conditions: has anyone measured what "
        "gets missed?",
        "specialty": "primary-care",
        "topics": ["telehealth", "real-world-evidence"],
        "kind": "question",
        "author": "ellen_fraser",
        "body": """
            Since remote consultations became routine, our practice does most long-term
            condition reviews (COPD, heart failure, diabetes) by phone, with video for a
            minority. It's efficient and many patients prefer it. But I have a nagging sense
            that we miss things: the ankle swelling nobody mentions, the weight loss, the
            inhaler technique that has drifted.

            I'd like to run a small evaluation rather than rely on anecdote. Has anyone:

            - Compared phone, video and face-to-face reviews for the **same condition** on
              something concrete, such as medication changes, unplanned admissions or problems
              detected?
            - Built a short "things that need eyes" checklist that triggers an in-person
              appointment?

            I'm aware of the confounding: sicker patients probably get seen in person already.
            Any thoughts on a design that doesn't need a trial?
        """,
        "replies": [
            ("joao_silva", """
                We run telehealth clinics for outlying communities, so I've thought about this a
                lot. For design, consider comparing **periods** rather than patients. If your
                practice changed its default modality at a known point, an interrupted time
                series on admissions or exacerbations across the whole registered population
                sidesteps some of the "who was chosen for in-person" bias. Not perfect, but
                honest and doable.

                Our checklist for an in-person review is short: new breathlessness, weight change
                of more than 3 kg, a fall, a new medicine that needs monitoring, or the patient
                or carer asking.
            """),
            ("lucy_whitaker", """
                For heart failure, pairing remote review with **patient-reported weight** and a
                symptom score changed a lot for us: the phone call became a conversation about
                numbers the patient had already measured. For inhaler technique, a short video
                call where the patient demonstrates is genuinely useful, and people rarely
                refuse once you explain why.
            """),
        ],
    },
    {
        "title": "Pulling home BP readings into a FHIR-based registry for a QI project: "
        "where do I start?",
        "specialty": "primary-care",
        "topics": ["interoperability-fhir", "implementation-science"],
        "kind": "question",
        "author": "samir_qureshi",
        "body": """
            Following on from our home BP programme, I'd like to run a quality improvement
            project across the three practices in our network: proportion of patients at
            target, time to a treatment change after sustained high readings, that sort of
            thing.

            Our systems supposedly support FHIR, and the integration team has offered API access
            to a test environment. I'm a GP who can write a bit of SQL, not a developer. What I
            don't understand:

            1. What does a blood pressure reading actually look like in FHIR?
            2. Should I pull raw readings, or ask for a pre-aggregated extract?
            3. What governance does a cross-practice QI project need, as opposed to research?

            I started reading https://www.hl7.org/fhir/ and got lost quite quickly.
        """,
        "replies": [
            ("tom_adebayo", """
                The spec is a lot at first. A home BP reading is usually an `Observation` with a
                panel code and two components. Stripped right down:

                ```json
                {
                  "resourceType": "Observation",
                  "status": "final",
                  "category": [{"coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                    "code": "vital-signs"}]}],
                  "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9",
                    "display": "Blood pressure panel"}]},
                  "subject": {"reference": "Patient/example"},
                  "component": [
                    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                     "valueQuantity": {"value": 142, "unit": "mm[Hg]"}},
                    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                     "valueQuantity": {"value": 88, "unit": "mm[Hg]"}}
                  ]
                }
                ```

                Things to check in your data: whether home readings can be told apart from
                clinic ones (often through a `device` or `method` element), and duplicates when
                a cuff resends.
            """),
            ("hannah_liu", """
                Health data science student and ex-community pharmacist here. For a QI project
                I'd ask for a **pre-aggregated extract** rather than raw FHIR. Pulling raw
                observations through the API means paging through thousands of resources per
                practice and writing code to de-duplicate them. A weekly extract of per-patient
                7-day averages, age band and treatment-change dates answers your questions with
                far less identifiable data moving around. Raw readings are only worth it if you
                need reading-level patterns.
            """),
            ("samir_qureshi", """
                Thanks both; that JSON makes far more sense than the spec did. I'll ask for the
                aggregated extract first. Our governance lead has confirmed it's a service
                evaluation rather than research, and it's now registered with the practices'
                data protection officer. Tom, I may come back to you about the device element.
            """),
        ],
    },
    # ------------------------------------------------------------ nursing practice
    {
        "title": "Welcome to Nursing Practice: what belongs here and how to get a useful answer",
        "specialty": "nursing-practice",
        "topics": ["careers-innovation", "implementation-science"],
        "kind": "discussion",
        "author": "tom_adebayo",
        "pinned": True,
        "body": """
            Welcome! This is the space for nurses in every setting (wards, community, virtual
            wards, theatres, informatics teams) to talk about innovation in practice and to
            help each other grow into it. Midwives, nursing associates and students are all
            very welcome.

            Things that fit well here:

            - Implementation stories: what you changed, what went wrong, what you'd do
              differently
            - Questions about digital projects, documentation, devices and remote monitoring
            - Career questions: informatics, research, clinical academic routes, leadership
            - Requests for a mentor (look for the mentor badge; they answer a lot of threads)

            To get a good answer, say **what setting you work in**, what you've already tried,
            and what decision you're trying to make.

            One rule matters more than all the others: **no identifiable patient
            information**. Describe cases in general terms ("a woman in her 70s on a
            respiratory ward") and leave out names, dates, record numbers and anything rare
            enough to recognise. If in doubt, flag the post and a moderator will help.
        """,
        "replies": [
            ("lucy_whitaker", """
                Adding to Tom's list: **projects that failed** are especially welcome here. Some
                of the most useful conversations I've had were about a remote monitoring pilot
                that didn't work. If you're new and unsure whether your question is "good
                enough", post it anyway; someone else is wondering the same thing.
            """),
            ("chloe_martin", """
                Student nurse here. Thank you for saying students are welcome; I'd been reading
                for weeks without daring to post anything!
            """),
        ],
    },
    {
        "title": "Final-year nursing student: how do I get into nursing informatics without "
        "waiting ten years?",
        "specialty": "nursing-practice",
        "topics": ["careers-innovation", "interoperability-fhir"],
        "kind": "question",
        "author": "chloe_martin",
        "body": """
            I qualify next summer and I already know informatics interests me. I loved the
            placement where my ward switched to electronic observations, and I ended up being
            the student explaining the new screens to everyone.

            Everyone tells me to "get a few years of clinical experience first". I understand
            why, but I'd like to use those years well rather than just wait. So:

            1. What should I be learning alongside my preceptorship: SQL, FHIR, something
               else?
            2. Are there roles for newly qualified nurses on digital projects, such as super-user
               or digital champion roles, and are they worth it?
            3. How did you find a mentor in informatics when nobody on your ward does that kind
               of work?

            I'll be in a large teaching hospital trust, if that makes a difference.
        """,
        "replies": [
            ("lucy_whitaker", """
                Get your clinical foundations first, but you can absolutely build your
                informatics career at the same time. Some practical steps:

                1. **Become a super-user** for any system change on your ward. It puts you in
                   the room with the project team, and they remember good nurses.
                2. **Keep a log** of every time a system made care harder or easier. It becomes
                   interview material and a source of project ideas.
                3. Learn basic **data literacy**: what a coded entry is, why free text is hard
                   to analyse, how a dashboard gets built. SQL can come later.

                As for a mentor: I'm happy to be one, informally. Send me a message.
            """),
            ("tom_adebayo", """
                I moved from critical care into informatics after about six years, and honestly
                those clinical years are what made me credible. When I tell a project board
                "nurses will skip this field at 3 a.m.", they believe me because I've been that
                nurse at 3 a.m.

                My one regret is not learning how the **data model** works sooner. You don't
                need to write FHIR, but knowing that an observation is a structured thing with a
                code, a value and a time makes every project conversation easier.
            """),
            ("dev_malhotra", """
                Former ICU nurse, now product lead at a clinical-AI start-up, so weigh my view
                with that in mind. Nurses who understand workflows are rare and valuable on
                product teams. Don't rule out industry later, but your instinct to get clinical
                years first is right: the workflow knowledge is the asset.
            """),
            ("hannah_fischer", """
                From pharmacy, where informatics careers have a similar shape: find your trust's
                **clinical safety officer** and ask whether you can observe a hazard workshop.
                It's one of the best ways to see how digital change is governed, and so few
                students ask that you'll be remembered.
            """),
            ("zara_ahmed", """
                Two years into pharmacy and learning SQL on the train, so perhaps useful from
                the "just started" end: free online courses are fine, but practising on
                something with a clinical shape makes it stick. I use public synthetic health
                datasets. And don't try to learn everything at once; I wasted months hopping
                between Python and SQL.
            """),
            ("chloe_martin", """
                Thank you, all of you; this is more than I'd hoped for. My plan: sign up as a
                digital champion in my first post, start a "system pain points" log, ask about
                observing a hazard workshop, and, Lucy, I'll message you this week.
            """),
        ],
    },
    {
        "title": "Virtual ward staffing: what our first year of remote monitoring taught us",
        "specialty": "nursing-practice",
        "topics": ["wearables-remote-monitoring", "implementation-science", "telehealth"],
        "kind": "discussion",
        "author": "lucy_whitaker",
        "body": """
            Our virtual ward has been running for a year, mostly respiratory and frailty
            pathways with pulse oximetry, BP and symptom questionnaires. The question I'm asked
            most is "how many nurses per patient?", so here's where we've settled. Acuity and
            geography matter more than any ratio, though.

            | Pathway | Patients per monitoring nurse (day) | Home visits per day | Escalated |
            |---|---|---|---|
            | Acute respiratory infection | 12 to 15 | 1 to 2 | about 1 in 8 |
            | Frailty step-down | 8 to 10 | 3 to 4 | about 1 in 5 |
            | Heart failure | 10 to 12 | 1 to 2 | about 1 in 6 |

            What surprised us:

            - **Alert volume is driven by device problems** more than by deterioration: poor
              probe placement, flat batteries, readings taken straight after climbing stairs.
            - The frailty pathway needs far more **face-to-face** time than we planned for.
            - Night cover is the hardest part to staff. We moved to a shared overnight hub with
              the acute trust.

            How do others compare, especially on night cover and on showing whether the virtual
            ward actually avoided admissions?
        """,
        "replies": [
            ("samir_qureshi", """
                From the GP end, the virtual ward works best when there's a named clinician we
                can phone. Our early frustration was discharge summaries arriving two weeks after
                the patient had left the virtual ward. Is that a common problem?
            """),
            ("lucy_whitaker", """
                @samir_qureshi Very common. We now send a short structured summary on the day of
                discharge and the full letter later. The short version has four fields: reason
                for admission, key observations, medication changes, and what to watch for.
            """),
            ("maria_lopez", """
                On measuring avoided admissions, be careful: "patients who would otherwise have
                been admitted" is a counterfactual you can't observe. We compared 30-day
                readmission and mortality against a matched historical cohort and said plainly
                that it was a comparison, not proof. Track **harms** as well: people who
                deteriorated at home and arrived sicker than they otherwise would have.
            """),
            ("rachel_obi", """
                Oncology nurse navigator here; we run remote symptom monitoring during
                chemotherapy, and your device finding matches ours exactly. A five-minute video
                call at onboarding, watching the patient take a reading, halved our technical
                alerts. It's boring, and it's the best thing we did.
            """),
            ("tom_adebayo", """
                Lucy, would you share how you categorise alert sources? If we agreed a common set
                (device, measurement technique, genuine deterioration, patient-reported concern),
                we could compare across trusts properly instead of swapping anecdotes.
            """),
        ],
    },
    {
        "title": "NEWS2 alerts on electronic observations: how did you cut alarm fatigue "
        "without missing deterioration?",
        "specialty": "nursing-practice",
        "topics": ["clinical-decision-support", "implementation-science"],
        "kind": "question",
        "author": "tom_adebayo",
        "body": """
            Since our wards moved to electronic observations, NEWS2 escalation alerts go to the
            nurse in charge's handheld, and to the outreach team at a score of 5 or more. Staff
            feedback is consistent: too many alerts, many of them for patients whose scores are
            chronically raised, such as people with COPD and target saturations of 88 to 92%,
            or with a known chronic tachycardia.

            Options on the table:

            1. Make sure the **SpO2 Scale 2** is actually used for patients with hypercapnic
               respiratory failure (our audit says it often isn't)
            2. Let a senior clinician set a **documented, time-limited** modified escalation
               plan for an individual patient
            3. Suppress repeat alerts if the score hasn't changed within a set period

            Option 3 worries me: I'd rather fix the inputs than mute the outputs. What have
            others done, and how did you show it was safe?
        """,
        "replies": [
            ("maria_lopez", """
                I share your instinct about option 3. We did 1 and 2 and audited outcomes for six
                months. Scale 2 alone removed a lot of the noise, because many patients with
                chronic hypercapnia were being scored on Scale 1. For option 2, our rule is that
                a modified escalation plan needs a senior clinician, a reason and an expiry of
                24 hours or less, and it shows on the handheld next to the score.

                As a safety measure, we tracked unplanned ICU admissions and cardiac arrest calls
                on the pilot wards against comparison wards.
            """),
            ("marcus_bell", """
                ED charge nurse; we see the other end. Patients arrive from wards where the alert
                fired several times and was acknowledged without action. In our system the
                **acknowledge** button was the problem: acknowledging felt like acting. We changed
                it so that acknowledging meant choosing what you did: reviewed, escalated, or
                plan already in place.
            """),
            ("nana_osei", """
                Paediatrics has the same problem with PEWS. Our lesson was to involve the people
                who *respond* to alerts in setting thresholds, not just the people who receive
                them. And look at **when** alerts fire: ours clustered around medication rounds
                and handover, exactly when nobody could respond well.
            """),
            ("lucy_whitaker", """
                Make sure **patients and families** have a route to escalate too. Scores miss
                things that families notice. A "worried about my relative" route has caught
                deterioration on our wards before the observations showed it.
            """),
        ],
    },
    {
        "title": "Has anyone used VR simulation to teach students to recognise the "
        "deteriorating patient?",
        "specialty": "nursing-practice",
        "topics": ["simulation-training"],
        "kind": "question",
        "author": "chloe_martin",
        "body": """
            Our nursing school is considering VR headsets for a deteriorating-patient scenario:
            a ward patient develops sepsis over a simulated shift, and the student has to notice
            the changes, repeat observations and escalate. I'm on the student reference group
            and have been asked for an opinion, so I'd like it to be an informed one.

            My honest worries:

            - Some of my friends get motion sickness in VR. What happens to them?
            - Escalation is largely a **communication** skill: using SBAR, and getting a busy
              doctor to take you seriously. Can a headset teach that, or only pattern
              recognition?
            - Is there evidence that it beats a good manikin simulation with a proper debrief?

            If your school or trust has tried VR for this, I'd love to know how students found
            it and whether anyone measured a difference in practice, not just in confidence.
        """,
        "replies": [],
    },
    {
        "title": "Finding a mentor outside your own profession: how it worked for me",
        "specialty": "nursing-practice",
        "topics": ["careers-innovation"],
        "kind": "discussion",
        "author": "lucy_whitaker",
        "body": """
            A theme in my mentoring conversations lately: nurses who want to lead digital or
            research projects but can't find a mentor who has done it *in nursing*, because in
            many organisations nobody has yet.

            My own most useful early mentor was a pharmacist. She had led a decision-support
            project and understood governance and evaluation in ways nobody on my ward did.
            What made it work:

            - **A specific ask.** Not "will you be my mentor?" but "could we meet monthly for
              six months while I write a business case for remote monitoring?"
            - **I did the admin.** I set the agenda, sent the notes and chased myself.
            - **We were honest about the profession gap.** She couldn't advise on nursing
              career structures, so I had a second, lighter-touch nurse mentor for that.

            What has worked for others? I'd especially like to hear from people who have
            mentored across professions, and what made it harder or easier.
        """,
        "replies": [
            ("hannah_fischer", """
                I've mentored several nurses and a couple of physiotherapists, and I'd echo the
                specific ask; open-ended mentoring drifts. I'd add one thing: tell your mentor
                when their advice *didn't* work. It's the most useful feedback I get, and it
                makes the relationship run both ways.
            """),
            ("eszter_varga", """
                From the mentor's side: the mentees I remember best came with a decision to make.
                "I've been offered a secondment to the digital team or a research post; how do I
                choose?" gives us something real to work on.

                The difficulty across professions is that I may not know the unwritten rules of
                your world. Please tell me when I've misread something; that's far better than
                politely ignoring my advice.
            """),
            ("sam_whitfield", """
                ICU physio here. My mentor for my first research project was an intensivist, and
                the hard part was confidence, not content. I kept deferring to her on rehab
                questions that were squarely within my own expertise. It took me a year to
                realise she wanted me to lead those conversations.
            """),
            ("chloe_martin", """
                Bookmarking this thread. As a student, is it too early to have a mentor from
                another profession, or is it better to wait until I've qualified?
            """),
            ("lucy_whitaker", """
                @chloe_martin Not too early at all. At your stage, a mentor from any profession
                can help you see how the organisation really works. Keep the ask small: a few
                conversations spread over your final year rather than an open-ended arrangement.
            """),
        ],
    },
    # ---------------------------------------------------------------------- pharmacy
    {
        "title": "CYP2C19 results sit in the record and nobody acts on them: how did you build "
        "a useful alert?",
        "specialty": "pharmacy",
        "topics": ["pharmacogenomics", "clinical-decision-support", "interoperability-fhir"],
        "kind": "question",
        "author": "zara_ahmed",
        "body": """
            Our cardiology service has started pre-emptive CYP2C19 genotyping for patients
            likely to need clopidogrel after PCI. Good in theory. In practice the result comes
            back as a PDF scanned into the record, and I've found several patients with a poor
            metaboliser genotype still taking clopidogrel weeks later.

            I've been asked to draft requirements for a decision-support alert. My first
            attempt:

            - Store the result as **structured data** (genotype and phenotype), not a PDF
            - Fire an alert when clopidogrel is prescribed for a patient with an intermediate
              or poor metaboliser phenotype
            - Suggest alternatives, referencing the CPIC guideline

            Questions:

            1. Do you store the **diplotype**, the **phenotype**, or both?
            2. Who receives the alert: the prescriber, pharmacy, or both?
            3. How do you handle results that arrive **after** the prescription has started?

            I'm two years qualified and this is my first real informatics project, so basic
            advice is very welcome.
        """,
        "replies": [
            ("hannah_fischer", """
                A lovely first project, and you've already spotted the key issue: PDFs are where
                pharmacogenomic results go to be ignored.

                **Diplotype or phenotype?** Both. The diplotype is the lab fact; the phenotype
                is an interpretation that can change when the guideline is updated. Keep the
                mapping as a versioned table that pharmacy owns, something like:

                ```python
                # CYP2C19 diplotype -> phenotype; review against the current CPIC tables
                CYP2C19_PHENOTYPE = {
                    "*1/*1": "normal",
                    "*1/*17": "rapid",
                    "*17/*17": "ultrarapid",
                    "*1/*2": "intermediate",
                    "*1/*3": "intermediate",
                    "*2/*17": "intermediate",  # "likely"; check the current table
                    "*2/*2": "poor",
                    "*2/*3": "poor",
                }
                MAPPING_VERSION = "v3"
                ```

                **Who gets the alert?** The prescriber, at the point of prescribing, with
                pharmacy as the safety net through a daily report.

                **Late results?** That daily report ("patients on clopidogrel with an actionable
                phenotype") catches them each morning.
            """),
            ("daniel_mensah", """
                We built almost exactly this last year. Two practical lessons:

                - **Wording matters more than logic.** Our first version said "CYP2C19
                  interaction detected", and people overrode it because it sounded like a
                  drug-drug interaction. Now it says in one line what the phenotype means for
                  *this* drug, and offers the alternative as a one-click order.
                - **Check the indication.** The alert initially fired for every clopidogrel
                  prescription, including indications where the evidence is less clear-cut. Get
                  cardiology and neurology to agree where it should fire.
            """),
            ("rohan_patel", """
                Cardiology view: after PCI, the evidence is strongest in acute coronary
                syndromes, and our practice is to switch poor and intermediate metabolisers to
                ticagrelor or prasugrel unless bleeding risk argues otherwise. Bleeding risk is
                exactly why the alert should **suggest**, never auto-switch: older patients and
                those on anticoagulants need a clinician's judgement. Happy to review your alert
                wording with you.
            """),
            ("zara_ahmed", """
                This is brilliant, thank you. I'll write the requirements around a structured
                diplotype plus a pharmacy-owned phenotype table, a prescriber alert with a
                one-click alternative, and a daily pharmacy report. Rohan, I'll take you up on
                the wording review.
            """),
        ],
    },
    {
        "title": "Vancomycin AUC-guided dosing software vs trough nomograms: was the switch "
        "worth it?",
        "specialty": "pharmacy",
        "topics": ["clinical-decision-support", "implementation-science"],
        "kind": "question",
        "author": "daniel_mensah",
        "body": """
            Our stewardship group is debating a move from trough-based vancomycin dosing to
            AUC-guided dosing with Bayesian software. The consensus target is an AUC24 of 400
            to 600 mg·h/L, and the argument is that trough targets of 15 to 20 mg/L overshoot
            and drive nephrotoxicity.

            For anyone who hasn't seen the arithmetic, the core relationship is simple. An
            invented example:

            ```text
            Estimated clearance (CL)   = 4.0 L/h
            Current dose               = 1,000 mg every 12 h = 2,000 mg/day
            AUC24 = daily dose / CL    = 2,000 / 4.0 = 500 mg·h/L   (in range)

            If CL were 3.0 L/h:  AUC24 = 2,000 / 3.0 = 667 mg·h/L  -> reduce
            Daily dose for AUC24 500   = 500 x 3.0 = 1,500 mg/day
            ```

            The hard part is estimating clearance well from one or two levels, which is what the
            software does.

            From sites that have switched, I'd like to know:

            - Did you see a measurable change in **acute kidney injury**?
            - How much training did ward pharmacists and junior doctors need?
            - Did you keep a trough-based fallback for when the software is unavailable?
        """,
        "replies": [
            ("karin_lindqvist", """
                Stewardship lead here; we switched two years ago. AKI on vancomycin fell in our
                audit, although we changed other things at the same time, so I wouldn't claim
                all of it. The clearer win was **fewer levels per course** and fewer dose
                changes driven by a badly timed trough.

                The biggest implementation lesson was **timing documentation**. Bayesian
                estimates are only as good as the recorded administration and sampling times, so
                we made actual infusion start and end times mandatory fields in electronic
                prescribing.
            """),
            ("hannah_fischer", """
                On training: we wrote a one-page competency for pharmacists plus a simulated
                case in the software itself, and for the first six months only pharmacists who
                had completed it could sign off doses. Junior doctors mostly needed to learn
                *not* to adjust on a trough alone any more, and the order set did most of that
                work.

                We kept the old nomogram as a documented downtime procedure and test it once a
                year.
            """),
            ("joao_silva", """
                District hospital perspective: check that the software's population model fits
                your patients. Ours underestimated clearance early in the course for younger
                patients with augmented renal clearance (trauma, sepsis). The estimate improves
                once levels come in, but the first recommended dose was too low for that group.
            """),
            ("felix_wagner", """
                If you want to evaluate it properly, fix the outcome definitions now: KDIGO AKI
                within 7 days of starting vancomycin, time to target exposure, and levels per
                course. Run the same query before and after the switch, with a few months'
                run-in. If you have enough months of data, an interrupted time series beats a
                simple before-and-after comparison.
            """),
        ],
    },
    {
        "title": "Finding deprescribing candidates in community pharmacy: rules, lists, or "
        "just asking?",
        "specialty": "pharmacy",
        "topics": ["clinical-decision-support", "real-world-evidence"],
        "kind": "discussion",
        "author": "ahmed_farouk",
        "body": """
            We run a deprescribing service for older people on many medicines, in partnership
            with two local practices. At the moment patients reach us when a GP or a carer
            happens to mention them, so we see the most organised families, not necessarily
            the people who'd benefit most.

            I've drafted a simple search the practices could run on their own data:

            ```sql
            SELECT p.patient_id
            FROM patients AS p
            JOIN active_medications AS m ON m.patient_id = p.patient_id
            WHERE p.age >= 75
            GROUP BY p.patient_id
            HAVING COUNT(DISTINCT m.drug_code) >= 10
                OR SUM(CASE WHEN m.acb_score >= 2 THEN 1 ELSE 0 END) >= 2
                OR SUM(CASE WHEN m.drug_class = 'PPI'
                             AND m.years_on_drug >= 2 THEN 1 ELSE 0 END) >= 1;
            ```

            It finds far too many people, so prioritising is the real problem. Ideas I'm
            weighing:

            - Weighting by **recent falls or admissions**
            - Starting with one theme (long-term PPIs, or anticholinergic burden) rather than
              everything at once
            - Texting patients to ask **which medicines bother them**

            How do others decide whom to see first?
        """,
        "replies": [
            ("samir_qureshi", """
                GP here, and we'd gladly run a search like this. A practical suggestion: pick
                **one theme per quarter**. We started with anticholinergic burden because the
                harms (falls, confusion) are tangible and the conversation with patients is
                straightforward. A list of 40 people we can actually see beats a list of 400 we
                can't.
            """),
            ("hannah_fischer", """
                Your text-message idea is underrated. "Which of your medicines would you most
                like to stop, or talk about?" surfaces what matters to the patient, and
                deprescribing conversations go better when they start there. I'd combine it with
                a risk rule rather than replace it: the rule decides who to invite, and the
                patient's answer decides where to start.

                Log outcomes consistently too (stopped, reduced, restarted, and why), so that in
                a year you can say something about sustainability, not just activity.
            """),
            ("ellen_fraser", """
                Add **recent discharge** as a trigger. A hospital stay adds medicines faster than
                anything else, and the weeks after discharge are when a review is most welcome
                and most useful.
            """),
        ],
    },
    {
        "title": "Ask me anything: from community pharmacy to clinical informatics "
        "(session closed)",
        "specialty": "pharmacy",
        "topics": ["careers-innovation", "pharmacogenomics", "clinical-decision-support"],
        "kind": "discussion",
        "author": "hannah_fischer",
        "locked": True,
        "body": """
            As promised at the regional pharmacy meeting, here's an open thread for questions
            about moving into informatics and decision-support roles. I'll answer between 6 and
            8 pm this evening, and a moderator will lock the thread afterwards so it stays
            readable as a reference.

            A little background: I spent five years in community pharmacy, moved to a hospital
            rotational post, then took a secondment to our electronic prescribing team that
            became a permanent role. I now lead our pharmacogenomics implementation and our
            decision-support rules.

            Ask about anything: skills, qualifications, whether you need a master's, how to
            get that first secondment, or what the job involves day to day. I'll be honest
            about the parts I find hard.
        """,
        "replies": [
            ("zara_ahmed", """
                Thanks for doing this! What does a typical week look like? I can picture the
                meetings, but not the actual work.
            """),
            ("hannah_fischer", """
                @zara_ahmed Roughly a third **building and reviewing rules** (new alerts, order
                set changes, testing in the training environment), a third **governance**
                (clinical safety reviews, change requests, incidents where a system was
                involved), and a third **people**: training, answering "why did the system do
                that?", and mentoring. Less coding than people expect, and much more careful
                writing and testing.
            """),
            ("hannah_liu", """
                I left community pharmacy for an MSc in health data science. Do you think a
                master's is necessary, or would experience on a digital team have been enough?
            """),
            ("hannah_fischer", """
                @hannah_liu Not necessary for most informatics pharmacist roles, but valuable for
                analysis, evaluation or research, which sounds like your direction. An MSc plus
                clinical experience is a combination teams struggle to find. Make sure your
                dissertation uses real clinical data, or a close synthetic equivalent, and write
                it up for publication.
            """),
            ("ahmed_farouk", """
                Is there a route for community pharmacists who want to stay in community?
                Everything digital seems to happen in hospitals.
            """),
            ("hannah_fischer", """
                @ahmed_farouk Yes, and it's growing. Shared care records, referral systems
                between hospitals and community pharmacy, and services like your deprescribing
                work all need people who understand both the data and community practice. Start
                by being the person in your area who evaluates a service properly; that's exactly
                the skill digital teams hire for.

                Thank you all for the questions. I'm off to make dinner, and Tom will lock this
                now.
            """),
            ("tom_adebayo", """
                Locking as planned so this stays a tidy reference. Thank you, Hannah. Follow-up
                questions are welcome in a new thread in Pharmacy or Nursing Practice; please
                link back here.
            """),
        ],
    },
    {
        "title": "Drug interaction alerts overridden 95% of the time: has anyone pruned their "
        "library safely?",
        "specialty": "pharmacy",
        "topics": ["clinical-decision-support", "real-world-evidence"],
        "kind": "question",
        "author": "daniel_mensah",
        "body": """
            I pulled a month of override data (`alert_pair`, `override_reason`, prescriber
            grade) from our electronic prescribing system. Across all drug-drug interaction
            alerts, **95% were overridden**, and the top 20 alert pairs accounted for over half
            of all firings. Several are interactions every prescriber knows and manages
            routinely, and a few are combinations we deliberately use together.

            I'd like to propose switching off or downgrading a set of alerts, but I'm wary of
            two things:

            - The one alert in the pile that actually matters, switched off along with the
              noise
            - Shifting responsibility: if an alert is removed and harm follows, who owns that
              decision?

            My current plan is to score each of the top 50 pairs on severity, how often the
            override was clinically appropriate (from a sample of case notes), and whether a
            better place for the check exists (an order set, a monitoring rule, pharmacist
            review). Then take the list to the drugs and therapeutics committee with a named
            owner for each decision.

            Has anyone done something similar? How did you measure the effect afterwards, and
            did prescribers notice the difference?
        """,
        "replies": [],
    },
]
