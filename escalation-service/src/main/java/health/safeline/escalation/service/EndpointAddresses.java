package health.safeline.escalation.service;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which addresses a rest-hook endpoint may not reach (server-side request forgery): loopback, unspecified
 * ({@code 0.0.0.0}, {@code ::}), link-local, private (RFC 1918, unique-local {@code fc00::/7}, site-local),
 * shared/CGNAT ({@code 100.64.0.0/10}), multicast, broadcast and reserved ranges, addresses of this host's own
 * interfaces, and the configured networks (the cluster's pod, service and node CIDRs). An IPv6 address that embeds
 * an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the
 * IPv4 address too. Also reads the numeric host forms that {@code inet_aton} (and so curl and browsers) accept:
 * {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}.
 */
public final class EndpointAddresses {

    /** The forms {@code inet_aton} reads: one to four parts, each decimal, octal (leading 0) or hex (0x). */
    private static final Pattern NUMERIC = Pattern.compile(
            "(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+)){0,3}\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Special-purpose IPv4 ranges (RFC 6890) not covered by {@link InetAddress}'s own tests. */
    private static final List<Network> SPECIAL_V4 = List.of(
            Network.parse("0.0.0.0/8"), Network.parse("100.64.0.0/10"), Network.parse("192.0.0.0/24"),
            Network.parse("192.0.2.0/24"), Network.parse("198.18.0.0/15"), Network.parse("198.51.100.0/24"),
            Network.parse("203.0.113.0/24"), Network.parse("240.0.0.0/4"));
    private static final List<Network> SPECIAL_V6 = List.of(Network.parse("fc00::/7"), Network.parse("2001:db8::/32"),
            Network.parse("100::/64"));

    private EndpointAddresses() {
    }

    /** An IPv4 or IPv6 network in CIDR notation ({@code 10.96.0.0/12}, {@code fd00::/8}). */
    public record Network(byte[] prefix, int bits) {

        /** Parses {@code address/bits} (an address alone is a single host); a bad value is an IllegalArgumentException. */
        public static Network parse(String cidr) {
            String value = cidr.strip();
            int slash = value.indexOf('/');
            String address = slash < 0 ? value : value.substring(0, slash);
            if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
                throw new IllegalArgumentException("Not a CIDR network: " + cidr);
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not a CIDR network: " + cidr, e);
            }
            int bits;
            try {
                bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a CIDR network: " + cidr, e);
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("Not a CIDR network: " + cidr);
            }
            return new Network(bytes, bits);
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((a[full] ^ prefix[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    /**
     * The IPv4 address a host written as a number means ({@code 2130706433}, {@code 0x7f.0.0.1},
     * {@code 0177.1}, {@code 127.1}), or empty when the host is not such a number. Too large a part is empty too.
     */
    public static Optional<InetAddress> numericIpv4(String host) {
        if (host == null || !NUMERIC.matcher(host).matches()) {
            return Optional.empty();
        }
        String[] parts = (host.endsWith(".") ? host.substring(0, host.length() - 1) : host).split("\\.");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            BigInteger v = p.startsWith("0x") ? (p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16))
                    : p.length() > 1 && p.startsWith("0") ? octal(p.substring(1)) : new BigInteger(p);
            if (v == null || v.bitLength() > 32) {
                return Optional.empty();
            }
            values[i] = v.longValue();
        }
        long address = 0;
        int last = values.length - 1;
        for (int i = 0; i < last; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        if (values[last] >= 1L << (8 * (4 - last))) {
            return Optional.empty();
        }
        address |= values[last];
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code host} is a dotted quad in its one canonical form ({@code 10.0.0.1}, not {@code 010.0.0.1}). */
    public static boolean canonicalIpv4(String host) {
        return host != null && DOTTED_QUAD.matcher(host).matches();
    }

    /**
     * Why {@code address} may not be reached, as a short code ({@code loopback}, {@code unspecified},
     * {@code link-local}, {@code private}, {@code multicast}, {@code reserved}, {@code this-host},
     * {@code cluster}), or empty when it may.
     */
    public static Optional<String> forbidden(InetAddress address, List<Network> cluster) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            Optional<String> inner = forbidden(embedded.get(), cluster);
            if (inner.isPresent()) {
                return inner;
            }
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address && (b[0] & 0xFF) == 255 && (b[1] & 0xFF) == 255) {
            return Optional.of("reserved");
        }
        if (address instanceof Inet6Address && SPECIAL_V6.get(0).contains(address)) {
            return Optional.of("private");
        }
        if ((address instanceof Inet4Address ? SPECIAL_V4 : SPECIAL_V6).stream().anyMatch(n -> n.contains(address))) {
            return Optional.of("reserved");
        }
        if (cluster.stream().anyMatch(n -> n.contains(address))) {
            return Optional.of("cluster");
        }
        if (ownInterface(address)) {
            return Optional.of("this-host");
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
    static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (allZero(b, 0, 10) && ((b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF || allZero(b, 10, 12))
                && !allZero(b, 12, 16)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]}; // ::ffff:a.b.c.d and ::a.b.c.d
        } else if (b[0] == 0 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B
                && allZero(b, 4, 12)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]}; // 64:ff9b::a.b.c.d
        } else if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]}; // 2002:aabb:ccdd::
        }
        try {
            return v4 == null ? Optional.empty() : Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean ownInterface(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: refuse
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static BigInteger octal(String digits) {
        return digits.chars().allMatch(c -> c >= '0' && c <= '7') ? new BigInteger(digits, 8) : null;
    }
}
