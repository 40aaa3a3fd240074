package health.safeline.shared.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token parser of every service: smallrye-jwt's, remembering each token it verified until the token
 * expires or for {@code safeline.jwt.verified-cache} at most, whichever is sooner. An agent's call reaches three
 * services with the same few tokens, and an RS256 verification costs a third of a millisecond on these machines
 * (the largest single cost in a load profile). Only exactly the same token string is recognised; a token that
 * fails verification is never remembered. A token signed with a key that was withdrawn from the JWKS meanwhile
 * stays accepted for at most the cache time (60 s by default; 0 turns the cache off).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    /** Bounds memory: beyond this many tokens, expired ones are dropped, then all if still too many. */
    static final int MAX_TOKENS = 2_000;

    private record Verified(JsonWebToken token, long untilMillis) {
    }

    private final JWTParser verifier;
    private final long maxAgeMillis;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedTokenCache(JWTAuthContextInfo authContext,
            @ConfigProperty(name = "safeline.jwt.verified-cache", defaultValue = "60s") Duration maxAge) {
        this(new DefaultJWTParser(authContext), maxAge, Clock.systemUTC());
    }

    VerifiedTokenCache(JWTParser verifier, Duration maxAge, Clock clock) {
        this.verifier = verifier;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (maxAgeMillis <= 0) {
            return verifier.parse(token);
        }
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null && now < known.untilMillis()) {
            return known.token();
        }
        JsonWebToken jwt = verifier.parse(token);
        long until = Math.min(now + maxAgeMillis, jwt.getExpirationTime() * 1000L);
        if (until > now) {
            if (verified.size() >= MAX_TOKENS) {
                verified.values().removeIf(v -> v.untilMillis() <= now);
                if (verified.size() >= MAX_TOKENS) {
                    verified.clear();
                }
            }
            verified.put(token, new Verified(jwt, until));
        }
        return jwt;
    }

    /** How many tokens are remembered (tests). */
    int size() {
        return verified.size();
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
