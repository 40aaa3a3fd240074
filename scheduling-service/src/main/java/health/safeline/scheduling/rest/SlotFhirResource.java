package health.safeline.scheduling.rest;

import health.safeline.scheduling.mapping.SlotMapper;
import health.safeline.scheduling.mapping.SlotMapper.SlotId;
import health.safeline.scheduling.service.BookingService;
import health.safeline.scheduling.service.SlotService;
import health.safeline.shared.error.ApiProblem;
import health.safeline.shared.error.Ids;
import health.safeline.shared.fhir.Fhir;
import health.safeline.shared.fhir.FhirSearch;
import health.safeline.shared.fhir.SearchBundles;
import health.safeline.shared.fhir.SearchParams;
import health.safeline.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;

/**
 * Slots over FHIR, from the weekly schedules minus booked appointments, and the Schedules they reference.
 * Search: {@code start} (a window of at most 31 days; default now to 14 days later), {@code status}
 * ({@code free}, {@code busy}; default both), {@code _count}, {@code _offset}.
 */
@Path("/fhir")
@Produces(Fhir.JSON)
public class SlotFhirResource {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    static final String SLOT_STATUS_SYSTEM = "http://hl7.org/fhir/slotstatus";
    private static final Set<String> STATUSES = Set.of(SlotService.FREE, SlotService.BUSY);

    private final SlotService slots;

    SlotFhirResource(SlotService slots) {
        this.slots = slots;
    }

    @GET
    @Path("/Slot")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    @FhirSearch(value = "Slot", params = {
            @FhirSearch.Param(name = "start", type = SearchParamType.DATE),
            @FhirSearch.Param(name = "status", type = SearchParamType.TOKEN)})
    public Uni<Bundle> search(@QueryParam("start") List<String> starts, @QueryParam("status") List<String> statuses,
            @QueryParam("_count") String countParam, @QueryParam("_offset") String offsetParam,
            @Context UriInfo uri) {
        int count = SearchBundles.count(countParam);
        int offset = SearchBundles.offset(offsetParam);
        Set<String> wanted = statuses(statuses);
        DateSearch start = DateSearch.parse(starts, "start");
        Instant from = start.from() == null ? Instant.now() : start.from();
        Instant to = start.to() == null ? from.plus(DEFAULT_WINDOW) : start.to();
        if (!to.isAfter(from)) {
            throw ApiProblem.badRequest("invalid-range",
                    "The start range is empty: its upper bound (lt, le) must be after its lower bound "
                            + "(ge, gt; default now)");
        }
        if (Duration.between(from, to).compareTo(BookingService.MAX_RANGE) > 0) {
            throw ApiProblem.badRequest("invalid-range", "The start range may span at most 31 days");
        }
        return slots.search(from, to, wanted).map(all -> {
            List<Slot> page = all.stream().skip(offset).limit(count).map(SlotMapper::toFhir).toList();
            return SearchBundles.searchset(page, all.size(), offset, count, uri);
        });
    }

    @GET
    @Path("/Slot/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    public Uni<Slot> read(@PathParam("id") String id) {
        SlotId slotId = SlotMapper.parseSlotId(id);
        return slots.slot(slotId.schedule(), slotId.start()).map(SlotMapper::toFhir);
    }

    @GET
    @Path("/Schedule/{id}")
    @RolesAllowed({Roles.AGENT, Roles.CLINICIAN, Roles.SUPERVISOR, Roles.EHR})
    public Uni<Schedule> schedule(@PathParam("id") String id) {
        return slots.schedule(Ids.resource("Schedule", id)).map(view -> SlotMapper.toFhir(view, Instant.now()));
    }

    /**
     * The statuses asked for: each {@code status} parameter is a comma-separated list (any of them), several
     * parameters must all match; a code may carry the slot status system. Absent: free and busy.
     */
    static Set<String> statuses(List<String> params) {
        Set<String> wanted = new HashSet<>(STATUSES);
        for (String param : params == null ? List.<String>of() : params) {
            if (param == null || param.isBlank()) {
                continue;
            }
            Set<String> any = new HashSet<>();
            for (String token : param.split(",")) {
                String code = token.strip();
                if (code.contains("|") && !code.startsWith(SLOT_STATUS_SYSTEM + "|")) {
                    throw ApiProblem.badRequest("unsupported-status", "status codes are of " + SLOT_STATUS_SYSTEM);
                }
                code = SearchParams.token(code, "status");
                if (!STATUSES.contains(code)) {
                    throw ApiProblem.badRequest("unsupported-status",
                            "Slot status '" + (code.length() > 20 ? code.substring(0, 20) : code)
                                    + "' is not supported: this server has free and busy slots only");
                }
                any.add(code);
            }
            wanted.retainAll(any);
        }
        return wanted;
    }
}
