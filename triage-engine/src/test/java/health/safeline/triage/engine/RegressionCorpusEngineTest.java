package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.api.TriageLevel;
import health.safeline.triage.tools.Corpus;
import health.safeline.triage.tools.Corpus.Call;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;



/**
 * The regression corpus (engine/regression-corpus.jsonl, same shape as dev.jsonl): varied agent phrasings of every red
 * flag of CLINICAL.md, same-day complaints and administrative calls, written independently of the dev sample. Asserts
 * no under-triage of emergency/urgent calls and reports the exact-match rate. The protocol-diff tool runs the same file.
 */
class RegressionCorpusEngineTest {
    static final Path CORPUS = Path.of("src/test/resources/engine/regression-corpus.jsonl");

    @Test
    void corpusIsWellFormed() {
        List<Call> all = Corpus.read(CORPUS);
        assertTrue(all.size() >= 150, "regression corpus needs at least 150 calls, has " + all.size());
        Set<String> ids = new HashSet<>();
        for (Call c : all) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            TriageLevel exp = TriageLevel.fromCode(c.expected()).orElse(null);
            assertNotNull(exp, c.id() + ": bad expected level");
            assertTrue(c.accept().contains(exp.code()), c.id() + ": accept must contain the expected level");
            for (String a : c.accept()) {
                assertTrue(TriageLevel.fromCode(a).isPresent(), c.id() + ": bad accepted level " + a);
            }
            assertTrue(c.narrative() != null && !c.narrative().isBlank(), c.id() + ": empty narrative");
        }
    }

    @Test
    void noUnderTriageOfEmergencyOrUrgentCalls() {
        CorpusScore score = CorpusScore.of(GoldenRulesEngineTest.ENGINE, Corpus.read(CORPUS));
        score.print("regression-corpus.jsonl");
        assertEquals(List.of(), score.underTriaged(), "under-triaged emergency/urgent calls");
        assertTrue(score.exact() >= 0.9 * score.total(), "exact-match rate below 90 %: " + score.exact() + "/"
                + score.total());
    }
}
