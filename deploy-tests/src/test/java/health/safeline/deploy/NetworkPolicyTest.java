package health.safeline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every connection between the pods of an overlay and their neighbours, on every port in use, is allowed
 * exactly when the design says so (k8s/base/network-policies.yaml).
 */
class NetworkPolicyTest {

    private static final List<String> API = Repo.SERVICES;
    private static final List<String> OUTSIDE = List.of("ingress-nginx", "prometheus", "kube-dns", "cnpg-operator",
            "other-namespace", "internet");
    private static final List<String> PORTS = List.of("TCP/8080", "TCP/5432", "TCP/8000", "TCP/9000", "TCP/443",
            "TCP/53", "UDP/53");

    /** The design: these and nothing else. */
    static Set<String> expected() {
        Set<String> allowed = new TreeSet<>(List.of(
                "intake-service -> triage-service TCP/8080",
                "scheduling-service -> triage-service TCP/8080",
                "triage-service -> escalation-service TCP/8080",
                "escalation-service -> triage-service TCP/8080",
                "ingress-nginx -> keycloak TCP/8080",
                "keycloak -> safeline-db TCP/5432",
                "safeline-db -> safeline-db TCP/5432",
                "cnpg-operator -> safeline-db TCP/8000",
                "escalation-service -> internet TCP/443"));
        for (String s : API) {
            allowed.add("ingress-nginx -> " + s + " TCP/8080");
            allowed.add("prometheus -> " + s + " TCP/8080");
            allowed.add(s + " -> keycloak TCP/8080");
            allowed.add(s + " -> safeline-db TCP/5432");
            allowed.add(s + " -> kube-dns UDP/53");
            allowed.add(s + " -> kube-dns TCP/53");
        }
        // only the four services have egress policies: the others may reach anything outside the namespace
        for (String from : List.of("keycloak", "safeline-db", "unlabelled-pod")) {
            for (String to : OUTSIDE) {
                PORTS.forEach(port -> allowed.add(from + " -> " + to + " " + port));
            }
        }
        return allowed;
    }

    static Set<String> allowed(Rendered r) {
        String ns = r.all("Namespace").get(0).path("metadata").path("name").asText();
        List<NetworkPolicies.Pod> pods = new ArrayList<>();
        for (Deployment d : r.all("Deployment", Deployment.class)) {
            pods.add(new NetworkPolicies.Pod(d.getMetadata().getName(), ns, d.getSpec().getTemplate().getMetadata().getLabels()));
        }
        r.all("Cluster").forEach(c -> pods.add(new NetworkPolicies.Pod(c.path("metadata").path("name").asText(), ns,
                Map.of("cnpg.io/cluster", c.path("metadata").path("name").asText(), "cnpg.io/podRole", "instance"))));
        pods.add(new NetworkPolicies.Pod("unlabelled-pod", ns, Map.of()));
        pods.add(new NetworkPolicies.Pod("ingress-nginx", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")));
        pods.add(new NetworkPolicies.Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus")));
        pods.add(new NetworkPolicies.Pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns")));
        pods.add(new NetworkPolicies.Pod("cnpg-operator", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg")));
        pods.add(new NetworkPolicies.Pod("other-namespace", "other", Map.of()));
        pods.add(NetworkPolicies.Pod.external("internet"));

        NetworkPolicies policies = new NetworkPolicies(ns, r.all("NetworkPolicy", NetworkPolicy.class));
        Set<String> allowed = new TreeSet<>();
        for (var from : pods) {
            for (var to : pods) {
                boolean inside = ns.equals(from.namespace()) || ns.equals(to.namespace());
                if (!inside || from == to && !from.name().equals("safeline-db")) {
                    continue;
                }
                for (String port : PORTS) {
                    String[] p = port.split("/");
                    if (policies.allows(from, to, p[0], Integer.parseInt(p[1]))) {
                        allowed.add(from.name() + " -> " + to.name() + " " + port);
                    }
                }
            }
        }
        return allowed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void exactlyTheDesignedConnectionsAreAllowed(String overlay) {
        Set<String> allowed = allowed(Rendered.overlay(overlay));
        Set<String> denied = new TreeSet<>(expected());
        denied.removeAll(allowed);
        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(expected());
        assertEquals(Set.of(), denied, "designed but denied");
        assertEquals(Set.of(), extra, "allowed but not designed");
    }

    @Test
    void aMissingRuleIsCaught() {
        Rendered prod = Rendered.overlay("prod").copy();
        var intake = prod.get("NetworkPolicy", "intake-service");
        ((com.fasterxml.jackson.databind.node.ArrayNode) intake.at("/spec/egress")).remove(3); // DNS
        Set<String> allowed = allowed(prod);
        assertNotEquals(expected(), allowed);
        assertEquals(false, allowed.contains("intake-service -> kube-dns UDP/53"));
    }
}
