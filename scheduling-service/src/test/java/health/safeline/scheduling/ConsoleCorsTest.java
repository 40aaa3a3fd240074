package health.safeline.scheduling;

import static health.safeline.shared.testing.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CORS for the agent console (served by intake-service on another origin): its dev origins only. */
@QuarkusTest
class ConsoleCorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/slots", "/api/v1/appointments"})
    void preflightFromTheConsoleOriginIsAllowed(String path) {
        given().header("Origin", "http://localhost:8081")
                .header("Access-Control-Request-Method", path.endsWith("slots") ? "GET" : "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options(path)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://localhost:8081"))
                .header("Access-Control-Allow-Methods", containsString(path.endsWith("slots") ? "GET" : "POST"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", not(equalTo("true")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "http://localhost:8084", "https://localhost:8081", "null"})
    void preflightFromAnotherOriginIsRefused(String origin) {
        given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/appointments")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aCrossOriginRequestStillNeedsItsToken() {
        given().header("Origin", "http://localhost:8081").get("/api/v1/slots")
                .then().statusCode(401).header("Access-Control-Allow-Origin", equalTo("http://localhost:8081"));
        given().header("Origin", "http://localhost:8081").header("Authorization", bearer("agent"))
                .get("/api/v1/slots?limit=1")
                .then().statusCode(200).header("Access-Control-Allow-Origin", equalTo("http://localhost:8081"));
    }

    @Test
    void aSimpleRequestFromAnotherOriginGetsNoAllowOrigin() {
        given().header("Origin", "http://evil.example").header("Authorization", bearer("agent"))
                .get("/api/v1/slots?limit=1")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
