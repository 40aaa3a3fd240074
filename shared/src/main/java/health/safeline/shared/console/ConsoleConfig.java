package health.safeline.shared.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The browser console of a service (intake: agents, escalation: clinicians and supervisors). */
@ConfigMapping(prefix = "safeline.console")
public interface ConsoleConfig {

    /** How people sign in: {@code oidc} (authorization code with PKCE) or, in dev and test only, {@code dev}. */
    @WithDefault("oidc")
    SignIn signIn();

    /** Build time: the service has a console (and {@link ConsoleResource}). */
    @WithDefault("false")
    boolean enabled();

    /** The roles this console is for; the dev sign-in offers these and no other. */
    Optional<List<String>> roles();

    /** The realm URL of the identity provider (Keycloak: {@code <base>/realms/<realm>}). */
    String oidcRealmUrl();

    /** The console's public client at the identity provider. */
    Optional<String> oidcClientId();

    /** The origins and URLs the page may fetch besides its own service (Content-Security-Policy connect-src). */
    String connectSrc();

    /** scheduling-service as the browser reaches it, for a console that books. */
    Optional<String> schedulingUrl();

    enum SignIn {
        dev, oidc
    }
}
