package health.safeline.shared.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Stands in for smallrye-jwt's verifier: tokens "valid-…" expire at {@link #expiry}, others fail. */
    static final class CountingVerifier extends DefaultJWTParser {
        final Map<String, Integer> verifications = new HashMap<>();
        long expiry;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.merge(token, 1, Integer::sum);
            if (!token.startsWith("valid-")) {
                throw new ParseException("bad signature");
            }
            long exp = expiry;
            return new JsonWebToken() {
                @Override
                public String getName() {
                    return token;
                }

                @Override
                public Set<String> getClaimNames() {
                    return Set.of("exp");
                }

                @SuppressWarnings("unchecked")
                @Override
                public <T> T getClaim(String name) {
                    return "exp".equals(name) ? (T) Long.valueOf(exp) : null;
                }
            };
        }
    }

    final TestClock clock = new TestClock();
    final CountingVerifier verifier = new CountingVerifier();
    final VerifiedTokenCache cache = new VerifiedTokenCache(verifier, Duration.ofSeconds(60), clock);

    @Test
    void aTokenIsVerifiedOnceWhileRemembered() throws Exception {
        verifier.expiry = clock.now.plusSeconds(600).getEpochSecond();
        JsonWebToken first = cache.parse("valid-a");
        assertSame(first, cache.parse("valid-a"));
        cache.parse("valid-b");
        assertEquals(Map.of("valid-a", 1, "valid-b", 1), verifier.verifications);
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheCacheTime() throws Exception {
        verifier.expiry = clock.now.plusSeconds(600).getEpochSecond();
        cache.parse("valid-a");
        clock.now = clock.now.plusSeconds(61);
        cache.parse("valid-a");
        assertEquals(2, verifier.verifications.get("valid-a"));
    }

    @Test
    void anEntryNeverOutlivesItsToken() throws Exception {
        verifier.expiry = clock.now.plusSeconds(10).getEpochSecond();
        cache.parse("valid-a");
        clock.now = clock.now.plusSeconds(10);
        cache.parse("valid-a");
        assertEquals(2, verifier.verifications.get("valid-a"), "at its expiry the token goes back to the verifier");
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertEquals(2, verifier.verifications.get("forged"));
        assertEquals(0, cache.size());
    }

    @Test
    void zeroTurnsTheCacheOff() throws Exception {
        verifier.expiry = clock.now.plusSeconds(600).getEpochSecond();
        VerifiedTokenCache off = new VerifiedTokenCache(verifier, Duration.ZERO, clock);
        off.parse("valid-a");
        off.parse("valid-a");
        assertEquals(2, verifier.verifications.get("valid-a"));
    }

    @Test
    void memoryIsBounded() throws Exception {
        verifier.expiry = clock.now.plusSeconds(600).getEpochSecond();
        for (int i = 0; i <= VerifiedTokenCache.MAX_TOKENS + 10; i++) {
            cache.parse("valid-" + i);
        }
        assertEquals(true, cache.size() <= VerifiedTokenCache.MAX_TOKENS);
    }

    /** A token the stub verifier accepts, with {@code payload} as its claims. */
    static String token(String payload) {
        return "valid-header." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".signature";
    }

    @Test
    void aGroupsClaimThatIsNoListOfRoleNamesIsRefusedAndNeverRemembered() throws Exception {
        verifier.expiry = clock.now.plusSeconds(600).getEpochSecond();
        for (String groups : new String[] {"5", "{\"role\": \"agent\"}", "[\"agent\", 5]", "[[\"agent\"]]", "true"}) {
            String token = token("{\"sub\": \"x\", \"groups\": " + groups + "}");
            ParseException refused = assertThrows(ParseException.class, () -> cache.parse(token), groups);
            assertEquals("The groups claim is not a list of role names", refused.getMessage());
        }
        assertEquals(0, cache.size());
        for (String groups : new String[] {"[\"agent\"]", "\"agent\"", "[]"}) {
            cache.parse(token("{\"sub\": \"x\", \"groups\": " + groups + "}"));
        }
        cache.parse(token("{\"sub\": \"x\"}"));
        assertEquals(4, cache.size());
    }
}
