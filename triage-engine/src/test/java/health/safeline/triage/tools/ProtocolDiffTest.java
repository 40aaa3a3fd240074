package health.safeline.triage.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.triage.engine.TriageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol change report lists exactly the calls whose level changed. */
class ProtocolDiffTest {

    static final Path PROTOCOL = Path.of("src/main/resources/protocol");

    @TempDir
    Path tmp;

    Path copy(String name, String from, String to) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(PROTOCOL)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                if (f.getFileName().toString().equals("protocol.yaml")) {
                    text = text.replaceFirst("(?m)^version: .*$", "version: \"" + name + "\"");
                } else if (from != null) {
                    text = text.replace(from, to);
                }
                Files.writeString(dir.resolve(f.getFileName()), text);
            }
        }
        return dir;
    }

    Path corpus() throws IOException {
        return Files.writeString(tmp.resolve("corpus.jsonl"), """
                {"id":"clot","age":74,"reason":"leg pain","narrative":"Pain and swelling in her right calf since yesterday.","expected":"urgent"}
                {"id":"refill","age":70,"reason":"refill","narrative":"Needs a refill of his statin, feels fine.","expected":"routine"}
                """);
    }

    @Test
    void identicalProtocolsChangeNothing() throws IOException {
        TriageEngine a = TriageEngine.fromDirectory(copy("a", null, null));
        TriageEngine b = TriageEngine.fromDirectory(copy("b", null, null));
        List<Corpus.Call> calls = Corpus.read(corpus());
        assertTrue(ProtocolDiff.diff(a, b, calls).isEmpty());
        assertTrue(ProtocolDiff.report(a, b, calls, List.of()).contains("2 calls, 0 changed level"));
    }

    @Test
    void aLoweredLevelIsReportedWithItsCall() throws IOException {
        TriageEngine before = TriageEngine.fromDirectory(copy("before", null, null));
        TriageEngine after = TriageEngine.fromDirectory(copy("after", "level: urgent", "level: same-day"));
        List<Corpus.Call> calls = Corpus.read(corpus());
        List<ProtocolDiff.Change> changes = ProtocolDiff.diff(before, after, calls);
        assertEquals(1, changes.size());
        assertEquals("corpus.jsonl:clot", changes.get(0).call().id());
        assertTrue(changes.get(0).lowered());
        String report = ProtocolDiff.report(before, after, calls, changes);
        assertTrue(report.contains("before -> after"), report);
        assertTrue(report.contains("| corpus.jsonl:clot | urgent | urgent | **same-day** (lowered)"), report);
        assertFalse(report.contains("refill |"), report);
    }
}
