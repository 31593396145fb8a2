"""Demo threads for the acute specialties: emergency medicine, critical care, surgery,
radiology and paediatrics.

Every case, number and institution here is invented; nothing comes from real patients.
"""

THREADS = [
    # ------------------------------------------------------------------ emergency medicine
    {
        "title": "What does a POCUS logbook need before a credentialing committee will sign it?",
        "specialty": "emergency-medicine",
        "topics": ["point-of-care-ultrasound", "simulation-training"],
        "kind": "question",
        "author": "kwame_asante",
        "body": """
            I'm a PGY-3 and I want to finish residency with core POCUS privileges rather than a
            folder of unreviewed clips. Our department doesn't have a formal credentialing
            pathway yet, so I've offered to draft one with our ultrasound director.

            Where my own log stands, per application:

            | Application | Scans logged | Reviewed by faculty | Abnormal findings |
            |---|---:|---:|---:|
            | eFAST | 41 | 12 | 5 |
            | Focused cardiac | 63 | 20 | 9 |
            | Aorta | 18 | 6 | 1 |
            | Lung | 35 | 4 | 11 |
            | DVT (2-point) | 22 | 0 | 2 |

            Questions for people who sit on these committees:

            1. Is a fixed number per application (the classic **25-50**) still what committees
               want, or are programs moving to competency-based sign-off?
            2. What share of logged scans should be **over-read** before they count?
            3. Does anyone accept simulator scans, and if so, capped at what proportion?

            I'll post the final template here once it's done.
        """,
        "replies": [
            ("ben_okoro", """
                Numbers are a proxy; what I actually look for in review is whether you know
                when a view is inadequate. A few suggestions from the sonographer's chair:

                - Your DVT row has **zero** reviewed scans. Sort that before the committee
                  sees it, because it will be the first thing they notice.
                - For over-reads, we review all of the first 10 per application and then
                  roughly 1 in 5, scored for image quality (1-5) and interpretation.
                - Simulator scans: fine for eFAST and cardiac, where real pathology is rare,
                  up to about a fifth of the total. I wouldn't count them for aorta.
            """),
            ("ines_marchetti", """
                From the committee side: we moved to a hybrid last year. There's a minimum
                number per application **plus** one directly observed scan with a structured
                assessment. The numbers alone were rewarding people who scanned a lot of
                easy normals.

                The other thing committees care about is governance: every clip that counts
                has to be archived with a report attached, not sitting on a personal phone.
                Build that into your template from day one and you'll save yourself a fight.
            """),
            ("maria_lopez", """
                ICU perspective, since our residents rotate through: the most common failure
                I see isn't misreading an image, it's not recognizing an indeterminate study
                and acting on it anyway. Add an `indeterminate` outcome to your log and
                count it as a legitimate result. Committees like seeing that a learner knows
                the limits of the scan.
            """),
            ("kwame_asante", """
                This is really helpful, thank you. Revised plan: an `indeterminate` column,
                DVT over-reads booked with Ben for next week, and a proposal for a minimum
                number plus one observed scan per application. Sim scans capped at 20%, and
                none for aorta.
            """),
        ],
    },
    {
        "title": "First month of an AI triage suggestion at our front door: what the nurses said",
        "specialty": "emergency-medicine",
        "topics": ["clinical-decision-support", "ai-diagnostics", "implementation-science"],
        "kind": "discussion",
        "author": "marcus_bell",
        "body": """
            Four weeks ago we went live with a model that suggests a triage category from the
            first set of observations, age, arrival mode and presenting complaint. Triage
            nurses only see the suggestion **after** they've entered their own category (we
            argued hard for that order, to avoid anchoring). Overriding needs a reason from a
            short pick-list.

            Nurses disagreed with the suggestion on roughly one triage in six. Reasons chosen:

            | Override reason | Share of overrides |
            |---|---:|
            | Clinical gestalt, looks unwell | 38% |
            | Pain not captured by the obs | 21% |
            | Safeguarding or social concern | 14% |
            | Model over-triaged a frequent attender | 12% |
            | Other (free text) | 15% |

            What I'm hearing on the floor: experienced nurses mostly ignore it, newer staff
            find it reassuring, and everyone hates the pick-list. How are others measuring
            whether a tool like this is helping, rather than just being tolerated?
        """,
        "replies": [
            ("ines_marchetti", """
                Showing it after the nurse commits was the right call. Agreement rate won't
                tell you much, though. The question is: when nurse and model disagree, who
                was right?

                Pull a sample of about 100 discordant cases and have two senior clinicians
                adjudicate them blind to who said what, against an outcome you agree in
                advance (admission, critical care within 24 hours, a time-critical
                intervention). That gives you something to take to the safety committee.
            """),
            ("dev_malhotra", """
                Conflict of interest first: my company sells a triage product, though not
                the one you're using.

                The frequent-attender row is the one I'd look at hardest. People who attend
                often have higher mortality than staff tend to assume, and it's possible the
                model is right and the overrides reflect a habit. It could equally be a model
                artefact. Either way, that row deserves its own audit before anyone tunes
                anything.
            """),
            ("kwame_asante", """
                Resident view from the same kind of department: when the waiting room is forty
                deep and I'm doing rapid assessment, I use the suggestion as a second look at
                who to pull in first. It's less useful at 10 am on a quiet Tuesday, which might
                explain why your experienced nurses shrug at it.
            """),
            ("tom_adebayo", """
                On the pick-list: make it a single tap, put the commonest reason first, and
                make free text optional rather than a separate screen. Also log time from
                arrival to triage complete before and after go-live. If the tool added even
                30 seconds per patient, you want to know that before someone else tells you.
            """),
            ("marcus_bell", """
                Dev, that's uncomfortable but fair. I pulled the 31 frequent-attender
                overrides from the month: four of those patients were admitted within 48
                hours, one to HDU. They're going into the adjudication sample Inês
                suggested, and I've asked for the pick-list to be cut to four options.
            """),
            ("maria_lopez", """
                From the ICU end of the pathway, the safety signal I'd track weekly is
                patients triaged to a low category who reached resus or ICU within six hours.
                Put it on a run chart alongside the override rate. If that line stays flat
                while the tool is live, you've got a reasonable argument it isn't doing harm.
            """),
            ("sade_okonkwo", """
                We saw the same split in imaging: senior readers discount the AI, juniors
                lean on it. The worry with the juniors is deskilling. One approach that
                worked for us was short, scheduled periods where the suggestion is hidden,
                with performance compared across them. Agree it with the team first, or it
                feels like a trap.
            """),
        ],
    },
    {
        "title": "ED-to-ward handover over FHIR: lessons from a six-month integration pilot",
        "specialty": "emergency-medicine",
        "topics": ["interoperability-fhir", "implementation-science"],
        "kind": "discussion",
        "author": "ines_marchetti",
        "body": """
            We replaced our free-text admission handover with a structured one, generated from
            the ED record and sent to the ward system as a FHIR document. Some lessons:

            - **Codes beat prose, until they don't.** Pending results travel well as
              `ServiceRequest` resources with a status. "I'm worried about this one" doesn't.
            - Agree the **profile** with the receiving ward team before writing any code.
            - Keep a human-readable narrative in `Composition.section.text`. Ward nurses read
              that first, every time.

            A trimmed example of what we send for one pending investigation:

            ```json
            {
              "resourceType": "ServiceRequest",
              "status": "active",
              "intent": "order",
              "code": {"text": "CT abdomen and pelvis with contrast"},
              "subject": {"reference": "Patient/example"},
              "note": [{"text": "Pending at transfer; ED resident to review and call ward"}]
            }
            ```

            The specification at https://www.hl7.org/fhir/ is good, but reading the
            Composition and ServiceRequest pages side by side with worked examples saved us
            weeks. Has anyone tackled the reverse direction, ward to ED, for re-attenders?
        """,
        "replies": [
            ("tom_adebayo", """
                The narrative point is everything. We once had a beautifully structured
                handover where the allergy list was correct and the one line that mattered
                ("daughter is the only person he'll let examine his leg") had nowhere to go.

                Ask the ward nurses to rate a sample of handovers each month. A two-question
                survey told us more than any interface log.
            """),
            ("hannah_liu", """
                Student question: how did you test the bundles before go-live? Did you use
                one of the public test servers, or something internal? I'm learning FHIR for
                my MSc and not sure what's normal practice.
            """),
            ("ines_marchetti", """
                Internal sandbox only. Never send anything resembling real patient data to a
                public test server. We generated synthetic patients, validated every bundle
                against our profile with the official HL7 validator as part of the build,
                and ran a two-week shadow period where both the old and new handovers were
                produced and compared by a nurse and a physician.
            """),
        ],
    },
    {
        "title": "Our ED sepsis alert fires after antibiotics are ordered. How do I measure that?",
        "specialty": "emergency-medicine",
        "topics": ["clinical-decision-support", "real-world-evidence", "ai-diagnostics"],
        "kind": "question",
        "author": "kwame_asante",
        "body": """
            The anecdote in our department is that the sepsis alert fires late: by the time it
            pops up, the patient is already on the sepsis pathway. I'd like to quantify that
            for a QI project before anyone argues about thresholds. First attempt:

            ```sql
            SELECT a.encounter_id,
                   a.fired_at,
                   MIN(o.ordered_at) AS first_abx_order,
                   EXTRACT(EPOCH FROM (MIN(o.ordered_at) - a.fired_at)) / 60 AS lead_minutes
            FROM sepsis_alerts a
            JOIN med_orders o
              ON o.encounter_id = a.encounter_id
             AND o.drug_class = 'antibacterial'
            GROUP BY a.encounter_id, a.fired_at;
            ```

            A negative `lead_minutes` means the antibiotic order came first. What I'm unsure
            about:

            - Is the first antibiotic order the right comparator, or should it be clinician
              recognition (which we don't capture anywhere)?
            - How should I handle encounters with several alerts?
            - What's a fair denominator: all alerts, or only patients who met a sepsis
              definition?
        """,
        "replies": [
            ("felix_wagner", """
                Your inner `JOIN` silently drops every encounter where the alert fired and
                no antibiotic was ever ordered, which is exactly where the false positives
                live. Use a `LEFT JOIN` and report those encounters as their own group.

                For repeat alerts, keep the first per encounter with
                `ROW_NUMBER() OVER (PARTITION BY encounter_id ORDER BY fired_at)` and say so
                in the methods. Otherwise a patient who alerts six times counts six times.
            """),
            ("karin_lindqvist", """
                Stewardship view: order time and administration time can be an hour apart
                in a busy ED, so decide which one your question is about. For recognition,
                the time blood cultures were ordered is often a better proxy than the
                antibiotic, because people send cultures when they first suspect sepsis.
            """),
            ("maria_lopez", """
                Mentor hat on: keep the QI project tight or it will eat your final year.

                1. One primary measure: median lead time of the first alert per encounter,
                   among patients meeting the definition you pick.
                2. One balancing measure: alerts per 100 ED visits.
                3. A run chart, updated monthly, shared with the people who own the alert.

                And find an ally in the informatics team early. Changing thresholds needs
                someone with build access who cares about the answer.
            """),
            ("kwame_asante", """
                Reran it with a `LEFT JOIN`, first alert only. Among encounters that got
                antibiotics, the median lead time was minus 22 minutes, and 38% of alerts
                were never followed by an antibiotic order at all. That's a very different
                conversation from "it fires late". Thanks, all.
            """),
        ],
    },
    {
        "title": "Has anyone tried an ambient scribe in resus, with six people talking at once?",
        "specialty": "emergency-medicine",
        "topics": ["clinical-nlp", "health-data-privacy"],
        "kind": "question",
        "author": "marcus_bell",
        "body": """
            Our trust is trialling an ambient documentation tool in the ED cubicles, and it's
            doing well for one clinician talking to one patient. Now someone has suggested
            putting it in resus to capture the timeline during trauma calls and arrests.

            My worries, as the nurse who usually ends up scribing:

            - **Crosstalk.** Team leader, airway, drugs and relatives all at once. Does it
              attribute speakers at all?
            - **Timings.** For an arrest I need drug times to the minute, not a tidy summary.
            - **Consent and privacy** when relatives are in the room, and what gets retained.
            - **Checking.** Who reviews the output, and when? Nobody is reading a transcript
              at 3 am after a long resus.

            If anyone has piloted this in resus or theatres, I'd love to hear how it went,
            including if the answer was "don't".
        """,
        "replies": [],
    },
    # ------------------------------------------------------------------ critical care
    {
        "title": "Tele-ICU night cover two years on: what changed, what didn't, what I'd redo",
        "specialty": "critical-care",
        "topics": ["telehealth", "implementation-science", "real-world-evidence"],
        "kind": "discussion",
        "author": "maria_lopez",
        "body": """
            Two years ago we started remote intensivist cover overnight for two smaller ICUs
            in our network, run from a hub at Harbourview. Some numbers from our internal
            review (a simple before/after, so read with caution):

            | Measure | Year before | Year two |
            |---|---:|---:|
            | Median time to intensivist review, night admissions | 4.5 h | 55 min |
            | Transfers out for "senior review" | 61 | 34 |
            | Unplanned extubations per 100 ventilator days | 1.4 | 1.3 |
            | Night nurses who "felt supported" (survey) | 41% | 78% |

            What changed most wasn't mortality (we're far too small to say anything) but
            **how the night feels** for the bedside team. What didn't change: a camera
            doesn't place a line or feel an abdomen.

            What I'd do differently:

            1. Agree escalation rules with the local attendings **before** go-live.
            2. Budget for IT support at 3 am, not 9 to 5.
            3. Design the evaluation up front instead of reconstructing it afterwards.
        """,
        "replies": [
            ("tom_adebayo", """
                The "felt supported" number is the one I'd lead with when you present this.
                When we surveyed night nurses at our spoke sites, the main thing they valued
                was not having to decide alone whether to wake someone at home. That's hard
                to put in a table but it's what keeps people in post.
            """),
            ("julia_novak", """
                Methodologist, as promised in my bio. A before/after comparison is exposed to
                everything else that changed over two years: staffing, case mix, the winter
                you had. You have monthly data, so an **interrupted time series** would be
                much stronger, ideally with a control series from a comparable ICU that
                didn't get tele-cover.

                And decide what the estimand is. "Effect of offering night tele-cover to the
                unit" is a different question from "effect on patients who were reviewed".
            """),
            ("maria_lopez", """
                Julia, that's exactly item 3 on my list, and you've described it better than
                I did. We do have monthly data back to the year before. Would you be willing
                to look over a short analysis plan before we start?
            """),
            ("sam_whitfield", """
                An unexpected benefit from the physio side: the cameras started being used
                in the daytime too. I've run a couple of mobilisation sessions at a spoke
                site with their physio at the bedside and me on screen, mostly for patients
                with complex weaning. Not what the system was bought for, but it worked.
            """),
            ("dev_malhotra", """
                Ex-ICU nurse here, no ties to any tele-ICU vendor. Your point 2 is
                underrated. Our remote cover at my old hospital failed twice in one month
                because of a camera firmware update nobody on nights could roll back. Put
                the technical on-call in the same escalation policy as the clinical one.
            """),
        ],
    },
    {
        "title": "Wrist or thigh accelerometers for measuring early mobilisation in the ICU?",
        "specialty": "critical-care",
        "topics": ["wearables-remote-monitoring", "real-world-evidence"],
        "kind": "question",
        "author": "sam_whitfield",
        "body": """
            Our early mobilisation data comes from physio notes: the highest level reached
            each day on a mobility scale. It's patchy at weekends and misses anything nurses
            do with patients when we're not around.

            I'm planning a small feasibility study with research-grade accelerometers. Before
            I write the protocol:

            - **Wrist or thigh?** Thigh looks better for sit-to-stand and walking; wrist is
              easier around lines and positioning.
            - How do people handle skin checks and removing devices for imaging or proning?
            - Has anyone validated counts against observed activity in ICU, where
              "movement" includes being turned by two nurses?
            - What wear-time threshold makes a day usable?

            Pointers to similar protocols registered on https://clinicaltrials.gov would be
            very welcome too.
        """,
        "replies": [],
    },
    {
        "title": "MSc dissertation on ICU data: how do I pick a question clinicians care about?",
        "specialty": "critical-care",
        "topics": ["careers-innovation", "real-world-evidence", "health-data-privacy"],
        "kind": "question",
        "author": "hannah_liu",
        "body": """
            I'm an MSc health data science student (and former community pharmacist) with
            access, through my supervisor, to a de-identified ICU research dataset. Half my
            cohort is predicting mortality, and I'd like to do something more useful.

            I started exploring delirium prediction from the first day's data:

            ```python
            import pandas as pd

            stays = pd.read_parquet("icu_stays.parquet")
            features = stays[["age", "sofa_day1", "sedation_hours", "haloperidol_given"]]
            label = stays["delirium_any"]
            ```

            My supervisor raised an eyebrow at the feature list and told me to work out why
            myself. Two questions for the clinicians here:

            1. What questions about ICU care do you wish someone with time and data would
               answer?
            2. Which pitfalls in features like these would a non-ICU person miss?
        """,
        "replies": [
            ("felix_wagner", """
                The eyebrow is probably `haloperidol_given`. It's often given *because*
                delirium has already been recognised, so the label leaks into the features
                and your model will look brilliant for the wrong reason.

                Check `sedation_hours` the same way: is it day one only, or the whole stay?
                Fix a prediction time, then drop anything recorded after it.
            """),
            ("maria_lopez", """
                Welcome! A few questions I'd genuinely love answered:

                - Do patients discharged from ICU at night do worse, and is it the hour or
                  the bed pressure that night?
                - Do our daily sedation holds happen when the chart says they do?
                - Who is readmitted to ICU within 48 hours, and what did the ward see first?

                Pick the one where an answer would change something on a Monday morning.
                That's the test I use for my own projects.
            """),
            ("ousmane_ndiaye", """
                A methods note from someone who reads them twice: write a one-page protocol
                before you fit anything. Define the cohort, the index time, the outcome
                window and how you'll handle missing data. Then report against TRIPOD and its
                AI extension, both on https://www.equator-network.org. Examiners notice, and
                so do the people who'll interview you afterwards.
            """),
            ("hannah_liu", """
                Thank you, I'd completely missed the haloperidol problem. I've switched to
                ICU readmission within 48 hours, with the prediction time fixed at the
                discharge decision, and written the one-page protocol. My supervisor approved
                it this morning.
            """),
        ],
    },
    {
        "title": "Our deterioration score drifted silently when the lab changed lactate analysers",
        "specialty": "critical-care",
        "topics": ["ai-diagnostics", "real-world-evidence", "clinical-decision-support"],
        "kind": "discussion",
        "author": "tom_adebayo",
        "body": """
            Sharing this because it's a quiet failure mode and I doubt we're the only ones.

            Our ward deterioration score, which drives critical care outreach referrals, uses
            lactate among its inputs. In the spring the lab switched analysers. The new one
            reads slightly higher at the low end: well within the lab's acceptable bias and
            clinically irrelevant, but enough to push a chunk of patients over one of the
            model's internal cut-points.

            What happened, in hindsight:

            - Outreach alerts rose by about **30%** with no change in case mix
            - Outreach nurses quietly started ignoring amber alerts
            - ICU admissions didn't change, so nobody on the unit noticed

            It took nine weeks, and it was an outreach nurse who raised it, not any
            monitoring. The lab now warns us about any analyser or reference-range change,
            and we chart the weekly alert rate. What do others monitor after go-live, and
            who owns it?
        """,
        "replies": [
            ("yuki_tanaka", """
                In imaging this is the scanner-upgrade problem. We monitor the inputs, not
                just the outputs: a weekly median for each feature against limits set from a
                baseline period. Something this small would have caught your shift within a
                couple of weeks:

                ```python
                weekly = labs.groupby(pd.Grouper(key="taken_at", freq="W"))["lactate"].median()
                baseline = weekly.iloc[:26]
                upper = baseline.mean() + 3 * baseline.std()
                flagged = weekly[weekly > upper]
                ```
            """),
            ("maria_lopez", """
                Ownership is the real question. We now name a clinical lead and a deputy for
                every model in use, and models sit on the same change-control list as
                infusion pumps and lab methods. Any change upstream triggers a check.

                And please make sure the outreach nurse who spotted it gets credit, in
                writing. That's the behaviour you want more of.
            """),
            ("felix_wagner", """
                Worth checking calibration as well as alert rate. If the shift is a roughly
                constant offset, recalibrating the lactate term, or simply mapping new values
                onto the old scale, may be enough. Retraining the whole model on a few weeks
                of new data would be a bigger risk than the drift itself.
            """),
            ("sade_okonkwo", """
                Our governance group asks every vendor which inputs their model is most
                sensitive to. Most can't answer, which is informative in itself. I'd add lab
                analyser changes and EHR build changes to any go-live checklist, for imaging
                and non-imaging tools alike.
            """),
        ],
    },
    # ------------------------------------------------------------------ surgery
    {
        "title": "ST5 and still mostly at the bedside on the robot: how did you get console time?",
        "specialty": "surgery",
        "topics": ["surgical-robotics", "careers-innovation", "simulation-training"],
        "kind": "question",
        "author": "sofia_romero",
        "body": """
            I'm an ST5 in general surgery. Our unit does plenty of robotic colorectal work,
            but as a registrar I'm mostly at the bedside: docking, instrument changes, the
            odd suture. The consultants are supportive in principle, yet lists are tight and
            every case has a waiting-list number attached.

            What I've done so far:

            - Completed the simulator curriculum, passing every module
            - Observed about 30 cases and bedside-assisted in more than 50
            - Asked to be rostered on the dual-console days (there aren't many)

            What I'd like to know from people who've come through this:

            1. What actually moved you from assistant to console surgeon during training?
            2. Is an out-of-programme robotics fellowship worth it, or does it just delay
               the problem?
            3. How do you ask for part of a case without it sounding like you want the
               whole thing?
        """,
        "replies": [
            ("javier_garcia", """
                I remember this stage vividly. What has worked for the registrars I've
                trained is **modular training**: write out the steps of a robotic anterior
                resection and mark the ones you're ready for, say the medial-to-lateral
                dissection or exposing the IMA pedicle. "Can I do the splenic flexure today?"
                is a much easier yes than "can I do the case?"

                Then, on the day:

                1. Agree the step at the team brief, not at the console.
                2. Agree the handback trigger in advance: a time limit or a specific event.
                3. Debrief for two minutes afterwards, and log it.

                After ten or fifteen of these, you have data to show your trainer and your
                programme director.
            """),
            ("liam_oconnor", """
                Core trainee here, following this closely. Does the modular approach need a
                dual console, or does it work when there's only one?
            """),
            ("javier_garcia", """
                Liam, it works with a single console. The trainer sits beside you, or at the
                vision cart, and takes over when the agreed trigger is reached. A dual
                console makes the handover smoother and lets the trainer point things out,
                but it isn't essential. What is essential is that the time limit is agreed
                beforehand, so nobody feels the case is being taken away from them.
            """),
            ("olga_petrova", """
                On the fellowship question: I took a year out for navigation and AR work in
                neurosurgery and it was worth it, but because I came back with a project and
                a reason to be in theatre with particular people, not just "more cases". If
                you go, choose a unit with a structured programme and ask previous fellows
                how many console hours they actually logged.
            """),
            ("isabel_costa", """
                Engineering angle: ask your robotics coordinator whether the system can
                export console usage per case (time at the console, instrument time). Two of
                our registrars asked for their own numbers and found it made the
                conversation with their trainers much more concrete.
            """),
            ("sofia_romero", """
                Tried it last Thursday: medial-to-lateral dissection and the IMA pedicle with
                a 40-minute limit agreed at the brief. The debrief took three minutes. The
                most useful list I've had all year. Thank you, Javier.
            """),
            ("javier_garcia", """
                Delighted to hear it. Keep the log going and bring it to your next review.
                And when you're a consultant, teach the next registrar the same trick;
                that's how it spreads.
            """),
        ],
    },
    {
        "title": "CUSUM charts for surgeons adopting robotic colorectal surgery: our approach",
        "specialty": "surgery",
        "topics": ["surgical-robotics", "real-world-evidence", "implementation-science"],
        "kind": "discussion",
        "author": "javier_garcia",
        "body": """
            When a colleague starts independent robotic practice, we now follow their early
            cases with a CUSUM chart rather than waiting for the annual audit. It is not a
            performance-management tool: it's agreed with the surgeon in advance and
            reviewed with their proctor.

            Each case is a "failure" if there was conversion to open, an anastomotic leak,
            or operating time above an agreed threshold. The R is short:

            ```r
            # one row per consecutive case; fail = 1 for conversion, leak or prolonged time
            cases <- read.csv("adopter_cases.csv")
            p0 <- 0.15  # acceptable failure rate agreed by the unit
            cases$cusum <- cumsum(cases$fail - p0)
            plot(cases$cusum, type = "l", xlab = "Case number", ylab = "CUSUM")
            ```

            A curve that rises and then turns down marks the end of the steepest part of the
            learning curve; for our last three adopters that came between cases 25 and 40.

            Does anyone use a **risk-adjusted** CUSUM, and has anyone agreed thresholds that
            trigger extra proctoring?
        """,
        "replies": [
            ("julia_novak", """
                Good to see this agreed in advance. Two methodological notes:

                - The simple observed-minus-expected CUSUM is sensitive to case mix. If early
                  cases are selected to be straightforward, the curve flattens for reasons
                  that have nothing to do with skill. A risk-adjusted CUSUM weights each case
                  by its expected risk.
                - If you move to a Bernoulli CUSUM with a signalling limit, fix that limit
                  before anyone looks at a chart. Otherwise the "turning point" is in the eye
                  of the beholder.
            """),
            ("sofia_romero", """
                From the trainee side this is reassuring to read. Would you use the same
                approach for registrars doing modular steps? I imagine a step-level failure
                is much harder to define than conversion or leak.
            """),
            ("javier_garcia", """
                Julia, agreed on case selection. Our proctors choose the first ten cases, so
                the early flat section is partly by design, and I should say so when we
                present it. Sofía, for modular steps we track completion within the agreed
                time and whether the trainer took over. Too few hard events for a CUSUM to
                mean anything.
            """),
        ],
    },
    {
        "title": "Costing 3D-printed surgical planning models: what will your finance team accept?",
        "specialty": "surgery",
        "topics": ["3d-printing", "implementation-science"],
        "kind": "question",
        "author": "isabel_costa",
        "body": """
            Our 3D printing lab has run on goodwill and a small charity grant. Finance now
            wants a cost per model and evidence of benefit before funding it from the
            operational budget. My first pass at costs for a typical model:

            | Item | Cost per model |
            |---|---:|
            | Segmentation (engineer time, about 3 h) | £120 |
            | Clinician review of the segmentation | £45 |
            | Print material and supports | £35-90 |
            | Printer time and depreciation | £25 |
            | Post-processing and cleaning | £20 |
            | **Total** | **£245-300** |

            Benefit is harder. Surgeons tell me models shorten planning and occasionally
            change the approach, but we've never measured either.

            - Has anyone shown shorter theatre time or changed decisions in a way finance
              accepted?
            - Do you recharge specialties, or hold a central budget?
            - What do you do about models that are requested and then never used?
        """,
        "replies": [
            ("olga_petrova", """
                In neurosurgery we recorded, prospectively for four months, whether the model
                changed the plan: approach, extent of the craniotomy, or a decision not to
                operate. Three tick-boxes, filled in the day after surgery. It was the
                changed-decision rate that persuaded our finance team, not theatre minutes,
                which were too noisy to show anything.
            """),
            ("nana_osei", """
                For paediatric airway cases our argument was safety rather than cost. For
                the rare, very complex child, a model is cheap compared with one unplanned
                day in PICU. But be careful not to oversell: honestly, we could show the team
                felt better prepared, not that outcomes changed.
            """),
            ("sade_okonkwo", """
                From the radiology side: segmentation time drops a lot when the scan is
                acquired with printing in mind (thin slices, the right contrast phase).
                Agree a printing protocol with your imaging department so you aren't
                fighting the data. And treat any model used for a decision like other
                clinical output: versioned, and linked to the source study.
            """),
            ("javier_garcia", """
                On unused models: we now ask the requesting consultant to write the clinical
                question on the request form. The requests without a question were the ones
                that ended up on a shelf.
            """),
        ],
    },
    {
        "title": "Core trainee with a VR cystoscopy study idea: is a first small grant realistic?",
        "specialty": "surgery",
        "topics": ["careers-innovation", "simulation-training", "trial-design"],
        "kind": "question",
        "author": "liam_oconnor",
        "body": """
            I'm a core surgical trainee leaning towards urology. Our simulation centre has a
            VR cystoscopy trainer that mostly gathers dust, and I think there's a simple
            study in it: does a short structured VR course before a trainee's first flexible
            cystoscopy list improve their performance on real procedures?

            I've never applied for funding. Local small grants (up to about £5,000) seem the
            obvious place to start. Before I spend my evenings on it:

            - Is this too small or too obvious to be fundable?
            - Which outcome would reviewers take seriously: a validated assessment score,
              patient discomfort, or procedure time?
            - Do I need a methodologist for something this size?
            - How much should a core trainee realistically lead, rather than support?
        """,
        "replies": [
            ("javier_garcia", """
                Not too small. A small study that finishes beats a big one that's abandoned.

                Find a consultant urologist to be senior applicant and supervisor; you can
                still be the one who does the work and presents it. Reviewers of local grants
                look for three things: a clear question, feasibility (can you recruit enough
                trainees before your rotation ends?) and a budget that matches the work. Show
                you've thought about all three on the first page.
            """),
            ("julia_novak", """
                Yes, involve a methodologist, even at this size; it's cheaper than
                discovering a design flaw at analysis. Your unit of randomisation is the
                trainee, and there won't be many, so a validated global rating scale scored
                from video by blinded assessors is a stronger primary outcome than procedure
                time. Write the protocol before recruiting and register it if your funder
                expects that; https://clinicaltrials.gov accepts education trials.
            """),
            ("olga_petrova", """
                Practical tip: ask the simulation centre what the trainer exports. Ours
                logged metrics nobody had ever looked at, which became a secondary outcome
                for free. And budget for assessor time; it's the line everyone forgets.
            """),
        ],
    },
    {
        "title": "AR overlays for cranial navigation: registration error in theatre vs the demo",
        "specialty": "surgery",
        "topics": ["simulation-training", "regulatory-science", "3d-printing"],
        "kind": "discussion",
        "author": "olga_petrova",
        "body": """
            We've been evaluating an augmented-reality headset that overlays segmented tumour
            and vessels onto the operative field. In the vendor's demonstration, on a phantom
            under perfect lighting, target registration error was impressively small. In our
            first cases it was noticeably worse, and it drifted as the head clamp settled and
            again after the dura was opened.

            What we now record on every case:

            - Registration error at three landmarks, after registration and before closure
            - Time added to set-up
            - How often the surgeon switched the overlay off, and why

            Two things I'd like to discuss:

            1. What error is acceptable for an overlay that is purely advisory, given that
               surgeons already treat conventional navigation as advisory after brain shift?
            2. How should manufacturers report accuracy so we can compare like with like?
               The clearance summaries on https://www.fda.gov help, but rarely describe the
               test conditions in enough detail.
        """,
        "replies": [],
    },
    # ------------------------------------------------------------------ radiology
    {
        "title": "Validating a vendor haemorrhage detection tool locally: how many CTs do we need?",
        "specialty": "radiology",
        "topics": ["medical-imaging-ai", "ai-diagnostics", "trial-design"],
        "kind": "question",
        "author": "yuki_tanaka",
        "body": """
            We're validating a commercial intracranial haemorrhage detection tool on our own
            non-contrast head CTs before it goes live. The vendor quotes a sensitivity of
            0.95 from their multi-site study, and I want our estimate to be precise enough to
            notice if it's meaningfully worse here. My rough calculation:

            ```python
            from math import ceil

            sens = 0.95        # expected sensitivity
            half_width = 0.04  # acceptable half-width of the 95% CI
            z = 1.96
            positives = ceil(z**2 * sens * (1 - sens) / half_width**2)
            prevalence = 0.08  # haemorrhage among our unselected head CTs
            print(positives, ceil(positives / prevalence))  # 115 positives, 1438 scans
            ```

            Questions:

            - Consecutive sampling, or enrich for positives? Enriching saves reading time
              but distorts the positive predictive value.
            - Should I stratify by scanner? We have four, two from another manufacturer.
            - Normal-approximation intervals near 0.95 feel wrong. Wilson or exact?
        """,
        "replies": [
            ("sade_okonkwo", """
                Good instinct to calculate before collecting. My advice: do both, as two
                separate sets. A consecutive cohort over a few months gives you prevalence,
                PPV and the alert burden radiologists will actually live with. An enriched
                set of positives gives precision on sensitivity, especially for the subtypes
                where these tools struggle: thin subdurals, small subarachnoid bleeds.
                Report them separately. And yes, stratify by scanner; the other manufacturer
                is where I'd expect trouble.
            """),
            ("julia_novak", """
                Wilson, or Clopper-Pearson if your reviewers are traditional. The normal
                approximation is tolerable at 115 positives but falls apart in subgroups:
                with twenty subdurals it can give an upper limit above 1.

                More importantly, pre-specify an acceptance criterion, for example "lower
                bound of the 95% CI for sensitivity above 0.88", so the go/no-go decision is
                made before anyone sees the data. For reporting, STARD is on
                https://www.equator-network.org.
            """),
            ("aisha_bello", """
                Resident question: who reads the reference standard? If it's the original
                report, anything the radiologist missed becomes an AI "false positive". We
                found a handful of genuine bleeds like that in a previous audit.
            """),
            ("yuki_tanaka", """
                Aisha, good catch. The plan is now two neuroradiologists reading blind to the
                AI output, with adjudication of disagreements. Revised sampling, following
                Sade's suggestion:

                | Set | Scans | Expected positives | Purpose |
                |---|---:|---:|---|
                | Consecutive, 3 months | about 1,450 | about 115 | PPV, alert burden |
                | Enriched positives, 2 years | 150 | 150 | Sensitivity by subtype |
                | Manufacturer B subset | from both sets | varies | Stratified check |
            """),
            ("rohan_patel", """
                From our AI-ECG validation across three sites: the biggest performance drop
                wasn't explained by site or device model but by acquisition settings, in our
                case one site's filter configuration. Look at failures by protocol, not just
                by scanner. And keep every failure case as a regression set; you'll want it
                when the vendor ships an update.
            """),
            ("sade_okonkwo", """
                The plan looks solid. One last thing: decide now how you'll monitor after
                go-live. This validation set becomes your baseline, so store the outputs and
                the exact software version alongside it.
            """),
        ],
    },
    {
        "title": "R3 who wants to work in imaging AI: PhD, informatics fellowship, or just start?",
        "specialty": "radiology",
        "topics": ["careers-innovation", "medical-imaging-ai"],
        "kind": "question",
        "author": "aisha_bello",
        "body": """
            I'm a third-year radiology resident. I enjoy reporting, but the part of my week I
            look forward to is our AI governance meeting. I'm trying to work out what to do
            with the next five years. The options as I see them:

            1. **PhD**: three years full-time out of training, in a medical imaging group
            2. **Imaging informatics fellowship** after training, then a hybrid post
            3. **Stay clinical**, learn Python properly and contribute to local validation
               projects

            My fear is becoming a radiologist who half-understands the code, or a researcher
            who's lost their clinical edge. For those who've made a move like this: what do
            you wish you'd known, and what do departments actually hire for?
        """,
        "replies": [
            ("sade_okonkwo", """
                I was you, roughly fifteen years and three job titles ago. What I wish I'd
                known:

                1. The scarce skill isn't building models, it's **evaluating and governing**
                   them. Departments hire for that.
                2. A PhD is worth it if you want to lead a research programme. If you want
                   to lead deployment, a fellowship plus well-run local projects is faster.
                3. Protect your reporting sessions. Clinical credibility is what gets you
                   into the room.
                4. Find a second mentor outside radiology. Different blind spots.

                Happy to talk properly; send me a message.
            """),
            ("yuki_tanaka", """
                Scientist's view: please don't feel you have to become a software engineer.
                The radiologists I value most can write a little code, read a confusion
                matrix critically, and tell me when an apparent failure is really a
                reporting convention. That combination is rarer than it should be.
            """),
            ("lena_hoffmann", """
                Medical student with the same dilemma, but in cardiology. Thank you for
                asking this in public. Aisha, would you share what you decide?
            """),
            ("aisha_bello", """
                Will do, Lena. For now: option 3, but deliberately. I'm joining Yuki's
                haemorrhage validation as clinical lead and starting a statistics course,
                and I'll revisit the PhD question in a year with something real to show.
            """),
        ],
    },
    {
        "title": "The twelve questions our imaging-AI governance group asks before go-live",
        "specialty": "radiology",
        "topics": ["regulatory-science", "medical-imaging-ai", "health-equity-bias"],
        "kind": "discussion",
        "author": "sade_okonkwo",
        "body": """
            Several people have asked privately what our governance group actually asks, so
            here's the list, lightly edited. A tool doesn't need perfect answers to all
            twelve, but a missing answer has to be a conscious decision.

            1. What clinical problem does it solve, and who asked for it?
            2. What is the regulatory status and the intended use, exactly as cleared?
               (Read the wording on https://www.fda.gov or the UKCA/CE paperwork, not the
               brochure.)
            3. On which populations, scanners and protocols was it trained and tested?
            4. How does it perform on **our** data, by age, sex and scanner?
            5. What happens to the worklist when it's wrong, in both directions?
            6. Who sees the output, where, and before or after the report?
            7. Where does the data go, and does the vendor retain any of it?
            8. What are the known failure modes and exclusions?
            9. How will we monitor it after go-live, and who owns that?
            10. What triggers a pause or a switch-off?
            11. What will the vendor tell us about updates, and when?
            12. How will we know, a year from now, whether it helped patients?

            Add your own, especially number 13.
        """,
        "replies": [
            ("ines_marchetti", """
                I'm borrowing this for non-imaging decision support in the ED; almost all of
                it transfers word for word. My candidate for 13: what training do users get,
                and how do new starters get it six months after launch?
            """),
            ("dev_malhotra", """
                Vendor side, so conflict declared: I work at a clinical-AI start-up, not in
                imaging. Question 11 is the one companies find hardest to answer well. We now
                send a plain-language change note with every model version, including what
                was retested. Buyers should write that into contracts rather than rely on
                goodwill.
            """),
            ("yuki_tanaka", """
                Question 9 is where I live. A practical addition: ask for the operating
                threshold and whether you're allowed to change it locally. Several tools fix
                it, which makes local recalibration impossible and limits what monitoring
                can do about drift.
            """),
            ("aisha_bello", """
                From a resident: can trainees sit in on the group as observers? Watching one
                of these reviews taught me more about AI than any lecture I've had.
            """),
            ("sade_okonkwo", """
                Aisha, yes; it's now written into the terms of reference. Inês, adopted as
                number 13. Dev, thank you for the candour. We added change-notification
                clauses to our contracts last quarter for exactly that reason.
            """),
        ],
    },
    {
        "title": "Running a sonographer-led review of saved POCUS clips: workload and feedback",
        "specialty": "radiology",
        "topics": ["point-of-care-ultrasound", "implementation-science", "simulation-training"],
        "kind": "discussion",
        "author": "ben_okoro",
        "body": """
            For the past year I've reviewed the point-of-care ultrasound clips that ED and
            acute medicine doctors save to our archive. It started as a favour and now takes
            about four hours a week. For each study I record:

            - **Image quality**, 1 to 5
            - **Interpretation**: agree, disagree, or can't assess
            - **Teaching point**: one line of free text

            Last quarter: 412 studies reviewed, 9% disagreement on interpretation, mostly lung
            and IVC studies. Turnaround is the problem; feedback two weeks after a shift
            doesn't stick.

            What I'm considering: review all of the first 20 studies per learner per
            application, then a random 10%, plus any study the operator flags as `uncertain`.
            Is anyone doing something similar, and how did you get the time recognised in
            your job plan?
        """,
        "replies": [
            ("kwame_asante", """
                As one of the people you review: the one-line teaching point is the most
                useful feedback I get on scanning. Speed matters more than depth, though.
                A weekly batch with one line each would beat a detailed review two weeks
                later.
            """),
            ("ines_marchetti", """
                Your sampling plan is sensible and easy to defend to a credentialing
                committee. For recognition, cost it: four hours a week of review is far
                cheaper than sending residents on external courses, and it generates the
                evidence the committee needs anyway. Put those numbers in a short proposal.
            """),
            ("sade_okonkwo", """
                This is quality assurance and it belongs in imaging governance, with time
                allocated, not as a favour. Bring your figures to our governance meeting:
                412 studies with a 9% discordance rate, concentrated in two applications, is
                exactly the kind of data that gets time funded.
            """),
        ],
    },
    # ------------------------------------------------------------------ paediatrics
    {
        "title": "Automating paediatric early warning scores: why the adult playbook won't fit",
        "specialty": "paediatrics",
        "topics": ["clinical-decision-support", "implementation-science", "health-equity-bias"],
        "kind": "discussion",
        "author": "nana_osei",
        "body": """
            We're moving our paediatric early warning score from paper to automatic
            calculation in the EHR. Adult colleagues keep offering their NEWS2 build as a
            template (adult pathways, including NICE's sepsis guidance at
            https://www.nice.org.uk, lean on NEWS2), and it doesn't fit:

            | Issue | Adults | Children |
            |---|---|---|
            | Normal ranges | One set | Change across age bands |
            | Key signals | Observation thresholds | Observations plus parent and nurse concern |
            | Behaviour | Rarely scored | Central to the score |
            | Escalation route | Outreach team | Varies by ward and time of day |

            The hardest part is **concern**. A parent saying "he's not himself" is one of the
            strongest signals we have, and it doesn't sit neatly in a flowsheet row.

            Our plan:

            - Age-band thresholds held in one configuration table, version-controlled and
              reviewed by a named clinician
            - A mandatory "nurse or family concern" field that adds to the score
            - Audit of time from trigger to review, by ward and shift

            Has anyone built family-concern escalation into an electronic system?
        """,
        "replies": [
            ("aoife_brennan", """
                Nursing view: make the concern field easy to tick and impossible to miss. On
                paper, concerns ended up in the margin where nobody looked. I'd also let
                parents raise concern directly, for instance with a number on the bedside
                card, and record those calls in the same place as the score.
            """),
            ("emma_schulz", """
                Watch alert fatigue on the infant ward. Bronchiolitis season will push a lot
                of babies over the respiratory thresholds, most of whom are on the expected
                course. Decide in advance whether you'll tolerate that or have a
                bronchiolitis-specific response, rather than letting people work it out at
                2 am in December.
            """),
            ("tom_adebayo", """
                Informatics tip: have the build read thresholds from a table at runtime
                instead of hard-coding them in rules. When our adult score changed we had to
                edit fourteen separate rules. Something shaped like
                `pews_thresholds(age_band, parameter, low, high, points, version)` makes
                every future change a reviewed data update rather than a rebuild.
            """),
            ("maria_lopez", """
                Adult intensivist, slightly humbled. Reading work like yours is why we're
                now adding a "staff or family worried" criterion to our adult escalation
                protocol. The best ideas in deterioration have often come from pediatrics
                first.
            """),
            ("nana_osei", """
                Thank you, all. Aoife's bedside-card idea is going into the pilot, Emma's
                bronchiolitis point is now an explicit decision for the steering group, and
                Tom's threshold table has become the specification.
            """),
        ],
    },
    {
        "title": "Video follow-up after neonatal sepsis: which families is it wrong for?",
        "specialty": "paediatrics",
        "topics": ["telehealth", "health-equity-bias"],
        "kind": "question",
        "author": "emma_schulz",
        "body": """
            We've started offering video follow-up two weeks after discharge for babies
            treated for suspected or proven sepsis. For most families it's a win: no travel
            with a newborn, no waiting room full of coughs.

            I'm uneasy about who we might be missing. Early signals from our first 60
            families:

            - Families needing an interpreter were **three times** as likely to be switched
              to a face-to-face appointment
            - Several parents joined from a phone with a poor connection, so I couldn't
              really see the baby
            - No weight at video visits unless the family has scales

            I'd like to build a short "who should come in" checklist rather than leave it to
            whoever books the appointment. What criteria would you include? And is anyone
            measuring whether video follow-up changes readmissions or missed problems?
        """,
        "replies": [
            ("aoife_brennan", """
                Weight is the big one for neonates. We lend calibrated scales to our home
                oxygen families and it works well. For the checklist I'd add: first baby,
                any feeding concern, safeguarding involvement, and parents who seemed unsure
                at discharge. Any of those means face-to-face.
            """),
            ("nana_osei", """
                Good that you're already looking at switch rates by interpreter need; that's
                exactly how inequity hides. I'd make face-to-face the default and let
                families opt into video once the criteria are met, not the other way round.
                Then track unplanned contacts within 30 days by modality.
            """),
            ("lucy_whitaker", """
                From our virtual wards: test the connection and the interpreter link before
                the clinical appointment. A five-minute tech check by a support worker
                halved our failed video consultations. Three-way calls with an interpreter
                need booking like a clinic room, not adding on the day.
            """),
        ],
    },
    {
        "title": "Weight-based dose calculators in a home-care app: who checks the maths first?",
        "specialty": "paediatrics",
        "topics": ["clinical-decision-support", "regulatory-science"],
        "kind": "question",
        "author": "aoife_brennan",
        "body": """
            A company has offered us a free app for families of children on home medicines.
            It includes a dose calculator: the family enters the child's weight and the app
            shows the volume to draw up. The demo looked slick, but I worked a test case by
            hand and the rounding worried me:

            ```text
            Paracetamol oral suspension 120 mg/5 mL = 24 mg/mL
            Dose 15 mg/kg
            Weight 5.9 kg:  5.9 x 15 = 88.5 mg;  88.5 / 24 = 3.69 mL
            App shows 3.7 mL, but the family's 5 mL syringe is marked every 0.2 mL
            ```

            My questions:

            - Is a calculator like this a medical device? (I assume so.)
            - Who on our side should validate it, and against what?
            - Should it use weights entered by families at all, or only the last weight
              recorded in clinic?
        """,
        "replies": [
            ("hannah_fischer", """
                Yes: software that calculates a dose for an individual patient is almost
                certainly a medical device, so ask the company for its regulatory status and
                intended use in writing. Don't accept "it's just a calculator".

                For validation, pharmacy should build a test set of weights and products,
                including the lowest and highest weights, the points where a maximum dose
                cap kicks in, and unit errors (pounds entered as kilograms). Compare the app
                with hand calculations that have been independently checked. Your 3.7 mL
                case belongs in that set.
            """),
            ("daniel_mensah", """
                Rounding should follow the device the family actually uses. Our discharge
                standard is to prescribe a volume measurable with the syringe supplied, and
                to put the syringe size on the label. An app that rounds differently from
                the label is a near miss waiting to happen.
            """),
            ("nana_osei", """
                Please push back on family-entered weights too. Bathroom scales with a baby
                in arms are not a dosing weight. Tie the dose to a clinician-recorded weight
                with its date, and have the app flag when that weight is out of date, which
                in infants can mean a few weeks.
            """),
            ("emma_schulz", """
                Agree with all of the above. When we were offered something similar, we told
                the company we'd reconsider once they showed regulatory status, a validated
                test set, and a fixed clinician-set dose instead of a free calculator. We're
                still waiting.
            """),
        ],
    },
    {
        "title": "Nursing student: can I start on a children's ward and move into informatics?",
        "specialty": "paediatrics",
        "topics": ["careers-innovation"],
        "kind": "question",
        "author": "chloe_martin",
        "body": """
            I qualify in the summer and have a job offer on a children's surgical ward. I love
            paediatrics, but the most fun I had on placement was helping the ward sister test
            a new electronic fluid balance chart.

            I'm worried that years on the ward will leave me behind on the digital side, and
            that informatics roles want adult nursing experience or a computing degree.

            - Is it sensible to start on the ward and keep informatics as a side interest?
            - What small things could I do in my first two years that would count later?
            - Do children's hospitals have nurse informatician roles, or are they all in
              adult trusts?
        """,
        "replies": [
            ("aoife_brennan", """
                Take the ward job. Clinical credibility is the one thing an informatics team
                can't teach you, and children's nursing gives you a very particular kind:
                weights, parents, tiny volumes. Volunteer as a super-user the next time the
                ward gets a system change and you'll be noticed quickly.
            """),
            ("lucy_whitaker", """
                Mentor hat on. Small things that count later, none of which mean leaving the
                ward:

                1. Be a super-user for any go-live.
                2. Keep a private note of every workaround you see. Each one is a
                   requirement someone missed.
                3. Join one QI project and see it through to the end.
                4. Ask to shadow your hospital's clinical safety officer for a day.
                5. Do an introductory health informatics course once you've settled in.

                Message me any time if you want to talk it through.
            """),
            ("tom_adebayo", """
                I was a critical care nurse for nine years before moving into informatics,
                and I never felt behind. Those years were the qualification. Children's
                hospitals do have these roles; the teams are smaller, so each person covers
                more ground, which is great experience.
            """),
            ("nana_osei", """
                From the children's hospital side: our best digital nurse came straight
                from a surgical ward. Enjoy your first year, and when you're ready, message
                me and I'll introduce you to our clinical informatics team.
            """),
        ],
    },
]
