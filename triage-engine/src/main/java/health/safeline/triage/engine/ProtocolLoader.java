package health.safeline.triage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import health.safeline.api.TriageLevel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads protocol.yaml and the files it lists, validates everything and compiles it; fails fast with the file and rule named. */
final class ProtocolLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern THRESHOLD = Pattern.compile("^([A-Za-z0-9]+)\\s*(>=|<=|>|<|==)\\s*(-?\\d+(?:\\.\\d+)?)$");
    private static final Set<String> RULE_KEYS = Set.of("id", "title", "level", "when", "rationale", "source", "covers", "note",
            "ask", "disposition");
    private static final Set<String> COMPLAINT_KEYS = Set.of("id", "title", "definition", "recognisedBy", "always", "administrative", "questions",
            "default", "source", "note");
    /** Dispositions of a protocol.yaml that names none (protocols before 2026.12.2): one per level. */
    private static final List<Disposition> DEFAULT_DISPOSITIONS = List.of(
            new Disposition("call-911", TriageLevel.EMERGENCY, 0, "Call 911 now"),
            new Disposition("clinician-now", TriageLevel.URGENT, 0, "A clinician calls back now"),
            new Disposition("see-today", TriageLevel.SAME_DAY, 24, "See today (within 24 hours)"),
            new Disposition("within-30-days", TriageLevel.ROUTINE, 720, "Routine appointment within 30 days"));
    private static final Set<String> CONCEPT_KEYS = Set.of("phrases", "modifier", "description");

    private final Function<String, InputStream> resources;
    private Lexicon lex;
    /** Concepts the rule being read refers to. */
    private final Set<String> ruleConcepts = new HashSet<>();
    private final String base;

    private ProtocolLoader(Function<String, InputStream> resources, String base) {
        this.resources = resources;
        this.base = base.isEmpty() || base.endsWith("/") ? base : base + "/";
    }

    static Protocol fromClasspath(String base) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = cl != null ? cl : ProtocolLoader.class.getClassLoader();
        return new ProtocolLoader(loader::getResourceAsStream, base).load();
    }

    static Protocol fromDirectory(java.nio.file.Path dir) {
        return new ProtocolLoader(name -> {
            try {
                java.nio.file.Path file = dir.resolve(name);
                return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.newInputStream(file) : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "").load();
    }

    private JsonNode read(String file) {
        try (InputStream in = resources.apply(base + file)) {
            if (in == null) throw new ProtocolException("Protocol file " + base + file + " not found on the classpath");
            JsonNode n = YAML.readTree(in);
            if (n == null || !n.isObject()) throw new ProtocolException("Protocol file " + base + file + " is empty or not a mapping");
            return n;
        } catch (IOException e) {
            throw new ProtocolException("Protocol file " + base + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private Protocol load() {
        JsonNode root = read("protocol.yaml");
        String version = text(root, "version", "protocol.yaml");
        JsonNode settings = root.path("settings");
        Map<String, List<List<String>>> macros = new HashMap<>();
        settings.path("macros").fields().forEachRemaining(e -> {
            List<List<String>> seqs = new ArrayList<>();
            for (JsonNode v : e.getValue()) seqs.add(List.of(v.asText().trim().split("\\s+")));
            macros.put(e.getKey(), seqs);
        });
        Lexicon lex = new Lexicon(macros, settings.path("gapWords").asInt(6));
        this.lex = lex;
        JsonNode neg = settings.path("negation"), hist = settings.path("history");
        addTriggers(lex, neg, "pre", Analysis.NEG);
        addTriggers(lex, neg, "post", Analysis.NEG_POST);
        addTriggers(lex, neg, "answer", Analysis.NEG_ANSWER);
        addTriggers(lex, neg, "pseudo", Analysis.NEG_PSEUDO);
        addTriggers(lex, neg, "terminators", Analysis.NEG_END);
        addTriggers(lex, hist, "pre", Analysis.HIST);
        addTriggers(lex, hist, "post", Analysis.HIST_POST);
        addTriggers(lex, hist, "pseudo", Analysis.HIST_PSEUDO);
        addTriggers(lex, hist, "terminators", Analysis.HIST_END);
        addTriggers(lex, settings, "notFindings", Analysis.BLOCK);
        JsonNode other = settings.path("otherPerson"), hyp = settings.path("hypothetical");
        addTriggers(lex, other, "pre", Analysis.OTHER);
        addTriggers(lex, other, "post", Analysis.OTHER_POST);
        addTriggers(lex, other, "pseudo", Analysis.OTHER_PSEUDO);
        addTriggers(lex, other, "terminators", Analysis.OTHER_END);
        addTriggers(lex, hyp, "pre", Analysis.HYP);
        addTriggers(lex, hyp, "pseudo", Analysis.HYP_PSEUDO);
        addTriggers(lex, hyp, "terminators", Analysis.HYP_END);
        Map<String, Disposition> dispositions = dispositions(root.path("dispositions"));

        Set<String> concepts = new HashSet<>();
        Set<String> modifiers = new HashSet<>();
        List<ProtocolView.ConceptView> conceptViews = new ArrayList<>();
        for (JsonNode f : root.path("files").path("lexicon")) {
            String file = f.asText();
            JsonNode doc = read(file);
            Iterator<Map.Entry<String, JsonNode>> it = doc.path("concepts").fields();
            if (!it.hasNext()) throw new ProtocolException(base + file + ": no 'concepts'");
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String id = e.getKey();
                String where = base + file + " concept '" + id + "'";
                if (!KEBAB.matcher(id).matches()) throw new ProtocolException(where + ": id must be kebab-case");
                if (!concepts.add(id)) throw new ProtocolException(where + ": defined twice");
                unknownKeys(e.getValue(), CONCEPT_KEYS, where);
                if (e.getValue().path("modifier").asBoolean(false)) modifiers.add(id);
                JsonNode phrases = e.getValue().path("phrases");
                if (!phrases.isArray() || phrases.isEmpty()) throw new ProtocolException(where + ": needs a non-empty 'phrases' list");
                List<String> raw = new ArrayList<>();
                phrases.forEach(p -> raw.add(p.asText()));
                conceptViews.add(new ProtocolView.ConceptView(id, e.getValue().path("description").asText(""),
                        e.getValue().path("modifier").asBoolean(false), List.copyOf(raw)));
                for (JsonNode p : phrases) {
                    if (!p.isTextual()) {
                        throw new ProtocolException(where + ": phrase " + p + " is not a string (quote words like \"no\", \"on\")");
                    }
                    try {
                        lex.add(id, p.asText());
                    } catch (IllegalArgumentException ex) {
                        throw new ProtocolException(where + ", phrase '" + p.asText() + "': " + ex.getMessage());
                    }
                }
            }
        }

        JsonNode sp = settings.path("spelling");
        if (!sp.isMissingNode()) {
            Set<String> exclude = new HashSet<>();
            for (JsonNode w : sp.path("exclude")) exclude.add(Text.stem(w.asText().trim()));
            lex.tolerateSpelling(exclude, sp.path("minLength").asInt(5));
        }

        List<Rule> rules = new ArrayList<>();
        Set<String> redFlags = new java.util.TreeSet<>();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Condition.RuleRef> refs = new ArrayList<>();
        Map<String, String> refOwner = new HashMap<>();
        JsonNode ruleFiles = root.path("files").path("rules");
        if (!ruleFiles.isArray() || ruleFiles.isEmpty()) throw new ProtocolException("protocol.yaml: 'files.rules' must list the rule files");
        for (JsonNode f : ruleFiles) {
            String file = f.asText();
            JsonNode doc = read(file);
            JsonNode list = doc.path("rules");
            if (!list.isArray()) throw new ProtocolException(base + file + ": needs a 'rules' list");
            int pos = 0;
            for (JsonNode r : list) {
                pos++;
                String where = base + file + " rule #" + pos + (r.hasNonNull("id") ? " '" + r.get("id").asText() + "'" : "");
                unknownKeys(r, RULE_KEYS, where);
                String id = text(r, "id", where);
                if (!KEBAB.matcher(id).matches()) throw new ProtocolException(where + ": id must be kebab-case");
                if (ruleIndex.containsKey(id)) throw new ProtocolException(where + ": duplicate rule id");
                String lv = text(r, "level", where);
                TriageLevel level = TriageLevel.fromCode(lv).orElseThrow(() -> new ProtocolException(
                        where + ": unknown level '" + lv + "' (emergency, urgent, same-day, routine)"));
                if (!r.has("when")) throw new ProtocolException(where + ": missing 'when'");
                List<Condition.RuleRef> myRefs = new ArrayList<>();
                ruleConcepts.clear();
                Condition when = condition(r.get("when"), where, concepts, modifiers, myRefs);
                for (Condition.RuleRef ref : myRefs) refOwner.put(id + "->" + ref.id, where);
                refs.addAll(myRefs);
                Disposition disposition = ruleDisposition(r, level, dispositions, where);
                String covers = r.path("covers").asText("evidence");
                if (!covers.equals("evidence") && !covers.equals("sentence")) {
                    throw new ProtocolException(where + ": 'covers' must be 'evidence' or 'sentence'");
                }
                if (level.escalates()) redFlags.addAll(ruleConcepts);
                ruleIndex.put(id, rules.size());
                rules.add(new Rule(id, text(r, "title", where), level, when, text(r, "rationale", where),
                        text(r, "source", where), covers.equals("sentence"), file, r.path("ask").asText(null), disposition));
                for (Condition.RuleRef ref : myRefs) ref.owner = id;
            }
        }
        for (Condition.RuleRef ref : refs) {
            Integer idx = ruleIndex.get(ref.id);
            if (idx == null) throw new ProtocolException(refOwner.get(ref.owner + "->" + ref.id) + ": unknown rule '" + ref.id + "'");
            ref.index = idx;
        }
        checkCycles(rules, refs, ruleIndex);

        JsonNode u = settings.path("unrecognised");
        String sym = u.path("symptomConcept").asText("symptom");
        if (!concepts.contains(sym)) throw new ProtocolException("protocol.yaml: unrecognised.symptomConcept '" + sym + "' is not a concept");
        Protocol.Unrecognised unrec = new Protocol.Unrecognised(sym,
                TriageLevel.fromCode(u.path("level").asText("same-day")).orElseThrow(
                        () -> new ProtocolException("protocol.yaml: bad unrecognised.level")),
                u.path("title").asText("Symptoms not recognised by the protocol"),
                u.path("rationale").asText("Unrecognised symptoms are never silently routine"),
                u.path("source").asText("Safeline DESIGN.md"));
        List<Complaint> complaints = new ArrayList<>();
        for (JsonNode f : root.path("files").path("complaints")) {
            complaints.addAll(complaints(f.asText(), concepts, rules, ruleIndex, dispositions));
        }
        if (!complaints.isEmpty()) checkEveryRuleAsked(complaints, rules);
        Analysis.Scopes scopes = new Analysis.Scopes(neg.path("window").asInt(12), hist.path("window").asInt(10),
                other.path("window").asInt(12), hyp.path("window").asInt(12), stems(other.path("reasonCues")),
                stems(hyp.path("reasonCues")));
        return new Protocol(version, root.path("name").asText(version), root.path("reviewedBy").asText(""), lex,
                Set.copyOf(modifiers), scopes, List.copyOf(rules), List.copyOf(complaints),
                List.copyOf(dispositions.values()), unrec,
                redFlags.stream().filter(c -> !modifiers.contains(c)).mapToInt(lex::conceptIndex).filter(i -> i >= 0).toArray(),
                List.copyOf(conceptViews));
    }

    /** Single words, stemmed as the text is. */
    private static Set<String> stems(JsonNode list) {
        Set<String> out = new java.util.HashSet<>();
        for (JsonNode w : list) out.add(Text.stem(w.asText().toLowerCase(java.util.Locale.ROOT)));
        return Set.copyOf(out);
    }

    private static Map<String, Disposition> dispositions(JsonNode list) {
        Map<String, Disposition> out = new LinkedHashMap<>();
        if (list.isMissingNode()) {
            DEFAULT_DISPOSITIONS.forEach(d -> out.put(d.id(), d));
            return out;
        }
        if (!list.isArray() || list.isEmpty()) throw new ProtocolException("protocol.yaml: 'dispositions' must be a non-empty list");
        for (JsonNode d : list) {
            String where = "protocol.yaml disposition " + d.path("id").asText("?");
            unknownKeys(d, Set.of("id", "level", "windowHours", "title"), where);
            String id = text(d, "id", where);
            if (!KEBAB.matcher(id).matches()) throw new ProtocolException(where + ": id must be kebab-case");
            TriageLevel level = TriageLevel.fromCode(text(d, "level", where)).orElseThrow(
                    () -> new ProtocolException(where + ": unknown level"));
            int hours = d.path("windowHours").asInt(0);
            if (level.escalates() ? hours != 0 : hours < 1) {
                throw new ProtocolException(where + ": windowHours must be 0 for " + level.code() + (level.escalates() ? "" : ", >= 1 otherwise"));
            }
            if (out.put(id, new Disposition(id, level, hours, text(d, "title", where))) != null) {
                throw new ProtocolException(where + ": defined twice");
            }
        }
        for (TriageLevel level : TriageLevel.values()) {
            if (out.values().stream().noneMatch(d -> d.level() == level)) {
                throw new ProtocolException("protocol.yaml: no disposition at level " + level.code());
            }
        }
        return out;
    }

    /** The rule's named disposition (of its own level), else the first disposition of its level. */
    private static Disposition ruleDisposition(JsonNode r, TriageLevel level, Map<String, Disposition> dispositions, String where) {
        if (!r.hasNonNull("disposition")) {
            return dispositions.values().stream().filter(d -> d.level() == level).findFirst().orElseThrow();
        }
        Disposition d = dispositions.get(r.get("disposition").asText());
        if (d == null) throw new ProtocolException(where + ": unknown disposition '" + r.get("disposition").asText() + "'");
        if (d.level() != level) throw new ProtocolException(where + ": disposition '" + d.id() + "' is " + d.level().code() + ", the rule " + level.code());
        return d;
    }

    private List<Complaint> complaints(String file, Set<String> concepts, List<Rule> rules, Map<String, Integer> ruleIndex,
            Map<String, Disposition> dispositions) {
        JsonNode list = read(file).path("protocols");
        if (!list.isArray() || list.isEmpty()) throw new ProtocolException(base + file + ": needs a 'protocols' list");
        List<Complaint> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int pos = 0;
        for (JsonNode c : list) {
            pos++;
            String where = base + file + " protocol #" + pos + (c.hasNonNull("id") ? " '" + c.get("id").asText() + "'" : "");
            unknownKeys(c, COMPLAINT_KEYS, where);
            String id = text(c, "id", where);
            if (!KEBAB.matcher(id).matches()) throw new ProtocolException(where + ": id must be kebab-case");
            if (!ids.add(id)) throw new ProtocolException(where + ": duplicate protocol id");
            boolean always = c.path("always").asBoolean(false);
            List<String> recognisedBy = new ArrayList<>();
            for (JsonNode r : c.path("recognisedBy")) recognisedBy.add(concept(r.asText(), where, concepts));
            if (recognisedBy.isEmpty() && !always) throw new ProtocolException(where + ": needs 'recognisedBy' concepts (or always: true)");
            JsonNode qs = c.path("questions");
            if (!qs.isArray() || qs.isEmpty()) throw new ProtocolException(where + ": needs a non-empty 'questions' list of rule ids");
            int[] questions = new int[qs.size()];
            for (int i = 0; i < qs.size(); i++) {
                Integer idx = ruleIndex.get(qs.get(i).asText());
                if (idx == null) throw new ProtocolException(where + ": unknown rule '" + qs.get(i).asText() + "'");
                if (i > 0 && rules.get(idx).level().moreUrgentThan(rules.get(questions[i - 1]).level())) {
                    throw new ProtocolException(where + ": question '" + rules.get(idx).id() + "' (" + rules.get(idx).level().code()
                            + ") comes after a less urgent one: order the questions most urgent first");
                }
                questions[i] = idx;
            }
            String def = text(c, "default", where);
            Disposition fallback = dispositions.get(def);
            if (fallback == null) throw new ProtocolException(where + ": unknown default disposition '" + def + "'");
            out.add(new Complaint(id, text(c, "title", where), c.path("definition").asText(""), List.copyOf(recognisedBy),
                    recognisedBy.stream().mapToInt(lex::conceptIndex).toArray(), always, c.path("administrative").asBoolean(false),
                    questions, fallback,
                    c.path("source").asText("")));
        }
        return out;
    }

    /** With complaint protocols, every rule is a question of one and has the sentence the agent reads aloud. */
    private static void checkEveryRuleAsked(List<Complaint> complaints, List<Rule> rules) {
        boolean[] asked = new boolean[rules.size()];
        for (Complaint c : complaints) for (int q : c.questions()) asked[q] = true;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String where = r.file() + " rule '" + r.id() + "'";
            if (!asked[i]) throw new ProtocolException(where + ": is a question of no complaint protocol");
            if (r.ask() == null || r.ask().isBlank()) throw new ProtocolException(where + ": missing 'ask' (the sentence the agent reads aloud)");
        }
    }

    private void addTriggers(Lexicon lex, JsonNode scope, String key, String id) {
        for (JsonNode p : scope.path(key)) {
            if (!p.isTextual()) throw new ProtocolException("protocol.yaml settings: trigger " + p + " is not a string (quote it)");
            try {
                lex.add(id, p.asText());
            } catch (IllegalArgumentException ex) {
                throw new ProtocolException("protocol.yaml settings, trigger '" + p.asText() + "': " + ex.getMessage());
            }
        }
    }

    private static void unknownKeys(JsonNode n, Set<String> allowed, String where) {
        if (!n.isObject()) throw new ProtocolException(where + ": must be a mapping");
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) throw new ProtocolException(where + ": unknown key '" + k + "' (allowed: " + allowed + ")");
        });
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new ProtocolException(where + ": missing or empty '" + key + "'");
        }
        return v.asText().trim();
    }

    private Condition condition(JsonNode n, String where, Set<String> concepts, Set<String> modifiers,
            List<Condition.RuleRef> refs) {
        if (n == null || n.isNull()) throw new ProtocolException(where + ": empty condition");
        if (n.isValueNode()) return leaf(n.asText().trim(), where, concepts, modifiers, refs);
        if (!n.isObject() || n.size() != 1) {
            throw new ProtocolException(where + ": a condition is a string or a mapping with one key (all, any, not, near), got " + n);
        }
        String key = n.fieldNames().next();
        JsonNode v = n.get(key);
        switch (key) {
            case "all", "any" -> {
                if (!v.isArray() || v.isEmpty()) throw new ProtocolException(where + ": '" + key + "' needs a non-empty list");
                List<Condition> cs = new ArrayList<>();
                for (JsonNode c : v) cs.add(condition(c, where, concepts, modifiers, refs));
                return key.equals("all") ? new Condition.All(List.copyOf(cs)) : new Condition.Any(List.copyOf(cs));
            }
            case "not" -> {
                return new Condition.Not(condition(v, where, concepts, modifiers, refs));
            }
            case "near" -> {
                if (!v.isArray() || v.size() < 2) throw new ProtocolException(where + ": 'near' needs a list of at least two concepts");
                List<String> ids = new ArrayList<>();
                for (JsonNode c : v) ids.add(concept(c.asText().trim(), where, concepts));
                return new Condition.Near(List.copyOf(ids), ids.stream().mapToInt(lex::conceptIndex).toArray());
            }
            default -> throw new ProtocolException(where + ": unknown condition '" + key + "' (all, any, not, near)");
        }
    }

    private String concept(String id, String where, Set<String> concepts) {
        id = id.trim();
        ruleConcepts.add(id);
        if (!concepts.contains(id)) throw new ProtocolException(where + ": unknown concept '" + id + "'");
        return id;
    }

    private Condition leaf(String s, String where, Set<String> concepts, Set<String> modifiers, List<Condition.RuleRef> refs) {
        Matcher m = THRESHOLD.matcher(s);
        if (m.matches()) {
            Condition.Op op = Condition.Op.of(m.group(2));
            double t = Double.parseDouble(m.group(3));
            if (m.group(1).equalsIgnoreCase("age")) return new Condition.Age(op, t);
            Vital v = Vital.byName(m.group(1)).orElseThrow(() -> new ProtocolException(
                    where + ": unknown vital '" + m.group(1) + "' in '" + s + "'"));
            if (!v.plausible(t) && !(t == v.min - 1 || t == v.max + 1)) {
                throw new ProtocolException(where + ": threshold " + t + " for " + v.field + " is outside " + v.min + "-" + v.max);
            }
            return new Condition.VitalThreshold(v, op, t);
        }
        if (s.startsWith("rule:")) {
            Condition.RuleRef r = new Condition.RuleRef(s.substring(5).trim());
            refs.add(r);
            return r;
        }
        if (s.startsWith("denied:")) {
            String id = concept(s.substring(7).trim(), where, concepts);
            return new Condition.Denied(id, lex.conceptIndex(id));
        }
        if (s.startsWith("mentioned:")) {
            String id = concept(s.substring(10).trim(), where, concepts);
            return new Condition.Concept(id, true, lex.conceptIndex(id));
        }
        if (s.contains(" ") || s.contains("=") || s.contains("<") || s.contains(">")) {
            throw new ProtocolException(where + ": cannot read condition '" + s + "' (expected a concept id, 'vital >= n', 'age >= n', 'mentioned:id', 'denied:id' or 'rule:id')");
        }
        String id = concept(s, where, concepts);
        return new Condition.Concept(id, modifiers.contains(id), lex.conceptIndex(id));
    }

    private static void checkCycles(List<Rule> rules, List<Condition.RuleRef> refs, Map<String, Integer> index) {
        Map<String, List<String>> edges = new HashMap<>();
        for (Condition.RuleRef r : refs) edges.computeIfAbsent(r.owner, k -> new ArrayList<>()).add(r.id);
        Map<String, Integer> state = new HashMap<>();
        for (Rule r : rules) visit(r.id(), edges, state, new ArrayList<>());
    }

    private static void visit(String id, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) return;
        path.add(id);
        if (s != null && s == 1) throw new ProtocolException("Rule references form a cycle: " + String.join(" -> ", path));
        state.put(id, 1);
        for (String next : edges.getOrDefault(id, List.of())) visit(next, edges, state, path);
        state.put(id, 2);
        path.remove(path.size() - 1);
    }
}
