package health.safeline.shared.fhir;

import health.safeline.shared.error.Params;
import health.safeline.shared.http.BaseUrl;
import jakarta.ws.rs.core.UriBuilder;
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

    /** {@code _count}: absent {@value #DEFAULT_COUNT}, else clamped to 1..{@value #MAX_COUNT}; negative or no number: 400. */
    public static int count(String value) {
        return Params.count(value, "_count", DEFAULT_COUNT, MAX_COUNT);
    }

    /** The page offset ({@code _offset}, from 0; at most {@value #MAX_OFFSET}); negative or not a number: 400. */
    public static int offset(String value) {
        return (int) Math.min(MAX_OFFSET, Params.wholeNumber(value, "_offset", 0));
    }

    /**
     * A searchset of {@code page} (starting at {@code offset} of {@code total} matches), linked to the next page; its
     * links and {@code fullUrl}s are on the service's {@link BaseUrl}, not on the request's Host.
     */
    public static Bundle searchset(List<? extends Resource> page, long total, int offset, int count, UriInfo uri) {
        Bundle bundle = new Bundle().setType(BundleType.SEARCHSET).setTotal((int) Math.min(Integer.MAX_VALUE, total));
        String self = BaseUrl.of(uri.getRequestUri());
        bundle.addLink().setRelation("self").setUrl(self);
        if (offset + page.size() < total) {
            bundle.addLink().setRelation("next").setUrl(UriBuilder.fromUri(self)
                    .replaceQueryParam("_offset", offset + page.size())
                    .replaceQueryParam("_count", count).build().toString());
        }
        String base = BaseUrl.get() + "/fhir";
        for (Resource r : page) {
            bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }
}
