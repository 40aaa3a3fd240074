package health.safeline.shared.http;

import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's public base URL ({@code safeline.base-url}, e.g. {@code https://intake.safeline.example-hospital.org};
 * default {@code http://localhost:<port>}): every URL the service writes about itself (a {@code Location} header, a
 * searchset's links and {@code fullUrl}s) starts with it, never with the request's {@code Host} header, which a
 * client chooses.
 */
public final class BaseUrl {

    public static final String KEY = "safeline.base-url";

    private BaseUrl() {
    }

    /** The base URL, without a trailing slash. */
    public static String get() {
        String base = ConfigProvider.getConfig().getOptionalValue(KEY, String.class).orElse("http://localhost:8080");
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** {@code uri}'s path and query on the base URL (its scheme and authority are dropped). */
    public static String of(URI uri) {
        return get() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
