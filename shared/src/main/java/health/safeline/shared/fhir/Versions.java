package health.safeline.shared.fhir;

import health.safeline.shared.error.ApiProblem;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.OptionalLong;
import org.hl7.fhir.r4.model.Resource;

/** FHIR versioning on the wire: {@code meta.versionId}, weak ETags, {@code If-Match} (412 on a mismatch). */
public final class Versions {

    private Versions() {
    }

    /** 200 with {@code resource} at {@code version} and its ETag. */
    public static Response ok(Resource resource, long version) {
        return Response.ok(stamp(resource, version)).tag(tag(version)).type(Fhir.JSON).build();
    }

    /** 201 with {@code resource} at {@code version}, its ETag and Location. */
    public static Response created(Resource resource, long version, URI location) {
        return Response.created(location).entity(stamp(resource, version)).tag(tag(version)).type(Fhir.JSON).build();
    }

    public static <T extends Resource> T stamp(T resource, long version) {
        resource.getMeta().setVersionId(Long.toString(version));
        return resource;
    }

    /** The version an {@code If-Match} header asks for ({@code W/"3"} or {@code "3"}); empty when absent. */
    public static OptionalLong ifMatch(String header) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String v = header.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return OptionalLong.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-if-match", "If-Match must be a version ETag such as W/\"1\"");
        }
    }

    /** Refuses with 412 when {@code If-Match} names another version than {@code current}. */
    public static void requireMatch(String ifMatch, long current) {
        OptionalLong wanted = ifMatch(ifMatch);
        if (wanted.isPresent() && wanted.getAsLong() != current) {
            throw new ApiProblem(412, org.hl7.fhir.r4.model.OperationOutcome.IssueType.CONFLICT, "version-conflict",
                    "The resource is at version " + current + ", not " + wanted.getAsLong() + ": read it again");
        }
    }

    private static EntityTag tag(long version) {
        return new EntityTag(Long.toString(version), true);
    }
}
