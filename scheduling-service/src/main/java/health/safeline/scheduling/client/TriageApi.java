package health.safeline.scheduling.client;

import health.safeline.api.Clearance;
import health.safeline.shared.security.ServiceTokenFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = "triage")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/api/v1/clearances")
interface TriageApi {

    @GET
    @Path("/{encounterId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Clearance> clearance(@PathParam("encounterId") String encounterId);
}
