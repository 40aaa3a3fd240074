package health.safeline.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** One step of constant arrival rate and what was measured in it (latencies in microseconds). */
final class Step {

    final String system;
    final double rate;
    final int seconds;
    final boolean measured;

    /** Intake answers (baseline: its call endpoint), from each call's intended send time. */
    final Histogram intake = new ConcurrentHistogram(3);
    /** Cleared calls: GET slots in the clearance window, then POST the appointment, from the answer. */
    final Histogram booking = new ConcurrentHistogram(3);
    /** Uncleared calls: the POST that must be refused (fail closed), from the answer. */
    final Histogram refused = new ConcurrentHistogram(3);
    /** Red flag → SSE: from the call's intended send time to its {@code triggered} event on the clinician's stream. */
    final Histogram sse = new ConcurrentHistogram(3);
    /** Clinician acknowledgements, from the SSE event. */
    final Histogram ack = new ConcurrentHistogram(3);

    final ConcurrentHashMap<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    final LongAdder sent = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger ssePending = new AtomicInteger();
    final AtomicLong lastAnswer = new AtomicLong();
    volatile long startNanos;
    volatile long endNanos;

    long cpuMillis = -1;
    long commits = -1;
    /** CPU ms and commits of the step per service (Safeline steps), in {@link Services#SAFELINE} order. */
    final Map<String, Long> cpuByService = new LinkedHashMap<>();
    final Map<String, Long> commitsByService = new LinkedHashMap<>();
    long generatorCpuMillis = -1;
    /** 1-minute load average of the machine at the end of the step (/proc/loadavg). */
    String loadAverage = "?";
    /** Share of the machine's CPU time used by processes other than the measured ones and the load generator. */
    double othersCpuPercent = -1;

    Step(String system, double rate, int seconds, boolean measured) {
        this.system = system;
        this.rate = rate;
        this.seconds = seconds;
        this.measured = measured;
    }

    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    long get(String outcome) {
        LongAdder a = outcomes.get(outcome);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> outcomes() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    void answered(long nanos) {
        lastAnswer.accumulateAndGet(nanos, Math::max);
    }

    /** Successful answers per second, from the first intended send to the last answer. */
    double achieved() {
        long last = lastAnswer.get();
        if (last <= startNanos) {
            return 0;
        }
        double elapsed = Math.max(seconds, (last - startNanos) / 1e9);
        return ok.sum() / elapsed;
    }

    double errorRate() {
        long n = sent.sum();
        return n == 0 ? 0 : (double) errors.sum() / n;
    }

    /** The knee: achieved below 90 % of offered, more than 1 % errors, or a p99 above 1 s. */
    boolean saturated() {
        return achieved() < 0.9 * rate || errorRate() > 0.01 || intake.getValueAtPercentile(99) > 1_000_000;
    }

    /** Why the step is past the knee. */
    String why() {
        List<String> why = new java.util.ArrayList<>();
        if (achieved() < 0.9 * rate) {
            why.add(String.format("achieved %.1f/s < 90 %% of %s/s", achieved(), fmt(rate)));
        }
        if (errorRate() > 0.01) {
            why.add(String.format("errors %.1f %%", 100 * errorRate()));
        }
        if (intake.getValueAtPercentile(99) > 1_000_000) {
            why.add(String.format("intake p99 %.0f ms > 1 s", intake.getValueAtPercentile(99) / 1000.0));
        }
        return String.join(", ", why);
    }

    String label() {
        return system + " " + fmt(rate) + "/s × " + seconds + " s";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.1f", v);
    }
}
