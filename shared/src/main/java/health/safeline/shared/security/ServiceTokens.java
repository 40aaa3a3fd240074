package health.safeline.shared.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens for service-to-service calls, role {@code service}, cached until shortly before expiry. In
 * production ({@code safeline.service-tokens.client-credentials}) the service's own client obtains them from
 * the identity provider by client credentials; in dev and test they are signed with the key at
 * {@code smallrye.jwt.sign.key.location}.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private final String issuer;
    private final String audience;
    private final String subject;
    private final boolean clientCredentials;
    @Inject
    OidcClient oidc;
    private volatile String token;
    private volatile Instant expires = Instant.EPOCH;

    ServiceTokens(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "safeline.jwt.audience") String audience,
            @ConfigProperty(name = "quarkus.application.name") String subject,
            @ConfigProperty(name = "safeline.service-tokens.client-credentials") boolean clientCredentials) {
        this.issuer = issuer;
        this.audience = audience;
        this.subject = subject;
        this.clientCredentials = clientCredentials;
    }

    /** A valid token: the cached one, or a new one when it is close to expiry. */
    public Uni<String> current() {
        Instant now = Instant.now();
        if (token != null && now.isBefore(expires.minus(RENEW_BEFORE))) {
            return Uni.createFrom().item(token);
        }
        if (!clientCredentials) {
            return Uni.createFrom().item(() -> remember(selfSigned(now), now.plus(LIFETIME)));
        }
        return oidc.getTokens().map(t -> remember(t.getAccessToken(), expiry(t, now)));
    }

    private String selfSigned(Instant now) {
        return Jwt.issuer(issuer).audience(audience).subject(subject)
                .groups(Set.of(Roles.SERVICE)).issuedAt(now).expiresAt(now.plus(LIFETIME)).sign();
    }

    private static Instant expiry(Tokens t, Instant now) {
        Long at = t.getAccessTokenExpiresAt();
        return at != null ? Instant.ofEpochSecond(at) : now.plus(RENEW_BEFORE.multipliedBy(2));
    }

    private synchronized String remember(String value, Instant until) {
        token = value;
        expires = until;
        return value;
    }
}
