package health.safeline.shared.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/**
 * Adds the service's own bearer token to every call of a REST client that registers it. The request is
 * suspended while a token is obtained, so the event loop is never blocked.
 */
public class ServiceTokenFilter implements ResteasyReactiveClientRequestFilter {

    @Inject
    ServiceTokens tokens;

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        request.suspend();
        tokens.current().subscribe().with(token -> {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            request.resume();
        }, request::resume);
    }
}
