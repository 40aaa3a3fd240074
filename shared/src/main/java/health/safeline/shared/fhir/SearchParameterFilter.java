package health.safeline.shared.fhir;

import health.safeline.shared.error.ApiProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * FHIR search parameter handling for every {@link FhirSearch} endpoint of every service (FHIR R4 search, "handling"
 * preference). Strict by default: a parameter the search does not declare (an unknown name, a modifier or chain
 * such as {@code status:not} or {@code subject.name}, a result parameter like {@code _sort} that it does not take) is
 * a 400 that names it, instead of being ignored and answering everything. With {@code Prefer: handling=lenient} such
 * parameters are ignored, and left out of the Bundle's {@code self} and {@code next} links, which then show the
 * search that was run.
 */
public class SearchParameterFilter {

    /** Every FHIR path takes {@code _format} ({@link FormatFilter}). */
    private static final String FORMAT = "_format";
    private static final String IGNORED = SearchParameterFilter.class.getName() + ".ignored";

    private final Map<Method, Set<String>> known = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        FhirSearch search = method == null ? null : method.getAnnotation(FhirSearch.class);
        if (search == null) {
            return;
        }
        Set<String> declared = known.computeIfAbsent(method, m -> names(search));
        Set<String> unknown = request.getUriInfo().getQueryParameters().keySet().stream()
                .filter(name -> !declared.contains(name)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (unknown.isEmpty()) {
            return;
        }
        if (lenient(request.getHeaders().get("Prefer"))) {
            request.setProperty(IGNORED, unknown);
            return;
        }
        String first = unknown.iterator().next();
        String shown = first.length() > 64 ? first.substring(0, 64) + "…" : first;
        throw ApiProblem.badRequest("unknown-parameter", "Unknown search parameter '" + shown + "' for "
                + search.value() + ": this server supports " + String.join(", ", declared)
                + " (send Prefer: handling=lenient to ignore unknown parameters)");
    }

    /** In lenient handling, the links of the searchset leave out the parameters that were ignored. */
    @ServerResponseFilter
    public void links(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(IGNORED) instanceof Set<?> ignored && response.getEntity() instanceof Bundle bundle) {
            for (Bundle.BundleLinkComponent link : bundle.getLink()) {
                link.setUrl(without(link.getUrl(), ignored));
            }
        }
    }

    /** {@code url} without the query parameters named in {@code names} (compared decoded). */
    static String without(String url, Set<?> names) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(q + 1).split("&"))
                .filter(p -> !names.contains(URLDecoder.decode(p.split("=", 2)[0], StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
        return url.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept);
    }

    /** The names a search takes: its parameters, its result parameters and {@code _format}. */
    static Set<String> names(FhirSearch search) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(search.params()).map(FhirSearch.Param::name).forEach(names::add);
        names.addAll(Arrays.asList(search.results()));
        names.add(FORMAT);
        return names;
    }

    /** Whether a {@code Prefer} header asks for lenient handling ({@code handling=lenient} among its preferences). */
    static boolean lenient(List<String> prefer) {
        return prefer != null && prefer.stream().flatMap(h -> Stream.of(h.split("[,;]")))
                .map(p -> p.replace(" ", "").replace("\"", "").toLowerCase(Locale.ROOT))
                .anyMatch("handling=lenient"::equals);
    }
}
