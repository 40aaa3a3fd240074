package health.safeline.shared.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A slow client over a raw socket: sends a request's head, then trickles its body a byte at a time. */
public final class SlowRequests {

    /** What the server sent until it closed the connection, and how long after the head that took. */
    public record Answer(String text, Duration took) {
    }

    private SlowRequests() {
    }

    /**
     * Sends {@code head} (request line and headers, ending with the blank line), then one byte every {@code every}
     * until the server closes the connection (at most 60 s); answers what it sent.
     */
    public static Answer trickleBody(String host, int port, String head, Duration every) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    while (System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
                        Thread.sleep(every.toMillis());
                        out.write(' ');
                        out.flush();
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed the connection: what the caller waits for
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(text, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
