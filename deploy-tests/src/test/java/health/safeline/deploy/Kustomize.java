package health.safeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The subset of kustomize that k8s/ uses, so the tests render the overlays without kubectl: {@code resources}
 * (files and directories), {@code namespace}, {@code labels} (metadata only), {@code images},
 * {@code configMapGenerator}/{@code secretGenerator} (literals, files; behavior create/merge/replace; options
 * labels, annotations, disableNameSuffixHash) with kustomize's name hash and the fix-up of the references to
 * hashed names, and RFC 6902 {@code patches} with a {@code target}. A kustomization.yaml using anything else
 * fails to parse (the model below is strict). Transformers run in kustomize's order: patches, namespace,
 * labels, images; hashes are added once, after the whole tree is built.
 */
final class Kustomize {

    static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "RuntimeClass");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "Job");

    record Kustomization(String apiVersion, String kind, String namespace, List<Labels> labels,
            List<String> resources, List<Image> images, List<Generator> configMapGenerator,
            List<Generator> secretGenerator, List<Patch> patches) {
    }

    record Labels(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {
    }

    record Image(String name, String newName, String newTag, String digest) {
    }

    record Generator(String name, String behavior, String type, List<String> literals, List<String> files,
            GeneratorOptions options) {
    }

    record GeneratorOptions(Map<String, String> labels, Map<String, String> annotations,
            Boolean disableNameSuffixHash) {
    }

    record Patch(String path, String patch, Target target) {
    }

    record Target(String group, String version, String kind, String name, String namespace, String labelSelector) {
    }

    /** A resource being built; {@code hash}: a generated object whose name gets kustomize's hash suffix. */
    private static final class Res {
        final ObjectNode obj;
        boolean hash;

        Res(ObjectNode obj, boolean hash) {
            this.obj = obj;
            this.hash = hash;
        }

        String kind() {
            return obj.path("kind").asText();
        }

        String name() {
            return obj.path("metadata").path("name").asText();
        }

        String namespace() {
            JsonNode ns = obj.path("metadata").path("namespace");
            return ns.isTextual() ? ns.asText() : null;
        }
    }

    private Kustomize() {
    }

    static Kustomization read(Path dir) {
        try {
            Kustomization k = Repo.YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Kustomization.class);
            require(API_VERSION.equals(k.apiVersion()) && "Kustomization".equals(k.kind()),
                    dir + ": apiVersion/kind must be " + API_VERSION + " Kustomization");
            return k;
        } catch (IOException e) {
            throw new IllegalArgumentException(dir.resolve("kustomization.yaml") + ": " + e.getMessage(), e);
        }
    }

    /** The objects {@code kubectl kustomize dir} prints, in no particular order. */
    static List<ObjectNode> build(Path dir) {
        List<Res> all = accumulate(dir);
        Map<String, String> renamed = new TreeMap<>();
        for (Res r : all) {
            if (r.hash) {
                String name = r.name() + "-" + hash(r.obj);
                renamed.put(r.kind() + "/" + r.namespace() + "/" + r.name(), name);
                ((ObjectNode) r.obj.get("metadata")).put("name", name);
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Res r : all) {
            podSpecs(r.obj).forEach(spec -> fixReferences(spec, r.namespace(), renamed));
            out.add(r.obj);
        }
        return out;
    }

    private static List<Res> accumulate(Path dir) {
        Kustomization k = read(dir);
        List<Res> all = new ArrayList<>();
        for (String r : nz(k.resources())) {
            Path p = dir.resolve(r).normalize();
            if (Files.isDirectory(p)) {
                for (Res child : accumulate(p)) {
                    add(all, child);
                }
            } else {
                Repo.yamlDocuments(p).forEach(o -> add(all, new Res(o, false)));
            }
        }
        nz(k.configMapGenerator()).forEach(g -> generate(all, dir, g, "ConfigMap"));
        nz(k.secretGenerator()).forEach(g -> generate(all, dir, g, "Secret"));
        nz(k.patches()).forEach(p -> patch(all, dir, p));
        if (k.namespace() != null) {
            all.stream().filter(r -> !CLUSTER_SCOPED.contains(r.kind()))
                    .forEach(r -> metadata(r.obj).put("namespace", k.namespace()));
        }
        for (Labels l : nz(k.labels())) {
            require(!Boolean.TRUE.equals(l.includeSelectors()) && !Boolean.TRUE.equals(l.includeTemplates()),
                    "labels: includeSelectors/includeTemplates are not supported");
            all.forEach(r -> putAll(metadata(r.obj), "labels", l.pairs()));
        }
        for (Image i : nz(k.images())) {
            all.forEach(r -> setImages(r.obj, i));
        }
        return all;
    }

    private static void add(List<Res> all, Res r) {
        require(all.stream().noneMatch(o -> o.kind().equals(r.kind()) && o.name().equals(r.name())
                && Objects.equals(o.namespace(), r.namespace())), "duplicate " + r.kind() + " " + r.name());
        all.add(r);
    }

    private static void generate(List<Res> all, Path dir, Generator g, String kind) {
        Map<String, String> data = new TreeMap<>();
        for (String literal : nz(g.literals())) {
            int eq = literal.indexOf('=');
            require(eq > 0, g.name() + ": literal without '=': " + literal);
            String value = literal.substring(eq + 1);
            require(!value.startsWith("\"") && !value.startsWith("'"), g.name() + ": quoted literals unsupported");
            data.put(literal.substring(0, eq), value);
        }
        for (String file : nz(g.files())) {
            int eq = file.indexOf('=');
            Path p = inside(dir, eq > 0 ? file.substring(eq + 1) : file);
            data.put(eq > 0 ? file.substring(0, eq) : p.getFileName().toString(), Repo.read(p));
        }
        ObjectNode dataNode = NODES.objectNode();
        data.forEach((key, value) -> dataNode.put(key, "Secret".equals(kind)
                ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value));
        GeneratorOptions options = g.options() != null ? g.options() : new GeneratorOptions(null, null, null);
        boolean hash = !Boolean.TRUE.equals(options.disableNameSuffixHash());
        String behavior = g.behavior() == null ? "create" : g.behavior();
        Res existing = all.stream().filter(r -> r.kind().equals(kind) && r.name().equals(g.name()) && r.namespace() == null)
                .findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                ObjectNode obj = NODES.objectNode().put("apiVersion", "v1").put("kind", kind);
                obj.putObject("metadata").put("name", g.name());
                if ("Secret".equals(kind)) {
                    obj.put("type", g.type() == null ? "Opaque" : g.type());
                } else {
                    require(g.type() == null, g.name() + ": type is for Secrets");
                }
                obj.set("data", dataNode);
                putAll(metadata(obj), "labels", options.labels());
                putAll(metadata(obj), "annotations", options.annotations());
                add(all, new Res(obj, hash));
            }
            case "merge", "replace" -> {
                require(existing != null, g.name() + ": behavior " + behavior + " but no " + kind + " to " + behavior);
                ObjectNode target = existing.obj;
                if ("merge".equals(behavior)) {
                    child(target, "data").setAll(dataNode);
                } else {
                    target.set("data", dataNode);
                }
                putAll(metadata(target), "labels", options.labels());
                putAll(metadata(target), "annotations", options.annotations());
                existing.hash = existing.hash && hash;
            }
            default -> throw new IllegalArgumentException(g.name() + ": behavior " + behavior + " unsupported");
        }
    }

    private static void patch(List<Res> all, Path dir, Patch p) {
        String text = p.patch() != null ? p.patch() : Repo.read(inside(dir, p.path()));
        JsonNode ops;
        try {
            ops = Repo.YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": patch: " + e.getMessage(), e);
        }
        require(ops.isArray(), dir + ": only RFC 6902 (JSON) patches are supported, not strategic merge");
        require(p.target() != null, dir + ": a JSON patch needs a target");
        List<Res> matched = all.stream().filter(r -> selects(p.target(), r)).toList();
        require(!matched.isEmpty(), dir + ": patch target " + p.target() + " matches nothing");
        matched.forEach(r -> JsonPatch.apply(r.obj, (ArrayNode) ops));
    }

    private static boolean selects(Target t, Res r) {
        String apiVersion = r.obj.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (t.kind() != null && !t.kind().equals(r.kind())
                || t.name() != null && !Pattern.matches("(?:" + t.name() + ")", r.name())
                || t.namespace() != null && !t.namespace().equals(r.namespace())
                || t.group() != null && !t.group().equals(group)
                || t.version() != null && !t.version().equals(version)) {
            return false;
        }
        if (t.labelSelector() != null) {
            JsonNode labels = r.obj.path("metadata").path("labels");
            for (String term : t.labelSelector().split(",")) {
                String[] kv = term.split("==?", 2);
                require(kv.length == 2 && !term.contains("!"), "labelSelector: only k=v terms are supported");
                if (!kv[1].trim().equals(labels.path(kv[0].trim()).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void setImages(JsonNode node, Image image) {
        if (node.isArray()) {
            node.forEach(n -> setImages(n, image));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    for (JsonNode c : e.getValue()) {
                        if (c.path("image").isTextual()) {
                            ((ObjectNode) c).put("image", retag(c.get("image").asText(), image));
                        }
                    }
                } else {
                    setImages(e.getValue(), image);
                }
            }
        }
    }

    /** {@code image} with the name, tag or digest of {@code with} when its name matches. */
    static String retag(String image, Image with) {
        String digest = null;
        int at = image.indexOf('@');
        if (at >= 0) {
            digest = image.substring(at + 1);
            image = image.substring(0, at);
        }
        String tag = null;
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            tag = image.substring(colon + 1);
            image = image.substring(0, colon);
        }
        if (!image.equals(with.name())) {
            return image + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
        }
        String name = with.newName() != null ? with.newName() : image;
        if (with.newTag() != null) {
            tag = with.newTag();
            digest = null;
        }
        if (with.digest() != null) {
            digest = with.digest();
            tag = null;
        }
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    /** Pod specs of a workload (where ConfigMaps and Secrets are referenced). */
    static List<ObjectNode> podSpecs(JsonNode obj) {
        String kind = obj.path("kind").asText();
        JsonNode spec = WORKLOADS.contains(kind) ? obj.path("spec").path("template").path("spec")
                : "CronJob".equals(kind) ? obj.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                : "Pod".equals(kind) ? obj.path("spec") : null;
        return spec != null && spec.isObject() ? List.of((ObjectNode) spec) : List.of();
    }

    private static void fixReferences(ObjectNode podSpec, String namespace, Map<String, String> renamed) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : podSpec.path(list)) {
                for (JsonNode from : c.path("envFrom")) {
                    rename(from.path("configMapRef"), "name", "ConfigMap", namespace, renamed);
                    rename(from.path("secretRef"), "name", "Secret", namespace, renamed);
                }
                for (JsonNode env : c.path("env")) {
                    rename(env.path("valueFrom").path("configMapKeyRef"), "name", "ConfigMap", namespace, renamed);
                    rename(env.path("valueFrom").path("secretKeyRef"), "name", "Secret", namespace, renamed);
                }
            }
        }
        for (JsonNode v : podSpec.path("volumes")) {
            rename(v.path("configMap"), "name", "ConfigMap", namespace, renamed);
            rename(v.path("secret"), "secretName", "Secret", namespace, renamed);
            for (JsonNode source : v.path("projected").path("sources")) {
                rename(source.path("configMap"), "name", "ConfigMap", namespace, renamed);
                rename(source.path("secret"), "name", "Secret", namespace, renamed);
            }
        }
        for (JsonNode s : podSpec.path("imagePullSecrets")) {
            rename(s, "name", "Secret", namespace, renamed);
        }
    }

    private static void rename(JsonNode ref, String field, String kind, String namespace, Map<String, String> renamed) {
        if (ref.isObject() && ref.path(field).isTextual()) {
            String to = renamed.get(kind + "/" + namespace + "/" + ref.get(field).asText());
            if (to != null) {
                ((ObjectNode) ref).put(field, to);
            }
        }
    }

    /**
     * kustomize's name suffix (api/hasher): sha256 of the Go JSON encoding of kind, "name" and data (and the
     * Secret's type), first ten hex digits with 0, 1, 3, a and e replaced so the suffix is never a number.
     * "name" is always empty: kustomize looks it up as one field named "metadata/name" (checked against kubectl).
     */
    static String hash(ObjectNode obj) {
        Map<String, Object> m = new TreeMap<>();
        String kind = obj.path("kind").asText();
        m.put("kind", kind);
        m.put("name", "");
        m.put("data", obj.has("data") ? obj.get("data") : "");
        if ("Secret".equals(kind)) {
            m.put("type", obj.has("type") ? obj.get("type").asText() : "");
            if (obj.has("stringData")) {
                m.put("stringData", obj.get("stringData"));
            }
        } else if (obj.has("binaryData")) {
            m.put("binaryData", obj.get("binaryData"));
        }
        StringBuilder json = new StringBuilder();
        GoJson.write(json, m);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8));
            char[] enc = HexFormat.of().formatHex(sha).substring(0, 10).toCharArray();
            for (int i = 0; i < enc.length; i++) {
                enc[i] = switch (enc[i]) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> enc[i];
                };
            }
            return new String(enc);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's encoding/json for maps (sorted keys) and strings (HTML-safe escapes, \u2028, \u2029). */
    private static final class GoJson {
        static void write(StringBuilder out, Object value) {
            if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, e.getKey().toString());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            } else if (value instanceof ObjectNode node) {
                Map<String, Object> map = new TreeMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
                write(out, map);
            } else if (value instanceof TextNode text) {
                string(out, text.asText());
            } else if (value instanceof String s) {
                string(out, s);
            } else {
                throw new IllegalArgumentException("unsupported in a generated object's data: " + value);
            }
        }

        private static void string(StringBuilder out, String s) {
            out.append('"');
            s.codePoints().forEach(cp -> {
                switch (cp) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '<', '>', '&', 0x2028, 0x2029 -> out.append(String.format("\\u%04x", cp));
                    default -> {
                        if (cp < 0x20) {
                            out.append(String.format("\\u%04x", cp));
                        } else {
                            out.appendCodePoint(cp);
                        }
                    }
                }
            });
            out.append('"');
        }
    }

    private static ObjectNode metadata(ObjectNode obj) {
        return child(obj, "metadata");
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static void putAll(ObjectNode parent, String field, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode node = child(parent, field);
            values.forEach(node::put);
        }
    }

    /** A file a generator or patch reads: under {@code dir}, as kustomize's load restrictor demands. */
    private static Path inside(Path dir, String relative) {
        Path p = dir.resolve(relative).normalize();
        require(p.startsWith(dir) && Files.isRegularFile(p), dir + ": no file " + relative + " in this directory");
        return p;
    }

    static <T> List<T> nz(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
