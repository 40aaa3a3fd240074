package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.safeline.triage.tools.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The team's dev vignettes (beside the repository), engine only: every emergency/urgent call
 * escalated, all within their accepted levels, at least 90 % exact. The same sample runs through
 * the real API in system-tests (VignettesIT).
 */
class DevVignettesEngineTest {
    private static final Path DEV = Path.of("../../shared/vignettes/dev.jsonl");

    @Test
    void devVignettes() {
        assumeTrue(Files.exists(DEV), "dev vignettes not present: " + DEV.toAbsolutePath());
        CorpusScore score = CorpusScore.of(GoldenRulesEngineTest.ENGINE, Corpus.read(DEV));
        score.print("dev.jsonl");
        assertEquals(List.of(), score.underTriaged(), "under-triaged emergency/urgent vignettes");
        assertEquals(List.of(), score.outsideAccept(), "vignettes outside their accepted levels");
        assertTrue(score.exact() >= 0.9 * score.total(), "exact " + score.exact() + "/" + score.total());
    }
}
