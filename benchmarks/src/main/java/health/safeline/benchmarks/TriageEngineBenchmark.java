package health.safeline.benchmarks;

import health.safeline.triage.engine.Assessment;
import health.safeline.triage.engine.TriageEngine;
import health.safeline.triage.engine.TriageInput;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link TriageEngine#assess} on one thread: a realistic ~300-character agent narrative (abbreviations,
 * negation, history, numbers, medications) and a short one. Run:
 * {@code ./mvnw -B -q -Pbench -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TriageEngineBenchmark {
    /** 300 characters of the kind an agent types during a call. */
    public static final String NARRATIVE_300 =
            "Pt c/o L calf pain and swelling x3d, calf warm and red, worse on walking. Flew back from Sydney last week "
                    + "(long flight). Denies CP or SOB, no fever. Hx DVT 2 yrs ago, completed tx. On Eliquis? not sure. "
                    + "BP 148/92, HR 96, temp 37.4, sats 96% RA. Wife says he is a bit more tired than usual, appetite ok.";
    public static final String SHORT = "c/o CP x2h, sweaty, BP 196/118";

    private TriageEngine engine;
    private TriageInput longCall;
    private TriageInput shortCall;

    @Setup
    public void setup() {
        engine = TriageEngine.fromClasspath();
        longCall = new TriageInput("leg pain and swelling", NARRATIVE_300, 71, null, List.of("metoprolol 25 mg", "apixaban 5 mg bid"));
        shortCall = new TriageInput(null, SHORT, 64, null, null);
        if (NARRATIVE_300.length() < 280 || NARRATIVE_300.length() > 320) {
            throw new IllegalStateException("narrative is " + NARRATIVE_300.length() + " characters");
        }
    }

    @Benchmark
    public Assessment assessNarrative300() {
        return engine.assess(longCall);
    }

    @Benchmark
    public Assessment assessShort() {
        return engine.assess(shortCall);
    }
}
