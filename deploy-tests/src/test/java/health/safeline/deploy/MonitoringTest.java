package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Alert rules and the dashboard use only metrics the services really export, and each alert has a runbook. */
class MonitoringTest {

    /** Series that exist without a line of Safeline code: who exports them. */
    static final Map<String, String> FRAMEWORK = Map.of(
            "up", "Prometheus, per scraped target",
            "http_server_requests_seconds_count", "Quarkus Micrometer HTTP server binder",
            "http_server_requests_seconds_sum", "Quarkus Micrometer HTTP server binder",
            "http_client_requests_seconds_count", "Quarkus Micrometer REST client binder",
            "http_client_requests_seconds_sum", "Quarkus Micrometer REST client binder");

    static Set<String> known() {
        Set<String> known = new TreeSet<>(Code.prometheusNames());
        known.addAll(FRAMEWORK.keySet());
        return known;
    }

    static Map<String, String> alertExpressions() {
        Map<String, String> alerts = new LinkedHashMap<>();
        for (JsonNode group : Repo.yamlDocuments(Repo.K8S.resolve("monitoring/prometheus-rules.yaml")).get(0)
                .at("/spec/groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return alerts;
    }

    static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = Repo.JSON.readTree(Repo.K8S.resolve("monitoring/grafana-dashboard.json").toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertFalse(panel.path("targets").isEmpty(), "panel without a query: " + panel.path("title"));
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        return exprs;
    }

    static List<String> unknownMetrics(Iterable<String> exprs, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String expr : exprs) {
            PromQL.metricNames(expr).stream().filter(n -> !known.contains(n)).forEach(n -> unknown.add(n + " in " + expr));
        }
        return unknown;
    }

    @Test
    void codeScanFindsTheMetersTheAlertsAreAbout() {
        assertTrue(Code.prometheusNames().containsAll(List.of("safeline_escalation_deadline_breaches_total",
                "safeline_escalation_time_to_acknowledge_seconds_bucket", "safeline_escalation_open",
                "safeline_outbox_delivery_failures_total", "safeline_outbox_delivery_seconds_count",
                "safeline_background_job_failures_total", "http_server_requests_seconds_bucket")),
                Code.prometheusNames().toString());
        assertFalse(Code.prometheusNames().contains("safeline_outbox_delivery_seconds_bucket"),
                "the outbox timer publishes no histogram");
    }

    @Test
    void alertsUseOnlyExportedMetrics() {
        assertEquals(List.of(), unknownMetrics(alertExpressions().values(), known()));
    }

    @Test
    void dashboardParsesAndUsesOnlyExportedMetrics() throws Exception {
        List<String> exprs = dashboardExpressions();
        assertEquals(List.of(), unknownMetrics(exprs, known()));
        assertTrue(exprs.stream().anyMatch(e -> e.contains("safeline_escalation_time_to_acknowledge_seconds_bucket")),
                "time to acknowledge panel");
    }

    @Test
    void anInventedMetricIsReported() {
        assertEquals(1, unknownMetrics(List.of("sum(rate(safeline_outbox_backlog[5m])) > 0"), known()).size());
        assertEquals(Set.of("a_total", "b"), PromQL.metricNames(
                "sum by (job) (rate(a_total{x=\"y{z}\"}[5m])) / on (job) b offset 5m > 0.5 * 60"));
    }

    /** The alerts the platform team asked for, each on its own signal. */
    @Test
    void requiredAlertsExist() {
        Map<String, String> alerts = alertExpressions();
        for (String metric : List.of("safeline_escalation_deadline_breaches_total",
                "safeline_outbox_delivery_failures_total", "safeline_background_job_failures_total", "up",
                "http_server_requests_seconds_bucket", "http_client_requests_seconds_count")) {
            assertTrue(alerts.values().stream().anyMatch(e -> PromQL.metricNames(e).contains(metric)),
                    "no alert on " + metric);
        }
    }

    @Test
    void everyAlertHasSeverityAndARunbookSectionInOperatingMd() {
        String doc = Repo.read(Repo.ROOT.resolve("docs/operating.md"));
        Set<String> anchors = new TreeSet<>();
        doc.lines().filter(l -> l.startsWith("#"))
                .forEach(l -> anchors.add(l.replaceFirst("^#+\\s*", "").toLowerCase().replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-')));
        JsonNode rules = Repo.yamlDocuments(Repo.K8S.resolve("monitoring/prometheus-rules.yaml")).get(0);
        for (JsonNode group : rules.at("/spec/groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertTrue(doc.contains(alert), alert + " is not explained in docs/operating.md");
                assertTrue(Set.of("critical", "warning").contains(rule.at("/labels/severity").asText()), alert);
                String runbook = rule.at("/annotations/runbook").asText();
                assertTrue(runbook.startsWith("docs/operating.md#"), alert + ": runbook " + runbook);
                assertTrue(anchors.contains(runbook.substring(runbook.indexOf('#') + 1)),
                        alert + ": no section " + runbook + " in docs/operating.md");
            }
        }
    }
}
