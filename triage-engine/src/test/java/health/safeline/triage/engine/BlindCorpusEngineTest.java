package health.safeline.triage.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.triage.tools.Corpus;
import health.safeline.triage.tools.Corpus.Call;
import health.safeline.triage.tools.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blind part of the corpus (blind/blind-*.jsonl, written by helpers who read only CLINICAL.md and DESIGN.md)
 * held as one part to the triage-v2 targets; each file's figures are printed. The held-out calls (blind/held-out/)
 * are not read here.
 */
class BlindCorpusEngineTest {
    static final Path BLIND = Path.of("src/test/resources/engine/blind");

    @Test
    void theBlindPartMeetsTheTargets() throws IOException {
        List<Call> all = new ArrayList<>();
        try (var files = Files.list(BLIND)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                List<Call> calls = Corpus.read(f);
                System.out.println(f.getFileName() + ": " + Figures.of(GoldenRulesEngineTest.ENGINE, calls));
                all.addAll(calls);
            }
        }
        Figures figures = Figures.of(GoldenRulesEngineTest.ENGINE, all);
        System.out.println("the blind part: " + figures);
        assertTrue(all.size() >= 200, "the blind part has " + all.size() + " calls");
        assertTrue(figures.meetsTargets(), "the blind part: " + figures);
    }
}
