package health.safeline.system;

import health.safeline.system.Suite.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The endpoint table of {@code docs/authorization.md}, parsed strictly (a typo fails): one {@link Row} per
 * endpoint with the roles it allows. Tests that walk every endpoint read it here, so the document stays the list.
 */
final class AuthorizationMatrix {

    static final Path MATRIX = Suite.ROOT.resolve("docs/authorization.md");
    static final List<String> ROLES = List.of("agent", "clinician", "supervisor", "ehr", "service", "auditor", "none");
    private static final List<String> HEADER = Stream.concat(Stream.of("module", "method", "path"), ROLES.stream())
            .toList();

    /** One row of the table: an endpoint of one service and, per role, allow (true) or deny (false). */
    record Row(Service service, String method, String path, Map<String, Boolean> allowed) {

        /** The first role of {@link #ROLES} the row allows, {@code none} for a public endpoint. */
        String anAllowedRole() {
            return ROLES.stream().filter(allowed::get).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No role may call " + this));
        }

        boolean hasPathParameter() {
            return path.contains("{");
        }

        /** {@code module METHOD path}, how other tables name this row. */
        String key() {
            return service.module() + " " + method + " " + path;
        }
    }

    private AuthorizationMatrix() {
    }

    /** The first table of docs/authorization.md whose header is {@link #HEADER}. */
    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(MATRIX, StandardCharsets.UTF_8);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("|") && cells(lines.get(i)).equals(HEADER)) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalStateException(MATRIX + " has no table with the header " + HEADER);
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            String at = MATRIX.getFileName() + ":" + (i + 1) + ": ";
            if (cells.size() != HEADER.size()) {
                throw new IllegalStateException(at + cells.size() + " cells, expected " + HEADER.size());
            }
            String method = cells.get(1);
            if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                throw new IllegalStateException(at + "unknown method " + method);
            }
            String path = cells.get(2).replace("`", "");
            if (!path.startsWith("/")) {
                throw new IllegalStateException(at + "path must start with /: " + path);
            }
            Map<String, Boolean> allowed = new LinkedHashMap<>();
            for (int r = 0; r < ROLES.size(); r++) {
                String cell = cells.get(3 + r);
                if (!cell.equals("allow") && !cell.equals("deny")) {
                    throw new IllegalStateException(at + ROLES.get(r) + " is '" + cell + "', not allow or deny");
                }
                allowed.put(ROLES.get(r), cell.equals("allow"));
            }
            Row row = new Row(service(cells.get(0)), method, path, allowed);
            if (!seen.add(row.key())) {
                throw new IllegalStateException(at + "duplicate row");
            }
            rows.add(row);
        }
        for (Service s : Service.values()) {
            if (rows.stream().noneMatch(r -> r.service() == s)) {
                throw new IllegalStateException(MATRIX + " has no row for " + s.module());
            }
        }
        return rows;
    }

    static Service service(String module) {
        return Arrays.stream(Service.values()).filter(s -> s.module().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown module " + module));
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }
}
