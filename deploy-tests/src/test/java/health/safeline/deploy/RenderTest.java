package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kustomization renders with {@link Kustomize}, and exactly as {@code kubectl kustomize} does where it exists. */
class RenderTest {

    static Stream<String> kustomizations() {
        return Repo.files(Repo.K8S, "kustomization.yaml").stream()
                .map(p -> Repo.K8S.relativize(p.getParent()).toString());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersLikeKubectl(String dir) throws Exception {
        Map<String, ObjectNode> ours = byId(Kustomize.build(Repo.K8S.resolve(dir)));
        assertFalse(ours.isEmpty(), dir + " renders nothing");

        assumeTrue(onPath("kubectl"), "kubectl is not on the PATH: compared with the Java renderer only");
        Process p = new ProcessBuilder("kubectl", "kustomize", Repo.K8S.resolve(dir).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "kubectl kustomize " + dir + " failed");
        Map<String, ObjectNode> theirs = byId(Repo.yamlDocuments(out, "kubectl kustomize " + dir));

        assertEquals(theirs.keySet(), ours.keySet(), dir + ": kind/namespace/name of the rendered objects");
        theirs.forEach((id, obj) -> assertEquals(obj, ours.get(id), dir + ": " + id));
    }

    static Map<String, ObjectNode> byId(List<ObjectNode> objects) {
        Map<String, ObjectNode> m = new TreeMap<>();
        for (ObjectNode o : objects) {
            String id = o.path("kind").asText() + " " + o.path("metadata").path("namespace").asText("-") + "/"
                    + o.path("metadata").path("name").asText();
            if (m.put(id, o) != null) {
                throw new IllegalStateException("rendered twice: " + id);
            }
        }
        return m;
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
    }
}
