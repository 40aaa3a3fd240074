package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Triage v2's reading: spelling tolerance, numbers in words, glucose units, ConText categories, dispositions. */
class ReadingEngineTest {
    static final TriageEngine ENGINE = GoldenRulesEngineTest.ENGINE;

    static Assessment assess(String text, Integer age) {
        return ENGINE.assess(new TriageInput(null, text, age, null, null));
    }

    static void assertFires(String text, int age, String rule) {
        assertFired(true, text, age, rule);
    }

    static void assertFiresNot(String text, int age, String rule) {
        assertFired(false, text, age, rule);
    }

    private static void assertFired(boolean expected, String text, int age, String rule) {
        Assessment a = assess(text, age);
        assertEquals(expected, a.fired(rule), () -> rule + " in " + a.matchedRules());
    }

    @ParameterizedTest(name = "misspelt: {0}")
    @CsvSource(delimiter = '|', value = {
            "R calf sweling and tender since yesterday|suspected-dvt",
            "brething very hard, cant finish a sentance|severe-breathing-difficulty",
            "confussed since this morning, doesnt know where she is|acute-confusion"})
    void misspeltLexiconWordsAreRead(String text, String rule) {
        assertFires(text, 80, rule);
    }

    @Test
    void englishWordsShortWordsAndCapitalsAreNeverCorrected() {
        Spelling spelling = new Spelling(java.util.Map.of("swell", 1, "bleed", 2), java.util.Set.of(), 5);
        assertEquals(-1, spelling.correct("swel", "swel"), "4 letters: too short");
        assertEquals(1, spelling.correct("swelll", Text.stem("swelll")));
        assertEquals(-1, spelling.correct("SWELX", "swelx"), "capitals are abbreviations");
        assertEquals(-1, spelling.correct("smell", "smell"), "an English word is not a typo");
        assertEquals(-1, spelling.correct("dwell", "dwell"), "another first letter");
        assertEquals(1, Spelling.distance("bleed", "blede", 2), "a transposition of two letters is one edit");
        assertEquals(3, Spelling.distance("bleed", "xxxxx", 2), "beyond the limit: limit + 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "blood pressure was one ninety over one ten, feels fine|hypertensive-crisis",
            "pulse about a hundred and thirty, at rest|tachycardia",
            "sugar is 2.9 and she is shaky and sweaty|hypoglycemia"})
    void numbersInWordsAndMmolAreRead(String text, String rule) {
        assertFires(text, 75, rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "palpitations since this morning, pulse 130.|tachycardia",
            "feels a bit off. sats 88. no other complaint|severe-breathing-difficulty",
            "RR 24. tired|fast-breathing"})
    void aNumberEndingASentenceIsRead(String text, String rule) {
        assertFires(text, 80, rule);
    }

    @Test
    void aDeterminerOrPossessiveInsideAPhraseKeepsIt() {
        assertTrue(assess("keeps dropping her cup with her right hand since breakfast", 80).fired("stroke-befast"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dizzy when rolling over, neg for weakness, numbness, slurred speech, double vision|stroke-befast",
            "fell on her hand last week, didnt hit her head, wrist swollen|head-injury-senior",
            "shingles rash on her ribs, nothing on face or near eyes|shingles-near-eye",
            "back sore after gardening, no numbnes or weakness in legs|weakness"})
    void contractionsNegForAndListsWithPrepositionsNegate(String text, String rule) {
        assertFiresNot(text, 80, rule);
    }

    @Test
    void inabilityIsNoNegation() {
        assertTrue(assess("she cant stop coughing", 80).fired("mild-cough"));
        assertTrue(assess("hasnt been able to keep anything down since yesterday", 80).fired("dehydration-risk"));
    }

    @Test
    void aRecognisedComplaintExplainsItsSentencesSymptomWordsButARefillDoesNot() {
        assertFalse(assess("calf achy after a long hike yesterday, like a muscle cramp, eases with rest", 80)
                .fired(Assessment.UNRECOGNISED));
        Assessment refill = assess("needs a refill of her statin, also a lump on her neck", 80);
        assertTrue(refill.fired(Assessment.UNRECOGNISED), refill.matchedRules().toString());
        assertFalse(assess("wants to discuss ozempic for weight loss", 80).fired(Assessment.UNRECOGNISED));
    }

    @Test
    void aYearOrLastMonthIsHistoryButSinceLastMonthIsNot() {
        assertFalse(assess("needs a refill on eliquis, had a clot in her leg in 2019, no new swelling", 80).fired("suspected-dvt"));
        assertFalse(assess("had CP last month, stress test normal, none since", 84).fired("chest-pain-over-50"));
        assertTrue(assess("chest pain on and off since last month", 84).fired("chest-pain-over-50"));
    }

    @Test
    void aQuestionAboutAPossibleFindingIsUnderstood() {
        Assessment a = assess("wants to know what to do if she gets dizzy again, nothing now, just wants a plan", 80);
        assertEquals(TriageLevel.ROUTINE, a.level(), a.matchedRules().toString());
        assertTrue(assess("her toe is black, denies pain", 80).fired(Assessment.UNRECOGNISED), "a denial alone explains nothing");
    }

    @Test
    void commonShortMisspellingsAndATripThatIsAJourney() {
        assertTrue(assess("diarrhea for 3 days, got real dizy when he stood up", 82).fired("dehydration-risk"));
        assertFalse(assess("wants a cortisone shot for her knee before her trip", 80).fired("fall"));
        assertTrue(assess("had a trip on the stairs this morning", 80).fired("fall"));
    }

    @Test
    void theExplanationNamesTheProtocolsTheCallIsAbout() {
        Assessment a = assess("stye on her upper eyelid, warm compresses helping, vision fine", 80);
        assertTrue(a.protocolIds().contains("eye"), a.protocolIds().toString());
        assertFalse(a.protocolIds().contains("back-pain"), "a question shared with the back-pain protocol does not bring it in");
        Assessment b = assess("fainted at church, h/o heart failure", 85);
        assertTrue(b.protocolIds().contains("fainting"), b.protocolIds().toString());
    }

    @Test
    void notedIsNotNot() {
        assertFalse(assess("chronic back pain, same for ten years, no numbness, legs not weak, wants a refill", 80)
                .fired("back-pain-red-flags"), "'noted' once stemmed to 'not', so 'not weak' read as weakness");
        assertTrue(assess("noted weakness in her legs since this morning", 80).fired("weakness"));
    }

    @Test
    void aNewNegationEndsTheListBeforeIt() {
        Assessment a = assess("itchy rash on her arms, no lip or tongue swelling no trouble breathing", 80);
        assertFalse(a.fired("anaphylaxis"), a.matchedRules().toString());
    }

    @Test
    void someoneElsesScopeRunsOnThroughAnd() {
        Assessment a = assess("asking about the shingles shot, her sister got shingles by her eye and almost lost the vision in it", 80);
        assertFalse(a.fired("sudden-vision-loss"), a.matchedRules().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "watery diarrhoea four times since last night, drinking well, he does not feel dizzy|dehydration-risk",
            "neighbour has shingles, she has had both shots and has no rash or pain herself|" + Assessment.UNRECOGNISED,
            "wants the high-dose flu jab, neither of us is poorly|" + Assessment.UNRECOGNISED,
            "reached up three days ago and felt something go in his shoulder, cant lift his arm above shoulder height without a lot of pain|stroke-befast",
            "how do I use the new nitro spray, what do I do if I get chest pain? no chest pain now|chest-pain-over-50",
            "on warfarin, had a fall at Easter, no falls since, wants a falls-prevention referral|fall-on-anticoagulant"})
    void negationAndContextReadAsACallerMeansIt(String text, String rule) {
        assertFiresNot(text, 78, rule);
    }

    @Test
    void handfulIsNotHands() {
        Assessment a = assess("can he take advil for the arthritis in his hands with his water pill", 80);
        assertFalse(a.fired("suicide-risk-imminent"), a.matchedRules().toString());
        assertTrue(assess("took a handful of her sleeping pills", 80).fired("suicide-risk-imminent"));
    }

    @Test
    void aDecimalIsNotCutAtItsPoint() {
        assertTrue(Numbers.find("pulse 130.5").isEmpty(), "130.5 is no heart rate, and not 130 either");
    }

    @Test
    void spokenNumbers() {
        assertEquals("temp 102 since last night", SpokenNumbers.digits("temp a hundred and two since last night"));
        assertEquals("bp 190 over 110", SpokenNumbers.digits("bp one ninety over one ten"));
        assertEquals("98.6 degrees", SpokenNumbers.digits("ninety eight point six degrees"));
        assertEquals("temp 102", SpokenNumbers.digits("temp one oh two"));
        assertEquals("one side, two days", SpokenNumbers.digits("one side, two days"), "a lone unit stays a word");
    }

    @Test
    void glucoseUnderThirtyFiveIsMmolPerLitre() {
        assertEquals(58.0, Numbers.find("sugar is 3.2").get(0).value());
        assertEquals(450.0, Numbers.find("blood sugar 25").get(0).value());
        assertEquals(110.0, Numbers.find("blood sugar 110").get(0).value());
    }

    @Test
    void anotherPersonsFindingIsDismissedAndShown() {
        Assessment a = assess("her friend had a heart attack last month. She wants her flu shot.", 72);
        assertFalse(a.level().escalates(), a.matchedRules().toString());
        assertTrue(a.dismissed().stream().anyMatch(f -> f.context().equals("other-person")), a.dismissed().toString());
    }

    @Test
    void aRelativeCallingIsNotAnotherPerson() {
        assertEquals(TriageLevel.EMERGENCY, assess("friend calling, he has crushing chest pain and is sweating", 70).level());
        assertEquals(TriageLevel.EMERGENCY, assess("wife calling, husband has crushing chest pain and is sweating", 70).level());
    }

    @Test
    void aWitnessIsNotTheExperiencer() {
        assertTrue(assess("his friend saw him collapse in the garden", 75).level().escalates());
        assertTrue(assess("a neighbour found her on the floor, she is confused", 85).level().escalates());
    }

    @Test
    void getsUpIsNotHypothetical() {
        assertEquals(TriageLevel.EMERGENCY, assess("black tarry stools since yesterday and if she gets up she feels faint", 75).level());
    }

    @Test
    void aHypotheticalFindingDoesNotFireAndStaysOpen() {
        Assessment a = assess("wife asking what he should do if he gets chest pain again. Wants a refill of his nitro.", 80);
        assertFalse(a.fired("chest-pain"), a.matchedRules().toString());
        assertTrue(a.open().stream().anyMatch(f -> f.context().equals("hypothetical")), a.open().toString());
        assertTrue(assess("not sure if it is chest pain or heartburn", 80).level().escalates(), "uncertainty is not hypothetical");
    }

    @Test
    void negatedAndHistoricalRedFlagsAreListedAsDismissed() {
        Assessment a = assess("Refill of statin. h/o DVT 2019. Denies chest pain.", 71);
        List<String> contexts = a.dismissed().stream().map(health.safeline.api.TriageExplanation.Finding::context).toList();
        assertTrue(contexts.contains("negated") && contexts.contains("historical"), a.dismissed().toString());
    }

    @Test
    void theReasonLineTakesTheNarrativesContextForSomeoneElsesOrAPossibleFinding() {
        Assessment sister = ENGINE.assess(new TriageInput("sister's chest pain",
                "her sister had chest pain and was taken in yesterday. she wants a heart check herself, no symptoms", 74, null, null));
        assertFalse(sister.level().escalates(), sister.matchedRules().toString());
        Assessment question = ENGINE.assess(new TriageInput("chest pain question",
                "wants to know what to do if he gets chest pain again like when he had his stent. none now, needs his nitro refilled", 73, null, null));
        assertFalse(question.level().escalates(), question.matchedRules().toString());
        // negation or history in the narrative never dismisses the reason: the pain may just have stopped
        assertEquals(TriageLevel.EMERGENCY, ENGINE.assess(new TriageInput("chest pain",
                "had it for twenty minutes after lunch, no chest pain now", 73, null, null)).level());
        assertEquals(TriageLevel.EMERGENCY, ENGINE.assess(new TriageInput("chest pain",
                "her sister had chest pain last year too, he has had it since this morning", 73, null, null)).level());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hasnt passed any urine for ten hours, straining on the toilet|urinary-retention",
            "since breakfast the left side of his mouth is hanging down and his tea dribbles out that side|stroke-befast",
            "his talking is a bit thick, hard to understand him|stroke-befast",
            "cant lie down flat, has to sit up in the chair all night, coughing up pink frothy spit|severe-breathing-difficulty",
            "she took tuesdays and wednesdays warfarin both yesterday|medication-double-dose",
            "on digoxin, nauseous and off her food, lights have yellow-green rings round them|digoxin-toxicity",
            "moms left leg is fat and hot from the knee down since yesterday, sore to walk on|suspected-dvt",
            "being treated for a UTI, hasnt passed water since 9 last night|sepsis-high-risk",
            "pressure like an elephant sitting on me since shoveling snow, goes down his left arm|chest-pain-over-50",
            "during a coughing fit something popped in her L ribs, now sharp pain there when she moves|rib-pain-senior",
            "slipped in the shower and hit R side on the edge of the tub, on warfarin, short of breath just sitting|rib-pain-high-risk",
            "since yesterday her L ear went muffled like cotton wool, no pain|sudden-hearing-loss",
            "I just dont want to wake up in the mornings anymore, tired of it all. said she wouldnt do anything to herself|suicidal-thoughts",
            "unwitnessed fall in the lounge, lump to occiput, on apixaban, vomited x2 since and drowsier than baseline|head-injury-red-flags",
            "went to the loo in the night and she found him on the bathroom floor at seven, he reckons he went down about two|long-lie",
            "red patch on his shin, hot to touch, bigger since yesterday, the pharmacist drew round it in pen|cellulitis-spreading",
            "says her side is killing her around the ribs, no fall|rib-pain-senior"})
    void indirectWordsForARedFlagAreRead(String text, String rule) {
        assertFires(text, 80, rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "carer says his dentures keep slipping when he eats|fall",
            "asking about the shingrix second dose, had the first one in May|medication-double-dose",
            "had a stroke 3 years ago, weakness in right hand left over from then, needs his clopidogrel refill|stroke-befast",
            "wants to talk about losing weight for her knees, asking about a dietitian|" + Assessment.UNRECOGNISED,
            "change her pharmacy to the one on Elm St for all scripts|" + Assessment.UNRECOGNISED,
            "moving his metoprolol rx to the new cvs, feels fine|" + Assessment.UNRECOGNISED,
            "bp question. home BP 132/78 this am, wants to know is that ok|" + Assessment.UNRECOGNISED,
            "bladder leaking. leaks a bit when she laughs, for years, wants a pelvic floor referral|" + Assessment.UNRECOGNISED,
            "daughter realised mom took double warfarin yesterday, pill box mix up, no bleeding|acute-confusion",
            "wants to update her med list after hospital discharge 3 wks ago (pneumonia), doing well|pneumonia",
            "went to ER last month for chest pain, they said heart was ok, no chest pain since, needs cardiology referral|chest-pain",
            "wants a plan for what to do if she ever gets chest pain again, she has angina hx but nothing lately|chest-pain",
            "the metformins giving me the runs since the dose went up to 1 g twice a day last week|medication-double-dose",
            "walks w/ limp from old knee injury, unchanged for years, wants a physio referral|minor-injury",
            "unwitnessed fall, drowsier than baseline|chronic-unchanged-symptom",
            "cardiologist told her to ring if the palpitations came back. They havent, just wants the monitor results|palpitations",
            "wants a medication review, she is on fourteen tablets and finds them hard to swallow|swallowing-difficulty",
            "I want make appointment for the flu injection please|" + Assessment.UNRECOGNISED,
            "rattling with all these pills, can the doctor see if I can cut some out|" + Assessment.UNRECOGNISED,
            "hearing's slowly got worse over the last few years, wants a referral for hearing aids|" + Assessment.UNRECOGNISED})
    void lookAlikesOfARedFlagAreNot(String text, String rule) {
        assertFiresNot(text, 80, rule);
    }

    @Test
    void aReasonWordIsExplainedOnlyByTheSameWordsRecognisedInTheNarrative() {
        assertFalse(ENGINE.assess(new TriageInput("leaking", "she leaks a bit of wee when she coughs, for a good while, no burning",
                72, null, null)).fired(Assessment.UNRECOGNISED));
        assertTrue(ENGINE.assess(new TriageInput("tired", "eating less, no BM for 3 days", 83, null, null))
                .fired(Assessment.UNRECOGNISED), "tiredness is not constipation");
        assertEquals(TriageLevel.ROUTINE, assess("carer asks for a continence pad reassessment, the current ones are too small", 86).level());
    }

    @Test
    void theDispositionCarriesTheBookingWindow() {
        Assessment sameDay = assess("threw up twice last night", 30);
        assertEquals(TriageLevel.SAME_DAY, sameDay.disposition().level());
        assertEquals(24, sameDay.disposition().windowHours());
        Assessment urgent = assess("Caller thinks she has a blood clot. Pain and swelling in her right leg.", 74);
        assertEquals(TriageLevel.URGENT, urgent.disposition().level());
        assertEquals(0, urgent.disposition().windowHours());
    }
}
