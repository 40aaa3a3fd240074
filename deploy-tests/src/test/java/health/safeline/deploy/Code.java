package health.safeline.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the services' code and configuration say: the meters they register, the settings they read. */
final class Code {

    static final List<String> MODULES = Stream.concat(Stream.of("shared"), Repo.SERVICES.stream()).toList();

    private static final Pattern METER_NAME = Pattern.compile("\"((?:safeline|http)\\.[a-z0-9.]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*$");
    private static final Map<String, Pattern> CALLS = Map.of(
            "counter", Pattern.compile("(Counter\\.builder|\\.counter)\\(\\s*$"),
            "timer", Pattern.compile("(Timer\\.builder|\\.timer)\\(\\s*$"),
            "gauge", Pattern.compile("(MultiGauge\\.builder|Gauge\\.builder|\\.gauge)\\(\\s*$"));
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern SETTING = Pattern.compile("\\b(safeline|quarkus|mp|smallrye)\\.[a-z0-9.\"-]*[a-z0-9]");

    /** An environment variable a properties line reads: {@code ${NAME}} or {@code ${NAME:default}}. */
    record EnvRef(String name, boolean hasDefault, String profile, String key) {
    }

    private Code() {
    }

    static List<Path> mainJava() {
        return MODULES.stream().map(m -> Repo.ROOT.resolve(m).resolve("src/main/java"))
                .flatMap(d -> Repo.files(d, ".java").stream()).toList();
    }

    static List<Path> propertiesFiles() {
        List<Path> files = new ArrayList<>();
        files.add(Repo.ROOT.resolve("shared/src/main/resources/META-INF/microprofile-config.properties"));
        Repo.SERVICES.forEach(s -> files.add(Repo.ROOT.resolve(s).resolve("src/main/resources/application.properties")));
        return files;
    }

    /**
     * Micrometer meters the code registers, by Micrometer name: {@code counter}, {@code timer} (plus
     * {@code +buckets} when it publishes a histogram) or {@code gauge}. A name held in a constant takes the type
     * of the builder the constant is passed to, or of the one builder kind its file uses.
     */
    static Map<String, String> meters() {
        Map<String, String> meters = new TreeMap<>();
        for (Path file : mainJava()) {
            String text = Repo.read(file);
            boolean buckets = text.contains("publishPercentileHistogram") || text.contains("serviceLevelObjectives");
            Matcher m = METER_NAME.matcher(text);
            while (m.find()) {
                String before = text.substring(Math.max(0, m.start() - 100), m.start());
                String type = callType(before);
                Matcher constant = CONSTANT.matcher(before);
                if (type == null && constant.find()) {
                    type = constantType(text, constant.group(1));
                }
                if (type != null) {
                    meters.put(m.group(1), type + (buckets && !type.equals("counter") ? "+buckets" : ""));
                }
            }
        }
        return meters;
    }

    private static String callType(String before) {
        return CALLS.entrySet().stream().filter(e -> e.getValue().matcher(before).find()).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    private static String constantType(String text, String constant) {
        for (var e : CALLS.entrySet()) {
            String call = e.getValue().pattern().replace("\\s*$", "\\s*" + constant + "\\b");
            if (Pattern.compile(call).matcher(text).find()) {
                return e.getKey();
            }
        }
        if (text.contains("MeterFilter")) {
            return "timer";
        }
        List<String> kinds = CALLS.entrySet().stream()
                .filter(e -> Pattern.compile(e.getValue().pattern().replace("\\s*$", "")).matcher(text).find())
                .map(Map.Entry::getKey).toList();
        return kinds.size() == 1 ? kinds.get(0) : null;
    }

    /** The Prometheus series names the meters of {@link #meters()} are exported as. */
    static Set<String> prometheusNames() {
        Set<String> names = new TreeSet<>();
        meters().forEach((name, type) -> {
            String base = name.replace('.', '_');
            switch (type.replace("+buckets", "")) {
                case "counter" -> names.add(base + "_total");
                case "gauge" -> names.add(base);
                default -> {
                    names.add(base + "_seconds_count");
                    names.add(base + "_seconds_sum");
                    names.add(base + "_seconds_max");
                }
            }
            if (type.endsWith("+buckets")) {
                names.add(base + "_seconds_bucket");
            }
        });
        return names;
    }

    /** Every {@code ${ENV}} reference in the services' properties files. */
    static List<EnvRef> envReferences() {
        List<EnvRef> refs = new ArrayList<>();
        for (Path file : propertiesFiles()) {
            Properties p = properties(file);
            for (String key : p.stringPropertyNames()) {
                Matcher m = ENV_REF.matcher(p.getProperty(key));
                while (m.find()) {
                    String profile = key.startsWith("%") ? key.substring(1, key.indexOf('.')) : "";
                    refs.add(new EnvRef(m.group(1), m.group(2) != null, profile, key));
                }
            }
        }
        return refs;
    }

    /**
     * Settings the code reads or documents, in environment-variable form (upper case, {@code .} and {@code -} as
     * {@code _}): property keys of the properties files, names mentioned in Java sources and READMEs, and the
     * {@code ${ENV}} names the properties read.
     */
    static Set<String> settings() {
        Set<String> names = new TreeSet<>();
        List<Path> texts = new ArrayList<>(mainJava());
        MODULES.stream().map(m -> Repo.ROOT.resolve(m).resolve("README.md")).filter(java.nio.file.Files::exists)
                .forEach(texts::add);
        texts.add(Repo.ROOT.resolve("docs/limits-and-timeouts.md"));
        for (Path file : texts) {
            Matcher m = SETTING.matcher(Repo.read(file));
            while (m.find()) {
                names.add(envForm(m.group().replace("\"", "")));
            }
        }
        for (Path file : propertiesFiles()) {
            properties(file).stringPropertyNames().forEach(k -> names.add(envForm(k.replaceFirst("^%[a-z]+\\.", ""))));
        }
        envReferences().forEach(r -> names.add(r.name()));
        return names;
    }

    static String envForm(String property) {
        return property.toUpperCase().replaceAll("[.\\-]", "_");
    }

    /** {@code safeline.db.name.base} of a service: the name of its database. */
    static String databaseName(String service) {
        return properties(Repo.ROOT.resolve(service).resolve("src/main/resources/application.properties"))
                .getProperty("safeline.db.name.base");
    }

    /** A shared default, e.g. the pool sizes. */
    static String sharedSetting(String key) {
        return properties(propertiesFiles().get(0)).getProperty(key);
    }

    private static Properties properties(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
