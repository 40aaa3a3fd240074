package health.safeline.shared.outbox;

import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.ServiceTokenFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** Posts an already serialised FHIR resource to another service's FHIR endpoint. */
@Path("/fhir")
@RegisterProvider(ServiceTokenFilter.class)
interface FhirPostClient {

    @POST
    @Path("/{type}")
    @Consumes(Fhir.JSON)
    @Produces(Fhir.JSON)
    Uni<Response> create(@PathParam("type") String resourceType, String body);
}
