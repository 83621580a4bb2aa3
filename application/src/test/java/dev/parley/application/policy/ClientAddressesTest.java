package dev.parley.application.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private static final InetAddress PROXY = literal("10.0.0.5");
  private static final InetAddress STRANGER = literal("198.51.100.20");

  private static InetAddress literal(String ip) {
    return ClientAddresses.literal(ip);
  }

  private static String resolve(ClientAddresses addresses, InetAddress peer, Map<String, List<String>> headers) {
    return addresses.clientAddress(peer, name -> headers.getOrDefault(name, List.of()));
  }

  @Test
  void without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
    ClientAddresses none = ClientAddresses.of("");
    assertThat(resolve(none, STRANGER, Map.of("X-Forwarded-For", List.of("203.0.113.9")))).isEqualTo("198.51.100.20");
  }

  @Test
  void headers_from_a_peer_outside_the_trusted_blocks_are_ignored() {
    ClientAddresses trusted = ClientAddresses.of("10.0.0.0/8");
    assertThat(resolve(trusted, STRANGER, Map.of("X-Forwarded-For", List.of("203.0.113.9")))).isEqualTo("198.51.100.20");
  }

  @Test
  void behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client_and_what_the_client_wrote_is_not_believed() {
    ClientAddresses trusted = ClientAddresses.of("10.0.0.0/8, 192.168.1.1");
    // the client wrote "1.1.1.1"; the outer proxy 192.168.1.1 appended the client's real address 203.0.113.9
    Map<String, List<String>> headers = Map.of("X-Forwarded-For", List.of("1.1.1.1, 203.0.113.9", "192.168.1.1"));
    assertThat(resolve(trusted, PROXY, headers)).isEqualTo("203.0.113.9");
  }

  @Test
  void forwarded_takes_precedence_and_its_quoted_ipv6_with_port_is_read() {
    ClientAddresses trusted = ClientAddresses.of("10.0.0.0/8");
    Map<String, List<String>> headers = Map.of(
        "Forwarded", List.of("for=1.1.1.1;proto=https, for=\"[2001:db8:cafe::17]:4711\";by=10.0.0.5"),
        "X-Forwarded-For", List.of("203.0.113.200"));
    assertThat(resolve(trusted, PROXY, headers)).isEqualTo(literal("2001:db8:cafe::17").getHostAddress());
  }

  @Test
  void an_unreadable_hop_stops_the_walk_at_the_nearest_trusted_proxy() {
    ClientAddresses trusted = ClientAddresses.of("10.0.0.0/8");
    assertThat(resolve(trusted, PROXY, Map.of("X-Forwarded-For", List.of("unknown")))).isEqualTo("10.0.0.5");
    assertThat(resolve(trusted, PROXY, Map.of("X-Forwarded-For", List.of("evil.example.com")))).isEqualTo("10.0.0.5");
    assertThat(resolve(trusted, PROXY, Map.of())).isEqualTo("10.0.0.5");
  }

  @Test
  void names_are_never_resolved_and_cidr_blocks_must_be_addresses() {
    assertThat(ClientAddresses.literal("localhost")).isNull();
    assertThat(ClientAddresses.literal("203.0.113.9:8080")).isEqualTo(literal("203.0.113.9"));
    assertThatThrownBy(() -> ClientAddresses.of("proxy.internal/8")).hasMessageContaining("parley.trusted-proxies");
    assertThatThrownBy(() -> ClientAddresses.of("10.0.0.0/33")).hasMessageContaining("prefix length");
  }

  @Test
  void a_prefix_that_is_not_a_whole_number_of_bytes_matches_only_its_block() {
    ClientAddresses trusted = ClientAddresses.of("172.16.0.0/12");
    Map<String, List<String>> headers = Map.of("X-Forwarded-For", List.of("203.0.113.9"));
    assertThat(resolve(trusted, literal("172.31.255.254"), headers)).isEqualTo("203.0.113.9");
    assertThat(resolve(trusted, literal("172.32.0.1"), headers)).isEqualTo("172.32.0.1");
  }
}
