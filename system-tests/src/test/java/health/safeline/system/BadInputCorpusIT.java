package health.safeline.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import health.safeline.shared.testing.TestTokens;
import health.safeline.system.AuthorizationMatrix.Row;
import health.safeline.system.Suite.Service;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad-input corpus against every endpoint of {@code docs/authorization.md}, the four packaged services running on
 * their own ports and databases. Each body endpoint gets broken and mutated versions of its valid sample
 * ({@code bad-input/samples.json}), each path parameter ids that are not ids, each search bad parameter values.
 * Every answer must be the expected 4xx with an OperationOutcome that says what is wrong and no stack trace, and no
 * table of any service may change (refusals are audited by design, so audit rows with outcome {@code refused} are
 * the one thing that may be added).
 */
class BadInputCorpusIT {

    static final Suite SUITE = new Suite(10000, "_corpus",
            System.getenv().getOrDefault("SAFELINE_DB_HOST", "127.0.0.1"),
            Integer.parseInt(System.getenv().getOrDefault("SAFELINE_DB_PORT", "5432")))
            // the Subscription sample's loopback endpoint is on the ehr client's allow-list, so that each mutation,
            // not the address check, is what gets it refused
            .environment(s -> s != Service.ESCALATION ? Map.of()
                    : Map.of("SAFELINE_ESCALATION_SUBSCRIPTIONS_ALLOW_LIST", "test-ehr=http://127.0.0.1:1/"));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII) // so that a lone surrogate can be sent at all
            .build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, String> BEARERS = new ConcurrentHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final Pattern REFERENCE = Pattern.compile("^([A-Z][A-Za-z]+/)(.*)$");
    /** What a stack trace or an internal exception leaks into a body. */
    private static final List<String> LEAKS = List.of("\tat ", "Exception", "java.", "io.vertx", "org.hibernate",
            "com.fasterxml", "ca.uhn", "org.jboss");
    private static final int OVERSIZED = 300 * 1024;

    private static final Set<Integer> BAD_REQUEST = Set.of(400);
    private static final Set<Integer> INVALID = Set.of(400, 422);
    private static final Set<Integer> NO_SUCH_ID = Set.of(400, 404);

    /** Fixtures made before the corpus runs, by name, for the samples' {@code ${…}}. */
    private static final Map<String, String> FIXTURES = new LinkedHashMap<>();

    /** One request of the corpus and the statuses that may answer it. */
    record Case(Row row, String name, String method, String path, Map<String, String> headers, byte[] body,
            boolean chunked, Set<Integer> expected) {

        String where() {
            String shown = path.length() > 160 ? path.substring(0, 160) + "…" : path;
            return row.service().module() + " " + method + " " + shown + " [" + name + "]";
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        // empty databases: no state of an earlier run (a subscription retrying, say) moves while the corpus runs
        SUITE.dropDatabases();
        SUITE.createDatabases();
        for (Service s : Service.values()) {
            // Escalation deadlines far away: no tier change may move a row while the corpus runs.
            Map<String, String> properties = s != Service.ESCALATION ? Map.of() : Map.of(
                    "safeline.escalation.policy.stat.ack-deadline", "2H",
                    "safeline.escalation.policy.asap.ack-deadline", "2H",
                    "safeline.escalation.policy.urgent.ack-deadline", "2H",
                    "safeline.escalation.policy.stat.resolve-deadline", "4H",
                    "safeline.escalation.policy.asap.resolve-deadline", "4H",
                    "safeline.escalation.policy.urgent.resolve-deadline", "4H");
            SUITE.start(s, s.module(), SUITE.port(s), properties);
        }
        for (Service s : Service.values()) {
            SUITE.awaitReady(s);
        }
        fixtures();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        SUITE.stopAll();
    }

    @Test
    void badInputIsRefusedWithAnOperationOutcomeAndChangesNothing() throws Exception {
        List<Case> corpus = corpus();
        Map<String, String> before = settledState();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        for (Case c : corpus) {
            Answer answer;
            try {
                answer = send(c);
            } catch (IOException e) {
                problems.add(c.where() + ": no answer (" + e + ")");
                continue;
            }
            byStatus.merge(answer.status(), 1, Integer::sum);
            String problem = judge(c, answer);
            if (problem != null) {
                problems.add(c.where() + ": " + answer.status() + " " + problem + " | " + excerpt(answer.body()));
            }
        }
        Map<String, String> after = state();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        for (String table : before.keySet()) {
            if (!table.endsWith(REFUSALS) && !before.get(table).equals(after.get(table))) {
                problems.add("STORED: " + table + " changed from " + before.get(table) + " to " + after.get(table));
            }
        }
        int serverErrors = byStatus.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToInt(Map.Entry::getValue).sum();
        System.out.printf("Bad-input corpus: %d requests in %d s, by status %s, 5xx: %d, refusals audited: %s%n",
                corpus.size(), seconds, byStatus, serverErrors, refusalsAudited(before, after));
        assertTrue(problems.isEmpty(), problems.size() + " of " + corpus.size() + " bad requests were not refused "
                + "as they should be:\n" + String.join("\n", problems));
    }

    /**
     * Every FHIR search of every service is strict: a parameter it does not declare (an unknown name, a modifier, an
     * unsupported result parameter) is a 400 naming it, and {@code Prefer: handling=lenient} ignores it (200). A
     * read of a valid FHIR id that is not one of ours is a 404.
     */
    @Test
    void unknownSearchParametersAreRefusedUnlessLenientAndForeignIdsAreNotFound() throws Exception {
        JsonNode samples;
        try (InputStream in = BadInputCorpusIT.class.getResourceAsStream("/bad-input/samples.json")) {
            samples = JSON.readTree(in);
        }
        List<String> problems = new ArrayList<>();
        int searches = 0;
        for (Row row : AuthorizationMatrix.rows()) {
            boolean fhir = row.path().startsWith("/fhir/") && row.method().equals("GET");
            if (fhir && !row.hasPathParameter() && !row.path().equals("/fhir/metadata")) {
                searches++;
                Map<String, String> base = new LinkedHashMap<>();
                samples.path(row.key()).path("base").fields()
                        .forEachRemaining(b -> base.put(b.getKey(), fill(b.getValue().asText())));
                for (String unknown : List.of("corpusUnknown", "_sort", "_elements", "status:not")) {
                    Map<String, String> query = new LinkedHashMap<>(base);
                    query.put(unknown, "x");
                    Answer strict = send(new Case(row, "unknown " + unknown, "GET", row.path() + query(query),
                            Map.of("Authorization", bearer(row)), null, false, BAD_REQUEST));
                    if (strict.status() != 400 || !strict.body().contains("'" + unknown + "'")) {
                        problems.add(row.key() + " ?" + unknown + "=x: " + strict.status() + " "
                                + excerpt(strict.body()));
                    }
                    Answer lenient = send(new Case(row, "lenient " + unknown, "GET", row.path() + query(query),
                            Map.of("Authorization", bearer(row), "Prefer", "handling=lenient"), null, false,
                            Set.of(200)));
                    if (lenient.status() != 200 || !lenient.body().contains("\"searchset\"")
                            || lenient.body().contains(unknown + "=")) {
                        problems.add(row.key() + " ?" + unknown + "=x, lenient: " + lenient.status() + " "
                                + excerpt(lenient.body()));
                    }
                }
            }
            if (fhir && row.path().matches("/fhir/[A-Za-z]+/\\{[^}/]+}") && !row.path().startsWith("/fhir/Subscription")) {
                String path = row.path().replaceAll("\\{[^}/]+}", "no-such-resource-1");
                Answer read = send(new Case(row, "foreign id", "GET", path, Map.of("Authorization", bearer(row)), null,
                        false, Set.of(404)));
                if (read.status() != 404 || !read.body().contains("OperationOutcome")) {
                    problems.add(row.key() + " " + path + ": " + read.status() + " " + excerpt(read.body()));
                }
            }
        }
        assertTrue(searches >= 10, "only " + searches + " FHIR searches in the matrix");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Null when the answer is right: an expected 4xx with an OperationOutcome saying why, and nothing leaked. */
    private static String judge(Case c, Answer answer) {
        List<String> wrong = new ArrayList<>();
        if (!c.expected().contains(answer.status())) {
            wrong.add("expected " + c.expected());
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            JsonNode issue = body.path("issue").path(0);
            if (!"OperationOutcome".equals(body.path("resourceType").asText())) {
                wrong.add("not an OperationOutcome");
            } else if (issue.path("diagnostics").asText("").isBlank()
                    && issue.path("details").path("text").asText("").isBlank()) {
                wrong.add("no diagnostics saying what is wrong");
            }
        } catch (IOException | RuntimeException e) {
            wrong.add("body is not JSON (" + answer.contentType() + ")");
        }
        LEAKS.stream().filter(answer.body()::contains).findFirst()
                .ifPresent(leak -> wrong.add("leaks internals ('" + leak.strip() + "')"));
        return wrong.isEmpty() ? null : String.join(", ", wrong);
    }

    // ------------------------------------------------------------------ the corpus

    static List<Case> corpus() throws IOException {
        JsonNode samples;
        try (InputStream in = BadInputCorpusIT.class.getResourceAsStream("/bad-input/samples.json")) {
            samples = JSON.readTree(in);
        }
        List<Row> rows = AuthorizationMatrix.rows().stream().filter(r -> !r.path().startsWith("/q/")).toList();
        Set<String> keys = rows.stream().map(Row::key).collect(Collectors.toSet());
        samples.fieldNames().forEachRemaining(key -> {
            if (!key.startsWith("_") && !keys.contains(key)) {
                throw new IllegalStateException("bad-input/samples.json: '" + key + "' is no row of "
                        + AuthorizationMatrix.MATRIX);
            }
        });
        List<Case> corpus = new ArrayList<>();
        for (Row row : rows) {
            JsonNode sample = samples.path(row.key());
            boolean takesBody = row.method().equals("POST") || row.method().equals("PUT");
            if (takesBody && !sample.has("body") && !sample.has("noBody")) {
                throw new IllegalStateException("bad-input/samples.json needs a valid 'body' (or 'noBody' and why) "
                        + "for " + row.key());
            }
            if (row.method().equals("GET") && !row.hasPathParameter() && !sample.has("query")) {
                throw new IllegalStateException("bad-input/samples.json needs 'query' (its search parameters, maybe "
                        + "none) for " + row.key());
            }
            if (sample.has("body")) {
                corpus.addAll(new Bodies(row, sample).cases());
            }
            if (row.hasPathParameter()) {
                corpus.addAll(badIds(row, sample));
            }
            if (sample.has("query")) {
                corpus.addAll(badQueries(row, sample));
            }
        }
        return corpus;
    }

    /** Bad bodies for one endpoint: broken JSON, the wrong media type or size, and mutations of its valid sample. */
    private static final class Bodies {

        private final Row row;
        private final JsonNode sample;
        private final String path;
        private final boolean fhir;
        private final List<Case> cases = new ArrayList<>();

        Bodies(Row row, JsonNode sample) {
            this.row = row;
            this.sample = sample;
            this.path = fill(sample.path("path").asText(row.path()));
            this.fhir = row.path().startsWith("/fhir/");
        }

        List<Case> cases() {
            String valid = JSON_TEXT.apply(body());
            add("malformed JSON: truncated", valid.substring(0, valid.length() / 2), BAD_REQUEST);
            add("malformed JSON: trailing comma", valid.substring(0, valid.lastIndexOf('}')) + ",}", BAD_REQUEST);
            add("malformed JSON: single quotes", "{'resourceType': 'x'}", BAD_REQUEST);
            add("malformed JSON: form data", "a=1&b=2", BAD_REQUEST);
            add("malformed JSON: nested 5000 deep", "[".repeat(5000) + "]".repeat(5000), BAD_REQUEST);
            add("empty body", "", BAD_REQUEST);
            add("null", "null", BAD_REQUEST);
            add("[]", "[]", BAD_REQUEST);
            add("a JSON string", "\"a string\"", BAD_REQUEST);
            add("a JSON number", "42", BAD_REQUEST);
            String padded = JSON_TEXT.apply(((ObjectNode) body()).put("padding", "x".repeat(OVERSIZED)));
            add("oversized (300 KB)", padded, Set.of(413));
            cases.add(new Case(row, "oversized (300 KB), chunked", row.method(), path, headers(contentType()),
                    padded.getBytes(StandardCharsets.UTF_8), true, Set.of(413)));
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x")) {
                cases.add(new Case(row, "content type " + type, row.method(), path, headers(type), bytes(valid), false,
                        Set.of(415)));
            }
            cases.add(new Case(row, "no content type", row.method(), path, headers(null), bytes(valid), false,
                    Set.of(415)));
            mutations();
            return cases;
        }

        /** Mutations of the valid sample, each wrong in one way. */
        private void mutations() {
            Set<String> lenient = strings(sample.path("lenient"));
            ObjectNode valid = body();
            for (String at : JsonPaths.all(valid)) {
                JsonNode node = JsonPaths.get(valid, at);
                if (node.isObject() && !lenient.contains(at)) {
                    mutate("unknown field in " + (at.isEmpty() ? "the root" : at),
                            b -> ((ObjectNode) JsonPaths.get(b, at)).put("corpusUnknownField", "x"), BAD_REQUEST);
                }
                if (node.isObject() && node.has("resourceType") && fhir) {
                    String where = at.isEmpty() ? "" : " of " + at;
                    mutate("wrong resourceType" + where, b -> ((ObjectNode) JsonPaths.get(b, at))
                            .put("resourceType", "Basic"), INVALID);
                    mutate("unknown resourceType" + where, b -> ((ObjectNode) JsonPaths.get(b, at))
                            .put("resourceType", "NotAResource"), BAD_REQUEST);
                }
                if (!at.isEmpty() && !node.isNull()) {
                    // object for scalars, scalar for objects and arrays
                    JsonNode wrong = node.isContainerNode() ? TextNode.valueOf("x") : JSON.createObjectNode();
                    mutate("wrong type: " + at + " as " + (node.isContainerNode() ? "a string" : "an object"),
                            b -> JsonPaths.set(b, at, wrong), BAD_REQUEST);
                }
            }
            if (fhir) {
                mutate("no resourceType", b -> JsonPaths.remove(b, "resourceType"), BAD_REQUEST);
            }
            for (String field : strings(sample.path("required"))) {
                mutate("missing " + field, b -> JsonPaths.remove(b, field), INVALID);
            }
            sample.path("fields").fields().forEachRemaining(f -> {
                String field = f.getKey();
                boolean id = f.getValue().path("kind").asText().equals("id");
                JsonNode max = f.getValue().path("max");
                String original = JsonPaths.get(valid, field).asText();
                Map<String, String> values = new LinkedHashMap<>();
                if (max.isInt() || id) {
                    values.put("too long", "x".repeat(max.isInt() ? max.asInt() + 1 : 300));
                }
                values.put("NUL", "a\u0000b");
                values.put("ESC", "a\u001b[31mb");
                values.put("lone surrogate", "a\ud800b");
                if (id) {
                    values.put("emoji", "a\ud83d\ude00b");
                    values.put("right-to-left override", "a\u202eb");
                    values.put("zero-width space", "a\u200bb");
                    values.put("SQL injection", "' OR 1=1 --");
                    values.put("script", "<script>alert(1)</script>");
                    values.put("JNDI lookup", "${jndi:ldap://x/a}");
                    values.put("path traversal", "../../etc/passwd");
                }
                // A reference keeps its type: the id after it is the bad part.
                Matcher ref = REFERENCE.matcher(original);
                String prefix = id && ref.matches() ? ref.group(1) : "";
                values.forEach((what, value) -> mutate(field + ": " + what,
                        b -> JsonPaths.set(b, field, TextNode.valueOf(prefix + value)), INVALID));
            });
            sample.path("bad").fields().forEachRemaining(bad -> {
                Map<String, String> extra = new LinkedHashMap<>();
                ObjectNode b = body();
                Set<Integer> expected = bad.getValue().has("@expect") ? Set.of(bad.getValue().get("@expect").asInt())
                        : INVALID;
                bad.getValue().fields().forEachRemaining(set -> {
                    if (set.getKey().equals("@expect")) {
                        return;
                    }
                    if (set.getKey().startsWith("@header ")) {
                        extra.put(set.getKey().substring("@header ".length()), set.getValue().asText());
                    } else {
                        JsonNode value = set.getValue().isTextual()
                                ? TextNode.valueOf(fill(set.getValue().asText())) : set.getValue();
                        JsonPaths.set(b, set.getKey(), value);
                    }
                });
                Map<String, String> headers = headers(contentType());
                headers.putAll(extra);
                cases.add(new Case(row, bad.getKey(), row.method(), path, headers, bytes(JSON_TEXT.apply(b)), false,
                        expected));
            });
        }

        private void mutate(String name, java.util.function.Consumer<ObjectNode> change, Set<Integer> expected) {
            ObjectNode b = body();
            change.accept(b);
            add(name, JSON_TEXT.apply(b), expected);
        }

        private void add(String name, String body, Set<Integer> expected) {
            cases.add(new Case(row, name, row.method(), path, headers(contentType()), bytes(body), false, expected));
        }

        /** A fresh copy of the valid sample, placeholders filled. */
        private ObjectNode body() {
            try {
                return (ObjectNode) JSON.readTree(fill(JSON.writeValueAsString(sample.get("body"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String contentType() {
            return fhir ? "application/fhir+json" : "application/json";
        }

        private Map<String, String> headers(String contentType) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            headers.put("Authorization", bearer(row));
            return headers;
        }
    }

    /** Path parameters that are not ids, each with the row's valid body when it takes one. */
    private static List<Case> badIds(Row row, JsonNode sample) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("encoded ../..", "../..");
        ids.put("..", "..");
        ids.put("NUL", "\u0000");
        ids.put("300 characters", "a".repeat(300));
        ids.put("SQL injection", "' OR 1=1 --");
        ids.put("script", "<script>alert(1)</script>");
        ids.put("emoji", "\ud83d\ude00");
        ids.put("right-to-left override", "\u202e1");
        ids.put("blank", " ");
        ids.put("negative number", "-1");
        ids.put("uuid with a suffix", UUID.randomUUID() + "x");
        ids.put("JSON", "{\"$ne\":null}");
        ids.put("percent-encoded NUL, encoded again", "%00");
        List<Case> cases = new ArrayList<>();
        byte[] body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", bearer(row));
        if (sample.has("body")) {
            body = bytes(fill(sample.get("body").toString()));
            headers.put("Content-Type", row.path().startsWith("/fhir/") ? "application/fhir+json" : "application/json");
        }
        for (Map.Entry<String, String> id : ids.entrySet()) {
            String path = row.path().replaceAll("\\{[^}/]+}", Matcher.quoteReplacement(encodePath(id.getValue())));
            cases.add(new Case(row, "path id: " + id.getKey(), row.method(), path, headers, body, false, NO_SUCH_ID));
        }
        return cases;
    }

    /** Search parameters with values of the wrong form, one parameter at a time, plus unsupported formats. */
    private static List<Case> badQueries(Row row, JsonNode sample) {
        List<Case> cases = new ArrayList<>();
        String path = row.path().replaceAll("\\{[^}/]+}", UUID.randomUUID().toString());
        Map<String, String> base = new LinkedHashMap<>();
        sample.path("base").fields().forEachRemaining(b -> base.put(b.getKey(), fill(b.getValue().asText())));
        Map<String, String> headers = Map.of("Authorization", bearer(row));
        sample.path("query").fields().forEachRemaining(param -> {
            for (Map.Entry<String, String> bad : badValues(param.getValue().asText()).entrySet()) {
                Map<String, String> query = new LinkedHashMap<>(base);
                query.put(param.getKey(), bad.getValue());
                cases.add(new Case(row, param.getKey() + ": " + bad.getKey(), "GET", path + query(query), headers,
                        null, false, BAD_REQUEST));
            }
        });
        if (row.path().startsWith("/fhir/")) {
            Map<String, String> query = new LinkedHashMap<>(base);
            query.put("_format", "xml");
            cases.add(new Case(row, "_format=xml", "GET", path + query(query), headers, null, false, Set.of(406)));
            Map<String, String> xml = new LinkedHashMap<>(headers);
            xml.put("Accept", "application/fhir+xml");
            cases.add(new Case(row, "Accept: application/fhir+xml", "GET", path + query(base), xml, null, false,
                    Set.of(406)));
        }
        return cases;
    }

    private static Map<String, String> badValues(String kind) {
        Map<String, String> v = new LinkedHashMap<>();
        String uuid = UUID.randomUUID().toString();
        switch (kind.contains(":") ? kind.substring(0, kind.indexOf(':')) : kind) {
            case "count", "number" -> {
                v.put("-1", "-1");
                v.put("abc", "abc");
                v.put("1.5", "1.5");
                v.put("beyond a long", "99999999999999999999");
                if (kind.equals("number")) {
                    v.put("0", "0");
                }
            }
            case "date" -> {
                v.put("2026-13-45", "2026-13-45");
                v.put("yesterday", "yesterday");
                v.put("prefix only", "ge");
                v.put("unknown prefix", "zz2026-01-01");
                v.put("hour 25", "2026-01-01T25:00:00Z");
                v.put("year +999999999", "ge+999999999-12-31T23:59:59Z");
                v.put("year -999999999", "le-999999999-01-01T00:00:00Z");
                v.put("year 0000", "0000-01-01");
                v.put("SQL injection", "' OR 1=1 --");
            }
            case "instant" -> {
                v.put("2026-13-45", "2026-13-45T00:00:00Z");
                v.put("tomorrow", "tomorrow");
                v.put("a date", "2026-12-01");
                v.put("year +999999999", "+999999999-12-31T23:59:59Z");
                v.put("year -999999999", "-999999999-01-01T00:00:00Z");
                v.put("year 0000", "0000-12-31T23:59:59Z");
                v.put("SQL injection", "' OR 1=1 --");
            }
            case "reference" -> {
                boolean anyType = kind.endsWith(":*");
                String type = anyType ? "Encounter" : kind.substring(kind.indexOf(':') + 1);
                v.put("SQL injection", type + "/' OR 1=1 --");
                v.put("script", type + "/<script>alert(1)</script>");
                v.put("300 characters", type + "/" + "a".repeat(300));
                v.put("NUL", type + "/a\u0000b");
                v.put("no id", type + "/");
                if (!anyType) {
                    v.put("another type", "Observation/" + uuid);
                }
            }
            case "token", "code", "uri", "id" -> {
                v.put("SQL injection", "' OR 1=1 --");
                v.put("script", "<script>alert(1)</script>");
                v.put("300 characters", "a".repeat(300));
                v.put("NUL", "a\u0000b");
                if (kind.equals("code") || kind.equals("uri")) {
                    v.put("unknown code", kind.equals("uri") ? "not a uri" : "no-such-code");
                }
            }
            default -> throw new IllegalStateException("Unknown query parameter kind " + kind);
        }
        return v;
    }

    // ------------------------------------------------------------------ fixtures and state

    /**
     * A routine call (a patient and a cleared encounter), an urgent one whose escalation is acknowledged (so that
     * resolving it is the next step) and a free slot tomorrow: the valid samples refer to them.
     */
    private static void fixtures() throws Exception {
        String identifier = "MRN-CORPUS-" + UUID.randomUUID();
        JsonNode routine = intake("""
                {"patient": {"identifier": "%s", "name": "Corpus Routine", "birthDate": "1950-02-03", "sex": "male"},
                 "reason": "prescription refill", "narrative": "Needs a refill of his statin, feels fine."}"""
                .formatted(identifier));
        FIXTURES.put("routineEncounter", routine.path("encounterId").asText());
        FIXTURES.put("routinePatient", subject(routine.path("encounterId").asText()));
        FIXTURES.put("routineIdentifier", identifier);
        JsonNode urgent = intake("""
                {"patient": {"identifier": "MRN-CORPUS-%s", "birthDate": "1949-06-01", "sex": "female"},
                 "reason": "suspected blood clot",
                 "narrative": "Thinks she has a blood clot. Pain and swelling in her right leg since yesterday."}"""
                .formatted(UUID.randomUUID()));
        String escalation = urgent.path("triage").path("escalationId").asText(null);
        if (escalation == null) {
            throw new IllegalStateException("The urgent fixture was not escalated: " + urgent);
        }
        FIXTURES.put("urgentEncounter", urgent.path("encounterId").asText());
        FIXTURES.put("urgentPatient", subject(urgent.path("encounterId").asText()));
        FIXTURES.put("escalation", escalation);
        eventually(() -> get(Service.ESCALATION, "/api/v1/escalations/" + escalation, "clinician").status() == 200,
                "the urgent call on the worklist");
        Answer ack = send(Service.ESCALATION, "POST", "/api/v1/escalations/" + escalation + "/ack", "clinician", null);
        if (ack.status() != 200) {
            throw new IllegalStateException("ack: " + ack);
        }
        String from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonNode slot = JSON.readTree(get(Service.SCHEDULING, "/api/v1/slots?limit=1&from=" + from, "agent").body())
                .path(0);
        FIXTURES.put("slotStart", slot.path("start").asText());
        FIXTURES.put("slotEnd", slot.path("end").asText());
        FIXTURES.put("practitioner", slot.path("practitioner").asText());
        FIXTURES.put("future", LocalDate.now(ZoneOffset.UTC).plusDays(2).toString());
        if (FIXTURES.values().stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new IllegalStateException("Incomplete fixtures: " + FIXTURES);
        }
    }

    /** Records a call and answers it once triaged (a cold triage may time out: intake then retries it). */
    private static JsonNode intake(String call) throws Exception {
        String id = post(Service.INTAKE, "/api/v1/intakes", "agent", call).path("encounterId").asText();
        JsonNode[] answer = new JsonNode[1];
        eventually(() -> {
            try {
                answer[0] = JSON.readTree(get(Service.INTAKE, "/api/v1/intakes/" + id, "agent").body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return answer[0].path("status").asText().equals("triaged");
        }, "the fixture call " + id + " to be triaged");
        return answer[0];
    }

    private static String subject(String encounterId) throws IOException, InterruptedException {
        Answer encounter = get(Service.INTAKE, "/fhir/Encounter/" + encounterId, "clinician");
        return JSON.readTree(encounter.body()).path("subject").path("reference").asText().replace("Patient/", "");
    }

    private static final String REFUSALS = " (refused)";

    /**
     * Every table of the four databases but Flyway's, as row count and content hash; audit rows with outcome
     * {@code refused} apart (a refusal is audited by design: DESIGN.md "every refusal is audited").
     */
    private static Map<String, String> state() throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (Service s : Service.values()) {
            try (Connection c = SUITE.jdbc(s)) {
                List<String> tables = new ArrayList<>();
                try (ResultSet r = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                        + "AND table_name <> 'flyway_schema_history'")) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
                for (String table : tables) {
                    String name = SUITE.database(s) + "." + table;
                    if (table.equals("audit_event")) {
                        state.put(name, digest(c, table, "outcome <> 'refused'"));
                        state.put(name + REFUSALS, digest(c, table, "outcome = 'refused'"));
                    } else {
                        state.put(name, digest(c, table, "true"));
                    }
                }
            }
        }
        return state;
    }

    private static String digest(Connection c, String table, String where) throws java.sql.SQLException {
        try (ResultSet r = c.createStatement().executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
                + "ORDER BY t::text), '')) FROM " + table + " t WHERE " + where)) {
            r.next();
            return r.getLong(1) + " rows " + r.getString(2).substring(0, 8);
        }
    }

    /** The state once background work (outbox delivery, notification fan-out) has settled after the fixtures. */
    private static Map<String, String> settledState() throws Exception {
        Map<String, String> previous = state();
        for (int i = 0; i < 60; i++) {
            Thread.sleep(500);
            Map<String, String> now = state();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new IllegalStateException("The databases did not settle after the fixtures");
    }

    private static String refusalsAudited(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(k -> k.endsWith(REFUSALS))
                .map(k -> k.substring(0, k.indexOf('.')) + " " + rows(before.get(k)) + "->" + rows(after.get(k)))
                .collect(Collectors.joining(", "));
    }

    private static String rows(String digest) {
        return digest.substring(0, digest.indexOf(' '));
    }

    private static void eventually(Supplier<Boolean> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (probe.get()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Timed out waiting for " + what);
    }

    // ------------------------------------------------------------------ HTTP and JSON

    private static Answer send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SUITE.url(c.row().service()) + c.path()))
                .timeout(Duration.ofSeconds(20));
        c.headers().forEach(request::header);
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : c.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        return answer(HTTP.send(request.method(c.method(), body).build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private static Answer send(Service service, String method, String path, String role, String json)
            throws IOException, InterruptedException {
        // the first calls meet cold services on a busy machine
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SUITE.url(service) + path))
                .timeout(Duration.ofSeconds(90)).header("Authorization", bearer(role));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private static Answer get(Service service, String path, String role) {
        try {
            return send(service, "GET", path, role, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode post(Service service, String path, String role, String json) throws Exception {
        Answer answer = send(service, "POST", path, role, json);
        if (answer.status() != 201) {
            throw new IllegalStateException("Fixture " + path + ": " + answer);
        }
        return JSON.readTree(answer.body());
    }

    /** The answer; an event stream is closed once its status is known. */
    private static Answer answer(HttpResponse<InputStream> response) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            return new Answer(response.statusCode(), type, type.startsWith("text/event-stream") ? "(event stream)"
                    : new String(body.readNBytes(1024 * 1024), StandardCharsets.UTF_8));
        }
    }

    private static String bearer(Row row) {
        return bearer(row.anAllowedRole());
    }

    private static String bearer(String role) {
        return BEARERS.computeIfAbsent(role, TestTokens::bearer);
    }

    private static final java.util.function.Function<JsonNode, String> JSON_TEXT = node -> {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code ${name}}: a fixture, or {@code uuid} (one fresh id per filled text). */
    private static String fill(String text) {
        String uuid = UUID.randomUUID().toString();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("uuid") ? uuid : FIXTURES.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("No fixture ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** Percent-encodes every byte but RFC 3986 unreserved characters, so that the id reaches the server as is. */
    private static String encodePath(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String query(Map<String, String> params) {
        return params.isEmpty() ? "" : params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new java.util.LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    /**
     * Paths into a JSON tree: {@code a.b[0].c}, {@code ""} the root. Every path of a tree, get, set and remove (an
     * array element is removed, an object member dropped).
     */
    static final class JsonPaths {

        private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

        private JsonPaths() {
        }

        static List<String> all(JsonNode root) {
            List<String> paths = new ArrayList<>();
            walk(root, "", paths);
            return paths;
        }

        private static void walk(JsonNode node, String at, List<String> paths) {
            paths.add(at);
            if (node.isObject()) {
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    walk(node.get(name), at.isEmpty() ? name : at + "." + name, paths);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), at + "[" + i + "]", paths);
                }
            }
        }

        static JsonNode get(JsonNode root, String path) {
            JsonNode node = root;
            for (Object segment : segments(path)) {
                node = segment instanceof Integer i ? node.get(i) : node.get((String) segment);
                if (node == null) {
                    throw new IllegalStateException("bad-input/samples.json: no " + path + " in the sample");
                }
            }
            return node;
        }

        static void set(JsonNode root, String path, JsonNode value) {
            List<Object> segments = segments(path);
            JsonNode parent = get(root, join(segments.subList(0, segments.size() - 1)));
            Object last = segments.get(segments.size() - 1);
            if (last instanceof Integer i) {
                ((ArrayNode) parent).set(i, value);
            } else {
                ((ObjectNode) parent).set((String) last, value);
            }
        }

        static void remove(JsonNode root, String path) {
            List<Object> segments = segments(path);
            JsonNode parent = get(root, join(segments.subList(0, segments.size() - 1)));
            Object last = segments.get(segments.size() - 1);
            get(root, path); // it must exist
            if (last instanceof Integer i) {
                ((ArrayNode) parent).remove(i);
            } else {
                ((ObjectNode) parent).remove((String) last);
            }
        }

        private static List<Object> segments(String path) {
            List<Object> segments = new ArrayList<>();
            Matcher m = SEGMENT.matcher(path);
            while (m.find()) {
                segments.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
            }
            return segments;
        }

        private static String join(List<Object> segments) {
            StringBuilder out = new StringBuilder();
            for (Object s : segments) {
                out.append(s instanceof Integer i ? "[" + i + "]" : (out.length() == 0 ? "" : ".") + s);
            }
            return out.toString();
        }
    }
}
