package health.safeline.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console as in production: OpenID Connect against the realm, and no dev sign-in at all. */
@QuarkusTest
@TestProfile(AgentConsoleOidcTest.Oidc.class)
class AgentConsoleOidcTest {

    static final String REALM = "https://id.example-hospital.org/realms/safeline";

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("safeline.console.sign-in", "oidc", "safeline.console.oidc-realm-url", REALM,
                    "safeline.console.scheduling-url", "https://scheduling.example-hospital.org");
        }
    }

    @Test
    void theSettingsNameTheRealmsEndpointsAndTheConsolesPublicClient() {
        given().get("/console/config").then().statusCode(200)
                .body("signIn", equalTo("oidc"),
                        "oidc.authorizationEndpoint", equalTo(REALM + "/protocol/openid-connect/auth"),
                        "oidc.tokenEndpoint", equalTo(REALM + "/protocol/openid-connect/token"),
                        "oidc.logoutEndpoint", equalTo(REALM + "/protocol/openid-connect/logout"),
                        "oidc.clientId", equalTo("safeline-agent-console"),
                        "schedulingUrl", equalTo("https://scheduling.example-hospital.org"));
    }

    @Test
    void thereIsNoDevSignIn() {
        given().contentType("application/json").body("{\"role\":\"agent\"}").post("/console/dev-token")
                .then().statusCode(404).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void thePageMayCallTheTokenEndpointAndScheduling() {
        given().get("/console/").then().statusCode(200).header("Content-Security-Policy", containsString(
                "connect-src 'self' https://scheduling.example-hospital.org " + REALM + "/protocol/openid-connect/token;"));
    }
}
