package health.safeline.triage;

import static health.safeline.shared.testing.TestTokens.forged;
import static health.safeline.shared.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import health.safeline.shared.security.VerifiedTokenCache;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Bearer tokens go through the shared cache of verified tokens, which still refuses what does not verify. */
@QuarkusTest
class VerifiedTokenCacheWiringTest {

    @Inject
    JWTParser parser;

    @Test
    void theServiceVerifiesTokensThroughTheCache() {
        assertInstanceOf(VerifiedTokenCache.class, ClientProxy.unwrap(parser));
    }

    @Test
    void aRememberedTokenIsAcceptedAndAForgedOneWithTheSameClaimsStillRefused() {
        String good = token("clinician");
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + good).get("/api/v1/protocol").then().statusCode(200);
        }
        given().header("Authorization", "Bearer " + forged("clinician")).get("/api/v1/protocol").then()
                .statusCode(401);
    }
}
