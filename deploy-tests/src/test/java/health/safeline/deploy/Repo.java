package health.safeline.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository on disk and the strict YAML/JSON mappers every test reads it with. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("safeline.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");
    static final List<String> SERVICES = List.of("intake-service", "triage-service", "scheduling-service",
            "escalation-service");

    /** Duplicate keys, unknown properties and scalar coercion ("8080" for an int) are errors. */
    static final ObjectMapper YAML = strict(YAMLMapper.builder()).build();
    static final ObjectMapper JSON = strict(JsonMapper.builder()).build();

    private Repo() {
    }

    private static <B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<?, B>> B strict(B builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a (multi-document) YAML text; empty documents are skipped. */
    static List<ObjectNode> yamlDocuments(String text, String source) {
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = YAML.createParser(text)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(source + ": a document is not a mapping");
                }
                docs.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return docs;
    }

    static List<ObjectNode> yamlDocuments(Path file) {
        return yamlDocuments(read(file), ROOT.relativize(file).toString());
    }

    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(suf -> p.getFileName().toString().endsWith(suf)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
