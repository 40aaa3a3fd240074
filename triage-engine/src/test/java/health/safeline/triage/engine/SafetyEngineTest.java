package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import health.safeline.api.Vitals;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Combinations, unrecognised symptoms, administrative calls, implausible vitals, determinism and speed. */
class SafetyEngineTest {
    static final TriageEngine ENGINE = GoldenRulesEngineTest.ENGINE;

    static Assessment assess(String reason, String text, Integer age, Vitals v, List<String> meds) {
        return ENGINE.assess(new TriageInput(reason, text, age, v, meds));
    }

    @Test
    void combinationsRaiseTheLevel() {
        assertEquals(TriageLevel.URGENT, assess(null, "right calf swollen and sore", 50, null, null).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "right calf swollen and sore, now short of breath", 50, null, null).level());
        assertEquals(TriageLevel.URGENT, assess(null, "black stools", 50, null, null).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "black stools and fainted this morning", 50, null, null).level());
        assertEquals(TriageLevel.URGENT, assess(null, "pain in her ribs", 70, null, null).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "pain in her ribs after a fall", 70, null, List.of("apixaban 5mg")).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "rib pain and breathless", 70, null, null).level());
        assertEquals(TriageLevel.URGENT, assess(null, "BP high", 60, new Vitals(185, 95, null, null, null, null, null), null).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "BP high, slurred speech", 60, new Vitals(185, 95, null, null, null, null, null), null).level());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "fever and new confusion", 70, null, null).level());
    }

    @Test
    void anticoagulantFromMedicationList() {
        Assessment a = assess("fall", "Fell and bumped her head", 60, null, List.of("Warfarin 5 mg daily"));
        assertTrue(a.fired("head-injury-anticoagulant"), a.matchedRules().toString());
        assertTrue(a.matchedRules().stream().filter(r -> r.id().equals("head-injury-anticoagulant"))
                .anyMatch(r -> r.evidence().contains("Warfarin")));
    }

    @Test
    void unrecognisedSymptomsAreNeverRoutine() {
        Assessment a = assess(null, "my toenail turned purple and it hurts", 50, null, null);
        assertEquals(TriageLevel.SAME_DAY, a.level());
        assertTrue(a.redFlags().stream().anyMatch(f -> f.id().equals("unrecognised-symptoms")));
        Assessment mixed = assess(null, "Needs a refill, also her toenail hurts", 50, null, null);
        assertEquals(TriageLevel.SAME_DAY, mixed.level(), mixed.matchedRules().toString());
        assertTrue(mixed.redFlags().stream().anyMatch(f -> f.id().equals(Assessment.UNRECOGNISED)));
        Assessment empty = assess(null, null, null, null, null);
        assertEquals(TriageLevel.SAME_DAY, empty.level());
        assertEquals(Assessment.UNRECOGNISED, empty.redFlags().get(0).id());
    }

    @Test
    void administrativeCallsAreRoutine() {
        for (String s : List.of("Needs a refill of her metformin, feels fine.", "Wants to book his annual wellness visit.",
                "Calling for lab results.", "Needs FMLA paperwork completed.", "Wants a flu vaccine.", "Needs a referral to dermatology.")) {
            Assessment a = assess(null, s, 70, null, null);
            assertEquals(TriageLevel.ROUTINE, a.level(), s + " " + a.matchedRules());
            assertTrue(a.redFlags().isEmpty());
        }
    }

    @Test
    void onlySameDayRuleGivesSameDay() {
        Assessment a = assess("earache", "Earache for three days.", 40, null, null);
        assertEquals(TriageLevel.SAME_DAY, a.level());
        assertTrue(a.redFlags().isEmpty(), a.redFlags().toString());
    }

    @Test
    void implausibleVitalsThrow() {
        assertThrows(ImplausibleVitalsException.class, () -> assess(null, "x", 50, new Vitals(900, null, null, null, null, null, null), null));
        assertThrows(ImplausibleVitalsException.class, () -> assess(null, "x", 50, new Vitals(null, null, null, null, null, 120, null), null));
        assertThrows(ImplausibleVitalsException.class, () -> assess(null, "x", 50, new Vitals(null, null, null, null, 60.0, null, null), null));
        ImplausibleVitalsException e = assertThrows(ImplausibleVitalsException.class,
                () -> assess(null, "x", 50, new Vitals(null, null, 300, null, null, null, null), null));
        assertEquals("heartRate", e.field());
        assertEquals(TriageLevel.EMERGENCY, assess(null, "", 50, new Vitals(null, null, null, null, null, 40, null), null).level());
    }

    @Test
    void deterministicAndThreadSafe() throws Exception {
        TriageInput in = new TriageInput("leg", "Pain and swelling in her right leg, no fever, hx DVT 2 yrs ago, on Eliquis", 74,
                new Vitals(150, 90, 104, 18, 37.2, 95, 110), List.of("apixaban"));
        Assessment first = ENGINE.assess(in);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Assessment>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) fs.add(pool.submit(() -> ENGINE.assess(in)));
            for (Future<Assessment> f : fs) assertEquals(first, f.get());
        } finally {
            pool.shutdown();
        }
        assertEquals(first, TriageEngine.fromClasspath().assess(in));
    }

}
