package health.safeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Strict reading of a Kubernetes object: built-in kinds into their typed fabric8 class (whose unknown fields
 * land in {@code additionalProperties}, which must stay empty everywhere), custom resources against
 * {@code crd-schemas.yaml} (the fields k8s/ uses, from the CRDs' API references).
 */
final class Strict {

    static final Map<String, Class<? extends HasMetadata>> TYPED = Stream.of(Namespace.class, ConfigMap.class,
            Secret.class, Service.class, Deployment.class, HorizontalPodAutoscaler.class, PodDisruptionBudget.class,
            NetworkPolicy.class, Ingress.class)
            .collect(java.util.stream.Collectors.toMap(c -> HasMetadata.getApiVersion(c) + " " + HasMetadata.getKind(c),
                    c -> c));
    private static final JsonNode CRDS;

    static {
        try (var in = Strict.class.getResourceAsStream("/crd-schemas.yaml")) {
            CRDS = Repo.YAML.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Strict() {
    }

    /** What is wrong with {@code obj} (empty: a valid object of a kind k8s/ may use). */
    static List<String> problems(ObjectNode obj) {
        String id = obj.path("apiVersion").asText() + " " + obj.path("kind").asText();
        String where = id + " " + obj.path("metadata").path("name").asText("(no name)");
        List<String> problems = new ArrayList<>();
        if (!obj.path("metadata").path("name").isTextual()) {
            problems.add(where + ": metadata.name missing");
        }
        Class<? extends HasMetadata> type = TYPED.get(id);
        if (type != null) {
            typed(obj, type, where, problems);
            if (type == Secret.class) {
                obj.path("data").fields().forEachRemaining(e -> {
                    try {
                        Base64.getDecoder().decode(e.getValue().asText());
                    } catch (IllegalArgumentException bad) {
                        problems.add(where + ": data." + e.getKey() + " is not base64");
                    }
                });
            }
        } else if (CRDS.has(id)) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!List.of("apiVersion", "kind", "metadata", "spec").contains(f)) {
                    problems.add(where + ": unknown field " + f);
                }
            }
            typed(obj.path("metadata"), ObjectMeta.class, where + " metadata", problems);
            schema(obj.path("spec"), CRDS.get(id), where + " spec", problems);
        } else {
            problems.add(where + ": not a kind k8s/ uses (add it to Strict.TYPED or crd-schemas.yaml)");
        }
        return problems;
    }

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Repo.YAML.treeToValue(node, type);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void typed(JsonNode node, Class<?> type, String where, List<String> problems) {
        try {
            unknownFields(Repo.YAML.treeToValue(node, type), where, problems);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String at = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining());
            problems.add(where + at + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (java.io.IOException | IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Fields the model does not know, anywhere in a fabric8 object tree. */
    private static void unknownFields(Object o, String path, List<String> problems) {
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems);
            }
        } else if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
        } else if (o != null && o.getClass().getName().startsWith("io.fabric8.")) {
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    f.setAccessible(true);
                    Object value;
                    try {
                        value = f.get(o);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    if (f.getName().equals("additionalProperties")) {
                        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                            problems.add(path + ": unknown field(s) " + extra.keySet());
                        }
                    } else {
                        unknownFields(value, path + "." + f.getName(), problems);
                    }
                }
            }
        }
    }

    /** {@code node} against a schema node of crd-schemas.yaml. */
    private static void schema(JsonNode node, JsonNode schema, String path, List<String> problems) {
        if (schema.isTextual()) {
            scalar(node, schema.asText(), path, problems);
        } else if (schema.isArray()) {
            if (!node.isArray()) {
                problems.add(path + ": a list expected");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                schema(node.get(i), schema.get(0), path + "[" + i + "]", problems);
            }
        } else {
            if (!node.isObject()) {
                problems.add(path + ": an object expected");
                return;
            }
            node.fieldNames().forEachRemaining(f -> {
                JsonNode sub = schema.has(f) ? schema.get(f) : schema.get(f + "!");
                if (sub == null) {
                    problems.add(path + ": unknown field " + f);
                } else {
                    schema(node.get(f), sub, path + "." + f, problems);
                }
            });
            schema.fieldNames().forEachRemaining(f -> {
                if (f.endsWith("!") && !node.has(f.substring(0, f.length() - 1))) {
                    problems.add(path + ": " + f.substring(0, f.length() - 1) + " is required");
                }
            });
        }
    }

    private static void scalar(JsonNode node, String type, String path, List<String> problems) {
        boolean ok = switch (type) {
            case "string", "promql" -> node.isTextual() && !node.asText().isBlank();
            case "int" -> node.isInt();
            case "bool" -> node.isBoolean();
            case "quantity" -> node.isInt() || node.isTextual() && node.asText().matches("[0-9.]+([KMGTPE]i?|m)?");
            case "duration" -> node.isTextual() && node.asText().matches("([0-9]+(ms|s|m|h|d|w|y))+");
            case "map" -> node.isObject() && java.util.stream.StreamSupport.stream(node.spliterator(), false)
                    .allMatch(JsonNode::isTextual);
            case "k8s:ResourceRequirements" -> {
                List<String> sub = new ArrayList<>();
                typed(node, ResourceRequirements.class, path, sub);
                problems.addAll(sub);
                yield true;
            }
            case "k8s:LabelSelector" -> {
                List<String> sub = new ArrayList<>();
                typed(node, LabelSelector.class, path, sub);
                problems.addAll(sub);
                yield true;
            }
            default -> {
                if (type.startsWith("enum:")) {
                    yield node.isTextual() && List.of(type.substring(5).split("\\|")).contains(node.asText());
                }
                throw new IllegalStateException("crd-schemas.yaml: unknown type " + type);
            }
        };
        if (!ok) {
            problems.add(path + ": not a valid " + type + ": " + node);
        }
    }
}
