package health.safeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An overlay's rendered objects, with typed views; {@link #copy()} for tests that break one on purpose. */
final class Rendered {

    final String overlay;
    final List<ObjectNode> objects;

    private Rendered(String overlay, List<ObjectNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    static Rendered overlay(String name) {
        return new Rendered(name, Kustomize.build(Repo.K8S.resolve("overlays").resolve(name)));
    }

    Rendered copy() {
        return new Rendered(overlay, new ArrayList<>(objects.stream().map(ObjectNode::deepCopy).toList()));
    }

    List<ObjectNode> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    <T> List<T> all(String kind, Class<T> type) {
        return all(kind).stream().map(o -> Strict.read(o, type)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    /** The Deployments of the four services (component api), by name. */
    Map<String, Deployment> services() {
        Map<String, Deployment> m = new LinkedHashMap<>();
        all("Deployment", Deployment.class).stream()
                .filter(d -> "api".equals(d.getSpec().getTemplate().getMetadata().getLabels()
                        .get("app.kubernetes.io/component")))
                .forEach(d -> m.put(d.getMetadata().getName(), d));
        return m;
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Data of a generated ConfigMap, found by its name before kustomize's hash suffix. */
    Map<String, String> configMap(String baseName) {
        ObjectNode cm = all("ConfigMap").stream()
                .filter(o -> o.path("metadata").path("name").asText().matches(baseName + "(-[a-z0-9]{10})?"))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no ConfigMap " + baseName));
        Map<String, String> data = new LinkedHashMap<>();
        cm.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    /** The value of {@code pointer} in the single object of {@code kind}. */
    JsonNode at(String kind, String name, String pointer) {
        return get(kind, name).at(pointer);
    }
}
