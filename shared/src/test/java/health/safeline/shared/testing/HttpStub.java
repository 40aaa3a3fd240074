package health.safeline.shared.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A real HTTP server on a free local port that stands in for another service (or a receiver) in a
 * {@code @QuarkusTestResource}: subclasses register their handlers and say which configuration points the service
 * under test at it; the stub is injected into test fields marked with {@link #injectInto()}.
 */
public abstract class HttpStub implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    /** Registers the handlers; answers the configuration that points the service at {@code baseUrl}. */
    protected abstract Map<String, String> serve(HttpServer server, String baseUrl);

    /** The annotation of the test fields this stub is injected into. */
    protected abstract Class<? extends Annotation> injectInto();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = serve(server, "http://127.0.0.1:" + server.getAddress().getPort());
        server.start();
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(injectInto(), getClass()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers {@code status} with {@code body} of {@code contentType} (no body when null) and closes the exchange. */
    protected static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
