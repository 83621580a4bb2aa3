package dev.parley.adapter.out.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundAddressPolicyTest {
  private final OutboundAddressPolicy strict = new OutboundAddressPolicy(false, false, List.of());

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1/", "http://[::1]/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/",
      "http://0.0.0.0/", "http://[fd00::1]/", "http://[fe80::1]/", "http://224.0.0.1/", "http://255.255.255.255/",
      "http://[::ffff:127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a00:1::]/", "http://[::]/"})
  void refusesInternalAddressesByDefault(String url) {
    String host = URI.create(url).getHost().replace("[", "").replace("]", "");
    assertThatThrownBy(() -> strict.check(URI.create(url)))
        .isInstanceOf(OutboundAddressPolicy.RefusedException.class)
        .hasMessageContaining(host);
  }

  @Test
  void allowsAPublicAddress() {
    assertThatCode(() -> strict.check(URI.create("https://93.184.216.34/hook"))).doesNotThrowAnyException();
    assertThatCode(() -> strict.check(URI.create("https://[2606:4700::1111]/hook"))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9999/tools/x", "http://localhost/", "http://[::1]/"})
  void allowsLoopbackWhenConfigured(String url) {
    OutboundAddressPolicy dev = new OutboundAddressPolicy(true, false, List.of());
    assertThatCode(() -> dev.check(URI.create(url))).doesNotThrowAnyException();
  }

  @Test
  void allowingLoopbackStillRefusesPrivateAndMetadataAddresses() {
    OutboundAddressPolicy dev = new OutboundAddressPolicy(true, false, List.of());
    assertThat(refusal(dev, "http://10.0.0.1/").reason()).contains("private");
    assertThat(refusal(dev, "http://169.254.169.254/").reason()).contains("metadata");
  }

  @Test
  void allowingPrivateNetworksStillRefusesTheMetadataAddress() {
    OutboundAddressPolicy internal = new OutboundAddressPolicy(false, true, List.of());
    assertThatCode(() -> internal.check(URI.create("http://10.0.0.1/"))).doesNotThrowAnyException();
    assertThatCode(() -> internal.check(URI.create("http://[fd12::1]/"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> internal.check(URI.create("http://169.254.169.254/"))).isInstanceOf(OutboundAddressPolicy.RefusedException.class);
    assertThat(refusal(internal, "http://127.0.0.1/").reason()).contains("loopback");
  }

  @Test
  void allowListedNetworkAdmitsItsAddressesOnly() {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(false, false, List.of("10.1.2.0/24", "fd00:1::/32", "192.168.9.9"));
    assertThatCode(() -> policy.check(URI.create("http://10.1.2.3/"))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(URI.create("http://[fd00:1::5]/"))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(URI.create("http://192.168.9.9/"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.check(URI.create("http://10.1.3.1/"))).isInstanceOf(OutboundAddressPolicy.RefusedException.class);
    assertThatThrownBy(() -> policy.check(URI.create("http://192.168.9.10/"))).isInstanceOf(OutboundAddressPolicy.RefusedException.class);
  }

  @Test
  void allowListedHostIsCalledWhateverItResolvesTo() {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(false, false, List.of("internal.example.com", "*.corp.example"),
        resolver(Map.of("other.example.com", "10.0.0.7")));
    assertThatCode(() -> policy.check(URI.create("https://internal.example.com/hook"))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(URI.create("https://tools.corp.example/hook"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.check(URI.create("https://other.example.com/hook")))
        .hasMessageContaining("other.example.com").hasMessageContaining("not allowed").hasMessageNotContaining("10.0.0.7");
  }

  @Test
  void refusesAHostWhenAnyOfItsAddressesIsInternal() {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(false, false, List.of(),
        host -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254")});
    assertThatThrownBy(() -> policy.check(URI.create("https://rebind.example/hook")))
        .isInstanceOf(OutboundAddressPolicy.RefusedException.class)
        .hasMessageContaining("rebind.example").hasMessageNotContaining("169.254.169.254");
  }

  @Test
  void aRefusalNeverTellsTheTenantWhatTheHostResolvedToNorWhatKindOfAddressItIs() {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(false, false, List.of(), resolver(Map.of("intranet.corp", "10.20.30.40")));
    OutboundAddressPolicy.RefusedException refused = refusal(policy, "https://intranet.corp/hook");
    assertThat(refused.getMessage()).isEqualTo("outbound host 'intranet.corp' is not allowed");
    assertThat(refused.reason()).contains("private"); // kept for the operator, not shown
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://[64:ff9b:1::a00:1]/", "http://[64:ff9b:1:ffff::1]/", "http://[::ffff:0:7f00:1]/",
      "http://[::ffff:0:a9fe:a9fe]/", "http://[2001::1]/", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
      "http://192.0.0.1/", "http://192.0.0.170/", "http://198.18.0.1/", "http://198.19.255.254/"})
  void refusesTheSpecialRangesThatEmbedOrStandForInternalAddresses(String url) {
    assertThatThrownBy(() -> strict.check(URI.create(url))).isInstanceOf(OutboundAddressPolicy.RefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://198.20.0.1/", "http://192.0.1.1/", "http://[2001:db9::1]/", "http://[64:ff9b:2::1]/"})
  void theNewRangesStopAtTheirEdges(String url) {
    assertThatCode(() -> strict.check(URI.create(url))).doesNotThrowAnyException();
  }

  @Test
  void permitsAtDefinitionRefusesInternalAddressesButNotUnresolvedHosts() {
    OutboundAddressPolicy policy = strict;
    assertThat(policy.permits("http://10.0.0.1/hook")).isFalse();
    assertThat(policy.permits("http://localhost:8080/hook")).isFalse();
    assertThat(policy.permits("http://[::1]/hook")).isFalse();
    assertThat(policy.permits("https://not-resolvable.invalid/hook")).isTrue(); // checked again at every call
    assertThat(policy.permits("https://93.184.216.34/hook")).isTrue();
  }

  private static OutboundAddressPolicy.RefusedException refusal(OutboundAddressPolicy policy, String url) {
    try {
      policy.check(URI.create(url));
    } catch (OutboundAddressPolicy.RefusedException e) {
      return e;
    }
    throw new AssertionError(url + " was not refused");
  }

  @Test
  void refusesAnUnresolvableHostAsATemporaryRefusal() {
    OutboundAddressPolicy policy = new OutboundAddressPolicy(false, false, List.of(), resolver(Map.of()));
    assertThatThrownBy(() -> policy.check(URI.create("https://nowhere.example/")))
        .isInstanceOf(OutboundAddressPolicy.UnresolvableHostException.class)
        .hasMessageContaining("nowhere.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://93.184.216.34/x", "gopher://93.184.216.34/", "mailto:a@b.c", "/relative"})
  void refusesSchemesOtherThanHttpAndHttps(String url) {
    assertThatThrownBy(() -> strict.check(URI.create(url))).isInstanceOf(OutboundAddressPolicy.RefusedException.class);
  }

  @Test
  void rejectsAMalformedAllowListEntry() {
    assertThatThrownBy(() -> new OutboundAddressPolicy(false, false, List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/33");
  }

  private static OutboundAddressPolicy.Resolver resolver(Map<String, String> table) {
    return host -> {
      String address = table.get(host);
      if (address == null) throw new UnknownHostException(host);
      assertThat(address).matches("[0-9.]+");
      return new InetAddress[] {InetAddress.getByName(address)};
    };
  }
}
