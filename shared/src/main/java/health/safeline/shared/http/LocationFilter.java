package health.safeline.shared.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.util.Objects;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code Location} headers on the configured {@link BaseUrl}: JAX-RS makes a relative {@code Location} absolute with
 * the request's {@code Host}, so a forged {@code Host} would be sent back to the client. A Location on another
 * server than the request's stays as it is.
 */
public class LocationFilter {

    @ServerResponseFilter
    public void location(ContainerRequestContext request, ContainerResponseContext response) {
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (location == null) {
            return;
        }
        URI uri = URI.create(location.toString());
        URI requested = request.getUriInfo().getBaseUri();
        if (!uri.isAbsolute() || Objects.equals(uri.getRawAuthority(), requested.getRawAuthority())) {
            response.getHeaders().putSingle(HttpHeaders.LOCATION, BaseUrl.of(uri));
        }
    }
}
