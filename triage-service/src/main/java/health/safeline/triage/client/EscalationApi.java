package health.safeline.triage.client;

import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.security.ServiceTokenFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.hl7.fhir.r4.model.Task;

/** escalation-service's escalation as a FHIR Task; a call's alert id resolves to the escalation holding it. */
@RegisterRestClient(configKey = "escalation")
@RegisterProvider(ServiceTokenFilter.class)
@Path("/fhir/Task")
interface EscalationApi {

    @GET
    @Path("/{id}")
    @Produces(Fhir.JSON)
    Uni<Task> task(@PathParam("id") String id);
}
