package health.safeline.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * RS256 JWTs signed with the DEV ONLY key of {@code dev-keys/} (see dev-keys/README.md), as {@code ./suite token}
 * makes them: issuer https://safeline.dev/issuer, audience safeline, the role in {@code groups}.
 */
final class Tokens {

    private final PrivateKey key;

    Tokens(Path devKeys) throws Exception {
        String pem = Files.readString(devKeys.resolve("dev-private.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
    }

    /** A token for {@code user} with {@code role}, valid for {@code minutes}. */
    String token(String user, String role, int minutes) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = b64(String.format("{\"iss\":\"https://safeline.dev/issuer\",\"aud\":\"safeline\",\"sub\":\"%s\","
                + "\"upn\":\"%s\",\"groups\":[\"%s\"],\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}", user, user, role, now,
                now + minutes * 60L, UUID.randomUUID()));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
