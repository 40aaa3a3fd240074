package health.safeline.escalation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.safeline.escalation.service.EndpointAddresses.Network;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which addresses a rest-hook endpoint may not reach, and the numeric host forms (issue 23 item 7). */
class EndpointAddressesTest {

    static final List<Network> CLUSTER = List.of(Network.parse("203.0.114.0/24"), Network.parse("2a05:d000::/32"));

    static Optional<String> why(String literal) throws Exception {
        return EndpointAddresses.forbidden(InetAddress.getByName(literal), CLUSTER);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback", "127.255.255.254, loopback", "::1, loopback",
        "0.0.0.0, unspecified", "::, unspecified", "0.1.2.3, reserved",
        "169.254.169.254, link-local", "fe80::1, link-local",
        "10.0.0.1, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
        "fc00::1, private", "fd12:3456::1, private", "fec0::1, private",
        "100.64.0.1, reserved", "198.18.0.1, reserved", "255.255.255.255, reserved", "240.0.0.1, reserved",
        "224.0.0.1, multicast", "ff02::1, multicast",
        "::ffff:127.0.0.1, loopback", "::ffff:10.0.0.1, private", "::ffff:169.254.1.1, link-local",
        "::127.0.0.1, loopback", "64:ff9b::a9fe:a9fe, link-local", "2002:7f00:1::, loopback",
        "203.0.114.9, cluster", "2a05:d000::12, cluster"})
    void internalAddressesAreForbidden(String address, String reason) throws Exception {
        assertEquals(Optional.of(reason), why(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111",
        "::ffff:8.8.8.8", "100.128.0.1"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertEquals(Optional.empty(), why(address), address);
    }

    @ParameterizedTest
    @CsvSource({"2130706433, 127.0.0.1", "0x7f000001, 127.0.0.1", "0x7f.1, 127.0.0.1", "0177.0.0.1, 127.0.0.1",
        "127.1, 127.0.0.1", "0, 0.0.0.0", "0x0a.0.0.1, 10.0.0.1", "012.0.0.1, 10.0.0.1", "10.1.65535, 10.1.255.255",
        "3232235777, 192.168.1.1", "127.0.0.1., 127.0.0.1"})
    void numericHostFormsAreReadAsInetAtonDoes(String host, String address) throws Exception {
        assertEquals(Optional.of(InetAddress.getByName(address)), EndpointAddresses.numericIpv4(host), host);
        assertTrue(EndpointAddresses.forbidden(EndpointAddresses.numericIpv4(host).get(), List.of()).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ehr.example.org", "4294967296", "256.0.0.1", "09.0.0.1", "1.2.3.4.5", "0x", "a1"})
    void otherHostsAreNotNumeric(String host) {
        assertEquals(Optional.empty(), EndpointAddresses.numericIpv4(host.equals("0x") ? "0x.0x.0x.0x.0x" : host),
                host);
    }

    @Test
    void onlyTheCanonicalDottedQuadIsCanonical() {
        assertTrue(EndpointAddresses.canonicalIpv4("10.0.0.1"));
        for (String h : List.of("010.0.0.1", "10.0.1", "2130706433", "0x7f.0.0.1", "ehr.example")) {
            assertTrue(!EndpointAddresses.canonicalIpv4(h), h);
        }
    }

    @Test
    void networksParseAndContain() throws Exception {
        assertTrue(Network.parse("10.96.0.0/12").contains(InetAddress.getByName("10.111.255.1")));
        assertTrue(!Network.parse("10.96.0.0/12").contains(InetAddress.getByName("10.112.0.1")));
        assertTrue(Network.parse("8.8.8.8").contains(InetAddress.getByName("8.8.8.8")));
        for (String bad : List.of("10.0.0.0/33", "ehr.example/8", "10.0.0/8", "fd00::/129", "10.0.0.0/x")) {
            assertThrows(IllegalArgumentException.class, () -> Network.parse(bad), bad);
        }
    }
}
