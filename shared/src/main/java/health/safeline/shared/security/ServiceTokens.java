package health.safeline.shared.security;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens for service-to-service calls: short-lived, role {@code service}, signed with the
 * key at {@code smallrye.jwt.sign.key.location} and cached until shortly before expiry.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

    private final String issuer;
    private final String audience;
    private final String subject;
    private volatile String token;
    private volatile Instant expires = Instant.EPOCH;

    ServiceTokens(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "safeline.jwt.audience") String audience,
            @ConfigProperty(name = "quarkus.application.name") String subject) {
        this.issuer = issuer;
        this.audience = audience;
        this.subject = subject;
    }

    /** A valid token, signed anew when the cached one is close to expiry. */
    public String current() {
        Instant now = Instant.now();
        if (token == null || now.isAfter(expires.minus(RENEW_BEFORE))) {
            synchronized (this) {
                if (token == null || now.isAfter(expires.minus(RENEW_BEFORE))) {
                    Instant exp = now.plus(LIFETIME);
                    token = Jwt.issuer(issuer).audience(audience).subject(subject)
                            .groups(Set.of(Roles.SERVICE)).issuedAt(now).expiresAt(exp).sign();
                    expires = exp;
                }
            }
        }
        return token;
    }
}
