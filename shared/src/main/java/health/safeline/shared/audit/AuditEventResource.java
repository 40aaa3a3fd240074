package health.safeline.shared.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.error.Params;
import health.safeline.shared.fhir.AuditEvents;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirSearch;
import health.safeline.shared.fhir.SearchBundles;
import health.safeline.shared.fhir.SearchParams;
import health.safeline.shared.persistence.JsonColumns;
import health.safeline.shared.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Every service's audit trail over FHIR, read-only (no route changes or deletes a record; the table refuses
 * it too): {@code GET /fhir/AuditEvent/{id}} and {@code GET /fhir/AuditEvent?entity=&date=&_count=&_offset=},
 * newest first, for auditors and supervisors.
 */
@Path("/fhir/AuditEvent")
@Produces({Fhir.JSON, MediaType.APPLICATION_JSON})
public class AuditEventResource {

    private static final TypeReference<Map<String, String>> DETAIL = new TypeReference<>() { };

    private final JsonColumns json;

    AuditEventResource(JsonColumns json) {
        this.json = json;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR})
    public Uni<org.hl7.fhir.r4.model.AuditEvent> read(@PathParam("id") String id) {
        return Panache.withSession(() -> AuditEvent.<AuditEvent>findById(Ids.resource("AuditEvent", id)))
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("AuditEvent " + id))
                .map(this::toFhir);
    }

    /**
     * {@code entity}: {@code Type/id} or a bare id of the audited resource; {@code date}: repeatable, with a
     * prefix {@code ge}, {@code gt}, {@code le}, {@code lt} (or none: from that instant) and an ISO instant.
     */
    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR})
    @FhirSearch(value = "AuditEvent", params = {
            @FhirSearch.Param(name = "entity", type = SearchParamType.REFERENCE),
            @FhirSearch.Param(name = "date", type = SearchParamType.DATE)})
    public Uni<Bundle> search(@QueryParam("entity") String entity, @QueryParam("date") List<String> dates,
            @QueryParam("_count") String countParam, @QueryParam("_offset") String offsetParam,
            @Context UriInfo uri) {
        int count = SearchBundles.count(countParam);
        int offset = SearchBundles.offset(offsetParam);
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (entity != null && !entity.isBlank()) {
            String[] parts = entity.strip().split("/", -1);
            if (parts.length > 2 || (parts.length == 2 && !parts[0].matches("[A-Z][A-Za-z]{1,63}"))
                    || !Params.isFhirId(parts[parts.length - 1])) {
                throw ApiProblem.badRequest("invalid-value", "entity must be Type/id or an id "
                        + "(id: at most 64 letters, digits, - and .)");
            }
            where.append(" and entityId = :entityId");
            params.and("entityId", parts[parts.length - 1]);
        }
        List<SearchParams.DateBound> bounds = SearchParams.dates(dates, "date");
        for (int i = 0; i < bounds.size(); i++) {
            where.append(" and recordedAt ").append(bounds.get(i).operator()).append(" :d").append(i);
            params.and("d" + i, bounds.get(i).at());
        }
        String query = where.toString();
        return Panache.withSession(() -> AuditEvent.count(query, params)
                .chain(total -> AuditEvent.<AuditEvent>find(query + " order by recordedAt desc, id", params)
                        .range(offset, offset + count - 1).list()
                        .map(page -> SearchBundles.searchset(page.stream().map(this::toFhir).toList(), total, offset,
                                count, uri))));
    }

    private org.hl7.fhir.r4.model.AuditEvent toFhir(AuditEvent event) {
        Map<String, String> detail = event.detail == null ? Map.of() : json.read(event.detail, DETAIL);
        return AuditEvents.toFhir(event, detail);
    }
}
