package health.safeline.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** results.md (the tables, the knee, the baseline ratio, the targets) and latency.svg (drawn by hand). */
final class Report {

    final boolean quick;
    final Path root;
    final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    final List<Step> safeline = new ArrayList<>();
    final List<Step> baseline = new ArrayList<>();
    final Map<String, Long> readyMillis = new LinkedHashMap<>();
    final Map<String, Double> rssMb = new LinkedHashMap<>();
    final Map<String, Long> eventsByType = new TreeMap<>();
    long unmatchedEvents;
    final Map<String, Long> validatorWarmUpMillis = new LinkedHashMap<>();
    String loadBefore = "?";
    String loadAfter = "?";
    long speedBefore = -1;
    long speedAfter = -1;

    Report(boolean quick, Path root) {
        this.quick = quick;
        this.root = root;
    }

    static String ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "–";
        }
        return ms(percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile));
    }

    static String ms(long micros) {
        double v = micros / 1000.0;
        return v < 10 ? String.format("%.1f", v) : String.format("%.0f", v);
    }

    static String quartet(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "– | – | – | –";
        }
        return ms(h, 50) + " | " + ms(h, 95) + " | " + ms(h, 99) + " | " + ms(h, 100);
    }

    String line(Step s) {
        return String.format("%s: achieved %.1f/s, intake p50 %s p99 %s max %s ms, errors %.2f %%%s", s.label(),
                s.achieved(), ms(s.intake, 50), ms(s.intake, 99), ms(s.intake, 100), 100 * s.errorRate(),
                s.system.equals("safeline") ? String.format(", booking p99 %s ms, red flag → SSE p99 %s ms (%d)",
                        ms(s.booking, 99), ms(s.sse, 99), s.sse.getTotalCount()) : "");
    }

    /** The last step before the knee (or the last step run when there was no knee). */
    static Optional<Step> kneeStep(List<Step> steps) {
        Step lastGood = null;
        for (Step s : steps) {
            if (s.saturated()) {
                break;
            }
            lastGood = s;
        }
        return Optional.ofNullable(lastGood);
    }

    /**
     * The achieved rate of the step before the knee; when the very first step is already past the knee, that step's
     * achieved rate (an upper bound); when no step reached the knee, the last one's (a lower bound).
     */
    static double kneeThroughput(List<Step> steps) {
        if (steps.isEmpty()) {
            return 0;
        }
        return kneeStep(steps).orElse(steps.get(0)).achieved();
    }

    static String kneeText(List<Step> steps) {
        if (steps.isEmpty()) {
            return "not run";
        }
        Optional<Step> good = kneeStep(steps);
        Step knee = steps.stream().filter(Step::saturated).findFirst().orElse(null);
        if (good.isEmpty()) {
            return String.format("%.1f calls/s at most: the first step (%s/s) was already past the knee (%s)",
                    steps.get(0).achieved(), Step.fmt(steps.get(0).rate), steps.get(0).why());
        }
        return String.format("%.1f calls/s (step %s/s)", good.get().achieved(), Step.fmt(good.get().rate))
                + (knee == null ? ", knee NOT reached: a lower bound"
                        : String.format("; knee at the %s/s step (%s)", Step.fmt(knee.rate), knee.why()));
    }

    static boolean kneeReached(List<Step> steps) {
        return steps.stream().anyMatch(Step::saturated);
    }

    static String perCall(long total, Step s) {
        long n = s.sent.sum();
        return total < 0 || n == 0 ? "–" : String.format("%.1f", (double) total / n);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Safeline load benchmark").append(quick ? " (quick)" : "").append("\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(started.withNano(0))).append(" on ")
                .append(machine()).append(". Load average before: ").append(loadBefore).append(", after: ")
                .append(loadAfter).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; the load generator runs on the same machine). Speed probe (the triage engine on one "
                        + "thread over the run's calls, best of three seconds; not validated yet, see BENCHMARKS.md): ")
                .append(speedBefore).append(" assessments/s before the run, ").append(speedAfter).append(" after.\n\n");
        md.append("Open model: each call is sent at its intended time (constant arrival rate), latencies are measured "
                + "from that time. Mix: 3 % emergency, 15 % urgent, 30 % same-day, 52 % routine. "
                + "Booking = GET slots in the clearance window + POST appointment (cleared calls); "
                + "refused = the POST that must be refused for an uncleared call; red flag → SSE = the call's intended "
                + "send time → its `triggered` event on the clinician's stream. Latencies in ms.\n\n");

        md.append("## Safeline, per step\n\n");
        md.append("| offered /s | s | achieved /s | intake p50 | p95 | p99 | max | booking p50 | p95 | p99 | max "
                + "| refused p99 | red flag → SSE p50 | p95 | p99 | max | n | errors | CPU ms / intake | commits / intake "
                + "| load avg | others' CPU |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step s : safeline) {
            md.append(String.format("| %s | %d | %.1f | %s | %s | %s | %s | %d | %.2f %% | %s | %s | %s | %s |%n",
                    Step.fmt(s.rate), s.seconds, s.achieved(), quartet(s.intake), quartet(s.booking),
                    ms(s.refused, 99), quartet(s.sse), s.sse.getTotalCount(), 100 * s.errorRate(),
                    perCall(s.cpuMillis, s), perCall(s.commits, s), s.loadAverage, others(s)));
        }
        md.append("\n## Baseline (one endpoint: the same JWT verification, one INSERT), per step\n\n");
        md.append("| offered /s | s | achieved /s | p50 | p95 | p99 | max | errors | CPU ms / call | commits / call "
                + "| load avg | others' CPU |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step s : baseline) {
            md.append(String.format("| %s | %d | %.1f | %s | %.2f %% | %s | %s | %s | %s |%n", Step.fmt(s.rate), s.seconds,
                    s.achieved(), quartet(s.intake), 100 * s.errorRate(), perCall(s.cpuMillis, s),
                    perCall(s.commits, s), s.loadAverage, others(s)));
        }

        md.append("\n## Knee and ratio\n\n");
        md.append("Knee: the first step whose achieved rate is below 90 % of the offered rate, or with more than 1 % "
                + "errors, or an intake p99 above 1 s; the knee throughput is the achieved rate of the step before it.\n\n");
        md.append("- Safeline intake: ").append(kneeText(safeline)).append('\n');
        md.append("- Baseline: ").append(kneeText(baseline)).append('\n');
        Double ratio = kneeThroughput(safeline) > 0 && kneeThroughput(baseline) > 0
                ? kneeThroughput(safeline) / kneeThroughput(baseline) : null;
        md.append("- Ratio (Safeline intake knee throughput / baseline's): ")
                .append(ratio == null ? "–" : String.format("%.1f %%", 100 * ratio)).append('\n');

        md.append("\n## Start and memory\n\n| process | launch → /q/health/ready 200 (ms) | RSS after its load (MB) |\n|---|---|---|\n");
        for (String name : Services.all()) {
            md.append(String.format("| %s | %s | %s |%n", name, readyMillis.getOrDefault(name, -1L),
                    rssMb.containsKey(name) ? String.format("%.0f", rssMb.get(name)) : "–"));
        }
        md.append("\nStarted one after another (triage, escalation, scheduling, intake, baseline), each alone on the "
                + "machine, JVM options `")
                .append(Services.JAVA_OPTS).append("`, heaps as `./suite`, each on a new empty database (Flyway "
                        + "migrations included). intake, scheduling and escalation then build their FHIR validator in "
                        + "the background, and the next process started once that was done (ms after ready: ")
                .append(validatorWarmUpMillis).append(").\n");

        md.append("\n## Targets (issue 9, 2 cores)\n\n| target | measured | met |\n|---|---|---|\n");
        Step at50 = safeline.stream().filter(s -> s.rate == 50.0).findFirst().orElse(null);
        String sustained = at50 == null ? "not run" : at50.seconds >= 120 ? "sustained " + at50.seconds + " s"
                : "only " + at50.seconds + " s (quick mode), not the 2 minutes asked";
        if (at50 != null) {
            long sseP99 = at50.sse.getTotalCount() == 0 ? Long.MAX_VALUE : at50.sse.getValueAtPercentile(99);
            md.append(String.format("| red flag → worklist event p99 ≤ 250 ms at 50 calls/s for 2 min | %s ms (n = %d), %s | %s |%n",
                    ms(at50.sse, 99), at50.sse.getTotalCount(), sustained, verdict(sseP99 <= 250_000, at50)));
            md.append(String.format("| intake p99 ≤ 150 ms at 50 calls/s | %s ms, %s | %s |%n", ms(at50.intake, 99),
                    sustained, verdict(at50.intake.getValueAtPercentile(99) <= 150_000, at50)));
        } else {
            md.append("| red flag → worklist event p99 ≤ 250 ms at 50 calls/s | not reached | no |\n");
            md.append("| intake p99 ≤ 150 ms at 50 calls/s | not reached | no |\n");
        }
        md.append(String.format("| intake knee throughput ≥ 15 %% of the baseline's | %s | %s |%n",
                ratio == null ? "–" : String.format("%.1f %%", 100 * ratio),
                ratio == null ? "not measured" : ratio >= 0.15 ? "yes" + (kneeReached(safeline) && kneeReached(baseline) ? "" : " (a knee not reached: bounds only)")
                        : "no" + (kneeReached(baseline) ? "" : " (baseline knee not reached: the ratio is an upper bound)")));
        for (String name : Services.SAFELINE) {
            double rss = rssMb.getOrDefault(name, -1.0);
            long ready = readyMillis.getOrDefault(name, -1L);
            md.append(String.format("| %s ≤ 200 MB RSS after the run, ready ≤ 3 s | %.0f MB, %d ms | %s |%n", name, rss,
                    ready, rss <= 200 && ready <= 3000 ? "yes" : "no"));
        }

        md.append("\n## Outcomes per step\n\n");
        for (Step s : safeline) {
            md.append("- ").append(s.label()).append(": ").append(s.sent.sum()).append(" sent; ").append(outcomes(s))
                    .append('\n');
        }
        for (Step s : baseline) {
            md.append("- ").append(s.label()).append(": ").append(s.sent.sum()).append(" sent; ").append(outcomes(s))
                    .append('\n');
        }
        md.append("\nClinician's stream, whole Safeline run (warm-up included): events ").append(eventsByType)
                .append("; `triggered` events matching no call of the run (warm-up answers lost, or none): ")
                .append(unmatchedEvents).append(".\n");
        md.append("\nCPU ms / intake: utime + stime of the four service processes (/proc/<pid>/stat) over the step "
                + "and its drain, divided by the calls sent (so it includes the booking attempts, the alerts and the "
                + "background jobs). Commits / intake: `pg_stat_database.xact_commit` deltas of the four databases, "
                + "same division. Load generator CPU per step (ms): ");
        List<String> gen = new ArrayList<>();
        for (Step s : safeline) {
            gen.add(Step.fmt(s.rate) + "/s: " + s.generatorCpuMillis);
        }
        for (Step s : baseline) {
            gen.add("baseline " + Step.fmt(s.rate) + "/s: " + s.generatorCpuMillis);
        }
        md.append(String.join(", ", gen)).append(".\n");
        md.append("\nPer service, CPU ms / commits per intake: ");
        List<String> per = new ArrayList<>();
        for (Step s : safeline) {
            List<String> parts = new ArrayList<>();
            s.cpuByService.forEach((name, ms) -> parts.add(name + " " + perCall(ms, s) + " / "
                    + perCall(s.commitsByService.getOrDefault(name, -1L), s)));
            per.add(Step.fmt(s.rate) + "/s: " + String.join(", ", parts));
        }
        md.append(String.join("; ", per)).append(".\n");
        md.append("\nLoad avg: the machine's 1-minute load average at the end of the step. Others' CPU: the share of "
                + "the machine's CPU time (all cores) over the step used by processes other than the measured services "
                + "and the load generator (/proc/stat minus /proc/<pid>/stat): the machine was shared while this ran "
                + "when it is well above 0.\n");
        return md.toString();
    }

    static String others(Step s) {
        return s.othersCpuPercent < 0 ? "?" : String.format("%.0f %%", s.othersCpuPercent);
    }

    static String verdict(boolean ok, Step s) {
        if (!ok) {
            return "no";
        }
        return s.seconds >= 120 ? "yes" : "yes for " + s.seconds + " s (2-minute run still to do)";
    }

    static String outcomes(Step s) {
        List<String> parts = new ArrayList<>();
        s.outcomes().forEach((k, v) -> parts.add(k + " " + v));
        return String.join("; ", parts);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        long memMb = -1;
        try {
            memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format("%d × %s, %d MB RAM, %s %s, JDK %s", Runtime.getRuntime().availableProcessors(), cpu,
                memMb, System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"));
    }

    Path write() throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(started);
        Path dir = root.resolve("benchmarks/results").resolve(stamp + (quick ? "-quick" : ""));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown() + "\n![latency](latency.svg)\n");
        Files.writeString(dir.resolve("latency.svg"), svg());
        return dir;
    }

    // ------------------------------------------------------------------------------------------------ the plot

    /** Latency (log) against offered rate (log), one polyline per series. */
    String svg() {
        int w = 760, h = 460, left = 70, right = 200, top = 40, bottom = 60;
        double xMin = 5, xMax = 5000, yMin = 1, yMax = 20000;
        record Series(String name, String color, boolean dashed, List<double[]> points) {
        }
        List<Series> series = new ArrayList<>();
        series.add(new Series("intake p50", "#1f77b4", true, points(safeline, s -> s.intake, 50)));
        series.add(new Series("intake p99", "#1f77b4", false, points(safeline, s -> s.intake, 99)));
        series.add(new Series("booking p99", "#2ca02c", false, points(safeline, s -> s.booking, 99)));
        series.add(new Series("red flag → SSE p99", "#d62728", false, points(safeline, s -> s.sse, 99)));
        series.add(new Series("baseline p50", "#7f7f7f", true, points(baseline, s -> s.intake, 50)));
        series.add(new Series("baseline p99", "#7f7f7f", false, points(baseline, s -> s.intake, 99)));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h, w, h));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        svg.append(String.format("<text x=\"%d\" y=\"22\" font-size=\"15\">Latency by offered rate%s "
                + "(log–log; open model, from intended send time)</text>%n", left, quick ? ", quick run" : ""));
        int pw = w - left - right, ph = h - top - bottom;
        java.util.function.DoubleUnaryOperator X = v -> left + pw * (Math.log10(v) - Math.log10(xMin))
                / (Math.log10(xMax) - Math.log10(xMin));
        java.util.function.DoubleUnaryOperator Y = v -> top + ph - ph * (Math.log10(Math.max(v, yMin)) - Math.log10(yMin))
                / (Math.log10(yMax) - Math.log10(yMin));
        for (double x : new double[] {5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000}) {
            double px = X.applyAsDouble(x);
            svg.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n", px, top, px, top + ph));
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, top + ph + 16, Step.fmt(x)));
        }
        for (double y : new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000}) {
            double py = Y.applyAsDouble(y);
            svg.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", left, py, left + pw, py));
            svg.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, py + 4, Step.fmt(y)));
        }
        // targets: intake p99 150 ms and red flag → SSE p99 250 ms at 50 calls/s
        for (double[] t : new double[][] {{150, 0}, {250, 1}}) {
            double px = X.applyAsDouble(50), py = Y.applyAsDouble(t[0]);
            svg.append(String.format("<path d=\"M%.1f %.1f l-5 -5 l10 0 z\" fill=\"%s\"/>%n", px, py,
                    t[1] == 0 ? "#1f77b4" : "#d62728"));
        }
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", left, top, pw, ph));
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered rate (calls/s)</text>%n", left + pw / 2, h - 18));
        svg.append(String.format("<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">latency (ms)</text>%n",
                top + ph / 2, top + ph / 2));
        int ly = top + 10;
        for (Series s : series) {
            if (s.points().isEmpty()) {
                continue;
            }
            StringBuilder d = new StringBuilder();
            for (double[] p : s.points()) {
                d.append(d.length() == 0 ? "M" : " L").append(String.format("%.1f %.1f", X.applyAsDouble(p[0]), Y.applyAsDouble(p[1])));
            }
            String dash = s.dashed() ? " stroke-dasharray=\"5 4\"" : "";
            svg.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", d, s.color(), dash));
            for (double[] p : s.points()) {
                svg.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", X.applyAsDouble(p[0]),
                        Y.applyAsDouble(p[1]), s.color()));
            }
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    left + pw + 12, ly, left + pw + 40, ly, s.color(), dash));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", left + pw + 46, ly + 4, s.name()));
            ly += 20;
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\">▼ targets at 50/s</text>%n", left + pw + 12, ly + 10));
        svg.append("</svg>\n");
        return svg.toString();
    }

    static List<double[]> points(List<Step> steps, java.util.function.Function<Step, Histogram> which, double pct) {
        List<double[]> points = new ArrayList<>();
        for (Step s : steps) {
            Histogram h = which.apply(s);
            if (h.getTotalCount() > 0) {
                points.add(new double[] {s.rate, h.getValueAtPercentile(pct) / 1000.0});
            }
        }
        return points;
    }
}
