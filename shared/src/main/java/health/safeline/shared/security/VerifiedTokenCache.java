package health.safeline.shared.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * The bearer-token parser of every service: smallrye-jwt's, remembering each token it verified until the token
 * expires or for {@code safeline.jwt.verified-cache} at most, whichever is sooner. An agent's call reaches three
 * services with the same few tokens, and an RS256 verification costs a third of a millisecond on these machines
 * (the largest single cost in a load profile). Only exactly the same token string is recognised; a token that
 * fails verification is never remembered. A token signed with a key that was withdrawn from the JWKS meanwhile
 * stays accepted for at most the cache time (60 s by default; 0 turns the cache off).
 * <p>
 * A token whose {@code groups} claim is not a role name or a list of them (a number, an object) is refused (401)
 * with one line in the log: smallrye-jwt would log a stack trace for it on every request ({@code SRJWT08001}).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {

    /** Bounds memory: beyond this many tokens, expired ones are dropped, then all if still too many. */
    static final int MAX_TOKENS = 2_000;
    private static final Logger LOG = Logger.getLogger(VerifiedTokenCache.class);

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
            return requireRoleNames(verifier.parse(token), token);
        }
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null && now < known.untilMillis()) {
            return known.token();
        }
        JsonWebToken jwt = requireRoleNames(verifier.parse(token), token);
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

    /**
     * {@code jwt} when its {@code groups} claim (read from the verified token's payload: asking smallrye-jwt for it
     * would log the stack trace) is absent, a string or a list of strings; else a ParseException and one log line.
     */
    static JsonWebToken requireRoleNames(JsonWebToken jwt, String token) throws ParseException {
        String[] parts = token.split("\\.");
        Object groups;
        try {
            groups = parts.length < 2 ? null : JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8)).get("groups");
        } catch (JoseException | IllegalArgumentException e) {
            groups = null; // smallrye-jwt verified this payload: not a case that happens
        }
        if (groups == null || groups instanceof String
                || groups instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return jwt;
        }
        LOG.warn("Refused a bearer token: its groups claim is not a list of role names");
        throw new ParseException("The groups claim is not a list of role names");
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
