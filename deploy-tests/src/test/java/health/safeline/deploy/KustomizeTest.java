package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer on its own, with expected values taken from kubectl v1.32 (kustomize v5.5), for machines without it. */
class KustomizeTest {

    @TempDir
    Path dir;

    @Test
    void generatedNamesCarryKustomizesHash() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "<a & b>\n\t\"q\" \\ \u00e9 \u2028 end");
        write("""
                configMapGenerator:
                  - name: x
                    literals:
                      - a=b
                  - name: "y"
                    files:
                      - f.txt
                secretGenerator:
                  - name: s
                    type: kubernetes.io/basic-auth
                    literals:
                      - username=u
                      - password=CHANGE_ME
                """);
        Map<String, ObjectNode> out = RenderTest.byId(Kustomize.build(dir));
        assertEquals(java.util.Set.of("ConfigMap -/x-4h2mbtbbt6", "ConfigMap -/y-82mfmcc8kd", "Secret -/s-5756687m29"),
                out.keySet());
        assertEquals("Q0hBTkdFX01F", out.get("Secret -/s-5756687m29").path("data").path("password").asText());
    }

    @Test
    void patchesNamespaceLabelsImagesAndReferences() throws Exception {
        Files.writeString(dir.resolve("app.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                  labels:
                    tier: api
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                        - name: app
                          image: registry.example.org:5000/team/app:1.0
                          envFrom:
                            - configMapRef:
                                name: cfg
                """);
        write("""
                namespace: ns
                labels:
                  - pairs:
                      part-of: demo
                resources:
                  - app.yaml
                images:
                  - name: registry.example.org:5000/team/app
                    newTag: "2.0"
                configMapGenerator:
                  - name: cfg
                    literals:
                      - a=b
                patches:
                  - target:
                      kind: Deployment
                      labelSelector: tier=api
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 1
                      - op: add
                        path: /spec/template/spec/containers/-
                        value: {name: side, image: busybox}
                """);
        ObjectNode app = RenderTest.byId(Kustomize.build(dir)).get("Deployment ns/app");
        assertEquals(1, app.at("/spec/replicas").asInt());
        assertEquals("demo", app.at("/metadata/labels/part-of").asText());
        assertEquals("registry.example.org:5000/team/app:2.0", app.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("side", app.at("/spec/template/spec/containers/1/name").asText());
        assertEquals("cfg-4h2mbtbbt6", app.at("/spec/template/spec/containers/0/envFrom/0/configMapRef/name").asText());
    }

    @Test
    void unsupportedFeaturesAndTargetsThatMatchNothingAreErrors() throws Exception {
        write("commonAnnotations: {a: b}\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
        write("""
                configMapGenerator:
                  - name: x
                    literals: [a=b]
                patches:
                  - target: {kind: Deployment}
                    patch: '[{"op": "remove", "path": "/spec"}]'
                """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
    }

    private void write(String kustomization) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"),
                "apiVersion: " + Kustomize.API_VERSION + "\nkind: Kustomization\n" + kustomization);
    }
}
