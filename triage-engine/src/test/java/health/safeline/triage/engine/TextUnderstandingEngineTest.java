package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import health.safeline.triage.engine.Numbers.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Negation, history, inflections, abbreviations and numbers in the agent's free text. */
class TextUnderstandingEngineTest {
    static final TriageEngine ENGINE = GoldenRulesEngineTest.ENGINE;

    static Assessment assess(String text, Integer age) {
        return ENGINE.assess(new TriageInput(null, text, age, null, null));
    }

    @ParameterizedTest(name = "negated: {0}")
    @CsvSource(delimiter = '|', value = {
            "Denies chest pain or shortness of breath. Wants a refill.",
            "No blood in stool. Wants to book a colonoscopy.",
            "Wants a flu shot, without fever or cough.",
            "Denies CP, SOB, N/V. Here for f/u of labs.",
            "No chest pain, no SOB, no leg swelling. Needs forms filled.",
            "Negative for fever and chills. Wants test results."})
    void negatedFindingsDoNotFire(String text) {
        Assessment a = assess(text, 70);
        assertEquals(TriageLevel.ROUTINE, a.level(), a.matchedRules().toString());
    }

    @Test
    void negationScopeEndsAtButAndAtNewFinding() {
        assertEquals(TriageLevel.URGENT, assess("denies chest pain but is short of breath", 40).level());
        assertTrue(assess("no fever, R calf swollen", 40).fired("suspected-dvt"));
        // a negation ends at its listed item when "and" closes the list: what follows is what the caller has
        assertTrue(assess("No injury, pain and swelling in her right calf since yesterday.", 40).fired("suspected-dvt"));
        assertFalse(assess("No injury, fever or swelling in her right calf.", 40).fired("suspected-dvt"));
        assertTrue(assess("No fever. Left leg swollen and painful.", 40).fired("suspected-dvt"));
        assertTrue(assess("no fever and her leg is swollen and sore", 40).fired("suspected-dvt"));
    }

    @Test
    void historyIsNotACurrentComplaint() {
        assertEquals(TriageLevel.ROUTINE, assess("hx DVT 2 yrs ago, completed tx. Needs refill of metoprolol.", 70).level());
        Assessment gi = assess("Had a GI bleed three years ago, wants to schedule his surveillance colonoscopy. No bleeding now.", 71);
        assertEquals(TriageLevel.ROUTINE, gi.level(), gi.matchedRules().toString());
        // history still counts as a risk factor, and a new complaint after "now" is current
        Assessment dvt = assess("h/o DVT, now c/o R calf pain x3d", 60);
        assertTrue(dvt.fired("suspected-dvt"), dvt.matchedRules().toString());
    }

    @Test
    void inflectionsAndAbbreviations() {
        assertTrue(assess("vomited blood twice", 40).fired("gi-bleed-vomiting-blood"));
        assertTrue(assess("he is vomiting blood", 40).fired("gi-bleed-vomiting-blood"));
        assertTrue(assess("swelled up in the left calf, painful", 40).fired("suspected-dvt"));
        assertTrue(assess("pt c/o SOB", 40).fired("breathing-difficulty"));
        assertTrue(assess("c/o CP", 40).fired("chest-pain"));
        assertTrue(assess("severe HA", 40).fired("severe-headache"));
        assertTrue(assess("N/V since last night", 40).fired("vomiting-or-diarrhea"));
        assertTrue(assess("SWOLLEN R CALF AND PAINFUL", 40).fired("suspected-dvt"));
    }

    @Test
    void evidenceQuotesTheCallersWords() {
        Assessment a = ENGINE.assess(new TriageInput("blood pressure", "Sudden spike in her blood pressure today, home monitor shows 200/120.",
                71, null, null));
        MatchedRule crisis = a.matchedRules().stream().filter(r -> r.id().equals("hypertensive-crisis")).findFirst().orElseThrow();
        assertEquals(List.of("200/120"), crisis.evidence());
        assertFalse(a.redFlags().isEmpty());
        assertTrue(a.redFlags().stream().anyMatch(f -> f.id().equals("hypertensive-crisis") && f.evidence().contains("200/120")));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "BP 196/118 this morning|SYSTOLIC|196|BP 196/118",
            "BP 196/118 this morning|DIASTOLIC|118|BP 196/118",
            "home monitor shows 200/120|SYSTOLIC|200|200/120",
            "temperature 38.6|TEMPERATURE_C|38.6|temperature 38.6",
            "temp 101.5F|TEMPERATURE_C|38.6|temp 101.5F",
            "she has 39.2 C|TEMPERATURE_C|39.2|39.2 C",
            "SpO2 89%|SPO2|89|SpO2 89%",
            "oxygen 88 on room air|SPO2|88|oxygen 88",
            "sats 89%|SPO2|89|sats 89%",
            "pulse 150|HEART_RATE|150|pulse 150",
            "HR 150|HEART_RATE|150|HR 150",
            "glucose 41|GLUCOSE|41|glucose 41",
            "meter reads 41|GLUCOSE|41|meter reads 41",
            "sugar was 41 this morning|GLUCOSE|41|sugar was 41",
            "RR 28|RESPIRATORY_RATE|28|RR 28",
            "BP 190 over 110|SYSTOLIC|190|BP 190 over 110",
            "blood pressure is 200 over 100|DIASTOLIC|100|blood pressure is 200 over 100",
            "top number 195 on her machine|SYSTOLIC|195|top number 195",
            "heart pounding 140|HEART_RATE|140|heart pounding 140"})
    void numbersInText(String text, Vital vital, double value, String evidence) {
        List<Reading> rs = Numbers.find(text);
        assertTrue(rs.stream().anyMatch(r -> r.vital() == vital && r.value() == value && r.evidence().equals(evidence)), rs.toString());
    }

    @Test
    void negationInsideAPhraseAndNamesThatAreNotFindings() {
        assertFalse(assess("headache and fever, neck not stiff", 30).fired("headache-fever-stiff-neck"));
        assertFalse(assess("dry cough, breathing does not hurt", 40).fired("pleuritic-chest-pain"));
        assertFalse(assess("hay fever, sneezing and itchy eyes", 40).fired("fever"));
        assertEquals(TriageLevel.ROUTINE, assess("No jaw or arm pain, wants her BP meds refilled.", 60).level());
        // a negation word that is part of the phrase itself still counts as the finding
        assertTrue(assess("bleeding from a cut that will not stop", 40).fired("severe-bleeding"));
    }

    @Test
    void numbersThatAreNotVitals() {
        assertTrue(Numbers.find("pain 8/10 since 3/12").isEmpty(), Numbers.find("pain 8/10 since 3/12").toString());
        assertTrue(Numbers.find("pulse ox 95").stream().noneMatch(r -> r.vital() == Vital.HEART_RATE));
        assertTrue(Numbers.find("fever for 3 days, over 100 people at the party").stream().noneMatch(r -> r.vital() == Vital.SYSTOLIC));
        assertEquals(82, Numbers.age("82 yo female with cough"));
    }

    @Test
    void textNumbersDriveRules() {
        assertTrue(assess("Blood pressure 230/130 and he has chest pain.", 69).fired("hypertensive-emergency"));
        assertEquals(TriageLevel.EMERGENCY, assess("sats 87% on room air", 60).level());
        assertEquals(TriageLevel.EMERGENCY, assess("diabetic, sugar 41 and sweaty", 60).level());
        assertEquals(TriageLevel.URGENT, assess("temp 101.5F", 80).level());
    }
}
