package health.safeline.triage.service;

import health.safeline.triage.engine.Disposition;
import health.safeline.triage.engine.ProtocolView;
import health.safeline.triage.engine.ProtocolView.ComplaintView;
import health.safeline.triage.engine.ProtocolView.ConceptView;
import health.safeline.triage.engine.ProtocolView.QuestionView;
import health.safeline.triage.engine.TriageEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The protocol in force, for clinical review, as the engine loaded it (not the YAML read again): one JSON document
 * and a readable HTML page with the dispositions, each complaint protocol's questions in order, every rule and the
 * lexicon.
 */
@ApplicationScoped
public class ProtocolReview {

    private final ProtocolView view;
    private final String html;

    ProtocolReview(TriageEngine engine) {
        this.view = engine.review();
        this.html = render(view);
    }

    public ProtocolView document() {
        return view;
    }

    public String html() {
        return html;
    }

    private static String render(ProtocolView v) {
        Map<String, QuestionView> rules = v.rules().stream().collect(Collectors.toMap(QuestionView::id, Function.identity()));
        StringBuilder out = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Safeline triage protocol</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
                .emergency{color:#fff;background:#b00020}.urgent{background:#ff9800}.same-day{background:#ffe082}
                .routine{background:#c8e6c9}</style></head><body>""");
        out.append("<h1>").append(escape(v.name())).append(" ").append(escape(v.version()))
                .append("</h1><p>Clinical review: ").append(escape(v.reviewedBy())).append("</p>");
        out.append("<h2>Dispositions</h2><table><tr><th>id</th><th>level</th><th>booking window</th><th>what to do</th></tr>");
        for (Disposition d : v.dispositions()) {
            out.append("<tr><td>").append(escape(d.id())).append("</td>").append(level(d.level().code())).append("<td>")
                    .append(d.windowHours() == 0 ? "a clinician decides" : d.windowHours() + " h").append("</td><td>")
                    .append(escape(d.title())).append("</td></tr>");
        }
        out.append("</table>");
        for (ComplaintView c : v.complaints()) {
            out.append("<h2>").append(escape(c.title())).append(" <small>(").append(escape(c.id())).append(")</small></h2><p>")
                    .append(escape(c.definition())).append("</p><p>Recognised by: ")
                    .append(c.always() ? "every call" : escape(String.join(", ", c.recognisedBy())))
                    .append(". Default when every question is no: ").append(escape(c.defaultDisposition()))
                    .append(". Source: ").append(escape(c.source())).append("</p>")
                    .append("<table><tr><th>#</th><th>question the agent reads</th><th>level</th><th>rule</th>"
                            + "<th>answered yes by</th><th>rationale</th></tr>");
            int n = 0;
            for (String id : c.questions()) {
                QuestionView q = rules.get(id);
                out.append("<tr><td>").append(++n).append("</td><td>").append(escape(q.ask() == null ? "" : q.ask()))
                        .append("</td>").append(level(q.level())).append("<td>").append(escape(q.id())).append("</td><td>")
                        .append(escape(q.condition())).append("</td><td>").append(escape(q.rationale())).append("</td></tr>");
            }
            out.append("</table>");
        }
        out.append("<h2>Rules</h2><table><tr><th>id</th><th>title</th><th>level</th><th>disposition</th><th>when</th>"
                + "<th>rationale</th><th>source</th><th>file</th></tr>");
        for (QuestionView r : v.rules()) {
            out.append("<tr><td>").append(escape(r.id())).append("</td><td>").append(escape(r.title())).append("</td>")
                    .append(level(r.level())).append("<td>").append(escape(r.disposition())).append("</td><td>")
                    .append(escape(r.condition())).append("</td><td>").append(escape(r.rationale())).append("</td><td>")
                    .append(escape(r.source())).append("</td><td>").append(escape(r.file())).append("</td></tr>");
        }
        out.append("</table><h2>Lexicon</h2><table><tr><th>concept</th><th>description</th><th>phrases</th></tr>");
        for (ConceptView k : v.concepts()) {
            out.append("<tr><td>").append(escape(k.id())).append(k.modifier() ? " (risk modifier)" : "").append("</td><td>")
                    .append(escape(k.description())).append("</td><td>").append(escape(String.join(" · ", k.phrases())))
                    .append("</td></tr>");
        }
        return out.append("</table></body></html>").toString();
    }

    private static String level(String level) {
        String l = escape(level);
        return "<td class=\"" + l + "\">" + l + "</td>";
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
