package health.safeline.shared.console;

import health.safeline.shared.error.ApiProblem;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the console page needs before it can sign in, and the dev sign-in. Present in a service built with
 * {@code safeline.console.enabled=true}; public, since the page calls it before anyone has a token.
 */
@Path("/console")
@IfBuildProperty(name = "safeline.console.enabled", stringValue = "true")
@PermitAll
public class ConsoleResource {

    private static final Logger LOG = Logger.getLogger(ConsoleResource.class);
    private static final Duration DEV_TOKEN_LIFETIME = Duration.ofHours(8);

    @Inject
    ConsoleConfig console;
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;
    @ConfigProperty(name = "safeline.jwt.audience")
    String audience;

    /** The page's settings: the sign-in mode, the OpenID Connect endpoints and the other services it calls. */
    public record Settings(String signIn, List<String> roles, Oidc oidc, String schedulingUrl) {
    }

    public record Oidc(String authorizationEndpoint, String tokenEndpoint, String logoutEndpoint, String clientId) {
    }

    public record DevSignIn(String role) {
    }

    /** OAuth 2.0 token response fields, as the identity provider's token endpoint answers. */
    public record DevToken(String access_token, String token_type, long expires_in, String subject) {
    }

    private List<String> roles() {
        return console.roles().orElse(List.of());
    }

    @GET
    @Path("/config")
    @Produces(MediaType.APPLICATION_JSON)
    public Settings config() {
        Oidc oidc = null;
        if (console.signIn() == ConsoleConfig.SignIn.oidc) {
            String realm = console.oidcRealmUrl().replaceAll("/+$", "");
            oidc = new Oidc(realm + "/protocol/openid-connect/auth", realm + "/protocol/openid-connect/token",
                    realm + "/protocol/openid-connect/logout", console.oidcClientId().orElseThrow());
        }
        return new Settings(console.signIn().name(), roles(), oidc, console.schedulingUrl().orElse(null));
    }

    /**
     * DEV ONLY: a token for one of this console's roles, signed with the dev key. Refused unless the service
     * runs with {@code safeline.console.sign-in=dev}, which only the dev and test profiles set.
     */
    @POST
    @Path("/dev-token")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DevToken devToken(DevSignIn request) {
        if (console.signIn() != ConsoleConfig.SignIn.dev) {
            throw ApiProblem.notFound("The dev sign-in (this service signs in through its identity provider)");
        }
        if (request == null || request.role() == null || !roles().contains(request.role())) {
            throw ApiProblem.badRequest("invalid-role", "role must be one of " + roles());
        }
        Instant now = Instant.now();
        String subject = "dev-" + request.role();
        String token = Jwt.issuer(issuer).audience(audience).subject(subject).upn(subject)
                .groups(Set.of(request.role())).issuedAt(now).expiresAt(now.plus(DEV_TOKEN_LIFETIME)).sign();
        LOG.infof("dev sign-in: role %s", request.role());
        return new DevToken(token, "Bearer", DEV_TOKEN_LIFETIME.toSeconds(), subject);
    }
}
