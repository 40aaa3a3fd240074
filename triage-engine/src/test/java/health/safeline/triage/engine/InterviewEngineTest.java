package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's side of the guided interview (issue 25): which questions a call still needs, and the agent's answers. */
class InterviewEngineTest {
    static final TriageEngine ENGINE = GoldenRulesEngineTest.ENGINE;

    static Assessment assess(String text, int age, Map<String, Answer> answers) {
        return ENGINE.assess(new TriageInput(null, text, age, null, null), answers);
    }

    static Question question(Assessment a, String linkId) {
        return a.questions().stream().filter(q -> q.linkId().equals(linkId)).findFirst().orElseThrow(
                () -> new AssertionError(linkId + " not asked: " + a.questions()));
    }

    @Test
    void aVagueComplaintHoldsForItsProtocolsUrgentQuestionsMostUrgentFirst() {
        Assessment a = assess("tummy ache since this morning", 50, Map.of());
        assertEquals(TriageLevel.SAME_DAY, a.level(), a.matchedRules().toString());
        assertTrue(a.questionsPending());
        Question rigid = question(a, "rigid-abdomen");
        assertTrue(rigid.critical());
        assertNull(rigid.answer());
        assertEquals("abdominal-pain", rigid.protocol());
        assertFalse(rigid.text().isBlank(), "the sentence the agent reads aloud");
        List<String> ids = a.questions().stream().map(Question::linkId).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), "each question once");
    }

    @Test
    void aYesEscalatesAndUnsureCountsAsYes() {
        assertEquals(TriageLevel.EMERGENCY, assess("tummy ache since this morning", 50, Map.of("rigid-abdomen", Answer.YES)).level());
        Assessment unsure = assess("tummy ache since this morning", 50, Map.of("rigid-abdomen", Answer.UNSURE));
        assertEquals(TriageLevel.EMERGENCY, unsure.level());
        assertEquals("unsure", question(unsure, "rigid-abdomen").answer());
        assertTrue(unsure.fired("rigid-abdomen"));
    }

    @Test
    void answeringEveryCriticalQuestionNoClearsTheHold() {
        Assessment first = assess("tummy ache since this morning", 50, Map.of());
        Map<String, Answer> no = new java.util.HashMap<>();
        first.questions().stream().filter(Question::critical).forEach(q -> no.put(q.linkId(), Answer.NO));
        Assessment after = assess("tummy ache since this morning", 50, no);
        assertFalse(after.questionsPending(), after.questions().toString());
        assertEquals(TriageLevel.SAME_DAY, after.level());
    }

    @Test
    void theCallersWordsWinOverAnAgentsNo() {
        Assessment a = assess("c/o CP x2h, sweaty", 64, Map.of("chest-pain-cardiac-features", Answer.NO));
        assertEquals(TriageLevel.EMERGENCY, a.level());
        assertEquals("yes", question(a, "chest-pain-cardiac-features").answer());
        assertFalse(question(a, "chest-pain-cardiac-features").evidence().isEmpty());
    }

    @Test
    void escalatedAndAdministrativeCallsAreNotHeld() {
        assertFalse(assess("c/o CP x2h, sweaty", 64, Map.of()).questionsPending(), "the text settles it");
        Assessment refill = assess("needs a refill of her statin", 80, Map.of());
        assertFalse(refill.questionsPending());
        assertTrue(refill.questions().isEmpty(), refill.questions().toString());
    }
}
