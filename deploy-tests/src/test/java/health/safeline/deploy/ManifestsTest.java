package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every YAML file under k8s/ is a strict kustomization or strict Kubernetes objects; so is every rendered object. */
class ManifestsTest {

    static Stream<Path> yamlFiles() {
        return Repo.files(Repo.K8S, ".yaml", ".yml").stream();
    }

    @ParameterizedTest
    @MethodSource("yamlFiles")
    void parsesStrictly(Path file) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
            Kustomize.read(file.getParent());
            return;
        }
        List<ObjectNode> docs = Repo.yamlDocuments(file);
        assertFalse(docs.isEmpty(), file + " holds no object");
        for (ObjectNode doc : docs) {
            assertEquals(List.of(), Strict.problems(doc), file.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void renderedObjectsParseStrictly(String overlay) {
        for (ObjectNode o : Rendered.overlay(overlay).objects) {
            assertEquals(List.of(), Strict.problems(o), overlay);
        }
    }

    @Test
    void realmFileIsTheSafelineRealm() throws Exception {
        var realm = Repo.JSON.readTree(Repo.K8S.resolve("base/keycloak/safeline-realm.json").toFile());
        assertEquals("safeline", realm.path("realm").asText());
        assertTrue(realm.path("enabled").asBoolean(), "realm enabled");
    }

    /** The checks above can fail: typos, wrong types and unknown fields are reported. */
    @Test
    void typosWrongTypesAndUnknownFieldsAreReported() throws Exception {
        Rendered prod = Rendered.overlay("prod");
        ObjectNode d = prod.get("Deployment", "triage-service").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0")).set("readinesProbe",
                d.at("/spec/template/spec/containers/0/readinessProbe"));
        assertProblem(d, "readinesProbe");

        d = prod.get("Deployment", "triage-service").deepCopy();
        ((ObjectNode) d.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "8080");
        assertProblem(d, "containerPort");

        ObjectNode cluster = prod.get("Cluster", "safeline-db").deepCopy();
        ((ObjectNode) cluster.get("spec")).put("instance", 3);
        assertProblem(cluster, "instance");

        ObjectNode rule = prod.get("PrometheusRule", "safeline").deepCopy();
        ((ObjectNode) rule.at("/spec/groups/0/rules/0")).remove("expr");
        assertProblem(rule, "expr is required");

        ObjectNode hpa = prod.get("HorizontalPodAutoscaler", "triage-service").deepCopy();
        hpa.put("apiVersion", "autoscaling/v1");
        assertProblem(hpa, "not a kind");
    }

    private static void assertProblem(ObjectNode obj, String expected) {
        List<String> problems = Strict.problems(obj);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " not reported: " + problems);
    }
}
