package health.safeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rules every rendered overlay keeps. Each returns its violations (empty: kept), so a test can also break an
 * overlay on purpose and see the rule catch it ({@code InvariantsTest}).
 */
final class Invariants {

    static final String PLACEHOLDER = "CHANGE_ME";
    static final String REALM = "safeline";
    /** The release the images are tagged with: the project version without -SNAPSHOT. */
    static final String VERSION = projectVersion();
    /** Containers allowed a writable root file system, and why. */
    static final Map<String, String> WRITABLE_ROOT = Map.of("keycloak",
            "the stock image re-augments itself at start; a read-only root needs a `kc.sh build` image");
    /** Environment variables a service receives that its code does not read, and why they are set. */
    static final Map<String, String> NOT_READ_BY_CODE = Map.of(
            "JAVA_OPTS_APPEND", "read by the image's run-java.sh (heap size)",
            "MALLOC_ARENA_MAX", "read by glibc: two malloc arenas, not one per thread (resident memory)");
    /** Settings production reads without a default that the manifests deliberately leave unset, and why. */
    static final Map<String, String> REQUIRED_BUT_UNSET = Map.of();
    /** PostgreSQL's default superuser_reserved_connections: not available to the pools. */
    static final int SUPERUSER_RESERVED_CONNECTIONS = 3;

    static final Map<String, Function<Rendered, List<String>>> EVERY_OVERLAY = new LinkedHashMap<>();
    static final Map<String, Function<Rendered, List<String>>> PROD = new LinkedHashMap<>();
    static final Map<String, Function<Rendered, List<String>>> DEV = new LinkedHashMap<>();

    static {
        EVERY_OVERLAY.put("probes", Invariants::probes);
        EVERY_OVERLAY.put("resources", Invariants::resources);
        EVERY_OVERLAY.put("security context", Invariants::securityContext);
        EVERY_OVERLAY.put("network policy per deployment", Invariants::networkPolicyCoverage);
        EVERY_OVERLAY.put("image tags", Invariants::images);
        EVERY_OVERLAY.put("secret values", Invariants::secretValues);
        EVERY_OVERLAY.put("service ports", Invariants::servicePorts);
        EVERY_OVERLAY.put("HPA and PDB targets", Invariants::autoscalingAndDisruption);
        EVERY_OVERLAY.put("config URLs", Invariants::configReferences);
        EVERY_OVERLAY.put("database per service", Invariants::databaseWiring);
        EVERY_OVERLAY.put("connection budget", Invariants::connectionBudget);
        EVERY_OVERLAY.put("environment", Invariants::environment);
        EVERY_OVERLAY.put("keycloak", Invariants::keycloak);
        PROD.put("production shape", Invariants::production);
        PROD.put("secrets created out of band", Invariants::outOfBandSecrets);
        DEV.put("development shape", Invariants::development);
        DEV.put("secrets generated", Invariants::generatedSecrets);
    }

    private Invariants() {
    }

    static List<String> probes(Rendered r) {
        List<String> v = new ArrayList<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            boolean service = r.services().containsKey(name(d));
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put("/q/health/started", c.getStartupProbe());
                probes.put("/q/health/ready", c.getReadinessProbe());
                probes.put("/q/health/live", c.getLivenessProbe());
                probes.forEach((path, probe) -> {
                    String where = name(d) + "/" + c.getName() + " " + path.substring(path.lastIndexOf('/') + 1);
                    if (probe == null || probe.getHttpGet() == null) {
                        v.add(where + ": no HTTP probe");
                    } else if (!hasPort(c, probe.getHttpGet().getPort())) {
                        v.add(where + ": probe port is not a container port");
                    } else if (service && !path.equals(probe.getHttpGet().getPath())) {
                        v.add(where + ": path " + probe.getHttpGet().getPath() + ", expected " + path);
                    }
                });
            }
        }
        return v;
    }

    static List<String> resources(Rendered r) {
        List<String> v = new ArrayList<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String where = name(d) + "/" + c.getName();
                var res = c.getResources();
                Map<String, Quantity> requests = res == null || res.getRequests() == null ? Map.of() : res.getRequests();
                Map<String, Quantity> limits = res == null || res.getLimits() == null ? Map.of() : res.getLimits();
                for (String kind : List.of("cpu", "memory")) {
                    if (!requests.containsKey(kind) || !limits.containsKey(kind)) {
                        v.add(where + ": " + kind + " request and limit required");
                    } else if (bytes(requests.get(kind)).compareTo(bytes(limits.get(kind))) > 0) {
                        v.add(where + ": " + kind + " request above its limit");
                    }
                }
                if (r.services().containsKey(name(d)) && limits.containsKey("memory")) {
                    Matcher xmx = Pattern.compile("-Xmx(\\d+)m\\b").matcher(env(c, "JAVA_OPTS_APPEND"));
                    long limitMi = bytes(limits.get("memory")).longValue() >> 20;
                    if (!xmx.find()) {
                        v.add(where + ": JAVA_OPTS_APPEND sets no -Xmx<n>m");
                    } else if (Long.parseLong(xmx.group(1)) + 128 > limitMi) {
                        v.add(where + ": heap " + xmx.group(1) + "m leaves under 128Mi of the " + limitMi
                                + "Mi limit for metaspace, threads and buffers");
                    }
                    // native memory freed by the JVM goes back to the system, and malloc does not hoard it per thread
                    if (!env(c, "JAVA_OPTS_APPEND").contains("-XX:TrimNativeHeapInterval=")) {
                        v.add(where + ": JAVA_OPTS_APPEND sets no -XX:TrimNativeHeapInterval");
                    }
                    if (!env(c, "MALLOC_ARENA_MAX").matches("[1-4]")) {
                        v.add(where + ": MALLOC_ARENA_MAX is not 1 to 4");
                    }
                }
            }
        }
        return v;
    }

    static List<String> securityContext(Rendered r) {
        List<String> v = new ArrayList<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            PodSecurityContext psc = Objects.requireNonNullElseGet(pod.getSecurityContext(), PodSecurityContext::new);
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                v.add(name(d) + ": automountServiceAccountToken must be false (no API access needed)");
            }
            for (Container c : pod.getContainers()) {
                String where = name(d) + "/" + c.getName();
                SecurityContext sc = Objects.requireNonNullElseGet(c.getSecurityContext(), SecurityContext::new);
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc.getRunAsUser();
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc.getRunAsNonRoot();
                var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : psc.getSeccompProfile();
                if (!Boolean.TRUE.equals(nonRoot)) {
                    v.add(where + ": runAsNonRoot must be true");
                }
                if (r.services().containsKey(name(d)) ? !Long.valueOf(185).equals(user) : user == null || user == 0) {
                    v.add(where + ": runAsUser " + user + " (services: 185, the image's user; others: non-root)");
                }
                if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    v.add(where + ": allowPrivilegeEscalation must be false");
                }
                if (sc.getCapabilities() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
                    v.add(where + ": capabilities must drop ALL");
                }
                if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
                    v.add(where + ": seccompProfile must be RuntimeDefault");
                }
                boolean readOnly = Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem());
                if (!readOnly && !WRITABLE_ROOT.containsKey(c.getName())) {
                    v.add(where + ": readOnlyRootFilesystem must be true");
                }
                if (readOnly && c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/tmp")
                        && pod.getVolumes().stream().anyMatch(vol -> vol.getName().equals(m.getName())
                                && vol.getEmptyDir() != null))) {
                    v.add(where + ": a read-only root needs an emptyDir at /tmp");
                }
            }
        }
        return v;
    }

    static List<String> networkPolicyCoverage(Rendered r) {
        List<String> v = new ArrayList<>();
        List<NetworkPolicy> policies = r.all("NetworkPolicy", NetworkPolicy.class);
        if (policies.stream().noneMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                && p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getIngress().isEmpty())) {
            v.add("no default-deny ingress policy (empty podSelector, no ingress rule)");
        }
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            Set<String> types = policies.stream()
                    .filter(p -> !p.getSpec().getPodSelector().getMatchLabels().isEmpty())
                    .filter(p -> NetworkPolicies.matches(p.getSpec().getPodSelector(), labels))
                    .flatMap(p -> p.getSpec().getPolicyTypes().stream()).collect(Collectors.toSet());
            Set<String> needed = r.services().containsKey(name(d)) ? Set.of("Ingress", "Egress") : Set.of("Ingress");
            if (!types.containsAll(needed)) {
                v.add(name(d) + ": selected by policies of types " + types + ", needs " + needed);
            }
        }
        return v;
    }

    static List<String> images(Rendered r) {
        List<String> v = new ArrayList<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String image = c.getImage();
                String tag = image.contains("@") ? "digest"
                        : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(image.lastIndexOf(':') + 1)
                        : null;
                if (tag == null || tag.equals("latest")) {
                    v.add(name(d) + ": image " + image + " has no pinned tag");
                }
                String expected = "registry.example-hospital.org/safeline/" + name(d) + ":" + VERSION;
                if (r.services().containsKey(name(d)) && !image.equals(expected)) {
                    v.add(name(d) + ": image " + image + ", expected " + expected);
                }
            }
        }
        for (ObjectNode cluster : r.all("Cluster")) {
            String image = cluster.at("/spec/imageName").asText("");
            if (!image.matches(".+:[0-9][^:/]*")) {
                v.add("Cluster: imageName " + image + " is not pinned to a version");
            }
        }
        return v;
    }

    /** A Secret holds placeholders only; a {@code username} may name its database role or admin user. */
    static List<String> secretValues(Rendered r) {
        List<String> v = new ArrayList<>();
        for (ObjectNode secret : r.all("Secret")) {
            secret.path("data").fields().forEachRemaining(e -> {
                String value = new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8);
                boolean ok = e.getKey().equals("username") ? value.matches("[a-z][a-z0-9_-]*") : value.equals(PLACEHOLDER);
                if (!ok) {
                    v.add("Secret " + name(secret) + ": " + e.getKey() + " is not the placeholder " + PLACEHOLDER);
                }
            });
        }
        return v;
    }

    /** Under k8s/: no Secret manifest, and secretGenerators with placeholder literals only (no files). */
    static List<String> secretSources() {
        List<Kustomize.Generator> generators = new ArrayList<>();
        Repo.files(Repo.K8S, "kustomization.yaml").forEach(k -> generators.addAll(
                Kustomize.nz(Kustomize.read(k.getParent()).secretGenerator())));
        List<ObjectNode> manifests = Repo.files(Repo.K8S, ".yaml").stream()
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                .flatMap(f -> Repo.yamlDocuments(f).stream()).toList();
        return secretSources(generators, manifests);
    }

    static List<String> secretSources(List<Kustomize.Generator> generators, List<ObjectNode> manifests) {
        List<String> v = new ArrayList<>();
        manifests.stream().filter(o -> "Secret".equals(o.path("kind").asText()))
                .forEach(o -> v.add("Secret " + name(o) + " committed as a manifest"));
        for (Kustomize.Generator g : generators) {
            if (!Kustomize.nz(g.files()).isEmpty()) {
                v.add("secretGenerator " + g.name() + " reads files: secrets stay out of the repository");
            }
            for (String literal : Kustomize.nz(g.literals())) {
                String key = literal.substring(0, literal.indexOf('='));
                String value = literal.substring(literal.indexOf('=') + 1);
                if (!(key.equals("username") ? value.matches("[a-z][a-z0-9_-]*") : value.equals(PLACEHOLDER))) {
                    v.add("secretGenerator " + g.name() + ": " + key + " is not the placeholder " + PLACEHOLDER);
                }
            }
        }
        return v;
    }

    static List<String> servicePorts(Rendered r) {
        List<String> v = new ArrayList<>();
        List<Deployment> deployments = r.all("Deployment", Deployment.class);
        List<Service> services = r.all("Service", Service.class);
        for (Service s : services) {
            List<Deployment> selected = deployments.stream().filter(d -> d.getSpec().getTemplate().getMetadata()
                    .getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet())).toList();
            if (selected.size() != 1) {
                v.add("Service " + name(s) + " selects " + selected.size() + " Deployments");
                continue;
            }
            Container c = Rendered.container(selected.get(0));
            for (ServicePort p : s.getSpec().getPorts()) {
                IntOrString target = p.getTargetPort() != null ? p.getTargetPort() : new IntOrString(p.getPort());
                if (p.getName() == null || !hasPort(c, target)) {
                    v.add("Service " + name(s) + " port " + p.getPort() + ": target " + target.getValue()
                            + " is not a named container port of " + name(selected.get(0)));
                }
            }
        }
        for (Ingress ingress : r.all("Ingress", Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (var path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    Service s = services.stream().filter(x -> name(x).equals(backend.getName())).findFirst().orElse(null);
                    if (s == null || s.getSpec().getPorts().stream().noneMatch(p -> p.getName().equals(backend.getPort().getName())
                            || Objects.equals(p.getPort(), backend.getPort().getNumber()))) {
                        v.add("Ingress " + rule.getHost() + path.getPath() + ": no Service port " + backend.getName());
                    }
                }
            }
        }
        return v;
    }

    static List<String> autoscalingAndDisruption(Rendered r) {
        List<String> v = new ArrayList<>();
        List<Deployment> deployments = r.all("Deployment", Deployment.class);
        List<HorizontalPodAutoscaler> hpas = r.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
        List<PodDisruptionBudget> pdbs = r.all("PodDisruptionBudget", PodDisruptionBudget.class);
        for (HorizontalPodAutoscaler h : hpas) {
            var ref = h.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(ref.getKind()) || !"apps/v1".equals(ref.getApiVersion())
                    || deployments.stream().noneMatch(d -> name(d).equals(ref.getName()))) {
                v.add("HPA " + name(h) + ": no Deployment " + ref.getName());
            }
            if (h.getSpec().getMinReplicas() == null || h.getSpec().getMinReplicas() > h.getSpec().getMaxReplicas()) {
                v.add("HPA " + name(h) + ": minReplicas missing or above maxReplicas");
            }
        }
        for (PodDisruptionBudget p : pdbs) {
            List<Deployment> selected = deployments.stream().filter(d -> NetworkPolicies.matches(p.getSpec().getSelector(),
                    d.getSpec().getTemplate().getMetadata().getLabels())).toList();
            if (selected.size() != 1) {
                v.add("PDB " + name(p) + " selects " + selected.size() + " Deployments");
            } else if (p.getSpec().getMinAvailable() != null && p.getSpec().getMinAvailable().getIntVal() != null
                    && p.getSpec().getMinAvailable().getIntVal() >= selected.get(0).getSpec().getReplicas()) {
                v.add("PDB " + name(p) + ": minAvailable leaves no pod to evict: node drains would block");
            }
        }
        for (String s : r.services().keySet()) {
            if (hpas.stream().filter(h -> h.getSpec().getScaleTargetRef().getName().equals(s)).count() != 1) {
                v.add(s + ": needs exactly one HPA");
            }
            if (pdbs.stream().filter(p -> NetworkPolicies.matches(p.getSpec().getSelector(),
                    r.services().get(s).getSpec().getTemplate().getMetadata().getLabels())).count() != 1) {
                v.add(s + ": needs exactly one PDB");
            }
        }
        return v;
    }

    static List<String> configReferences(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, String> cfg = r.configMap("safeline-config");
        Map<String, String> kc = r.configMap("keycloak-config");
        List<Service> services = r.all("Service", Service.class);
        Set<String> hosts = r.all("Ingress", Ingress.class).stream().flatMap(i -> i.getSpec().getRules().stream())
                .map(IngressRule::getHost).collect(Collectors.toSet());
        Map<String, String> urls = new LinkedHashMap<>(cfg);
        urls.put("KC_HOSTNAME", kc.get("KC_HOSTNAME"));
        urls.forEach((key, value) -> {
            Matcher m = Pattern.compile("^https?://([^/:]+)(?::(\\d+))?(/.*)?$").matcher(value);
            if (!m.matches()) {
                return;
            }
            String host = m.group(1);
            if (!host.contains(".")) {
                int port = m.group(2) == null ? 80 : Integer.parseInt(m.group(2));
                if (services.stream().noneMatch(s -> name(s).equals(host)
                        && s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port))) {
                    v.add(key + "=" + value + ": no Service " + host + " with port " + port);
                }
            } else if (!hosts.contains(host)) {
                v.add(key + "=" + value + ": " + host + " is not a host of the Ingress");
            }
        });
        String cluster = r.all("Cluster").stream().map(Invariants::name).findFirst().orElse("(no Cluster)");
        if (!(cluster + "-rw").equals(cfg.get("SAFELINE_DB_HOST")) || !"5432".equals(cfg.get("SAFELINE_DB_PORT"))) {
            v.add("SAFELINE_DB_HOST/PORT must be the primary of " + cluster + ": " + cluster + "-rw:5432");
        }
        if (!(cluster + "-rw").equals(kc.get("KC_DB_URL_HOST"))) {
            v.add("KC_DB_URL_HOST must be " + cluster + "-rw");
        }
        if (!Objects.equals(cfg.get("SAFELINE_JWT_ISSUER"), kc.get("KC_HOSTNAME") + "/realms/" + REALM)) {
            v.add("SAFELINE_JWT_ISSUER must be Keycloak's frontend URL KC_HOSTNAME + /realms/" + REALM);
        }
        String oidc = cfg.getOrDefault("SAFELINE_OIDC_AUTH_SERVER_URL", "");
        if (!oidc.endsWith("/realms/" + REALM)
                || !(oidc + "/protocol/openid-connect/certs").equals(cfg.get("SAFELINE_JWT_PUBLICKEY_LOCATION"))) {
            v.add("SAFELINE_JWT_PUBLICKEY_LOCATION must be the JWKS of realm " + REALM + " at SAFELINE_OIDC_AUTH_SERVER_URL");
        }
        return v;
    }

    static List<String> databaseWiring(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, String> roleDatabases = new LinkedHashMap<>();
        Map<String, String> secretRoles = new LinkedHashMap<>();
        for (ObjectNode c : r.all("Cluster")) {
            JsonNode initdb = c.at("/spec/bootstrap/initdb");
            if (initdb.isObject()) {
                roleDatabases.put(initdb.path("owner").asText(), initdb.path("database").asText());
                secretRoles.put(initdb.at("/secret/name").asText(), initdb.path("owner").asText());
            }
            c.at("/spec/managed/roles").forEach(role -> secretRoles.put(role.at("/passwordSecret/name").asText(),
                    role.path("name").asText()));
            for (ObjectNode db : r.all("Database")) {
                if (name(c).equals(db.at("/spec/cluster/name").asText())) {
                    roleDatabases.put(db.at("/spec/owner").asText(), db.at("/spec/name").asText());
                }
            }
        }
        Map<String, String[]> users = new LinkedHashMap<>();
        r.services().forEach((s, d) -> users.put(s, new String[] {secretOf(Rendered.container(d), "SAFELINE_DB_USER"),
            secretOf(Rendered.container(d), "SAFELINE_DB_PASSWORD"), Code.databaseName(s)}));
        r.find("Deployment", "keycloak").ifPresent(k -> {
            Container c = Rendered.container(Strict.read(k, Deployment.class));
            users.put("keycloak", new String[] {secretOf(c, "KC_DB_USERNAME"), secretOf(c, "KC_DB_PASSWORD"),
                r.configMap("keycloak-config").get("KC_DB_URL_DATABASE")});
        });
        users.forEach((who, u) -> {
            String role = secretRoles.get(u[0]);
            if (!u[0].equals(u[1]) || role == null) {
                v.add(who + ": user and password must come from one Secret that is a role's password secret: " + u[0]);
            } else if (!Objects.equals(roleDatabases.get(role), u[2])) {
                v.add(who + ": role " + role + " owns database " + roleDatabases.get(role) + ", the service uses " + u[2]);
            }
        });
        if (new LinkedHashSet<>(roleDatabases.values()).size() != roleDatabases.size()) {
            v.add("one database per role: " + roleDatabases);
        }
        return v;
    }

    static List<String> connectionBudget(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, String> cfg = r.configMap("safeline-config");
        // per service replica: the reactive pool, the JDBC pool (Flyway) and escalation's LISTEN connection
        int perReplica = Integer.parseInt(cfg.getOrDefault("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE",
                Code.sharedSetting("quarkus.datasource.reactive.max-size")))
                + Integer.parseInt(cfg.getOrDefault("QUARKUS_DATASOURCE_JDBC_MAX_SIZE",
                Code.sharedSetting("quarkus.datasource.jdbc.max-size"))) + 1;
        int total = 0;
        for (var e : r.services().entrySet()) {
            int replicas = r.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(e.getKey()))
                    .mapToInt(h -> h.getSpec().getMaxReplicas()).max().orElse(e.getValue().getSpec().getReplicas());
            total += replicas * perReplica;
        }
        String keycloakPool = r.configMap("keycloak-config").get("KC_DB_POOL_MAX_SIZE");
        if (keycloakPool == null) {
            v.add("KC_DB_POOL_MAX_SIZE unset: Keycloak's default pool is 100");
        } else {
            total += Integer.parseInt(keycloakPool);
        }
        for (ObjectNode c : r.all("Cluster")) {
            int max = Integer.parseInt(c.at("/spec/postgresql/parameters/max_connections").asText("100"));
            if (total > max - SUPERUSER_RESERVED_CONNECTIONS) {
                v.add("at HPA maxReplicas the pools need " + total + " connections, max_connections is " + max);
            }
        }
        return v;
    }

    static List<String> environment(Rendered r) {
        List<String> v = new ArrayList<>();
        Set<String> settings = Code.settings();
        for (var e : r.services().entrySet()) {
            Set<String> names = new TreeSet<>();
            Container c = Rendered.container(e.getValue());
            c.getEnv().forEach(env -> names.add(env.getName()));
            c.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null).forEach(f -> r.all("ConfigMap").stream()
                    .filter(cm -> name(cm).equals(f.getConfigMapRef().getName()))
                    .forEach(cm -> cm.path("data").fieldNames().forEachRemaining(names::add)));
            for (String name : names) {
                if (!settings.contains(name) && !name.startsWith("QUARKUS_") && !NOT_READ_BY_CODE.containsKey(name)) {
                    v.add(e.getKey() + ": " + name + " is read by no code and documented by no README");
                }
            }
            for (Code.EnvRef ref : Code.envReferences()) {
                if (!ref.hasDefault() && Set.of("", "prod").contains(ref.profile()) && !names.contains(ref.name())
                        && !REQUIRED_BUT_UNSET.containsKey(ref.name())) {
                    v.add(e.getKey() + ": " + ref.name() + " (" + ref.key() + ") has no default and is not set");
                }
            }
        }
        return v;
    }

    static List<String> keycloak(Rendered r) {
        List<String> v = new ArrayList<>();
        Deployment d = Strict.read(r.get("Deployment", "keycloak"), Deployment.class);
        Container c = Rendered.container(d);
        if (!c.getImage().matches("quay\\.io/keycloak/keycloak:26\\.\\d+\\.\\d+")) {
            v.add("keycloak: image " + c.getImage() + " is not a pinned 26.x release");
        }
        if (!c.getArgs().equals(List.of("start", "--import-realm"))) {
            v.add("keycloak: args must be start --import-realm, not " + c.getArgs());
        }
        String realmVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/opt/keycloak/data/import"))
                .map(m -> m.getName()).findFirst().orElse(null);
        String configMap = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(vol -> vol.getName().equals(realmVolume) && vol.getConfigMap() != null)
                .map(Volume::getConfigMap).map(cm -> cm.getName()).findFirst().orElse(null);
        String realm = r.all("ConfigMap").stream().filter(cm -> name(cm).equals(configMap))
                .map(cm -> cm.at("/data/safeline-realm.json").asText(null)).filter(Objects::nonNull).findFirst().orElse(null);
        try {
            if (realm == null || !REALM.equals(Repo.JSON.readTree(realm).path("realm").asText())) {
                v.add("keycloak: /opt/keycloak/data/import must hold safeline-realm.json of realm " + REALM);
            }
        } catch (java.io.IOException e) {
            v.add("keycloak: safeline-realm.json is not JSON: " + e.getMessage());
        }
        return v;
    }

    static List<String> production(Rendered r) {
        List<String> v = new ArrayList<>();
        r.services().forEach((s, d) -> {
            if (d.getSpec().getReplicas() < 2) {
                v.add(s + ": replicas " + d.getSpec().getReplicas() + " (production runs 2 or more)");
            }
        });
        r.all("HorizontalPodAutoscaler", HorizontalPodAutoscaler.class).stream().filter(h -> h.getSpec().getMinReplicas() < 2)
                .forEach(h -> v.add("HPA " + name(h) + ": minReplicas below 2"));
        r.all("PodDisruptionBudget", PodDisruptionBudget.class).stream()
                .filter(p -> p.getSpec().getMinAvailable() == null || p.getSpec().getMinAvailable().getIntVal() != 1)
                .forEach(p -> v.add("PDB " + name(p) + ": minAvailable must be 1"));
        r.all("Cluster").stream().filter(c -> c.at("/spec/instances").asInt() != 3)
                .forEach(c -> v.add("Cluster " + name(c) + ": 3 PostgreSQL instances in production"));
        for (Ingress i : r.all("Ingress", Ingress.class)) {
            Set<String> tls = i.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).collect(Collectors.toSet());
            i.getSpec().getRules().stream().filter(rule -> !tls.contains(rule.getHost()))
                    .forEach(rule -> v.add("Ingress: " + rule.getHost() + " without TLS"));
        }
        r.all("Namespace").stream().filter(n -> !"restricted".equals(n.at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                .asText())).forEach(n -> v.add("Namespace " + name(n) + ": Pod Security must enforce restricted"));
        if (r.all("PrometheusRule").isEmpty()) {
            v.add("no PrometheusRule");
        }
        List<ObjectNode> monitors = r.all("ServiceMonitor");
        for (String s : r.services().keySet()) {
            Service svc = Strict.read(r.get("Service", s), Service.class);
            boolean scraped = monitors.stream().anyMatch(m -> svc.getMetadata().getLabels().entrySet()
                    .containsAll(Strict.read(m.at("/spec/selector"), io.fabric8.kubernetes.api.model.LabelSelector.class)
                            .getMatchLabels().entrySet())
                    && java.util.stream.StreamSupport.stream(m.at("/spec/endpoints").spliterator(), false)
                    .anyMatch(ep -> ep.path("path").asText().equals("/q/metrics") && svc.getSpec().getPorts().stream()
                            .anyMatch(p -> p.getName().equals(ep.path("port").asText()))));
            if (!scraped) {
                v.add(s + ": no ServiceMonitor scrapes /q/metrics on a named port of its Service");
            }
        }
        return v;
    }

    static List<String> development(Rendered r) {
        List<String> v = new ArrayList<>();
        r.services().forEach((s, d) -> {
            if (d.getSpec().getReplicas() != 1) {
                v.add(s + ": development runs 1 replica");
            }
        });
        r.all("Cluster").stream().filter(c -> c.at("/spec/instances").asInt() != 1)
                .forEach(c -> v.add("Cluster " + name(c) + ": 1 instance in development"));
        r.all("PodDisruptionBudget", PodDisruptionBudget.class).stream().filter(p -> p.getSpec().getMinAvailable() != null)
                .forEach(p -> v.add("PDB " + name(p) + ": minAvailable with one replica blocks node drains"));
        return v;
    }

    /** Production refers to Secrets it does not hold; each is named in docs/operating.md, which says how to create it. */
    static List<String> outOfBandSecrets(Rendered r) {
        List<String> v = new ArrayList<>();
        r.all("Secret").forEach(s -> v.add("Secret " + name(s) + " in the production overlay: create it out of band"));
        String doc = Repo.read(Repo.ROOT.resolve("docs/operating.md"));
        secretReferences(r).keySet().stream().filter(name -> !Pattern.compile("\\b" + Pattern.quote(name) + "\\b")
                .matcher(doc).find()).forEach(name -> v.add("Secret " + name + " is not described in docs/operating.md"));
        return v;
    }

    /** Development generates every Secret it refers to, with every key referred to. */
    static List<String> generatedSecrets(Rendered r) {
        List<String> v = new ArrayList<>();
        secretReferences(r).forEach((name, keys) -> {
            ObjectNode secret = r.find("Secret", name).orElse(null);
            if (secret == null) {
                v.add("Secret " + name + " is referred to but not generated");
            } else {
                keys.stream().filter(k -> !secret.path("data").has(k))
                        .forEach(k -> v.add("Secret " + name + " has no key " + k));
            }
        });
        return v;
    }

    /** Secret name to the keys referred to (CloudNativePG and basic-auth secrets: username and password). */
    static Map<String, Set<String>> secretReferences(Rendered r) {
        Map<String, Set<String>> refs = new TreeMap<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        refs.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(), k -> new TreeSet<>())
                                .add(e.getValueFrom().getSecretKeyRef().getKey());
                    }
                }
            }
        }
        for (ObjectNode c : r.all("Cluster")) {
            List<JsonNode> names = new ArrayList<>();
            names.add(c.at("/spec/bootstrap/initdb/secret/name"));
            c.at("/spec/managed/roles").forEach(role -> names.add(role.at("/passwordSecret/name")));
            names.stream().filter(JsonNode::isTextual).forEach(n -> refs.computeIfAbsent(n.asText(), k -> new TreeSet<>())
                    .addAll(List.of("username", "password")));
        }
        for (Ingress i : r.all("Ingress", Ingress.class)) {
            i.getSpec().getTls().forEach(t -> refs.computeIfAbsent(t.getSecretName(), k -> new TreeSet<>())
                    .addAll(List.of("tls.crt", "tls.key")));
        }
        return refs;
    }

    private static String secretOf(Container c, String env) {
        return c.getEnv().stream().filter(e -> e.getName().equals(env) && e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null).map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .findFirst().orElse("(" + env + " not from a Secret)");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name) && e.getValue() != null).map(EnvVar::getValue)
                .findFirst().orElse("");
    }

    private static boolean hasPort(Container c, IntOrString port) {
        return c.getPorts().stream().anyMatch(p -> port.getStrVal() != null
                ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort()));
    }

    private static BigDecimal bytes(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>safeline-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Repo.read(Repo.ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no project version in pom.xml");
        }
        return m.group(1).replace("-SNAPSHOT", "");
    }
}
