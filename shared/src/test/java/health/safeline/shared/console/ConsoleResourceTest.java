package health.safeline.shared.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import health.safeline.shared.error.ApiProblem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The console settings as in production (OpenID Connect) and the dev sign-in refused there. The dev mode, the CSP
 * and the tokens are checked against the running services by each console's {@code ConsoleContract} test.
 */
class ConsoleResourceTest {

    static final String REALM = "https://auth.example-hospital.org/realms/safeline";

    static ConsoleResource resource(ConsoleConfig.SignIn signIn, String realm) {
        ConsoleResource resource = new ConsoleResource();
        resource.console = new ConsoleConfig() {
            public SignIn signIn() { return signIn; }
            public boolean enabled() { return true; }
            public Optional<List<String>> roles() { return Optional.of(List.of("agent")); }
            public String oidcRealmUrl() { return realm; }
            public Optional<String> oidcClientId() { return Optional.of("safeline-agent-console"); }
            public Optional<String> schedulingUrl() { return Optional.of("https://scheduling.example-hospital.org"); }
            public String connectSrc() { return ""; }
        };
        resource.issuer = REALM;
        resource.audience = "safeline";
        return resource;
    }

    @Test
    void oidcSettingsNameTheRealmsEndpointsAndThePublicClient() {
        ConsoleResource.Settings settings = resource(ConsoleConfig.SignIn.oidc, REALM + "/").config();
        assertEquals("oidc", settings.signIn());
        assertEquals(REALM + "/protocol/openid-connect/auth", settings.oidc().authorizationEndpoint());
        assertEquals(REALM + "/protocol/openid-connect/token", settings.oidc().tokenEndpoint());
        assertEquals(REALM + "/protocol/openid-connect/logout", settings.oidc().logoutEndpoint());
        assertEquals("safeline-agent-console", settings.oidc().clientId());
        assertEquals("https://scheduling.example-hospital.org", settings.schedulingUrl());
    }

    @Test
    void devSettingsHaveNoIdentityProvider() {
        ConsoleResource.Settings settings = resource(ConsoleConfig.SignIn.dev, REALM).config();
        assertEquals("dev", settings.signIn());
        assertEquals(List.of("agent"), settings.roles());
        assertNull(settings.oidc());
    }

    @Test
    void withOidcThereIsNoDevSignIn() {
        ApiProblem refused = assertThrows(ApiProblem.class,
                () -> resource(ConsoleConfig.SignIn.oidc, REALM).devToken(new ConsoleResource.DevSignIn("agent")));
        assertEquals(404, refused.status());
    }
}
