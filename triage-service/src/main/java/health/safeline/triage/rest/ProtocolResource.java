package health.safeline.triage.rest;

import health.safeline.shared.security.Roles;
import health.safeline.triage.engine.ProtocolView;
import health.safeline.triage.service.ProtocolReview;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The triage protocol in force, for clinical review: JSON, or HTML for a browser. */
@Path("/api/v1/protocol")
@RolesAllowed({Roles.CLINICIAN, Roles.SUPERVISOR, Roles.AUDITOR, Roles.AGENT, Roles.EHR, Roles.SERVICE})
public class ProtocolResource {

    private final ProtocolReview review;

    ProtocolResource(ProtocolReview review) {
        this.review = review;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ProtocolView json() {
        return review.document();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String html() {
        return review.html();
    }
}
