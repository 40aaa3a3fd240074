package health.safeline.shared.fhir;

import health.safeline.shared.error.ApiProblem;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Resource;

/** FHIR search results: {@code searchset} Bundles with {@code total} and self/next links, and {@code _count}. */
public final class SearchBundles {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 200;
    public static final int MAX_OFFSET = 1_000_000;

    private SearchBundles() {
    }

    /** {@code _count} clamped to 1..{@value #MAX_COUNT}; absent: {@value #DEFAULT_COUNT}; not a number: 400. */
    public static int count(String value) {
        return (int) Math.max(1, Math.min(MAX_COUNT, number(value, "_count", DEFAULT_COUNT)));
    }

    /** The page offset ({@code _offset}, from 0; at most {@value #MAX_OFFSET}). */
    public static int offset(String value) {
        return (int) Math.max(0, Math.min(MAX_OFFSET, number(value, "_offset", 0)));
    }

    /** A searchset of {@code page} (starting at {@code offset} of {@code total} matches), linked to the next page. */
    public static Bundle searchset(List<? extends Resource> page, long total, int offset, int count, UriInfo uri) {
        Bundle bundle = new Bundle().setType(BundleType.SEARCHSET).setTotal((int) Math.min(Integer.MAX_VALUE, total));
        bundle.addLink().setRelation("self").setUrl(uri.getRequestUri().toString());
        if (offset + page.size() < total) {
            bundle.addLink().setRelation("next").setUrl(uri.getRequestUriBuilder()
                    .replaceQueryParam("_offset", offset + page.size())
                    .replaceQueryParam("_count", count).build().toString());
        }
        String base = uri.getBaseUriBuilder().path("fhir").build().toString();
        for (Resource r : page) {
            bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static long number(String value, String name, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-value", name + " must be a whole number");
        }
    }
}
