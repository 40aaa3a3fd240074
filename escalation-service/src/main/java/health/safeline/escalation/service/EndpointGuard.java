package health.safeline.escalation.service;

import health.safeline.escalation.config.EscalationConfig;
import health.safeline.escalation.service.EndpointAddresses.Network;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a rest-hook endpoint may point (against server-side request forgery), checked when a Subscription is
 * created and again before every delivery: the host is resolved once, every address it resolves to must be
 * allowed ({@link EndpointAddresses#forbidden}), and the delivery connects to the address that was checked, so
 * that a DNS answer that changes in between (rebinding) cannot move it. An endpoint under one of its client's
 * allow-list prefixes ({@code safeline.escalation.subscriptions.allow-list}) skips the address check (that is how a
 * loopback or in-cluster receiver is configured on purpose) and is the only kind that may receive
 * {@code full-resource} payloads.
 */
@ApplicationScoped
public class EndpointGuard {

    private final Map<String, List<Prefix>> allowList;
    private final List<Network> cluster;
    private final Vertx vertx;

    @Inject
    EndpointGuard(EscalationConfig config, Vertx vertx) {
        this(config.subscriptions(), vertx);
    }

    EndpointGuard(EscalationConfig.Subscriptions config, Vertx vertx) {
        this.allowList = allowList(config.allowList().orElse(List.of()));
        this.cluster = config.blockedNetworks().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .map(Network::parse).toList();
        this.vertx = vertx;
    }

    /** An endpoint refused: {@code reason} is a code ({@code loopback}, {@code private}, {@code unresolvable}, ...). */
    public static final class Refused extends RuntimeException {
        private final String reason;

        Refused(String reason) {
            super("endpoint-refused: " + reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** One allow-list entry: scheme, host and port equal, and the path under the prefix's path. */
    record Prefix(String scheme, String host, int port, String path) {

        boolean covers(URI endpoint) {
            String raw = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
            String lower = raw.toLowerCase(Locale.ROOT);
            if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || raw.contains("/../")
                    || raw.endsWith("/..")) {
                return false; // dot segments or encoded separators could climb out of the prefix
            }
            return scheme.equals(lower(endpoint.getScheme())) && host.equals(lower(endpoint.getHost()))
                    && port == EndpointGuard.port(endpoint)
                    && (path.endsWith("/") ? raw.startsWith(path) : raw.equals(path) || raw.startsWith(path + "/"));
        }
    }

    /** Whether {@code endpoint} lies under one of {@code client}'s allow-list prefixes. */
    public boolean allowListed(String client, URI endpoint) {
        return allowList.getOrDefault(client, List.of()).stream().anyMatch(p -> p.covers(endpoint));
    }

    /**
     * The address to connect to for {@code endpoint}: resolved (blocking DNS off the event loop), then checked
     * unless {@link #allowListed}; fails with {@link Refused} otherwise.
     */
    public Uni<InetAddress> address(String client, URI endpoint) {
        String host = endpoint.getHost();
        boolean trusted = allowListed(client, endpoint);
        if (host == null || host.isBlank()) {
            return Uni.createFrom().failure(new Refused("no-host"));
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.contains(":") && !EndpointAddresses.canonicalIpv4(bare)
                && EndpointAddresses.numericIpv4(bare).isPresent()) {
            // 2130706433, 0x7f.1, 0177.0.0.1: what inet_aton would make of it, refused either way
            return Uni.createFrom().failure(new Refused(EndpointAddresses.forbidden(
                    EndpointAddresses.numericIpv4(bare).get(), cluster).orElse("non-canonical-address")));
        }
        boolean literal = bare.contains(":") || EndpointAddresses.canonicalIpv4(bare);
        Uni<InetAddress[]> resolved = literal ? Uni.createFrom().item(() -> resolve(bare))
                : vertx.executeBlocking(Uni.createFrom().item(() -> resolve(bare)), false);
        return resolved.map(addresses -> {
            if (!trusted) {
                for (InetAddress a : addresses) {
                    Optional<String> why = EndpointAddresses.forbidden(a, cluster);
                    if (why.isPresent()) {
                        throw new Refused(why.get());
                    }
                }
            }
            return addresses[0];
        });
    }

    /** The effective port of an http(s) URI. */
    public static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(lower(uri.getScheme())) ? 443 : 80;
    }

    /** {@code scheme://host:port} of an endpoint, lower case with the effective port: deliveries are grouped by it. */
    public static String origin(URI uri) {
        return lower(uri.getScheme()) + "://" + lower(uri.getHost()) + ":" + port(uri);
    }

    private static InetAddress[] resolve(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            if (all.length == 0) {
                throw new Refused("unresolvable");
            }
            return all;
        } catch (UnknownHostException e) {
            throw new Refused("unresolvable");
        }
    }

    /** Entries {@code <client-id>=<scheme://host[:port][/path-prefix]>}, grouped by client. */
    static Map<String, List<Prefix>> allowList(List<String> entries) {
        return entries.stream().map(String::strip).filter(e -> !e.isEmpty()).map(EndpointGuard::entry)
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static Map.Entry<String, Prefix> entry(String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("safeline.escalation.subscriptions.allow-list entries are "
                    + "<client-id>=<scheme://host:port/path-prefix>, got one without '='");
        }
        String client = entry.substring(0, eq).strip();
        URI uri;
        try {
            uri = new URI(entry.substring(eq + 1).strip()).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Allow-list prefix of " + client + " is not a URL", e);
        }
        String scheme = lower(uri.getScheme());
        if (!List.of("http", "https").contains(scheme) || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Allow-list prefix of " + client
                    + " must be http(s)://host[:port][/path] without query or credentials");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return Map.entry(client, new Prefix(scheme, lower(uri.getHost()), port(uri), path));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
