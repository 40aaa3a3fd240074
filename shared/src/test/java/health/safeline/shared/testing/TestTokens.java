package health.safeline.shared.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/** Real signed tokens for tests: the dev key pair, plus forged, expired and foreign ones. */
public final class TestTokens {

    public static final String ISSUER = "https://safeline.dev/issuer";
    public static final String AUDIENCE = "safeline";

    private TestTokens() {
    }

    public static String token(String role) {
        return claims(role).sign(devKey());
    }

    /** Authorization header value for {@code role}. */
    public static String bearer(String role) {
        return "Bearer " + token(role);
    }

    /** Authorization header value for {@code role} with the subject {@code subject}, to tell two clients apart. */
    public static String bearer(String role, String subject) {
        return "Bearer " + claims(role).subject(subject).upn(subject).sign(devKey());
    }

    public static String expired(String role) {
        Instant past = Instant.now().minusSeconds(3600);
        return claims(role).issuedAt(past.minusSeconds(600)).expiresAt(past).sign(devKey());
    }

    public static String forged(String role) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(role).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String wrongIssuer(String role) {
        return claims(role).issuer("https://evil.example/issuer").sign(devKey());
    }

    /**
     * A validly signed token whose {@code groups} claim is {@code groups} as is (a number, a map: malformed), signed
     * with jose4j as smallrye's builder refuses such a claim.
     */
    public static String withGroups(Object groups) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            claims.setAudience(AUDIENCE);
            claims.setSubject("test-agent");
            claims.setClaim("upn", "test-agent");
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(10);
            claims.setClaim("groups", groups);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(devKey());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder claims(String role) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("test-" + role).upn("test-" + role)
                .groups(Set.of(role)).issuedAt(now).expiresAt(now.plusSeconds(600));
    }

    private static PrivateKey devKey() {
        try {
            Path dir = Path.of(System.getProperty("safeline.dev-keys", "../dev-keys"));
            return KeyUtils.decodePrivateKey(Files.readString(dir.resolve("dev-private.pem")));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dev signing key", e);
        }
    }
}
