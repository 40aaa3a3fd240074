package health.safeline.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes NetworkPolicy semantics for one namespace's policies: a connection is allowed when the source's
 * egress and the destination's ingress both allow it (a side no policy selects for that direction is open).
 */
final class NetworkPolicies {

    /** A pod ({@code namespace} null: an address outside the cluster). */
    record Pod(String name, String namespace, Map<String, String> labels) {
        static Pod external(String name) {
            return new Pod(name, null, Map.of());
        }

        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    NetworkPolicies(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    boolean allows(Pod from, Pod to, String protocol, int port) {
        return side(from, "Egress", to, protocol, port) && side(to, "Ingress", from, protocol, port);
    }

    /** Whether the policies selecting {@code pod} for {@code type} let {@code peer} through (open if none does). */
    private boolean side(Pod pod, String type, Pod peer, String protocol, int port) {
        if (!namespace.equals(pod.namespace())) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains(type))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            if (type.equals("Ingress")) {
                if (p.getSpec().getIngress().stream().anyMatch(rule -> peers(rule.getFrom(), peer)
                        && ports(rule.getPorts(), protocol, port))) {
                    return true;
                }
            } else if (p.getSpec().getEgress().stream().anyMatch(rule -> peers(rule.getTo(), peer)
                    && ports(rule.getPorts(), protocol, port))) {
                return true;
            }
        }
        return false;
    }

    private boolean peers(List<NetworkPolicyPeer> peers, Pod peer) {
        return peers.isEmpty() || peers.stream().anyMatch(p -> peer(p, peer));
    }

    private boolean peer(NetworkPolicyPeer p, Pod pod) {
        if (p.getIpBlock() != null) {
            // pod addresses are not matched by ipBlock here: rely on it for outside addresses only
            return pod.namespace() == null && p.getIpBlock().getExcept().isEmpty()
                    && p.getIpBlock().getCidr().equals("0.0.0.0/0");
        }
        if (pod.namespace() == null) {
            return false;
        }
        boolean namespaceOk = p.getNamespaceSelector() == null ? namespace.equals(pod.namespace())
                : matches(p.getNamespaceSelector(), pod.namespaceLabels());
        return namespaceOk && (p.getPodSelector() == null || matches(p.getPodSelector(), pod.labels()));
    }

    private static boolean ports(List<NetworkPolicyPort> ports, String protocol, int port) {
        return ports.isEmpty() || ports.stream().anyMatch(p -> (p.getProtocol() == null ? "TCP" : p.getProtocol())
                .equals(protocol) && (p.getPort() == null || Integer.valueOf(port).equals(p.getPort().getIntVal())));
    }

    /** matchLabels only: matchExpressions are not used in k8s/ and rejected here. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (!selector.getMatchExpressions().isEmpty()) {
            throw new IllegalArgumentException("matchExpressions are not supported by these tests");
        }
        return labels != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
