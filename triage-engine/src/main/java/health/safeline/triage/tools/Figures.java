package health.safeline.triage.tools;

import health.safeline.api.TriageLevel;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.tools.Corpus.Call;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A corpus's figures against the targets of triage v2: urgent and emergency calls escalated, calls at the
 * expected level and within the accepted levels, routine calls escalated and routine calls sent to same-day.
 * Usage: {@code Figures PROTOCOL_DIR CORPUS.jsonl...} prints one line per corpus and no call (a blind part's
 * figures are read before its failures).
 */
public record Figures(int calls, int needClinician, int escalated, int exact, int accepted, int routine,
        int routineEscalated, int routineSameDay) {

    public static Figures of(List<Call> corpus, Function<Call, TriageLevel> triage) {
        int need = 0, esc = 0, exact = 0, acc = 0, routine = 0, routineEsc = 0, routineSame = 0;
        for (Call call : corpus) {
            TriageLevel got = triage.apply(call);
            TriageLevel expected = TriageLevel.fromCode(call.expected()).orElseThrow();
            exact += got == expected ? 1 : 0;
            acc += call.accept().contains(got.code()) ? 1 : 0;
            if (expected.escalates()) {
                need++;
                esc += got.escalates() ? 1 : 0;
            }
            if (expected == TriageLevel.ROUTINE) {
                routine++;
                routineEsc += got.escalates() ? 1 : 0;
                routineSame += got == TriageLevel.SAME_DAY ? 1 : 0;
            }
        }
        return new Figures(corpus.size(), need, esc, exact, acc, routine, routineEsc, routineSame);
    }

    public static Figures of(TriageEngine engine, List<Call> corpus) {
        return of(corpus, call -> engine.assess(call.input()).level());
    }

    /** The targets: every urgent/emergency call escalated, >= 90 % exact, >= 97 % accepted, <= 5 % / 10 % of routine calls. */
    public boolean meetsTargets() {
        return escalated == needClinician && exact >= 0.90 * calls && accepted >= 0.97 * calls
                && routineEscalated <= 0.05 * routine && routineSameDay <= 0.10 * routine;
    }

    @Override
    public String toString() {
        return String.format("%d calls: escalated %d of %d needing a clinician (%s), exact %s, within accepted %s, "
                + "routine escalated %d of %d (%s), routine to same-day %s", calls, escalated, needClinician,
                pct(escalated, needClinician), pct(exact, calls), pct(accepted, calls), routineEscalated, routine,
                pct(routineEscalated, routine), pct(routineSameDay, routine));
    }

    private static String pct(int part, int whole) {
        return whole == 0 ? "-" : String.format("%.1f %%", 100.0 * part / whole);
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: Figures PROTOCOL_DIR CORPUS.jsonl...");
            System.exit(2);
        }
        TriageEngine engine = TriageEngine.fromDirectory(Path.of(args[0]));
        List<Call> all = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            List<Call> calls = Corpus.read(Path.of(args[i]));
            all.addAll(calls);
            System.out.println(Path.of(args[i]).getFileName() + ": " + of(engine, calls));
        }
        if (args.length > 2) {
            System.out.println("all: " + of(engine, all));
        }
    }
}
