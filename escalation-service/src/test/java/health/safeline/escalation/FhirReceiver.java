package health.safeline.escalation;

import com.sun.net.httpserver.HttpServer;
import health.safeline.shared.fhir.FhirContextProducer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;

/**
 * A real HTTP receiver for FHIR rest-hook notifications: records every POST per path with the answer it gave
 * (200 unless told otherwise per path), can answer late (a slow endpoint; requests are served in parallel), and
 * can be stopped (connection refused) and restarted on its port.
 */
public final class FhirReceiver implements AutoCloseable {

    /** One notification as received, with its status Parameters read out. */
    public record Received(String path, Map<String, String> headers, String body, int answered, Bundle bundle) {

        public Parameters status() {
            return (Parameters) bundle.getEntryFirstRep().getResource();
        }

        public String type() {
            return value("type");
        }

        public String value(String name) {
            ParametersParameterComponent p = status().getParameter(name);
            return p == null ? null : p.getValue().primitiveValue();
        }

        /** The notification-event parts: event number and focus reference (null when absent). */
        public List<Event> events() {
            return FhirReceiver.events(bundle);
        }

        public boolean accepted() {
            return answered / 100 == 2;
        }
    }

    public record Event(long number, String focus) {
    }

    /** The notification-events of a notification Bundle's status Parameters, in order. */
    public static List<Event> events(Bundle bundle) {
        List<Event> events = new ArrayList<>();
        for (ParametersParameterComponent p : ((Parameters) bundle.getEntryFirstRep().getResource()).getParameter()) {
            if (!"notification-event".equals(p.getName())) {
                continue;
            }
            String number = null;
            String focus = null;
            for (ParametersParameterComponent part : p.getPart()) {
                if ("event-number".equals(part.getName())) {
                    number = part.getValue().primitiveValue();
                } else if ("focus".equals(part.getName())) {
                    focus = ((Reference) part.getValue()).getReference();
                }
            }
            events.add(new Event(Long.parseLong(number), focus));
        }
        return events;
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile HttpServer server;
    private int port;

    private FhirReceiver() {
    }

    public static FhirReceiver start() {
        FhirReceiver receiver = new FhirReceiver();
        receiver.listen(0);
        return receiver;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Answers {@code status} to every later POST on {@code path}. */
    public void answer(String path, int status) {
        answers.put(path, status);
    }

    /** Answers every later request only after {@code delay} (recorded on arrival). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Stops listening: deliveries now fail to connect. */
    public void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void restart() throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                listen(port);
                return;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof BindException) || attempt > 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Requests received so far, on every path. */
    public int count() {
        return received.size();
    }

    public List<Received> on(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits for a notification on {@code path} matching {@code what}. */
    public Received await(String path, Predicate<Received> what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Received> found = on(path).stream().filter(what).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing matching on " + path + " within " + within + "; got " + on(path).stream()
                .map(r -> r.type() + r.events() + "->" + r.answered()).toList());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void listen(int on) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            int status = answers.getOrDefault(path, 200);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            Bundle bundle = FhirContextProducer.context().newJsonParser().parseResource(Bundle.class, body);
            received.add(new Received(path, headers, body, status, bundle));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        server = s;
        port = s.getAddress().getPort();
    }
}
