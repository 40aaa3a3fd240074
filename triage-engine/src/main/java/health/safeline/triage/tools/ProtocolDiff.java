package health.safeline.triage.tools;

import health.safeline.triage.engine.Assessment;
import health.safeline.triage.engine.MatchedRule;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.engine.TriageInput;
import health.safeline.triage.tools.Corpus.Call;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Protocol change report for clinical governance: runs a corpus of calls through two protocol
 * versions and lists every call whose level changed, with the rules that appeared or went.
 * Usage: {@code ProtocolDiff OLD_DIR NEW_DIR CORPUS.jsonl...} ({@code ./suite protocol-diff}).
 */
public final class ProtocolDiff {

    /** A call whose level differs between the two protocols. */
    public record Change(Call call, Assessment before, Assessment after) {

        public boolean lowered() {
            return before.level().moreUrgentThan(after.level());
        }

        Set<String> rules(Assessment a) {
            return a.matchedRules().stream().map(MatchedRule::id).collect(Collectors.toCollection(TreeSet::new));
        }

        public Set<String> added() {
            Set<String> added = rules(after);
            added.removeAll(rules(before));
            return added;
        }

        public Set<String> removed() {
            Set<String> removed = rules(before);
            removed.removeAll(rules(after));
            return removed;
        }
    }

    private ProtocolDiff() {
    }

    public static List<Change> diff(TriageEngine before, TriageEngine after, List<Call> corpus) {
        List<Change> changes = new ArrayList<>();
        for (Call call : corpus) {
            TriageInput input = call.input();
            Assessment a = before.assess(input);
            Assessment b = after.assess(input);
            if (a.level() != b.level()) {
                changes.add(new Change(call, a, b));
            }
        }
        return changes;
    }


    /** The report as Markdown: a summary line, then one row per changed call, lowered levels first. */
    public static String report(TriageEngine before, TriageEngine after, List<Call> corpus, List<Change> changes) {
        StringBuilder out = new StringBuilder();
        long lowered = changes.stream().filter(Change::lowered).count();
        out.append("# Protocol change report: ").append(before.protocolVersion()).append(" -> ")
                .append(after.protocolVersion()).append("\n\n")
                .append(corpus.size()).append(" calls, ").append(changes.size()).append(" changed level (")
                .append(lowered).append(" lowered, ").append(changes.size() - lowered).append(" raised)\n\n");
        if (changes.isEmpty()) {
            return out.toString();
        }
        out.append("| call | expected | before | after | rules added | rules removed | text |\n")
                .append("|---|---|---|---|---|---|---|\n");
        changes.stream().sorted((x, y) -> Boolean.compare(y.lowered(), x.lowered())).forEach(c -> out.append("| ")
                .append(c.call().id()).append(" | ").append(c.call().expected() == null ? "" : c.call().expected())
                .append(" | ").append(c.before().level().code()).append(" | ")
                .append(c.lowered() ? "**" + c.after().level().code() + "** (lowered)" : c.after().level().code())
                .append(" | ").append(String.join(", ", c.added())).append(" | ")
                .append(String.join(", ", c.removed())).append(" | ")
                .append(text(c.call())).append(" |\n"));
        return out.toString();
    }

    private static String text(Call call) {
        String text = (call.reason() == null ? "" : call.reason() + ": ") + (call.narrative() == null ? "" : call.narrative());
        text = text.replace("|", "/").replace("\n", " ");
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ProtocolDiff OLD_PROTOCOL_DIR NEW_PROTOCOL_DIR CORPUS.jsonl...");
            System.exit(2);
        }
        TriageEngine before = TriageEngine.fromDirectory(Path.of(args[0]));
        TriageEngine after = TriageEngine.fromDirectory(Path.of(args[1]));
        List<Call> corpus = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            corpus.addAll(Corpus.read(Path.of(args[i])));
        }
        System.out.print(report(before, after, corpus, diff(before, after, corpus)));
    }
}
