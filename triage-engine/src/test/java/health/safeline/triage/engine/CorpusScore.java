package health.safeline.triage.engine;

import health.safeline.api.TriageLevel;
import health.safeline.triage.tools.Corpus.Call;
import java.util.ArrayList;
import java.util.List;

/** Runs a corpus through the engine and scores it against the expected and accepted levels. */
record CorpusScore(int total, int exact, int accepted, int escalations, List<String> underTriaged,
        List<String> outsideAccept, List<String> notExact) {

    static CorpusScore of(TriageEngine engine, List<Call> calls) {
        int exact = 0;
        int accepted = 0;
        int escalations = 0;
        List<String> under = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        List<String> notExact = new ArrayList<>();
        for (Call call : calls) {
            Assessment a = engine.assess(call.input());
            String got = a.level().code();
            String line = call.id() + " expected " + call.expected() + " got " + got + " | " + call.narrative() + " | "
                    + a.matchedRules().stream().map(r -> r.id() + r.evidence()).toList();
            boolean ok = call.accept().contains(got);
            exact += got.equals(call.expected()) ? 1 : 0;
            accepted += ok ? 1 : 0;
            if (!ok) {
                outside.add(line);
            }
            if (!got.equals(call.expected())) {
                notExact.add(line);
            }
            if (TriageLevel.fromCode(call.expected()).orElseThrow().escalates()) {
                escalations++;
                if (!ok || !a.level().escalates()) {
                    under.add(line);
                }
            }
        }
        return new CorpusScore(calls.size(), exact, accepted, escalations, under, outside, notExact);
    }

    void print(String name) {
        System.out.printf("%s: %d calls (%d emergency/urgent), exact %d (%.1f%%), within accept %d (%.1f%%), "
                + "under-triage of urgent/emergency: %d%n", name, total, escalations, exact, 100.0 * exact / total,
                accepted, 100.0 * accepted / total, underTriaged.size());
        notExact.forEach(m -> System.out.println("  not exact: " + m));
    }
}
