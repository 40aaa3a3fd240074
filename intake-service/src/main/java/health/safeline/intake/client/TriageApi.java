package health.safeline.intake.client;

import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.ServiceTokenFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.hl7.fhir.r4.model.Parameters;

@RegisterRestClient(configKey = "triage")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/fhir")
interface TriageApi {

    @POST
    @Path("/Encounter/$triage")
    @Consumes(Fhir.JSON)
    @Produces(Fhir.JSON)
    Uni<Parameters> triage(Parameters request);
}
