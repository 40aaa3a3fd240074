package health.safeline.escalation;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * Signed dev tokens for a role with a chosen subject, to tell two clients of one role apart (the shared
 * {@code TestTokens} gives every token of a role the subject {@code test-<role>}).
 */
final class ClientTokens {

    private ClientTokens() {
    }

    static String bearer(String role, String subject) {
        Instant now = Instant.now();
        try {
            Path dir = Path.of(System.getProperty("safeline.dev-keys", "../dev-keys"));
            return "Bearer " + Jwt.issuer(health.safeline.shared.testing.TestTokens.ISSUER)
                    .audience(health.safeline.shared.testing.TestTokens.AUDIENCE).subject(subject).upn(subject)
                    .groups(Set.of(role)).issuedAt(now).expiresAt(now.plusSeconds(600))
                    .sign(KeyUtils.decodePrivateKey(Files.readString(dir.resolve("dev-private.pem"))));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
    }
}
