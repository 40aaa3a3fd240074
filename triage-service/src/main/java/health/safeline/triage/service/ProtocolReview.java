package health.safeline.triage.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import health.safeline.triage.engine.TriageEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The protocol in force, for clinical review: the rule files as loaded by the engine, as one JSON
 * document and as a readable HTML page.
 */
@ApplicationScoped
public class ProtocolReview {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode document;
    private final String html;

    ProtocolReview(TriageEngine engine, ObjectMapper json) {
        JsonNode index = read("protocol.yaml");
        ObjectNode doc = json.createObjectNode();
        doc.put("version", engine.protocolVersion());
        doc.put("name", index.path("name").asText());
        doc.put("reviewedBy", index.path("reviewedBy").asText());
        ArrayNode areas = doc.putArray("areas");
        for (JsonNode file : index.path("files").path("rules")) {
            JsonNode content = read(file.asText());
            ObjectNode area = areas.addObject();
            area.put("file", file.asText());
            area.put("area", content.path("area").asText(file.asText()));
            ArrayNode rules = area.putArray("rules");
            for (JsonNode rule : content.path("rules")) {
                ObjectNode r = rules.addObject();
                r.put("id", rule.path("id").asText());
                r.put("title", rule.path("title").asText());
                r.put("level", rule.path("level").asText());
                r.set("when", rule.path("when"));
                r.put("condition", condition(rule.path("when")));
                r.put("rationale", rule.path("rationale").asText());
                r.put("source", rule.path("source").asText());
            }
        }
        ObjectNode lexicon = doc.putObject("lexicon");
        for (JsonNode file : index.path("files").path("lexicon")) {
            read(file.asText()).path("concepts").fields()
                    .forEachRemaining(e -> lexicon.set(e.getKey(), e.getValue()));
        }
        this.document = doc;
        this.html = render(doc);
    }

    public JsonNode document() {
        return document;
    }

    public String html() {
        return html;
    }

    /** A condition tree as one line: {@code all of (a, any of (b, c)), not d}. */
    static String condition(JsonNode when) {
        if (when.isTextual() || when.isNumber()) {
            return when.asText();
        }
        if (when.isArray()) {
            return join(when);
        }
        if (when.isObject()) {
            return StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) when::fields).spliterator(), false)
                    .map(e -> switch (e.getKey()) {
                        case "all" -> "all of (" + join(e.getValue()) + ")";
                        case "any" -> "any of (" + join(e.getValue()) + ")";
                        case "not" -> "not " + condition(e.getValue());
                        default -> e.getKey() + " " + condition(e.getValue());
                    }).collect(Collectors.joining(", "));
        }
        return "";
    }

    private static String join(JsonNode items) {
        if (!items.isArray()) {
            return condition(items);
        }
        Iterator<JsonNode> it = items.elements();
        StringBuilder out = new StringBuilder();
        while (it.hasNext()) {
            out.append(condition(it.next())).append(it.hasNext() ? ", " : "");
        }
        return out.toString();
    }

    private static String render(JsonNode doc) {
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Safeline triage protocol</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
                .emergency{color:#fff;background:#b00020}.urgent{background:#ff9800}.same-day{background:#ffe082}
                .routine{background:#c8e6c9}</style></head><body>""");
        out.append("<h1>").append(escape(doc.path("name").asText())).append(" ")
                .append(escape(doc.path("version").asText())).append("</h1><p>Clinical review: ")
                .append(escape(doc.path("reviewedBy").asText())).append("</p>");
        for (JsonNode area : doc.path("areas")) {
            out.append("<h2>").append(escape(area.path("area").asText())).append(" <small>(")
                    .append(escape(area.path("file").asText())).append(")</small></h2><table><tr><th>id</th><th>title</th>"
                            + "<th>level</th><th>when</th><th>rationale</th><th>source</th></tr>");
            for (JsonNode rule : area.path("rules")) {
                String level = escape(rule.path("level").asText());
                out.append("<tr><td>").append(escape(rule.path("id").asText())).append("</td><td>")
                        .append(escape(rule.path("title").asText())).append("</td><td class=\"").append(level)
                        .append("\">").append(level).append("</td><td>").append(escape(rule.path("condition").asText()))
                        .append("</td><td>").append(escape(rule.path("rationale").asText())).append("</td><td>")
                        .append(escape(rule.path("source").asText())).append("</td></tr>");
            }
            out.append("</table>");
        }
        return out.append("</body></html>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static JsonNode read(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(TriageEngine.DEFAULT_PROTOCOL + "/" + file)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
