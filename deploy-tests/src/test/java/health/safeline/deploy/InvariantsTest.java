package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invariant holds on the rendered overlays, and each one fails on an overlay broken for it. */
class InvariantsTest {

    private static final Map<String, Rendered> OVERLAYS = Map.of("dev", Rendered.overlay("dev"),
            "prod", Rendered.overlay("prod"));

    static Stream<Arguments> invariants() {
        Stream<Arguments> every = Invariants.EVERY_OVERLAY.keySet().stream()
                .flatMap(name -> Stream.of(Arguments.of("dev", name), Arguments.of("prod", name)));
        return Stream.of(every, Invariants.PROD.keySet().stream().map(name -> Arguments.of("prod", name)),
                Invariants.DEV.keySet().stream().map(name -> Arguments.of("dev", name))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invariants")
    void holds(String overlay, String invariant) {
        assertEquals(List.of(), rule(invariant).apply(OVERLAYS.get(overlay)));
    }

    /** One way to break each invariant (the overlay it breaks, what is changed). */
    static Stream<Arguments> breakages() {
        return Stream.of(
                broken("probes", "prod", r -> container(r, "intake-service").remove("livenessProbe")),
                broken("probes", "dev", r -> container(r, "keycloak").remove("startupProbe")),
                broken("resources", "prod", r -> ((ObjectNode) container(r, "triage-service").at("/resources/limits"))
                        .remove("memory")),
                broken("resources", "prod", r -> ((ObjectNode) container(r, "scheduling-service").at("/env/4"))
                        .put("value", "-Xmx448m")),
                broken("resources", "prod", r -> ((ObjectNode) container(r, "intake-service").at("/env/4"))
                        .put("value", "-Xmx192m -XX:+ExitOnOutOfMemoryError")),
                broken("resources", "dev", r -> ((ArrayNode) container(r, "escalation-service").get("env")).remove(5)),
                broken("security context", "prod", r -> ((ObjectNode) container(r, "escalation-service")
                        .at("/securityContext")).put("readOnlyRootFilesystem", false)),
                broken("security context", "dev", r -> ((ObjectNode) r.get("Deployment", "intake-service")
                        .at("/spec/template/spec/securityContext")).put("runAsUser", 0)),
                broken("network policy per deployment", "prod", r -> r.objects.remove(r.get("NetworkPolicy",
                        "scheduling-service"))),
                broken("image tags", "prod", r -> container(r, "intake-service")
                        .put("image", "registry.example-hospital.org/safeline/intake-service:latest")),
                broken("image tags", "prod", r -> container(r, "keycloak").put("image", "quay.io/keycloak/keycloak")),
                broken("secret values", "dev", r -> ((ObjectNode) r.get("Secret", "keycloak-admin").get("data"))
                        .put("password", Base64.getEncoder().encodeToString("hunter2".getBytes(StandardCharsets.UTF_8)))),
                broken("service ports", "prod", r -> ((ObjectNode) r.get("Service", "triage-service").at("/spec/ports/0"))
                        .put("targetPort", "https")),
                broken("HPA and PDB targets", "prod", r -> ((ObjectNode) r.get("HorizontalPodAutoscaler", "triage-service")
                        .at("/spec/scaleTargetRef")).put("name", "triage")),
                broken("config URLs", "prod", r -> configMap(r, "safeline-config").put("SAFELINE_TRIAGE_URL",
                        "http://triage:8080")),
                broken("config URLs", "dev", r -> configMap(r, "keycloak-config").put("KC_HOSTNAME",
                        "https://auth.example-hospital.org")),
                broken("database per service", "prod", r -> ((ObjectNode) r.get("Database", "safeline-db-triage")
                        .get("spec")).put("name", "triage_db")),
                broken("connection budget", "prod", r -> r.all("HorizontalPodAutoscaler")
                        .forEach(h -> ((ObjectNode) h.get("spec")).put("maxReplicas", 10))),
                broken("environment", "prod", r -> ((ArrayNode) container(r, "intake-service").get("env"))
                        .addObject().put("name", "SAFELINE_TRIAGE_ULR").put("value", "http://triage-service:8080")),
                broken("environment", "prod", r -> configMap(r, "safeline-config").remove("SAFELINE_JWT_PUBLICKEY_LOCATION")),
                broken("keycloak", "prod", r -> ((ArrayNode) container(r, "keycloak").get("args")).remove(1)),
                broken("production shape", "prod", r -> ((ObjectNode) r.get("PodDisruptionBudget", "escalation-service")
                        .get("spec")).put("minAvailable", 2)),
                broken("production shape", "prod", r -> ((ObjectNode) r.get("Ingress", "safeline").get("spec")).remove("tls")),
                broken("secrets created out of band", "prod", r -> r.objects.add(OVERLAYS.get("dev")
                        .get("Secret", "keycloak-admin").deepCopy())),
                broken("development shape", "dev", r -> ((ObjectNode) r.get("Deployment", "triage-service").get("spec"))
                        .put("replicas", 2)),
                broken("secrets generated", "dev", r -> ((ObjectNode) r.get("Secret", "safeline-db-escalation").get("data"))
                        .remove("password")));
    }

    @Test
    void secretSourcesHoldPlaceholdersOnly() {
        assertEquals(List.of(), Invariants.secretSources());
        var leaky = new Kustomize.Generator("db", null, null, List.of("username=app", "password=s3cret"), null, null);
        var file = new Kustomize.Generator("tls", null, null, null, List.of("tls.key"), null);
        assertEquals(2, Invariants.secretSources(List.of(leaky, file), List.of()).size());
    }

    @ParameterizedTest(name = "{0} catches: {1}")
    @MethodSource("breakages")
    void catches(String invariant, String overlay, Consumer<Rendered> breakIt) {
        Rendered r = OVERLAYS.get(overlay).copy();
        breakIt.accept(r);
        assertFalse(rule(invariant).apply(r).isEmpty(), invariant + " kept on a broken " + overlay);
    }

    private static Arguments broken(String invariant, String overlay, Consumer<Rendered> change) {
        return Arguments.of(invariant, overlay, change);
    }

    private static Function<Rendered, List<String>> rule(String name) {
        Function<Rendered, List<String>> rule = Invariants.EVERY_OVERLAY.getOrDefault(name,
                Invariants.PROD.getOrDefault(name, Invariants.DEV.get(name)));
        assertNotNull(rule, "no invariant " + name);
        return rule;
    }

    private static ObjectNode container(Rendered r, String deployment) {
        return (ObjectNode) r.get("Deployment", deployment).at("/spec/template/spec/containers/0");
    }

    private static ObjectNode configMap(Rendered r, String baseName) {
        return (ObjectNode) r.all("ConfigMap").stream()
                .filter(o -> o.path("metadata").path("name").asText().startsWith(baseName + "-"))
                .findFirst().orElseThrow().get("data");
    }
}
